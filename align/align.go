package align

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	tsync "readalong/sync"
)

// The errors Align returns, wrapped with what was found.
var (
	// ErrUnavailable: Readalong was built without PocketSphinx, or its
	// English model is not installed.
	ErrUnavailable = errors.New("alignment is not available")
	// ErrEmpty: the transcript has no words to listen for.
	ErrEmpty = errors.New("the transcript has no words")
	// ErrNotEnglish: too few of the transcript's words are English; the
	// recogniser knows only English.
	ErrNotEnglish = errors.New("the transcript is not in English")
	// ErrSilent: the audio is silent.
	ErrSilent = errors.New("the audio is silent")
	// ErrNoMatch: too few lines were heard in the audio (the transcript of
	// another episode, music only, speech in another language).
	ErrNoMatch = errors.New("the transcript does not match the audio")
)

// DefaultModel is where Debian's pocketsphinx-en-us puts the English
// model: en-us/ (the acoustic model) and cmudict-en-us.dict.
const DefaultModel = "/usr/share/pocketsphinx/model/en-us"

// Options tunes Align. The zero value is ready to use.
type Options struct {
	// From is where the listener is: lines from here on are aligned first.
	From time.Duration
	// Workers is how many windows are decoded at once; 0 means one per
	// processor.
	Workers int
	// Limit, when set, is how many of the workers may decode at once
	// now (at least one): read before each window is started, so that a
	// window can give the alignment one core while the episode plays and
	// every core while it is paused. It is called from Align's goroutine.
	Limit func() int
	// Progress, when set, is called from Align's goroutine as windows are
	// done, with how much of the audio's length is aligned so far.
	Progress func(done, total time.Duration)
	// Found, when set, is called from Align's goroutine with each line
	// as it is found, before the rest are done, so that the lines at the
	// playhead can be used at once. The Result has the final word: a line
	// found out of order with the others is dropped from it.
	Found func(LineTiming)
	// Model is the folder of the PocketSphinx model; "" means DefaultModel.
	Model string
	// Espeak is the espeak-ng command that pronounces words the dictionary
	// lacks; "" means "espeak-ng", "-" means letter-to-sound rules only.
	Espeak string
}

// limit is how many of n workers may decode at once now.
func (o Options) limit(n int) int {
	if o.Limit == nil {
		return n
	}
	return max(1, min(n, o.Limit()))
}

func (o Options) model() string {
	if o.Model == "" {
		return DefaultModel
	}
	return o.Model
}

// recogniser is one speech decoder (see decoder_ps.go); each worker has
// its own.
type recogniser interface {
	// lookup returns the dictionary's phones for a word, or "".
	lookup(word string) string
	// addWords adds words to the dictionary.
	addWords([]dictWord) error
	// decode runs a JSGF grammar over 16 kHz PCM. Its acoustic
	// normalisation starts from the sound of room (the audio around
	// the start of pcm; nil: pcm itself), so that what it hears depends
	// on the audio alone, not on what it decoded before.
	decode(ctx context.Context, jsgf string, pcm, room []int16) ([]hit, error)
	close()
}

// openRecogniser loads a recogniser; nil in a build without PocketSphinx.
var openRecogniser func(model string) (recogniser, error)

// dictWord is a dictionary entry: a word and its ARPAbet phones.
type dictWord struct{ word, phones string }

// hit is a recognised word and its frames, [start, end).
type hit struct {
	word       string
	start, end int
	// at is where the word's sound begins, to the sample, when it
	// follows a pause (see speechOnset); zero otherwise.
	at time.Duration
}

// Available says whether alignment can run: nil, or an error wrapping
// ErrUnavailable that says what to install.
func Available() error { return available(DefaultModel) }

func available(model string) error {
	if err := modelAvailable(model); err != nil {
		return err
	}
	if openRecogniser == nil {
		return fmt.Errorf("%w: Readalong was built without PocketSphinx", ErrUnavailable)
	}
	return nil
}

// line is one transcript segment with what is known of it.
type line struct {
	index int           // in the transcript
	stamp time.Duration // the transcript's start
	until time.Duration // the transcript's end: where the next line starts
	text  lineText

	found  bool
	timing LineTiming
	try    int // the attempt it was found by
}

// Window sizes, around where a run of lines is expected.
const (
	blockSpan   = 25 * time.Second  // transcript time a first window covers
	firstSpan   = 10 * time.Second  // the same for the window at the playhead
	blockLines  = 12                // lines at most in a first window
	lead        = 4 * time.Second   // audio before the expected start
	trail       = 6 * time.Second   // audio after the expected end
	widen       = 120 * time.Second // more audio after, on the second try
	tries       = 2                 // attempts at a line before it is unsure
	minExtra    = 4 * time.Second   // garbage that makes "audio not in the transcript"
	maxWordTime = 3 * time.Second   // a longer word makes its line unsure
	// retriedConfidence scales the confidence of a line found only on a
	// second, wider try.
	retriedConfidence = 0.8
	maxWindow         = time.Minute // audio a window holds beyond its lines' stamps
)

// job is a run of lines to find in a stretch of audio.
type job struct {
	a, b   int // lines [a, b) of the alignable lines
	from   time.Duration
	to     time.Duration
	try    int
	weight time.Duration // share of the audio's length, for progress
	jsgf   string        // the grammar of its lines
}

// jobResult is what a worker found.
type jobResult struct {
	job
	hits    []hit // in absolute frames
	peak    float32
	refused error // the recogniser's complaint about the window's grammar
	err     error
}

// Align finds where each line of t is spoken in a, and each word of it.
// Lines are aligned from o.From onwards first, then the ones before. It
// returns when done, or with ctx's error soon after ctx is cancelled.
func Align(ctx context.Context, a Audio, t *tsync.Transcript, o Options) (*Result, error) {
	if err := available(o.model()); err != nil {
		return nil, err
	}
	if a.Rate() <= 0 {
		return nil, fmt.Errorf("audio with a sample rate of %d", a.Rate())
	}
	first, err := openRecogniser(o.model())
	if err != nil {
		return nil, err
	}
	recs := []recogniser{first}
	defer func() {
		for _, r := range recs {
			r.close()
		}
	}()
	known := func(w string) bool { return first.lookup(w) != "" }
	var lines []*line
	total := time.Duration(0)
	if n := a.Len(); n > 0 {
		total = time.Duration(n) * time.Second / time.Duration(a.Rate())
	}
	for i, s := range t.Segments {
		l := &line{index: i, stamp: s.Start, until: t.EndOf(i, max(total, s.Start)), text: splitLine(s.Text, known)}
		lines = append(lines, l)
	}
	words, err := prepareWords(ctx, o, first, lines)
	if err != nil {
		return nil, err
	}
	var alignable []*line
	for _, l := range lines {
		if l.text.words() > 0 {
			alignable = append(alignable, l)
		}
	}
	if len(alignable) == 0 {
		return nil, ErrEmpty
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	for len(recs) < workers {
		r, err := openRecogniser(o.model())
		if err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		if err := r.addWords(words); err != nil {
			return nil, err
		}
	}
	if total == 0 {
		// Audio of unknown length: as far as the lines go, and a margin
		// (reading past the end gives silence).
		total = alignable[len(alignable)-1].until + maxWindow
	}
	e := &engine{a: a, lines: alignable, total: total, rs: newResampler(a.Rate())}
	if err := e.run(ctx, recs, o); err != nil {
		return nil, err
	}
	return e.result(lines)
}

// prepareWords finds the words of the lines the dictionary lacks and gives
// them pronunciations; with the garbage phones, they are the words to add
// to every recogniser. It fails with ErrNotEnglish when too few words are
// known ones.
func prepareWords(ctx context.Context, o Options, r recogniser, lines []*line) ([]dictWord, error) {
	seen := map[string]bool{}
	var missing []string
	knownWords, all := 0, 0
	for _, l := range lines {
		for _, s := range l.text.says {
			for _, alt := range s {
				for _, w := range alt {
					if seen[w] {
						continue
					}
					seen[w] = true
					all++
					if r.lookup(w) != "" {
						knownWords++
					} else {
						missing = append(missing, w)
					}
				}
			}
		}
	}
	if all >= 10 && knownWords*2 < all {
		return nil, fmt.Errorf("%w: %d of its %d different words are English words, and the recogniser knows only English", ErrNotEnglish, knownWords, all)
	}
	sort.Strings(missing)
	var pron map[string]string
	if o.Espeak != "-" && len(missing) > 0 {
		cmd := o.Espeak
		if cmd == "" {
			cmd = "espeak-ng"
		}
		var err error
		if pron, err = espeak(ctx, cmd, missing); err != nil && !errors.Is(err, errNoEspeak) {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			pron = nil // the rules below do instead
		}
	}
	words := garbageWords()
	for _, w := range missing {
		p := pron[w]
		if p == "" {
			p = letterToSound(w)
		}
		if p == "" {
			p = "AH" // nothing sayable: a neutral vowel keeps the grammar valid
		}
		words = append(words, dictWord{w, p})
	}
	return words, nil
}

// engine runs the jobs of one alignment.
type engine struct {
	a     Audio
	lines []*line
	total time.Duration
	rs    *resampler

	mu      sync.Mutex // guards reading a
	garbage []span     // garbage heard, absolute
	peak    float32
	refused error // the first grammar the recogniser refused
}

// span is a stretch of audio.
type span struct{ from, to time.Duration }

// blocks splits the lines into first windows, in the order they are
// aligned: from the line being spoken at from (the last stamped at or
// before it) to the end, then the earlier ones, nearest first. The first
// window is short, so that the lines at the playhead are ready soon.
func (e *engine) blocks(from time.Duration) []job {
	k := 0
	for i, l := range e.lines {
		if l.stamp <= from {
			k = i
		}
	}
	split := func(a, b int, first time.Duration) []job {
		var out []job
		span := first
		for a < b {
			c := a + 1
			for c < b && c-a < blockLines && e.lines[c].stamp-e.lines[a].stamp < span {
				c++
			}
			out = append(out, job{a: a, b: c})
			a, span = c, blockSpan
		}
		return out
	}
	later := split(k, len(e.lines), firstSpan)
	earlier := split(0, k, blockSpan)
	all := append(append([]job(nil), earlier...), later...)
	// Each block's share of the audio: from its first stamp to the next
	// block's, the first from 0, the last to the end.
	for i := range all {
		from := e.lines[all[i].a].stamp
		if i == 0 {
			from = 0
		}
		to := e.total
		if i+1 < len(all) {
			to = e.lines[all[i+1].a].stamp
		}
		all[i].weight = max(to-from, 0)
	}
	out := all[len(earlier):]
	for i := len(earlier) - 1; i >= 0; i-- {
		out = append(out, all[i])
	}
	return out
}

// drift is how far the audio is from the transcript's stamps near line i:
// the aligned start minus the stamp of the nearest line found, earlier
// lines preferred at the same distance.
func (e *engine) drift(i int) time.Duration {
	for d := 0; d < len(e.lines); d++ {
		if j := i - d; j >= 0 && e.lines[j].found {
			return e.lines[j].timing.Start - e.lines[j].stamp
		}
		if j := i + d; j < len(e.lines) && e.lines[j].found {
			return e.lines[j].timing.Start - e.lines[j].stamp
		}
	}
	return 0
}

// bounds returns the end of the last line found before line a and the
// start of the first found at or after b (-1 when none).
func (e *engine) bounds(a, b int) (prevEnd, nextStart time.Duration) {
	prevEnd, nextStart = -1, -1
	for j := a - 1; j >= 0; j-- {
		if e.lines[j].found {
			prevEnd = e.lines[j].timing.End
			break
		}
	}
	for j := b; j < len(e.lines); j++ {
		if e.lines[j].found {
			nextStart = e.lines[j].timing.Start
			break
		}
	}
	return prevEnd, nextStart
}

// place sets a job's stretch of audio from what is known now.
func (e *engine) place(j *job) {
	d := e.drift(j.a)
	from := e.lines[j.a].stamp + d - lead
	to := e.lines[j.b-1].until + d + trail
	if j.try > 0 {
		from -= widen / 4
		to += widen
	}
	// At most a minute more than the lines take (by their stamps, or a
	// second a word at most): a transcript without times, every stamp 0,
	// would otherwise have each window reach the end of the audio.
	words := 0
	for _, l := range e.lines[j.a:j.b] {
		words += l.text.words()
	}
	longest := maxWindow + min(e.lines[j.b-1].until-e.lines[j.a].stamp, time.Duration(words)*time.Second)
	if j.try > 0 {
		longest += widen
	}
	prevEnd, nextStart := e.bounds(j.a, j.b)
	if prevEnd >= 0 && (j.try > 0 || prevEnd > from) {
		from = prevEnd - 100*time.Millisecond
	}
	if nextStart >= 0 && (j.try > 0 || nextStart < to) {
		to = nextStart + 100*time.Millisecond
	}
	j.jsgf = grammar(e.lines[j.a:j.b])
	j.from = max(from, 0)
	j.to = min(to, e.total, j.from+longest)
	if j.to-j.from < time.Second {
		j.to = min(j.from+time.Second, e.total)
		j.from = max(j.to-time.Second, 0)
	}
}

// run decodes all jobs on the recognisers, one worker each.
func (e *engine) run(ctx context.Context, recs []recogniser, o Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	results := make(chan jobResult)
	var wg sync.WaitGroup
	for _, r := range recs {
		wg.Add(1)
		go func(r recogniser) {
			defer wg.Done()
			for j := range jobs {
				results <- e.decode(ctx, r, j)
			}
		}(r)
	}
	defer func() {
		close(jobs)
		// Drain what the workers are finishing.
		go func() {
			for range results {
			}
		}()
		wg.Wait()
		close(results)
	}()

	pending := e.blocks(o.From)
	// Second tries wait while no line at all has been found: when the
	// first pass over the whole transcript finds none, the transcript is
	// not of this audio, and wider windows would only take longer to say
	// so.
	var retries, deferred []job
	busy := 0
	done := time.Duration(0)
	for {
		if len(pending) == 0 && len(retries) == 0 && busy == 0 {
			if len(deferred) == 0 || !e.anyFound() {
				break
			}
			retries, deferred = deferred, nil
		}
		var next job
		var send chan job
		if busy < o.limit(len(recs)) && (len(retries) > 0 || len(pending) > 0) {
			if len(retries) > 0 {
				next = retries[0]
			} else {
				next = pending[0]
			}
			e.place(&next)
			send = jobs
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case send <- next:
			busy++
			if len(retries) > 0 {
				retries = retries[1:]
			} else {
				pending = pending[1:]
			}
		case r := <-results:
			busy--
			if r.err != nil {
				return r.err
			}
			more := e.take(r)
			if o.Found != nil {
				for _, l := range e.lines[r.a:r.b] {
					if l.found {
						o.Found(l.timing)
					}
				}
			}
			if e.anyFound() {
				retries = append(more, retries...)
			} else {
				deferred = append(deferred, more...)
			}
			done += r.weight - weights(more)
			if o.Progress != nil {
				o.Progress(min(done, e.total), e.total)
			}
		}
	}
	return nil
}

func weights(js []job) time.Duration {
	var w time.Duration
	for _, j := range js {
		w += j.weight
	}
	return w
}

// anyFound reports whether a line has been found.
func (e *engine) anyFound() bool {
	for _, l := range e.lines {
		if l.found {
			return true
		}
	}
	return false
}

// decode reads a job's audio and runs its grammar.
func (e *engine) decode(ctx context.Context, r recogniser, j job) jobResult {
	res := jobResult{job: j}
	from := int(j.from * sampleRate / time.Second)
	to := int(j.to * sampleRate / time.Second)
	e.mu.Lock()
	pcm, peak, err := e.rs.window(e.a, from, to)
	e.mu.Unlock()
	if err != nil {
		res.err = err
		return res
	}
	res.peak = peak
	if peak < silence {
		return res // nothing to hear
	}
	// The room: roomBefore of audio before the window and roomAfter of
	// its own.
	e.mu.Lock()
	room, _, err := e.rs.window(e.a, max(from-roomBefore, 0), from)
	e.mu.Unlock()
	if err != nil {
		res.err = err
		return res
	}
	room = append(room, pcm[:min(len(pcm), roomAfter)]...)
	hits, err := r.decode(ctx, j.jsgf, pcm, room)
	if err != nil {
		if ctx.Err() != nil {
			res.err = ctx.Err()
		} else {
			// A grammar the recogniser refuses: its lines are not found,
			// the others may be.
			res.refused = err
		}
		return res
	}
	// Speech the grammar has no words for can be heard as silence rather
	// than garbage (its phones cost more): "silence" that sounds is
	// garbage.
	for i := range hits {
		if isFiller(hits[i].word) && sounding(pcm, hits[i].start, hits[i].end, peak) {
			hits[i].word = garbagePrefix + "sound"
		}
	}
	off := from / (sampleRate / framesPerSecond)
	prevEnd := 0 // the sample the hit before ends at
	for i := range hits {
		s := hits[i].start * (sampleRate / framesPerSecond)
		if o := speechOnset(pcm, s, prevEnd); o >= prevEnd && o < hits[i].end*(sampleRate/framesPerSecond) && !isGarbage(hits[i].word) && !isFiller(hits[i].word) {
			hits[i].at = time.Duration(from+o) * time.Second / sampleRate
		}
		if !isFiller(hits[i].word) && !isGarbage(hits[i].word) {
			prevEnd = hits[i].end * (sampleRate / framesPerSecond)
		}
		hits[i].start += off
		hits[i].end += off
	}
	res.hits = hits
	return res
}

// The audio a window's acoustic normalisation starts from, in samples:
// what a recogniser listening all along would have adapted to by then.
const roomBefore, roomAfter = 5 * sampleRate, 5 * sampleRate

// sounding reports whether frames [start, end) of pcm hold sound for at
// least half of them: a peak of at least soundLevel, and within 26 dB of
// the window's loudest (peak), so that the noise floor of a noisy
// recording is still a pause.
func sounding(pcm []int16, start, end int, peak float32) bool {
	const block = sampleRate / framesPerSecond
	lim := int(max(soundLevel, peak/20) * 32768)
	loud, n := 0, 0
	for f := start; f < end && (f+1)*block <= len(pcm); f++ {
		n++
		if reaches(pcm[f*block:(f+1)*block], lim) {
			loud++
		}
	}
	return n > 0 && 2*loud >= n
}

// reaches reports whether a sample of pcm goes beyond ±lim.
func reaches(pcm []int16, lim int) bool {
	for _, v := range pcm {
		if int(v) > lim || int(v) < -lim {
			return true
		}
	}
	return false
}

// silence is the peak level below which audio is taken as silent
// (-60 dBFS).
const silence = 0.001

// take records what a job found and returns the retries it needs: each
// run of its lines not found, in a wider stretch, until tries are used.
func (e *engine) take(r jobResult) []job {
	e.peak = max(e.peak, r.peak)
	if r.refused != nil && e.refused == nil {
		e.refused = r.refused
	}
	var words []hit
	for _, h := range r.hits {
		switch {
		case isGarbage(h.word):
			e.garbage = append(e.garbage, span{frameTime(h.start), frameTime(h.end)})
		case isFiller(h.word):
		default:
			words = append(words, h)
		}
	}
	// The hits are the found lines' words in order: match them greedily.
	pos := 0
	for i := r.a; i < r.b && pos < len(words); i++ {
		l := e.lines[i]
		spans, n, ok := matchLine(l, words[pos:])
		if !ok {
			continue
		}
		l.found, l.try = true, r.try
		l.timing = timing(l, spans, words[pos:pos+n])
		if r.try > 0 { // found only by a wider search
			l.timing.Confidence *= retriedConfidence
		}
		pos += n
	}
	retries := e.overlapping(r.a, r.b)
	if r.try+1 >= tries {
		return retries
	}
	for i := r.a; i < r.b; {
		if e.lines[i].found {
			i++
			continue
		}
		k := i
		for k < r.b && !e.lines[k].found {
			k++
		}
		w := time.Duration(0)
		if k-i == r.b-r.a {
			w = r.weight // the whole job again
		}
		retries = append(retries, job{a: i, b: k, try: r.try + 1, weight: w})
		i = k
	}
	return retries
}

// overlapping unmarks a found line that starts inside the found line
// before it, less than maxOverlap before that line ends: two windows
// decoded at once both heard the sound between them, and the later
// line's window, which was not looking for the line before, took that
// line's last sound for its first word. It is looked for again, from
// where the line before ends. Lines a to b were just found; their
// neighbours are checked too. It returns the retries of the lines
// unmarked that were not of lines a to b; those that were are retried
// with the rest of their window's lines not found, if their window may
// be tried again. A line further out of order is keepInOrder's to drop.
func (e *engine) overlapping(a, b int) []job {
	var retries []job
	p := a - 1
	for p >= 0 && !e.lines[p].found {
		p--
	}
	for q := p + 1; q < len(e.lines); q++ {
		l := e.lines[q]
		if !l.found {
			continue
		}
		if p >= 0 {
			pt := e.lines[p].timing
			if over := pt.End - l.timing.Start; over > slack && over < maxOverlap && l.timing.Start >= pt.Start {
				l.found, l.timing = false, LineTiming{}
				if q >= b && l.try+1 < tries {
					retries = append(retries, job{a: q, b: q + 1, try: l.try + 1})
				}
				continue
			}
		}
		p = q
		if q >= b {
			break
		}
	}
	return retries
}

// timing makes a found line's times from the words that matched it.
func timing(l *line, spans [][2]int, hits []hit) LineTiming {
	t := LineTiming{Index: l.index, Found: true}
	t.Start = hits[0].startTime()
	t.End = frameTime(hits[len(hits)-1].end)
	prevEnd := t.Start
	heard := 0
	for w, sp := range spans {
		wt := WordTiming{Text: l.text.shown[w], Start: prevEnd, End: prevEnd}
		if sp[1] > sp[0] {
			wt.Start = hits[sp[0]].startTime()
			wt.End = frameTime(hits[sp[1]-1].end)
			if wt.End-wt.Start > maxWordTime {
				t.Unsure = true
			} else {
				heard++
			}
		}
		prevEnd = wt.End
		t.Words = append(t.Words, wt)
	}
	t.Confidence = 1
	if len(spans) > 0 { // the share of words heard for a plausible time
		t.Confidence = float64(heard) / float64(len(spans))
	}
	return t
}

// keepInOrder unmarks found lines that are out of order with the others:
// of the found lines, the most that start in transcript order, each after
// the one before it ends, are kept (a line matched in the wrong place by
// a wide window breaks the order).
func (e *engine) keepInOrder() {
	var found []*line
	for _, l := range e.lines {
		if l.found {
			found = append(found, l)
		}
	}
	n := len(found)
	best := make([]int, n) // longest ordered run ending at i
	prev := make([]int, n)
	end := -1
	for i, l := range found {
		best[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if found[j].timing.End <= l.timing.Start+slack && best[j]+1 > best[i] {
				best[i], prev[i] = best[j]+1, j
			}
		}
		if end < 0 || best[i] > best[end] {
			end = i
		}
	}
	keep := make([]bool, n)
	for i := end; i >= 0; i = prev[i] {
		keep[i] = true
	}
	for i, l := range found {
		if !keep[i] {
			l.found = false
			l.timing = LineTiming{}
		}
	}
}

// slack is how far a line may start before the line before it ends.
const slack = 50 * time.Millisecond

// maxOverlap is the most of the line before that a line can be heard
// to start on by taking its last sound for a word (see overlapping).
const maxOverlap = time.Second

// result gathers the lines into a Result.
func (e *engine) result(all []*line) (*Result, error) {
	e.keepInOrder()
	res := &Result{Duration: e.total}
	found, alignable := 0, 0
	for _, l := range all {
		lt := l.timing
		if !l.found {
			lt = LineTiming{Index: l.index, Start: l.stamp}
		}
		if l.text.words() > 0 {
			alignable++
			if l.found {
				found++
			} else {
				lt.Unsure = true
				res.Skipped = append(res.Skipped, missing(l))
			}
		}
		res.Lines = append(res.Lines, lt)
	}
	if found == 0 && e.peak < silence {
		return nil, fmt.Errorf("%w: no sound above -60 dBFS where the transcript's lines are", ErrSilent)
	}
	if found*4 < alignable && e.refused != nil {
		return nil, fmt.Errorf("%w: %d of %d lines were heard in it; %v", ErrNoMatch, found, alignable, e.refused)
	}
	if found*4 < alignable {
		return nil, fmt.Errorf("%w: %d of %d lines were heard in it (another episode's transcript, music, or speech not in English?)", ErrNoMatch, found, alignable)
	}
	res.Extra = e.extra()
	return res, nil
}

// extra finds the stretches of audio not in the transcript: runs of
// garbage between consecutive found lines (or before the first, after the
// last) adding up to minExtra or more. Garbage reaching into a found line
// is left out: it is that line heard by a window that was not looking for
// it.
func (e *engine) extra() []Span {
	var gaps []span
	prev := time.Duration(0)
	for _, l := range e.lines {
		if l.found {
			gaps = append(gaps, span{prev, l.timing.Start})
			prev = l.timing.End
		}
	}
	gaps = append(gaps, span{prev, e.total})
	var out []Span
	for _, gap := range gaps {
		var in []span
		for _, s := range e.garbage {
			if s.from >= gap.from && s.to <= gap.to {
				in = append(in, s)
			}
		}
		var sum time.Duration
		u := union(in)
		for _, s := range u {
			sum += s.to - s.from
		}
		if sum >= minExtra {
			out = append(out, e.toSound(Span{Start: u[0].from, End: u[len(u)-1].to}, gap))
		}
	}
	return out
}

// soundLevel is the peak level of 10 ms that is sound rather than a
// pause (-40 dBFS).
const soundLevel = 1.0 / 100

// toSound widens a stretch of audio not in the transcript, found from
// the recogniser's garbage runs, to the sound around it within gap (the
// pause between the lines found on either side): the windows decoded
// need not have reached all of it. It ends with the last sound before the
// next line's pause, and starts with the first sound after the line
// before (at least 200 ms after it, past that line's last breath).
func (e *engine) toSound(sp Span, gap span) Span {
	if e.rs == nil || e.a == nil {
		return sp
	}
	const block = sampleRate / framesPerSecond
	lim := int(math.Round(soundLevel * 32768))
	// loudAt returns the first (or with last set, the last) 10 ms block
	// in [from, to) that holds sound, as a sample offset from from, or
	// -1. It reads a piece at a time, from the end when looking for the
	// last: the stretch can be the rest of a long episode.
	loudAt := func(from, to time.Duration, last bool) int {
		a, b := int(from*sampleRate/time.Second), int(to*sampleRate/time.Second)
		for k := 0; k*scanPiece < b-a; k++ {
			p, q := a+k*scanPiece, min(a+(k+1)*scanPiece, b)
			if last {
				p, q = max(b-(k+1)*scanPiece, a), b-k*scanPiece
			}
			e.mu.Lock()
			pcm, _, err := e.rs.window(e.a, p, q)
			e.mu.Unlock()
			if err != nil {
				return -1
			}
			n := len(pcm) / block
			for j := range n {
				if last {
					j = n - 1 - j
				}
				if reaches(pcm[j*block:(j+1)*block], lim) {
					return p - a + j*block
				}
			}
		}
		return -1
	}
	at := func(from time.Duration, i int) time.Duration {
		return from + time.Duration(i)*time.Second/sampleRate
	}
	// The end: the last sound before the next line, after a pause.
	// The next line's own start (its first syllable, a window early) is
	// not the insertion's: the sound must end before a pause.
	if last := loudAt(sp.End, gap.to, true); last >= 0 && at(sp.End, last+block) < gap.to-100*time.Millisecond {
		sp.End = at(sp.End, last+block)
	}
	if from := gap.from + 200*time.Millisecond; from < sp.Start {
		if first := loudAt(from, sp.Start, false); first >= 0 {
			sp.Start = at(from, first)
		}
	}
	return sp
}

// scanPiece is how much audio toSound reads at a time, in samples: ten
// seconds.
const scanPiece = 10 * sampleRate

// union merges overlapping spans.
func union(s []span) []span {
	s = append([]span(nil), s...)
	sort.Slice(s, func(i, j int) bool { return s[i].from < s[j].from })
	var out []span
	for _, x := range s {
		if n := len(out); n > 0 && x.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, x.to)
			continue
		}
		out = append(out, x)
	}
	return out
}

// missing describes a line not heard, for Result.Skipped.
func missing(l *line) Missing {
	return Missing{Index: l.index, At: l.stamp, Text: strings.Join(l.text.shown, " ")}
}
