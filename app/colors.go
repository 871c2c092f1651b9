package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"marginalia/annotate"
)

// fillFor picks the band colour of kind for the theme variant, from the
// kind's spec (annotate.KindSpec).
func fillFor(kind annotate.Kind, variant fyne.ThemeVariant) color.NRGBA {
	s := kind.Spec()
	if variant == theme.VariantDark {
		return s.Dark
	}
	return s.Light
}

// kindKey is the key that, with Ctrl, highlights as the kind.
func kindKey(s annotate.KindSpec) fyne.KeyName { return fyne.KeyName(s.Key) }

// newChip is a small swatch of a kind's colour.
func newChip(kind annotate.Kind, variant fyne.ThemeVariant) fyne.CanvasObject {
	r := canvas.NewRectangle(fillFor(kind, variant))
	r.CornerRadius = 4
	r.SetMinSize(fyne.NewSize(14, 14))
	return container.NewCenter(r)
}

// contrast returns the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
