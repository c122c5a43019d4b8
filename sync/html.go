package sync

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

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

	speaker string // carries on to the following paragraphs

	pending     bool // a <time> not yet used by a paragraph
	pendingAt   time.Duration
	pendingLine int
	pendingText string

	inP   bool
	pLine int
	p     strings.Builder

	inCite bool
	cite   strings.Builder

	inTime       bool
	timeLine     int
	timeText     strings.Builder
	timeDatetime string

	untimed     int // paragraphs before the first <time>
	untimedLine int
	timed       bool // a <time> has been seen
}

func parseHTML(s string) (*Transcript, error) {
	z := html.NewTokenizer(strings.NewReader(s))
	st := &htmlState{line: 1}
	skip := "" // the raw text element whose content is being skipped
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
				st.p.Reset()
			case "cite":
				if st.inP && st.pStarted() {
					continue // a citation in the text
				}
				st.endCite()
				if err := st.endTime(); err != nil {
					return nil, err
				}
				st.inCite = true
				st.cite.Reset()
			case "time":
				if st.inP && st.pStarted() {
					continue // a time of day in the text
				}
				st.endCite()
				if err := st.endTime(); err != nil {
					return nil, err
				}
				st.inTime, st.timeLine = true, line
				st.timeText.Reset()
				st.timeDatetime = ""
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "datetime" {
						st.timeDatetime = string(v)
					}
				}
			case "br":
				st.text(" ")
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
			st.text(string(z.Text()))
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
	src := prepare(st.src, &st.w)
	return finish(src, &st.w), nil
}

// text adds text to the element it belongs to.
func (st *htmlState) text(t string) {
	switch {
	case st.inCite:
		st.cite.WriteString(t)
	case st.inTime:
		st.timeText.WriteString(t)
	case st.inP:
		st.p.WriteString(t)
	}
}

// pStarted reports whether the open paragraph holds text.
func (st *htmlState) pStarted() bool {
	return strings.TrimSpace(st.p.String()) != ""
}

func (st *htmlState) endCite() {
	if !st.inCite {
		return
	}
	st.inCite = false
	name := normText(st.cite.String())
	st.speaker = normText(strings.TrimSuffix(name, ":"))
}

func (st *htmlState) endTime() error {
	if !st.inTime {
		return nil
	}
	st.inTime = false
	t := normText(st.timeText.String())
	if t == "" {
		t = normText(st.timeDatetime)
	}
	if t == "" {
		st.w.add(warnOther, st.timeLine, "empty <time>: ignored")
		return nil
	}
	at, err := parseHTMLTime(t)
	if err != nil {
		return &ParseError{Line: st.timeLine, Text: t, Msg: "malformed <time> (want H:MM:SS or M:SS)"}
	}
	if st.pending {
		st.w.add(warnOther, st.pendingLine, fmt.Sprintf("time %q has no text after it: ignored", st.pendingText))
	}
	st.pending, st.pendingAt, st.pendingLine, st.pendingText = true, at, st.timeLine, t
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
	text := normText(st.p.String())
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
// may pass 59), with an optional fraction of a second as parseClock takes
// it.
func parseHTMLTime(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) == 2 && len(parts[0]) >= 1 && len(parts[0]) <= 3 && allDigits(parts[0]) {
		m, _ := strconv.Atoi(parts[0])
		rest, err := parseClock("00:" + parts[1])
		if err != nil {
			return 0, err
		}
		return time.Duration(m)*time.Minute + rest, nil
	}
	return parseClock(s)
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
