package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// frameLoc is where one audio frame sits in the file and what it needs
// from the frames before it.
type frameLoc struct {
	off     int64
	size    uint16
	begin   uint16 // main_data_begin: reservoir bytes taken from earlier frames
	mdLen   uint16 // main data bytes this frame carries
	misread bool   // go-mp3 computes this frame's size wrongly
}

// Damage is a stretch of an episode that could not be decoded.
type Damage struct {
	At      time.Duration // where it starts, in the episode's timeline
	Skipped time.Duration // how much audio was lost (0 for bytes between frames)
	Bytes   int64         // bytes of junk skipped, when known
	What    string
}

// String says where the damage is, as "corrupt audio at 12:34.567, skipped 0.2 s".
func (d Damage) String() string {
	s := d.What + " at " + fmtTime(d.At)
	if d.Skipped > 0 {
		s += fmt.Sprintf(", skipped %.2f s", d.Skipped.Seconds())
	}
	if d.Bytes > 0 {
		s += fmt.Sprintf(" (%d bytes)", d.Bytes)
	}
	return s
}

// fmtTime writes d as m:ss.mmm or h:mm:ss.mmm.
func fmtTime(d time.Duration) string {
	ms := d.Milliseconds()
	if ms < 0 {
		ms = 0
	}
	h, m, s := ms/3600000, ms/60000%60, ms/1000%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d.%03d", h, m, s, ms%1000)
	}
	return fmt.Sprintf("%d:%02d.%03d", m, s, ms%1000)
}

// mp3Index lists the audio frames of an MP3 file. The first frames are
// found when the file is opened; the rest are found by a goroutine while
// the episode already plays. Readers wait for frames not yet found.
//
// A file still arriving (g set) is indexed as its bytes arrive: every
// read first waits for its bytes (under ctx, canceled by close). An
// island is an index of its own that starts mid-file, where a seek past
// the arrived part asked for bytes; its frames are numbered from an
// estimate (base) until the main index reaches them (see growing.go).
type mp3Index struct {
	name  string
	r     io.ReaderAt
	sizeV atomic.Int64 // the file's length; for a growing file of unknown length, unknownSize until known
	first frameHeader  // the stream's format, from its first audio frame
	raw   [4]byte      // the first audio frame's header as written
	tag   *infoTag     // Xing/Info/VBRI tag, or nil
	start int64        // offset of the first frame (tag frame included)
	warn  string       // a warning to show before playing, or ""

	g          Growing            // the file, when it is still arriving
	ctx        context.Context    // reads of a growing file wait under it
	cancel     context.CancelFunc // stops those waits
	audioStart int64              // offset of the first audio frame (after the tag frame)
	toc        []byte             // the Xing table of contents (100 entries), or nil

	mu     sync.Mutex
	base   int  // number of the first frame: 0, or an island's estimate
	synced bool // the first frame has been found (an island finds it late)
	cond   *sync.Cond
	frames []frameLoc
	done   bool
	err    error // why indexing stopped early (the frames found stay usable)
	damage []Damage
	stop   bool
	vbr    bool  // frames of more than one bitrate
	bytes  int64 // bytes of audio frames found
}

// scanChunk is how much of the file one read takes while indexing.
const scanChunk = 1 << 20

// syncProbe is how many consecutive frames must follow a candidate frame
// header for it to count, when resynchronising after junk.
const syncProbe = 3

// openIndex reads the start of the file (ID3v2 tag, first frame, Xing/LAME
// tag), refuses what cannot be played, and starts indexing the rest.
func openIndex(name string, r io.ReaderAt, size int64) (*mp3Index, error) {
	return openIndexOf(name, r, size, nil)
}

// openIndexOf is openIndex for a file that may still be arriving (g not
// nil).
func openIndexOf(name string, r io.ReaderAt, size int64, g Growing) (*mp3Index, error) {
	x := &mp3Index{name: name, r: r, g: g, synced: true}
	x.sizeV.Store(size)
	x.cond = sync.NewCond(&x.mu)
	x.ctx, x.cancel = context.WithCancel(context.Background())
	pos := int64(0)
	// ID3v2 tags, possibly more than one, bounded by the file.
	for {
		var b [10]byte
		if _, err := x.readAt(b[:], pos); err != nil {
			if g != nil && err != io.EOF && !errors.Is(err, context.Canceled) {
				x.cancel()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			break
		}
		n := id3v2Len(b[:])
		if n == 0 {
			break
		}
		if pos+n > x.sz() {
			x.cancel()
			return nil, fmt.Errorf("%s: the ID3 tag claims %d bytes but the file has %d: not a playable MP3", name, n, x.sz()-pos)
		}
		pos += n
	}
	// The first frame: a header followed by syncProbe consistent frames
	// (or the end of the file).
	h, at, err := x.findSync(pos, 1<<20)
	if err != nil {
		x.cancel()
		return nil, err
	}
	x.first, x.start = h, at
	fb := make([]byte, h.size())
	if _, err := x.readAt(fb, at); err != nil && err != io.EOF {
		x.cancel()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	next := at
	if t := parseInfoTag(h, fb); t != nil {
		x.tag = t
		x.toc = xingTOC(h, fb)
		next = at + int64(h.size())
	}
	x.audioStart = next
	copy(x.raw[:], fb)
	if next != at {
		x.readAt(x.raw[:], next)
	}
	if h.version == mpeg2 && h.sampleRate == 22050 && (144*h.bitrate*1000/h.sampleRate)%2 == 0 {
		x.warn = fmt.Sprintf("%s: MPEG-2 22.05 kHz audio at %d kbit/s; its padded frames are decoded with distortion (re-encoding the file at another bitrate avoids it)", name, h.bitrate)
	}
	go x.scan(next)
	return x, nil
}

// findSync finds the first frame header at or after pos, within limit
// bytes, that is followed by consistent frames.
func (x *mp3Index) findSync(pos int64, limit int64) (frameHeader, int64, error) {
	buf := make([]byte, 4)
	var unsupported error
	end := min(x.sz(), pos+limit)
	// At the very start of the stream an unsupported header needs no
	// further proof: it is what the file holds.
	if _, err := x.readAt(buf, pos); err == nil {
		if _, err := parseHeader(buf); err != nil {
			if he, ok := err.(*headerError); ok && he.unsupported {
				return frameHeader{}, 0, fmt.Errorf("%s: %v", x.name, err)
			}
		}
	}
	for p := pos; p+4 <= end; p++ {
		if _, err := x.readAt(buf, p); err != nil {
			break
		}
		if buf[0] != 0xff || buf[1]&0xe0 != 0xe0 {
			continue
		}
		h, err := parseHeader(buf)
		if err != nil {
			if he, ok := err.(*headerError); ok && he.unsupported && unsupported == nil && x.followed(p, 2, true) {
				unsupported = err
			}
			continue
		}
		if x.followed(p, syncProbe, false) {
			return h, p, nil
		}
	}
	if unsupported != nil {
		return frameHeader{}, 0, fmt.Errorf("%s: %v", x.name, unsupported)
	}
	if pos >= x.sz() {
		return frameHeader{}, 0, fmt.Errorf("%s: no audio in the file", x.name)
	}
	return frameHeader{}, 0, fmt.Errorf("%s: not an MP3 file (no MPEG audio frames found)", x.name)
}

// followed reports whether the frame at p is followed by n frames of the
// same stream, or by the end of the file. With loose set, any MPEG audio
// header counts, supported or not.
func (x *mp3Index) followed(p int64, n int, loose bool) bool {
	buf := make([]byte, 4)
	var first frameHeader
	for i := 0; i <= n; i++ {
		if p == x.sz() && i > 0 {
			return true
		}
		if _, err := x.readAt(buf, p); err != nil {
			return i > 0 && p+4 > x.sz()
		}
		h, err := parseHeader(buf)
		if err != nil {
			he, ok := err.(*headerError)
			if !loose || !ok || !he.unsupported {
				return false
			}
			if h.layer == 0 || h.sampleRate <= 0 || h.bitrate <= 0 {
				return i > 0 && loose
			}
		}
		if i == 0 {
			first = h
		} else if !h.sameStream(first) {
			return false
		}
		if h.bitrate <= 0 {
			return false
		}
		p += int64(h.size())
	}
	return true
}

// scan indexes frames from pos to the end of the file, in large reads.
func (x *mp3Index) scan(pos int64) {
	buf := make([]byte, scanChunk)
	bufAt, bufLen := int64(-1), 0
	var readErr error
	// at returns the bytes of the file at p..p+n, reading a new chunk
	// when needed; nil at the end of the file or on a read error (kept in
	// readErr).
	var flush func(done bool, err error) bool
	at := func(p int64, n int) []byte {
		if x.g != nil {
			return x.atGrowing(p, n, buf, &bufAt, &bufLen, &readErr, func() bool { return flush(false, nil) })
		}
		if p < 0 || p+int64(n) > x.sz() {
			return nil
		}
		if bufAt < 0 || p < bufAt || p+int64(n) > bufAt+int64(bufLen) {
			k, err := x.r.ReadAt(buf, p)
			if k < n && err != nil && err != io.EOF {
				readErr = fmt.Errorf("%s: cannot read the file at byte %d: %w", x.name, p, err)
				return nil
			}
			bufAt, bufLen = p, k
		}
		return buf[p-bufAt : p-bufAt+int64(n)]
	}
	batch := make([]frameLoc, 0, 1024)
	vbr, audioBytes := false, int64(0)
	flush = func(done bool, err error) bool {
		x.mu.Lock()
		defer x.mu.Unlock()
		x.vbr = x.vbr || vbr
		x.bytes += audioBytes
		audioBytes = 0
		x.frames = append(x.frames, batch...)
		batch = batch[:0]
		if done {
			x.done, x.err = true, err
		}
		x.cond.Broadcast()
		return x.stop
	}
	spf := x.first.samples()
	for {
		if len(batch) == cap(batch) && flush(false, nil) {
			flush(true, errors.New("closed"))
			return
		}
		if readErr != nil {
			break
		}
		hb := at(pos, 4)
		if hb == nil {
			break
		}
		h, err := parseHeader(hb)
		if err == nil && !h.sameStream(x.first) {
			if x.followed(pos, syncProbe, false) {
				n := x.base + len(x.frames) + len(batch)
				flush(true, fmt.Errorf("%s: the sample rate changes at %s (%d Hz to %d Hz); Readalong plays up to there",
					x.name, fmtTime(x.timeOf(n*spf)), x.first.sampleRate, h.sampleRate))
				return
			}
			err = errors.New("inconsistent header")
		}
		if err == nil && pos+int64(h.size()) > x.sz() {
			// A frame cut short by the end of the file.
			if pos+4 < x.sz()-128 || string(at(x.sz()-128, 3)) != "TAG" {
				x.addDamage(Damage{At: x.timeOf((x.base + len(x.frames) + len(batch)) * spf), What: "truncated frame at the end", Bytes: x.sz() - pos})
			}
			break
		}
		if err != nil {
			// Junk: resynchronise on the next run of good frames.
			n := x.base + len(x.frames) + len(batch)
			next := x.resync(pos + 1)
			if next < 0 {
				if x.ctx.Err() != nil {
					break
				}
				if !x.trailingTag(pos) {
					x.addDamage(Damage{At: x.timeOf(n * spf), What: "junk at the end of the file", Bytes: x.sz() - pos})
				}
				break
			}
			lost := x.lostFrames(n, next-pos, next)
			d := Damage{At: x.timeOf(n * spf), What: "junk between frames", Bytes: next - pos}
			if lost > 0 {
				d.What, d.Skipped = "damaged audio", sampleTime(x.first.sampleRate, lost*spf)
				for i := 0; i < lost; i++ {
					batch = append(batch, frameLoc{off: pos}) // size 0: lost, plays as silence
				}
			}
			x.addDamage(d)
			pos = next
			continue
		}
		f := at(pos, h.dataStart()+2)
		if f == nil {
			break
		}
		vbr = vbr || h.bitrate != x.first.bitrate
		audioBytes += int64(h.size())
		batch = append(batch, frameLoc{
			off:     pos,
			size:    uint16(h.size()),
			begin:   uint16(h.mainDataBegin(f)),
			mdLen:   uint16(max(0, h.mainDataLen())),
			misread: h.goMP3Misreads(),
		})
		pos += int64(h.size())
	}
	if readErr != nil {
		n := x.base + len(x.frames) + len(batch)
		readErr = fmt.Errorf("%w; Readalong plays up to %s", readErr, fmtTime(x.timeOf(n*spf)))
	}
	flush(true, readErr)
}

// lostFrames estimates how many frames a stretch of junk replaced, so that
// silence can stand in for them and the rest of the episode keeps its
// times. It needs the frame count of a Xing/Info tag: found frames are
// compared with what the tag promises, less what the bytes after the junk
// will hold. Junk that was inserted, not written over audio, loses none.
func (x *mp3Index) lostFrames(found int, gap, next int64) int {
	if x.tag == nil || x.tag.frames <= found {
		return 0
	}
	size := x.fileSize()
	total := x.tag.bytes
	if total <= 0 || total > size {
		total = size - x.start
	}
	avg := float64(total) / float64(x.tag.frames+1)
	ahead := float64(size-next) / avg
	lost := int(math.Round(float64(x.tag.frames-found) - ahead))
	room := float64(gap) / avg
	if float64(lost) < room/2 {
		return 0 // most of the junk was inserted, not written over audio
	}
	return max(0, min(lost, int(math.Ceil(room))))
}

// trailingTag reports whether the bytes at p are a tag that ends files
// (ID3v1, APE, Lyrics3), not damage.
func (x *mp3Index) trailingTag(p int64) bool {
	b := make([]byte, 11)
	n, _ := x.readSome(b, p, min(11, int(max(0, x.sz()-p))))
	s := string(b[:n])
	return (len(s) >= 3 && s[:3] == "TAG" && x.sz()-p <= 128+227) ||
		(len(s) >= 8 && s[:8] == "APETAGEX") || (len(s) >= 11 && s[:11] == "LYRICSBEGIN")
}

// resync finds the next offset from p that starts syncProbe consistent
// frames of the stream, or -1.
func (x *mp3Index) resync(p int64) int64 {
	buf := make([]byte, 64<<10)
	for p < x.sz() && x.ctx.Err() == nil {
		n, _ := x.readSome(buf, p, int(min(4, x.sz()-p)))
		if n < 4 {
			return -1
		}
		for i := 0; i+4 <= n; i++ {
			if buf[i] != 0xff || buf[i+1]&0xe0 != 0xe0 {
				continue
			}
			h, err := parseHeader(buf[i:])
			if err == nil && h.sameStream(x.first) && x.followed(p+int64(i), syncProbe, false) {
				return p + int64(i)
			}
		}
		p += int64(n - 3)
	}
	return -1
}

func (x *mp3Index) addDamage(d Damage) {
	x.mu.Lock()
	x.damage = append(x.damage, d)
	x.mu.Unlock()
}

// timeOf converts a decoder-output sample (counted from the first audio
// frame) to the episode's timeline.
func (x *mp3Index) timeOf(decoded int) time.Duration {
	return sampleTime(x.first.sampleRate, decoded-x.skip())
}

func sampleTime(rate, n int) time.Duration {
	return time.Duration(int64(max(n, 0)) * int64(time.Second) / int64(rate))
}

// skip is how many decoded samples precede the episode's first sample:
// the encoder delay and the decoder's own delay of 529 samples, when the
// LAME tag tells the delay (as gapless decoders do).
func (x *mp3Index) skip() int {
	if x.tag != nil && x.tag.lame {
		return x.tag.delay + 529
	}
	return 0
}

// frame returns frame i, waiting for the indexer if it has not got there
// yet. ok is false past the last frame. Before an island's first frame
// there are only lost frames (silence).
func (x *mp3Index) frame(i int) (f frameLoc, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for !x.synced && !x.done {
		x.cond.Wait()
	}
	if i -= x.base; i < 0 {
		return frameLoc{off: x.start}, true
	}
	for i >= len(x.frames) && !x.done {
		x.cond.Wait()
	}
	if i < len(x.frames) {
		return x.frames[i], true
	}
	return frameLoc{}, false
}

// count returns the frames found so far (numbered from base) and whether
// indexing is done.
func (x *mp3Index) count() (int, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.synced {
		return 0, x.done
	}
	return x.base + len(x.frames), x.done
}

// wait blocks until indexing is done.
func (x *mp3Index) wait() {
	x.mu.Lock()
	for !x.done {
		x.cond.Wait()
	}
	x.mu.Unlock()
}

// close stops the indexer.
func (x *mp3Index) close() {
	x.mu.Lock()
	x.stop = true
	x.mu.Unlock()
	x.cancel()
}

// length is the number of samples in the episode's timeline: every decoded
// sample less the delay at the start and the padding at the end. Until
// indexing is done it is estimated from the tag or the file size.
func (x *mp3Index) length() int {
	n, done := x.count()
	spf := x.first.samples()
	if !done {
		if x.tag != nil && x.tag.frames > 0 {
			n = x.tag.frames
		} else {
			n = max(n, int((x.fileSize()-x.start)/int64(x.first.size())))
		}
	}
	pad := 0
	if x.tag != nil && x.tag.lame && x.tag.frames > 0 {
		if n >= x.tag.frames {
			n = x.tag.frames
			pad = max(0, x.tag.padding-529)
		}
	}
	return max(0, n*spf-x.skip()-pad)
}
