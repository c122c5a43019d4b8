package transcriptview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestRuns(t *testing.T) {
	test.NewTempApp(t)
	m := newMetrics(theme.DefaultTheme(), 800, "00:00")
	r := Row{Text: "Hello, brave new world.", Words: []Word{
		{Start: 1 * time.Second, From: 0, To: 5}, {Start: 2 * time.Second, From: 7, To: 12},
		{Start: 3 * time.Second, From: 13, To: 16}, {Start: 4 * time.Second, From: 17, To: 22},
	}}
	l := layoutRow(&r, m, false)
	show := func(rs []run) string {
		var parts []string
		for _, x := range rs {
			parts = append(parts, [...]string{"t", "W", "u", "h", "H"}[x.st]+":"+x.text)
		}
		return strings.Join(parts, " ")
	}
	for _, c := range []struct {
		playing int
		hits    [][2]int
		current bool
		want    string
	}{
		{-2, nil, false, "t:Hello, brave new world."},
		{-1, nil, false, "u:Hello, brave new world."},
		{0, nil, false, "W:Hello u:, brave new world."},
		{1, nil, false, "t:Hello, W:brave u:new world."},
		{3, nil, false, "t:Hello, brave new W:world t:."},
		// A match inside a word, over the highlight.
		{1, [][2]int{{9, 11}}, false, "t:Hello, W:br h:av W:e u:new world."},
		{-2, [][2]int{{0, 5}, {17, 22}}, true, "H:Hello t:, brave new H:world t:."},
	} {
		if got := show(runs(&r, &l, m, c.playing, c.hits, c.current)); got != c.want {
			t.Errorf("word %d, hits %v: %s, want %s", c.playing, c.hits, got, c.want)
		}
	}
	// A piece that starts inside a word starts where the word's first
	// part ends.
	rs := runs(&r, &l, m, 1, [][2]int{{9, 11}}, false)
	if want := l.x[1] + m.wordWidth("br", false); rs[2].x != want {
		t.Errorf("the match starts at %v, want %v", rs[2].x, want)
	}
}
