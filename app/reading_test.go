package app

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	tsync "readalong/sync"
)

// shortcut delivers a Ctrl shortcut the way the desktop driver does: to
// the main menu item that has it, else to the focused widget when it
// handles shortcuts, else to the canvas.
func shortcut(u *UI, s fyne.Shortcut) {
	var find func(items []*fyne.MenuItem) *fyne.MenuItem
	find = func(items []*fyne.MenuItem) *fyne.MenuItem {
		for _, i := range items {
			if i.Shortcut != nil && i.Shortcut.ShortcutName() == s.ShortcutName() && i.Action != nil {
				return i
			}
			if i.ChildMenu != nil {
				if f := find(i.ChildMenu.Items); f != nil {
					return f
				}
			}
		}
		return nil
	}
	for _, m := range u.win.MainMenu().Items {
		if i := find(m.Items); i != nil {
			i.Action()
			return
		}
	}
	if f, ok := u.win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

// menuItem finds a main menu item by its menu and label.
func menuItem(t *testing.T, u *UI, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range u.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, i := range m.Items {
			if i.Label == label {
				return i
			}
		}
	}
	t.Fatalf("no menu item %s › %s", menu, label)
	return nil
}

// styled returns the pieces of a row's text with their colour names.
func styled(r *lineRow) (texts []string, colours []fyne.ThemeColorName) {
	for _, s := range r.text.Segments {
		ts := s.(*widget.TextSegment)
		texts = append(texts, ts.Text)
		colours = append(colours, ts.Style.ColorName)
	}
	return texts, colours
}

// colourOf is the colour name of the piece of the row's text holding word.
func colourOf(t *testing.T, r *lineRow, word string) fyne.ThemeColorName {
	t.Helper()
	texts, cols := styled(r)
	for i, x := range texts {
		if strings.TrimSpace(x) == word {
			return cols[i]
		}
	}
	t.Fatalf("no piece %q in %q", word, texts)
	return ""
}

func TestSearchCountsJumpsAndCloses(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.Play()
	eng.set(u.tr.Segments[40].Start)
	u.sync()
	shortcut(u, ctrl(fyne.KeyF))
	if !u.search.box.Visible() || u.win.Canvas().Focused() != fyne.Focusable(u.search.entry) {
		t.Fatal("Ctrl+F did not open the search bar and focus it")
	}
	// "number 1" is in lines 1, 10–19 and 100–199: 111 lines. The
	// first one at or after the playing line (40) is line 100.
	test.Type(u.search.entry, "NUMBER 1")
	want := 0
	for _, s := range u.tr.Segments {
		if strings.Contains(s.Text, "number 1") {
			want++
		}
	}
	// Lines 1 and 10–19 come before: line 100 is match 12.
	if len(u.search.matches) != want || u.search.count.Text != "12 of "+itoa(want) {
		t.Fatalf("%d matches, count %q; want 12 of %d", len(u.search.matches), u.search.count.Text, want)
	}
	if u.search.currentSeg != 100 || u.cursor != 100 {
		t.Fatalf("went to line %d (cursor %d), want 100", u.search.currentSeg, u.cursor)
	}
	if _, ok := rows(u)[u.tr.Segments[100].Text]; !ok {
		t.Fatal("the match is not on screen")
	}
	if u.following || !u.backToNow.Visible() {
		t.Error("following did not pause at the match")
	}
	r := rows(u)[u.tr.Segments[100].Text]
	if c := colourOf(t, r, "number 1"); c != colorHitCurrent {
		t.Errorf("the match jumped to is coloured %q", c)
	}
	if r2 := rows(u)[u.tr.Segments[101].Text]; r2 != nil && colourOf(t, r2, "number 1") != colorHit {
		t.Error("another match on screen is not highlighted")
	}
	if n := len(u.band.hits); n != want {
		t.Errorf("%d hits on the timeline, want %d", n, want)
	}
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	u.search.entry.TypedKey(enter)
	if u.search.count.Text != "13 of "+itoa(want) || u.search.currentSeg != 101 {
		t.Errorf("Enter: %q at line %d", u.search.count.Text, u.search.currentSeg)
	}
	shift(u, true)
	for i := 0; i < 13; i++ {
		u.search.entry.TypedKey(enter)
	}
	shift(u, false)
	if u.search.count.Text != itoa(want)+" of "+itoa(want) || u.search.currentSeg != 199 {
		t.Errorf("Shift+Enter 13 times from 13: %q at line %d, want round to the last", u.search.count.Text, u.search.currentSeg)
	}
	// Enter outside the bar plays the line found.
	u.focusKeys()
	press(u, fyne.KeyReturn)
	if eng.Position() != u.tr.Segments[199].Start {
		t.Errorf("Enter played from %v, want line 199", eng.Position())
	}
	shortcut(u, ctrl(fyne.KeyF))
	test.Type(u.search.entry, "zzz")
	if u.search.count.Text != "No matches" || len(u.band.hits) != 0 {
		t.Errorf("no match: %q, %d hits", u.search.count.Text, len(u.band.hits))
	}
	eng.set(u.tr.Segments[60].Start)
	u.sync()
	u.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.search.box.Visible() || !u.following || u.search.query != "" {
		t.Fatal("Escape did not close the search and resume following")
	}
	if _, ok := rows(u)[u.tr.Segments[60].Text]; !ok {
		t.Error("Escape did not return to the playing line")
	}
	// Opened again at line 61: the last query is searched again from
	// there, selected, so that typing replaces it.
	eng.set(u.tr.Segments[61].Start)
	u.sync()
	shortcut(u, ctrl(fyne.KeyF))
	if u.search.query != "zzz" || u.search.count.Text != "No matches" || u.search.entry.SelectedText() != "zzz" {
		t.Errorf("reopened: query %q, count %q, selected %q", u.search.query, u.search.count.Text, u.search.entry.SelectedText())
	}
	test.Type(u.search.entry, "number 7")
	if u.search.entry.Text != "number 7" || u.search.currentSeg != 70 {
		t.Errorf("typed over the old query: %q, went to line %d, want 70 (the first after 61)", u.search.entry.Text, u.search.currentSeg)
	}
	u.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if _, ok := rows(u)[u.tr.Segments[61].Text]; !ok {
		top, _ := u.rowTop(61)
		var seen []int
		for _, r := range rows(u) {
			seen = append(seen, r.seg)
		}
		t.Errorf("the second Escape did not return to the playing line: current %d, top %v, offset %v, rows %v", u.current, top, u.list.GetScrollOffset(), seen)
	}
}

func TestSearchIgnoresCaseAndAccents(t *testing.T) {
	u, _ := newTestUI(t, 3)
	u.ShowEpisode("Café", tsync.New([]tsync.Segment{
		{Start: time.Second, Text: "We met at the Café de Flore."},
		{Start: 3 * time.Second, Text: "Nothing here."},
		{Start: 5 * time.Second, Text: "Another cafe, and a CAFÉ."},
	}))
	u.openSearch()
	test.Type(u.search.entry, "cafe")
	if len(u.search.matches) != 2 || u.search.count.Text != "1 of 2" {
		t.Fatalf("matches %v, count %q", u.search.matches, u.search.count.Text)
	}
	texts, _ := styled(rows(u)["Another cafe, and a CAFÉ."])
	hits := 0
	for _, x := range texts {
		if strings.EqualFold(x, "cafe") || strings.EqualFold(x, "café") {
			hits++
		}
	}
	if hits != 2 {
		t.Errorf("pieces %q: want both matches as pieces of their own", texts)
	}
}

func wordTranscript() *tsync.Transcript {
	words := func(start time.Duration, ws ...string) []tsync.Word {
		var out []tsync.Word
		for i, w := range ws {
			out = append(out, tsync.Word{Start: start + time.Duration(i)*500*time.Millisecond, Text: w})
		}
		return out
	}
	return tsync.New([]tsync.Segment{
		{Start: time.Second, Speaker: "Ann", Text: "One two three four", Words: words(time.Second, "One", "two", "three", "four")},
		{Start: 4 * time.Second, Speaker: "Bob", Text: "Five six seven", Words: words(4*time.Second, "Five", "six", "seven")},
		{Start: 8 * time.Second, Speaker: "Ann", Text: "A line without word times"},
	})
}

func TestWordByWordHighlight(t *testing.T) {
	u, eng := newTestUI(t, 3)
	eng.dur = 20 * time.Second
	u.ShowEpisode("Words", wordTranscript())
	eng.Play()
	eng.set(2*time.Second + 100*time.Millisecond) // "three" is being said
	u.sync()
	r := rows(u)["One two three four"]
	for w, want := range map[string]fyne.ThemeColorName{"One": theme.ColorNameForeground, "two": theme.ColorNameForeground, "three": theme.ColorNamePrimary, "four": colorUpcoming} {
		if c := colourOf(t, r, w); c != want {
			t.Errorf("%q is %q, want %q", w, c, want)
		}
	}
	h := u.heights[0]
	eng.set(2*time.Second + 600*time.Millisecond) // "four"
	u.sync()
	if colourOf(t, r, "four") != theme.ColorNamePrimary || colourOf(t, r, "three") != theme.ColorNameForeground {
		t.Error("the highlight did not move to the next word")
	}
	if u.heights[0] != h {
		t.Errorf("row height changed from %v to %v with the highlight", h, u.heights[0])
	}
	if r.progress != 0 || r.fill.Size().Width != 0 {
		t.Errorf("a line with word times shows a progress mark too (%v)", r.progress)
	}
	// The next line: the first one goes back to plain text.
	eng.set(4*time.Second + 600*time.Millisecond)
	u.sync()
	if colourOf(t, r, "four") != theme.ColorNameForeground || colourOf(t, rows(u)["Five six seven"], "six") != theme.ColorNamePrimary {
		t.Error("the highlight did not move to the next line's word")
	}
	// A line without word times shows its progress on the accent bar.
	eng.set(8*time.Second + 3*time.Second) // 3 s into a line lasting to 20 s
	u.sync()
	plain := rows(u)["A line without word times"]
	if got, want := plain.progress, float32(3.0/12.0); got < want-0.01 || got > want+0.01 {
		t.Errorf("progress %v, want %v", got, want)
	}
	if w := plain.fill.Size().Width; w < plain.text.Size().Width*0.2 || w > plain.text.Size().Width*0.3 {
		t.Errorf("progress mark %v long under text %v wide", w, plain.text.Size().Width)
	}
	if plain.text.Segments[0].(*widget.TextSegment).Style.ColorName != theme.ColorNameForeground {
		t.Error("a line without word times is not shown plain")
	}
}

func TestFollowKeepsTheLineInTheUpperThird(t *testing.T) {
	u, eng := newTestUI(t, 200)
	glides := 0
	u.startAnim = func(a *fyne.Animation) { glides++; a.Tick(1) }
	eng.Play()
	view := u.list.Size().Height
	// A line already in the upper part of the view is not scrolled to:
	// the text moves only when the voice nears the middle.
	eng.set(u.tr.Segments[2].Start)
	u.sync()
	if top, _ := u.rowTop(2); top > view*0.4 || u.list.GetScrollOffset() != 0 || glides != 0 {
		t.Errorf("line 2 (at %v of %v) was scrolled to: offset %v", top, view, u.list.GetScrollOffset())
	}
	last := u.list.GetScrollOffset()
	for id := 20; id < 200; id++ {
		eng.set(u.tr.Segments[id].Start)
		u.sync()
		u.sync()
		top, h := u.rowTop(id)
		off := u.list.GetScrollOffset()
		y := top - off
		if off < u.contentHeight()-view-1 && (y < 0 || y > view/3+view*0.15 || y+h > view) {
			t.Fatalf("line %d at %v of a %v view, want in the upper third", id, y, view)
		}
		if y < 0 || y+h > view+1 {
			t.Fatalf("line %d is not wholly in view at the end (%v, %v)", id, y, h)
		}
		// Playing on never scrolls back: no jitter near the end.
		if off < last {
			t.Fatalf("at line %d the view went back from %v to %v", id, last, off)
		}
		last = off
	}
	// At the end the view stays put while the last line plays, with no
	// glides that go nowhere.
	eng.set(u.tr.Segments[199].Start)
	u.sync()
	last = u.list.GetScrollOffset()
	glides = 0
	for i := 0; i < 5; i++ {
		eng.set(u.tr.Segments[199].Start + time.Duration(i)*time.Second)
		u.sync()
	}
	if u.list.GetScrollOffset() != last || !u.following || glides != 0 {
		t.Errorf("the view moved at the end: %v → %v, %d glides", last, u.list.GetScrollOffset(), glides)
	}
}

func TestLongLineKeepsTheSpokenPartInView(t *testing.T) {
	u, eng := newTestUI(t, 3)
	long := strings.Repeat("This line runs on and on so that it is much taller than the window. ", 60)
	eng.dur = 10 * time.Minute
	u.ShowEpisode("Long", tsync.New([]tsync.Segment{
		{Start: 0, Text: "Short first line."},
		{Start: 10 * time.Second, Text: long},
		{Start: 5 * time.Minute, Text: "After."},
	}))
	eng.Play()
	eng.set(10 * time.Second)
	u.sync()
	_, h := u.rowTop(1)
	view := u.list.Size().Height
	if h < 2*view {
		t.Fatalf("the long line is %v high in a %v view", h, view)
	}
	last := u.list.GetScrollOffset()
	for s := 30; s < 300; s += 30 {
		pos := 10*time.Second + time.Duration(s)*time.Second*290/300
		eng.set(pos)
		u.sync()
		checkRowTops(t, u)
		top, h := u.rowTop(1)
		spoken := top + h*u.spokenPoint(1, pos) - u.list.GetScrollOffset()
		if spoken < 0 || spoken > view {
			t.Fatalf("at %v the spoken part (%v) is out of the %v view", pos, spoken, view)
		}
		if off := u.list.GetScrollOffset(); off < last {
			t.Fatalf("the view went back from %v to %v", last, off)
		}
		last = u.list.GetScrollOffset()
	}
	if last < h/2 {
		t.Errorf("the view moved only to %v through a %v line", last, h)
	}
}

func TestKeysWorkAfterTappingARow(t *testing.T) {
	u, eng := newTestUI(t, 40)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 2))
	// Down outlines and plays the next line; Enter plays the outlined line.
	press(u, fyne.KeyDown)
	if u.cursor != 3 || eng.Position() != u.tr.Segments[3].Start {
		t.Fatalf("Down: cursor %d at %v", u.cursor, eng.Position())
	}
	if r := rows(u)[u.tr.Segments[3].Text]; r == nil || !r.isCursor {
		t.Error("the line stepped to is not outlined")
	}
	eng.set(u.tr.Segments[3].Start + 3*time.Second)
	press(u, fyne.KeyReturn)
	if eng.Position() != u.tr.Segments[3].Start {
		t.Errorf("Enter: %v", eng.Position())
	}
	// Text size: Ctrl+=, Ctrl+-, Ctrl+0; rows are measured again.
	h := u.heights[0]
	press(u, fyne.KeyUp)
	press(u, fyne.KeyUp)
	if u.cursor != 1 {
		t.Fatalf("Up twice from line 3 outlined line %d", u.cursor)
	}
	shortcut(u, ctrl(fyne.KeyEqual))
	shortcut(u, ctrl(fyne.KeyEqual))
	if u.reading.scale != 1.2 || u.heights[0] <= h {
		t.Errorf("Ctrl+= twice: scale %v, row 0 %v high (was %v)", u.reading.scale, u.heights[0], h)
	}
	if s := u.prefs().Float(prefTextScale); s != 1.2 {
		t.Errorf("text size stored as %v", s)
	}
	shortcut(u, ctrl(fyne.KeyMinus))
	if u.reading.scale != 1.1 {
		t.Errorf("Ctrl+-: %v", u.reading.scale)
	}
	shortcut(u, ctrl(fyne.Key0))
	if u.reading.scale != 1 || u.heights[0] != h {
		t.Errorf("Ctrl+0: scale %v, row 0 %v high, want %v", u.reading.scale, u.heights[0], h)
	}
	// Ctrl+C copies the outlined line with its time.
	shortcut(u, &fyne.ShortcutCopy{})
	want := "[0:07] Theo: " + u.tr.Segments[1].Text + "\n"
	if got := fyne.CurrentApp().Clipboard().Content(); got != want {
		t.Errorf("Ctrl+C copied %q, want %q", got, want)
	}
	// With lines 1–3 selected (as by a shift-click), Ctrl+C copies them.
	u.selectLines(1, 3)
	shortcut(u, &fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); strings.Count(got, "\n") != 3 || !strings.HasPrefix(got, "[0:07] Theo:") || !strings.Contains(got, "[0:17] Theo: ") {
		t.Errorf("Ctrl+C on lines 1–3 copied %q", got)
	}
	// F1 and ? show the shortcuts sheet.
	press(u, fyne.KeyF1)
	if u.sheet == nil || !sheetShown(u) {
		t.Fatal("F1 did not show the shortcuts sheet")
	}
	u.sheet.Hide()
	shift(u, true)
	press(u, fyne.KeySlash)
	shift(u, false)
	if !sheetShown(u) {
		t.Error("? did not show the shortcuts sheet")
	}
}

// sheetShown reports whether the shortcuts sheet is on the canvas.
func sheetShown(u *UI) bool {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Keyboard shortcuts" || ok && l.Text == "Ctrl+F" {
			return true
		}
	}
	return false
}

func TestSpeakerColoursLegendAndFilter(t *testing.T) {
	u, eng := newTestUI(t, 40)
	if !u.speakers.box.Visible() || len(u.speakers.chips.Objects) != 3 {
		t.Fatalf("legend shown %v with %d chips, want All, Maya, Theo", u.speakers.box.Visible(), len(u.speakers.chips.Objects))
	}
	maya, theo := rows(u)[u.tr.Segments[0].Text], rows(u)[u.tr.Segments[1].Text]
	mc := maya.speaker.Segments[0].(*widget.TextSegment).Style.ColorName
	tc := theo.speaker.Segments[0].(*widget.TextSegment).Style.ColorName
	if mc == tc || mc != speakerColorName(0) {
		t.Errorf("speaker colours %q and %q", mc, tc)
	}
	v := variant()
	if u.reading.Color(mc, v) == u.reading.Color(tc, v) {
		t.Error("both speakers have the same colour")
	}
	// Tapping Theo lists his lines only.
	test.Tap(u.speakers.chips.Objects[2].(*speakerChip))
	if u.rowCount() != 20 || u.list.Length() != 20 {
		t.Fatalf("%d rows listed for Theo, want 20", u.rowCount())
	}
	checkRowTops(t, u)
	for text := range rows(u) {
		if !strings.Contains(text, "number") {
			continue
		}
		for i, s := range u.tr.Segments {
			if s.Text == text && s.Speaker != "Theo" {
				t.Errorf("line %d of %s listed", i, s.Speaker)
			}
		}
	}
	// Down steps through Theo's lines; a click plays the line tapped.
	eng.set(u.tr.Segments[3].Start)
	u.sync()
	checkRowTops(t, u)
	press(u, fyne.KeyDown)
	if eng.Position() != u.tr.Segments[5].Start {
		t.Errorf("Down among Theo's lines went to %v, want line 5", eng.Position())
	}
	checkRowTops(t, u)
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 7))
	if eng.Position() != u.tr.Segments[7].Start {
		t.Errorf("tap on Theo's row went to %v, want line 7", eng.Position())
	}
	// A selection made while filtered marks Theo's rows, and Ctrl+C
	// copies his lines only.
	u.selectLines(3, 7)
	marked := 0
	for _, r := range rows(u) {
		if r.selected {
			marked++
			if r.seg < 3 || r.seg > 7 || r.seg%2 == 0 {
				t.Errorf("row of line %d marked", r.seg)
			}
		}
	}
	if marked != 3 {
		t.Errorf("%d rows marked for lines 3–7 of Theo's, want 3", marked)
	}
	shortcut(u, &fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); strings.Count(got, "\n") != 3 || strings.Contains(got, "Maya") {
		t.Errorf("Ctrl+C while filtered copied %q", got)
	}
	u.clearSelection()
	// The View menu shows the filter, and All lists every line again.
	if !menuSpeakers(u)["Theo only"] {
		t.Error("View › Speakers does not check Theo")
	}
	test.Tap(u.speakers.chips.Objects[0].(*speakerChip))
	if u.rowCount() != 40 || u.visible != nil {
		t.Errorf("%d rows after All", u.rowCount())
	}
	// Speaker turns are on the timeline: one per line here, as they alternate.
	if n := len(u.band.turns); n != 40 {
		t.Errorf("%d turns on the timeline, want 40", n)
	}
	if !strings.Contains(u.describeAt(u.tr.Segments[1].Start+time.Second), "0:08 · Theo: Line x number 1") {
		t.Errorf("hover text %q", u.describeAt(u.tr.Segments[1].Start+time.Second))
	}
}

// menuSpeakers lists the View › Speakers items, checked or not.
func menuSpeakers(u *UI) map[string]bool {
	out := map[string]bool{}
	for _, m := range u.win.MainMenu().Items {
		for _, i := range m.Items {
			if i.Label == "Speakers" && i.ChildMenu != nil {
				for _, c := range i.ChildMenu.Items {
					out[c.Label] = c.Checked
				}
			}
		}
	}
	return out
}

func TestSyncOffsetAndPins(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.dur = 10 * time.Minute
	dir := t.TempDir()
	ep := filepath.Join(dir, "ep.mp3")
	os.WriteFile(ep, []byte("audio"), 0o644)
	var segs []string
	for i := 0; i < 40; i++ {
		segs = append(segs, clockHMS(time.Duration(2+5*i)*time.Second)+" Line "+itoa(i)+".")
	}
	os.WriteFile(filepath.Join(dir, "ep.txt"), []byte(strings.Join(segs, "\n\n")+"\n"), 0o644)
	if err := u.OpenFiles(ep, ""); err != nil {
		t.Fatal(err)
	}
	if u.syncBar.box.Visible() {
		t.Fatal("the sync bar shows at zero")
	}
	u.focusKeys()
	for i := 0; i < 3; i++ {
		press(u, fyne.KeyPeriod)
	}
	if u.tr.Segments[0].Start != 2300*time.Millisecond || !u.syncBar.box.Visible() || !strings.Contains(u.syncBar.label.Text, "0.3 s later") {
		t.Fatalf(". three times: line 0 at %v, bar %v %q", u.tr.Segments[0].Start, u.syncBar.box.Visible(), u.syncBar.label.Text)
	}
	shift(u, true)
	press(u, fyne.KeyComma) // <
	shift(u, false)
	if u.tr.Segments[0].Start != 1300*time.Millisecond {
		t.Errorf("<: line 0 at %v", u.tr.Segments[0].Start)
	}
	// The position in the list follows the new times.
	eng.set(1400 * time.Millisecond)
	u.sync()
	if u.current != 0 {
		t.Errorf("at 1.4 s the line is %d, want 0", u.current)
	}
	menuItem(t, u, "Transcript", "Reset Sync").Action()
	if u.tr.Segments[0].Start != 2*time.Second || u.syncBar.box.Visible() {
		t.Errorf("reset: line 0 at %v", u.tr.Segments[0].Start)
	}
	// An ad of 60 s plays before line 10: the listener pins line 10 when
	// it starts, then line 30 when it does (after another 30 s ad).
	u.setCursor(10) // as by a click, Up/Down or a search
	eng.set(52*time.Second + 60*time.Second)
	shift(u, true)
	press(u, fyne.KeyReturn)
	shift(u, false)
	if u.tr.Segments[10].Start != 112*time.Second || u.tr.Segments[0].Start != 62*time.Second {
		t.Fatalf("one pin: line 10 at %v, line 0 at %v; want all 60 s later", u.tr.Segments[10].Start, u.tr.Segments[0].Start)
	}
	// The second pin, by right-clicking line 30 and choosing the menu item.
	eng.set(152*time.Second + 90*time.Second)
	u.setCursor(30)
	u.lineMenu(30, fyne.NewPos(100, 100))
	tapOverlayText(t, u, "This line is being spoken now (4:02)")
	if u.tr.Segments[10].Start != 112*time.Second || u.tr.Segments[30].Start != 242*time.Second {
		t.Fatalf("two pins: line 10 at %v, line 30 at %v", u.tr.Segments[10].Start, u.tr.Segments[30].Start)
	}
	if got := u.tr.Segments[20].Start; got != 177*time.Second {
		t.Errorf("between the pins line 20 is at %v, want 2:57 (mapped linearly)", got)
	}
	if !strings.Contains(u.status.Text, "re-timed between lines 11 and 31") {
		t.Errorf("notice %q", u.status.Text)
	}
	// Saved with the episode: reopening it brings the re-timing back.
	eng.Pause()
	u.sync()
	u.ShowEpisode("other", testTranscript(3))
	u.media.Path = ""
	if err := u.OpenFiles(ep, ""); err != nil {
		t.Fatal(err)
	}
	if u.tr.Segments[30].Start != 242*time.Second || len(u.syncs.Points) != 2 {
		t.Errorf("reopened: line 30 at %v, %d pins", u.tr.Segments[30].Start, len(u.syncs.Points))
	}
	// Opened once without its transcript, the episode keeps its pins.
	os.Rename(filepath.Join(dir, "ep.txt"), filepath.Join(dir, "ep.keep"))
	u.ShowEpisode("other", testTranscript(3))
	u.media.Path = ""
	u.OpenFiles(ep, "")
	if u.tr.Len() != 0 || len(u.syncs.Points) != 2 || strings.Contains(u.status.Text, "re-timed") {
		t.Errorf("without its transcript: %d lines, %d pins kept, notice %q", u.tr.Len(), len(u.syncs.Points), u.status.Text)
	}
	eng.Pause()
	u.remember(true)
	os.Rename(filepath.Join(dir, "ep.keep"), filepath.Join(dir, "ep.txt"))
	u.ShowEpisode("other", testTranscript(3))
	u.media.Path = ""
	u.OpenFiles(ep, "")
	if u.tr.Segments[30].Start != 242*time.Second {
		t.Errorf("with its transcript back: line 30 at %v", u.tr.Segments[30].Start)
	}
	// An offset alone is stored too, and opening the same transcript
	// again keeps the sync; another transcript drops the pins, not the
	// offset.
	u.resetSync()
	u.nudgeSync(SyncStepLarge)
	u.ShowEpisode("other", testTranscript(3))
	u.media.Path = ""
	u.OpenFiles(ep, "")
	if u.syncs.Offset != time.Second || u.tr.Segments[0].Start != 3*time.Second {
		t.Errorf("offset after reopening: %v, line 0 at %v", u.syncs.Offset, u.tr.Segments[0].Start)
	}
	u.setCursor(5)
	eng.set(70 * time.Second)
	u.lineIsNow(5)
	if err := u.OpenTranscript(filepath.Join(dir, "ep.txt")); err != nil {
		t.Fatal(err)
	}
	if len(u.syncs.Points) != 1 || u.tr.Segments[5].Start != 70*time.Second {
		t.Errorf("the same transcript again: %d pins, line 5 at %v", len(u.syncs.Points), u.tr.Segments[5].Start)
	}
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("00:00:10 A different line.\n\n00:00:20 And another.\n"), 0o644)
	if err := u.OpenTranscript(other); err != nil {
		t.Fatal(err)
	}
	if len(u.syncs.Points) != 0 || u.syncs.Offset != 0 && u.tr.Segments[0].Start != 10*time.Second+u.syncs.Offset {
		t.Errorf("another transcript: %d pins, offset %v, line 0 at %v", len(u.syncs.Points), u.syncs.Offset, u.tr.Segments[0].Start)
	}
	if strings.Contains(u.status.Text, "now starts at") {
		t.Errorf("the pin's notice outlived the transcript: %q", u.status.Text)
	}
}

func clockHMS(d time.Duration) string { return tsync.FormatClock(d) }

func TestSkipLengthsAreSettings(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.set(100 * time.Second)
	u.setSkips(10*time.Second, 45*time.Second)
	press(u, fyne.KeyRight)
	if eng.Position() != 145*time.Second {
		t.Errorf("Right: %v", eng.Position())
	}
	press(u, fyne.KeyLeft)
	if eng.Position() != 135*time.Second {
		t.Errorf("Left: %v", eng.Position())
	}
	if u.backBtn.Text != "10" || u.fwdBtn.Text != "45" {
		t.Errorf("buttons %q %q", u.backBtn.Text, u.fwdBtn.Text)
	}
	if menuItem(t, u, "Playback", "Forward 45 s") == nil {
		t.Error("the menu does not show the new length")
	}
	// A new window reads them back.
	u2 := New(fyne.CurrentApp(), eng, nil)
	defer u2.win.Close()
	if u2.skipBack != 10*time.Second || u2.skipFwd != 45*time.Second {
		t.Errorf("stored skips read back as %v, %v", u2.skipBack, u2.skipFwd)
	}
	// The settings dialog shows them.
	u.showSettings()
	found := 0
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok && (s.Selected == "10 s" || s.Selected == "45 s") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("settings dialog shows %d of the two lengths", found)
	}
}

func TestSpeedMenu(t *testing.T) {
	u, eng := newTestUI(t, 5)
	var speed *fyne.MenuItem
	for _, i := range menuItem(t, u, "Playback", "Speed").ChildMenu.Items {
		if i.Label == "1.5×" {
			speed = i
		}
	}
	speed.Action()
	if eng.Speed() != 1.5 || u.speedBtn.Text != "1.5×" {
		t.Fatalf("speed %v, button %q", eng.Speed(), u.speedBtn.Text)
	}
	for _, i := range menuItem(t, u, "Playback", "Speed").ChildMenu.Items {
		if i.Checked != (i.Label == "1.5×") {
			t.Errorf("%s checked %v", i.Label, i.Checked)
		}
	}
}

func TestSettingsChangeRedrawsTheTimeline(t *testing.T) {
	u, _ := newTestUI(t, 10)
	gen := u.band.gen
	fyne.CurrentApp().Settings().SetTheme(test.NewTheme())
	if u.band.gen == gen {
		t.Error("a change of theme or variant did not redraw the speakers on the timeline")
	}
}

// Playback moving on by itself makes the keys act on the line spoken
// again; a line outlined while reading elsewhere stays outlined.
func TestOutlineFollowsPlayback(t *testing.T) {
	u, eng := newTestUI(t, 40)
	eng.Play()
	test.TapCanvas(u.win.Canvas(), rowCentre(t, u, 2))
	if u.cursor != 2 {
		t.Fatalf("cursor %d after the click", u.cursor)
	}
	eng.set(u.tr.Segments[3].Start)
	u.sync()
	if u.cursor != -1 || u.cursorOrCurrent() != 3 {
		t.Errorf("after playback reached line 3 the keys act on line %d", u.cursorOrCurrent())
	}
	u.pauseFollowing()
	u.setCursor(10)
	eng.set(u.tr.Segments[4].Start)
	u.sync()
	if u.cursor != 10 {
		t.Errorf("the outline moved to %d while reading elsewhere", u.cursor)
	}
}

func TestThemesFollowTheVariant(t *testing.T) {
	th := &readingTheme{scale: 1}
	for _, n := range []fyne.ThemeColorName{speakerColorName(0), speakerColorName(1), colorHit, colorHitCurrent} {
		if th.Color(n, theme.VariantLight) == th.Color(n, theme.VariantDark) {
			t.Errorf("%s is the same in light and dark", n)
		}
		// Readable: at least 3:1 against the background of each variant.
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			if c := contrast(th.Color(n, v), theme.DefaultTheme().Color(theme.ColorNameBackground, v)); c < 3 {
				t.Errorf("%s in variant %d: contrast %.1f", n, v, c)
			}
		}
	}
	if th.Size(theme.SizeNameText) <= theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Error("the transcript's text is not larger than the window's")
	}
	if th.Size(theme.SizeNameLineSpacing) <= theme.DefaultTheme().Size(theme.SizeNameLineSpacing) {
		t.Error("the transcript's lines are not spaced wider")
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		f := func(v uint32) float64 {
			x := float64(v) / 65535
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(bl)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// checkRowTops fails unless the window's idea of where each row on
// screen is (rowTop, which follow and the tests rely on) is where the
// list laid it out.
func checkRowTops(t *testing.T, u *UI) {
	t.Helper()
	objs := test.LaidOutObjects(u.list)
	var item fyne.CanvasObject
	for _, o := range objs {
		if strings.HasSuffix(fmt.Sprintf("%T", o), "listItem") {
			item = o
			continue
		}
		r, ok := o.(*lineRow)
		if !ok || item == nil || !item.Visible() || !r.Visible() || r.seg < 0 {
			continue
		}
		top, h := u.rowTop(r.id)
		if d := item.Position().Y - top; d > 0.5 || d < -0.5 || abs32(item.Size().Height-h) > 0.5 {
			t.Fatalf("row %d (line %d) is at %v, %v high; the window thinks %v, %v", r.id, r.seg, item.Position().Y, item.Size().Height, top, h)
		}
		item = nil
	}
}

// At every text size and window width the text of each row fits the
// height the row was given, and all rows' text starts at one place.
func TestTextFitsItsRowAtEverySize(t *testing.T) {
	u, eng := newTestUI(t, 60)
	eng.Play()
	for _, scale := range []float32{1, 1.3, 2} {
		u.setTextScale(scale)
		for _, w := range []float32{800, 520} {
			u.win.Resize(fyne.NewSize(w, 600))
			eng.set(u.tr.Segments[20].Start)
			u.sync()
			u.sync()
			checkRowTops(t, u)
			x := float32(-1)
			for text, r := range rows(u) {
				need := r.text.MinSize().Height
				if need > r.text.Size().Height+0.5 {
					t.Errorf("width %v, scale %v: %q needs %v, has %v", w, scale, text, need, r.text.Size().Height)
				}
				// Nor is it taller than its text: no gap left from a wider window.
				name, _ := u.speakerLabel(r.seg)
				want := u.measure.heightFor(u.textSegments(r.seg, eng.Position()), name != "", u.list.Size().Width, u.style)
				if d := r.Size().Height - want; d > 0.5 || d < -0.5 {
					t.Errorf("width %v, scale %v: row of %q is %v high, its text %v", w, scale, text, r.Size().Height, want)
				}
				if x >= 0 && r.text.Position().X != x {
					t.Errorf("width %v, scale %v: text starts at %v and %v", w, scale, x, r.text.Position().X)
				}
				x = r.text.Position().X
			}
		}
	}
}

// The view glides to the next line, and a scroll by the user during the
// glide stops it and pauses following.
func TestFollowGlidesAndYieldsToTheUser(t *testing.T) {
	u, eng := newTestUI(t, 200)
	var anim *fyne.Animation
	u.startAnim = func(a *fyne.Animation) { anim = a }
	eng.Play()
	eng.set(u.tr.Segments[30].Start)
	u.sync()
	if anim == nil {
		t.Fatal("no glide to line 30")
	}
	from, to := u.list.GetScrollOffset(), u.animTo
	if to <= from {
		t.Fatalf("glide from %v to %v", from, to)
	}
	anim.Tick(0.5)
	mid := u.list.GetScrollOffset()
	if mid <= from || mid >= to {
		t.Errorf("half way the view is at %v, between %v and %v expected", mid, from, to)
	}
	u.sync() // a tick during the glide is not taken for the user scrolling
	if !u.following {
		t.Fatal("the glide paused following")
	}
	anim.Tick(1)
	if off := u.list.GetScrollOffset(); abs32(off-to) > 1 {
		t.Errorf("the glide ended at %v, want %v", off, to)
	}
	// Another glide, and the user scrolls in the middle of it.
	eng.set(u.tr.Segments[60].Start)
	u.sync()
	anim.Tick(0.3)
	u.list.ScrollToOffset(u.list.GetScrollOffset() - 300)
	u.sync()
	if u.following || !u.backToNow.Visible() || u.anim != nil {
		t.Fatalf("a scroll during the glide: following %v, back-to-now %v, glide %v", u.following, u.backToNow.Visible(), u.anim != nil)
	}
	held := u.list.GetScrollOffset()
	anim.Tick(0.8) // a late frame of the stopped glide
	if u.list.GetScrollOffset() != held {
		t.Error("the stopped glide moved the view")
	}
}

// The reading view as a picture: the line being spoken tinted with its
// accent bar, the word being said in the accent colour and the words to
// come dimmed, a search match in the match colour, the speakers in their
// colours, the legend and the timeline.
func TestReadingViewLooksRight(t *testing.T) {
	u, eng := newTestUI(t, 3)
	u.win.Resize(fyne.NewSize(640, 420))
	eng.dur = 20 * time.Second
	u.ShowEpisode("Words", wordTranscript())
	eng.Play()
	eng.set(2*time.Second + 100*time.Millisecond)
	u.sync()
	u.openSearch()
	test.Type(u.search.entry, "seven")
	u.focusKeys()
	u.sync()
	// The desktop driver lays out again what was shown or hidden on its
	// next frame; the test canvas does it when asked.
	u.win.Content().Refresh()
	test.AssertImageMatches(t, "reading-view.png", u.win.Canvas().Capture())
}

// A narrower window measures every row again, also those measured off
// screen before: following still lands the line where it aims.
func TestResizeMeasuresRowsAgain(t *testing.T) {
	u, eng := newTestUI(t, 200)
	eng.Play()
	eng.set(u.tr.Segments[100].Start) // measures the rows around line 100
	u.sync()
	eng.set(u.tr.Segments[5].Start)
	u.backToNowAction()
	u.sync()
	u.win.Resize(fyne.NewSize(360, 600))
	u.sync()
	eng.set(u.tr.Segments[100].Start)
	u.sync()
	checkRowTops(t, u)
	top, _ := u.rowTop(100)
	if y, view := top-u.list.GetScrollOffset(), u.list.Size().Height; y < view/4-1 || y > view/4+1 {
		t.Errorf("after the resize line 100 is at %v of a %v view", y, view)
	}
}

// The keyboard comes back to the window's shortcuts from any widget but
// the search field, and not while a dialog is open; keys do not reach the
// window behind a dialog, but Escape closes the shortcuts sheet.
func TestKeysComeBackAndStayOutOfDialogs(t *testing.T) {
	u, eng := newTestUI(t, 10)
	u.win.Canvas().Focus(u.slider)
	u.sync()
	if u.win.Canvas().Focused() != fyne.Focusable(u.keys) {
		t.Errorf("focus stayed on %T", u.win.Canvas().Focused())
	}
	u.openSearch()
	u.sync()
	if u.win.Canvas().Focused() != fyne.Focusable(u.search.entry) {
		t.Error("the search field lost the keyboard")
	}
	u.closeSearch()
	press(u, fyne.KeyF1)
	press(u, fyne.KeySpace)
	if eng.Playing() {
		t.Error("Space behind the shortcuts sheet played")
	}
	press(u, fyne.KeyEscape)
	if sheetShown(u) {
		t.Error("Escape did not close the shortcuts sheet")
	}
	u.sync()
	press(u, fyne.KeySpace)
	if !eng.Playing() {
		t.Error("Space after the sheet closed did not play")
	}
}
