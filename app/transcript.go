package app

import (
	"image/color"
	"strings"
	"time"

	"readalong/app/seekbar"
	"readalong/app/transcriptview"
	"readalong/clock"
	tsync "readalong/sync"
)

// wordSpans gives the words of segment s with where each stands in its
// text, for the word-by-word highlight, or nil when it has no word
// times. A word not found in the text (the source disagreeing with
// itself) gets an empty span where the search got to.
func wordSpans(s tsync.Segment) []transcriptview.Word {
	if len(s.Words) == 0 {
		return nil
	}
	out := make([]transcriptview.Word, len(s.Words))
	at := 0
	for i, w := range s.Words {
		word := strings.TrimSpace(w.Text)
		j := strings.Index(s.Text[at:], word)
		out[i].Start = w.Start
		if word == "" || j < 0 {
			out[i].From, out[i].To = at, at
			continue
		}
		out[i].From, out[i].To = at+j, at+j+len(word)
		at += j + len(word)
	}
	return out
}

// showMarks marks the search matches (in lines and headings) and the
// clip in the rows.
func (u *UI) showMarks() {
	e := &u.ep
	hits := e.search.Spans()
	if hits != nil && (e.filter.Only != "" || e.titles.Len() > 0) || len(e.search.Titles) > 0 {
		// Rows are not lines when some are headings or not listed.
		byRow := make(map[int][][2]int, len(hits)+len(e.search.Titles))
		for seg, sp := range hits {
			if row := u.rowOf(seg); row >= 0 {
				byRow[row] = sp
			}
		}
		for _, k := range e.search.Titles {
			byRow[u.headingRow(k)] = nil
		}
		hits = byRow
	}
	cur := -1
	if tg, ok := e.search.Current(); ok {
		cur = u.rowOf(tg.Seg)
		if tg.Title >= 0 {
			cur = u.headingRow(tg.Title)
		}
	}
	u.view.SetHits(hits, cur)
	u.view.SetSelection(e.sel.In, e.sel.Out)
}

// showTurns puts the speakers' turns on the seek bar.
func (u *UI) showTurns() {
	tr := u.ep.tr
	dur := u.last.Duration
	var turns []seekbar.Turn
	for i, s := range tr.Segments {
		end := tr.EndOf(i, dur)
		var col color.Color
		if s.Speaker != "" {
			col = speakerColor(u.legend.index(s.Speaker), variant())
		}
		if n := len(turns); n > 0 && turns[n-1].Color == col && turns[n-1].To >= s.Start {
			turns[n-1].To = max(turns[n-1].To, end)
			continue
		}
		turns = append(turns, seekbar.Turn{From: s.Start, To: end, Color: col})
	}
	u.bar.SetTurns(turns)
}

// describeAt is the seek bar's hover text: the time and the line spoken
// then.
func (u *UI) describeAt(at time.Duration) string {
	t := clock.Short(at)
	i := u.ep.tr.At(at)
	if i < 0 {
		return t
	}
	s := u.ep.tr.Segments[i]
	if s.Speaker != "" {
		return t + " · " + s.Speaker + ": " + s.Text
	}
	return t + " · " + s.Text
}

// headingRow is the view row showing heading k (an index into the
// chapters listed).
func (u *UI) headingRow(k int) int {
	for row, t := range u.ep.rowTitle {
		if t == k {
			return row
		}
	}
	return -1
}
