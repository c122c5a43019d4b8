package align

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// dict is a small dictionary for the tests.
func dict(words ...string) func(string) bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return func(w string) bool { return m[w] }
}

func TestSayWord(t *testing.T) {
	known := dict("nasa", "cd", "and")
	cases := []struct {
		in   string
		want []string // alternatives, words separated by spaces
	}{
		{"Hello,", []string{"hello"}},
		{"“Quoted”", []string{"quoted"}},
		{"don’t", []string{"don't"}},
		{"(laughs)", []string{"laughs"}},
		{"3.11", []string{"three point one one", "three eleven"}},
		{"3.10", []string{"three point one zero", "three ten"}},
		{"3.05", []string{"three point zero five"}},
		{"1,000", []string{"one thousand"}},
		{"1,234,567", []string{"one million two hundred thirty four thousand five hundred sixty seven"}},
		{"2024", []string{"twenty twenty four", "two thousand twenty four"}},
		{"1905", []string{"nineteen oh five", "one thousand nine hundred five"}},
		{"2000", []string{"two thousand"}},
		{"007", []string{"zero zero seven"}},
		{"3.11.2", []string{"three point eleven point two"}},
		{"21st", []string{"twenty first"}},
		{"2nd,", []string{"second"}},
		{"100th", []string{"one hundredth"}},
		{"50%", []string{"fifty percent"}},
		{"$5", []string{"five dollars"}},
		{"C++", []string{"c plus plus"}},
		{"C#", []string{"c sharp"}},
		{"#1", []string{"number one"}},
		{"CI/CD", []string{"c i c d"}},
		{"AWS", []string{"a w s"}},
		{"NASA", []string{"nasa"}},
		{"HTTP", []string{"h t t p"}},
		{"Q&A", []string{"q and a"}},
		{"well-known", []string{"well known"}},
		{"mp3", []string{"mp three"}},
		{"x86", []string{"x eighty six"}},
		{"—", nil},
		{"...", nil},
	}
	for _, c := range cases {
		got := sayWord(c.in, known)
		var alts []string
		for _, a := range got {
			alts = append(alts, strings.Join(a, " "))
		}
		if !reflect.DeepEqual(alts, c.want) {
			t.Errorf("sayWord(%q) = %q, want %q", c.in, alts, c.want)
		}
	}
}

func TestSplitLine(t *testing.T) {
	l := splitLine("[music] Welcome back — to (upbeat sting) the show, 2 hosts.", dict())
	wantShown := strings.Fields("[music] Welcome back — to (upbeat sting) the show, 2 hosts.")
	if !reflect.DeepEqual(l.shown, wantShown) {
		t.Fatalf("shown %q, want %q", l.shown, wantShown)
	}
	var said []string
	for _, s := range l.says {
		if len(s) == 0 {
			said = append(said, "-")
			continue
		}
		said = append(said, strings.Join(s[0], " "))
	}
	want := []string{"-", "welcome", "back", "-", "to", "-", "-", "the", "show", "two", "hosts"}
	if !reflect.DeepEqual(said, want) {
		t.Errorf("said %q, want %q", said, want)
	}
	if l.words() != 7 {
		t.Errorf("%d words spoken, want 7", l.words())
	}
}

func TestCardinal(t *testing.T) {
	for n, want := range map[string]string{
		"0": "zero", "13": "thirteen", "40": "forty", "99": "ninety nine", "100": "one hundred",
		"101": "one hundred one", "1000000": "one million", "1000001": "one million one",
		// Beyond trillions numbers are read digit by digit.
		"1234567890123456": "one two three four five six seven eight nine zero one two three four five six",
	} {
		if got := strings.Join(cardinal(n), " "); got != want {
			t.Errorf("cardinal(%s) = %q, want %q", n, got, want)
		}
	}
}

// FuzzSayWord checks that any shown word gives only words the grammar can
// hold: lower case, letters and inner apostrophes, no empty alternative.
func FuzzSayWord(f *testing.F) {
	for _, s := range []string{"3.11", "1,000", "C++", "CI/CD", "don't", "$5", "21st", "é", "9999999999999999999999", "1.2.3.4", "#", "''a''"} {
		f.Add(s)
	}
	known := dict("cd")
	f.Fuzz(func(t *testing.T, s string) {
		for _, alt := range sayWord(s, known) {
			if len(alt) == 0 {
				t.Fatalf("sayWord(%q): an empty alternative", s)
			}
			for _, w := range alt {
				if w == "" || w[0] == '\'' || w[len(w)-1] == '\'' {
					t.Fatalf("sayWord(%q): word %q", s, w)
				}
				for _, r := range w {
					if !(unicode.IsLetter(r) && unicode.ToLower(r) == r || r == '\'') {
						t.Fatalf("sayWord(%q): word %q holds %q", s, w, r)
					}
				}
			}
		}
	})
}
