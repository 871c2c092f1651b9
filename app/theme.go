package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is Fyne's default theme with the colours that fall below WCAG AA
// (4.5:1 for text) replaced: in the light variant the blue of links,
// focus and selection (4.47:1 on white, 4.03:1 on a field), the
// placeholder grey (3.5:1), and red, green and orange (1.5 to 3.7:1); in
// the dark variant the blue (4.0:1), with dark text on it. Every text
// colour is checked against the backgrounds it is drawn on in
// theme_test.go. Disabled controls keep Fyne's faint grey, as WCAG allows
// for inactive components; nothing informative is drawn in it.
type Theme struct{ fyne.Theme }

// NewTheme returns Marginalia's theme.
func NewTheme() fyne.Theme { return Theme{theme.DefaultTheme()} }

// Color implements fyne.Theme.
func (t Theme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if v == theme.VariantDark {
		switch name {
		case theme.ColorNamePrimary, theme.ColorNameHyperlink:
			return color.NRGBA{0x5e, 0x9c, 0xff, 0xff}
		case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError:
			return color.NRGBA{0x17, 0x17, 0x18, 0xff}
		case theme.ColorNameError:
			return color.NRGBA{0xff, 0x6e, 0x64, 0xff}
		}
		return t.Theme.Color(name, v)
	}
	switch name {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return color.NRGBA{0x1e, 0x5f, 0xd2, 0xff}
	case theme.ColorNamePlaceHolder:
		return color.NRGBA{0x6e, 0x6e, 0x6e, 0xff}
	case theme.ColorNameError:
		return color.NRGBA{0xc6, 0x28, 0x28, 0xff}
	case theme.ColorNameSuccess:
		return color.NRGBA{0x2e, 0x7d, 0x32, 0xff}
	case theme.ColorNameWarning:
		return color.NRGBA{0xa6, 0x50, 0x00, 0xff}
	}
	return t.Theme.Color(name, v)
}
