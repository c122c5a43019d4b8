package player

import (
	"bytes"
	"encoding/binary"
)

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
