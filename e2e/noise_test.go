package e2e

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTerminalHoldsOnlyReadalongsWords: under the C.UTF-8 locale (many
// machines' default) neither a command nor the window prints the
// libraries' complaints on stderr: a command's stderr, and the window's
// terminal, are for Readalong's own messages.
func TestTerminalHoldsOnlyReadalongsWords(t *testing.T) {
	h := newHarness(t)
	bin := h.buildBinary()
	ep := testEpisode(t)
	info := exec.Command(bin, "info", ep.MP3)
	info.Env = h.env // LANG=C.UTF-8
	out, err := info.CombinedOutput()
	h.check(err == nil && strings.HasPrefix(string(out), "file:"), "readalong info: %v\n%s", err, out)
	for _, bad := range []string{"Fyne error", "locale", "ALSA lib"} {
		h.check(!strings.Contains(string(out), bad), "readalong info printed %q:\n%s", bad, out)
	}
	// The window, with nothing to say: nothing on its terminal.
	h.startX()
	h.startPulse()
	a := h.launchEnv(bin, nil, ep.MP3)
	time.Sleep(3 * time.Second)
	h.check(alive(a.cmd), "the window exited; log in %s", a.log)
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-waited(a.cmd):
	case <-time.After(5 * time.Second):
		h.fail("the window did not quit on SIGTERM")
	}
	<-a.done
	log, _ := os.ReadFile(a.log)
	h.check(len(strings.TrimSpace(string(log))) == 0, "the window printed on its terminal:\n%s", log)
}
