package player

import (
	"encoding/binary"
	"errors"
)

// infoFrame builds a Xing/Info frame with a LAME extension for a stream
// of the format h: frames audio frames in bytes bytes, with the given
// encoder delay and padding. Decoders that honour the LAME tag (ffmpeg,
// browsers, Readalong) skip delay+529 samples at the start and
// padding-529 at the end.
func infoFrame(h frameHeader, vbr bool, frames int, streamBytes int64, delay, padding int) ([]byte, error) {
	if delay < 0 || delay > 4095 || padding < 0 || padding > 4095 {
		return nil, errors.New("encoder delay or padding out of the LAME tag's range")
	}
	// The smallest bitrate whose frame holds the tag.
	need := 4 + h.sideInfoLen() + 4 + 4 + 4 + 4 + 100 + 4 + 36
	rates := bitratesV1L3
	if h.version != mpeg1 {
		rates = bitratesV2L3
	}
	bi := 0
	for i := 1; i < 15; i++ {
		t := h
		t.bitrate, t.padding = rates[i], false
		if t.size() >= need {
			bi, h = i, t
			break
		}
	}
	if bi == 0 {
		return nil, errors.New("no bitrate gives a frame large enough for the tag")
	}
	f := make([]byte, h.size())
	putHeader(f, h, bi)
	h.crc = false
	p := h.dataStart() + h.sideInfoLen()
	if vbr {
		copy(f[p:], "Xing")
	} else {
		copy(f[p:], "Info")
	}
	total := streamBytes + int64(len(f))
	binary.BigEndian.PutUint32(f[p+4:], 1|2|4|8) // frames, bytes, TOC, quality
	binary.BigEndian.PutUint32(f[p+8:], uint32(frames))
	binary.BigEndian.PutUint32(f[p+12:], uint32(total))
	toc := f[p+16 : p+116]
	for i := range toc {
		toc[i] = byte(i * 256 / 100)
	}
	binary.BigEndian.PutUint32(f[p+116:], 50) // quality
	l := f[p+120:]
	copy(l, "LAME3.100")
	l[9] = 0x00 // tag revision 0, VBR method unknown
	l[10] = 0   // lowpass unknown
	l[19] = 0   // encoding flags, ATH
	l[20] = byte(min(255, h.bitrate))
	l[21] = byte(delay >> 4)
	l[22] = byte(delay<<4) | byte(padding>>8)
	l[23] = byte(padding)
	binary.BigEndian.PutUint32(l[28:], uint32(total))
	// The music CRC (l[32:34]) is left 0; the tag CRC covers the frame
	// up to it.
	crc := crc16(f[:p+120+34])
	binary.BigEndian.PutUint16(l[34:], crc)
	return f, nil
}

// crc16 is the CRC-16 (polynomial 0x8005, reflected, initial 0) the LAME
// tag uses.
func crc16(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c ^= uint16(x)
		for i := 0; i < 8; i++ {
			if c&1 != 0 {
				c = c>>1 ^ 0xa001
			} else {
				c >>= 1
			}
		}
	}
	return c
}

// putHeader writes the header of a frame of format h (no CRC, joint stereo
// or mono) with bitrate index bi at the start of f.
func putHeader(f []byte, h frameHeader, bi int) {
	var v uint32 = 0xffe00000
	switch h.version {
	case mpeg1:
		v |= 3 << 19
	case mpeg2:
		v |= 2 << 19
	}
	v |= 1 << 17 // layer III
	v |= 1 << 16 // no CRC
	v |= uint32(bi) << 12
	for i, r := range sampleRates[h.version] {
		if r == h.sampleRate {
			v |= uint32(i) << 10
		}
	}
	if h.padding {
		v |= 1 << 9
	}
	if h.channels == 1 {
		v |= 3 << 6
	} else {
		v |= 1 << 6 // joint stereo
	}
	binary.BigEndian.PutUint32(f, v)
}
