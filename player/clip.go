package player

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"time"

	"github.com/gopxl/beep/v2"
)

// ErrCanceled is returned by exports stopped through their context.
var ErrCanceled = errors.New("export canceled")

// Range is a stretch of an episode, [From, To).
type Range struct {
	From, To time.Duration
}

// samplesIn converts a range to sample positions at rate, clamped to the
// episode's length n.
func (r Range) samplesIn(rate, n int) (from, to int, err error) {
	from = samples(beep.SampleRate(rate), r.From)
	to = samples(beep.SampleRate(rate), r.To)
	if r.From < 0 || from >= n {
		return 0, 0, fmt.Errorf("the clip starts at %s, outside the episode (%s long)", fmtTime(r.From), fmtTime(sampleTime(rate, n)))
	}
	to = min(to, n)
	if to <= from {
		return 0, 0, fmt.Errorf("the clip ends (%s) before it starts (%s)", fmtTime(r.To), fmtTime(r.From))
	}
	return from, to, nil
}

// Media names the episode an export reads: a file on disk, or an episode
// held in memory (Data) such as the embedded demo.
type Media struct {
	Path string // the file, when on disk
	Name string // for messages; defaults to the file's name
	Data []byte // the episode's bytes, when in memory
}

func (m Media) name() string {
	if m.Name != "" {
		return m.Name
	}
	return filepath.Base(m.Path)
}

func (m Media) open() (Source, error) {
	if m.Data != nil {
		return OpenBytes(m.name(), m.Data)
	}
	return OpenFile(m.Path)
}

// Progress is told how many of the total samples an export has done.
type Progress func(done, total int)

// ExportMP3 writes the samples [r.From, r.To) of an MP3 episode as an MP3
// without re-encoding: it copies whole frames, starting early enough for
// the bit reservoir and the decoder's state, silences the lead-in frames
// whose reservoir data was cut away, and writes a fresh Xing/LAME frame
// whose encoder delay and padding make gapless decoders (ffmpeg, browsers,
// Readalong) play exactly the samples asked for.
func ExportMP3(ctx context.Context, m Media, r Range, w io.Writer, progress Progress) error {
	episode := m.name()
	src, err := m.open()
	if err != nil {
		return err
	}
	defer src.Close()
	ms, ok := src.(*mp3Source)
	if !ok {
		return fmt.Errorf("%s: MP3 clips can be cut only from MP3 episodes; export WAV instead", episode)
	}
	x := ms.x
	x.wait() // a range before a point where the index stopped is fine
	spf := x.first.samples()
	from, to, err := r.samplesIn(x.first.sampleRate, x.length())
	if err != nil {
		return fmt.Errorf("%s: %w", episode, err)
	}
	d0 := from + x.skip() // first wanted sample, in decoded numbering
	f := d0 / spf
	// Lead-in: three frames, fewer near the start, and no more than the
	// LAME tag's 12-bit delay field can trim.
	k0 := max(0, f-3, (d0-529-4095+spf-1)/spf)
	for i := k0; i < f; i++ {
		if fl, ok := x.frame(i); ok && fl.size == 0 {
			k0 = i + 1 // never start on a frame lost to damage
		}
	}
	// The clip's decoded samples are numbered from base: the first copied
	// frame, or a silent frame before it when the wanted start is closer
	// to it than the decoder's own delay (files without a LAME tag).
	base := k0 * spf
	var body []byte
	if d0-base < 529 {
		base -= spf
		body = append(body, silentFrame(x)...)
	}
	delay := d0 - base - 529
	last := to + x.skip() - 1 - base // last wanted sample, in the clip's numbering
	// One frame more than the samples need: the last wanted samples then
	// never depend on how a decoder treats a stream's final frame, and
	// even a one-frame clip is a stream demuxers accept.
	frames := last/spf + 2
	padding := frames*spf - (last + 1) + 529
	avail := 0
	var vbr bool
	for i := (k0*spf - base) / spf; i < frames; i++ {
		if err := ctx.Err(); err != nil {
			return ErrCanceled
		}
		fl, ok := x.frame(base/spf + i)
		if !ok && i == frames-1 {
			body = append(body, silentFrame(x)...)
			break
		}
		if !ok {
			return fmt.Errorf("%s: the episode ends before the clip does", episode)
		}
		if fl.size == 0 {
			// Lost to damage: a silent frame of the same format keeps
			// the timing.
			body = append(body, silentFrame(x)...)
			avail = 0
			continue
		}
		b := make([]byte, fl.size)
		if _, err := x.r.ReadAt(b, fl.off); err != nil {
			return fmt.Errorf("%s: %w", episode, err)
		}
		h, err := parseHeader(b)
		if err != nil {
			return fmt.Errorf("%s: frame at byte %d: %v", episode, fl.off, err)
		}
		vbr = vbr || h.bitrate != x.first.bitrate
		if avail < int(fl.begin) {
			silenceFrame(h, b, avail)
			avail = reservoirAfter(avail, fl, true)
		} else {
			avail = reservoirAfter(avail, fl, false)
		}
		body = append(body, b...)
		if progress != nil && i%64 == 0 {
			progress(min(i*spf, to-from), to-from)
		}
	}
	tag, err := infoFrame(x.first, vbr, frames, int64(len(body)), delay, padding)
	if err != nil {
		return fmt.Errorf("%s: clip %s–%s: %w", episode, fmtTime(r.From), fmtTime(r.To), err)
	}
	if _, err := w.Write(tag); err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if progress != nil {
		progress(to-from, to-from)
	}
	return nil
}

// silentFrame is a frame of the stream's format that decodes to silence:
// the stream's own header (unpadded) with all side information and main
// data zero. Demuxers check that a frame's header matches its neighbours',
// so it copies every header bit but the padding.
func silentFrame(x *mp3Index) []byte {
	raw := x.raw
	raw[2] &^= 0x02
	h, err := parseHeader(raw[:])
	if err != nil {
		h = x.first
	}
	f := make([]byte, h.size())
	copy(f, raw[:])
	return f
}

// WAVOptions shapes a WAV export.
type WAVOptions struct {
	FadeIn, FadeOut time.Duration // raised-cosine fades at the ends; 0 for none
}

// ExportWAV writes the samples [r.From, r.To) of an episode, as the player
// decodes them, as 16-bit PCM WAV with the episode's channel count.
func ExportWAV(ctx context.Context, m Media, r Range, opt WAVOptions, w io.Writer, progress Progress) error {
	episode := m.name()
	src, err := m.open()
	if err != nil {
		return err
	}
	defer src.Close()
	if ms, ok := src.(*mp3Source); ok {
		ms.x.wait()
	}
	rate := int(src.Format().SampleRate)
	from, to, err := r.samplesIn(rate, src.Len())
	if err != nil {
		return fmt.Errorf("%s: %w", episode, err)
	}
	channels := src.Format().NumChannels
	if ms, ok := src.(*mp3Source); ok {
		channels = ms.x.first.channels
	}
	if err := src.Seek(from); err != nil {
		return err
	}
	n := to - from
	if err := writeWAVHeader(w, rate, channels, n); err != nil {
		return err
	}
	fadeIn := samples(src.Format().SampleRate, opt.FadeIn)
	fadeOut := samples(src.Format().SampleRate, opt.FadeOut)
	buf := make([][2]float64, 8192)
	out := make([]byte, len(buf)*4)
	done := 0
	for done < n {
		if err := ctx.Err(); err != nil {
			return ErrCanceled
		}
		k, ok := src.Stream(buf[:min(len(buf), n-done)])
		if k == 0 && !ok {
			if err := src.Err(); err != nil {
				return err
			}
			return fmt.Errorf("%s: the audio ends at %s, before the clip does", episode, fmtTime(sampleTime(rate, from+done)))
		}
		o := 0
		for i, s := range buf[:k] {
			g := fade(done+i, n, fadeIn, fadeOut)
			for c := 0; c < channels; c++ {
				v := s[c] * g
				binary.LittleEndian.PutUint16(out[o:], uint16(toPCM16(v)))
				o += 2
			}
		}
		if _, err := w.Write(out[:o]); err != nil {
			return err
		}
		done += k
		if progress != nil {
			progress(done, n)
		}
	}
	return nil
}

// toPCM16 converts a sample the decoders produced (int16 / 32768) back to
// the same 16-bit value.
func toPCM16(v float64) int16 {
	x := math.Round(v * 32768)
	return int16(max(-32768, min(x, 32767)))
}

// fade is the gain of sample i of n with raised-cosine fades of the given
// lengths.
func fade(i, n, in, out int) float64 {
	g := 1.0
	if in > 0 && i < in {
		g *= 0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(in))
	}
	if out > 0 && n-1-i < out {
		g *= 0.5 - 0.5*math.Cos(math.Pi*float64(n-1-i)/float64(out))
	}
	return g
}

func writeWAVHeader(w io.Writer, rate, channels, n int) error {
	data := uint32(n * channels * 2)
	h := make([]byte, 44)
	copy(h, "RIFF")
	binary.LittleEndian.PutUint32(h[4:], 36+data)
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1)
	binary.LittleEndian.PutUint16(h[22:], uint16(channels))
	binary.LittleEndian.PutUint32(h[24:], uint32(rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(rate*channels*2))
	binary.LittleEndian.PutUint16(h[32:], uint16(channels*2))
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], data)
	_, err := w.Write(h)
	return err
}
