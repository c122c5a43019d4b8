package chapters

import (
	"errors"
	"fmt"
)

// Sentinel errors, wrapped by *ParseError.
var (
	// ErrSyntax: the file is not well-formed JSON or XML.
	ErrSyntax = errors.New("not well-formed")
	// ErrNoChapters: the file is well-formed but holds no chapters (a
	// JSON transcript, say).
	ErrNoChapters = errors.New("holds no chapters")
	// ErrTooLarge: the file is larger than any chapters file.
	ErrTooLarge = errors.New("too large for a chapters file")
	// ErrFormat: the file is neither a chapters file nor an episode with
	// chapters Readalong reads.
	ErrFormat = errors.New("not a chapters file")
)

// ParseError is a chapters file that could not be read at all.
type ParseError struct {
	File    string // the file or URL
	Line    int    // 1-based line, 0 when the error is on no one line
	Element string // the element concerned, or ""
	Err     error  // what is wrong; wraps one of the sentinels
}

// Error formats the error as "file:line: element: what is wrong".
func (e *ParseError) Error() string {
	return where(e.File, e.Line, e.Element) + e.Err.Error()
}

// Unwrap returns the error, which wraps a sentinel.
func (e *ParseError) Unwrap() error { return e.Err }

// Warning is a problem in a source of chapters that was skipped or
// mended, the rest read.
type Warning struct {
	File    string // the file or URL the chapters came from
	Line    int    // 1-based line, 0 when none
	Element string // the chapter or element: "chapter 3", "CHAPTER002", `ID3 CHAP "c1" at byte 120`
	Msg     string // what was found and what was done about it
}

// String formats the warning as "file:line: element: message".
func (w Warning) String() string { return where(w.File, w.Line, w.Element) + w.Msg }

func where(file string, line int, elem string) string {
	s := file
	if s == "" {
		s = "chapters"
	}
	if line > 0 {
		s += fmt.Sprintf(":%d", line)
	}
	s += ": "
	if elem != "" {
		s += elem + ": "
	}
	return s
}

// warner collects the warnings of one source.
type warner struct {
	file string
	list []Warning
	n    int
}

// maxWarnings is how many warnings of one source are listed; the rest
// are counted.
const maxWarnings = 50

func (w *warner) add(line int, elem, format string, a ...any) {
	w.n++
	if w.n <= maxWarnings {
		w.list = append(w.list, Warning{File: w.file, Line: line, Element: elem, Msg: fmt.Sprintf(format, a...)})
	}
}

// at records a warning about chapter c.
func (w *warner) at(c *Chapter, format string, a ...any) {
	w.add(c.line, c.elem, format, a...)
}

func (w *warner) done() []Warning {
	if w.n > maxWarnings {
		w.list = append(w.list, Warning{File: w.file, Msg: fmt.Sprintf("… and %d more warnings", w.n-maxWarnings)})
	}
	return w.list
}
