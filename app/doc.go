// Package app is Readalong's window: the transcript as a list that follows
// the episode, and the transport controls.
//
// It holds no audio code. It drives an Engine (the player) and reads a
// transcript from package sync; on a ticker it asks the engine where the
// listener is and updates the widgets inside fyne.Do.
package app
