package transcriptview

import (
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Row is one row of the view: a transcript line, or a heading between
// lines (a chapter's title).
type Row struct {
	// Heading, when set, makes the row a heading showing it; Start is
	// then where its section starts, and the other fields are unused.
	Heading string
	// Start and End are when the line is spoken.
	Start, End time.Duration
	// Stamp is the time shown beside the line.
	Stamp string
	// Speaker is shown above the line when it differs from the line
	// above's, in SpeakerColor (a colour name of the view's theme).
	Speaker      string
	SpeakerColor fyne.ThemeColorName
	Text         string
	// Words are the line's words with their times, in order, when the
	// source gives them; nil otherwise.
	Words []Word
	// Unsure marks a line whose time could not be confirmed (an
	// alignment that failed there).
	Unsure bool
}

// Word is a word of a line: when it is spoken, and where it stands in
// the line's text (bytes [From, To)).
type Word struct {
	Start    time.Duration
	From, To int
}

// Playhead is where the episode is: at instant At it was at Pos, and it
// moves on at Rate episode seconds per second of wall time (the playing
// speed; 0 when paused).
type Playhead struct {
	Pos  time.Duration
	At   time.Time
	Rate float64
}

// Now is the position at wall time t.
func (p Playhead) Now(t time.Time) time.Duration {
	if p.Rate == 0 {
		return p.Pos
	}
	return p.Pos + time.Duration(float64(t.Sub(p.At))*p.Rate)
}

// When is the wall time at which the position reaches pos (the zero time
// when paused or already past).
func (p Playhead) When(pos time.Duration) time.Time {
	if p.Rate <= 0 || pos < p.Pos {
		return time.Time{}
	}
	return p.At.Add(time.Duration(float64(pos-p.Pos) / p.Rate))
}

// DefaultLead is how early the view makes a change, for the time the
// frame takes to reach the screen: Fyne draws a changed window at its
// next 60 Hz tick, drawing takes a few milliseconds (software OpenGL
// under Xvfb), and the screen takes its own frame to show it. Measured
// end to end (make e2e: the null sink's recording against a 60 fps
// capture of the screen), with a 40 ms lead the highlight came 13–17 ms
// after the line was heard on an idle machine and 25–40 ms after under
// make test's load. A highlight a little early is the lesser fault: a
// sound after what is seen is noticed later than one before it.
const DefaultLead = 55 * time.Millisecond

// View shows the transcript. Its methods must be called on the Fyne
// goroutine, like any widget's.
type View struct {
	widget.BaseWidget

	// OnTapped is called with the row clicked.
	OnTapped func(row int)
	// OnTappedSecondary is called with the row right-clicked and where,
	// in absolute coordinates (for a menu).
	OnTappedSecondary func(row int, at fyne.Position)
	// OnFollowingChanged is called when following the spoken line stops
	// (the user scrolled away) or starts again.
	OnFollowingChanged func(following bool)
	// OnCurrentChanged is called when the row shown as spoken changes
	// (-1 for none).
	OnCurrentChanged func(row int)
	// OnMoved is called when the view scrolled: the first row whose top
	// is in view, and the content's offset.
	OnMoved func(first int, offset float32)
	// OnDragged is called while the mouse is dragged across rows, with
	// the row where the drag began and the row under the pointer; done
	// is set when the button is released.
	OnDragged func(from, to int, done bool)

	// Lead is how much ahead of the playhead the view shows; DefaultLead
	// unless set.
	Lead time.Duration

	rows      []Row
	lines     []int  // the rows that are lines (not headings), in order
	speaker   []bool // whether each row shows its speaker
	stamp     string // the widest stamp, for the stamp column
	hs        heights
	m         *metrics
	layouts   map[int]*rowLayout
	size      fyne.Size
	top       int     // the row at the view's top edge
	topOff    float64 // how much of it is above the edge
	play      Playhead
	current   int
	word      int
	progress  float32 // of the current row, when it has no word times
	cursor    int
	sel       [2]time.Duration // the selection, [in, out); empty when in == out
	hits      map[int][][2]int
	hitRow    int
	hitGen    int
	follow    bool
	holding   bool // a click is being answered: the view stays put
	glide     *glide
	clock     clock
	stopTimer func()
	due       time.Time // when the timer fires
	moved     [2]float64
	drag      *dragState
	r         *renderer
}

var (
	_ fyne.Tappable          = (*View)(nil)
	_ fyne.SecondaryTappable = (*View)(nil)
	_ fyne.Scrollable        = (*View)(nil)
	_ fyne.Draggable         = (*View)(nil)
	_ desktop.Cursorable     = (*View)(nil)
)

// New returns an empty view that follows the spoken line.
func New() *View {
	v := &View{current: -1, word: -2, cursor: -1, hitRow: -1, follow: true, layouts: map[int]*rowLayout{}}
	v.ExtendBaseWidget(v)
	return v
}

// SetRows shows rows, which must be in time order. The view keeps its
// place by time: the row at its top is the one that was there, or the
// first one starting at or after its time.
func (v *View) SetRows(rows []Row) {
	var at time.Duration
	keep := v.top >= 0 && v.top < len(v.rows)
	if keep {
		at = v.rows[v.top].Start
	}
	v.rows = rows
	v.lines = v.lines[:0]
	v.speaker = make([]bool, len(rows))
	prev := ""
	widest := "00:00"
	for i := range rows {
		r := &rows[i]
		if r.Heading != "" {
			prev = ""
			continue
		}
		v.lines = append(v.lines, i)
		v.speaker[i] = r.Speaker != "" && r.Speaker != prev
		prev = r.Speaker
		if len(r.Stamp) > len(widest) {
			widest = r.Stamp
		}
	}
	v.stamp = widest
	v.hits, v.hitRow = nil, -1
	v.hitGen++
	v.cursor = -1
	v.current, v.word, v.progress = -1, -2, 0
	v.m = nil // measured again: the rows are new
	v.stopGlide()
	v.top, v.topOff = 0, 0
	if keep && len(rows) > 0 {
		v.top = sort.Search(len(rows), func(i int) bool { return rows[i].Start >= at })
		v.top = min(v.top, len(rows)-1)
	}
	v.update(false)
	v.Refresh()
}

// Rows returns the rows shown.
func (v *View) Rows() []Row { return v.rows }

// SetPlayhead tells the view where the episode is and how fast it moves;
// the view moves its highlight by itself from then on.
func (v *View) SetPlayhead(p Playhead) {
	v.play = p
	v.update(true)
}

// Playhead returns what SetPlayhead was last given.
func (v *View) Playhead() Playhead { return v.play }

// Current returns the row shown as spoken, -1 for none.
func (v *View) Current() int { return v.current }

// At returns the row spoken at pos: the last line starting at or before
// it, -1 before the first.
func (v *View) At(pos time.Duration) int {
	i := sort.Search(len(v.lines), func(i int) bool { return v.rows[v.lines[i]].Start > pos }) - 1
	if i < 0 {
		return -1
	}
	return v.lines[i]
}

// SetOutlined outlines row (-1 for none): the line the keyboard acts on.
func (v *View) SetOutlined(row int) {
	if row == v.cursor {
		return
	}
	v.cursor = row
	v.Refresh()
}

// Outlined returns the outlined row, -1 for none.
func (v *View) Outlined() int { return v.cursor }

// SetSelection marks the rows spoken in [in, out), the clip; in == out
// clears it.
func (v *View) SetSelection(in, out time.Duration) {
	if v.sel == [2]time.Duration{in, out} {
		return
	}
	v.sel = [2]time.Duration{in, out}
	v.Refresh()
}

// selected reports whether row i is in the selection.
func (v *View) selected(i int) bool {
	r := &v.rows[i]
	return v.sel[0] < v.sel[1] && r.Heading == "" && r.Start < v.sel[1] && r.End > v.sel[0]
}

// SetHits marks search matches: byte spans of each row's text, by row;
// the matches of row current are shown as the one jumped to (-1 for
// none). nil clears them.
func (v *View) SetHits(hits map[int][][2]int, current int) {
	v.hits, v.hitRow = hits, current
	v.hitGen++
	v.Refresh()
}

// Following reports whether the view keeps the spoken line in view.
func (v *View) Following() bool { return v.follow }

// setFollowing starts or stops following, telling OnFollowingChanged.
func (v *View) setFollowing(on bool) {
	if v.follow == on {
		return
	}
	v.follow = on
	if !on {
		v.stopGlide()
	}
	if v.OnFollowingChanged != nil {
		v.OnFollowingChanged(on)
	}
}

// StopFollowing leaves the view where it is until ShowNow, as when the
// user reads elsewhere (a search jumps there).
func (v *View) StopFollowing() { v.setFollowing(false) }

// ShowNow follows the spoken line again and puts it a third of the way
// down the view.
func (v *View) ShowNow() {
	v.setFollowing(true)
	if v.current >= 0 {
		v.JumpTo(v.current)
	}
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	v.r = newRenderer(v)
	return v.r
}

// MinSize is small: the view takes the room it is given.
func (v *View) MinSize() fyne.Size {
	v.ExtendBaseWidget(v)
	return fyne.NewSize(200, 100)
}

// Cursor is part of desktop.Cursorable: a line is something to click.
func (v *View) Cursor() desktop.Cursor { return desktop.PointerCursor }
