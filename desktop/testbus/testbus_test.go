package testbus

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestUse(t *testing.T) {
	addr := Use(t)
	if !strings.HasPrefix(addr, "unix:") || os.Getenv("DBUS_SESSION_BUS_ADDRESS") != addr {
		t.Fatalf("address %q, environment %q", addr, os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	}
	if _, err := exec.LookPath("dbus-send"); err != nil {
		t.Skip("dbus-send is not installed")
	}
	out, err := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
		"/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "org.freedesktop.DBus") {
		t.Fatalf("the private bus does not answer: %v: %s", err, out)
	}
}
