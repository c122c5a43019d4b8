package player

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
)

// Growing is a file still arriving, such as an episode being downloaded.
// The player does not know where the bytes come from; package fetch's
// Download is one.
type Growing interface {
	// ReadAt reads like a file, waiting until the bytes have arrived. It
	// fails when the download does.
	io.ReaderAt
	// Size returns the file's length and whether it is final; while it
	// is not known, the end of what has arrived so far.
	Size() (n int64, final bool)
	// Held returns how many bytes from off have arrived, without a gap.
	Held(off int64) int64
	// Wait blocks until the n bytes at off have arrived (or as many as
	// the file has), the download fails (its error), or ctx is done.
	// Waiting for bytes far from what is arriving makes the download
	// fetch them next: this is how a seek past the downloaded part asks
	// for its bytes.
	Wait(ctx context.Context, off, n int64) error
}

// Corrector is implemented by sources whose timeline may be corrected
// after a seek. A seek into a growing MP3 past what has been indexed plays
// from a frame whose number is estimated (from the Xing table of contents,
// good to about 1 % of the duration, or from the bitrate). Once the
// frames before it are indexed, the estimate gives way to the exact frame:
// Position jumps by the difference, the sound goes on without a break,
// and the player moves its clock by the same amount so the transcript
// follows.
type Corrector interface {
	// TakeCorrection returns how many samples the position moved by
	// since the last call, and whether it moved.
	TakeCorrection() (delta int, ok bool)
}

// unknownSize stands for the length of a growing file not known yet.
const unknownSize = 1 << 62

// islandLead is how many frames before a seek target an island starts:
// room for the decoder to build up its bit reservoir and filter history.
const islandLead = 12

// islandReach is how far past an island's last frame (in frames, about
// 7 s) a seek still reuses it rather than asking for new bytes.
const islandReach = 256

// OpenGrowing opens audio that is still arriving. An MP3 plays as soon as
// its first frames are in: the frame index grows with the file, Ready
// says whether the next samples can be decoded without waiting, and a
// seek past what has arrived asks for the bytes at the target and plays
// from there (see Corrector). WAV, FLAC and Ogg Vorbis are read through,
// their reads waiting for the bytes. name is used in messages; c is
// closed by the source's Close.
func OpenGrowing(name string, g Growing, c io.Closer) (Source, error) {
	head := make([]byte, 12)
	n, err := g.ReadAt(head, 0)
	if n == 0 && err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	head = head[:n]
	size, final := g.Size()
	if final && size == 0 {
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	if isBeepFormat(head) {
		// beep's decoders need the length: wait for all of it.
		if !final {
			if err := g.Wait(context.Background(), 0, unknownSize); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			size, _ = g.Size()
		}
		return Decode(name, g, size, c)
	}
	if !final {
		size = unknownSize
	}
	x, err := openIndexOf(name, g, size, g)
	if err != nil {
		return nil, err
	}
	return newMP3Source(name, x, c), nil
}

// isBeepFormat reports whether a file's first bytes are WAV, FLAC or Ogg.
func isBeepFormat(head []byte) bool {
	return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE" ||
		len(head) >= 4 && (string(head[:4]) == "fLaC" || string(head[:4]) == "OggS")
}

// sz is the file's length (unknownSize for a growing file whose length
// is not known yet).
func (x *mp3Index) sz() int64 { return x.sizeV.Load() }

// fileSize is the file's length, or for a growing file of unknown length
// what has arrived: for estimates.
func (x *mp3Index) fileSize() int64 {
	if x.g != nil {
		n, _ := x.g.Size()
		return n
	}
	return x.sz()
}

// learnSize takes the length of a growing file once it is known.
func (x *mp3Index) learnSize() {
	if x.g != nil && x.sz() == unknownSize {
		if n, final := x.g.Size(); final {
			x.sizeV.Store(n)
		}
	}
}

// readAt reads len(b) bytes at off, first waiting for them when the file
// is still arriving.
func (x *mp3Index) readAt(b []byte, off int64) (int, error) {
	if x.g != nil {
		if err := x.g.Wait(x.ctx, off, int64(len(b))); err != nil {
			return 0, err
		}
		x.learnSize()
	}
	return x.r.ReadAt(b, off)
}

// readSome reads at least need bytes at off into b (fewer at the end of
// the file), and more up to len(b) if they are there without waiting.
func (x *mp3Index) readSome(b []byte, off int64, need int) (int, error) {
	if x.g != nil {
		if err := x.g.Wait(x.ctx, off, int64(need)); err != nil {
			return 0, err
		}
		x.learnSize()
		b = b[:max(need, int(min(x.g.Held(off), int64(len(b)))))]
	}
	return x.r.ReadAt(b, off)
}

// atGrowing is scan's read for a growing file: the n bytes at p, from the
// buffer when it holds them, else read with what else has arrived. Found
// frames are published (flush) before waiting, so that playback never
// waits for a batch to fill.
func (x *mp3Index) atGrowing(p int64, n int, buf []byte, bufAt *int64, bufLen *int, readErr *error, flush func() bool) []byte {
	if p < 0 {
		return nil
	}
	if *bufAt >= 0 && p >= *bufAt && p+int64(n) <= *bufAt+int64(*bufLen) {
		return buf[p-*bufAt : p-*bufAt+int64(n)]
	}
	if x.g.Held(p) < int64(n) && flush() {
		*readErr = errors.New("closed")
		return nil
	}
	k, err := x.readSome(buf, p, n)
	if k < n {
		if err != nil && err != io.EOF {
			*readErr = fmt.Errorf("%s: cannot read the file at byte %d: %w", x.name, p, err)
		}
		return nil
	}
	*bufAt, *bufLen = p, k
	return buf[:n]
}

// xingTOC returns the table of contents of a Xing/Info tag in frame f
// (header h): 100 bytes, entry i the file position at i % of the
// duration, in 256ths of the stream's length. nil when there is none or
// it goes backwards.
func xingTOC(h frameHeader, f []byte) []byte {
	o := h.dataStart() + h.sideInfoLen()
	if len(f) < o+8 || string(f[o:o+4]) != "Xing" && string(f[o:o+4]) != "Info" {
		return nil
	}
	flags := binary.BigEndian.Uint32(f[o+4:])
	p := o + 8
	if flags&1 != 0 {
		p += 4
	}
	if flags&2 != 0 {
		p += 4
	}
	if flags&4 == 0 || len(f) < p+100 {
		return nil
	}
	toc := append([]byte(nil), f[p:p+100]...)
	for i := 1; i < len(toc); i++ {
		if toc[i] < toc[i-1] {
			return nil
		}
	}
	return toc
}

// useTOC reports whether frame positions are estimated from the Xing
// table of contents: for VBR streams that have one. CBR streams (an Info
// tag, or none) are estimated from the bitrate, which is exact.
func (x *mp3Index) useTOC() bool {
	return x.toc != nil && x.tag != nil && x.tag.kind == "Xing" && x.tag.frames > 0
}

// tocBytes is the stream length the table of contents is in 256ths of.
func (x *mp3Index) tocBytes() float64 {
	if x.tag.bytes > 0 {
		return float64(x.tag.bytes)
	}
	return float64(x.fileSize() - x.start)
}

// frameBytes is the average length of an audio frame: for CBR from the
// bitrate (the padding bytes spread the fraction evenly), else from the
// tag's counts or the file's length.
func (x *mp3Index) frameBytes() float64 {
	if h, err := parseHeader(x.raw[:]); err == nil && (x.tag == nil || x.tag.kind == "Info") {
		k := 144.0
		if h.version != mpeg1 {
			k = 72
		}
		return k * float64(h.bitrate) * 1000 / float64(h.sampleRate)
	}
	if x.tag != nil && x.tag.frames > 0 {
		total := float64(x.fileSize() - x.audioStart)
		if x.tag.bytes > 0 {
			total = float64(x.tag.bytes - (x.audioStart - x.start))
		}
		return max(1, total/float64(x.tag.frames))
	}
	return float64(x.first.size())
}

// estOffset estimates where audio frame i starts.
func (x *mp3Index) estOffset(i int) int64 {
	if x.useTOC() {
		p := max(0, min(100, float64(i)/float64(x.tag.frames)*100))
		k := min(int(p), 99)
		a, b := float64(x.toc[k]), 256.0
		if k < 99 {
			b = float64(x.toc[k+1])
		}
		return x.start + int64((a+(b-a)*(p-float64(k)))/256*x.tocBytes())
	}
	return x.audioStart + int64(float64(i)*x.frameBytes())
}

// estFrame estimates the number of the audio frame that starts at off:
// the inverse of estOffset.
func (x *mp3Index) estFrame(off int64) int {
	if x.useTOC() {
		fx := float64(off-x.start) * 256 / x.tocBytes()
		k := sort.Search(100, func(k int) bool { return float64(x.toc[k]) > fx }) - 1
		k = max(0, k)
		a, b := float64(x.toc[k]), 256.0
		if k < 99 {
			b = float64(x.toc[k+1])
		}
		frac := 0.0
		if b > a {
			frac = max(0, min(1, (fx-a)/(b-a)))
		}
		return int(math.Round((float64(k) + frac) / 100 * float64(x.tag.frames)))
	}
	return max(0, int(math.Round(float64(off-x.audioStart)/x.frameBytes())))
}

// front is the offset just past the last frame indexed.
func (x *mp3Index) front() int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	if n := len(x.frames); n > 0 {
		f := x.frames[n-1]
		return f.off + int64(f.size)
	}
	return x.audioStart
}

// farAhead reports whether frame i of a growing file is beyond what the
// index will reach in a moment: its bytes have not arrived between the
// index's front and the frame.
func (x *mp3Index) farAhead(i int) bool {
	have, done := x.count()
	if x.g == nil || done || i < have+64 {
		return false
	}
	front := x.front()
	return front+x.g.Held(front) < x.estOffset(i)
}

// island starts an index at the first frame found from byte from, its
// frames numbered from an estimate of that frame's number. Its reads ask
// the growing file for the bytes there.
func (x *mp3Index) island(from int64) *mp3Index {
	y := &mp3Index{name: x.name, r: x.r, g: x.g, first: x.first, raw: x.raw, tag: x.tag,
		start: x.start, audioStart: x.audioStart, toc: x.toc, warn: x.warn}
	y.sizeV.Store(x.sz())
	y.cond = sync.NewCond(&y.mu)
	y.ctx, y.cancel = context.WithCancel(x.ctx)
	go y.scanIsland(max(from, x.audioStart))
	return y
}

func (y *mp3Index) scanIsland(from int64) {
	at := y.resync(from)
	if at < 0 {
		y.mu.Lock()
		y.done = true
		if y.ctx.Err() == nil {
			y.err = fmt.Errorf("%s: no audio found from byte %d", y.name, from)
		}
		y.cond.Broadcast()
		y.mu.Unlock()
		return
	}
	y.mu.Lock()
	y.base, y.synced = y.estFrame(at), true
	y.cond.Broadcast()
	y.mu.Unlock()
	y.scan(at)
}

// peek returns frame i if it has been indexed and is not a lost frame,
// without waiting.
func (x *mp3Index) peek(i int) (frameLoc, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	j := i - x.base
	if !x.synced || j < 0 || j >= len(x.frames) || x.frames[j].size == 0 {
		return frameLoc{}, false
	}
	return x.frames[j], true
}

// find returns the number of the frame that starts at byte off (exact),
// or of the first frame after it, once the index has got that far (ok).
// An index that ended before off (a read error, a sample rate change)
// never gets there.
func (x *mp3Index) find(off int64) (i int, exact, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	n := len(x.frames)
	if n == 0 || x.frames[n-1].off < off {
		return 0, false, false
	}
	j := sort.Search(n, func(k int) bool { return x.frames[k].off >= off })
	return x.base + j, x.frames[j].off == off && x.frames[j].size != 0, true
}

// cur is the index frames are numbered by: an island while playing from
// one, else the file's.
func (s *mp3Source) cur() *mp3Index {
	if s.isl != nil {
		return s.isl
	}
	return s.x
}

// chooseIndex decides, for a seek to frame target of a growing file,
// whether to play from the file's index or from an island there, and
// starts the island when one is needed.
func (s *mp3Source) chooseIndex(target int) {
	if !s.x.farAhead(target) {
		s.dropIsland()
		return
	}
	if y := s.isl; y != nil {
		y.mu.Lock()
		synced, base, have := y.synced, y.base, y.base+len(y.frames)
		y.mu.Unlock()
		if synced && target >= base+islandLead/2 && target <= have+islandReach ||
			!synced && target >= s.islFrom+islandLead/2 && target <= s.islFrom+islandReach {
			return
		}
	}
	s.dropIsland()
	s.islFrom = max(0, target-islandLead)
	s.isl = s.x.island(s.x.estOffset(s.islFrom))
}

// dropIsland stops playing from an island; the decoder restarts in the
// file's numbering.
func (s *mp3Source) dropIsland() {
	if s.isl == nil {
		return
	}
	s.isl.close()
	s.isl = nil
	s.dec, s.pcmFrame = nil, -1
}

// reconcile leaves the island once the file's index has reached the frame
// being decoded: the frame's exact number replaces the estimate, and the
// position moves by the difference (reported through TakeCorrection).
// The decoder goes on undisturbed when the island's frames are the
// index's; otherwise it restarts at the index's next frame.
func (s *mp3Source) reconcile() {
	y := s.isl
	if y == nil {
		return
	}
	v := s.nextFrame
	if s.pcmFrame >= 0 {
		v = s.pcmFrame
	}
	fl, ok := y.peek(v)
	if !ok {
		return
	}
	j, exact, ok := s.x.find(fl.off)
	if !ok {
		return
	}
	delta := j - v
	s.pos = max(0, s.pos+delta*s.spf)
	s.nextFrame += delta
	if s.pcmFrame >= 0 {
		s.pcmFrame += delta
	}
	s.floor = max(0, s.floor+delta)
	if s.feed != nil {
		s.feed.x = s.x
		s.feed.next += delta
		s.feed.first += delta
	}
	if !exact {
		s.dec, s.pcmFrame = nil, -1
	}
	y.close()
	s.isl = nil
	if delta != 0 {
		s.corr += delta * s.spf
		s.corrected = true
	}
}

// TakeCorrection returns how many samples the position moved by when an
// estimate after a seek gave way to the exact frame, since the last call.
func (s *mp3Source) TakeCorrection() (int, bool) {
	d, ok := s.corr, s.corrected
	s.corr, s.corrected = 0, false
	return d, ok
}
