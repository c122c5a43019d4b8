package transcriptview

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// MaxTextWidth is the widest the text column runs at the theme's text
// size: about 75 characters, a comfortable line to read. Wider windows
// centre the column; larger text widens it in proportion.
const MaxTextWidth = 640

// baseTextSize is the text size MaxTextWidth is meant for (the reading
// theme's size at scale 1).
const baseTextSize = 15

// progressHeight is the thickness of the progress mark under a line.
const progressHeight = 2

// metrics are the sizes a row is laid out with, taken from the theme and
// the view's width. Measured word widths are kept here too: they hold
// for one text size.
type metrics struct {
	textSize    float32 // the transcript's text size
	textH       float32 // the height of one line of text
	pitch       float32 // from one line of text to the next
	space       float32 // the width of a space
	pad         float32 // the theme's padding
	headSize    float32 // a heading's text size
	headH       float32 // a heading's text height
	stampW      float32 // the column of time stamps
	stampH      float32 // a time stamp's height, whose font is not the text's
	barW        float32 // the accent bar
	x0, textX   float32 // where the column starts, where its text starts
	textW       float32 // the width text wraps at
	width       float32 // the view's width these were made for
	avgChar     float32 // the width of an average character, for estimates
	widestStamp string

	widths map[string]float32 // measured words, regular
	bold   map[string]float32 // measured words, bold
}

// newMetrics measures the theme th for a view width wide, with stamps no
// wider than widestStamp.
func newMetrics(th fyne.Theme, width float32, widestStamp string) *metrics {
	m := &metrics{widths: map[string]float32{}, bold: map[string]float32{}, widestStamp: widestStamp}
	m.textSize = th.Size(theme.SizeNameText)
	m.pad = th.Size(theme.SizeNamePadding)
	m.textH = fyne.MeasureText("Mg", m.textSize, fyne.TextStyle{}).Height
	m.pitch = m.textH + th.Size(theme.SizeNameLineSpacing)
	m.space = fyne.MeasureText("x x", m.textSize, fyne.TextStyle{}).Width - 2*fyne.MeasureText("x", m.textSize, fyne.TextStyle{}).Width
	m.headSize = m.textSize * 1.2
	m.headH = fyne.MeasureText("Mg", m.headSize, fyne.TextStyle{Bold: true}).Height
	const sample = "the quick brown fox jumps over the lazy dog and so on, "
	m.avgChar = fyne.MeasureText(sample, m.textSize, fyne.TextStyle{}).Width / float32(len(sample))
	m.stampW = fyne.MeasureText(widestStamp, m.textSize, fyne.TextStyle{Monospace: true}).Width + 2*th.Size(theme.SizeNameInnerPadding)
	m.barW = m.pad * 0.75
	m.width = width
	// The column is centred in the view; it never runs under the scroll
	// bar at the right edge.
	content := m.barW + m.stampW + m.pad + MaxTextWidth*m.textSize/baseTextSize
	if room := width - scrollbarWidth; content > room {
		content = room
	} else {
		m.x0 = float32(math.Floor(float64(min((width-content)/2, room-content))))
	}
	m.textX = m.x0 + m.barW + m.stampW + m.pad
	m.textW = max(content-m.barW-m.stampW-m.pad, 50)
	m.stampH = fyne.MeasureText(widestStamp, m.textSize, fyne.TextStyle{Monospace: true}).Height
	return m
}

// same reports whether m was made for this theme, width and stamp.
func (m *metrics) same(th fyne.Theme, width float32, widestStamp string) bool {
	return m != nil && m.width == width && m.widestStamp == widestStamp &&
		m.textSize == th.Size(theme.SizeNameText) && m.pad == th.Size(theme.SizeNamePadding) &&
		m.pitch == m.textH+th.Size(theme.SizeNameLineSpacing)
}

// wordWidth is the width of s in the text's style, measured once.
func (m *metrics) wordWidth(s string, bold bool) float32 {
	cache := m.widths
	if bold {
		cache = m.bold
	}
	if w, ok := cache[s]; ok {
		return w
	}
	w := fyne.MeasureText(s, m.textSize, fyne.TextStyle{Bold: bold}).Width
	cache[s] = w
	return w
}

// Vertical parts of a row.
func (m *metrics) rowTop() float32    { return m.pad * 1.5 }
func (m *metrics) rowBottom() float32 { return m.pad * 1.5 }
func (m *metrics) speakerH() float32  { return m.textH + m.pad/2 }

// headingHeight is the height of a heading row: space above, the title,
// and a rule under it.
func (m *metrics) headingHeight() float32 { return m.pad*3 + m.headH + m.pad*2 }

// token is a word of a line's text: its bytes, and its width.
type token struct {
	from, to int
	w        float32
}

// tokens splits text at white space.
func tokens(text string) []token {
	var out []token
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, token{from: start, to: i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, token{from: start, to: len(text)})
	}
	return out
}

// rowLayout is where everything in a row goes, relative to the row's top
// left and the text column's left edge.
type rowLayout struct {
	height  float32
	textTop float32   // where the first line of text starts
	toks    []token   // the words, measured
	x       []float32 // each word's x in the text column
	line    []int     // each word's line, from 0
	lines   int       // how many lines the text takes
}

// layoutRow lays row r out at m's width: greedy word wrap, a word wider
// than the column on a line of its own (it runs over; the column is never
// narrower than 50 units).
func layoutRow(r *Row, m *metrics, speaker bool) rowLayout {
	if r.Heading != "" {
		return rowLayout{height: m.headingHeight(), textTop: m.pad * 3}
	}
	l := rowLayout{textTop: m.rowTop(), toks: tokens(r.Text)}
	if speaker {
		l.textTop += m.speakerH()
	}
	l.x = make([]float32, len(l.toks))
	l.line = make([]int, len(l.toks))
	x, line := float32(0), 0
	for i := range l.toks {
		t := &l.toks[i]
		t.w = m.wordWidth(r.Text[t.from:t.to], false)
		if x > 0 && x+m.space+t.w > m.textW {
			x, line = 0, line+1
		} else if x > 0 {
			x += m.space
		}
		l.x[i], l.line[i] = x, line
		x += t.w
	}
	l.lines = line + 1
	l.height = l.textTop + float32(l.lines)*m.pitch - (m.pitch - m.textH) + m.rowBottom()
	return l
}

// estimate guesses row r's height from its length, without measuring a
// word: what rows far from the view get until they come near.
func estimate(r *Row, m *metrics, speaker bool) float32 {
	if r.Heading != "" {
		return m.headingHeight()
	}
	n := utf8.RuneCountInString(r.Text)
	lines := max(1, int(math.Ceil(float64(float32(n)*m.avgChar/m.textW))))
	h := m.rowTop() + float32(lines)*m.pitch - (m.pitch - m.textH) + m.rowBottom()
	if speaker {
		h += m.speakerH()
	}
	return h
}

// collapse writes text[from:to] with every run of white space as one
// space, as the layout places it.
func collapse(text string) string {
	if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) && !strings.Contains(text, "  ") {
		return text
	}
	return strings.Join(strings.Fields(text), " ")
}
