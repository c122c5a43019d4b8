package player

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gopxl/beep/v2"
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

// Damaged is implemented by sources that can report damage they skipped.
type Damaged interface {
	// Damage lists the damaged stretches found so far, in the order found.
	Damage() []Damage
	// Warning is something to tell the user before playing, or "".
	Warning() string
}

// OpenFile opens an audio file for streaming. Errors name the file.
func OpenFile(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is a folder, not an episode", path)
	}
	src, err := Decode(filepath.Base(path), f, st.Size(), f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

// OpenBytes opens audio held in memory, such as an embedded episode.
func OpenBytes(name string, data []byte) (Source, error) {
	return Decode(name, bytes.NewReader(data), int64(len(data)), io.NopCloser(nil))
}

// Decode opens audio of size bytes read through r. The format is told by
// the content: WAV, FLAC and Ogg Vorbis by their signatures, anything else
// is taken for MP3. name is used in messages; c is closed by the source's
// Close.
func Decode(name string, r io.ReaderAt, size int64, c io.Closer) (Source, error) {
	if size == 0 {
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	head := make([]byte, 12)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		return openBeep(name, r, size, c, formatWAV)
	case bytes.HasPrefix(head, []byte("fLaC")):
		return openBeep(name, r, size, c, formatFLAC)
	case bytes.HasPrefix(head, []byte("OggS")):
		return openBeep(name, r, size, c, formatVorbis)
	}
	x, err := openIndex(name, r, size)
	if err != nil {
		return nil, err
	}
	return newMP3Source(name, x, c), nil
}
