package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Text sizes of the transcript, as a scale of the theme's text size, and
// the step of Ctrl+= and Ctrl+-.
const (
	MinTextScale  = 0.7
	MaxTextScale  = 2.5
	TextScaleStep = 0.1
)

// readingBoost is how much larger than the window's text the transcript
// is at scale 1, and lineSpacing the space between its wrapped lines:
// more than a dialog's, for reading at length.
const (
	readingBoost = 15.0 / 14.0
	lineSpacing  = 7
)

// readingTheme is the theme of the transcript: the app's theme with the
// reader's text size, wider line spacing and the speakers' colours. It follows the app's theme and its light or dark
// variant, so it changes with the system.
type readingTheme struct {
	scale float32
}

func (t *readingTheme) base() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil && a.Settings().Theme() != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}

// Color is part of fyne.Theme.
func (t *readingTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if i, ok := speakerColorIndex(n); ok {
		return speakerColor(i, v)
	}
	return t.base().Color(n, v)
}

// Font is part of fyne.Theme.
func (t *readingTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

// Icon is part of fyne.Theme.
func (t *readingTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

// Size is part of fyne.Theme.
func (t *readingTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base().Size(n)
	switch n {
	case theme.SizeNameText:
		return s * readingBoost * t.scale
	case theme.SizeNameLineSpacing:
		return lineSpacing * t.scale
	}
	return s
}

// The speakers' colours: eight hues, each in a shade for light and one
// for dark backgrounds, told apart by hue and readable as text on either.
var speakerPalette = [][2]color.NRGBA{
	{{0x1f, 0x63, 0xc0, 0xff}, {0x6c, 0xb4, 0xff, 0xff}}, // blue
	{{0xb5, 0x4d, 0x00, 0xff}, {0xff, 0xa0, 0x57, 0xff}}, // orange
	{{0x2e, 0x7d, 0x32, 0xff}, {0x7b, 0xd8, 0x8f, 0xff}}, // green
	{{0x8e, 0x3c, 0xad, 0xff}, {0xc7, 0x92, 0xea, 0xff}}, // purple
	{{0x00, 0x79, 0x86, 0xff}, {0x5f, 0xd7, 0xe0, 0xff}}, // teal
	{{0xc6, 0x28, 0x28, 0xff}, {0xff, 0x8a, 0x80, 0xff}}, // red
	{{0x7a, 0x60, 0x00, 0xff}, {0xe6, 0xc3, 0x5c, 0xff}}, // ochre
	{{0xad, 0x14, 0x57, 0xff}, {0xf4, 0x8f, 0xb1, 0xff}}, // pink
}

// speakerColor is the colour of the i-th speaker (in order of first
// speaking) in variant v.
func speakerColor(i int, v fyne.ThemeVariant) color.Color {
	c := speakerPalette[i%len(speakerPalette)]
	if v == theme.VariantDark {
		return c[1]
	}
	return c[0]
}

// speakerColorName is the theme colour name of the i-th speaker, for text
// styled through the reading theme.
func speakerColorName(i int) fyne.ThemeColorName {
	return fyne.ThemeColorName("readalong-speaker-" + string(rune('0'+i%len(speakerPalette))))
}

func speakerColorIndex(n fyne.ThemeColorName) (int, bool) {
	const prefix = "readalong-speaker-"
	s := string(n)
	if len(s) != len(prefix)+1 || s[:len(prefix)] != prefix {
		return 0, false
	}
	i := int(s[len(prefix)] - '0')
	return i, i >= 0 && i < len(speakerPalette)
}

// variant is the light or dark variant the app shows now.
func variant() fyne.ThemeVariant {
	return fyne.CurrentApp().Settings().ThemeVariant()
}
