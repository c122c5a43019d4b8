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
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

// tickEvery is how often the window asks the engine for the position.
const tickEvery = 25 * time.Millisecond

// UI is the Readalong window.
type UI struct {
	win    fyne.Window
	engine Engine
	base   *tsync.Transcript // the transcript as read
	tr     *tsync.Transcript // as shown: base re-timed by the sync state
	title  string

	list       *widget.List
	listHolder *fyne.Container  // holds the list in the reading theme
	visible    []int            // the segments listed, by row; nil: all
	heights    map[int]float32  // row heights set on the list, by row
	shown      map[int]*lineRow // the row widget showing each segment on screen
	widthAt    float32          // the list's width when its rows were last filled
	words      map[int][][2]int // where each word stands in a segment's text
	measure    *measurer        // works out row heights
	reading    *readingTheme    // the transcript's theme (text size)
	style      *rowStyle        // what the rows share
	current    int              // segment being spoken, -1 for none
	anchor     int              // the segment last clicked: where a shift-click range starts
	cursor     int              // the segment Enter plays and Shift+Enter re-syncs, -1 for none

	play          *widget.Button
	backBtn       *widget.Button
	fwdBtn        *widget.Button
	speedBtn      *widget.Button
	backToNow     *widget.Button
	following     bool            // the list keeps the playing line in view
	stayPut       bool            // a click is being handled: do not scroll
	pending       map[int]float32 // row heights the list is yet to be given
	measuredAt    map[int]float32 // the list width each row's height was measured at
	ownOffset     float32         // the list's offset as the window last left it
	anim          *fyne.Animation
	animTo        float32
	slider        *widget.Slider
	band          *timeline
	elapsed       *widget.Label
	total         *widget.Label
	status        *widget.Label
	heading       *widget.Label
	keys          *keySink
	dragging      bool // the user holds the seek bar
	settingSlider bool // the window moves the seek bar itself

	skipBack, skipFwd time.Duration

	// Debug, when set, receives a line of state on every change; the
	// end-to-end tests read it.
	Debug func(format string, args ...any)

	sel          selection
	clip         clipBar
	search       searchState
	speakers     speakerState
	syncs        syncState
	syncBar      syncBar
	previewUntil time.Duration
	media        player.Media
	// modifiers, when set, tells which modifier keys are down (tests).
	modifiers func() fyne.KeyModifier
	// startAnim, when set, starts the view's glides instead of the
	// driver (tests, whose driver ends an animation as it starts it).
	startAnim func(*fyne.Animation)

	shortcuts shortcuts
	sheet     *dialog.CustomDialog // the shortcuts sheet, once shown
	sheetOpen bool
	asking    *dialog.ConfirmDialog // the question open, which Enter answers

	places     Places
	episodeKey places.Key     // the episode's key in places
	placeRead  bool           // its place was read: what is stored now is the listener's
	savedAt    time.Time      // when the place was last stored
	savedPos   time.Duration  // the position stored then
	showNowDue bool           // bring the line being spoken into view once the list has a size
	saving     sync.WaitGroup // places being written in the background

	notices     map[string]string
	damageShown int
	minRow      float32
	lastLine    int
	wasPlaying  bool
	lastDebug   time.Time
	lastView    float32 // the list offset last told on the debug output
	viewTold    bool

	stop chan struct{}
	quit atomic.Bool // the app is stopping
}

// New builds the window; it keeps each episode's place in pl (nil: places
// are not kept). Call ShowEpisode or OpenFiles to fill it, then
// ShowAndRun.
func New(a fyne.App, engine Engine, pl Places) *UI {
	u := &UI{
		win:        a.NewWindow("Readalong"),
		engine:     engine,
		places:     pl,
		base:       &tsync.Transcript{},
		tr:         &tsync.Transcript{},
		heights:    map[int]float32{},
		pending:    map[int]float32{},
		measuredAt: map[int]float32{},
		shown:      map[int]*lineRow{},
		words:      map[int][][2]int{},
		current:    -1,
		anchor:     -1,
		cursor:     -1,
		following:  true,
		notices:    map[string]string{},
		stop:       make(chan struct{}),
		skipBack:   SkipBack,
		skipFwd:    SkipForward,
	}
	u.reading = &readingTheme{scale: 1}
	u.measure = newMeasurer(u.reading)
	u.style = &rowStyle{reading: u.reading}
	u.search.currentSeg = -1
	u.loadSettings()
	u.build()
	var closing sync.Once
	u.win.SetOnClosed(func() {
		closing.Do(func() {
			u.remember(true)
			u.saving.Wait()
			close(u.stop)
		})
	})
	// The system switching between light and dark: the timeline's
	// colours are drawn from the variant (the widgets follow by
	// themselves).
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
	u.list = u.newList()

	u.play = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), u.togglePlay)
	u.play.Importance = widget.HighImportance
	u.backBtn = widget.NewButtonWithIcon("", theme.MediaFastRewindIcon(), func() { u.skip(-u.skipBack); u.focusKeys() })
	u.fwdBtn = widget.NewButtonWithIcon("", theme.MediaFastForwardIcon(), func() { u.skip(u.skipFwd); u.focusKeys() })
	u.fwdBtn.IconPlacement = widget.ButtonIconTrailingText
	u.showSkips()

	u.slider = widget.NewSlider(0, 1)
	u.slider.Step = 0.01
	u.slider.OnChanged = func(v float64) {
		if u.settingSlider {
			return
		}
		u.dragging = true
		u.elapsed.SetText(clock(seconds(v)))
	}
	u.slider.OnChangeEnded = func(v float64) {
		if u.settingSlider {
			return
		}
		u.dragging = false
		u.seek(seconds(v))
		u.focusKeys()
	}
	u.band = newTimeline(func(at time.Duration) { u.seek(at); u.focusKeys() }, u.describeAt)
	u.elapsed = widget.NewLabelWithStyle("0:00", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
	u.total = widget.NewLabelWithStyle("0:00", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	u.status = widget.NewLabel("")
	u.status.Wrapping = fyne.TextWrapWord
	u.status.Importance = widget.WarningImportance
	u.status.Hide()
	u.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	u.heading.Truncation = fyne.TextTruncateEllipsis

	u.keys = newKeySink(u.key)
	u.speedBtn = widget.NewButton("1.0×", u.showSpeedMenu)
	u.speedBtn.Importance = widget.LowImportance
	buttons := container.NewHBox(u.backBtn, u.play, u.fwdBtn, u.speedBtn)
	seekRow := container.NewBorder(nil, nil, u.elapsed, u.total, container.NewVBox(u.band, u.slider))
	bottom := container.NewVBox(u.status, u.buildSyncBar(), u.buildClipBar(), seekRow, container.NewCenter(buttons))
	u.backToNow = widget.NewButtonWithIcon("Back to now", theme.MediaReplayIcon(), u.backToNowAction)
	u.backToNow.Importance = widget.HighImportance
	u.backToNow.Hide()
	title := container.NewStack(u.keys, container.NewBorder(nil, nil, nil, u.backToNow, u.heading))
	top := container.NewVBox(title, u.buildLegend(), u.buildSearchBar())
	u.listHolder = container.NewStack(container.NewThemeOverride(u.list, u.reading))
	main := container.NewBorder(top, container.NewPadded(bottom), nil, nil, u.listHolder)
	u.win.SetContent(container.NewStack(main, u.band.TipLayer()))
	u.win.Resize(fyne.NewSize(900, 680))

	u.win.SetOnDropped(u.dropped)
	c := u.win.Canvas()
	c.SetOnTypedKey(u.key)
	u.addShortcuts()
	u.buildMenu()
	u.applyTextScale()
}

// ShowEpisode shows a loaded episode: the engine already holds its audio.
// tr may be empty when the episode has no transcript.
func (u *UI) ShowEpisode(title string, tr *tsync.Transcript) {
	if tr == nil {
		tr = &tsync.Transcript{}
	}
	u.title = title
	u.syncs = syncState{}
	// Another episode: its place is not known until Resume reads it.
	u.episodeKey, u.placeRead = "", false
	// The play state seen so far was the previous episode's: a change
	// from it is not this episode pausing (which would store its place).
	u.wasPlaying = u.engine.Playing()
	u.setTranscript(tr)
	u.win.SetTitle(title + " — Readalong")
	u.heading.SetText(title)
	u.slider.Max = max(u.engine.Duration().Seconds(), 0.01)
	u.total.SetText(clock(u.engine.Duration()))
	u.list.ScrollToTop()
	u.following, u.ownOffset = true, 0
	u.backToNow.Hide()
	u.SetNotice(noticeEpisode, "")
	u.SetNotice(noticeSync, "")
	u.SetNotice(noticeResume, "")
	u.SetNotice(noticePlayback, "")
	u.SetNotice(noticeDamage, "")
	u.damageShown = 0
	u.SetNotice(noticeWarning, u.engine.Warning())
	u.lastLine = -2
	u.showPlaying(u.wasPlaying)
	u.sync()
	u.debug("episode %q lines=%d duration=%s", title, tr.Len(), u.engine.Duration())
}

// setTranscript shows a newly read transcript: selection, search, speaker
// filter and sync are started afresh for it (the sync state is kept, as
// it belongs to the episode).
func (u *UI) setTranscript(tr *tsync.Transcript) {
	u.base = tr
	u.current, u.anchor, u.cursor = -1, -1, -1
	u.sel, u.previewUntil = selection{}, 0
	if u.clip.box != nil {
		u.clip.box.Hide()
	}
	u.search.index = nil
	u.speakers.only = ""
	u.visible = nil
	u.showLegend()
	u.applySync()
	u.refreshSearch()
}

// transcriptChanged redraws everything that shows the transcript after
// its times or the rows listed changed.
func (u *UI) transcriptChanged() {
	// A fresh style, so that rows of the old list keep theirs.
	u.style = &rowStyle{reading: u.reading, stamp: "00:00"}
	if n := u.tr.Len(); n > 0 && u.tr.Segments[n-1].Start >= time.Hour {
		u.style.stamp = "0:00:00"
	}
	clear(u.words)
	u.current = -1
	u.renewList()
	u.showTurns()
}

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
	u.media = player.Media{Path: audio}
	u.ShowEpisode(episodeName(audio), tr)
	u.SetNotice(noticeEpisode, msg)
	u.Resume()
	return nil
}

// Resume moves the episode shown to where the listener left it, and from
// now on keeps its place. OpenFiles does it itself; after ShowEpisode and
// SetMedia, the caller does.
func (u *UI) Resume() {
	var key places.Key
	switch {
	case u.media.Data != nil:
		key = places.KeyOfBytes(u.media.Data)
	case u.media.Path != "":
		k, err := places.KeyOf(u.media.Path)
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
	u.media = m
}

// mediaName is the episode's file name, for choosing export formats.
func (u *UI) mediaName() string {
	if u.media.Path != "" {
		return u.media.Path
	}
	return u.media.Name
}

// OpenTranscript replaces the transcript of the episode being played.
func (u *UI) OpenTranscript(path string) error {
	tr, err := tsync.ReadFile(path)
	if err != nil {
		return err
	}
	// The offset is the episode's and stays; pins name lines, and stay
	// only if the new transcript has the same lines there.
	if !samePinnedLines(u.base, tr, u.syncs.Points) {
		u.syncs.Points = nil
	}
	u.SetNotice(noticeSync, "")
	u.setTranscript(tr)
	u.SetNotice(noticeEpisode, transcriptWarnings(path, tr))
	u.sync()
	return nil
}

// episodeName is the file name without folder and extension.
func episodeName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

func (u *UI) showOpen() {
	exts := []string{}
	for _, e := range audioExts {
		exts = append(exts, e, strings.ToUpper(e))
	}
	u.pickFile(exts, func(path string) error { return u.OpenFiles(path, "") })
}

func (u *UI) showOpenTranscript() {
	exts := []string{}
	for _, e := range tsync.Extensions {
		exts = append(exts, e, strings.ToUpper(e))
	}
	u.pickFile(exts, u.OpenTranscript)
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
	u.openDialog(d)
}

func (u *UI) openDialog(d *dialog.FileDialog) {
	if wd, err := os.Getwd(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(wd)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func seconds(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }

// newList makes the transcript's list. Fyne's list keeps every row
// height it is given and re-lays itself out for each one changed, so
// when all heights change at once (the width, the text size, the rows
// listed) a fresh list is cheaper and cannot disagree with the window.
func (u *UI) newList() *widget.List {
	// Rows take their clicks themselves (lineRow.Tapped): the list's
	// selection is not used.
	return widget.NewList(
		u.rowCount,
		func() fyne.CanvasObject { r := newLineRow(); r.style = u.style; return r },
		u.updateRow,
	)
}

// tapRow handles a click on list row id: it plays the line, or with
// Shift extends the clip selection to it.
func (u *UI) tapRow(id int) {
	u.focusKeys()
	seg := u.segOf(id)
	if u.shiftHeld() {
		anchor := u.anchor
		if anchor < 0 {
			anchor = max(u.current, 0)
		}
		u.selectLines(anchor, seg)
		return
	}
	u.anchor = seg
	if u.sel.active {
		u.clearSelection()
	}
	// The line clicked is in view: the text does not move under the
	// pointer.
	u.stayPut = true
	u.playLine(seg)
	u.stayPut = false
}

// renewList replaces the list by a fresh one with no row measured yet,
// showing the same rows.
func (u *UI) renewList() {
	u.stopGlide()
	clear(u.heights)
	clear(u.pending)
	clear(u.measuredAt)
	clear(u.shown)
	u.viewTold = false
	u.list = u.newList()
	if u.listHolder != nil {
		// A new override themes the list before it makes its rows.
		u.listHolder.Objects = []fyne.CanvasObject{container.NewThemeOverride(u.list, u.reading)}
		u.listHolder.Refresh()
	}
	u.ownOffset = 0
}
