package player

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// This file is Readalong's one ID3v2 reader: the tag's length for the MP3
// index (id3v2Len), and what a tag says about an episode (ReadTags): its
// title, artist, album, cover and chapters. The frame walk is in
// id3frames.go, the writer in id3write.go.

// Tags is what an ID3v2 tag at the start of a file says about an episode.
type Tags struct {
	// Version is the tag's minor version: 2, 3 or 4 for ID3v2.2, v2.3 or
	// v2.4; 0 when the file starts with no tag. EncodeTags writes v2.4
	// when it is 4 and v2.3 otherwise.
	Version int
	// Size is how many bytes the tag takes at the start of the file,
	// header, padding and footer included; 0 when there is none.
	Size int64

	Title  string // TIT2
	Artist string // TPE1
	Album  string // TALB
	// Cover is the episode's picture (APIC): the front cover when the tag
	// has one, else its first picture; nil when it has none.
	Cover *Picture
	// Chapters are the CHAP frames in the order of the tag, which need not
	// be the order of their times.
	Chapters []TagChapter
	// TOCs are the CTOC frames (tables of contents) in the order of the
	// tag.
	TOCs []TagTOC
	// Warnings say what was wrong in the tag and skipped; the rest of the
	// tag was read.
	Warnings []TagWarning
}

// NoOffset marks a CHAP frame's byte offset as unused: the chapter is
// placed by its times alone.
const NoOffset = 0xFFFFFFFF

// TagChapter is an ID3v2 CHAP frame (the ID3v2 Chapter Frame Addendum)
// with what its embedded frames say.
type TagChapter struct {
	ID         string        // element ID, unique in the tag
	Start, End time.Duration // milliseconds in the tag
	// StartOffset and EndOffset are the byte offsets of the chapter's first
	// and last audio frame, NoOffset when unused (the usual case).
	StartOffset, EndOffset uint32
	Title                  string   // TIT2
	URL                    string   // WXXX, or another W*** frame
	Image                  *Picture // APIC; nil when it has none
}

// TagTOC is an ID3v2 CTOC frame: a table of contents listing chapters (or
// other tables) by element ID.
type TagTOC struct {
	ID       string
	TopLevel bool     // the root of the tables of contents
	Ordered  bool     // the children are in playing order
	Children []string // element IDs of CHAP or CTOC frames
	Title    string   // TIT2
}

// MaxPicture is the largest embedded image ReadTags refers to: a larger
// one is skipped with a warning.
const MaxPicture = 16 << 20

// Picture is an image in a tag (APIC): either bytes stored in the file,
// read only when Data is called, or a link (MIME "-->") to an image
// elsewhere.
type Picture struct {
	MIME        string // "image/jpeg", "image/png", …; "-->" for a link
	Type        byte   // APIC picture type: 3 is the front cover, 0 other
	Description string
	URL         string // the image's address when MIME is "-->"
	// Size is how many bytes the image takes in the file.
	Size int64
	// Offset is where the image's bytes start in the file, or -1 when they
	// are stored transformed (unsynchronised or compressed) or held in
	// memory.
	Offset int64

	load func() ([]byte, error)
}

// NewPicture returns a picture held in memory, for EncodeTags.
func NewPicture(mime string, data []byte) *Picture {
	return &Picture{MIME: mime, Type: 3, Size: int64(len(data)), Offset: -1,
		load: func() ([]byte, error) { return data, nil }}
}

// Data reads the image's bytes. For a tag read by ReadTags the reader must
// still be open; ReadTagsFile's pictures open the file again. A link has
// no data.
func (p *Picture) Data() ([]byte, error) {
	if p.load == nil {
		return nil, fmt.Errorf("the picture is a link (%s), not stored in the file", p.URL)
	}
	return p.load()
}

// TagWarning is a problem in a tag that was skipped while the rest was
// read.
type TagWarning struct {
	File   string // the file's name, when known
	Offset int64  // the byte of the file where the problem is
	Frame  string // the frame, as `CHAP "ch2"`; "" for the tag as a whole
	Msg    string
}

// String formats the warning as `ep.mp3: ID3 CHAP "ch2" at byte 1234: msg`.
func (w TagWarning) String() string {
	s := "ID3"
	if w.File != "" {
		s = w.File + ": " + s
	}
	if w.Frame != "" {
		s += " " + w.Frame
	}
	return fmt.Sprintf("%s at byte %d: %s", s, w.Offset, w.Msg)
}

// TagError is an error reading a tag: the file could not be read.
type TagError struct {
	File   string // the file's name, when known
	Offset int64  // where the read failed
	Err    error
}

// Error formats the error as "ep.mp3: reading the ID3 tag at byte N: …".
func (e *TagError) Error() string {
	name := e.File
	if name == "" {
		name = "ID3 tag"
	}
	return fmt.Sprintf("%s: reading the ID3 tag at byte %d: %v", name, e.Offset, e.Err)
}

// Unwrap returns the read error.
func (e *TagError) Unwrap() error { return e.Err }

// ReadTags reads the ID3v2 tag (v2.2, v2.3 or v2.4) at the start of r,
// which holds size bytes. A file without a tag gives empty Tags and no
// error. Damage in the tag is skipped with a warning, the rest read;
// errors are only failures to read r. Pictures refer to r: keep it open
// while their Data may be wanted.
func ReadTags(r io.ReaderAt, size int64) (Tags, error) {
	return readTags(r, size, "", func() (io.ReaderAt, func(), error) { return r, func() {}, nil })
}

// ReadTagsFile reads the ID3v2 tag at the start of a file; warnings and
// errors name it. Its pictures open the file again when their Data is
// read.
func ReadTagsFile(path string) (Tags, error) {
	f, err := os.Open(path)
	if err != nil {
		return Tags{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Tags{}, err
	}
	open := func() (io.ReaderAt, func(), error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	return readTags(f, st.Size(), filepath.Base(path), open)
}

// id3v2Len returns the length of an ID3v2 tag at the start of b (header,
// body and footer), or 0 when there is none. The caller bounds it by the
// file size.
func id3v2Len(b []byte) int64 {
	if len(b) < 10 || string(b[:3]) != "ID3" || b[3] == 0xff || b[4] == 0xff {
		return 0
	}
	for _, c := range b[6:10] {
		if c&0x80 != 0 {
			return 0
		}
	}
	n := int64(b[6])<<21 | int64(b[7])<<14 | int64(b[8])<<7 | int64(b[9])
	n += 10
	if b[5]&0x10 != 0 { // footer present
		n += 10
	}
	return n
}

// infoTag is what a Xing/Info (and LAME) or VBRI tag in the first frame
// says about the stream.
type infoTag struct {
	kind    string // "Xing", "Info" or "VBRI"
	frames  int    // audio frames, the tag frame excluded; 0 when unknown
	bytes   int64  // stream bytes; 0 when unknown
	lame    bool   // a LAME extension gives delay and padding
	encoder string // e.g. "LAME3.100"
	delay   int    // encoder delay, samples
	padding int    // samples of padding at the end
}

// parseInfoTag looks for a Xing/Info or VBRI tag in the frame f (whole
// frame bytes, header h). It returns nil when the frame is audio.
func parseInfoTag(h frameHeader, f []byte) *infoTag {
	o := h.dataStart() + h.sideInfoLen()
	if len(f) >= o+8 && (string(f[o:o+4]) == "Xing" || string(f[o:o+4]) == "Info") {
		t := &infoTag{kind: string(f[o : o+4])}
		flags := binary.BigEndian.Uint32(f[o+4:])
		p := o + 8
		if flags&1 != 0 && len(f) >= p+4 {
			t.frames = int(binary.BigEndian.Uint32(f[p:]))
			p += 4
		}
		if flags&2 != 0 && len(f) >= p+4 {
			t.bytes = int64(binary.BigEndian.Uint32(f[p:]))
			p += 4
		}
		if flags&4 != 0 {
			p += 100
		}
		if flags&8 != 0 {
			p += 4
		}
		// The LAME extension: 9-byte encoder string, then at offset 21
		// 12 bits of delay and 12 bits of padding.
		if len(f) >= p+24 {
			enc := f[p : p+9]
			if bytes.HasPrefix(enc, []byte("LAME")) || bytes.HasPrefix(enc, []byte("Lavf")) || bytes.HasPrefix(enc, []byte("Lavc")) || bytes.HasPrefix(enc, []byte("L3.99")) {
				t.encoder = string(bytes.TrimRight(enc, "\x00 "))
				d := f[p+21:]
				t.delay = int(d[0])<<4 | int(d[1])>>4
				t.padding = int(d[1]&0xf)<<8 | int(d[2])
				t.lame = true
			}
		}
		return t
	}
	const vbri = 4 + 32
	if len(f) >= vbri+18 && string(f[vbri:vbri+4]) == "VBRI" {
		return &infoTag{
			kind:   "VBRI",
			bytes:  int64(binary.BigEndian.Uint32(f[vbri+10:])),
			frames: int(binary.BigEndian.Uint32(f[vbri+14:])),
		}
	}
	return nil
}
