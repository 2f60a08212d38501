package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/computotest"
	"github.com/sufragio/sufragio/internal/computopub"
)

// nombreDe is the name of candidacy id of session s.
func nombreDe(t *testing.T, s *computo.Sesion, id string) string {
	t.Helper()
	for _, c := range s.Definicion().Candidaturas {
		if c.ID == id {
			return c.Nombre
		}
	}
	t.Fatalf("no candidacy %s", id)
	return ""
}

// TestComputosLista checks the list of cómputos: each election's table, with the winner of
// the concluded cómputo and its votes, the progress of the one without results, and what
// the page says of the cómputos beside the PREP.
func TestComputosLista(t *testing.T) {
	res := get(t, http.MethodGet, "/computos")
	body := leer(t, res)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != tipoHTML ||
		res.Header.Get("Cache-Control") != cacheCorto || res.Header.Get("ETag") == "" {
		t.Fatalf("GET /computos: %d, headers %v", res.StatusCode, res.Header)
	}
	r, _ := computosFixture.dipLoc.Resultado()
	g := r.Ganador
	ganador := nombreDe(t, computosFixture.dipLoc, g.Candidaturas[0])
	for _, want := range []string{"<h1>Cómputos de los consejos", "cómputos oficiales",
		"preliminares e informativos", "SIMULACRO", "Diputaciones Locales", "Gubernatura",
		"Ayuntamientos", `href="/computos/DIP_LOC-12"`, `href="/computos/index.json"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/computos has no %q", want)
		}
	}
	dip := fila(body, `href="/computos/DIP_LOC-12"`)
	for _, want := range []string{ganador, miles(g.Votos), porcentaje(g.Votos, r.Total) + " %",
		"DIP_LOC-012-2", "concluida", "Distrito 012 · AMOZOC DE MOTA"} {
		if !strings.Contains(dip, want) {
			t.Errorf("row of DIP_LOC-12 = %q, want it to hold %q", dip, want)
		}
	}
	ayun := fila(body, `href="/computos/AYUN-031"`)
	n := len(computosFixture.ayun.Casillas())
	for _, want := range []string{"Aún sin resultados", "cotejo de actas",
		"0 de " + miles(int64(n)) + " casillas computadas", "Municipio 031 · COATEPEC"} {
		if !strings.Contains(ayun, want) {
			t.Errorf("row of AYUN-031 = %q, want it to hold %q", ayun, want)
		}
	}
	if gub := fila(body, `href="/computos/GUB-012"`); !strings.Contains(gub,
		"No la expide este consejo") {
		t.Errorf("row of GUB-012 = %q, want no constancia of its own", gub)
	}
	if strings.Index(body, ">Gubernatura<") > strings.Index(body, ">Diputaciones Locales<") {
		t.Errorf("the elections are not in the PREP's order")
	}
	if inicio := page(t, "/", http.StatusOK); !strings.Contains(inicio,
		`<a href="/computos">Cómputos de los consejos</a>`) {
		t.Errorf("the home page does not link to the cómputos")
	}
}

// TestComputoPagina checks the page of the concluded cómputo against the session: its
// votes per candidacy and party, the winner after the correction, both constancias, the
// recounts, the correction and the reconciliation with the PREP.
func TestComputoPagina(t *testing.T) {
	s := computosFixture.dipLoc
	body := page(t, "/computos/DIP_LOC-12", http.StatusOK)
	r, _ := s.Resultado()
	g := r.Ganador
	ganador, segundo := nombreDe(t, s, g.Candidaturas[0]), nombreDe(t, s, g.Segundo)
	for _, want := range []string{"Consejo Distrital 012 de AMOZOC DE MOTA",
		"La candidatura de " + ganador, "obtuvo la mayoría de votos: " + miles(g.Votos),
		"El segundo lugar, " + segundo + ", obtuvo " + miles(g.VotosSegundo),
		"Diferencia: " + miles(g.Diferencia) + " votos", "SIMULACRO", "marca-simulacro",
		"Por acuerdo CD12/AC-001/2024 (prueba)", "sentencia TEEP-JDC-012/2024 (prueba)",
		"se revoca la constancia DIP_LOC-012-1 y se expide la constancia DIP_LOC-012-2",
		"Conciliación con el PREP", "El PREP no contabilizó su acta"} {
		if !strings.Contains(body, want) {
			t.Errorf("/computos/DIP_LOC-12 has no %q", want)
		}
	}
	for _, k := range r.Candidaturas {
		row := fila(body, ">"+nombreDe(t, s, k.Candidatura)+"</th>")
		for _, want := range []string{miles(k.Votos), porcentaje(k.Votos, r.Total) + " %"} {
			if !strings.Contains(row, want) {
				t.Errorf("candidacy %s: row %q, want it to hold %s", k.Candidatura, row, want)
			}
		}
	}
	if row := fila(body, ">PAN</th>\n<td class=\"n\">"); !strings.Contains(row,
		miles(r.Distribucion.Partidos["PAN"])) {
		t.Errorf("PAN after the split: row %q, want %d", row, r.Distribucion.Partidos["PAN"])
	}
	ks := s.Constancias()
	if row := fila(body, ">"+ks[0].Folio+"</th>"); !strings.Contains(row, "REVOCADA") ||
		!strings.Contains(row, "La sustituye la constancia "+ks[1].Folio) ||
		!strings.Contains(row, ks[0].Propietaria) {
		t.Errorf("revoked constancia: row %q", row)
	}
	if row := fila(body, ">"+ks[1].Folio+"</th>"); !strings.Contains(row, "Vigente") ||
		!strings.Contains(row, ganador) ||
		!strings.Contains(row, `href="/computos/DIP_LOC-12/constancia-DIP_LOC-012-2.pdf"`) {
		t.Errorf("constancia in force: row %q", row)
	}
	if got, want := strings.Count(tablaDe(body, "conciliacion"), `<th scope="row">`),
		len(s.Casillas()); got != want {
		t.Errorf("the reconciliation has %d rows, want one for each of %d casillas", got, want)
	}
	if !strings.Contains(body, "Casillas recontadas ("+itoa(r.Recontadas)+")") {
		t.Errorf("the page does not say %d casillas were recounted", r.Recontadas)
	}
	c, err := computopub.LeerComputo(computosFixture.dir, idDipLoc)
	must(t, err)
	for _, a := range c.Archivos {
		if !strings.Contains(body, `href="/computos/DIP_LOC-12/`+a.Nombre+`"`) ||
			!strings.Contains(body, a.SHA256) {
			t.Errorf("the page does not link %s with its SHA-256 %s", a.Nombre, a.SHA256)
		}
	}
}

// tablaDe is the HTML of the first table of class clase in body.
func tablaDe(body, clase string) string {
	i := strings.Index(body, `<table class="`+clase+`">`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</table>")
	return body[i : i+j]
}

func itoa(n int) string { return miles(int64(n)) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func leer(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	return string(b)
}

// TestComputoSinResultados checks the page of a cómputo without results: its progress and
// nothing else; it has no record to download.
func TestComputoSinResultados(t *testing.T) {
	body := page(t, "/computos/AYUN-031", http.StatusOK)
	for _, want := range []string{"Consejo Municipal de COATEPEC", "cotejo de actas",
		"El cómputo aún no tiene resultados", "Casillas esperadas"} {
		if !strings.Contains(body, want) {
			t.Errorf("/computos/AYUN-031 has no %q", want)
		}
	}
	if strings.Contains(body, "Conciliación con el PREP") {
		t.Errorf("a cómputo without results shows a reconciliation")
	}
	page(t, "/computos/AYUN-031/computo.json", http.StatusNotFound)
}

// TestComputosNoEncontrado checks the Spanish 404s: an id not published or not of the form
// of one, a file the record does not list (even one in the folder), a path that tries to
// leave it.
func TestComputosNoEncontrado(t *testing.T) {
	extra := filepath.Join(computosFixture.dir, idDipLoc, "notas.txt")
	must(t, os.WriteFile(extra, []byte("no publicado"), 0o644))
	t.Cleanup(func() { os.Remove(extra) })
	for path, want := range map[string]string{
		"/computos/AYUN-999":             "No se ha publicado ningún cómputo «AYUN-999»",
		"/computos/dip_loc-12":           "No se ha publicado ningún cómputo",
		"/computos/DIP_LOC-12/notas.txt": "El cómputo DIP_LOC-12 no tiene el archivo «notas.txt»",
		"/computos/DIP_LOC-12/acta.xlsx": "no tiene el archivo",
		"/computos/AYUN-999/acta.pdf":    "No se ha publicado ningún cómputo",
		"/computos/AYUN-031/acta.pdf":    "El cómputo AYUN-031 no tiene el archivo «acta.pdf»",
		"/computos/DIP_LOC-12/a%2Fb.pdf": "no tiene el archivo «a/b.pdf»",
	} {
		res := get(t, http.MethodGet, path)
		body := leer(t, res)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, want) ||
			res.Header.Get("Content-Type") != tipoHTML {
			t.Errorf("GET %s: %d %q, want 404 saying %q", path, res.StatusCode,
				res.Header.Get("Content-Type"), want)
		}
	}
	// Dot segments are cleaned before any file is looked up: the reader is sent to the one
	// address of what the path names, inside the site.
	for path, want := range map[string]string{
		"/computos/DIP_LOC-12/..%2Findex.json": "/computos/index.json",
		"/computos/..%2F..%2Fetc/passwd":       "/etc/passwd",
	} {
		res := get(t, http.MethodGet, path)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 301 to %s", path, res.StatusCode,
				res.Header.Get("Location"), want)
		}
	}
}

// TestComputosArchivos serves every file of the concluded cómputo, its record and the
// index: the bytes the record states, with their content type, revalidated by ETag.
func TestComputosArchivos(t *testing.T) {
	x, err := computopub.Leer(computosFixture.dir)
	must(t, err)
	e, _ := x.Buscar(idDipLoc)
	c, err := computopub.LeerComputo(computosFixture.dir, idDipLoc)
	must(t, err)
	for _, a := range append(c.Archivos, *e.Registro) {
		path := "/computos/DIP_LOC-12/" + a.Nombre
		res := get(t, http.MethodGet, path)
		body := leer(t, res)
		sum := sha256.Sum256([]byte(body))
		tipo := map[string]string{".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8",
			".json": "application/json"}[filepath.Ext(a.Nombre)]
		if res.StatusCode != http.StatusOK || hex.EncodeToString(sum[:]) != a.SHA256 ||
			res.Header.Get("Content-Type") != tipo ||
			res.Header.Get("Cache-Control") != "no-cache" ||
			res.Header.Get("ETag") != `"`+a.SHA256+`"` ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d, %d bytes, headers %v; want %s, %s", path, res.StatusCode,
				len(body), res.Header, tipo, a.SHA256)
		}
		adjunto := strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment")
		if adjunto != strings.HasSuffix(a.Nombre, ".csv") {
			t.Errorf("GET %s: Content-Disposition %q", path, res.Header.Get("Content-Disposition"))
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("If-None-Match", `"`+a.SHA256+`"`)
		rec := httptest.NewRecorder()
		fixture.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: %d, want 304", path, rec.Code)
		}
	}
	if !strings.HasPrefix(leerArchivo(t, "/computos/DIP_LOC-12/acta.pdf"), "%PDF-") {
		t.Errorf("acta.pdf is not a PDF")
	}

	res := get(t, http.MethodGet, "/computos/index.json")
	body := leer(t, res)
	disco, err := os.ReadFile(filepath.Join(computosFixture.dir, computopub.ArchivoIndice))
	must(t, err)
	var y computopub.Indice
	if res.StatusCode != http.StatusOK || body != string(disco) ||
		res.Header.Get("Content-Type") != "application/json" ||
		json.Unmarshal([]byte(body), &y) != nil || len(y.Computos) != 5 {
		t.Errorf("GET /computos/index.json: %d, %q, %d cómputos", res.StatusCode,
			res.Header.Get("Content-Type"), len(y.Computos))
	}
	if res := get(t, http.MethodHead, "/computos/DIP_LOC-12/acta.pdf"); res.StatusCode !=
		http.StatusOK || len(leer(t, res)) != 0 {
		t.Errorf("HEAD acta.pdf: %d with a body", res.StatusCode)
	}
	if res := get(t, http.MethodPost, "/computos/DIP_LOC-12"); res.StatusCode !=
		http.StatusMethodNotAllowed {
		t.Errorf("POST /computos/DIP_LOC-12: %d, want 405", res.StatusCode)
	}
}

func leerArchivo(t *testing.T, path string) string {
	t.Helper()
	return leer(t, get(t, http.MethodGet, path))
}

// TestComputosRecarga publishes into a folder a site serves: the site follows index.json
// at every request, from an empty folder to a cómputo with results, and a file whose bytes
// are not yet those its record states is a 503 to retry, not a wrong download.
func TestComputosRecarga(t *testing.T) {
	dir := t.TempDir()
	srv, err := New(t.TempDir(), nil, ConComputos(dir))
	must(t, err)
	h := srv.Handler()
	pedirEn := func(path string, status int) string {
		t.Helper()
		res := do(t, h, http.MethodGet, path)
		body := leer(t, res)
		if res.StatusCode != status {
			t.Fatalf("GET %s: %d, want %d\n%.300s", path, res.StatusCode, status, body)
		}
		return body
	}
	if body := pedirEn("/computos", http.StatusOK); !strings.Contains(body,
		"Aún no se ha publicado ningún cómputo") {
		t.Errorf("empty folder: the page does not say no cómputo is published")
	}
	pedirEn("/computos/index.json", http.StatusNotFound)

	p, err := computopub.Nuevo(dir)
	must(t, err)
	s, err := sesionComputo("AYUN", "031", "COATEPEC", true, false)
	must(t, err)
	must(t, p.Sesion(idAyun, s, ultimoEvento(s)))
	if body := pedirEn("/computos", http.StatusOK); !strings.Contains(body,
		"cotejo de actas") {
		t.Errorf("the site did not pick up the cómputo published")
	}
	pedirEn("/computos/AYUN-031", http.StatusOK)
	must(t, computotest.Cotejar(s))
	must(t, computotest.Recontar(s))
	_, err = s.DecidirRecuentoTotal("presidencia", false)
	must(t, err)
	_, err = s.Computar("presidencia", nil)
	must(t, err)
	// The index's new modification time may fall in the same clock tick as the old one;
	// its inode changes with every rename, which the site compares too.
	must(t, p.Sesion(idAyun, s, ultimoEvento(s).Add(time.Minute)))
	r, _ := s.Resultado()
	if body := pedirEn("/computos/AYUN-031", http.StatusOK); !strings.Contains(body,
		"obtuvo la mayoría de votos: "+miles(r.Ganador.Votos)) {
		t.Errorf("the site did not pick up the results")
	}

	acta := filepath.Join(dir, idAyun, "acta.pdf")
	must(t, os.WriteFile(acta, []byte("%PDF- otro"), 0o644))
	res := do(t, h, http.MethodGet, "/computos/AYUN-031/acta.pdf")
	if body := leer(t, res); res.StatusCode != http.StatusServiceUnavailable ||
		res.Header.Get("Retry-After") == "" || !strings.Contains(body, "se está actualizando") {
		t.Errorf("a file unlike its record: %d, Retry-After %q", res.StatusCode,
			res.Header.Get("Retry-After"))
	}
}

// TestAsignacionPagina checks the page of an RP assignment, the regidurías of Piaxtla: its
// seats by party, the winning planilla without any, the explanation with its rules to
// confirm, its files; and its row in the list.
func TestAsignacionPagina(t *testing.T) {
	res := get(t, http.MethodGet, "/computos/"+idRegidurias)
	body := leer(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /computos/%s: %d", idRegidurias, res.StatusCode)
	}
	v, _ := computosFixture.regidurias.Vigente()
	for _, want := range []string{"Asignación de representación proporcional",
		"Asignación 1, vigente", "CM-114/AC-05/2024 (prueba)", "la planilla ganadora no",
		"Votación efectiva", "[por confirmar]", "asignacion.csv", "explicacion.txt",
		"SIMULACRO"} {
		if !strings.Contains(body, want) {
			t.Errorf("/computos/%s has no %q", idRegidurias, want)
		}
	}
	total := 0
	for _, f := range v.Resultado.Filas {
		total += f.RP
		if f.RP == 0 {
			continue
		}
		row := fila(body, ">"+f.Partido+"</th>")
		if !strings.Contains(row, ">"+strconv.Itoa(f.RP)+"</td>") {
			t.Errorf("row of %s = %q, want %d regidurías", f.Partido, row, f.RP)
		}
	}
	if total != 3 {
		t.Errorf("%d regidurías in the fixture, want 3", total)
	}
	lista := leer(t, get(t, http.MethodGet, "/computos"))
	row := fila(lista, `href="/computos/`+idRegidurias+`"`)
	for _, f := range v.Resultado.Filas {
		if f.RP > 0 && !strings.Contains(row, f.Partido+" "+strconv.Itoa(f.RP)) {
			t.Errorf("row of %s = %q, want %s %d", idRegidurias, row, f.Partido, f.RP)
		}
	}
	csv := leer(t, get(t, http.MethodGet, "/computos/"+idRegidurias+"/asignacion.csv"))
	if !strings.HasPrefix(csv, "SIMULACRO,PARTIDO,VOTOS,CON_DERECHO,MR,RP,TOTAL\n1,") {
		t.Errorf("asignacion.csv = %.80q", csv)
	}
}
