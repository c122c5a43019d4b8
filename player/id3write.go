package player

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"
	"unicode/utf16"
)

// maxSynchsafe is the largest size a synchsafe number holds (256 MiB).
const maxSynchsafe = 1<<28 - 1

// EncodeTags returns an ID3v2.3 tag (v2.4 when t.Version is 4) holding
// t's title, artist and album (TIT2, TPE1, TALB), its cover (APIC) and its
// chapters: a CHAP frame each, with TIT2, WXXX and APIC frames inside, and
// a top-level, ordered table of contents (CTOC) listing them. t.TOCs, when
// given, are written instead of that table. The tag goes before the audio
// frames of an MP3 file. Chapters without an ID are named ch0, ch1, ….
//
// v2.3 is the default because more players read it: ffmpeg (6.x) reads the
// sizes of frames inside a v2.4 CHAP as plain numbers, not synchsafe, and
// drops a chapter holding an embedded frame of 128 bytes or more.
func EncodeTags(t Tags) ([]byte, error) {
	e := tagWriter{v3: t.Version != 4}
	var body bytes.Buffer
	for _, f := range []struct{ id, s string }{{"TIT2", t.Title}, {"TPE1", t.Artist}, {"TALB", t.Album}} {
		if f.s != "" {
			if err := e.frame(&body, f.id, e.text(f.s)); err != nil {
				return nil, err
			}
		}
	}
	if t.Cover != nil {
		b, err := e.picture(t.Cover)
		if err != nil {
			return nil, fmt.Errorf("the cover: %w", err)
		}
		if err := e.frame(&body, "APIC", b); err != nil {
			return nil, err
		}
	}
	ids := make([]string, len(t.Chapters))
	seen := make(map[string]bool, len(t.Chapters))
	for i, c := range t.Chapters {
		ids[i] = c.ID
		if ids[i] == "" {
			ids[i] = fmt.Sprintf("ch%d", i)
		}
		if _, err := elementID(ids[i]); err != nil {
			return nil, fmt.Errorf("chapter %d: %w", i+1, err)
		}
		if seen[ids[i]] {
			return nil, fmt.Errorf("chapter %d: the element ID %q is used twice", i+1, ids[i])
		}
		seen[ids[i]] = true
	}
	tocs := t.TOCs
	if len(tocs) == 0 && len(t.Chapters) > 0 {
		id := "toc"
		for seen[id] {
			id += "_"
		}
		tocs = []TagTOC{{ID: id, TopLevel: true, Ordered: true, Children: ids}}
	}
	for _, toc := range tocs {
		b, err := e.toc(toc)
		if err != nil {
			return nil, fmt.Errorf("table of contents %q: %w", toc.ID, err)
		}
		if err := e.frame(&body, "CTOC", b); err != nil {
			return nil, err
		}
	}
	for i, c := range t.Chapters {
		b, err := e.chapter(ids[i], c)
		if err != nil {
			return nil, fmt.Errorf("chapter %d (%q): %w", i+1, ids[i], err)
		}
		if err := e.frame(&body, "CHAP", b); err != nil {
			return nil, err
		}
	}
	if body.Len() > maxSynchsafe {
		return nil, fmt.Errorf("the tag would take %d bytes, more than ID3v2 allows (%d)", body.Len(), maxSynchsafe)
	}
	out := make([]byte, 10, 10+body.Len())
	copy(out, "ID3")
	out[3] = 4
	if e.v3 {
		out[3] = 3
	}
	putSynchsafe(out[6:], body.Len())
	return append(out, body.Bytes()...), nil
}

// tagWriter writes frames of one tag version.
type tagWriter struct {
	v3 bool // ID3v2.3: plain frame sizes, no UTF-8
}

// frame appends a frame with its header.
func (e tagWriter) frame(w *bytes.Buffer, id string, body []byte) error {
	if len(body) > maxSynchsafe {
		return fmt.Errorf("a %s frame of %d bytes is more than ID3v2 allows", id, len(body))
	}
	var h [10]byte
	copy(h[:], id)
	if e.v3 {
		binary.BigEndian.PutUint32(h[4:], uint32(len(body)))
	} else {
		putSynchsafe(h[4:], len(body))
	}
	w.Write(h[:])
	w.Write(body)
	return nil
}

func putSynchsafe(b []byte, n int) {
	b[0], b[1], b[2], b[3] = byte(n>>21&0x7f), byte(n>>14&0x7f), byte(n>>7&0x7f), byte(n&0x7f)
}

// text encodes a text frame's body: UTF-8 in v2.4; in v2.3 ISO-8859-1
// when it is enough, else UTF-16 with a byte order mark.
func (e tagWriter) text(s string) []byte {
	enc, b := e.str(s)
	return append([]byte{enc}, b...)
}

// str encodes s and returns its encoding byte, without terminator.
func (e tagWriter) str(s string) (byte, []byte) {
	if !e.v3 {
		return 3, []byte(s)
	}
	if b, ok := toLatin1(s); ok {
		return 0, b
	}
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return 1, b
}

// term is the terminator of a string in encoding enc.
func term(enc byte) []byte {
	if enc == 1 || enc == 2 {
		return []byte{0, 0}
	}
	return []byte{0}
}

// toLatin1 encodes s in ISO-8859-1 when it can.
func toLatin1(s string) ([]byte, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, false
		}
		b = append(b, byte(r))
	}
	return b, true
}

// urlBytes encodes a link in ISO-8859-1 as the frames want it, escaping
// anything beyond ASCII as in a URL.
func urlBytes(u string) []byte {
	var b []byte
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c >= 0x80 || c < 0x20 {
			b = fmt.Appendf(b, "%%%02X", c)
		} else {
			b = append(b, c)
		}
	}
	return b
}

// picture encodes an APIC body.
func (e tagWriter) picture(p *Picture) ([]byte, error) {
	mime := p.MIME
	var data []byte
	if p.URL != "" && (mime == "-->" || p.load == nil) {
		mime, data = "-->", urlBytes(p.URL)
	} else {
		var err error
		if data, err = p.Data(); err != nil {
			return nil, err
		}
	}
	if mime == "" {
		mime = "image/"
	}
	mb, ok := toLatin1(mime)
	if !ok || bytes.IndexByte(mb, 0) >= 0 {
		return nil, fmt.Errorf("MIME type %q is not ISO-8859-1 text", mime)
	}
	enc, desc := e.str(p.Description)
	b := append([]byte{enc}, mb...)
	b = append(b, 0, p.Type)
	b = append(b, desc...)
	b = append(b, term(enc)...)
	return append(b, data...), nil
}

// elementID encodes an element ID, NUL-terminated, refusing one that
// cannot be written.
func elementID(id string) ([]byte, error) {
	b, ok := toLatin1(id)
	if !ok || bytes.IndexByte(b, 0) >= 0 || len(b) > maxIDLen || len(b) == 0 {
		return nil, fmt.Errorf("element ID %q: want 1 to %d ISO-8859-1 characters", id, maxIDLen)
	}
	return append(b, 0), nil
}

// ms converts a chapter time to the 32-bit milliseconds of a CHAP frame.
func ms(d time.Duration) (uint32, error) {
	if d < 0 || d.Milliseconds() >= NoOffset {
		return 0, fmt.Errorf("time %v does not fit a CHAP frame", d)
	}
	return uint32((d + time.Millisecond/2) / time.Millisecond), nil
}

// chapter encodes a CHAP body.
func (e tagWriter) chapter(id string, c TagChapter) ([]byte, error) {
	if c.End < c.Start {
		return nil, fmt.Errorf("ends (%s) before it starts (%s)", fmtTime(c.End), fmtTime(c.Start))
	}
	start, err := ms(c.Start)
	if err != nil {
		return nil, err
	}
	end, err := ms(c.End)
	if err != nil {
		return nil, err
	}
	so, eo := c.StartOffset, c.EndOffset
	if so == 0 && eo == 0 {
		so, eo = NoOffset, NoOffset
	}
	var b bytes.Buffer
	eid, err := elementID(id)
	if err != nil {
		return nil, err
	}
	b.Write(eid)
	for _, v := range []uint32{start, end, so, eo} {
		binary.Write(&b, binary.BigEndian, v)
	}
	if c.Title != "" {
		if err := e.frame(&b, "TIT2", e.text(c.Title)); err != nil {
			return nil, err
		}
	}
	if c.URL != "" {
		enc, _ := e.str("")
		body := append([]byte{enc}, term(enc)...)
		if err := e.frame(&b, "WXXX", append(body, urlBytes(c.URL)...)); err != nil {
			return nil, err
		}
	}
	if c.Image != nil {
		pb, err := e.picture(c.Image)
		if err != nil {
			return nil, fmt.Errorf("its image: %w", err)
		}
		if err := e.frame(&b, "APIC", pb); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// toc encodes a CTOC body.
func (e tagWriter) toc(t TagTOC) ([]byte, error) {
	eid, err := elementID(t.ID)
	if err != nil {
		return nil, err
	}
	if len(t.Children) > 255 {
		return nil, fmt.Errorf("%d entries, more than the 255 a CTOC frame holds", len(t.Children))
	}
	var b bytes.Buffer
	b.Write(eid)
	var flags byte
	if t.TopLevel {
		flags |= 2
	}
	if t.Ordered {
		flags |= 1
	}
	b.WriteByte(flags)
	b.WriteByte(byte(len(t.Children)))
	for _, c := range t.Children {
		cid, err := elementID(c)
		if err != nil {
			return nil, err
		}
		b.Write(cid)
	}
	if t.Title != "" {
		if err := e.frame(&b, "TIT2", e.text(t.Title)); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}
