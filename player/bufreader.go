package player

import (
	"errors"
	"io"
)

// bufReadSeeker adds a read buffer to an io.ReadSeeker while keeping Seek
// exact. go-mp3 reads a few bytes per call; without a buffer every frame
// costs several system calls.
type bufReadSeeker struct {
	r    io.ReadSeeker
	buf  []byte
	off  int   // next unread byte in buf
	n    int   // valid bytes in buf
	base int64 // file offset of buf[0]
}

func newBufReadSeeker(r io.ReadSeeker, size int) *bufReadSeeker {
	return &bufReadSeeker{r: r, buf: make([]byte, size)}
}

func (b *bufReadSeeker) Read(p []byte) (int, error) {
	if b.off == b.n {
		if len(p) >= len(b.buf) {
			n, err := b.r.Read(p)
			b.base += int64(n)
			return n, err
		}
		b.base += int64(b.n)
		b.off, b.n = 0, 0
		n, err := b.r.Read(b.buf)
		if n == 0 {
			return 0, err
		}
		b.n = n
	}
	n := copy(p, b.buf[b.off:b.n])
	b.off += n
	return n, nil
}

func (b *bufReadSeeker) Seek(offset int64, whence int) (int64, error) {
	cur := b.base + int64(b.off)
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = cur + offset
	case io.SeekEnd:
		end, err := b.r.Seek(0, io.SeekEnd)
		if err != nil {
			return cur, err
		}
		b.base, b.off, b.n = end, 0, 0
		abs = end + offset
	default:
		return cur, errors.New("bufReadSeeker: bad whence")
	}
	if abs < 0 {
		return cur, errors.New("bufReadSeeker: negative position")
	}
	if abs >= b.base && abs <= b.base+int64(b.n) {
		b.off = int(abs - b.base)
		return abs, nil
	}
	if _, err := b.r.Seek(abs, io.SeekStart); err != nil {
		return cur, err
	}
	b.base, b.off, b.n = abs, 0, 0
	return abs, nil
}
