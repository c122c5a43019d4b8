package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"readalong/feed"
	"readalong/stream"
)

// episodeList is a feed's episodes, newest first, in a dialog: a search
// field over the titles and a list; choosing one (a click, or Enter for
// the first found) plays it.
type episodeList struct {
	feedURL string
	feed    *feed.Feed
	shown   []int // the episodes listed, by index into feed.Episodes
	search  *widget.Entry
	list    *widget.List
	dlg     *dialog.CustomDialog
	state   func(e feed.Episode) string // "played", "partly played" or ""
	choose  func(i int)
}

// showEpisodes lists feed f's episodes.
func (u *UI) showEpisodes(feedURL string, f *feed.Feed) {
	w := u.web
	l := &episodeList{feedURL: feedURL, feed: f}
	l.state = func(e feed.Episode) string {
		if w.store == nil {
			return ""
		}
		st, ok := w.store.Place(feedURL, e.Key)
		switch {
		case !ok:
			return ""
		case st.Played:
			return "played"
		case st.Place > 0:
			return "partly played"
		}
		return ""
	}
	l.choose = func(i int) {
		l.dlg.Hide()
		w.episodes = nil
		u.focusKeys()
		u.debug("episode chosen %d %q", i, f.Episodes[i].Title)
		u.openWebEpisode(feedURL, f, f.Episodes[i])
	}
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder(fmt.Sprintf("Search %d episodes", len(f.Episodes)))
	l.search.OnChanged = func(string) { l.filter() }
	l.search.OnSubmitted = func(string) {
		if len(l.shown) > 0 {
			l.choose(l.shown[0])
		}
	}
	l.list = widget.NewList(func() int { return len(l.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			detail := widget.NewLabel("")
			detail.Importance = widget.LowImportance
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, detail)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			e := f.Episodes[l.shown[id]]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(e.Title)
			box.Objects[1].(*widget.Label).SetText(l.detail(e))
		})
	l.list.OnSelected = func(id widget.ListItemID) { l.choose(l.shown[id]) }
	l.filter()
	title := f.Title
	if title == "" {
		title = "Episodes"
	}
	l.dlg = dialog.NewCustom(title, "Close", container.NewBorder(l.search, nil, nil, nil, l.list), u.win)
	l.dlg.SetOnClosed(func() { w.episodes = nil; u.focusKeys() })
	l.dlg.Resize(fyne.NewSize(640, 480))
	w.episodes = l
	l.dlg.Show()
	u.win.Canvas().Focus(l.search)
	u.debug("episodes feed=%q count=%d", f.Title, len(f.Episodes))
}

// detail is an episode's second line: date, duration, what it has, and
// whether it was played.
func (l *episodeList) detail(e feed.Episode) string {
	s := stream.Describe(e)
	if st := l.state(e); st != "" {
		if s != "" {
			s += " · "
		}
		s += st
	}
	return s
}

// filter lists the episodes whose title holds every word searched.
func (l *episodeList) filter() {
	words := strings.Fields(strings.ToLower(l.search.Text))
	l.shown = l.shown[:0]
	for i, e := range l.feed.Episodes {
		t := strings.ToLower(e.Title)
		ok := true
		for _, w := range words {
			if !strings.Contains(t, w) {
				ok = false
				break
			}
		}
		if ok {
			l.shown = append(l.shown, i)
		}
	}
	l.list.UnselectAll()
	l.list.Refresh()
}
