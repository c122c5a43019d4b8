// Package player is Readalong's audio engine: it streams an episode from
// disk, plays, pauses and seeks it sample-exactly, and reports the position
// the listener hears.
//
// It knows nothing of transcripts or of the GUI. Audio leaves through a
// Sink, a small interface with two implementations: the sound card (through
// beep's speaker) and, when there is none, a silent clock that keeps time so
// the transcript can still be followed. Tests pull samples through a
// PullSink.
//
// It also holds the project's one ID3v2 reader and writer (ReadTags,
// EncodeTags): an episode's title, artist, cover and chapters. Tags are
// walked in place rather than loaded: images stay in the file, as an
// offset and a length, until a Picture's Data is asked for, so that an
// episode with a hundred illustrated chapters opens as fast as one without.
//
// Time is time.Duration at the API and a sample count inside.
package player
