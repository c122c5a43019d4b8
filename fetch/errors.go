package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
)

// What failed. Every *Error carries one of these as its Kind, so callers
// test with errors.Is(err, fetch.ErrDNS).
var (
	ErrDNS       = errors.New("DNS lookup failed")
	ErrConnect   = errors.New("cannot connect")
	ErrTLS       = errors.New("secure connection failed")
	ErrTimeout   = errors.New("timed out")
	ErrStatus    = errors.New("HTTP error")
	ErrNetwork   = errors.New("connection failed")
	ErrNotFeed   = errors.New("not a podcast feed")
	ErrTooLarge  = errors.New("too large")
	ErrLength    = errors.New("the server's length was wrong")
	ErrScheme    = errors.New("not an http or https link")
	ErrRedirects = errors.New("too many redirects")
	ErrRange     = errors.New("bad range response")
	ErrChanged   = errors.New("changed on the server during the download")
	ErrCanceled  = errors.New("canceled")
	ErrClosed    = errors.New("download closed")
)

// Error is a failed fetch: the URL (with credentials and token-like query
// parameters redacted), what failed (Kind, one of the Err* values), the
// HTTP status when that was it, and the underlying error.
type Error struct {
	URL    string // redacted: safe to show and log
	Kind   error  // ErrDNS, ErrConnect, ErrTLS, ErrStatus, …
	Status int    // the HTTP status, for ErrStatus
	Err    error  // the cause, or nil
}

// Error formats the error as "URL: what failed: cause".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.URL)
	b.WriteString(": ")
	if e.Kind == ErrStatus && e.Status != 0 {
		fmt.Fprintf(&b, "HTTP %d %s", e.Status, http.StatusText(e.Status))
	} else {
		b.WriteString(e.Kind.Error())
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(stripURLs(e.Err.Error()))
	}
	return b.String()
}

// Unwrap gives both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// newError makes an *Error for rawURL, redacting it.
func newError(rawURL string, kind error, err error) *Error {
	return &Error{URL: Redact(rawURL), Kind: kind, Err: err}
}

// errorf makes an *Error whose cause is a formatted message.
func errorf(rawURL string, kind error, format string, args ...any) *Error {
	return newError(rawURL, kind, fmt.Errorf(format, args...))
}

// classify turns an error from the HTTP client or from reading a body
// into an *Error naming what failed.
func classify(rawURL string, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		return err
	}
	// The client wraps everything in a *url.Error naming the unredacted
	// URL; keep only its cause.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	var op *net.OpError
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return newError(rawURL, ErrCanceled, nil)
	case errors.Is(err, errIdle):
		return newError(rawURL, ErrTimeout, err)
	case errors.As(err, &dns):
		msg := "no such host " + dns.Name
		if !dns.IsNotFound {
			msg = dns.Err + " looking up " + dns.Name
		}
		return newError(rawURL, ErrDNS, errors.New(msg))
	case errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid),
		errors.As(err, &verify), errors.As(err, &record), strings.HasPrefix(err.Error(), "tls: "),
		strings.Contains(err.Error(), "HTTP response to HTTPS client"):
		return newError(rawURL, ErrTLS, err)
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return newError(rawURL, ErrTimeout, err)
	case errors.As(err, &op) && op.Op == "dial":
		var errno syscall.Errno
		if errors.As(op.Err, &errno) {
			return newError(rawURL, ErrConnect, errno)
		}
		return newError(rawURL, ErrConnect, op.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return newError(rawURL, ErrConnect, err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF):
		return newError(rawURL, ErrNetwork, errors.New("the connection was dropped"))
	}
	return newError(rawURL, ErrNetwork, err)
}

// stripURLs redacts anything that looks like a URL in a message, in case
// an underlying error quotes the unredacted one.
func stripURLs(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "http://")
		if j := strings.Index(s, "https://"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i
		for j < len(s) && !strings.ContainsRune(" \"'\n\t", rune(s[j])) {
			j++
		}
		b.WriteString(s[:i])
		b.WriteString(Redact(s[i:j]))
		s = s[j:]
	}
}

// secretParams are query parameter names (lower case) whose values are
// credentials. Names containing one of secretParts count too.
var secretParams = map[string]bool{
	"key": true, "sig": true, "auth": true, "pass": true, "code": true, "jwt": true,
	"policy": true, "key-pair-id": true, "expires": false, "uid": true, "user": true,
}

var secretParts = []string{"token", "secret", "signature", "password", "passwd", "apikey", "api_key", "access", "credential", "session", "auth"}

// Redact returns rawURL safe to show: user name and password removed,
// the values of token-like query parameters and path segments that look
// like access tokens replaced by "REDACTED". Private podcast feeds carry
// their keys in all three places.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		// Not a URL we can take apart: show only what cannot hold a key.
		if i := strings.IndexAny(rawURL, "?#@"); i >= 0 {
			rawURL = rawURL[:i] + "…"
		}
		if len(rawURL) > 80 {
			rawURL = rawURL[:80] + "…"
		}
		return rawURL
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		var parts []string
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, _, hasV := strings.Cut(kv, "=")
			name, _ := url.QueryUnescape(k)
			if hasV && secretName(name) {
				kv = k + "=REDACTED"
			}
			parts = append(parts, kv)
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	segs := strings.Split(u.EscapedPath(), "/")
	changed := false
	for i, s := range segs {
		if tokenLike(s) {
			segs[i], changed = "REDACTED", true
		}
	}
	if changed {
		u.RawPath = strings.Join(segs, "/")
		u.Path, _ = url.PathUnescape(u.RawPath)
	}
	return u.String()
}

func secretName(name string) bool {
	n := strings.ToLower(name)
	if v, ok := secretParams[n]; ok {
		return v
	}
	for _, p := range secretParts {
		if strings.Contains(n, p) {
			return true
		}
	}
	return strings.HasPrefix(n, "x-amz-") || strings.HasPrefix(n, "x-goog-")
}

// tokenLike reports whether a path segment looks like an access token: at
// least 24 characters of letters, digits, '-' and '_', mixing letters
// and digits, without a file extension.
func tokenLike(s string) bool {
	if len(s) < 24 || strings.Contains(s, ".") {
		return false
	}
	letters, digits := 0, 0
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letters++
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == '_':
		default:
			return false
		}
	}
	return letters >= 4 && digits >= 4
}
