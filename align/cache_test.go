package align

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tsync "readalong/sync"
)

func TestCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	tr, r := spliced()
	dir := t.TempDir()
	ep := filepath.Join(dir, "episode.mp3")
	if err := os.WriteFile(ep, []byte("not really audio"), 0o644); err != nil {
		t.Fatal(err)
	}
	k, err := KeyFile(ep, tr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(k); !errors.Is(err, ErrNotCached) {
		t.Fatalf("Load before Save: %v, want ErrNotCached", err)
	}
	if err := Save(k, r); err != nil {
		t.Fatal(err)
	}
	got, err := Load(k)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("Load gave\n%+v\nwant\n%+v", got, r)
	}
	cache, _ := CacheDir()
	if !strings.HasPrefix(cache, os.Getenv("XDG_CACHE_HOME")) || !strings.HasSuffix(cache, filepath.Join("readalong", "align")) {
		t.Errorf("cache folder %s, want readalong/align under $XDG_CACHE_HOME", cache)
	}

	// Another transcript or other audio is another key.
	tr2 := tsync.New(append([]tsync.Segment(nil), tr.Segments...))
	tr2.Segments[1].Text = "two B"
	k2, _ := KeyFile(ep, tr2)
	os.WriteFile(ep, []byte("other audio"), 0o644)
	k3, _ := KeyFile(ep, tr)
	if k2 == k || k3 == k || k2 == k3 {
		t.Errorf("keys %s %s %s: want three different", k, k2, k3)
	}

	// A damaged or foreign file is not used.
	p := filepath.Join(cache, string(k)+".json")
	b, _ := os.ReadFile(p)
	for name, data := range map[string]string{
		"truncated": string(b[:len(b)/2]),
		"other key": strings.Replace(string(b), string(k), string(k2), 1),
		"version":   strings.Replace(string(b), cacheVersion, "align-0", 1),
		"bad line":  strings.Replace(string(b), `"i":1`, `"i":7`, 1),
	} {
		os.WriteFile(p, []byte(data), 0o644)
		if _, err := Load(k); !errors.Is(err, ErrNotCached) {
			t.Errorf("%s: Load gave %v, want ErrNotCached", name, err)
		}
	}
	if _, err := Load("../../etc/passwd"); err == nil || !strings.Contains(err.Error(), "not an alignment cache key") {
		t.Errorf("a key that is not a hash: %v", err)
	}
}

// FuzzDecodeCached checks that no cache file content crashes Load, and
// that what it accepts is consistent.
func FuzzDecodeCached(f *testing.F) {
	_, r := spliced()
	dir := f.TempDir()
	k := Key(strings.Repeat("ab", 32))
	if err := saveIn(dir, k, r); err != nil {
		f.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, string(k)+".json"))
	f.Add(b)
	f.Add([]byte(`{"version":"align-1","key":"` + string(k) + `","lines":[{"i":0,"s":-5}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := decodeCached("fuzz.json", k, data)
		if err != nil {
			if !errors.Is(err, ErrNotCached) {
				t.Fatalf("error %v does not wrap ErrNotCached", err)
			}
			return
		}
		for i, l := range res.Lines {
			if l.Index != i || l.Start < 0 || l.End != 0 && l.End < l.Start {
				t.Fatalf("accepted line %d: %+v", i, l)
			}
		}
	})
}
