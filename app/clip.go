package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"readalong/player"
)

// Nudge is how far the clip's ends move per click of their buttons.
const Nudge = 100 * time.Millisecond

// defaultMark is the clip length given when only one end is marked.
const defaultMark = 30 * time.Second

// selection is the clip range chosen in the window: by shift-clicking a
// second line, or by marking in and out at the playhead.
type selection struct {
	active  bool
	in, out time.Duration
}

// clipBar is the row of clip controls shown while a range is selected.
type clipBar struct {
	box   *fyne.Container
	label *widget.Label
}

func (u *UI) buildClipBar() *fyne.Container {
	u.clip.label = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	btn := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, func() { f(); u.focusKeys() })
		b.Importance = widget.LowImportance
		return b
	}
	u.clip.box = container.NewHBox(
		widget.NewIcon(theme.ContentCutIcon()),
		u.clip.label,
		btn("", theme.NavigateBackIcon(), func() { u.nudge(true, -Nudge) }),
		widget.NewLabel("start"),
		btn("", theme.NavigateNextIcon(), func() { u.nudge(true, Nudge) }),
		btn("", theme.NavigateBackIcon(), func() { u.nudge(false, -Nudge) }),
		widget.NewLabel("end"),
		btn("", theme.NavigateNextIcon(), func() { u.nudge(false, Nudge) }),
		btn("Preview", theme.MediaPlayIcon(), u.preview),
		btn("Export…", theme.DocumentSaveIcon(), u.showExport),
		btn("Quote", theme.ContentCopyIcon(), u.copyQuote),
		btn("", theme.CancelIcon(), u.clearSelection),
	)
	u.clip.box.Hide()
	return u.clip.box
}

// shiftHeld reports whether Shift is down, asking the desktop driver.
func (u *UI) shiftHeld() bool {
	if u.modifiers != nil {
		return u.modifiers()&fyne.KeyModifierShift != 0
	}
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}

// selectLines selects lines a to b (either order), whole.
func (u *UI) selectLines(a, b int) {
	if a > b {
		a, b = b, a
	}
	a, b = max(a, 0), min(b, u.tr.Len()-1)
	if a > b {
		return
	}
	u.setSelection(u.tr.Segments[a].Start, u.tr.EndOf(b, u.engine.Duration()))
}

// setSelection selects [in, out), clamped to the episode.
func (u *UI) setSelection(in, out time.Duration) {
	dur := u.engine.Duration()
	in = max(0, min(in, dur))
	out = max(0, min(out, dur))
	if out <= in {
		out = min(in+Nudge, dur)
		if out <= in {
			in = max(0, out-Nudge)
		}
	}
	u.sel = selection{active: true, in: in, out: out}
	u.showSelection()
}

func (u *UI) clearSelection() {
	u.sel = selection{}
	u.previewUntil = 0
	u.showSelection()
}

// showSelection updates the clip bar and the rows' selection marks.
func (u *UI) showSelection() {
	if !u.sel.active {
		u.clip.box.Hide()
	} else {
		u.clip.label.SetText(fmt.Sprintf("%s → %s (%.1f s)", clockTenths(u.sel.in), clockTenths(u.sel.out), (u.sel.out - u.sel.in).Seconds()))
		u.clip.box.Show()
	}
	for seg, r := range u.shown {
		if r.seg == seg {
			r.setSelected(u.inSelection(seg))
		}
	}
	u.debug("selection active=%v in=%.3f out=%.3f", u.sel.active, u.sel.in.Seconds(), u.sel.out.Seconds())
}

// inSelection reports whether line id overlaps the selected range.
func (u *UI) inSelection(id int) bool {
	if !u.sel.active || id < 0 || id >= u.tr.Len() {
		return false
	}
	s := u.tr.Segments[id].Start
	return s < u.sel.out && u.tr.EndOf(id, u.engine.Duration()) > u.sel.in
}

// selectedLines returns the first and last line overlapping the
// selection, or -1, -1.
func (u *UI) selectedLines() (int, int) {
	first, last := -1, -1
	for i := range u.tr.Segments {
		if u.inSelection(i) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// markIn starts the clip at the playhead; markOut ends it there.
func (u *UI) markIn() {
	pos := u.engine.Position()
	out := u.sel.out
	if !u.sel.active || out <= pos {
		out = pos + defaultMark
	}
	u.setSelection(pos, out)
}

func (u *UI) markOut() {
	pos := u.engine.Position()
	in := u.sel.in
	if !u.sel.active || in >= pos {
		in = max(0, pos-defaultMark)
	}
	u.setSelection(in, pos)
}

// nudge moves the start (or the end) of the clip by d.
func (u *UI) nudge(start bool, d time.Duration) {
	if !u.sel.active {
		return
	}
	if start {
		u.setSelection(min(u.sel.in+d, u.sel.out-Nudge), u.sel.out)
	} else {
		u.setSelection(u.sel.in, max(u.sel.out+d, u.sel.in+Nudge))
	}
}

// preview plays the clip and pauses at its end.
func (u *UI) preview() {
	if !u.sel.active {
		return
	}
	u.seek(u.sel.in)
	u.previewUntil = u.sel.out
	u.engine.Play()
	u.sync()
}

// checkPreview pauses a preview that reached the clip's end.
func (u *UI) checkPreview(pos time.Duration) {
	if u.previewUntil > 0 && pos >= u.previewUntil {
		u.previewUntil = 0
		u.engine.Pause()
	}
}

// quote is the selected lines as text to share: each line with its
// speaker, then the episode and the time.
func (u *UI) quote() string {
	first, last := u.selectedLines()
	if first < 0 {
		if first = u.cursorOrCurrent(); first < 0 {
			return ""
		}
		last = first
	}
	var b strings.Builder
	prev := ""
	for i := first; i <= last; i++ {
		s := u.tr.Segments[i]
		if s.Speaker != "" && s.Speaker != prev {
			b.WriteString(s.Speaker + ": ")
		}
		prev = s.Speaker
		b.WriteString(s.Text + "\n")
	}
	at := u.tr.Segments[first].Start
	if u.sel.active {
		at = u.sel.in
	}
	fmt.Fprintf(&b, "— %s, at %s\n", u.title, clock(at))
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
	u.SetNotice(noticeExport, "Quote copied.")
}

// clockTenths formats d as m:ss.t.
func clockTenths(d time.Duration) string {
	d = d.Round(100 * time.Millisecond)
	return fmt.Sprintf("%s.%d", clock(d), int(d/(100*time.Millisecond))%10)
}

// clipRange is the selection as the player's Range.
func (u *UI) clipRange() player.Range {
	return player.Range{From: u.sel.in, To: u.sel.out}
}

// copyLines puts the selected lines (the clip's, else the outlined line,
// else the one being spoken) on the clipboard, each with its time and
// speaker. With the list filtered to one speaker, only the lines listed
// are copied.
func (u *UI) copyLines() {
	var segs []int
	if first, last := u.selectedLines(); first >= 0 {
		for i := first; i <= last; i++ {
			if _, listed := u.rowOf(i); listed {
				segs = append(segs, i)
			}
		}
	} else if c := u.cursorOrCurrent(); c >= 0 {
		segs = []int{c}
	}
	if len(segs) == 0 {
		u.SetNotice(noticeExport, "Nothing to copy: click a line or select lines first.")
		return
	}
	u.copySegments(segs...)
}

// copySegments puts the segments given on the clipboard as
// "[m:ss] Speaker: text" lines.
func (u *UI) copySegments(segs ...int) {
	var b strings.Builder
	for _, i := range segs {
		s := u.tr.Segments[i]
		fmt.Fprintf(&b, "[%s] ", clock(s.Start))
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
	u.SetNotice(noticeExport, msg)
	u.debug("copied lines=%d", len(segs))
}
