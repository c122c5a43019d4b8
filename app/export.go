package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"readalong/player"
	tsync "readalong/sync"
)

// ExportFormats says which files an export writes.
type ExportFormats struct {
	MP3, WAV   bool
	Fade       bool         // fade the WAV in and out
	Transcript tsync.Format // "" for none
}

// fadeLength is the length of the WAV fades.
const fadeLength = 300 * time.Millisecond

// transcriptChoices are the transcript formats offered, by label.
var transcriptChoices = []struct {
	label string
	f     tsync.Format
	ext   string
}{
	{"No transcript", "", ""},
	{"SubRip (.srt)", tsync.FormatSRT, ".srt"},
	{"WebVTT (.vtt)", tsync.FormatWebVTT, ".vtt"},
	{"Podcasting 2.0 JSON (.json)", tsync.FormatJSON, ".json"},
	{"Text (.txt)", tsync.FormatText, ".txt"},
}

// exportTargets lists the files an export to base (a path without
// extension) writes.
func exportTargets(base string, f ExportFormats) []string {
	var out []string
	if f.MP3 {
		out = append(out, base+".mp3")
	}
	if f.WAV {
		out = append(out, base+".wav")
	}
	for _, c := range transcriptChoices {
		if c.f != "" && c.f == f.Transcript {
			out = append(out, base+c.ext)
		}
	}
	return out
}

// showExport asks which formats and where, then exports the clip.
func (u *UI) showExport() {
	if !u.sel.active {
		if u.current < 0 {
			u.SetNotice(noticeExport, "Select lines (Shift+click) or mark a clip with I and O first.")
			return
		}
		u.selectLines(u.current, u.current)
	}
	isMP3 := strings.EqualFold(filepath.Ext(u.mediaName()), ".mp3")
	mp3 := widget.NewCheck("MP3, cut exactly without re-encoding", nil)
	mp3.SetChecked(isMP3)
	if !isMP3 {
		mp3.Disable()
	}
	wav := widget.NewCheck("WAV", nil)
	wav.SetChecked(!isMP3)
	fade := widget.NewCheck("Fade the WAV in and out", nil)
	var labels []string
	for _, c := range transcriptChoices {
		labels = append(labels, c.label)
	}
	tr := widget.NewSelect(labels, nil)
	tr.SetSelectedIndex(1)
	if u.tr.Len() == 0 {
		tr.SetSelectedIndex(0)
		tr.Disable()
	}
	form := container.NewVBox(
		widget.NewLabel(fmt.Sprintf("Clip %s → %s", clockTenths(u.sel.in), clockTenths(u.sel.out))),
		mp3, wav, fade, tr,
	)
	dialog.ShowCustomConfirm("Export clip", "Choose where…", "Cancel", form, func(ok bool) {
		u.focusKeys()
		if !ok {
			return
		}
		f := ExportFormats{MP3: mp3.Checked, WAV: wav.Checked, Fade: fade.Checked, Transcript: transcriptChoices[tr.SelectedIndex()].f}
		if !f.MP3 && !f.WAV && f.Transcript == "" {
			return
		}
		u.askWhere(f)
	}, u.win)
}

// askWhere asks for the clip's file name, then checks for files it would
// replace.
func (u *UI) askWhere(f ExportFormats) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		// The dialog creates the file it was given; the export writes it
		// through a temporary file, so remove the empty one now.
		if st, err := os.Stat(path); err == nil && st.Size() == 0 {
			os.Remove(path)
		}
		base := strings.TrimSuffix(path, filepath.Ext(path))
		var existing []string
		for _, t := range exportTargets(base, f) {
			if _, err := os.Stat(t); err == nil {
				existing = append(existing, filepath.Base(t))
			}
		}
		if len(existing) == 0 {
			u.startExport(base, f, false)
			return
		}
		dialog.ShowConfirm("Replace files?", "These files exist already:\n"+strings.Join(existing, "\n")+"\nReplace them?", func(ok bool) {
			if ok {
				u.startExport(base, f, true)
			}
		}, u.win)
	}, u.win)
	d.SetFileName(u.defaultClipName())
	if dir := filepath.Dir(u.media.Path); u.media.Path != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// defaultClipName names a clip after the episode and its range.
func (u *UI) defaultClipName() string {
	stamp := func(d time.Duration) string { return strings.ReplaceAll(clock(d), ":", "m") + "s" }
	ext := ".mp3"
	return fmt.Sprintf("%s %s-%s%s", u.title, stamp(u.sel.in), stamp(u.sel.out), ext)
}

// startExport runs an export in the background with a progress dialog
// that can cancel it.
func (u *UI) startExport(base string, f ExportFormats, overwrite bool) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	prog := dialog.NewCustom("Exporting clip…", "Cancel", bar, u.win)
	prog.SetOnClosed(cancel)
	prog.Show()
	job := u.newClipJob(base, f, overwrite) // read the window's state here, on its goroutine
	go func() {
		files, err := job.run(ctx, func(v float64) {
			fyne.Do(func() { bar.SetValue(v) })
		})
		fyne.Do(func() {
			prog.SetOnClosed(nil)
			prog.Hide()
			cancel()
			u.exportDone(files, err)
		})
	}()
}

func (u *UI) exportDone(files []string, err error) {
	switch {
	case errors.Is(err, player.ErrCanceled):
		u.SetNotice(noticeExport, "Export canceled; nothing was written.")
	case err != nil:
		msg := "Export failed: " + err.Error()
		if len(files) > 0 {
			msg += fmt.Sprintf(" (%d of the files were saved)", len(files))
		}
		u.SetNotice(noticeExport, msg)
		u.ShowError(err)
	default:
		var names []string
		for _, f := range files {
			names = append(names, filepath.Base(f))
		}
		u.SetNotice(noticeExport, "Saved "+strings.Join(names, ", ")+" in "+filepath.Dir(files[0])+".")
	}
	u.debug("export files=%q err=%v", files, err)
	u.focusKeys()
}

// Export writes the selected clip to base plus each format's extension.
// Every file is written through a temporary file and renamed only when
// complete, so a failure or a cancel leaves no partial file and never
// touches a file the user did not agree to replace. It returns the files
// written before any error. progress is told the fraction done.
func (u *UI) Export(ctx context.Context, base string, f ExportFormats, overwrite bool, progress func(float64)) ([]string, error) {
	return u.newClipJob(base, f, overwrite).run(ctx, progress)
}

// clipJob is an export with everything it needs from the window copied,
// so that it can run on another goroutine while the user goes on.
type clipJob struct {
	media     player.Media
	rng       player.Range
	tr        *tsync.Transcript
	dur       time.Duration
	base      string
	f         ExportFormats
	overwrite bool
}

func (u *UI) newClipJob(base string, f ExportFormats, overwrite bool) clipJob {
	return clipJob{u.media, u.clipRange(), u.tr, u.engine.Duration(), base, f, overwrite}
}

// run writes the files of the job; see Export.
func (j clipJob) run(ctx context.Context, progress func(float64)) ([]string, error) {
	media, rng, tr, dur, f, overwrite := j.media, j.rng, j.tr, j.dur, j.f, j.overwrite
	targets := exportTargets(j.base, f)
	steps := float64(len(targets))
	var done []string
	for i, path := range targets {
		step := func(d, n int) {
			if progress != nil && n > 0 {
				progress((float64(i) + float64(d)/float64(n)) / steps)
			}
		}
		var write func(io.Writer) error
		switch filepath.Ext(path) {
		case ".mp3":
			write = func(w io.Writer) error { return player.ExportMP3(ctx, media, rng, w, step) }
		case ".wav":
			opt := player.WAVOptions{}
			if f.Fade {
				opt.FadeIn, opt.FadeOut = fadeLength, fadeLength
			}
			write = func(w io.Writer) error { return player.ExportWAV(ctx, media, rng, opt, w, step) }
		default:
			write = func(w io.Writer) error {
				return tsync.Write(w, tr.Excerpt(rng.From, rng.To, dur), f.Transcript)
			}
		}
		if err := player.WriteFile(path, overwrite, write); err != nil {
			return done, err
		}
		done = append(done, path)
	}
	if progress != nil {
		progress(1)
	}
	return done, nil
}
