package align

import (
	"strings"
	"unicode"
)

// A shown word is one run of non-space characters of a line, as the
// transcript shows it. What the recogniser listens for is the spoken form
// of each: zero or more dictionary words, with alternatives where the same
// text is said in more than one way ("3.11": "three point one one" or
// "three eleven"). The shown text itself is never changed.

// spoken is the ways a shown word can be said: each alternative is a
// sequence of lower-case words. An empty list means nothing is said (a
// dash, a stage direction in brackets).
type spoken [][]string

// lineText is a line split into shown words, each with its spoken forms.
type lineText struct {
	shown []string
	says  []spoken
}

// words returns how many shown words of the line are spoken.
func (l lineText) words() int {
	n := 0
	for _, s := range l.says {
		if len(s) > 0 {
			n++
		}
	}
	return n
}

// splitLine splits a line into shown words and their spoken forms. Text in
// square brackets or parentheses that opens a word and closes a later (or
// the same) word, such as "[music]" or "(laughs)", is not spoken.
// known reports whether the dictionary has a word; it decides whether a
// short capitalised word is said as a word or spelled ("CI", "AWS").
func splitLine(text string, known func(string) bool) lineText {
	var l lineText
	depth := 0
	for _, w := range strings.Fields(text) {
		l.shown = append(l.shown, w)
		if depth == 0 && (strings.HasPrefix(w, "[") || strings.HasPrefix(w, "(")) {
			depth = 1
		}
		if depth > 0 {
			if strings.ContainsAny(w, "])") {
				depth = 0
			}
			l.says = append(l.says, nil)
			continue
		}
		l.says = append(l.says, sayWord(w, known))
	}
	return l
}

// sayWord returns the spoken forms of one shown word.
func sayWord(w string, known func(string) bool) spoken {
	w = strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', 'ʼ', '`':
			return '\''
		case '–', '—', '‑':
			return '-'
		}
		return r
	}, w)
	w = strings.Trim(w, "\"'“”«»()[]{}<>,;:!?¿¡…")
	w = strings.TrimRight(w, ".")
	alts := []string{""}
	add := func(words ...string) {
		for i := range alts {
			for _, x := range words {
				if alts[i] != "" {
					alts[i] += " "
				}
				alts[i] += x
			}
		}
	}
	// addAlts appends one of several sequences, multiplying alternatives.
	addAlts := func(choices []string) {
		var out []string
		for _, a := range alts {
			for _, c := range choices {
				if a == "" {
					out = append(out, c)
				} else if c == "" {
					out = append(out, a)
				} else {
					out = append(out, a+" "+c)
				}
			}
		}
		alts = out
	}
	rs := []rune(w)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '\'' && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				j++
			}
			add(sayLetters(string(rs[i:j]), known)...)
			i = j
		case isDigit(r):
			j := i
			for j < len(rs) && (isDigit(rs[j]) || (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1])) {
				j++
			}
			num := string(rs[i:j])
			// An ordinal suffix: 1st, 2nd, 3rd, 4th.
			if k := j + 2; k <= len(rs) && isOrdinalSuffix(strings.ToLower(string(rs[j:k]))) && (k == len(rs) || !unicode.IsLetter(rs[k])) && !strings.ContainsAny(num, ".,") {
				add(ordinal(num)...)
				i = k
				continue
			}
			addAlts(sayNumber(num))
			i = j
		default:
			if s, ok := symbolWords[r]; ok {
				// C# is "c sharp", a # before digits "number".
				if r == '#' && i > 0 && unicode.IsLetter(rs[i-1]) {
					s = "sharp"
				}
				if r == '$' {
					// $5 is "five dollars": the word follows the number.
					j := i + 1
					for j < len(rs) && (isDigit(rs[j]) || (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1])) {
						j++
					}
					if j > i+1 {
						addAlts(sayNumber(string(rs[i+1 : j])))
						add("dollars")
						i = j
						continue
					}
				}
				add(strings.Fields(s)...)
			}
			i++
		}
	}
	var out spoken
	for _, a := range alts {
		if a != "" {
			out = append(out, strings.Fields(a))
		}
	}
	return out
}

// symbolWords is how symbols inside a word are said. Symbols not listed
// (slashes, hyphens, dots between words) are not said.
var symbolWords = map[rune]string{
	'+': "plus", '&': "and", '%': "percent", '@': "at", '=': "equals",
	'#': "number", '$': "dollars", '€': "euros", '£': "pounds", '×': "times",
}

// sayLetters returns how a run of letters is said: as a word, lower-cased,
// or letter by letter when it is a short capitalised abbreviation the
// dictionary lacks ("CI", "AWS"; "NASA" is in it).
func sayLetters(s string, known func(string) bool) []string {
	low := strings.ToLower(s)
	upper := strings.ToUpper(s) == s && strings.ToLower(s) != s
	n := len([]rune(s))
	if n == 1 || upper && n <= 4 && (known == nil || !known(low)) || upper && !hasVowel(low) {
		var out []string
		for _, r := range low {
			if unicode.IsLetter(r) {
				out = append(out, string(r))
			}
		}
		return out
	}
	return []string{low}
}

// hasVowel reports whether s has a vowel letter (y counts).
func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

func isOrdinalSuffix(s string) bool { return s == "st" || s == "nd" || s == "rd" || s == "th" }

var (
	ones = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tens   = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	scales = []string{"", "thousand", "million", "billion", "trillion"}
)

// sayNumber returns the ways a number written with digits is said:
// "1,000" → one thousand; "3.11" → three point one one, or three eleven;
// "2024" → twenty twenty four, or two thousand twenty four; "007" → zero
// zero seven.
func sayNumber(s string) []string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if strings.Count(s, ".") > 1 {
		// A version or an address: 3.11.2 → three point eleven point two.
		var parts []string
		for _, p := range strings.Split(s, ".") {
			parts = append(parts, strings.Join(cardinal(strings.ReplaceAll(p, ",", "")), " "))
		}
		return []string{strings.Join(parts, " point ")}
	}
	grouped := strings.Contains(intPart, ",")
	intPart = strings.ReplaceAll(intPart, ",", "")
	var alts []string
	switch {
	case len(intPart) > 1 && intPart[0] == '0':
		alts = []string{digits(intPart)}
	case len(intPart) == 4 && !grouped && !hasFrac:
		alts = []string{strings.Join(cardinal(intPart), " ")}
		if y := year(intPart); y != "" && y != alts[0] {
			alts = []string{y, alts[0]}
		}
	default:
		alts = []string{strings.Join(cardinal(intPart), " ")}
	}
	if !hasFrac {
		return alts
	}
	var out []string
	for _, a := range alts {
		out = append(out, a+" point "+digits(frac))
		if len(frac) == 2 && frac[0] != '0' && isDigit(rune(frac[1])) {
			out = append(out, a+" "+strings.Join(cardinal(frac), " "))
		}
	}
	return out
}

// isDigit reports whether r is one of the digits 0 to 9 (other scripts'
// digits are not read).
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// digits says each digit: "05" → zero five. Other characters are not said.
func digits(s string) string {
	var out []string
	for _, c := range s {
		if isDigit(c) {
			out = append(out, ones[c-'0'])
		}
	}
	return strings.Join(out, " ")
}

// year says a four-digit number as a year: 1999 → nineteen ninety nine,
// 2024 → twenty twenty four, 1905 → nineteen oh five; "" when it is not
// said that way (2000, 1000).
func year(s string) string {
	hi, lo := int(s[0]-'0')*10+int(s[1]-'0'), int(s[2]-'0')*10+int(s[3]-'0')
	switch {
	case hi < 11 || lo == 0:
		return ""
	case lo < 10:
		return strings.Join(below100(hi), " ") + " oh " + ones[lo]
	}
	return strings.Join(append(below100(hi), below100(lo)...), " ")
}

// cardinal says a whole number written in digits (no separators).
func cardinal(s string) []string {
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return []string{"zero"}
	}
	if len(s) > 3*len(scales) {
		return strings.Fields(digits(s))
	}
	var groups []int
	for len(s) > 0 {
		k := len(s) - 3
		if k < 0 {
			k = 0
		}
		g := 0
		for _, c := range s[k:] {
			g = g*10 + int(c-'0')
		}
		groups = append(groups, g)
		s = s[:k]
	}
	var out []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		if g >= 100 {
			out = append(out, ones[g/100], "hundred")
			g %= 100
		}
		if g > 0 {
			out = append(out, below100(g)...)
		}
		if scales[i] != "" {
			out = append(out, scales[i])
		}
	}
	return out
}

// below100 says 0 < n < 100.
func below100(n int) []string {
	if n < 20 {
		return []string{ones[n]}
	}
	if n%10 == 0 {
		return []string{tens[n/10]}
	}
	return []string{tens[n/10], ones[n%10]}
}

// ordinal says 1st, 2nd, 21st, 100th.
func ordinal(s string) []string {
	w := cardinal(strings.ReplaceAll(s, ",", ""))
	last := w[len(w)-1]
	irregular := map[string]string{"one": "first", "two": "second", "three": "third", "five": "fifth",
		"eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
	switch {
	case irregular[last] != "":
		last = irregular[last]
	case strings.HasSuffix(last, "y"):
		last = strings.TrimSuffix(last, "y") + "ieth"
	default:
		last += "th"
	}
	w[len(w)-1] = last
	return w
}
