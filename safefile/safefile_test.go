package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// put writes s to path through Write.
func put(path string, overwrite bool, s string) error {
	return Write(path, overwrite, func(w io.Writer) error { _, err := io.WriteString(w, s); return err })
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers lists the files in dir other than the given ones.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		found := false
		for _, k := range keep {
			found = found || e.Name() == k
		}
		if !found {
			out = append(out, e.Name())
		}
	}
	return out
}

// with runs f with sys changed by change, restoring it after.
func with(t *testing.T, change func(*system)) {
	t.Helper()
	s := real
	change(&s)
	sys = s
	t.Cleanup(func() { sys = real })
}

func TestWriteMakesTheFileWithTheUsualMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "clip.srt")
	if err := put(p, false, "hello"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "hello" {
		t.Errorf("content %q", got)
	}
	st, _ := os.Stat(p)
	m := syscall.Umask(0)
	syscall.Umask(m)
	if want := fs.FileMode(0o666 &^ m); st.Mode().Perm() != want {
		t.Errorf("mode %v, want %v (0666 less the umask %03o)", st.Mode().Perm(), want, m)
	}
	if l := leftovers(t, dir, "clip.srt"); l != nil {
		t.Errorf("left behind: %q", l)
	}
}

func TestWriteNeverReplacesUnasked(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "keep.mp3")
	os.WriteFile(p, []byte("precious"), 0o644)
	err := put(p, false, "new")
	if !errors.Is(err, ErrExists) || err.Error() != p+" exists" || read(t, p) != "precious" {
		t.Fatalf("got %v, file %q", err, read(t, p))
	}
	if err := put(p, true, "new"); err != nil || read(t, p) != "new" {
		t.Fatalf("overwrite: %v, file %q", err, read(t, p))
	}
	// A file that appears while the export runs is not replaced either,
	// whichever way the disk lets the file be put in place.
	for _, disk := range []struct {
		name   string
		change func(*system)
	}{
		{"renameat2", func(*system) {}},
		{"hard link", func(s *system) {
			s.renameNoReplace = func(string, string) error { return &os.LinkError{Err: syscall.EINVAL} }
		}},
		{"exclusive create", func(s *system) {
			s.renameNoReplace = func(string, string) error { return &os.LinkError{Err: syscall.EINVAL} }
			s.link = func(string, string) error { return &os.LinkError{Err: syscall.EPERM} }
		}},
	} {
		t.Run(disk.name, func(t *testing.T) {
			with(t, disk.change)
			dir := t.TempDir()
			q := filepath.Join(dir, "race.mp3")
			err := Write(q, false, func(w io.Writer) error {
				os.WriteFile(q, []byte("theirs"), 0o644)
				_, err := io.WriteString(w, "ours")
				return err
			})
			if !errors.Is(err, ErrExists) || read(t, q) != "theirs" {
				t.Fatalf("got %v, file %q", err, read(t, q))
			}
			if l := leftovers(t, dir, "race.mp3"); l != nil {
				t.Errorf("left behind: %q", l)
			}
			// And without a competitor the file is written.
			r := filepath.Join(dir, "fresh.mp3")
			if err := put(r, false, "ours"); err != nil || read(t, r) != "ours" {
				t.Fatalf("fresh: %v", err)
			}
			if l := leftovers(t, dir, "race.mp3", "fresh.mp3"); l != nil {
				t.Errorf("left behind: %q", l)
			}
		})
	}
}

// failingFile fails its writes with err.
type failingFile struct {
	file
	err error
}

func (f failingFile) Write([]byte) (int, error) { return 0, f.err }

func TestErrorsSayWhatAndWhere(t *testing.T) {
	dir := t.TempDir()
	// Really: a folder that does not exist.
	err := put(filepath.Join(dir, "nodir", "x.mp3"), false, "x")
	if want := "cannot write x.mp3: folder " + filepath.Join(dir, "nodir") + " does not exist"; err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v, want %q", err, want)
	}
	cases := []struct {
		name   string
		change func(*system)
		want   string
		is     error
	}{
		{"read-only folder", func(s *system) {
			s.createTemp = func(string, string) (file, error) {
				return nil, &fs.PathError{Op: "open", Path: "/x/.x.mp3.1.part", Err: syscall.EACCES}
			}
		}, "cannot write in folder " + dir + ": permission denied", fs.ErrPermission},
		{"read-only disk", func(s *system) {
			s.createTemp = func(string, string) (file, error) {
				return nil, &fs.PathError{Op: "open", Path: "/x/.x.mp3.1.part", Err: syscall.EROFS}
			}
		}, "cannot write in folder " + dir + ": it is on a read-only disk", syscall.EROFS},
		{"full disk while writing", func(s *system) {
			s.createTemp = func(d, p string) (file, error) {
				f, err := real.createTemp(d, p)
				return failingFile{f, &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}}, err
			}
		}, "cannot write " + filepath.Join(dir, "x.mp3") + ": the disk is full", syscall.ENOSPC},
		{"full disk while copying to a FAT stick", func(s *system) {
			s.renameNoReplace = func(string, string) error { return &os.LinkError{Err: syscall.EINVAL} }
			s.link = func(string, string) error { return &os.LinkError{Err: syscall.EPERM} }
			s.createExcl = func(p string, m fs.FileMode) (file, error) {
				f, err := real.createExcl(p, m)
				return failingFile{f, syscall.ENOSPC}, err
			}
		}, "cannot write " + filepath.Join(dir, "x.mp3") + ": the disk is full", syscall.ENOSPC},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			with(t, c.change)
			err := put(filepath.Join(dir, "x.mp3"), false, "x")
			if err == nil || err.Error() != c.want || !errors.Is(err, c.is) {
				t.Errorf("got %v, want %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), ".part") {
				t.Errorf("the message names the temporary file: %v", err)
			}
			if l := leftovers(t, dir, "nodir"); l != nil {
				t.Errorf("left behind: %q", l)
			}
		})
	}
}

func TestFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "new.mp3")
	canceled := errors.New("export canceled")
	err := Write(p, false, func(w io.Writer) error { io.WriteString(w, "half"); return canceled })
	if !errors.Is(err, canceled) || !strings.Contains(err.Error(), p) {
		t.Fatalf("got %v, want the cause passed on with the path", err)
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("left behind: %q", l)
	}
}

func TestPlaceAFinishedFile(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, ".ep.mp3.part")
	os.WriteFile(part, []byte("downloaded"), 0o600)
	p := filepath.Join(dir, "ep.mp3")
	os.WriteFile(p, []byte("mine"), 0o644)
	if err := Place(part, p, false); !errors.Is(err, ErrExists) || read(t, p) != "mine" || read(t, part) != "downloaded" {
		t.Fatalf("placed over a file, or lost the download: %v", err)
	}
	q := filepath.Join(dir, "new.mp3")
	if err := Place(part, q, false); err != nil || read(t, q) != "downloaded" {
		t.Fatalf("place: %v", err)
	}
	if st, _ := os.Stat(q); st.Mode().Perm() != newFileMode() {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if _, err := os.Stat(part); err == nil {
		t.Error("the part is still there")
	}
}
