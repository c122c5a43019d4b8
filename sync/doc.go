// Package sync turns podcast transcripts into timed segments and answers the
// question a read-along view asks many times a second: which line is being
// spoken at this moment?
//
// It knows nothing of audio or of the GUI. Times are time.Duration values
// measured from the start of the episode. The current line is found by a
// binary search over segment starts, so the answer depends only on the
// playhead: seeking needs no special handling.
//
// The name shadows the standard library's sync package; import it as tsync
// where both are needed.
package sync
