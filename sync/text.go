package sync

import (
	"readalong/clock"

	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The podcast text format, as shows publish it:
//
//	00:00:01 Maya: Welcome to the show.
//
//	00:00:04 Theo: Thanks for having me.
//
// One segment per line: a clock time (H:MM:SS, MM:SS, optionally in square
// brackets and with milliseconds), a space, an optional "Speaker Name:" and
// the text. Segments are separated by lines that are empty or hold only
// white space. A line without a time directly below a segment continues it.
// Speaker labels are recognised only when at least half of the segments
// carry one, so an occasional "Note: …" in an unlabelled file stays text.

// maxLine bounds one line of a text transcript (16 MiB).
const maxLine = 16 << 20

// ParseText reads a transcript in the podcast text format.
//
// Input is decoded and checked as Parse describes: segments out of order
// are sorted, with warnings. Repeated lines are kept: the format has no
// end times, so "00:00:05 Yeah." twice is two people saying it.
//
// Errors are *ParseError values naming the line and quoting it.
func ParseText(r io.Reader) (*Transcript, error) {
	return parseReader(r, parseText)
}

func parseText(s string) (*Transcript, error) {
	ls := newLines(s)
	var (
		src         []srcSeg
		continuable bool     // the previous line was a segment or its continuation
		cont        []string // the lines continuing the last segment
	)
	// join puts the continuation lines into the last segment's text,
	// once: adding them one by one would copy the text again for each.
	join := func() {
		if len(cont) > 0 {
			s := &src[len(src)-1]
			s.Text += " " + strings.Join(cont, " ")
			cont = cont[:0]
		}
	}
	for {
		line, ok := ls.next()
		if !ok {
			break
		}
		if len(line) > maxLine {
			return nil, &ParseError{Line: ls.n, Msg: fmt.Sprintf("line longer than %d bytes", maxLine)}
		}
		trimmed := normText(line)
		if trimmed == "" {
			continuable = false
			continue
		}
		stamp, rest := splitFirstField(trimmed)
		if looksLikeStamp(stamp) {
			start, perr := clock.ParseStamp(strings.TrimSuffix(strings.TrimPrefix(stamp, "["), "]"))
			if perr != nil || strings.HasPrefix(stamp, "[") != strings.HasSuffix(stamp, "]") {
				return nil, &ParseError{Line: ls.n, Text: stamp, Msg: "malformed timestamp (want HH:MM:SS)"}
			}
			if rest == "" {
				return nil, &ParseError{Line: ls.n, Text: trimmed, Msg: "timestamp without text"}
			}
			join()
			src = append(src, srcSeg{Segment: Segment{Start: start, Text: rest}, line: ls.n})
			continuable = true
		} else if continuable {
			cont = append(cont, trimmed)
		} else {
			return nil, &ParseError{Line: ls.n, Text: trimmed, Msg: "line does not start with a timestamp (HH:MM:SS)"}
		}
	}
	join()
	var w warnList
	src = prepare(src, &w, keepRepeats)
	labelled := 0
	for i := range src {
		if _, _, ok := speakerLabel(src[i].Text); ok {
			labelled++
		}
	}
	if labelled > 0 && labelled*2 >= len(src) {
		for i := range src {
			if name, text, ok := speakerLabel(src[i].Text); ok {
				src[i].Speaker, src[i].Text = name, text
			}
		}
	}
	return finish(src, &w), nil
}

// splitFirstField splits s at its first run of white space.
func splitFirstField(s string) (first, rest string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// looksLikeStamp reports whether a line's first field is meant as a clock
// time: digits with at least one colon, perhaps a fraction and brackets.
// Such a field that does not parse is an error, not text.
func looksLikeStamp(f string) bool {
	f = strings.TrimSuffix(strings.TrimPrefix(f, "["), "]")
	if f == "" || !strings.Contains(f, ":") || f[0] < '0' || f[0] > '9' {
		return false
	}
	for _, r := range f {
		if !(r >= '0' && r <= '9' || r == ':' || r == '.' || r == ',') {
			// "12:30pm" or "1:2x" are still meant as times when they
			// start with digits and a colon.
			return unicode.IsLetter(r) || unicode.IsDigit(r)
		}
	}
	return true
}

// speakerLabel splits "Name: text" when Name looks like a speaker: one to
// five words, at most 40 characters, starting with a letter, without
// sentence punctuation.
func speakerLabel(s string) (name, text string, ok bool) {
	i := strings.Index(s, ":")
	if i <= 0 || i+1 >= len(s) || s[i+1] != ' ' {
		return "", "", false
	}
	name, text = s[:i], strings.TrimSpace(s[i+1:])
	if text == "" || utf8.RuneCountInString(name) > 40 || len(strings.Fields(name)) > 5 {
		return "", "", false
	}
	if name != strings.TrimSpace(name) {
		return "", "", false
	}
	first, _ := utf8.DecodeRuneInString(name)
	if !unicode.IsLetter(first) {
		return "", "", false
	}
	if strings.ContainsAny(name, "!?,;\"()[]{}<>") {
		return "", "", false
	}
	return name, text, true
}

// WriteText writes t in the podcast text format, a blank line between
// segments. Times with milliseconds are written with them (HH:MM:SS.mmm).
// Line breaks inside a segment's text are written as spaces.
func WriteText(w io.Writer, t *Transcript) error {
	if t == nil {
		t = &Transcript{}
	}
	bw := bufio.NewWriter(w)
	for i, s := range t.Segments {
		if i > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString(clock.Stamp(s.Start))
		if ms := s.Start % 1e9 / 1e6; ms != 0 {
			fmt.Fprintf(bw, ".%03d", ms)
		}
		bw.WriteString(" ")
		if s.Speaker != "" {
			bw.WriteString(s.Speaker + ": ")
		}
		bw.WriteString(strings.Join(strings.Fields(s.Text), " "))
		bw.WriteString("\n")
	}
	return bw.Flush()
}
