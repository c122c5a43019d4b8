package align

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Words the dictionary lacks are given pronunciations in the model's
// phone set (ARPAbet, as in CMUdict): from espeak-ng's phonemes when the
// espeak-ng command is there (it is run, never linked), otherwise from
// letter-to-sound rules.

// espeakPhones maps espeak-ng's en-us phoneme mnemonics (as `espeak-ng -x
// --sep=_` writes them, stress marks removed) to ARPAbet.
var espeakPhones = map[string]string{
	"a": "AE", "aa": "AE", "A": "AA", "A:": "AA", "A@": "AA R", "0": "AA", "0@": "AO R",
	"O": "AO", "O:": "AO", "O@": "AO R", "o@": "AO R", "OI": "OY", "o": "OW", "oU": "OW", "O2": "AO",
	"aI": "AY", "aU": "AW", "aI@": "AY ER", "aI3": "AY ER", "aU@": "AW ER",
	"@": "AH", "@-": "AH", "@2": "AH", "@5": "AH", "a#": "AH", "V": "AH", "3": "ER", "3:": "ER", "@L": "AH L",
	"E": "EH", "E2": "EH", "e@": "EH R", "eI": "EY", "e": "EY",
	"I": "IH", "I2": "IH", "I#": "IH", "i": "IY", "i:": "IY", "i@": "IY ER", "i@3": "IY R", "IR": "IH R",
	"U": "UH", "u:": "UW", "u": "UW", "U@": "UH R", "oU#": "OW",
	"b": "B", "d": "D", "D": "DH", "dZ": "JH", "f": "F", "g": "G", "h": "HH", "j": "Y",
	"k": "K", "l": "L", "l-": "L", "m": "M", "m-": "M", "n": "N", "n-": "N", "N": "NG",
	"p": "P", "r": "R", "r-": "R", "s": "S", "S": "SH", "t": "T", "t#": "T", "T": "TH",
	"tS": "CH", "v": "V", "w": "W", "x": "K", "z": "Z", "Z": "ZH", "d#": "D", "z#": "Z",
}

// arpabet converts one word of espeak-ng output (phonemes separated by
// "_", with stress marks) to ARPAbet phones. ok is false when a phoneme
// has no counterpart.
func arpabet(x string) (phones string, ok bool) {
	var out []string
	for _, p := range strings.Split(x, "_") {
		p = strings.TrimLeft(p, "',"+"%=")
		p = strings.TrimRight(p, "',"+"%=")
		if p == "" || p == "?" || p == ";" || p == "|" {
			continue
		}
		a, found := espeakPhones[p]
		if !found {
			// Variants are marked with a trailing digit or #: I2, @5, t#.
			a, found = espeakPhones[strings.TrimRight(p, "0123456789#")]
		}
		if !found {
			return "", false
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return "", false
	}
	return strings.Join(out, " "), true
}

// errNoEspeak is returned when the espeak-ng command cannot be run.
var errNoEspeak = errors.New("espeak-ng is not installed")

// espeakTimeout bounds one run of espeak-ng.
const espeakTimeout = 20 * time.Second

// espeak returns ARPAbet pronunciations of words (lower-case letters and
// apostrophes) from the espeak-ng command cmd, one run for all of them.
// Words espeak-ng gives phonemes without counterparts for are left out.
func espeak(ctx context.Context, cmd string, words []string) (map[string]string, error) {
	out := map[string]string{}
	if len(words) == 0 {
		return out, nil
	}
	path, err := exec.LookPath(cmd)
	if err != nil {
		return nil, errNoEspeak
	}
	ctx, cancel := context.WithTimeout(ctx, espeakTimeout)
	defer cancel()
	c := exec.CommandContext(ctx, path, "-q", "-x", "--sep=_", "-v", "en-us")
	// One word a line: espeak-ng answers with one line each.
	c.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("espeak-ng: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != len(words) {
		return nil, fmt.Errorf("espeak-ng answered %d words with %d lines", len(words), len(lines))
	}
	for i, l := range lines {
		f := strings.Fields(l)
		var all []string
		ok := len(f) > 0
		for _, x := range f {
			p, good := arpabet(x)
			if !good {
				ok = false
				break
			}
			all = append(all, p)
		}
		if ok {
			out[words[i]] = strings.Join(all, " ")
		}
	}
	return out, nil
}

// letterRules are the letter-to-sound rules, longest spelling first.
var letterRules = []struct{ spell, phones string }{
	{"tion", "SH AH N"}, {"sion", "ZH AH N"}, {"ough", "AO"}, {"igh", "AY"}, {"tch", "CH"},
	{"sch", "S K"}, {"ch", "CH"}, {"sh", "SH"}, {"th", "TH"}, {"ph", "F"}, {"ng", "NG"}, {"ck", "K"},
	{"qu", "K W"}, {"wh", "W"}, {"kn", "N"}, {"ee", "IY"}, {"ea", "IY"}, {"oo", "UW"},
	{"ou", "AW"}, {"ow", "OW"}, {"ai", "EY"}, {"ay", "EY"}, {"oa", "OW"}, {"oi", "OY"},
	{"oy", "OY"}, {"au", "AO"}, {"aw", "AO"}, {"ie", "IY"}, {"ei", "EY"}, {"ey", "IY"},
	{"er", "ER"}, {"ir", "ER"}, {"ur", "ER"}, {"ar", "AA R"}, {"or", "AO R"},
	{"a", "AE"}, {"b", "B"}, {"c", "K"}, {"d", "D"}, {"e", "EH"}, {"f", "F"}, {"g", "G"},
	{"h", "HH"}, {"i", "IH"}, {"j", "JH"}, {"k", "K"}, {"l", "L"}, {"m", "M"}, {"n", "N"},
	{"o", "AA"}, {"p", "P"}, {"q", "K"}, {"r", "R"}, {"s", "S"}, {"t", "T"}, {"u", "AH"},
	{"v", "V"}, {"w", "W"}, {"x", "K S"}, {"y", "IY"}, {"z", "Z"},
}

// letterToSound guesses a word's phones from its spelling, for when
// espeak-ng is missing or gives nothing usable. Letters it has no rule for
// (accented, other scripts) are not said; "" when none has one.
func letterToSound(w string) string {
	var out []string
	w = strings.ToLower(w)
	// A final silent e after a consonant: "make".
	if len(w) > 2 && strings.HasSuffix(w, "e") && !strings.ContainsAny(w[len(w)-2:len(w)-1], "aeiouy") {
		w = w[:len(w)-1]
	}
	for len(w) > 0 {
		matched := false
		for _, r := range letterRules {
			if strings.HasPrefix(w, r.spell) {
				// A doubled consonant is one sound: "ll", "ss".
				if n := len(out); n > 0 && len(r.spell) == 1 && out[n-1] == r.phones && !strings.ContainsAny(r.spell, "aeiouy") {
					w = w[1:]
					matched = true
					break
				}
				out = append(out, r.phones)
				w = w[len(r.spell):]
				matched = true
				break
			}
		}
		if !matched {
			w = w[1:]
		}
	}
	return strings.Join(out, " ")
}
