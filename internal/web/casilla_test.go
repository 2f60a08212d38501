package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
)

// TestCasillaClavePublicada checks that the Actas table of a casilla gives each acta's key
// as published (CLAVE_ACTA), and the acta's real key beside it when they differ: contigua 10
// is published with the key of contigua 01.
func TestCasillaClavePublicada(t *testing.T) {
	for path, want := range map[string]string{
		"/cortes/2/GUB/casillas/211411C1000": `<a href="/cortes/2/GUB/actas/211411C10002">` +
			`211411C01002</a>` + "\n" + `<span class="nota">(acta 211411C10002 de este sitio)`,
		"/cortes/2/GUB/casillas/211411C0400": `<a href="/cortes/2/GUB/actas/211411C04002">` +
			`211411C04002</a></td>`,
		"/cortes/2/GUB/casillas/210000A0100-VA-001": `<a href="/cortes/2/GUB/actas/` +
			`210000A01002-001">210000A01002</a>`,
	} {
		if body := page(t, path, http.StatusOK); !strings.Contains(body, want) {
			t.Errorf("%s: actas table %q, want %q", path, fila(body, "/actas/"), want)
		}
	}
}

// TestCasillaPorClaveSinUnidad finds a casilla whose key repeats in another election: a
// sección placed in the distrito "N/A" (no distrito) is matched by municipio, not taken to
// be in a distrito called N/A.
func TestCasillaPorClaveSinUnidad(t *testing.T) {
	secs := []publish.NodoJSON{
		{ID: "VA-001", Distrito: "N/A", Municipio: "001"},
		{ID: "VA-025", Distrito: "N/A", Municipio: "025"},
	}
	a, b := &casillaIdx{ID: "k-VA-001", Seccion: "VA-001"}, &casillaIdx{ID: "k-VA-025",
		Seccion: "VA-025"}
	e := &eleccionData{EleccionSnapshot: &publish.EleccionSnapshot{Secciones: secs},
		secciones: indexNodos(secs),
		cas:       &indiceCasillas{porClave: map[string][]*casillaIdx{"k": {a, b}}}}
	for _, c := range []struct {
		sec  publish.NodoJSON
		want *casillaIdx
	}{
		{publish.NodoJSON{Distrito: "N/A", Municipio: "025"}, b},
		{publish.NodoJSON{Municipio: "001"}, a},
		{publish.NodoJSON{Distrito: "N/A", Municipio: "N/A"}, nil},
		{publish.NodoJSON{Distrito: "005", Municipio: "025"}, nil},
	} {
		if got := e.casillaPorClave("k", &c.sec); got != c.want {
			t.Errorf("sección in distrito %q, municipio %q: got %v, want %v", c.sec.Distrito,
				c.sec.Municipio, got, c.want)
		}
	}
}

// TestInicioListaNominal checks what the home page says beside the participation: the lista
// nominal of the actas counted (the summary's LISTA_NOMINAL_ACTAS_CONTABILIZADAS, of which
// the participation is a share), and apart, that of every acta expected.
func TestInicioListaNominal(t *testing.T) {
	var m publish.Manifiesto
	readJSON(t, 2, "corte.json", &m)
	body := page(t, "/", http.StatusOK)
	for _, ec := range m.Elecciones {
		_, card, _ := strings.Cut(body, `<h2><a href="/`+ec.Codigo+`">`)
		card, _, _ = strings.Cut(card, "</section>")
		want := "<dt>Lista nominal de las actas contabilizadas</dt>\n<dd>" +
			miles(ec.Resumen.ListaNominalActasContabilizadas) + "</dd>"
		if !strings.Contains(card, want) {
			t.Errorf("%s: home card lacks %q", ec.Codigo, want)
		}
		if strings.Contains(card, "<dt>Lista nominal</dt>") {
			t.Errorf("%s: a bare «Lista nominal» on the home card", ec.Codigo)
		}
	}
	if !strings.Contains(body, "4,125,717") || !strings.Contains(body,
		"<dt>Lista nominal de todas las actas esperadas</dt><dd>4,990,849</dd>") {
		t.Error("Gubernatura: the two listas nominales are not 4,125,717 and 4,990,849")
	}
}

// reEntidadEscapada finds an HTML entity written twice escaped, or a non-breaking space
// written as an entity that html/template escaped into text.
var reEntidadEscapada = regexp.MustCompile(`&amp;(nbsp|#160|#xa0);|&amp;#`)

// TestSinEntidadesEscapadas renders pages with percentages, charts and badges and checks that
// no entity shows as text: a percentage is "64.4492 %", never "64.4492&nbsp;%" on screen.
func TestSinEntidadesEscapadas(t *testing.T) {
	for _, p := range []string{"/", "/GUB", "/cortes/2/AYUN", "/cortes/2/GUB/distritos/005",
		"/cortes/2/GUB/secciones/0001", "/cortes/2/GUB/actas/211411C04002",
		"/cortes/2/GUB/casillas/211411C0400", "/cortes/0/GUB", "/verificar",
		"/cortes/2/GUB/formato"} {
		body := page(t, p, http.StatusOK)
		if m := reEntidadEscapada.FindString(body); m != "" {
			t.Errorf("%s: %q shows as text", p, m)
		}
		if strings.Contains(body, "&nbsp;%") {
			t.Errorf("%s: a percentage written with &nbsp;", p)
		}
	}
}
