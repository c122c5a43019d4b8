package chapters

import (
	"readalong/clock"

	"sort"
	"time"

	"readalong/player"
)

// Chapter is a stretch of an episode with a title.
type Chapter struct {
	Start time.Duration
	// End is where the chapter ends; after Merge it is set for every
	// chapter but the last of an episode whose length is not known (0).
	// A listed chapter runs over the hidden chapters after it, up to the
	// next listed one.
	End   time.Duration
	Title string
	URL   string // a web page about the chapter; http or https
	Image *Image // nil when it has none
	// Hidden chapters (Podcasting 2.0 "toc": false) are not listed, are
	// no jump points, get no heading and are not searched; their title
	// and image show while they play.
	Hidden bool

	line int    // where the chapter was read: a line of its file,
	elem string // or an element ("CHAPTER002", `CHAP "ch1"`)
}

// Image is a chapter's picture: bytes embedded in the episode, read when
// shown, or an image on the web.
type Image struct {
	// URL is the address of a remote image. Fetch it only once the user
	// has allowed remote images.
	URL string
	// Picture is an image embedded in the episode's tag, nil for a remote
	// one.
	Picture *player.Picture
}

// Remote reports whether the image must be fetched from the web.
func (im *Image) Remote() bool { return im != nil && im.Picture == nil && im.URL != "" }

// List is an episode's chapters, sorted by start.
type List []Chapter

// At returns the index of the chapter playing at pos: the last chapter,
// hidden or not, whose start is at or before pos; -1 before the first.
func (l List) At(pos time.Duration) int {
	return sort.Search(len(l), func(i int) bool { return l[i].Start > pos }) - 1
}

// Heading returns the index of the listed chapter pos lies in: the last
// chapter that is not hidden and starts at or before pos; -1 when there
// is none.
func (l List) Heading(pos time.Duration) int {
	for i := l.At(pos); i >= 0; i-- {
		if !l[i].Hidden {
			return i
		}
	}
	return -1
}

// Listed returns the indexes of the chapters that are not hidden: those
// a chapter list, headings and search show.
func (l List) Listed() []int {
	var out []int
	for i, c := range l {
		if !c.Hidden {
			out = append(out, i)
		}
	}
	return out
}

// jumpSlack is how close before a chapter's start a position counts as
// at that start: a player that jumped there reports its start rounded
// down to a sample, and Next must not land on the same chapter again.
const jumpSlack = time.Millisecond

// RestartWithin is how far into a chapter Prev goes back to the previous
// chapter rather than to the start of this one, as in mpv.
const RestartWithin = 3 * time.Second

// Next returns the index of the next listed chapter after pos, -1 when
// there is none. Hidden chapters are no jump points.
func (l List) Next(pos time.Duration) int {
	for i := l.At(pos+jumpSlack) + 1; i < len(l); i++ {
		if !l[i].Hidden {
			return i
		}
	}
	return -1
}

// Prev returns the index of the chapter to go back to from pos: the start
// of the current listed chapter when more than RestartWithin into it,
// else the listed chapter before it (the first chapter restarts). -1 when
// pos is before every listed chapter.
func (l List) Prev(pos time.Duration) int {
	cur := l.Heading(pos)
	if cur < 0 || pos-l[cur].Start > RestartWithin {
		return cur
	}
	for i := cur - 1; i >= 0; i-- {
		if !l[i].Hidden {
			return i
		}
	}
	return cur
}

// Clock writes d as H:MM:SS.mmm, as the command line lists chapters.
func Clock(d time.Duration) string { return clock.Long(d) }
