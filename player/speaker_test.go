//go:build !linux

package player

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"
)

func TestSpeakerStartAnswersPromptly(t *testing.T) {
	var pulls int
	var mu sync.Mutex
	s := beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		mu.Lock()
		pulls++
		mu.Unlock()
		clear(samples)
		return len(samples), true
	})
	done := make(chan error, 1)
	go func() { done <- NewSpeaker(DefaultLatency).Start(SampleRate, s) }()
	select {
	case err := <-done:
		mu.Lock()
		defer mu.Unlock()
		if err == nil && pulls < firstPullCalls {
			t.Errorf("Start returned nil but the device asked only %d times", pulls)
		}
		if errors.Is(err, ErrNoDevice) && pulls >= firstPullCalls {
			t.Errorf("ErrNoDevice although the device asked %d times", pulls)
		}
		t.Logf("speaker: err=%v pulls=%d", err, pulls)
	case <-time.After(5 * time.Second):
		t.Fatal("Speaker.Start hung with no answer")
	}
}
