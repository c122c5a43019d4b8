//go:build linux

package player

/*
#cgo pkg-config: alsa
#include <alsa/asoundlib.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

// ALSA and its plugins report problems through snd_lib_error, which prints
// to stderr unless a handler is installed. Ours keeps the messages (the
// last few, numbered) for the error text instead.
#define RA_MSGS 8
static pthread_mutex_t ra_mu = PTHREAD_MUTEX_INITIALIZER;
static char ra_msg[RA_MSGS][256];
static unsigned long ra_seq;

static void ra_error(const char *file, int line, const char *function, int err, const char *fmt, ...) {
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	size_t n = strlen(buf);
	while (n > 0 && (buf[n-1] == '\n' || buf[n-1] == ' ')) buf[--n] = 0;
	if (err != 0 && n + 3 < sizeof buf) {
		snprintf(buf + n, sizeof buf - n, ": %s", snd_strerror(err));
	}
	pthread_mutex_lock(&ra_mu);
	memcpy(ra_msg[ra_seq % RA_MSGS], buf, sizeof buf);
	ra_seq++;
	pthread_mutex_unlock(&ra_mu);
}

static void ra_install(void) {
	snd_lib_error_set_handler((snd_lib_error_handler_t)ra_error);
}

// ra_seq_now is the number of messages kept so far.
static unsigned long ra_seq_now(void) {
	pthread_mutex_lock(&ra_mu);
	unsigned long s = ra_seq;
	pthread_mutex_unlock(&ra_mu);
	return s;
}

// ra_message copies message number seq into out, or returns 0 when it is
// no longer kept.
static int ra_message(unsigned long seq, char *out, int size) {
	int ok = 0;
	pthread_mutex_lock(&ra_mu);
	if (seq < ra_seq && ra_seq - seq <= RA_MSGS) {
		snprintf(out, size, "%s", ra_msg[seq % RA_MSGS]);
		ok = 1;
	}
	pthread_mutex_unlock(&ra_mu);
	return ok;
}

// ra_open opens name for playback, non-blocking, as interleaved S16_LE
// stereo at rate, asking for a buffer of buffer_us in periods of
// period_us. It reports the sizes it got, in frames.
static int ra_open(snd_pcm_t **out, const char *name, unsigned rate, unsigned buffer_us, unsigned period_us,
		snd_pcm_uframes_t *buffer, snd_pcm_uframes_t *period) {
	snd_pcm_t *pcm;
	int err = snd_pcm_open(&pcm, name, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
	if (err < 0) return err;
	snd_pcm_hw_params_t *hw;
	snd_pcm_hw_params_alloca(&hw);
	unsigned r = rate, bt = buffer_us, pt = period_us;
	int dir = 0;
	if ((err = snd_pcm_hw_params_any(pcm, hw)) < 0 ||
	    (err = snd_pcm_hw_params_set_rate_resample(pcm, hw, 1)) < 0 ||
	    (err = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
	    (err = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE)) < 0 ||
	    (err = snd_pcm_hw_params_set_channels(pcm, hw, 2)) < 0 ||
	    (err = snd_pcm_hw_params_set_rate_near(pcm, hw, &r, &dir)) < 0 ||
	    (err = snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &bt, &dir)) < 0 ||
	    (err = snd_pcm_hw_params_set_period_time_near(pcm, hw, &pt, &dir)) < 0 ||
	    (err = snd_pcm_hw_params(pcm, hw)) < 0) {
		snd_pcm_close(pcm);
		return err;
	}
	if (r != rate) {
		SNDERR("%s plays at %u Hz, not %u Hz", name, r, rate);
		snd_pcm_close(pcm);
		return -EINVAL;
	}
	snd_pcm_hw_params_get_buffer_size(hw, buffer);
	snd_pcm_hw_params_get_period_size(hw, period, &dir);
	snd_pcm_sw_params_t *sw;
	snd_pcm_sw_params_alloca(&sw);
	if ((err = snd_pcm_sw_params_current(pcm, sw)) < 0 ||
	    (err = snd_pcm_sw_params_set_avail_min(pcm, sw, *period)) < 0 ||
	    (err = snd_pcm_sw_params_set_start_threshold(pcm, sw, *period)) < 0 ||
	    (err = snd_pcm_sw_params(pcm, sw)) < 0) {
		snd_pcm_close(pcm);
		return err;
	}
	*out = pcm;
	return 0;
}

// ra_out is an open device and the thread that feeds it from a ring that
// Go fills. They meet only through this struct's atomics and two
// eventfds, so that while sound plays Go makes no call into C (each such
// call wakes Go's system monitor, which then polls for a while).
typedef struct {
	snd_pcm_t *pcm;
	long period, buffer; // frames
	long size;           // frames the ring holds
	int16_t *ring;       // interleaved stereo
	int64_t w, r;        // frames put by Go, taken by the thread, since the start
	int64_t flush_at;    // -1, or where a new run starts: drop the device, skip to there
	int64_t delay;       // the device's delay right after the last write, frames
	int64_t written_ns;  // CLOCK_MONOTONIC of that write
	int64_t room;        // what the device could take when the ring ran dry, frames
	int64_t life;        // times the device made room after a write
	int32_t starving;    // the thread waits for Go to put more
	int32_t idle;        // Go puts nothing more for now: once the ring is empty, stop the device
	int32_t quit;        // Go asks the thread to end
	int32_t err;         // the error that ended the thread
	int32_t ended;       // the thread has ended and closed the device
	int32_t refs;        // the thread and Go; the last to let go frees
	int to_c, to_go;     // eventfds: wake the thread; wake Go
} ra_out;

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

static void ra_signal(int fd) {
	uint64_t one = 1;
	if (write(fd, &one, sizeof one) < 0) {}
}

static void ra_release(ra_out *o) {
	if (__atomic_sub_fetch(&o->refs, 1, __ATOMIC_SEQ_CST) != 0) return;
	close(o->to_c);
	close(o->to_go);
	free(o->ring);
	free(o);
}

static int64_t ra_now_ns(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

// ra_new makes the ring for an open device; the thread is not started.
static ra_out *ra_new(snd_pcm_t *pcm, long buffer, long period, long size) {
	ra_out *o = calloc(1, sizeof *o);
	if (!o) return NULL;
	o->ring = calloc(size, 4);
	o->to_c = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	o->to_go = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!o->ring || o->to_c < 0 || o->to_go < 0) {
		if (o->to_c >= 0) close(o->to_c);
		if (o->to_go >= 0) close(o->to_go);
		free(o->ring);
		free(o);
		return NULL;
	}
	o->pcm = pcm;
	o->buffer = buffer;
	o->period = period;
	o->size = size;
	o->flush_at = -1;
	o->delay = -1;
	o->refs = 1;
	return o;
}

// ra_recover brings the device back after an underrun or a suspend.
static int ra_recover(ra_out *o, int err) {
	if (err == -ESTRPIPE) {
		for (int i = 0; i < 50 && !LOAD(o->quit); i++) {
			int e = snd_pcm_resume(o->pcm);
			if (e == 0) return 0;
			if (e != -EAGAIN) break;
			usleep(100000);
		}
	} else if (err != -EPIPE) {
		return err;
	}
	return snd_pcm_prepare(o->pcm);
}

// ra_put writes what the device takes of the ring's n frames from r.
static long ra_put(ra_out *o, int64_t r, long n, int *err) {
	long done = 0;
	while (done < n) {
		long off = (long)((r + done) % o->size);
		long chunk = n - done < o->size - off ? n - done : o->size - off;
		snd_pcm_sframes_t k = snd_pcm_writei(o->pcm, o->ring + 2 * off, chunk);
		if (k == -EAGAIN) break;
		if (k < 0) {
			*err = (int)k;
			break;
		}
		done += k;
		if (k < chunk) break;
	}
	return done;
}

// ra_loop feeds the device from the ring: it writes what the device has
// room for, tells Go, and sleeps in poll on the device's descriptors (as
// snd_pcm_wait does) and on to_c, until Go asks it to end or the device
// fails.
static void *ra_loop(void *arg) {
	ra_out *o = arg;
	struct pollfd fds[17];
	int n = snd_pcm_poll_descriptors_count(o->pcm);
	int err = 0;
	if (n <= 0 || n > 16) {
		err = -EINVAL;
		goto out;
	}
	n = snd_pcm_poll_descriptors(o->pcm, fds, n);
	fds[n].fd = o->to_c;
	fds[n].events = POLLIN;
	int wrote = 0, stopped = 0;
	for (;;) {
		if (LOAD(o->quit)) break;
		int64_t fl = LOAD(o->flush_at);
		if (fl >= 0) {
			if ((err = snd_pcm_drop(o->pcm)) < 0 || (err = snd_pcm_prepare(o->pcm)) < 0) break;
			// r first: until flush_at is cleared Go counts the ring from
			// fl, so it never writes over the new run.
			STORE(o->r, fl);
			__atomic_compare_exchange_n(&o->flush_at, &fl, -1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			wrote = 0;
			stopped = 0;
		}
		if (stopped) {
			if (LOAD(o->w) == LOAD(o->r)) {
				// At rest, the device stopped: it answers nothing until it
				// is prepared again, so wait for Go alone.
				STORE(o->starving, 1);
				if (LOAD(o->w) != LOAD(o->r)) continue;
				fds[n].revents = 0;
				if (poll(&fds[n], 1, -1) < 0 && errno != EINTR) {
					err = -errno;
					break;
				}
				if (fds[n].revents) {
					uint64_t v;
					if (read(o->to_c, &v, sizeof v) < 0) {}
				}
				continue;
			}
			// Audio again after a rest: the device starts afresh.
			if ((err = snd_pcm_prepare(o->pcm)) < 0) break;
			stopped = 0;
		}
		snd_pcm_sframes_t a = snd_pcm_avail_update(o->pcm);
		if (a < 0) {
			if ((err = ra_recover(o, (int)a)) < 0) break;
			wrote = 0;
			continue;
		}
		int64_t r = LOAD(o->r), w = LOAD(o->w);
		long k = a < w - r ? (long)a : (long)(w - r);
		if (k > 0) {
			long done = ra_put(o, r, k, &err);
			if (err < 0) {
				if ((err = ra_recover(o, err)) < 0) break;
				wrote = 0;
				continue;
			}
			r += done;
			STORE(o->r, r);
			snd_pcm_sframes_t d;
			if (snd_pcm_delay(o->pcm, &d) == 0) STORE(o->delay, (int64_t)d);
			STORE(o->written_ns, ra_now_ns());
			if (done > 0) wrote = 1;
			STORE(o->room, w - r == 0 ? (int64_t)(a - done) : 0);
			if (w - r <= o->period) ra_signal(o->to_go);
		}
		// Sleep until the device has room, when there is audio to give
		// it, and until Go wakes us. When Go has nothing more to give (the
		// player is paused), stop the device once the ring is empty (the
		// sound server corks the stream), so that neither it nor the
		// server wakes anyone meanwhile; audio from Go prepares it again.
		int starving = LOAD(o->w) == r;
		if (starving && LOAD(o->idle) && !stopped) {
			if ((err = snd_pcm_drop(o->pcm)) < 0) break;
			stopped = 1;
			wrote = 0;
			STORE(o->delay, 0);
			STORE(o->room, (int64_t)o->buffer);
		}
		STORE(o->starving, starving);
		if (starving && LOAD(o->w) != r) {
			STORE(o->starving, 0);
			continue;
		}
		struct pollfd *pf = starving ? &fds[n] : fds;
		int np = starving ? 1 : n + 1;
		for (int i = 0; i <= n; i++) fds[i].revents = 0;
		if (poll(pf, np, -1) < 0) {
			if (errno == EINTR) continue;
			err = -errno;
			break;
		}
		if (fds[n].revents) {
			uint64_t v;
			if (read(o->to_c, &v, sizeof v) < 0) {}
		}
		if (!starving) {
			unsigned short rev = 0;
			if ((err = snd_pcm_poll_descriptors_revents(o->pcm, fds, n, &rev)) < 0) break;
			if (rev & (POLLERR | POLLNVAL)) {
				switch (snd_pcm_state(o->pcm)) {
				case SND_PCM_STATE_XRUN: err = -EPIPE; break;
				case SND_PCM_STATE_SUSPENDED: err = -ESTRPIPE; break;
				case SND_PCM_STATE_DISCONNECTED: err = -ENODEV; break;
				default: err = -EIO;
				}
				if ((err = ra_recover(o, err)) < 0) break;
				wrote = 0;
			} else if ((rev & POLLOUT) && wrote) {
				__atomic_add_fetch(&o->life, 1, __ATOMIC_SEQ_CST);
			}
		}
	}
out:
	snd_pcm_close(o->pcm);
	STORE(o->err, err);
	STORE(o->ended, 1);
	ra_signal(o->to_go);
	ra_release(o);
	return NULL;
}

// ra_start starts the thread; Go keeps its own reference.
static int ra_start(ra_out *o) {
	pthread_t t;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	STORE(o->refs, 2);
	int err = pthread_create(&t, &attr, ra_loop, o);
	pthread_attr_destroy(&attr);
	if (err != 0) {
		STORE(o->refs, 1);
		return -err;
	}
	return 0;
}

// ra_stop asks the thread to end.
static void ra_stop(ra_out *o) {
	STORE(o->quit, 1);
	ra_signal(o->to_c);
}

// ra_close_unstarted closes a device whose thread never ran.
static void ra_close_unstarted(ra_out *o) {
	snd_pcm_close(o->pcm);
	ra_release(o);
}

*/
import "C"

import (
	"errors"
	"os"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/gopxl/beep/v2"
)

func init() { C.ra_install() }

// alsaError is a failure of an ALSA call: the call, its error code and what
// ALSA or its plugins said meanwhile (their messages go to our handler,
// never to stderr).
type alsaError struct {
	op   string
	code syscall.Errno
	said []string
}

func (e *alsaError) Error() string {
	if len(e.said) > 0 {
		return e.said[0]
	}
	return e.op + ": " + C.GoString(C.snd_strerror(-C.int(e.code)))
}

func (e *alsaError) Unwrap() error { return e.code }

// messagesSince returns ALSA's messages from number seq on.
func messagesSince(seq C.ulong) []string {
	var out []string
	buf := (*C.char)(C.malloc(256))
	defer C.free(unsafe.Pointer(buf))
	for s, end := seq, C.ra_seq_now(); s < end; s++ {
		if C.ra_message(s, buf, 256) != 0 {
			out = append(out, C.GoString(buf))
		}
	}
	return out
}

func newALSAError(op string, code C.int, seq C.ulong) *alsaError {
	return &alsaError{op: op, code: syscall.Errno(-code), said: messagesSince(seq)}
}

// pcm is an open ALSA playback device and the C thread that feeds it
// from a ring (see ra_out). Go fills the ring without calling into C:
// samples and indices through shared memory and atomics, wake-ups through
// eventfds written with raw system calls and waited on by Go's poller.
type pcm struct {
	o      *C.ra_out
	buffer int // the device's buffer, frames
	period int // frames
	size   int // the ring's frames
	ring   []int16
	toGo   *os.File // a dup of o.to_go, for Go's poller
	rc     syscall.RawConn
	toC    uintptr
	toGoFd uintptr
	seq    C.ulong // ALSA's messages from here on explain a failure
	run    bool    // the thread was started
}

// openPCM opens the named ALSA device for 16-bit stereo at rate. It may
// block for as long as the sound server does not answer. The ring holds
// the device's buffer and lead frames more.
func openPCM(name string, rate int, buffer, period time.Duration, lead int) (*pcm, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	seq := C.ra_seq_now()
	var h *C.snd_pcm_t
	var bufFrames, perFrames C.snd_pcm_uframes_t
	rc := C.ra_open(&h, cname, C.uint(rate), C.uint(buffer/time.Microsecond), C.uint(period/time.Microsecond), &bufFrames, &perFrames)
	if rc < 0 {
		return nil, newALSAError("open "+name, rc, seq)
	}
	size := int(bufFrames) + lead*int(perFrames)
	o := C.ra_new(h, C.long(bufFrames), C.long(perFrames), C.long(size))
	if o == nil {
		C.snd_pcm_close(h)
		return nil, &alsaError{op: "open " + name, code: syscall.ENOMEM}
	}
	p := &pcm{o: o, buffer: int(bufFrames), period: int(perFrames), size: size, seq: seq,
		toC: uintptr(o.to_c), toGoFd: uintptr(o.to_go)}
	p.ring = unsafe.Slice((*int16)(unsafe.Pointer(o.ring)), 2*size)
	fd, err := syscall.Dup(int(o.to_go))
	if err == nil {
		syscall.CloseOnExec(fd)
		p.toGo = os.NewFile(uintptr(fd), "alsa-to-go")
		p.rc, err = p.toGo.SyscallConn()
	}
	if err != nil {
		if p.toGo != nil {
			p.toGo.Close()
		}
		C.ra_close_unstarted(o)
		return nil, err
	}
	return p, nil
}

func (p *pcm) i64(f *C.int64_t) *int64 { return (*int64)(unsafe.Pointer(f)) }
func (p *pcm) i32(f *C.int32_t) *int32 { return (*int32)(unsafe.Pointer(f)) }

// start starts the thread, which writes what the ring holds.
func (p *pcm) start() error {
	if rc := C.ra_start(p.o); rc < 0 {
		return &alsaError{op: "start", code: syscall.Errno(-rc)}
	}
	p.run = true
	return nil
}

// level is what the ring holds, frames: from where the thread reads, or
// from a new run it has not yet moved to (the thread may have written
// some of that run already, and writes it again after the drop).
func (p *pcm) level() int {
	r := atomic.LoadInt64(p.i64(&p.o.r))
	if fl := atomic.LoadInt64(p.i64(&p.o.flush_at)); fl >= 0 && fl < r {
		r = fl
	}
	return int(atomic.LoadInt64(p.i64(&p.o.w)) - r)
}

// put converts samples into the ring after what it holds; there must be
// room.
func (p *pcm) put(samples [][2]float64) {
	w := atomic.LoadInt64(p.i64(&p.o.w))
	for i, s := range samples {
		j := 2 * int((w+int64(i))%int64(p.size))
		p.ring[j], p.ring[j+1] = toS16(s[0]), toS16(s[1])
	}
	atomic.StoreInt64(p.i64(&p.o.w), w+int64(len(samples)))
	if atomic.LoadInt32(p.i32(&p.o.starving)) != 0 {
		p.wakeThread()
	}
}

// setIdle tells the thread whether Go has stopped putting audio for now
// (the player is paused): once the ring runs dry, it stops the device.
func (p *pcm) setIdle(v bool) {
	var i int32
	if v {
		i = 1
	}
	atomic.StoreInt32(p.i32(&p.o.idle), i)
	p.wakeThread()
}

// newRun has the thread drop what the device holds and what the ring
// holds so far: what is put from now on starts a new run.
func (p *pcm) newRun() {
	atomic.StoreInt64(p.i64(&p.o.flush_at), atomic.LoadInt64(p.i64(&p.o.w)))
	p.wakeThread()
}

// behind is how far the listener is behind the end of the ring now: the
// device's delay (as of its last write, less the time since) and what
// the ring holds. ok is false before the device's first write.
func (p *pcm) behind(rate beep.SampleRate) (d time.Duration, ok bool) {
	delay := atomic.LoadInt64(p.i64(&p.o.delay))
	at := atomic.LoadInt64(p.i64(&p.o.written_ns))
	if delay < 0 || at == 0 {
		return 0, false
	}
	since := time.Duration(monotonic() - at)
	return max(0, rate.D(int(delay))-since) + rate.D(p.level()), true
}

// room is what the device could take when the ring last ran dry.
func (p *pcm) room() int { return int(atomic.LoadInt64(p.i64(&p.o.room))) }

// life counts the times the device made room after a write: it plays.
func (p *pcm) life() int64 { return atomic.LoadInt64(p.i64(&p.o.life)) }

// ended reports whether the thread has ended, and the device's error.
func (p *pcm) ended() (bool, error) {
	if atomic.LoadInt32(p.i32(&p.o.ended)) == 0 {
		return false, nil
	}
	if rc := atomic.LoadInt32(p.i32(&p.o.err)); rc < 0 {
		return true, newALSAError("play", C.int(rc), p.seq)
	}
	return true, nil
}

// wait sleeps until the thread has made room in the ring or ended, or
// wake is called.
func (p *pcm) wait() error {
	var buf [8]byte
	return p.rc.Read(func(fd uintptr) bool {
		_, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&buf[0])), 8)
		return e != syscall.EAGAIN
	})
}

// wake ends wait early; any goroutine may call it until close.
func (p *pcm) wake() { signalFd(p.toGoFd) }

func (p *pcm) wakeThread() { signalFd(p.toC) }

func signalFd(fd uintptr) {
	one := uint64(1)
	syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&one)), 8)
}

// monotonic reads CLOCK_MONOTONIC, the clock of written_ns, without a
// call into C.
func monotonic() int64 {
	var ts syscall.Timespec
	syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 1, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano()
}

// close ends the thread, waiting up to limit for it to close the device
// (not for a device that does not answer), and lets go of the ring.
func (p *pcm) close(limit time.Duration) {
	defer p.toGo.Close()
	if !p.run {
		C.ra_close_unstarted(p.o)
		return
	}
	C.ra_stop(p.o)
	p.toGo.SetReadDeadline(time.Now().Add(limit))
	for atomic.LoadInt32(p.i32(&p.o.ended)) == 0 {
		if p.wait() != nil {
			break
		}
	}
	C.ra_release(p.o)
}

// forgetConfig makes the next open read ALSA's configuration afresh:
// Debian's points "default" at pulseaudio only if a server answered when
// it was first read.
func forgetConfig() { C.snd_config_update_free_global() }

// describe turns an ALSA failure into a reason for the user.
func describe(err error) string {
	var ae *alsaError
	if errors.As(err, &ae) {
		// The first message says what went wrong; the last what ALSA
		// could not do because of it.
		switch n := len(ae.said); {
		case n == 1 || n > 1 && ae.said[0] == ae.said[n-1]:
			return ae.said[0]
		case n > 1:
			return ae.said[0] + "; " + ae.said[n-1]
		}
		return C.GoString(C.snd_strerror(-C.int(ae.code)))
	}
	return err.Error()
}
