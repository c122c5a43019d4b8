package app

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"readalong/clock"
	"readalong/feed"
	"readalong/fetch"
	"readalong/places"
	"readalong/player"
	"readalong/safefile"
	"readalong/stream"
)

// web is what the window holds of episodes from the web: the HTTP client,
// the episode cache, the feeds remembered, and the episode playing when
// it came from a link.
type web struct {
	client *fetch.Client
	cache  *fetch.Cache
	store  *feed.Store
	// The episode playing when it came from the web, with its feed (nil
	// for a link straight to an audio file) and the feed's URL.
	playing *stream.Episode
	item    feed.Episode
	feed    *feed.Feed
	feedURL string
	// opening cancels the link or episode being opened; download ends
	// the playing episode's download.
	opening, download context.CancelFunc
	progress          fetch.Progress
	shownAt           time.Time
	// do runs f on the Fyne goroutine (fyne.Do; tests run it on theirs).
	do func(f func())
	// episodes is the list of a feed's episodes, while shown.
	episodes *episodeList
}

// noticeWeb is the source of notices about links and downloads.
const noticeWeb = "web"

// webSchemes are the schemes of links the window opens.
var webSchemes = []string{"http", "https", "podcast", "itpc", "pcast", "feed"}

// IsLink reports whether s is a link the window opens (rather than a
// file): http, https, or a podcast scheme.
func IsLink(s string) bool {
	l, err := url.Parse(strings.TrimSpace(s))
	return err == nil && contains(webSchemes, strings.ToLower(l.Scheme)) && (l.Host != "" || l.Opaque != "")
}

// webReady makes the client, the cache and the feed store on first use.
func (u *UI) webReady() error {
	w := u.web
	if w.store != nil {
		return nil
	}
	if w.client == nil {
		w.client = fetch.New(fetch.Options{})
	}
	dir, err := fetch.DefaultCacheDir()
	if err != nil {
		return err
	}
	if w.cache, err = fetch.OpenCache(w.client, dir, u.cacheLimit()); err != nil {
		return fmt.Errorf("the episode cache %s: %w", dir, err)
	}
	path, err := feed.DefaultStorePath()
	if err != nil {
		return err
	}
	bodies, err := feed.DefaultFeedCache()
	if err != nil {
		return err
	}
	if w.store, err = feed.OpenStore(path, bodies); err != nil {
		return fmt.Errorf("the feeds remembered (%s): %w", path, err)
	}
	return nil
}

// showOpenLink is File › Open Link… (Ctrl+L): it asks for a link, offering
// the one on the clipboard.
func (u *UI) showOpenLink() {
	e := widget.NewEntry()
	e.SetPlaceHolder("https://example.com/feed.xml")
	if c := fyne.CurrentApp().Clipboard(); c != nil && IsLink(c.Content()) {
		e.SetText(strings.TrimSpace(c.Content()))
	}
	d := dialog.NewForm("Open Link", "Open", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Feed or episode", e),
	}, func(ok bool) {
		u.focusKeys()
		if ok && strings.TrimSpace(e.Text) != "" {
			u.OpenLink(e.Text)
		}
	}, u.win)
	d.Resize(fyne.NewSize(560, 160))
	d.Show()
	u.win.Canvas().Focus(e)
}

// pasteLink opens the link on the clipboard (Ctrl+V on the window).
func (u *UI) pasteLink() {
	c := fyne.CurrentApp().Clipboard()
	if c == nil {
		return
	}
	if s := strings.TrimSpace(c.Content()); IsLink(s) {
		u.OpenLink(s)
	}
}

// OpenLink opens a link as a listener gives it: a podcast feed (its
// episodes are listed), a web page naming one, or an audio file (it
// plays at once).
func (u *UI) OpenLink(link string) {
	if err := u.webReady(); err != nil {
		u.ShowError(err)
		return
	}
	w := u.web
	if w.opening != nil {
		w.opening()
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.opening = cancel
	u.notes.set(noticeWeb, "Opening "+fetch.Redact(strings.TrimSpace(link))+"…")
	client, do := w.client, w.do
	go func() {
		o, err := feed.Open(ctx, client, link)
		do(func() {
			if ctx.Err() != nil {
				return
			}
			w.opening = nil
			u.notes.set(noticeWeb, "")
			if err != nil {
				u.ShowError(err)
				return
			}
			if o.Kind == feed.KindAudio {
				u.openWebEpisode("", nil, feed.Episode{Enclosure: feed.Enclosure{URL: o.AudioURL, Type: o.AudioType}})
				return
			}
			where := o.Feed.URL
			if o.Moved != "" {
				where = o.Moved
			}
			if err := w.store.Add(where, o.Feed.Title); err != nil {
				u.notes.set(noticeWeb, "The feed is not remembered: "+err.Error())
			}
			u.buildMenu()
			u.showEpisodes(where, o.Feed)
		})
	}()
}

// showFeed refreshes a remembered feed and lists its episodes.
func (u *UI) showFeed(link string) {
	if err := u.webReady(); err != nil {
		u.ShowError(err)
		return
	}
	w := u.web
	ctx, cancel := context.WithCancel(context.Background())
	if w.opening != nil {
		w.opening()
	}
	w.opening = cancel
	u.notes.set(noticeWeb, "Refreshing "+fetch.Redact(link)+"…")
	store, client, do := w.store, w.client, w.do
	go func() {
		r, err := store.Refresh(ctx, client, link)
		do(func() {
			if ctx.Err() != nil {
				return
			}
			w.opening = nil
			u.notes.set(noticeWeb, "")
			if err != nil {
				u.ShowError(err)
				return
			}
			where := link
			if r.MovedTo != "" {
				where = r.MovedTo
			}
			u.buildMenu()
			u.showEpisodes(where, r.Feed)
		})
	}()
}

// openWebEpisode plays episode e of the feed at feedURL (f nil and
// feedURL "" for a link straight to audio) as it downloads, with the
// transcript and chapters its feed names.
func (u *UI) openWebEpisode(feedURL string, f *feed.Feed, e feed.Episode) {
	w := u.web
	if w.opening != nil {
		w.opening()
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.opening = cancel
	title := e.Title
	if title == "" {
		title = fetch.Redact(e.Enclosure.URL)
	}
	u.notes.set(noticeWeb, fmt.Sprintf("Opening “%s”…", title))
	client, cache, do := w.client, w.cache, w.do
	progress := func(p fetch.Progress) { do(func() { u.showDownload(ctx, title, p) }) }
	go func() {
		ep, err := stream.Open(ctx, client, cache, f, e, stream.Options{OnProgress: progress})
		do(func() {
			if ctx.Err() != nil {
				if ep != nil {
					ep.Source.Close()
				}
				return
			}
			if err != nil {
				cancel()
				w.opening = nil
				u.notes.set(noticeWeb, "")
				u.ShowError(err)
				return
			}
			u.remember(false) // the episode being left
			if w.download != nil {
				w.download()
			}
			w.opening, w.download = nil, cancel
			u.engine.Load(ep.Source)
			u.ep.media = player.Media{Name: ep.Title}
			w.playing, w.item, w.feed, w.feedURL = ep, e, f, feedURL
			u.ShowEpisode(ep.Title, ep.Transcript)
			if ep.Show != "" {
				u.ep.show = ep.Show
				u.showSubtitle(ep.Show)
			}
			msg := ""
			switch {
			case len(ep.Warnings) > 0:
				msg = ep.Warnings[0]
				if n := len(ep.Warnings) - 1; n > 0 {
					msg += fmt.Sprintf(" (and %d more)", n)
				}
			case ep.Transcript == nil:
				msg = "The feed lists no transcript for this episode. Use File › Open Transcript… to choose one."
			}
			u.notes.set(noticeEpisode, msg)
			u.showDownload(ctx, title, w.progress)
			u.resume(places.Key("web " + feedURL + " " + ep.Key))
			u.remember(false)
			u.buildMenu()
			u.engine.Play()
			u.sync()
			u.debug("web episode %q transcript=%q chapters=%d", ep.Title, fetch.Redact(ep.TranscriptURL), len(ep.Chapters))
		})
	}()
}

// showDownload shows how the download of the episode playing is going:
// once a second, and when it ends.
func (u *UI) showDownload(ctx context.Context, title string, p fetch.Progress) {
	w := u.web
	w.progress = p
	if ctx.Err() != nil {
		return
	}
	switch {
	case p.Err != nil:
		u.notes.set(noticeWeb, fmt.Sprintf("The download of “%s” stopped: %v", title, p.Err))
	case p.Done:
		u.notes.set(noticeWeb, "")
		u.buildMenu()
	case time.Since(w.shownAt) >= time.Second:
		w.shownAt = time.Now()
		u.notes.set(noticeWeb, "Downloading “"+title+"”: "+downloadText(p))
	}
}

// downloadText is a download's progress in words: bytes, rate, time left.
func downloadText(p fetch.Progress) string {
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
	s := mb(p.Have)
	if p.Size > 0 {
		s = fmt.Sprintf("%.1f of %s", float64(p.Have)/1e6, mb(p.Size))
	}
	if p.Rate > 0 {
		s += fmt.Sprintf(", %.1f MB/s", p.Rate/1e6)
	}
	if p.Left >= 0 && p.Size > 0 {
		s += ", " + clock.Short(p.Left) + " left"
	}
	return s
}

// downloading reports whether the episode playing is still downloading.
func (u *UI) downloading() bool {
	w := u.web
	return w.playing != nil && w.download != nil && !w.progress.Done && w.progress.Err == nil
}

// stopDownload is File › Stop Download: what has arrived still plays.
func (u *UI) stopDownload() {
	w := u.web
	if w.download != nil {
		w.download()
		w.download = nil
	}
	u.notes.set(noticeWeb, "Download stopped: what has arrived still plays.")
	u.buildMenu()
}

// leaveWeb forgets the web episode when a file opens instead.
func (u *UI) leaveWeb() {
	w := u.web
	if w.download != nil {
		w.download()
	}
	w.playing, w.feed, w.feedURL, w.download = nil, nil, "", nil
	w.progress = fetch.Progress{}
	u.notes.set(noticeWeb, "")
}

// noteWebPlace keeps the web episode's place and played state with its
// feed, for the episode list.
func (u *UI) noteWebPlace(pos, dur time.Duration) {
	w := u.web
	if w.playing == nil || w.feedURL == "" || w.store == nil {
		return
	}
	played := dur > 0 && pos >= dur-min(30*time.Second, dur/20)
	if err := w.store.SetPlace(w.feedURL, w.playing.Key, pos, played); err != nil {
		u.debug("feed place not kept: %v", err)
	}
}

// showKeepOffline is File › Keep Offline…: it saves the web episode with
// its transcript and chapters into a folder the listener picks.
func (u *UI) showKeepOffline() {
	w := u.web
	if w.playing == nil {
		return
	}
	ep, item := w.playing, w.item
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		u.focusKeys()
		if err != nil || dir == nil {
			return
		}
		k := fetch.Keep{Dir: dir.Path(), Name: fetch.SafeName(ep.Title), Audio: ep.Download}
		for _, t := range ep.Transcripts {
			k.Transcripts = append(k.Transcripts, fetch.Companion{URL: t.URL, Ext: t.Ext()})
		}
		if item.Chapters != nil {
			k.Chapters = append(k.Chapters, fetch.Companion{URL: item.Chapters.URL, Ext: ".chapters.json"})
		}
		if len(item.PSCChapters) > 0 {
			k.Chapters = append(k.Chapters, fetch.Companion{Data: feed.PSCJSON(item.PSCChapters), Ext: ".chapters.json"})
		}
		u.notes.set(noticeExport, fmt.Sprintf("Keeping “%s” offline…", ep.Title))
		client, do := w.client, w.do
		go func() {
			kept, err := client.KeepOffline(context.Background(), k)
			do(func() {
				if err != nil {
					u.notes.set(noticeExport, "")
					u.ShowError(err)
					return
				}
				msg := "Kept offline: " + kept.Audio
				if len(kept.Problems) > 0 {
					msg += fmt.Sprintf(" (without: %v)", kept.Problems[0])
				}
				u.notes.set(noticeExport, msg)
				u.debug("kept %s transcript=%s chapters=%s", kept.Audio, kept.Transcript, kept.Chapters)
			})
		}()
	}, u.win)
	d.Show()
}

// feedsMenu is File › Feeds: the feeds remembered, each with its episodes
// and a way to forget it, and the subscriptions in and out as OPML.
func (u *UI) feedsMenu() *fyne.MenuItem {
	it := fyne.NewMenuItem("Feeds", nil)
	var items []*fyne.MenuItem
	w := u.web
	if w.store != nil {
		for _, s := range w.store.Feeds() {
			link, title := s.URL, s.Title
			if title == "" {
				title = fetch.Redact(link)
			}
			f := fyne.NewMenuItem(title, nil)
			f.ChildMenu = fyne.NewMenu("",
				fyne.NewMenuItem("Episodes…", func() { u.showFeed(link) }),
				fyne.NewMenuItem("Forget This Feed", func() { u.forgetFeed(link, title) }),
			)
			items = append(items, f)
		}
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
	}
	items = append(items,
		fyne.NewMenuItem("Import Subscriptions (OPML)…", u.showImportOPML),
		&fyne.MenuItem{Label: "Export Subscriptions (OPML)…", Action: u.showExportOPML, Disabled: w.store == nil || len(w.store.Feeds()) == 0},
	)
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}

// forgetFeed removes a feed and its places, once the listener confirms.
func (u *UI) forgetFeed(link, title string) {
	dialog.ShowConfirm("Forget Feed", fmt.Sprintf("Forget “%s” and the places kept in its episodes?", title), func(ok bool) {
		u.focusKeys()
		if !ok {
			return
		}
		if err := u.web.store.Remove(link); err != nil {
			u.ShowError(err)
		}
		u.buildMenu()
	}, u.win)
}

// showImportOPML reads subscriptions from an OPML file (gPodder,
// AntennaPod, Pocket Casts export them).
func (u *UI) showImportOPML() {
	if err := u.webReady(); err != nil {
		u.ShowError(err)
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		u.focusKeys()
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		n, err := u.web.store.ImportOPML(r, r.URI().Name())
		if err != nil {
			u.ShowError(err)
			return
		}
		u.notes.set(noticeWeb, fmt.Sprintf("Imported %d feeds from %s.", n, r.URI().Name()))
		u.buildMenu()
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".opml", ".xml", ".OPML", ".XML"}))
	d.Show()
}

// showExportOPML writes the subscriptions as OPML, never over a file
// without asking (the save dialog asks).
func (u *UI) showExportOPML() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		u.focusKeys()
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		// The dialog made the file (and asked before replacing one): it
		// is replaced through a temporary file.
		err = safefile.Write(path, true, func(w io.Writer) error { return u.web.store.ExportOPML(w) })
		if err != nil {
			u.ShowError(err)
			return
		}
		u.notes.set(noticeExport, "Subscriptions exported to "+path)
	}, u.win)
	d.SetFileName("readalong-subscriptions.opml")
	d.Show()
}

// feedTranscriptsMenu is Transcript › From the Feed: the transcripts the
// feed lists for the web episode playing, best first, the one shown
// checked; choosing another fetches and shows it.
func (u *UI) feedTranscriptsMenu() *fyne.MenuItem {
	it := fyne.NewMenuItem("From the Feed", nil)
	w := u.web
	var items []*fyne.MenuItem
	if w.playing != nil {
		for _, t := range w.playing.Transcripts {
			label := strings.TrimPrefix(t.Ext(), ".")
			if t.Language != "" {
				label += " (" + t.Language + ")"
			}
			if t.Rel != "" {
				label += " · " + t.Rel
			}
			items = append(items, &fyne.MenuItem{Label: label, Checked: t.URL == w.playing.TranscriptURL,
				Action: func() { u.switchFeedTranscript(t) }})
		}
	}
	it.Disabled = len(items) < 2
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}

// switchFeedTranscript shows transcript t of the feed's list instead of
// the one shown.
func (u *UI) switchFeedTranscript(t feed.Transcript) {
	w := u.web
	ep := w.playing
	if ep == nil {
		return
	}
	u.notes.set(noticeWeb, "Fetching the transcript "+fetch.Redact(t.URL)+"…")
	client, do := w.client, w.do
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		tr, err := stream.SwitchTranscript(ctx, client, t)
		do(func() {
			if w.playing != ep {
				return
			}
			u.notes.set(noticeWeb, "")
			if err != nil {
				u.ShowError(err)
				return
			}
			ep.Transcript, ep.TranscriptURL = tr, t.URL
			u.forgetAlignment()
			u.ep.sync = u.ep.sync.For(u.ep.base, tr)
			u.setTranscript(tr)
			u.sync()
			u.buildMenu()
			u.debug("transcript from the feed %s lines=%d", fetch.Redact(t.URL), tr.Len())
		})
	}()
}
