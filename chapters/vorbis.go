package chapters

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"readalong/player"
)

// ParseVorbis reads chapters from Vorbis comments ("KEY=value"), as FLAC
// and Ogg files hold them: CHAPTERnnn=HH:MM:SS.mmm, CHAPTERnnnNAME and
// CHAPTERnnnURL, keys in any case. The chapters come in the order of
// their numbers; file names the source in warnings.
func ParseVorbis(comments []string, file string) (List, []Warning) {
	w := &warner{file: file}
	type entry struct {
		key       string
		start     string
		has       bool
		name, url string
	}
	byNum := map[int]*entry{}
	for _, c := range comments {
		key, val, ok := strings.Cut(c, "=")
		if !ok || len(key) < 8 || !strings.EqualFold(key[:7], "CHAPTER") {
			continue
		}
		rest := key[7:]
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 {
			continue
		}
		num, _ := strconv.Atoi(rest[:i])
		e := byNum[num]
		if e == nil {
			if len(byNum) >= maxChapters {
				w.add(0, key, "more than %d chapters: the rest skipped", maxChapters)
				break
			}
			e = &entry{key: key[:7+i]}
			byNum[num] = e
		}
		switch strings.ToUpper(rest[i:]) {
		case "":
			e.start, e.has = val, true
		case "NAME":
			e.name = val
		case "URL":
			e.url = val
		}
	}
	nums := make([]int, 0, len(byNum))
	for n := range byNum {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var l List
	for _, n := range nums {
		e := byNum[n]
		if !e.has {
			w.add(0, e.key, "a name or link without %s=HH:MM:SS.mmm: skipped", e.key)
			continue
		}
		d, err := parseClock(e.start)
		if err != nil {
			w.add(0, e.key, "%q is not a time (HH:MM:SS.mmm): skipped", e.start)
			continue
		}
		l = append(l, Chapter{Start: d, Title: strings.TrimSpace(e.name), URL: strings.TrimSpace(e.url), elem: e.key})
	}
	return l, w.done()
}

// maxChapters bounds the chapters read from one source.
const maxChapters = 10000

// maxComment is the longest Vorbis comment read; longer ones (pictures)
// are skipped unread.
const maxComment = 64 << 10

// readComments reads a Vorbis comment block (vendor string, count,
// comments; lengths little endian) from r, which holds at most limit
// bytes, keeping only CHAPTER comments.
func readComments(r io.Reader, limit int64) ([]string, error) {
	var n [4]byte
	u32 := func() (int64, error) {
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return 0, err
		}
		return int64(binary.LittleEndian.Uint32(n[:])), nil
	}
	vendor, err := u32()
	if err != nil {
		return nil, err
	}
	if vendor > limit {
		return nil, errors.New("the vendor string runs past the comments")
	}
	if _, err := io.CopyN(io.Discard, r, vendor); err != nil {
		return nil, err
	}
	count, err := u32()
	if err != nil {
		return nil, err
	}
	if count > limit/4 {
		return nil, fmt.Errorf("%d comments claimed in %d bytes", count, limit)
	}
	var out []string
	for range count {
		size, err := u32()
		if err != nil {
			return out, err
		}
		if size > limit {
			return out, errors.New("a comment runs past the comments")
		}
		head := make([]byte, min(size, 7))
		if _, err := io.ReadFull(r, head); err != nil {
			return out, err
		}
		if size > maxComment || !bytes.EqualFold(head, []byte("CHAPTER")) {
			if _, err := io.CopyN(io.Discard, r, size-int64(len(head))); err != nil {
				return out, err
			}
			continue
		}
		rest := make([]byte, size-int64(len(head)))
		if _, err := io.ReadFull(r, rest); err != nil {
			return out, err
		}
		out = append(out, strings.ToValidUTF8(string(head)+string(rest), "\uFFFD"))
	}
	return out, nil
}

// ReadFLAC reads the chapters in a FLAC file's Vorbis comment block
// (METADATA_BLOCK_VORBIS_COMMENT). An ID3v2 tag before the stream is
// stepped over.
func ReadFLAC(r io.ReaderAt, size int64, file string) (List, []Warning, error) {
	var off int64
	var head [4]byte
	if _, err := r.ReadAt(head[:], 0); err == nil && string(head[:3]) == "ID3" {
		t, err := player.ReadTags(r, size)
		if err != nil {
			return nil, nil, err
		}
		off = t.Size
	}
	if _, err := r.ReadAt(head[:], off); err != nil || string(head[:]) != "fLaC" {
		return nil, nil, &ParseError{File: file, Err: fmt.Errorf("%w: no FLAC signature", ErrFormat)}
	}
	off += 4
	var comments []string
	w := &warner{file: file}
	for range 1024 {
		var bh [4]byte
		if _, err := r.ReadAt(bh[:], off); err != nil {
			w.add(0, "", "the metadata ends inside a block header at byte %d", off)
			break
		}
		n := int64(bh[1])<<16 | int64(bh[2])<<8 | int64(bh[3])
		off += 4
		if off+n > size {
			w.add(0, "", "a metadata block at byte %d claims %d bytes, past the end of the file", off-4, n)
			break
		}
		if bh[0]&0x7f == 4 {
			c, err := readComments(io.NewSectionReader(r, off, n), n)
			if err != nil {
				w.add(0, "VORBIS_COMMENT", "damaged at byte %d (%v): the comments before it kept", off, err)
			}
			comments = append(comments, c...)
		}
		off += n
		if bh[0]&0x80 != 0 {
			break
		}
	}
	l, ws := ParseVorbis(comments, file)
	return l, append(w.done(), ws...), nil
}

// ReadOgg reads the chapters in the comment header of an Ogg file's first
// stream: Vorbis, Opus or Ogg FLAC.
func ReadOgg(r io.ReaderAt, size int64, file string) (List, []Warning, error) {
	first, second, err := oggHeaders(r, size)
	if err != nil {
		return nil, nil, &ParseError{File: file, Err: fmt.Errorf("%w: %v", ErrFormat, err)}
	}
	var head [8]byte
	var skip int64
	n, _ := io.ReadFull(first, head[:])
	switch {
	case n >= 7 && string(head[:7]) == "\x01vorbis":
		skip = 7
	case n >= 8 && string(head[:8]) == "OpusHead":
		skip = 8
	case n >= 5 && string(head[:5]) == "\x7fFLAC":
		skip = 4 // the comment packet is a FLAC metadata block
	default:
		return nil, nil, &ParseError{File: file, Err: fmt.Errorf("%w: an Ogg stream of a codec other than Vorbis, Opus or FLAC", ErrFormat)}
	}
	if _, err := io.CopyN(io.Discard, second.r, skip); err != nil {
		return nil, nil, &ParseError{File: file, Err: fmt.Errorf("%w: the comment header is cut short", ErrFormat)}
	}
	w := &warner{file: file}
	c, err := readComments(second.r, second.n)
	if err != nil {
		w.add(0, "comment header", "damaged (%v): the comments before it kept", err)
	}
	l, ws := ParseVorbis(c, file)
	return l, append(w.done(), ws...), nil
}

// oggPacket is a packet of an Ogg stream, read where it lies in the file.
type oggPacket struct {
	r io.Reader
	n int64
}

// oggHeaders finds the first two packets of the first stream of an Ogg
// file: the identification and comment headers.
func oggHeaders(r io.ReaderAt, size int64) (io.Reader, oggPacket, error) {
	type chunk struct{ off, n int64 }
	var serial uint32
	var packets [2][]chunk
	reader := func(cs []chunk) (io.Reader, int64) {
		rs := make([]io.Reader, len(cs))
		var n int64
		for i, c := range cs {
			rs[i] = io.NewSectionReader(r, c.off, c.n)
			n += c.n
		}
		return io.MultiReader(rs...), n
	}
	cur := 0
	off := int64(0)
	for page := 0; off < size; page++ {
		var h [27]byte
		if _, err := r.ReadAt(h[:], off); err != nil {
			break
		}
		if string(h[:4]) != "OggS" {
			return nil, oggPacket{}, fmt.Errorf("no Ogg page at byte %d", off)
		}
		s := binary.LittleEndian.Uint32(h[14:])
		if page == 0 {
			serial = s
		}
		lacing := make([]byte, h[26])
		if _, err := r.ReadAt(lacing, off+27); err != nil {
			break
		}
		data := off + 27 + int64(len(lacing))
		off = data
		for _, v := range lacing {
			off += int64(v)
		}
		if s != serial {
			continue
		}
		p := data
		for _, v := range lacing {
			cs := packets[cur]
			if k := len(cs) - 1; k >= 0 && cs[k].off+cs[k].n == p {
				cs[k].n += int64(v)
			} else if v > 0 {
				packets[cur] = append(cs, chunk{p, int64(v)})
			}
			p += int64(v)
			if v < 255 {
				cur++
				if cur == 2 {
					first, _ := reader(packets[0])
					second, n := reader(packets[1])
					return first, oggPacket{second, n}, nil
				}
			}
		}
	}
	return nil, oggPacket{}, errors.New("the file ends before the comment header")
}
