package fetch

import (
	"compress/gzip"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGetSendsUserAgentAndReads(t *testing.T) {
	old := Version
	Version = "1.2.3"
	defer func() { Version = old }()
	var ua string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, "<rss/>")
	}))
	resp, data, err := New(Options{}).Fetch(context.Background(), Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if ua != "Readalong/1.2.3 (+https://github.com/readalong)" {
		t.Errorf("User-Agent %q", ua)
	}
	if string(data) != "<rss/>" || resp.ContentType != "application/rss+xml" || resp.Status != 200 {
		t.Errorf("got %q, type %q, status %d", data, resp.ContentType, resp.Status)
	}
}

// TestGzip: a server that compresses when asked is read transparently.
func TestGzip(t *testing.T) {
	body := strings.Repeat("<item>compressible</item>", 2000)
	var asked string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.Header.Get("Accept-Encoding")
		if !strings.Contains(asked, "gzip") {
			io.WriteString(w, body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		z := gzip.NewWriter(w)
		io.WriteString(z, body)
		z.Close()
	}))
	_, data, err := New(Options{}).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(asked, "gzip") {
		t.Errorf("Accept-Encoding %q: gzip not asked for", asked)
	}
	if string(data) != body {
		t.Errorf("read %d bytes, want %d", len(data), len(body))
	}
}

func TestConditionalGet(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, "<rss/>")
	}))
	c := New(Options{})
	resp, _, err := c.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil || resp.ETag != `"v1"` || resp.LastModified == "" {
		t.Fatalf("first get: %v, ETag %q", err, resp.ETag)
	}
	resp, data, err := c.Fetch(context.Background(), Request{URL: srv.URL, ETag: resp.ETag, LastModified: resp.LastModified})
	if err != nil || !resp.NotModified || data != nil {
		t.Fatalf("conditional get: err %v, not modified %v, data %q", err, resp.NotModified, data)
	}
}

// TestRedirects: permanent redirects are reported (Moved) so a stored
// feed can follow them, temporary ones are not; more than ten fail;
// redirects to other schemes fail.
func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<rss/>") })
	mux.Handle("/p301", http.RedirectHandler("/p308", http.StatusMovedPermanently))
	mux.Handle("/p308", http.RedirectHandler("/feed", http.StatusPermanentRedirect))
	mux.Handle("/t302", http.RedirectHandler("/p301", http.StatusFound))
	mux.Handle("/file", http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	mux.HandleFunc("/loop/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/loop/"))
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
	})
	srv := serve(t, mux)
	c := New(Options{})
	resp, _, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/p301"})
	if err != nil || resp.Moved != srv.URL+"/feed" || resp.URL != srv.URL+"/feed" {
		t.Errorf("301→308→feed: err %v, moved %q, url %q", err, resp.Moved, resp.URL)
	}
	resp, _, err = c.Fetch(context.Background(), Request{URL: srv.URL + "/t302"})
	if err != nil || resp.Moved != "" {
		t.Errorf("302 then permanent ones: err %v, moved %q (a temporary redirect must not move a feed)", err, resp.Moved)
	}
	_, _, err = c.Fetch(context.Background(), Request{URL: srv.URL + "/loop/0"})
	if !errors.Is(err, ErrRedirects) || !strings.Contains(err.Error(), srv.URL+"/loop/0") {
		t.Errorf("redirect loop: %v", err)
	}
	_, _, err = c.Fetch(context.Background(), Request{URL: srv.URL + "/file"})
	if !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to file: %v", err)
	}
	_, _, err = c.Fetch(context.Background(), Request{URL: "file:///etc/passwd"})
	if !errors.Is(err, ErrScheme) {
		t.Errorf("file URL: %v", err)
	}
}

// TestErrorsNameWhatFailed: each failure is an *Error of its kind naming
// the URL, with the credentials in it redacted.
func TestErrorsNameWhatFailed(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/missing", http.NotFoundHandler())
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10000")
		io.WriteString(w, strings.Repeat("x", 4000))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
		io.WriteString(w, strings.Repeat("x", 5000))
	})
	mux.HandleFunc("/bigchunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 10; i++ {
			io.WriteString(w, strings.Repeat("x", 1000))
			w.(http.Flusher).Flush()
		}
	})
	srv := serve(t, mux)
	tls := newTLSServer(t)
	// A port nothing listens on.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + l.Addr().String()
	l.Close()
	secret := "?token=s3cr3t&page=2"
	cases := []struct {
		url    string
		max    int64
		kind   error
		status int
		says   string
	}{
		{srv.URL + "/missing" + secret, 0, ErrStatus, 404, "HTTP 404 Not Found"},
		{srv.URL + "/short" + secret, 0, ErrLength, 0, "Content-Length said 10000 bytes, the server sent 4000"},
		{srv.URL + "/big" + secret, 1000, ErrTooLarge, 0, "Content-Length of 5.0 kB, more than the 1.0 kB"},
		{srv.URL + "/bigchunked" + secret, 2500, ErrTooLarge, 0, "more than the 2.5 kB"},
		{closed + "/feed" + secret, 0, ErrConnect, 0, "connection refused"},
		{tls.URL + "/feed" + secret, 0, ErrTLS, 0, "certificate"},
	}
	c := New(Options{})
	for _, cs := range cases {
		_, _, err := c.Fetch(context.Background(), Request{URL: cs.url, Max: cs.max, What: "feed"})
		var fe *Error
		if !errors.As(err, &fe) || !errors.Is(err, cs.kind) {
			t.Errorf("%s: %v, want an *Error of kind %v", cs.url, err, cs.kind)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "s3cr3t") || !strings.Contains(msg, "token=REDACTED") || !strings.Contains(msg, strings.SplitN(cs.url, "?", 2)[0]) {
			t.Errorf("%s: message %q does not name the URL redacted", cs.url, msg)
		}
		if !strings.Contains(msg, cs.says) || fe.Status != cs.status {
			t.Errorf("%s: message %q (status %d), want it to say %q", cs.url, msg, fe.Status, cs.says)
		}
	}
}

func newTLSServer(t *testing.T) *httptest.Server {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<rss/>") }))
	t.Cleanup(srv.Close)
	return srv
}

// TestTLSVerified: a server whose certificate the client does not trust
// fails; trusting its authority makes it work.
func TestTLSVerified(t *testing.T) {
	srv := newTLSServer(t)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	_, data, err := New(Options{RootCAs: pool}).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil || string(data) != "<rss/>" {
		t.Fatalf("trusted server: %v", err)
	}
}

// TestTimeouts: a server slow to answer fails with ErrTimeout after the
// header timeout; one that stops sending mid-body, after the idle
// timeout; a slow but steady body is not cut.
func TestTimeouts(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/slow-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/stalls", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		io.WriteString(w, strings.Repeat("x", 1000))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/steady", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 12; i++ {
			io.WriteString(w, strings.Repeat("x", 100))
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	})
	srv := serve(t, mux)
	c := New(Options{HeaderTimeout: 200 * time.Millisecond, IdleTimeout: 300 * time.Millisecond})
	start := time.Now()
	_, _, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/slow-headers"})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "/slow-headers") {
		t.Errorf("slow headers: %v", err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("slow headers took %v to fail", el)
	}
	_, _, err = c.Fetch(context.Background(), Request{URL: srv.URL + "/stalls"})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "no data for 300ms") {
		t.Errorf("stalled body: %v", err)
	}
	// 600 ms in all, never 300 ms silent: no timeout.
	_, data, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/steady"})
	if err != nil || len(data) != 1200 {
		t.Errorf("steady body: %v, %d bytes", err, len(data))
	}
}

func TestCancel(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, _, err := New(Options{}).Fetch(ctx, Request{URL: srv.URL})
	if !errors.Is(err, ErrCanceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestClassifyDNS(t *testing.T) {
	err := classify("https://user:pw@no-such-host.invalid/feed.xml", &net.DNSError{Err: "no such host", Name: "no-such-host.invalid", IsNotFound: true})
	if !errors.Is(err, ErrDNS) || err.Error() != "https://REDACTED@no-such-host.invalid/feed.xml: DNS lookup failed: no such host no-such-host.invalid" {
		t.Errorf("%v", err)
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"https://example.com/feed.xml":                                     "https://example.com/feed.xml",
		"https://user:pass@example.com/feed.xml":                           "https://REDACTED@example.com/feed.xml",
		"https://example.com/rss?auth=abc123&format=mp3":                   "https://example.com/rss?auth=REDACTED&format=mp3",
		"https://example.com/f?access_token=x&api_key=y&Signature=z&p=1":   "https://example.com/f?access_token=REDACTED&api_key=REDACTED&Signature=REDACTED&p=1",
		"https://cdn.example.com/a.mp3?X-Amz-Credential=k&X-Amz-Expires=9": "https://cdn.example.com/a.mp3?X-Amz-Credential=REDACTED&X-Amz-Expires=REDACTED",
		"https://feeds.example.com/private/Ab3dE5fG7hJ9kL1mN3pQ5rS7/feed":  "https://feeds.example.com/private/REDACTED/feed",
		"https://example.com/episodes/2024-01-02-episode-name.mp3":         "https://example.com/episodes/2024-01-02-episode-name.mp3",
		"https://example.com/f#frag":                                       "https://example.com/f",
		"not a url ?token=x":                                               "not a url …",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
