package player

import (
	"fmt"
	"io"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/flac"
	"github.com/gopxl/beep/v2/vorbis"
	"github.com/gopxl/beep/v2/wav"
)

type beepFormat int

const (
	formatWAV beepFormat = iota
	formatFLAC
	formatVorbis
)

func (f beepFormat) String() string {
	return [...]string{"WAV", "FLAC", "Ogg Vorbis"}[f]
}

// openBeep opens WAV, FLAC or Ogg Vorbis through beep's decoders, behind
// the same guard as MP3: a decoder panic ends the stream with an error
// naming the file and the time, never the process.
func openBeep(name string, r io.ReaderAt, size int64, c io.Closer, f beepFormat) (src Source, err error) {
	defer func() {
		if p := recover(); p != nil {
			src, err = nil, fmt.Errorf("%s: not a playable %s file (the decoder failed: %v)", name, f, p)
		}
	}()
	rs := readSeekCloser{newBufReadSeeker(io.NewSectionReader(r, 0, size), readBuffer), c}
	var d beep.StreamSeekCloser
	var format beep.Format
	switch f {
	case formatWAV:
		d, format, err = wav.Decode(rs)
	case formatFLAC:
		d, format, err = flac.Decode(rs)
	case formatVorbis:
		d, format, err = vorbis.Decode(rs)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not a playable %s file: %v", name, f, err)
	}
	if d.Len() <= 0 {
		d.Close()
		return nil, fmt.Errorf("%s: no audio in the file", name)
	}
	return &beepSource{name: name, d: d, format: format, closer: c, kind: f}, nil
}

// readBuffer is the size of the reads under beep's decoders.
const readBuffer = 256 << 10

type readSeekCloser struct {
	io.ReadSeeker
	io.Closer
}

// beepSource guards one of beep's decoders.
type beepSource struct {
	name   string
	d      beep.StreamSeekCloser
	format beep.Format
	closer io.Closer
	err    error
	kind   beepFormat
}

func (s *beepSource) Format() beep.Format { return s.format }
func (s *beepSource) Len() int            { return s.d.Len() }
func (s *beepSource) Position() int       { return s.d.Position() }
func (s *beepSource) Close() error        { s.d.Close(); return s.closer.Close() }

func (s *beepSource) Err() error {
	if s.err != nil {
		return s.err
	}
	if err := s.d.Err(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

func (s *beepSource) at() string {
	return fmtTime(sampleTime(int(s.format.SampleRate), s.d.Position()))
}

func (s *beepSource) Stream(samples [][2]float64) (n int, ok bool) {
	if s.err != nil {
		return 0, false
	}
	defer func() {
		if p := recover(); p != nil {
			s.err = fmt.Errorf("%s: corrupt audio at %s: %v", s.name, s.at(), p)
			n, ok = 0, false
		}
	}()
	return s.d.Stream(samples)
}

func (s *beepSource) Seek(n int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: cannot seek: the decoder failed: %v", s.name, p)
		}
	}()
	s.err = nil
	return s.d.Seek(n)
}
