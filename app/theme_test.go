package app

import (
	"image/color"
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestThemesFollowTheVariant(t *testing.T) {
	th := &readingTheme{scale: 1}
	for _, n := range []fyne.ThemeColorName{speakerColorName(0), speakerColorName(1), speakerColorName(7)} {
		if th.Color(n, theme.VariantLight) == th.Color(n, theme.VariantDark) {
			t.Errorf("%s is the same in light and dark", n)
		}
		// Readable: at least 3:1 against the background of each variant.
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			if c := contrast(th.Color(n, v), theme.DefaultTheme().Color(theme.ColorNameBackground, v)); c < 3 {
				t.Errorf("%s in variant %d: contrast %.1f", n, v, c)
			}
		}
	}
	if th.Size(theme.SizeNameText) <= theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Error("the transcript's text is not larger than the window's")
	}
	if th.Size(theme.SizeNameLineSpacing) <= theme.DefaultTheme().Size(theme.SizeNameLineSpacing) {
		t.Error("the transcript's lines are not spaced wider")
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		f := func(v uint32) float64 {
			x := float64(v) / 65535
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(bl)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// The reading view as a picture: the line being spoken tinted with its
// accent bar, the word being said in the accent colour and the words to
// come dimmed, a search match in the match colour, the speakers in their
// colours, the legend and the seek bar with its turns and tick.
func TestReadingViewLooksRight(t *testing.T) {
	u, eng := newTestUI(t, 3)
	u.win.Resize(fyne.NewSize(640, 420))
	eng.dur = 20 * time.Second
	u.ShowEpisode("Words", wordTranscript())
	eng.Play()
	eng.set(2*time.Second + 100*time.Millisecond)
	u.sync()
	u.openSearch()
	test.Type(u.find.entry, "seven")
	u.focusKeys()
	u.sync()
	u.win.Content().Refresh()
	test.AssertImageMatches(t, "reading-view.png", u.win.Canvas().Capture())
}
