// Package app is Readalong's window: the transcript following the episode,
// the seek bar, the transport, search, clips, speakers and re-syncing.
//
// It is wiring. The transcript is shown by app/transcriptview, a widget
// that owns its geometry and moves its own highlight from a playhead it
// is given; the seek bar is app/seekbar; what the window knows about the
// episode that is not about widgets (the sync, the clip, the search, the
// speaker filter) is in app/session, as plain values. The window holds no
// audio code: it drives an Engine (the player) and reads transcripts from
// package sync. A few times a second it reads one snapshot of the engine
// (player.Status) and passes on what changed; nothing is redrawn when
// nothing changed.
package app
