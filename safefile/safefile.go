// Package safefile writes the files a user asks Readalong to make (clips,
// converted transcripts, downloads) so that nothing the user had is lost:
// the content goes to a temporary file beside the target, which takes the
// target's name only once it is complete, and never over a file that was
// not meant to be replaced, even one that appeared while writing.
//
// It is its own package because both the command line and the window
// write files, and neither is about audio or transcripts. What can go
// wrong is said in the user's terms: the folder that does not exist, the
// disk that is full, the file that exists; the temporary file is never
// named. Errors are *Error values that unwrap to the system's error, so
// errors.Is(err, fs.ErrNotExist) or errors.Is(err, syscall.ENOSPC) work,
// and to ErrExists when a file would be replaced.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrExists is the error (wrapped in an *Error) of a write that would
// replace a file when replacing was not allowed.
var ErrExists = errors.New("file exists")

// Error is a failed write: what was being done, to which file, and why.
type Error struct {
	Op   string // "create", "write" or "rename"
	Path string // the file the user asked for (never the temporary file)
	Err  error
}

// Error says what went wrong in the user's terms, naming the file or its
// folder.
func (e *Error) Error() string {
	dir := filepath.Dir(e.Path)
	switch {
	case errors.Is(e.Err, ErrExists):
		return e.Path + " exists"
	case errors.Is(e.Err, syscall.ENOSPC), errors.Is(e.Err, syscall.EDQUOT):
		return fmt.Sprintf("cannot write %s: the disk is full", e.Path)
	case e.Op == "create" && errors.Is(e.Err, fs.ErrNotExist):
		return fmt.Sprintf("cannot write %s: folder %s does not exist", filepath.Base(e.Path), dir)
	case e.Op == "create" && errors.Is(e.Err, syscall.ENOTDIR):
		return fmt.Sprintf("cannot write %s: %s is not a folder", filepath.Base(e.Path), dir)
	case e.Op == "create" && errors.Is(e.Err, syscall.EROFS):
		return fmt.Sprintf("cannot write in folder %s: it is on a read-only disk", dir)
	case e.Op == "create" && errors.Is(e.Err, fs.ErrPermission):
		return fmt.Sprintf("cannot write in folder %s: permission denied", dir)
	}
	return fmt.Sprintf("cannot write %s: %v", e.Path, cause(e.Err))
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// cause strips the paths a *PathError or *LinkError carries: they name
// the temporary file.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// Write writes path: write fills a temporary file in path's folder, which
// is renamed to path once write returned nil and the data is on disk. A
// failed or canceled write leaves nothing behind. Unless overwrite is
// set, Write never replaces a file, including one that appeared while it
// wrote: it returns an *Error wrapping ErrExists instead. The file gets
// the permissions a new file gets (0666 less the umask).
func Write(path string, overwrite bool, write func(io.Writer) error) (err error) {
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return &Error{"create", path, ErrExists}
		}
	}
	tmp, err := sys.createTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return &Error{"create", path, err}
	}
	defer func() {
		if err != nil {
			tmp.Close()
			sys.remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return &Error{"write", path, err}
	}
	if err := tmp.Sync(); err != nil {
		return &Error{"write", path, err}
	}
	if err := tmp.Close(); err != nil {
		return &Error{"write", path, err}
	}
	if err := sys.chmod(tmp.Name(), newFileMode()); err != nil {
		return &Error{"write", path, err}
	}
	if overwrite {
		if err := sys.rename(tmp.Name(), path); err != nil {
			return &Error{"rename", path, err}
		}
		return nil
	}
	if err := placeNew(tmp.Name(), path); err != nil {
		return &Error{"rename", path, err}
	}
	return nil
}

// Place gives the finished file tmp (a download, say, written beside
// path) the name path, as Write does: never over a file unless overwrite
// is set (an *Error wrapping ErrExists), and with the mode a new file
// gets. On an error tmp stays where it is (a download is not lost).
func Place(tmp, path string, overwrite bool) error {
	if err := sys.chmod(tmp, newFileMode()); err != nil {
		return &Error{"rename", path, err}
	}
	if overwrite {
		if err := sys.rename(tmp, path); err != nil {
			return &Error{"rename", path, err}
		}
		return nil
	}
	if err := placeNew(tmp, path); err != nil {
		return &Error{"rename", path, err}
	}
	return nil
}

// placeNew gives the complete temporary file tmp the name path, failing
// with ErrExists if path exists. It tries, in turn, what each kind of
// disk allows: a rename that refuses to replace (renameat2 with
// RENAME_NOREPLACE: local Linux disks), a hard link (most other disks),
// and an exclusive create and copy (FAT and exFAT sticks, some network
// shares, which have neither). tmp is gone once it is in place; on an
// error it is left for the caller.
func placeNew(tmp, path string) error {
	err := sys.renameNoReplace(tmp, path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return ErrExists
	}
	if !unsupported(err) {
		return err
	}
	err = sys.link(tmp, path)
	if err == nil {
		sys.remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return ErrExists
	}
	if !unsupported(err) {
		return err
	}
	if err = copyExclusive(tmp, path); err == nil {
		sys.remove(tmp)
	}
	return err
}

// unsupported reports whether err means the disk or the system does not
// do an operation at all, as opposed to refusing it here.
func unsupported(err error) bool {
	for _, e := range []error{syscall.EINVAL, syscall.ENOSYS, syscall.EPERM, syscall.EOPNOTSUPP, syscall.ENOTSUP, syscall.EXDEV, syscall.EMLINK, errors.ErrUnsupported} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// copyExclusive creates path, failing if it exists, and copies tmp into
// it; a failed copy removes what it created.
func copyExclusive(tmp, path string) (err error) {
	src, err := os.Open(tmp)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := sys.createExcl(path, newFileMode())
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrExists
		}
		return err
	}
	defer func() {
		if err != nil {
			dst.Close()
			sys.remove(path)
		}
	}()
	if _, err := io.Copy(dst, src); err != nil {
		return err
	}
	if err := dst.Sync(); err != nil {
		return err
	}
	return dst.Close()
}

// file is what Write needs of an open file.
type file interface {
	io.Writer
	Name() string
	Sync() error
	Close() error
}

// system is the file system calls Write makes: a seam through which the
// tests make a call fail as a full disk, a read-only folder or a FAT
// stick would.
type system struct {
	createTemp      func(dir, pattern string) (file, error)
	createExcl      func(path string, mode fs.FileMode) (file, error)
	rename          func(from, to string) error
	renameNoReplace func(from, to string) error
	link            func(from, to string) error
	chmod           func(path string, mode fs.FileMode) error
	remove          func(path string) error
}

// real is the system as it is.
var real = system{
	createTemp: func(dir, pattern string) (file, error) { return os.CreateTemp(dir, pattern) },
	createExcl: func(path string, mode fs.FileMode) (file, error) {
		return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	},
	rename:          os.Rename,
	renameNoReplace: renameNoReplace,
	link:            os.Link,
	chmod:           os.Chmod,
	remove:          os.Remove,
}

// sys is the system Write uses.
var sys = real
