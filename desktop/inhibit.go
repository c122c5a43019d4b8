package desktop

import (
	"github.com/godbus/dbus/v5"
)

// The session is kept from suspending for idleness while an episode plays
// (a listener reading along touches neither keyboard nor mouse for long
// stretches), through org.freedesktop.ScreenSaver's Inhibit, which GNOME,
// KDE and Xfce implement; the inhibition is released on pause and when
// the server closes. Without such a service nothing is held, silently.
const (
	screenSaverName  = "org.freedesktop.ScreenSaver"
	screenSaverPath  = dbus.ObjectPath("/org/freedesktop/ScreenSaver")
	screenSaverIface = "org.freedesktop.ScreenSaver"
	// InhibitReason is what the session is told.
	InhibitReason = "Playing an episode"
)

// inhibitor holds the idle inhibition when told to, on a goroutine of its
// own so that a slow session never holds up the window.
type inhibitor struct {
	conn *dbus.Conn
	app  string
	want chan bool
	done chan struct{}
}

func newInhibitor(conn *dbus.Conn, app string) *inhibitor {
	i := &inhibitor{conn: conn, app: app, want: make(chan bool, 64), done: make(chan struct{})}
	go i.run()
	return i
}

// set asks for the inhibition to be held (on) or released.
func (i *inhibitor) set(on bool) {
	select {
	case i.want <- on:
	default: // a backlog: the run loop takes only the latest anyway
	}
}

// close releases the inhibition and waits until it is.
func (i *inhibitor) close() {
	close(i.want)
	<-i.done
}

func (i *inhibitor) run() {
	defer close(i.done)
	var cookie uint32
	held := false
	obj := i.conn.Object(screenSaverName, screenSaverPath)
	release := func() {
		if held {
			obj.Call(screenSaverIface+".UnInhibit", dbus.FlagNoAutoStart, cookie)
			held = false
		}
	}
	for on := range i.want {
		// Only the latest wish counts.
		for more := true; more; {
			select {
			case v, ok := <-i.want:
				if !ok {
					release()
					return
				}
				on = v
			default:
				more = false
			}
		}
		switch {
		case on && !held:
			if err := obj.Call(screenSaverIface+".Inhibit", dbus.FlagNoAutoStart, i.app, InhibitReason).Store(&cookie); err == nil {
				held = true
			}
		case !on:
			release()
		}
	}
	release()
}
