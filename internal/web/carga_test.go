package web

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// registro is a slog handler that keeps every record, for tests of what is logged.
type registro struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (r *registro) Enabled(context.Context, slog.Level) bool { return true }
func (r *registro) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *registro) WithGroup(string) slog.Handler            { return r }

func (r *registro) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recs = append(r.recs, rec.Clone())
	return nil
}

// cargas returns the cortes loaded so far, in order, from the "corte loaded" records.
func (r *registro) cargas() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, rec := range r.recs {
		if rec.Message != "corte loaded" {
			continue
		}
		rec.Attrs(func(a slog.Attr) bool {
			if a.Key == "corte" {
				out = append(out, int(a.Value.Int64()))
			}
			return true
		})
	}
	return out
}

// avisos returns the messages logged at level Warn.
func (r *registro) avisos() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.recs {
		if rec.Level == slog.LevelWarn {
			out = append(out, rec.Message)
		}
	}
	return out
}

// copiarCortes makes a cortes folder holding cortes 1 to n, each the Gubernatura of the
// fixture's corte 1 under its own number and minute, its files hard-linked so it is quick.
func copiarCortes(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	var m publish.Manifiesto
	readJSON(t, 1, "corte.json", &m)
	m.Elecciones = m.Elecciones[:1]
	var idx publish.Indice
	for k := 1; k <= n; k++ {
		carpeta := publish.CarpetaCorte(k)
		enlazar(t, filepath.Join(fixture.dir, publish.CarpetaCorte(1)),
			filepath.Join(dir, carpeta))
		m.Numero, m.Hora = k, hora1800.Add(time.Duration(k)*time.Minute)
		escribirJSON(t, filepath.Join(dir, carpeta, "corte.json"), m)
		idx.Cortes = append(idx.Cortes, publish.EntradaIndice{Numero: k, Hora: m.Hora,
			HoraTexto: m.HoraTexto, Carpeta: carpeta, Zip: carpeta + "/" + m.Zip})
	}
	escribirJSON(t, filepath.Join(dir, "index.json"), idx)
	return dir
}

// enlazar recreates the tree src at dst with hard links, but corte.json.
func enlazar(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		switch {
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		case rel == "corte.json":
			return nil
		}
		return os.Link(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func escribirJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// servir starts a Server on dir with its records kept.
func servir(t *testing.T, dir string, opts ...Option) (*Server, http.Handler, *registro) {
	t.Helper()
	reg := &registro{}
	srv, err := New(dir, slog.New(reg), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, srv.Handler(), reg
}

// estadoHTTP requests a path and checks its status.
func estadoHTTP(t *testing.T, h http.Handler, path string, want int) string {
	t.Helper()
	res := do(t, h, http.MethodGet, path)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Errorf("GET %s: status %d, want %d", path, res.StatusCode, want)
	}
	return string(body)
}

// TestCargaPerezosa checks that New loads only the latest corte, that readers asking for
// an older corte at once load it once, and that KeepCortes bounds what stays in memory.
func TestCargaPerezosa(t *testing.T) {
	t.Parallel()
	srv, h, reg := servir(t, copiarCortes(t, 6), KeepCortes(2))
	if got := reg.cargas(); !slices.Equal(got, []int{6}) {
		t.Fatalf("New loaded cortes %v, want only the latest, [6]", got)
	}
	estadoHTTP(t, h, "/GUB", http.StatusOK)

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { estadoHTTP(t, h, "/cortes/1/GUB", http.StatusOK) })
	}
	wg.Wait()
	if got := reg.cargas(); !slices.Equal(got, []int{6, 1}) {
		t.Fatalf("8 readers of corte 1: loads %v, want [6 1]", got)
	}

	for _, path := range []string{"/cortes/2/GUB", "/cortes/3", "/cortes/3/GUB/distritos/005",
		"/", "/cortes/6/GUB", "/cortes/1"} {
		estadoHTTP(t, h, path, http.StatusOK)
	}
	// Corte 1 was dropped when 3 came (2 and 3 kept), so it is read again.
	if got, want := reg.cargas(), []int{6, 1, 2, 3, 1}; !slices.Equal(got, want) {
		t.Errorf("loads %v, want %v", got, want)
	}
	checkCargados(t, srv.viejos, []int{3, 1})
}

// TestListaSinCargar checks that the list of cortes shows every corte's downloads without
// loading any corte.
func TestListaSinCargar(t *testing.T) {
	t.Parallel()
	_, h, reg := servir(t, copiarCortes(t, 4))
	body := estadoHTTP(t, h, "/cortes", http.StatusOK)
	for n := 1; n <= 4; n++ {
		if href := archivoHref(n, "20240603_1800_PREP_PUE.zip"); !strings.Contains(body,
			`href="`+href+`"`) {
			t.Errorf("/cortes: no link %s", href)
		}
	}
	if got := reg.cargas(); !slices.Equal(got, []int{4}) {
		t.Errorf("loads %v, want only the latest, [4]", got)
	}
}

// TestArchivoFaltante removes a file a corte lists: the reader gets the 404 page, the
// operator a warning.
func TestArchivoFaltante(t *testing.T) {
	t.Parallel()
	dir := copiarCortes(t, 2)
	var m publish.Manifiesto
	readJSON(t, 1, "corte.json", &m)
	csv := m.Elecciones[0].CSV
	if err := os.Remove(filepath.Join(dir, "0002", filepath.FromSlash(csv))); err != nil {
		t.Fatal(err)
	}
	_, h, reg := servir(t, dir)

	res := do(t, h, http.MethodGet, archivoHref(2, csv))
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body),
		"El corte 2 no tiene el archivo") {
		t.Errorf("missing file: status %d, want 404 and the Spanish page:\n%s",
			res.StatusCode, body)
	}
	if got := res.Header.Get("Cache-Control"); got != cacheError {
		t.Errorf("missing file: Cache-Control %q, want %q", got, cacheError)
	}
	if !slices.Contains(reg.avisos(), "file listed in corte.json is missing on disk") {
		t.Errorf("no warning logged; warnings: %q", reg.avisos())
	}
	estadoHTTP(t, h, archivoHref(1, csv), http.StatusOK)
}

// TestCarpetaDesaparece removes the cortes folder while the site serves it: what is loaded
// is still served, Reload warns once, and a corte not loaded is a 404.
func TestCarpetaDesaparece(t *testing.T) {
	t.Parallel()
	dir := copiarCortes(t, 3)
	srv, h, reg := servir(t, dir)
	estadoHTTP(t, h, "/cortes/1/GUB", http.StatusOK)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := srv.Reload(); err != nil {
			t.Errorf("Reload with the folder gone: %v", err)
		}
	}
	avisos := reg.avisos()
	if len(avisos) != 1 || !strings.Contains(avisos[0], "index.json") {
		t.Errorf("warnings after two Reloads: %q, want one about index.json", avisos)
	}
	if body := estadoHTTP(t, h, "/GUB", http.StatusOK); !strings.Contains(body,
		"Corte <strong>3</strong>") {
		t.Error("the latest corte is no longer served")
	}
	estadoHTTP(t, h, "/cortes/1/GUB", http.StatusOK)
	body := estadoHTTP(t, h, "/cortes/2/GUB", http.StatusNotFound)
	if !strings.Contains(body, "El corte 2 no está disponible") {
		t.Errorf("corte 2, not loaded and gone: no Spanish 404:\n%s", body)
	}
}

// TestReloadUltimoRoto publishes a newest corte that cannot be read: the corte before it
// stays the latest, and the broken one is neither listed nor served.
func TestReloadUltimoRoto(t *testing.T) {
	t.Parallel()
	dir := copiarCortes(t, 3)
	if err := os.Remove(filepath.Join(dir, "0003", "corte.json")); err != nil {
		t.Fatal(err)
	}
	reg := &registro{}
	srv, err := New(dir, slog.New(reg))
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if got := reg.cargas(); !slices.Equal(got, []int{2}) {
		t.Errorf("loads %v, want [2]", got)
	}
	if body := estadoHTTP(t, h, "/", http.StatusOK); !strings.Contains(body,
		"Corte <strong>2</strong>") || strings.Contains(body, `<option value="3"`) {
		t.Error("the home page does not show corte 2, or offers the broken corte 3")
	}
	estadoHTTP(t, h, "/cortes/3", http.StatusNotFound)
}
