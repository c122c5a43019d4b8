package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Version is Readalong's version as the User-Agent names it. The command
// sets it at start-up; a Client reads it when it is made.
var Version = "dev"

// Default timeouts. A body has no deadline for the whole transfer, only
// for silence: an episode may take many minutes to arrive.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultTLSTimeout     = 15 * time.Second
	DefaultHeaderTimeout  = 30 * time.Second
	DefaultIdleTimeout    = 30 * time.Second
)

// MaxRedirects is how many redirects a request follows.
const MaxRedirects = 10

// Options tune a Client. The zero value gives the defaults.
type Options struct {
	ConnectTimeout time.Duration // TCP connect (DNS included)
	TLSTimeout     time.Duration // TLS handshake
	HeaderTimeout  time.Duration // from the request sent to the response headers
	IdleTimeout    time.Duration // longest silence while reading a body
	// RootCAs replaces the system's certificate authorities (tests trust
	// their own server this way). Certificates are always verified.
	RootCAs *x509.CertPool
	// UserAgent replaces "Readalong/<Version> (+https://github.com/readalong)".
	UserAgent string
}

// Client is an HTTP client for feeds, transcripts and episodes: timeouts
// on connecting, the TLS handshake, the response headers and silent
// bodies; gzip; at most MaxRedirects redirects, to http and https only;
// the proxy from the environment (HTTPS_PROXY, NO_PROXY, …); a
// User-Agent naming Readalong and its version; verified certificates.
// Its errors are *Error values naming the URL, redacted.
type Client struct {
	hc        *http.Client
	userAgent string
	idle      time.Duration
}

// New returns a Client.
func New(o Options) *Client {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ConnectTimeout, DefaultConnectTimeout)
	def(&o.TLSTimeout, DefaultTLSTimeout)
	def(&o.HeaderTimeout, DefaultHeaderTimeout)
	def(&o.IdleTimeout, DefaultIdleTimeout)
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   o.TLSTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		TLSClientConfig:       &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	ua := o.UserAgent
	if ua == "" {
		ua = "Readalong/" + Version + " (+https://github.com/readalong)"
	}
	c := &Client{userAgent: ua, idle: o.IdleTimeout}
	c.hc = &http.Client{Transport: tr, CheckRedirect: checkRedirect}
	return c
}

// UserAgent returns the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.userAgent }

// checkRedirect follows at most MaxRedirects redirects, to http and
// https URLs only.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= MaxRedirects {
		return errorf(via[0].URL.String(), ErrRedirects, "more than %d, last to %s", MaxRedirects, Redact(req.URL.String()))
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return errorf(via[len(via)-1].URL.String(), ErrScheme, "redirected to a %s: link", req.URL.Scheme)
	}
	return nil
}

// CheckURL parses rawURL and accepts only absolute http and https URLs:
// nothing a feed names may make Readalong open a local file or another
// scheme's handler.
func CheckURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, newError(rawURL, ErrScheme, errors.New("not a valid URL"))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, newError(rawURL, ErrScheme, nil)
	}
	if u.Host == "" {
		return nil, newError(rawURL, ErrScheme, errors.New("no host"))
	}
	return u, nil
}

// Request is what to get.
type Request struct {
	URL string
	// Conditional GET: the validators of the copy held. A server that
	// has nothing newer answers 304 and Response.NotModified is set.
	ETag, LastModified string
	// Max bounds the body (0: no bound). A larger Content-Length fails at
	// once, a longer body when reading crosses the bound; both ErrTooLarge.
	Max int64
	// Accept is the Accept header, if any.
	Accept string
	// What names the thing fetched in messages ("feed", "transcript").
	What string

	rangeFrom int64  // when > 0 or ranged: ask for bytes from here
	ranged    bool   // send a Range header
	ifRange   string // If-Range validator
}

// Response is a successful response. Its Body must be closed.
type Response struct {
	URL          string // the URL the body came from, after redirects
	Moved        string // the new URL when every redirect was permanent (301, 308), else ""
	Status       int
	NotModified  bool   // 304: the held copy is current
	ETag         string // validators for the next conditional GET
	LastModified string
	ContentType  string // media type without parameters, lower case
	Length       int64  // Content-Length, -1 when unknown
	Body         io.ReadCloser

	header http.Header
}

// Get sends a GET. Statuses other than 2xx and 304 are errors (ErrStatus).
// The Body stops with ErrTooLarge past Request.Max, with ErrTimeout after
// the idle timeout without data, with ErrLength when it ends before its
// Content-Length.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	if _, err := CheckURL(r.URL); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		cancel(nil)
		return nil, newError(r.URL, ErrScheme, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	if r.ranged {
		// A range of a compressed body means nothing: ask for the bytes.
		req.Header.Set("Accept-Encoding", "identity")
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", r.rangeFrom))
		if r.ifRange != "" {
			req.Header.Set("If-Range", r.ifRange)
		}
	}
	// The header timeout covers the whole request, redirects included.
	resp, err := c.hc.Do(req)
	if err != nil {
		cancel(nil)
		return nil, classify(r.URL, err)
	}
	final := resp.Request.URL.String()
	out := &Response{
		URL:          final,
		Moved:        permanentMove(resp),
		Status:       resp.StatusCode,
		NotModified:  resp.StatusCode == http.StatusNotModified,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Length:       resp.ContentLength,
		header:       resp.Header,
	}
	out.ContentType, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
	out.ContentType = strings.ToLower(out.ContentType)
	if resp.StatusCode >= 300 && !out.NotModified {
		resp.Body.Close()
		cancel(nil)
		e := newError(final, ErrStatus, nil)
		e.Status = resp.StatusCode
		return nil, e
	}
	if r.Max > 0 && resp.ContentLength > r.Max {
		resp.Body.Close()
		cancel(nil)
		return nil, errorf(final, ErrTooLarge, "%s of %s, more than the %s a %s may have",
			"Content-Length", sizeText(resp.ContentLength), sizeText(r.Max), what(r.What))
	}
	out.Body = newBody(ctx, cancel, resp.Body, final, resp.ContentLength, r.Max, r.What, c.idle)
	return out, nil
}

// Fetch gets a whole body into memory, bounded by r.Max. On 304 the data
// is nil and the Response says NotModified.
func (c *Client) Fetch(ctx context.Context, r Request) (*Response, []byte, error) {
	resp, err := c.Get(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.NotModified {
		return resp, nil, nil
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	return resp, data, nil
}

func what(s string) string {
	if s == "" {
		return "download"
	}
	return s
}

// sizeText writes a byte count for people: 512 bytes, 12.3 MB.
func sizeText(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

// permanentMove returns the final URL when every redirect that led to it
// was permanent (301 or 308), else "".
func permanentMove(resp *http.Response) string {
	req := resp.Request
	if req.Response == nil {
		return ""
	}
	for r := req; r.Response != nil; r = r.Response.Request {
		if s := r.Response.StatusCode; s != http.StatusMovedPermanently && s != http.StatusPermanentRedirect {
			return ""
		}
	}
	return req.URL.String()
}

// errIdle is the cause a body's context is canceled with when no data
// came for the idle timeout.
var errIdle = errors.New("no data received for too long")

// body wraps a response body: it enforces the size bound and the idle
// timeout, checks the length against Content-Length, and turns errors
// into *Error values.
type body struct {
	rc     io.ReadCloser
	url    string
	length int64
	max    int64
	what   string
	idle   time.Duration
	ctx    context.Context
	cancel context.CancelCauseFunc

	n     int64
	timer *time.Timer
	once  sync.Once
}

func newBody(ctx context.Context, cancel context.CancelCauseFunc, rc io.ReadCloser, url string, length, max int64, what string, idle time.Duration) *body {
	b := &body{rc: rc, url: url, length: length, max: max, what: what, idle: idle, ctx: ctx, cancel: cancel}
	b.timer = time.AfterFunc(idle, func() { cancel(errIdle) })
	return b
}

func (b *body) Read(p []byte) (int, error) {
	if b.max > 0 && b.n+int64(len(p)) > b.max+1 {
		p = p[:b.max+1-b.n]
	}
	b.timer.Reset(b.idle)
	n, err := b.rc.Read(p)
	b.n += int64(n)
	if b.max > 0 && b.n > b.max {
		return n, errorf(b.url, ErrTooLarge, "more than the %s a %s may have", sizeText(b.max), what(b.what))
	}
	switch {
	case err == nil:
		return n, nil
	case err == io.EOF:
		if b.length >= 0 && b.n != b.length {
			return n, errorf(b.url, ErrLength, "Content-Length said %d bytes, the server sent %d", b.length, b.n)
		}
		return n, io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF) && b.length >= 0:
		return n, errorf(b.url, ErrLength, "Content-Length said %d bytes, the server sent %d and closed the connection", b.length, b.n)
	}
	if context.Cause(b.ctx) == errIdle {
		return n, errorf(b.url, ErrTimeout, "no data for %v", b.idle)
	}
	return n, classify(b.url, err)
}

func (b *body) Close() error {
	b.once.Do(func() {
		b.timer.Stop()
		b.cancel(nil)
	})
	return b.rc.Close()
}
