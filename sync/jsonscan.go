package sync

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonScanner reads a JSON transcript in one pass over the text, without
// the token-by-token decoding of jsonParser, which takes most of the time
// of a large file. It handles transcripts that hold no surprises and
// gives the same segments jsonParser would. It gives up on anything else
// (an error, a member spelled in another case, a value of the wrong
// type), and the caller then runs jsonParser, for the result or the error
// message.
type jsonScanner struct {
	s    string
	i    int // offset of the next byte
	line int // line of the next byte
	src  []srcSeg
}

// maxJSONDepth is how deeply values the scanner skips may nest, as in
// encoding/json.
const maxJSONDepth = 10000

// scanJSON reads the transcript in s, which holds no byte order mark, and
// reports whether it could.
func scanJSON(s string) ([]srcSeg, bool) {
	sc := &jsonScanner{s: s, line: 1}
	if !sc.transcript() {
		return nil, false
	}
	return sc.src, true
}

func (sc *jsonScanner) transcript() bool {
	sc.space()
	if !sc.next('{') {
		return false
	}
	found := false
	sc.space()
	if sc.next('}') {
		return false // no "segments": jsonParser says so
	}
	for {
		sc.space()
		key, ok := sc.str()
		if !ok {
			return false
		}
		sc.space()
		if !sc.next(':') {
			return false
		}
		sc.space()
		if key == "segments" {
			if !sc.segments() {
				return false
			}
			found = true
		} else if !sc.skip(0) {
			return false
		}
		sc.space()
		if sc.next(',') {
			continue
		}
		if !sc.next('}') {
			return false
		}
		break
	}
	sc.space()
	return found && sc.i == len(sc.s)
}

// segments reads the segments array.
func (sc *jsonScanner) segments() bool {
	if !sc.next('[') {
		return false
	}
	if sc.src == nil {
		sc.src = make([]srcSeg, 0, len(sc.s)/100) // a segment takes some 100 bytes
	}
	sc.space()
	if sc.next(']') {
		return true
	}
	for {
		sc.space()
		if !sc.segment() {
			return false
		}
		sc.space()
		if sc.next(',') {
			continue
		}
		return sc.next(']')
	}
}

// segment reads one segment object.
func (sc *jsonScanner) segment() bool {
	line := sc.line
	if !sc.next('{') {
		return false
	}
	start, end := math.NaN(), math.NaN()
	var speaker, body string
	sc.space()
	if !sc.next('}') {
		for {
			sc.space()
			key, ok := sc.str()
			if !ok {
				return false
			}
			sc.space()
			if !sc.next(':') {
				return false
			}
			sc.space()
			switch key {
			case "speaker":
				ok = sc.strOrNull(&speaker)
			case "body":
				ok = sc.strOrNull(&body)
			case "startTime":
				ok = sc.numOrNull(&start)
			case "endTime":
				ok = sc.numOrNull(&end)
			default:
				// encoding/json matches member names regardless of case.
				for _, k := range [...]string{"speaker", "body", "startTime", "endTime"} {
					if strings.EqualFold(key, k) {
						return false
					}
				}
				ok = sc.skip(0)
			}
			if !ok {
				return false
			}
			sc.space()
			if sc.next(',') {
				continue
			}
			if !sc.next('}') {
				return false
			}
			break
		}
	}
	text := strings.TrimSpace(body)
	if text == "" {
		if len(sc.src) > 0 && endsInBreak(body) {
			sc.src[len(sc.src)-1].brk = true // a line break alone ends the line
		}
		return true
	}
	if math.IsNaN(start) || start < 0 || start > maxSeconds || end < 0 || end > maxSeconds {
		return false // jsonParser words the error
	}
	seg := srcSeg{Segment: Segment{Start: jsonSeconds(start), Speaker: strings.TrimSpace(speaker), Text: text}, line: line, brk: endsInBreak(body)}
	if !math.IsNaN(end) {
		seg.End = jsonSeconds(end)
	}
	sc.src = append(sc.src, seg)
	return true
}

// jsonSeconds converts seconds to a duration rounded to the millisecond.
func jsonSeconds(v float64) time.Duration {
	return time.Duration(math.Round(v*1000)) * time.Millisecond
}

// endsInBreak reports whether the white space at the end of a JSON body
// holds a line break.
func endsInBreak(body string) bool {
	return strings.ContainsRune(body[len(strings.TrimRightFunc(body, unicode.IsSpace)):], '\n')
}

// space skips white space, counting lines.
func (sc *jsonScanner) space() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case '\n':
			sc.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		sc.i++
	}
}

// next skips c when it is the next byte, and reports whether it was.
func (sc *jsonScanner) next(c byte) bool {
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

func (sc *jsonScanner) strOrNull(v *string) bool {
	if sc.literal("null") {
		return true // encoding/json leaves the field as it was
	}
	s, ok := sc.str()
	if ok {
		*v = s
	}
	return ok
}

func (sc *jsonScanner) numOrNull(v *float64) bool {
	if sc.literal("null") {
		return true
	}
	n, ok := sc.number()
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return false // out of range
	}
	*v = f
	return true
}

// literal skips lit when it comes next.
func (sc *jsonScanner) literal(lit string) bool {
	if strings.HasPrefix(sc.s[sc.i:], lit) {
		sc.i += len(lit)
		return true
	}
	return false
}

// str reads a string, decoding its escapes as encoding/json does.
func (sc *jsonScanner) str() (string, bool) {
	if !sc.next('"') {
		return "", false
	}
	from := sc.i
	for i := from; i < len(sc.s); i++ {
		switch c := sc.s[i]; {
		case c == '"':
			sc.i = i + 1
			return sc.s[from:i], true
		case c == '\\':
			return sc.unescape(from)
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// unescape reads the rest of a string holding escapes, from offset from.
func (sc *jsonScanner) unescape(from int) (string, bool) {
	s := sc.s
	b := make([]byte, 0, 64)
	for i := from; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			sc.i = i + 1
			return string(b), true
		case c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		switch e := s[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := hex4(s[i:])
			if r < 0 {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// As encoding/json: a valid pair is one rune, anything
				// else the replacement character.
				if dec := utf16.DecodeRune(r, hex4(s[i:])); dec != unicode.ReplacementChar {
					b = utf8.AppendRune(b, dec)
					i += 6
					continue
				}
				r = unicode.ReplacementChar
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", false
		}
		i += 2
	}
	return "", false
}

// hex4 decodes the \uXXXX escape at the start of s, or returns -1.
func hex4(s string) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range []byte(s[2:6]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// number reads a number as JSON spells it and returns its text.
func (sc *jsonScanner) number() (string, bool) {
	s, i := sc.s, sc.i
	from := i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return "", false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return "", false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return "", false
		}
	}
	sc.i = i
	return s[from:i], true
}

// skip skips a value of any kind, checking that it is well formed.
func (sc *jsonScanner) skip(depth int) bool {
	if sc.i >= len(sc.s) || depth > maxJSONDepth {
		return false
	}
	switch c := sc.s[sc.i]; c {
	case '"':
		_, ok := sc.str()
		return ok
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		sc.i++
		sc.space()
		if sc.next(close) {
			return true
		}
		for {
			sc.space()
			if c == '{' {
				if _, ok := sc.str(); !ok {
					return false
				}
				sc.space()
				if !sc.next(':') {
					return false
				}
				sc.space()
			}
			if !sc.skip(depth + 1) {
				return false
			}
			sc.space()
			if sc.next(',') {
				continue
			}
			return sc.next(close)
		}
	case 't':
		return sc.literal("true")
	case 'f':
		return sc.literal("false")
	case 'n':
		return sc.literal("null")
	}
	_, ok := sc.number()
	return ok
}
