package feed

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"

	"readalong/fetch"
)

// NormalizeLink turns a link as pasted or dropped into an http(s) URL.
// The podcast subscription schemes podcast://, itpc://, pcast:// and
// feed:// become https://; since they do not say which, fallback is the
// http:// form to try when https cannot connect. "feed:https://…" and
// "podcast:https://…" lose their prefix; a bare "example.com/feed" gets
// https://. Any other scheme is refused (fetch.ErrScheme).
func NormalizeLink(s string) (link, fallback string, err error) {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"feed:", "podcast:", "itpc:", "pcast:"} {
		if rest, ok := strings.CutPrefix(lower, p); ok && (strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://")) {
			s, lower = s[len(p):], rest
			break
		}
	}
	for _, p := range []string{"podcast://", "itpc://", "pcast://", "feed://"} {
		if strings.HasPrefix(lower, p) {
			rest := s[len(p):]
			return "https://" + rest, "http://" + rest, checkLink("https://" + rest)
		}
	}
	if !strings.Contains(s, "://") && !strings.HasPrefix(lower, "file:") && !strings.HasPrefix(lower, "data:") && strings.Contains(s, ".") {
		s = "https://" + s
	}
	return s, "", checkLink(s)
}

func checkLink(s string) error {
	_, err := fetch.CheckURL(s)
	return err
}

// Kind is what a link leads to.
type Kind int

// The kinds of thing a link may lead to.
const (
	KindUnknown Kind = iota
	KindFeed         // a podcast feed (RSS or Atom)
	KindPage         // a web page, which may name its feed
	KindAudio        // an audio file, to play directly
)

func (k Kind) String() string {
	return [...]string{"unknown", "feed", "web page", "audio"}[k]
}

// audioExts are the extensions of audio files podcasts publish.
var audioExts = map[string]bool{".mp3": true, ".m4a": true, ".aac": true, ".ogg": true, ".oga": true,
	".opus": true, ".flac": true, ".wav": true, ".mp2": true, ".mpga": true}

// Sniff tells what a response is from its first bytes, its Content-Type
// and its URL, in that order of trust: servers label feeds text/html and
// audio application/octet-stream.
func Sniff(contentType, rawURL string, head []byte) Kind {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(h, []byte("ID3")), len(h) >= 2 && h[0] == 0xff && h[1]&0xe0 == 0xe0,
		bytes.HasPrefix(h, []byte("OggS")), bytes.HasPrefix(h, []byte("fLaC")),
		len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WAVE",
		len(h) >= 8 && string(h[4:8]) == "ftyp":
		return KindAudio
	}
	low := bytes.ToLower(h[:min(len(h), 1024)])
	switch {
	case bytes.HasPrefix(low, []byte("<!doctype html")), bytes.HasPrefix(low, []byte("<html")):
		return KindPage
	case bytes.Contains(low, []byte("<rss")), bytes.Contains(low, []byte("<feed")), bytes.Contains(low, []byte("<rdf:rdf")):
		return KindFeed
	case bytes.Contains(low, []byte("<html")):
		return KindPage
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	mt = strings.ToLower(mt)
	switch {
	case strings.HasPrefix(mt, "audio/"):
		return KindAudio
	case mt == "application/rss+xml", mt == "application/atom+xml", mt == "application/rdf+xml":
		return KindFeed
	case mt == "text/html", mt == "application/xhtml+xml":
		return KindPage
	}
	if u, err := url.Parse(rawURL); err == nil {
		ext := strings.ToLower(path.Ext(u.Path))
		switch {
		case audioExts[ext]:
			return KindAudio
		case ext == ".rss" || ext == ".xml" || ext == ".atom":
			return KindFeed
		}
	}
	if bytes.HasPrefix(low, []byte("<?xml")) {
		return KindFeed
	}
	return KindUnknown
}

// Alternate is a feed a web page names.
type Alternate struct {
	URL   string
	Type  string // application/rss+xml or application/atom+xml
	Title string
}

// Discover finds the feeds a web page names in <link rel="alternate"
// type="application/rss+xml" (or atom+xml) href="…">, resolved against
// the page's URL and its <base href>. Only http and https links are
// returned. At most fetch.MaxPage bytes are read.
func Discover(page io.Reader, pageURL string) ([]Alternate, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, err
	}
	z := html.NewTokenizer(io.LimitReader(page, fetch.MaxPage))
	z.SetMaxBuf(256 << 10)
	var out []Alternate
	seen := map[string]bool{}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF && !errors.Is(err, html.ErrBufferExceeded) {
				return out, err
			}
			return out, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !hasAttr || (string(name) != "link" && string(name) != "base") {
				continue
			}
			a := attrs(z)
			if string(name) == "base" {
				if u, err := url.Parse(a["href"]); err == nil {
					base = base.ResolveReference(u)
				}
				continue
			}
			typ := strings.ToLower(strings.TrimSpace(a["type"]))
			if !hasToken(a["rel"], "alternate") || typ != "application/rss+xml" && typ != "application/atom+xml" {
				continue
			}
			u, err := url.Parse(strings.TrimSpace(a["href"]))
			if err != nil || a["href"] == "" {
				continue
			}
			abs := base.ResolveReference(u)
			if abs.Scheme != "http" && abs.Scheme != "https" || seen[abs.String()] {
				continue
			}
			seen[abs.String()] = true
			out = append(out, Alternate{URL: abs.String(), Type: typ, Title: strings.TrimSpace(a["title"])})
			if len(out) >= 50 {
				return out, nil
			}
		}
	}
}

func attrs(z *html.Tokenizer) map[string]string {
	m := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		m[strings.ToLower(string(k))] = string(v)
		if !more {
			return m
		}
	}
}

// hasToken reports whether a space-separated attribute holds tok.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
