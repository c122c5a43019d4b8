package player

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// tool returns the path of a command the test needs, failing when the
// machine lacks it.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: run make deps", name)
	}
	return p
}

// runTool runs a command and returns its standard output, failing the
// test on error.
func runTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(tool(t, name), args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// ffmpegChapters writes an ffmetadata file with chapters (start and end in
// ms, title) and gives src.mp3 those chapters with ffmpeg, as ID3v2.x.
func ffmpegChapters(t testing.TB, src, dst string, version int, title string, ch [][3]any) {
	t.Helper()
	var meta strings.Builder
	meta.WriteString(";FFMETADATA1\n")
	if title != "" {
		fmt.Fprintf(&meta, "title=%s\nartist=The Hosts\nalbum=The Show\n", title)
	}
	for _, c := range ch {
		fmt.Fprintf(&meta, "[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n", c[0], c[1], c[2])
	}
	mf := filepath.Join(t.TempDir(), "meta.txt")
	if err := os.WriteFile(mf, []byte(meta.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	runTool(t, "ffmpeg", "-v", "error", "-y", "-i", src, "-i", mf, "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1",
		"-c", "copy", "-id3v2_version", fmt.Sprint(version), dst)
}

func TestReadTagsFFmpeg(t *testing.T) {
	for _, v := range []int{4, 3} {
		t.Run(fmt.Sprintf("v2.%d", v), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "ep.mp3")
			ffmpegChapters(t, "testdata/speech-128k-stereo.mp3", out, v, "Épisode 1 — Ünïcode", [][3]any{
				{0, 2500, "Intro"}, {2500, 5250, "Über die Sache: 話"}, {5250, 8499, "Outro"},
			})
			tags, err := ReadTagsFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if tags.Version != v || tags.Title != "Épisode 1 — Ünïcode" || tags.Artist != "The Hosts" || tags.Album != "The Show" {
				t.Errorf("version %d title %q artist %q album %q", tags.Version, tags.Title, tags.Artist, tags.Album)
			}
			want := []TagChapter{
				{Start: 0, End: 2500 * time.Millisecond, Title: "Intro"},
				{Start: 2500 * time.Millisecond, End: 5250 * time.Millisecond, Title: "Über die Sache: 話"},
				{Start: 5250 * time.Millisecond, End: 8499 * time.Millisecond, Title: "Outro"},
			}
			if len(tags.Chapters) != len(want) {
				t.Fatalf("%d chapters: %+v", len(tags.Chapters), tags.Chapters)
			}
			for i, c := range tags.Chapters {
				if c.Start != want[i].Start || c.End != want[i].End || c.Title != want[i].Title || c.ID == "" {
					t.Errorf("chapter %d: %+v, want %+v", i, c, want[i])
				}
			}
			if len(tags.TOCs) != 1 || !tags.TOCs[0].TopLevel || !tags.TOCs[0].Ordered || len(tags.TOCs[0].Children) != 3 ||
				tags.TOCs[0].Children[1] != tags.Chapters[1].ID {
				t.Errorf("tables of contents: %+v", tags.TOCs)
			}
			if len(tags.Warnings) != 0 {
				t.Errorf("warnings: %v", tags.Warnings)
			}
			// The MP3 index still steps over the tag.
			in, err := Inspect(out, false)
			if err != nil || in.Frames != 327 {
				t.Errorf("inspect: %d frames, %v", in.Frames, err)
			}
		})
	}
}

// TestReadTagsFFmpegManyChapters reads 100 chapters written by ffmpeg
// as ID3v2.4: ffmpeg 5.1 writes the size of the CTOC listing them as a
// plain number, not synchsafe.
func TestReadTagsFFmpegManyChapters(t *testing.T) {
	var ch [][3]any
	for i := range 100 {
		ch = append(ch, [3]any{i * 80, (i + 1) * 80, fmt.Sprintf("Chapter %d", i+1)})
	}
	out := filepath.Join(t.TempDir(), "many.mp3")
	ffmpegChapters(t, "testdata/speech-64k-mono.mp3", out, 4, "Many", ch)
	tags, err := ReadTagsFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.Chapters) != 100 || len(tags.TOCs) != 1 || len(tags.TOCs[0].Children) != 100 || len(tags.Warnings) != 0 {
		t.Fatalf("%d chapters, TOCs %d, warnings %v", len(tags.Chapters), len(tags.TOCs), tags.Warnings)
	}
	if c := tags.Chapters[99]; c.Title != "Chapter 100" || c.Start != 7920*time.Millisecond {
		t.Errorf("last chapter %+v", c)
	}
}

// frame23 builds an ID3v2.3 frame (plain size) or, with v4, a v2.4 frame
// (synchsafe size) with the given format flags.
func frame23(id string, body []byte) []byte { return rawFrame(id, body, false, 0) }

func rawFrame(id string, body []byte, v4 bool, flags byte) []byte {
	h := make([]byte, 10, 10+len(body))
	copy(h, id)
	if v4 {
		putSynchsafe(h[4:], len(body))
	} else {
		binary.BigEndian.PutUint32(h[4:], uint32(len(body)))
	}
	h[9] = flags
	return append(h, body...)
}

// utf16BOM encodes s as UTF-16LE with a byte order mark and terminator.
func utf16BOM(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return append(b, 0, 0)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// chapFrame builds a CHAP body: element ID, times, offsets, sub-frames.
func chapBody(id string, start, end uint32, sub ...[]byte) []byte {
	return cat([]byte(id+"\x00"), be32(start), be32(end), be32(NoOffset), be32(NoOffset), cat(sub...))
}

// fakeJPEG is image-like bytes full of 0xFF, so that unsynchronisation
// changes them.
func fakeJPEG(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
		if i%5 == 0 {
			b[i] = 0xff
		}
	}
	copy(b, []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'})
	b[n-2], b[n-1] = 0xff, 0xd9
	return b
}

// handTag23 builds an ID3v2.3 tag by hand, the way older tools write one:
// UTF-16 titles, a WXXX link and an APIC image inside chapters, a cover,
// frames out of order, and padding.
func handTag23(img, cover []byte) []byte {
	apic := func(typ byte, desc string, data []byte) []byte {
		return frame23("APIC", cat([]byte{1}, []byte("image/jpeg\x00"), []byte{typ}, utf16BOM(desc), data))
	}
	body := cat(
		frame23("CHAP", chapBody("chp1", 4000, 8499,
			frame23("TIT2", cat([]byte{1}, utf16BOM("Zweites Kapitel ★"))),
			frame23("WXXX", cat([]byte{0}, []byte("link\x00"), []byte("https://example.org/two"))),
			apic(0, "Bild", img))),
		frame23("TIT2", cat([]byte{0}, []byte("Caf\xe9 talk"))),
		apic(0, "other", []byte("not the cover")),
		frame23("CTOC", cat([]byte("toc\x00"), []byte{0x03, 2}, []byte("chp0\x00chp1\x00"))),
		apic(3, "Front", cover),
		frame23("CHAP", chapBody("chp0", 0, 4000,
			frame23("TIT2", cat([]byte{0}, []byte("First"))),
			frame23("WOAR", []byte("https://example.org/one")))),
		frame23("TPE1", cat([]byte{1}, utf16BOM("Ann & Bob"))),
		make([]byte, 100), // padding
	)
	return tagHeader(3, 0, body)
}

func tagHeader(ver, flags byte, body []byte) []byte {
	h := []byte{'I', 'D', '3', ver, 0, flags, 0, 0, 0, 0}
	putSynchsafe(h[6:], len(body))
	return append(h, body...)
}

// unsync applies unsynchronisation: a zero after every 0xFF that is
// followed by a byte of 0xE0 or more, or by zero, or ends the data.
func unsync(b []byte) []byte {
	var out []byte
	for i, c := range b {
		out = append(out, c)
		if c == 0xff && (i+1 == len(b) || b[i+1] >= 0xe0 || b[i+1] == 0) {
			out = append(out, 0)
		}
	}
	return out
}

func checkHandTag(t *testing.T, tags Tags, img, cover []byte) {
	t.Helper()
	if tags.Title != "Café talk" || tags.Artist != "Ann & Bob" {
		t.Errorf("title %q, artist %q", tags.Title, tags.Artist)
	}
	if len(tags.Chapters) != 2 {
		t.Fatalf("chapters: %+v", tags.Chapters)
	}
	c1, c0 := tags.Chapters[0], tags.Chapters[1]
	if c1.ID != "chp1" || c1.Start != 4*time.Second || c1.End != 8499*time.Millisecond || c1.Title != "Zweites Kapitel ★" ||
		c1.URL != "https://example.org/two" || c1.StartOffset != NoOffset {
		t.Errorf("chp1: %+v", c1)
	}
	if c0.ID != "chp0" || c0.Title != "First" || c0.URL != "https://example.org/one" || c0.Image != nil {
		t.Errorf("chp0: %+v", c0)
	}
	if c1.Image == nil || c1.Image.MIME != "image/jpeg" || c1.Image.Description != "Bild" {
		t.Fatalf("chp1 image: %+v", c1.Image)
	}
	if b, err := c1.Image.Data(); err != nil || !bytes.Equal(b, img) {
		t.Errorf("chp1 image: %d bytes, %v; want %d", len(b), err, len(img))
	}
	if tags.Cover == nil || tags.Cover.Type != 3 || tags.Cover.Description != "Front" {
		t.Fatalf("cover: %+v", tags.Cover)
	}
	if b, err := tags.Cover.Data(); err != nil || !bytes.Equal(b, cover) {
		t.Errorf("cover: %d bytes, %v", len(b), err)
	}
	if len(tags.TOCs) != 1 || strings.Join(tags.TOCs[0].Children, ",") != "chp0,chp1" {
		t.Errorf("TOCs: %+v", tags.TOCs)
	}
	if len(tags.Warnings) != 0 {
		t.Errorf("warnings: %v", tags.Warnings)
	}
}

// withAudio writes a tag followed by the audio frames of a test file.
func withAudio(t testing.TB, tag []byte) string {
	t.Helper()
	src, err := os.ReadFile("testdata/speech-64k-mono.mp3") // no tag of its own
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "ep.mp3")
	if err := os.WriteFile(p, cat(tag, src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadTagsHandBuilt23(t *testing.T) {
	img, cover := fakeJPEG(3000), fakeJPEG(500)
	tag := handTag23(img, cover)
	p := withAudio(t, tag)
	tags, err := ReadTagsFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if tags.Version != 3 || tags.Size != int64(len(tag)) {
		t.Errorf("version %d size %d, want 3 and %d", tags.Version, tags.Size, len(tag))
	}
	checkHandTag(t, tags, img, cover)
	// The image stays in the file: its offset points at its bytes.
	if off := tags.Chapters[0].Image.Offset; off <= 0 || !bytes.Equal(tag[off:off+int64(len(img))], img) {
		t.Errorf("image offset %d", off)
	}
	// ffprobe agrees on the chapters of the hand-built tag.
	got := probeChapters(t, p) // in the tag's order
	if len(got) != 2 || got[1] != [2]int64{0, 4000} || got[0] != [2]int64{4000, 8499} {
		t.Errorf("ffprobe: %v", got)
	}
}

func TestReadTagsUnsynchronised23(t *testing.T) {
	img, cover := fakeJPEG(3000), fakeJPEG(500)
	plain := handTag23(img, cover)
	body := unsync(plain[10:])
	if len(body) == len(plain)-10 {
		t.Fatal("the test tag has nothing to unsynchronise")
	}
	tag := tagHeader(3, 0x80, body)
	tags, err := ReadTags(bytes.NewReader(tag), int64(len(tag)))
	if err != nil {
		t.Fatal(err)
	}
	checkHandTag(t, tags, img, cover)
	if tags.Cover.Offset != -1 {
		t.Errorf("an unsynchronised picture has offset %d", tags.Cover.Offset)
	}
}

// TestReadTags24FrameFlags reads ID3v2.4 frames with frame-level
// unsynchronisation, data length indicators, an extended header and
// grouping, as TagLib and mutagen may write them, with a picture large
// enough to stay in the file.
func TestReadTags24FrameFlags(t *testing.T) {
	img := fakeJPEG(maxTextFrame + 5000)
	desc := []byte{0xff, 0xfe, 'D', 0, 0xff, 0xe1, 0, 0} // UTF-16LE "D\ue1ff": bytes unsynchronisation changes
	apicBody := cat([]byte{1}, []byte("image/jpeg\x00"), []byte{3}, desc, img)
	dli := func(b []byte) []byte {
		var n [4]byte
		putSynchsafe(n[:], len(b))
		return n[:]
	}
	title := cat([]byte{2}, []byte{0, 'T', 0, 'i', 0xff, 0xfd}) // UTF-16BE "Ti\uFFFD"
	sub := rawFrame("TIT2", cat(dli(title), unsync(title)), true, 0x03)
	chap := chapBody("c1", 1000, 2000, sub)
	body := cat(
		[]byte{0, 0, 0, 6, 1, 0}, // extended header of 6 bytes
		rawFrame("TALB", cat([]byte{0x40}, []byte{3}, []byte("Grouped")), true, 0x40),
		rawFrame("CHAP", cat(dli(chap), unsync(chap)), true, 0x03),
		rawFrame("APIC", cat(dli(apicBody), unsync(apicBody)), true, 0x03),
	)
	tag := tagHeader(4, 0x40, body)
	p := withAudio(t, tag)
	tags, err := ReadTagsFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if tags.Album != "Grouped" || len(tags.Chapters) != 1 || tags.Chapters[0].Title != "Ti\uFFFD" || len(tags.Warnings) != 0 {
		t.Fatalf("%+v", tags)
	}
	c := tags.Cover
	if c == nil || c.Description != "D\ue1ff" || c.Type != 3 || c.Offset != -1 {
		t.Fatalf("cover %+v", c)
	}
	b, err := c.Data()
	if err != nil || !bytes.Equal(b, img) {
		t.Errorf("unsynchronised picture: %d bytes (want %d), %v", len(b), len(img), err)
	}
}

// TestReadTagsITunesSizes reads a v2.4 tag whose frame sizes are plain
// numbers, as iTunes wrote them.
func TestReadTagsITunesSizes(t *testing.T) {
	long := strings.Repeat("a long title ", 20) // 260 bytes: synchsafe and plain differ
	plain := func(id string, body []byte) []byte { return rawFrame(id, body, false, 0) }
	body := cat(
		plain("TIT2", cat([]byte{3}, []byte(long))),
		plain("TPE1", cat([]byte{3}, []byte("Artist"))),
		plain("CHAP", chapBody("c", 0, 1000, plain("TIT2", cat([]byte{3}, []byte(long))))),
	)
	tag := tagHeader(4, 0, body)
	tags, err := ReadTags(bytes.NewReader(tag), int64(len(tag)))
	if err != nil {
		t.Fatal(err)
	}
	if tags.Title != long || tags.Artist != "Artist" || len(tags.Chapters) != 1 || tags.Chapters[0].Title != long {
		t.Errorf("%+v", tags)
	}
	if len(tags.Warnings) != 0 {
		t.Errorf("warnings: %v", tags.Warnings)
	}
}

func TestReadTagsV22(t *testing.T) {
	f22 := func(id string, body []byte) []byte {
		return cat([]byte(id), []byte{byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body)
	}
	img := fakeJPEG(100)
	body := cat(f22("TT2", cat([]byte{0}, []byte("Old\x00"))), f22("TP1", cat([]byte{0}, []byte("Writer"))),
		f22("PIC", cat([]byte{0}, []byte("PNG"), []byte{3}, []byte("\x00"), img)))
	tag := tagHeader(2, 0, body)
	tags, err := ReadTags(bytes.NewReader(tag), int64(len(tag)))
	if err != nil {
		t.Fatal(err)
	}
	if tags.Title != "Old" || tags.Artist != "Writer" || tags.Cover == nil || tags.Cover.MIME != "image/png" {
		t.Fatalf("%+v", tags)
	}
	if b, _ := tags.Cover.Data(); !bytes.Equal(b, img) {
		t.Error("v2.2 picture differs")
	}
}

// TestReadTagsHostile feeds damaged tags: each gives a warning naming the
// file and keeps what is sound.
func TestReadTagsHostile(t *testing.T) {
	good := frame23("CHAP", chapBody("ok", 0, 1000, frame23("TIT2", cat([]byte{0}, []byte("Fine")))))
	cases := []struct {
		name string
		body []byte
		warn string
		n    int // chapters kept
	}{
		{"runs past the tag", cat(good, []byte("TIT2\x00\x00\x10\x00\x00\x00"), []byte{0, 'y'}), "more than the tag holds", 1},
		{"unterminated element ID", cat(good, frame23("CHAP", []byte(strings.Repeat("x", 400)))), "unterminated element ID", 1},
		{"CTOC names a missing CHAP", cat(good, frame23("CTOC", []byte("toc\x00\x03\x02ok\x00gone\x00"))), `lists "gone"`, 1},
		{"garbage between frames", cat(good, []byte("\x01\x02junk junk junk")), "not a frame", 1},
		{"CHAP cut short", cat(good, frame23("CHAP", []byte("id\x00\x00\x01"))), "cut short", 1},
		{"CTOC child cut short", cat(good, frame23("CTOC", []byte("toc\x00\x03\x05ok\x00"))), "cut short", 1},
		{"unknown text encoding", cat(good, frame23("TIT2", []byte{9, 'x'})), "unknown text encoding", 1},
		{"encrypted frame", cat(good, rawFrame("TIT2", []byte{1, 0, 'x'}, false, 0x40)), "encrypted", 1},
		{"bad compressed frame", cat(good, rawFrame("TIT2", []byte{0, 0, 0, 9, 1, 2, 3}, false, 0x80)), "does not inflate", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tag := tagHeader(3, 0, c.body)
			p := withAudio(t, tag)
			tags, err := ReadTagsFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(tags.Chapters) != c.n || tags.Chapters[0].Title != "Fine" {
				t.Errorf("chapters: %+v", tags.Chapters)
			}
			if len(tags.Warnings) == 0 || !strings.Contains(tags.Warnings[0].String(), c.warn) || !strings.HasPrefix(tags.Warnings[0].String(), "ep.mp3: ") {
				t.Errorf("warnings %v, want %q naming ep.mp3", tags.Warnings, c.warn)
			}
		})
	}
	// A tag claiming more bytes than the file has.
	tag := tagHeader(3, 0, good)
	putSynchsafe(tag[6:], 1<<20)
	tags, err := ReadTags(bytes.NewReader(tag), int64(len(tag)))
	if err != nil || len(tags.Chapters) != 1 || len(tags.Warnings) != 1 || !strings.Contains(tags.Warnings[0].Msg, "claims") {
		t.Errorf("oversized tag: %+v, %v", tags, err)
	}
}

// hugeTag is a tag whose APIC holds 50 MB of image, synthesised as read
// so that the test itself holds no such buffer.
type hugeTag struct {
	head []byte
	size int64
}

func (h hugeTag) ReadAt(p []byte, off int64) (int, error) {
	if off >= h.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && off+int64(n) < h.size {
		o := off + int64(n)
		if o < int64(len(h.head)) {
			p[n] = h.head[o]
		} else {
			p[n] = 0x55
		}
		n++
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func TestReadTagsHugeImage(t *testing.T) {
	const imgLen = 50 << 20
	chap := chapBody("c", 0, 1000, frame23("TIT2", []byte("\x00Title")))
	apicHead := cat([]byte{0}, []byte("image/jpeg\x00"), []byte{3, 0})
	body := cat(frame23("CHAP", chap), rawFrame("APIC", apicHead, false, 0))
	binary.BigEndian.PutUint32(body[len(body)-len(apicHead)-6:], uint32(len(apicHead)+imgLen))
	tag := tagHeader(3, 0, body)
	size := int64(len(tag)) + imgLen
	putSynchsafe(tag[6:], int(size-10))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tags, err := ReadTags(hugeTag{tag, size}, size)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.Chapters) != 1 || tags.Cover != nil || len(tags.Warnings) != 1 || !strings.Contains(tags.Warnings[0].Msg, "52.4 MB") {
		t.Errorf("%+v", tags)
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > 1<<20 {
		t.Errorf("reading the tag allocated %d bytes", a)
	}
}

func TestReadTagsNoTag(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("ID"), []byte("RIFF....WAVE"), []byte("ID3\x05\x00\x00\x00\x00\x00\x05hello")} {
		tags, err := ReadTags(bytes.NewReader(b), int64(len(b)))
		if err != nil || len(tags.Chapters) != 0 || tags.Title != "" {
			t.Errorf("%q: %+v, %v", b, tags, err)
		}
	}
}

// FuzzReadTags feeds arbitrary tags: no panic, no picture larger than the
// input, no unbounded work.
func FuzzReadTags(f *testing.F) {
	f.Add(handTag23(fakeJPEG(40), fakeJPEG(20)))
	f.Add(tagHeader(3, 0x80, unsync(handTag23(fakeJPEG(40), fakeJPEG(20))[10:])))
	enc, _ := EncodeTags(Tags{Title: "T", Chapters: []TagChapter{{Start: 0, End: time.Second, Title: "a", URL: "u", Image: NewPicture("image/png", []byte{1, 2, 0xff})}}})
	f.Add(enc)
	f.Add(tagHeader(4, 0x80, rawFrame("TIT2", []byte{0, 'a', 0xff, 0}, true, 0x03)))
	f.Fuzz(func(t *testing.T, b []byte) {
		tags, err := ReadTags(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		pics := []*Picture{tags.Cover}
		for _, c := range tags.Chapters {
			pics = append(pics, c.Image)
		}
		for _, p := range pics {
			if p == nil || p.load == nil {
				continue
			}
			d, err := p.Data()
			if err == nil && len(d) > len(b) {
				t.Fatalf("a picture of %d bytes from %d bytes of input", len(d), len(b))
			}
		}
	})
}

// BenchmarkReadTags100Chapters reads a tag of 100 chapters, each with a
// title, a link and a 30 kB image, from a file.
func BenchmarkReadTags100Chapters(b *testing.B) {
	tags := Tags{Title: "A long episode", Cover: NewPicture("image/jpeg", fakeJPEG(200<<10))}
	for i := range 100 {
		tags.Chapters = append(tags.Chapters, TagChapter{
			Start: time.Duration(i) * 108 * time.Second, End: time.Duration(i+1) * 108 * time.Second,
			Title: fmt.Sprintf("Chapter %d", i+1), URL: fmt.Sprintf("https://example.org/%d", i),
			Image: NewPicture("image/jpeg", fakeJPEG(30<<10)),
		})
	}
	tag, err := EncodeTags(tags)
	if err != nil {
		b.Fatal(err)
	}
	p := withAudio(b, tag)
	b.ResetTimer()
	for b.Loop() {
		t, err := ReadTagsFile(p)
		if err != nil || len(t.Chapters) != 100 {
			b.Fatal(len(t.Chapters), err)
		}
	}
}
