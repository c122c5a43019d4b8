package desktop

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/url"
	"os"
	"reflect"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

// MPRIS names: the bus name Readalong owns, the object it serves and its
// two interfaces.
const (
	BusName     = "org.mpris.MediaPlayer2.readalong"
	ObjectPath  = dbus.ObjectPath("/org/mpris/MediaPlayer2")
	RootIface   = "org.mpris.MediaPlayer2"
	PlayerIface = "org.mpris.MediaPlayer2.Player"

	propsIface = "org.freedesktop.DBus.Properties"
	// noTrack is the track id MPRIS reserves for "no track".
	noTrack = dbus.ObjectPath("/org/mpris/MediaPlayer2/TrackList/NoTrack")
	// trackBase is where the track ids Readalong makes live.
	trackBase = "/io/github/readalong/track/"
)

// Rate limits a client may set (the window's speed limits).
const (
	MinRate = 0.5
	MaxRate = 3.0
)

// Sentinel errors.
var (
	// ErrNoBus: there is no session bus to talk to (no desktop session).
	ErrNoBus = errors.New("no D-Bus session bus")
	// ErrNameTaken: another Readalong already owns the bus name.
	ErrNameTaken = errors.New("another Readalong owns " + BusName)
)

// Player is what the bus's calls reach: the window. Its methods are
// called on the bus's goroutines; each call must return promptly.
type Player interface {
	Play()
	Pause()
	// Toggle pauses when playing and plays when paused.
	Toggle()
	// Stop pauses (Readalong keeps its place rather than stopping).
	Stop()
	// Next and Previous go to the next or previous chapter, or line
	// where there are no chapters.
	Next()
	Previous()
	// SeekBy moves by d (negative: back), within the episode.
	SeekBy(d time.Duration)
	// SeekTo moves to d from the start.
	SeekTo(d time.Duration)
	// Open opens a file:// URI (or another URI the player knows).
	Open(uri string) error
	// SetRate sets the playback speed, MinRate to MaxRate.
	SetRate(r float64)
	// SetVolume sets the volume, 0 to 1.
	SetVolume(v float64)
	// Raise brings the window to the front.
	Raise()
	// Quit ends the application.
	Quit()
}

// Positioner is a Player that can say where playback is at any moment,
// from any goroutine. The server asks it whenever a client reads
// Position; without it the server reckons from the last Update (which
// misses what the sound device still plays after a pause).
type Positioner interface {
	Position() time.Duration
}

// Status is MPRIS's PlaybackStatus.
type Status int

// The playback states.
const (
	Stopped Status = iota
	Paused
	Playing
)

// String is the status as MPRIS names it.
func (s Status) String() string {
	switch s {
	case Playing:
		return "Playing"
	case Paused:
		return "Paused"
	}
	return "Stopped"
}

// State is the player as the window shows it, pushed in with Update.
type State struct {
	Status Status
	// Position is where playback is at the moment Update is called;
	// Length the episode's length (0: nothing loaded).
	Position, Length time.Duration
	// Rate is the playback speed, Volume the volume from 0 to 1.
	Rate, Volume float64
	// Title is the episode's, Show the podcast's (MPRIS's artist), Album
	// the album tag when there is one.
	Title, Show, Album string
	// ArtPath is a file holding the episode's picture, "" for none.
	ArtPath string
	// TrackID names the episode: any text that changes when another
	// episode is loaded (its path, say); "" for none.
	TrackID string
}

// Options describe the player to the desktop.
type Options struct {
	// Identity is the name shown for the player ("Readalong").
	Identity string
	// DesktopEntry is the desktop file's name without ".desktop".
	DesktopEntry string
	// MimeTypes and URISchemes are what Open accepts.
	MimeTypes, URISchemes []string
	// Instance takes a bus name of its own for this process
	// (BusName.instancePID) instead of BusName: for a second window.
	Instance bool
}

// Server serves one Player on the session bus as an MPRIS 2 media
// player. Its methods are safe for concurrent use.
type Server struct {
	conn *dbus.Conn
	p    Player
	opt  Options
	name string

	idle *inhibitor // holds off idle suspend while playing

	mu     sync.Mutex // guards what follows, and orders the signals
	st     State
	at     time.Time // when st.Position held
	closed bool
}

// Start connects to the session bus and serves p there as an MPRIS
// player. Without a session bus it returns an error wrapping ErrNoBus;
// when another process owns the name (and opt.Instance is not set), one
// wrapping ErrNameTaken.
func Start(p Player, opt Options) (*Server, error) {
	conn, err := connect()
	if err != nil {
		return nil, err
	}
	s := &Server{conn: conn, p: p, opt: opt, name: BusName, at: time.Now(), st: State{Rate: 1, Volume: 1}}
	if opt.Instance {
		s.name = fmt.Sprintf("%s.instance%d", BusName, os.Getpid())
	}
	if err := s.export(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("serving %s: %w", ObjectPath, err)
	}
	reply, err := conn.RequestName(s.name, dbus.NameFlagDoNotQueue)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("asking for %s: %w", s.name, err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		return nil, ErrNameTaken
	}
	identity := opt.Identity
	if identity == "" {
		identity = "Readalong"
	}
	s.idle = newInhibitor(conn, identity)
	return s, nil
}

// connect opens a connection of its own to the session bus. It never
// launches a bus (dbus-launch) when there is none: that would leave a
// daemon behind.
func connect() (*dbus.Conn, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoBus, err)
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %w", ErrNoBus, err)
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %w", ErrNoBus, err)
	}
	return conn, nil
}

// Name is the bus name the server owns.
func (s *Server) Name() string { return s.name }

// Close gives up the bus name and the connection.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.idle.close()
	s.conn.ReleaseName(s.name)
	return s.conn.Close()
}

// export puts the object's interfaces on the connection.
func (s *Server) export() error {
	root := map[string]any{
		"Raise": func() *dbus.Error { s.p.Raise(); return nil },
		"Quit":  func() *dbus.Error { s.p.Quit(); return nil },
	}
	player := map[string]any{
		"Play":      func() *dbus.Error { s.p.Play(); return nil },
		"Pause":     func() *dbus.Error { s.p.Pause(); return nil },
		"PlayPause": func() *dbus.Error { s.p.Toggle(); return nil },
		"Stop":      func() *dbus.Error { s.p.Stop(); return nil },
		"Next":      func() *dbus.Error { s.p.Next(); return nil },
		"Previous":  func() *dbus.Error { s.p.Previous(); return nil },
		"Seek": func(us int64) *dbus.Error {
			s.p.SeekBy(time.Duration(us) * time.Microsecond)
			return nil
		},
		"SetPosition": func(track dbus.ObjectPath, us int64) *dbus.Error {
			s.mu.Lock()
			st := s.st
			s.mu.Unlock()
			d := time.Duration(us) * time.Microsecond
			// A stale track id or a place outside the episode: ignored,
			// as MPRIS asks.
			if track != trackPath(st.TrackID) || d < 0 || d > st.Length {
				return nil
			}
			s.p.SeekTo(d)
			return nil
		},
		"OpenUri": func(uri string) *dbus.Error {
			if err := s.p.Open(uri); err != nil {
				return dbus.MakeFailedError(err)
			}
			return nil
		},
	}
	props := map[string]any{
		"Get":    s.get,
		"GetAll": s.getAll,
		"Set":    s.set,
	}
	for _, e := range []struct {
		m     map[string]any
		iface string
	}{{root, RootIface}, {player, PlayerIface}, {props, propsIface}} {
		if err := s.conn.ExportMethodTable(e.m, ObjectPath, e.iface); err != nil {
			return err
		}
	}
	return s.conn.Export(introspect.Introspectable(introspection), ObjectPath, "org.freedesktop.DBus.Introspectable")
}

// Update tells the server the player's state; the properties that
// changed are signalled in one PropertiesChanged. Position is not
// signalled (clients read it when they need it), but Update keeps it.
func (s *Server) Update(st State) {
	s.mu.Lock()
	defer s.mu.Unlock()
	was, was0 := s.playerProps(), s.st.Status
	s.st, s.at = st, time.Now()
	if s.closed {
		return
	}
	now := s.playerProps()
	changed := map[string]dbus.Variant{}
	for k, v := range now {
		if w, ok := was[k]; !ok || !reflect.DeepEqual(w.Value(), v.Value()) {
			changed[k] = v
		}
	}
	if len(changed) > 0 {
		s.conn.Emit(ObjectPath, propsIface+".PropertiesChanged", PlayerIface, changed, []string{})
	}
	if st.Status != was0 {
		s.idle.set(st.Status == Playing)
	}
}

// Seeked tells the server that playback moved to pos other than by
// playing on (a seek however made): clients are sent Seeked.
func (s *Server) Seeked(pos time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Position, s.at = pos, time.Now()
	if s.closed {
		return
	}
	s.conn.Emit(ObjectPath, PlayerIface+".Seeked", micro(pos))
}

// position is where playback is now: the Player's own when it is a
// Positioner, else the last position told, moved on at the rate while
// playing. s.mu is held.
func (s *Server) position() time.Duration {
	if pp, ok := s.p.(Positioner); ok {
		return pp.Position()
	}
	p := s.st.Position
	if s.st.Status == Playing {
		p += time.Duration(float64(time.Since(s.at)) * s.st.Rate)
	}
	return max(0, min(p, s.st.Length))
}

// rootProps are the root interface's properties.
func (s *Server) rootProps() map[string]dbus.Variant {
	identity := s.opt.Identity
	if identity == "" {
		identity = "Readalong"
	}
	return map[string]dbus.Variant{
		"CanQuit":             dbus.MakeVariant(true),
		"CanRaise":            dbus.MakeVariant(true),
		"Fullscreen":          dbus.MakeVariant(false),
		"CanSetFullscreen":    dbus.MakeVariant(false),
		"HasTrackList":        dbus.MakeVariant(false),
		"Identity":            dbus.MakeVariant(identity),
		"DesktopEntry":        dbus.MakeVariant(s.opt.DesktopEntry),
		"SupportedUriSchemes": dbus.MakeVariant(nonNil(s.opt.URISchemes)),
		"SupportedMimeTypes":  dbus.MakeVariant(nonNil(s.opt.MimeTypes)),
	}
}

// playerProps are the Player interface's properties but Position, from
// the state. s.mu is held.
func (s *Server) playerProps() map[string]dbus.Variant {
	st := s.st
	loaded := st.Length > 0
	return map[string]dbus.Variant{
		"PlaybackStatus": dbus.MakeVariant(st.Status.String()),
		"Rate":           dbus.MakeVariant(st.Rate),
		"MinimumRate":    dbus.MakeVariant(MinRate),
		"MaximumRate":    dbus.MakeVariant(MaxRate),
		"Volume":         dbus.MakeVariant(st.Volume),
		"Metadata":       dbus.MakeVariant(metadata(st)),
		"CanGoNext":      dbus.MakeVariant(loaded),
		"CanGoPrevious":  dbus.MakeVariant(loaded),
		"CanPlay":        dbus.MakeVariant(loaded),
		"CanPause":       dbus.MakeVariant(loaded),
		"CanSeek":        dbus.MakeVariant(loaded),
		"CanControl":     dbus.MakeVariant(true),
	}
}

// metadata is MPRIS's Metadata for st.
func metadata(st State) map[string]dbus.Variant {
	m := map[string]dbus.Variant{"mpris:trackid": dbus.MakeVariant(trackPath(st.TrackID))}
	if st.Length > 0 {
		m["mpris:length"] = dbus.MakeVariant(micro(st.Length))
	}
	if st.Title != "" {
		m["xesam:title"] = dbus.MakeVariant(st.Title)
	}
	if st.Show != "" {
		m["xesam:artist"] = dbus.MakeVariant([]string{st.Show})
	}
	if st.Album != "" {
		m["xesam:album"] = dbus.MakeVariant(st.Album)
	}
	if st.ArtPath != "" {
		m["mpris:artUrl"] = dbus.MakeVariant(FileURI(st.ArtPath))
	}
	return m
}

// trackPath is the track id for the episode named id.
func trackPath(id string) dbus.ObjectPath {
	if id == "" {
		return noTrack
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return dbus.ObjectPath(fmt.Sprintf("%s%016x", trackBase, h.Sum64()))
}

// FileURI is the file:// URI of path (made absolute when it can be).
func FileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: absPath(path)}).String()
}

// micro is d in microseconds, MPRIS's unit of time.
func micro(d time.Duration) int64 { return int64(d / time.Microsecond) }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// props returns the properties of iface, Position read now. s.mu is
// held.
func (s *Server) props(iface string) (map[string]dbus.Variant, *dbus.Error) {
	switch iface {
	case RootIface:
		return s.rootProps(), nil
	case PlayerIface:
		m := s.playerProps()
		m["Position"] = dbus.MakeVariant(micro(s.position()))
		return m, nil
	}
	return nil, dbus.NewError("org.freedesktop.DBus.Error.UnknownInterface", []any{"no interface " + iface})
}

func (s *Server) get(iface, name string) (dbus.Variant, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.props(iface)
	if err != nil {
		return dbus.Variant{}, err
	}
	v, ok := m[name]
	if !ok {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.DBus.Error.UnknownProperty", []any{"no property " + name + " in " + iface})
	}
	return v, nil
}

func (s *Server) getAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.props(iface)
}

// set changes the writable properties: Rate and Volume. A rate of 0
// pauses, as MPRIS asks; others are brought within the limits.
func (s *Server) set(iface, name string, v dbus.Variant) *dbus.Error {
	f, ok := v.Value().(float64)
	switch {
	case iface == PlayerIface && (name == "Rate" || name == "Volume") && !ok:
		return dbus.NewError("org.freedesktop.DBus.Error.InvalidArgs", []any{name + " is a double, not " + v.Signature().String()})
	case iface == PlayerIface && name == "Rate":
		switch {
		case math.IsNaN(f):
		case f == 0:
			s.p.Pause()
		default:
			s.p.SetRate(max(MinRate, min(f, MaxRate)))
		}
		return nil
	case iface == PlayerIface && name == "Volume":
		if !math.IsNaN(f) {
			s.p.SetVolume(max(0, min(f, 1)))
		}
		return nil
	case iface == RootIface && name == "Fullscreen":
		return nil // CanSetFullscreen is false: ignored
	}
	return dbus.NewError("org.freedesktop.DBus.Error.PropertyReadOnly", []any{iface + "." + name + " cannot be set"})
}

// introspection describes the object to clients that ask.
const introspection = `<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg name="xml" type="s" direction="out"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get"><arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
    <method name="GetAll"><arg name="interface" type="s" direction="in"/><arg name="properties" type="a{sv}" direction="out"/></method>
    <method name="Set"><arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/><arg name="value" type="v" direction="in"/></method>
    <signal name="PropertiesChanged"><arg name="interface" type="s"/><arg name="changed" type="a{sv}"/><arg name="invalidated" type="as"/></signal>
  </interface>
  <interface name="org.mpris.MediaPlayer2">
    <method name="Raise"/>
    <method name="Quit"/>
    <property name="CanQuit" type="b" access="read"/>
    <property name="CanRaise" type="b" access="read"/>
    <property name="Fullscreen" type="b" access="readwrite"/>
    <property name="CanSetFullscreen" type="b" access="read"/>
    <property name="HasTrackList" type="b" access="read"/>
    <property name="Identity" type="s" access="read"/>
    <property name="DesktopEntry" type="s" access="read"/>
    <property name="SupportedUriSchemes" type="as" access="read"/>
    <property name="SupportedMimeTypes" type="as" access="read"/>
  </interface>
  <interface name="org.mpris.MediaPlayer2.Player">
    <method name="Next"/>
    <method name="Previous"/>
    <method name="Pause"/>
    <method name="PlayPause"/>
    <method name="Stop"/>
    <method name="Play"/>
    <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
    <method name="SetPosition"><arg name="TrackId" type="o" direction="in"/><arg name="Position" type="x" direction="in"/></method>
    <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
    <signal name="Seeked"><arg name="Position" type="x"/></signal>
    <property name="PlaybackStatus" type="s" access="read"/>
    <property name="Rate" type="d" access="readwrite"/>
    <property name="Metadata" type="a{sv}" access="read"/>
    <property name="Volume" type="d" access="readwrite"/>
    <property name="Position" type="x" access="read"/>
    <property name="MinimumRate" type="d" access="read"/>
    <property name="MaximumRate" type="d" access="read"/>
    <property name="CanGoNext" type="b" access="read"/>
    <property name="CanGoPrevious" type="b" access="read"/>
    <property name="CanPlay" type="b" access="read"/>
    <property name="CanPause" type="b" access="read"/>
    <property name="CanSeek" type="b" access="read"/>
    <property name="CanControl" type="b" access="read"/>
  </interface>
</node>`
