package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"readalong/fetch"
)

// Opened is what a link led to: a feed, or an audio file to play.
type Opened struct {
	Kind Kind // KindFeed or KindAudio
	// A feed: parsed, with where it was found.
	Feed *Feed
	// Moved is the feed's new URL when every redirect to it was
	// permanent (301, 308): the URL to remember.
	Moved string
	// Page is the web page that named the feed, when the link was one.
	Page string
	// ETag and LastModified validate the feed for a conditional refresh.
	ETag, LastModified string
	// An audio file: its URL (after redirects), type and length (-1
	// when unknown).
	AudioURL    string
	AudioType   string
	AudioLength int64

	body []byte // the feed as fetched
}

// accept is what Open asks for.
const accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, audio/*;q=0.7, */*;q=0.5"

// sniffLen is how much of a response Open looks at to tell what it is.
const sniffLen = 1024

// Open follows a link as a user gives it (see NormalizeLink): a podcast
// feed, a web page that names its feed, or an audio file. For an audio
// file nothing but the start of it is read: the caller plays it (through
// a fetch.Download). Errors name the URL (redacted) and what failed.
func Open(ctx context.Context, c *fetch.Client, link string) (*Opened, error) {
	u, fallback, err := NormalizeLink(link)
	if err != nil {
		return nil, err
	}
	o, err := open(ctx, c, u, fetch.Request{}, false)
	if err != nil && fallback != "" && (errors.Is(err, fetch.ErrConnect) || errors.Is(err, fetch.ErrTLS)) {
		if o2, err2 := open(ctx, c, fallback, fetch.Request{}, false); err2 == nil {
			return o2, nil
		}
	}
	return o, err
}

// open gets u and reads what it is. cond holds the validators of a held
// copy (for a refresh); viaPage forbids following a second page.
func open(ctx context.Context, c *fetch.Client, u string, cond fetch.Request, viaPage bool) (*Opened, error) {
	resp, err := c.Get(ctx, fetch.Request{URL: u, Max: fetch.MaxFeed, Accept: accept, What: "feed",
		ETag: cond.ETag, LastModified: cond.LastModified})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.NotModified {
		return &Opened{Kind: KindFeed, Moved: resp.Moved, ETag: resp.ETag, LastModified: resp.LastModified}, nil
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(resp.Body, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	head = head[:n]
	switch Sniff(resp.ContentType, resp.URL, head) {
	case KindAudio:
		return &Opened{Kind: KindAudio, AudioURL: resp.URL, AudioType: resp.ContentType, AudioLength: resp.Length}, nil
	case KindPage:
		if viaPage {
			return nil, notFeed(resp.URL, "a web page, not a feed")
		}
		alts, err := Discover(io.MultiReader(bytes.NewReader(head), resp.Body), resp.URL)
		if err != nil {
			return nil, err
		}
		if len(alts) == 0 {
			return nil, notFeed(resp.URL, "a web page that names no feed (no <link rel=\"alternate\" type=\"application/rss+xml\">)")
		}
		o, err := open(ctx, c, alts[0].URL, fetch.Request{}, true)
		if err != nil {
			return nil, err
		}
		o.Page = resp.URL
		return o, nil
	}
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(t) == 0 || t[0] != '<' {
		what := "not XML"
		if resp.ContentType != "" {
			what += " (" + resp.ContentType + ")"
		}
		return nil, notFeed(resp.URL, what)
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	data := append(head, rest...)
	f, err := ParseBytes(data, resp.URL)
	if err != nil {
		return nil, err
	}
	return &Opened{Kind: KindFeed, Feed: f, Moved: resp.Moved, ETag: resp.ETag, LastModified: resp.LastModified, body: data}, nil
}

func notFeed(u, why string) error {
	return &fetch.Error{URL: fetch.Redact(u), Kind: fetch.ErrNotFeed, Err: fmt.Errorf("%s", why)}
}
