package metricas

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// scrape reads the metrics as Prometheus would.
func scrape(t *testing.T, m *Metricas) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d", rec.Code)
	}
	return rec.Body.String()
}

// TestMedir counts requests by the pattern of the route that served them and their status,
// reads the actas per stage at each scrape, and records captures and cortes.
func TestMedir(t *testing.T) {
	etapas := map[string]map[string]int{"GUB": {"verificada": 7, "acopiada": 2}}
	m := Nueva(func(context.Context) (map[string]map[string]int, error) { return etapas, nil })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /computos/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "x" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "bien")
	})
	h := m.Medir(mux)
	for _, p := range []string{"/computos/a", "/computos/b", "/computos/x", "/nada"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	m.Captura(3 * time.Millisecond)
	m.Corte(200 * time.Millisecond)
	got := scrape(t, m)
	for _, want := range []string{
		`sufragio_http_peticiones_total{codigo="200",ruta="GET /computos/{id}"} 2`,
		`sufragio_http_peticiones_total{codigo="404",ruta="GET /computos/{id}"} 1`,
		`sufragio_http_peticiones_total{codigo="404",ruta="sin-ruta"} 1`,
		`sufragio_http_duracion_segundos_count{ruta="GET /computos/{id}"} 3`,
		`sufragio_actas{eleccion="GUB",etapa="verificada"} 7`,
		`sufragio_actas{eleccion="GUB",etapa="acopiada"} 2`,
		`sufragio_captura_segundos_count 1`, `sufragio_corte_segundos_sum 0.2`,
		`go_goroutines`, `process_resident_memory_bytes`} {
		if !strings.Contains(got, want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
	etapas["GUB"]["verificada"] = 9
	if got := scrape(t, m); !strings.Contains(got,
		`sufragio_actas{eleccion="GUB",etapa="verificada"} 9`) {
		t.Error("the actas per stage were not read again at the second scrape")
	}
}

// TestListo answers 200 when every check passes and 503 naming the one that fails.
func TestListo(t *testing.T) {
	bien := Comprobacion{Nombre: "cortes", Probar: func(context.Context) error { return nil }}
	mal := Comprobacion{Nombre: "almacen", Probar: func(context.Context) error {
		return errors.New("connection refused")
	}}
	for _, c := range []struct {
		checks []Comprobacion
		code   int
		listo  bool
	}{{[]Comprobacion{bien}, 200, true}, {[]Comprobacion{bien, mal}, 503, false}} {
		rec := httptest.NewRecorder()
		Listo(c.checks...).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		var out struct {
			Listo          bool
			Comprobaciones []struct {
				Nombre string
				Bien   bool
				Motivo string
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if rec.Code != c.code || out.Listo != c.listo ||
			len(out.Comprobaciones) != len(c.checks) {
			t.Errorf("readyz: %d %s, want %d", rec.Code, rec.Body, c.code)
		}
		if !c.listo && out.Comprobaciones[1].Motivo != "connection refused" {
			t.Errorf("the failing check: %+v", out.Comprobaciones[1])
		}
	}
	rec := httptest.NewRecorder()
	Salud(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Errorf("healthz: %d %q", rec.Code, rec.Body)
	}
}
