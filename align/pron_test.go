package align

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

func TestARPAbet(t *testing.T) {
	// espeak-ng -q -x --sep=_ -v en-us output, as it writes it.
	cases := map[string]string{
		"dZ_'a_N_g_oU":             "JH AE NG G OW",
		"k_j_'u:_b_3_n_,i:_t_s":    "K Y UW B ER N IY T S",
		"p_'aI_t#_I2_s_t":          "P AY T IH S T",
		"m_'O2_N_g_oU_d_,i:_b_,i:": "M AO NG G OW D IY B IY",
		"a#_s_'I_N_k":              "AH S IH NG K",
		"T_'O:_t":                  "TH AO T",
		"tS_'i:_z":                 "CH IY Z",
		"v_'I_Z_@_n":               "V IH ZH AH N",
		"b_'OI":                    "B OY",
		"h_'aU":                    "HH AW",
		"b_'3:_d":                  "B ER D",
		"D_'@2":                    "DH AH",
		"f_'E@":                    "",
	}
	for in, want := range cases {
		got, ok := arpabet(in)
		if want == "" {
			if ok {
				t.Errorf("arpabet(%q) = %q, want no pronunciation (unknown phoneme)", in, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("arpabet(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	// Every phone made is one of the model's.
	model := map[string]bool{}
	for _, p := range modelPhones {
		model[p] = true
	}
	for k, v := range espeakPhones {
		for _, p := range strings.Fields(v) {
			if !model[p] {
				t.Errorf("espeak phoneme %q maps to %q, not a phone of the model", k, p)
			}
		}
	}
}

func TestEspeak(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed (make deps installs it)")
	}
	words := []string{"django", "kubernetes", "pytest", "fastapi", "microservices", "async", "mongodb", "readalong's"}
	got, err := espeak(context.Background(), "espeak-ng", words)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range words {
		if got[w] == "" {
			t.Errorf("no pronunciation of %q", w)
		}
	}
	// Spot checks against CMUdict-style pronunciations.
	for w, want := range map[string]string{"django": "JH AE NG G OW", "kubernetes": "K Y UW B ER N IY T S"} {
		if got[w] != want {
			t.Errorf("%s: %q, want %q", w, got[w], want)
		}
	}
	if _, err := espeak(context.Background(), "readalong-no-such-command", words); err != errNoEspeak {
		t.Errorf("a missing espeak-ng gives %v, want errNoEspeak", err)
	}
}

func TestLetterToSound(t *testing.T) {
	for w, want := range map[string]string{
		"pytest":   "P IY T EH S T",
		"shell":    "SH EH L",
		"make":     "M AE K",
		"quick":    "K W IH K",
		"thinking": "TH IH N K IH NG", // "nk" as n, k: near enough to match
		"é":        "",
	} {
		if got := letterToSound(w); got != want {
			t.Errorf("letterToSound(%q) = %q, want %q", w, got, want)
		}
	}
}

// modelPhones are the phones of the US English model, besides silence
// (its mdef).
var modelPhones = strings.Fields("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH")
