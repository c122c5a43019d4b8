package sync

import (
	"fmt"
	"unicode/utf8"
)

// ParseError reports a problem in a transcript, naming where it is.
type ParseError struct {
	File string // file name, when known
	Line int    // 1-based line number; 0 when the problem is not on one line
	Text string // the offending text, as found
	Msg  string // what is wrong
}

// maxQuote bounds how much of an offending line an error message quotes.
const maxQuote = 60

// Error formats the error as "file:line: message: "text"".
func (e *ParseError) Error() string {
	where := e.File
	if where == "" {
		where = "transcript"
	}
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", where, e.Line)
	}
	if e.Text == "" {
		return where + ": " + e.Msg
	}
	return fmt.Sprintf("%s: %s: %q", where, e.Msg, quote(e.Text))
}

// quote shortens s to at most maxQuote runes, marking the cut.
func quote(s string) string {
	if utf8.RuneCountInString(s) <= maxQuote {
		return s
	}
	r := []rune(s)
	return string(r[:maxQuote]) + "…"
}

// withFile returns err with its file name set, when it is a *ParseError.
func withFile(err error, name string) error {
	if pe, ok := err.(*ParseError); ok && pe.File == "" {
		cp := *pe
		cp.File = name
		return &cp
	}
	return err
}
