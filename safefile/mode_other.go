//go:build !linux

package safefile

import (
	"errors"
	"io/fs"
)

// renameNoReplace is not available here: Write falls back to a hard link
// or an exclusive create.
func renameNoReplace(from, to string) error { return errors.ErrUnsupported }

// newFileMode is the mode a new file gets where Go does not expose a
// umask (the system applies its own defaults).
func newFileMode() fs.FileMode { return 0o644 }
