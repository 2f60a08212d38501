package web

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/sintetico"
)

// corteNacional publishes, in a folder of its own, one corte of a small synthetic federal
// process (2 % of the secciones, seed 3, as sufragio gen --fraccion 0.02 --semilla 3 writes
// it), read and tallied as sufragio import and corte do, and returns the folder and the
// site serving it.
func corteNacional(t *testing.T) (string, http.Handler) {
	t.Helper()
	gen, dir := t.TempDir(), t.TempDir()
	if _, err := sintetico.Generar(gen, sintetico.Opciones{Semilla: 3,
		Fraccion: 0.02}); err != nil {
		t.Fatal(err)
	}
	var in []corte.Entrada
	var f *opendata.Archivo
	for _, e := range sintetico.Elecciones {
		var err error
		if f, _, err = sintetico.Leer(gen, e); err != nil {
			t.Fatal(err)
		}
		in = append(in, corte.Entrada{Eleccion: f.Eleccion, Actas: f.Actas})
	}
	res := corte.TallyAll(in, nil, f.Corte, false, acta.DefaultConfig)
	if _, err := publish.Build(dir, publish.Input{Numero: 1, Hora: f.Corte, Generado: f.Corte,
		Elecciones: res, Config: acta.DefaultConfig}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dir, srv.Handler()
}

// nivelNacional reads the published JSON of a level of an election of corte 1 in dir,
// straight from disk.
func nivelNacional(t *testing.T, dir, codigo, nivel string, v any) {
	t.Helper()
	carpeta := filepath.Join(dir, publish.CarpetaCorte(1))
	m, err := publish.ReadManifiesto(carpeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, ec := range m.Elecciones {
		if ec.Codigo == codigo {
			if err := publish.LeerNivel(filepath.Join(carpeta, ec.JSON[nivel]), v); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("corte 1 has no election %s", codigo)
}

// paginaDe requests a path of h, checks its status and returns the body.
func paginaDe(t *testing.T, h http.Handler, path string, status int) string {
	t.Helper()
	res := do(t, h, http.MethodGet, path)
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, res.StatusCode, status, body)
	}
	return string(body)
}

// filaVotosRe matches a row of a table of votes: its name and its votes.
var filaVotosRe = regexp.MustCompile(`(?s)<tr>\s*<th scope="row"[^>]*>([^<]+)</th>.*?` +
	`<td class="n">([0-9,]+)</td>`)

// votosMostrados reads the table of votes per party and combination of a node page: the
// votes of each column by its name, and the total as "Total de votos".
func votosMostrados(t *testing.T, body string) map[string]int64 {
	t.Helper()
	_, tabla, ok := strings.Cut(body, `id="partidos-titulo"`)
	tabla, _, ok2 := strings.Cut(tabla, "</section>")
	if !ok || !ok2 {
		t.Fatal("the page has no table of votes per party and combination")
	}
	out := map[string]int64{}
	for _, m := range filaVotosRe.FindAllStringSubmatch(tabla, -1) {
		n, err := strconv.ParseInt(strings.ReplaceAll(m[2], ",", ""), 10, 64)
		if err != nil {
			t.Fatalf("votes %q of %s: %v", m[2], m[1], err)
		}
		out[m[1]] = n
	}
	return out
}

// TestEntidadesNacional checks the entidades of a national corte as the site shows them:
// the election's page lists the 32 with their figures, each linking to its page; an
// entidad's page lists exactly its distritos, and the votes it shows are those its
// distritos add up in the published distritos.json, plus, in the elections voted from
// abroad, its sección of the votes from abroad; the breadcrumbs go país → entidad →
// distrito → sección; an unknown entidad is a 404 in Spanish.
func TestEntidadesNacional(t *testing.T) {
	dir, h := corteNacional(t)
	for _, e := range sintetico.Elecciones {
		t.Run(e.Codigo, func(t *testing.T) {
			var def publish.EleccionJSON
			var entidades, distritos, secciones []publish.NodoJSON
			nivelNacional(t, dir, e.Codigo, "eleccion", &def)
			nivelNacional(t, dir, e.Codigo, publish.NivelEntidades, &entidades)
			nivelNacional(t, dir, e.Codigo, "distritos", &distritos)
			nivelNacional(t, dir, e.Codigo, "secciones", &secciones)
			eleccionNacional(t, h, e.Codigo, entidades)
			extranjero := int64(0)
			for _, ent := range entidades {
				extranjero += entidadNacional(t, h, &def, &ent, distritos, secciones)
			}
			if e.Extranjero != (extranjero > 0) {
				t.Errorf("%s: %d votes from abroad shown in its entidades' pages; voted "+
					"from abroad: %v", e.Codigo, extranjero, e.Extranjero)
			}
		})
	}
	t.Run("migas", func(t *testing.T) {
		migas := func(path string) []string {
			body := paginaDe(t, h, path, http.StatusOK)
			_, nav, _ := strings.Cut(body, `class="migas"`)
			nav, _, _ = strings.Cut(nav, "</nav>")
			return regexp.MustCompile(`<li>(?:<a href="[^"]*">)?(?:<span[^>]*>)?([^<]+)`).
				FindAllString(nav, -1)
		}
		for path, want := range map[string][]string{
			"/cortes/1/DIP_FED/entidades/15": {`<li><a href="/cortes/1/DIP_FED">NACIONAL`,
				`<li><span aria-current="page">Entidad 15 · MEXICO`},
			"/cortes/1/DIP_FED/distritos/15-001": {`<li><a href="/cortes/1/DIP_FED">NACIONAL`,
				`<li><a href="/cortes/1/DIP_FED/entidades/15">Entidad 15 · MEXICO`,
				`<li><span aria-current="page">Distrito 15-001 · MEXICO 01`},
			"/cortes/1/DIP_FED/secciones/15-0001": {`<li><a href="/cortes/1/DIP_FED">NACIONAL`,
				`<li><a href="/cortes/1/DIP_FED/entidades/15">Entidad 15 · MEXICO`,
				`<li><a href="/cortes/1/DIP_FED/distritos/15-001">Distrito 15-001 · MEXICO 01`,
				`<li><span aria-current="page">Sección 0001`},
			"/cortes/1/PRES/secciones/VMRE-15": {`<li><a href="/cortes/1/PRES">NACIONAL`,
				`<li><a href="/cortes/1/PRES/entidades/15">Entidad 15 · MEXICO`,
				`<li><a href="/cortes/1/PRES/distritos/N%2FA">Distrito N/A · Voto desde el ` +
					`extranjero`,
				`<li><span aria-current="page">Voto desde el extranjero`},
		} {
			if got := migas(path); !slices.Equal(got, want) {
				t.Errorf("%s: breadcrumbs\n%q\nwant\n%q", path, got, want)
			}
		}
	})
	t.Run("desconocida", func(t *testing.T) {
		for path, want := range map[string]string{
			"/cortes/1/PRES/entidades/99": "Presidencia de la República no tiene la entidad " +
				"«99».",
			"/cortes/1/SEN/entidades/00": "Senadurías no tiene la entidad «00».",
			"/cortes/1/DIP_FED/entidades/15-001": "Diputaciones Federales no tiene la " +
				"entidad «15-001».",
		} {
			body := paginaDe(t, h, path, http.StatusNotFound)
			if !strings.Contains(body, want) || !strings.Contains(body, "Página no encontrada") {
				t.Errorf("%s: the 404 does not say %q:\n%s", path, want, body)
			}
		}
	})
}

// eleccionNacional checks the table of entidades of a national election's page: one row
// per published entidad, in order, with its id, name, actas, votes and participation, both
// linking to its page.
func eleccionNacional(t *testing.T, h http.Handler, codigo string,
	entidades []publish.NodoJSON) {
	t.Helper()
	body := paginaDe(t, h, "/cortes/1/"+codigo, http.StatusOK)
	if len(entidades) != len(sintetico.Entidades) {
		t.Fatalf("%s: %d entidades published, want %d", codigo, len(entidades),
			len(sintetico.Entidades))
	}
	_, tabla, _ := strings.Cut(body, "<h2>Entidades</h2>")
	tabla, _, _ = strings.Cut(tabla, "</section>")
	if !strings.Contains(body[strings.Index(body, "<h2>Entidades</h2>"):], "<h2>Distritos</h2>") {
		t.Errorf("%s: the entidades are not listed before the distritos", codigo)
	}
	var ids []string
	for _, m := range regexp.MustCompile(`<tr>\s*<td><a href="/cortes/1/`+codigo+
		`/entidades/([0-9]+)">`).FindAllStringSubmatch(tabla, -1) {
		ids = append(ids, m[1])
	}
	var want []string
	for i, ent := range entidades {
		want = append(want, ent.ID)
		if ent.ID != sintetico.Entidades[i].ID || ent.Nombre != sintetico.Entidades[i].Nombre {
			t.Errorf("%s: entidad %d published as %s %s, want %s %s", codigo, i, ent.ID,
				ent.Nombre, sintetico.Entidades[i].ID, sintetico.Entidades[i].Nombre)
		}
		href := "/cortes/1/" + codigo + "/entidades/" + ent.ID
		row := fila(tabla, `<a href="`+href+`">`+ent.Nombre+`</a>`)
		r := &ent.Resumen
		for _, cell := range []string{`<a href="` + href + `">` + ent.ID + `</a>`,
			miles(r.ActasContabilizadas) + " / " + miles(r.ActasEsperadas),
			`<td class="n">` + miles(suma(ent.Votos)) + `</td>`,
			r.PorcentajeParticipacion + " %"} {
			if !strings.Contains(row, cell) {
				t.Errorf("%s: the row of entidad %s %s lacks %q:\n%s", codigo, ent.ID,
					ent.Nombre, cell, row)
			}
		}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("%s: the page lists the entidades %v, want %v", codigo, ids, want)
	}
}

// entidadNacional checks the page of an entidad: its distritos, exactly those of
// distritos.json whose id starts with its own, each linking to its page, and its votes,
// which must be what those distritos add up, plus its sección of the votes from abroad
// when it has one, and what entidades.json says. It returns the votes from abroad added.
func entidadNacional(t *testing.T, h http.Handler, def *publish.EleccionJSON,
	ent *publish.NodoJSON, distritos, secciones []publish.NodoJSON) int64 {
	t.Helper()
	codigo := def.Codigo
	body := paginaDe(t, h, "/cortes/1/"+codigo+"/entidades/"+ent.ID, http.StatusOK)
	if want := "<h1>Entidad " + ent.ID + " · " + ent.Nombre + " <small>"; !strings.Contains(body,
		want) {
		t.Errorf("%s %s: the page has no heading %q", codigo, ent.ID, want)
	}
	sumas := make([]int64, len(def.Contendientes))
	var suyos []string
	for _, d := range distritos {
		if !strings.HasPrefix(d.ID, ent.ID+"-") {
			continue
		}
		suyos = append(suyos, d.ID)
		for i, v := range d.Votos {
			sumas[i] += v
		}
	}
	var extranjero int64
	tieneExtranjero := false
	for _, s := range secciones {
		if s.ID == "VMRE-"+ent.ID {
			tieneExtranjero, extranjero = true, suma(s.Votos)
			for i, v := range s.Votos {
				sumas[i] += v
			}
			if !strings.Contains(body, `<a href="/cortes/1/`+codigo+`/secciones/VMRE-`+ent.ID+
				`">`) {
				t.Errorf("%s %s: the page does not link its votes from abroad", codigo, ent.ID)
			}
		}
	}
	if got := strings.Contains(body, "<h2>Voto desde el extranjero</h2>"); got != tieneExtranjero {
		t.Errorf("%s %s: the page shows a table of votes from abroad: %v, want %v", codigo,
			ent.ID, got, tieneExtranjero)
	}
	var listados []string
	for _, m := range regexp.MustCompile(`<tr>\s*<td><a href="/cortes/1/`+codigo+
		`/distritos/([^"]+)">`).FindAllStringSubmatch(body, -1) {
		listados = append(listados, m[1])
	}
	if len(suyos) == 0 || !slices.Equal(listados, suyos) {
		t.Errorf("%s %s: the page lists the distritos %v, want %v", codigo, ent.ID, listados,
			suyos)
	}
	if !slices.Equal(sumas, ent.Votos) {
		t.Errorf("%s %s: entidades.json gives %v votes, its distritos and votes from abroad "+
			"%v", codigo, ent.ID, ent.Votos, sumas)
	}
	shown := votosMostrados(t, body)
	for i, c := range def.Contendientes {
		if got, ok := shown[c.Columna]; !ok || got != sumas[i] {
			t.Errorf("%s %s: %s shows %d votes (shown: %v), its distritos add up %d", codigo,
				ent.ID, c.Columna, got, ok, sumas[i])
		}
	}
	if got, want := shown["Total de votos"], suma(sumas); got != want || want == 0 {
		t.Errorf("%s %s: total shown %d, its distritos add up %d", codigo, ent.ID, got, want)
	}
	return extranjero
}

// TestEntidadesEstatal checks that a state's elections have no level of entidades: their
// pages list none and link to none, an address of one is the usual 404 of an address the
// election lacks, and a distrito's breadcrumbs go from the election straight to it.
func TestEntidadesEstatal(t *testing.T) {
	for _, codigo := range []string{"GUB", "DIP_LOC", "AYUN"} {
		body := page(t, "/cortes/2/"+codigo, http.StatusOK)
		if strings.Contains(body, "/entidades/") || strings.Contains(body, "Entidades</h2>") {
			t.Errorf("%s: the page of a state's election lists entidades", codigo)
		}
	}
	body := page(t, "/cortes/2/GUB/entidades/21", http.StatusNotFound)
	if want := "La página /cortes/2/GUB/entidades/21 no existe en Gubernatura."; !strings.
		Contains(body, want) {
		t.Errorf("/cortes/2/GUB/entidades/21: the 404 does not say %q", want)
	}
	body = page(t, "/cortes/2/DIP_LOC/distritos/005", http.StatusOK)
	_, nav, _ := strings.Cut(body, `class="migas"`)
	nav, _, _ = strings.Cut(nav, "</nav>")
	if n := strings.Count(nav, "<li>"); n != 2 || !strings.Contains(nav,
		`<li><a href="/cortes/2/DIP_LOC">`) {
		t.Errorf("DIP_LOC distrito 005: %d breadcrumbs, want the election and the distrito:\n%s",
			n, nav)
	}
}
