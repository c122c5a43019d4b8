package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"readalong/chapters"
	"readalong/clock"
	"readalong/export"
	"readalong/player"
	tsync "readalong/sync"
)

// ExportFormats says which files an export writes.
type ExportFormats struct {
	MP3, WAV   bool
	Fade       bool         // fade the WAV in and out
	Transcript tsync.Format // "" for none
	Chapters   bool         // the chapters in the clip, as a chapters file
}

// fadeLength is the length of the WAV fades.
const fadeLength = 300 * time.Millisecond

// outputs lists the files an export to base (a path without extension)
// writes.
func (f ExportFormats) outputs(base string) []export.Output {
	var out []export.Output
	for _, c := range export.Choices() {
		if c.Kind == export.MP3 && f.MP3 || c.Kind == export.WAV && f.WAV || c.Kind == export.Transcript && c.Format == f.Transcript || c.Kind == export.Chapters && f.Chapters {
			out = append(out, export.Output{Path: base + c.Ext, Kind: c.Kind, Format: c.Format})
		}
	}
	return out
}

// showExport asks which formats and where, then exports the clip.
func (u *UI) showExport() {
	if !u.ep.sel.Active() {
		cur := u.current()
		if cur < 0 {
			u.notes.set(noticeExport, "Select lines (Shift+click) or mark a clip with I and O first.")
			return
		}
		u.selectLines(cur, cur)
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
	chs := widget.NewCheck("Chapters in the clip (.chapters.json; the MP3 carries them too)", nil)
	if len(chapters.Clip(u.ep.chapters, u.ep.sel.In, u.ep.sel.Out)) == 0 {
		chs.Disable()
	}
	labels := []string{"No transcript"}
	formats := []tsync.Format{""}
	for _, c := range export.Choices() {
		if c.Kind == export.Transcript {
			labels = append(labels, c.Label)
			formats = append(formats, c.Format)
		}
	}
	tr := widget.NewSelect(labels, nil)
	tr.SetSelectedIndex(slices.Index(formats, tsync.FormatSRT))
	if u.ep.tr.Len() == 0 {
		tr.SetSelectedIndex(0)
		tr.Disable()
	}
	form := container.NewVBox(
		widget.NewLabel(fmt.Sprintf("Clip %s → %s", clock.Tenths(u.ep.sel.In), clock.Tenths(u.ep.sel.Out))),
		mp3, wav, fade, tr, chs,
	)
	u.showConfirm(dialog.NewCustomConfirm("Export clip", "Choose where…", "Cancel", form, func(ok bool) {
		u.focusKeys()
		if !ok {
			return
		}
		f := ExportFormats{MP3: mp3.Checked, WAV: wav.Checked, Fade: fade.Checked, Transcript: formats[tr.SelectedIndex()], Chapters: chs.Checked}
		if !f.MP3 && !f.WAV && f.Transcript == "" && !f.Chapters {
			return
		}
		u.askWhere(f)
	}, u.win))
	u.debug("export asked")
}

// showConfirm shows a question whose answer Enter gives (and Escape
// declines), as its buttons do.
func (u *UI) showConfirm(d *dialog.ConfirmDialog) {
	u.asking = d
	d.SetOnClosed(func() {
		if u.asking == d {
			u.asking = nil
		}
	})
	d.Show()
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
		for _, o := range f.outputs(base) {
			if _, err := os.Stat(o.Path); err == nil {
				existing = append(existing, filepath.Base(o.Path))
			}
		}
		if len(existing) == 0 {
			u.startExport(base, f, false)
			return
		}
		u.showConfirm(dialog.NewConfirm("Replace files?", "These files exist already:\n"+strings.Join(existing, "\n")+"\nReplace them?", func(ok bool) {
			if ok {
				u.startExport(base, f, true)
			}
		}, u.win))
	}, u.win)
	d.SetFileName(u.defaultClipName())
	if dir := filepath.Dir(u.ep.media.Path); u.ep.media.Path != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
	u.debug("export where")
}

// defaultClipName names a clip after the episode and its range.
func (u *UI) defaultClipName() string {
	stamp := func(d time.Duration) string { return strings.ReplaceAll(clock.Short(d), ":", "m") + "s" }
	return fmt.Sprintf("%s %s-%s.mp3", u.ep.title, stamp(u.ep.sel.In), stamp(u.ep.sel.Out))
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
			// Hiding the dialog calls its close callback, cancel, which
			// no longer matters: the job is over. (SetOnClosed chains
			// callbacks, so it cannot be unset.)
			prog.Hide()
			u.exportDone(files, err)
		})
	}()
}

func (u *UI) exportDone(files []string, err error) {
	switch {
	case errors.Is(err, player.ErrCanceled):
		u.notes.set(noticeExport, "Export canceled; nothing was written.")
	case err != nil:
		msg := "Export failed: " + err.Error()
		if len(files) > 0 {
			msg += fmt.Sprintf(" (%d of the files were saved)", len(files))
		}
		u.notes.set(noticeExport, msg)
		u.ShowError(err)
	default:
		var names []string
		for _, f := range files {
			names = append(names, filepath.Base(f))
		}
		u.notes.set(noticeExport, "Saved "+strings.Join(names, ", ")+" in "+filepath.Dir(files[0])+".")
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
	clip      export.Clip
	outs      []export.Output
	overwrite bool
}

func (u *UI) newClipJob(base string, f ExportFormats, overwrite bool) clipJob {
	e := &u.ep
	c := export.Clip{Media: e.media, Range: u.clipRange(), Transcript: e.tr, Duration: u.last.Duration,
		Chapters: e.chapters, Title: e.title, Artist: e.show}
	if f.Fade {
		c.Fade = fadeLength
	}
	return clipJob{c, f.outputs(base), overwrite}
}

// run writes the files of the job; see Export.
func (j clipJob) run(ctx context.Context, progress func(float64)) ([]string, error) {
	return export.Write(ctx, j.clip, j.outs, j.overwrite, progress)
}
