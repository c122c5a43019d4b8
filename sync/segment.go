package sync

import "time"

// Segment is one timed line of a transcript.
//
// End is zero when the source gives no end time; the segment then ends where
// the next one starts (see Transcript.EndOf). Words holds the time of each
// word when the source gives them (word-level JSON), in order; it is nil
// otherwise.
type Segment struct {
	Start   time.Duration
	End     time.Duration
	Speaker string
	Text    string
	Words   []Word
}
