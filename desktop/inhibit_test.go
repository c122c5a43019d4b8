package desktop

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"readalong/desktop/testbus"
)

// screenSaver stands in for the session's screen saver on the test's
// private bus (there is no desktop session here): it records the
// inhibitions asked for and released.
type screenSaver struct {
	mu     sync.Mutex
	next   uint32
	held   map[uint32]string // cookie → application
	events []string
}

func (s *screenSaver) Inhibit(app, reason string) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.held[s.next] = app
	s.events = append(s.events, fmt.Sprintf("inhibit %s (%s)", app, reason))
	return s.next, nil
}

func (s *screenSaver) UnInhibit(cookie uint32) *dbus.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.held[cookie]; !ok {
		return dbus.MakeFailedError(fmt.Errorf("no inhibition %d", cookie))
	}
	delete(s.held, cookie)
	s.events = append(s.events, "uninhibit")
	return nil
}

func (s *screenSaver) state() (int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.held), append([]string(nil), s.events...)
}

func serveScreenSaver(t *testing.T) *screenSaver {
	t.Helper()
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s := &screenSaver{held: map[uint32]string{}}
	if err := conn.Export(s, screenSaverPath, screenSaverIface); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.RequestName(screenSaverName, dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	return s
}

func waitHeld(t *testing.T, ss *screenSaver, want int) []string {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); ; {
		n, ev := ss.state()
		if n == want {
			return ev
		}
		if time.Now().After(end) {
			t.Fatalf("%d inhibitions held, want %d (events %q)", n, want, ev)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestIdleInhibitedWhilePlaying: playing holds an inhibition, pausing
// releases it, playing again takes a new one, and closing releases it.
func TestIdleInhibitedWhilePlaying(t *testing.T) {
	testbus.Use(t)
	ss := serveScreenSaver(t)
	s, err := Start(&fakePlayer{}, Options{Identity: "Readalong"})
	if err != nil {
		t.Fatal(err)
	}
	st := episode
	s.Update(st) // paused
	time.Sleep(100 * time.Millisecond)
	waitHeld(t, ss, 0)
	st.Status = Playing
	s.Update(st)
	ev := waitHeld(t, ss, 1)
	if ev[0] != "inhibit Readalong (Playing an episode)" {
		t.Errorf("events %q", ev)
	}
	st.Position += time.Second
	s.Update(st) // still playing: nothing more
	st.Status = Paused
	s.Update(st)
	waitHeld(t, ss, 0)
	st.Status = Playing
	s.Update(st)
	waitHeld(t, ss, 1)
	s.Close()
	ev = waitHeld(t, ss, 0)
	if len(ev) != 4 {
		t.Errorf("events %q, want inhibit, uninhibit, inhibit, uninhibit", ev)
	}
}

// TestIdleWithoutScreenSaver: with no screen saver on the bus, playing
// goes on as ever.
func TestIdleWithoutScreenSaver(t *testing.T) {
	testbus.Use(t)
	s, err := Start(&fakePlayer{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := episode
	st.Status = Playing
	s.Update(st)
	st.Status = Paused
	s.Update(st)
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("closing hung without a screen saver")
	}
}
