package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tsync "readalong/sync"
)

// TestBench measures Readalong against its peers on this machine, in one
// run, and prints a Markdown table: time to first audio (mpv, ffmpeg),
// seek-to-sound (mpv), decode speed (ffmpeg), CPU and memory while playing
// (mpv), transcript parsing (ffmpeg's SubRip demuxer) and clip export
// (ffmpeg -c copy). It runs only when READALONG_BENCH=1 (make bench); it
// checks that every figure is a measurement of the right thing (the
// recorded sound is the episode, the commands succeed), not how fast
// anything is.
func TestBench(t *testing.T) {
	enabled(t, "READALONG_BENCH")
	for _, tool := range []string{"mpv", "ffmpeg", "ffprobe", "espeak-ng", "sox", "lame"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run make bench (it installs what the benchmark needs)", tool)
		}
	}
	started := time.Now()
	files, err := makeBenchFiles()
	if err != nil {
		t.Fatalf("bench files: %v", err)
	}
	t.Logf("bench files in %s (ready in %v)", files.Dir, time.Since(started).Round(time.Millisecond))
	h := newHarnessAlways(t)
	bin := h.buildBinary()
	h.startX()
	h.startPulse()
	b := &bench{h: h, files: files, bin: bin, rec: h.startRecorder("bench.raw"), dropouts: map[string][]time.Duration{}}

	// READALONG_BENCH_ONLY=seek,parse (say) runs only those parts.
	only := os.Getenv("READALONG_BENCH_ONLY")
	for _, part := range []struct {
		name string
		run  func()
	}{
		{"first", func() { b.firstAudio(1); b.firstAudio(3); b.dropoutRow() }},
		{"seek", b.seekToSound},
		{"decode", b.decodeSpeed},
		{"cpu", b.cpuAndMemory},
		{"parse", b.parse},
		{"clip", b.clipExport},
		{"window", b.windowCPU},
		{"ontime", b.highlightOnTime},
		{"align", func() { b.alignHours(1) }},
		{"align3", func() { b.alignHours(3) }},
	} {
		if only == "" || strings.Contains(","+only+",", ","+part.name+",") {
			part.run()
		}
	}

	b.print(os.Stdout)
}

// bench holds one benchmark run and its results.
type bench struct {
	h     *harness
	files *benchFiles
	bin   string
	rec   *recorder
	rows  []benchRow
	// dropouts lists, per player, where each start broke off (-1: never).
	dropouts map[string][]time.Duration
	// seekDropouts describes the seeks whose sound broke off.
	seekDropouts []string
}

// benchRow is one line of the table: Readalong's figure and its peers',
// measured in this run.
type benchRow struct {
	measure string
	better  string // "lower" or "higher"
	ours    float64
	unit    string
	peers   []peer
	note    string
}

type peer struct {
	name  string
	value float64
}

func (b *bench) add(r benchRow) { b.rows = append(b.rows, r) }

// command prepares a command in the harness environment, with
// READALONG_DEBUG set for Readalong.
func (b *bench) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(append([]string{}, b.h.env...), "READALONG_DEBUG=1")
	cmd.SysProcAttr = childAttr()
	return cmd
}

// logTo sends a command's output to a log in the artefact folder.
func (b *bench) logTo(cmd *exec.Cmd, name string) {
	f, err := os.OpenFile(b.h.path(name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		b.h.t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
}

// waitQuiet waits until the sink has been silent for 0.3 s.
func (b *bench) waitQuiet() {
	b.h.waitUntil("silence between measurements", 10*time.Second, func() bool {
		n := b.rec.frames()
		return n > rate && peakOf(b.rec.left(n-rate*3/10, n)) < silentPeak
	})
}

// firstSound starts cmd and returns the time from process start to its
// first non-silent sample, and where the sound first broke off in the
// 1.5 s after it (a dropout), -1 if it did not. The sound must be the
// episode's start.
func (b *bench) firstSound(cmd *exec.Cmd, what string) (time.Duration, time.Duration) {
	h, rec := b.h, b.rec
	h.t.Helper()
	b.waitQuiet()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		h.fail("start %s: %v", what, err)
	}
	h.track(cmd)
	scan := rec.frameAt(start)
	first := -1
	deadline := time.Now().Add(30 * time.Second)
	for first < 0 {
		if time.Now().After(deadline) {
			cmd.Process.Signal(syscall.SIGQUIT) // a Go program prints its goroutines' stacks
			time.Sleep(time.Second)
			h.fail("%s: no sound within 30 s (sent SIGQUIT: a Go program's stacks are in its log)", what)
		}
		if !alive(cmd) {
			h.fail("%s exited before any sound", what)
		}
		time.Sleep(5 * time.Millisecond)
		n := rec.frames()
		for i, v := range rec.left(scan, n) {
			if abs16(v) >= silentPeak {
				first = scan + i
				break
			}
		}
		scan = n
	}
	d := rec.timeOf(first).Sub(start)
	end := rec.waitTime(h, rec.timeOf(first).Add(1700*time.Millisecond))
	// The sound must be the episode's start, found where it began: its
	// first quarter second, or its first tenth should a dropout fall in
	// the quarter. Dropouts are reported, not failed.
	from := first - rate/10
	var m match
	var at time.Duration
	for _, n := range []int{rate / 4, rate / 10} {
		m = locate(rec.left(from, first+rate/2), b.files.unitPCM[:n])
		at = dur(from + m.Lag - first)
		if m.NCC >= 0.9 && at > -30*time.Millisecond && at < 30*time.Millisecond {
			break
		}
	}
	h.check(m.NCC >= 0.9 && at > -30*time.Millisecond && at < 30*time.Millisecond,
		"%s: the first sound is not the episode's start (NCC %.3f at %s from the first sound)", what, m.NCC, ms(at))
	brk := brokeOff(rec.left(from+m.Lag, end), b.files.unitPCM[:rate*3/2])
	h.t.Logf("%s (pid %d): first sound %s after start; dropout: %v", what, cmd.Process.Pid, ms(d), brk)
	return d, brk
}

// brokeOff compares a recording with the reference it should match from
// its first sample, in 10 ms blocks, and returns where it first departs
// from it (a dropout or a skip), or -1.
func brokeOff(got, want []int16) time.Duration {
	const block = rate / 100
	for i := 0; i+block <= len(want) && i+block <= len(got); i += block {
		w := want[i : i+block]
		if rmsOf(w) < 300 {
			continue // too quiet to tell
		}
		if snr(got[i:i+block], w) < 10 {
			return dur(i)
		}
	}
	return -1
}

// firstAudio measures the time from process start to the first sound for
// Readalong and mpv, and to the first decoded bytes for ffmpeg.
func (b *bench) firstAudio(hours int) {
	h := b.h
	file := b.files.Hours[hours]
	var ra, mp, ff []time.Duration
	for i := 0; i < firstRuns; i++ {
		cmd := b.command(b.bin, "play", "--quiet", file)
		b.logTo(cmd, "readalong-play")
		d, brk := b.firstSound(cmd, "readalong play")
		h.stop(cmd)
		ra = append(ra, d)
		b.dropouts["Readalong"] = append(b.dropouts["Readalong"], brk)

		cmd = b.command("mpv", "--no-config", "--no-video", "--ao=pulse", "--no-terminal", file)
		b.logTo(cmd, "mpv")
		d, brk = b.firstSound(cmd, "mpv")
		h.stop(cmd)
		mp = append(mp, d)
		b.dropouts["mpv"] = append(b.dropouts["mpv"], brk)

		ff = append(ff, b.ffmpegFirstBytes(file))
	}
	h.t.Logf("first audio, %d h: readalong %v, mpv %v, ffmpeg (bytes) %v", hours, ra, mp, ff)
	b.add(benchRow{
		measure: fmt.Sprintf("time to first audio, %d h file (process start → first sound; ffmpeg: → first decoded bytes)", hours),
		better:  "lower", ours: msOf(median(ra)), unit: "ms",
		peers: []peer{{"mpv", msOf(median(mp))}, {"ffmpeg", msOf(median(ff))}},
		note:  fmt.Sprintf("median of %d", firstRuns),
	})
}

// firstRuns is how many times each player is started per file.
const firstRuns = 5

// dropoutRow reports how many of the starts broke off in their first
// 1.5 s, and where.
func (b *bench) dropoutRow() {
	count := func(name string) (n float64, at []string) {
		for _, d := range b.dropouts[name] {
			if d >= 0 {
				n++
				at = append(at, fmt.Sprintf("%.0f ms", msOf(d)))
			}
		}
		return n, at
	}
	ours, oursAt := count("Readalong")
	theirs, theirsAt := count("mpv")
	note := fmt.Sprintf("of %d starts each; a 10 ms block of speech more than 10 dB off the episode counts", len(b.dropouts["Readalong"]))
	if len(oursAt) > 0 {
		note += "; Readalong's at " + strings.Join(oursAt, ", ") + " after the first sound"
	}
	if len(theirsAt) > 0 {
		note += "; mpv's at " + strings.Join(theirsAt, ", ")
	}
	b.add(benchRow{measure: "starts with a dropout in the first 1.5 s (both files)", better: "lower",
		ours: ours, unit: "starts", peers: []peer{{"mpv", theirs}}, note: note})
}

// ffmpegFirstBytes times ffmpeg from process start to its first decoded
// bytes on standard output.
func (b *bench) ffmpegFirstBytes(file string) time.Duration {
	h := b.h
	cmd := b.command("ffmpeg", "-v", "error", "-nostdin", "-i", file, "-f", "s16le", "-")
	out, w, err := os.Pipe()
	if err != nil {
		h.t.Fatal(err)
	}
	cmd.Stdout = w
	start := time.Now()
	err = cmd.Start()
	w.Close()
	if err != nil {
		h.fail("start ffmpeg: %v", err)
	}
	h.track(cmd)
	buf := make([]byte, 4096)
	n, err := out.Read(buf)
	d := time.Since(start)
	h.check(n > 0 && err == nil, "ffmpeg wrote nothing: %v", err)
	h.stop(cmd)
	out.Close()
	return d
}

// seekToSound measures, on the 3 h file, the time from a click on a line
// of the transcript (Readalong's window) or an IPC seek command (mpv) to
// the sound of that line: the unit that starts there.
func (b *bench) seekToSound() {
	h := b.h
	units := benchLineUnits(unitsFor(3))
	targets := []int{4, 8, 2, 6, 7} // lines; all on screen at once
	// Readalong: click the line.
	b.waitQuiet()
	a := h.launch(b.bin, b.files.Hours[3], b.files.Transcript[3])
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", "episode-3h — Readalong")
	time.Sleep(400 * time.Millisecond)
	rows := stampRowsFrom(h.screenshot("bench-seek"), listTopAlone) // one reader: no legend
	h.check(len(rows) == len(units), "the window shows %d rows, the transcript has %d lines (bench-seek.png)", len(rows), len(units))
	h.xdo("mousemove", "--sync", "450", strconv.Itoa(listTopAlone-22)) // over the heading
	n := a.count()
	h.press("space")
	a.waitFor(`state pos=[\d.]+ line=-?\d+ playing=true`, n, 10*time.Second)
	time.Sleep(1500 * time.Millisecond)
	var ra []time.Duration
	for _, line := range targets {
		n := a.count()
		clicked := h.click(400, rows[line].Mid())
		a.waitFor(fmt.Sprintf(`seek line=%d to=%d\.000`, line, units[line]*unitSeconds), n, 5*time.Second)
		ra = append(ra, b.soundAfter(clicked, fmt.Sprintf("Readalong, click line %d (%d s)", line, units[line]*unitSeconds)))
		time.Sleep(500 * time.Millisecond)
	}
	h.stop(a.cmd)

	// mpv: the same positions through its JSON IPC.
	sock := filepath.Join(h.path("run"), "mpv.sock")
	cmd := b.command("mpv", "--no-config", "--no-video", "--ao=pulse", "--no-terminal", "--input-ipc-server="+sock, b.files.Hours[3])
	b.logTo(cmd, "mpv-seek")
	b.firstSound(cmd, "mpv")
	conn, err := net.Dial("unix", sock)
	if err != nil {
		h.fail("mpv IPC: %v", err)
	}
	defer conn.Close()
	go io.Copy(io.Discard, conn)
	time.Sleep(time.Second)
	var mp []time.Duration
	for _, line := range targets {
		at := units[line] * unitSeconds
		msg, _ := json.Marshal(map[string]any{"command": []any{"seek", at, "absolute+exact"}})
		sent := time.Now()
		if _, err := conn.Write(append(msg, '\n')); err != nil {
			h.fail("mpv IPC: %v", err)
		}
		mp = append(mp, b.soundAfter(sent, fmt.Sprintf("mpv, seek to %d s", at)))
		time.Sleep(500 * time.Millisecond)
	}
	h.stop(cmd)
	h.t.Logf("seek-to-sound: readalong (click) %v, mpv (IPC) %v", ra, mp)
	b.add(benchRow{
		measure: "seek-to-sound on the 3 h file (Readalong: click a line in the window; mpv: IPC seek) → that position heard",
		better:  "lower", ours: msOf(median(ra)), unit: "ms",
		peers: []peer{{"mpv", msOf(median(mp))}},
		note: fmt.Sprintf("median of %d seeks to 0:44–2:59; Readalong %s, mpv %s", len(targets),
			spread(ra), spread(mp)) + b.seekDropoutNote(),
	})
}

// soundAfter returns the time from a command (a click, an IPC message)
// to the sound of a unit's first sample: the reference window must be
// found in the second after it. A dropout in the 0.9 s that follow is
// recorded for the table.
func (b *bench) soundAfter(cmd time.Time, what string) time.Duration {
	h, rec := b.h, b.rec
	h.t.Helper()
	ref := b.files.unitPCM[unitSamples:]
	end := rec.waitTime(h, cmd.Add(1200*time.Millisecond))
	from := rec.frameAt(cmd) - rate/20
	m := locate(rec.left(from, end), ref[:playedWindow])
	h.check(m.NCC >= 0.9, "%s: the sound of that position is not heard in the second after (NCC %.3f)", what, m.NCC)
	d := rec.timeOf(from + m.Lag).Sub(cmd)
	brk := brokeOff(rec.left(from+m.Lag, end), ref[:rate*9/10])
	if brk >= 0 {
		b.seekDropouts = append(b.seekDropouts, fmt.Sprintf("%s: at %.0f ms", what, msOf(brk)))
	}
	h.t.Logf("%s: heard after %s (NCC %.4f); dropout: %v", what, ms(d), m.NCC, brk)
	return d
}

// seekDropoutNote lists the seeks whose sound broke off.
func (b *bench) seekDropoutNote() string {
	if len(b.seekDropouts) == 0 {
		return "; no dropouts in the 0.9 s after each"
	}
	return "; dropouts after: " + strings.Join(b.seekDropouts, "; ")
}

// spread formats the smallest and largest of some durations.
func spread(d []time.Duration) string {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return fmt.Sprintf("%.0f–%.0f ms", msOf(s[0]), msOf(s[len(s)-1]))
}

// timed runs a command to its end and returns its wall time and CPU time.
func (b *bench) timed(cmd *exec.Cmd, what string) (wall, cpu time.Duration) {
	b.h.t.Helper()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.h.fail("%s: %v", what, err)
	}
	wall = time.Since(start)
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return wall, cpu
}

// decodeSpeed decodes the whole 1 h file: Readalong's decoder through
// info --check, ffmpeg to its null muxer.
func (b *bench) decodeSpeed() {
	file := b.files.Hours[1]
	secs := float64(b.files.Seconds[1])
	cmd := b.command(b.bin, "info", "--check", file)
	var out bytes.Buffer
	cmd.Stdout = &out
	wallR, cpuR := b.timed(cmd, "readalong info --check")
	b.h.check(strings.Contains(out.String(), "damage:") && strings.Contains(out.String(), "0 spots"), "info --check found damage in the bench file:\n%s", out.String())
	cmd = b.command("ffmpeg", "-v", "error", "-nostdin", "-i", file, "-f", "null", "-")
	wallF, cpuF := b.timed(cmd, "ffmpeg -f null")
	b.h.t.Logf("decode 1 h: readalong %v wall, %v CPU; ffmpeg %v wall, %v CPU", wallR, cpuR, wallF, cpuF)
	b.add(benchRow{
		measure: "decode speed, whole 1 h file (× real time, by wall clock)",
		better:  "higher", ours: secs / wallR.Seconds(), unit: "×",
		peers: []peer{{"ffmpeg", secs / wallF.Seconds()}},
		note:  fmt.Sprintf("readalong info --check: %.1f s wall, %.1f s CPU; ffmpeg -f null: %.1f s wall, %.1f s CPU", wallR.Seconds(), cpuR.Seconds(), wallF.Seconds(), cpuF.Seconds()),
	})
}

// procStat reads a process's CPU time (utime+stime) and its resident and
// peak resident memory.
func procStat(pid int) (cpu time.Duration, rss, hwm int, err error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0, err
	}
	// Fields after the command name, which is in parentheses.
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	cpu = time.Duration(ut+st) * time.Second / time.Duration(clockTicks())
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		switch k {
		case "VmRSS":
			rss = kb
		case "VmHWM":
			hwm = kb
		}
	}
	return cpu, rss, hwm, nil
}

// clockTicks is the kernel's clock ticks per second for /proc times.
func clockTicks() int {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if n, err2 := strconv.Atoi(strings.TrimSpace(string(out))); err == nil && err2 == nil && n > 0 {
		return n
	}
	return 100
}

// cpuAndMemory plays the 3 h file for 10 s after its first sound, with
// Readalong's terminal player and with mpv.
func (b *bench) cpuAndMemory() {
	type usage struct {
		cpu, total time.Duration
		rss, hwm   int
	}
	measure := func(cmd *exec.Cmd, what string) usage {
		b.logTo(cmd, what)
		b.firstSound(cmd, what)
		c0, _, _, err := procStat(cmd.Process.Pid)
		b.h.check(err == nil, "%s: %v", what, err)
		time.Sleep(10 * time.Second)
		c1, rss, hwm, err := procStat(cmd.Process.Pid)
		b.h.check(err == nil, "%s: %v", what, err)
		b.h.check(alive(cmd), "%s stopped playing", what)
		b.h.stop(cmd)
		return usage{cpu: c1 - c0, total: c1, rss: rss, hwm: hwm}
	}
	file := b.files.Hours[3]
	ra := measure(b.command(b.bin, "play", "--quiet", file), "readalong-play-cpu")
	mp := measure(b.command("mpv", "--no-config", "--no-video", "--ao=pulse", "--no-terminal", file), "mpv-cpu")
	b.h.t.Logf("10 s of play: readalong %+v, mpv %+v", ra, mp)
	pct := func(u usage) float64 { return u.cpu.Seconds() / 10 * 100 }
	b.add(benchRow{measure: "CPU while playing the 3 h file (10 s after the first sound, % of one core)", better: "lower",
		ours: pct(ra), unit: "%", peers: []peer{{"mpv", pct(mp)}},
		note: fmt.Sprintf("CPU time from process start: readalong %.2f s, mpv %.2f s", ra.total.Seconds(), mp.total.Seconds())})
	b.add(benchRow{measure: "resident memory after 10 s of playing the 3 h file (VmRSS)", better: "lower",
		ours: float64(ra.rss) / 1024, unit: "MiB", peers: []peer{{"mpv", float64(mp.rss) / 1024}}})
	b.add(benchRow{measure: "peak resident memory (VmHWM)", better: "lower",
		ours: float64(ra.hwm) / 1024, unit: "MiB", peers: []peer{{"mpv", float64(mp.hwm) / 1024}}})
}

// parse times transcript parsing of 100,000 segments: in process (the sync
// package's parsers) and as whole commands (readalong info and ffmpeg's
// SubRip demuxer on the same file).
func (b *bench) parse() {
	h := b.h
	text, err := os.ReadFile(b.files.Text)
	if err != nil {
		h.t.Fatal(err)
	}
	srt, err := os.ReadFile(b.files.SRT)
	if err != nil {
		h.t.Fatal(err)
	}
	perOp := func(parse func() (*tsync.Transcript, error), what string) time.Duration {
		tr, err := parse()
		h.check(err == nil && tr.Len() == 100000, "%s: %v (%d segments)", what, err, lenOf(tr))
		r := testing.Benchmark(func(bb *testing.B) {
			for i := 0; i < bb.N; i++ {
				parse()
			}
		})
		return time.Duration(r.NsPerOp())
	}
	pt := perOp(func() (*tsync.Transcript, error) { return tsync.ParseText(bytes.NewReader(text)) }, "ParseText")
	ps := perOp(func() (*tsync.Transcript, error) { return tsync.ParseSRT(bytes.NewReader(srt)) }, "ParseSRT")

	var ra, ff []time.Duration
	for i := 0; i < 3; i++ {
		cmd := b.command(b.bin, "info", b.files.SRT)
		var out bytes.Buffer
		cmd.Stdout = &out
		w, _ := b.timed(cmd, "readalong info")
		h.check(strings.Contains(out.String(), "100000"), "readalong info does not count 100000 segments:\n%.300s", out.String())
		ra = append(ra, w)
		w, _ = b.timed(b.command("ffmpeg", "-v", "error", "-nostdin", "-i", b.files.SRT, "-c:s", "copy", "-f", "null", "-"), "ffmpeg srt")
		ff = append(ff, w)
	}
	b.add(benchRow{measure: "parse 100,000 SubRip segments, whole command (readalong info FILE.srt; ffmpeg -i FILE.srt -c:s copy -f null -)",
		better: "lower", ours: msOf(median(ra)), unit: "ms", peers: []peer{{"ffmpeg", msOf(median(ff))}}, note: "median of 3, process start included"})
	b.add(benchRow{measure: "parse 100,000 segments in process (sync.ParseText; sync.ParseSRT)",
		better: "lower", ours: msOf(pt), unit: "ms", peers: []peer{{"ParseSRT", msOf(ps)}},
		note: "no in-process peer: the second figure is Readalong's SubRip parser on the same segments"})
}

func lenOf(t *tsync.Transcript) int {
	if t == nil {
		return 0
	}
	return t.Len()
}

// clipExport cuts 10 minutes out of the 1 h file without re-encoding:
// readalong clip and ffmpeg -c copy. Both clips must decode to 10 minutes.
func (b *bench) clipExport() {
	h := b.h
	file := b.files.Hours[1]
	ours := h.path("clip-readalong.mp3")
	theirs := h.path("clip-ffmpeg.mp3")
	var ra, ff []time.Duration
	var failed error
	for i := 0; i < 3 && failed == nil; i++ {
		cmd := b.command(b.bin, "clip", file, "--from", "30:00", "--to", "40:00", "-o", ours, "--force")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			failed = fmt.Errorf("readalong clip: %v: %s", err, strings.TrimSpace(out.String()))
			break
		}
		ra = append(ra, time.Since(start))
		w, _ := b.timed(b.command("ffmpeg", "-v", "error", "-nostdin", "-y", "-ss", "1800", "-to", "2400", "-i", file, "-c", "copy", theirs), "ffmpeg -c copy")
		ff = append(ff, w)
	}
	row := benchRow{measure: "clip export, 10 min of the 1 h file without re-encoding (readalong clip; ffmpeg -ss -to -c copy)", better: "lower", unit: "ms"}
	var oursAt, theirsAt string
	if failed == nil {
		var d float64
		d, oursAt, failed = b.checkClip(ours, 1800)
		if failed == nil && (d < 599.95 || d > 600.05) {
			failed = fmt.Errorf("readalong's clip decodes to %.3f s, want 600 s", d)
		}
	}
	if failed != nil {
		h.t.Logf("clip export not measured: %v", failed)
		row.note = "not measured: " + firstLine(failed.Error())
		row.ours = -1
		b.add(row)
		return
	}
	row.ours = msOf(median(ra))
	row.peers = []peer{{"ffmpeg", msOf(median(ff))}}
	_, theirsAt, err := b.checkClip(theirs, 1800)
	h.check(err == nil, "ffmpeg's clip: %v", err)
	row.note = fmt.Sprintf("median of 3; decoded by ffmpeg, Readalong's clip: %s; ffmpeg's: %s", oursAt, theirsAt)
	b.add(row)
}

// checkClip decodes a clip with ffmpeg and returns its length in seconds
// and where its first sample lies against the episode's sample at from
// seconds (found by cross-correlation).
func (b *bench) checkClip(path string, from int) (float64, string, error) {
	pcm, err := decodePCM(path)
	if err != nil {
		return 0, "", err
	}
	secs := float64(len(pcm)) / rate
	// The episode repeats its unit; the unit's second copy is the
	// reference for any later one. The window is taken half a second in,
	// past any frames a cut leaves without their bit reservoir.
	const in = rate / 2
	phase := unitSamples + from%unitSeconds*rate + in
	ref := b.files.unitPCM[phase : phase+playedWindow]
	m := locate(slice(pcm, 0, 3*in), ref)
	if m.NCC < minMatch {
		return secs, "", fmt.Errorf("%s does not hold the episode at %d.5 s in its first 1.5 s (NCC %.3f)", filepath.Base(path), from, m.NCC)
	}
	off := m.Lag - in // the clip's sample holding the episode's sample at from
	where := "starts on the exact sample"
	switch {
	case off > 0:
		where = fmt.Sprintf("starts %d samples (%.1f ms) early", off, msOf(dur(off)))
	case off < 0:
		where = fmt.Sprintf("starts %d samples (%.1f ms) late", -off, msOf(dur(-off)))
	}
	if q := peakOf(slice(pcm, 0, rate/10)); q < silentPeak {
		where += ", silent for its first 0.1 s at least"
	}
	return secs, fmt.Sprintf("%.3f s, %s", secs, where), nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// print writes the machine description and the table.
func (b *bench) print(w io.Writer) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## Readalong benchmark")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "- CPU: %s, %d cores\n", cpuModel(), runtime.NumCPU())
	fmt.Fprintf(w, "- Go: %s; kernel %s\n", runtime.Version(), strings.TrimSpace(readFirst("/proc/sys/kernel/osrelease")))
	fmt.Fprintf(w, "- peers: %s; %s\n", toolLine(2, "mpv", "--version"), toolLine(3, "ffmpeg", "-version"))
	fmt.Fprintf(w, "- episodes: %d s and %d s, 128 kbit/s CBR stereo MP3 without a tag (32 s of espeak-ng speech repeated); sound through a pulseaudio null sink, recorded with parec\n",
		b.files.Seconds[1], b.files.Seconds[3])
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| measure | Readalong ÷ peer | Readalong | peer | notes |")
	fmt.Fprintln(w, "| --- | --- | ---: | --- | --- |")
	for _, r := range b.rows {
		if r.ours < 0 {
			fmt.Fprintf(w, "| %s | — | not yet measured | — | %s |\n", r.measure, r.note)
			continue
		}
		var ratios, peers []string
		for _, p := range r.peers {
			if p.value > 0 {
				ratios = append(ratios, fmt.Sprintf("%.2f× %s", r.ours/p.value, p.name))
			}
			peers = append(peers, p.name+" "+formatValue(p.value, r.unit))
		}
		if len(ratios) == 0 {
			ratios = []string{"—"}
		}
		note := r.note
		if r.better != "" {
			note = strings.TrimPrefix(note+"; "+r.better+" is better", "; ")
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", r.measure, strings.Join(ratios, ", "), formatValue(r.ours, r.unit), strings.Join(peers, ", "), note)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Ratios are Readalong's figure over the peer's. Times of sound come from the recording of the null sink's monitor "+
		"(parec, 5 ms fragments, each timestamped as it arrives): ±5 ms. Clicks are timed at xdotool's button release, IPC commands as they are written. "+
		"The sink renders up to one 5 ms block ahead, so a figure within 5 ms of zero means at once (mpv, some seeks). "+
		"Readalong plays through ALSA's pulse plugin, mpv through its own pulse output, into the same sink.")
	fmt.Fprintln(w)
}

func formatValue(v float64, unit string) string {
	switch unit {
	case "×":
		return fmt.Sprintf("%.1f×", v)
	case "%":
		return fmt.Sprintf("%.1f %%", v)
	case "MiB":
		return fmt.Sprintf("%.1f MiB", v)
	case "s":
		return fmt.Sprintf("%.1f s", v)
	case "starts":
		return fmt.Sprintf("%.0f", v)
	case "ms":
		if v >= 10000 {
			return fmt.Sprintf("%.2f s", v/1000)
		}
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%g %s", v, unit)
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func readFirst(path string) string {
	b, _ := os.ReadFile(path)
	return firstLine(string(b))
}

// toolLine is the first n words of a tool's version banner.
func toolLine(n int, name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return name + " (version unknown)"
	}
	fields := strings.Fields(firstLine(string(out)))
	return strings.Join(fields[:min(n, len(fields))], " ")
}
