package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/sufragio/sufragio/internal/publish"
)

// pedir sends a GET or HEAD with the given request headers.
func pedir(t *testing.T, method, path string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	fixture.h.ServeHTTP(rec, req)
	return rec.Result()
}

// cuerpo reads a response body, undoing its Content-Encoding.
func cuerpo(t *testing.T, res *http.Response) []byte {
	t.Helper()
	var r io.Reader = res.Body
	switch res.Header.Get("Content-Encoding") {
	case "gzip":
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(res.Body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPrerenderizado checks that the pages of the latest corte are rendered when it is
// loaded, and that each encoding a reader may ask for gives the same page.
func TestPrerenderizado(t *testing.T) {
	pre := fixture.srv.actual().ultimo.pre.Load()
	if pre == nil {
		t.Fatal("the latest corte has no prerendered pages")
	}
	for _, p := range []string{"/", "/GUB", "/cortes/2", "/cortes/2/GUB",
		"/cortes/2/GUB/distritos/005", "/cortes/2/AYUN/municipios/001", "/api/v1/ultimo",
		"/api/v1/cortes/2/DIP_LOC"} {
		if pre.docs[p] == nil {
			t.Errorf("%s: not prerendered", p)
		}
	}
	for _, p := range []string{"/cortes/2/GUB/distritos/005", "/api/v1/cortes/2/GUB"} {
		var bodies [][]byte
		for _, ae := range []string{"br, gzip", "gzip", "", "gzip;q=0, br;q=0"} {
			res := pedir(t, http.MethodGet, p, "Accept-Encoding", ae)
			want := map[string]string{"br, gzip": "br", "gzip": "gzip"}[ae]
			if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != want ||
				res.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s with Accept-Encoding %q: status %d, encoding %q, Vary %q; want "+
					"200 %q", p, ae, res.StatusCode, res.Header.Get("Content-Encoding"),
					res.Header.Get("Vary"), want)
			}
			bodies = append(bodies, cuerpo(t, res))
		}
		for i := 1; i < len(bodies); i++ {
			if !bytes.Equal(bodies[i], bodies[0]) || len(bodies[0]) == 0 {
				t.Errorf("%s: encoding %d gives other bytes than brotli", p, i)
			}
		}
	}
	// The selector of a numbered corte lists the cortes up to it only.
	if b := page(t, "/cortes/1/GUB", 200); strings.Contains(b, `<option value="2"`) {
		t.Error("the page of corte 1 lists corte 2 in its selector")
	}
}

// TestCondicional checks ETag, If-None-Match and HEAD on prerendered and on-demand pages.
func TestCondicional(t *testing.T) {
	for _, p := range []string{"/GUB", "/cortes/2/GUB/secciones/0001",
		"/api/v1/cortes/2/GUB/actas/211411C10002"} {
		res := pedir(t, http.MethodGet, p, "Accept-Encoding", "gzip")
		etag := res.Header.Get("ETag")
		size := res.Header.Get("Content-Length")
		if res.StatusCode != 200 || !strings.HasPrefix(etag, `"`) {
			t.Fatalf("%s: status %d, ETag %q", p, res.StatusCode, etag)
		}
		again := pedir(t, http.MethodGet, p, "Accept-Encoding", "gzip", "If-None-Match", etag)
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match its ETag: status %d, want 304", p, again.StatusCode)
		}
		other := pedir(t, http.MethodGet, p, "Accept-Encoding", "gzip", "If-None-Match", `"x"`)
		if other.StatusCode != 200 {
			t.Errorf("%s with another ETag: status %d, want 200", p, other.StatusCode)
		}
		head := pedir(t, http.MethodHead, p, "Accept-Encoding", "gzip")
		if b, _ := io.ReadAll(head.Body); head.StatusCode != 200 || len(b) != 0 ||
			head.Header.Get("Content-Length") != size || head.Header.Get("ETag") != etag {
			t.Errorf("%s HEAD: status %d, %d bytes of body, length %s, ETag %s; want 200, "+
				"none, %s, %s", p, head.StatusCode, len(b), head.Header.Get("Content-Length"),
				head.Header.Get("ETag"), size, etag)
		}
	}
	c := fixture.srv.actual().ultimo
	c.demanda.mu.Lock()
	_, kept := c.demanda.m["/cortes/2/GUB/secciones/0001"]
	c.demanda.mu.Unlock()
	if !kept {
		t.Error("the sección page was not kept after its first request")
	}
}

// TestAPI checks the JSON documents against the official figures, and their 404s.
func TestAPI(t *testing.T) {
	var ult apiUltimoDoc
	apiDoc(t, "/api/v1/ultimo", 200, &ult)
	if ult.Corte.Numero != 2 || !ult.Corte.Final || ult.Corte.API != "/api/v1/cortes/2" {
		t.Errorf("ultimo: %+v, want corte 2, final", ult.Corte)
	}
	var gub apiEleccionDoc
	apiDoc(t, "/api/v1/cortes/2/GUB", 200, &gub)
	if r := gub.Entidad.Resumen; r.TotalVotosCCS != 2658993 || r.ActasContabilizadas != 6848 {
		t.Errorf("GUB entidad: total %d, contabilizadas %d; want 2658993, 6848",
			r.TotalVotosCCS, r.ActasContabilizadas)
	}
	votos := map[string]int64{}
	for _, c := range gub.Entidad.Candidaturas {
		votos[c.Nombre] = c.Votos
	}
	if votos["ALEJANDRO ARMENTA MIER"] != 1578749 || votos["EDUARDO RIVERA PEREZ"] != 879460 {
		t.Errorf("GUB candidaturas: %v", votos)
	}
	// 26 distritos and the node of voto anticipado and desde el extranjero.
	if len(gub.Distritos) != 27 || gub.Distritos[26].ID != "N/A" {
		t.Errorf("GUB lists %d distritos, want 26 and N/A", len(gub.Distritos))
	}
	// Each distrito's document: its secciones add up to it.
	var d apiNodoDoc
	apiDoc(t, gub.Distritos[4].API, 200, &d)
	var suma int64
	for _, s := range d.Secciones {
		var sd apiNodoDoc
		apiDoc(t, s.API, 200, &sd)
		suma += sd.Nodo.Resumen.TotalVotosCCS
		if len(sd.Actas) == 0 {
			t.Errorf("%s lists no actas", s.API)
		}
	}
	if suma != d.Nodo.Resumen.TotalVotosCCS || suma == 0 {
		t.Errorf("distrito %s: secciones add up to %d, the distrito says %d", d.Nodo.ID, suma,
			d.Nodo.Resumen.TotalVotosCCS)
	}
	var a apiActaDoc
	apiDoc(t, "/api/v1/cortes/2/GUB/actas/211411C10002", 200, &a)
	if a.Acta.ID != "211411C10002" || len(a.Contendientes) != len(a.Acta.Votos) ||
		a.Seccion == nil || a.Seccion.ID == "" {
		t.Errorf("acta: id %s, %d contendientes for %d votes, sección %v", a.Acta.ID,
			len(a.Contendientes), len(a.Acta.Votos), a.Seccion)
	}
	for _, p := range []string{"/api/v1/cortes/2/GUB/distritos/999",
		"/api/v1/cortes/9/GUB", "/api/v1/cortes/2/XYZ", "/api/v1/cortes/2/GUB/actas/NADA"} {
		var e struct{ Error string }
		apiDoc(t, p, 404, &e)
		if e.Error == "" {
			t.Errorf("%s: 404 without a message", p)
		}
	}
	var idx struct{ Cortes []publish.EntradaIndice }
	apiDoc(t, "/api/v1/cortes", 200, &idx)
	if len(idx.Cortes) != 3 || idx.Cortes[0].Numero != 0 || idx.Cortes[2].Numero != 2 {
		t.Errorf("index: %+v", idx.Cortes)
	}
}

// apiDoc requests an API document and decodes it.
func apiDoc(t *testing.T, path string, status int, v any) {
	t.Helper()
	res := pedir(t, http.MethodGet, path, "Accept-Encoding", "br")
	body := cuerpo(t, res)
	if res.StatusCode != status || res.Header.Get("Content-Type") != tipoJSON {
		t.Fatalf("%s: status %d, type %q, want %d JSON:\n%.300s", path, res.StatusCode,
			res.Header.Get("Content-Type"), status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestAcepta(t *testing.T) {
	// Preference follows q: gzip when it weighs more than br.
	res := pedir(t, http.MethodGet, "/GUB", "Accept-Encoding", "gzip;q=0.5, br;q=0.4")
	if got := res.Header.Get("Content-Encoding"); got != "gzip" {
		t.Errorf("gzip;q=0.5, br;q=0.4: got %q, want gzip", got)
	}
	for _, c := range []struct {
		h, coding string
		want      bool
	}{{"gzip, deflate, br", "br", true}, {"gzip;q=0", "gzip", false},
		{"GZIP", "gzip", true}, {"br;q=0.5", "br", true}, {"", "gzip", false},
		{"gzip2", "gzip", false}, {"br; q=0", "br", false}, {"br;Q=0", "br", false},
		{"*", "br", true}, {"*;q=0, gzip", "br", false}, {"identity", "gzip", false}} {
		if got := acepta(c.h, c.coding); got != c.want {
			t.Errorf("acepta(%q, %q) = %v, want %v", c.h, c.coding, got, c.want)
		}
	}
}

// TestBajoDemandaNoGuarda404 checks that addresses that do not exist are answered with the
// 404 page and not kept.
func TestBajoDemandaNoGuarda404(t *testing.T) {
	c := fixture.srv.actual().ultimo
	for range 2 {
		res := pedir(t, http.MethodGet, "/cortes/2/GUB/actas/NO-EXISTE")
		if b := string(cuerpo(t, res)); res.StatusCode != 404 ||
			!strings.Contains(b, "no tiene el acta") {
			t.Fatalf("unknown acta: status %d, want the 404 page", res.StatusCode)
		}
	}
	c.demanda.mu.Lock()
	_, kept := c.demanda.m["/cortes/2/GUB/actas/NO-EXISTE"]
	c.demanda.mu.Unlock()
	if kept {
		t.Error("the 404 of an unknown acta was kept")
	}
}

// TestPeticionesRaras checks what a shared link, another spelling of an address, a q-value
// or a wrong method gets.
func TestPeticionesRaras(t *testing.T) {
	// A query nobody reads changes nothing: same compressed page, same ETag.
	a := pedir(t, http.MethodGet, "/cortes/2/GUB", "Accept-Encoding", "br")
	b := pedir(t, http.MethodGet, "/cortes/2/GUB?utm_source=x", "Accept-Encoding", "br")
	if b.Header.Get("Content-Encoding") != "br" || a.Header.Get("ETag") != b.Header.Get("ETag") {
		t.Errorf("with a query: encoding %q ETag %q, want br and %q",
			b.Header.Get("Content-Encoding"), b.Header.Get("ETag"), a.Header.Get("ETag"))
	}
	// Other spellings of a page are sent to its address, not kept.
	c := fixture.srv.actual().ultimo
	for _, p := range []string{"/cortes/2/gub/secciones/0002", "/cortes/2/GUB/secciones/%30002"} {
		res := pedir(t, http.MethodGet, p)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently ||
			loc != "/cortes/2/GUB/secciones/0002" {
			t.Errorf("%s: status %d to %q, want 301 to /cortes/2/GUB/secciones/0002", p,
				res.StatusCode, loc)
		}
		c.demanda.mu.Lock()
		_, kept := c.demanda.m[p]
		c.demanda.mu.Unlock()
		if kept {
			t.Errorf("%s: kept, want only the canonical address kept", p)
		}
	}
	page(t, "/cortes/2/GUB/formato/x", http.StatusNotFound)
	// JSON errors everywhere under /api.
	for _, p := range []string{"/api", "/api/v1", "/api/v2/ultimo"} {
		if res := pedir(t, http.MethodGet, p); res.StatusCode != 404 ||
			res.Header.Get("Content-Type") != tipoJSON {
			t.Errorf("%s: status %d type %q, want a JSON 404", p, res.StatusCode,
				res.Header.Get("Content-Type"))
		}
	}
	if res := pedir(t, http.MethodPost, "/api/v1/ultimo"); res.StatusCode != 405 ||
		res.Header.Get("Content-Type") != tipoJSON {
		t.Errorf("POST to the API: status %d type %q, want a JSON 405", res.StatusCode,
			res.Header.Get("Content-Type"))
	}
	// A 10 KB path is answered, and the 404 page does not repeat it whole.
	long := "/" + strings.Repeat("x", 10000)
	if b := page(t, long, http.StatusNotFound); len(b) > 8000 {
		t.Errorf("404 of a 10 KB path: %d bytes", len(b))
	}
	// The search counts characters, and says when its address is broken.
	if b := page(t, "/buscar?q="+strings.Repeat("%C3%A1", 60), http.StatusOK); strings.Contains(b,
		"demasiado larga") {
		t.Error("60 accented letters: refused as too long")
	}
	if b := page(t, "/buscar?q=%zz", http.StatusOK); !strings.Contains(b, "mal codificada") {
		t.Error("a broken percent escape: the page does not say so")
	}
}

// TestBajoDemandaIncompleta checks that only a page its handler completed for a reader still
// there is kept: not the nothing a handler writes when its reader left while the corte
// loaded, nor a page finished after the reader left; and that the next reader gets the page.
func TestBajoDemandaIncompleta(t *testing.T) {
	const ruta = "/cortes/1/GUB/secciones/0001"
	var b bajoDemanda
	nada := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	pagina := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", tipoHTML)
		w.Header().Set("Cache-Control", cacheInmutable)
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "<p>Sección 0001</p>")
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, h := range map[string]http.Handler{"nothing written": nada,
		"page finished after the reader left": pagina} {
		rec := httptest.NewRecorder()
		b.servir(rec, httptest.NewRequest(http.MethodGet, ruta, nil).WithContext(ctx), h)
		if _, kept := b.m[ruta]; kept {
			t.Errorf("%s: kept", name)
		}
	}
	for range 2 {
		rec := httptest.NewRecorder()
		b.servir(rec, httptest.NewRequest(http.MethodGet, ruta, nil), pagina)
		if res := rec.Result(); res.StatusCode != 200 || !strings.Contains(string(cuerpo(t,
			res)), "Sección 0001") {
			t.Errorf("a reader who stays: status %d", res.StatusCode)
		}
	}
	if p := b.m[ruta]; p == nil || p.d == nil {
		t.Error("the page completed for a reader who stayed was not kept")
	}
}

// TestBajoDemandaLectorSeVa asks for an on-demand page of an older corte, loaded already,
// for readers who left: none of them leaves an empty page for those who come after.
func TestBajoDemandaLectorSeVa(t *testing.T) {
	t.Parallel()
	srv, h, _ := servir(t, copiarCortes(t, 2))
	estadoHTTP(t, h, "/cortes/1/GUB", http.StatusOK) // loads corte 1
	const ruta = "/cortes/1/GUB/secciones/0001"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 40 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, ruta, nil).WithContext(ctx))
	}
	c := srv.viejos.cargadoNumero(1)
	if c == nil {
		t.Fatal("corte 1 is not loaded")
	}
	c.demanda.mu.Lock()
	_, kept := c.demanda.m[ruta]
	c.demanda.mu.Unlock()
	if kept {
		t.Error("a page rendered for a reader who left was kept")
	}
	for range 2 {
		if body := estadoHTTP(t, h, ruta, http.StatusOK); !strings.Contains(body,
			"Sección 0001") || !strings.Contains(body, "</html>") {
			t.Fatalf("%s after readers left: %d bytes, not the sección's page", ruta, len(body))
		}
	}
}
