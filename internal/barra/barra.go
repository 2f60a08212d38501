// Package barra draws a progress bar, with its rate and the time left, for the commands that
// take long (import, gen) when a person watches them on a terminal. On anything else — a
// pipe, a file, a log collector, a test's buffer — a bar writes nothing at all, so that the
// output of a command is the same with or without it.
//
// A bar draws on one line, which it rewrites in place at most every tenth of a second:
//
//	importando PUE_GUB_2024.csv  52% |██████████          | (4340/8346, 1205 filas/s) [3s:3s]
//
// The figures in brackets are the time elapsed and the time left, counted from the first
// row. Once the bar is complete it shows the time taken instead, and ends its line.
package barra

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// refresh is how often a bar is redrawn at most: often enough to look alive, seldom enough
// that a loop adding one row at a time does not spend its time drawing.
const refresh = 100 * time.Millisecond

// Filas is the unit of the rate of a bar made with Nueva.
const Filas = "filas"

// Terminal marks a writer as a terminal, so that a bar draws on it even though it is not an
// *os.File on a terminal: for tests that assert what a bar writes.
type Terminal struct {
	io.Writer
}

// Barra is a progress bar. Its methods do nothing when it draws nothing, so the caller
// never needs to ask. A Barra may be advanced from several goroutines.
type Barra struct {
	pb      *progressbar.ProgressBar // nil when the bar draws nothing
	w       io.Writer
	drawn   atomic.Bool // advanced at least once
	over    atomic.Bool // finished or abandoned by the caller
	endLine sync.Once
}

// Nueva returns a bar that counts up to total rows of work (filas) and shows their rate in
// filas/s. It draws on w only when w is a terminal (an *os.File on a terminal, or a
// Terminal) and total is positive; otherwise it writes nothing.
func Nueva(w io.Writer, total int64, descripcion string) *Barra {
	return nueva(w, total, descripcion, progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(Filas))
}

// NuevaBytes is like Nueva for a bar that counts bytes, shown with their units (kB, MB) and
// the rate in MB/s.
func NuevaBytes(w io.Writer, total int64, descripcion string) *Barra {
	return nueva(w, total, descripcion, progressbar.OptionShowBytes(true))
}

func nueva(w io.Writer, total int64, descripcion string, unit ...progressbar.Option) *Barra {
	b := &Barra{w: w}
	if total <= 0 || !isTerminal(w) {
		return b
	}
	opts := append([]progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(fitDescription(descripcion, w)),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(refresh),
		// The library calls this when the bar completes and when it is abandoned.
		progressbar.OptionOnCompletion(b.end),
	}, unit...)
	// The clock of the rate and the time left starts at the first Add: what the caller does
	// before it (reading, checking) is not part of the work counted.
	b.pb = progressbar.NewOptions64(total, opts...)
	return b
}

// room is how many columns a bar takes besides its description: the percentage, a short
// bar, the count, the rate and the times.
const room = 64

// fitDescription shortens a description that would push the bar past the width of the
// terminal: a line that wraps cannot be redrawn in place, and fills the screen instead.
func fitDescription(d string, w io.Writer) string {
	f, ok := w.(*os.File)
	if !ok {
		return d
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		return d
	}
	return fit(d, width-room)
}

// fit keeps the last n characters of d (at least 8), where a file name ends.
func fit(d string, n int) string {
	n = max(n, 8)
	r := []rune(d)
	if len(r) <= n {
		return d
	}
	return "…" + string(r[len(r)-n+1:])
}

// isTerminal reports whether a bar may draw on w.
func isTerminal(w io.Writer) bool {
	switch w := w.(type) {
	case Terminal:
		return true
	case *os.File:
		return isatty.IsTerminal(w.Fd()) || isatty.IsCygwinTerminal(w.Fd())
	}
	return false
}

// Add advances the bar by n rows (or bytes).
func (b *Barra) Add(n int) { b.Add64(int64(n)) }

// Add64 advances the bar by n rows (or bytes).
func (b *Barra) Add64(n int64) {
	if b.pb == nil || b.over.Load() {
		return
	}
	b.drawn.Store(true)
	// An error here is only a bar that could not be drawn; the work goes on.
	_ = b.pb.Add64(n)
}

// Terminar completes the bar at 100 %, showing the time taken, and ends its line. Call it
// when the work is done; later calls do nothing. A bar never advanced draws nothing: there
// was no work to show.
func (b *Barra) Terminar() {
	if b.pb == nil || b.over.Swap(true) || !b.drawn.Load() {
		return
	}
	_ = b.pb.Finish()
}

// Abandonar leaves the bar where it stands and ends its line, so that what is written next
// (an error, say) starts on a line of its own. Call it when the work stopped before its end;
// after Terminar it does nothing.
func (b *Barra) Abandonar() {
	if b.pb == nil || b.over.Swap(true) {
		return
	}
	_ = b.pb.Exit()
}

// end ends the line of the bar once, if the bar drew anything.
func (b *Barra) end() {
	if !b.drawn.Load() {
		return
	}
	b.endLine.Do(func() { io.WriteString(b.w, "\n") })
}
