package player

import (
	"encoding/binary"
	"fmt"
)

// MPEG audio versions.
const (
	mpeg1  = 1
	mpeg2  = 2
	mpeg25 = 25
)

// frameHeader is a decoded MPEG audio frame header.
type frameHeader struct {
	version    int  // mpeg1, mpeg2 or mpeg25
	layer      int  // 1, 2 or 3
	crc        bool // a 16-bit CRC follows the header
	bitrate    int  // kbit/s; 0 is free format
	sampleRate int  // Hz
	padding    bool
	channels   int
}

var (
	bitratesV1L3 = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1}
	bitratesV2L3 = [16]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}
	sampleRates  = map[int][4]int{
		mpeg1:  {44100, 48000, 32000, -1},
		mpeg2:  {22050, 24000, 16000, -1},
		mpeg25: {11025, 12000, 8000, -1},
	}
)

// headerError says why four bytes are not a frame header this player can
// decode. unsupported marks headers that are valid MPEG audio but not
// playable here (layers I and II, MPEG-2.5, free format).
type headerError struct {
	msg         string
	unsupported bool
}

func (e *headerError) Error() string { return e.msg }

// parseHeader decodes the four bytes at the start of b.
func parseHeader(b []byte) (frameHeader, error) {
	if len(b) < 4 {
		return frameHeader{}, &headerError{msg: "short header"}
	}
	v := binary.BigEndian.Uint32(b)
	if v>>21 != 0x7ff {
		return frameHeader{}, &headerError{msg: "no frame sync"}
	}
	var h frameHeader
	switch (v >> 19) & 3 {
	case 0:
		h.version = mpeg25
	case 1:
		return h, &headerError{msg: "reserved MPEG version"}
	case 2:
		h.version = mpeg2
	case 3:
		h.version = mpeg1
	}
	switch (v >> 17) & 3 {
	case 0:
		return h, &headerError{msg: "reserved layer"}
	case 1:
		h.layer = 3
	case 2:
		h.layer = 2
	case 3:
		h.layer = 1
	}
	h.crc = (v>>16)&1 == 0
	bi := (v >> 12) & 0xf
	if bi == 15 {
		return h, &headerError{msg: "bad bitrate index"}
	}
	sri := (v >> 10) & 3
	if sri == 3 {
		return h, &headerError{msg: "reserved sample rate"}
	}
	h.sampleRate = sampleRates[h.version][sri]
	if h.version == mpeg1 {
		h.bitrate = bitratesV1L3[bi]
	} else {
		h.bitrate = bitratesV2L3[bi]
	}
	h.padding = (v>>9)&1 == 1
	h.channels = 2
	if (v>>6)&3 == 3 {
		h.channels = 1
	}
	if v&3 == 2 {
		return h, &headerError{msg: "reserved emphasis"}
	}
	switch {
	case h.layer != 3:
		return h, &headerError{msg: fmt.Sprintf("MPEG layer %s audio is not supported (only layer III, MP3)", roman(h.layer)), unsupported: true}
	case h.version == mpeg25:
		return h, &headerError{msg: "MPEG-2.5 audio (8–12 kHz) is not supported", unsupported: true}
	case bi == 0:
		return h, &headerError{msg: "free-format MP3 is not supported", unsupported: true}
	}
	return h, nil
}

func roman(n int) string { return [...]string{"", "I", "II", "III"}[n] }

// size is the length of the frame in bytes, header included.
func (h frameHeader) size() int {
	if h.version == mpeg1 {
		return 144*h.bitrate*1000/h.sampleRate + b2i(h.padding)
	}
	return 72*h.bitrate*1000/h.sampleRate + b2i(h.padding)
}

// samples is the number of samples per channel a frame decodes to.
func (h frameHeader) samples() int {
	if h.version == mpeg1 {
		return 1152
	}
	return 576
}

// sideInfoLen is the size of the side information after the header (and
// CRC).
func (h frameHeader) sideInfoLen() int {
	switch {
	case h.version == mpeg1 && h.channels == 1:
		return 17
	case h.version == mpeg1:
		return 32
	case h.channels == 1:
		return 9
	default:
		return 17
	}
}

// dataStart is the offset of the side information in the frame.
func (h frameHeader) dataStart() int { return 4 + 2*b2i(h.crc) }

// mainDataLen is the number of main-data bytes the frame carries.
func (h frameHeader) mainDataLen() int { return h.size() - h.dataStart() - h.sideInfoLen() }

// mainDataBegin reads how many bytes of earlier frames' main data (the bit
// reservoir) the frame in b uses.
func (h frameHeader) mainDataBegin(b []byte) int {
	s := h.dataStart()
	if len(b) < s+2 {
		return 0
	}
	if h.version == mpeg1 {
		return int(b[s])<<1 | int(b[s+1])>>7
	}
	return int(b[s])
}

// sameStream reports whether two headers can belong to one stream.
func (h frameHeader) sameStream(o frameHeader) bool {
	return h.version == o.version && h.layer == o.layer && h.sampleRate == o.sampleRate
}

// goMP3Misreads reports whether go-mp3 computes this frame's size wrongly:
// it adds the padding byte before halving the size of MPEG-2 frames, so a
// padded frame whose unpadded size is 144·bitrate/rate even loses a byte.
func (h frameHeader) goMP3Misreads() bool {
	if h.version == mpeg1 || !h.padding {
		return false
	}
	return (144*h.bitrate*1000/h.sampleRate)%2 == 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
