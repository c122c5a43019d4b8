package chapters

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chapterTags are Vorbis comments as shows write them, out of order and
// with a stray name.
var chapterTags = []string{
	"CHAPTER002=00:00:01.250", "CHAPTER002NAME=Zweites Kapitel ★",
	"CHAPTER001=00:00:00.000", "CHAPTER001NAME=Intro", "CHAPTER001URL=https://example.org/intro",
	"chapter003=00:00:01.750", "Chapter003Name=Lower case keys",
	"CHAPTER009NAME=No time",
	"CHAPTER010=soon", "ARTIST=Not a chapter",
}

func checkVorbis(t *testing.T, l List, ws []Warning, file string) {
	t.Helper()
	if got := titles(l); got != "0:00:00.000 Intro; 0:00:01.250 Zweites Kapitel ★; 0:00:01.750 Lower case keys" {
		t.Errorf("chapters: %s", got)
	}
	if len(l) > 0 && l[0].URL != "https://example.org/intro" {
		t.Errorf("URL %q", l[0].URL)
	}
	all := ""
	for _, w := range ws {
		all += w.String() + "\n"
	}
	if len(ws) != 2 || !strings.Contains(all, file+": CHAPTER009: a name or link without CHAPTER009") || !strings.Contains(all, `CHAPTER010: "soon" is not a time`) {
		t.Errorf("warnings:\n%s", all)
	}
}

func TestReadFLACMetaflac(t *testing.T) {
	dir := t.TempDir()
	p := copyTestAudio(t, "speech.flac", dir, "ep.flac")
	args := []string{}
	for _, c := range chapterTags {
		args = append(args, "--set-tag="+c)
	}
	// A picture block before the comments, as taggers add covers.
	img := filepath.Join(dir, "cover.png")
	os.WriteFile(img, bytes.Repeat([]byte{0x89}, 300), 0o644)
	runTool(t, "metaflac", append(args, "--import-picture-from=3|image/png|cover|1x1x24|"+img, p)...)
	l, ws, err := ReadEmbedded(p)
	if err != nil {
		t.Fatal(err)
	}
	checkVorbis(t, l, ws, "ep.flac")
}

func TestReadOggVorbiscomment(t *testing.T) {
	p := copyTestAudio(t, "speech.ogg", t.TempDir(), "ep.ogg")
	args := []string{"-w", p}
	for _, c := range chapterTags {
		args = append(args, "-t", c)
	}
	runTool(t, "vorbiscomment", args...)
	l, ws, err := ReadEmbedded(p)
	if err != nil {
		t.Fatal(err)
	}
	checkVorbis(t, l, ws, "ep.ogg")
}

// TestReadOggFFmpeg has ffmpeg write the chapters of an ffmetadata file
// into an Ogg Opus comment header, after a comment spanning pages. (ffmpeg
// 5.1 writes no chapters into Ogg Vorbis, and rounds the seconds of Opus
// chapter times to the nearest: 0.7 s is written 00:00:01.700. The times
// here have fractions under half a second.)
func TestReadOggFFmpeg(t *testing.T) {
	dir := t.TempDir()
	meta := filepath.Join(dir, "meta.txt")
	os.WriteFile(meta, []byte(";FFMETADATA1\ncomment="+strings.Repeat("x", 70000)+"\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1250\ntitle=Hello\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1250\nEND=1900\ntitle=Wörld\n"), 0o644)
	src := filepath.Join("..", "player", "testdata", "speech.ogg")
	out := filepath.Join(dir, "ep.opus")
	runTool(t, "ffmpeg", "-v", "error", "-y", "-i", src, "-i", meta, "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c:a", "libopus", out)
	l, ws, err := ReadEmbedded(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(l); got != "0:00:00.000 Hello; 0:00:01.250 Wörld" || len(ws) != 0 {
		t.Errorf("%s, warnings %v", got, ws)
	}
}

// comments builds a Vorbis comment block.
func comments(vendor string, cs ...string) []byte {
	le := func(n int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(n)) }
	b := append(le(len(vendor)), vendor...)
	b = append(b, le(len(cs))...)
	for _, c := range cs {
		b = append(b, le(len(c))...)
		b = append(b, c...)
	}
	return b
}

func TestReadFLACDamage(t *testing.T) {
	block := comments("v", "CHAPTER001=00:00:01", "CHAPTER001NAME=A", "CHAPTER002=00:00:02")
	flac := func(blocks ...[]byte) []byte { return bytes.Join(append([][]byte{[]byte("fLaC")}, blocks...), nil) }
	hdr := func(last bool, typ byte, n int) []byte {
		if last {
			typ |= 0x80
		}
		return []byte{typ, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	// Cut in the middle of the third comment: the first two are kept.
	cut := block[:len(block)-5]
	b := flac(hdr(true, 4, len(cut)), cut)
	l, ws, err := ReadFLAC(bytes.NewReader(b), int64(len(b)), "cut.flac")
	if err != nil || titles(l) != "0:00:01.000 A" || len(ws) != 1 || !strings.Contains(ws[0].String(), "cut.flac: VORBIS_COMMENT: damaged") {
		t.Errorf("%s %v %v", titles(l), ws, err)
	}
	// A block claiming more than the file.
	b = flac(hdr(true, 4, 1<<20), block)
	if _, ws, err := ReadFLAC(bytes.NewReader(b), int64(len(b)), "big.flac"); err != nil || len(ws) != 1 || !strings.Contains(ws[0].Msg, "past the end") {
		t.Errorf("%v %v", ws, err)
	}
	// A count of comments the block cannot hold.
	bad := comments("v")
	binary.LittleEndian.PutUint32(bad[5:], 1<<30)
	b = flac(hdr(true, 4, len(bad)), bad)
	if _, ws, err := ReadFLAC(bytes.NewReader(b), int64(len(b)), "count.flac"); err != nil || len(ws) != 1 {
		t.Errorf("%v %v", ws, err)
	}
	if _, _, err := ReadFLAC(bytes.NewReader([]byte("RIFF")), 4, "x.wav"); err == nil {
		t.Error("not FLAC accepted")
	}
}

func TestParseVorbisTimes(t *testing.T) {
	l, ws := ParseVorbis([]string{"CHAPTER1=1:02:03.5", "CHAPTER1NAME=  Spaced  ", "CHAPTER0000002=75"}, "x")
	if len(ws) != 0 || len(l) != 2 || l[0].Start != time.Hour+2*time.Minute+3500*time.Millisecond || l[0].Title != "Spaced" || l[1].Start != 75*time.Second {
		t.Errorf("%+v %v", l, ws)
	}
}

func FuzzReadFLAC(f *testing.F) {
	f.Add(append([]byte("fLaC\x84\x00\x00\x20"), comments("v", "CHAPTER001=00:00:01", "CHAPTER001NAME=A")...))
	f.Add([]byte("fLaC\x04\x00\x00\x00\x84\x00\x00\x04\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, _, _ := ReadFLAC(bytes.NewReader(b), int64(len(b)), "f.flac")
		if len(l) > len(b) {
			t.Fatalf("%d chapters from %d bytes", len(l), len(b))
		}
	})
}

// oggPage builds one Ogg page holding the given packets' segments.
func oggPage(serial uint32, packets ...[]byte) []byte {
	var lacing, data []byte
	for _, p := range packets {
		n := len(p)
		for n >= 255 {
			lacing = append(lacing, 255)
			n -= 255
		}
		lacing = append(lacing, byte(n))
		data = append(data, p...)
	}
	h := make([]byte, 27)
	copy(h, "OggS")
	binary.LittleEndian.PutUint32(h[14:], serial)
	h[26] = byte(len(lacing))
	return append(append(h, lacing...), data...)
}

func FuzzReadOgg(f *testing.F) {
	f.Add(append(oggPage(1, []byte("\x01vorbis....")), oggPage(1, append([]byte("\x03vorbis"), comments("v", "CHAPTER001=00:00:01")...))...))
	f.Add(append(oggPage(1, []byte("OpusHead")), oggPage(1, append([]byte("OpusTags"), comments("v", "CHAPTER001=1")...))...))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, _, _ := ReadOgg(bytes.NewReader(b), int64(len(b)), "f.ogg")
		if len(l) > len(b) {
			t.Fatalf("%d chapters from %d bytes", len(l), len(b))
		}
	})
}

func FuzzParseVorbis(f *testing.F) {
	f.Add(strings.Join(chapterTags, "\n"))
	f.Fuzz(func(t *testing.T, s string) {
		l, _ := ParseVorbis(strings.Split(s, "\n"), "f")
		for _, c := range l {
			if c.Start < 0 || c.Start > maxTime {
				t.Fatalf("start %v", c.Start)
			}
		}
	})
}
