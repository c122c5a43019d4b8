package app

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	tsync "readalong/sync"
)

// wordSpans returns where each of segment seg's words stands in its text,
// as byte offsets, or nil when the segment has no word times. A word not
// found in the text (the source disagreeing with itself) gets an empty
// span at the place reached.
func (u *UI) wordSpans(seg int) [][2]int {
	s := u.tr.Segments[seg]
	if len(s.Words) == 0 {
		return nil
	}
	if sp, ok := u.words[seg]; ok {
		return sp
	}
	spans := make([][2]int, len(s.Words))
	at := 0
	for i, w := range s.Words {
		word := strings.TrimSpace(w.Text)
		j := strings.Index(s.Text[at:], word)
		if word == "" || j < 0 {
			spans[i] = [2]int{at, at}
			continue
		}
		spans[i] = [2]int{at + j, at + j + len(word)}
		at += j + len(word)
	}
	u.words[seg] = spans
	return spans
}

// wordAt is the index of the word of s being spoken at pos: the last word
// that has started, -1 before the first.
func wordAt(s tsync.Segment, pos time.Duration) int {
	return sort.Search(len(s.Words), func(i int) bool { return s.Words[i].Start > pos }) - 1
}

// textLook names what a row's styled text depends on: the playing word
// (or -2 when the row is not being spoken) and the search matches shown.
func (u *UI) textLook(seg int, pos time.Duration) rowLook {
	w := -2
	if seg == u.current && u.tr.Segments[seg].Words != nil {
		w = wordAt(u.tr.Segments[seg], pos)
	}
	return rowLook{valid: true, word: w, matches: u.search.version, found: u.search.currentSeg == seg}
}

// rowLook is what a row's styled text was built from; the zero value
// matches no look, so that the text is built again.
type rowLook struct {
	valid   bool
	word    int  // the word being spoken, -2 when the row is not spoken
	matches int  // the search state shown (searchState.version)
	found   bool // the row holds the match jumped to
}

// textSegments styles segment seg's text for its row: its search matches
// in the match colour (the one jumped to in a stronger
// colour), and in the line being spoken with word times, the spoken words
// in the text colour, the word being spoken in the accent colour and the
// words to come dimmed. Each word and match is a piece of its own in
// every row that has them, so the text wraps the same whatever is
// highlighted.
func (u *UI) textSegments(seg int, pos time.Duration) []widget.RichTextSegment {
	s := u.tr.Segments[seg]
	words := u.wordSpans(seg)
	hits := u.search.spans[seg]
	cuts := []int{0, len(s.Text)}
	for _, w := range words {
		cuts = append(cuts, w[0], w[1])
	}
	for _, h := range hits {
		cuts = append(cuts, h[0], h[1])
	}
	sort.Ints(cuts)
	playing := -2
	if seg == u.current && words != nil {
		playing = wordAt(s, pos)
	}
	var out []widget.RichTextSegment
	wi, hi := 0, 0
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		if a == b {
			continue
		}
		style := widget.RichTextStyleInline
		if playing > -2 {
			for wi < len(words) && words[wi][1] <= a {
				wi++
			}
			// Spaces take the state of the word they lead to.
			switch {
			case wi < playing:
			case wi == playing && a >= words[wi][0]:
				style.ColorName = theme.ColorNamePrimary
			case wi <= playing:
			default:
				style.ColorName = colorUpcoming
			}
		}
		for hi < len(hits) && hits[hi][1] <= a {
			hi++
		}
		if hi < len(hits) && hits[hi][0] <= a {
			style.ColorName = colorHit
			if u.search.currentSeg == seg {
				style.ColorName = colorHitCurrent
			}
		}
		out = append(out, &widget.TextSegment{Text: s.Text[a:b], Style: style})
	}
	if len(out) == 0 {
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleInline})
	}
	return out
}

// lineProgress is how far through line seg pos is, from 0 to 1, by time.
func (u *UI) lineProgress(seg int, pos time.Duration) float32 {
	start := u.tr.Segments[seg].Start
	end := u.tr.EndOf(seg, u.engine.Duration())
	if end <= start {
		return 1
	}
	return float32(max(0, min(float64(pos-start)/float64(end-start), 1)))
}

// spokenPoint is where in line seg's text the voice is at pos, as a
// fraction of the text: by its words when it has word times, else by
// time.
func (u *UI) spokenPoint(seg int, pos time.Duration) float32 {
	s := u.tr.Segments[seg]
	if w := wordAt(s, pos); len(s.Words) > 0 && w >= 0 && len(s.Text) > 0 {
		return float32(u.wordSpans(seg)[w][0]) / float32(len(s.Text))
	}
	return u.lineProgress(seg, pos)
}

// progressMark is how far the progress mark under line seg reaches: its
// progress by time, or nothing for a line with word times, whose words
// show it.
func (u *UI) progressMark(seg int, pos time.Duration) float32 {
	if len(u.tr.Segments[seg].Words) > 0 {
		return 0
	}
	return u.lineProgress(seg, pos)
}
