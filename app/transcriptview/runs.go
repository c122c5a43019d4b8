package transcriptview

import (
	"sort"
	"time"
)

// style is how a piece of a line's text is drawn.
type style uint8

const (
	styleText       style = iota // the text colour
	styleWord                    // the word being spoken
	styleUpcoming                // words of the line being spoken not spoken yet
	styleHit                     // a search match
	styleHitCurrent              // the search match jumped to
)

// run is a piece of a row's text drawn in one style on one line.
type run struct {
	line int
	x    float32 // from the text column's left edge
	text string
	st   style
}

// look is what a row's runs were built from: when it is the same, the
// runs are.
type look struct {
	word    int // the word being spoken, -2 when the row is not spoken or has no word times
	hits    int // the hits' version
	current bool
}

// wordAt is the index of the word of r being spoken at pos: the last one
// that has started, -1 before the first.
func wordAt(r *Row, pos time.Duration) int {
	return sort.Search(len(r.Words), func(i int) bool { return r.Words[i].Start > pos }) - 1
}

// runs cuts row r, laid out as l, into pieces of one style: the word
// being spoken (playing, or -2 for a row not being spoken) and the words
// around it, and the search matches (hits, byte spans; the current one
// when current is set). Each word is cut where its style changes, so the
// text never wraps differently whatever is highlighted.
func runs(r *Row, l *rowLayout, m *metrics, playing int, hits [][2]int, current bool) []run {
	var cuts []int
	if playing > -2 {
		for _, w := range r.Words {
			cuts = append(cuts, w.From, w.To)
		}
	}
	for _, h := range hits {
		cuts = append(cuts, h[0], h[1])
	}
	sort.Ints(cuts)
	// styleAt is the style of the text from byte a on.
	wi, hi := 0, 0
	styleAt := func(a int) style {
		for hi < len(hits) && hits[hi][1] <= a {
			hi++
		}
		if hi < len(hits) && hits[hi][0] <= a {
			if current {
				return styleHitCurrent
			}
			return styleHit
		}
		if playing <= -2 {
			return styleText
		}
		for wi < len(r.Words) && r.Words[wi].To <= a {
			wi++
		}
		// Text between words takes the state of the word it leads to;
		// text after the last word, the last word's.
		switch {
		case wi == len(r.Words) && playing >= wi-1:
			return styleText
		case wi < playing:
			return styleText
		case wi == playing && wi < len(r.Words) && a >= r.Words[wi].From:
			return styleWord
		case wi <= playing:
			return styleText
		}
		return styleUpcoming
	}
	var out []run
	c := 0
	for i, t := range l.toks {
		for c < len(cuts) && cuts[c] <= t.from {
			c++
		}
		a := t.from
		for a < t.to {
			b := t.to
			if c < len(cuts) && cuts[c] < t.to {
				b = cuts[c]
				c++
			}
			if a == b {
				continue
			}
			st := styleAt(a)
			x := l.x[i]
			if a > t.from {
				x += m.wordWidth(r.Text[t.from:a], false)
			}
			piece := r.Text[a:b]
			if k := len(out) - 1; k >= 0 && out[k].line == l.line[i] && out[k].st == st {
				if a == t.from {
					out[k].text += " " + piece
				} else {
					out[k].text += piece
				}
			} else {
				out = append(out, run{line: l.line[i], x: x, text: piece, st: st})
			}
			a = b
		}
	}
	return out
}
