//go:build !pocketsphinx

package align

import (
	"context"
	"errors"
	"strings"
	"testing"

	tsync "readalong/sync"
)

// Without PocketSphinx, alignment says so and what to install.
func TestUnavailable(t *testing.T) {
	err := Available()
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "libpocketsphinx-dev") {
		t.Errorf("Available() = %v, want ErrUnavailable naming the packages", err)
	}
	tr := tsync.New([]tsync.Segment{{Text: "hello"}})
	if _, err := Align(context.Background(), Stream(&tone{rate: 16000, freq: 440, n: 16000}, 16000), tr, Options{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Align: %v, want ErrUnavailable", err)
	}
}
