package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"readalong/fetch"
)

// Outline is a feed in an OPML subscription list.
type Outline struct {
	Title   string
	FeedURL string
	SiteURL string
}

// maxOPML bounds an OPML file (8 MB: tens of thousands of feeds).
const maxOPML = 8 << 20

// ParseOPML reads the feeds of an OPML subscription list, as gPodder,
// AntennaPod and Pocket Casts export them: every <outline> with an
// xmlUrl, at any depth (folders are flattened), only http and https
// feeds. name is used in errors, which name the line.
func ParseOPML(r io.Reader, name string) ([]Outline, error) {
	d := xml.NewDecoder(&capReader{r: r, left: maxOPML})
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	var out []Outline
	seen := map[string]bool{}
	depth, root := 0, false
	fail := func(msg string, err error) error {
		line, _ := d.InputPos()
		return &ParseError{URL: name, Line: line, Msg: msg, Err: err}
	}
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if errors.Is(err, fetch.ErrTooLarge) {
			return nil, fail(fmt.Sprintf("larger than %d MB", maxOPML>>20), fetch.ErrTooLarge)
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &ParseError{URL: name, Line: se.Line, Msg: "not well-formed XML: " + se.Msg, Err: err}
			}
			return nil, fail(err.Error(), err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return nil, fail(fmt.Sprintf("elements %v (more than %d levels)", ErrTooDeep, maxDepth), ErrTooDeep)
			}
			if depth == 1 {
				if !strings.EqualFold(t.Name.Local, "opml") {
					return nil, fail(fmt.Sprintf("not an OPML file: the document is <%s>", t.Name.Local), fetch.ErrNotFeed)
				}
				root = true
			}
			if t.Name.Local != "outline" {
				continue
			}
			var o Outline
			var text string
			for _, a := range t.Attr {
				switch strings.ToLower(a.Name.Local) {
				case "xmlurl":
					o.FeedURL = strings.TrimSpace(a.Value)
				case "htmlurl":
					o.SiteURL = strings.TrimSpace(a.Value)
				case "title":
					o.Title = clip(strings.TrimSpace(a.Value), maxTitle)
				case "text":
					text = clip(strings.TrimSpace(a.Value), maxTitle)
				}
			}
			if o.Title == "" {
				o.Title = text
			}
			if o.FeedURL == "" || seen[o.FeedURL] {
				continue
			}
			if _, err := fetch.CheckURL(o.FeedURL); err != nil {
				continue
			}
			seen[o.FeedURL] = true
			out = append(out, o)
		case xml.EndElement:
			depth--
		}
	}
	if !root {
		return nil, &ParseError{URL: name, Msg: "empty: no OPML in the file", Err: fetch.ErrNotFeed}
	}
	return out, nil
}

type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated"`
	} `xml:"head"`
	Body struct {
		Outlines []opmlOutline `xml:"outline"`
	} `xml:"body"`
}

type opmlOutline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// WriteOPML writes feeds as an OPML 2.0 subscription list, the form
// podcast apps import.
func WriteOPML(w io.Writer, title string, feeds []Outline) error {
	var doc opmlDoc
	doc.Version = "2.0"
	doc.Head.Title = title
	doc.Head.DateCreated = time.Now().UTC().Format(time.RFC1123Z)
	for _, f := range feeds {
		t := f.Title
		if t == "" {
			t = f.FeedURL
		}
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{Type: "rss", Text: t, Title: f.Title, XMLURL: f.FeedURL, HTMLURL: f.SiteURL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	e := xml.NewEncoder(w)
	e.Indent("", "  ")
	if err := e.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// capReader reads at most left bytes, then fails with fetch.ErrTooLarge.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			return 0, fetch.ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
