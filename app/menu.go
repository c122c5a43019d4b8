package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// speedChoices are the speeds the Speed menus offer; [ and ] reach every
// tenth between 0.5× and 3×.
var speedChoices = []float64{0.5, 0.8, 1, 1.2, 1.5, 1.8, 2, 2.5, 3}

// buildMenu sets the window's menu (again, when what it shows changes:
// the recent list, the speed, the speakers).
func (u *UI) buildMenu() {
	sc := u.shortcuts
	file := fyne.NewMenu("File",
		&fyne.MenuItem{Label: "Open Episode…", Shortcut: sc.open, Action: u.showOpen},
		fyne.NewMenuItem("Open Transcript…", u.showOpenTranscript),
		u.recentMenu(),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Export Clip…", Shortcut: sc.export, Action: u.showExport},
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Settings…", u.showSettings),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Quit", Shortcut: sc.quit, IsQuit: true, Action: u.Quit},
	)
	edit := fyne.NewMenu("Edit",
		&fyne.MenuItem{Label: "Find…", Shortcut: sc.find, Action: u.openSearch},
		fyne.NewMenuItem("Copy Lines with Times", u.copyLines),
		fyne.NewMenuItem("Copy Quote", u.copyQuote),
	)
	speed := fyne.NewMenuItem("Speed", nil)
	speed.ChildMenu = u.speedMenu()
	playback := fyne.NewMenu("Playback",
		fyne.NewMenuItem("Play / Pause", u.togglePlay),
		fyne.NewMenuItem(fmt.Sprintf("Back %d s", int(u.skipBack.Seconds())), func() { u.skip(-u.skipBack) }),
		fyne.NewMenuItem(fmt.Sprintf("Forward %d s", int(u.skipFwd.Seconds())), func() { u.skip(u.skipFwd) }),
		fyne.NewMenuItem("Previous Line", func() { u.stepLine(-1) }),
		fyne.NewMenuItem("Next Line", func() { u.stepLine(1) }),
		fyne.NewMenuItemSeparator(),
		speed,
	)
	speakers := fyne.NewMenuItem("Speakers", nil)
	items := []*fyne.MenuItem{{Label: "All", Checked: u.speakers.only == "", Action: func() { u.filterSpeaker("") }}}
	for _, n := range u.speakers.names {
		n := n
		items = append(items, &fyne.MenuItem{Label: n + " only", Checked: u.speakers.only == n, Action: func() { u.filterSpeaker(n) }})
	}
	speakers.ChildMenu = fyne.NewMenu("", items...)
	speakers.Disabled = len(u.speakers.names) < 2
	view := fyne.NewMenu("View",
		&fyne.MenuItem{Label: "Larger Text", Shortcut: sc.larger, Action: func() { u.changeTextScale(TextScaleStep) }},
		&fyne.MenuItem{Label: "Smaller Text", Shortcut: sc.smaller, Action: func() { u.changeTextScale(-TextScaleStep) }},
		&fyne.MenuItem{Label: "Default Text Size", Shortcut: sc.actual, Action: func() { u.setTextScale(1) }},
		fyne.NewMenuItemSeparator(),
		speakers,
		&fyne.MenuItem{Label: "Back to Now", Shortcut: sc.now, Action: u.backToNowAction},
	)
	transcript := fyne.NewMenu("Transcript",
		fyne.NewMenuItem("Open Transcript…", u.showOpenTranscript),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("This Line Is Being Spoken Now", func() { u.lineIsNow(u.cursorOrCurrent()) }),
		fyne.NewMenuItem("Earlier by 0.1 s", func() { u.nudgeSync(-SyncStep) }),
		fyne.NewMenuItem("Later by 0.1 s", func() { u.nudgeSync(SyncStep) }),
		fyne.NewMenuItem("Earlier by 1 s", func() { u.nudgeSync(-SyncStepLarge) }),
		fyne.NewMenuItem("Later by 1 s", func() { u.nudgeSync(SyncStepLarge) }),
		&fyne.MenuItem{Label: "Reset Sync", Disabled: u.syncs.zero(), Action: u.resetSync},
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("Keyboard Shortcuts", u.showShortcuts))
	u.win.SetMainMenu(fyne.NewMainMenu(file, edit, playback, view, transcript, help))
}

// speedMenu lists the speeds, the one playing checked.
func (u *UI) speedMenu() *fyne.Menu {
	cur := u.engine.Speed()
	var items []*fyne.MenuItem
	for _, v := range speedChoices {
		v := v
		items = append(items, &fyne.MenuItem{Label: fmt.Sprintf("%.1f×", v), Checked: v == cur, Action: func() { u.setSpeed(v); u.focusKeys() }})
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Slower by 0.1×", func() { u.changeSpeed(-SpeedStep) }),
		fyne.NewMenuItem("Faster by 0.1×", func() { u.changeSpeed(SpeedStep) }))
	return fyne.NewMenu("Speed", items...)
}

// showSpeedMenu opens the speed menu under the toolbar's speed button.
func (u *UI) showSpeedMenu() {
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(u.speedBtn).Add(fyne.NewPos(0, u.speedBtn.Size().Height))
	widget.ShowPopUpMenuAtPosition(u.speedMenu(), u.win.Canvas(), pos)
}
