package chapters

import (
	"sort"
	"time"
)

// Kind is where chapters come from, which decides whom Merge trusts.
type Kind int

// The kinds of source, most trusted first.
const (
	Beside   Kind = iota // a chapters file beside the episode
	Feed                 // Podcasting 2.0 JSON chapters a feed names
	Embedded             // chapters in the audio file: ID3v2, Vorbis comments
	Podlove              // Podlove Simple Chapters in a feed
)

// Source is one source of an episode's chapters.
type Source struct {
	Kind     Kind
	Name     string // the file or URL, for warnings
	Chapters List   // as read, in the source's order
}

// matchWithin is how close two sources' starts must be for them to be the
// same chapter.
const matchWithin = time.Second

// Merge makes one list of the chapters of several sources. The most
// trusted source with chapters gives the list; each source after it fills
// in missing titles, links and images of chapters whose starts agree
// within a second. Each source is checked first: chapters out of order
// are sorted, chapters starting at the same time as one before them and
// chapters starting past the episode's end (duration; 0 when unknown) are
// dropped, each with a warning naming the source. Then every chapter gets
// its end: its own end time when that lies in (start, next start], else
// the next start, else the episode's end. For a listed chapter the next
// start is the next listed chapter's: hidden chapters lie inside it.
func Merge(duration time.Duration, sources ...Source) (List, []Warning) {
	srcs := append([]Source(nil), sources...)
	sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].Kind < srcs[j].Kind })
	var warns []Warning
	var base List
	for _, s := range srcs {
		l, ws := check(s, duration)
		warns = append(warns, ws...)
		if len(l) == 0 {
			continue
		}
		if base == nil {
			base = l
			continue
		}
		fill(base, l)
	}
	setEnds(base, duration)
	return base, warns
}

// check sorts a source's chapters and drops those that cannot be used.
func check(s Source, duration time.Duration) (List, []Warning) {
	w := &warner{file: s.Name}
	l := append(List(nil), s.Chapters...)
	sorted := true
	for i := 1; i < len(l); i++ {
		if l[i].Start < l[i-1].Start {
			w.at(&l[i], "starts at %s, before the chapter above it (%s): chapters sorted by start", Clock(l[i].Start), Clock(l[i-1].Start))
			sorted = false
		}
	}
	if !sorted {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Start < l[j].Start })
	}
	out := l[:0]
	for i := range l {
		c := l[i]
		switch {
		case duration > 0 && c.Start >= duration:
			w.at(&c, "starts at %s, past the episode's end (%s): dropped", Clock(c.Start), Clock(duration))
		case len(out) > 0 && out[len(out)-1].Start == c.Start:
			w.at(&c, "starts at %s, as the chapter before it does: dropped", Clock(c.Start))
		default:
			out = append(out, c)
		}
	}
	return out, w.done()
}

// fill completes base's chapters with what the matching chapters of l
// have. Both are sorted.
func fill(base, l List) {
	j := 0
	for i := range base {
		b := &base[i]
		for j < len(l) && l[j].Start < b.Start-matchWithin {
			j++
		}
		best := -1
		for k := j; k < len(l) && l[k].Start <= b.Start+matchWithin; k++ {
			if best < 0 || absDur(l[k].Start-b.Start) < absDur(l[best].Start-b.Start) {
				best = k
			}
		}
		if best < 0 {
			continue
		}
		o := l[best]
		if b.Title == "" {
			b.Title = o.Title
		}
		if b.URL == "" {
			b.URL = o.URL
		}
		if b.Image == nil {
			b.Image = o.Image
		}
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// setEnds gives each chapter of a sorted list its end.
func setEnds(l List, duration time.Duration) {
	for i := range l {
		c := &l[i]
		next := duration
		for k := i + 1; k < len(l); k++ {
			if c.Hidden || !l[k].Hidden {
				next = l[k].Start
				break
			}
		}
		if c.End > c.Start && (next == 0 || c.End <= next) {
			continue
		}
		c.End = next
	}
}

// Clip returns the chapters within [from, to) of an episode, cut to it
// and re-based to its start, for a clip of that stretch.
func Clip(l List, from, to time.Duration) List {
	var out List
	for _, c := range l {
		end := c.End
		if end == 0 || end > to {
			end = to
		}
		start := max(c.Start, from)
		if start >= end {
			continue
		}
		c.Start, c.End = start-from, end-from
		out = append(out, c)
	}
	return out
}
