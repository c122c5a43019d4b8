package chapters

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// maxFile bounds a chapters file (16 MiB): larger is no chapters file.
const maxFile = 16 << 20

// readAll reads r whole, refusing more than maxFile bytes.
func readAll(r io.Reader, file string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(data) > maxFile {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: more than %d MiB", ErrTooLarge, maxFile>>20)}
	}
	return data, nil
}

// jsonTime is a time in seconds: a JSON number, or a string holding one.
type jsonTime struct {
	d   time.Duration
	set bool
}

// UnmarshalJSON reads seconds from a number or a string holding one.
func (t *jsonTime) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	f, err := strconv.ParseFloat(s, 64)
	d, ok := seconds(f)
	if err != nil || !ok {
		return fmt.Errorf("%s is not a time in seconds", b)
	}
	t.d, t.set = d, true
	return nil
}

// jsonString is a string that tolerates a number or null where text is
// expected.
type jsonString string

// UnmarshalJSON reads text, a number as text, or null as "".
func (s *jsonString) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		*s = jsonString(v)
	case float64:
		*s = jsonString(strconv.FormatFloat(v, 'f', -1, 64))
	case nil:
	default:
		return fmt.Errorf("%s is not text", b)
	}
	return nil
}

type jsonChapter struct {
	StartTime jsonTime   `json:"startTime"`
	EndTime   jsonTime   `json:"endTime"`
	Title     jsonString `json:"title"`
	Img       jsonString `json:"img"`
	URL       jsonString `json:"url"`
	TOC       *bool      `json:"toc"`
}

// lineCounter turns byte offsets, asked in increasing order, into lines.
type lineCounter struct {
	data      []byte
	off, line int
}

func (lc *lineCounter) at(off int) int {
	if lc.line == 0 {
		lc.line = 1
	}
	off = min(off, len(lc.data))
	if off < lc.off {
		lc.off, lc.line = 0, 1
	}
	lc.line += bytes.Count(lc.data[lc.off:off], []byte("\n"))
	lc.off = off
	return lc.line
}

// ParseJSON reads Podcasting 2.0 JSON chapters:
//
//	{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro",
//	"img": "https://…", "url": "https://…", "toc": false, "endTime": 30}]}
//
// A chapter with "toc": false is Hidden. Chapters without a usable start
// are skipped with a warning naming their line; a file that is not JSON,
// or holds no "chapters" (a transcript), is a *ParseError.
func ParseJSON(r io.Reader, file string) (List, []Warning, error) {
	data, err := readAll(r, file)
	if err != nil {
		return nil, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	lc := &lineCounter{data: data}
	w := &warner{file: file}
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) error {
		line := lc.at(int(dec.InputOffset()))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = lc.at(int(se.Offset))
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return &ParseError{File: file, Line: line, Err: fmt.Errorf("%w JSON: %v", ErrSyntax, err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, syntax(err)
	}
	if tok != json.Delim('{') {
		return nil, nil, &ParseError{File: file, Line: 1, Err: fmt.Errorf("%w: JSON chapters are an object with a \"chapters\" list", ErrNoChapters)}
	}
	var l List
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, syntax(err)
		}
		key, _ := tok.(string)
		if key != "chapters" || found {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, nil, syntax(err)
			}
			continue
		}
		found = true
		if tok, err = dec.Token(); err != nil {
			return nil, nil, syntax(err)
		}
		if tok != json.Delim('[') {
			return nil, nil, &ParseError{File: file, Line: lc.at(int(dec.InputOffset())), Err: fmt.Errorf("%w: \"chapters\" is not a list", ErrNoChapters)}
		}
		for n := 1; dec.More(); n++ {
			start := int(dec.InputOffset())
			for start < len(data) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
				start++
			}
			line := lc.at(start)
			elem := fmt.Sprintf("chapter %d", n)
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, syntax(err)
			}
			if len(l) >= maxChapters {
				w.add(line, elem, "more than %d chapters: the rest skipped", maxChapters)
				continue
			}
			var jc jsonChapter
			if err := json.Unmarshal(raw, &jc); err != nil {
				var te *json.UnmarshalTypeError
				msg := err.Error()
				if errors.As(err, &te) {
					msg = fmt.Sprintf("%q is a %s, not what it should be", te.Field, te.Value)
				}
				w.add(line, elem, "%s: skipped", msg)
				continue
			}
			if !jc.StartTime.set {
				w.add(line, elem, "no startTime: skipped")
				continue
			}
			c := Chapter{Start: jc.StartTime.d, Title: strings.TrimSpace(string(jc.Title)), URL: strings.TrimSpace(string(jc.URL)),
				Hidden: jc.TOC != nil && !*jc.TOC, line: line, elem: elem}
			if jc.EndTime.set {
				c.End = jc.EndTime.d
			}
			if img := strings.TrimSpace(string(jc.Img)); img != "" {
				c.Image = &Image{URL: img}
			}
			l = append(l, c)
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, syntax(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, syntax(err)
	}
	if !found {
		return nil, nil, &ParseError{File: file, Err: fmt.Errorf("%w: no \"chapters\" list", ErrNoChapters)}
	}
	return l, w.done(), nil
}

// IsJSON reports whether data is JSON chapters rather than, say, a JSON
// transcript: an object whose keys include "chapters" before any
// "segments". Beside an episode, episode.json may be either.
func IsJSON(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case "chapters":
			tok, err := dec.Token()
			return err == nil && tok == json.Delim('[')
		case "segments":
			return false
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
	return false
}

// WriteJSON writes chapters as Podcasting 2.0 JSON chapters (version
// 1.2.0), one chapter a line. Embedded images cannot be written there and
// are left out; remote ones are kept.
func WriteJSON(w io.Writer, l List) error {
	var b bytes.Buffer
	b.WriteString("{\n  \"version\": \"1.2.0\",\n  \"chapters\": [")
	for i, c := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    {\"startTime\": " + secondsText(c.Start))
		if c.End > c.Start {
			b.WriteString(", \"endTime\": " + secondsText(c.End))
		}
		field := func(k, v string) {
			if v != "" {
				s, _ := json.Marshal(v)
				fmt.Fprintf(&b, ", %q: %s", k, s)
			}
		}
		field("title", c.Title)
		if c.Image.Remote() {
			field("img", c.Image.URL)
		}
		field("url", c.URL)
		if c.Hidden {
			b.WriteString(", \"toc\": false")
		}
		b.WriteByte('}')
	}
	if len(l) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// secondsText writes d in seconds with up to six decimals: 12.5, 3600.
func secondsText(d time.Duration) string {
	us := max(d, 0).Round(time.Microsecond) / time.Microsecond
	s := strconv.FormatInt(int64(us/1e6), 10)
	if f := us % 1e6; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%06d", f), "0")
	}
	return s
}
