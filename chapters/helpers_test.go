package chapters

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runTool runs a command the test needs and returns its standard output,
// failing the test when the command is missing or fails.
func runTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: run make deps", name)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// copyTestAudio copies one of the player's test files into dir.
func copyTestAudio(t testing.TB, name, dir, as string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "player", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, as)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// titles lists chapters as "start title" for comparisons.
func titles(l List) string {
	var s []string
	for _, c := range l {
		e := Clock(c.Start) + " " + c.Title
		if c.Hidden {
			e += " (hidden)"
		}
		s = append(s, e)
	}
	return strings.Join(s, "; ")
}
