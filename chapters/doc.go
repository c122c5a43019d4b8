// Package chapters reads an episode's chapters wherever podcasts put them,
// merges them into one list, and writes them out again.
//
// Chapters come from four kinds of source, in this order of trust: a
// chapters file beside the episode (Podcasting 2.0 JSON), the JSON
// chapters a feed names, chapters embedded in the audio (ID3v2 CHAP
// frames, Vorbis comments in FLAC and Ogg), and Podlove Simple Chapters in
// a feed. Merge takes the first source that has chapters as the list and
// lets each later one fill in the titles, links and images it lacks, for
// chapters whose starts agree within a second: shows often publish the
// same chapters twice, one copy richer than the other.
//
// Every reader is built for untrusted input: what cannot be used is
// skipped with a Warning naming the file, line or element and time, the
// rest is kept, and nothing a file claims makes the reader allocate more
// than the file's size. Embedded images are not read when the chapters
// are: an Image refers to bytes left in the episode (player.Picture) or
// to a remote address, which the caller fetches only with the user's
// consent, as the Podcasting 2.0 specification asks.
//
// The package knows nothing of the GUI: the window and the command line
// call Find and get the same list.
package chapters
