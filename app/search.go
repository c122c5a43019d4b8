package app

import (
	"time"

	"readalong/app/session"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchBar is the search field and its count.
type searchBar struct {
	open  bool
	box   *fyne.Container
	entry *searchEntry
	count *widget.Label
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

func newSearchBar(u *UI) *searchBar {
	s := &searchBar{entry: newSearchEntry(u), count: widget.NewLabel("")}
	s.entry.OnChanged = u.runSearch
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { u.nextMatch(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { u.nextMatch(1) })
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), u.closeSearch)
	for _, b := range []*widget.Button{prev, next, closeBtn} {
		b.Importance = widget.LowImportance
	}
	s.box = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()),
		container.NewHBox(s.count, prev, next, closeBtn), s.entry)
	s.box.Hide()
	return s
}

// openSearch shows the search bar and gives it the keyboard. The last
// query is searched again, selected so that typing replaces it; matches
// are looked for from the line being spoken.
func (u *UI) openSearch() {
	s := u.find
	if !s.open {
		u.ep.search.From = u.engine.Status().Position
		if cur := u.current(); cur >= 0 {
			u.ep.search.From = u.ep.tr.Segments[cur].Start
		}
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
	if !u.find.open {
		return
	}
	u.find.open = false
	u.find.box.Hide()
	u.ep.search.Run(session.Scope{}, "")
	u.showMatches()
	u.debug("search closed")
	u.backToNowAction()
}

// runSearch finds the query as it is typed and goes to the first match
// at or after the line being spoken.
func (u *UI) runSearch(q string) {
	e := &u.ep
	if q != "" && e.index == nil {
		e.index = e.tr.Index()
	}
	sc := session.Scope{Index: e.index, Titles: e.titles, Start: func(seg int) time.Duration { return e.tr.Segments[seg].Start }}
	if e.filter.Only != "" {
		sc.Listed = e.filter.Listed
	}
	e.search.Run(sc, q)
	u.showMatches()
	if e.search.At >= 0 {
		u.goToMatch()
	}
	u.debug("search query=%q matches=%d", q, e.search.Len())
}

// refreshSearch runs the search again on a changed transcript or filter.
func (u *UI) refreshSearch() {
	u.ep.index = nil
	q := ""
	if u.find.open {
		q = u.ep.search.Query
	}
	u.runSearch(q)
}

// showMatches marks the matches in the rows and on the seek bar and
// shows how many there are.
func (u *UI) showMatches() {
	e := &u.ep
	var hits []time.Duration
	for _, m := range e.search.Matches {
		hits = append(hits, e.tr.Segments[m.Segment].Start)
	}
	for _, k := range e.search.Titles {
		hits = append(hits, e.titles.Segments[k].Start)
	}
	u.bar.SetHits(hits)
	u.showMarks()
	u.find.count.SetText(e.search.Count())
}

// nextMatch goes delta matches on, wrapping around at either end.
func (u *UI) nextMatch(delta int) {
	if u.ep.search.Len() == 0 {
		return
	}
	u.ep.search.Step(delta)
	u.find.count.SetText(u.ep.search.Count())
	u.goToMatch()
}

// goToMatch shows the match jumped to: its line outlined and in view, its
// words in the stronger colour. Following pauses so that the view stays
// on it.
func (u *UI) goToMatch() {
	s := &u.ep.search
	tg, ok := s.Current()
	if !ok {
		return
	}
	row := u.rowOf(tg.Seg)
	if tg.Title >= 0 {
		row = u.headingRow(tg.Title)
	}
	u.setCursor(tg.Seg)
	u.showMarks()
	u.view.StopFollowing()
	u.view.JumpTo(row)
	if tg.Title >= 0 {
		u.debug("search match=%d of %d chapter=%d", s.At+1, s.Len(), u.listedChapter(tg.Title))
		return
	}
	u.debug("search match=%d of %d line=%d", s.At+1, s.Len(), tg.Seg)
}
