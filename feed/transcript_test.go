package feed

import (
	"strings"
	"testing"

	tsync "readalong/sync"
)

func TestTranscriptFormat(t *testing.T) {
	cases := []struct {
		typ, url string
		want     tsync.Format
		ext      string
	}{
		{"text/vtt", "x", tsync.FormatWebVTT, ".vtt"},
		{"text/vtt; charset=utf-8", "x", tsync.FormatWebVTT, ".vtt"},
		{"application/x-subrip", "x", tsync.FormatSRT, ".srt"},
		{"application/srt", "x", tsync.FormatSRT, ".srt"},
		{"application/srr", "x", tsync.FormatSRT, ".srt"},
		{"APPLICATION/JSON", "x", tsync.FormatJSON, ".json"},
		{"text/html", "x", tsync.FormatHTML, ".html"},
		{"text/plain", "x", tsync.FormatText, ".txt"},
		{"application/octet-stream", "https://e.example/t.vtt?x=1", tsync.FormatWebVTT, ".vtt"},
		{"", "https://e.example/t.SRT", tsync.FormatSRT, ".srt"},
		{"application/pdf", "https://e.example/t.pdf", "", ".txt"},
	}
	for _, c := range cases {
		tr := Transcript{URL: c.url, Type: c.typ}
		if got := tr.Format(); got != c.want || tr.Ext() != c.ext {
			t.Errorf("%q %q: format %q ext %q, want %q %q", c.typ, c.url, got, tr.Ext(), c.want, c.ext)
		}
	}
}

// TestChoose orders the transcripts of the show's episode 4: English
// (the feed's language, and the untagged one) first, WebVTT > JSON >
// SRT > HTML; then the user's Spanish.
func TestChoose(t *testing.T) {
	e := mustParse(t, "show.xml").Episodes[0]
	var got []string
	for _, tr := range Choose(e.Transcripts, "en-US", []string{"es-ES"}) {
		got = append(got, tr.URL[strings.LastIndex(tr.URL, "/")+1:])
	}
	want := "ep4.vtt ep4.json ep4.srt ep4.html ep4.es.vtt"
	if strings.Join(got, " ") != want {
		t.Errorf("order %q, want %q", strings.Join(got, " "), want)
	}
	// Were the show Spanish, the untagged transcript would be Spanish
	// too; an English user's come next.
	got = nil
	for _, tr := range Choose(e.Transcripts, "es", []string{"en"}) {
		got = append(got, tr.URL[strings.LastIndex(tr.URL, "/")+1:])
	}
	if want := "ep4.es.vtt ep4.json ep4.vtt ep4.srt ep4.html"; strings.Join(got, " ") != want {
		t.Errorf("order for a Spanish show: %q, want %q", strings.Join(got, " "), want)
	}
	// The input is left as it was.
	if e.Transcripts[0].URL != testBase+"/tr/ep4.html" {
		t.Error("Choose reordered its input")
	}
}

func TestUserLanguages(t *testing.T) {
	t.Setenv("LANGUAGE", "pt_BR:pt:en")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "C")
	t.Setenv("LANG", "de_DE.UTF-8")
	if got := strings.Join(UserLanguages(), " "); got != "pt-BR pt en de-DE" {
		t.Errorf("UserLanguages %q", got)
	}
}
