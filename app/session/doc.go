// Package session holds what the window knows about the episode being
// read that is not about widgets: how its transcript is re-timed (Sync),
// the clip chosen (Selection), the search and where it stands (Search),
// and which lines are listed (Filter). They are plain values with table
// tests that need no display; the window only shows them.
package session
