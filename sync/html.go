package sync

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The Podcasting 2.0 HTML transcript format, for transcripts with little
// or no timing:
//
//	<cite>Maya:</cite>
//	<time>0:00</time>
//	<p>Welcome to the show.</p>
//	<cite>Theo:</cite>
//	<time>0:04</time>
//	<p>Thanks for having me.</p>
//
// <cite> names the speaker, <time> gives the start of the next paragraph
// and <p> holds the text; the speaker and the time are optional. Files
// are fragments like the one above or whole HTML documents.
//
// ParseHTML reads it with the HTML tokenizer: each non-empty <p> becomes a
// segment. A <cite> sets the speaker of the paragraphs that follow, until
// the next <cite> (an empty one ends it); its trailing colon is dropped.
// A <time> gives the start of the next paragraph; a paragraph without
// one starts with the one before it, and paragraphs before the first
// <time> start at 0:00 (with a warning). Inside a paragraph, <cite> and
// <time> before any text set the speaker and time too; after text they
// are text, as in "we met at <time>10:30</time>". Text in other elements
// and in <script> and <style> is ignored, character references are
// decoded and white space collapsed. HTML gives no end times: End is
// zero.

// ParseHTML reads a Podcasting 2.0 HTML transcript.
//
// Input is decoded and checked as Parse describes: segments out of order
// are sorted and exact repeats dropped, with warnings.
//
// Errors are *ParseError values naming the line and quoting it: a <time>
// that does not hold a time (H:MM:SS, M:SS or MM:SS, optionally with
// milliseconds).
func ParseHTML(r io.Reader) (*Transcript, error) {
	return parseReader(r, parseHTML)
}

// htmlState is the state of the HTML transcript reader.
type htmlState struct {
	src  []srcSeg
	w    warnList
	line int // line of the token being read

	speaker string            // carries on to the following paragraphs
	names   map[string]string // the speakers met so far

	pending     bool // a <time> not yet used by a paragraph
	pendingAt   time.Duration
	pendingLine int
	pendingText []byte

	inP   bool
	pLine int
	p     []byte

	inCite bool
	cite   []byte

	scratch []byte // for normBytes

	inTime       bool
	timeLine     int
	timeText     []byte
	timeDatetime []byte

	untimed     int // paragraphs before the first <time>
	untimedLine int
	timed       bool // a <time> has been seen
}

func parseHTML(s string) (*Transcript, error) {
	z := html.NewTokenizer(strings.NewReader(s))
	st := &htmlState{line: 1, src: make([]srcSeg, 0, len(s)/128)} // a paragraph takes some 128 bytes
	skip := ""                                                    // the raw text element whose content is being skipped
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); err != io.EOF {
				return nil, &ParseError{Line: st.line, Msg: "read failed: " + err.Error()}
			}
			break
		}
		raw := z.Raw()
		line := st.line
		st.line += bytes.Count(raw, []byte("\n"))
		if skip != "" {
			if tt == html.EndTagToken {
				if name, _ := z.TagName(); string(name) == skip {
					skip = ""
				}
			}
			continue
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "p":
				// A new paragraph ends what is open: HTML closes an
				// open <p> here, and a <cite> or <time> left open must
				// not take the paragraph's text.
				if err := st.endP(); err != nil {
					return nil, err
				}
				st.endCite()
				if err := st.endTime(); err != nil {
					return nil, err
				}
				st.inP, st.pLine = true, line
				st.p = st.p[:0]
			case "cite":
				if st.inP && st.pStarted() {
					continue // a citation in the text
				}
				st.endCite()
				if err := st.endTime(); err != nil {
					return nil, err
				}
				st.inCite = true
				st.cite = st.cite[:0]
			case "time":
				if st.inP && st.pStarted() {
					continue // a time of day in the text
				}
				st.endCite()
				if err := st.endTime(); err != nil {
					return nil, err
				}
				st.inTime, st.timeLine = true, line
				st.timeText = st.timeText[:0]
				st.timeDatetime = st.timeDatetime[:0]
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "datetime" {
						st.timeDatetime = append(st.timeDatetime, v...)
					}
				}
			case "br":
				st.text([]byte(" "))
			case "script", "style", "template", "textarea", "title":
				if tt == html.StartTagToken {
					skip = string(name)
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p":
				if err := st.endP(); err != nil {
					return nil, err
				}
			case "cite":
				st.endCite()
			case "time":
				if err := st.endTime(); err != nil {
					return nil, err
				}
			}
		case html.TextToken:
			if st.inCite || st.inTime || st.inP {
				st.text(z.Text())
			}
		}
	}
	st.endCite()
	if err := st.endTime(); err != nil {
		return nil, err
	}
	if err := st.endP(); err != nil {
		return nil, err
	}
	if st.pending {
		st.w.add(warnOther, st.pendingLine, fmt.Sprintf("time %q has no text after it: ignored", st.pendingText))
	}
	if st.untimed > 0 {
		msg := "paragraph before any <time>: it starts at 0:00"
		if st.untimed > 1 {
			msg = fmt.Sprintf("%d paragraphs before any <time>: they start at 0:00", st.untimed)
		}
		st.w.add(warnOther, st.untimedLine, msg)
	}
	src := prepare(st.src, &st.w, keepRepeats)
	return finish(src, &st.w), nil
}

// text adds text to the element it belongs to.
func (st *htmlState) text(t []byte) {
	switch {
	case st.inCite:
		st.cite = append(st.cite, t...)
	case st.inTime:
		st.timeText = append(st.timeText, t...)
	case st.inP:
		st.p = append(st.p, t...)
	}
}

// pStarted reports whether the open paragraph holds text.
func (st *htmlState) pStarted() bool {
	return len(bytes.TrimSpace(st.p)) > 0
}

func (st *htmlState) endCite() {
	if !st.inCite {
		return
	}
	st.inCite = false
	st.scratch = normBytes(st.scratch[:0], st.cite)
	name := bytes.TrimRight(bytes.TrimSuffix(st.scratch, []byte(":")), " ")
	// Speakers repeat: keep one string for each name.
	sp, ok := st.names[string(name)]
	if !ok {
		sp = string(name)
		if st.names == nil {
			st.names = make(map[string]string)
		}
		if len(st.names) < 1000 {
			st.names[sp] = sp
		}
	}
	st.speaker = sp
}

func (st *htmlState) endTime() error {
	if !st.inTime {
		return nil
	}
	st.inTime = false
	t := normBytes(st.scratch[:0], st.timeText)
	if len(t) == 0 {
		t = normBytes(t, st.timeDatetime)
	}
	st.scratch = t
	if len(t) == 0 {
		st.w.add(warnOther, st.timeLine, "empty <time>: ignored")
		return nil
	}
	at, ok := parseHTMLTime(t)
	if !ok {
		return &ParseError{Line: st.timeLine, Text: string(t), Msg: "malformed <time> (want H:MM:SS or M:SS)"}
	}
	if st.pending {
		st.w.add(warnOther, st.pendingLine, fmt.Sprintf("time %q has no text after it: ignored", st.pendingText))
	}
	st.pending, st.pendingAt, st.pendingLine = true, at, st.timeLine
	st.pendingText = append(st.pendingText[:0], t...)
	st.timed = true
	return nil
}

func (st *htmlState) endP() error {
	if !st.inP {
		return nil
	}
	st.endCite()
	if err := st.endTime(); err != nil {
		return err
	}
	st.inP = false
	st.scratch = normBytes(st.scratch[:0], st.p)
	text := string(st.scratch)
	if text == "" {
		return nil
	}
	seg := srcSeg{Segment: Segment{Speaker: st.speaker, Text: text}, line: st.pLine}
	switch {
	case st.pending:
		seg.Start = st.pendingAt
		st.pending = false
	case len(st.src) > 0:
		seg.Start = st.src[len(st.src)-1].Start
	}
	if !st.timed {
		if st.untimed == 0 {
			st.untimedLine = st.pLine
		}
		st.untimed++
	}
	st.src = append(st.src, seg)
	return nil
}

// parseHTMLTime parses the content of a <time> element: H:MM:SS (one to
// three digits of hours) or M:SS (one to three digits of minutes, which
// may pass 59), with an optional fraction of a second after a dot or a
// comma (up to three digits, milliseconds). It reads bytes or a string,
// so that the common case allocates nothing.
func parseHTMLTime[T string | []byte](s T) (time.Duration, bool) {
	// The fraction.
	frac := time.Duration(0)
	for i := 0; i < len(s); i++ {
		if s[i] != '.' && s[i] != ',' {
			continue
		}
		f := s[i+1:]
		if len(f) == 0 || len(f) > 3 {
			return 0, false
		}
		n, ok := digits(f, 3)
		if !ok {
			return 0, false
		}
		for k := len(f); k < 3; k++ {
			n *= 10
		}
		frac = time.Duration(n) * time.Millisecond
		s = s[:i]
		break
	}
	// H:MM:SS or M:SS: the first field has one to three digits, the
	// others two, under 60.
	c1 := -1
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			c1 = i
			break
		}
	}
	if c1 < 0 {
		return 0, false
	}
	first, ok := digits(s[:c1], 3)
	if !ok {
		return 0, false
	}
	rest := s[c1+1:]
	var h, m, sec int
	switch {
	case len(rest) == 2:
		m = first
		sec, ok = sixtyOf(rest)
	case len(rest) == 5 && rest[2] == ':':
		h = first
		var ok2 bool
		m, ok = sixtyOf(rest[:2])
		sec, ok2 = sixtyOf(rest[3:])
		ok = ok && ok2
	default:
		ok = false
	}
	if !ok {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + frac, true
}

// sixtyOf parses two digits from 00 to 59.
func sixtyOf[T string | []byte](s T) (int, bool) {
	n, ok := digits(s, 2)
	return n, ok && len(s) == 2 && n < 60
}

// digits parses one to max decimal digits.
func digits[T string | []byte](s T, max int) (int, bool) {
	if len(s) == 0 || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// normBytes appends b to dst with white space trimmed and each run of it
// collapsed into one space, as normText does.
func normBytes(dst, b []byte) []byte {
	space := true // at the start, or after a space
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if asciiSpace(c) {
				space = true
			} else {
				if space && len(dst) > 0 {
					dst = append(dst, ' ')
				}
				dst = append(dst, c)
				space = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if unicode.IsSpace(r) {
			space = true
		} else {
			if space && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, b[i:i+size]...)
			space = false
		}
		i += size
	}
	return dst
}

// WriteHTML writes t as a Podcasting 2.0 HTML transcript: for each
// segment a <cite> with the speaker when it changes, a <time> with the
// start (H:MM:SS, or M:SS in the first hour, with milliseconds when it has
// them) and a <p> with the text, escaped and on one line. An empty <cite>
// ends a speaker. End times and words are not written: HTML has no place
// for them. Segments without text are left out.
func WriteHTML(w io.Writer, t *Transcript) error {
	if t == nil {
		t = &Transcript{}
	}
	bw := bufio.NewWriter(w)
	speaker := ""
	for _, s := range t.Segments {
		text := normText(s.Text)
		if text == "" {
			continue
		}
		if sp := normText(s.Speaker); sp != speaker {
			if sp == "" {
				bw.WriteString("<cite></cite>\n")
			} else {
				bw.WriteString("<cite>" + html.EscapeString(sp) + ":</cite>\n")
			}
			speaker = sp
		}
		bw.WriteString("<time>" + htmlTime(s.Start) + "</time>\n")
		bw.WriteString("<p>" + html.EscapeString(text) + "</p>\n")
	}
	return bw.Flush()
}

// htmlTime writes d as a <time> holds it: H:MM:SS, or M:SS under an hour,
// with milliseconds when it has them. Negative durations are written as
// 0:00.
func htmlTime(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	ms := int64(d / time.Millisecond)
	s := ms / 1000
	var out string
	if h := s / 3600; h > 0 {
		out = fmt.Sprintf("%d:%02d:%02d", h, s/60%60, s%60)
	} else {
		out = fmt.Sprintf("%d:%02d", s/60, s%60)
	}
	if ms%1000 != 0 {
		out += fmt.Sprintf(".%03d", ms%1000)
	}
	return out
}
