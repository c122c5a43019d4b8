package app

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"readalong/player"
)

// Start begins following the engine on a ticker. The widgets are updated
// on the UI goroutine through fyne.Do.
func (u *UI) Start() {
	go func() {
		t := time.NewTicker(tickEvery)
		defer t.Stop()
		for {
			select {
			case <-u.stop:
				return
			case <-t.C:
				fyne.Do(func() {
					if !u.quit.Load() { // the app stopping: no more widgets to touch
						u.sync()
					}
				})
			}
		}
	}()
}

// ShowAndRun shows the window, starts following the engine and runs the
// application until the window closes.
func (u *UI) ShowAndRun() {
	// The app stopping, however it stops (the window closed, Ctrl+Q, the
	// system ending the session with SIGTERM, which Fyne's driver
	// catches): the place is stored, waiting for the disk.
	fyne.CurrentApp().Lifecycle().SetOnStopped(func() {
		u.quit.Store(true)
		u.remember(true)
		u.saving.Wait()
	})
	fyne.CurrentApp().Lifecycle().SetOnStarted(func() {
		fyne.Do(func() {
			u.focusKeys()
			u.debug("ready")
		})
	})
	u.Start()
	u.win.ShowAndRun()
}

// Quit ends the application (File › Quit, Ctrl+Q); the place is stored
// as it stops.
func (u *UI) Quit() {
	u.debug("quit")
	fyne.CurrentApp().Quit()
}

// sync brings the widgets up to date with the engine. It runs on the UI
// goroutine.
func (u *UI) sync() {
	pos := u.engine.Position()
	playing := u.engine.Playing()
	if playing != u.wasPlaying && !playing {
		u.remember(false)
	} else if playing {
		u.rememberWhilePlaying(pos)
	}
	if playing != u.wasPlaying {
		u.showPlaying(playing)
	}
	if !u.dragging {
		u.settingSlider = true
		u.slider.SetValue(pos.Seconds())
		u.settingSlider = false
		if c := clock(pos); c != u.elapsed.Text {
			u.elapsed.SetText(c)
		}
	}
	u.checkPreview(pos)
	u.keepKeys()
	u.watchWidth()
	u.settle()
	if u.showNowDue && u.list.Size().Height > 0 {
		u.showNow()
	}
	u.watchScroll()
	idx := u.tr.At(pos)
	if idx != u.current {
		if u.following && u.cursor >= 0 && u.cursor != idx {
			// Playback moved on by itself: the keys act on the line
			// being spoken again (a line outlined while reading
			// elsewhere stays outlined).
			u.setCursor(-1)
		}
		u.setCurrent(idx, pos)
		if playing {
			u.follow(idx, pos)
		}
	} else if idx >= 0 {
		if r := u.row(idx); r != nil {
			u.restyle(r, pos)
			r.setProgress(u.progressMark(idx, pos))
			if playing && r.Size().Height > u.list.Size().Height*0.6 {
				u.follow(idx, pos) // a long line: keep its spoken part in view
			}
		}
	}
	if err := u.engine.Err(); err != nil {
		u.SetNotice(noticePlayback, err.Error())
	}
	if d := u.engine.Damage(); len(d) != u.damageShown {
		u.damageShown = len(d)
		u.SetNotice(noticeDamage, damageNotice(d))
	}
	u.debugView()
	changed := idx != u.lastLine || playing != u.wasPlaying
	if changed || (playing && time.Since(u.lastDebug) > 250*time.Millisecond) {
		u.debug("state pos=%.3f line=%d playing=%v", pos.Seconds(), idx, playing)
		u.lastDebug = time.Now()
	}
	u.lastLine, u.wasPlaying = idx, playing
}

func (u *UI) debug(format string, args ...any) {
	if u.Debug != nil {
		u.Debug(format, args...)
	}
}

// togglePlay plays or pauses.
func (u *UI) togglePlay() {
	if u.engine.Playing() {
		u.engine.Pause()
	} else {
		u.engine.Play()
	}
	u.sync()
}

// playLine seeks to the start of line id and plays.
func (u *UI) playLine(id int) {
	if id < 0 || id >= u.tr.Len() {
		return
	}
	start := u.tr.Segments[id].Start
	u.setCursor(id)
	u.debug("seek line=%d to=%.3f", id, start.Seconds())
	u.seek(start)
	u.engine.Play()
	u.sync()
}

// seek moves the engine, reporting failures in the window, and brings the
// line being spoken into view.
func (u *UI) seek(d time.Duration) {
	if err := u.engine.Seek(d); err != nil {
		u.SetNotice(noticePlayback, err.Error())
	}
	u.sync()
	u.reveal()
}

// skip moves by d from the current position.
func (u *UI) skip(d time.Duration) {
	u.seek(max(0, min(u.engine.Position()+d, u.engine.Duration())))
}

// stepLine moves to the start of the line delta lines away from the one
// being spoken, among the lines listed.
func (u *UI) stepLine(delta int) {
	n := u.rowCount()
	if n == 0 {
		return
	}
	row, exact := u.rowOf(u.current)
	switch {
	case u.current < 0 || row < 0:
		row = max(0, min(delta-1, n-1))
	case !exact && delta > 0:
		row = min(row+delta, n-1)
	case !exact:
		row = max(row+delta+1, 0)
	default:
		row = max(0, min(row+delta, n-1))
	}
	seg := u.segOf(row)
	u.setCursor(seg)
	u.seek(u.tr.Segments[seg].Start)
	u.follow(seg, u.tr.Segments[seg].Start)
}

// Where notices come from; each source shows at most one.
const (
	noticeDevice   = "device"
	noticeEpisode  = "episode"
	noticeWarning  = "warning"
	noticeDamage   = "damage"
	noticePlayback = "playback"
	noticeExport   = "export"
	noticeResume   = "resume"
	noticeSync     = "sync"
)

var noticeOrder = []string{noticeDevice, noticeEpisode, noticeResume, noticeSync, noticeWarning, noticeDamage, noticePlayback, noticeExport}

// damageNotice sums up the damage found in an episode: the first spot and
// how many more.
func damageNotice(d []player.Damage) string {
	switch len(d) {
	case 0:
		return ""
	case 1:
		return "Damaged audio: " + d[0].String() + "."
	case 2:
		return fmt.Sprintf("Damaged audio: %s, and 1 more spot.", d[0])
	default:
		return fmt.Sprintf("Damaged audio: %s, and %d more spots.", d[0], len(d)-1)
	}
}

// SetNotice shows msg under the transcript for the given source, replacing
// that source's previous notice; "" removes it.
func (u *UI) SetNotice(source, msg string) {
	if u.notices[source] == msg {
		return
	}
	if msg == "" {
		delete(u.notices, source)
	} else {
		u.notices[source] = msg
		u.debug("notice %s: %s", source, msg)
	}
	var lines []string
	for _, k := range noticeOrder {
		if m := u.notices[k]; m != "" {
			lines = append(lines, m)
		}
	}
	u.status.SetText(strings.Join(lines, "\n"))
	if len(lines) == 0 {
		u.status.Hide()
	} else {
		u.status.Show()
	}
}

// ShowDeviceProblem tells the user that audio cannot be heard.
func (u *UI) ShowDeviceProblem(err error) {
	u.SetNotice(noticeDevice, "Playing silently: "+err.Error()+". The transcript still follows the episode.")
}

// Speed limits and step of the speed control.
const (
	MinSpeed  = 0.5
	MaxSpeed  = 3.0
	SpeedStep = 0.1
)

// changeSpeed moves the playback speed by delta, within its limits, in
// whole tenths.
func (u *UI) changeSpeed(delta float64) {
	u.setSpeed(u.engine.Speed() + delta)
}

func (u *UI) setSpeed(v float64) {
	v = math.Round(max(MinSpeed, min(v, MaxSpeed))*10) / 10
	u.engine.SetSpeed(v)
	u.speedBtn.SetText(fmt.Sprintf("%.1f×", v))
	u.buildMenu()
	u.debug("speed %.1f", v)
}

// ShowError shows err in a dialog over the window (and on the debug
// output).
func (u *UI) ShowError(err error) {
	u.debug("dialog: %v", err)
	dialog.ShowError(err, u.win)
}

// showPlaying sets the play button's icon.
func (u *UI) showPlaying(playing bool) {
	if playing {
		u.play.SetIcon(theme.MediaPauseIcon())
	} else {
		u.play.SetIcon(theme.MediaPlayIcon())
	}
}

// keepKeys gives the keyboard back to the window's shortcuts when no
// dialog or menu is open and neither they nor the search field have it:
// after a dialog closed, say, its buttons would keep the focus.
func (u *UI) keepKeys() {
	c := u.win.Canvas()
	if c.Overlays().Top() != nil {
		return
	}
	if f := c.Focused(); f != fyne.Focusable(u.keys) && !(u.search.open && f == fyne.Focusable(u.search.entry)) {
		u.focusKeys()
	}
}

// debugView says on the debug output which line the view starts with
// (the first row whose top is in view) whenever the view moved, so that
// the end-to-end tests can tell the lines on screen apart.
func (u *UI) debugView() {
	if u.Debug == nil {
		return
	}
	off := u.list.GetScrollOffset()
	if off == u.lastView && u.viewTold {
		return
	}
	u.lastView, u.viewTold = off, true
	lo, hi := 0, u.rowCount()
	for lo < hi { // the first row whose top is at or below the offset
		mid := (lo + hi) / 2
		if top, _ := u.rowTop(mid); top >= off-0.5 {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo < u.rowCount() {
		u.debug("view first=%d offset=%.1f", u.segOf(lo), off)
	}
}
