package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"readalong/align"
	"readalong/app/seekbar"
	"readalong/app/session"
	"readalong/app/transcriptview"
	"readalong/chapters"
	"readalong/clock"
	"readalong/places"
	"readalong/player"
	tsync "readalong/sync"
)

// Default skip lengths of the transport buttons and the Left and Right
// keys (File › Settings changes them).
const (
	SkipBack    = 15 * time.Second
	SkipForward = 30 * time.Second
)

// UI is the Readalong window.
type UI struct {
	win     fyne.Window
	engine  Engine
	places  Places
	ep      episode
	view    *transcriptview.View
	bar     *seekbar.SeekBar
	ctl     controls
	notes   *notices
	pics    *pictures // chapter pictures fetched from the web
	web     *web      // episodes from the web
	aligner *aligning // the transcript aligned to the audio
	find    *searchBar
	clip    *clipBar
	syncBar *syncBar
	legend  *legend
	keys    *keySink
	reading *readingTheme
	skips   [2]time.Duration // back, forward
	last    player.Status    // the engine as last shown
	told    time.Time        // when the debug output last said where playback is
	// outputSince is when the sound device took its state, retriedAt
	// when the user last asked to try it again.
	outputSince, retriedAt time.Time
	asking                 *dialog.ConfirmDialog
	sheet                  *dialog.CustomDialog // the shortcuts sheet, while shown

	// Debug, when set, receives a line of state on every change; the
	// end-to-end tests read it.
	Debug func(format string, args ...any)
	// modifiers, when set, tells which modifier keys are down (tests).
	modifiers func() fyne.KeyModifier

	saving sync.WaitGroup // places being written in the background
	stop   chan struct{}
	quit   atomic.Bool // the app is stopping
	stop1  sync.Once   // storing the place as the app stops
}

// episode is what the window knows of the episode it shows.
type episode struct {
	title    string
	show     string // the show, from the episode's tags
	media    player.Media
	key      places.Key // its place's key; "" until Resume read it
	savedAt  time.Time  // when its place was last stored
	savedPos time.Duration
	base     *tsync.Transcript // the transcript as read
	tr       *tsync.Transcript // as shown: base re-timed by sync
	sync     session.Sync
	filter   session.Filter
	rowSeg   []int // the line of the transcript each row of the view shows
	sel      session.Selection
	search   session.Search
	index    *tsync.SearchIndex // built when first searched
	cursor   int                // the line outlined: the keys act on it; -1 for none
	anchor   int                // the line last clicked: where a Shift+click range starts
	preview  time.Duration      // a clip preview pauses here; 0 for none
	damage   int                // damage spots shown
	cover    fyne.Resource      // the episode's picture, nil for none
	chapters chapters.List
	chapter  int               // the chapter shown as playing; -1 none, -2 not yet shown
	titles   *tsync.Transcript // the chapters listed, as headings to search
	rowTitle []int             // the heading (index into titles) each row shows, -1 for a line
	segRow   []int             // the row showing each line, -1 when it is not listed
}

// controls are the transport and the readouts.
type controls struct {
	play, back, fwd, speed, backToNow *widget.Button
	volume                            *widget.Button
	elapsed, total                    *widget.Label
	heading, subtitle                 *widget.Label
	subrow                            *fyne.Container // the subtitle and the link
	link                              *widget.Button  // the playing chapter's link
	cover                             *canvas.Image
}

// New builds the window; it keeps each episode's place in pl (nil: places
// are not kept). Call ShowEpisode or OpenFiles to fill it, then
// ShowAndRun.
func New(a fyne.App, engine Engine, pl Places) *UI {
	u := &UI{
		win:    a.NewWindow("Readalong"),
		engine: engine,
		places: pl,
		stop:   make(chan struct{}),
		skips:  [2]time.Duration{SkipBack, SkipForward},
	}
	u.ep = episode{base: &tsync.Transcript{}, tr: &tsync.Transcript{}, cursor: -1, anchor: -1}
	u.reading = &readingTheme{scale: 1}
	u.loadSettings()
	u.build()
	// The window closed: the place is stored (once, whichever way the
	// app stops first) and the poller ends.
	var closing sync.Once
	u.win.SetOnClosed(func() {
		u.stopping()
		closing.Do(func() { close(u.stop) })
	})
	// The system switching between light and dark: the seek bar's turns
	// are coloured for the variant (the widgets follow by themselves).
	a.Settings().AddListener(func(fyne.Settings) {
		fyne.Do(func() {
			if !u.quit.Load() {
				u.showTurns()
			}
		})
	})
	return u
}

// Window returns the window, for tests and for main.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) build() {
	u.view = transcriptview.New()
	u.view.OnTapped = u.tapRow
	u.view.OnTappedSecondary = func(row int, at fyne.Position) {
		if k := u.titleOf(row); k >= 0 {
			u.headingMenu(u.listedChapter(k), at)
			return
		}
		u.lineMenu(u.segOf(row), at)
	}
	u.view.OnFollowingChanged = u.followingChanged
	u.view.OnCurrentChanged = u.currentChanged
	u.view.OnMoved = func(first int, off float32) {
		if first >= 0 {
			u.debug("view first=%d offset=%.1f", u.segOf(first), off)
		}
	}
	u.view.OnDragged = func(from, to int, done bool) {
		if a, b := u.segOf(from), u.segOf(to); a >= 0 && b >= 0 {
			u.selectLines(a, b)
		}
	}

	c := &u.ctl
	c.play = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), u.togglePlay)
	c.play.Importance = widget.HighImportance
	c.back = widget.NewButtonWithIcon("", theme.MediaFastRewindIcon(), func() { u.skip(-u.skips[0]); u.focusKeys() })
	c.fwd = widget.NewButtonWithIcon("", theme.MediaFastForwardIcon(), func() { u.skip(u.skips[1]); u.focusKeys() })
	c.fwd.IconPlacement = widget.ButtonIconTrailingText
	c.speed = widget.NewButton("1.0×", u.showSpeedMenu)
	c.speed.Importance = widget.LowImportance
	c.elapsed = widget.NewLabelWithStyle("0:00", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
	c.total = widget.NewLabelWithStyle("0:00", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	c.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.heading.Truncation = fyne.TextTruncateEllipsis
	c.subtitle = widget.NewLabel("")
	c.subtitle.Truncation = fyne.TextTruncateEllipsis
	c.subtitle.Importance = widget.LowImportance
	c.subtitle.Hide()
	c.link = widget.NewButtonWithIcon("", theme.ComputerIcon(), func() { u.openChapterLink(); u.focusKeys() })
	c.link.Importance = widget.LowImportance
	c.link.Hide()
	c.cover = canvas.NewImageFromResource(nil)
	c.cover.FillMode = canvas.ImageFillContain
	c.cover.SetMinSize(fyne.NewSize(44, 44))
	c.cover.Hide()
	c.backToNow = widget.NewButtonWithIcon("Back to now", theme.MediaReplayIcon(), u.backToNowAction)
	c.backToNow.Importance = widget.HighImportance
	c.backToNow.Hide()
	u.showSkips()

	u.bar = seekbar.New()
	u.bar.OnSeek = func(at time.Duration) { u.seek(at); u.focusKeys() }
	u.bar.OnDragged = func(at time.Duration) { c.elapsed.SetText(clock.Short(at)) }
	u.bar.Describe = u.describeAt

	u.keys = newKeySink(u.key)
	u.notes = newNotices(u)
	u.pics = newPictures()
	u.web = &web{do: fyne.Do}
	u.aligner = &aligning{do: fyne.Do, available: align.Available}
	u.find = newSearchBar(u)
	u.clip = newClipBar(u)
	u.syncBar = newSyncBar(u)
	u.legend = newLegend(u)

	c.volume = widget.NewButtonWithIcon("", theme.VolumeUpIcon(), u.showVolumeControl)
	c.volume.Importance = widget.LowImportance
	buttons := container.NewHBox(c.back, c.play, c.fwd, c.speed, c.volume)
	seekRow := container.NewBorder(nil, nil, c.elapsed, c.total, u.bar)
	bottom := container.NewVBox(u.notes.box, u.syncBar.box, u.clip.box, seekRow, container.NewCenter(buttons))
	c.subrow = container.NewBorder(nil, nil, nil, c.link, c.subtitle)
	c.subrow.Hide()
	heading := container.NewVBox(c.heading, c.subrow)
	title := container.NewStack(u.keys, container.NewBorder(nil, nil, c.cover, c.backToNow, heading))
	top := container.NewVBox(title, u.legend.box, u.find.box)
	text := container.NewThemeOverride(u.view, u.reading)
	main := container.NewBorder(top, container.NewPadded(bottom), nil, nil, text)
	u.win.SetContent(container.NewStack(main, u.bar.TipLayer()))
	u.win.Resize(fyne.NewSize(900, 680))

	u.win.SetOnDropped(u.dropped)
	u.win.Canvas().SetOnTypedKey(u.key)
	u.addShortcuts()
	u.buildMenu()
}

// ShowEpisode shows a loaded episode: the engine already holds its audio.
// tr may be empty when the episode has no transcript.
func (u *UI) ShowEpisode(title string, tr *tsync.Transcript) {
	if tr == nil {
		tr = &tsync.Transcript{}
	}
	st := u.engine.Status()
	u.forgetAlignment()
	u.ep = episode{title: title, media: u.ep.media, cursor: -1, anchor: -1}
	u.last = st
	t := u.showTags()
	u.loadChapters(t)
	u.setTranscript(tr)
	u.bar.SetDuration(st.Duration)
	u.ctl.total.SetText(clock.Short(st.Duration))
	u.view.ShowNow()
	for _, n := range []string{noticeEpisode, noticeSync, noticeResume, noticePlayback, noticeDamage} {
		u.notes.set(n, "")
	}
	u.notes.set(noticeWarning, u.engine.Warning())
	u.showPlaying(st.Playing)
	u.sync()
	u.debug("episode %q lines=%d duration=%s", title, tr.Len(), st.Duration)
}

// setTranscript shows a newly read transcript: selection, search and
// speaker filter start afresh for it (the sync stays: it is the
// episode's).
func (u *UI) setTranscript(tr *tsync.Transcript) {
	e := &u.ep
	e.base = tr
	e.cursor, e.anchor = -1, -1
	e.sel, e.preview = session.Selection{}, 0
	e.index = nil
	e.filter = session.NewFilter(tr, "")
	u.legend.show()
	u.applySync()
	u.refreshSearch()
	u.showSelection()
}

// showTranscript puts the transcript as shown (re-timed, filtered) in
// the view, with the chapters' titles as headings between the lines they
// separate, keeping its place.
func (u *UI) showTranscript() {
	e := &u.ep
	dur := u.last.Duration
	stamp := clock.Short
	if n := e.tr.Len(); n > 0 && e.tr.Segments[n-1].Start >= time.Hour {
		stamp = func(d time.Duration) string { return clock.Stamp(d)[1:] }
	}
	rows := make([]transcriptview.Row, 0, e.filter.Len()+e.titles.Len())
	e.rowSeg, e.rowTitle = e.rowSeg[:0], e.rowTitle[:0]
	e.segRow = make([]int, e.tr.Len())
	for i := range e.segRow {
		e.segRow[i] = -1
	}
	heading := func(k int) {
		c := e.chapters[u.listedChapter(k)]
		rows = append(rows, transcriptview.Row{Heading: c.Title, Start: c.Start, End: max(c.End, c.Start)})
		e.rowSeg, e.rowTitle = append(e.rowSeg, -1), append(e.rowTitle, k)
	}
	h := 0
	for k := 0; k < e.filter.Len(); k++ {
		i := e.filter.Seg(k)
		s := e.tr.Segments[i]
		for ; h < e.titles.Len() && e.titles.Segments[h].Start <= s.Start; h++ {
			heading(h)
		}
		r := transcriptview.Row{Start: s.Start, End: e.tr.EndOf(i, dur), Stamp: stamp(s.Start), Speaker: s.Speaker, Text: s.Text}
		if s.Speaker != "" {
			r.SpeakerColor = speakerColorName(u.legend.index(s.Speaker))
		}
		r.Words = wordSpans(s)
		r.Unsure = u.aligner.unsure[i]
		e.segRow[i] = len(rows)
		rows = append(rows, r)
		e.rowSeg, e.rowTitle = append(e.rowSeg, i), append(e.rowTitle, -1)
	}
	for ; h < e.titles.Len(); h++ {
		heading(h)
	}
	u.view.SetRows(rows)
	u.view.SetPlayhead(u.playhead(u.last))
	u.view.SetOutlined(u.rowOf(e.cursor))
	u.showMarks()
	u.showTurns()
}

// segOf is the line of the transcript view row row shows, -1 for none
// (a heading).
func (u *UI) segOf(row int) int {
	if row < 0 || row >= len(u.ep.rowSeg) {
		return -1
	}
	return u.ep.rowSeg[row]
}

// titleOf is the heading (an index into the chapters listed) row shows,
// -1 for a line.
func (u *UI) titleOf(row int) int {
	if row < 0 || row >= len(u.ep.rowTitle) {
		return -1
	}
	return u.ep.rowTitle[row]
}

// rowOf is the view row showing line seg, -1 when it is not listed.
func (u *UI) rowOf(seg int) int {
	if seg < 0 || seg >= len(u.ep.segRow) {
		return -1
	}
	return u.ep.segRow[seg]
}

// rowAtOrBefore is the view row showing line seg or, when it is not
// listed, the last listed line before it (-1 when there is none).
func (u *UI) rowAtOrBefore(seg int) int {
	k, _ := u.ep.filter.Index(seg)
	if k < 0 {
		return -1
	}
	return u.rowOf(u.ep.filter.Seg(k))
}

// current is the line shown as being spoken, -1 for none.
func (u *UI) current() int { return u.segOf(u.view.Current()) }

// OpenFiles opens an episode and its transcript. An empty transcript path
// means: look for one beside the audio file. A transcript that cannot be
// read does not stop the audio from opening; the reason is shown.
func (u *UI) OpenFiles(audio, transcript string) error {
	if abs, err := filepath.Abs(audio); err == nil {
		audio = abs
	}
	u.remember(false) // the episode being left
	if err := u.engine.LoadFile(audio); err != nil {
		return err
	}
	u.leaveWeb()
	if transcript == "" {
		transcript = tsync.FindBeside(audio)
	}
	var tr *tsync.Transcript
	msg := ""
	if transcript == "" {
		msg = fmt.Sprintf("No transcript found beside %s. Use File › Open Transcript… to choose one.", filepath.Base(audio))
	} else if t, err := tsync.ReadFile(transcript); err != nil {
		msg = "Transcript not shown: " + err.Error()
	} else {
		tr = t
		msg = transcriptWarnings(transcript, t)
	}
	u.ep.media = player.Media{Path: audio}
	u.ShowEpisode(episodeName(audio), tr)
	u.notes.set(noticeEpisode, msg)
	u.Resume()
	if u.alignOnOpen() {
		u.startAlign(true)
	}
	return nil
}

// Resume moves the episode shown to where the listener left it, and from
// now on keeps its place. OpenFiles does it itself; after SetMedia and
// ShowEpisode, the caller does.
func (u *UI) Resume() {
	var key places.Key
	switch m := u.ep.media; {
	case m.Data != nil:
		key = places.KeyOfBytes(m.Data)
	case m.Path != "":
		k, err := places.KeyOf(m.Path)
		if err != nil {
			u.debug("no place kept: %v", err)
		}
		key = k
	}
	u.resume(key)
	u.remember(false) // opened now: first in Open Recent
	u.buildMenu()
}

// transcriptWarnings sums up what was wrong but read anyway in a
// transcript, naming the file: the first warning and how many more.
func transcriptWarnings(path string, t *tsync.Transcript) string {
	switch n := len(t.Warnings); n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%s: %s.", filepath.Base(path), t.Warnings[0])
	default:
		return fmt.Sprintf("%s: %s (and %d more warnings).", filepath.Base(path), t.Warnings[0], n-1)
	}
}

// SetMedia tells the window where the episode it shows comes from, for
// exports and its place (OpenFiles sets it itself).
func (u *UI) SetMedia(m player.Media) {
	u.remember(false) // the episode being left
	u.leaveWeb()
	u.ep.media = m
	u.ep.key = ""
}

// mediaName is the episode's file name, for choosing export formats.
func (u *UI) mediaName() string {
	if u.ep.media.Path != "" {
		return u.ep.media.Path
	}
	return u.ep.media.Name
}

// OpenTranscript replaces the transcript of the episode being played.
func (u *UI) OpenTranscript(path string) error {
	tr, err := tsync.ReadFile(path)
	if err != nil {
		return err
	}
	u.forgetAlignment()
	u.ep.sync = u.ep.sync.For(u.ep.base, tr)
	u.notes.set(noticeSync, "")
	u.setTranscript(tr)
	u.notes.set(noticeEpisode, transcriptWarnings(path, tr))
	u.sync()
	u.remember(false)
	return nil
}

// episodeName is the file name without folder and extension.
func episodeName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

func (u *UI) showOpen() {
	u.pickFile(withUpper(audioExts), func(path string) error { return u.OpenFiles(path, "") })
}

func (u *UI) showOpenTranscript() {
	u.pickFile(withUpper(tsync.Extensions), u.OpenTranscript)
}

// withUpper is exts and the same in capitals.
func withUpper(exts []string) []string {
	var out []string
	for _, e := range exts {
		out = append(out, e, strings.ToUpper(e))
	}
	return out
}

// pickFile asks for a file with one of the extensions and passes its
// path to open, showing any error.
func (u *UI) pickFile(exts []string, open func(path string) error) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err == nil && r == nil {
			return // canceled
		}
		if err == nil {
			path := r.URI().Path()
			r.Close()
			err = open(path)
		}
		if err != nil {
			u.ShowError(err)
		}
		u.focusKeys()
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if wd, err := os.Getwd(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(wd)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// showSubtitle shows text under the episode's title ("" hides it).
func (u *UI) showSubtitle(text string) {
	u.ctl.subtitle.SetText(text)
	if text == "" {
		u.ctl.subrow.Hide()
	} else {
		u.ctl.subrow.Show()
	}
}
