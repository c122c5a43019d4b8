package app

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// VolumeStep is how much Volume Up and Volume Down change the volume.
const VolumeStep = 0.1

// volumer is an engine with a volume and a mute (the player has both;
// the media controls report the same volume).
type volumer interface {
	SetVolume(float64)
	SetMuted(bool)
}

// setVolume sets the volume (0 to 1); a volume asked for is heard, so it
// unmutes.
func (u *UI) setVolume(v float64) {
	e, ok := u.engine.(volumer)
	if !ok {
		return
	}
	v = math.Round(max(0, min(v, 1))*100) / 100
	e.SetVolume(v)
	if v > 0 {
		e.SetMuted(false)
	}
	u.sync()
	u.showVolume()
	u.debug("volume %.2f", v)
}

// toggleMute is Playback › Mute (M).
func (u *UI) toggleMute() {
	e, ok := u.engine.(volumer)
	if !ok {
		return
	}
	e.SetMuted(!u.engine.Status().Muted)
	u.sync()
	u.showVolume()
	u.debug("muted %v", u.engine.Status().Muted)
}

// showVolume shows the volume on its button: the icon says muted, low or
// high.
func (u *UI) showVolume() {
	st := u.engine.Status()
	b := u.ctl.volume
	if b == nil {
		return
	}
	icon := theme.VolumeUpIcon()
	switch {
	case st.Muted || st.Volume == 0:
		icon = theme.VolumeMuteIcon()
	case st.Volume < 0.5:
		icon = theme.VolumeDownIcon()
	}
	if b.Icon != icon {
		b.SetIcon(icon)
	}
}

// showVolumeControl pops up the volume slider and the mute switch under
// the volume button.
func (u *UI) showVolumeControl() {
	st := u.engine.Status()
	label := widget.NewLabel(fmt.Sprintf("%d %%", int(math.Round(st.Volume*100))))
	s := widget.NewSlider(0, 100)
	s.Step = 5
	s.Value = math.Round(st.Volume * 100)
	s.OnChanged = func(v float64) {
		label.SetText(fmt.Sprintf("%d %%", int(v)))
		u.setVolume(v / 100)
	}
	mute := widget.NewCheck("Mute (M)", func(on bool) {
		if on != u.engine.Status().Muted {
			u.toggleMute()
		}
	})
	mute.Checked = st.Muted
	content := container.NewBorder(nil, mute, nil, label, s)
	pop := widget.NewPopUp(container.NewPadded(content), u.win.Canvas())
	pop.Resize(fyne.NewSize(260, pop.MinSize().Height))
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(u.ctl.volume).Add(fyne.NewPos(0, u.ctl.volume.Size().Height))
	pop.ShowAtPosition(pos)
}
