package sync

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The Podcasting 2.0 JSON transcript format:
//
//	{
//	  "version": "1.0.0",
//	  "segments": [
//	    {"speaker": "Maya", "startTime": 0.5, "endTime": 2.25, "body": "Hello"}
//	  ]
//	}
//
// Times are seconds from the start of the episode. Other members, of the
// transcript or of a segment, are ignored.

// maxSeconds bounds the times ParseJSON accepts (about 11.5 days).
const maxSeconds = 1_000_000

// ParseJSON reads a Podcasting 2.0 JSON transcript.
//
// startTime is required and endTime optional (End stays zero without it);
// both are rounded to the millisecond. speaker and body are trimmed, and a
// segment whose body is empty is skipped.
//
// Word-level files, which hold one word per segment, are grouped into
// lines, each word keeping its time in the segment's Words (see
// groupWords): a file is taken as word-level when it has at least four
// segments and three quarters of them hold a single word.
//
// Input is decoded and checked as Parse describes: segments out of order
// are sorted and exact repeats dropped, with warnings.
//
// Errors are *ParseError values. Line is the line of the offending JSON
// text: the syntax error, or the start of the segment at fault.
func ParseJSON(r io.Reader) (*Transcript, error) {
	return parseReader(r, parseJSON)
}

func parseJSON(s string) (*Transcript, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	src, ok := scanJSON(s)
	if !ok {
		// Something the scanner does not handle, or an error: the
		// decoder gives the result or says where the error is.
		data := []byte(s)
		p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
		var err error
		if src, err = p.parse(); err != nil {
			return nil, err
		}
	}
	var w warnList
	src = prepare(src, &w, dropRepeats)
	if !wordLevel(src) {
		return finish(src, &w), nil
	}
	return &Transcript{Segments: groupWords(src), Warnings: w.done()}, nil
}

// jsonParser reads a transcript token by token down to the segments, so
// that errors can name the segment and its line.
type jsonParser struct {
	data []byte
	dec  *json.Decoder

	lineOff, line int // lineFrom has counted line lines up to lineOff
}

func (p *jsonParser) parse() ([]srcSeg, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		off := p.skipSpace(0)
		return nil, &ParseError{Line: p.lineAt(off), Text: p.snippet(off), Msg: `not a JSON transcript: want an object with "segments"`}
	}
	var segs []srcSeg
	found := false
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.syntaxError(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, p.syntaxError(errors.New("object key is not a string"))
		}
		if key != "segments" {
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				return nil, p.syntaxError(err)
			}
			continue
		}
		found = true
		if segs, err = p.segments(segs); err != nil {
			return nil, err
		}
	}
	if _, err := p.dec.Token(); err != nil { // the closing brace
		return nil, p.syntaxError(err)
	}
	end := int(p.dec.InputOffset())
	if _, err := p.dec.Token(); err != io.EOF {
		off := p.skipSpace(end)
		return nil, &ParseError{Line: p.lineAt(off), Text: p.snippet(off), Msg: "data after the JSON transcript"}
	}
	if !found {
		return nil, &ParseError{Line: p.lineAt(p.skipSpace(0)), Msg: `not a JSON transcript: no "segments" array`}
	}
	return segs, nil
}

// segments reads the segments array, after its key, appending to segs.
func (p *jsonParser) segments(segs []srcSeg) ([]srcSeg, error) {
	valueAt := p.skipSpace(int(p.dec.InputOffset()))
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntaxError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, &ParseError{Line: p.lineAt(valueAt), Text: p.snippet(valueAt), Msg: `"segments" must be an array`}
	}
	var js jsonSegment // reused: Decode would allocate one a segment
	for i := 0; p.dec.More(); i++ {
		at := p.skipSpace(int(p.dec.InputOffset()))
		// Members the segment lacks keep these values: NaN, which JSON
		// cannot spell, marks a missing time.
		js = jsonSegment{StartTime: math.NaN(), EndTime: math.NaN()}
		if err := p.dec.Decode(&js); err != nil {
			return nil, p.segmentError(i, at, err)
		}
		body := strings.TrimSpace(js.Body)
		if body == "" {
			if len(segs) > 0 && endsInBreak(js.Body) {
				segs[len(segs)-1].brk = true // a line break alone ends the line
			}
			continue
		}
		if math.IsNaN(js.StartTime) {
			return nil, &ParseError{Line: p.lineAt(at), Text: p.snippet(at), Msg: fmt.Sprintf("segments[%d]: missing startTime", i)}
		}
		start, err := p.seconds(i, at, "startTime", js.StartTime)
		if err != nil {
			return nil, err
		}
		var end time.Duration
		if !math.IsNaN(js.EndTime) {
			if end, err = p.seconds(i, at, "endTime", js.EndTime); err != nil {
				return nil, err
			}
		}
		segs = append(segs, srcSeg{
			Segment: Segment{
				Start:   start,
				End:     end,
				Speaker: strings.TrimSpace(js.Speaker),
				Text:    body,
			},
			line: p.lineFrom(at),
			brk:  endsInBreak(js.Body),
		})
	}
	if _, err := p.dec.Token(); err != nil { // the closing bracket
		return nil, p.syntaxError(err)
	}
	return segs, nil
}

// jsonSegment is a segment as the JSON holds it.
type jsonSegment struct {
	Speaker   string  `json:"speaker"`
	StartTime float64 `json:"startTime"`
	EndTime   float64 `json:"endTime"`
	Body      string  `json:"body"`
}

// seconds converts the time in member field of segment i, which starts at
// offset at, to a duration rounded to the millisecond.
func (p *jsonParser) seconds(i, at int, field string, v float64) (time.Duration, error) {
	var msg string
	switch {
	case v < 0:
		msg = "is negative"
	case v > maxSeconds:
		msg = fmt.Sprintf("is over %d seconds", maxSeconds)
	default:
		return jsonSeconds(v), nil
	}
	off := p.memberAt(at, field)
	raw := p.valueAt(off)
	if raw == "" {
		raw = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return 0, &ParseError{Line: p.lineAt(off), Text: raw, Msg: fmt.Sprintf("segments[%d]: %s %s", i, field, msg)}
}

// segmentError turns an error decoding segment i, which starts at offset
// at, into a *ParseError.
func (p *jsonParser) segmentError(i, at int, err error) error {
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) {
		return p.syntaxError(err)
	}
	if ute.Field == "" {
		return &ParseError{Line: p.lineAt(at), Text: p.snippet(at), Msg: fmt.Sprintf("segments[%d] must be an object, not %s", i, ute.Value)}
	}
	field := ute.Field
	off := p.memberAt(at, field)
	var msg string
	switch {
	case field != "startTime" && field != "endTime":
		msg = "must be a string, not " + ute.Value
	case strings.HasPrefix(ute.Value, "number"):
		msg = fmt.Sprintf("is over %d seconds", maxSeconds) // too large for a float64
	default:
		msg = "must be a number of seconds, not " + ute.Value
	}
	return &ParseError{Line: p.lineAt(off), Text: p.valueAt(off), Msg: fmt.Sprintf("segments[%d]: %s %s", i, field, msg)}
}

// memberAt returns the offset of the member named name in the object at
// offset at, or at when it cannot find it.
func (p *jsonParser) memberAt(at int, name string) int {
	end := int(p.dec.InputOffset())
	if end < at || end > len(p.data) {
		return at
	}
	if k := bytes.Index(p.data[at:end], []byte(`"`+name+`"`)); k >= 0 {
		return at + k
	}
	return at
}

// valueAt returns the JSON text of the value of the member whose key is
// at offset off, for an error message: a number, a literal or a string as
// written, or the start of an object or array.
func (p *jsonParser) valueAt(off int) string {
	if off >= len(p.data) || p.data[off] != '"' {
		return ""
	}
	// Skip the key.
	i := off + 1
	for i < len(p.data) && p.data[i] != '"' {
		if p.data[i] == '\\' {
			i++
		}
		i++
	}
	i = p.skipSpace(i + 1)
	if i >= len(p.data) {
		return ""
	}
	end := i + 1
	switch p.data[i] {
	case '{', '[':
		return p.snippet(i)
	case '"':
		for end < len(p.data) && p.data[end] != '"' {
			if p.data[end] == '\\' {
				end++
			}
			end++
		}
		end++
	default:
		for end < len(p.data) && bytes.IndexByte([]byte(",}] \t\r\n"), p.data[end]) < 0 {
			end++
		}
	}
	end = min(end, len(p.data), i+maxQuote)
	return strings.ToValidUTF8(string(p.data[i:end]), "\ufffd")
}

// syntaxError turns an error from the decoder into a *ParseError, finding
// where the JSON goes wrong.
func (p *jsonParser) syntaxError(err error) error {
	if se := p.validate(); se != nil {
		return se
	}
	// The JSON is valid, so the decoder's complaint is about its shape.
	off := p.skipSpace(int(p.dec.InputOffset()))
	return &ParseError{Line: p.lineAt(off), Text: p.snippet(off), Msg: "invalid JSON: " + err.Error()}
}

// validate checks the whole input, which gives the exact offset of a
// syntax error (the decoder's offsets are not exact). It returns nil when
// the input is valid JSON.
func (p *jsonParser) validate() *ParseError {
	var raw json.RawMessage
	err := json.Unmarshal(p.data, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	off := int(se.Offset) - 1 // the offending byte
	if off < 0 || len(bytes.TrimSpace(p.data)) == 0 {
		return &ParseError{Line: 1, Msg: "empty input: not a JSON transcript"}
	}
	return &ParseError{Line: p.lineAt(off), Text: p.snippet(off), Msg: "invalid JSON: " + se.Error()}
}

// skipSpace returns the offset of the first byte at or after off that is
// not white space, a comma or a colon: the start of the next value.
func (p *jsonParser) skipSpace(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return min(off, len(p.data))
}

// lineFrom returns the 1-based line of the byte at offset off, counting
// on from the offset of the call before, which must not be after off.
func (p *jsonParser) lineFrom(off int) int {
	if p.line == 0 || off < p.lineOff {
		p.lineOff, p.line = 0, 1
	}
	off = max(0, min(off, len(p.data)))
	p.line += bytes.Count(p.data[p.lineOff:off], []byte("\n"))
	p.lineOff = off
	return p.line
}

// lineAt returns the 1-based line of the byte at offset off.
func (p *jsonParser) lineAt(off int) int {
	off = max(0, min(off, len(p.data)))
	return bytes.Count(p.data[:off], []byte("\n")) + 1
}

// snippet returns the text of the line from offset off, for an error
// message, at most 40 bytes.
func (p *jsonParser) snippet(off int) string {
	if off < 0 || off >= len(p.data) {
		return ""
	}
	s := p.data[off:]
	if i := bytes.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40]
		for len(s) > 0 && !utf8.Valid(s) {
			s = s[:len(s)-1] // a rune cut in two
		}
	}
	return strings.ToValidUTF8(strings.TrimSpace(string(s)), "\ufffd")
}

// WriteJSON writes t as a Podcasting 2.0 JSON transcript (version 1.0.0),
// one segment per line.
//
// Times are written in seconds with millisecond precision; endTime is left
// out when End is zero, speaker when it is empty. Body and speaker are
// trimmed. Segments without text are left out. A segment with Words is
// written word-level, one JSON segment a word, the last word's body ending
// in "\n", so that ParseJSON groups the words into the same lines again.
func WriteJSON(w io.Writer, t *Transcript) error {
	if t == nil {
		t = &Transcript{}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("{\n  \"version\": \"1.0.0\",\n  \"segments\": [")
	var (
		buf bytes.Buffer
		str bytes.Buffer
	)
	enc := json.NewEncoder(&str)
	enc.SetEscapeHTML(false)
	quote := func(s string) []byte {
		str.Reset()
		enc.Encode(s) // a string always encodes
		return bytes.TrimSuffix(str.Bytes(), []byte("\n"))
	}
	n := 0
	segment := func(speaker string, start, end time.Duration, body string) error {
		buf.Reset()
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		buf.WriteString("\n    {")
		if speaker != "" {
			buf.WriteString(`"speaker": `)
			buf.Write(quote(speaker))
			buf.WriteString(", ")
		}
		buf.WriteString(`"startTime": `)
		buf.Write(appendSeconds(nil, start))
		if end != 0 {
			buf.WriteString(`, "endTime": `)
			buf.Write(appendSeconds(nil, end))
		}
		buf.WriteString(`, "body": `)
		buf.Write(quote(body))
		buf.WriteByte('}')
		_, err := bw.Write(buf.Bytes())
		return err
	}
	for _, s := range t.Segments {
		sp := strings.TrimSpace(s.Speaker)
		if len(s.Words) > 0 {
			// One segment a word, the last ending the line.
			for i, wd := range s.Words {
				body := strings.TrimSpace(wd.Text)
				if i == len(s.Words)-1 {
					body += "\n"
				}
				if err := segment(sp, wd.Start, wd.End, body); err != nil {
					return err
				}
			}
			continue
		}
		body := strings.TrimSpace(s.Text)
		if body == "" {
			continue
		}
		if err := segment(sp, s.Start, s.End, body); err != nil {
			return err
		}
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// appendSeconds appends d in seconds, rounded to the millisecond, without
// trailing zeros: 2.25, 3, 0.005. Negative durations are written as 0.
func appendSeconds(b []byte, d time.Duration) []byte {
	if d < 0 {
		d = 0
	}
	ms := int64((d + time.Millisecond/2) / time.Millisecond)
	b = strconv.AppendInt(b, ms/1000, 10)
	if ms%1000 == 0 {
		return b
	}
	frac := []byte{'.', byte('0' + ms%1000/100), byte('0' + ms%100/10), byte('0' + ms%10)}
	return append(b, bytes.TrimRight(frac, "0")...)
}
