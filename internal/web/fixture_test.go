package web

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/publish"
)

// fixture is a cortes folder as the demo publishes it, signed: the puesta en ceros as
// corte 0, at the opening of the PREP, and the two real IEE Puebla 2024 cuts of the three
// elections, corte 1 at 18:00 and corte 2, the final one, at 20:00; served with the
// cómputos of computosFixture.
var fixture struct {
	dir    string
	srv    *Server
	h      http.Handler
	tallas map[int][]*corte.Resultados // by corte number
	clave  ed25519.PrivateKey          // signs the cortes
}

var (
	horaCeros = time.Date(2024, 6, 2, 20, 0, 0, 0, opendata.Zona)
	hora1800  = time.Date(2024, 6, 3, 18, 0, 0, 0, opendata.Zona)
	hora2000  = time.Date(2024, 6, 3, 20, 0, 0, 0, opendata.Zona)
	horas     = map[int]time.Time{0: horaCeros, 1: hora1800, 2: hora2000}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sufragio-web-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	computos, err := os.MkdirTemp("", "sufragio-web-computos-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := buildFixture(dir, computos); err != nil {
		fmt.Fprintln(os.Stderr, "build fixture:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.RemoveAll(computos)
	os.Exit(code)
}

// buildFixture publishes the cortes in dir and the cómputos in computos (see
// buildComputos), and serves both.
func buildFixture(dir, computos string) error {
	fixture.dir = dir
	fixture.tallas = map[int][]*corte.Resultados{}
	_, clave, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	fixture.clave = clave
	for n := range 3 {
		res, err := tally(n)
		if err != nil {
			return err
		}
		fixture.tallas[n] = res
	}
	// In order: each corte chains to the one before it.
	for n := range 3 {
		hora := horas[n]
		_, err := publish.Build(dir, publish.Input{Numero: n, Hora: hora, Final: n == 2,
			Generado: hora.Add(time.Minute), Elecciones: fixture.tallas[n],
			Config: acta.DefaultConfig, Firma: clave})
		if err != nil {
			return err
		}
	}
	if err := buildComputos(computos); err != nil {
		return fmt.Errorf("cómputos: %w", err)
	}
	srv, err := New(dir, nil, ConComputos(computos))
	if err != nil {
		return err
	}
	fixture.srv, fixture.h = srv, srv.Handler()
	return nil
}

// tally tallies the three elections for corte n: the puesta en ceros (0), every acta of
// the catalog expected and none registered, or the bundled files of the 18:00 (1) or the
// final (2) cut, placing each sección in its distrito and municipio as the other elections'
// files give them.
func tally(n int) ([]*corte.Resultados, error) {
	final := n == 2
	files := make([]*opendata.Archivo, len(demodata.Puebla2024))
	for i, e := range demodata.Puebla2024 {
		name := e.Corte1800
		if final {
			name = e.Final
		}
		f, err := readFile(name, e.Candidaturas)
		if err != nil {
			return nil, err
		}
		files[i] = f
	}
	geo := geografia(files)
	out := make([]*corte.Resultados, len(files))
	for i, f := range files {
		actas, hora := f.Actas, f.Corte
		if n == 0 {
			// As the Publicador does: the catalog's actas, waiting.
			actas, hora = nil, horaCeros
			for _, a := range f.Actas {
				if !a.FueraDeCatalogo() {
					actas = append(actas, prep.Esperar(a))
				}
			}
		}
		out[i] = corte.Tally(f.Eleccion, actas, geo, hora, final, acta.DefaultConfig)
	}
	return out, nil
}

func readFile(name, cand string) (*opendata.Archivo, error) {
	data, err := demodata.ReadFile(name)
	if err != nil {
		return nil, err
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		return nil, err
	}
	cd, err := demodata.ReadFile(cand)
	if err != nil {
		return nil, err
	}
	return f, opendata.ReadCandidaturas(cand, cd, f)
}

// geografia places every sección in the distrito of the DIP_LOC file and the municipio of
// the AYUN file.
func geografia(files []*opendata.Archivo) corte.Geografia {
	geo := corte.Geografia{}
	for _, f := range files {
		for _, a := range f.Actas {
			if a.Seccion == "" || a.Seccion == "N/A" || a.UnidadID == "" {
				continue
			}
			l := geo[a.Seccion]
			switch f.Eleccion.Codigo {
			case "DIP_LOC":
				l.DistritoID, l.Distrito = a.UnidadID, a.Unidad
			case "AYUN":
				l.MunicipioID, l.Municipio = a.UnidadID, a.Unidad
			}
			geo[a.Seccion] = l
		}
	}
	return geo
}

// get requests a path of the fixture's site.
func get(t *testing.T, method, path string) *http.Response {
	t.Helper()
	return do(t, fixture.h, method, path)
}

func do(t *testing.T, h http.Handler, method, path string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Result()
}

// page requests a path, checks its status and returns the body.
func page(t *testing.T, path string, status int) string {
	t.Helper()
	res := get(t, http.MethodGet, path)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, res.StatusCode, status, body)
	}
	return string(body)
}

// fila returns the table row of body that contains text, or "".
func fila(body, text string) string {
	i := strings.Index(body, text)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	if start < 0 || end < 0 {
		return ""
	}
	return body[start : i+end]
}

// readJSON decodes a published file of corte n, read straight from disk.
func readJSON(t *testing.T, n int, ruta string, v any) {
	t.Helper()
	path := fmt.Sprintf("%s/%s/%s", fixture.dir, publish.CarpetaCorte(n), ruta)
	if strings.HasPrefix(ruta, "json/") {
		if err := publish.LeerNivel(path, v); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}
