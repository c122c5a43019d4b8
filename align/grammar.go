package align

import (
	"fmt"
	"strings"
)

// garbagePhones are phones of the model, each made a dictionary word
// ("gb_aa" says AA) so that a loop of them can absorb speech that is not
// in the transcript. One phone stands for each kind of sound (vowels
// front to back, nasals, stops, fricatives, liquids and glides): the
// loop has only to be a cheaper account of speech the grammar has no
// words for than the transcript's words forced onto it, not to spell
// it. A loop of all 39 phones took most of the decoding time, as the
// search follows every phone after every other in each context: on ten
// minutes of speech 68 s of CPU, against 42 s with these 20, the lines
// and the audio not in the transcript found the same.
var garbagePhones = strings.Fields("IY EH AE AH AA UW ER M N P T K F S SH HH L R W Y")

// garbagePrefix starts the names of the garbage words; no English word
// starts with it.
const garbagePrefix = "gb_"

// garbageWeight is the probability the grammar gives each garbage phone
// (as a JSGF weight, which PocketSphinx takes as it is): without it the
// free phone loop outscores the words of the transcript. The decoder's
// beams (psBeam) are widened to match, or paths into the loop would be
// pruned as soon as they enter it.
const garbageWeight = "/1e-10/"

// garbageWords are the dictionary entries of the phone loop.
func garbageWords() []dictWord {
	var out []dictWord
	for _, p := range garbagePhones {
		out = append(out, dictWord{garbagePrefix + strings.ToLower(p), p})
	}
	return out
}

// isGarbage reports whether a recognised word is from the phone loop.
func isGarbage(w string) bool { return strings.HasPrefix(w, garbagePrefix) }

// isFiller reports whether a recognised word is silence or noise.
func isFiller(w string) bool {
	return w == "<sil>" || w == "(NULL)" || w == "<s>" || w == "</s>" || strings.HasPrefix(w, "[") || strings.HasPrefix(w, "++")
}

// grammar writes the JSGF grammar of a window of lines: each line an
// optional fixed sequence of words, with a loop of garbage phones before,
// between and after them. A line heard is matched word for word; a line
// not heard is left out; anything else heard is garbage.
func grammar(lines []*line) string {
	var b strings.Builder
	b.WriteString("#JSGF V1.0;\ngrammar window;\n<g> = ")
	for i, p := range garbagePhones {
		if i > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(garbageWeight + " " + garbagePrefix + strings.ToLower(p))
	}
	// Alternatives are rules of their own: PocketSphinx's JSGF reader
	// builds a broken network from ( a b | c ) inside a sequence.
	var body strings.Builder
	alts := 0
	for _, l := range lines {
		body.WriteString(" [")
		for _, s := range l.text.says {
			if len(s) == 0 {
				continue
			}
			body.WriteByte(' ')
			if len(s) == 1 {
				body.WriteString(strings.Join(s[0], " "))
				continue
			}
			alts++
			fmt.Fprintf(&body, "<a%d>", alts)
			fmt.Fprintf(&b, ";\n<a%d> = ", alts)
			for i, alt := range s {
				if i > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(strings.Join(alt, " "))
			}
		}
		body.WriteString(" ] <g>*")
	}
	b.WriteString(";\npublic <window> = <g>*")
	b.WriteString(body.String())
	b.WriteString(";\n")
	return b.String()
}

// matchLine matches the start of hits (words only, no garbage or
// fillers) to line l's spoken words. It returns, for each shown word, the
// range of hits it covers ([i, j), i == j for words not spoken), and how
// many hits the line took; ok is false when the hits do not start with
// the line.
func matchLine(l *line, hits []hit) (spans [][2]int, n int, ok bool) {
	spans = make([][2]int, len(l.text.says))
	var try func(w, pos int) bool
	try = func(w, pos int) bool {
		if w == len(l.text.says) {
			n = pos
			return true
		}
		s := l.text.says[w]
		if len(s) == 0 {
			spans[w] = [2]int{pos, pos}
			return try(w+1, pos)
		}
		for _, alt := range s {
			if pos+len(alt) > len(hits) {
				continue
			}
			good := true
			for k, x := range alt {
				if hits[pos+k].word != x {
					good = false
					break
				}
			}
			if good {
				spans[w] = [2]int{pos, pos + len(alt)}
				if try(w+1, pos+len(alt)) {
					return true
				}
			}
		}
		return false
	}
	if !try(0, 0) {
		return nil, 0, false
	}
	return spans, n, true
}
