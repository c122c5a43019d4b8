package sync

import (
	"readalong/clock"

	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SubRip, as podcast hosts and transcription services write it:
//
//	1
//	00:00:01,000 --> 00:00:04,500
//	Maya: Welcome to the show.
//
//	2
//	00:00:04,500 --> 00:00:07,000
//	Thanks for having me.
//
// ParseSRT is lenient where files in the wild differ: the cue number is
// optional and its value ignored, hours are optional, the milliseconds may
// follow a dot and have one to three digits, the arrow may lack its spaces,
// lines may end in CRLF and the file may start with a byte order mark. A
// missing blank line between cues is tolerated (a number line just above a
// time line is taken as the cue number), and text after a blank line that
// does not start a cue continues the cue before it, so dialogue such as
// "42" never breaks parsing. A line holding "-->" is always a time line.

// srtWant is the time line shown in SubRip error messages.
const srtWant = "want 00:00:01,000 --> 00:00:04,500"

// maxStamp is the latest time a SubRip or WebVTT time stamp can hold with
// the three hour digits parseClock accepts.
const maxStamp = 1000*time.Hour - time.Millisecond

// defaultLength is how long the last segment lasts, when it has no end,
// in formats that require one.
const defaultLength = 2 * time.Second

// ParseSRT reads a SubRip (.srt) transcript.
//
// Cue text lines are joined with single spaces. A leading "Name: " on the
// cue text becomes the segment's speaker when at least half of the cues
// carry such a label, as in the text format. Cues without text are
// dropped. A cue whose end is zero is given the end WriteSRT would write
// for it (the next start, or two seconds), so that End is always set.
//
// Input is decoded and checked as Parse describes: segments out of order
// are sorted and exact repeats dropped, with warnings.
//
// Errors are *ParseError values naming the line and quoting it.
func ParseSRT(r io.Reader) (*Transcript, error) {
	return parseReader(r, parseSRT)
}

func parseSRT(s string) (*Transcript, error) {
	ls := newLines(s)
	var (
		src        []srcSeg
		text       []string // text lines of the current cue
		cur        srcSeg
		inCue      bool // a time line has been seen
		cueNumLine int  // before the first cue: the line of a cue number
		blockPos   int  // position of the line in its block of non-blank lines
		lastDigits bool // the previous line is a number and part of the cue text
	)
	flush := func() {
		if !inCue {
			return
		}
		if t := joinText(text); t != "" {
			cur.Text = t
			src = append(src, cur)
		}
		text = text[:0]
	}
	for {
		line, ok := ls.next()
		if !ok {
			break
		}
		t := strings.TrimSpace(line)
		if t == "" {
			blockPos = 0
			lastDigits = false
			continue
		}
		blockPos++
		if strings.Contains(t, "-->") {
			start, end, msg := parseTimeLine(t)
			if msg != "" {
				return nil, &ParseError{Line: ls.n, Text: t, Msg: msg + " (" + srtWant + ")"}
			}
			if lastDigits {
				// The number just above is this cue's number, not the
				// previous cue's last line: a blank line is missing.
				text = text[:len(text)-1]
			}
			flush()
			cur = srcSeg{Segment: Segment{Start: start, End: end}, line: ls.n}
			inCue = true
			lastDigits = false
			continue
		}
		digits := allDigits(t)
		if (blockPos == 1 || blockPos == 2 && (lastDigits || !inCue && cueNumLine > 0)) && badTimeLine(t) {
			return nil, &ParseError{Line: ls.n, Text: t, Msg: `time line without "-->" (` + srtWant + ")"}
		}
		if !inCue {
			switch {
			case digits && cueNumLine == 0:
				cueNumLine = ls.n
				continue
			case cueNumLine > 0:
				return nil, &ParseError{Line: ls.n, Text: t, Msg: "want a time line after the cue number (" + srtWant + ")"}
			default:
				return nil, &ParseError{Line: ls.n, Text: t, Msg: "want a cue number or a time line"}
			}
		}
		text = append(text, t)
		lastDigits = digits
	}
	if !inCue && cueNumLine > 0 {
		return nil, &ParseError{Line: cueNumLine, Text: ls.line(cueNumLine), Msg: "cue number without a time line"}
	}
	flush()
	// Repeats are dropped before counting labels, so that the count
	// is the same when the transcript is written and read again.
	var w warnList
	src = prepare(src, &w, dropRepeats)
	src = fillEndsAndDrop(src, &w)
	applySpeakerLabels(src)
	return finish(src, &w), nil
}

// WriteSRT writes t as SubRip, numbering the cues from 1.
//
// Times are written as HH:MM:SS,mmm. A segment without an end (End zero)
// ends where the next one starts, or two seconds after its start when it
// is the last. The speaker, if any, is written as a "Name: " prefix.
// Text is written on one line with runs of white space collapsed; "-->",
// which would start a new cue, is written as "->". Segments without text
// are left out.
func WriteSRT(w io.Writer, t *Transcript) error {
	if t == nil {
		t = &Transcript{}
	}
	bw := bufio.NewWriter(w)
	var buf []byte
	n := 0
	later := t.laterStarts()
	for i, s := range t.Segments {
		text := normText(s.Text)
		if text == "" {
			continue
		}
		if sp := normText(s.Speaker); sp != "" {
			text = sp + ": " + text
		}
		text = noArrows(text)
		n++
		buf = buf[:0]
		if n > 1 {
			buf = append(buf, '\n')
		}
		buf = strconv.AppendInt(buf, int64(n), 10)
		buf = append(buf, '\n')
		buf = appendStamp(buf, s.Start, ',')
		buf = append(buf, " --> "...)
		buf = appendStamp(buf, segmentEnd(s, later[i]), ',')
		buf = append(buf, '\n')
		buf = append(buf, text...)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// noArrows shortens each "-->" in s, and each longer run of hyphens
// before a '>', to "->".
func noArrows(s string) string {
	if !strings.Contains(s, "-->") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '>' {
			for len(b) >= 2 && b[len(b)-1] == '-' && b[len(b)-2] == '-' {
				b = b[:len(b)-1]
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// readInput reads all of r, at most maxFile bytes, and returns it as a
// string.
func readInput(r io.Reader) (string, error) {
	var sb strings.Builder
	if l, ok := r.(interface{ Len() int }); ok && l.Len() <= maxFile {
		sb.Grow(l.Len() + 1) // read in place: no copies as the text grows
	}
	if err := copyLimited(&sb, r); err != nil {
		return "", err
	}
	return sb.String(), nil
}

// copyLimited copies r into w, failing when r holds more than maxFile
// bytes.
func copyLimited(w io.Writer, r io.Reader) error {
	n, err := io.Copy(w, io.LimitReader(r, maxFile+1))
	if err != nil {
		return &ParseError{Msg: "read failed: " + err.Error()}
	}
	if n > maxFile {
		return &ParseError{Msg: fmt.Sprintf("larger than %d MiB; not a transcript", maxFile>>20)}
	}
	return nil
}

// lines splits a transcript into lines ending in LF or CRLF. A byte order
// mark at the start is dropped.
type lines struct {
	s   string
	pos int // offset of the next line
	n   int // number of the line last returned, from 1
}

func newLines(s string) *lines {
	return &lines{s: strings.TrimPrefix(s, "\ufeff")}
}

// next returns the next line without its line ending, and false at the end
// of the input.
func (l *lines) next() (string, bool) {
	if l.pos >= len(l.s) {
		return "", false
	}
	rest := l.s[l.pos:]
	line := rest
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		line = rest[:i]
		l.pos += i + 1
	} else {
		l.pos = len(l.s)
	}
	l.n++
	return strings.TrimRight(line, "\r"), true
}

// line returns line n (from 1), trimmed, for an error message.
func (l *lines) line(n int) string {
	s := l.s
	for ; n > 1; n-- {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// parseTimeLine parses a cue time line, "start --> end", ignoring what
// follows the end time (cue settings, coordinates). On failure it returns
// a message saying what is wrong.
func parseTimeLine(t string) (start, end time.Duration, msg string) {
	i := strings.Index(t, "-->")
	left, right := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+3:])
	if left == "" {
		return 0, 0, "missing start time"
	}
	start, err := parseStamp(left)
	if err != nil {
		return 0, 0, "malformed start time"
	}
	if right == "" {
		return 0, 0, "missing end time"
	}
	endStamp, _ := splitFirstField(right)
	end, err = parseStamp(endStamp)
	if err != nil {
		return 0, 0, "malformed end time"
	}
	return start, end, ""
}

// parseStamp parses a cue time stamp as parseClock does, quickly for the
// usual HH:MM:SS,mmm and HH:MM:SS.mmm.
func parseStamp(s string) (time.Duration, error) {
	if len(s) == 12 && s[2] == ':' && s[5] == ':' && (s[8] == ',' || s[8] == '.') && s[3] <= '5' && s[6] <= '5' {
		var v [9]time.Duration
		ok := true
		for k, i := range [9]int{0, 1, 3, 4, 6, 7, 9, 10, 11} {
			c := s[i]
			ok = ok && c >= '0' && c <= '9'
			v[k] = time.Duration(c - '0')
		}
		if ok {
			return (v[0]*10+v[1])*time.Hour + (v[2]*10+v[3])*time.Minute + (v[4]*10+v[5])*time.Second +
				(v[6]*100+v[7]*10+v[8])*time.Millisecond, nil
		}
	}
	return clock.ParseStamp(s)
}

// badTimeLine reports whether a line without an arrow was meant as a time
// line: two time stamps and no letters, as in "00:00:01,000 00:00:02,000".
func badTimeLine(t string) bool {
	first, rest := splitFirstField(t)
	if rest == "" || !looksLikeStamp(first) {
		return false
	}
	if i := strings.LastIndexFunc(rest, unicode.IsSpace); i >= 0 {
		rest = rest[i+1:]
	}
	if !looksLikeStamp(rest) {
		return false
	}
	return strings.IndexFunc(t, unicode.IsLetter) < 0
}

// joinText joins the lines of a cue's text with single spaces.
func joinText(text []string) string {
	switch len(text) {
	case 0:
		return ""
	case 1:
		return normText(text[0])
	}
	return normText(strings.Join(text, " "))
}

// normText trims s and collapses each run of white space in it into one
// space. It returns s itself when there is nothing to change.
func normText(s string) string {
	space := true // at the start, or after a space
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return normTextSlow(s)
		}
		if c == ' ' {
			if space {
				return normTextSlow(s)
			}
			space = true
		} else if c <= ' ' && asciiSpace(c) {
			return normTextSlow(s)
		} else {
			space = false
		}
	}
	if space && s != "" {
		return normTextSlow(s)
	}
	return s
}

func asciiSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' '
}

func normTextSlow(s string) string {
	space := true
	clean := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || space {
				clean = false
				break
			}
			space = true
		} else {
			space = false
		}
	}
	if clean && !space {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// applySpeakerLabels moves "Name: " prefixes into Speaker, when at least
// half of the segments carry one (see ParseText).
func applySpeakerLabels(segs []srcSeg) {
	type label struct{ name, text string }
	labels := make([]label, len(segs))
	n := 0
	for i, s := range segs {
		if name, text, ok := speakerLabel(s.Text); ok {
			labels[i] = label{name, text}
			n++
		}
	}
	if n == 0 || n*2 < len(segs) {
		return
	}
	for i, l := range labels {
		if l.name != "" {
			segs[i].Speaker, segs[i].Text = l.name, l.text
		}
	}
}

// fillEndsAndDrop gives the segments of sorted src that have no end the
// end the writers give them, then drops the repeats that reveals (a cue
// 0→0 "x" before a cue 0→9 "x" becomes its twin), so that what is written
// reads back as the same segments.
func fillEndsAndDrop(src []srcSeg, w *warnList) []srcSeg {
	next := time.Duration(-1)
	for i := len(src) - 1; i >= 0; i-- {
		if src[i].End == 0 {
			src[i].End = segmentEnd(src[i].Segment, next)
		}
		if i > 0 && src[i-1].Start < src[i].Start {
			next = src[i].Start
		}
	}
	return withoutRepeats(src, w)
}

// segmentEnd returns the end written for segment s in formats that require
// one: its own when set, else the start of the next segment that starts
// later (next, -1 when there is none), else two seconds after its start.
func segmentEnd(s Segment, next time.Duration) time.Duration {
	if s.End != 0 {
		return s.End
	}
	last := s.Start + defaultLength
	if last > maxStamp {
		last = maxStamp
	}
	return endOf(s, next, last)
}

// appendStamp appends d as HH:MM:SS followed by sep and milliseconds.
// Negative durations are written as zero.
func appendStamp(b []byte, d time.Duration, sep byte) []byte {
	if d < 0 {
		d = 0
	}
	ms := int64(d / time.Millisecond)
	h := ms / 3600000
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, h, 10)
	b = append(b, ':')
	b = append2(b, ms/60000%60)
	b = append(b, ':')
	b = append2(b, ms/1000%60)
	b = append(b, sep)
	ms %= 1000
	return append(b, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
}

func append2(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
