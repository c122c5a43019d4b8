//go:build pocketsphinx

package align

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
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
		t.Logf("line %2d: found %-5v unsure %-5v conf %.2f start %8v (true %8v, %+5dms) end %8v (true %8v, %+5dms)", i+1, l.Found, l.Unsure, l.Confidence,
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
	early := map[int]LineTiming{}
	r, err := Align(context.Background(), openMP3(t, ep.mp3), ep.transcript, Options{
		Progress: func(done, total time.Duration) { calls++; last = done },
		Found:    func(l LineTiming) { early[l.Index] = l },
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range r.Lines {
		if l.Found && !reflect.DeepEqual(early[l.Index], l) {
			t.Errorf("line %d reported as found at %v, in the result at %v", l.Index+1, early[l.Index].Start, l.Start)
		}
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
	// Confidence: none for a line not found; a found line's words heard.
	var sum float64
	for _, l := range r.Lines {
		if !l.Found && l.Confidence != 0 || l.Found && (l.Confidence <= 0 || l.Confidence > 1) {
			t.Errorf("line %d: found %v, confidence %v", l.Index+1, l.Found, l.Confidence)
		}
		sum += l.Confidence
	}
	if mean := sum / float64(len(r.Lines)); mean < 0.8 {
		t.Errorf("mean confidence %.2f on an episode read as written, want at least 0.8", mean)
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
		{"music only", music(44100, 20*time.Second), ep.transcript, ErrNoMatch},
		{"another episode's transcript", openMP3(t, ep.mp3), lines(
			"The committee approved the new budget for the harbour bridge.",
			"Rain is expected over the northern hills by Thursday evening.",
			"She planted tomatoes, beans and a row of tall sunflowers."), ErrNoMatch},
	}
	if _, err := Align(context.Background(), silent, ep.transcript, Options{Model: "/no/such/model"}); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "pocketsphinx-en-us") {
		t.Errorf("without the model: %v, want ErrUnavailable naming pocketsphinx-en-us", err)
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

// music is a tune of chords, a note every 0.4 s, at rate.
func music(rate int, d time.Duration) *pcm {
	n := int(d.Seconds() * float64(rate))
	a := &pcm{rate: rate, samples: make([]float32, n)}
	notes := []float64{220, 262, 330, 392, 294, 349, 440, 247}
	for i := range a.samples {
		k := i / (rate * 2 / 5)
		f := notes[k%len(notes)]
		tt := float64(i) / float64(rate)
		env := math.Exp(-3 * math.Mod(tt, 0.4))
		a.samples[i] = float32(0.2 * env * (math.Sin(2*math.Pi*f*tt) + 0.5*math.Sin(2*math.Pi*f*1.5*tt) + 0.3*math.Sin(2*math.Pi*f*2*tt)))
	}
	return a
}

// TestAlignAroundDamage: an MP3 with a stretch of its bytes overwritten
// is aligned around the damage: the lines away from it are found where
// they are spoken.
func TestAlignAroundDamage(t *testing.T) {
	ep := episode(t, -1)
	b, err := os.ReadFile(ep.mp3)
	if err != nil {
		t.Fatal(err)
	}
	// 4 kB of noise at 60 % of the file: about a quarter second of audio.
	at := len(b) * 3 / 5
	x := uint32(7)
	for i := at; i < at+4096 && i < len(b); i++ {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	damaged := filepath.Join(t.TempDir(), "damaged.mp3")
	if err := os.WriteFile(damaged, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Align(context.Background(), openMP3(t, damaged), ep.transcript, Options{})
	if err != nil {
		t.Fatalf("a damaged MP3: %v", err)
	}
	lines, _ := check(t, ep, r, 100*time.Millisecond)
	if lines < 0.8 {
		t.Errorf("%.0f%% of line starts within 100 ms around the damage, want at least 80%%", lines*100)
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
	if _, err := rec.decode(ctx, grammar([]*line{{text: splitLine("welcome to the show", nil)}}), audio, nil); !errors.Is(err, context.Canceled) {
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

// testData is Debian's pocketsphinx-testdata: real read speech.
const testData = "/usr/share/pocketsphinx/test/data"

// readS16 reads 16-bit little-endian mono samples, skipping a WAV header.
func readS16(t *testing.T, path string, header int) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%v (pocketsphinx-testdata holds the LibriVox recordings; make deps installs it)", err)
	}
	b = b[header:]
	out := make([]float32, len(b)/2)
	for i := range out {
		out[i] = float32(int16(binary.LittleEndian.Uint16(b[2*i:]))) / 32768
	}
	return out
}

// onset is where sound starts in a recording: the first 10 ms whose level
// is above a tenth (-20 dB) of the loudest 10 ms; with end set, where it
// ends: after the last such 10 ms.
func onset(s []float32, end bool) int {
	const n = sampleRate / 100
	rms := func(i int) float64 {
		var sum float64
		for _, v := range s[i : i+n] {
			sum += float64(v) * float64(v)
		}
		return math.Sqrt(sum / n)
	}
	var loudest float64
	for i := 0; i+n <= len(s); i += n {
		loudest = max(loudest, rms(i))
	}
	if end {
		for i := len(s) - n; i >= 0; i -= n {
			if rms(i) > loudest/10 {
				return i + n
			}
		}
		return len(s)
	}
	for i := 0; i+n <= len(s); i += n {
		if rms(i) > loudest/10 {
			return i
		}
	}
	return 0
}

// sentenceStart is where the recogniser hears the first word of a
// recording of one sentence, given nothing but that sentence to listen
// for, with its acoustic normalisation that of the sentence (as the
// model was trained): the reference each line of a longer recording is
// held to. On the first LibriVox sentence it is 9 ms after where the
// waveform rises ("and", 191 ms into the file, read off 2.5 ms RMS
// blocks); started from the model's default normalisation instead, it
// was 41 ms before.
func sentenceStart(t *testing.T, s []float32, text string) time.Duration {
	t.Helper()
	rec, err := openRecogniser(DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.close()
	var words []string
	for _, w := range splitLine(text, nil).says {
		words = append(words, w[0]...)
	}
	pcm := make([]int16, len(s))
	for i, v := range s {
		pcm[i] = int16(v * 32767)
	}
	hits, err := rec.decode(context.Background(), "#JSGF V1.0;\ngrammar s;\npublic <s> = "+strings.Join(words, " ")+";\n", pcm, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if !isFiller(h.word) {
			return frameTime(h.start)
		}
	}
	t.Fatalf("%q not heard by itself", text)
	return 0
}

// hush is a pause: quiet noise (-60 dBFS) rather than digital silence,
// which recordings do not have.
func hush(n int, seed uint64) []float32 {
	out := make([]float32, n)
	x := seed | 1
	for i := range out {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		out[i] = (float32(x%2001)/1000 - 1) * 0.001
	}
	return out
}

// TestAlignLibriVox aligns five sentences read by a person (LibriVox, in
// pocketsphinx-testdata), joined with pauses and stamped to the second
// below, once with other speech (goforward.raw, three times) inserted
// after the second: each line starts within 100 ms, and most within 50 ms,
// of where the recogniser hears it start when given the sentence alone,
// and the insertion is found to within 0.5 s.
func TestAlignLibriVox(t *testing.T) {
	names := []string{"0870", "0880", "0890", "0920", "0930"}
	tb, err := os.ReadFile(filepath.Join(testData, "librivox", "transcription"))
	if err != nil {
		t.Skipf("%v (make deps installs pocketsphinx-testdata)", err)
	}
	var texts []string
	for _, l := range strings.Split(strings.TrimSpace(string(tb)), "\n") {
		l = strings.TrimPrefix(l, "<s> ")
		l, _, _ = strings.Cut(l, " </s>")
		texts = append(texts, l)
	}
	other := readS16(t, filepath.Join(testData, "goforward.raw"), 0)
	for _, splice := range []bool{false, true} {
		var audio []float32
		var segs []tsync.Segment
		var starts []time.Duration
		var inserted Span
		at := func(n int) time.Duration { return time.Duration(n) * time.Second / sampleRate }
		audio = append(audio, hush(sampleRate, 1)...)
		shift := time.Duration(0)
		for i, name := range names {
			s := readS16(t, filepath.Join(testData, "librivox", "sense_and_sensibility_01_austen_64kb-"+name+".wav"), 44)
			start := at(len(audio)) + sentenceStart(t, s, texts[i])
			starts = append(starts, start)
			segs = append(segs, tsync.Segment{Start: (start - shift).Truncate(time.Second), Text: texts[i]})
			audio = append(audio, s...)
			audio = append(audio, hush(sampleRate*7/10, uint64(i+2))...)
			if splice && i == 1 {
				from := len(audio)
				for k := 0; k < 3; k++ {
					audio = append(audio, other...)
				}
				inserted = Span{at(from + onset(other, false)), at(len(audio) - len(other) + onset(other, true))}
				shift = at(len(audio) - from)
				audio = append(audio, hush(sampleRate/2, 9)...)
			}
		}
		audio = append(audio, hush(sampleRate, 10)...)
		r, err := Align(context.Background(), &pcm{rate: sampleRate, samples: audio}, tsync.New(segs), Options{})
		if err != nil {
			t.Fatalf("splice %v: %v", splice, err)
		}
		close := 0
		for i, l := range r.Lines {
			d := l.Start - starts[i]
			if i == 0 {
				// The reference is right: it is near where the sound starts.
				s := readS16(t, filepath.Join(testData, "librivox", "sense_and_sensibility_01_austen_64kb-"+names[i]+".wav"), 44)
				if o := at(onset(s, false)) + time.Second; abs(o-starts[i]) > 250*time.Millisecond {
					t.Errorf("line 1 starts at %v by itself, its sound at %v", starts[i], o)
				}
			}
			t.Logf("splice %v: line %d at %v, starts at %v (%+d ms)", splice, i+1, l.Start, starts[i], d.Milliseconds())
			if !l.Found || abs(d) > 100*time.Millisecond {
				t.Errorf("splice %v: line %d found %v at %v, %v from where it starts", splice, i+1, l.Found, l.Start, d)
			}
			if abs(d) <= 50*time.Millisecond {
				close++
			}
		}
		// Measured: all 5 within 37 ms.
		if close < len(names) {
			t.Errorf("splice %v: %d of %d lines start within 50 ms, want all", splice, close, len(names))
		}
		t.Logf("splice %v: %s; inserted %v–%v", splice, r.Summary(), inserted.Start, inserted.End)
		if !splice {
			if len(r.Extra) != 0 {
				t.Errorf("audio not in the transcript reported: %v", r.Extra)
			}
			continue
		}
		if len(r.Extra) != 1 || abs(r.Extra[0].Start-inserted.Start) > 500*time.Millisecond || abs(r.Extra[0].End-inserted.End) > 500*time.Millisecond {
			t.Errorf("audio not in the transcript: %v, want %v–%v within 0.5 s", r.Extra, inserted.Start, inserted.End)
		}
	}
}

// What a window is heard as depends on its audio alone: not on what the
// decoder heard before it (which worker, in which order), so an
// alignment is the same every time and a line at the start of a window
// is not placed by the sound of another recording.
func TestDecodeDependsOnTheAudioAlone(t *testing.T) {
	toPCM := func(s []float32) []int16 {
		out := make([]int16, len(s))
		for i, v := range s {
			out[i] = int16(v * 32767)
		}
		return out
	}
	name := filepath.Join(testData, "librivox", "sense_and_sensibility_01_austen_64kb-0870.wav")
	tb, err := os.ReadFile(filepath.Join(testData, "librivox", "transcription"))
	if err != nil {
		t.Skipf("%v (make deps installs pocketsphinx-testdata)", err)
	}
	text, _, _ := strings.Cut(strings.TrimPrefix(strings.SplitN(string(tb), "\n", 2)[0], "<s> "), " </s>")
	pcm := toPCM(append(hush(sampleRate, 1), readS16(t, name, 44)...))
	// Before it, a loud hum: a decoder that carried its normalisation
	// over would hear the speech through it.
	hum := hush(10*sampleRate, 3)
	for i := range hum {
		hum[i] += 0.3 * float32(math.Sin(2*math.Pi*150*float64(i)/sampleRate))
	}
	before := toPCM(hum)
	jsgf := grammar([]*line{{text: splitLine(text, nil)}})
	heard := func(first []int16) []hit {
		rec, err := openRecogniser(DefaultModel)
		if err != nil {
			t.Fatal(err)
		}
		defer rec.close()
		if err := rec.addWords(garbageWords()); err != nil {
			t.Fatal(err)
		}
		if first != nil {
			if _, err := rec.decode(context.Background(), jsgf, first, nil); err != nil {
				t.Fatal(err)
			}
		}
		hits, err := rec.decode(context.Background(), jsgf, pcm, pcm[:5*sampleRate])
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	alone, after := heard(nil), heard(before)
	t.Logf("heard alone: %v\nafter a hum: %v", alone, after)
	// The recogniser keeps a little from frame to frame of its own (its
	// shortlists of likely sounds), so a boundary may move by 2 frames;
	// with the normalisation carried over, words came and went and
	// boundaries moved by 5.
	same := len(alone) > 0 && len(alone) == len(after)
	for i := 0; same && i < len(alone); i++ {
		a, b := alone[i], after[i]
		same = a.word == b.word && max(a.start-b.start, b.start-a.start) <= 2 && max(a.end-b.end, b.end-a.end) <= 2
	}
	if !same {
		t.Errorf("the same audio is heard differently after a hum:\nalone: %v\nafter: %v", alone, after)
	}
}

// A transcript without times (every stamp zero, as a plain text pasted
// in) is aligned too.
func TestAlignUntimed(t *testing.T) {
	ep := episode(t, -1)
	tr := tsync.New(append([]tsync.Segment(nil), ep.transcript.Segments...))
	for i := range tr.Segments {
		tr.Segments[i].Start = 0
	}
	r, err := Align(context.Background(), openMP3(t, ep.mp3), tr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines, _ := check(t, ep, r, 100*time.Millisecond)
	if lines < 0.8 {
		t.Errorf("%.0f%% of line starts within 100 ms, want at least 80%%", lines*100)
	}
}

// BenchmarkAlignLong aligns the test episode thirteen times over (10
// min; READALONG_ALIGN_REPEATS sets another count), held in memory,
// stamped to the second rounded down, with 30 s of other speech inserted
// after the fourth time that the stamps do not know of, on every core. It
// reports the share of lines found within 50 and 100 ms of where they are
// spoken, how far the ends of the insertion found are from where they
// are, and the share of the lines after the insertion that start within
// 50 ms once the alignment is applied (the automatic re-sync).
func BenchmarkAlignLong(b *testing.B) {
	repeats := 13
	if n, err := strconv.Atoi(os.Getenv("READALONG_ALIGN_REPEATS")); err == nil && n > 4 {
		repeats = n
	}
	ep := episode(b, -1)
	src, err := player.OpenFile(ep.mp3)
	if err != nil {
		b.Fatal(err)
	}
	a := Stream(src, src.Format().SampleRate)
	one := make([]float32, a.Len())
	n, err := a.ReadAt(one, 0)
	src.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		b.Fatal(err)
	}
	one = one[:n]
	if a.Rate() != testRate {
		b.Fatalf("the episode is at %d Hz, not %d", a.Rate(), testRate)
	}
	var other []float32
	for len(other) < 30*testRate {
		if len(other) > 0 {
			other = append(other, make([]float32, testRate/2)...)
		}
		for _, v := range speakPCM(b, filepath.Dir(ep.mp3), "en-gb+m1", spliceText) {
			other = append(other, float32(v)/32768)
		}
	}
	at := func(n int) time.Duration { return time.Duration(n) * time.Second / testRate }
	long := &pcm{rate: testRate}
	var segs []tsync.Segment
	var starts []time.Duration
	var inserted Span
	for k := 0; k < repeats; k++ {
		off, stamp := at(len(long.samples)), at(k*len(one))
		for i, s := range ep.transcript.Segments {
			s.Start = (ep.starts[i] + stamp).Truncate(time.Second)
			segs = append(segs, s)
			starts = append(starts, ep.starts[i]+off)
		}
		long.samples = append(long.samples, one...)
		if k == 3 {
			inserted.Start = at(len(long.samples))
			long.samples = append(long.samples, other...)
			inserted.End = at(len(long.samples))
		}
	}
	tr := tsync.New(segs)
	b.ResetTimer()
	var r *Result
	for i := 0; i < b.N; i++ {
		if r, err = Align(context.Background(), long, tr, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	good, good50 := 0, 0
	for i, l := range r.Lines {
		if l.Found && abs(l.Start-starts[i]) <= 100*time.Millisecond {
			good++
		}
		if l.Found && abs(l.Start-starts[i]) <= 50*time.Millisecond {
			good50++
		}
	}
	var deltas []time.Duration
	for i, l := range r.Lines {
		if l.Found {
			deltas = append(deltas, l.Start-starts[i])
			if abs(l.Start-starts[i]) > 50*time.Millisecond {
				b.Logf("line %d (%d of the episode): %v off, at %v", i+1, i%len(ep.starts)+1, (l.Start - starts[i]).Round(time.Millisecond), starts[i].Round(time.Millisecond))
			}
		}
	}
	slices.Sort(deltas)
	if n := len(deltas); n > 0 {
		b.Logf("line start errors: 5th %v, 25th %v, median %v, 75th %v, 95th %v", deltas[n/20], deltas[n/4], deltas[n/2], deltas[3*n/4], deltas[n*19/20])
	}
	resynced := r.Apply(tr)
	later, laterGood := 0, 0
	for i, s := range resynced.Segments {
		if starts[i] > inserted.End {
			later++
			if abs(s.Start-starts[i]) <= 50*time.Millisecond {
				laterGood++
			}
		}
	}
	b.ReportMetric(100*float64(good50)/float64(len(r.Lines)), "%lines-50ms")
	b.ReportMetric(100*float64(laterGood)/float64(max(later, 1)), "%later-50ms-resynced")
	b.ReportMetric(at(len(long.samples)).Seconds()*float64(b.N)/b.Elapsed().Seconds(), "audio-s/s")
	b.ReportMetric(100*float64(good)/float64(len(r.Lines)), "%lines-100ms")
	off := time.Hour
	for _, e := range r.Extra {
		off = min(off, max(abs(e.Start-inserted.Start), abs(e.End-inserted.End)))
	}
	b.ReportMetric(off.Seconds(), "s-insertion-off")
	b.Logf("%s; inserted %v–%v; found %v", r.Summary(), inserted.Start.Round(time.Millisecond), inserted.End.Round(time.Millisecond), r.Extra)
}

// From the playhead: the line spoken there is found first.
func TestAlignFrom(t *testing.T) {
	ep := episode(t, -1)
	from := ep.starts[7] + time.Second
	var order []int
	_, err := Align(context.Background(), openMP3(t, ep.mp3), ep.transcript, Options{
		From: from, Workers: 1,
		Found: func(l LineTiming) { order = append(order, l.Index) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(order) == 0 || order[0] != 7 || order[len(order)-1] >= 7 {
		t.Errorf("lines found in the order %v: want line 8, spoken at %v, first and the earlier ones last", order, from)
	}
}

// BenchmarkLinesAtThePlayhead is the wait, in the window, for the lines
// being heard: alignment asked for from the middle of the test episode,
// on one worker (as while playing), model loading and decoding included,
// until the line spoken there is found.
func BenchmarkLinesAtThePlayhead(b *testing.B) {
	ep := episode(b, -1)
	from := ep.starts[6] + 500*time.Millisecond
	var total time.Duration
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		var first time.Duration
		_, err := Align(ctx, openMP3(b, ep.mp3), ep.transcript, Options{From: from, Workers: 1, Found: func(l LineTiming) {
			if l.Index == 6 && first == 0 {
				first = time.Since(start)
				cancel()
			}
		}})
		cancel()
		if first == 0 {
			b.Fatalf("the line at the playhead was not found: %v", err)
		}
		total += first
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-playhead-line")
}
