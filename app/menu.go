package app

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"readalong/player"
)

// speedChoices are the speeds the Speed menus offer; [ and ] reach every
// tenth between 0.5× and 3×, and the speed playing is listed too.
var speedChoices = []float64{0.5, 0.8, 1, 1.2, 1.5, 1.8, 2, 2.5, 3}

// showPopUp shows menu m at absolute position at.
func showPopUp(u *UI, m *fyne.Menu, at fyne.Position) {
	widget.ShowPopUpMenuAtPosition(m, u.win.Canvas(), at)
}

// item is a menu item with its shortcut shown.
func item(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	return &fyne.MenuItem{Label: label, Shortcut: sc, Action: action}
}

// buildMenu sets the window's menu (again, when what it shows changes:
// the recent list, the speed, the speakers, the sync).
func (u *UI) buildMenu() {
	k := hotkeys
	file := fyne.NewMenu("File",
		item("Open Episode…", k.open, u.showOpen),
		item("Open Link…", k.openLink, u.showOpenLink),
		fyne.NewMenuItem("Open Transcript…", u.showOpenTranscript),
		&fyne.MenuItem{Label: "Save Transcript As…", Action: u.showSaveTranscript, Disabled: u.ep.tr == nil || u.ep.tr.Len() == 0},
		u.recentMenu(),
		u.feedsMenu(),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Keep Offline…", Action: u.showKeepOffline, Disabled: u.web.playing == nil},
		&fyne.MenuItem{Label: "Stop Download", Action: u.stopDownload, Disabled: !u.downloading()},
		fyne.NewMenuItemSeparator(),
		item("Export Clip…", k.export, u.showExport),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Settings…", u.showSettings),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Quit", Shortcut: k.quit, IsQuit: true, Action: u.Quit},
	)
	edit := fyne.NewMenu("Edit",
		item("Find…", k.find, u.openSearch),
		item("Copy Lines with Times", k.copy, u.copyAction),
		fyne.NewMenuItem("Copy Quote", u.copyQuote),
		fyne.NewMenuItemSeparator(),
		item("Clip Starts Here", k.markIn, u.markIn),
		item("Clip Ends Here", k.markOut, u.markOut),
		fyne.NewMenuItem("Clear Clip", u.clearSelection),
	)
	speed := fyne.NewMenuItem("Speed", nil)
	speed.ChildMenu = u.speedMenu()
	playback := fyne.NewMenu("Playback",
		item("Play / Pause", k.play, u.togglePlay),
		item(fmt.Sprintf("Back %d s", int(u.skips[0].Seconds())), k.back, func() { u.skip(-u.skips[0]) }),
		item(fmt.Sprintf("Forward %d s", int(u.skips[1].Seconds())), k.fwd, func() { u.skip(u.skips[1]) }),
		item("Previous Line", k.prevLine, func() { u.stepLine(-1) }),
		item("Next Line", k.nextLine, func() { u.stepLine(1) }),
		fyne.NewMenuItemSeparator(),
		speed,
		fyne.NewMenuItemSeparator(),
		item("Volume Up", k.volUp, func() { u.setVolume(u.engine.Status().Volume + VolumeStep) }),
		item("Volume Down", k.volDown, func() { u.setVolume(u.engine.Status().Volume - VolumeStep) }),
		&fyne.MenuItem{Label: "Mute", Shortcut: k.mute, Checked: u.last.Muted, Action: u.toggleMute},
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Try Sound Again", Action: u.retryOutput,
			Disabled: u.last.Output != player.OutputSilent && u.last.Output != player.OutputLost},
	)
	speakers := fyne.NewMenuItem("Speakers", nil)
	items := []*fyne.MenuItem{{Label: "All", Checked: u.ep.filter.Only == "", Action: func() { u.filterSpeaker("") }}}
	for _, n := range u.legend.names {
		items = append(items, &fyne.MenuItem{Label: n + " only", Checked: u.ep.filter.Only == n, Action: func() { u.filterSpeaker(n) }})
	}
	speakers.ChildMenu = fyne.NewMenu("", items...)
	speakers.Disabled = len(u.legend.names) < 2
	webPics, _ := u.webPictures()
	view := fyne.NewMenu("View",
		item("Larger Text", k.larger, func() { u.changeTextScale(TextScaleStep) }),
		item("Smaller Text", k.smaller, func() { u.changeTextScale(-TextScaleStep) }),
		item("Default Text Size", k.actual, func() { u.setTextScale(1) }),
		fyne.NewMenuItemSeparator(),
		speakers,
		item("Back to Now", k.now, u.backToNowAction),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Chapter Pictures from the Web", Checked: webPics, Action: func() { u.setWebPictures(!webPics) }},
	)
	transcript := fyne.NewMenu("Transcript",
		fyne.NewMenuItem("Open Transcript…", u.showOpenTranscript),
		u.feedTranscriptsMenu(),
		fyne.NewMenuItemSeparator(),
		item("This Line Is Being Spoken Now", k.lineNow, func() { u.lineIsNow(u.cursorOrCurrent()) }),
		item("Earlier by 0.1 s", k.earlier, func() { u.nudgeSync(-SyncStep) }),
		item("Later by 0.1 s", k.later, func() { u.nudgeSync(SyncStep) }),
		item("Earlier by 1 s", k.earlierMore, func() { u.nudgeSync(-SyncStepLarge) }),
		item("Later by 1 s", k.laterMore, func() { u.nudgeSync(SyncStepLarge) }),
		&fyne.MenuItem{Label: "Reset Sync", Disabled: u.ep.sync.Zero(), Action: u.resetSync},
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Align to the Audio", Action: u.alignTranscript, Disabled: u.aligner.cancel != nil || u.aligner.before != nil || u.ep.tr == nil || u.ep.tr.Len() == 0},
		&fyne.MenuItem{Label: "Stop Aligning", Action: u.stopAligning, Disabled: u.aligner.cancel == nil},
		&fyne.MenuItem{Label: "Undo Alignment", Action: u.undoAlignment, Disabled: u.aligner.before == nil},
		&fyne.MenuItem{Label: "Align Each Episode When It Opens", Checked: u.alignOnOpen(), Action: func() { u.setAlignOnOpen(!u.alignOnOpen()) }},
	)
	help := fyne.NewMenu("Help",
		item("Keyboard Shortcuts", k.help, u.showShortcuts),
		fyne.NewMenuItem("About Readalong", u.showAbout),
	)
	u.win.SetMainMenu(fyne.NewMainMenu(file, edit, playback, view, transcript, u.chapterMenu(), help))
}

// speedMenu lists the speeds, the one playing checked (and listed, when
// it is none of the presets).
func (u *UI) speedMenu() *fyne.Menu {
	cur := math.Round(u.engine.Status().Speed*10) / 10
	choices := speedChoices
	listed := false
	for _, v := range choices {
		listed = listed || v == cur
	}
	if !listed {
		choices = append([]float64(nil), speedChoices...)
		i := 0
		for i < len(choices) && choices[i] < cur {
			i++
		}
		choices = append(choices[:i], append([]float64{cur}, choices[i:]...)...)
	}
	var items []*fyne.MenuItem
	for _, v := range choices {
		items = append(items, &fyne.MenuItem{Label: fmt.Sprintf("%.1f×", v), Checked: v == cur, Action: func() { u.setSpeed(v); u.focusKeys() }})
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		item("Slower by 0.1×", hotkeys.slower, func() { u.changeSpeed(-SpeedStep) }),
		item("Faster by 0.1×", hotkeys.faster, func() { u.changeSpeed(SpeedStep) }))
	return fyne.NewMenu("Speed", items...)
}

// showSpeedMenu opens the speed menu under the toolbar's speed button.
func (u *UI) showSpeedMenu() {
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(u.ctl.speed).Add(fyne.NewPos(0, u.ctl.speed.Size().Height))
	widget.ShowPopUpMenuAtPosition(u.speedMenu(), u.win.Canvas(), pos)
}
