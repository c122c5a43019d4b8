package desktop

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// handoffTimeout bounds how long a second start waits for the running
// window to open what it was given.
const handoffTimeout = 30 * time.Second

// Handoff gives args (files or URIs, as the command line had them) to the
// Readalong already running on the session bus, one OpenUri each, and
// raises its window. handled is true when one was running: the caller's
// work is done (err says whether the running one could open them).
// Without a session bus, or with no Readalong on it, handled is false and
// err nil: the caller opens its own window.
func Handoff(args []string) (handled bool, err error) {
	conn, err := connect()
	if err != nil {
		return false, nil
	}
	defer conn.Close()
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, BusName).Store(&owned); err != nil || !owned {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), handoffTimeout)
	defer cancel()
	obj := conn.Object(BusName, ObjectPath)
	for _, a := range args {
		c := obj.CallWithContext(ctx, PlayerIface+".OpenUri", 0, ArgURI(a))
		if gone(c.Err) {
			return false, nil // it quit meanwhile: open here
		}
		if c.Err != nil {
			return true, &HandoffError{Arg: a, Err: callError(c.Err)}
		}
	}
	if c := obj.CallWithContext(ctx, RootIface+".Raise", 0); c.Err != nil {
		if gone(c.Err) {
			return false, nil
		}
		return true, fmt.Errorf("raising the running Readalong: %w", callError(c.Err))
	}
	return true, nil
}

// HandoffError is a file or URI the running Readalong could not open.
type HandoffError struct {
	Arg string // as given on the command line
	Err error
}

func (e *HandoffError) Error() string {
	return fmt.Sprintf("the running Readalong could not open %s: %v", e.Arg, e.Err)
}

func (e *HandoffError) Unwrap() error { return e.Err }

// gone reports a call that failed because nobody owns the name any more.
func gone(err error) bool {
	var de dbus.Error
	if errors.As(err, &de) {
		return de.Name == "org.freedesktop.DBus.Error.ServiceUnknown" || de.Name == "org.freedesktop.DBus.Error.NameHasNoOwner"
	}
	return false
}

// callError is the message a remote player gave, without D-Bus's wrapping.
func callError(err error) error {
	var de dbus.Error
	if errors.As(err, &de) && len(de.Body) > 0 {
		if s, ok := de.Body[0].(string); ok {
			return errors.New(s)
		}
	}
	return err
}

// ArgURI is a command-line argument as a URI: a URI (scheme://…, or a
// scheme such as podcast: or feed:) as it is, a path as an absolute
// file:// URI.
func ArgURI(arg string) string {
	if _, err := os.Stat(arg); err == nil {
		return FileURI(arg) // a file, even one named like a URI
	}
	if u, err := url.Parse(arg); err == nil && len(u.Scheme) > 1 && (u.Host != "" || u.Opaque != "" || strings.HasPrefix(arg, u.Scheme+":/")) {
		return arg
	}
	return FileURI(arg)
}

// PathOf is the local path of a file:// URI, or "" when uri is not one.
func PathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") {
		return ""
	}
	return u.Path
}

// absPath is path made absolute, or as it is when it cannot be.
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}
