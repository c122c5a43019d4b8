//go:build pocketsphinx

package align

/*
#cgo pkg-config: pocketsphinx
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/fe.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/cmn.h>
#include <sphinxbase/ckd_alloc.h>

// ra_init makes a decoder: cmd_ln_init is variadic, which cgo cannot call.
static ps_decoder_t *ra_init(const char *hmm, const char *dict, const char *beam, const char *wbeam) {
	err_set_logfp(NULL);
	cmd_ln_t *config = cmd_ln_init(NULL, ps_args(), TRUE,
		"-hmm", hmm, "-dict", dict,
		"-remove_silence", "no",
		"-maxhmmpf", "3000",
		"-beam", beam, "-wbeam", wbeam, "-pbeam", beam,
		"-logfn", "/dev/null",
		NULL);
	if (config == NULL) return NULL;
	ps_decoder_t *ps = ps_init(config);
	cmd_ln_free_r(config);
	return ps;
}

// ra_mean puts in mean the cepstral mean of the n samples at pcm, over
// the frames live CMN counts (those with c0 >= 0), computed with the
// decoder's own front end; it returns the frames counted. Call it
// between utterances: it restarts the front end.
static int ra_mean(ps_decoder_t *ps, const int16 *pcm, size_t n, mfcc_t *mean, int veclen) {
	fe_t *fe = ps_get_fe(ps);
	if (veclen > 64 || fe_get_output_size(fe) != veclen) return -1;
	enum { batch = 256 };
	mfcc_t **cep = (mfcc_t **)ckd_calloc_2d(batch, veclen, sizeof(mfcc_t));
	double sum[64] = {0};
	int count = 0;
	fe_start_utt(fe);
	for (int last = 0; !last;) {
		int32 nfr = batch;
		if (n > 0) {
			fe_process_frames(fe, &pcm, &n, cep, &nfr, NULL);
		} else {
			nfr = 0;
			fe_end_utt(fe, cep[0], &nfr);
			last = 1;
		}
		for (int i = 0; i < nfr; i++) {
			if (cep[i][0] < 0) continue;
			for (int j = 0; j < veclen; j++) sum[j] += cep[i][j];
			count++;
		}
	}
	ckd_free_2d((void **)cep);
	for (int j = 0; j < veclen; j++) mean[j] = count ? sum[j] / count : 0;
	return count;
}

// ra_set_mean starts live CMN from mean, as if it had been the mean of
// the last 500 frames.
static void ra_set_mean(ps_decoder_t *ps, const mfcc_t *mean) {
	cmn_live_set(ps_get_feat(ps)->cmn_struct, mean);
}

// ra_trim gives the C heap's free memory back to the system, where the
// C library can.
static void ra_trim(void) {
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unsafe"
)

// psDecoder is one PocketSphinx decoder. It is used by one goroutine at a
// time.
type psDecoder struct {
	ps     *C.ps_decoder_t
	search int // grammars set so far, to name the next one
}

func init() {
	openRecogniser = openPocketSphinx
}

// The decoder's beams: wide enough that a path entering the garbage loop,
// which the grammar makes costly, is not pruned at once.
const psBeam, psWordBeam = "1e-80", "1e-60"

// modelAvailable says whether the model files are there.
func modelAvailable(model string) error {
	for _, p := range []string{filepath.Join(model, "en-us", "mdef"), filepath.Join(model, "cmudict-en-us.dict")} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%w: the English model is missing (%s); install pocketsphinx-en-us", ErrUnavailable, p)
		}
	}
	return nil
}

// openPocketSphinx loads the acoustic model and dictionary under model.
func openPocketSphinx(model string) (recogniser, error) {
	if err := modelAvailable(model); err != nil {
		return nil, err
	}
	hmm := C.CString(filepath.Join(model, "en-us"))
	dict := C.CString(filepath.Join(model, "cmudict-en-us.dict"))
	defer C.free(unsafe.Pointer(hmm))
	defer C.free(unsafe.Pointer(dict))
	beam, wbeam := C.CString(psBeam), C.CString(psWordBeam)
	defer C.free(unsafe.Pointer(beam))
	defer C.free(unsafe.Pointer(wbeam))
	ps := C.ra_init(hmm, dict, beam, wbeam)
	if ps == nil {
		return nil, fmt.Errorf("%w: PocketSphinx could not load the model in %s", ErrUnavailable, model)
	}
	return &psDecoder{ps: ps}, nil
}

// lookup returns the dictionary's phones for word, or "".
func (d *psDecoder) lookup(word string) string {
	w := C.CString(word)
	defer C.free(unsafe.Pointer(w))
	p := C.ps_lookup_word(d.ps, w)
	if p == nil {
		return ""
	}
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p)
}

// addWords adds words with their phones (ARPAbet, space separated).
func (d *psDecoder) addWords(words []dictWord) error {
	for i, w := range words {
		cw, cp := C.CString(w.word), C.CString(w.phones)
		update := C.int(0)
		if i == len(words)-1 {
			update = 1
		}
		r := C.ps_add_word(d.ps, cw, cp, update)
		C.free(unsafe.Pointer(cw))
		C.free(unsafe.Pointer(cp))
		if r < 0 {
			return fmt.Errorf("the recogniser refused the word %q (phones %q)", w.word, w.phones)
		}
	}
	return nil
}

// cepstra is the number of cepstral coefficients of the model's
// features.
const cepstra = 13

// chunk is how much audio is given to the decoder at a time: cancelling
// is noticed between chunks.
const chunk = sampleRate / 4

// decode runs the grammar over pcm (16 kHz mono) and returns the words
// recognised, in order, with frame times.
func (d *psDecoder) decode(ctx context.Context, jsgf string, pcm, room []int16) ([]hit, error) {
	d.search++
	name := C.CString(fmt.Sprintf("g%d", d.search))
	defer C.free(unsafe.Pointer(name))
	g := C.CString(jsgf)
	defer C.free(unsafe.Pointer(g))
	if C.ps_set_jsgf_string(d.ps, name, g) < 0 {
		return nil, errors.New("the recogniser refused the grammar")
	}
	if C.ps_set_search(d.ps, name) < 0 {
		return nil, errors.New("the recogniser refused the grammar")
	}
	defer C.ps_unset_search(d.ps, name)
	var mean [cepstra]C.mfcc_t
	if room == nil {
		room = pcm
	}
	counted := len(room) > 0 && C.ra_mean(d.ps, (*C.int16)(unsafe.Pointer(&room[0])), C.size_t(len(room)), &mean[0], cepstra) > 0
	if C.ps_start_utt(d.ps) < 0 {
		return nil, errors.New("the recogniser could not start")
	}
	if counted {
		C.ra_set_mean(d.ps, &mean[0])
	}
	for off := 0; off < len(pcm); off += chunk {
		if err := ctx.Err(); err != nil {
			C.ps_end_utt(d.ps)
			return nil, err
		}
		end := min(off+chunk, len(pcm))
		C.ps_process_raw(d.ps, (*C.int16)(unsafe.Pointer(&pcm[off])), C.size_t(end-off), 0, 0)
	}
	C.ps_end_utt(d.ps)
	// The search just used is freed when this returns; the C heap keeps
	// what it freed unless told to give it back, and with a decoder a
	// core, that adds up (an hour's alignment peaked at 339 MiB of
	// memory, 249 MiB with this).
	defer C.ra_trim()
	var out []hit
	for it := C.ps_seg_iter(d.ps); it != nil; it = C.ps_seg_next(it) {
		w := C.GoString(C.ps_seg_word(it))
		if j := strings.IndexByte(w, '('); j > 0 {
			w = w[:j] // an alternative pronunciation: "the(2)"
		}
		if w == "(NULL)" {
			continue // a null transition of the grammar: no sound
		}
		var sf, ef C.int
		C.ps_seg_frames(it, &sf, &ef)
		out = append(out, hit{word: w, start: int(sf), end: int(ef) + 1})
	}
	// Frames are counted from the decoder's first utterance, not this
	// one; the segments of a result cover the utterance from its start.
	if len(out) > 0 {
		base := out[0].start
		for i := range out {
			out[i].start -= base
			out[i].end -= base
		}
	}
	return out, nil
}

// close frees the decoder.
func (d *psDecoder) close() {
	if d.ps != nil {
		C.ps_free(d.ps)
		d.ps = nil
	}
}
