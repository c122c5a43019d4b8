// Package stream opens an episode from the web for playing while it
// downloads: its audio as a player source that grows as the bytes arrive
// (kept in the episode cache, resumable), the transcript the feed names
// (the best of those listed, moving on to the next when one fails) and
// its chapters (the feed's JSON chapters, then Podlove Simple Chapters).
//
// It joins package feed (what a feed says), package fetch (HTTP and the
// cache), package player (the growing source) and packages sync and
// chapters (reading what was fetched), so that the window and the command
// line open an episode from the web in one way; neither player nor sync
// knows about the web.
package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"

	"readalong/chapters"
	"readalong/clock"
	"readalong/feed"
	"readalong/fetch"
	"readalong/player"
	tsync "readalong/sync"
)

// Episode is an episode from the web, opened.
type Episode struct {
	Key   string // the feed's key for it (guid or enclosure URL), or the audio URL
	Title string
	Show  string // the feed's title, "" for a link to an audio file
	// Source plays the audio as it arrives; the caller owns it (closing
	// it closes the download).
	Source   player.Source
	Download *fetch.Download
	// Transcript is the first listed transcript that could be read, nil
	// when there is none; TranscriptURL is where it came from.
	Transcript    *tsync.Transcript
	TranscriptURL string
	// Transcripts are the transcripts listed, best first (see
	// feed.Choose): the listener may switch to another.
	Transcripts []feed.Transcript
	Chapters    chapters.List
	// Warnings say what could not be had (a transcript that failed, bad
	// chapters), each naming its URL.
	Warnings []string
}

// Options tune Open.
type Options struct {
	// OnProgress receives the download's progress (see
	// fetch.DownloadOptions); it must not block.
	OnProgress func(fetch.Progress)
	// Languages are the listener's languages, most wanted first
	// (feed.UserLanguages when nil).
	Languages []string
}

// ErrNoAudio is returned for a feed item without an enclosure.
var ErrNoAudio = errors.New("the episode has no audio")

// Open starts downloading episode e of feed f into cache and returns it
// ready to play as soon as its first bytes are in, with its transcript
// and chapters fetched meanwhile. f may be nil for a link straight to an
// audio file (e then only has Enclosure.URL and Title). ctx bounds the
// fetching of the transcript and chapters and the download's transfers.
func Open(ctx context.Context, c *fetch.Client, cache *fetch.Cache, f *feed.Feed, e feed.Episode, o Options) (*Episode, error) {
	if e.Enclosure.URL == "" {
		return nil, fmt.Errorf("%q: %w", e.Title, ErrNoAudio)
	}
	key := e.Key
	if key == "" {
		key = e.Enclosure.URL
	}
	ep := &Episode{Key: key, Title: e.Title}
	lang := ""
	if f != nil {
		ep.Show, lang = f.Title, f.Language
	}
	if ep.Title == "" {
		ep.Title = path.Base(fetch.Redact(e.Enclosure.URL))
	}
	langs := o.Languages
	if langs == nil {
		langs = feed.UserLanguages()
	}
	ep.Transcripts = feed.Choose(e.Transcripts, lang, langs)

	// The companions are fetched while the audio opens.
	done := make(chan struct{})
	var sources []chapters.Source
	go func() {
		defer close(done)
		sources = ep.companions(ctx, c, e)
	}()
	d, err := cache.Open(ctx, key, e.Enclosure.URL, fetch.DownloadOptions{OnProgress: o.OnProgress, Key: key})
	if err != nil {
		<-done
		return nil, err
	}
	src, err := player.OpenGrowing(fetch.Redact(e.Enclosure.URL), d, d)
	if err != nil {
		d.Close()
		<-done
		return nil, err
	}
	ep.Source, ep.Download = src, d
	<-done
	if len(sources) > 0 {
		var ws []chapters.Warning
		ep.Chapters, ws = chapters.Merge(e.Duration, sources...)
		for _, w := range ws {
			ep.Warnings = append(ep.Warnings, "Chapters: "+w.String())
		}
	}
	return ep, nil
}

// companions fetches the transcript and the chapters' sources.
func (ep *Episode) companions(ctx context.Context, c *fetch.Client, e feed.Episode) []chapters.Source {
	for _, t := range ep.Transcripts {
		tr, _, err := feed.FetchTranscript(ctx, c, t)
		if err != nil {
			ep.Warnings = append(ep.Warnings, "Transcript not used: "+err.Error())
			continue
		}
		ep.Transcript, ep.TranscriptURL = tr, t.URL
		break
	}
	var sources []chapters.Source
	if e.Chapters != nil {
		data, err := feed.FetchChapters(ctx, c, *e.Chapters)
		if err == nil {
			var l chapters.List
			var ws []chapters.Warning
			l, ws, err = chapters.ParseJSON(bytes.NewReader(data), fetch.Redact(e.Chapters.URL))
			for _, w := range ws {
				ep.Warnings = append(ep.Warnings, "Chapters: "+w.String())
			}
			if err == nil {
				sources = append(sources, chapters.Source{Kind: chapters.Feed, Name: fetch.Redact(e.Chapters.URL), Chapters: l})
			}
		}
		if err != nil {
			ep.Warnings = append(ep.Warnings, "Chapters not used: "+err.Error())
		}
	}
	if len(e.PSC) > 0 {
		l, ws, err := chapters.ParsePSC(bytes.NewReader(e.PSC), "the feed's Podlove chapters")
		for _, w := range ws {
			ep.Warnings = append(ep.Warnings, "Chapters: "+w.String())
		}
		if err == nil {
			sources = append(sources, chapters.Source{Kind: chapters.Podlove, Name: "the feed's Podlove chapters", Chapters: l})
		} else {
			ep.Warnings = append(ep.Warnings, "Chapters not used: "+err.Error())
		}
	}
	return sources
}

// SwitchTranscript fetches and reads transcript t of the episode's list.
func SwitchTranscript(ctx context.Context, c *fetch.Client, t feed.Transcript) (*tsync.Transcript, error) {
	tr, _, err := feed.FetchTranscript(ctx, c, t)
	return tr, err
}

// Describe is a line about an episode for a list: its date, duration and
// what it has.
func Describe(e feed.Episode) string {
	var s string
	if !e.Published.IsZero() {
		s = e.Published.Format("2 Jan 2006")
	}
	if e.Duration > 0 {
		if s != "" {
			s += " · "
		}
		s += clock.Short(e.Duration)
	}
	var has []string
	if e.HasTranscript() {
		has = append(has, "transcript")
	}
	if e.HasChapters() {
		has = append(has, "chapters")
	}
	for i, h := range has {
		if i == 0 && s != "" {
			s += " · "
		} else if i > 0 {
			s += ", "
		}
		s += h
	}
	return s
}
