package chapters

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// PSCNamespace is the XML namespace of Podlove Simple Chapters.
const PSCNamespace = "http://podlove.org/simple-chapters"

// ParsePSC reads Podlove Simple Chapters, as found inside feeds:
//
//	<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
//	  <psc:chapter start="8:26.250" title="Chapter" href="https://…" image="https://…"/>
//	</psc:chapters>
//
// r may hold the chapters element alone (its psc prefix need not be
// declared) or a whole feed item. Start times are Normal Play Time
// ([[HH:]MM:]SS[.mmm]). Chapters that cannot be used are skipped with a
// warning naming their line; XML that is not well-formed is a
// *ParseError, as is XML holding no chapters element.
func ParsePSC(r io.Reader, file string) (List, []Warning, error) {
	data, err := readAll(r, file)
	if err != nil {
		return nil, nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	w := &warner{file: file}
	var l List
	found := false
	for n := 1; ; {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			return nil, nil, &ParseError{File: file, Line: line, Err: fmt.Errorf("%w XML: %v", ErrSyntax, err)}
		}
		el, ok := tok.(xml.StartElement)
		if !ok || !isPSC(el.Name) {
			continue
		}
		if el.Name.Local == "chapters" {
			found = true
			continue
		}
		if el.Name.Local != "chapter" {
			continue
		}
		found = true
		line, _ := dec.InputPos()
		elem := fmt.Sprintf("chapter %d", n)
		n++
		attr := func(name string) string {
			for _, a := range el.Attr {
				if a.Name.Local == name {
					return strings.TrimSpace(a.Value)
				}
			}
			return ""
		}
		if len(l) >= maxChapters {
			w.add(line, elem, "more than %d chapters: the rest skipped", maxChapters)
			break
		}
		start := attr("start")
		d, err := parseClock(start)
		if err != nil {
			w.add(line, elem, "start %q is not a time (HH:MM:SS.mmm): skipped", start)
			continue
		}
		c := Chapter{Start: d, Title: attr("title"), URL: attr("href"), line: line, elem: elem}
		if img := attr("image"); img != "" {
			c.Image = &Image{URL: img}
		}
		l = append(l, c)
	}
	if !found {
		return nil, nil, &ParseError{File: file, Err: fmt.Errorf("%w: no psc:chapters element", ErrNoChapters)}
	}
	return l, w.done(), nil
}

// isPSC reports whether an element is in the Podlove namespace, or has
// its usual prefix undeclared, or no namespace at all.
func isPSC(n xml.Name) bool {
	return n.Space == PSCNamespace || n.Space == "psc" || n.Space == ""
}
