package app

import (
	"time"

	"readalong/player"
)

// Engine is the audio engine as the window uses it. *player.Player
// implements it; GUI tests use a fake.
type Engine interface {
	// LoadFile opens an episode from disk, paused at its start.
	LoadFile(path string) error
	// Load plays src from now on, paused at its start (an episode from
	// the web, as it downloads).
	Load(src player.Source)
	Play()
	Pause()
	// Seek moves to d, keeping playing or paused as it was.
	Seek(d time.Duration) error
	// SetSpeed sets the playback speed (pitch kept).
	SetSpeed(float64)
	// Status is the engine's state now, as one snapshot.
	Status() player.Status
	// Warning is what to know about the episode before playing, or "".
	Warning() string
	// Damage lists the damaged stretches of the episode found so far.
	Damage() []player.Damage
	// RetryOutput tries a missing or lost sound device again at once.
	RetryOutput()
}
