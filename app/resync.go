package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"readalong/app/session"
	"readalong/clock"
	tsync "readalong/sync"
)

// Steps of the sync offset: , and . move the transcript by the small
// step, < and > (with Shift) by the large one.
const (
	SyncStep      = 100 * time.Millisecond
	SyncStepLarge = time.Second
)

// syncBar shows the sync when it is not zero, with its controls.
type syncBar struct {
	box   *fyne.Container
	label *widget.Label
}

func newSyncBar(u *UI) *syncBar {
	s := &syncBar{label: widget.NewLabel("")}
	btn := func(label string, f func()) *widget.Button {
		b := widget.NewButton(label, func() { f(); u.focusKeys() })
		b.Importance = widget.LowImportance
		return b
	}
	s.box = container.NewHBox(
		widget.NewIcon(theme.HistoryIcon()),
		s.label,
		btn("−1 s", func() { u.nudgeSync(-SyncStepLarge) }),
		btn("−0.1 s", func() { u.nudgeSync(-SyncStep) }),
		btn("+0.1 s", func() { u.nudgeSync(SyncStep) }),
		btn("+1 s", func() { u.nudgeSync(SyncStepLarge) }),
		btn("Reset", u.resetSync),
	)
	s.box.Hide()
	return s
}

func (u *UI) syncStep(large bool) time.Duration {
	if large {
		return SyncStepLarge
	}
	return SyncStep
}

// applySync re-times the transcript as read by the episode's sync and
// shows the result.
func (u *UI) applySync() {
	e := &u.ep
	var tr *tsync.Transcript
	if u.aligner.res != nil && u.aligner.before != nil {
		tr, e.sync = u.aligned()
	} else {
		var eff session.Sync
		var err error
		tr, eff, err = e.sync.Apply(e.base)
		if err != nil {
			// Pins contradicted each other: the newer ones stand.
			u.notes.set(noticeSync, sentence(err.Error()))
			e.sync = eff
		}
	}
	e.tr = tr
	e.filter = session.NewFilter(tr, e.filter.Only)
	e.index = nil
	u.showTranscript()
	u.showSync()
	u.buildMenu()
}

// showSync shows or hides the sync bar.
func (u *UI) showSync() {
	if u.ep.sync.Zero() {
		u.syncBar.box.Hide()
		return
	}
	u.syncBar.label.SetText(u.ep.sync.Describe(u.ep.base, clock.Tenths))
	u.syncBar.box.Show()
}

// resynced shows the transcript with its new sync, and stores it.
func (u *UI) resynced() {
	u.applySync()
	u.showMatches()
	u.sync()
	u.remember(false)
}

// nudgeSync moves the transcript d later (earlier for a negative d).
func (u *UI) nudgeSync(d time.Duration) {
	u.ep.sync = u.ep.sync.Nudged(d)
	u.notes.set(noticeSync, "")
	u.resynced()
	u.debug("sync offset=%.3f", u.ep.sync.Offset.Seconds())
}

// resetSync shows the transcript with its own times again.
func (u *UI) resetSync() {
	u.ep.sync = session.Sync{}
	u.notes.set(noticeSync, "")
	u.resynced()
	u.debug("sync reset")
}

// lineIsNow pins line seg to the playhead: the line the listener hears
// starting now. The first pin shifts the whole transcript; further pins
// on other lines re-time it piecewise linearly through them (for audio
// with ads the transcript does not have, or cut). A pin replaces those it
// contradicts.
func (u *UI) lineIsNow(seg int) {
	if seg < 0 || seg >= u.ep.base.Len() {
		return
	}
	now := u.engine.Status().Position
	u.ep.sync = u.ep.sync.Pinned(seg, now)
	u.notes.set(noticeSync, "")
	u.resynced()
	if ps := u.ep.sync.Pins; len(ps) >= 2 {
		u.notes.set(noticeSync, "Transcript re-timed "+pinnedLines(ps)+".")
	} else if u.notes.msgs[noticeSync] == "" {
		u.notes.set(noticeSync, fmt.Sprintf("Line %d now starts at %s. Pin a second line far from it to re-time the whole transcript.", seg+1, clock.Tenths(now)))
	}
	u.debug("sync pin line=%d at=%.3f points=%d", seg, now.Seconds(), len(u.ep.sync.Pins))
}

// pinnedLines names the pinned lines, in order: "between lines 11 and
// 31", "through lines 11, 21 and 31".
func pinnedLines(ps []session.Pin) string {
	ls := make([]int, len(ps))
	for k, p := range ps {
		ls[k] = p.Line + 1
	}
	slices.Sort(ls)
	if len(ls) == 2 {
		return fmt.Sprintf("between lines %d and %d", ls[0], ls[1])
	}
	var b strings.Builder
	b.WriteString("through lines ")
	for k, l := range ls {
		switch {
		case k == len(ls)-1:
			b.WriteString(" and ")
		case k > 0:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(l))
	}
	return b.String()
}

// lineMenu is the menu of a right-clicked line.
func (u *UI) lineMenu(seg int, at fyne.Position) {
	if seg < 0 || seg >= u.ep.tr.Len() {
		return
	}
	u.setCursor(seg)
	m := fyne.NewMenu("",
		fyne.NewMenuItem("Play from here", func() { u.playLine(seg) }),
		fyne.NewMenuItem(fmt.Sprintf("This line is being spoken now (%s)", clock.Short(u.engine.Status().Position)), func() { u.lineIsNow(seg); u.focusKeys() }),
		fyne.NewMenuItem("Copy line with time", func() { u.copySegments(seg) }),
	)
	widget.ShowPopUpMenuAtPosition(m, u.win.Canvas(), at)
}
