package sync

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Search finds text in a transcript regardless of case and accents:
// "cafe" finds "Café", "CAFÉ" and "cafe\u0301". Both the transcript and the
// query are folded: each character is decomposed (NFD), its combining
// marks dropped and the rest lower-cased; white space becomes a plain
// space and typographic quotes and apostrophes (‘ ’ “ ” and the like)
// their ASCII forms, so that "don't" finds "don’t". Matches are reported
// as byte offsets into the original Segment.Text, for highlighting.
//
// Transcript.Index folds the transcript once; SearchIndex.Find then looks
// a query up with strings.Index over the folded text.

// Match is a segment holding the query, and where.
type Match struct {
	Segment int      // index in Transcript.Segments
	Spans   [][2]int // byte offsets [start, end) of each match in the segment's Text, in order, not overlapping
}

// SearchIndex is a transcript folded for searching (see Transcript.Index).
// It does not change when the transcript does: index it again after
// editing or re-timing.
type SearchIndex struct {
	text   string      // the folded texts of all segments, one after another
	starts []int       // starts[i]: offset of segment i in text; starts[n] = len(text)
	groups []foldGroup // where folding changed the length of a character, segment by segment
	gfirst []int       // gfirst[i]: index in groups of segment i's first; gfirst[n] = len(groups)
	freq   [256]int    // how often each byte occurs in a sample of text
	sample int         // the size of the sample
}

// sampleStride is the distance between the bytes of text whose frequency
// SearchIndex keeps.
const sampleStride = 8

// foldGroup records one character of a segment's text whose folded form
// has another length than the character: at byte fo of the folded text,
// fn bytes stand for the on bytes at byte o of the original. Between
// groups the two texts match byte for byte.
type foldGroup struct {
	fo, fn, o, on int32
}

// Index returns the search index of t, folding every segment's text.
func (t *Transcript) Index() *SearchIndex {
	n := t.Len()
	x := &SearchIndex{starts: make([]int, n+1), gfirst: make([]int, n+1)}
	size := 0
	for i := 0; i < n; i++ {
		size += len(t.Segments[i].Text)
	}
	buf := make([]byte, 0, size+size/16)
	for i := 0; i < n; i++ {
		x.starts[i], x.gfirst[i] = len(buf), len(x.groups)
		buf = foldAppend(buf, t.Segments[i].Text, &x.groups)
	}
	x.starts[n], x.gfirst[n] = len(buf), len(x.groups)
	x.text = string(buf)
	for i := 0; i < len(buf); i += sampleStride {
		x.freq[buf[i]]++
		x.sample++
	}
	return x
}

// finder returns a function that finds the next occurrence of q in the
// folded text at or after an offset, or returns -1. When q holds a byte
// that is rare in the text it looks for that byte and compares around it,
// which skips most of the text at memory speed; otherwise it leaves the
// work to strings.Index.
//
// It also guesses how many matches there will be, from the sample.
func (x *SearchIndex) finder(q string) (find func(pos int) int, guess int) {
	j := 0 // the rarest byte of q
	for i := 1; i < len(q); i++ {
		if x.freq[q[i]] < x.freq[q[j]] {
			j = i
		}
	}
	if len(q) == 1 {
		guess = x.freq[q[0]] * sampleStride * 5 / 4
	}
	if x.freq[q[j]]*32 > x.sample {
		return func(pos int) int {
			if k := strings.Index(x.text[pos:], q); k >= 0 {
				return pos + k
			}
			return -1
		}, guess
	}
	c := q[j]
	return func(pos int) int {
		for from := pos + j; from < len(x.text); {
			k := strings.IndexByte(x.text[from:], c)
			if k < 0 {
				return -1
			}
			p := from + k - j
			if p+len(q) <= len(x.text) && x.text[p:p+len(q)] == q {
				return p
			}
			from += k + 1
		}
		return -1
	}, guess
}

// Find returns the segments whose text holds query, ignoring case and
// accents, in order, with the spans of the matches in each. It returns
// nil when the query folds to nothing (empty, or only combining marks).
func (x *SearchIndex) Find(query string) []Match {
	q := string(foldAppend(nil, query, nil))
	if q == "" || x == nil {
		return nil
	}
	type hit struct{ seg, from, to int } // spans[from:to] belong to seg
	var (
		hits  []hit
		spans [][2]int
		seg   int
		g     []foldGroup // the groups of seg
		gc    int         // groups in g that start before the last match
	)
	if len(x.starts) > 1 {
		g = x.groups[x.gfirst[0]:x.gfirst[1]]
	}
	find, guess := x.finder(q)
	if guess > 0 {
		spans = make([][2]int, 0, guess)
		hits = make([]hit, 0, min(guess, len(x.starts)))
	}
	for pos := 0; pos <= len(x.text)-len(q); {
		p := find(pos)
		if p < 0 {
			break
		}
		if p >= x.starts[seg+1] {
			// Find the segment holding p: the last that starts at or
			// before it (empty segments start where the next one does).
			next := seg + 1
			for next < seg+8 && next < len(x.starts)-1 && x.starts[next+1] <= p {
				next++
			}
			if x.starts[next+1] <= p {
				next += sort.Search(len(x.starts)-next-1, func(i int) bool { return x.starts[next+1+i] > p }) - 1
			}
			seg = next
			g, gc = x.groups[x.gfirst[seg]:x.gfirst[seg+1]], 0
		}
		end := p + len(q)
		if end > x.starts[seg+1] {
			// The match runs into the next segment; so would any later
			// match starting in this one.
			pos = x.starts[seg+1]
			continue
		}
		base := x.starts[seg]
		fs, fe := p-base, end-base
		if len(g) > 0 {
			fs, fe, gc = mapSpan(g, gc, fs, fe)
		}
		if len(hits) > 0 && hits[len(hits)-1].seg == seg {
			hits[len(hits)-1].to++
		} else {
			hits = append(hits, hit{seg, len(spans), len(spans) + 1})
		}
		spans = append(spans, [2]int{fs, fe})
		pos = end
	}
	if len(hits) == 0 {
		return nil
	}
	out := make([]Match, len(hits))
	for i, h := range hits {
		out[i] = Match{Segment: h.seg, Spans: spans[h.from:h.to:h.to]}
	}
	return out
}

// mapSpan maps the span [fs, fe) of a segment's folded text to its text,
// given the segment's groups g of which the first c start at or before
// fs. It widens the span to whole characters, and over the combining
// marks that follow it. It returns the span and how many groups start
// before fe, to pass as c for a later span.
func mapSpan(g []foldGroup, c, fs, fe int) (s, e, next int) {
	// at returns the original offset of folded byte k, given that the
	// first c groups start at or before it, and whether k is inside a
	// group.
	at := func(c, k int) (int, bool) {
		if c == 0 {
			return k, false
		}
		gi := g[c-1]
		if k < int(gi.fo+gi.fn) {
			return int(gi.o), true
		}
		return int(gi.o+gi.on) + k - int(gi.fo+gi.fn), false
	}
	for c < len(g) && int(g[c].fo) <= fs {
		c++
	}
	s, _ = at(c, fs)
	for c < len(g) && int(g[c].fo) <= fe-1 {
		c++
	}
	last, inside := at(c, fe-1)
	e = last + 1
	if inside {
		e = int(g[c-1].o + g[c-1].on)
	}
	// Marks that fold to nothing right after the match belong to its
	// last character.
	for i := c; i < len(g) && int(g[i].fo) == fe && g[i].fn == 0 && int(g[i].o) == e; i++ {
		e = int(g[i].o + g[i].on)
	}
	return s, e, c
}

// foldAppend appends the folded form of s to dst. When groups is not nil
// it records there the characters whose folded form has another length,
// with offsets from the start of s and of its folded form.
func foldAppend(dst []byte, s string, groups *[]foldGroup) []byte {
	base := len(dst)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
				c = ' '
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		at := len(dst)
		dst = foldRune(dst, r, s[i:i+size])
		if n := len(dst) - at; n != size && groups != nil {
			*groups = append(*groups, foldGroup{fo: int32(at - base), fn: int32(n), o: int32(i), on: int32(size)})
		}
		i += size
	}
	return dst
}

// foldRune appends the folded form of r, which is spelled raw in the
// text, to dst.
func foldRune(dst []byte, r rune, raw string) []byte {
	switch r {
	case '‘', '’', '‚', '‛', '′', 'ʼ':
		return append(dst, '\'')
	case '“', '”', '„', '‟', '″', '«', '»':
		return append(dst, '"')
	}
	if unicode.IsSpace(r) {
		return append(dst, ' ')
	}
	d := norm.NFD.PropertiesString(raw).Decomposition()
	if d == nil {
		if unicode.Is(unicode.Mn, r) {
			return dst
		}
		return utf8.AppendRune(dst, unicode.ToLower(r))
	}
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if !unicode.Is(unicode.Mn, c) {
			dst = utf8.AppendRune(dst, unicode.ToLower(c))
		}
	}
	return dst
}
