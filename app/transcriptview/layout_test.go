package transcriptview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestWrapping: words are laid out in order, no line runs past the
// column unless a single word is wider than it, and the row is as tall
// as its lines.
func TestWrapping(t *testing.T) {
	test.NewTempApp(t)
	th := theme.DefaultTheme()
	for _, w := range []float32{120, 300, 800, 2000} {
		m := newMetrics(th, w, "00:00")
		r := Row{Text: strings.Repeat("word another longerword x ", 20) + "Supercalifragilisticexpialidocious!"}
		l := layoutRow(&r, m, false)
		lines := map[int]float32{}
		for i, tk := range l.toks {
			if i > 0 && (l.line[i] < l.line[i-1] || l.line[i] == l.line[i-1] && l.x[i] <= l.x[i-1]) {
				t.Fatalf("w=%v: word %d placed before the one ahead of it", w, i)
			}
			end := l.x[i] + tk.w
			if end > m.textW+0.01 && l.x[i] > 0 {
				t.Errorf("w=%v: word %q ends at %v, past the column (%v)", w, r.Text[tk.from:tk.to], end, m.textW)
			}
			lines[l.line[i]] = end
		}
		if len(lines) != l.lines {
			t.Errorf("w=%v: %d lines used, %d counted", w, len(lines), l.lines)
		}
		if want := l.textTop + float32(l.lines)*m.pitch - (m.pitch - m.textH) + m.rowBottom(); l.height != want {
			t.Errorf("w=%v: height %v, want %v", w, l.height, want)
		}
		// The estimate is near the truth.
		if e := estimate(&r, m, false); e < l.height*0.7 || e > l.height*1.4 {
			t.Errorf("w=%v: estimate %v for a row %v tall", w, e, l.height)
		}
	}
	if m := newMetrics(th, 2000, "00:00"); m.textW != MaxTextWidth*m.textSize/baseTextSize || m.x0 <= 0 {
		t.Errorf("a wide view: column %v at %v, want %v centred", m.textW, m.x0, float32(MaxTextWidth)*m.textSize/baseTextSize)
	}
	_ = fyne.NewSize
}

func TestTokensAndCollapse(t *testing.T) {
	got := []string{}
	text := "  one\ttwo  three\n"
	for _, tk := range tokens(text) {
		got = append(got, text[tk.from:tk.to])
	}
	if strings.Join(got, "|") != "one|two|three" {
		t.Errorf("tokens %q", got)
	}
	if collapse("a  b\tc") != "a b c" || collapse("plain text") != "plain text" {
		t.Error("collapse")
	}
}
