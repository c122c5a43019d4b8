package e2e

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/cmplx"
	"os"
	"os/exec"
	"time"
)

// rate is the sample rate of everything the harness records and compares.
const rate = 44100

// secs converts a duration to a whole number of samples at rate.
func secs(d time.Duration) int { return int(d.Seconds()*rate + 0.5) }

// dur converts a number of samples at rate to a duration.
func dur(n int) time.Duration { return time.Duration(float64(n) / rate * float64(time.Second)) }

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// decodePCM decodes any audio file with ffmpeg to mono 16-bit samples at
// rate. ffmpeg is the independent reference: it trims the encoder delay
// recorded in the LAME tag, as Readalong's player does.
func decodePCM(path string) ([]int16, error) {
	cmd := exec.Command("ffmpeg", "-v", "error", "-nostdin", "-i", path, "-f", "s16le", "-ac", "1", "-ar", fmt.Sprint(rate), "-")
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		return nil, fmt.Errorf("ffmpeg decode %s: %v %s", path, err, msg)
	}
	return bytesToInt16(out), nil
}

func bytesToInt16(b []byte) []int16 {
	out := make([]int16, len(b)/2)
	for i := range out {
		out[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return out
}

func int16ToBytes(s []int16) []byte {
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

func readPCM(path string) ([]int16, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return bytesToInt16(b), nil
}

// peakOf is the largest absolute sample value.
func peakOf(s []int16) int {
	p := 0
	for _, v := range s {
		a := int(v)
		if a < 0 {
			a = -a
		}
		p = max(p, a)
	}
	return p
}

// rmsOf is the root mean square of the samples.
func rmsOf(s []int16) float64 {
	if len(s) == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(s)))
}

// dBFS converts a level in LSB to decibels below full scale.
func dBFS(level float64) float64 { return 20 * math.Log10(max(level, 1e-3)/32768) }

// match is where a reference window was found in a longer signal.
type match struct {
	Lag int     // offset in the searched signal where the window starts
	NCC float64 // normalised cross-correlation at Lag, 1 for identical shapes
	SNR float64 // reference power over the power of the difference, in dB
}

// locate finds where ref occurs in sig: the lag that maximises the
// normalised cross-correlation, computed with an FFT. ref must be shorter
// than sig. Windows of sig that are silent never match.
func locate(sig, ref []int16) match {
	n, m := len(sig), len(ref)
	if m == 0 || n < m {
		return match{Lag: -1}
	}
	size := 1
	for size < n+m {
		size <<= 1
	}
	a := make([]complex128, size)
	b := make([]complex128, size)
	for i, v := range sig {
		a[i] = complex(float64(v), 0)
	}
	eRef := 0.0
	for i, v := range ref {
		b[i] = complex(float64(v), 0)
		eRef += float64(v) * float64(v)
	}
	fft(a, false)
	fft(b, false)
	for i := range a {
		a[i] *= cmplx.Conj(b[i])
	}
	fft(a, true)
	// Window energies of sig by prefix sums.
	pre := make([]float64, n+1)
	for i, v := range sig {
		pre[i+1] = pre[i] + float64(v)*float64(v)
	}
	best := match{Lag: -1, NCC: -2}
	floor := eRef * 1e-4 // a window 40 dB quieter than ref cannot be it
	for lag := 0; lag+m <= n; lag++ {
		e := pre[lag+m] - pre[lag]
		if e < floor || eRef == 0 {
			continue
		}
		c := real(a[lag]) / float64(size)
		ncc := c / math.Sqrt(e*eRef)
		if ncc > best.NCC {
			best = match{Lag: lag, NCC: ncc}
		}
	}
	if best.Lag >= 0 {
		best.SNR = snr(sig[best.Lag:best.Lag+m], ref)
	}
	return best
}

// snr compares got with want sample by sample, in dB.
func snr(got, want []int16) float64 {
	var sig, noise float64
	for i := range want {
		d := float64(got[i]) - float64(want[i])
		sig += float64(want[i]) * float64(want[i])
		noise += d * d
	}
	if noise == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(sig/noise)
}

// fft transforms x in place (radix 2; len(x) must be a power of two). The
// inverse is not scaled.
func fft(x []complex128, inverse bool) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	sign := -1.0
	if inverse {
		sign = 1
	}
	for length := 2; length <= n; length <<= 1 {
		ang := sign * 2 * math.Pi / float64(length)
		wl := complex(math.Cos(ang), math.Sin(ang))
		for i := 0; i < n; i += length {
			w := complex(1, 0)
			half := length / 2
			for k := 0; k < half; k++ {
				u := x[i+k]
				v := x[i+k+half] * w
				x[i+k] = u + v
				x[i+k+half] = u - v
				w *= wl
			}
		}
	}
}

// slice returns s[from:to] clamped to s.
func slice(s []int16, from, to int) []int16 {
	from = max(0, min(from, len(s)))
	to = max(from, min(to, len(s)))
	return s[from:to]
}
