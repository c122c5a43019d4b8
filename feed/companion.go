package feed

import (
	"bytes"
	"context"
	"path"

	"readalong/fetch"
	tsync "readalong/sync"
)

// FetchTranscript fetches a transcript (at most fetch.MaxTranscript
// bytes) and reads it in the format its type names, or else the one its
// content shows. It returns the bytes too, for keeping. Errors name the
// URL (a 404, say: the caller moves on to the next transcript Choose
// listed).
func FetchTranscript(ctx context.Context, c *fetch.Client, t Transcript) (*tsync.Transcript, []byte, error) {
	resp, data, err := c.Fetch(ctx, fetch.Request{URL: t.URL, Max: fetch.MaxTranscript, What: "transcript"})
	if err != nil {
		return nil, nil, err
	}
	f := t.Format()
	if f == "" {
		f = tsync.Detect(data, path.Base(resp.URL))
	}
	tr, err := tsync.Parse(bytes.NewReader(data), f, fetch.Redact(resp.URL))
	if err != nil {
		return nil, nil, err
	}
	return tr, data, nil
}

// FetchChapters fetches a <podcast:chapters> file (at most
// fetch.MaxChapters bytes), for the chapters package to read.
func FetchChapters(ctx context.Context, c *fetch.Client, l ChaptersLink) ([]byte, error) {
	_, data, err := c.Fetch(ctx, fetch.Request{URL: l.URL, Max: fetch.MaxChapters, What: "chapters file", Accept: "application/json+chapters, application/json;q=0.9, */*;q=0.5"})
	return data, err
}
