//go:build pocketsphinx

package align

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readalong/player"
	tsync "readalong/sync"
)

// The test episode is spoken by espeak-ng in two voices, line by line,
// each line's speech trimmed to start and end exactly with the sound, and
// laid out with pauses at known places; the lines marked as words are
// made of words spoken one at a time, so that each word's place is known
// too. Its transcript stamps each line with its start rounded down to the
// whole second, as published transcripts do.

// testRate is the rate the lines are made at (the MP3's rate).
const testRate = 22050

// scriptLine is a line of the test episode's script.
type scriptLine struct {
	speaker string
	text    string
	words   bool // spoken one word at a time
}

var testScript = []scriptLine{
	{"Ann", "Welcome to the show about reading while you listen.", false},
	{"Ben", "Today we talk about how to find every word in the audio.", false},
	{"Ann", "Python 3.11 came out in October.", false},
	{"Ben", "We deploy django on kubernetes and test it with pytest.", false},
	{"Ann", "The quick brown fox jumps over the lazy dog.", true},
	{"Ben", "About 1,000 listeners wrote to us last week.", false},
	{"Ann", "Some of them asked about the price of the subscription.", false},
	{"Ben", "Others wanted to know where the music comes from.", false},
	{"Ann", "Green apples taste better than red ones.", true},
	{"Ben", "We will answer all of those questions next time.", false},
	{"Ann", "Thanks for listening, and goodbye from both of us.", false},
}

// spliceText is speech inserted into the episode that is not in the
// transcript.
const spliceText = "And now a word from our sponsor. Buy the finest garden furniture at your local store, open every day of the week from nine in the morning until late."

var testVoices = map[string]string{"Ann": "en-us+f3", "Ben": "en-us+m3"}

// pauses are the silences after each line, taken in turn.
var pauses = []time.Duration{700 * time.Millisecond, 1300 * time.Millisecond, 450 * time.Millisecond, 2 * time.Second, 900 * time.Millisecond}

// testEpisode is a generated episode and where everything in it is.
type testEpisode struct {
	mp3        string
	transcript *tsync.Transcript
	starts     []time.Duration   // each line's true start
	ends       []time.Duration   // and end
	words      [][]time.Duration // word starts of the word-by-word lines
	splice     Span              // the inserted speech, if any
}

// speakPCM synthesises text with voice as mono PCM at testRate, trimmed
// to the sound.
func speakPCM(t testing.TB, dir, voice, text string) []int16 {
	t.Helper()
	wav := filepath.Join(dir, "speak.wav")
	raw := filepath.Join(dir, "speak.raw")
	if out, err := exec.Command("espeak-ng", "-v", voice, "-s", "165", "-w", wav, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, out)
	}
	if out, err := exec.Command("sox", "-D", "-R", "-V1", wav, "-r", fmt.Sprint(testRate), "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw,
		"rate", "-v", fmt.Sprint(testRate), "norm", "-3",
		"silence", "1", "0.005", "0.5%", "reverse", "silence", "1", "0.005", "0.5%", "reverse").CombinedOutput(); err != nil {
		t.Fatalf("sox: %v: %s", err, out)
	}
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, len(b)/2)
	for i := range pcm {
		pcm[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	if len(pcm) == 0 {
		t.Fatalf("no speech for %q", text)
	}
	return pcm
}

func samples(d time.Duration) int { return int(d * testRate / time.Second) }
func at(n int) time.Duration      { return time.Duration(n) * time.Second / testRate }

// makeEpisode generates the test episode in dir, with the splice after
// line spliceAfter (none when negative).
func makeEpisode(t testing.TB, dir string, spliceAfter int) *testEpisode {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox", "lame"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make deps installs it)", tool)
		}
	}
	ep := &testEpisode{}
	pcm := make([]int16, samples(1500*time.Millisecond))
	var segs []tsync.Segment
	for i, l := range testScript {
		start := len(pcm)
		var wordStarts []time.Duration
		if l.words {
			for k, w := range strings.Fields(l.text) {
				if k > 0 {
					pcm = append(pcm, make([]int16, samples(120*time.Millisecond))...)
				}
				wordStarts = append(wordStarts, at(len(pcm)))
				pcm = append(pcm, speakPCM(t, dir, testVoices[l.speaker], w)...)
			}
		} else {
			pcm = append(pcm, speakPCM(t, dir, testVoices[l.speaker], l.text)...)
		}
		ep.starts = append(ep.starts, at(start))
		ep.ends = append(ep.ends, at(len(pcm)))
		ep.words = append(ep.words, wordStarts)
		text := l.text
		segs = append(segs, tsync.Segment{Start: at(start).Truncate(time.Second), Speaker: l.speaker, Text: text})
		pcm = append(pcm, make([]int16, samples(pauses[i%len(pauses)]))...)
		if i == spliceAfter {
			from := len(pcm)
			pcm = append(pcm, speakPCM(t, dir, "en-gb+m1", spliceText)...)
			ep.splice = Span{at(from), at(len(pcm))}
			pcm = append(pcm, make([]int16, samples(800*time.Millisecond))...)
		}
	}
	pcm = append(pcm, make([]int16, samples(2*time.Second))...)
	// Stamps as published: those after the splice do not know about it.
	if spliceAfter >= 0 {
		shift := (ep.splice.End - ep.splice.Start + 800*time.Millisecond)
		for i := spliceAfter + 1; i < len(segs); i++ {
			segs[i].Start = (ep.starts[i] - shift).Truncate(time.Second)
		}
	}
	ep.transcript = tsync.New(segs)
	raw := filepath.Join(dir, "episode.raw")
	b := make([]byte, 2*len(pcm))
	for i, v := range pcm {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	if err := os.WriteFile(raw, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ep.mp3 = filepath.Join(dir, "episode.mp3")
	if out, err := exec.Command("lame", "--quiet", "-r", "-s", "22.05", "--bitwidth", "16", "--signed", "--little-endian", "-m", "m",
		"-b", "64", "--cbr", raw, ep.mp3).CombinedOutput(); err != nil {
		t.Fatalf("lame: %v: %s", err, out)
	}
	return ep
}

var episodes struct {
	sync.Mutex
	dir  string
	eps  map[int]*testEpisode
	errs map[int]bool
}

// episode returns the test episode (spliced after line n, or not when n
// is negative), made once per test run.
func episode(t testing.TB, n int) *testEpisode {
	t.Helper()
	episodes.Lock()
	defer episodes.Unlock()
	if ep := episodes.eps[n]; ep != nil {
		return ep
	}
	if episodes.eps == nil {
		episodes.eps = map[int]*testEpisode{}
	}
	dir, err := os.MkdirTemp("", "readalong-align-")
	if err != nil {
		t.Fatal(err)
	}
	ep := makeEpisode(t, dir, n)
	episodes.eps[n] = ep
	return ep
}

func TestMain(m *testing.M) {
	code := m.Run()
	if os.Getenv("READALONG_ALIGN_KEEP") != "" {
		os.Exit(code)
	}
	for _, ep := range episodes.eps {
		os.RemoveAll(filepath.Dir(ep.mp3))
	}
	os.Exit(code)
}

// openMP3 decodes an episode through the player, as the command line does.
func openMP3(t testing.TB, path string) Audio {
	t.Helper()
	src, err := player.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return Stream(src, src.Format().SampleRate)
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// check compares a result with where the lines and words really are, and
// returns the share of lines within lineTol and of words within wordTol.
func check(t *testing.T, ep *testEpisode, r *Result, tol time.Duration) (lines, words float64) {
	t.Helper()
	okLines, nWords, okWords := 0, 0, 0
	var worst time.Duration
	for i, l := range r.Lines {
		d := l.Start - ep.starts[i]
		if l.Found && abs(d) <= tol {
			okLines++
		}
		worst = max(worst, abs(d))
		t.Logf("line %2d: found %-5v unsure %-5v start %8v (true %8v, %+5dms) end %8v (true %8v, %+5dms)", i+1, l.Found, l.Unsure,
			l.Start.Round(time.Millisecond), ep.starts[i].Round(time.Millisecond), d.Milliseconds(),
			l.End.Round(time.Millisecond), ep.ends[i].Round(time.Millisecond), (l.End - ep.ends[i]).Milliseconds())
		for k, ws := range ep.words[i] {
			nWords++
			if l.Found && k < len(l.Words) {
				dw := l.Words[k].Start - ws
				if abs(dw) <= tol {
					okWords++
				}
				t.Logf("    word %-10q start %8v (true %8v, %+5dms)", l.Words[k].Text, l.Words[k].Start.Round(time.Millisecond), ws.Round(time.Millisecond), dw.Milliseconds())
			}
		}
	}
	lines = float64(okLines) / float64(len(r.Lines))
	words = float64(okWords) / float64(max(nWords, 1))
	t.Logf("%d of %d line starts within %v (worst %v), %d of %d words; %s", okLines, len(r.Lines), tol, worst.Round(time.Millisecond), okWords, nWords, r.Summary())
	return lines, words
}

func TestAlignEpisode(t *testing.T) {
	ep := episode(t, -1)
	var calls int
	var last time.Duration
	start := time.Now()
	r, err := Align(context.Background(), openMP3(t, ep.mp3), ep.transcript, Options{
		Progress: func(done, total time.Duration) { calls++; last = done },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("aligned in %v", time.Since(start))
	lines, words := check(t, ep, r, 100*time.Millisecond)
	if lines < 0.9 {
		t.Errorf("%.0f%% of line starts within 100 ms, want at least 90%%", lines*100)
	}
	if words < 0.85 {
		t.Errorf("%.0f%% of word starts within 100 ms, want at least 85%%", words*100)
	}
	if len(r.Extra) != 0 {
		t.Errorf("audio not in the transcript reported in an episode without any: %v", r.Extra)
	}
	if calls == 0 || last != r.Duration {
		t.Errorf("progress called %d times, last with %v; want the end, %v", calls, last, r.Duration)
	}
}

func TestAlignSplicedSpeech(t *testing.T) {
	ep := episode(t, 5)
	r, err := Align(context.Background(), openMP3(t, ep.mp3), ep.transcript, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("inserted speech at %v–%v", ep.splice.Start.Round(time.Millisecond), ep.splice.End.Round(time.Millisecond))
	lines, _ := check(t, ep, r, 100*time.Millisecond)
	if lines < 0.9 {
		t.Errorf("%.0f%% of line starts within 100 ms, want at least 90%%", lines*100)
	}
	for i := 6; i < len(r.Lines); i++ {
		if d := abs(r.Lines[i].Start - ep.starts[i]); !r.Lines[i].Found || d > 200*time.Millisecond {
			t.Errorf("line %d after the insertion starts at %v, %v from where it is spoken", i+1, r.Lines[i].Start, d)
		}
	}
	if len(r.Extra) != 1 {
		t.Fatalf("audio not in the transcript: %v, want one stretch at %v", r.Extra, ep.splice)
	}
	if e := r.Extra[0]; abs(e.Start-ep.splice.Start) > time.Second || abs(e.End-ep.splice.End) > time.Second {
		t.Errorf("audio not in the transcript at %v–%v, want %v–%v within 1 s", e.Start, e.End, ep.splice.Start, ep.splice.End)
	}
	// The re-sync moves the lines after the insertion by its length.
	ap := r.Apply(ep.transcript)
	for i := 6; i < ap.Len(); i++ {
		if d := abs(ap.Segments[i].Start - ep.starts[i]); d > 200*time.Millisecond {
			t.Errorf("retimed line %d starts at %v, %v from where it is spoken", i+1, ap.Segments[i].Start, d)
		}
	}
}

// pcm is audio held in memory.
type pcm struct {
	rate    int
	samples []float32
}

func (a *pcm) Rate() int { return a.rate }
func (a *pcm) Len() int  { return len(a.samples) }
func (a *pcm) ReadAt(p []float32, off int) (int, error) {
	if off >= len(a.samples) {
		return 0, io.EOF
	}
	n := copy(p, a.samples[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func TestAlignErrors(t *testing.T) {
	ep := episode(t, -1)
	lines := func(texts ...string) *tsync.Transcript {
		var segs []tsync.Segment
		for i, s := range texts {
			segs = append(segs, tsync.Segment{Start: time.Duration(i) * 4 * time.Second, Text: s})
		}
		return tsync.New(segs)
	}
	silent := &pcm{rate: 44100, samples: make([]float32, 44100*20)}
	cases := []struct {
		name  string
		audio Audio
		tr    *tsync.Transcript
		want  error
	}{
		{"empty transcript", openMP3(t, ep.mp3), lines(), ErrEmpty},
		{"only stage directions", openMP3(t, ep.mp3), lines("[music]", "(laughter)", "—"), ErrEmpty},
		{"silence", silent, ep.transcript, ErrSilent},
		{"not English", openMP3(t, ep.mp3), lines(
			"Willkommen zu unserer Sendung über das Lesen beim Zuhören.",
			"Heute sprechen wir darüber, wie man jedes Wort im Ton findet.",
			"Einige fragten nach dem Preis des Abonnements und der Musik.",
			"Danke fürs Zuhören, und auf Wiederhören von uns beiden."), ErrNotEnglish},
		{"another episode's transcript", openMP3(t, ep.mp3), lines(
			"The committee approved the new budget for the harbour bridge.",
			"Rain is expected over the northern hills by Thursday evening.",
			"She planted tomatoes, beans and a row of tall sunflowers."), ErrNoMatch},
	}
	for _, c := range cases {
		_, err := Align(context.Background(), c.audio, c.tr, Options{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		} else {
			t.Logf("%s: %v", c.name, err)
		}
	}
}

func TestAlignCancel(t *testing.T) {
	ep := episode(t, -1)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Align(ctx, openMP3(t, ep.mp3), ep.transcript, Options{Workers: 1, Progress: func(done, total time.Duration) {
		calls++
		cancel()
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Align after cancelling: %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Errorf("progress reported %d times, want once: nothing more after cancelling", calls)
	}
	// Cancelled in the middle of decoding a window.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	r := newResampler(sampleRate)
	rec, err := openRecogniser(DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.close()
	rec.addWords(garbageWords())
	audio, _, _ := r.window(openMP3(t, ep.mp3), 0, 10*sampleRate)
	if _, err := rec.decode(ctx, grammar([]*line{{text: splitLine("welcome to the show", nil)}}), audio); !errors.Is(err, context.Canceled) {
		t.Errorf("decode after cancelling: %v, want context.Canceled", err)
	}
}

// BenchmarkAlign aligns the test episode (about 47 s of two voices), read
// from its MP3, on every core: audio-s/s is seconds of audio aligned a
// second.
func BenchmarkAlign(b *testing.B) {
	ep := episode(b, -1)
	src, err := player.OpenFile(ep.mp3)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	a := Stream(src, src.Format().SampleRate)
	length := time.Duration(a.Len()) * time.Second / time.Duration(a.Rate())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Align(context.Background(), a, ep.transcript, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if f, _ := r.Aligned(); f < len(r.Lines)*9/10 {
			b.Fatalf("aligned %s", r.Summary())
		}
	}
	b.ReportMetric(length.Seconds()*float64(b.N)/b.Elapsed().Seconds(), "audio-s/s")
}

// BenchmarkOpenRecogniser loads the model and dictionary, as each worker
// does once per alignment.
func BenchmarkOpenRecogniser(b *testing.B) {
	for i := 0; i < b.N; i++ {
		r, err := openRecogniser(DefaultModel)
		if err != nil {
			b.Fatal(err)
		}
		r.close()
	}
}
