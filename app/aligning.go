package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"readalong/align"
	"readalong/app/session"
	"readalong/clock"
	"readalong/player"
	"readalong/safefile"
	tsync "readalong/sync"
)

// The transcript aligned to the audio (Transcript › Align to the Audio):
// package align finds where each line and word is spoken, in the
// background while listening goes on; the lines near the playhead first,
// shown as they are found. The result replaces the transcript's times
// (its words lit one by one), lines it could not place are marked, and
// Undo Alignment brings the transcript's own times back. Results are
// cached by package align, so an episode opened again is aligned at once.

// prefAlignOnOpen is the setting "align every episode when it opens".
const prefAlignOnOpen = "align-on-open"

// aligning is the alignment of the episode shown: running, or done.
type aligning struct {
	cancel context.CancelFunc // ends the alignment running; nil when none runs
	run    int                // counts the alignments started: a late answer of an old one is ignored
	// before is the transcript as read, while an alignment is applied
	// (Undo Alignment shows it again); nil otherwise.
	before     *tsync.Transcript
	syncBefore session.Sync  // the re-timing by hand before it
	unsure     map[int]bool  // the lines the alignment could not place
	res        *align.Result // the alignment applied, while before is set
	found      []align.LineTiming
	shownAt    time.Time // when found lines were last applied
	// playing says whether the episode plays, for the alignment's
	// goroutine: it takes one core then, every core otherwise.
	playing atomic.Bool
	// do runs f on the Fyne goroutine (fyne.Do; tests run it on theirs).
	do func(f func())
	// available says whether alignment can run here (align.Available).
	available func() error
}

// alignAudioPath is the file the alignment reads the episode from: the
// episode's file, or a web episode's download once complete; "" when
// there is none.
func (u *UI) alignAudioPath() string {
	if p := u.ep.media.Path; p != "" {
		return p
	}
	if w := u.web.playing; w != nil && w.Download != nil && w.Download.Complete() {
		return w.Download.Path()
	}
	return ""
}

// alignTranscript is Transcript › Align to the Audio.
func (u *UI) alignTranscript() { u.startAlign(false) }

// startAlign aligns the transcript shown to the audio, from the cache
// when it was aligned before. auto is set when the episode just opened
// (align on open): then a missing engine says nothing.
func (u *UI) startAlign(auto bool) {
	a, e := u.aligner, &u.ep
	if a.cancel != nil {
		return
	}
	if err := a.available(); err != nil {
		if !auto {
			u.ShowError(fmt.Errorf("Alignment is not available: %w", err))
		}
		return
	}
	base := e.base
	if a.before != nil {
		base = a.before
	}
	path := u.alignAudioPath()
	switch {
	case base == nil || base.Len() == 0:
		if !auto {
			u.notes.set(noticeAlign, "There is no transcript to align: open one with File › Open Transcript….")
		}
		return
	case path == "":
		if !auto {
			u.notes.set(noticeAlign, "The episode is still downloading: it can be aligned once it has arrived.")
		}
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.run++
	run := a.run
	a.cancel, a.found, a.shownAt = cancel, nil, time.Now()
	st := u.engine.Status()
	a.playing.Store(st.Playing)
	// Every core while paused; one while listening goes on, so that the
	// sound and the window keep theirs (see cores).
	opt := align.Options{From: st.Position, Limit: a.cores}
	started := time.Now()
	opt.Progress = func(done, total time.Duration) {
		a.do(func() {
			if ctx.Err() == nil && a.run == run {
				u.notes.set(noticeAlign, "Aligning the transcript to the audio: "+alignProgress(done, total, time.Since(started)))
				if total > 0 {
					u.notes.setProgress(noticeAlign, float64(done)/float64(total), "Stop", u.stopAligning)
				}
			}
		})
	}
	opt.Found = func(l align.LineTiming) {
		a.do(func() {
			if ctx.Err() == nil && a.run == run {
				u.foundLine(base, l)
			}
		})
	}
	u.notes.set(noticeAlign, "Aligning the transcript to the audio…")
	u.notes.setProgress(noticeAlign, 0, "Stop", u.stopAligning)
	u.debug("align start from=%.3f playing=%v", opt.From.Seconds(), st.Playing)
	u.buildMenu()
	do := a.do
	go func() {
		// The cache's key reads the whole episode (a second for a long
		// one on a slow disk): not on the UI goroutine.
		key, keyErr := align.KeyFile(path, base)
		if keyErr == nil {
			if res, err := align.Load(key); err == nil {
				do(func() {
					if a.run != run || a.cancel == nil {
						return
					}
					a.cancel = nil
					cancel()
					u.notes.setProgress(noticeAlign, -1, "", nil)
					u.buildMenu()
					u.applyAlignment(base, res, true)
				})
				return
			}
		}
		res, err := alignFile(ctx, path, base, opt)
		if err == nil && keyErr == nil {
			if serr := align.Save(key, res); serr != nil {
				err = nil // a result not cached is aligned again next time
			}
		}
		do(func() {
			if a.run != run || a.cancel == nil {
				return // the episode or transcript changed, or Undo
			}
			a.cancel = nil
			cancel()
			u.notes.setProgress(noticeAlign, -1, "", nil)
			u.buildMenu()
			switch {
			case errors.Is(err, context.Canceled):
				u.notes.set(noticeAlign, "Alignment stopped.")
				u.debug("align stopped")
			case err != nil:
				u.notes.set(noticeAlign, "Not aligned: "+err.Error())
				u.debug("align failed: %v", err)
			default:
				u.applyAlignment(base, res, false)
			}
		})
	}()
}

// cores is how many cores the alignment may take now: one while the
// episode plays, every core while it is paused. It is called from the
// alignment's goroutine.
func (a *aligning) cores() int {
	if a.playing.Load() {
		return 1
	}
	return math.MaxInt
}

// alignFile aligns t to the episode in the file at path, read apart from
// the one playing.
func alignFile(ctx context.Context, path string, t *tsync.Transcript, opt align.Options) (*align.Result, error) {
	src, err := player.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return align.Align(ctx, align.Stream(src, src.Format().SampleRate), t, opt)
}

// alignProgress is how far an alignment has got, with the time left.
func alignProgress(done, total, spent time.Duration) string {
	if total <= 0 {
		return "0 %"
	}
	s := fmt.Sprintf("%d %%", int(100*done/total))
	if done > 0 && spent > 2*time.Second {
		left := time.Duration(float64(spent) * float64(total-done) / float64(done))
		s += ", about " + clock.Short(left.Round(time.Second)) + " left"
	}
	return s
}

// foundLine shows the lines found so far (every 2 s at most): the lines
// near the playhead come first, and are used at once.
func (u *UI) foundLine(base *tsync.Transcript, l align.LineTiming) {
	a := u.aligner
	a.found = append(a.found, l)
	if time.Since(a.shownAt) < 2*time.Second && len(a.found) > 1 {
		return
	}
	a.shownAt = time.Now()
	res := &align.Result{Lines: make([]align.LineTiming, base.Len())}
	for i := range res.Lines {
		res.Lines[i] = align.LineTiming{Index: i, Start: base.Segments[i].Start}
	}
	for _, f := range a.found {
		if f.Index >= 0 && f.Index < len(res.Lines) {
			res.Lines[f.Index] = f
		}
	}
	u.setAligned(base, res, nil)
	u.debug("align found %d lines", len(a.found))
}

// applyAlignment shows the transcript at the times the alignment found.
func (u *UI) applyAlignment(base *tsync.Transcript, res *align.Result, cached bool) {
	unsure := map[int]bool{}
	for _, l := range res.Lines {
		if l.Unsure {
			unsure[l.Index] = true
		}
	}
	u.setAligned(base, res, unsure)
	msg := sentence(res.Summary())
	if cached {
		msg += " (aligned before)"
	}
	u.notes.set(noticeAlign, msg+". Transcript › Undo Alignment brings the transcript's own times back.")
	found, uns := res.Aligned()
	u.debug("align done found=%d unsure=%d cached=%v", found, uns, cached)
}

// setAligned shows the transcript base re-timed by the alignment res.
// The listener's pins stay and win near where they were set; an offset
// goes, since the alignment makes it needless.
func (u *UI) setAligned(base *tsync.Transcript, res *align.Result, unsure map[int]bool) {
	a, e := u.aligner, &u.ep
	if a.before == nil {
		a.before, a.syncBefore = base, e.sync
	}
	a.unsure, a.res = unsure, res
	e.base = res.Apply(base)
	e.sync = session.Sync{Pins: e.sync.Pins}
	u.applySync()
}

// aligned is the transcript as the alignment places it, with the
// listener's pins, and the sync in effect: the offset on top.
func (u *UI) aligned() (*tsync.Transcript, session.Sync) {
	a, e := u.aligner, &u.ep
	tr := a.res.Apply(a.before, e.sync.TranscriptPins()...)
	if e.sync.Offset != 0 {
		tr = tr.Shift(e.sync.Offset)
	}
	return tr, e.sync
}

// undoAlignment is Transcript › Undo Alignment.
func (u *UI) undoAlignment() {
	a, e := u.aligner, &u.ep
	if a.cancel != nil {
		a.cancel()
		a.cancel = nil
	}
	if a.before == nil {
		return
	}
	e.base, e.sync, a.before, a.unsure, a.res = a.before, a.syncBefore, nil, nil, nil
	u.notes.set(noticeAlign, "")
	u.applySync()
	u.debug("align undone")
}

// stopAligning is Transcript › Stop Aligning.
func (u *UI) stopAligning() {
	if c := u.aligner.cancel; c != nil {
		c()
	}
}

// forgetAlignment drops the alignment of the transcript shown before: a
// new episode or transcript.
func (u *UI) forgetAlignment() {
	a := u.aligner
	if a.cancel != nil {
		a.cancel()
		a.cancel = nil
	}
	a.run++
	a.before, a.unsure, a.found, a.res = nil, nil, nil, nil
	u.notes.set(noticeAlign, "")
}

// alignOnOpen reports whether episodes are aligned as they open.
func (u *UI) alignOnOpen() bool { return u.prefs().Bool(prefAlignOnOpen) }

// setAlignOnOpen is Transcript › Align Each Episode When It Opens.
func (u *UI) setAlignOnOpen(v bool) {
	u.prefs().SetBool(prefAlignOnOpen, v)
	u.buildMenu()
	if v {
		u.startAlign(true)
	}
}

// showSaveTranscript is File › Save Transcript As…: the transcript as
// shown (aligned, re-timed), in the format the name's extension says.
func (u *UI) showSaveTranscript() {
	tr := u.ep.tr
	if tr == nil || tr.Len() == 0 {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		u.focusKeys()
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if err := u.saveTranscript(path); err != nil {
			u.ShowError(err)
		}
	}, u.win)
	name := episodeName(u.mediaName())
	if name == "" || name == "." {
		name = "transcript"
	}
	d.SetFileName(name + ".vtt")
	if p := u.ep.media.Path; p != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(p))); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show()
}

// saveTranscript writes the transcript as shown to path, in the format
// its extension names. The save dialog made the file, asking before
// replacing one: it is written through a temporary file.
func (u *UI) saveTranscript(path string) error {
	f, err := tsync.FormatFor(path)
	if err != nil {
		return err
	}
	tr := u.ep.tr
	if err := safefile.Write(path, true, func(w io.Writer) error { return tsync.Write(w, tr, f) }); err != nil {
		return err
	}
	u.notes.set(noticeExport, "Transcript saved to "+path)
	u.debug("transcript saved %s", path)
	return nil
}
