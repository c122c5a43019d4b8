package assets

import (
	"bufio"
	"bytes"
	"image/png"
	"regexp"
	"strings"
	"testing"
)

func TestEmbeddedNonEmpty(t *testing.T) {
	for name, b := range map[string][]byte{
		"Icon":           Icon,
		"DemoEpisode":    DemoEpisode,
		"DemoTranscript": DemoTranscript,
	} {
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	if DemoName == "" {
		t.Error("DemoName is empty")
	}
}

func TestIconIs512PNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("decoding Icon: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("Icon is %dx%d, want 512x512", b.Dx(), b.Dy())
	}
}

func TestDemoEpisodeHasID3v2Tag(t *testing.T) {
	if !bytes.HasPrefix(DemoEpisode, []byte("ID3")) {
		t.Errorf("DemoEpisode does not start with an ID3v2 tag: % x", DemoEpisode[:min(len(DemoEpisode), 10)])
	}
}

var segmentLine = regexp.MustCompile(`^\d\d:\d\d:\d\d [^:]+: .+`)

func TestDemoTranscriptFormat(t *testing.T) {
	sc := bufio.NewScanner(bytes.NewReader(DemoTranscript))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !segmentLine.MatchString(line) {
			t.Errorf("first non-blank line %q does not match %s", line, segmentLine)
		}
		return
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Error("DemoTranscript has no non-blank line")
}
