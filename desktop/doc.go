// Package desktop makes Readalong a citizen of a Linux desktop over the
// D-Bus session bus: it answers the media keys and the shell's player
// controls through MPRIS 2 (org.mpris.MediaPlayer2.readalong), and hands
// a second start's files to the window already open.
//
// It knows nothing of the window or of the audio: the window implements
// Player, which the bus's calls reach, and pushes its State in with
// Server.Update and its seeks with Server.Seeked. The package talks to
// the bus with github.com/godbus/dbus/v5 (already used by the GUI
// toolkit) and writes the Properties interface itself, because MPRIS
// wants Position read at the moment it is asked for and never signalled,
// which the library's prop package cannot express.
//
// Without a session bus nothing here works, and nothing needs to: Start
// and Handoff say so with ErrNoBus and the player runs as before.
package desktop
