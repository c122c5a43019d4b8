package sync

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseJSONGolden(t *testing.T) {
	checkGolden(t, []goldenCase{
		// Speakers present and missing, endTime missing, rounding to the
		// millisecond, white space trimmed, an empty body skipped, a
		// segment out of order, escapes, unknown members.
		{"testdata/json_basic.json", FormatJSON, []Segment{
			{Start: hms(0, 0, 0, 500), End: hms(0, 0, 2, 250), Speaker: "Maya", Text: "Hello"},
			{Start: hms(0, 0, 2, 250), End: hms(0, 0, 4, 0), Speaker: "Theo Okafor", Text: "Hi there."},
			{Start: hms(0, 0, 4, 0), Text: "No speaker, no end."},
			{Start: hms(0, 0, 5, 0), End: hms(0, 0, 6, 0), Speaker: "Maya", Text: `Out of order & <odd> "quoted" café`},
		}},
		// One line, segments before version, endTime 0, a null speaker,
		// exponents, the largest time allowed, equal starts kept in order.
		{"testdata/json_minimal.json", FormatJSON, []Segment{
			{Start: hms(0, 0, 0, 1), End: 1000000 * hms(0, 0, 1, 0), Text: "c"},
			{Start: hms(0, 0, 1, 0), Text: "a"},
			{Start: hms(0, 0, 1, 0), Text: "b"},
		}},
	})
}

func TestParseJSONQuirks(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []Segment
	}{
		{"no segments", `{"segments": []}`, nil},
		{"BOM", "\ufeff" + `{"segments": [{"startTime": 1, "body": "x"}]}`, []Segment{{Start: hms(0, 0, 1, 0), Text: "x"}}},
		{"rounding", `{"segments": [{"startTime": 1.0004, "endTime": 1.0006, "body": "x"}, {"startTime": 2.9999, "endTime": -0, "body": "y"}]}`, []Segment{
			{Start: hms(0, 0, 1, 0), End: hms(0, 0, 1, 1), Text: "x"},
			{Start: hms(0, 0, 3, 0), Text: "y"},
		}},
		{"null members", `{"version": null, "segments": [{"startTime": 1, "endTime": null, "speaker": null, "body": "x"}]}`, []Segment{{Start: hms(0, 0, 1, 0), Text: "x"}}},
		{"empty body without a start", `{"segments": [{"body": " "}, {"startTime": 1, "body": "x"}]}`, []Segment{{Start: hms(0, 0, 1, 0), Text: "x"}}},
		{"two segments arrays", `{"segments": [{"startTime": 2, "body": "b"}], "segments": [{"startTime": 1, "body": "a"}]}`, []Segment{
			{Start: hms(0, 0, 1, 0), Text: "a"}, {Start: hms(0, 0, 2, 0), Text: "b"},
		}},
		{"body kept inside", `{"segments": [{"startTime": 1, "body": "\ta\n b\t"}]}`, []Segment{{Start: hms(0, 0, 1, 0), Text: "a\n b"}}},
		{"Windows-1252 decoded", "{\"segments\": [{\"startTime\": 1, \"body\": \"caf\xe9 \x93quoted\x94\"}]}", []Segment{{Start: hms(0, 0, 1, 0), Text: "café “quoted”"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := ParseJSON(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Segments) == 0 && len(c.want) == 0 {
				return
			}
			if !reflect.DeepEqual(tr.Segments, c.want) {
				t.Errorf("segments:\n%s", diffSegments(tr.Segments, c.want))
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	checkErrors(t, ParseJSON, []errorCase{
		{"empty", "", 1, "transcript:1: empty input: not a JSON transcript"},
		{"white space", " \n\t", 1, "empty input"},
		{"negative start", "{\n  \"segments\": [\n    {\"startTime\": 1, \"body\": \"a\"},\n    {\"startTime\": -1.5, \"body\": \"b\"}\n  ]\n}",
			4, `transcript:4: segments[1]: startTime is negative: "-1.5"`},
		{"end too late", "{\"segments\": [\n{\"startTime\": 1,\n \"endTime\": 1e7, \"body\": \"a\"}]}", 3, `transcript:3: segments[0]: endTime is over 1000000 seconds: "1e7"`},
		{"start out of range", `{"segments": [{"startTime": 1e400, "body": "a"}]}`, 1, `segments[0]: startTime is over 1000000 seconds: "1e400"`},
		{"start just too late", `{"segments": [{"startTime": 1000000.001, "body": "a"}]}`, 1, "segments[0]: startTime is over"},
		{"start as a string", "{\"segments\": [{\"body\": \"a\",\n\"startTime\": \"1.5\"}]}", 2, `transcript:2: segments[0]: startTime must be a number of seconds, not string: "\"1.5\""`},
		{"end as a bool", `{"segments": [{"startTime": 1, "endTime": true, "body": "a"}]}`, 1, `segments[0]: endTime must be a number of seconds, not bool: "true"`},
		{"missing start", "{\"segments\": [\n  {\"startTime\": 1, \"body\": \"a\"},\n  {\"body\": \"b\"}\n]}", 3, `transcript:3: segments[1]: missing startTime: "{\"body\": \"b\"}"`},
		{"body a number", "{\"segments\": [\n{\"startTime\": 1,\n\"body\": 5}]}", 3, "transcript:3: segments[0]: body must be a string, not number"},
		{"speaker an object", `{"segments": [{"speaker": {"name": "A"}, "startTime": 1, "body": "a"}]}`, 1, `segments[0]: speaker must be a string, not object: "{\"name\": \"A\"}, \"startTime`},
		{"segment not an object", "{\"segments\": [\n{\"startTime\": 1, \"body\": \"a\"},\n 7]}", 3, `transcript:3: segments[1] must be an object, not number: "7]}"`},
		{"segments not an array", "{\"version\": \"1.0.0\",\n\"segments\": {}}", 2, `transcript:2: "segments" must be an array: "{}}"`},
		{"segments null", `{"segments": null}`, 1, `"segments" must be an array`},
		{"top-level array", "\n[{\"startTime\": 1}]", 2, `transcript:2: not a JSON transcript: want an object with "segments": "[{\"startTime\": 1}]"`},
		{"top-level string", `"WEBVTT"`, 1, "not a JSON transcript"},
		{"no segments", "{\n\"version\": \"1.0.0\"\n}", 1, `transcript:1: not a JSON transcript: no "segments" array`},
		{"syntax error", "{\n  \"segments\": [\n    {\"startTime\": 1,, \"body\": \"x\"}\n  ]\n}", 3,
			`transcript:3: invalid JSON: invalid character ',' looking for beginning of object key string: ", \"body\": \"x\"}"`},
		{"syntax error between segments", "{\"segments\": [\n{\"startTime\": 1, \"body\": \"x\"}\n{\"startTime\": 2}]}", 3, "invalid character '{' after array element"},
		{"syntax error in another member", "{\"version\": [1,\n2,,]}", 2, "invalid JSON: invalid character ','"},
		{"syntax error in a key", "{\"segments\": [], \n 5: 1}", 2, "invalid JSON: invalid character '5'"},
		{"truncated", "{\n\"segments\": [\n", 2, "transcript:2: invalid JSON: unexpected end of JSON input"},
		{"truncated in a segment", "{\"segments\": [{\"startTime\": 1, \"bo", 1, "unexpected end of JSON input"},
		{"trailing data", "{\"segments\": []}\n\n x", 3, `transcript:3: data after the JSON transcript: "x"`},
		{"second object", "{\"segments\": []} {}", 1, `data after the JSON transcript: "{}"`},
	})
}

func TestJSONRoundTrip(t *testing.T) {
	checkRoundTrips(t, "testdata/json_*.json", ParseJSON, WriteJSON)
}

func TestWriteJSON(t *testing.T) {
	tr := New([]Segment{
		{Start: hms(0, 0, 0, 500), End: hms(0, 0, 2, 250), Speaker: " Maya ", Text: "Hello <there> & \"you\"\n"},
		{Start: hms(0, 0, 3, 0), Text: "No end, no speaker."},
		{Start: hms(0, 0, 4, 0), Text: "  "},
		{Start: hms(0, 0, 5, 0) + 1499999, End: hms(0, 0, 6, 5), Text: "Rounded"},
	})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, tr); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": "1.0.0",
  "segments": [
    {"speaker": "Maya", "startTime": 0.5, "endTime": 2.25, "body": "Hello <there> & \"you\""},
    {"startTime": 3, "body": "No end, no speaker."},
    {"startTime": 5.001, "endTime": 6.005, "body": "Rounded"}
  ]
}
`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	buf.Reset()
	if err := WriteJSON(&buf, nil); err != nil || buf.String() != "{\n  \"version\": \"1.0.0\",\n  \"segments\": []\n}\n" {
		t.Errorf("nil transcript: %q, %v", buf.String(), err)
	}
}

// TestJSONToVTTAndSRT converts a JSON transcript into the formats that
// need end times and checks what they hold.
func TestJSONToVTTAndSRT(t *testing.T) {
	tr, err := ReadFile("testdata/json_basic.json")
	if err != nil {
		t.Fatal(err)
	}
	vtt, out, err := roundTrip(tr, WriteVTT, ParseVTT)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := append([]Segment(nil), tr.Segments...)
	want[2].End = want[3].Start // no end: ends where the next starts
	if !reflect.DeepEqual(vtt.Segments, want) {
		t.Errorf("JSON → VTT:\n%s\n%s", diffSegments(vtt.Segments, want), out)
	}
	srt, out, err := roundTrip(tr, WriteSRT, ParseSRT)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(srt.Segments, want) {
		t.Errorf("JSON → SRT:\n%s\n%s", diffSegments(srt.Segments, want), out)
	}
}

func FuzzParseJSON(f *testing.F) {
	fuzzParser(f, "testdata/json_*.json", []string{
		`{"segments":[{"startTime":0.0005,"endTime":0,"body":" a ","speaker":" b "},{"startTime":1e6,"body":"\u2028x\u0000"}]}`,
		`{"segments":[{"startTime":"1","body":"a"}]} `,
		`[]`,
	}, ParseJSON, WriteJSON)
}

func BenchmarkParseJSON(b *testing.B) {
	benchParse(b, ParseJSON, WriteJSON)
}

// TestParseJSONDecoderPath checks input that the fast scanner leaves to
// the decoder: member names in another case, which encoding/json
// matches.
func TestParseJSONDecoderPath(t *testing.T) {
	in := "{\"segments\": [\n{\"StartTime\": 1, \"BODY\": \"a\", \"Speaker\": \"A\"},\n{\"startTime\": 2, \"body\": \"b\", \"endtime\": 3}]}"
	if _, ok := scanJSON(in); ok {
		t.Fatal("the scanner read member names in another case")
	}
	tr, err := ParseJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Segment{{Start: hms(0, 0, 1, 0), Speaker: "A", Text: "a"}, {Start: hms(0, 0, 2, 0), End: hms(0, 0, 3, 0), Text: "b"}}
	if !reflect.DeepEqual(tr.Segments, want) {
		t.Errorf("segments:\n%s", diffSegments(tr.Segments, want))
	}
}

// FuzzScanJSON checks that the fast scanner, when it reads a file, reads
// it exactly as the decoder does.
func FuzzScanJSON(f *testing.F) {
	for _, s := range []string{
		`{"segments":[{"startTime":1,"endTime":2,"body":"a\n","speaker":"b"},{"startTime":1e0,"body":"\ud83d\ude00 \ud800 \u00e9\"\\\/\b\f\n\r\t"}],"x":[1,{"a":null},true,false,-0.5e-3,"s"]}`,
		"{\"segments\": [\n  {\"startTime\": 0.0005, \"body\": \" \\n\"},\n  {\"body\": \"\"}, {\"startTime\": null, \"speaker\": null, \"body\": \"x\", \"startTime\": 3}\n]}\n",
		`{"segments":[],"segments":[{"startTime":2,"body":"y"}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return // decodeText sees to that
		}
		fast, ok := scanJSON(in)
		if !ok {
			return
		}
		data := []byte(in)
		p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
		slow, err := p.parse()
		if err != nil {
			t.Fatalf("the scanner read what the decoder rejects (%v): %+v", err, fast)
		}
		if len(fast) != len(slow) || len(fast) > 0 && !reflect.DeepEqual(fast, slow) {
			t.Fatalf("scanner and decoder differ:\nscanner %+v\ndecoder %+v", fast, slow)
		}
	})
}
