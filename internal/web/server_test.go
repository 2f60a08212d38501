package web

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestGubernaturaFinal checks the published figures of the Gubernatura 2024 at the final
// corte (RULES.md §3.4) on the latest-corte page and on the page of corte 2.
func TestGubernaturaFinal(t *testing.T) {
	for _, path := range []string{"/GUB", "/cortes/2/GUB"} {
		body := page(t, path, http.StatusOK)
		for _, want := range []string{"Corte <strong>2</strong>", "03/06/2024 20:00 (UTC-6)",
			"Corte final", "Gubernatura"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: no %q", path, want)
			}
		}
		for text, wants := range map[string][]string{
			"Total de votos (con casillas especiales)": {"2,658,993"},
			"Participación ciudadana":                  {"64.4492 %"},
			"Actas esperadas":                          {"8,334"},
			"Actas contabilizadas</th>":                {"6,848"},
			"ALEJANDRO ARMENTA MIER":                   {"1,578,749", "59.3739 %"},
			"EDUARDO RIVERA PEREZ":                     {"879,460", "33.0749 %"},
			"FERNANDO MORALES MARTINEZ":                {"115,824", "4.3559 %"},
			"Candidaturas no registradas":              {"1,086", "0.0408 %"},
			"Votos nulos":                              {"83,874", "3.1543 %"},
			"Total de votos</th>":                      {"2,658,993", "100.0000 %"},
			// Truncated, not rounded: rounding would print 20.8338 and 1.7374.
			">PAN</th>": {"553,968", "20.8337 %"},
			">PSI</th>": {"46,197", "1.7373 %"},
		} {
			row := fila(body, text)
			for _, want := range wants {
				if !strings.Contains(row, want) {
					t.Errorf("%s: row %q = %q, want it to hold %q", path, text, row, want)
				}
			}
		}
	}
}

// TestCortePreliminar checks that corte 1 shows the 18:00 figures and says it is not final;
// its participation leaves out the casillas especiales (RULES.md §3.3).
func TestCortePreliminar(t *testing.T) {
	body := page(t, "/cortes/1/GUB", http.StatusOK)
	for _, want := range []string{"Corte <strong>1</strong>", "03/06/2024 18:00 (UTC-6)",
		"no es el corte final", "2,619,742", "63.8737 %"} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q", want)
		}
	}
	if strings.Contains(body, "64.4492") {
		t.Error("corte 1 shows the participation of the final corte")
	}
}

func TestInicio(t *testing.T) {
	body := page(t, "/", http.StatusOK)
	for _, want := range []string{`href="/GUB"`, `href="/DIP_LOC"`, `href="/AYUN"`,
		"Corte final", "4,990,849", "2,676,439", "2,687,769",
		`href="/cortes/2/archivos/20240603_2000_PREP_PUE.zip"`,
		`href="/cortes/2/archivos/20240603_2000_PREP_GUB_PUE/PUE_GUB_2024.csv"`} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q", want)
		}
	}
	lista := page(t, "/cortes", http.StatusOK)
	for _, want := range []string{`href="/cortes/1"`, `href="/cortes/2"`,
		"/cortes/1/archivos/20240603_1800_PREP_PUE.zip"} {
		if !strings.Contains(lista, want) {
			t.Errorf("/cortes: no %q", want)
		}
	}
	if i, j := strings.Index(lista, "Corte 2"), strings.Index(lista, "Corte 1"); i > j {
		t.Error("/cortes does not list the newest corte first")
	}
}

// TestDistrito compares a distrito page with that distrito in the published distritos.json.
func TestDistrito(t *testing.T) {
	var ds []publish.NodoJSON
	readJSON(t, 2, "json/GUB/distritos.json", &ds)
	d := ds[4]
	body := page(t, nodoHref(2, "GUB", "distritos", d.ID), http.StatusOK)
	checks := map[string]string{
		"Actas esperadas":                          miles(d.Resumen.ActasEsperadas),
		"Actas contabilizadas</th>":                miles(d.Resumen.ActasContabilizadas),
		"Total de votos (con casillas especiales)": miles(d.Resumen.TotalVotosCCS),
		"Participación ciudadana":                  d.Resumen.PorcentajeParticipacion,
		d.Candidaturas[0].Nombre:                   miles(d.Candidaturas[0].Votos),
	}
	for text, want := range checks {
		if row := fila(body, text); !strings.Contains(row, want) {
			t.Errorf("row %q = %q, want it to hold %q", text, row, want)
		}
	}
	if !strings.Contains(body, d.Nombre) || !strings.Contains(body, `href="/cortes/2/GUB"`) {
		t.Error("no name or no breadcrumb back to the election")
	}
	var secs []publish.NodoJSON
	readJSON(t, 2, "json/GUB/secciones.json", &secs)
	in, out := 0, 0
	for _, s := range secs {
		listed := strings.Contains(body, `href="`+nodoHref(2, "GUB", "secciones", s.ID)+`"`)
		switch {
		case s.Distrito == d.ID && !listed:
			t.Errorf("sección %s of the distrito is not listed", s.ID)
		case s.Distrito != d.ID && listed:
			t.Errorf("sección %s of distrito %s is listed", s.ID, s.Distrito)
		case listed:
			in++
		default:
			out++
		}
	}
	if in == 0 || out == 0 {
		t.Errorf("%d secciones listed, %d not: the test proves nothing", in, out)
	}
}

// TestSinUnidad reaches the node "N/A" (voto anticipado and extranjero) through the link of
// the election page: its id holds a slash.
func TestSinUnidad(t *testing.T) {
	href := nodoHref(2, "GUB", "municipios", corte.SinUnidad)
	if !strings.Contains(page(t, "/cortes/2/GUB", http.StatusOK), `href="`+href+`"`) {
		t.Fatalf("no link %s", href)
	}
	page(t, href, http.StatusOK)
}

// TestSeccion checks that a sección page lists its actas with their figures and links.
func TestSeccion(t *testing.T) {
	var secs []publish.NodoJSON
	readJSON(t, 2, "json/DIP_LOC/secciones.json", &secs)
	var tabla publish.ActasTabla
	readJSON(t, 2, "json/DIP_LOC/actas.json", &tabla)
	byID := map[string]publish.ActaJSON{}
	for _, a := range tabla.Actas {
		byID[a.ID] = a
	}
	s := secs[len(secs)/2]
	if len(s.Actas) < 2 {
		t.Fatalf("sección %s has %d actas", s.ID, len(s.Actas))
	}
	body := page(t, nodoHref(2, "DIP_LOC", "secciones", s.ID), http.StatusOK)
	for _, id := range s.Actas {
		a := byID[id]
		row := fila(body, `href="`+nodoHref(2, "DIP_LOC", "actas", id)+`"`)
		for _, want := range []string{a.ClaveCasilla, contabilizada(a.Contabilizada),
			">" + a.TotalCalculado + "<", ">" + a.ListaNominal + "<"} {
			if !strings.Contains(row, want) {
				t.Errorf("acta %s: row %q has no %q", id, row, want)
			}
		}
	}
	if !strings.Contains(body, `href="`+nodoHref(2, "DIP_LOC", "distritos", s.Distrito)+`"`) {
		t.Errorf("no breadcrumb to distrito %s", s.Distrito)
	}
}

// TestActa checks that an acta page shows its integrity code, classification and cells.
func TestActa(t *testing.T) {
	var tabla publish.ActasTabla
	readJSON(t, 2, "json/AYUN/actas.json", &tabla)
	var a publish.ActaJSON
	for _, x := range tabla.Actas {
		if x.Contabilizada == "0" && len(x.CodigoIntegridad) == 64 {
			a = x
			break
		}
	}
	body := page(t, nodoHref(2, "AYUN", "actas", a.ID), http.StatusOK)
	for _, want := range []string{a.CodigoIntegridad, "No contabilizada", a.Observaciones,
		a.ClaveActa, a.Acopio, a.Origen, a.TipoDocumento} {
		if !strings.Contains(body, want) {
			t.Errorf("acta %s: no %q", a.ID, want)
		}
	}
	if row := fila(body, "TOTAL_VOTOS_ASENTADO"); !strings.Contains(row, a.TotalAsentado) {
		t.Errorf("row TOTAL_VOTOS_ASENTADO = %q, want %q", row, a.TotalAsentado)
	}
	if !strings.Contains(body, `href="`+nodoHref(2, "AYUN", "municipios", a.UnidadID)+`"`) {
		t.Errorf("no breadcrumb to municipio %s", a.UnidadID)
	}
}

func TestNoEncontrado(t *testing.T) {
	for path, want := range map[string]string{
		"/PRESIDENCIA":                 "no tiene la elección «PRESIDENCIA»",
		"/cortes/9":                    "No existe el corte «9»",
		"/cortes/9/GUB":                "No existe el corte «9»",
		"/cortes/uno/GUB":              "No existe el corte «uno»",
		"/cortes/2/SEN":                "no tiene la elección «SEN»",
		"/cortes/2/GUB/distritos/999":  "Gubernatura no tiene el distrito «999»",
		"/cortes/2/GUB/municipios/999": "Gubernatura no tiene el municipio «999»",
		"/cortes/2/GUB/secciones/9999": "Gubernatura no tiene la sección «9999»",
		"/cortes/2/GUB/actas/XYZ":      "Gubernatura no tiene el acta «XYZ»",
		"/cortes/2/GUB/casillas/1":     "Gubernatura no tiene la casilla «1»",
		"/cortes/2/GUB/distritos":      "no existe en Gubernatura",
		"/uno/dos":                     "No existe la página /uno/dos",
		"/cortes/2/GUB/actas/<b>x":     "no tiene el acta «&lt;b&gt;x»",
	} {
		res := get(t, http.MethodGet, path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
		if !strings.Contains(string(body), want) || !strings.Contains(string(body), "<a href=") {
			t.Errorf("%s: no %q or no link back:\n%s", path, want, body)
		}
		if got := res.Header.Get("Cache-Control"); got != cacheError {
			t.Errorf("%s: Cache-Control %q, want %q", path, got, cacheError)
		}
	}
}

func TestSinCortes(t *testing.T) {
	srv, err := New(filepath.Join(t.TempDir(), "cortes"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	for path, status := range map[string]int{"/": 200, "/cortes": 200, "/GUB": 404,
		"/cortes/1/GUB": 404, "/cortes/ir?n=1": 404} {
		res := do(t, h, http.MethodGet, path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, res.StatusCode, status)
		}
		if !strings.Contains(string(body), "Aún no se ha publicado ningún corte") {
			t.Errorf("%s: does not say that no corte is published", path)
		}
	}
}

func TestArchivos(t *testing.T) {
	var m publish.Manifiesto
	readJSON(t, 2, "corte.json", &m)
	gub := m.Elecciones[0]
	for ruta, tipo := range map[string]string{m.Zip: "application/zip",
		gub.CSV: "text/csv; charset=utf-8", gub.JSON["entidad"]: "application/json"} {
		res := get(t, http.MethodGet, archivoHref(2, ruta))
		got, _ := io.ReadAll(res.Body)
		want, err := os.ReadFile(filepath.Join(fixture.dir, "0002", ruta))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || !bytes.Equal(got, want) {
			t.Errorf("%s: status %d, %d bytes, want 200 and the file's %d bytes", ruta,
				res.StatusCode, len(got), len(want))
		}
		if h := res.Header.Get("Content-Type"); h != tipo {
			t.Errorf("%s: Content-Type %q, want %q", ruta, h, tipo)
		}
		disp := res.Header.Get("Content-Disposition")
		if attach := tipo != "application/json"; attach != strings.HasPrefix(disp,
			"attachment; filename=") {
			t.Errorf("%s: Content-Disposition %q", ruta, disp)
		}
		if h := res.Header.Get("Cache-Control"); h != cacheInmutable {
			t.Errorf("%s: Cache-Control %q", ruta, h)
		}
		req := httptest.NewRequest(http.MethodGet, archivoHref(2, ruta), nil)
		req.Header.Set("If-None-Match", res.Header.Get("ETag"))
		rec := httptest.NewRecorder()
		fixture.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match with its ETag: status %d, want 304", ruta, rec.Code)
		}
	}
}

// TestArchivosNoListados tries files that exist but are not listed, and paths that try to
// leave the corte folder, through a real server so the paths travel as a client sends them.
func TestArchivosNoListados(t *testing.T) {
	ts := httptest.NewServer(fixture.h)
	defer ts.Close()
	for _, path := range []string{
		"/cortes/2/archivos/corte.json",
		"/cortes/2/archivos/../index.json",
		"/cortes/2/archivos/../../etc/passwd",
		"/cortes/2/archivos/..%2F..%2F..%2Fetc%2Fpasswd",
		"/cortes/2/archivos/%2E%2E/index.json",
		"/cortes/2/archivos//etc/passwd",
		"/cortes/2/archivos/json/GUB/../../corte.json",
		"/cortes/2/archivos/",
		"/cortes/2/archivos/PUE_GUB_2024.csv",
		"/cortes/3/archivos/20240603_2000_PREP_PUE.zip",
	} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
		if strings.Contains(string(body), "root:") || strings.Contains(string(body), `"cortes"`) {
			t.Errorf("%s: served a file it must not", path)
		}
	}
}

// TestHeadYMetodos sends HEAD through a real server, which is what drops the body.
func TestHeadYMetodos(t *testing.T) {
	ts := httptest.NewServer(fixture.h)
	defer ts.Close()
	for _, path := range []string{"/", "/GUB", "/cortes/2/GUB/distritos/001",
		archivoHref(2, "20240603_2000_PREP_PUE.zip")} {
		res, err := http.Head(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(body) != 0 || res.ContentLength <= 0 {
			t.Errorf("HEAD %s: status %d, %d bytes of body, Content-Length %d", path,
				res.StatusCode, len(body), res.ContentLength)
		}
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		res := get(t, m, "/GUB")
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q", m, res.StatusCode, res.Header.Get("Allow"))
		}
	}
}

// TestCache checks that a numbered corte's files, pages and API documents are immutable
// and the addresses of the latest corte are not.
func TestCache(t *testing.T) {
	for path, want := range map[string]string{
		"/": cacheCorto, "/GUB": cacheCorto, "/cortes": cacheCorto,
		"/api/v1/ultimo": cacheCorto, "/api/v1/cortes": cacheCorto,
		"/cortes/1": cacheInmutable, "/cortes/1/GUB": cacheInmutable,
		"/api/v1/cortes/1/GUB":                                           cacheInmutable,
		"/cortes/2/AYUN/municipios/001":                                  cacheInmutable,
		"/cortes/2/AYUN/secciones/0001":                                  cacheInmutable,
		"/api/v1/cortes/2/AYUN/secciones/0001":                           cacheInmutable,
		"/cortes/2/GUB/actas/211411C10002":                               cacheInmutable,
		"/api/v1/cortes/2/GUB/actas/211411C10002":                        cacheInmutable,
		"/cortes/2/archivos/20240603_2000_PREP_PUE.zip":                  cacheInmutable,
		"/cortes/1/archivos/20240603_1800_PREP_GUB_PUE/PUE_GUB_2024.csv": cacheInmutable,
	} {
		if got := get(t, http.MethodGet, path).Header.Get("Cache-Control"); got != want {
			t.Errorf("%s: Cache-Control %q, want %q", path, got, want)
		}
	}
}

// TestSelector follows the corte selector, a plain form, to the same page in another corte.
func TestSelector(t *testing.T) {
	body := page(t, "/cortes/2/GUB/distritos/005", http.StatusOK)
	if !strings.Contains(body, `<option value="1">`) ||
		!strings.Contains(body, `name="ruta" value="GUB/distritos/005"`) {
		t.Fatal("the page has no selector of cortes")
	}
	for query, want := range map[string]string{
		"n=1&ruta=GUB%2Fdistritos%2F005":   "/cortes/1/GUB/distritos/005",
		"n=2":                              "/cortes/2",
		"n=1&ruta=..%2F..%2F%2Fejemplo.mx": "/cortes/1/ejemplo.mx",
	} {
		res := get(t, http.MethodGet, "/cortes/ir?"+query)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("%s: status %d, Location %q, want 303 %q", query, res.StatusCode,
				res.Header.Get("Location"), want)
		}
	}
}

// TestReload publishes cortes one after the other and checks that each is loaded once.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	srv, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	publicar := func(n int, final bool, hora time.Time) {
		t.Helper()
		_, err := publish.Build(dir, publish.Input{Numero: n, Hora: hora, Final: final,
			Generado: hora, Elecciones: fixture.tallas[n][:1], Config: acta.DefaultConfig})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	publicar(1, false, hora1800)
	primero := srv.actual().ultimo
	if body := page2(t, h, "/"); !strings.Contains(body, "Corte <strong>1</strong>") {
		t.Error("corte 1 is not shown after Reload")
	}
	// Readers keep reading while corte 2 is published and loaded (run with -race).
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 50 {
			page2(t, h, "/GUB")
		}
	}()
	publicar(2, true, hora2000)
	<-done
	// Corte 1, the latest until now, stays in memory among the older cortes.
	if c := srv.viejos.cargado(primero.entrada); c != primero {
		t.Error("Reload dropped corte 1 or loaded it again")
	}
	if body := page2(t, h, "/GUB"); !strings.Contains(body, "Corte <strong>2</strong>") ||
		!strings.Contains(body, "2,658,993") {
		t.Error("the latest page does not show corte 2")
	}
	if res := do(t, h, http.MethodGet, "/DIP_LOC"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an election not published: status %d", res.StatusCode)
	}
}

func page2(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	res := do(t, h, http.MethodGet, path)
	body, _ := io.ReadAll(res.Body)
	return string(body)
}

// TestCorteCanonico checks that a corte has one address: its number in decimal, with no
// sign and no leading zero.
func TestCorteCanonico(t *testing.T) {
	for _, path := range []string{"/cortes/+2", "/cortes/0002", "/cortes/02/GUB",
		"/cortes/2.0", "/cortes/%202", "/cortes/-0", "/cortes/0x2",
		"/cortes/+2/GUB/distritos/005", "/cortes/002/archivos/20240603_2000_PREP_PUE.zip",
		"/cortes/ir?n=02", "/cortes/ir?n=%2B2"} {
		res := get(t, http.MethodGet, path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body),
			"No existe el corte") {
			t.Errorf("%s: status %d, want 404 saying the corte does not exist", path,
				res.StatusCode)
		}
	}
	page(t, "/cortes/2", http.StatusOK)
}

// TestFavicon checks the site's icon and that addresses that cannot be an election get
// the site's 404, not a list of its elections.
func TestFavicon(t *testing.T) {
	res := get(t, http.MethodGet, "/favicon.svg")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" ||
		!bytes.HasPrefix(body, []byte("<svg")) {
		t.Errorf("/favicon.svg: status %d, Content-Type %q, body starts %.10q",
			res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if res := get(t, http.MethodGet, "/favicon.ico"); res.StatusCode != http.StatusNoContent {
		t.Errorf("/favicon.ico: status %d, want 204", res.StatusCode)
	}
	if !strings.Contains(page(t, "/", http.StatusOK),
		`<link rel="icon" href="/favicon.svg" type="image/svg+xml">`) {
		t.Error("the layout does not link the icon")
	}
	for path, want := range map[string]string{
		"/robots.txt":           "No existe la página /robots.txt",
		"/apple-touch-icon.png": "No existe la página /apple-touch-icon.png",
		"/cortes/2/robots.txt":  "No existe la página /cortes/2/robots.txt",
		"/GUB-2024":             "No existe la página /GUB-2024",
		"/PRESIDENCIA":          "El corte 2 no tiene la elección «PRESIDENCIA»",
		"/dip_fed":              "El corte 2 no tiene la elección «dip_fed»",
	} {
		body := page(t, path, http.StatusNotFound)
		if !strings.Contains(body, want) {
			t.Errorf("%s: no %q", path, want)
		}
		if want[:2] == "No" && strings.Contains(body, "no tiene la elección") {
			t.Errorf("%s: the 404 lists the elections", path)
		}
	}
}

// TestDireccionLimpia redirects addresses with empty or dot segments or a trailing slash
// to the page's one address, in Spanish, keeping the query and an escaped slash inside an
// id.
func TestDireccionLimpia(t *testing.T) {
	for path, want := range map[string]string{
		"//GUB":                           "/GUB",
		"/cortes/2/./GUB?corte=1":         "/cortes/2/GUB?corte=1",
		"/cortes//2/GUB/../AYUN":          "/cortes/2/AYUN",
		"/api/v1//cortes/2":               "/api/v1/cortes/2",
		"/cortes/2/GUB/actas//x%20y":      "/cortes/2/GUB/actas/x%20y",
		"/GUB/":                           "/GUB",
		"/cortes/2/?x=1":                  "/cortes/2?x=1",
		"/cortes/2/GUB/municipios/N%2FA/": "/cortes/2/GUB/municipios/N%2FA",
	} {
		res := get(t, http.MethodGet, path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want ||
			!strings.HasPrefix(string(body), "La página está en ") {
			t.Errorf("%s: %d to %q, %q; want 301 to %s, in Spanish", path, res.StatusCode,
				res.Header.Get("Location"), body, want)
		}
	}
}

// TestCanonicas sends other spellings of a page to its one address with a 301: the election's
// code in another case, an escaped slash between segments, a needless escape, a trailing
// slash; the query is kept, and an escaped slash inside an id (N%2FA) is the address.
func TestCanonicas(t *testing.T) {
	for path, want := range map[string]string{
		"/gub":                                         "/GUB",
		"/gub?utm_source=x":                            "/GUB?utm_source=x",
		"/cortes/2/gub":                                "/cortes/2/GUB",
		"/cortes/2/Gub/distritos/005":                  "/cortes/2/GUB/distritos/005",
		"/cortes/2/GUB/casillas%2F211411C1000":         "/cortes/2/GUB/casillas/211411C1000",
		"/cortes/2/GUB/actas%2F211411C10002":           "/cortes/2/GUB/actas/211411C10002",
		"/cortes/2/GUB/secciones/%30001":               "/cortes/2/GUB/secciones/0001",
		"/cortes/2/gub/formato":                        "/cortes/2/GUB/formato",
		"/cortes/2/GUB/distritos/005/":                 "/cortes/2/GUB/distritos/005",
		"/api/v1/cortes/2/gub":                         "/api/v1/cortes/2/GUB",
		"/api/v1/cortes/2/gub/actas/211411C10002":      "/api/v1/cortes/2/GUB/actas/211411C10002",
		"/cortes/2/archivos/json%2FGUB%2Fentidad.json": "/cortes/2/archivos/json/GUB/entidad.json",
	} {
		res := get(t, http.MethodGet, path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want ||
			!strings.HasPrefix(string(body), "La página está en ") {
			t.Errorf("%s: %d to %q (%q), want 301 to %s", path, res.StatusCode,
				res.Header.Get("Location"), body, want)
		}
		if loc := strings.SplitN(want, "?", 2)[0]; !strings.HasPrefix(loc, "/cortes/2/archivos") {
			page(t, want, http.StatusOK)
		}
	}
	for _, path := range []string{"/GUB", "/cortes/2/GUB/municipios/N%2FA",
		"/api/v1/cortes/2/GUB/municipios/N%2FA", "/cortes/2/GUB/casillas/211411C1000"} {
		page(t, path, http.StatusOK)
	}
}

// TestRedireccionesEnEspanol checks the bodies of the 303s of the search and of the corte
// selector: Spanish, not Go's «See Other».
func TestRedireccionesEnEspanol(t *testing.T) {
	for path, want := range map[string]string{
		"/buscar?q=210423B01002":                         "/cortes/2/GUB/actas/210423B01002",
		"/cortes/ir?n=1&ruta=GUB%2Fdistritos":            "/cortes/1/GUB/distritos",
		"/cortes/ir?n=1&ruta=GUB%2Fmunicipios%2FN%252FA": "/cortes/1/GUB/municipios/N%2FA",
		"/cortes/ir?n=1&ruta=GUB%2F%252E%252E%2Fx":       "/cortes/1/GUB",
	} {
		res := get(t, http.MethodGet, path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want ||
			string(body) != "La página está en "+want+"\n" ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s: %d to %q, body %q; want 303 to %s in Spanish", path, res.StatusCode,
				res.Header.Get("Location"), body, want)
		}
		if strings.Contains(string(body), "See Other") {
			t.Errorf("%s: English body %q", path, body)
		}
	}
}
