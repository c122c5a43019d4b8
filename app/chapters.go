package app

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"readalong/chapters"
	"readalong/clock"
	"readalong/player"
	tsync "readalong/sync"
)

// loadChapters reads the episode's chapters: from a file beside it and
// from its tags (t, already read), merged; what could not be read is
// said in a notice.
func (u *UI) loadChapters(t player.Tags) {
	e := &u.ep
	var list chapters.List
	var warns []chapters.Warning
	switch {
	case u.web.playing != nil:
		list = u.web.playing.Chapters
	case e.media.Path != "":
		var err error
		list, warns, err = chapters.Find(e.media.Path, u.last.Duration)
		if err != nil {
			u.debug("chapters not read: %v", err)
		}
	case len(t.Chapters) > 0:
		l, ws := chapters.FromTags(t, e.media.Name)
		list, warns = chapters.Merge(u.last.Duration, chapters.Source{Kind: chapters.Embedded, Name: e.media.Name, Chapters: l})
		warns = append(ws, warns...)
	}
	e.chapters, e.chapter = list, -2
	u.pics.asked = false
	u.notes.set(noticePictures, "")
	e.titles = &tsync.Transcript{}
	for _, i := range list.Listed() {
		e.titles.Segments = append(e.titles.Segments, tsync.Segment{Start: list[i].Start, Text: list[i].Title})
	}
	if len(warns) > 0 {
		msg := "Chapters: " + warns[0].String()
		if len(warns) > 1 {
			msg += fmt.Sprintf(" (and %d more warnings)", len(warns)-1)
		}
		u.notes.set(noticeChapters, msg+".")
	}
	var marks []time.Duration
	for _, i := range list.Listed() {
		marks = append(marks, list[i].Start)
	}
	u.bar.SetMarks(marks)
	u.debug("chapters %d listed %d", len(list), len(list.Listed()))
}

// listedChapter is the chapter heading row k of the titles shows.
func (u *UI) listedChapter(k int) int {
	return u.ep.chapters.Listed()[k]
}

// showChapter shows the chapter playing at pos under the episode's title,
// with its image when it has one; hidden chapters show too while they
// play.
func (u *UI) showChapter(pos time.Duration) {
	e := &u.ep
	i := e.chapters.At(pos)
	if i == e.chapter {
		return
	}
	e.chapter = i
	sub := e.show
	var c *chapters.Chapter
	if i >= 0 {
		c = &e.chapters[i]
		if sub != "" {
			sub += " · "
		}
		sub += c.Title
	}
	u.showSubtitle(sub)
	u.ctl.link.Hide()
	if c != nil && safeLink(c.URL) != nil {
		u.ctl.link.Show()
	}
	img := e.cover
	if c != nil && c.Image != nil && c.Image.Picture != nil {
		if b, err := c.Image.Picture.Data(); err == nil && len(b) > 0 {
			img = fyne.NewStaticResource(fmt.Sprintf("chapter-%d", i), b)
		}
	} else if c != nil && c.Image.Remote() {
		if res := u.remotePicture(c); res != nil {
			img = res
		}
	}
	u.showImage(img)
	u.buildMenu()
	if i >= 0 {
		u.debug("chapter %d %q", i, c.Title)
	}
}

// showImage shows res beside the title, or nothing.
func (u *UI) showImage(res fyne.Resource) {
	if u.ctl.cover.Resource == res {
		return
	}
	u.ctl.cover.Resource = res
	if res == nil {
		u.ctl.cover.Hide()
	} else {
		u.ctl.cover.Show()
	}
	u.ctl.cover.Refresh()
}

// safeLink is s as a link to open in the browser when it is one: http
// and https only (a chapter's link comes from the episode or a feed).
func safeLink(s string) *url.URL {
	l, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (l.Scheme != "http" && l.Scheme != "https") || l.Host == "" {
		return nil
	}
	return l
}

// openChapterLink opens the playing chapter's link in the browser.
func (u *UI) openChapterLink() {
	e := &u.ep
	if e.chapter < 0 || e.chapter >= len(e.chapters) {
		return
	}
	if l := safeLink(e.chapters[e.chapter].URL); l != nil {
		if err := fyne.CurrentApp().OpenURL(l); err != nil {
			u.ShowError(err)
		}
		u.debug("open link %s", l)
	}
}

// nextChapter goes to the next listed chapter (Page Down).
func (u *UI) nextChapter() {
	if i := u.ep.chapters.Next(u.engine.Status().Position); i >= 0 {
		u.goToChapter(i)
	}
}

// prevChapter goes back to the start of the chapter playing, or to the
// one before when within 3 s of its start (Page Up).
func (u *UI) prevChapter() {
	if i := u.ep.chapters.Prev(u.engine.Status().Position); i >= 0 {
		u.goToChapter(i)
	}
}

// goToChapter plays from the start of chapter i.
func (u *UI) goToChapter(i int) {
	c := u.ep.chapters[i]
	u.debug("seek chapter=%d to=%.3f", i, c.Start.Seconds())
	u.seek(c.Start)
	u.engine.Play()
	u.sync()
}

// selectChapter makes chapter i the clip.
func (u *UI) selectChapter(i int) {
	c := u.ep.chapters[i]
	end := c.End
	if end <= c.Start {
		end = u.last.Duration
	}
	u.setSelection(sessionSelect(c.Start, end, u.last.Duration))
}

// chapterMenu is the Chapters menu: the chapters listed, the one playing
// checked; going to the next or previous one; the one playing as a clip.
func (u *UI) chapterMenu() *fyne.Menu {
	e := &u.ep
	cur := e.chapters.Heading(u.last.Position)
	items := []*fyne.MenuItem{
		item("Next Chapter", hotkeys.nextChapter, u.nextChapter),
		item("Previous Chapter", hotkeys.prevChapter, u.prevChapter),
		{Label: "Select Chapter as Clip", Action: func() {
			if i := e.chapters.Heading(u.engine.Status().Position); i >= 0 {
				u.selectChapter(i)
			}
		}},
		{Label: "Open Chapter Link", Action: u.openChapterLink, Disabled: e.chapter < 0 || e.chapter >= len(e.chapters) || safeLink(e.chapters[e.chapter].URL) == nil},
	}
	listed := e.chapters.Listed()
	if len(listed) == 0 {
		for _, it := range items {
			it.Disabled = true
		}
		return fyne.NewMenu("Chapters", items...)
	}
	items = append(items, fyne.NewMenuItemSeparator())
	for _, i := range listed {
		c := e.chapters[i]
		items = append(items, &fyne.MenuItem{Label: clock.Short(c.Start) + "  " + c.Title, Checked: i == cur, Action: func() { u.goToChapter(i) }})
	}
	return fyne.NewMenu("Chapters", items...)
}

// headingMenu is the menu of a right-clicked chapter heading.
func (u *UI) headingMenu(i int, at fyne.Position) {
	c := u.ep.chapters[i]
	items := []*fyne.MenuItem{
		fyne.NewMenuItem("Play from here", func() { u.goToChapter(i) }),
		fyne.NewMenuItem("Select Chapter as Clip", func() { u.selectChapter(i); u.focusKeys() }),
	}
	if l := safeLink(c.URL); l != nil {
		items = append(items, fyne.NewMenuItem("Open Link", func() { fyne.CurrentApp().OpenURL(l) }))
	}
	showPopUp(u, fyne.NewMenu("", items...), at)
}
