package chapters

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const samplePSC = `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:psc="http://podlove.org/simple-chapters" version="2.0"><channel><item>
  <psc:chapters version="1.2">
    <psc:chapter start="0" title="Welcome"/>
    <psc:chapter start="8:26.250" title="Über &amp; more" href="https://example.org/x" image="https://example.org/x.png"/>
    <psc:chapter start="1:01:00" title="Late"/>
    <psc:chapter start="soon" title="Bad"/>
  </psc:chapters>
</item></channel></rss>`

func TestParsePSC(t *testing.T) {
	l, ws, err := ParsePSC(strings.NewReader(samplePSC), "feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(l); got != "0:00:00.000 Welcome; 0:08:26.250 Über & more; 1:01:00.000 Late" {
		t.Errorf("chapters: %s", got)
	}
	if l[1].URL != "https://example.org/x" || !l[1].Image.Remote() || l[1].Start != 506250*time.Millisecond {
		t.Errorf("%+v", l[1])
	}
	if len(ws) != 1 || ws[0].String() != `feed.xml:7: chapter 4: start "soon" is not a time (HH:MM:SS.mmm): skipped` {
		t.Errorf("warnings %v", ws)
	}
	// The element alone, its prefix undeclared, as a feed reader hands it.
	l, _, err = ParsePSC(strings.NewReader(`<psc:chapters><psc:chapter start="00:00:05.5" title="Five"/></psc:chapters>`), "item 3")
	if err != nil || titles(l) != "0:00:05.500 Five" {
		t.Errorf("%s %v", titles(l), err)
	}
}

func TestParsePSCErrors(t *testing.T) {
	_, _, err := ParsePSC(strings.NewReader("<psc:chapters>\n<psc:chapter start=\"1\"\n</psc:chapters>"), "bad.xml")
	if !errors.Is(err, ErrSyntax) || !strings.HasPrefix(err.Error(), "bad.xml:3: ") {
		t.Errorf("%v", err)
	}
	_, _, err = ParsePSC(strings.NewReader(`<rss><item><title>x</title></item></rss>`), "none.xml")
	if !errors.Is(err, ErrNoChapters) {
		t.Errorf("%v", err)
	}
}

func FuzzParsePSC(f *testing.F) {
	f.Add(samplePSC)
	f.Add(`<chapters><chapter start="1:2:3.4"/><chapter start=""/></chapters>`)
	f.Fuzz(func(t *testing.T, s string) {
		l, _, _ := ParsePSC(strings.NewReader(s), "f.xml")
		for _, c := range l {
			if c.Start < 0 || c.Start > maxTime {
				t.Fatalf("start %v", c.Start)
			}
		}
	})
}
