// Package player is Readalong's audio engine: it streams an episode from
// disk, plays, pauses and seeks it sample-exactly, and reports the position
// the listener hears.
//
// It knows nothing of transcripts or of the GUI. Audio leaves through a
// Sink, a small interface. The sound device is an Output: on Linux our own
// ALSA output (cgo, libasound), elsewhere oto. An Output never takes a
// slow device for a missing one: it opens the device in the background and
// keeps time silently until the device plays (and whenever it stalls), so
// the transcript follows the episode with or without sound; a missing or
// lost device is tried again every few seconds and on RetryOutput, a lost
// one pauses the player, and OnOutputChange tells the window or the
// command line. The Linux output is built to be frugal: a C thread feeds
// the device from a ring that Go tops up every other period, so while
// sound plays Go makes no calls into C and its runtime sleeps (each cgo
// call wakes Go's system monitor). Tests pull samples through a PullSink;
// Clock is a silent real-time Sink.
//
// It also holds the project's one ID3v2 reader and writer (ReadTags,
// EncodeTags): an episode's title, artist, cover and chapters. Tags are
// walked in place rather than loaded: images stay in the file, as an
// offset and a length, until a Picture's Data is asked for, so that an
// episode with a hundred illustrated chapters opens as fast as one without.
//
// Time is time.Duration at the API and a sample count inside.
package player
