package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// keySink is an invisible focusable widget that receives the keyboard when
// no text field needs it. Clicking a list row or the seek bar gives those
// widgets the focus, and they swallow Space and the arrows; the window puts
// the focus back here so the shortcuts keep working.
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
