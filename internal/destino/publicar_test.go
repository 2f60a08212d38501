package destino

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
)

// paso is where a path comes in the publication order: the step of the corte numbered
// corte (images come before every corte, index.json after all).
type paso struct{ corte, paso int }

func pasoDe(ruta string) paso {
	if ruta == "index.json" {
		return paso{1 << 30, 6}
	}
	if rel, ok := strings.CutPrefix(ruta, "imagenes/"); ok {
		if nombradaPorHash(rel) {
			return paso{-1, 1}
		}
		return paso{-1, 2}
	}
	carpeta, archivo, _ := strings.Cut(ruta, "/")
	var n int
	for _, c := range carpeta {
		n = n*10 + int(c-'0')
	}
	switch archivo {
	case "corte.json.sig":
		return paso{n, 4}
	case "corte.json":
		return paso{n, 5}
	}
	return paso{n, 3}
}

func (p paso) menor(q paso) bool {
	return p.corte < q.corte || p.corte == q.corte && p.paso < q.paso
}

// comprobarOrden checks that the store got the files step by step, with an asentar between
// two steps.
func comprobarOrden(t *testing.T, m *memoria) {
	t.Helper()
	for i := 1; i < len(m.orden); i++ {
		a, b := pasoDe(m.orden[i-1]), pasoDe(m.orden[i])
		if b.menor(a) {
			t.Errorf("%s stored after %s", m.orden[i], m.orden[i-1])
		}
		if a.menor(b) && !slices.Contains(m.asientos, i) {
			t.Errorf("no asentar between %s and %s", m.orden[i-1], m.orden[i])
		}
	}
	if n := len(m.orden); n == 0 || m.orden[n-1] != "index.json" {
		t.Errorf("last file stored is not index.json: %v", m.orden)
	}
}

// TestPublicarOrden publishes a corte into a recording store and checks the order of the
// files, their types and cache rules, and that the store holds the cortes folder exactly.
func TestPublicarOrden(t *testing.T) {
	dir := t.TempDir()
	construir(t, dir, 1)
	m := nuevaMemoria()
	if err := m.destino().Publicar(context.Background(), dir, 1); err != nil {
		t.Fatal(err)
	}
	comprobarOrden(t, m)
	comprobarIgual(t, dir, m)
	for _, c := range []struct{ ruta, tipo, cache string }{
		{"index.json", "application/json", "no-cache"},
		{"0001/corte.json", "application/json", cacheInmutable},
		{"0001/corte.json.sig", "text/plain; charset=utf-8", cacheInmutable},
		{"0001/json/GUB/entidad.json", "application/json", cacheInmutable},
		{"0001/20240603_1900_PREP_PUE.zip", "application/zip", cacheInmutable},
		{"imagenes/index.json", "application/json", "no-cache"},
	} {
		g, ok := m.archivos[c.ruta]
		if !ok {
			t.Errorf("%s not stored", c.ruta)
			continue
		}
		if g.tipo != c.tipo || g.cache != c.cache {
			t.Errorf("%s: Content-Type %q, Cache-Control %q; want %q, %q", c.ruta, g.tipo,
				g.cache, c.tipo, c.cache)
		}
	}
	porTipo := map[string]int{}
	for ruta, g := range m.archivos {
		if nombradaPorHash(strings.TrimPrefix(ruta, "imagenes/")) && g.cache == cacheInmutable {
			porTipo[g.tipo]++
		}
		if strings.HasSuffix(ruta, ".csv") && g.tipo != "text/csv; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", ruta, g.tipo)
		}
	}
	want := map[string]int{"image/jpeg": 1, "image/png": 1, "application/pdf": 1}
	if !maps(porTipo, want) {
		t.Errorf("immutable images by type %v, want %v", porTipo, want)
	}
}

func maps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// comprobarIgual checks that the store holds every file of the cortes folder, byte for
// byte, and nothing else.
func comprobarIgual(t *testing.T, dir string, m *memoria) {
	t.Helper()
	local := archivosLocales(t, dir)
	for ruta, data := range local {
		g, ok := m.archivos[ruta]
		if !ok {
			t.Errorf("%s is in the cortes folder and not at the destination", ruta)
			continue
		}
		if !bytes.Equal(g.data, data) {
			t.Errorf("%s differs from the local file", ruta)
		}
	}
	for ruta := range m.archivos {
		if _, ok := local[ruta]; !ok {
			t.Errorf("%s is at the destination and not in the cortes folder", ruta)
		}
	}
}

// TestPublicarSegundoCorte publishes two cortes one after the other: the second sends only
// its own images, and the index lists both.
func TestPublicarSegundoCorte(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	construir(t, dir, 1)
	m := nuevaMemoria()
	d := m.destino()
	if err := d.Publicar(ctx, dir, 1); err != nil {
		t.Fatal(err)
	}
	construir(t, dir, 2)
	m.orden, m.asientos = nil, nil
	if err := d.Publicar(ctx, dir, 2); err != nil {
		t.Fatal(err)
	}
	comprobarOrden(t, m)
	comprobarIgual(t, dir, m)
	imagenes := 0
	for _, ruta := range m.orden {
		if strings.HasPrefix(ruta, "0001/") {
			t.Errorf("corte 1 sent again: %s", ruta)
		}
		if pasoDe(ruta).paso == 1 {
			imagenes++
		}
	}
	if imagenes != 3 {
		t.Errorf("the second corte sent %d images, want its 3 new ones", imagenes)
	}
	if got := numerosIndice(t, m.archivos["index.json"].data); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("index.json lists cortes %v, want [1 2]", got)
	}

	// Publishing again changes nothing but sends the corte again.
	m.orden, m.asientos = nil, nil
	if err := d.Publicar(ctx, dir, 2); err != nil {
		t.Fatal(err)
	}
	comprobarOrden(t, m)
	comprobarIgual(t, dir, m)
}

func numerosIndice(t *testing.T, data []byte) []int {
	t.Helper()
	var idx publish.Indice
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	var out []int
	for _, c := range idx.Cortes {
		out = append(out, c.Numero)
	}
	return out
}

// TestPublicarPonerseAlDia publishes the second corte to a destination that has none:
// the first comes along, before it, so index.json names no missing corte.
func TestPublicarPonerseAlDia(t *testing.T) {
	dir := t.TempDir()
	construir(t, dir, 1)
	construir(t, dir, 2)
	m := nuevaMemoria()
	if err := m.destino().Publicar(context.Background(), dir, 2); err != nil {
		t.Fatal(err)
	}
	comprobarOrden(t, m)
	comprobarIgual(t, dir, m)
	if !slices.Contains(m.orden, "0001/corte.json") {
		t.Error("corte 1 was not sent")
	}
}

// TestPublicarFalla makes the store refuse one file of the corte: the error names it,
// neither corte.json nor index.json are sent, and publishing again once the store accepts
// the file completes the corte.
func TestPublicarFalla(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	man := construir(t, dir, 1)
	m := nuevaMemoria()
	m.falla = "0001/" + man.Zip
	err := m.destino().Publicar(ctx, dir, 1)
	if err == nil || !strings.Contains(err.Error(), m.falla) {
		t.Fatalf("Publicar: %v, want an error naming %s", err, m.falla)
	}
	for _, ruta := range []string{"index.json", "0001/corte.json", "0001/corte.json.sig"} {
		if _, ok := m.archivos[ruta]; ok {
			t.Errorf("%s was sent after a failed upload", ruta)
		}
	}

	m.falla = ""
	if err := m.destino().Publicar(ctx, dir, 1); err != nil {
		t.Fatal(err)
	}
	comprobarIgual(t, dir, m)
}

// TestPublicarArchivoAlterado changes a file of the local corte after it was built: the
// file no longer matches the manifest and the corte is not published.
func TestPublicarArchivoAlterado(t *testing.T) {
	dir := t.TempDir()
	construir(t, dir, 1)
	p := filepath.Join(dir, "0001", "json", "GUB", "entidad.json")
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(`{"corte":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	m := nuevaMemoria()
	err := m.destino().Publicar(context.Background(), dir, 1)
	if err == nil || !strings.Contains(err.Error(), "0001/json/GUB/entidad.json") {
		t.Fatalf("Publicar: %v, want an error naming 0001/json/GUB/entidad.json", err)
	}
	if _, ok := m.archivos["index.json"]; ok {
		t.Error("index.json was sent")
	}
}

// TestPublicarConflicto refuses to overwrite a destination holding other cortes.
func TestPublicarConflicto(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	construir(t, base, 1)
	mas := t.TempDir()
	if err := os.CopyFS(mas, os.DirFS(base)); err != nil {
		t.Fatal(err)
	}
	construir(t, mas, 2)
	otra := t.TempDir()
	construir(t, otra, 1)

	// The destination got another corte 1, from another cortes folder.
	m := nuevaMemoria()
	if err := m.destino().Publicar(ctx, otra, 1); err != nil {
		t.Fatal(err)
	}
	if err := m.destino().Publicar(ctx, base, 1); !errors.Is(err, ErrConflict) {
		t.Errorf("publish another corte 1: %v, want ErrConflict", err)
	}

	// The destination has a corte 2 the folder does not.
	m = nuevaMemoria()
	if err := m.destino().Publicar(ctx, mas, 2); err != nil {
		t.Fatal(err)
	}
	if err := m.destino().Publicar(ctx, base, 1); !errors.Is(err, ErrConflict) {
		t.Errorf("publish to a destination with a corte 2 unknown here: %v, want ErrConflict",
			err)
	}
	if got := numerosIndice(t, m.archivos["index.json"].data); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("index.json lists cortes %v after the refusal, want [1 2]", got)
	}
}

// TestPublicarCorteAusente asks for a corte the local index does not list.
func TestPublicarCorteAusente(t *testing.T) {
	dir := t.TempDir()
	construir(t, dir, 1)
	m := nuevaMemoria()
	err := m.destino().Publicar(context.Background(), dir, 7)
	if err == nil || !strings.Contains(err.Error(), "corte 7 is not in the local index") {
		t.Fatalf("Publicar: %v", err)
	}
	if len(m.orden) != 0 {
		t.Errorf("stored %v", m.orden)
	}
}
