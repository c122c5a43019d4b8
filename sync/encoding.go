package sync

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Transcripts are read as UTF-8. Files in the wild also come as UTF-16
// (Windows tools write it with a byte order mark) and as Windows-1252
// (older Windows tools, and the Latin-1 files it is a superset of).
// decodeText decides per file:
//
//   - valid UTF-8 is read as it is;
//   - UTF-16 with a byte order mark is decoded;
//   - other input is read as Windows-1252 when every byte maps to a
//     character (0x81, 0x8D, 0x8F, 0x90 and 0x9D do not), with a warning,
//     so that the UI can say so instead of showing mojibake silently;
//   - anything else is rejected with a *ParseError naming the line.

// win1252 maps the bytes 0x80 to 0x9F of Windows-1252 to their
// characters; 0 marks the five that are not defined. The other bytes above
// 0x7F map to the Unicode code point of the same value (Latin-1).
var win1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// msgWin1252 is the warning for input read as Windows-1252.
const msgWin1252 = "not UTF-8: read as Windows-1252"

// decodeText returns s as UTF-8 text, decoding UTF-16 and Windows-1252 as
// described above. The warning is nil unless the text was read as
// Windows-1252.
func decodeText(s string) (string, *Warning, error) {
	if len(s) >= 2 && (s[0] == 0xFF && s[1] == 0xFE || s[0] == 0xFE && s[1] == 0xFF) {
		t, err := decodeUTF16(s[2:], s[0] == 0xFE)
		return t, nil, err
	}
	if utf8.ValidString(s) {
		return s, nil, nil
	}
	bad := firstInvalid(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c >= 0xA0:
			b.WriteRune(rune(c))
		case win1252[c-0x80] != 0:
			b.WriteRune(win1252[c-0x80])
		default:
			// Quote the line as Windows-1252, the bytes it lacks as
			// replacement characters.
			line := lineOf(s, i)
			from := strings.LastIndexByte(s[:i], '\n') + 1
			to := len(s)
			if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
				to = i + k
			}
			var q strings.Builder
			for _, c := range []byte(s[from:to]) {
				switch {
				case c < 0x80:
					q.WriteByte(c)
				case c >= 0xA0:
					q.WriteRune(rune(c))
				case win1252[c-0x80] != 0:
					q.WriteRune(win1252[c-0x80])
				default:
					q.WriteRune(utf8.RuneError)
				}
			}
			text := strings.TrimSpace(q.String())
			return "", nil, &ParseError{Line: line, Text: text,
				Msg: fmt.Sprintf("not UTF-8 text (nor Windows-1252: byte 0x%02X); save the file as UTF-8", c)}
		}
	}
	line := lineOf(s, bad)
	msg := msgWin1252
	if hasUTF8Sequence(s) {
		msg += " (it also holds UTF-8 sequences, which show as two or three odd characters each)"
	}
	return b.String(), &Warning{Line: line, Msg: msg}, nil
}

// firstInvalid returns the offset of the first byte of s that is not part
// of valid UTF-8.
func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}

// hasUTF8Sequence reports whether s holds a valid multi-byte UTF-8
// sequence.
func hasUTF8Sequence(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || size > 1 {
			return true
		}
		i++
	}
	return false
}

// lineOf returns the 1-based number of the line holding offset off of s.
func lineOf(s string, off int) int {
	return strings.Count(s[:min(off, len(s))], "\n") + 1
}

// decodeUTF16 decodes s, UTF-16 after its byte order mark, big-endian when
// be is set. Unpaired surrogates and an odd number of bytes are errors.
func decodeUTF16(s string, be bool) (string, error) {
	var b strings.Builder
	b.Grow(len(s) / 2 * 3 / 2)
	line := 1
	unit := func(i int) uint16 {
		if be {
			return uint16(s[i])<<8 | uint16(s[i+1])
		}
		return uint16(s[i+1])<<8 | uint16(s[i])
	}
	for i := 0; i+1 < len(s); i += 2 {
		u := unit(i)
		r := rune(u)
		if utf16.IsSurrogate(r) {
			if u >= 0xDC00 || i+3 >= len(s) {
				return "", &ParseError{Line: line, Msg: "not UTF-16 text: a surrogate without its pair"}
			}
			r = utf16.DecodeRune(r, rune(unit(i+2)))
			if r == utf8.RuneError {
				return "", &ParseError{Line: line, Msg: "not UTF-16 text: a surrogate without its pair"}
			}
			i += 2
		}
		if r == '\n' {
			line++
		}
		b.WriteRune(r)
	}
	if len(s)%2 != 0 {
		return "", &ParseError{Line: line, Msg: "UTF-16 text with an odd number of bytes: the file is cut short"}
	}
	return b.String(), nil
}
