package desktop

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"readalong/desktop/testbus"
)

// fakePlayer records the calls the bus made to the window.
type fakePlayer struct {
	mu      sync.Mutex
	calls   []string
	openErr error
}

func (f *fakePlayer) add(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakePlayer) Play()                  { f.add("Play") }
func (f *fakePlayer) Pause()                 { f.add("Pause") }
func (f *fakePlayer) Toggle()                { f.add("Toggle") }
func (f *fakePlayer) Stop()                  { f.add("Stop") }
func (f *fakePlayer) Next()                  { f.add("Next") }
func (f *fakePlayer) Previous()              { f.add("Previous") }
func (f *fakePlayer) SeekBy(d time.Duration) { f.add("SeekBy %v", d) }
func (f *fakePlayer) SeekTo(d time.Duration) { f.add("SeekTo %v", d) }
func (f *fakePlayer) SetRate(r float64)      { f.add("SetRate %g", r) }
func (f *fakePlayer) SetVolume(v float64)    { f.add("SetVolume %g", v) }
func (f *fakePlayer) Raise()                 { f.add("Raise") }
func (f *fakePlayer) Quit()                  { f.add("Quit") }
func (f *fakePlayer) Open(uri string) error {
	f.add("Open %s", uri)
	return f.openErr
}

// take returns the calls made since the last take.
func (f *fakePlayer) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

// playerctl runs playerctl on the test's bus, controlling Readalong.
func playerctl(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("playerctl"); err != nil {
		t.Skip("playerctl is not installed (make deps installs it)")
	}
	out, err := exec.Command("playerctl", append([]string{"--player=readalong"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("playerctl %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// episode is a state as the window would push it.
var episode = State{
	Status: Paused, Position: 10 * time.Second, Length: 20*time.Minute + 30*time.Second + 250*time.Millisecond,
	Rate: 1, Volume: 0.6,
	Title: "Episode 12: Reading aloud", Show: "The Readalong Show", Album: "Season 2",
	ArtPath: "/tmp/readalong art/cover.png", TrackID: "/home/me/episode 12.mp3",
}

func startServer(t *testing.T, p Player) *Server {
	t.Helper()
	s, err := Start(p, Options{Identity: "Readalong", DesktopEntry: "io.github.readalong",
		MimeTypes: []string{"audio/mpeg"}, URISchemes: []string{"file", "podcast"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPlayerctlControlsThePlayer(t *testing.T) {
	testbus.Use(t)
	f := &fakePlayer{}
	s := startServer(t, f)
	s.Update(episode)

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"play"}, "Play"},
		{[]string{"pause"}, "Pause"},
		{[]string{"play-pause"}, "Toggle"},
		{[]string{"stop"}, "Stop"},
		{[]string{"next"}, "Next"},
		{[]string{"previous"}, "Previous"},
		{[]string{"position", "600"}, "SeekTo 10m0s"},
		{[]string{"position", "10+"}, "SeekBy 10s"},
		{[]string{"position", "2.5-"}, "SeekBy -2.5s"},
		{[]string{"volume", "0.25"}, "SetVolume 0.25"},
		{[]string{"open", "file:///srv/podcasts/ep%201.mp3"}, "Open file:///srv/podcasts/ep%201.mp3"},
	} {
		playerctl(t, c.args...)
		if got := f.take(); len(got) != 1 || got[0] != c.want {
			t.Errorf("playerctl %s: the player got %q, want [%s]", strings.Join(c.args, " "), got, c.want)
		}
	}
}

func TestPlayerctlReadsTheState(t *testing.T) {
	testbus.Use(t)
	s := startServer(t, &fakePlayer{})
	if got := playerctl(t, "status"); got != "Stopped" {
		t.Errorf("status before any episode = %q, want Stopped", got)
	}
	s.Update(episode)
	if got := playerctl(t, "status"); got != "Paused" {
		t.Errorf("status = %q, want Paused", got)
	}
	got := playerctl(t, "metadata", "--format",
		"{{mpris:trackid}}|{{mpris:length}}|{{xesam:title}}|{{xesam:artist}}|{{xesam:album}}|{{mpris:artUrl}}")
	want := strings.Join([]string{"'" + string(trackPath(episode.TrackID)) + "'", // playerctl quotes object paths
		"1230250000", episode.Title, episode.Show,
		episode.Album, "file:///tmp/readalong%20art/cover.png"}, "|")
	if got != want {
		t.Errorf("metadata:\n got %s\nwant %s", got, want)
	}
	if got := playerctl(t, "volume"); got != "0.600000" {
		t.Errorf("volume = %q, want 0.600000", got)
	}
	if got := playerctl(t, "position"); got != "10.000000" {
		t.Errorf("position while paused = %q, want 10.000000", got)
	}

	// Playing at 2×, the position read moves on at twice the clock.
	st := episode
	st.Status, st.Rate, st.Position = Playing, 2, 100*time.Second
	before := time.Now()
	s.Update(st)
	time.Sleep(300 * time.Millisecond)
	pos, err := strconv.ParseFloat(playerctl(t, "position"), 64)
	elapsed := time.Since(before)
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi := 100+2*0.3, 100+2*elapsed.Seconds(); pos < lo || pos > hi {
		t.Errorf("position playing at 2× = %.3f s, want %.3f to %.3f", pos, lo, hi)
	}
	if got := playerctl(t, "status"); got != "Playing" {
		t.Errorf("status = %q, want Playing", got)
	}
}

// watch subscribes to the player's signals on a connection of its own.
func watch(t *testing.T) chan *dbus.Signal {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.AddMatchSignal(dbus.WithMatchObjectPath(ObjectPath)); err != nil {
		t.Fatal(err)
	}
	ch := make(chan *dbus.Signal, 20)
	conn.Signal(ch)
	return ch
}

// next is the next signal that is not the bus's own (NameAcquired…), or
// nil after a while.
func next(ch chan *dbus.Signal, wait time.Duration) *dbus.Signal {
	deadline := time.After(wait)
	for {
		select {
		case s := <-ch:
			if s.Path == ObjectPath {
				return s
			}
		case <-deadline:
			return nil
		}
	}
}

// livePlayer is a Player that says where it is.
type livePlayer struct {
	fakePlayer
	pos time.Duration
}

func (l *livePlayer) Position() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pos
}

func TestPositionFromThePlayer(t *testing.T) {
	testbus.Use(t)
	l := &livePlayer{pos: 56127 * time.Millisecond}
	s := startServer(t, l)
	s.Update(episode) // says 10 s: the player knows better
	if got := playerctl(t, "position"); got != "56.127000" {
		t.Errorf("position = %s, want the player's 56.127000", got)
	}
}

func TestUpdateSignalsWhatChanged(t *testing.T) {
	testbus.Use(t)
	ch := watch(t)
	s := startServer(t, &fakePlayer{})
	s.Update(episode)
	if sig := next(ch, 2*time.Second); sig == nil || sig.Name != propsIface+".PropertiesChanged" {
		t.Fatalf("loading an episode signalled %v, want PropertiesChanged", sig)
	}

	st := episode
	st.Status = Playing
	st.Position += 5 * time.Second // playing on: not signalled
	s.Update(st)
	sig := next(ch, 2*time.Second)
	if sig == nil || sig.Name != propsIface+".PropertiesChanged" {
		t.Fatalf("playing signalled %v, want PropertiesChanged", sig)
	}
	changed := sig.Body[1].(map[string]dbus.Variant)
	if sig.Body[0] != PlayerIface || len(changed) != 1 || changed["PlaybackStatus"].Value() != "Playing" {
		t.Errorf("playing signalled %v, want only PlaybackStatus=Playing", sig.Body)
	}

	st.Position += 5 * time.Second
	s.Update(st)
	if sig := next(ch, 300*time.Millisecond); sig != nil {
		t.Errorf("an update with only the position moved signalled %v %v", sig.Name, sig.Body)
	}

	st.Rate, st.Volume = 1.5, 0.3
	s.Update(st)
	sig = next(ch, 2*time.Second)
	if sig == nil {
		t.Fatal("changing rate and volume signalled nothing")
	}
	changed = sig.Body[1].(map[string]dbus.Variant)
	if len(changed) != 2 || changed["Rate"].Value() != 1.5 || changed["Volume"].Value() != 0.3 {
		t.Errorf("changing rate and volume signalled %v", changed)
	}

	s.Seeked(42 * time.Second)
	sig = next(ch, 2*time.Second)
	if sig == nil || sig.Name != PlayerIface+".Seeked" || sig.Body[0] != int64(42_000_000) {
		t.Errorf("a seek signalled %v, want Seeked(42000000)", sig)
	}
	if got := playerctl(t, "position"); !strings.HasPrefix(got, "42.") {
		t.Errorf("position after the seek = %s, want 42.x", got)
	}
}

func TestSetPositionIgnoresStaleTrack(t *testing.T) {
	testbus.Use(t)
	f := &fakePlayer{}
	s := startServer(t, f)
	s.Update(episode)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	obj := conn.Object(BusName, ObjectPath)
	call := func(track dbus.ObjectPath, us int64) {
		t.Helper()
		if err := obj.Call(PlayerIface+".SetPosition", 0, track, us).Err; err != nil {
			t.Fatal(err)
		}
	}
	call(trackPath("/home/me/another episode.mp3"), 5_000_000)
	call(trackPath(episode.TrackID), -1)
	call(trackPath(episode.TrackID), micro(episode.Length)+1)
	if got := f.take(); len(got) != 0 {
		t.Errorf("SetPosition with a stale track or outside the episode reached the player: %q", got)
	}
	call(trackPath(episode.TrackID), 5_000_000)
	if got := f.take(); len(got) != 1 || got[0] != "SeekTo 5s" {
		t.Errorf("SetPosition on the current track: the player got %q, want [SeekTo 5s]", got)
	}
}

func TestSetRateAndVolume(t *testing.T) {
	testbus.Use(t)
	f := &fakePlayer{}
	s := startServer(t, f)
	s.Update(episode)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	obj := conn.Object(BusName, ObjectPath)
	for _, c := range []struct {
		prop string
		v    any
		want string
	}{
		{"Rate", 1.7, "SetRate 1.7"},
		{"Rate", 5.0, "SetRate 3"},
		{"Rate", 0.1, "SetRate 0.5"},
		{"Rate", 0.0, "Pause"},
		{"Volume", 0.4, "SetVolume 0.4"},
		{"Volume", 1.5, "SetVolume 1"},
		{"Volume", -1.0, "SetVolume 0"},
	} {
		if err := obj.SetProperty(PlayerIface+"."+c.prop, dbus.MakeVariant(c.v)); err != nil {
			t.Fatalf("setting %s to %v: %v", c.prop, c.v, err)
		}
		if got := f.take(); len(got) != 1 || got[0] != c.want {
			t.Errorf("setting %s to %v: the player got %q, want [%s]", c.prop, c.v, got, c.want)
		}
	}
	if err := obj.SetProperty(PlayerIface+".Rate", dbus.MakeVariant("fast")); err == nil {
		t.Error("setting Rate to a string was accepted")
	}
	if err := obj.SetProperty(PlayerIface+".PlaybackStatus", dbus.MakeVariant("Playing")); err == nil {
		t.Error("setting PlaybackStatus was accepted")
	}
	v, err := obj.GetProperty(PlayerIface + ".MaximumRate")
	if err != nil || v.Value() != 3.0 {
		t.Errorf("MaximumRate = %v, %v; want 3", v, err)
	}
}

func TestRootInterface(t *testing.T) {
	testbus.Use(t)
	f := &fakePlayer{}
	startServer(t, f)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	obj := conn.Object(BusName, ObjectPath)
	var all map[string]dbus.Variant
	if err := obj.Call(propsIface+".GetAll", 0, RootIface).Store(&all); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{
		"Identity": "Readalong", "DesktopEntry": "io.github.readalong", "CanQuit": true, "CanRaise": true,
		"HasTrackList": false,
	} {
		if got := all[k].Value(); got != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if got := all["SupportedUriSchemes"].Value(); fmt.Sprint(got) != "[file podcast]" {
		t.Errorf("SupportedUriSchemes = %v", got)
	}
	if got := all["SupportedMimeTypes"].Value(); fmt.Sprint(got) != "[audio/mpeg]" {
		t.Errorf("SupportedMimeTypes = %v", got)
	}
	for _, m := range []string{"Raise", "Quit"} {
		if err := obj.Call(RootIface+"."+m, 0).Err; err != nil {
			t.Fatal(err)
		}
	}
	if got := f.take(); fmt.Sprint(got) != "[Raise Quit]" {
		t.Errorf("Raise, Quit: the player got %q", got)
	}
	var xml string
	if err := obj.Call("org.freedesktop.DBus.Introspectable.Introspect", 0).Store(&xml); err != nil || !strings.Contains(xml, `<method name="SetPosition">`) {
		t.Errorf("Introspect: %v, %.80q…", err, xml)
	}
}

func TestSecondServerIsRefused(t *testing.T) {
	testbus.Use(t)
	startServer(t, &fakePlayer{})
	if _, err := Start(&fakePlayer{}, Options{}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("a second server: %v, want ErrNameTaken", err)
	}
	s, err := Start(&fakePlayer{}, Options{Instance: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if want := fmt.Sprintf("%s.instance%d", BusName, os.Getpid()); s.Name() != want {
		t.Errorf("a second instance's name = %s, want %s", s.Name(), want)
	}
}

func TestNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	if _, err := Start(&fakePlayer{}, Options{}); !errors.Is(err, ErrNoBus) {
		t.Errorf("Start without a bus: %v, want ErrNoBus", err)
	}
}
