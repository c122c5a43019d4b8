package player

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/mp3"
)

// Source is decoded audio that can be read from any sample. Seek is
// sample-exact: after Seek(n) the next sample streamed is the n-th sample of
// a straight decode from the start.
type Source interface {
	beep.StreamSeeker
	// Format is the audio's sample rate and channel layout.
	Format() beep.Format
	// Close releases the file behind the source.
	Close() error
}

// preroll is how many samples before a seek target decoding restarts: four
// MPEG-1 frames, enough to refill the bit reservoir and the decoder's
// overlap and filter state, so the first kept sample is exact.
const preroll = 4 * 1152

// readBuffer is the size of the reads under the decoder.
const readBuffer = 256 << 10

// OpenFile opens an audio file for streaming. Errors name the file.
func OpenFile(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	src, err := Decode(filepath.Base(path), f, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

// OpenBytes opens audio held in memory, such as an embedded episode.
func OpenBytes(name string, data []byte) (Source, error) {
	return Decode(name, bytes.NewReader(data), io.NopCloser(nil))
}

// Decode streams MP3 audio from r. name is used in messages; c is closed by
// the source's Close.
func Decode(name string, r io.ReadSeeker, c io.Closer) (src Source, err error) {
	defer func() {
		if p := recover(); p != nil {
			src, err = nil, fmt.Errorf("%s: not a playable MP3 (the decoder failed: %v)", name, p)
		}
	}()
	d, format, err := mp3.Decode(readSeekCloser{newBufReadSeeker(r, readBuffer), c})
	if err != nil {
		return nil, fmt.Errorf("%s: not a playable MP3: %w", name, errors.Unwrap(err))
	}
	if d.Len() == 0 {
		d.Close()
		return nil, fmt.Errorf("%s: no audio frames found", name)
	}
	return &mp3Source{name: name, d: d, format: format}, nil
}

type readSeekCloser struct {
	io.ReadSeeker
	io.Closer
}

// mp3Source puts go-mp3 (through beep) behind recover and makes its seeks
// exact by decoding from a few frames early and discarding the surplus.
type mp3Source struct {
	name    string
	d       beep.StreamSeekCloser
	format  beep.Format
	err     error
	scratch [][2]float64
}

func (s *mp3Source) Format() beep.Format { return s.format }
func (s *mp3Source) Len() int            { return s.d.Len() }
func (s *mp3Source) Position() int       { return s.d.Position() }
func (s *mp3Source) Err() error          { return s.err }
func (s *mp3Source) Close() error        { return s.d.Close() }

// at formats a sample position as a time for messages.
func (s *mp3Source) at(n int) string {
	d := s.format.SampleRate.D(n).Round(time.Millisecond)
	return fmt.Sprintf("%d:%02d.%03d", int(d.Minutes()), int(d.Seconds())%60, d.Milliseconds()%1000)
}

// Stream decodes into samples. A decoder panic ends the stream with an
// error that says where the damage is.
func (s *mp3Source) Stream(samples [][2]float64) (n int, ok bool) {
	if s.err != nil {
		return 0, false
	}
	pos := s.d.Position()
	defer func() {
		if p := recover(); p != nil {
			s.err = fmt.Errorf("%s: corrupt audio at %s: %v", s.name, s.at(pos), p)
			n, ok = 0, false
		}
	}()
	n, ok = s.d.Stream(samples)
	if err := s.d.Err(); err != nil && s.err == nil {
		s.err = fmt.Errorf("%s: corrupt audio at %s: %w", s.name, s.at(s.d.Position()), err)
	}
	return n, ok
}

// Seek moves to sample n exactly: it seeks the decoder a few frames early
// and decodes up to n. If the decoder cannot restart at that frame it tries
// earlier ones.
func (s *mp3Source) Seek(n int) (err error) {
	if n < 0 || n > s.Len() {
		return fmt.Errorf("%s: seek to sample %d outside [0, %d]", s.name, n, s.Len())
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: cannot seek to %s: the decoder failed: %v", s.name, s.at(n), p)
		}
	}()
	s.err = nil
	start := max(0, n-preroll)
	for {
		err = s.d.Seek(start)
		if err == nil || start == 0 {
			break
		}
		start = max(0, start-1152)
	}
	if err != nil {
		return fmt.Errorf("%s: cannot seek to %s: %w", s.name, s.at(n), err)
	}
	if s.scratch == nil {
		s.scratch = make([][2]float64, 1152)
	}
	for skip := n - start; skip > 0; {
		k, ok := s.d.Stream(s.scratch[:min(skip, len(s.scratch))])
		skip -= k
		if !ok {
			break
		}
	}
	return nil
}
