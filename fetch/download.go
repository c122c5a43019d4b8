package fetch

import (
	"readalong/safefile"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxEpisode bounds the size of an episode download (8 GB).
const MaxEpisode = 8 << 30

// Progress is how far a download has got.
type Progress struct {
	Have int64         // bytes held
	Size int64         // the whole, -1 while unknown
	Rate float64       // bytes per second, recently
	Left time.Duration // estimated time to the end, -1 when unknown
	Done bool          // every byte is held
	Err  error         // why the download stopped, when it failed
}

// DownloadOptions tune a Download.
type DownloadOptions struct {
	// OnProgress is called as bytes arrive (at most ten times a second),
	// when the download completes and when it fails. It must not block.
	OnProgress func(Progress)
	// Max bounds the size (default MaxEpisode).
	Max int64
	// Key identifies the episode (its guid), recorded in the range map.
	Key string
}

// Download is a file being downloaded, readable while it arrives. It
// writes to a data file and keeps, beside it in a ".ranges" file, the
// URL, the validators (ETag, Last-Modified), the length and the byte
// ranges held; a new Download on the same path resumes from them.
//
// Reads (ReadAt, Wait) block until their bytes have arrived. A read far
// from where the transfer is starts a ranged request there, so a seek
// into the part not yet downloaded is served within a round trip; at
// most three transfers run at once, and when a new one is needed the one
// that served a reader least recently is stopped. Once every reader is
// served, one transfer fills the remaining holes. A transfer stops where
// bytes are already held. A dropped connection is resumed with Range and
// If-Range; a server without range support is read through from the
// start; a resource that changed on the server fails the download with
// ErrChanged (and its bytes are dropped).
//
// All methods are safe for concurrent use.
type Download struct {
	c        *Client
	path     string
	metaPath string
	f        *os.File
	opt      DownloadOptions

	ctx        context.Context
	cancel     context.CancelFunc
	stopCancel func() bool // stops watching the caller's context
	wg         sync.WaitGroup

	mu          sync.Mutex
	changed     chan struct{} // closed and replaced when anything changes
	done        chan struct{} // closed when complete or failed
	m           meta
	err         error
	closed      bool
	refs        int  // Close calls needed to close it
	noRanges    bool // the server ignores Range: read through
	workers     map[*worker]bool
	wants       map[*want]bool
	lastWant    int64
	rate        rateMeter
	lastSave    time.Time
	lastProg    time.Time
	progPending bool  // a progress report is due at the end of the interval
	grown       int64 // bytes since the last onGrow call
	onGrow      func()
	onClose     func()
}

// meta is the range map file beside the data.
type meta struct {
	Key          string    `json:"key,omitempty"`
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Size         int64     `json:"size"` // -1 while unknown
	Ranges       Ranges    `json:"ranges"`
	LastPlayed   time.Time `json:"last_played"`
}

type worker struct {
	pos         int64 // next byte it writes
	started     time.Time
	served      time.Time // when it last gave a waiting reader its bytes
	readThrough bool
	cancel      context.CancelFunc
}

type want struct {
	off int64 // first byte missing
	at  time.Time
}

// progressEvery is the shortest interval between progress reports.
const progressEvery = 100 * time.Millisecond

// maxWorkers is how many transfers of one download run at once.
const maxWorkers = 3

// maxRetries is how many attempts in a row may fail without a byte
// arriving before the download fails.
const maxRetries = 5

// rangesExt is the suffix of the range map file.
const rangesExt = ".ranges"

// Download starts (or resumes) downloading rawURL into the file at path,
// keeping its range map at path+".ranges". ctx bounds the transfers: when
// it is done they stop and the download fails with ErrCanceled, its bytes
// kept for a later resume. Close it when done with it.
func (c *Client) Download(ctx context.Context, rawURL, path string, opt DownloadOptions) (*Download, error) {
	if _, err := CheckURL(rawURL); err != nil {
		return nil, err
	}
	if opt.Max <= 0 {
		opt.Max = MaxEpisode
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	d := &Download{
		c: c, path: path, metaPath: path + rangesExt, f: f, opt: opt,
		changed: make(chan struct{}), done: make(chan struct{}),
		workers: map[*worker]bool{}, wants: map[*want]bool{}, refs: 1,
	}
	d.ctx, d.cancel = context.WithCancel(ctx)
	d.stopCancel = context.AfterFunc(ctx, func() { d.fail(newError(rawURL, ErrCanceled, context.Cause(ctx))) })
	d.m = d.loadMeta(rawURL)
	d.m.URL, d.m.Key = rawURL, opt.Key
	d.mu.Lock()
	if d.completeLocked() {
		close(d.done)
	} else {
		d.scheduleLocked()
	}
	d.mu.Unlock()
	return d, nil
}

// loadMeta reads the range map, keeping it only if it is consistent with
// the data file; otherwise the download starts afresh.
func (d *Download) loadMeta(rawURL string) meta {
	fresh := meta{URL: rawURL, Size: -1}
	b, err := os.ReadFile(d.metaPath)
	if err != nil {
		return fresh
	}
	var m meta
	if json.Unmarshal(b, &m) != nil || !m.Ranges.valid(m.Size) {
		return fresh
	}
	st, err := d.f.Stat()
	if err != nil || (len(m.Ranges) > 0 && st.Size() < m.Ranges[len(m.Ranges)-1].End) {
		return fresh
	}
	return m
}

// Path is the data file.
func (d *Download) Path() string { return d.path }

// URL is the URL downloaded.
func (d *Download) URL() string { return d.m.URL }

// ReadAt reads the bytes at off, waiting until they have arrived. At the
// end of the file it returns io.EOF like a file does. A failed or closed
// download returns its error.
func (d *Download) ReadAt(p []byte, off int64) (int, error) {
	if err := d.Wait(context.Background(), off, int64(len(p))); err != nil {
		return 0, err
	}
	size, final := d.Size()
	want := len(p)
	if final && off+int64(want) > size {
		want = int(max(0, size-off))
	}
	n, err := d.f.ReadAt(p[:want], off)
	if err == nil && want < len(p) {
		err = io.EOF
	}
	return n, err
}

// Size returns the length and whether it is known; while it is not, the
// end of the bytes held so far.
func (d *Download) Size() (int64, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m.Size >= 0 {
		return d.m.Size, true
	}
	if n := len(d.m.Ranges); n > 0 {
		return d.m.Ranges[n-1].End, false
	}
	return 0, false
}

// Held returns how many bytes from off have arrived, without a gap.
func (d *Download) Held(off int64) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m.Ranges.Held(off)
}

// Wait blocks until the n bytes at off have arrived (or as many as the
// file has), the download fails (its error), it is closed (ErrClosed),
// or ctx is done (ctx.Err()). Waiting for bytes far from any transfer
// starts one there.
func (d *Download) Wait(ctx context.Context, off, n int64) error {
	var w *want
	defer func() {
		if w != nil {
			d.mu.Lock()
			delete(d.wants, w)
			d.mu.Unlock()
		}
	}()
	for {
		d.mu.Lock()
		end := off + n
		if d.m.Size >= 0 {
			end = min(end, d.m.Size)
		}
		if end <= off && (d.m.Size >= 0 || n == 0) || d.m.Ranges.Contains(off, end) {
			d.mu.Unlock()
			return nil
		}
		if d.err != nil {
			err := d.err
			d.mu.Unlock()
			return err
		}
		if d.closed {
			d.mu.Unlock()
			return newError(d.m.URL, ErrClosed, nil)
		}
		if w == nil {
			w = &want{off: off + d.m.Ranges.Held(off), at: time.Now()}
			d.wants[w] = true
			d.lastWant = w.off
			d.scheduleLocked()
		}
		ch := d.changed
		d.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Done is closed when the download is complete or has failed.
func (d *Download) Done() <-chan struct{} { return d.done }

// Err returns why the download failed, or nil.
func (d *Download) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// Complete reports whether every byte has arrived.
func (d *Download) Complete() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.completeLocked()
}

// Progress returns how far the download has got.
func (d *Download) Progress() Progress {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.progressLocked()
}

// Close stops the transfers, saves the range map and closes the file.
// Reads waiting on the download return ErrClosed. A download the Cache
// handed out more than once closes with the last Close.
func (d *Download) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	if d.refs--; d.refs > 0 {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	d.notifyLocked()
	d.mu.Unlock()
	d.stopCancel()
	d.cancel()
	d.wg.Wait()
	d.mu.Lock()
	err := d.saveLocked()
	onClose := d.onClose
	d.mu.Unlock()
	if cerr := d.f.Close(); err == nil {
		err = cerr
	}
	if onClose != nil {
		onClose()
	}
	return err
}

func (d *Download) completeLocked() bool {
	return d.m.Size >= 0 && d.m.Ranges.Contains(0, d.m.Size)
}

func (d *Download) notifyLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

func (d *Download) progressLocked() Progress {
	p := Progress{Have: d.m.Ranges.Total(), Size: d.m.Size, Rate: d.rate.rate, Left: -1, Done: d.completeLocked(), Err: d.err}
	if p.Done {
		p.Left = 0
	} else if p.Size >= 0 && p.Rate > 0 {
		p.Left = time.Duration(float64(p.Size-p.Have) / p.Rate * float64(time.Second))
	}
	return p
}

// lookaheadLocked is how far ahead of a transfer a reader's bytes may be
// and still count as on their way: what arrives in a second and a half,
// at least 64 kB.
func (d *Download) lookaheadLocked() int64 {
	return max(64<<10, int64(d.rate.rate*1.5))
}

// scheduleLocked starts the transfers needed: one for each waiting reader
// whose bytes no transfer will bring soon (stopping the transfer that
// served a reader least recently when three run), and one to fill the
// holes when none runs.
func (d *Download) scheduleLocked() {
	if d.err != nil || d.closed || d.completeLocked() {
		return
	}
	wants := make([]*want, 0, len(d.wants))
	for w := range d.wants {
		wants = append(wants, w)
	}
	sort.Slice(wants, func(i, j int) bool { return wants[i].at.After(wants[j].at) })
	for _, w := range wants {
		if d.m.Ranges.Held(w.off) > 0 || d.coveredLocked(w.off) || d.noRanges && len(d.workers) > 0 {
			continue
		}
		if len(d.workers) >= maxWorkers {
			d.stopLeastUsefulLocked()
		}
		d.startLocked(w.off)
	}
	if len(d.workers) == 0 {
		hole := d.m.Ranges.NextHole(d.lastWant, d.m.Size)
		if hole < 0 {
			hole = d.m.Ranges.NextHole(0, d.m.Size)
		}
		if hole >= 0 {
			d.startLocked(hole)
		}
	}
}

// coveredLocked reports whether a running transfer will reach off soon.
func (d *Download) coveredLocked(off int64) bool {
	ahead := d.lookaheadLocked()
	for w := range d.workers {
		if w.pos <= off && (w.readThrough || off-w.pos <= ahead) {
			return true
		}
	}
	return false
}

func (d *Download) stopLeastUsefulLocked() {
	var victim *worker
	for w := range d.workers {
		if victim == nil || w.served.Before(victim.served) {
			victim = w
		}
	}
	if victim != nil {
		victim.cancel()
		delete(d.workers, victim)
	}
}

func (d *Download) startLocked(off int64) {
	ctx, cancel := context.WithCancel(d.ctx)
	now := time.Now()
	w := &worker{pos: off, started: now, served: now, cancel: cancel}
	d.workers[w] = true
	d.wg.Add(1)
	go d.run(ctx, w)
}

// run drives one transfer, retrying after dropped connections.
func (d *Download) run(ctx context.Context, w *worker) {
	defer d.wg.Done()
	failures := 0
	for {
		d.mu.Lock()
		before := d.m.Ranges.Total()
		d.mu.Unlock()
		err := d.transfer(ctx, w)
		if err == nil || ctx.Err() != nil {
			break
		}
		d.mu.Lock()
		progress := d.m.Ranges.Total() != before
		d.mu.Unlock()
		if progress {
			failures = 0
		}
		failures++
		// A body shorter than its Content-Length is a dropped connection
		// once; again without a new byte, the length is a lie.
		lied := !progress && errors.Is(err, ErrLength)
		if permanent(err) || lied || failures > maxRetries {
			d.fail(err)
			break
		}
		backoff := time.Duration(min(5000, 250<<(failures-1))) * time.Millisecond
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	w.cancel()
	d.mu.Lock()
	delete(d.workers, w)
	p := d.finishLocked()
	d.scheduleLocked()
	d.mu.Unlock()
	d.emit(p)
}

// permanent reports whether retrying cannot help.
func permanent(err error) bool {
	var fe *Error
	if errors.As(err, &fe) && fe.Kind == ErrStatus {
		return fe.Status >= 400 && fe.Status < 500 && fe.Status != http.StatusRequestTimeout && fe.Status != http.StatusTooManyRequests
	}
	for _, k := range []error{ErrTLS, ErrScheme, ErrRedirects, ErrRange, ErrChanged, ErrTooLarge} {
		if errors.Is(err, k) {
			return true
		}
	}
	var pe *os.PathError
	return errors.As(err, &pe)
}

// fail ends the download with err.
func (d *Download) fail(err error) {
	d.mu.Lock()
	if d.err != nil || d.closed || d.completeLocked() {
		d.mu.Unlock()
		return
	}
	d.err = err
	for w := range d.workers {
		w.cancel()
	}
	d.notifyLocked()
	close(d.done)
	d.saveLocked()
	p := d.progressLocked()
	d.mu.Unlock()
	d.emit(&p)
}

// finishLocked closes done when the last byte has arrived, returning the
// final progress to report (outside the lock), or nil.
func (d *Download) finishLocked() *Progress {
	if !d.completeLocked() || d.err != nil {
		return nil
	}
	select {
	case <-d.done:
		return nil
	default:
	}
	close(d.done)
	d.f.Sync()
	d.saveLocked()
	p := d.progressLocked()
	return &p
}

// emit reports progress, when there is a callback and something to say.
func (d *Download) emit(p *Progress) {
	if p != nil && d.opt.OnProgress != nil {
		d.opt.OnProgress(*p)
	}
}

// validator is what If-Range carries: a strong ETag, else Last-Modified.
func (m *meta) validator() string {
	if m.ETag != "" && !strings.HasPrefix(m.ETag, "W/") {
		return m.ETag
	}
	return m.LastModified
}

// transfer makes one request from w.pos and copies what arrives into the
// file until it reaches bytes already held or the end. A nil error means
// the transfer has nothing more to do.
func (d *Download) transfer(ctx context.Context, w *worker) error {
	d.mu.Lock()
	from := w.pos
	if d.noRanges {
		from, w.pos, w.readThrough = 0, 0, true
	}
	req := Request{URL: d.m.URL, What: "episode", ranged: true, rangeFrom: from}
	held := d.m.Ranges.Total() > 0
	if held {
		req.ifRange = d.m.validator()
	}
	d.mu.Unlock()
	resp, err := d.c.Get(ctx, req)
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) && fe.Status == http.StatusRequestedRangeNotSatisfiable {
			return d.unsatisfiable(from)
		}
		return err
	}
	defer resp.Body.Close()
	if err := d.accept(resp, w, from, held); err != nil {
		return err
	}
	buf := make([]byte, 64<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			stop, err := d.write(w, buf[:n])
			if err != nil {
				return err
			}
			if stop {
				return nil
			}
		}
		if rerr == io.EOF {
			return d.ended(w)
		}
		if rerr != nil {
			return rerr
		}
	}
}

// accept checks a response against what is held and records what it
// tells: the length, the validators, whether ranges work.
func (d *Download) accept(resp *Response, w *worker, from int64, held bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	url := resp.URL
	switch resp.Status {
	case http.StatusPartialContent:
		start, total, err := parseContentRange(resp.header.Get("Content-Range"))
		if err != nil {
			return newError(url, ErrRange, err)
		}
		if start != from {
			return errorf(url, ErrRange, "asked for bytes from %d, the server sent bytes from %d", from, start)
		}
		if held && d.changedLocked(resp) {
			return d.dropLocked(url)
		}
		if total >= 0 {
			if d.m.Size >= 0 && total != d.m.Size {
				if held {
					return errorf(url, ErrLength, "the server said the episode has %d bytes, now %d", d.m.Size, total)
				}
			}
			if total > d.opt.Max {
				return errorf(url, ErrTooLarge, "%s, more than the %s an episode may have", sizeText(total), sizeText(d.opt.Max))
			}
			d.m.Size = total
		}
	case http.StatusOK:
		if held && d.changedLocked(resp) {
			return d.dropLocked(url)
		}
		if resp.Length >= 0 {
			if d.m.Size >= 0 && resp.Length != d.m.Size {
				if held {
					return d.dropLocked(url)
				}
			}
			if resp.Length > d.opt.Max {
				return errorf(url, ErrTooLarge, "%s, more than the %s an episode may have", sizeText(resp.Length), sizeText(d.opt.Max))
			}
			d.m.Size = resp.Length
		}
		// The whole file, from the start: the server does not do ranges
		// (or not for this request). Read it through, keeping what is
		// held.
		d.noRanges = true
		w.pos, w.readThrough = 0, true
	default:
		return errorf(url, ErrStatus, "unexpected status %d", resp.Status)
	}
	if d.m.ETag == "" && d.m.LastModified == "" {
		d.m.ETag, d.m.LastModified = resp.ETag, resp.LastModified
	}
	d.notifyLocked()
	return nil
}

// changedLocked reports whether a response's validators say the file is
// not the one held.
func (d *Download) changedLocked(resp *Response) bool {
	if d.m.ETag != "" && resp.ETag != "" {
		return strings.TrimPrefix(d.m.ETag, "W/") != strings.TrimPrefix(resp.ETag, "W/")
	}
	if d.m.LastModified != "" && resp.LastModified != "" {
		return d.m.LastModified != resp.LastModified
	}
	return false
}

// dropLocked forgets the bytes of a file that changed on the server and
// fails the download with ErrChanged; the next download starts afresh.
func (d *Download) dropLocked(url string) error {
	d.m.Ranges, d.m.Size = nil, -1
	d.m.ETag, d.m.LastModified = "", ""
	d.f.Truncate(0)
	d.saveLocked()
	return newError(url, ErrChanged, nil)
}

// unsatisfiable handles a 416 answer to a request from `from`: fine when
// from is the end of a file whose length is known, else the server has
// fewer bytes than it said.
func (d *Download) unsatisfiable(from int64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m.Size >= 0 && from >= d.m.Size {
		return nil
	}
	return errorf(d.m.URL, ErrLength, "the server said the episode has %d bytes but has none from byte %d", d.m.Size, from)
}

// write stores a chunk at w.pos. stop says the transfer reached bytes
// already held (or the end).
func (d *Download) write(w *worker, b []byte) (stop bool, err error) {
	d.mu.Lock()
	pos, size := w.pos, d.m.Size
	if size >= 0 && pos+int64(len(b)) > size {
		d.mu.Unlock()
		return false, errorf(d.m.URL, ErrLength, "the server sent more than the %d bytes it announced", size)
	}
	var gaps []Span
	if w.readThrough {
		gaps = d.m.Ranges.gaps(pos, pos+int64(len(b)))
	} else {
		gaps = []Span{{pos, pos + int64(len(b))}}
	}
	d.mu.Unlock()
	for _, g := range gaps {
		if _, err := d.f.WriteAt(b[g.Start-pos:g.End-pos], g.Start); err != nil {
			return false, err
		}
	}
	d.mu.Lock()
	end := pos + int64(len(b))
	d.m.Ranges.Add(pos, end)
	w.pos = end
	now := time.Now()
	d.rate.add(int64(len(b)), now)
	for x := range d.wants {
		if x.off >= pos && x.off < end {
			w.served = now
		}
	}
	d.notifyLocked()
	d.grown += int64(len(b))
	var grow func()
	if d.grown >= 8<<20 && d.onGrow != nil {
		d.grown, grow = 0, d.onGrow
	}
	if now.Sub(d.lastSave) > time.Second {
		d.f.Sync()
		d.saveLocked()
	}
	var p *Progress
	if el := now.Sub(d.lastProg); el >= progressEvery {
		d.lastProg = now
		pr := d.progressLocked()
		p = &pr
	} else if !d.progPending && d.opt.OnProgress != nil {
		// Report the state at the end of the interval, so that the last
		// bytes before a pause are not left unreported.
		d.progPending = true
		time.AfterFunc(progressEvery-el, func() {
			d.mu.Lock()
			d.progPending = false
			d.lastProg = time.Now()
			pr := d.progressLocked()
			closed := d.closed
			d.mu.Unlock()
			if !closed {
				d.emit(&pr)
			}
		})
	}
	if fin := d.finishLocked(); fin != nil {
		p, stop = fin, true
	} else if d.completeLocked() || !w.readThrough && d.m.Ranges.Held(end) > 0 {
		stop = true // the rest is held: another transfer brought it
	}
	d.mu.Unlock()
	d.emit(p)
	if grow != nil {
		grow()
	}
	return stop, nil
}

// ended handles the end of a body: the length is now known if it was
// not; a range that stopped short is asked for again.
func (d *Download) ended(w *worker) error {
	d.mu.Lock()
	var p *Progress
	var err error
	switch {
	case d.m.Size < 0:
		d.m.Size = w.pos
		d.m.Ranges.Clip(w.pos)
		d.notifyLocked()
		p = d.finishLocked()
	case w.pos < d.m.Size && d.m.Ranges.Held(w.pos) == 0:
		// The server sent less than asked for without an error: ask on.
		err = errorf(d.m.URL, ErrNetwork, "the response ended at byte %d of %d", w.pos, d.m.Size)
	}
	d.mu.Unlock()
	d.emit(p)
	return err
}

// gaps returns the parts of [start, end) the set does not hold.
func (r Ranges) gaps(start, end int64) []Span {
	var out []Span
	for a := start; a < end; {
		if h := r.Held(a); h > 0 {
			a += h
			continue
		}
		b := end
		i := sort.Search(len(r), func(i int) bool { return r[i].Start > a })
		if i < len(r) && r[i].Start < b {
			b = r[i].Start
		}
		out = append(out, Span{a, b})
		a = b
	}
	return out
}

// parseContentRange reads "bytes START-END/TOTAL" (TOTAL may be "*",
// returned as -1).
func parseContentRange(s string) (start, total int64, err error) {
	bad := fmt.Errorf("unreadable Content-Range %q", s)
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "bytes ")
	if !ok {
		return 0, 0, bad
	}
	rng, tot, ok := strings.Cut(rest, "/")
	if !ok {
		return 0, 0, bad
	}
	a, b, ok := strings.Cut(rng, "-")
	if !ok {
		return 0, 0, bad
	}
	start, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	end, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if err1 != nil || err2 != nil || start < 0 || end < start {
		return 0, 0, bad
	}
	total = -1
	if tot = strings.TrimSpace(tot); tot != "*" {
		if total, err = strconv.ParseInt(tot, 10, 64); err != nil || total <= end {
			return 0, 0, bad
		}
	}
	return start, total, nil
}

// saveLocked writes the range map beside the data file (temp file and
// rename).
func (d *Download) saveLocked() error {
	d.lastSave = time.Now()
	b, err := json.Marshal(d.m)
	if err != nil {
		return err
	}
	return safefile.Write(d.metaPath, true, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// acquire hands the download out once more: it takes one more Close to
// close. It fails on a download already closed.
func (d *Download) acquire() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return false
	}
	d.refs++
	return true
}

// touch records that the episode was played now (for the cache's
// eviction order).
func (d *Download) touch(t time.Time) {
	d.mu.Lock()
	d.m.LastPlayed = t
	d.saveLocked()
	d.mu.Unlock()
}

// rateMeter is a smoothed transfer rate.
type rateMeter struct {
	rate  float64 // bytes per second
	bytes int64
	since time.Time
}

func (r *rateMeter) add(n int64, now time.Time) {
	if r.since.IsZero() {
		r.since = now
	}
	r.bytes += n
	if el := now.Sub(r.since); el >= 250*time.Millisecond {
		cur := float64(r.bytes) / el.Seconds()
		if r.rate == 0 {
			r.rate = cur
		} else {
			r.rate = 0.7*r.rate + 0.3*cur
		}
		r.bytes, r.since = 0, now
	}
}
