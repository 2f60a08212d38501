package web

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/publish"
)

// seccionHTML returns the part of body from the element with id to the end of its
// section, or "".
func seccionHTML(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		return ""
	}
	return body[i : i+j]
}

var (
	reFila     = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	reCelda    = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	reEtiqueta = regexp.MustCompile(`<[^>]*>`)
)

// filasCuerpo returns the text of the cells of each row in the tbody of html.
func filasCuerpo(html string) [][]string {
	_, tbody, _ := strings.Cut(html, "<tbody>")
	tbody, _, _ = strings.Cut(tbody, "</tbody>")
	var out [][]string
	for _, f := range reFila.FindAllStringSubmatch(tbody, -1) {
		var row []string
		for _, c := range reCelda.FindAllStringSubmatch(f[1], -1) {
			row = append(row, strings.TrimSpace(reEtiqueta.ReplaceAllString(c[1], "")))
		}
		out = append(out, row)
	}
	return out
}

// filaEsperada is the row the table of the progress of the actas must show for corte n:
// what corte.json of n says of the election.
func filaEsperada(t *testing.T, n int, codigo, corteTexto string) []string {
	t.Helper()
	var m publish.Manifiesto
	readJSON(t, n, "corte.json", &m)
	i := slices.IndexFunc(m.Elecciones, func(e publish.EleccionCorte) bool {
		return e.Codigo == codigo
	})
	if i < 0 {
		t.Fatalf("corte.json of corte %d has no %s", n, codigo)
	}
	r := m.Elecciones[i].Resumen
	return []string{corteTexto, m.HoraTexto, miles(r.ActasEsperadas),
		miles(r.ActasCapturadas), r.PorcentajeActasCapturadas + " %",
		miles(r.ActasContabilizadas), r.PorcentajeActasContabilizadas + " %"}
}

// TestAvanceActas checks the table of the progress of the actas on the election pages:
// corte 2 (and the latest-corte page) lists cortes 0, 1 and 2 with the figures of their
// manifests, corte 1 the cortes up to it; and the figures are the published IEE ones
// (RULES.md §3.4), truncated percentages included, after a puesta en ceros of none.
func TestAvanceActas(t *testing.T) {
	for _, codigo := range []string{"GUB", "DIP_LOC", "AYUN"} {
		ceros := filaEsperada(t, 0, codigo, "Corte 0 — puesta en ceros")
		for path, want := range map[string][][]string{
			"/cortes/2/" + codigo: {ceros, filaEsperada(t, 1, codigo, "Corte 1"),
				filaEsperada(t, 2, codigo, "Corte 2 (este corte) · final")},
			"/" + codigo: {ceros, filaEsperada(t, 1, codigo, "Corte 1"),
				filaEsperada(t, 2, codigo, "Corte 2 (este corte) · final")},
			"/cortes/1/" + codigo: {ceros, filaEsperada(t, 1, codigo, "Corte 1 (este corte)")},
			"/cortes/0/" + codigo: {filaEsperada(t, 0, codigo,
				"Corte 0 — puesta en ceros (este corte)")},
		} {
			sec := seccionHTML(page(t, path, http.StatusOK), "avance-titulo")
			if got := filasCuerpo(sec); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%s: progress of the actas\n got %q\nwant %q", path, got, want)
			}
			link := `href="` + eleccionHref(1, codigo) + `"`
			// Corte 1 links to itself nowhere, and corte 0 does not know it.
			sinEnlace := strings.HasPrefix(path, "/cortes/1/") ||
				strings.HasPrefix(path, "/cortes/0/")
			if sinEnlace == strings.Contains(sec, link) {
				t.Errorf("%s: link to corte 1 in the progress table: %v", path,
					strings.Contains(sec, link))
			}
		}
	}
	// The published IEE figures of the Gubernatura at 18:00 and 20:00.
	rows := filasCuerpo(seccionHTML(page(t, "/cortes/2/GUB", 200), "avance-titulo"))
	for i, want := range [][]string{{"8,334", "0", "0.0000 %", "0", "0.0000 %"},
		{"8,334", "7,758", "93.0885 %", "6,767", "81.1975 %"},
		{"8,334", "8,259", "99.1000 %", "6,848", "82.1694 %"}} {
		if len(rows) != 3 || !slices.Equal(rows[i][2:], want) {
			t.Errorf("Gubernatura, progress row %d = %q, want %q", i, rows, want)
		}
	}
}

// TestGraficaAvance checks the chart over the table: an image with a title, one mark per
// corte and series, and no corte after the page's.
func TestGraficaAvance(t *testing.T) {
	for path, cortes := range map[string]int{"/cortes/0/GUB": 1, "/cortes/1/GUB": 2,
		"/cortes/2/GUB": 3, "/AYUN": 3} {
		sec := seccionHTML(page(t, path, http.StatusOK), "avance-titulo")
		_, svg, _ := strings.Cut(sec, `<svg class="grafica avance"`)
		svg, _, _ = strings.Cut(svg, "</svg>")
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg,
			"<title id=") || !strings.Contains(svg, "Avance de las actas de ") {
			t.Errorf("%s: the chart is no image with a title: %.300q", path, svg)
		}
		// The key draws one mark of each series besides the cortes'.
		circulos := strings.Count(svg, "<circle") - 1
		cuadros := strings.Count(svg, `width="8" height="8"`) - 1
		if circulos != cortes || cuadros != cortes {
			t.Errorf("%s: %d capturadas and %d contabilizadas marks, want %d of each",
				path, circulos, cuadros, cortes)
		}
		if cortes == 1 && strings.Contains(svg, "<polyline") {
			t.Errorf("%s: a line for a single corte", path)
		}
	}
	for _, path := range []string{"/cortes/2/GUB/distritos/005", "/cortes/2/GUB/secciones/0001"} {
		if strings.Contains(page(t, path, http.StatusOK), `id="avance-titulo"`) {
			t.Errorf("%s: the progress of the entidad's actas on a lower page", path)
		}
	}
}

// TestAvanceTrasReload publishes corte 1, then corte 2: the new latest corte, loaded by
// Reload, shows both; the page of corte 1 still shows only corte 1, and so does corte 1
// loaded afresh by a server that knows corte 2.
func TestAvanceTrasReload(t *testing.T) {
	dir := t.TempDir()
	publicar := func(n int) {
		t.Helper()
		hora, final := hora1800, false
		if n == 2 {
			hora, final = hora2000, true
		}
		_, err := publish.Build(dir, publish.Input{Numero: n, Hora: hora, Final: final,
			Generado: hora, Elecciones: fixture.tallas[n][:1], Config: acta.DefaultConfig})
		if err != nil {
			t.Fatal(err)
		}
	}
	cortes := func(h http.Handler, path string) []string {
		t.Helper()
		var out []string
		for _, f := range filasCuerpo(seccionHTML(page2(t, h, path), "avance-titulo")) {
			out = append(out, f[0])
		}
		return out
	}
	publicar(1)
	srv, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if got := cortes(h, "/GUB"); !slices.Equal(got, []string{"Corte 1 (este corte)"}) {
		t.Errorf("corte 1 alone: /GUB lists %q", got)
	}
	publicar(2)
	if err := srv.Reload(); err != nil {
		t.Fatal(err)
	}
	both := []string{"Corte 1", "Corte 2 (este corte) · final"}
	if got := cortes(h, "/GUB"); !slices.Equal(got, both) {
		t.Errorf("after Reload: /GUB lists %q, want %q", got, both)
	}
	uno := []string{"Corte 1 (este corte)"}
	if got := cortes(h, "/cortes/1/GUB"); !slices.Equal(got, uno) {
		t.Errorf("after Reload: /cortes/1/GUB lists %q, want %q", got, uno)
	}
	otro, err := New(dir, nil, KeepCortes(0))
	if err != nil {
		t.Fatal(err)
	}
	if got := cortes(otro.Handler(), "/cortes/1/GUB"); !slices.Equal(got, uno) {
		t.Errorf("corte 1 loaded on demand lists %q, want %q", got, uno)
	}

	// A corte whose manifest is gone is left out; the rest is shown.
	if err := os.Remove(filepath.Join(dir, publish.CarpetaCorte(1), "corte.json")); err != nil {
		t.Fatal(err)
	}
	tercero, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Corte 2 (este corte) · final"}
	if got := cortes(tercero.Handler(), "/GUB"); !slices.Equal(got, want) {
		t.Errorf("without corte 1's manifest: /GUB lists %q, want %q", got, want)
	}
}

// TestGraficaParticipacion checks the participation chart of each election page: one bar
// per unit of the election (distritos; municipios for Ayuntamientos) in the order of the
// table, each with the published percentage of its node in the JSON files, a bar as long as
// that percentage, and the entidad's participation as the reference.
func TestGraficaParticipacion(t *testing.T) {
	for _, c := range []struct {
		n             int
		codigo, nivel string
	}{{2, "GUB", "distritos"}, {1, "GUB", "distritos"}, {2, "DIP_LOC", "distritos"},
		{2, "AYUN", "municipios"}} {
		var ns []publish.NodoJSON
		readJSON(t, c.n, "json/"+c.codigo+"/"+c.nivel+".json", &ns)
		var ent publish.NodoJSON
		readJSON(t, c.n, "json/"+c.codigo+"/entidad.json", &ent)
		path := eleccionHref(c.n, c.codigo)
		body := page(t, path, http.StatusOK)
		_, svg, _ := strings.Cut(body, `<svg class="grafica participacion"`)
		svg, _, _ = strings.Cut(svg, "</svg>")
		valores := regexp.MustCompile(`class="va">([^<]*)</text>`).FindAllStringSubmatch(svg, -1)
		anchos := regexp.MustCompile(`<rect x="0" y="[0-9]+" width="([0-9.]+)"`).
			FindAllStringSubmatch(svg, -1)
		if len(valores) != len(ns) || len(anchos) != len(ns) {
			t.Fatalf("%s: %d values and %d bars, want one per %s (%d)", path, len(valores),
				len(anchos), c.nivel, len(ns))
		}
		for i, nd := range ns {
			p := nd.Resumen.PorcentajeParticipacion
			if got := valores[i][1]; got != p+" %" {
				t.Errorf("%s: bar %d (%s %s) says %q, want %q", path, i, c.nivel, nd.ID, got,
					p+" %")
			}
			v, _ := diezmilesimas(p)
			want := strconv.FormatFloat(max(250*float64(min(v, 1_000_000))/1_000_000, 1), 'f',
				1, 64)
			if anchos[i][1] != want {
				t.Errorf("%s: bar of %s %s (%s %%) is %s long, want %s", path, c.nivel, nd.ID,
					p, anchos[i][1], want)
			}
		}
		ref := "Participación en la entidad: " + ent.Resumen.PorcentajeParticipacion + " %"
		if !strings.Contains(svg, ref) {
			t.Errorf("%s: no %q", path, ref)
		}
	}
	if !strings.Contains(page(t, "/cortes/2/GUB", 200), "Participación en la entidad: "+
		"64.4492 %") {
		t.Error("Gubernatura, final corte: the entidad's participation is not 64.4492 %")
	}
	if strings.Contains(page(t, "/cortes/2/GUB/distritos/005", 200), "grafica participacion") {
		t.Error("a distrito page has the chart of the participation per unit")
	}
}
