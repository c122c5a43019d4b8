package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"readalong/fetch"
)

// testBase stands for the server in feeds parsed without one.
const testBase = "https://rar.example"

// testFeed reads a feed from testdata with BASE replaced by base.
func testFeed(t testing.TB, name, base string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("BASE"), []byte(base))
}

func mustParse(t *testing.T, name string) *Feed {
	t.Helper()
	f, err := ParseBytes(testFeed(t, name, testBase), testBase+"/feeds/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestParseSpecExample reads the Podcasting 2.0 namespace's own example
// feed.
func TestParseSpecExample(t *testing.T) {
	f := mustParse(t, "podcastindex-example.xml")
	if f.Title != "Podcasting 2.0 Namespace Example" || f.Language != "en-US" || f.Format != "RSS" ||
		f.Image != "https://example.com/images/pci_avatar-massive.jpg" || f.Link != "https://example.com/podcast" {
		t.Errorf("show: %+v", f)
	}
	if len(f.Episodes) != 3 {
		t.Fatalf("%d episodes, want 3 (the live item is not an episode)", len(f.Episodes))
	}
	e := f.Episodes[0]
	if e.Title != "Episode 3 - The Future" || e.Key != "https://example.com/ep0003" ||
		!e.Published.Equal(time.Date(2020, 10, 9, 4, 30, 38, 0, time.UTC)) ||
		e.Enclosure != (Enclosure{URL: "https://example.com/file-03.mp3", Type: "audio/mpeg", Length: 43200000}) ||
		e.Image != "https://example.com/ep0003/artMd.jpg" || e.Link != "https://example.com/podcast/ep0003" ||
		e.Description != "<p>A look into the future of podcasting and how we get to Podcasting 2.0!</p>" {
		t.Errorf("episode 3: %+v", e)
	}
	want := []Transcript{
		{URL: "https://example.com/ep3/transcript.txt", Type: "text/plain"},
		{URL: "https://example.com/episode1/transcript.vtt", Type: "text/vtt", Language: "es", Rel: "captions"},
	}
	if fmt.Sprint(e.Transcripts) != fmt.Sprint(want) {
		t.Errorf("transcripts %+v", e.Transcripts)
	}
	if e.Chapters == nil || *e.Chapters != (ChaptersLink{URL: "https://example.com/ep3_chapters.json", Type: "application/json"}) {
		t.Errorf("chapters %+v", e.Chapters)
	}
	for i, title := range []string{"Episode 3 - The Future", "Episode 2 - The Present", "Episode 1 - The Past"} {
		if f.Episodes[i].Title != title {
			t.Errorf("episode %d is %q, want %q (newest first)", i, f.Episodes[i].Title, title)
		}
	}
}

// TestParseShow reads a feed that uses both Podcasting 2.0 namespace
// URIs under different prefixes, the iTunes URI in another case, Podlove
// Simple Chapters, relative links, links with other schemes and dates
// in several forms.
func TestParseShow(t *testing.T) {
	f := mustParse(t, "show.xml")
	if f.Title != "Read Along Radio" || f.Author != "Ben & Cleo" || f.Image != testBase+"/art/show.jpg" ||
		f.Description != "A show for testing feeds & transcripts." || f.Link != testBase+"/show" {
		t.Errorf("show: %+v", f)
	}
	var titles []string
	for _, e := range f.Episodes {
		titles = append(titles, e.Title)
	}
	wantTitles := []string{"Episode 4: Transcripts", "Episode 3: Streams", "Episode 2: Entities\u00a0—\u00a0and links", "Episode 1: Undated"}
	if strings.Join(titles, "|") != strings.Join(wantTitles, "|") {
		t.Fatalf("episodes %q, want %q (newest first, undated last, the post without audio left out)", titles, wantTitles)
	}
	e4, e3, e2, e1 := f.Episodes[0], f.Episodes[1], f.Episodes[2], f.Episodes[3]
	// Relative links resolve against the feed's URL.
	if e4.Enclosure.URL != testBase+"/feeds/audio/ep4.mp3" || e4.Image != testBase+"/feeds/art/ep4.jpg" {
		t.Errorf("relative links: %q %q", e4.Enclosure.URL, e4.Image)
	}
	if e4.Duration != time.Hour+2*time.Minute+3*time.Second || e3.Duration != e4.Duration || e2.Duration != e4.Duration || e1.Duration != e4.Duration {
		t.Errorf("durations %v %v %v %v, want 1:02:03 from four forms", e4.Duration, e3.Duration, e2.Duration, e1.Duration)
	}
	if len(e4.Transcripts) != 5 || e4.Chapters == nil || e4.Chapters.URL != testBase+"/ch/ep4.json" {
		t.Errorf("episode 4: %d transcripts, chapters %+v", len(e4.Transcripts), e4.Chapters)
	}
	if e4.Description != "Short description." || e2.Description != "Summary only." || e3.Description != "<p>How a player streams while it downloads.</p>" {
		t.Errorf("descriptions %q %q %q", e4.Description, e2.Description, e3.Description)
	}
	// The older namespace URI, under another prefix.
	if len(e3.Transcripts) != 1 || e3.Transcripts[0].URL != testBase+"/tr/ep3.srt" || e3.Chapters == nil || e3.Title != "Episode 3: Streams" {
		t.Errorf("episode 3 (GitHub namespace URI): %+v", e3)
	}
	// Podlove Simple Chapters, read and as standalone XML.
	wantPSC := []PSCChapter{{0, "Intro", "", ""}, {90500 * time.Millisecond, "Downloads & ranges", testBase + "/notes#ranges", ""}, {62 * time.Minute, "Goodbye", "", testBase + "/art/bye.jpg"}}
	if fmt.Sprint(e3.PSCChapters) != fmt.Sprint(wantPSC) {
		t.Errorf("PSC chapters %+v", e3.PSCChapters)
	}
	var psc struct {
		XMLName  xml.Name
		Chapters []struct {
			Start string `xml:"start,attr"`
		} `xml:"http://podlove.org/simple-chapters chapter"`
	}
	if err := xml.Unmarshal(e3.PSC, &psc); err != nil || psc.XMLName.Space != NamespacePSC || len(psc.Chapters) != 3 {
		t.Errorf("raw PSC does not stand alone (%v): %s", err, e3.PSC)
	}
	// Keys: the guid; none on no item here, so each has its own.
	if e3.Key != "rar-ep-3" || e4.Key != "https://readalong.example/ep/4" {
		t.Errorf("keys %q %q", e3.Key, e4.Key)
	}
	// Dates: RFC 1123 with a numeric zone, GMT, RFC 3339.
	if !e3.Published.Equal(time.Date(2024, 3, 3, 14, 0, 0, 0, time.UTC)) || !e2.Published.Equal(time.Date(2024, 3, 2, 8, 0, 0, 0, time.UTC)) || !e1.Published.IsZero() {
		t.Errorf("dates %v %v %v", e3.Published, e2.Published, e1.Published)
	}
	// Links with other schemes are not followed, and said so.
	if len(e2.Transcripts) != 1 || e2.Transcripts[0].URL != testBase+"/tr/ep2.txt" || e2.Enclosure.Length != 0 {
		t.Errorf("episode 2: %+v", e2)
	}
	warns := strings.Join(f.Warnings, "\n")
	for _, w := range []string{"file:///etc/passwd", "javascript:alert(1)", "1 items without audio left out"} {
		if !strings.Contains(warns, w) {
			t.Errorf("warnings %q lack %q", f.Warnings, w)
		}
	}
}

func TestParseAtom(t *testing.T) {
	f := mustParse(t, "atom.xml")
	if f.Format != "Atom" || f.Title != "Atom Audio" || f.Description != "An Atom podcast" || f.Author != "Atom Author" ||
		f.Image != testBase+"/art/atom.png" || f.Link != testBase+"/atom-show" {
		t.Errorf("feed: %+v", f)
	}
	if len(f.Episodes) != 2 {
		t.Fatalf("%d episodes", len(f.Episodes))
	}
	a2, a1 := f.Episodes[0], f.Episodes[1]
	if a2.Title != "Second entry" || a2.Key != "urn:uuid:2" || !a2.Published.Equal(time.Date(2024, 3, 2, 9, 0, 0, 0, time.UTC)) ||
		a2.Description != "Entry two." || a2.Enclosure.URL != testBase+"/audio/a2.mp3" {
		t.Errorf("second entry: %+v", a2)
	}
	if a1.Enclosure != (Enclosure{URL: testBase + "/audio/a1.mp3", Type: "audio/mpeg", Length: 1337}) || a1.Duration != 10*time.Minute ||
		len(a1.Transcripts) != 1 || a1.Link != testBase+"/atom-show/1" {
		t.Errorf("first entry: %+v", a1)
	}
}

// TestParseErrors: what is not a feed, or not well formed, is refused
// with an error naming the URL (redacted) and the line.
func TestParseErrors(t *testing.T) {
	u := "https://rar.example/feed.xml?token=secret"
	cases := []struct {
		name, data string
		kind       error
		says       string
	}{
		{"malformed", string(testFeed(t, "malformed.xml", "")), nil, "feed.xml?token=REDACTED:11: not well-formed XML: element <title> closed by </item>"},
		{"html", "<!DOCTYPE html>\n<html><body>hi</body></html>", fetch.ErrNotFeed, "not a podcast feed: the document is <html>"},
		{"empty", "", fetch.ErrNotFeed, "empty"},
		{"cut", "<rss><channel><item><title>x", nil, "the feed ends in the middle"},
		{"deep", "<rss>" + strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100) + "</rss>", ErrTooDeep, ":1: elements nested too deeply"},
		{"entity", `<!DOCTYPE rss [<!ENTITY x "boom">]><rss><channel><title>&x;</title></channel></rss>`, nil, "invalid character entity &x;"},
	}
	for _, c := range cases {
		_, err := ParseBytes([]byte(c.data), u)
		var pe *ParseError
		if !errors.As(err, &pe) || (c.kind != nil && !errors.Is(err, c.kind)) || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: %v, want a *ParseError saying %q", c.name, err, c.says)
		}
	}
	big := bytes.Repeat([]byte(" "), fetch.MaxFeed+1)
	if _, err := Parse(bytes.NewReader(big), u); !errors.Is(err, fetch.ErrTooLarge) {
		t.Errorf("oversized feed: %v", err)
	}
}

// TestParseLatin1 reads a feed in ISO-8859-1.
func TestParseLatin1(t *testing.T) {
	data := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title></channel></rss>")
	f, err := ParseBytes(data, testBase)
	if err != nil || f.Title != "Café" {
		t.Fatalf("%v %q", err, f.Title)
	}
}

func TestParseDuration(t *testing.T) {
	cases := map[string]time.Duration{
		"3600": time.Hour, "3600.5": time.Hour + 500*time.Millisecond, "90:00": 90 * time.Minute,
		"1:00:00": time.Hour, "01:02:03.250": time.Hour + 2*time.Minute + 3250*time.Millisecond, "0:45": 45 * time.Second,
		"PT1H": time.Hour, "PT2M30S": 150 * time.Second, " 12 ": 12 * time.Second,
		"": 0, "abc": 0, "1:60": 0, "-5": 0, "1:2:3:4": 0, "1e3": 0, "PT": 0, "PT5X": 0, "99999999999": 0,
	}
	for in, want := range cases {
		if got := parseDuration(in); got != want {
			t.Errorf("parseDuration(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	for _, in := range []string{
		"Mon, 04 Mar 2024 10:00:00 GMT", "Mon, 4 Mar 2024 10:00:00 +0000", "04 Mar 2024 10:00:00 GMT",
		"Monday, 04 Mar 2024 10:00:00 UTC", "Sun, 04 Mar 2024 05:00:00 EST", "Mon, 04 Mar 2024 03:00:00 PDT",
		"Mon, 04 Mar 24 10:00:00 GMT", "Mon, 04 Mar 2024 10:00 GMT", "2024-03-04T10:00:00Z",
		"2024-03-04T11:00:00.000+01:00", "Mon,  04  Mar  2024  10:00:00  GMT",
	} {
		if got := parseDate(in); !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, want %v", in, got, want)
		}
	}
	for _, in := range []string{"", "yesterday", "32 Mar 2024", "Mon, 04 Mar 2024 25:00:00 GMT"} {
		if got := parseDate(in); !got.IsZero() {
			t.Errorf("parseDate(%q) = %v, want none", in, got)
		}
	}
}

func TestPSCJSON(t *testing.T) {
	f := mustParse(t, "show.xml")
	got := string(PSCJSON(f.Episodes[1].PSCChapters))
	for _, want := range []string{`"version": "1.2.0"`, `"startTime": 90.5`, `"title": "Downloads \u0026 ranges"`, `"url": "https://rar.example/notes#ranges"`, `"img": "https://rar.example/art/bye.jpg"`, `"startTime": 3720`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON chapters lack %s:\n%s", want, got)
		}
	}
}

// FuzzParse: no input makes the parser panic, hang or return a feed with
// a link other than http(s).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"show.xml", "atom.xml", "podcastindex-example.xml", "malformed.xml", "moved.xml"} {
		f.Add(testFeed(f, name, testBase))
	}
	f.Add([]byte("<rss><channel><item><enclosure url='file:///x'/></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := ParseBytes(data, testBase+"/feed.xml")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), testBase) {
				t.Fatalf("error %v: not a *ParseError naming the feed", err)
			}
			return
		}
		for _, e := range feed.Episodes {
			links := []string{e.Enclosure.URL, e.Image, e.Link}
			for _, tr := range e.Transcripts {
				links = append(links, tr.URL)
			}
			for _, l := range links {
				if l != "" && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
					t.Fatalf("link %q kept", l)
				}
			}
			if e.Key == "" {
				t.Fatal("an episode without a key")
			}
		}
	})
}
