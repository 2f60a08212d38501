package web

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
)

// TestVerificar checks /verificar: the fingerprint of the key of the latest corte, the
// commands to check the cortes from this site or from a folder, what is checked, and every
// corte with the SHA-256 of its corte.json as index.json gives it.
func TestVerificar(t *testing.T) {
	huella := publish.Huella(fixture.clave.Public().(ed25519.PublicKey))
	req := httptest.NewRequest(http.MethodGet, "/verificar", nil)
	req.Host = "prep.ejemplo.mx"
	req.Header.Set("X-Forwarded-Proto", "https")
	rec := httptest.NewRecorder()
	fixture.h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != 200 || rec.Header().Get("Cache-Control") != cacheCorto {
		t.Fatalf("/verificar: status %d, Cache-Control %q", rec.Code,
			rec.Header().Get("Cache-Control"))
	}
	for _, want := range []string{
		`<code class="huella">` + huella + `</code>`,
		"sufragio verify --huella '" + huella + "' https://prep.ejemplo.mx/publicacion/",
		"sufragio verify --huella '" + huella + "' CARPETA",
		"Ed25519", "puesta en ceros", "SHA-256", "Merkle", "contabilizada", "13 cifras",
		"código de\nintegridad",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/verificar: no %q", want)
		}
	}
	var idx publish.Indice
	if err := json.Unmarshal(leerFixture(t, "index.json"), &idx); err != nil {
		t.Fatal(err)
	}
	for _, e := range idx.Cortes {
		row := fila(body, `<a href="/cortes/`+strconv.Itoa(e.Numero)+`">`)
		if e.Manifiesto == "" || !strings.Contains(row, e.Manifiesto) ||
			!strings.Contains(row, "firmado") ||
			!strings.Contains(row, `href="/publicacion/`+e.Carpeta+`/corte.json"`) {
			t.Errorf("/verificar, corte %d: row %q, want its SHA-256 %s, signed", e.Numero,
				row, e.Manifiesto)
		}
	}
	// Every page links to it, and a corte's page says what identifies it.
	for _, p := range []string{"/", "/cortes/2/GUB/distritos/005", "/cortes/1"} {
		if b := page(t, p, http.StatusOK); !strings.Contains(b, `<a href="/verificar">`) {
			t.Errorf("%s: no link to /verificar", p)
		}
	}
	corte1 := page(t, "/cortes/1", http.StatusOK)
	for _, want := range []string{idx.Cortes[1].Manifiesto, huella, "Verificar este corte"} {
		if !strings.Contains(corte1, want) {
			t.Errorf("/cortes/1: no %q", want)
		}
	}
}

// TestVerificarSinFirma checks that an unsigned corte is said to be unsigned, on /verificar
// and on its own page, with no fingerprint and no --huella in the commands.
func TestVerificarSinFirma(t *testing.T) {
	srv, err := New(cortesPropios(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	body := estadoHTTP(t, h, "/verificar", http.StatusOK)
	for _, want := range []string{"no está firmado", "sin firma: su corte.json no lleva clave",
		"sufragio verify http://example.com/publicacion/"} {
		if !strings.Contains(body, want) {
			t.Errorf("/verificar of unsigned cortes: no %q", want)
		}
	}
	if strings.Contains(body, "--huella '") || strings.Contains(body, `class="huella"`) {
		t.Error("/verificar of unsigned cortes shows a fingerprint")
	}
	if b := estadoHTTP(t, h, "/cortes/1", http.StatusOK); !strings.Contains(b,
		"Este corte no está firmado") {
		t.Error("/cortes/1, unsigned: does not say so")
	}
}
