package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// keySink is an invisible focusable widget that receives the keyboard when
// no text field needs it. Clicking a button or the seek bar would give
// those widgets the focus, and they swallow Space and the arrows; the
// window puts the focus back here so the shortcuts keep working.
type keySink struct {
	widget.BaseWidget
	onKey func(*fyne.KeyEvent)
}

func newKeySink(onKey func(*fyne.KeyEvent)) *keySink {
	k := &keySink{onKey: onKey}
	k.ExtendBaseWidget(k)
	return k
}

func (k *keySink) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (k *keySink) MinSize() fyne.Size { return fyne.Size{} }

// FocusGained is part of fyne.Focusable.
func (k *keySink) FocusGained() {}

// FocusLost is part of fyne.Focusable.
func (k *keySink) FocusLost() {}

// TypedRune is part of fyne.Focusable; characters are handled as keys.
func (k *keySink) TypedRune(rune) {}

// TypedKey is part of fyne.Focusable.
func (k *keySink) TypedKey(e *fyne.KeyEvent) { k.onKey(e) }

// focusKeys gives the keyboard back to the window's shortcuts.
func (u *UI) focusKeys() {
	u.win.Canvas().Focus(u.keys)
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

// key handles the keys without Ctrl: the ones the shortcuts sheet lists.
func (u *UI) key(e *fyne.KeyEvent) {
	if u.win.Canvas().Overlays().Top() != nil {
		// A dialog or menu is open: the keys are its own, but Escape
		// closes the shortcuts sheet, and Enter and Escape answer a
		// question.
		switch {
		case e.Name == fyne.KeyEscape && u.sheet != nil:
			u.sheet.Hide()
		case u.asking != nil && (e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter):
			u.asking.Confirm()
		case u.asking != nil && e.Name == fyne.KeyEscape:
			u.asking.Dismiss()
		}
		return
	}
	shift := u.shiftHeld()
	switch e.Name {
	case fyne.KeySpace:
		u.togglePlay()
	case fyne.KeyLeft:
		u.skip(-u.skips[0])
	case fyne.KeyRight:
		u.skip(u.skips[1])
	case fyne.KeyUp:
		u.stepLine(-1)
	case fyne.KeyDown:
		u.stepLine(1)
	case fyne.KeyReturn, fyne.KeyEnter:
		if shift {
			u.lineIsNow(u.cursorOrCurrent())
		} else {
			u.playLine(u.cursorOrCurrent())
		}
	case fyne.KeyM:
		u.toggleMute()
	case fyne.KeyI:
		u.markIn()
	case fyne.KeyO:
		u.markOut()
	case fyne.KeyEscape:
		switch {
		case u.find.open:
			u.closeSearch()
		case u.ep.sel.Active():
			u.clearSelection()
		default:
			u.backToNowAction()
		}
	case fyne.KeyLeftBracket:
		u.changeSpeed(-SpeedStep)
	case fyne.KeyRightBracket:
		u.changeSpeed(SpeedStep)
	case fyne.KeyComma:
		u.nudgeSync(-u.syncStep(shift))
	case fyne.KeyPeriod:
		u.nudgeSync(u.syncStep(shift))
	case fyne.KeyPageDown:
		u.nextChapter()
	case fyne.KeyPageUp:
		u.prevChapter()
	case fyne.KeyF1:
		u.showShortcuts()
	case fyne.KeySlash:
		if shift { // ?
			u.showShortcuts()
		}
	}
}

// cursorOrCurrent is the line the keyboard acts on: the one last clicked,
// stepped to or found, else the one being spoken.
func (u *UI) cursorOrCurrent() int {
	if c := u.ep.cursor; c >= 0 && c < u.ep.tr.Len() {
		return c
	}
	return u.current()
}

// setCursor outlines line seg (-1 for none): the keyboard's line.
func (u *UI) setCursor(seg int) {
	u.ep.cursor = seg
	u.view.SetOutlined(u.rowOf(seg))
}

// hotkeys are the shortcuts, as menus show them. Those with Ctrl (Cmd on
// macOS) work through the menus whichever widget has the focus (the
// driver tries the menu first); the others are shown in the menus and
// handled by key, since a shortcut without a modifier never fires.
var hotkeys = struct {
	open, openLink, export, quit, find, copy, now, larger, smaller, actual fyne.Shortcut
	play, back, fwd, prevLine, nextLine, slower, faster                    fyne.Shortcut
	earlier, later, earlierMore, laterMore, lineNow, markIn, markOut, help fyne.Shortcut
	nextChapter, prevChapter, volUp, volDown, mute                         fyne.Shortcut
}{
	open: ctrl(fyne.KeyO), openLink: ctrl(fyne.KeyL), export: ctrl(fyne.KeyE), quit: ctrl(fyne.KeyQ),
	find: ctrl(fyne.KeyF), copy: &fyne.ShortcutCopy{}, now: ctrl(fyne.KeyG),
	larger: ctrl(fyne.KeyEqual), smaller: ctrl(fyne.KeyMinus), actual: ctrl(fyne.Key0),
	play: plain(fyne.KeySpace), back: plain(fyne.KeyLeft), fwd: plain(fyne.KeyRight),
	prevLine: plain(fyne.KeyUp), nextLine: plain(fyne.KeyDown),
	slower: plain(fyne.KeyLeftBracket), faster: plain(fyne.KeyRightBracket),
	earlier: plain(fyne.KeyComma), later: plain(fyne.KeyPeriod),
	earlierMore: shifted(fyne.KeyComma), laterMore: shifted(fyne.KeyPeriod),
	lineNow: shifted(fyne.KeyReturn), markIn: plain(fyne.KeyI), markOut: plain(fyne.KeyO),
	help: plain(fyne.KeyF1), nextChapter: plain(fyne.KeyPageDown), prevChapter: plain(fyne.KeyPageUp),
	volUp: ctrl(fyne.KeyUp), volDown: ctrl(fyne.KeyDown), mute: plain(fyne.KeyM),
}

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func plain(k fyne.KeyName) *desktop.CustomShortcut { return &desktop.CustomShortcut{KeyName: k} }

func shifted(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShift}
}

// addShortcuts registers the shortcuts that no menu item carries.
func (u *UI) addShortcuts() {
	// Ctrl++ is Ctrl+Shift+= on most keyboards.
	plus := &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	u.win.Canvas().AddShortcut(plus, func(fyne.Shortcut) { u.changeTextScale(TextScaleStep) })
	// Ctrl+V on the window (a field takes its own): a link pasted opens.
	u.win.Canvas().AddShortcut(&fyne.ShortcutPaste{}, func(fyne.Shortcut) { u.pasteLink() })
}

// copyAction is Edit › Copy (Ctrl+C): the menu's shortcut fires before the
// focused widget's, so in the search field it copies the field's text.
func (u *UI) copyAction() {
	if u.find.open && u.win.Canvas().Focused() == fyne.Focusable(u.find.entry) {
		u.find.entry.TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
		return
	}
	u.copyLines()
}

// shortcutList is the shortcuts sheet, by group.
var shortcutList = []struct{ group, keys, what string }{
	{"Playing", "Space", "play / pause"},
	{"", "Left / Right", "back / forward (File › Settings sets how far)"},
	{"", "Up / Down", "previous / next line"},
	{"", "Enter", "play the outlined line (clicked, stepped to or found)"},
	{"", "[ / ]", "slower / faster by 0.1×"},
	{"", "Page Down / Page Up", "next chapter / start of this one (or the one before)"},
	{"", "Ctrl+Up / Ctrl+Down, M", "volume up / down, mute"},
	{"Reading", "Ctrl+F", "search; Enter / Shift+Enter next / previous match"},
	{"", "Ctrl+G, Escape", "back to the line being spoken"},
	{"", "Ctrl+= / Ctrl+- / Ctrl+0", "larger / smaller / default text"},
	{"", "Ctrl+C", "copy the selected lines with their times"},
	{"Clips", "Shift+click, drag", "select the lines from the last clicked one"},
	{"", "I / O", "start / end the clip at the playhead"},
	{"", "Ctrl+E", "export the clip"},
	{"", "Escape", "clear the clip"},
	{"Sync", ", / .", "transcript 0.1 s earlier / later"},
	{"", "< / >", "transcript 1 s earlier / later"},
	{"", "Shift+Enter, right-click", "this line is being spoken now (twice: two-point re-timing)"},
	{"Files", "Ctrl+O", "open an episode"},
	{"", "Ctrl+Q", "quit"},
	{"", "F1, ?", "this sheet"},
}

// showShortcuts shows the keyboard shortcuts sheet.
func (u *UI) showShortcuts() {
	grid := container.New(layout.NewFormLayout())
	for _, s := range shortcutList {
		if s.group != "" {
			grid.Add(widget.NewLabelWithStyle(s.group, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			grid.Add(widget.NewLabel(""))
		}
		grid.Add(widget.NewLabelWithStyle(s.keys, fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
		grid.Add(widget.NewLabel(s.what))
	}
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewVScroll(grid), u.win)
	d.SetOnClosed(func() { u.sheet = nil; u.focusKeys() })
	d.Resize(fyne.NewSize(760, 620))
	u.sheet = d
	d.Show()
	u.debug("shortcuts shown")
}
