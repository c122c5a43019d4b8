package feed

import (
	"mime"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"

	tsync "readalong/sync"
)

// transcriptTypes maps the MIME types feeds give transcripts (with the
// aliases found in the wild) to the format Readalong reads.
var transcriptTypes = map[string]tsync.Format{
	"text/vtt":              tsync.FormatWebVTT,
	"text/webvtt":           tsync.FormatWebVTT,
	"application/x-subrip":  tsync.FormatSRT,
	"application/srt":       tsync.FormatSRT,
	"application/srr":       tsync.FormatSRT, // a misspelling in the spec's early examples
	"application/x-srt":     tsync.FormatSRT,
	"text/srt":              tsync.FormatSRT,
	"text/x-srt":            tsync.FormatSRT,
	"application/json":      tsync.FormatJSON,
	"text/json":             tsync.FormatJSON,
	"text/html":             tsync.FormatHTML,
	"application/xhtml+xml": tsync.FormatHTML,
	"text/plain":            tsync.FormatText,
}

// extensionFormats tells a transcript's format by its URL when the type
// says nothing Readalong knows.
var extensionFormats = map[string]tsync.Format{
	".vtt": tsync.FormatWebVTT, ".srt": tsync.FormatSRT, ".json": tsync.FormatJSON,
	".html": tsync.FormatHTML, ".htm": tsync.FormatHTML, ".txt": tsync.FormatText,
}

// formatRank is the order of preference of transcript formats: WebVTT
// keeps speakers and times, JSON often words too, SRT times, HTML and
// text may have neither.
var formatRank = map[tsync.Format]int{
	tsync.FormatWebVTT: 0, tsync.FormatJSON: 1, tsync.FormatSRT: 2, tsync.FormatHTML: 3, tsync.FormatText: 4,
}

// Format is the transcript's format, from its MIME type (aliases
// included) or else its URL's extension; "" when neither says.
func (t Transcript) Format() tsync.Format {
	mt, _, err := mime.ParseMediaType(t.Type)
	if err == nil {
		if f, ok := transcriptTypes[strings.ToLower(mt)]; ok {
			return f
		}
	}
	if u, err := url.Parse(t.URL); err == nil {
		if f, ok := extensionFormats[strings.ToLower(path.Ext(u.Path))]; ok {
			return f
		}
	}
	return ""
}

// Ext is the file extension a transcript of this format is saved with,
// so that Readalong finds it beside the episode: ".vtt", ".json", ….
func (t Transcript) Ext() string {
	switch t.Format() {
	case tsync.FormatWebVTT:
		return ".vtt"
	case tsync.FormatSRT:
		return ".srt"
	case tsync.FormatJSON:
		return ".json"
	case tsync.FormatHTML:
		return ".html"
	}
	return ".txt"
}

// Choose orders an episode's transcripts by preference and returns them
// all, so that the user can switch: first those in the episode's
// language (lang, the feed's; a transcript without a language is in it),
// then those in the user's languages in their order, then the rest;
// within each, WebVTT, JSON, SRT, HTML, plain text, then formats
// Readalong cannot read; ties keep the feed's order. Languages match by
// their primary subtag ("en-US" matches "en").
func Choose(ts []Transcript, lang string, user []string) []Transcript {
	out := append([]Transcript(nil), ts...)
	tier := func(t Transcript) int {
		l := t.Language
		if l == "" {
			l = lang
		}
		if l != "" && lang != "" && sameLanguage(l, lang) {
			return 0
		}
		for i, u := range user {
			if l != "" && sameLanguage(l, u) {
				return 1 + i
			}
		}
		return 1 + len(user)
	}
	rank := func(t Transcript) int {
		if r, ok := formatRank[t.Format()]; ok {
			return r
		}
		return len(formatRank)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := tier(out[i]), tier(out[j]); a != b {
			return a < b
		}
		return rank(out[i]) < rank(out[j])
	})
	return out
}

// sameLanguage compares two language tags by their primary subtag.
func sameLanguage(a, b string) bool {
	return strings.EqualFold(primary(a), primary(b))
}

func primary(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_."); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// UserLanguages returns the user's languages from the environment, most
// preferred first: LANGUAGE (a colon-separated list), then LC_ALL,
// LC_MESSAGES and LANG; "C" and "POSIX" say nothing.
func UserLanguages() []string {
	var out []string
	add := func(s string) {
		s, _, _ = strings.Cut(s, ".")
		s, _, _ = strings.Cut(s, "@")
		s = strings.ReplaceAll(s, "_", "-")
		if s == "" || s == "C" || s == "POSIX" {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	for _, l := range strings.Split(os.Getenv("LANGUAGE"), ":") {
		add(l)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		add(os.Getenv(v))
	}
	return out
}
