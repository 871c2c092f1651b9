package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"marginalia/annotate"
)

// kindStyle is how one kind of annotation looks and is invoked.
type kindStyle struct {
	Kind        annotate.Kind
	Label       string
	Key         fyne.KeyName // with Ctrl: create one from the selection
	Light, Dark color.NRGBA  // band colours for the light and dark theme
}

// kindStyles lists the kinds an analyst highlights with, in toolbar order.
// The colours are chosen so that theme text on each is at least 4.5:1
// (WCAG AA) in both variants, and the four stay distinct for the common
// colour-vision deficiencies (red/blue/green/amber differ in lightness too).
func kindStyles() []kindStyle {
	return []kindStyle{
		{annotate.KindClaim, "Claim", fyne.Key1, color.NRGBA{0xf6, 0xc1, 0xbc, 0xff}, color.NRGBA{0x7a, 0x2e, 0x28, 0xff}},
		{annotate.KindQuote, "Quote", fyne.Key2, color.NRGBA{0xbf, 0xd9, 0xf6, 0xff}, color.NRGBA{0x1f, 0x45, 0x73, 0xff}},
		{annotate.KindEvidence, "Evidence", fyne.Key3, color.NRGBA{0xc6, 0xe8, 0xbd, 0xff}, color.NRGBA{0x2a, 0x5a, 0x2c, 0xff}},
		{annotate.KindQuestion, "Question", fyne.Key4, color.NRGBA{0xf8, 0xe0, 0x9a, 0xff}, color.NRGBA{0x66, 0x4f, 0x0f, 0xff}},
	}
}

// styleOf returns the style of kind; notes look like questions' neutral sibling.
func styleOf(kind annotate.Kind) kindStyle {
	for _, s := range kindStyles() {
		if s.Kind == kind {
			return s
		}
	}
	return kindStyle{annotate.KindNote, "Note", "", color.NRGBA{0xe0, 0xd4, 0xf5, 0xff}, color.NRGBA{0x4a, 0x36, 0x66, 0xff}}
}

// fillFor picks the band colour of kind for the theme variant.
func fillFor(kind annotate.Kind, variant fyne.ThemeVariant) color.NRGBA {
	s := styleOf(kind)
	if variant == theme.VariantDark {
		return s.Dark
	}
	return s.Light
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
