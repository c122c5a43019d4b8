package player

import (
	"fmt"
	"os"
	"time"
)

// Info describes an audio file as Readalong plays it.
type Info struct {
	Format       string        // "MP3", "WAV", "FLAC" or "Ogg Vorbis"
	Version      string        // for MP3: "MPEG-1 layer III" or "MPEG-2 layer III"
	Duration     time.Duration // the playable length, after gapless trimming
	Samples      int           // the playable length in samples
	SampleRate   int           // Hz
	Channels     int           // in the file; playback is always stereo
	Bitrate      int           // kbit/s; the average for VBR
	VBR          bool          // the bitrate varies from frame to frame
	Frames       int           // MP3 audio frames, the tag frame excluded
	Tag          string        // "Xing", "Info", "VBRI" or "" (MP3)
	Encoder      string        // from the LAME tag, e.g. "LAME3.100"
	EncoderDelay int           // samples the encoder added at the start
	Padding      int           // samples the encoder added at the end
	Warning      string        // what to know before playing, or ""
	Damage       []Damage      // damaged stretches (all of them after a check)
	Err          error         // why the audio ends early, when it does
}

// Inspect reads what an audio file is. With check set it also decodes the
// whole file, so that Damage lists every damaged spot and Err says whether
// the audio ends early.
func Inspect(path string, check bool) (Info, error) {
	src, err := OpenFile(path)
	if err != nil {
		return Info{}, err
	}
	defer src.Close()
	var in Info
	f := src.Format()
	in.SampleRate = int(f.SampleRate)
	in.Channels = f.NumChannels
	if m, ok := src.(*mp3Source); ok {
		x := m.x
		x.wait()
		in.Format = "MP3"
		in.Version = map[int]string{mpeg1: "MPEG-1 layer III", mpeg2: "MPEG-2 layer III"}[x.first.version]
		in.Channels = x.first.channels
		in.Frames, _ = x.count()
		x.mu.Lock()
		in.VBR, in.Err = x.vbr, x.err
		audioBytes := x.bytes
		x.mu.Unlock()
		if t := x.tag; t != nil {
			in.Tag, in.Encoder = t.kind, t.encoder
			if t.lame {
				in.EncoderDelay, in.Padding = t.delay, t.padding
			}
		}
		in.Warning = x.warn
		if d := sampleTime(x.first.sampleRate, in.Frames*x.first.samples()); d > 0 {
			in.Bitrate = int(float64(audioBytes*8) / d.Seconds() / 1000)
		}
		if !in.VBR {
			in.Bitrate = x.first.bitrate
		}
	} else {
		in.Format = src.(*beepSource).kind.String()
		if st, err := os.Stat(path); err == nil && src.Len() > 0 {
			in.Bitrate = int(float64(st.Size()*8) / f.SampleRate.D(src.Len()).Seconds() / 1000)
		}
	}
	if check {
		buf := make([][2]float64, 1<<14)
		for {
			if _, ok := src.Stream(buf); !ok {
				break
			}
		}
		if err := src.Err(); err != nil {
			in.Err = err
		}
	}
	in.Samples = src.Len()
	in.Duration = sampleTime(in.SampleRate, in.Samples)
	if d, ok := src.(Damaged); ok {
		in.Damage = d.Damage()
	}
	return in, nil
}

// String formats the duration of an Info as h:mm:ss.mmm.
func (in Info) String() string {
	return fmt.Sprintf("%s %s, %d Hz, %d ch", in.Format, fmtTime(in.Duration), in.SampleRate, in.Channels)
}

// FormatTime writes d as m:ss.mmm, or h:mm:ss.mmm from an hour on.
func FormatTime(d time.Duration) string { return fmtTime(d) }
