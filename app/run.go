package app

import (
	"fmt"
	"math"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"readalong/app/transcriptview"
	"readalong/clock"
	"readalong/player"
)

// pollEvery is how often the window reads the engine's state while it
// plays: for what the engine decides by itself (the end of the episode,
// damage found, an error) and to keep the transcript's clock on the
// audio's. The highlight does not wait for it: the transcript view moves
// it at the moment each line begins. Paused, the window reads the engine
// once every pollPaused (the sound device coming or going).
const (
	pollEvery  = 200 * time.Millisecond
	pollPaused = time.Second
)

// debugEvery is how often the debug output says where playback is while
// it plays (and at every change of line).
const debugEvery = 250 * time.Millisecond

// Start begins following the engine. The widgets are updated on the UI
// goroutine through fyne.Do.
func (u *UI) Start() {
	go func() {
		t := time.NewTimer(pollEvery)
		defer t.Stop()
		for {
			select {
			case <-u.stop:
				return
			case <-t.C:
				next := make(chan time.Duration, 1)
				fyne.Do(func() {
					if u.quit.Load() { // the app stopping: no more widgets to touch
						next <- pollPaused
						return
					}
					u.sync()
					if u.last.Playing {
						next <- u.nextPoll(time.Now())
					} else {
						next <- pollPaused
					}
				})
				select {
				case d := <-next:
					t.Reset(d)
				case <-u.stop:
					return
				}
			}
		}
	}()
}

// ShowAndRun shows the window, starts following the engine and runs the
// application until it stops.
func (u *UI) ShowAndRun() {
	u.endOnSignal()
	u.run(u.win.ShowAndRun)
}

// run runs the application's loop until it ends. The app stopping,
// however it stops (the window closed, Ctrl+Q, the system ending the
// session with SIGTERM, which Fyne's driver catches), the place is
// stored, waiting for the disk: in OnStopped, and again (once in all)
// when the loop has returned, because Fyne's shutdown can drop that
// callback: it queues OnStopped to the main loop while the loop drains
// its queue for the last time, and the drain releases what it finds
// there without running it.
func (u *UI) run(loop func()) {
	fyne.CurrentApp().Lifecycle().SetOnStopped(u.stopping)
	fyne.CurrentApp().Lifecycle().SetOnStarted(func() {
		fyne.Do(func() {
			u.focusKeys()
			u.debug("ready")
		})
	})
	u.Start()
	loop()
	u.stopping()
}

// stopping stores the place as the app stops, once, and waits for the
// disk; from then on the window is not touched.
func (u *UI) stopping() {
	u.stop1.Do(func() {
		u.quit.Store(true)
		u.remember(true)
		u.saving.Wait()
	})
}

// stopGrace is how long the app may take to stop by itself after SIGINT
// or SIGTERM before endOnSignal ends it.
const stopGrace = 2 * time.Second

// endOnSignal backs up Fyne's own handling of SIGINT and SIGTERM. Its
// driver quits on them, and the place is stored as its loop ends (see
// run); but its shutdown can also wait for ever for the OnStopped it
// lost, with the window gone and the process still there (seen once in
// make test). So if the app has not ended within stopGrace of the
// signal, the place is stored here and the process ends. It returns at
// once, the signals caught.
func (u *UI) endOnSignal() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		time.Sleep(stopGrace)
		u.debug("not stopped %s after the signal: stopping now", stopGrace)
		u.stopping()
		os.Exit(0)
	}()
}

// Quit ends the application (File › Quit, Ctrl+Q); the place is stored
// as it stops.
func (u *UI) Quit() {
	u.debug("quit")
	fyne.CurrentApp().Quit()
}

// playhead is the transcript's clock from the engine's state.
func (u *UI) playhead(st player.Status) transcriptview.Playhead {
	p := transcriptview.Playhead{Pos: st.Position, At: st.At}
	if st.Playing {
		p.Rate = st.Speed
	}
	return p
}

// sync brings the window up to date with the engine, touching only what
// changed. It runs on the UI goroutine.
func (u *UI) sync() {
	st := u.engine.Status()
	prev := u.last
	u.last = st
	if st.Volume != prev.Volume || st.Muted != prev.Muted {
		u.showVolume()
		if st.Muted != prev.Muted {
			defer u.buildMenu()
		}
	}
	if st.Playing != prev.Playing {
		u.aligner.playing.Store(st.Playing)
		u.showPlaying(st.Playing)
		if !st.Playing {
			u.remember(false)
		}
	} else if st.Playing {
		u.rememberWhilePlaying(st.Position)
	}
	if ph := u.playhead(st); playheadMoved(u.view.Playhead(), ph) {
		u.view.SetPlayhead(ph)
	}
	if st.Duration != prev.Duration {
		u.bar.SetDuration(st.Duration)
		u.ctl.total.SetText(clock.Short(st.Duration))
	}
	if !u.bar.Dragging() {
		// The clock shows the second on screen as it is heard (the
		// view's lead ahead); when the knob moves at most a pixel a
		// second, it moves only with the clock: one repaint for both.
		c := clock.Short(u.shownPosition(st, time.Now()))
		if c != u.ctl.elapsed.Text || !st.Playing || u.bar.PixelTime() < time.Second {
			u.bar.SetValue(st.Position)
		}
		if c != u.ctl.elapsed.Text {
			u.ctl.elapsed.SetText(c)
		}
	}
	u.checkPreview(st.Position)
	u.showChapter(st.Position)
	u.keepKeys()
	if st.Err != nil {
		u.notes.set(noticePlayback, st.Err.Error())
	}
	if st.Output != prev.Output || st.OutputErr != prev.OutputErr || st.Output == player.OutputOpening ||
		time.Since(u.retriedAt) < retryShown+time.Second {
		u.showOutput(st, prev)
	}
	if st.Damage != u.ep.damage {
		u.ep.damage = st.Damage
		u.notes.set(noticeDamage, damageNotice(u.engine.Damage()))
	}
	if st.Playing != prev.Playing || st.Playing && time.Since(u.told) >= debugEvery {
		u.tellState()
	}
	u.tellDesktop(st)
}

// shownPosition is the position the window shows at wall time now: the
// engine's, extrapolated, and the transcript view's lead ahead of it, so
// that what changes reaches the screen as it is heard.
func (u *UI) shownPosition(st player.Status, now time.Time) time.Duration {
	lead := u.view.Lead
	if lead == 0 {
		lead = transcriptview.DefaultLead
	}
	return u.playhead(st).Now(now.Add(lead))
}

// nextPoll is how long the window waits to read the engine again while
// it plays: pollEvery, or less, to wake just as the shown clock reaches
// the next whole second, the moment the transcript view moves its
// progress mark, so that both change in one frame.
func (u *UI) nextPoll(now time.Time) time.Duration {
	st := u.last
	if !st.Playing || st.Speed <= 0 {
		return pollEvery
	}
	pos := u.shownPosition(st, now)
	until := time.Duration(float64((pos/time.Second+1)*time.Second-pos)/st.Speed) + time.Millisecond
	return min(pollEvery, until)
}

// playheadMoved reports whether the transcript must be given the new
// playhead: playing started or stopped, the speed changed, or the audio's
// clock drifted from the one the view keeps by more than a few
// milliseconds (the sound card's clock is not the system's).
func playheadMoved(was, now transcriptview.Playhead) bool {
	if was.Rate != now.Rate || was.At.IsZero() {
		return true
	}
	if now.Rate == 0 {
		return was.Pos != now.Pos
	}
	return math.Abs(float64(was.Now(now.At)-now.Pos)) > float64(3*time.Millisecond)
}

// tellState says on the debug output where playback is and which line
// the window shows as spoken; the end-to-end tests read it.
func (u *UI) tellState() {
	if u.Debug == nil {
		return
	}
	u.told = time.Now()
	u.debug("state pos=%.3f line=%d playing=%v", u.view.Playhead().Now(u.told).Seconds(), u.current(), u.last.Playing)
}

func (u *UI) debug(format string, args ...any) {
	if u.Debug != nil {
		u.Debug(format, args...)
	}
}

// currentChanged follows a change of the line shown as spoken.
func (u *UI) currentChanged(row int) {
	if seg := u.segOf(row); u.view.Following() && u.ep.cursor >= 0 && u.ep.cursor != seg {
		// Playback moved on by itself: the keys act on the line being
		// spoken again (a line outlined while reading elsewhere stays).
		u.setCursor(-1)
	}
	u.tellState()
}

// togglePlay plays or pauses.
func (u *UI) togglePlay() {
	if u.engine.Status().Playing {
		u.engine.Pause()
	} else {
		u.engine.Play()
	}
	u.sync()
}

// playLine seeks to the start of line seg and plays.
func (u *UI) playLine(seg int) {
	if seg < 0 || seg >= u.ep.tr.Len() {
		return
	}
	start := u.ep.tr.Segments[seg].Start
	u.setCursor(seg)
	u.debug("seek line=%d to=%.3f", seg, start.Seconds())
	u.seekTo(start, false)
	u.engine.Play()
	u.sync()
}

// seek moves the engine, reporting failures in the window, and brings the
// line spoken there into view (unless the user reads elsewhere).
func (u *UI) seek(d time.Duration) { u.seekTo(d, true) }

// seekTo moves the engine; with reveal set the line spoken there is
// brought into view.
func (u *UI) seekTo(d time.Duration, reveal bool) {
	if err := u.engine.Seek(d); err != nil {
		u.notes.set(noticePlayback, err.Error())
	}
	u.sync()
	if reveal && u.view.Following() {
		u.view.Reveal(u.view.Current())
	}
}

// skip moves by d from the current position.
func (u *UI) skip(d time.Duration) {
	st := u.engine.Status()
	to := max(0, min(st.Position+d, st.Duration))
	u.debug("seek skip to=%.3f", to.Seconds())
	u.seek(to)
}

// stepLine moves to the start of the line delta lines away from the one
// being spoken, among the lines listed, and outlines it.
func (u *UI) stepLine(delta int) {
	n := u.ep.filter.Len()
	if n == 0 {
		return
	}
	cur := u.current()
	k, exact := u.ep.filter.Index(cur)
	switch {
	case cur < 0 || k < 0:
		k = max(0, min(delta-1, n-1))
	case !exact && delta > 0:
		k = min(k+delta, n-1)
	case !exact:
		k = max(k+delta+1, 0)
	default:
		k = max(0, min(k+delta, n-1))
	}
	seg := u.ep.filter.Seg(k)
	u.setCursor(seg)
	u.seek(u.ep.tr.Segments[seg].Start)
}

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

// waitingFor is how long the sound device may take to open (or to take
// audio again) before the window says it is waiting for it.
const waitingFor = 1500 * time.Millisecond

// showOutput says what the sound device does, when it does not play: still
// opening after a while, missing or lost. The menu offers to try it again
// while it is missing or lost.
func (u *UI) showOutput(st, prev player.Status) {
	if st.Output != prev.Output || u.outputSince.IsZero() {
		u.outputSince = time.Now()
		if st.Output == player.OutputSilent || st.Output == player.OutputLost ||
			prev.Output == player.OutputSilent || prev.Output == player.OutputLost {
			u.buildMenu()
		}
	}
	msg := outputNotice(st, time.Since(u.outputSince))
	if msg != "" && st.Output != player.OutputOpening && time.Since(u.retriedAt) < retryShown {
		msg = "Trying the sound device again…"
	}
	u.notes.set(noticeDevice, msg)
}

// retryShown is how long "Trying the sound device again…" stays before
// the device's state shows again.
const retryShown = 2 * time.Second

// outputNotice is the notice for the sound device's state st, in it for
// the time given, or "" when there is nothing to say.
func outputNotice(st player.Status, since time.Duration) string {
	why := "The sound device failed"
	if st.OutputErr != nil && st.OutputErr.Error() != "" {
		why = sentence(st.OutputErr.Error())
	}
	switch st.Output {
	case player.OutputOpening:
		if since >= waitingFor {
			return "Waiting for the sound device… the transcript follows the episode meanwhile."
		}
	case player.OutputSilent:
		return why + ": playing silently, the transcript follows. Playback › Try Sound Again when it is back."
	case player.OutputLost:
		return why + ": paused. Playback › Try Sound Again when it is back."
	}
	return ""
}

// retryOutput tries the sound device again (Playback › Try Sound Again).
func (u *UI) retryOutput() {
	u.engine.RetryOutput()
	u.retriedAt = time.Now()
	u.showOutput(u.last, u.last)
	u.debug("retry output")
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
	u.setSpeed(u.engine.Status().Speed + delta)
}

func (u *UI) setSpeed(v float64) {
	v = math.Round(max(MinSpeed, min(v, MaxSpeed))*10) / 10
	u.engine.SetSpeed(v)
	u.ctl.speed.SetText(fmt.Sprintf("%.1f×", v))
	u.sync()
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
		u.ctl.play.SetIcon(theme.MediaPauseIcon())
	} else {
		u.ctl.play.SetIcon(theme.MediaPlayIcon())
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
	if f := c.Focused(); f != fyne.Focusable(u.keys) && !(u.find.open && f == fyne.Focusable(u.find.entry)) {
		u.focusKeys()
	}
}

// followingChanged shows "Back to now" while the user reads elsewhere.
func (u *UI) followingChanged(on bool) {
	if on {
		u.ctl.backToNow.Hide()
	} else {
		u.ctl.backToNow.Show()
		u.debug("follow paused")
	}
}

// backToNowAction follows the episode again and brings the line being
// spoken into view.
func (u *UI) backToNowAction() {
	u.view.ShowNow()
	u.debug("follow resumed")
	u.focusKeys()
}
