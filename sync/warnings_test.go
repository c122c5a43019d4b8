package sync

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestWarnings(t *testing.T) {
	cases := []struct {
		name  string
		parse parseFunc
		in    string
		texts []string
		warn  []string
	}{
		{"text out of order", ParseText, "00:00:05 b\n\n00:00:01 a\n\n00:00:03 c\n\n00:00:06 d", []string{"a", "c", "b", "d"}, []string{
			"line 3: starts at 00:00:01, before the segment above it (00:00:05): segments sorted by start time",
		}},
		// Two people saying "Yeah." in the same second: the text format
		// has no end times to tell a repeat from a line said twice.
		{"text repeats are kept", ParseText, "00:00:05 Yeah.\n\n00:00:05 Yeah.\n\n00:00:05 A: a\n\n00:00:05 A: a", []string{"Yeah.", "Yeah.", "a", "a"}, nil},
		{"SRT repeated cue", ParseSRT, "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n\n3\n00:00:01,000 --> 00:00:02,000\na\n\n4\n00:00:01,000 --> 00:00:03,000\na", []string{"a", "b", "a"}, []string{
			"line 6: starts at 00:00:01, before the segment above it ends (00:00:02)",
			"line 10: repeats the segment on line 2 exactly: dropped",
			"line 14: starts at 00:00:01, before the segment above it ends (00:00:02)",
		}},
		{"same second is not a warning", ParseText, "00:00:01 a\n\n00:00:01 b", []string{"a", "b"}, nil},
		{"SRT overlap", ParseSRT, "1\n00:00:01,000 --> 00:00:05,000\na\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n\n3\n00:00:04,000 --> 00:00:06,000\nc", []string{"a", "b", "c"}, []string{
			"line 6: starts at 00:00:03, before the segment above it ends (00:00:05)",
		}},
		{"SRT touching is not an overlap", ParseSRT, "00:00:01,000 --> 00:00:02,000\na\n\n00:00:02,000 --> 00:00:02,000\nb\n\n00:00:02,000 --> 00:00:03,000\nc", []string{"a", "b", "c"}, nil},
		{"SRT zero ends are not overlaps", ParseSRT, "00:00:01,000 --> 00:00:00,000\na\n\n00:00:01,000 --> 00:00:00,000\nb", []string{"a", "b"}, nil},
		{"VTT order, overlap and repeat", ParseVTT, "WEBVTT\n\n00:05.000 --> 00:06.000\nlate\n\n00:01.000 --> 00:02.500\nearly\n\n00:02.000 --> 00:03.000\n<v A>x\n\n00:02.000 --> 00:03.000\n<v A>x", []string{"early", "x", "late"}, []string{
			"line 6: starts at 00:00:01, before the segment above it (00:00:05): segments sorted by start time",
			"line 9: starts at 00:00:02, before the segment above it ends (00:00:02.500)",
			"line 12: repeats the segment on line 9 exactly: dropped",
		}},
		{"JSON overlap with equal starts", ParseJSON, "{\"segments\": [\n{\"speaker\": \"A\", \"startTime\": 1, \"endTime\": 3, \"body\": \"a b\"},\n{\"speaker\": \"B\", \"startTime\": 1, \"endTime\": 2, \"body\": \"c d\"}]}", []string{"a b", "c d"}, []string{
			"line 3: starts at 00:00:01, before the segment above it ends (00:00:03)",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := c.parse(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, s := range tr.Segments {
				texts = append(texts, s.Text)
			}
			if !reflect.DeepEqual(texts, c.texts) {
				t.Errorf("texts %q, want %q", texts, c.texts)
			}
			if got := warningStrings(tr); !reflect.DeepEqual(got, c.warn) {
				t.Errorf("warnings:\n got %q\nwant %q", got, c.warn)
			}
		})
	}
}

func TestWarningsAreCounted(t *testing.T) {
	var b strings.Builder
	for i := 100; i > 0; i-- {
		fmt.Fprintf(&b, "00:%02d:%02d,000 --> 00:%02d:%02d,500\nline %d\n\n00:%02d:%02d,000 --> 00:%02d:%02d,500\nline %d\n\n", i/60, i%60, i/60, i%60, i, i/60, i%60, i/60, i%60, i)
	}
	tr, err := ParseSRT(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 100 {
		t.Errorf("Len = %d, want 100", tr.Len())
	}
	w := warningStrings(tr)
	if len(w) != 2*maxWarnings+2 {
		t.Fatalf("%d warnings: %q", len(w), w)
	}
	if w[len(w)-2] != "… and 79 more segments out of order" || w[len(w)-1] != "… and 80 more repeated segments dropped" {
		t.Errorf("counts: %q", w[len(w)-2:])
	}
}

func TestManyRepeatsOfOneStart(t *testing.T) {
	// Long runs of equal starts are checked through a map: still exact.
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "00:00:01.000 --> 00:00:02.000\nline %d\n\n00:00:01.000 --> 00:00:02.000\nline %d\n\n", i%1000, i)
	}
	tr, err := ParseVTT(strings.NewReader("WEBVTT\n\n" + b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 3000 {
		t.Errorf("Len = %d, want 3000", tr.Len())
	}
	if got := tr.Warnings[len(tr.Warnings)-1].Msg; got != "… and 2980 more repeated segments dropped" {
		t.Errorf("last warning %q", got)
	}
}

func TestWarningString(t *testing.T) {
	if got := (Warning{Line: 12, Msg: "x"}).String(); got != "line 12: x" {
		t.Errorf("got %q", got)
	}
	if got := (Warning{Msg: "x"}).String(); got != "x" {
		t.Errorf("got %q", got)
	}
}
