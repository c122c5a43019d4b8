package feed

import (
	"errors"
	"fmt"
	"time"

	"readalong/fetch"
)

// Feed is a podcast feed as published.
type Feed struct {
	URL         string // where it was read from (after redirects)
	Format      string // "RSS", "Atom" or "RSS 1.0"
	Title       string
	Description string
	Link        string // the show's web site
	Language    string // as given, e.g. "en-US"; "" when the feed gives none
	Author      string
	Image       string // the show's artwork
	// NewFeedURL is <itunes:new-feed-url>: the feed has moved there.
	NewFeedURL string
	// Episodes, newest first (undated ones after, in feed order).
	Episodes []Episode
	// Warnings name what was dropped: links with schemes other than
	// http and https, unreadable dates, text cut at its size bound.
	Warnings []string
}

// Episode is one item of a feed.
type Episode struct {
	// Key identifies the episode for the places and played marks kept
	// for it: the guid, or the enclosure URL when there is none.
	Key         string
	GUID        string
	Title       string
	Published   time.Time     // zero when missing or unreadable
	Duration    time.Duration // from itunes:duration; 0 when unknown
	Enclosure   Enclosure
	Image       string
	Description string // as given: HTML in most feeds
	Link        string // the episode's web page
	// Transcripts are every <podcast:transcript>, in feed order; Choose
	// orders them by preference.
	Transcripts []Transcript
	// Chapters is <podcast:chapters>, or nil.
	Chapters *ChaptersLink
	// PSC is the Podlove Simple Chapters element (<psc:chapters>) as
	// written in the feed, made standalone (its namespace declared on
	// it); nil when there is none. PSCChapters is the same, read.
	PSC         []byte
	PSCChapters []PSCChapter
}

// Enclosure is the episode's audio.
type Enclosure struct {
	URL    string
	Type   string // MIME type as given
	Length int64  // bytes as given; 0 when unknown (often wrong)
}

// Transcript is a <podcast:transcript> link.
type Transcript struct {
	URL      string
	Type     string // MIME type as given
	Language string // as given; "" means the feed's language
	Rel      string // "captions" for a captions file
}

// ChaptersLink is a <podcast:chapters> link to a JSON chapters file.
type ChaptersLink struct {
	URL  string
	Type string
}

// PSCChapter is one Podlove Simple Chapters chapter.
type PSCChapter struct {
	Start time.Duration
	Title string
	Href  string
	Image string
}

// ParseError is a feed that could not be read: the URL (redacted), the
// line, and what is wrong.
type ParseError struct {
	URL  string
	Line int // 1-based; 0 when not known
	Msg  string
	Err  error // the cause: an *xml.SyntaxError, ErrTooDeep, fetch.ErrNotFeed, …
}

// Error formats the error as "URL:line: message".
func (e *ParseError) Error() string {
	where := e.URL
	if where == "" {
		where = "feed"
	}
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", where, e.Line)
	}
	return where + ": " + e.Msg
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// ErrTooDeep is a document nested deeper than any feed is.
var ErrTooDeep = errors.New("nested too deeply")

// HasTranscript reports whether the episode links a transcript.
func (e *Episode) HasTranscript() bool { return len(e.Transcripts) > 0 }

// HasChapters reports whether the episode has chapters (JSON or Podlove).
func (e *Episode) HasChapters() bool { return e.Chapters != nil || e.PSC != nil }

// redact is fetch.Redact: feed URLs may carry keys.
func redact(u string) string { return fetch.Redact(u) }
