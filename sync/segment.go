package sync

import "time"

// Segment is one timed line of a transcript.
//
// End is zero when the source gives no end time; the segment then ends where
// the next one starts (see Transcript.EndOf).
type Segment struct {
	Start   time.Duration
	End     time.Duration
	Speaker string
	Text    string
}
