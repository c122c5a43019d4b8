package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	tsync "readalong/sync"
)

// chapteredEpisode writes an episode with a transcript of 60 lines (every
// 5 s from 0:02) and chapters beside it: Intro at 0:00, a hidden sponsor
// chapter at 0:30, "The tools" at 1:00 (with a link), "Wrapping up" at
// 4:00.
func chapteredEpisode(t *testing.T) string {
	dir := t.TempDir()
	ep := filepath.Join(dir, "talk.mp3")
	os.WriteFile(ep, []byte("audio of the chaptered talk"), 0o644)
	f, _ := os.Create(filepath.Join(dir, "talk.txt"))
	tsync.WriteText(f, testTranscript(60))
	f.Close()
	os.WriteFile(filepath.Join(dir, "talk.chapters.json"), []byte(`{"version":"1.2.0","chapters":[
		{"startTime":0,"title":"Intro"},
		{"startTime":30,"title":"Sponsor","toc":false},
		{"startTime":60,"title":"The tools","url":"https://example.com/tools"},
		{"startTime":240,"title":"Wrapping up"}]}`), 0o644)
	return ep
}

func TestChaptersInTheWindow(t *testing.T) {
	u, eng := newTestUI(t, 3)
	eng.dur = 10 * time.Minute
	if err := u.OpenFiles(chapteredEpisode(t), ""); err != nil {
		t.Fatal(err)
	}
	// Headings between the lines they separate; none for the hidden one.
	var headings []string
	for i, r := range u.view.Rows() {
		if r.Heading != "" {
			headings = append(headings, r.Heading)
			if i+1 < len(u.view.Rows()) && u.view.Rows()[i+1].Start < r.Start {
				t.Errorf("heading %q before a line spoken before it", r.Heading)
			}
		}
	}
	if strings.Join(headings, "|") != "Intro|The tools|Wrapping up" {
		t.Errorf("headings %q", headings)
	}
	if row := u.rowOf(12); u.view.Rows()[row].Start != u.ep.tr.Segments[12].Start || u.view.Rows()[row-1].Heading != "The tools" {
		t.Errorf("line 12 (1:02) is not right after the heading of 1:00")
	}
	if marks := u.bar.Marks(); len(marks) != 3 || marks[1] != time.Minute {
		t.Errorf("seek bar marks %v", marks)
	}
	// Page Down: the next chapter, playing; the title shows under the
	// episode's, and the Chapters menu marks it.
	press(u, fyne.KeyPageDown)
	if eng.position() != time.Minute || !eng.isPlaying() {
		t.Fatalf("Page Down went to %v", eng.position())
	}
	u.sync()
	if !strings.Contains(u.ctl.subtitle.Text, "The tools") || !u.ctl.link.Visible() {
		t.Errorf("subtitle %q, link shown %v", u.ctl.subtitle.Text, u.ctl.link.Visible())
	}
	var checked []string
	for _, m := range u.win.MainMenu().Items {
		if m.Label == "Chapters" {
			for _, it := range m.Items {
				if it.Checked {
					checked = append(checked, it.Label)
				}
			}
		}
	}
	if len(checked) != 1 || !strings.HasSuffix(checked[0], "The tools") {
		t.Errorf("the Chapters menu checks %q", checked)
	}
	// Page Up within 3 s of its start: the chapter before, passing over
	// the hidden one; more than 3 s in: its own start.
	eng.set(61 * time.Second)
	press(u, fyne.KeyPageUp)
	if eng.position() != 0 {
		t.Errorf("Page Up at 1:01 went to %v, want the intro", eng.position())
	}
	eng.set(75 * time.Second)
	press(u, fyne.KeyPageUp)
	if eng.position() != time.Minute {
		t.Errorf("Page Up at 1:15 went to %v, want 1:00", eng.position())
	}
	// A hidden chapter's title shows while it plays.
	eng.set(40 * time.Second)
	u.sync()
	if !strings.Contains(u.ctl.subtitle.Text, "Sponsor") {
		t.Errorf("during the hidden chapter the subtitle is %q", u.ctl.subtitle.Text)
	}
	// A click on a heading plays the chapter.
	row := u.headingRow(2)
	u.view.JumpTo(row)
	y, h := u.view.RowY(row)
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.view)
	inset, _ := u.win.Canvas().InteractiveArea()
	test.TapCanvas(u.win.Canvas(), p.Add(inset).Add(fyne.NewPos(300, y+h/2)))
	if eng.position() != 4*time.Minute {
		t.Errorf("tapping the heading went to %v", eng.position())
	}
	// The chapter as a clip.
	u.selectChapter(2)
	if u.ep.sel.In != time.Minute || u.ep.sel.Out != 4*time.Minute {
		t.Errorf("chapter as a clip: %+v", u.ep.sel)
	}
	// Search finds chapter titles too.
	u.openSearch()
	test.Type(u.find.entry, "tools")
	if u.ep.search.Len() != 1 || len(u.ep.search.Titles) != 1 {
		t.Fatalf("searching a chapter title: %d found", u.ep.search.Len())
	}
	if !u.view.InView(u.headingRow(1)) {
		t.Error("the heading found is not in view")
	}
	test.Type(u.find.entry, "zzz")
	if u.ep.search.Len() != 0 {
		t.Error("still found")
	}
	// Hidden chapters are not searched.
	u.find.entry.SetText("")
	test.Type(u.find.entry, "sponsor")
	if u.ep.search.Len() != 0 {
		t.Error("a hidden chapter's title was found")
	}
}

func TestChapterLinksAreWebLinksOnly(t *testing.T) {
	for link, ok := range map[string]bool{
		"https://example.com/x": true, "http://example.com": true, "file:///etc/passwd": false,
		"javascript:alert(1)": false, "ftp://example.com": false, "https://": false, "": false,
	} {
		if (safeLink(link) != nil) != ok {
			t.Errorf("safeLink(%q) = %v", link, safeLink(link))
		}
	}
}
