//go:build !pocketsphinx

package align

import "fmt"

// modelAvailable says why there is no recogniser in this build.
func modelAvailable(model string) error {
	return fmt.Errorf("%w: Readalong was built without PocketSphinx; install libpocketsphinx-dev, libsphinxbase-dev and pocketsphinx-en-us (make deps) and build again with make (or go build -tags pocketsphinx)", ErrUnavailable)
}
