package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"readalong/player"
	tsync "readalong/sync"
)

// Skip lengths of the transport buttons.
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
	tr     *tsync.Transcript
	title  string

	list    *widget.List
	heights map[int]float32  // row heights set on the list, by row
	shown   map[int]*lineRow // the row widget showing each line on screen
	widthAt float32          // list width the heights were measured at
	measure *widget.Label
	current int // row being spoken, -1 for none
	anchor  int // the line last clicked: where a shift-click range starts

	play          *widget.Button
	speedBtn      *widget.Button
	backToNow     *widget.Button
	following     bool    // the list keeps the playing line in view
	ownOffset     float32 // the list's offset as the window last left it
	slider        *widget.Slider
	elapsed       *widget.Label
	total         *widget.Label
	status        *widget.Label
	heading       *widget.Label
	keys          *keySink
	dragging      bool // the user holds the seek bar
	settingSlider bool // the window moves the seek bar itself

	// Debug, when set, receives a line of state on every change; the
	// end-to-end tests read it.
	Debug func(format string, args ...any)

	sel          selection
	clip         clipBar
	previewUntil time.Duration
	media        player.Media
	// modifiers, when set, tells which modifier keys are down (tests).
	modifiers func() fyne.KeyModifier

	shortcuts shortcuts
	lastSaved time.Time

	notices     map[string]string
	damageShown int
	minRow      float32
	lastLine    int
	wasPlaying  bool
	lastDebug   time.Time

	stop chan struct{}
}

// New builds the window. Call ShowEpisode or OpenFiles to fill it, then
// ShowAndRun.
func New(a fyne.App, engine Engine) *UI {
	u := &UI{
		win:       a.NewWindow("Readalong"),
		engine:    engine,
		tr:        &tsync.Transcript{},
		heights:   map[int]float32{},
		shown:     map[int]*lineRow{},
		measure:   widget.NewLabel(""),
		current:   -1,
		anchor:    -1,
		following: true,
		notices:   map[string]string{},
		stop:      make(chan struct{}),
	}
	u.build()
	u.win.SetOnClosed(func() {
		u.remember()
		close(u.stop)
	})
	return u
}

// Window returns the window, for tests and for main.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) build() {
	u.list = widget.NewList(
		func() int { return u.tr.Len() },
		func() fyne.CanvasObject { return newLineRow() },
		u.updateRow,
	)
	u.list.OnSelected = func(id widget.ListItemID) {
		u.list.UnselectAll()
		u.focusKeys()
		if u.shiftHeld() {
			anchor := u.anchor
			if anchor < 0 {
				anchor = max(u.current, 0)
			}
			u.selectLines(anchor, id)
			return
		}
		u.anchor = id
		if u.sel.active {
			u.clearSelection()
		}
		u.playLine(id)
	}

	u.play = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), u.togglePlay)
	u.play.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon("15", theme.MediaFastRewindIcon(), func() { u.skip(-SkipBack) })
	fwd := widget.NewButtonWithIcon("30", theme.MediaFastForwardIcon(), func() { u.skip(SkipForward) })
	fwd.IconPlacement = widget.ButtonIconTrailingText

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
	u.elapsed = widget.NewLabelWithStyle("0:00", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
	u.total = widget.NewLabelWithStyle("0:00", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	u.status = widget.NewLabel("")
	u.status.Wrapping = fyne.TextWrapWord
	u.status.Importance = widget.WarningImportance
	u.status.Hide()
	u.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	u.heading.Truncation = fyne.TextTruncateEllipsis

	u.keys = newKeySink(u.key)
	u.speedBtn = widget.NewButton("1.0×", func() { u.setSpeed(1); u.focusKeys() })
	u.speedBtn.Importance = widget.LowImportance
	buttons := container.NewHBox(back, u.play, fwd, u.speedBtn)
	seekRow := container.NewBorder(nil, nil, u.elapsed, u.total, u.slider)
	bottom := container.NewVBox(u.status, u.buildClipBar(), seekRow, container.NewCenter(buttons))
	u.backToNow = widget.NewButtonWithIcon("Back to now", theme.MediaReplayIcon(), u.backToNowAction)
	u.backToNow.Importance = widget.HighImportance
	u.backToNow.Hide()
	top := container.NewStack(u.keys, container.NewBorder(nil, nil, nil, u.backToNow, u.heading))
	u.win.SetContent(container.NewBorder(top, container.NewPadded(bottom), nil, nil, u.list))
	u.win.Resize(fyne.NewSize(900, 680))

	u.win.SetOnDropped(u.dropped)
	c := u.win.Canvas()
	c.SetOnTypedKey(u.key)
	open := &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	c.AddShortcut(open, func(fyne.Shortcut) { u.showOpen() })
	export := &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	c.AddShortcut(export, func(fyne.Shortcut) { u.showExport() })
	now := &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierShortcutDefault}
	c.AddShortcut(now, func(fyne.Shortcut) { u.backToNowAction() })
	u.shortcuts = shortcuts{open: open, export: export}
	u.buildMenu()
}

// shortcuts are the menu's keyboard shortcuts.
type shortcuts struct {
	open, export fyne.Shortcut
}

// buildMenu sets the window's menu (again, when the recent list changes).
func (u *UI) buildMenu() {
	u.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("File",
			&fyne.MenuItem{Label: "Open Episode…", Shortcut: u.shortcuts.open, Action: u.showOpen},
			fyne.NewMenuItem("Open Transcript…", u.showOpenTranscript),
			u.recentMenu(),
			fyne.NewMenuItemSeparator(),
			&fyne.MenuItem{Label: "Export Clip…", Shortcut: u.shortcuts.export, Action: u.showExport},
		),
	))
}

// ShowEpisode shows a loaded episode: the engine already holds its audio.
// tr may be empty when the episode has no transcript.
func (u *UI) ShowEpisode(title string, tr *tsync.Transcript) {
	if tr == nil {
		tr = &tsync.Transcript{}
	}
	u.title, u.tr = title, tr
	u.current, u.anchor = -1, -1
	u.sel, u.previewUntil = selection{}, 0
	if u.clip.box != nil {
		u.clip.box.Hide()
	}
	u.heights = map[int]float32{}
	u.widthAt = 0
	u.win.SetTitle(title + " — Readalong")
	u.heading.SetText(title)
	u.slider.Max = max(u.engine.Duration().Seconds(), 0.01)
	u.total.SetText(clock(u.engine.Duration()))
	u.list.UnselectAll()
	u.list.Refresh()
	u.list.ScrollToTop()
	u.following, u.ownOffset = true, 0
	u.backToNow.Hide()
	u.SetNotice(noticeEpisode, "")
	u.SetNotice(noticeResume, "")
	u.SetNotice(noticePlayback, "")
	u.SetNotice(noticeDamage, "")
	u.damageShown = 0
	u.SetNotice(noticeWarning, u.engine.Warning())
	u.lastLine = -2
	// The play state seen so far was the previous episode's: a change
	// from it is not this episode pausing (which would store its place).
	u.wasPlaying = u.engine.Playing()
	u.showPlaying(u.wasPlaying)
	u.sync()
	u.debug("episode %q lines=%d duration=%s", title, tr.Len(), u.engine.Duration())
}

// OpenFiles opens an episode and its transcript. An empty transcript path
// means: look for one beside the audio file. A transcript that cannot be
// read does not stop the audio from opening; the reason is shown.
func (u *UI) OpenFiles(audio, transcript string) error {
	if abs, err := filepath.Abs(audio); err == nil {
		audio = abs
	}
	u.remember() // the episode being left
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
	}
	u.media = player.Media{Path: audio}
	u.ShowEpisode(episodeName(audio), tr)
	u.SetNotice(noticeEpisode, msg)
	u.resume(audio)
	u.addRecent(audio)
	return nil
}

// SetMedia tells the window where the episode it shows comes from, for
// exports (OpenFiles sets it itself).
func (u *UI) SetMedia(m player.Media) { u.media = m }

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
	u.tr = tr
	u.current, u.anchor = -1, -1
	u.clearSelection()
	u.heights = map[int]float32{}
	u.list.Refresh()
	u.SetNotice(noticeEpisode, "")
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
