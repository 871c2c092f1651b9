package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"marginalia/annotate"
)

// over composites fg (possibly translucent) onto an opaque bg.
func over(fg, bg color.Color) color.Color {
	r1, g1, b1, a1 := fg.RGBA()
	r2, g2, b2, _ := bg.RGBA()
	a := float64(a1) / 0xffff
	mix := func(x, y uint32) uint8 { return uint8((float64(x)*a + float64(y)*(1-a)) / 257) }
	return color.NRGBA{mix(r1, r2), mix(g1, g2), mix(b1, b2), 0xff}
}

// TestTextContrast checks every text colour the window uses against every
// background it is drawn on, in both variants: at least 4.5:1 (WCAG AA).
func TestTextContrast(t *testing.T) {
	test.NewTempApp(t)
	th := NewTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		bg := c(theme.ColorNameBackground)
		field := over(c(theme.ColorNameInputBackground), bg)
		button := over(c(theme.ColorNameButton), bg)
		menu := over(c(theme.ColorNameOverlayBackground), bg)
		primary := over(c(theme.ColorNamePrimary), bg)
		errorBg := over(c(theme.ColorNameError), bg)
		pairs := []struct {
			what   string
			fg, bg color.Color
		}{
			{"text", c(theme.ColorNameForeground), bg},
			{"text in a field", c(theme.ColorNameForeground), field},
			{"text on a button", c(theme.ColorNameForeground), button},
			{"text in a menu or dialog", c(theme.ColorNameForeground), menu},
			{"placeholder in a field", c(theme.ColorNamePlaceHolder), field},
			{"link", c(theme.ColorNameHyperlink), bg},
			{"link in a dialog", c(theme.ColorNameHyperlink), menu},
			{"primary text", c(theme.ColorNamePrimary), bg},
			{"selected or important", c(theme.ColorNameForegroundOnPrimary), primary},
			{"danger button", c(theme.ColorNameForegroundOnError), errorBg},
			{"error message", c(theme.ColorNameError), bg},
			{"success", c(theme.ColorNameSuccess), bg},
			{"warning", c(theme.ColorNameWarning), bg},
		}
		for _, ks := range annotate.KindSpecs() {
			pairs = append(pairs, struct {
				what   string
				fg, bg color.Color
			}{"text on a " + string(ks.Kind) + " band", c(theme.ColorNameForeground), fillFor(ks.Kind, v)})
		}
		for _, p := range pairs {
			if got := contrast(over(p.fg, p.bg), p.bg); got < 4.5 {
				t.Errorf("variant %d: %s is %.2f:1, want at least 4.5:1", v, p.what, got)
			}
		}
	}
}
