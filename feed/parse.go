package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"readalong/fetch"
)

// The namespaces a podcast feed's elements come in, by URI. Prefixes are
// whatever a feed declares; only the URI counts.
const (
	NamespaceITunes        = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	NamespacePodcast       = "https://podcastindex.org/namespace/1.0"
	NamespacePodcastGitHub = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
	NamespacePSC           = "http://podlove.org/simple-chapters"
	NamespaceAtom          = "http://www.w3.org/2005/Atom"
	NamespaceContent       = "http://purl.org/rss/1.0/modules/content/"
	NamespaceDC            = "http://purl.org/dc/elements/1.1/"
	NamespaceRDF           = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NamespaceRSS1          = "http://purl.org/rss/1.0/"
)

// ns is a namespace as the parser tells them apart: one per URI (both
// Podcasting 2.0 URIs are the one namespace; RSS 2.0 has none, and RSS
// 1.0's is read as the same).
type ns int

const (
	nsOther ns = iota
	nsRSS
	nsITunes
	nsPodcast
	nsPSC
	nsAtom
	nsContent
	nsDC
	nsRDF
)

func nsOf(uri string) ns {
	switch uri {
	case "", NamespaceRSS1:
		return nsRSS
	case NamespacePodcast, NamespacePodcastGitHub:
		return nsPodcast
	case NamespaceAtom:
		return nsAtom
	case NamespaceContent:
		return nsContent
	case NamespacePSC:
		return nsPSC
	case NamespaceDC:
		return nsDC
	case NamespaceRDF:
		return nsRDF
	}
	// Feeds write the iTunes URI in several cases (…/DTDs/Podcast-1.0.dtd).
	if strings.EqualFold(uri, NamespaceITunes) {
		return nsITunes
	}
	return nsOther
}

// Bounds on what one feed may hold.
const (
	maxDepth = 64        // element nesting
	maxTitle = 4 << 10   // bytes of a title
	maxText  = 256 << 10 // bytes of a description
	maxURL   = 8 << 10   // bytes of a link
)

// Parse reads a podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0
// namespaces, Atom, or RSS 1.0. feedURL is where it came from: relative
// links are resolved against it and errors name it (redacted). A feed
// larger than fetch.MaxFeed, nested deeper than 64 elements or not well
// formed is refused with a *ParseError naming the line; a document that
// is not a feed (a web page, say) wraps fetch.ErrNotFeed.
func Parse(r io.Reader, feedURL string) (*Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, fetch.MaxFeed+1))
	if err != nil {
		return nil, err
	}
	if len(data) > fetch.MaxFeed {
		return nil, &ParseError{URL: redact(feedURL), Msg: fmt.Sprintf("larger than %d MB", fetch.MaxFeed>>20), Err: fetch.ErrTooLarge}
	}
	return ParseBytes(data, feedURL)
}

// ParseBytes is Parse for a feed already in memory.
func ParseBytes(data []byte, feedURL string) (*Feed, error) {
	if len(data) > fetch.MaxFeed {
		return nil, &ParseError{URL: redact(feedURL), Msg: fmt.Sprintf("larger than %d MB", fetch.MaxFeed>>20), Err: fetch.ErrTooLarge}
	}
	p := &parser{data: data, url: feedURL, f: &Feed{URL: feedURL}}
	p.base, _ = url.Parse(feedURL)
	p.d = xml.NewDecoder(bytes.NewReader(data))
	p.d.Strict = true
	p.d.Entity = xml.HTMLEntity
	p.d.CharsetReader = charset.NewReaderLabel
	if err := p.document(); err != nil {
		return nil, p.wrap(err)
	}
	p.finish()
	return p.f, nil
}

type parser struct {
	d       *xml.Decoder
	data    []byte
	url     string
	base    *url.URL
	depth   int
	prevOff int64 // input offset before the last token
	f       *Feed
	noAudio int // items without usable audio
	cut     bool
	buf     []byte // text being read, reused
}

// wrap turns an error into a *ParseError naming the feed and the line.
func (p *parser) wrap(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	e := &ParseError{URL: redact(p.url), Err: err}
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se) && se.Msg == "unexpected EOF":
		e.Line, e.Msg = se.Line, "the feed ends in the middle (cut short?)"
	case errors.As(err, &se):
		e.Line, e.Msg = se.Line, "not well-formed XML: "+se.Msg
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		e.Line, _ = p.d.InputPos()
		e.Msg, e.Err = "the feed ends in the middle", io.ErrUnexpectedEOF
	default:
		e.Line, _ = p.d.InputPos()
		e.Msg = err.Error()
	}
	return e
}

// token returns the next token, keeping count of the nesting.
func (p *parser) token() (xml.Token, error) {
	p.prevOff = p.d.InputOffset()
	t, err := p.d.Token()
	if err != nil {
		return nil, err
	}
	switch t.(type) {
	case xml.StartElement:
		if p.depth++; p.depth > maxDepth {
			return nil, fmt.Errorf("elements %w (more than %d levels)", ErrTooDeep, maxDepth)
		}
	case xml.EndElement:
		p.depth--
	}
	return t, nil
}

// skip consumes the rest of the element just started.
func (p *parser) skip() error {
	for d := p.depth; p.depth >= d; {
		if _, err := p.token(); err != nil {
			return err
		}
	}
	return nil
}

// text returns the text of the element just started (nested elements'
// text included, their tags not), trimmed, at most limit bytes.
func (p *parser) text(limit int) (string, error) {
	b := p.buf[:0]
	defer func() { p.buf = b[:0] }()
	for d := p.depth; ; {
		t, err := p.token()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			if room := limit - len(b); room < len(t) {
				t = t[:max(0, room)]
				p.cut = true
			}
			b = append(b, t...)
		case xml.EndElement:
			if p.depth < d {
				return string(bytes.TrimSpace(b)), nil
			}
		}
	}
}

// document reads the root element.
func (p *parser) document() error {
	for {
		t, err := p.token()
		if err == io.EOF {
			return &ParseError{URL: redact(p.url), Msg: "empty: no feed in the document", Err: fetch.ErrNotFeed}
		}
		if err != nil {
			return err
		}
		start, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch n := nsOf(start.Name.Space); {
		case start.Name.Local == "rss" && n == nsRSS:
			p.f.Format = "RSS"
			return p.rss()
		case start.Name.Local == "feed" && n == nsAtom:
			p.f.Format = "Atom"
			return p.container()
		case start.Name.Local == "RDF" && n == nsRDF:
			p.f.Format = "RSS 1.0"
			return p.container()
		}
		line, _ := p.d.InputPos()
		return &ParseError{URL: redact(p.url), Line: line,
			Msg: fmt.Sprintf("not a podcast feed: the document is <%s>, not <rss> or <feed>", start.Name.Local), Err: fetch.ErrNotFeed}
	}
}

// children calls each for every child element of the element just
// started; each must consume its element (text, skip, or its own
// children). It returns at the element's end.
func (p *parser) children(each func(t xml.StartElement) error) error {
	for d := p.depth; ; {
		t, err := p.token()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if err := each(t); err != nil {
				return err
			}
		case xml.EndElement:
			if p.depth < d {
				return nil
			}
		}
	}
}

// childText returns the text of the child element named local of the
// element just started (RSS's <image><url>, Atom's <author><name>).
func (p *parser) childText(local string, limit int) (string, error) {
	var s string
	err := p.children(func(t xml.StartElement) error {
		if t.Name.Local != local {
			return p.skip()
		}
		var err error
		s, err = p.text(limit)
		return err
	})
	return s, err
}

// rss reads <rss>: its <channel>.
func (p *parser) rss() error {
	return p.children(func(t xml.StartElement) error {
		if t.Name.Local == "channel" && nsOf(t.Name.Space) == nsRSS {
			return p.container()
		}
		return p.skip()
	})
}

// container reads an RSS <channel>, an Atom <feed> or an RSS 1.0
// <rdf:RDF>: the show's details and its items.
func (p *parser) container() error {
	f := p.f
	var summary string
	err := p.children(func(t xml.StartElement) error {
		n, local := nsOf(t.Name.Space), t.Name.Local
		var err error
		switch {
		case local == "item" && (n == nsRSS || n == nsAtom), local == "entry" && n == nsAtom:
			err = p.item()
		case local == "channel" && n == nsRSS: // RSS 1.0: the channel beside its items
			err = p.container()
		case local == "title" && (n == nsRSS || n == nsAtom):
			f.Title, err = p.text(maxTitle)
		case local == "link" && n == nsRSS:
			var s string
			s, err = p.text(maxURL)
			if f.Link == "" {
				f.Link = p.link(s)
			}
		case local == "link" && n == nsAtom:
			if rel := attr(t, "rel"); (rel == "" || rel == "alternate") && f.Link == "" {
				f.Link = p.link(attr(t, "href"))
			}
			err = p.skip()
		case (local == "description" && n == nsRSS) || (local == "subtitle" && n == nsAtom):
			f.Description, err = p.text(maxText)
		case local == "summary" && n == nsITunes:
			summary, err = p.text(maxText)
		case local == "language" && (n == nsRSS || n == nsDC):
			f.Language, err = p.text(64)
		case local == "author" && n == nsITunes, local == "creator" && n == nsDC:
			f.Author, err = p.text(maxTitle)
		case local == "author" && n == nsAtom:
			f.Author, err = p.childText("name", maxTitle)
		case local == "image" && n == nsITunes:
			f.Image = p.link(attr(t, "href"))
			err = p.skip()
		case local == "image" && n == nsRSS:
			var img string
			img, err = p.childText("url", maxURL)
			if f.Image == "" {
				f.Image = p.link(img)
			}
		case (local == "logo" || local == "icon") && n == nsAtom:
			var s string
			s, err = p.text(maxURL)
			if f.Image == "" {
				f.Image = p.link(s)
			}
		case local == "new-feed-url" && n == nsITunes:
			var s string
			s, err = p.text(maxURL)
			f.NewFeedURL = p.link(s)
		default:
			err = p.skip()
		}
		return err
	})
	if f.Description == "" {
		f.Description = summary
	}
	return err
}

// item reads an RSS <item> or an Atom <entry>.
func (p *parser) item() error {
	var e Episode
	var itunesTitle, content, summary, published, updated string
	err := p.children(func(t xml.StartElement) error {
		n, local := nsOf(t.Name.Space), t.Name.Local
		var err error
		switch {
		case local == "title" && (n == nsRSS || n == nsAtom):
			e.Title, err = p.text(maxTitle)
		case local == "title" && n == nsITunes:
			itunesTitle, err = p.text(maxTitle)
		case local == "guid" && n == nsRSS, local == "id" && n == nsAtom:
			e.GUID, err = p.text(maxURL)
		case local == "pubDate" && n == nsRSS, local == "date" && n == nsDC, local == "published" && n == nsAtom:
			published, err = p.text(128)
		case local == "updated" && n == nsAtom:
			updated, err = p.text(128)
		case local == "enclosure" && n == nsRSS:
			if e.Enclosure.URL == "" {
				e.Enclosure = p.enclosure(attr(t, "url"), attr(t, "type"), attr(t, "length"))
			}
			err = p.skip()
		case local == "link" && n == nsAtom:
			switch rel := attr(t, "rel"); rel {
			case "enclosure":
				if e.Enclosure.URL == "" {
					e.Enclosure = p.enclosure(attr(t, "href"), attr(t, "type"), attr(t, "length"))
				}
			case "", "alternate":
				if e.Link == "" {
					e.Link = p.link(attr(t, "href"))
				}
			}
			err = p.skip()
		case local == "link" && n == nsRSS:
			var s string
			s, err = p.text(maxURL)
			e.Link = p.link(s)
		case local == "description" && n == nsRSS, local == "summary" && n == nsAtom:
			e.Description, err = p.text(maxText)
		case local == "encoded" && n == nsContent, local == "content" && n == nsAtom:
			content, err = p.text(maxText)
		case local == "summary" && n == nsITunes:
			summary, err = p.text(maxText)
		case local == "duration" && n == nsITunes:
			var s string
			s, err = p.text(64)
			e.Duration = parseDuration(s)
		case local == "image" && n == nsITunes:
			e.Image = p.link(attr(t, "href"))
			err = p.skip()
		case local == "transcript" && n == nsPodcast:
			if u := p.link(attr(t, "url")); u != "" {
				e.Transcripts = append(e.Transcripts, Transcript{URL: u, Type: attr(t, "type"), Language: attr(t, "language"), Rel: attr(t, "rel")})
			}
			err = p.skip()
		case local == "chapters" && n == nsPodcast:
			if u := p.link(attr(t, "url")); u != "" && e.Chapters == nil {
				e.Chapters = &ChaptersLink{URL: u, Type: attr(t, "type")}
			}
			err = p.skip()
		case local == "chapters" && n == nsPSC:
			e.PSC, e.PSCChapters, err = p.psc()
		default:
			err = p.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if e.Title == "" {
		e.Title = itunesTitle
	}
	for _, s := range []string{content, summary} {
		if e.Description == "" {
			e.Description = s
		}
	}
	if published == "" {
		published = updated
	}
	if published != "" {
		e.Published = parseDate(published)
		if e.Published.IsZero() {
			p.warn("unreadable date %q of %q", quoteShort(published), quoteShort(e.Title))
		}
	}
	p.addEpisode(e)
	return nil
}

// enclosure reads an enclosure's attributes.
func (p *parser) enclosure(u, typ, length string) Enclosure {
	e := Enclosure{URL: p.link(u), Type: strings.TrimSpace(typ)}
	if n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64); err == nil && n > 0 {
		e.Length = n
	}
	return e
}

// addEpisode keeps an item that has audio.
func (p *parser) addEpisode(e Episode) {
	if e.Enclosure.URL == "" {
		p.noAudio++
		return
	}
	e.GUID = strings.TrimSpace(e.GUID)
	e.Key = e.GUID
	if e.Key == "" {
		e.Key = e.Enclosure.URL
	}
	p.f.Episodes = append(p.f.Episodes, e)
}

// finish sorts the episodes newest first and notes what was dropped.
func (p *parser) finish() {
	eps := p.f.Episodes
	sort.SliceStable(eps, func(i, j int) bool {
		a, b := eps[i].Published, eps[j].Published
		if a.IsZero() || b.IsZero() {
			return !a.IsZero() && b.IsZero()
		}
		return a.After(b)
	})
	if p.noAudio > 0 {
		p.warn("%d items without audio left out", p.noAudio)
	}
	if p.cut {
		p.warn("text longer than Readalong keeps was cut")
	}
}

func (p *parser) warn(format string, args ...any) {
	if len(p.f.Warnings) < 100 {
		p.f.Warnings = append(p.f.Warnings, fmt.Sprintf(format, args...))
	}
}

// link resolves a link found in the feed against the feed's URL. Only
// http and https links are kept: a feed must not make Readalong open a
// local file or another scheme.
func (p *parser) link(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxURL {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		p.warn("unreadable link %q left out", quoteShort(s))
		return ""
	}
	if p.base != nil {
		u = p.base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		p.warn("link %q left out: only http and https links are followed", quoteShort(redact(s)))
		return ""
	}
	return u.String()
}

// attr returns the value of an attribute (in any namespace).
func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func quoteShort(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// psc reads a <psc:chapters> element: the chapters, and the element's
// bytes as written, with its namespace declared on it so they stand
// alone.
func (p *parser) psc() ([]byte, []PSCChapter, error) {
	from := p.prevOff
	var chs []PSCChapter
	err := p.children(func(t xml.StartElement) error {
		if t.Name.Local == "chapter" && nsOf(t.Name.Space) == nsPSC && len(chs) < 10000 {
			if at, ok := parseClock(attr(t, "start")); ok {
				chs = append(chs, PSCChapter{Start: at, Title: clip(attr(t, "title"), maxTitle),
					Href: p.link(attr(t, "href")), Image: p.link(attr(t, "image"))})
			}
		}
		return p.skip()
	})
	if err != nil {
		return nil, nil, err
	}
	return standalonePSC(p.data[from:p.d.InputOffset()]), chs, nil
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// standalonePSC declares the Podlove namespace on a <psc:chapters>
// element cut out of its feed, for whatever prefix the feed used.
func standalonePSC(raw []byte) []byte {
	raw = bytes.TrimSpace(raw)
	end := bytes.IndexAny(raw, " \t\r\n/>")
	if len(raw) < 2 || raw[0] != '<' || end < 0 {
		return append([]byte(nil), raw...)
	}
	name := string(raw[1:end])
	decl := "xmlns"
	if prefix, _, ok := strings.Cut(name, ":"); ok {
		decl += ":" + prefix
	}
	tagEnd := bytes.IndexByte(raw, '>')
	if tagEnd < 0 || bytes.Contains(raw[:tagEnd], []byte(decl+"=")) {
		return append([]byte(nil), raw...)
	}
	out := make([]byte, 0, len(raw)+len(decl)+len(NamespacePSC)+4)
	out = append(out, raw[:end]...)
	out = append(out, ' ')
	out = append(out, decl...)
	out = append(out, `="`+NamespacePSC+`"`...)
	return append(out, raw[end:]...)
}

// parseDate reads the dates feeds write: RFC 822/1123 with or without
// the weekday, seconds or a numeric zone, two-digit years, US zone names;
// and RFC 3339 (Atom). It returns the zero time when it cannot.
func parseDate(s string) time.Time {
	s = strings.Join(strings.Fields(s), " ")
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	// Drop the weekday, which feeds get wrong or spell out.
	if i := strings.IndexByte(s, ','); i >= 0 && i < 12 {
		s = strings.TrimSpace(s[i+1:])
	} else if f := strings.Fields(s); len(f) > 0 && len(f[0]) >= 3 && isWeekday(f[0]) {
		s = strings.TrimSpace(s[len(f[0]):])
	}
	f := strings.Fields(s)
	if n := len(f); n > 0 {
		if off, ok := zones[strings.ToUpper(f[n-1])]; ok {
			f[n-1] = off
			s = strings.Join(f, " ")
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

var dateLayouts = []string{
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 06 15:04:05 -0700",
	"2 January 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

var zones = map[string]string{
	"GMT": "+0000", "UT": "+0000", "UTC": "+0000", "Z": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
	"BST": "+0100", "CET": "+0100", "CEST": "+0200",
}

func isWeekday(s string) bool {
	s = strings.ToLower(s)
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		if strings.HasPrefix(s, d) {
			return true
		}
	}
	return false
}

// parseDuration reads itunes:duration in its forms: seconds ("3600",
// "3600.5"), "MM:SS", "HH:MM:SS" (fractions allowed), and ISO 8601
// ("PT1H2M3S"). It returns 0 when it cannot.
func parseDuration(s string) time.Duration {
	s = strings.TrimSpace(s)
	if d, ok := parseClock(s); ok {
		return d
	}
	if rest, ok := strings.CutPrefix(strings.ToUpper(s), "PT"); ok {
		var total time.Duration
		num := ""
		for _, r := range rest {
			switch {
			case r >= '0' && r <= '9' || r == '.':
				num += string(r)
			case r == 'H' || r == 'M' || r == 'S':
				v, err := strconv.ParseFloat(num, 64)
				if err != nil || v < 0 {
					return 0
				}
				unit := map[rune]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}[r]
				total += time.Duration(v * float64(unit))
				num = ""
			default:
				return 0
			}
		}
		if num == "" {
			return total
		}
	}
	return 0
}

// maxClock bounds a duration or chapter start (a week: anything longer
// is not a podcast's).
const maxClock = 7 * 24 * time.Hour

// parseClock reads "SS(.fff)", "MM:SS(.fff)" or "HH:MM:SS(.fff)".
func parseClock(s string) (time.Duration, bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) > 3 || parts[0] == "" {
		return 0, false
	}
	var total float64
	for i, part := range parts {
		last := i == len(parts)-1
		if part == "" || strings.ContainsAny(part, "+-eE") || (!last && strings.Contains(part, ".")) {
			return 0, false
		}
		v, err := strconv.ParseFloat(part, 64)
		if err != nil || v < 0 || (i > 0 && v >= 60) {
			return 0, false
		}
		total = total*60 + v
	}
	d := time.Duration(total*1e3+0.5) * time.Millisecond
	if d > maxClock {
		return 0, false
	}
	return d, true
}
