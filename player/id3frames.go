package player

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"
)

// Limits that keep a hostile tag from costing memory or time.
const (
	maxTextFrame = 1 << 20  // text and link frames larger than this are skipped
	maxIDLen     = 256      // the longest element ID read
	maxWarnings  = 50       // warnings listed; the rest are counted
	headWindow   = 64 << 10 // bytes of the tag read at once
)

// errTagCut marks a read that ran out of tag bytes.
var errTagCut = errors.New("the tag ends inside it")

// span is a stretch of tag bytes as the frame walk sees them: straight
// from the file, or decoded into memory (unsynchronised, decompressed).
type span struct {
	fr   io.ReaderAt // the file, when mem is nil
	base int64       // the file offset of the span's first byte, when mem is nil
	n    int64       // its length
	mem  []byte      // the decoded bytes, when not straight from the file
	// reload decodes mem again from the file, for pictures read later.
	reload func(io.ReaderAt) ([]byte, error)
	at     int64 // for messages: the file offset of what holds the span
	// unsync is set for a large picture frame left in the file
	// unsynchronised: picture decodes it as it reads.
	unsync bool
}

// sub returns n bytes of s from off.
func (s span) sub(off, n int64) span {
	if s.mem == nil {
		return span{fr: s.fr, base: s.base + off, n: n, at: s.base + off}
	}
	parent := s.reload
	return span{n: n, mem: s.mem[off : off+n], at: s.at, reload: func(r io.ReaderAt) ([]byte, error) {
		b, err := parent(r)
		if err != nil {
			return nil, err
		}
		if int64(len(b)) < off+n {
			return nil, errors.New("the tag changed since it was read")
		}
		return b[off : off+n], nil
	}}
}

// where is the file offset of byte off of s, for messages.
func (s span) where(off int64) int64 {
	if s.mem == nil {
		return s.base + off
	}
	return s.at
}

// read returns n bytes of s from off (fewer when s ends first). The bytes
// may be shared with the span or the file's window: do not change them.
func (s span) read(off, n int64) ([]byte, error) {
	n = max(0, min(n, s.n-off))
	if s.mem != nil {
		return s.mem[off : off+n], nil
	}
	if w, ok := s.fr.(*windowReader); ok {
		if b, ok := w.view(s.base+off, n); ok {
			return b, nil
		}
	}
	b := make([]byte, n)
	if _, err := s.fr.ReadAt(b, s.base+off); err != nil && !(err == io.EOF && n > 0) {
		return nil, &TagError{Offset: s.base + off, Err: err}
	}
	return b, nil
}

// windowReader serves reads of a tag from a window of the file: first one
// large read of its start, so that walking a hundred small frames costs
// one system call, then smaller windows where frames lie beyond it (past
// large pictures).
type windowReader struct {
	r   io.ReaderAt
	end int64  // the tag's end: windows stop there
	off int64  // the window's offset in the file
	buf []byte // the window; replaced, never overwritten
}

// missWindow is how much a read outside the window loads.
const missWindow = 2 << 10

// view returns the n bytes at off from the window, loading a new window
// when they are outside it and small.
func (w *windowReader) view(off, n int64) ([]byte, bool) {
	if off >= w.off && off+n <= w.off+int64(len(w.buf)) {
		return w.buf[off-w.off : off-w.off+n], true
	}
	if n > missWindow || off < 0 || off+n > w.end {
		return nil, false
	}
	buf := make([]byte, min(missWindow, w.end-off))
	if k, _ := w.r.ReadAt(buf, off); k < len(buf) {
		return nil, false
	}
	w.off, w.buf = off, buf
	return buf[:n], true
}

// ReadAt reads from the window when it can, else from the file.
func (w *windowReader) ReadAt(p []byte, off int64) (int, error) {
	if b, ok := w.view(off, int64(len(p))); ok {
		return copy(p, b), nil
	}
	return w.r.ReadAt(p, off)
}

// id3Parser walks one tag.
type id3Parser struct {
	file    string
	ver     int
	open    func() (io.ReaderAt, func(), error)
	t       *Tags
	covers  []*Picture
	nwarn   int
	allSync bool    // v2.4: the tag says every frame is unsynchronised
	tocAt   []int64 // where each of t.TOCs is, for warnings
}

func (p *id3Parser) warn(at int64, frame, format string, a ...any) {
	p.nwarn++
	if p.nwarn <= maxWarnings {
		p.t.Warnings = append(p.t.Warnings, TagWarning{File: p.file, Offset: at, Frame: frame, Msg: fmt.Sprintf(format, a...)})
	}
}

func readTags(r io.ReaderAt, size int64, file string, open func() (io.ReaderAt, func(), error)) (Tags, error) {
	var t Tags
	var hdr [10]byte
	if n, err := r.ReadAt(hdr[:], 0); n < len(hdr) {
		if err != nil && err != io.EOF {
			return t, &TagError{File: file, Err: err}
		}
		return t, nil
	}
	if string(hdr[:3]) != "ID3" {
		return t, nil
	}
	p := &id3Parser{file: file, ver: int(hdr[3]), open: open, t: &t}
	t.Version = p.ver
	flags := hdr[5]
	var bodyLen int64
	for _, c := range hdr[6:10] {
		if c&0x80 != 0 {
			p.warn(6, "", "the tag's size is not a synchsafe number: tag skipped")
			return t, nil
		}
		bodyLen = bodyLen<<7 | int64(c)
	}
	t.Size = 10 + bodyLen
	if p.ver == 4 && flags&0x10 != 0 {
		t.Size += 10
	}
	if p.ver < 2 || p.ver > 4 {
		p.warn(3, "", "ID3v2.%d is a version this reader does not know: tag skipped", p.ver)
		return t, nil
	}
	if 10+bodyLen > size {
		p.warn(6, "", "the tag claims %d bytes but the file has %d: read what there is", 10+bodyLen, size)
		bodyLen = max(0, size-10)
	}
	if p.ver == 2 && flags&0x40 != 0 {
		p.warn(5, "", "a compressed ID3v2.2 tag (no compression was ever defined for it): tag skipped")
		return t, nil
	}
	// One read of the tag's start serves the frame walk.
	win := make([]byte, min(10+bodyLen, headWindow))
	if n, err := r.ReadAt(win, 0); n < len(win) {
		return t, &TagError{File: file, Offset: int64(n), Err: cmpOr(err, io.ErrUnexpectedEOF)}
	}
	body := span{fr: &windowReader{r: r, end: 10 + bodyLen, buf: win}, base: 10, n: bodyLen, at: 10}
	if flags&0x80 != 0 {
		if p.ver == 4 {
			p.allSync = true
		} else {
			// Unsynchronisation of the whole tag (v2.2, v2.3): frame sizes
			// count decoded bytes, so the tag is decoded at once.
			raw, err := body.read(0, bodyLen)
			if err != nil {
				return t, withTagFile(err, file)
			}
			reload := func(r io.ReaderAt) ([]byte, error) {
				b := make([]byte, bodyLen)
				if _, err := r.ReadAt(b, 10); err != nil && err != io.EOF {
					return nil, err
				}
				return deunsync(b), nil
			}
			mem := deunsync(bytes.Clone(raw))
			body = span{n: int64(len(mem)), mem: mem, reload: reload, at: 10}
		}
	}
	pos := int64(0)
	if flags&0x40 != 0 && p.ver >= 3 {
		// Extended header: its size counts itself in v2.4, not in v2.3.
		b, err := body.read(0, 4)
		if err != nil {
			return t, withTagFile(err, file)
		}
		if len(b) < 4 {
			p.warn(10, "", "the extended header is cut short: tag skipped")
			return t, nil
		}
		n := int64(binary.BigEndian.Uint32(b))
		if p.ver == 4 {
			n = synchsafe(b)
		} else {
			n += 4
		}
		if n < 4 || n > body.n {
			p.warn(10, "", "the extended header claims %d bytes, more than the tag holds: tag skipped", n)
			return t, nil
		}
		pos = n
	}
	if err := p.frames(body, pos, 0, func(id string, f span) error { return p.topFrame(id, f) }); err != nil {
		return t, withTagFile(err, file)
	}
	p.checkTOCs()
	if len(p.covers) > 0 {
		t.Cover = p.covers[0]
		for _, c := range p.covers {
			if c.Type == 3 {
				t.Cover = c
				break
			}
		}
	}
	if p.nwarn > maxWarnings {
		t.Warnings = append(t.Warnings, TagWarning{File: file, Msg: fmt.Sprintf("… and %d more warnings", p.nwarn-maxWarnings)})
	}
	return t, nil
}

func cmpOr(err, alt error) error {
	if err == nil || err == io.EOF {
		return alt
	}
	return err
}

// withTagFile names the file in a *TagError.
func withTagFile(err error, file string) error {
	var te *TagError
	if errors.As(err, &te) && te.File == "" {
		cp := *te
		cp.File = file
		return &cp
	}
	return err
}

// synchsafe reads 4 bytes of 7 bits each.
func synchsafe(b []byte) int64 {
	return int64(b[0]&0x7f)<<21 | int64(b[1]&0x7f)<<14 | int64(b[2]&0x7f)<<7 | int64(b[3]&0x7f)
}

// deunsync undoes unsynchronisation in place: every 0xFF 0x00 becomes 0xFF.
func deunsync(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); i++ {
		out = append(out, b[i])
		if b[i] == 0xff && i+1 < len(b) && b[i+1] == 0 {
			i++
		}
	}
	return out
}

// validID reports whether b is a frame ID: capital letters and digits.
func validID(b []byte) bool {
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return len(b) > 0
}

// v22IDs maps the ID3v2.2 frames read to their v2.3 names.
var v22IDs = map[string]string{"TT2": "TIT2", "TP1": "TPE1", "TAL": "TALB", "PIC": "APIC", "WXX": "WXXX"}

// frames walks the frames of s from pos, calling fn with each frame's ID
// (in v2.3 form) and decoded body. depth counts the frames around s.
func (p *id3Parser) frames(s span, pos int64, depth int, fn func(id string, body span) error) error {
	hl := int64(10)
	if p.ver == 2 {
		hl = 6
	}
	for pos+hl <= s.n {
		h, err := s.read(pos, hl)
		if err != nil {
			return err
		}
		if h[0] == 0 {
			return nil // padding
		}
		idLen := 4
		if p.ver == 2 {
			idLen = 3
		}
		if !validID(h[:idLen]) {
			p.warn(s.where(pos), "", "%d bytes that are not a frame: skipped", s.n-pos)
			return nil
		}
		id := string(h[:idLen])
		var n int64
		var flags [2]byte
		switch p.ver {
		case 2:
			n = int64(h[3])<<16 | int64(h[4])<<8 | int64(h[5])
			if v3, ok := v22IDs[id]; ok {
				id = v3
			} else if id[0] == 'W' {
				id = "W" + id // a link frame: any W*** is a URL
			}
		case 3:
			n = int64(binary.BigEndian.Uint32(h[4:8]))
			flags = [2]byte{h[8], h[9]}
		default:
			n = p.size24(s, pos, h[4:8])
			flags = [2]byte{h[8], h[9]}
		}
		pos += hl
		name := id
		if n > s.n-pos {
			p.warn(s.where(pos-hl), name, "the frame claims %d bytes, %d more than the tag holds: cut", n, n-(s.n-pos))
			n = s.n - pos
		}
		body := s.sub(pos, n)
		pos += n
		if !interesting(id, depth) {
			continue
		}
		body, ok, err := p.unwrap(id, body, flags, depth)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := fn(id, body); err != nil {
			return err
		}
	}
	return nil
}

// interesting reports whether a frame is one ReadTags uses.
func interesting(id string, depth int) bool {
	switch id {
	case "TIT2", "APIC", "WXXX":
		return true
	case "TPE1", "TALB", "CHAP", "CTOC":
		return depth == 0
	}
	return id[0] == 'W' && depth > 0
}

// size24 reads a v2.4 frame size, which should be synchsafe; iTunes,
// and ffmpeg 5.1 for CTOC frames, have written plain numbers, taken when
// only they land on the next frame. Nothing is lost: no warning.
func (p *id3Parser) size24(s span, pos int64, b []byte) int64 {
	plain := int64(binary.BigEndian.Uint32(b))
	if b[0]|b[1]|b[2]|b[3] >= 0x80 {
		return plain
	}
	safe := synchsafe(b)
	if safe == plain || p.landsOnFrame(s, pos+10+safe) || !p.landsOnFrame(s, pos+10+plain) {
		return safe
	}
	return plain
}

// landsOnFrame reports whether a frame ending at off is followed by the
// end of s, padding or another frame header.
func (p *id3Parser) landsOnFrame(s span, off int64) bool {
	if off == s.n {
		return true
	}
	if off > s.n {
		return false
	}
	b, err := s.read(off, 4)
	if err != nil || len(b) == 0 {
		return false
	}
	if b[0] == 0 {
		return true
	}
	return len(b) == 4 && validID(b)
}

// unwrap undoes a frame's format flags: grouping, encryption,
// compression, unsynchronisation, data length. ok is false when the frame
// cannot be read.
func (p *id3Parser) unwrap(id string, body span, flags [2]byte, depth int) (span, bool, error) {
	f := flags[1]
	var compressed, encrypted, unsync bool
	var skip int64
	switch p.ver {
	case 3:
		compressed, encrypted = f&0x80 != 0, f&0x40 != 0
		if compressed {
			skip += 4
		}
		if encrypted {
			skip++
		}
		if f&0x20 != 0 {
			skip++
		}
	case 4:
		compressed, encrypted = f&0x08 != 0, f&0x04 != 0
		// The tag's flag covers its own frames; embedded frames say so
		// themselves.
		unsync = f&0x02 != 0 || p.allSync && depth == 0
		if f&0x40 != 0 {
			skip++
		}
		if encrypted {
			skip++
		}
		if f&0x01 != 0 {
			skip += 4
		}
	}
	if encrypted {
		p.warn(body.where(0), id, "an encrypted frame: skipped")
		return body, false, nil
	}
	if skip > body.n {
		p.warn(body.where(0), id, "the frame is shorter than its flags say: skipped")
		return body, false, nil
	}
	body = body.sub(skip, body.n-skip)
	if !compressed && !unsync {
		return body, true, nil
	}
	if id == "APIC" && !compressed && body.mem == nil && body.n > maxTextFrame {
		body.unsync = true // a large picture, decoded when read
		return body, true, nil
	}
	raw, err := body.read(0, body.n)
	if err != nil {
		return body, false, err
	}
	decode := func(raw []byte) ([]byte, error) {
		if unsync {
			raw = deunsync(raw)
		}
		if compressed {
			zr, err := zlib.NewReader(bytes.NewReader(raw))
			if err != nil {
				return nil, err
			}
			// Never more than the tag: a tiny frame may inflate to gigabytes.
			b, err := io.ReadAll(io.LimitReader(zr, p.t.Size+1))
			if err != nil {
				return nil, err
			}
			if int64(len(b)) > p.t.Size {
				return nil, errors.New("it inflates to more than the tag's size")
			}
			raw = b
		}
		return raw, nil
	}
	mem, err := decode(bytes.Clone(raw))
	if err != nil {
		p.warn(body.where(0), id, "a compressed frame that does not inflate (%v): skipped", err)
		return body, false, nil
	}
	// The closure keeps how to read the frame again, not its bytes.
	inMem, parent, base, n := body.mem != nil, body.reload, body.base, body.n
	reload := func(r io.ReaderAt) ([]byte, error) {
		var b []byte
		if inMem {
			pb, err := parent(r)
			if err != nil {
				return nil, err
			}
			b = bytes.Clone(pb)
		} else {
			b = make([]byte, n)
			if _, err := r.ReadAt(b, base); err != nil && err != io.EOF {
				return nil, err
			}
		}
		return decode(b)
	}
	return span{n: int64(len(mem)), mem: mem, reload: reload, at: body.where(0)}, true, nil
}

// topFrame reads one frame of the tag itself.
func (p *id3Parser) topFrame(id string, body span) error {
	switch id {
	case "TIT2", "TPE1", "TALB":
		s, ok, err := p.text(id, body)
		if err != nil || !ok {
			return err
		}
		switch id {
		case "TIT2":
			p.t.Title = s
		case "TPE1":
			p.t.Artist = s
		case "TALB":
			p.t.Album = s
		}
	case "APIC":
		pic, err := p.picture(id, body)
		if err != nil {
			return err
		}
		if pic != nil {
			p.covers = append(p.covers, pic)
		}
	case "CHAP":
		return p.chapter(body)
	case "CTOC":
		return p.toc(body)
	}
	return nil
}

// small reads a whole frame that should be small: text, links, the
// fixed part of CHAP and CTOC. ok is false when it is too large.
func (p *id3Parser) small(id string, body span) ([]byte, bool, error) {
	if body.n > maxTextFrame {
		p.warn(body.where(0), id, "a frame of %d bytes where text is expected: skipped", body.n)
		return nil, false, nil
	}
	b, err := body.read(0, body.n)
	return b, err == nil, err
}

// text reads the first value of a text frame.
func (p *id3Parser) text(id string, body span) (string, bool, error) {
	b, ok, err := p.small(id, body)
	if !ok || err != nil {
		return "", false, err
	}
	if len(b) == 0 {
		return "", false, nil
	}
	s, _, ok := p.field(b[0], b[1:])
	if !ok {
		p.warn(body.where(0), id, "unknown text encoding %d: skipped", b[0])
		return "", false, nil
	}
	return s, true, nil
}

// link reads a WXXX frame (encoding, description, URL) or another W***
// frame (the URL alone).
func (p *id3Parser) link(id string, body span) (string, error) {
	b, ok, err := p.small(id, body)
	if !ok || err != nil {
		return "", err
	}
	if id == "WXXX" {
		if len(b) == 0 {
			return "", nil
		}
		enc := b[0]
		_, rest, ok := p.field(enc, b[1:])
		if !ok {
			p.warn(body.where(0), id, "unknown text encoding %d: skipped", enc)
			return "", nil
		}
		// The URL is ISO-8859-1, but some writers encode it like the
		// description.
		if (enc == 1 || enc == 2) && bytes.IndexByte(rest, 0) >= 0 {
			s, _, _ := p.field(enc, rest)
			return strings.TrimSpace(s), nil
		}
		b = rest
	}
	s, _, _ := p.field(0, b)
	return strings.TrimSpace(s), nil
}

// field decodes text in encoding enc up to its terminator, returning the
// text and what follows; ok is false for an unknown encoding.
func (p *id3Parser) field(enc byte, b []byte) (s string, rest []byte, ok bool) {
	s, rest, _, ok = textField(enc, b)
	return s, rest, ok
}

// textField decodes text in encoding enc up to its terminator (or the end
// of b), returning the text, what follows, whether a terminator was found
// and whether the encoding is known.
func textField(enc byte, b []byte) (s string, rest []byte, terminated, ok bool) {
	switch enc {
	case 0, 3:
		end, next := len(b), len(b)
		if i := bytes.IndexByte(b, 0); i >= 0 {
			end, next, terminated = i, i+1, true
		}
		if enc == 0 {
			return latin1(b[:end]), b[next:], terminated, true
		}
		return strings.ToValidUTF8(string(b[:end]), "\uFFFD"), b[next:], terminated, true
	case 1, 2:
		end, next := len(b)&^1, len(b)
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 && b[i+1] == 0 {
				end, next, terminated = i, i+2, true
				break
			}
		}
		return utf16Text(b[:end], enc == 2), b[next:], terminated, true
	}
	return "", nil, false, false
}

// latin1 decodes ISO-8859-1.
func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// utf16Text decodes UTF-16 after its byte order mark; without one, as big
// endian when be is set (encoding 2), else as little endian, which is
// what writers that forget the mark mostly mean.
func utf16Text(b []byte, be bool) string {
	if len(b) >= 2 {
		switch {
		case b[0] == 0xfe && b[1] == 0xff:
			be, b = true, b[2:]
		case b[0] == 0xff && b[1] == 0xfe:
			be, b = false, b[2:]
		}
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if be {
			u[i] = binary.BigEndian.Uint16(b[2*i:])
		} else {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
	}
	return string(utf16.Decode(u))
}

// picHead is how much of an APIC frame is read to find the image's start:
// picShort first, picLong when the description is longer.
const (
	picShort = 512
	picLong  = 64 << 10
)

// picture reads an APIC (or v2.2 PIC) frame, leaving the image in the file.
func (p *id3Parser) picture(id string, body span) (*Picture, error) {
	pic, start, err := p.pictureHead(id, body, picShort)
	if err == errTagCut && body.n > picShort {
		pic, start, err = p.pictureHead(id, body, picLong)
	}
	if err == errTagCut {
		p.warn(body.where(0), id, "an unterminated MIME type or description: picture skipped")
		return nil, nil
	}
	if pic == nil || err != nil {
		return nil, err
	}
	bad := func(what string) (*Picture, error) {
		p.warn(body.where(0), id, "%s: picture skipped", what)
		return nil, nil
	}
	pic.Size = body.n - start
	if pic.MIME == "-->" {
		if pic.Size > maxTextFrame {
			return bad("a link of more than 1 MiB")
		}
		b, err := body.read(start, pic.Size)
		if err != nil {
			return nil, err
		}
		s, _, _ := p.field(0, b)
		pic.URL = strings.TrimSpace(s)
		return pic, nil
	}
	if pic.Size <= 0 {
		return bad("no image bytes")
	}
	if pic.Size > MaxPicture {
		return bad(fmt.Sprintf("an image of %.1f MB, more than the %d MB read", float64(pic.Size)/1e6, MaxPicture>>20))
	}
	img := body.sub(start, pic.Size)
	// The picture keeps how to read its bytes, never the bytes of the tag.
	open, unsync := p.open, body.unsync
	inMem, reload, base, n := img.mem != nil, img.reload, img.base, img.n
	if !inMem && !unsync {
		pic.Offset = base
	}
	pic.load = func() ([]byte, error) {
		r, done, err := open()
		if err != nil {
			return nil, err
		}
		defer done()
		if inMem {
			return reload(r)
		}
		b := make([]byte, n)
		if _, err := r.ReadAt(b, base); err != nil && err != io.EOF {
			return nil, err
		}
		if unsync {
			b = deunsync(b)
		}
		return b, nil
	}
	return pic, nil
}

// pictureHead reads the fields before the image (encoding, MIME type,
// picture type, description) from the first n bytes of an APIC frame,
// returning where the image starts. The error is errTagCut when the
// fields do not end within n bytes.
func (p *id3Parser) pictureHead(id string, body span, n int64) (*Picture, int64, error) {
	raw, err := body.read(0, n)
	if err != nil {
		return nil, 0, err
	}
	head := raw
	if body.unsync {
		head = deunsync(bytes.Clone(raw))
	}
	if len(head) < 2 {
		return nil, 0, errTagCut
	}
	enc := head[0]
	rest := head[1:]
	var mime string
	if p.ver == 2 {
		if len(rest) < 3 {
			return nil, 0, errTagCut
		}
		mime, rest = string(rest[:3]), rest[3:]
		switch strings.ToUpper(mime) {
		case "JPG":
			mime = "image/jpeg"
		case "PNG":
			mime = "image/png"
		}
	} else {
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return nil, 0, errTagCut
		}
		mime, rest = latin1(rest[:i]), rest[i+1:]
	}
	if len(rest) < 1 {
		return nil, 0, errTagCut
	}
	pic := &Picture{MIME: mime, Type: rest[0], Offset: -1}
	desc, after, terminated, ok := textField(enc, rest[1:])
	if !ok {
		p.warn(body.where(0), id, "unknown text encoding %d: picture skipped", enc)
		return nil, 0, nil
	}
	if !terminated {
		return nil, 0, errTagCut
	}
	pic.Description = desc
	start := int64(len(head) - len(after))
	if body.unsync {
		start = rawIndex(raw, int(start))
	}
	return pic, start, nil
}

// rawIndex returns the index in unsynchronised bytes raw at which decoded
// byte dec starts.
func rawIndex(raw []byte, dec int) int64 {
	d := 0
	for i := 0; i < len(raw); i++ {
		if d == dec {
			return int64(i)
		}
		d++
		if raw[i] == 0xff && i+1 < len(raw) && raw[i+1] == 0 {
			i++
		}
	}
	return int64(len(raw))
}

// elementID reads the NUL-terminated element ID at the start of a CHAP or
// CTOC frame.
func (p *id3Parser) elementID(id string, body span, b []byte) (string, []byte, bool) {
	i := bytes.IndexByte(b[:min(len(b), maxIDLen+1)], 0)
	if i < 0 {
		p.warn(body.where(0), id, "an unterminated element ID: skipped")
		return "", nil, false
	}
	return latin1(b[:i]), b[i+1:], true
}

// chapter reads a CHAP frame and its embedded frames.
func (p *id3Parser) chapter(body span) error {
	if p.ver < 3 {
		return nil
	}
	head, err := body.read(0, maxIDLen+1+16)
	if err != nil {
		return err
	}
	eid, rest, ok := p.elementID("CHAP", body, head)
	if !ok {
		return nil
	}
	name := fmt.Sprintf("CHAP %q", eid)
	if len(rest) < 16 {
		p.warn(body.where(0), name, "the frame is cut short: skipped")
		return nil
	}
	c := TagChapter{
		ID:          eid,
		Start:       time.Duration(binary.BigEndian.Uint32(rest[0:])) * time.Millisecond,
		End:         time.Duration(binary.BigEndian.Uint32(rest[4:])) * time.Millisecond,
		StartOffset: binary.BigEndian.Uint32(rest[8:]),
		EndOffset:   binary.BigEndian.Uint32(rest[12:]),
	}
	subStart := int64(len(head) - len(rest) + 16)
	err = p.frames(body, subStart, 1, func(id string, f span) error {
		switch {
		case id == "TIT2":
			s, ok, err := p.text(name+" TIT2", f)
			if ok && c.Title == "" {
				c.Title = s
			}
			return err
		case id == "APIC":
			pic, err := p.picture(name+" APIC", f)
			if pic != nil && (c.Image == nil || pic.Type == 3 && c.Image.Type != 3) {
				c.Image = pic
			}
			return err
		case id[0] == 'W':
			u, err := p.link(id, f)
			if u != "" && (c.URL == "" || id == "WXXX") {
				c.URL = u
			}
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, o := range p.t.Chapters {
		if o.ID == eid {
			p.warn(body.where(0), name, "a second chapter with the same element ID: kept")
			break
		}
	}
	p.t.Chapters = append(p.t.Chapters, c)
	return nil
}

// toc reads a CTOC frame.
func (p *id3Parser) toc(body span) error {
	if p.ver < 3 {
		return nil
	}
	// The head only: a table of contents may carry a large image.
	b, err := body.read(0, maxTextFrame)
	if err != nil {
		return err
	}
	eid, rest, ok := p.elementID("CTOC", body, b)
	if !ok {
		return nil
	}
	name := fmt.Sprintf("CTOC %q", eid)
	if len(rest) < 2 {
		p.warn(body.where(0), name, "the frame is cut short: skipped")
		return nil
	}
	toc := TagTOC{ID: eid, TopLevel: rest[0]&0x02 != 0, Ordered: rest[0]&0x01 != 0}
	count := int(rest[1])
	rest = rest[2:]
	for i := 0; i < count; i++ {
		j := bytes.IndexByte(rest, 0)
		if j < 0 {
			p.warn(body.where(0), name, "child %d of %d is cut short: the rest of the list is skipped", i+1, count)
			rest = nil
			break
		}
		toc.Children = append(toc.Children, latin1(rest[:j]))
		rest = rest[j+1:]
	}
	if rest != nil {
		sub := int64(len(b) - len(rest))
		err := p.frames(body, sub, 1, func(id string, f span) error {
			if id == "TIT2" {
				s, ok, err := p.text(name+" TIT2", f)
				if ok && toc.Title == "" {
					toc.Title = s
				}
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	p.t.TOCs = append(p.t.TOCs, toc)
	p.tocAt = append(p.tocAt, body.where(0))
	return nil
}

// checkTOCs warns of tables of contents naming elements the tag lacks.
func (p *id3Parser) checkTOCs() {
	ids := make(map[string]bool, len(p.t.Chapters)+len(p.t.TOCs))
	for _, c := range p.t.Chapters {
		ids[c.ID] = true
	}
	for _, t := range p.t.TOCs {
		ids[t.ID] = true
	}
	for i, t := range p.t.TOCs {
		for _, c := range t.Children {
			if !ids[c] {
				p.warn(p.tocAt[i], fmt.Sprintf("CTOC %q", t.ID), "lists %q, which no CHAP or CTOC frame has", c)
			}
		}
	}
}
