package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// episodeScript is the spoken script of the test episode: one line per
// segment, "Speaker: text". Each speaker gets a voice of episodeVoices in
// order of appearance. Some lines are long enough to wrap in the window.
const episodeScript = `Ben: Hello and welcome.
Cleo: Thanks, Ben. Today we are testing a podcast player from end to end.
Ben: Every line you hear starts on a whole second.
Cleo: And the silence between the lines changes from one line to the next, so no two gaps are the same length.
Ben: The test clicks on a line and listens for it.
Cleo: It records what the player sends to a virtual sound card.
Ben: Then it lines the recording up with the episode, sample by sample.
Cleo: If the player skips or repeats anything, the test will notice.
Ben: It also watches which row of the transcript is highlighted.
Cleo: The highlight should move when the voice moves on to the next line, not a moment later and not a moment sooner.
Ben: Pausing must bring silence quickly.
Cleo: And playing again must continue exactly where it stopped.
Ben: Seven. Eight. Nine. Ten.
Cleo: A broken file should show an error, and the window should stay open.
Ben: Numbers help to tell the lines apart: eleven, twelve, thirteen.
Cleo: Short line.
Ben: A much longer line follows now, with several clauses, a few commas, and enough words to wrap onto a second row.
Cleo: Fourteen, fifteen, sixteen.
Ben: The gaps were chosen so that a line never starts right after another.
Cleo: Good listeners read along.
Ben: Seventeen and eighteen.
Cleo: Time is measured with the wall clock of the machine running the test.
Ben: Nineteen.
Cleo: The recording is timestamped as it arrives.
Ben: And that is how we know when each sound was heard.
Cleo: Twenty, twenty one, twenty two.
Ben: Thanks for listening to this test episode.
Cleo: Goodbye from both of us.`

// episodeTitle is the episode's ID3 title: the window shows it in its
// title bar.
const episodeTitle = "Readalong end-to-end test"

// episodeVoices are the espeak-ng voices of the first and second speaker.
var episodeVoices = []string{"en-us+m3", "en-gb+f3"}

// episodeGaps are the minimum silences after each line, in milliseconds,
// taken in turn; the next line then starts on the next whole second.
var episodeGaps = []int{350, 1400, 600, 2300, 900, 1700, 450, 1100}

// episodeVersion changes when the way the episode is made changes.
const episodeVersion = "e2e-episode-1"

// episodeLine is one spoken line of the test episode.
type episodeLine struct {
	Start   int    // seconds
	Samples int    // length of the speech, at rate
	Speaker string // as in the transcript
	Text    string
}

// episode is the generated test episode with its reference decode.
type episode struct {
	Dir        string // cache folder holding the files
	MP3        string // the episode, 128 kbit/s CBR mono
	Transcript string // beside it, in the podcast text format
	Lines      []episodeLine
	Samples    int     // total length at rate
	pcm        []int16 // ffmpeg's decode of MP3, mono
}

// startSample is where line i's speech starts.
func (e *episode) startSample(i int) int { return e.Lines[i].Start * rate }

// lineAt is the line spoken (or last spoken) at sample n, -1 before the
// first.
func (e *episode) lineAt(n int) int {
	idx := -1
	for i := range e.Lines {
		if e.startSample(i) <= n {
			idx = i
		}
	}
	return idx
}

var episodeOnce struct {
	sync.Mutex
	ep  *episode
	err error
}

// testEpisode returns the test episode, generating it once per run, or
// taking it from the cache under $XDG_CACHE_HOME/readalong-e2e.
func testEpisode(t *testing.T) *episode {
	t.Helper()
	episodeOnce.Lock()
	defer episodeOnce.Unlock()
	if episodeOnce.ep == nil && episodeOnce.err == nil {
		start := time.Now()
		episodeOnce.ep, episodeOnce.err = makeEpisode()
		if episodeOnce.err == nil {
			t.Logf("test episode: %s (%d lines, %.1f s; ready in %v)", episodeOnce.ep.MP3, len(episodeOnce.ep.Lines),
				float64(episodeOnce.ep.Samples)/rate, time.Since(start).Round(time.Millisecond))
		}
	}
	if episodeOnce.err != nil {
		t.Fatalf("test episode: %v", episodeOnce.err)
	}
	return episodeOnce.ep
}

// cacheRoot is the folder for generated audio: $XDG_CACHE_HOME/name or
// ~/.cache/name.
func cacheRoot(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(base, name)
	return dir, os.MkdirAll(dir, 0o755)
}

// toolVersions identifies the tools that make test audio, so a cached
// file made by other versions is made again.
func toolVersions(tools ...[]string) string {
	var b strings.Builder
	for _, t := range tools {
		out, _ := exec.Command(t[0], t[1:]...).CombinedOutput()
		first, _, _ := strings.Cut(string(out), "\n")
		b.WriteString(first + "\n")
	}
	return b.String()
}

func makeEpisode() (*episode, error) {
	for _, tool := range []string{"espeak-ng", "sox", "soxi", "lame", "ffmpeg"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is missing: run make deps", tool)
		}
	}
	key := sha256.Sum256([]byte(episodeVersion + "\n" + episodeScript + "\n" + fmt.Sprint(episodeVoices, episodeGaps) + "\n" +
		toolVersions([]string{"espeak-ng", "--version"}, []string{"sox", "--version"}, []string{"lame", "--version"}, []string{"ffmpeg", "-version"})))
	root, err := cacheRoot("readalong-e2e")
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "episode-"+hex.EncodeToString(key[:8]))
	if _, err := os.Stat(filepath.Join(dir, "meta.json")); err != nil {
		tmp, err := os.MkdirTemp(root, "tmp-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if err := generateEpisode(tmp); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, dir); err != nil {
			if _, serr := os.Stat(filepath.Join(dir, "meta.json")); serr != nil {
				return nil, err
			}
		}
	}
	return loadEpisode(dir)
}

func loadEpisode(dir string) (*episode, error) {
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, err
	}
	e := &episode{}
	if err := json.Unmarshal(b, e); err != nil {
		return nil, err
	}
	e.Dir = dir
	e.MP3 = filepath.Join(dir, "episode.mp3")
	e.Transcript = filepath.Join(dir, "episode.txt")
	if e.pcm, err = readPCM(filepath.Join(dir, "episode.pcm")); err != nil {
		return nil, err
	}
	if len(e.pcm) != e.Samples {
		return nil, fmt.Errorf("%s: reference decode has %d samples, want %d", dir, len(e.pcm), e.Samples)
	}
	return e, nil
}

// run runs a command, returning its output or an error with its stderr.
func run(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, msg)
	}
	return string(out), nil
}

// sox runs sox deterministically: no dither (-D), repeatable (-R).
func sox(args ...string) error {
	_, err := run("sox", append([]string{"-D", "-R", "-V1"}, args...)...)
	return err
}

// speak synthesises text with voice into a 44.1 kHz mono WAV that starts
// and ends exactly with the speech, and returns its length in samples.
func speak(dir, id, voice, text string) (int, error) {
	txt := filepath.Join(dir, id+".txt")
	raw := filepath.Join(dir, id+".raw.wav")
	wav := filepath.Join(dir, id+".wav")
	if err := os.WriteFile(txt, []byte(text+"\n"), 0o644); err != nil {
		return 0, err
	}
	if _, err := run("espeak-ng", "-v", voice, "-s", "165", "-w", raw, "-f", txt); err != nil {
		return 0, err
	}
	if err := sox(raw, "-r", strconv.Itoa(rate), "-c", "1", "-b", "16", "-e", "signed-integer", wav,
		"rate", "-v", strconv.Itoa(rate), "norm", "-3",
		"silence", "1", "0.005", "0.5%", "reverse", "silence", "1", "0.005", "0.2%", "reverse"); err != nil {
		return 0, err
	}
	out, err := run("soxi", "-s", wav)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("no speech synthesised for %q", text)
	}
	return n, nil
}

// generateEpisode writes episode.mp3, episode.txt, episode.pcm (ffmpeg's
// decode) and meta.json into dir.
func generateEpisode(dir string) error {
	type spoken struct {
		speaker, text, voice string
		n                    int
		err                  error
	}
	var lines []*spoken
	voices := map[string]string{}
	for _, l := range strings.Split(episodeScript, "\n") {
		speaker, text, ok := strings.Cut(l, ": ")
		if !ok {
			return fmt.Errorf("script line without a speaker: %q", l)
		}
		if _, ok := voices[speaker]; !ok {
			if len(voices) == len(episodeVoices) {
				return fmt.Errorf("more speakers than voices: %s", speaker)
			}
			voices[speaker] = episodeVoices[len(voices)]
		}
		lines = append(lines, &spoken{speaker: speaker, text: text, voice: voices[speaker]})
	}
	// Synthesise on two workers; the order of the lines is kept.
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				l := lines[i]
				l.n, l.err = speak(dir, fmt.Sprintf("%03d", i), l.voice, l.text)
			}
		}()
	}
	for i := range lines {
		work <- i
	}
	close(work)
	wg.Wait()

	meta := episode{}
	var parts []string
	var txt strings.Builder
	pos, start := 0, 0
	for i, l := range lines {
		if l.err != nil {
			return l.err
		}
		lead := start*rate - pos
		part := filepath.Join(dir, fmt.Sprintf("%03d.part.wav", i))
		if lead > 0 {
			if err := sox(filepath.Join(dir, fmt.Sprintf("%03d.wav", i)), part, "pad", fmt.Sprintf("%ds", lead)); err != nil {
				return err
			}
		} else {
			part = filepath.Join(dir, fmt.Sprintf("%03d.wav", i))
		}
		parts = append(parts, part)
		meta.Lines = append(meta.Lines, episodeLine{Start: start, Samples: l.n, Speaker: l.speaker, Text: l.text})
		if i > 0 {
			txt.WriteString("\n")
		}
		fmt.Fprintf(&txt, "%02d:%02d:%02d %s: %s\n", start/3600, start/60%60, start%60, l.speaker, l.text)
		pos = start*rate + l.n
		gap := episodeGaps[i%len(episodeGaps)] * rate / 1000
		start = (pos + gap + rate - 1) / rate
	}
	tail := 2 * rate
	meta.Samples = pos + tail
	body := filepath.Join(dir, "body.wav")
	wav := filepath.Join(dir, "episode.wav")
	if err := sox(append(parts, body)...); err != nil {
		return err
	}
	if err := sox(body, wav, "pad", "0", fmt.Sprintf("%ds", tail)); err != nil {
		return err
	}
	mp3 := filepath.Join(dir, "episode.mp3")
	if _, err := run("lame", "--quiet", "-b", "128", "--cbr", "-m", "m", "--id3v2-only", "--tt", episodeTitle, "--ta", "Readalong", wav, mp3); err != nil {
		return err
	}
	pcm, err := decodePCM(mp3)
	if err != nil {
		return err
	}
	if len(pcm) != meta.Samples {
		return fmt.Errorf("ffmpeg decodes %d samples, the episode has %d", len(pcm), meta.Samples)
	}
	if err := checkOnsets(pcm, meta.Lines); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"episode.txt", []byte(txt.String())}, {"episode.pcm", int16ToBytes(pcm)}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	// Keep only what the tests use.
	for _, p := range append(parts, body, wav) {
		os.Remove(p)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9].*"))
	for _, p := range matches {
		os.Remove(p)
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644)
}

// checkOnsets checks, in the decoded MP3, that every line is silent just
// before its time stamp and speaks right at it, so that what is heard at
// any time is known.
func checkOnsets(pcm []int16, lines []episodeLine) error {
	speech := 32768 / 100 // -40 dBFS
	for i, l := range lines {
		s := l.Start * rate
		if i > 0 {
			if pre := rmsOf(slice(pcm, s-rate/4, s)); dBFS(pre) > -50 {
				return fmt.Errorf("line %d: %.1f dBFS in the 0.25 s before %d s, want silence", i, dBFS(pre), l.Start)
			}
		}
		onset := -1
		for k := max(0, s-rate/100); k < s+rate/10 && k < len(pcm); k++ {
			if int(pcm[k]) >= speech || int(pcm[k]) <= -speech {
				onset = k
				break
			}
		}
		if onset < 0 || onset > s+rate/40 {
			return fmt.Errorf("line %d: speech does not start within 25 ms of %d s (onset at sample %d)", i, l.Start, onset)
		}
	}
	return nil
}
