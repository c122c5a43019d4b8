// Package transcriptview is the transcript as Readalong shows it: a
// scrolling column of lines (and headings between them) in which the line
// being spoken is highlighted, word by word where words have times, and
// kept in view.
//
// The view is a widget of its own rather than a widget.List because what
// it must do depends on exact geometry: keep the spoken line a quarter of
// the way down, follow a line taller than the window through as it is
// spoken, jump to a line far away and land on it, and change the
// highlight without moving any text. It lays out text itself (words are
// measured once and wrapped greedily), so it knows where every word is;
// rows near the view are measured exactly and rows far away estimated
// from their length, refined as they come near; row heights are kept in a
// Fenwick tree, so that row → y and y → row take O(log n) for any number
// of lines, and the scroll position is anchored to a row, so that a
// refined estimate above the view never moves what is on screen. Only
// the rows in view exist as canvas objects, taken from a pool.
//
// It knows nothing of the player. It is given rows (SetRows) and a
// Playhead: where the episode was at an instant and how fast it moves.
// From those it works out, by binary search over the rows' starts, which
// line is spoken at any moment, and it schedules its own redraw for the
// moment the next line or word begins (a little ahead, for the time the
// frame takes to reach the screen), so the highlight is on time without
// the window polling. It redraws nothing while nothing visible changes.
// What the user does is reported through callbacks (OnTapped,
// OnTappedSecondary, OnFollowingChanged, …), as Fyne's own widgets
// report through OnChanged.
package transcriptview
