package barra

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestQuietOffTerminal runs bars on writers that are not terminals: a buffer, a file and a
// pipe. None of them may get a single byte, whatever is done with the bar.
func TestQuietOffTerminal(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "salida"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	for _, b := range []*Barra{Nueva(&buf, 10, "búfer"), NuevaBytes(&buf, 10, "búfer"),
		Nueva(file, 10, "archivo"), Nueva(w, 10, "tubo")} {
		b.Add(3)
		b.Add64(2)
		b.Abandonar()
		b.Terminar()
	}
	w.Close()
	if buf.Len() != 0 {
		t.Errorf("a buffer got %q, want nothing", buf.String())
	}
	if fi, err := file.Stat(); err != nil || fi.Size() != 0 {
		t.Errorf("a file got %d bytes (%v), want none", fi.Size(), err)
	}
	var piped bytes.Buffer
	piped.ReadFrom(r)
	if piped.Len() != 0 {
		t.Errorf("a pipe got %q, want nothing", piped.String())
	}
}

// TestNothingToCount gives a bar no total: it draws nothing even on a terminal.
func TestNothingToCount(t *testing.T) {
	var buf bytes.Buffer
	b := Nueva(Terminal{&buf}, 0, "vacío")
	b.Add(1)
	b.Terminar()
	if buf.Len() != 0 {
		t.Errorf("a bar of 0 rows wrote %q, want nothing", buf.String())
	}
}

// timeLeft matches the bracket of a bar under way: time elapsed, time left.
var timeLeft = regexp.MustCompile(`\[(\d+)s:(\d+)s\]`)

// TestDraws forces a bar on and checks what a person sees: the description, the count, the
// rate in filas/s, an estimate of the time left, and at the end 100 % on a finished line.
func TestDraws(t *testing.T) {
	var buf bytes.Buffer
	b := Nueva(Terminal{&buf}, 1000, "importando PUE_GUB_2024.csv")
	b.Add(1)
	// 10 rows in more than 120 ms is less than 84 filas/s: the 990 left take 11 s or more.
	time.Sleep(refresh + 20*time.Millisecond)
	b.Add(9)
	during := buf.String()
	b.Add(990)
	b.Terminar()
	b.Terminar()
	got := buf.String()

	frame := during[strings.LastIndex(during, "\r")+1:]
	wantAll(t, "while under way", frame, "importando PUE_GUB_2024.csv   1% |",
		"(10/1000, ", " filas/s) [")
	m := timeLeft.FindStringSubmatch(frame)
	if m == nil {
		t.Fatalf("no time left in %q", frame)
	}
	if left, _ := strconv.Atoi(m[2]); left < 11 {
		t.Errorf("time left %ss, want 11s or more for 990 rows at less than 84 filas/s", m[2])
	}
	end := got[strings.LastIndex(got, "\r")+1:]
	wantAll(t, "at the end", end, "importando PUE_GUB_2024.csv 100% |",
		"(1000/1000, ", " filas/s) [")
	if !strings.HasSuffix(got, "]\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("the bar must end its line once: %q", got)
	}
	if timeLeft.MatchString(end) {
		t.Errorf("a finished bar still shows a time left: %q", end)
	}
}

// TestNeverAdvanced finishes a bar that counted nothing: there was no work to show.
func TestNeverAdvanced(t *testing.T) {
	var buf bytes.Buffer
	b := Nueva(Terminal{&buf}, 10, "ya importado")
	b.Terminar()
	b.Add(3)
	b.Abandonar()
	if buf.Len() != 0 {
		t.Errorf("a bar never advanced wrote %q, want nothing", buf.String())
	}
}

// TestDrawsBytes checks the units of a bar of bytes.
func TestDrawsBytes(t *testing.T) {
	var buf bytes.Buffer
	b := NuevaBytes(Terminal{&buf}, 3_000_000, "leyendo")
	b.Add64(1_500_000)
	b.Terminar()
	wantAll(t, "a bar of bytes", buf.String(), "leyendo", "(1.5/3.0 MB, ", "B/s) [",
		"100% |", "(3.0/3.0 MB, ")
}

// TestAbandon stops a bar half way: it keeps its figures and ends its line, so that an
// error written next starts on its own; nothing follows.
func TestAbandon(t *testing.T) {
	var buf bytes.Buffer
	b := Nueva(Terminal{&buf}, 10, "gen")
	b.Add(5)
	b.Abandonar()
	b.Add(5)
	b.Terminar()
	b.Abandonar()
	got := buf.String()
	if !strings.HasSuffix(got, "\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("an abandoned bar must end its line once: %q", got)
	}
	if strings.Contains(got, "100%") || !strings.Contains(got, " 50% |") {
		t.Errorf("an abandoned bar must stay at 50 %%: %q", got)
	}

	buf.Reset()
	Nueva(Terminal{&buf}, 10, "sin avance").Abandonar()
	if buf.Len() != 0 {
		t.Errorf("a bar abandoned before it drew wrote %q, want nothing", buf.String())
	}
}

// TestFit shortens descriptions from their start, keeping the end of a file name.
func TestFit(t *testing.T) {
	for _, c := range []struct {
		d    string
		n    int
		want string
	}{
		{"importando PUE_GUB_2024.csv", 40, "importando PUE_GUB_2024.csv"},
		{"importando PUE_GUB_2024.csv", 27, "importando PUE_GUB_2024.csv"},
		{"importando PUE_GUB_2024.csv", 26, "…portando PUE_GUB_2024.csv"},
		{"importando PUE_GUB_2024.csv", 12, "…UB_2024.csv"},
		{"importando PUE_GUB_2024.csv", -5, "…024.csv"},
		{"sección", 3, "sección"},
	} {
		if got := fit(c.d, c.n); got != c.want {
			t.Errorf("fit(%q, %d) = %q, want %q", c.d, c.n, got, c.want)
		}
	}
}

func wantAll(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s: %q lacks %q", what, s, w)
		}
	}
}
