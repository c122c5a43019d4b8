package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	tsync "readalong/sync"
)

// Steps of the sync offset: , and . move the transcript by the small
// step, < and > (with Shift) by the large one.
const (
	SyncStep      = 100 * time.Millisecond
	SyncStepLarge = time.Second
)

// syncState is how the transcript is re-timed to the episode, stored per
// episode: up to two lines pinned to the time they are heard at ("this
// line is now"; one pin shifts the whole transcript, two re-time it
// between them), then an offset on top.
type syncState struct {
	Points []syncPoint   `json:"points,omitempty"`
	Offset time.Duration `json:"offset,omitempty"`
}

// syncPoint pins segment Line (an index into the transcript as read) to
// time At of the episode.
type syncPoint struct {
	Line int           `json:"line"`
	At   time.Duration `json:"at"`
}

func (s syncState) zero() bool { return s.Offset == 0 && len(s.Points) == 0 }

// syncBar shows the sync when it is not zero, with its controls.
type syncBar struct {
	box   *fyne.Container
	label *widget.Label
}

func (u *UI) buildSyncBar() fyne.CanvasObject {
	u.syncBar.label = widget.NewLabel("")
	btn := func(label string, f func()) *widget.Button {
		b := widget.NewButton(label, func() { f(); u.focusKeys() })
		b.Importance = widget.LowImportance
		return b
	}
	u.syncBar.box = container.NewHBox(
		widget.NewIcon(theme.HistoryIcon()),
		u.syncBar.label,
		btn("−1 s", func() { u.nudgeSync(-SyncStepLarge) }),
		btn("−0.1 s", func() { u.nudgeSync(-SyncStep) }),
		btn("+0.1 s", func() { u.nudgeSync(SyncStep) }),
		btn("+1 s", func() { u.nudgeSync(SyncStepLarge) }),
		btn("Reset", u.resetSync),
	)
	u.syncBar.box.Hide()
	return u.syncBar.box
}

func (u *UI) syncStep(large bool) time.Duration {
	if large {
		return SyncStepLarge
	}
	return SyncStep
}

// applySync re-times the transcript as read by the sync state and shows
// the result. Pins naming lines the transcript does not have (the
// episode opened without its transcript, say) are not applied, but kept:
// they are the episode's.
func (u *UI) applySync() {
	t := u.base
	ps := u.syncs.Points
	for _, p := range ps {
		if p.Line < 0 || p.Line >= u.base.Len() || p.At < 0 {
			ps = nil // stored for another transcript
		}
	}
	switch len(ps) {
	case 1:
		t = t.Shift(ps[0].At - t.Segments[ps[0].Line].Start)
	case 2:
		rt, err := t.Retime(ps[0].Line, ps[0].At, ps[1].Line, ps[1].At)
		if err != nil {
			// The two pins contradict each other: the later one stands.
			u.SetNotice(noticeSync, "Re-timing not applied: "+err.Error())
			u.syncs.Points = ps[1:]
			t = t.Shift(ps[1].At - t.Segments[ps[1].Line].Start)
		} else {
			t = rt
		}
	}
	if u.syncs.Offset != 0 {
		t = t.Shift(u.syncs.Offset)
	}
	u.tr = t
	u.transcriptChanged()
	u.retimeHits()
	u.showSync()
	u.buildMenu()
}

// retimeHits moves the search hits on the timeline to the new times.
func (u *UI) retimeHits() {
	if len(u.search.matches) == 0 {
		return
	}
	hits := make([]time.Duration, len(u.search.matches))
	for i, m := range u.search.matches {
		hits[i] = u.tr.Segments[m.Segment].Start
	}
	u.band.SetHits(hits)
}

// showSync shows or hides the sync bar.
func (u *UI) showSync() {
	s := u.syncs
	if s.zero() {
		u.syncBar.box.Hide()
		return
	}
	var what string
	for _, p := range s.Points {
		if p.Line >= u.base.Len() {
			s.Points = nil
			what = "Pins kept for the episode's own transcript, not applied to this one"
		}
	}
	switch len(s.Points) {
	case 1:
		what = fmt.Sprintf("Line %d pinned at %s", s.Points[0].Line+1, clockTenths(s.Points[0].At))
	case 2:
		what = fmt.Sprintf("Re-timed: line %d at %s, line %d at %s", s.Points[0].Line+1, clockTenths(s.Points[0].At), s.Points[1].Line+1, clockTenths(s.Points[1].At))
	}
	if s.Offset != 0 {
		if what != "" {
			what += ", "
		}
		what += "transcript " + signedSeconds(s.Offset)
	}
	u.syncBar.label.SetText(what)
	u.syncBar.box.Show()
}

// signedSeconds writes d as "+1.3 s later" or "0.2 s earlier".
func signedSeconds(d time.Duration) string {
	if d < 0 {
		return fmt.Sprintf("%.1f s earlier", -d.Seconds())
	}
	return fmt.Sprintf("%.1f s later", d.Seconds())
}

// nudgeSync moves the transcript d later (earlier for a negative d).
func (u *UI) nudgeSync(d time.Duration) {
	u.syncs.Offset += d
	u.SetNotice(noticeSync, "")
	u.applySync()
	u.sync()
	u.remember(false)
	u.debug("sync offset=%.3f", u.syncs.Offset.Seconds())
}

// resetSync shows the transcript with its own times again.
func (u *UI) resetSync() {
	u.syncs = syncState{}
	u.SetNotice(noticeSync, "")
	u.applySync()
	u.sync()
	u.remember(false)
	u.debug("sync reset")
}

// lineIsNow pins segment seg to the playhead: the line the listener hears
// starting now. The first pin shifts the whole transcript; a second pin
// on another line re-times the transcript between the two (for audio
// with ads the transcript does not have, or cut). A later pin replaces
// the older of the two.
func (u *UI) lineIsNow(seg int) {
	if seg < 0 || seg >= u.base.Len() {
		return
	}
	now := u.engine.Position()
	p := syncPoint{Line: seg, At: now}
	var ps []syncPoint
	for _, q := range u.syncs.Points {
		if q.Line != seg {
			ps = append(ps, q)
		}
	}
	if len(ps) == 2 {
		ps = ps[1:]
	}
	ps = append(ps, p)
	u.syncs = syncState{Points: ps}
	u.SetNotice(noticeSync, "")
	u.applySync()
	u.sync()
	if len(u.syncs.Points) == 2 {
		u.SetNotice(noticeSync, fmt.Sprintf("Transcript re-timed between lines %d and %d.", u.syncs.Points[0].Line+1, u.syncs.Points[1].Line+1))
	} else if u.notices[noticeSync] == "" {
		u.SetNotice(noticeSync, fmt.Sprintf("Line %d now starts at %s. Pin a second line far from it to re-time the whole transcript.", seg+1, clockTenths(now)))
	}
	u.remember(false)
	u.debug("sync pin line=%d at=%.3f points=%d", seg, now.Seconds(), len(u.syncs.Points))
}

// lineMenu is the menu of a right-clicked line.
func (u *UI) lineMenu(seg int, at fyne.Position) {
	if seg < 0 || seg >= u.tr.Len() {
		return
	}
	u.setCursor(seg)
	m := fyne.NewMenu("",
		fyne.NewMenuItem("Play from here", func() { u.playLine(seg) }),
		fyne.NewMenuItem(fmt.Sprintf("This line is being spoken now (%s)", clock(u.engine.Position())), func() { u.lineIsNow(seg); u.focusKeys() }),
		fyne.NewMenuItem("Copy line with time", func() { u.copySegments(seg) }),
	)
	widget.ShowPopUpMenuAtPosition(m, u.win.Canvas(), at)
}

// samePinnedLines reports whether b has the text a has at every pinned
// line: then the pins mean the same in both.
func samePinnedLines(a, b *tsync.Transcript, ps []syncPoint) bool {
	for _, p := range ps {
		if p.Line >= a.Len() || p.Line >= b.Len() || a.Segments[p.Line].Text != b.Segments[p.Line].Text {
			return false
		}
	}
	return true
}
