package sync

import (
	"reflect"
	"strings"
	"testing"
)

// TestZeroLengthCueTwin: a cue with end = start gets the end the writers
// give it, which can make it the twin of the next cue; the twin is
// dropped (with a warning) when first read, so that what is written reads
// back the same. Found by FuzzParseVTT.
func TestZeroLengthCueTwin(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		parse func(string) (*Transcript, error)
		write func(*strings.Builder, *Transcript) error
	}{
		{"vtt", "WEBVTT\n\n00:00.000 --> 00:00.000\nhi\n\n00:00.000 --> 00:09.000\nhi\n\n00:09.000 --> 00:11.000\nbye\n",
			func(s string) (*Transcript, error) { return ParseVTT(strings.NewReader(s)) },
			func(b *strings.Builder, t *Transcript) error { return WriteVTT(b, t) }},
		{"srt", "1\n00:00:00,000 --> 00:00:00,000\nhi\n\n2\n00:00:00,000 --> 00:00:09,000\nhi\n\n3\n00:00:09,000 --> 00:00:11,000\nbye\n",
			func(s string) (*Transcript, error) { return ParseSRT(strings.NewReader(s)) },
			func(b *strings.Builder, t *Transcript) error { return WriteSRT(b, t) }},
	}
	for _, c := range cases {
		tr, err := c.parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Len() != 2 || len(tr.Warnings) == 0 || !strings.Contains(tr.Warnings[0].String(), "repeat") {
			t.Errorf("%s: %d segments, warnings %v; want the twin dropped with a warning", c.name, tr.Len(), tr.Warnings)
		}
		var b strings.Builder
		if err := c.write(&b, tr); err != nil {
			t.Fatal(err)
		}
		back, err := c.parse(b.String())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back.Segments, tr.Segments) {
			t.Errorf("%s: round trip differs:\n%+v\n%+v", c.name, back.Segments, tr.Segments)
		}
	}
}
