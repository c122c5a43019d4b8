package app

import (
	"bytes"

	"fyne.io/fyne/v2"

	"readalong/player"
)

// tags reads the episode's own tags (ID3: title, show, cover), if it has
// any; a file without them, or with damaged ones, has none.
func (u *UI) tags() player.Tags {
	m := u.ep.media
	var t player.Tags
	var err error
	switch {
	case m.Data != nil:
		t, err = player.ReadTags(bytes.NewReader(m.Data), int64(len(m.Data)))
	case m.Path != "":
		t, err = player.ReadTagsFile(m.Path)
	}
	if err != nil {
		u.debug("tags not read: %v", err)
		return player.Tags{}
	}
	return t
}

// showTags shows what the episode's tags say: its title (the name given
// to ShowEpisode when it has none) in the window's title and the
// heading, the show (artist, else album) under it, and its cover; it
// returns the tags.
func (u *UI) showTags() player.Tags {
	t := u.tags()
	e := &u.ep
	if t.Title != "" {
		e.title = t.Title
	}
	e.show = t.Artist
	if e.show == "" {
		e.show = t.Album
	}
	u.win.SetTitle(e.title + " — Readalong")
	u.ctl.heading.SetText(e.title)
	u.showSubtitle(e.show)
	e.cover = nil
	if t.Cover != nil {
		if b, err := t.Cover.Data(); err == nil && len(b) > 0 {
			e.cover = fyne.NewStaticResource("cover", b)
		}
	}
	u.showImage(e.cover)
	return t
}
