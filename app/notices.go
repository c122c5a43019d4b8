package app

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Where notices come from; each source shows at most one.
const (
	noticeDevice   = "device"
	noticeEpisode  = "episode"
	noticeChapters = "chapters"
	noticePictures = "pictures"
	noticeResume   = "resume"
	noticeSync     = "sync"
	noticeAlign    = "align"
	noticeWarning  = "warning"
	noticeDamage   = "damage"
	noticePlayback = "playback"
	noticeExport   = "export"
)

// sentence returns s with its first letter upper case, as a notice
// begins: errors are written to be wrapped, in lower case.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// noticeOrder is the order notices are listed in.
var noticeOrder = []string{noticeDevice, noticeEpisode, noticeChapters, noticePictures, noticeResume, noticeSync, noticeAlign, noticeWarning, noticeDamage, noticePlayback, noticeExport}

// newsFor is how long notices that are only news stay ("Resumed at…",
// "Quote copied.") before they go by themselves; the others stay until
// dismissed or no longer true.
var newsFor = map[string]time.Duration{noticeResume: 8 * time.Second, noticeExport: 8 * time.Second}

// notices are the messages under the transcript, one a line, each with a
// button to dismiss it.
type notices struct {
	u      *UI
	box    *fyne.Container
	msgs   map[string]string
	stop   map[string]func() // the timers of news
	lines  map[string]*widget.Label
	closes map[string]*widget.Button
	// bars and acts are the progress bars and action buttons (Stop) of
	// the notices of work under way; done holds their fractions done.
	bars map[string]*widget.ProgressBar
	acts map[string]*widget.Button
	done map[string]float64
	// after calls f on the Fyne goroutine after d unless stopped: a
	// timer, which tests replace.
	after func(d time.Duration, f func()) (stop func())
}

func newNotices(u *UI) *notices {
	n := &notices{u: u, box: container.NewVBox(), msgs: map[string]string{}, stop: map[string]func(){},
		lines: map[string]*widget.Label{}, closes: map[string]*widget.Button{},
		bars: map[string]*widget.ProgressBar{}, acts: map[string]*widget.Button{}, done: map[string]float64{},
		after: func(d time.Duration, f func()) func() {
			t := time.AfterFunc(d, func() { fyne.Do(f) })
			return func() { t.Stop() }
		}}
	go func() {
		<-u.stop
		fyne.Do(func() {
			for _, stop := range n.stop {
				stop()
			}
		})
	}()
	n.box.Hide()
	return n
}

// set shows msg for source, replacing what it said before; "" removes it.
func (n *notices) set(source, msg string) {
	if n.msgs[source] == msg {
		return
	}
	if stop := n.stop[source]; stop != nil {
		stop()
		delete(n.stop, source)
	}
	if msg == "" {
		delete(n.msgs, source)
		delete(n.done, source)
	} else {
		n.msgs[source] = msg
		n.u.debug("notice %s: %s", source, msg)
		if d, ok := newsFor[source]; ok {
			n.stop[source] = n.after(d, func() {
				if n.msgs[source] == msg {
					n.set(source, "")
				}
			})
		}
	}
	n.show()
}

// show lists the notices.
func (n *notices) show() {
	var rows []fyne.CanvasObject
	for _, src := range noticeOrder {
		msg := n.msgs[src]
		if msg == "" {
			continue
		}
		l := n.lines[src]
		if l == nil {
			l = widget.NewLabel("")
			l.Importance = widget.WarningImportance
			l.Truncation = fyne.TextTruncateEllipsis
			n.lines[src] = l
			b := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
				n.set(src, "")
				n.u.focusKeys()
			})
			b.Importance = widget.LowImportance
			n.closes[src] = b
		}
		l.SetText(msg)
		right := fyne.CanvasObject(n.closes[src])
		if _, ok := n.done[src]; ok {
			right = container.NewHBox(container.NewGridWrap(fyne.NewSize(progressWidth, n.bars[src].MinSize().Height), n.bars[src]), n.acts[src], n.closes[src])
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, right, l))
	}
	n.box.Objects = rows
	if len(rows) == 0 {
		n.box.Hide()
	} else {
		n.box.Show()
	}
	n.box.Refresh()
}

// progressWidth is the width of a notice's progress bar.
const progressWidth = 160

// setProgress shows, with source's notice, a progress bar at frac (0 to
// 1) and a button labelled action that calls act (Stop); a negative frac
// removes them. Only the bar is redrawn as the work goes on.
func (n *notices) setProgress(source string, frac float64, action string, act func()) {
	if frac < 0 {
		if _, ok := n.done[source]; ok {
			delete(n.done, source)
			n.show()
		}
		return
	}
	frac = min(frac, 1)
	if _, ok := n.done[source]; ok {
		n.done[source] = frac
		n.bars[source].SetValue(frac)
		return
	}
	n.done[source] = frac
	b := n.bars[source]
	if b == nil {
		b = widget.NewProgressBar()
		b.TextFormatter = func() string { return "" }
		n.bars[source] = b
	}
	b.SetValue(frac)
	btn := widget.NewButton(action, func() {
		act()
		n.u.focusKeys()
	})
	btn.Importance = widget.LowImportance
	n.acts[source] = btn
	n.show()
}

// text is every notice shown, one a line.
func (n *notices) text() string {
	var lines []string
	for _, src := range noticeOrder {
		if m := n.msgs[src]; m != "" {
			lines = append(lines, m)
		}
	}
	return strings.Join(lines, "\n")
}

// dismiss removes source's notice as its close button does.
func (n *notices) dismiss(source string) {
	if b := n.closes[source]; b != nil && n.msgs[source] != "" {
		b.OnTapped()
	}
}
