package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"readalong/app/session"
	"readalong/clock"
	"readalong/player"
)

// clipBar is the row of clip controls shown while a clip is selected.
type clipBar struct {
	box   *fyne.Container
	label *widget.Label
}

func newClipBar(u *UI) *clipBar {
	c := &clipBar{label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})}
	btn := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, func() { f(); u.focusKeys() })
		b.Importance = widget.LowImportance
		return b
	}
	nudge := func(start bool, d time.Duration) func() {
		return func() { u.setSelection(u.ep.sel.Nudged(start, d, u.last.Duration)) }
	}
	c.box = container.NewHBox(
		widget.NewIcon(theme.ContentCutIcon()),
		c.label,
		btn("", theme.NavigateBackIcon(), nudge(true, -session.Nudge)),
		widget.NewLabel("start"),
		btn("", theme.NavigateNextIcon(), nudge(true, session.Nudge)),
		btn("", theme.NavigateBackIcon(), nudge(false, -session.Nudge)),
		widget.NewLabel("end"),
		btn("", theme.NavigateNextIcon(), nudge(false, session.Nudge)),
		btn("Preview", theme.MediaPlayIcon(), u.preview),
		btn("Export…", theme.DocumentSaveIcon(), u.showExport),
		btn("Quote", theme.ContentCopyIcon(), u.copyQuote),
		btn("", theme.CancelIcon(), u.clearSelection),
	)
	c.box.Hide()
	return c
}

// tapRow handles a click on a row of the transcript: it plays the line,
// or with Shift selects the lines from the last clicked to it.
func (u *UI) tapRow(row int) {
	u.focusKeys()
	if k := u.titleOf(row); k >= 0 {
		u.goToChapter(u.listedChapter(k))
		return
	}
	seg := u.segOf(row)
	if seg < 0 {
		return
	}
	if u.shiftHeld() {
		anchor := u.ep.anchor
		if anchor < 0 {
			anchor = max(u.current(), 0)
		}
		u.selectLines(anchor, seg)
		return
	}
	u.ep.anchor = seg
	if u.ep.sel.Active() {
		u.clearSelection()
	}
	u.playLine(seg)
}

// selectLines selects lines a to b (either order), whole.
func (u *UI) selectLines(a, b int) {
	u.setSelection(session.SelectLines(u.ep.tr, a, b, u.last.Duration))
}

// setSelection makes s the clip.
func (u *UI) setSelection(s session.Selection) {
	u.ep.sel = s
	u.showSelection()
}

func (u *UI) clearSelection() {
	u.ep.sel, u.ep.preview = session.Selection{}, 0
	u.showSelection()
}

// showSelection updates the clip bar and the rows' marks.
func (u *UI) showSelection() {
	s := u.ep.sel
	if !s.Active() {
		u.clip.box.Hide()
	} else {
		u.clip.label.SetText(fmt.Sprintf("%s → %s (%.1f s)", clock.Tenths(s.In), clock.Tenths(s.Out), (s.Out - s.In).Seconds()))
		u.clip.box.Show()
	}
	u.showMarks()
	u.debug("selection active=%v in=%.3f out=%.3f", s.Active(), s.In.Seconds(), s.Out.Seconds())
}

// markIn starts the clip at the playhead; markOut ends it there.
func (u *UI) markIn() {
	st := u.engine.Status()
	u.setSelection(u.ep.sel.MarkIn(st.Position, st.Duration))
}

func (u *UI) markOut() {
	st := u.engine.Status()
	u.setSelection(u.ep.sel.MarkOut(st.Position, st.Duration))
}

// preview plays the clip and pauses at its end.
func (u *UI) preview() {
	if !u.ep.sel.Active() {
		return
	}
	u.seek(u.ep.sel.In)
	u.ep.preview = u.ep.sel.Out
	u.engine.Play()
	u.sync()
}

// checkPreview pauses a preview that reached the clip's end.
func (u *UI) checkPreview(pos time.Duration) {
	if u.ep.preview > 0 && pos >= u.ep.preview {
		u.ep.preview = 0
		u.engine.Pause()
	}
}

// quote is the selected lines as text to share: each line with its
// speaker, then the episode and the time.
func (u *UI) quote() string {
	e := &u.ep
	first, last := e.sel.Lines(e.tr, u.last.Duration)
	if first < 0 {
		if first = u.cursorOrCurrent(); first < 0 {
			return ""
		}
		last = first
	}
	var b strings.Builder
	prev := ""
	for i := first; i <= last; i++ {
		s := e.tr.Segments[i]
		if s.Speaker != "" && s.Speaker != prev {
			b.WriteString(s.Speaker + ": ")
		}
		prev = s.Speaker
		b.WriteString(s.Text + "\n")
	}
	at := e.tr.Segments[first].Start
	if e.sel.Active() {
		at = e.sel.In
	}
	fmt.Fprintf(&b, "— %s, at %s\n", e.title, clock.Short(at))
	return b.String()
}

// copyQuote puts the selected lines (or the line being spoken) on the
// clipboard.
func (u *UI) copyQuote() {
	q := u.quote()
	if q == "" {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(q)
	u.notes.set(noticeExport, "Quote copied.")
}

// clipRange is the selection as the player's Range.
func (u *UI) clipRange() player.Range {
	return player.Range{From: u.ep.sel.In, To: u.ep.sel.Out}
}

// copyLines puts the selected lines (the clip's, else the outlined line,
// else the one being spoken) on the clipboard, each with its time and
// speaker. With the lines filtered to one speaker, only the lines listed
// are copied.
func (u *UI) copyLines() {
	e := &u.ep
	var segs []int
	if first, last := e.sel.Lines(e.tr, u.last.Duration); first >= 0 {
		for i := first; i <= last; i++ {
			if e.filter.Listed(i) {
				segs = append(segs, i)
			}
		}
	} else if c := u.cursorOrCurrent(); c >= 0 {
		segs = []int{c}
	}
	if len(segs) == 0 {
		u.notes.set(noticeExport, "Nothing to copy: click a line or select lines first.")
		return
	}
	u.copySegments(segs...)
}

// copySegments puts the segments given on the clipboard as
// "[m:ss] Speaker: text" lines.
func (u *UI) copySegments(segs ...int) {
	var b strings.Builder
	for _, i := range segs {
		s := u.ep.tr.Segments[i]
		fmt.Fprintf(&b, "[%s] ", clock.Short(s.Start))
		if s.Speaker != "" {
			b.WriteString(s.Speaker + ": ")
		}
		b.WriteString(s.Text + "\n")
	}
	fyne.CurrentApp().Clipboard().SetContent(b.String())
	msg := "1 line copied."
	if len(segs) > 1 {
		msg = fmt.Sprintf("%d lines copied.", len(segs))
	}
	u.notes.set(noticeExport, msg)
	u.debug("copied lines=%d", len(segs))
}

// sessionSelect is session.Select: [in, out) of an episode dur long.
func sessionSelect(in, out, dur time.Duration) session.Selection { return session.Select(in, out, dur) }
