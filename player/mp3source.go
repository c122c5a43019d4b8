package player

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	gomp3 "github.com/hajimehoshi/go-mp3"

	"github.com/gopxl/beep/v2"
)

// mp3Source decodes MP3 through go-mp3, but never lets go-mp3 see anything
// but whole frames from our own index. It
//
//   - starts decoding a few frames before any target and discards the
//     surplus, so every seek is sample-exact;
//   - silences, instead of decoding, any frame whose bit-reservoir data
//     was never fed (after a seek or a damaged frame), by handing go-mp3 a
//     copy of it with empty side information;
//   - trims the encoder delay and padding the LAME tag records, plus the
//     decoder's 529-sample delay, so its timeline is the one gapless
//     decoders (ffmpeg, browsers) use;
//   - recovers from go-mp3's panics and errors: the frame is silenced,
//     decoding restarts at the next frame and the damage is recorded.
type mp3Source struct {
	x      *mp3Index
	name   string
	format beep.Format
	closer io.Closer
	spf    int // samples per frame

	pos int // next sample, in the episode's timeline

	dec       *gomp3.Decoder
	feed      *frameFeeder
	nextFrame int // frame whose samples go-mp3 returns next
	raw       []byte
	pcm       [][2]float64 // samples of frame pcmFrame
	pcmFrame  int
	hurt      *Damage // damage being measured: frames silenced since
	floor     int     // decoding never restarts before this frame (set after damage)
	reported  map[int]bool

	// A growing file: after a seek past what has been indexed, frames
	// come from an island and are numbered from an estimate (growing.go).
	isl       *mp3Index
	islFrom   int  // the frame the island was asked to start at
	corr      int  // samples the position moved by at reconciliation, not yet taken
	corrected bool // corr is set

	mu     sync.Mutex
	damage []Damage
	err    error
}

// seekMargin is how many whole frames before a target decoding must be
// exact from: one for the IMDCT overlap and one for the synthesis filter
// history (two for MPEG-2, whose frames hold one granule).
func (s *mp3Source) seekMargin() int {
	if s.x.first.version == mpeg1 {
		return 2
	}
	return 3
}

func newMP3Source(name string, x *mp3Index, c io.Closer) *mp3Source {
	return &mp3Source{
		x: x, name: name, closer: c,
		format:   beep.Format{SampleRate: beep.SampleRate(x.first.sampleRate), NumChannels: 2, Precision: 2},
		spf:      x.first.samples(),
		pcmFrame: -1,
		raw:      make([]byte, x.first.samples()*4),
		pcm:      make([][2]float64, x.first.samples()),
	}
}

func (s *mp3Source) Format() beep.Format { return s.format }
func (s *mp3Source) Len() int            { return s.x.length() }
func (s *mp3Source) Position() int {
	s.reconcile()
	return s.pos
}

// Err reports why the stream ended early: a decoder failure, or the
// index's reason for stopping (such as a sample rate change) once the
// stream has reached that point.
func (s *mp3Source) Err() error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.x.mu.Lock()
	done, xerr := s.x.done, s.x.err
	s.x.mu.Unlock()
	if done && xerr != nil && s.pos >= s.x.length() {
		return xerr
	}
	return nil
}

// Damage lists what could not be decoded so far: junk found by the
// indexer and frames the decoder failed on.
func (s *mp3Source) Damage() []Damage {
	s.x.mu.Lock()
	out := append([]Damage(nil), s.x.damage...)
	s.x.mu.Unlock()
	s.mu.Lock()
	out = append(out, s.damage...)
	s.mu.Unlock()
	return out
}

// Warning returns what the user should know before playing, or "".
func (s *mp3Source) Warning() string { return s.x.warn }

func (s *mp3Source) Close() error {
	s.dropIsland()
	s.x.close()
	return s.closer.Close()
}

// Ready reports whether the next n samples can be decoded without waiting
// for the indexer, which may still be reading the file far behind a seek,
// or for the bytes of a file still arriving.
func (s *mp3Source) Ready(n int) bool {
	s.reconcile()
	have, done := s.cur().count()
	// A restart may look up to 16 frames past its start (firstWhole).
	return done || (s.pos+s.x.skip()+n)/s.spf+16+s.seekMargin() < have
}

// Seek moves to sample n of the episode's timeline. The decoder restarts
// lazily on the next Stream.
func (s *mp3Source) Seek(n int) error {
	s.reconcile()
	if n < 0 || n > s.Len() {
		return fmt.Errorf("%s: seek to %s outside the episode (%s)", s.name, fmtTime(sampleTime(s.x.first.sampleRate, n)), fmtTime(sampleTime(s.x.first.sampleRate, s.Len())))
	}
	s.pos = n
	target := (n + s.x.skip()) / s.spf
	if s.x.g != nil {
		s.chooseIndex(target)
	}
	if s.pcmFrame == target {
		return nil // still within the decoded frame
	}
	if s.dec != nil && target >= s.nextFrame && target < s.nextFrame+s.seekMargin() {
		return nil // just ahead: decoding on is cheaper and exact
	}
	s.dec = nil
	s.pcmFrame = -1
	s.nextFrame = target
	s.floor = 0
	s.hurt = nil
	return nil
}

// Stream fills samples from the current position.
func (s *mp3Source) Stream(samples [][2]float64) (n int, ok bool) {
	s.reconcile()
	length := s.Len()
	for n < len(samples) && s.pos < length {
		d := s.pos + s.x.skip()
		f := d / s.spf
		if f != s.pcmFrame {
			if !s.decodeUpTo(f) {
				break
			}
		}
		k := copy(samples[n:], s.pcm[d-f*s.spf:])
		k = min(k, length-s.pos)
		n += k
		s.pos += k
	}
	return n, n > 0
}

// decodeUpTo decodes frames until frame f is in s.pcm. It returns false
// at the end of the stream.
func (s *mp3Source) decodeUpTo(f int) bool {
	if f < s.nextFrame {
		s.restart(f)
	}
	for s.nextFrame <= f {
		if s.dec == nil {
			if fl, ok := s.cur().frame(s.nextFrame); ok && fl.size != 0 {
				s.restart(s.nextFrame)
			}
		}
		if !s.decodeNext() {
			return false
		}
	}
	return s.pcmFrame == f
}

// restart begins a new go-mp3 decoder early enough before frame f that f
// decodes exactly.
func (s *mp3Source) restart(f int) {
	if f < s.floor {
		s.floor = 0
	}
	start := max(s.floor, f-s.seekMargin()-1)
	for i := start; i < f; i++ {
		if fl, ok := s.cur().frame(i); ok && fl.size == 0 {
			start = i + 1 // never feed a lost frame
		}
	}
	// Walk back until the first frame decoded with all its reservoir
	// data is at least seekMargin frames before f.
	for start > s.floor && f-start < 32 {
		if ok := s.firstWhole(start); ok >= 0 && ok+s.seekMargin() <= f {
			break
		}
		if fl, ok := s.cur().frame(start - 1); ok && fl.size == 0 {
			break // never start before a lost frame
		}
		start--
	}
	s.startAt(start)
}

// firstWhole returns the first frame from start that go-mp3 would decode
// with all its reservoir data, when fed frames from start; -1 if none
// within a few frames.
func (s *mp3Source) firstWhole(start int) int {
	avail := -1
	for i := start; i < start+16; i++ {
		fl, ok := s.cur().frame(i)
		if !ok || fl.size == 0 {
			return -1
		}
		if avail >= int(fl.begin) {
			return i
		}
		if avail < 0 {
			avail = 0
		}
		avail = reservoirAfter(avail, fl, true)
	}
	return -1
}

// reservoirAfter is how many main-data bytes go-mp3 holds after a frame,
// given how many it held before and whether the frame was fed silenced
// (with main_data_begin set to keep what was held).
func reservoirAfter(avail int, fl frameLoc, silenced bool) int {
	if silenced {
		return min(avail, maxBegin) + int(fl.mdLen)
	}
	return int(fl.begin) + int(fl.mdLen)
}

// maxBegin is the largest main_data_begin MPEG-1 can express; MPEG-2's is
// 255, and a stream never refers further back than it can express.
const maxBegin = 511

func (s *mp3Source) startAt(start int) {
	s.feed = &frameFeeder{x: s.cur(), next: start, first: start}
	s.nextFrame = start
	s.pcmFrame = -1
	var err error
	s.dec, err = s.guardNew()
	if err != nil {
		s.dec = nil
	}
}

// guardNew creates the go-mp3 decoder, which decodes the first frame at
// once; a panic or an error there is damage in that frame.
func (s *mp3Source) guardNew() (dec *gomp3.Decoder, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return gomp3.NewDecoder(s.feed)
}

// decodeNext decodes the next frame into s.pcm. Damaged frames come out
// silent. It returns false at the end of the stream.
func (s *mp3Source) decodeNext() bool {
	f := s.nextFrame
	fl, ok := s.cur().frame(f)
	if !ok {
		s.noteIndexErr()
		return false
	}
	if fl.size == 0 {
		// A frame lost to damage: silence, and a fresh decoder after it.
		clear(s.pcm)
		s.pcmFrame, s.nextFrame = f, f+1
		s.dec = nil
		return true
	}
	var err error
	if s.dec == nil {
		err = errors.New("decoder could not start")
	} else {
		err = s.readFrame()
	}
	if err != nil && s.feed != nil && s.feed.readErr != nil {
		// The file could not be read (a download that failed): the
		// stream ends here with that error.
		s.mu.Lock()
		if s.err == nil {
			s.err = s.feed.readErr
		}
		s.mu.Unlock()
		return false
	}
	switch {
	case err == io.EOF:
		s.noteIndexErr()
		return false
	case err != nil:
		// go-mp3 failed on a frame: silence it and start again after it.
		clear(s.pcm)
		s.pcmFrame = f
		s.hurtFrame(f)
		s.floor = f + 1
		s.startAt(f + 1)
		return true
	}
	if s.feed.silenced(f) {
		clear(s.pcm)
		if s.hurt != nil {
			s.hurt.Skipped += sampleTime(s.x.first.sampleRate, s.spf)
		}
	} else if s.hurt != nil {
		s.report(*s.hurt)
		s.hurt = nil
	}
	s.pcmFrame = f
	s.nextFrame = f + 1
	return true
}

// readFrame reads one frame's samples from go-mp3, guarding against its
// panics.
func (s *mp3Source) readFrame() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	if _, err := io.ReadFull(s.dec, s.raw); err != nil {
		if err == io.ErrUnexpectedEOF {
			return io.EOF
		}
		return err
	}
	for i := range s.pcm {
		b := s.raw[i*4:]
		s.pcm[i] = [2]float64{
			float64(int16(uint16(b[0])|uint16(b[1])<<8)) / (1 << 15),
			float64(int16(uint16(b[2])|uint16(b[3])<<8)) / (1 << 15),
		}
	}
	return nil
}

// hurtFrame records damage starting at frame f (or extends the damage
// being measured).
func (s *mp3Source) hurtFrame(f int) {
	frame := sampleTime(s.x.first.sampleRate, s.spf)
	if s.hurt != nil {
		s.hurt.Skipped += frame
		return
	}
	s.hurt = &Damage{At: s.x.timeOf(f * s.spf), Skipped: frame, What: "corrupt audio"}
}

// noteIndexErr passes on why the index ended early, if it did.
func (s *mp3Source) noteIndexErr() {
	x := s.cur()
	x.mu.Lock()
	err := x.err
	x.mu.Unlock()
	s.mu.Lock()
	if err != nil && s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	if s.hurt != nil {
		s.report(*s.hurt)
		s.hurt = nil
	}
}

// report records damage once per place, however often it is played.
func (s *mp3Source) report(d Damage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := int(d.At / time.Millisecond)
	if s.reported == nil {
		s.reported = map[int]bool{}
	}
	if !s.reported[key] {
		s.reported[key] = true
		s.damage = append(s.damage, d)
	}
}

// frameFeeder is the io.Reader go-mp3 decodes from: whole frames from the
// index, in order. It is not an io.Seeker, so go-mp3 neither scans the
// file nor seeks. It mirrors go-mp3's bit reservoir and hands over a
// silenced copy of any frame whose reservoir data was never fed.
type frameFeeder struct {
	x     *mp3Index
	next  int    // next frame to feed
	cur   []byte // the rest of the frame being fed
	buf   []byte
	avail int // reservoir bytes go-mp3 holds

	first   int    // index of the first frame fed
	silent  []bool // per fed frame, whether it was silenced
	readBuf []byte
	readAt  int64
	readLen int
	readErr error // why the file could not be read, if it could not
}

func (f *frameFeeder) Read(p []byte) (int, error) {
	if len(f.cur) == 0 {
		if err := f.load(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.cur)
	f.cur = f.cur[n:]
	return n, nil
}

// load puts the next frame in cur, silenced if its reservoir is missing.
func (f *frameFeeder) load() error {
	fl, ok := f.x.frame(f.next)
	if !ok || fl.size == 0 {
		return io.EOF
	}
	b, err := f.bytes(fl)
	if err != nil {
		f.readErr = err
		return err
	}
	f.buf = append(f.buf[:0], b...)
	h, herr := parseHeader(f.buf)
	silence := herr != nil || f.avail < int(fl.begin)
	if silence {
		keep := f.avail
		if herr == nil {
			silenceFrame(h, f.buf, keep)
		}
		f.avail = reservoirAfter(keep, fl, true)
	} else {
		f.avail = reservoirAfter(f.avail, fl, false)
	}
	f.silent = append(f.silent, silence)
	f.cur = f.buf
	f.next++
	return nil
}

// silenced reports whether frame i was fed silenced.
func (f *frameFeeder) silenced(i int) bool {
	k := i - f.first
	return k >= 0 && k < len(f.silent) && f.silent[k]
}

// bytes reads a frame through a read-ahead buffer.
func (f *frameFeeder) bytes(fl frameLoc) ([]byte, error) {
	end := fl.off + int64(fl.size)
	if f.readBuf == nil {
		f.readBuf = make([]byte, 64<<10)
	}
	if fl.off < f.readAt || end > f.readAt+int64(f.readLen) {
		n, err := f.x.readSome(f.readBuf, fl.off, int(fl.size))
		if n < int(fl.size) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("%s: %w", f.x.name, err)
		}
		f.readAt, f.readLen = fl.off, n
	}
	return f.readBuf[fl.off-f.readAt : end-f.readAt], nil
}

// silenceFrame rewrites a frame's side information so that it decodes to
// silence without reading any main data, while main_data_begin keeps the
// reservoir go-mp3 holds: all its fields are zero but main_data_begin.
func silenceFrame(h frameHeader, b []byte, keep int) {
	s := h.dataStart()
	side := b[s : s+h.sideInfoLen()]
	clear(side)
	if h.version == mpeg1 {
		keep = min(keep, 511)
		side[0] = byte(keep >> 1)
		side[1] = byte(keep&1) << 7
	} else {
		keep = min(keep, 255)
		side[0] = byte(keep)
	}
	// A CRC, when present, is left as it is: go-mp3 does not check it.
}
