package feed

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"readalong/fetch"
)

// TestFetchTranscript fetches the transcripts of an episode in the order
// Choose gives, skipping one that answers 404, and reads them.
func TestFetchTranscript(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/tr/ep.vtt", http.NotFoundHandler())
	mux.HandleFunc("/tr/ep.json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"version":"1.0.0","segments":[{"speaker":"Ben","startTime":0.5,"endTime":2,"body":"Hello there."}]}`)
	})
	mux.HandleFunc("/tr/ep.srt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "1\n00:00:01,000 --> 00:00:02,000\nFrom SubRip.\n")
	})
	mux.HandleFunc("/tr/ep.bin", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTold by content.\n")
	})
	mux.HandleFunc("/tr/broken.srt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "1\n00:00:01,000 --> nonsense\nx\n")
	})
	mux.HandleFunc("/ch.json", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"version":"1.2.0","chapters":[]}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := fetch.New(fetch.Options{})
	ts := Choose([]Transcript{
		{URL: srv.URL + "/tr/ep.srt", Type: "application/srr"},
		{URL: srv.URL + "/tr/ep.json", Type: "application/json"},
		{URL: srv.URL + "/tr/ep.vtt", Type: "text/vtt"},
	}, "en", nil)
	var got string
	var errs []error
	for _, tr := range ts {
		x, _, err := FetchTranscript(context.Background(), c, tr)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = x.Segments[0].Text
		break
	}
	if got != "Hello there." || len(errs) != 1 || !errors.Is(errs[0], fetch.ErrStatus) || !strings.Contains(errs[0].Error(), "/tr/ep.vtt") {
		t.Errorf("got %q after %v", got, errs)
	}
	if x, _, err := FetchTranscript(context.Background(), c, Transcript{URL: srv.URL + "/tr/ep.bin", Type: "application/octet-stream"}); err != nil || x.Segments[0].Text != "Told by content." {
		t.Errorf("format from content: %v", err)
	}
	if _, _, err := FetchTranscript(context.Background(), c, Transcript{URL: srv.URL + "/tr/broken.srt", Type: "application/x-subrip"}); err == nil || !strings.Contains(err.Error(), "/tr/broken.srt:2") {
		t.Errorf("broken transcript: %v, want an error naming the URL and line", err)
	}
	if b, err := FetchChapters(context.Background(), c, ChaptersLink{URL: srv.URL + "/ch.json"}); err != nil || !strings.Contains(string(b), "chapters") {
		t.Errorf("chapters: %v", err)
	}
}
