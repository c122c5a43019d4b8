package sync

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Word is one timed word of a segment, for highlighting word by word.
//
// End is zero when the source gives no end: the word then lasts until
// the next word starts (or the segment ends).
type Word struct {
	Start time.Duration
	End   time.Duration
	Text  string
}

// Word-level transcripts, such as Podcasting 2.0 JSON written by speech
// recognisers, hold one word per segment:
//
//	{"speaker": "Darth Vader", "startTime": 1, "endTime": 1.25, "body": "am"},
//	{"speaker": "Darth Vader", "startTime": 1.5, "endTime": 2.0, "body": "your"},
//	{"speaker": "Darth Vader", "startTime": 2.25, "endTime": 2.5, "body": "father.\n"},
//
// Read as they are they would make a read-along view of one word a line.
// They are grouped into lines instead, each word keeping its time.

const (
	// minWordSegments is how many segments a transcript needs before it
	// is taken as word-level; shorter files are left as they are.
	minWordSegments = 4

	// maxLineRunes bounds the length of a line made of words: a word
	// that would make it longer starts a new line.
	maxLineRunes = 120
)

// wordLevel reports whether src holds one word per segment: at least
// minWordSegments segments, three quarters of them a single word.
func wordLevel(src []srcSeg) bool {
	if len(src) < minWordSegments {
		return false
	}
	single := 0
	for i := range src {
		if strings.IndexFunc(src[i].Text, unicode.IsSpace) < 0 {
			single++
		}
	}
	return single*4 >= len(src)*3
}

// groupWords groups sorted one-word segments into lines. A line ends
// when the speaker changes, after a word whose body ended in a line break,
// after a word that ends a sentence, and before a word that would make it
// longer than maxLineRunes. Punctuation that stands alone as a word is
// joined to the word before it without a space.
func groupWords(src []srcSeg) []Segment {
	var (
		segs  []Segment
		cur   Segment
		text  strings.Builder
		runes int
		brk   bool // the line ends after the word last added
	)
	flush := func() {
		if len(cur.Words) == 0 {
			return
		}
		cur.Text = text.String()
		cur.End = cur.Words[len(cur.Words)-1].End
		segs = append(segs, cur)
		cur = Segment{}
		text.Reset()
		runes = 0
	}
	for i := range src {
		s := &src[i]
		n := utf8.RuneCountInString(s.Text)
		glue := attaches(s.Text)
		if len(cur.Words) > 0 && (brk || s.Speaker != cur.Speaker || runes+n+1 > maxLineRunes && !glue) {
			flush()
		}
		if len(cur.Words) == 0 {
			cur = Segment{Start: s.Start, Speaker: s.Speaker, Words: make([]Word, 0, 16)}
		} else if !glue {
			text.WriteByte(' ')
			runes++
		}
		text.WriteString(s.Text)
		runes += n
		cur.Words = append(cur.Words, Word{Start: s.Start, End: s.End, Text: s.Text})
		brk = s.brk || endsSentence(s.Text)
	}
	flush()
	return segs
}

// attaches reports whether a word is punctuation that belongs to the word
// before it, as in "well" "," → "well,".
func attaches(w string) bool {
	for _, r := range w {
		if !strings.ContainsRune(",.;:!?…)]}%»”’", r) {
			return false
		}
	}
	return w != ""
}

// endsSentence reports whether a word ends a sentence: its last letter,
// before closing quotes and brackets, is a full stop, question mark,
// exclamation mark or ellipsis.
func endsSentence(w string) bool {
	w = strings.TrimRight(w, "\"')]}»”’")
	r, _ := utf8.DecodeLastRuneInString(w)
	return strings.ContainsRune(".?!…。？！", r)
}
