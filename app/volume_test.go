package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestVolumeAndMute(t *testing.T) {
	u, eng := newTestUI(t, 3)
	// The menu: Volume Down twice, from the full volume.
	menuItem(t, u, "Playback", "Volume Down").Action()
	menuItem(t, u, "Playback", "Volume Down").Action()
	if v := eng.Status().Volume; v != 0.8 {
		t.Errorf("volume %v after Volume Down twice", v)
	}
	// M mutes, shown on the button and checked in the menu; M again
	// unmutes, at the volume set.
	press(u, fyne.KeyM)
	if !eng.Status().Muted || u.ctl.volume.Icon != theme.VolumeMuteIcon() || !menuItem(t, u, "Playback", "Mute").Checked {
		t.Errorf("after M: muted %v, icon %v, menu %v", eng.Status().Muted, u.ctl.volume.Icon.Name(), menuItem(t, u, "Playback", "Mute").Checked)
	}
	press(u, fyne.KeyM)
	if eng.Status().Muted || eng.Status().Volume != 0.8 {
		t.Errorf("after M again: muted %v at %v", eng.Status().Muted, eng.Status().Volume)
	}
	// The button's slider; a volume set unmutes.
	press(u, fyne.KeyM)
	test.Tap(u.ctl.volume)
	var slider *widget.Slider
	for _, o := range u.win.Canvas().Overlays().List() {
		walk(o, func(c fyne.CanvasObject) {
			if s, ok := c.(*widget.Slider); ok {
				slider = s
			}
		})
	}
	if slider == nil {
		t.Fatal("no volume slider under the button")
	}
	slider.SetValue(30)
	if st := eng.Status(); st.Volume != 0.3 || st.Muted {
		t.Errorf("slider at 30: volume %v, muted %v", st.Volume, st.Muted)
	}
	if u.ctl.volume.Icon != theme.VolumeDownIcon() {
		t.Errorf("icon %s at 30 %%", u.ctl.volume.Icon.Name())
	}
	// Clamped.
	for i := 0; i < 5; i++ {
		menuItem(t, u, "Playback", "Volume Down").Action()
	}
	if v := eng.Status().Volume; v != 0 {
		t.Errorf("volume %v after going below 0", v)
	}
}

// walk calls f on o and every object inside it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, x := range c.Objects {
			walk(x, f)
		}
	case *widget.PopUp:
		walk(c.Content, f)
	}
}
