package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	tsync "readalong/sync"
)

// searchState is the search bar and what it found.
type searchState struct {
	open       bool
	box        *fyne.Container
	entry      *searchEntry
	count      *widget.Label
	index      *tsync.SearchIndex // built when first needed
	query      string
	matches    []tsync.Match    // in the lines listed, in order
	spans      map[int][][2]int // where the matches are, by segment
	at         int              // the match jumped to, -1 for none
	currentSeg int              // its segment, -1 for none
	from       int              // the line being spoken when the search was opened
	version    int              // counts changes of what rows highlight
}

// searchEntry is the search field: Enter and Shift+Enter (or Down and
// Up) go to the next and previous match, Escape closes the bar.
type searchEntry struct {
	widget.Entry
	u *UI
}

func newSearchEntry(u *UI) *searchEntry {
	e := &searchEntry{u: u}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("Search the transcript")
	return e
}

// TypedKey is part of fyne.Focusable.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.u.shiftHeld() {
			e.u.nextMatch(-1)
		} else {
			e.u.nextMatch(1)
		}
	case fyne.KeyDown:
		e.u.nextMatch(1)
	case fyne.KeyUp:
		e.u.nextMatch(-1)
	case fyne.KeyEscape:
		e.u.closeSearch()
	default:
		e.Entry.TypedKey(k)
	}
}

func (u *UI) buildSearchBar() fyne.CanvasObject {
	s := &u.search
	s.at, s.currentSeg = -1, -1
	s.entry = newSearchEntry(u)
	s.entry.OnChanged = u.runSearch
	s.count = widget.NewLabel("")
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { u.nextMatch(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { u.nextMatch(1) })
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), u.closeSearch)
	for _, b := range []*widget.Button{prev, next, closeBtn} {
		b.Importance = widget.LowImportance
	}
	s.box = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()),
		container.NewHBox(s.count, prev, next, closeBtn), s.entry)
	s.box.Hide()
	return s.box
}

// openSearch shows the search bar and gives it the keyboard. The last
// query is searched again, selected so that typing replaces it; matches
// are looked for from the line being spoken.
func (u *UI) openSearch() {
	s := &u.search
	if !s.open {
		s.from = max(u.current, 0)
	}
	s.open = true
	s.box.Show()
	u.win.Canvas().Focus(s.entry)
	if s.entry.Text != "" {
		u.runSearch(s.entry.Text)
		s.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	u.debug("search open")
}

// closeSearch hides the bar and its highlights and returns to the line
// being spoken.
func (u *UI) closeSearch() {
	if !u.search.open {
		return
	}
	u.search.open = false
	u.search.box.Hide()
	u.setMatches("", nil)
	u.debug("search closed")
	u.backToNowAction()
}

// runSearch finds the query as it is typed and goes to the first match
// at or after the line being spoken.
func (u *UI) runSearch(q string) {
	var found []tsync.Match
	if q != "" {
		if u.search.index == nil {
			u.search.index = u.tr.Index()
		}
		for _, m := range u.search.index.Find(q) {
			if _, shown := u.rowOf(m.Segment); shown {
				found = append(found, m)
			}
		}
	}
	u.setMatches(q, found)
	if len(found) > 0 {
		from := u.search.from
		i := 0
		for i < len(found) && found[i].Segment < from {
			i++
		}
		u.goToMatch(i % len(found))
	}
	u.debug("search query=%q matches=%d", q, len(found))
}

// refreshSearch runs the search again on a changed transcript or filter.
func (u *UI) refreshSearch() {
	u.search.index = nil
	if u.search.open && u.search.query != "" {
		u.runSearch(u.search.query)
	} else {
		u.setMatches("", nil)
	}
}

// setMatches shows a new set of matches: counted, highlighted in the
// rows and marked on the timeline.
func (u *UI) setMatches(q string, found []tsync.Match) {
	s := &u.search
	hadSpans := len(s.spans) > 0
	changed := map[int]bool{}
	for seg := range s.spans {
		changed[seg] = true
	}
	s.query, s.matches, s.at, s.currentSeg = q, found, -1, -1
	s.spans = map[int][][2]int{}
	var hits []time.Duration
	for _, m := range found {
		s.spans[m.Segment] = m.Spans
		changed[m.Segment] = true
		hits = append(hits, u.tr.Segments[m.Segment].Start)
	}
	s.version++
	u.band.SetHits(hits)
	u.showCount()
	if hadSpans || len(found) > 0 {
		// The pieces of the matched rows' text change: restyle them and
		// measure again those measured (the others are measured with
		// their new pieces when shown).
		u.remeasure(changed)
	}
}

func (u *UI) showCount() {
	s := &u.search
	switch {
	case s.query == "":
		s.count.SetText("")
	case len(s.matches) == 0:
		s.count.SetText("No matches")
	case s.at < 0:
		s.count.SetText(fmt.Sprintf("%d found", len(s.matches)))
	default:
		s.count.SetText(fmt.Sprintf("%d of %d", s.at+1, len(s.matches)))
	}
}

// nextMatch goes delta matches on, wrapping around at either end.
func (u *UI) nextMatch(delta int) {
	n := len(u.search.matches)
	if n == 0 {
		return
	}
	i := u.search.at
	if i < 0 && delta < 0 {
		i = 0
	}
	u.goToMatch(((i+delta)%n + n) % n)
}

// goToMatch scrolls to match i, outlines its line and shows it in the
// stronger colour. Following pauses so that the view stays on it.
func (u *UI) goToMatch(i int) {
	s := &u.search
	s.at = i
	seg := s.matches[i].Segment
	s.currentSeg = seg
	s.version++
	u.showCount()
	u.setCursor(seg)
	pos := u.engine.Position()
	for _, r := range u.shown {
		u.restyle(r, pos)
	}
	u.pauseFollowing()
	if row, ok := u.rowOf(seg); ok {
		u.jumpTo(row)
	}
	u.debug("search match=%d of %d line=%d", i+1, len(s.matches), seg)
}

// remeasure styles and measures again the rows of the segments given
// that were measured.
func (u *UI) remeasure(segs map[int]bool) {
	w := u.list.Size().Width
	pos := u.engine.Position()
	for seg := range segs {
		row, ok := u.rowOf(seg)
		if !ok {
			continue
		}
		if r := u.row(seg); r != nil {
			r.look = rowLook{}
			u.restyle(r, pos)
		}
		if _, measured := u.heights[row]; measured && w > 0 {
			name, _ := u.speakerLabel(seg)
			u.measuredAt[row] = w
			u.setHeight(row, u.measure.heightFor(u.textSegments(seg, pos), name != "", w, u.style))
		}
	}
	u.settle()
}
