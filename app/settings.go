package app

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Preference keys of the settings that are not per episode.
const (
	prefSkipBack  = "skip-back-seconds"
	prefSkipFwd   = "skip-forward-seconds"
	prefTextScale = "text-scale"
	prefCacheMB   = "episode-cache-mb"
)

// cacheChoices are the sizes offered for the cache of episodes from the
// web, in MB.
var cacheChoices = []int{500, 1000, 2000, 5000, 10000, 20000}

// cacheLimit is the size limit of the cache of episodes from the web.
func (u *UI) cacheLimit() int64 {
	if mb := u.prefs().IntWithFallback(prefCacheMB, 0); mb >= 100 {
		return int64(mb) * 1e6
	}
	return 2000 * 1e6
}

// cacheText is a cache size as the settings show it.
func cacheText(mb int) string {
	if mb >= 1000 {
		return fmt.Sprintf("%g GB", float64(mb)/1000)
	}
	return fmt.Sprintf("%d MB", mb)
}

// setCacheLimit stores the cache's size limit and applies it (the
// episodes played least recently go first; never the one playing).
func (u *UI) setCacheLimit(mb int) {
	u.prefs().SetInt(prefCacheMB, mb)
	if c := u.web.cache; c != nil {
		if err := c.SetLimit(u.cacheLimit()); err != nil {
			u.notes.set(noticeWeb, "The episode cache: "+err.Error())
		}
	}
	u.debug("episode cache %d MB", mb)
}

// skipChoices are the skip lengths offered, in seconds.
var skipChoices = []int{5, 10, 15, 20, 30, 45, 60, 90}

// loadSettings reads the skip lengths and the text size, keeping the
// defaults for anything missing or out of range.
func (u *UI) loadSettings() {
	p := u.prefs()
	if s := p.IntWithFallback(prefSkipBack, 0); s > 0 && s <= 600 {
		u.skips[0] = time.Duration(s) * time.Second
	}
	if s := p.IntWithFallback(prefSkipFwd, 0); s > 0 && s <= 600 {
		u.skips[1] = time.Duration(s) * time.Second
	}
	if v := p.FloatWithFallback(prefTextScale, 1); v >= MinTextScale && v <= MaxTextScale {
		u.reading.scale = float32(v)
	}
}

// showSkips labels the skip buttons with their lengths.
func (u *UI) showSkips() {
	u.ctl.back.SetText(strconv.Itoa(int(u.skips[0].Seconds())))
	u.ctl.fwd.SetText(strconv.Itoa(int(u.skips[1].Seconds())))
}

// setSkips sets and stores the skip lengths.
func (u *UI) setSkips(back, fwd time.Duration) {
	u.skips = [2]time.Duration{back, fwd}
	u.prefs().SetInt(prefSkipBack, int(back.Seconds()))
	u.prefs().SetInt(prefSkipFwd, int(fwd.Seconds()))
	u.showSkips()
	u.buildMenu()
	u.debug("skips back=%s forward=%s", back, fwd)
}

// showSettings asks for the skip lengths.
func (u *UI) showSettings() {
	opts := make([]string, len(skipChoices))
	for i, s := range skipChoices {
		opts[i] = fmt.Sprintf("%d s", s)
	}
	pick := func(d time.Duration) *widget.Select {
		s := widget.NewSelect(opts, nil)
		s.SetSelected(fmt.Sprintf("%d s", int(d.Seconds())))
		if s.Selected == "" {
			s.SetSelected("15 s")
		}
		return s
	}
	back, fwd := pick(u.skips[0]), pick(u.skips[1])
	secs := func(s *widget.Select) time.Duration {
		n, _ := strconv.Atoi(s.Selected[:len(s.Selected)-2])
		return time.Duration(n) * time.Second
	}
	sizes := make([]string, len(cacheChoices))
	for i, mb := range cacheChoices {
		sizes[i] = cacheText(mb)
	}
	cache := widget.NewSelect(sizes, nil)
	cache.SetSelected(cacheText(int(u.cacheLimit() / 1e6)))
	items := []*widget.FormItem{
		widget.NewFormItem("Skip back (Left)", back),
		widget.NewFormItem("Skip forward (Right)", fwd),
		widget.NewFormItem("Episodes from the web kept", cache),
	}
	d := dialog.NewForm("Settings", "Save", "Cancel", items, func(ok bool) {
		if ok {
			u.setSkips(secs(back), secs(fwd))
			for i, s := range sizes {
				if s == cache.Selected && cacheChoices[i] != int(u.cacheLimit()/1e6) {
					u.setCacheLimit(cacheChoices[i])
				}
			}
		}
		u.focusKeys()
	}, u.win)
	d.Show()
}

// changeTextScale makes the transcript's text larger (or smaller, for a
// negative delta) by delta of its default size.
func (u *UI) changeTextScale(delta float32) {
	u.setTextScale(u.reading.scale + delta)
}

// setTextScale sets the transcript's text size as a scale of the default,
// within its limits, in whole tenths, and stores it.
func (u *UI) setTextScale(s float32) {
	s = float32(math.Round(float64(max(MinTextScale, min(s, MaxTextScale)))*10) / 10)
	if s == u.reading.scale {
		return
	}
	u.reading.scale = s
	u.prefs().SetFloat(prefTextScale, math.Round(float64(s)*10)/10)
	u.applyTextScale()
	u.debug("text scale %.1f", s)
}

// applyTextScale re-themes the transcript, which measures its rows
// again, keeping its place.
func (u *UI) applyTextScale() {
	u.view.Refresh()
}
