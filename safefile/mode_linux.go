package safefile

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames from to to unless to exists (renameat2 with
// RENAME_NOREPLACE). Disks that cannot do it answer EINVAL.
func renameNoReplace(from, to string) error {
	err := unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, to, unix.RENAME_NOREPLACE)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

// umask is the process's file creation mask, read once.
var umask = sync.OnceValue(func() fs.FileMode {
	// /proc tells it without changing it (Linux 4.7 and later).
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Umask:"); ok {
				if n, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return fs.FileMode(n)
				}
			}
		}
	}
	// Otherwise set it and put it back: the only other way to read it.
	m := unix.Umask(0o022)
	unix.Umask(m)
	return fs.FileMode(m)
})

// newFileMode is the mode a new file gets: 0666 less the umask.
func newFileMode() fs.FileMode { return 0o666 &^ umask() }
