package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
)

// TestBuscar checks the search box: one match opens it, several are listed, accents and
// case are optional, and nonsense gets a helpful page.
func TestBuscar(t *testing.T) {
	for _, c := range []struct {
		q, lugar string
	}{
		{"210423B01002", "/cortes/2/GUB/actas/210423B01002"},
		{"'210423b01002", "/cortes/2/GUB/actas/210423B01002"},
	} {
		res := get(t, http.MethodGet, "/buscar?q="+url.QueryEscape(c.q))
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("%q: status %d, want 303", c.q, res.StatusCode)
			continue
		}
		// An acta key names one acta per election that has it: GUB only here.
		if loc := res.Header.Get("Location"); loc != c.lugar {
			t.Errorf("%q: goes to %s, want %s", c.q, loc, c.lugar)
		}
	}
	// Tehuacán is a municipio of every election: listed once per election, found with or
	// without its accent.
	for _, q := range []string{"tehuacán", "TEHUACAN", "  Tehuacan "} {
		body := page(t, "/buscar?q="+url.QueryEscape(q), http.StatusOK)
		if n := strings.Count(body, "Municipio: <a href=\"/cortes/2/"); n < 3 ||
			!strings.Contains(body, "/cortes/2/AYUN/municipios/") {
			t.Errorf("%q: %d municipios found, want Tehuacán in each election", q, n)
		}
	}
	// A casilla key finds the casilla in each election; the voto anticipado key, which
	// repeats in every distrito with voto anticipado (19 of the 26), one casilla per distrito.
	body := page(t, "/buscar?q=210423b0100", http.StatusOK)
	for _, e := range []string{"GUB", "DIP_LOC", "AYUN"} {
		if !strings.Contains(body, `Casilla: <a href="/cortes/2/`+e+`/casillas/210423B0100"`) {
			t.Errorf("casilla 210423B0100: not found in %s", e)
		}
	}
	body = page(t, "/buscar?q=210000A0100", http.StatusOK)
	if n := strings.Count(body, `/cortes/2/DIP_LOC/casillas/210000A0100-VA-`); n != 19 {
		t.Errorf("voto anticipado casilla: %d found in DIP_LOC, want one per distrito (19)", n)
	}
	body = page(t, "/buscar?q=1", http.StatusOK)
	if !strings.Contains(body, "Sección: <a href=\"/cortes/2/GUB/secciones/") {
		t.Error("sección 1: not found")
	}
	res := get(t, http.MethodGet, "/buscar?q="+url.QueryEscape("distrito 5"))
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
		t.Errorf("distrito 5: status %d", res.StatusCode)
	}
	body = page(t, "/buscar?q="+url.QueryEscape("distrito 5"), http.StatusOK)
	if !strings.Contains(body, "/cortes/2/GUB/distritos/005") {
		t.Error("distrito 5: the Gubernatura's distrito 005 is not listed")
	}
	for q, want := range map[string]string{"zzzz": "No encontramos «zzzz»",
		strings.Repeat("x", 10000): "demasiado larga", "": "Escriba un número de sección"} {
		if body := page(t, "/buscar?q="+url.QueryEscape(q), http.StatusOK); !strings.Contains(body,
			want) {
			t.Errorf("%.20q: page does not say %q", q, want)
		}
	}
	// In a numbered corte the search stays in it.
	res = get(t, http.MethodGet, "/buscar?corte=1&q=210423B01002")
	if loc := res.Header.Get("Location"); loc != "/cortes/1/GUB/actas/210423B01002" {
		t.Errorf("search in corte 1 goes to %q", loc)
	}
	if body := page(t, "/buscar?corte=9&q=1", http.StatusNotFound); !strings.Contains(body,
		"No existe el corte") {
		t.Error("search in a corte that does not exist: want its 404")
	}
}

// TestFormato checks the description of an election's CSV: every column of the published
// file, the vote columns named from the election's definition.
func TestFormato(t *testing.T) {
	body := page(t, "/cortes/2/GUB/formato", http.StatusOK)
	for _, want := range []string{"PUE_GUB_2024.csv", "<code>CLAVE_CASILLA</code>",
		"Votos del partido PAN.", "(PAN, PRI, PRD, PSI)", "<code>CODIGO_INTEGRIDAD</code>",
		"<code>SIN DATO</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("format page does not say %q", want)
		}
	}
	for _, e := range []string{"GUB", "DIP_LOC", "AYUN"} {
		b := page(t, "/cortes/2/"+e+"/formato", http.StatusOK)
		if i := strings.Index(b, "Columna que este formato no describe"); i >= 0 {
			t.Errorf("a column of the %s file has no description: %.200s", e, b[max(0, i-200):])
		}
	}
	if b := page(t, "/cortes/2/GUB", http.StatusOK); !strings.Contains(b,
		`href="/cortes/2/GUB/formato"`) {
		t.Error("the election page does not link to its format")
	}
	page(t, "/cortes/2/GUB/formato/x", http.StatusNotFound)
}

// TestNoContabilizadas checks that the actas not counted appear in the same views as the
// counted ones: at the election, their number by reason, adding up to the summary's; at a
// distrito, also their list.
func TestNoContabilizadas(t *testing.T) {
	st := fixture.srv.actual()
	c := st.ultimo
	e := c.eleccion("GUB")
	p := st.eleccion(c, e, false)
	nc := p.NoContabilizadas
	if nc == nil {
		t.Fatal("the Gubernatura's page has no actas no contabilizadas")
	}
	var suma int64
	for _, m := range nc.Motivos {
		suma += m.Actas
	}
	// The summary's ACTAS_NO_CONTABILIZADAS (1,411) counts the actas published with
	// CONTABILIZADA 0.
	if nc.Total != 1411 || suma != nc.Total || len(nc.Lista) != 0 {
		t.Errorf("Gubernatura: %d not counted, reasons add up to %d, %d listed; want 1,411, "+
			"1,411 and none listed", nc.Total, suma, len(nc.Lista))
	}
	d, err := st.unidad(c, e, "distritos", "005")
	if err != nil {
		t.Fatal(err)
	}
	if d.NoContabilizadas == nil || int64(len(d.NoContabilizadas.Lista)) !=
		d.NoContabilizadas.Total || d.NoContabilizadas.Total !=
		d.Nodo.Resumen.ActasNoContabilizadas {
		t.Errorf("distrito 005: %+v, want its %d actas no contabilizadas listed",
			d.NoContabilizadas, d.Nodo.Resumen.ActasNoContabilizadas)
	}
	body := page(t, "/cortes/2/GUB/distritos/005", http.StatusOK)
	if !strings.Contains(body, "Actas no contabilizadas") || !strings.Contains(body,
		`class="no-contabilizadas"`) {
		t.Error("distrito 005's page does not show its actas no contabilizadas")
	}
}

// TestColores checks that every party of an election gets its own colour in the charts
// (the Gubernatura has 10 parties, the palette 10 colours) and that combinations are grey.
func TestColores(t *testing.T) {
	e := fixture.srv.actual().ultimo.eleccion("GUB")
	cs := colores(&e.Def)
	seen := map[string]string{}
	for _, k := range e.Def.Contendientes {
		switch k.Tipo {
		case "partido", "independiente":
			if other, dup := seen[cs[k.Columna]]; dup {
				t.Errorf("%s and %s share the colour %s", other, k.Columna, cs[k.Columna])
			}
			seen[cs[k.Columna]] = k.Columna
		case "combinacion":
			if cs[k.Columna] != gris {
				t.Errorf("combination %s: colour %s, want grey", k.Columna, cs[k.Columna])
			}
		}
	}
	if len(seen) != 10 {
		t.Errorf("%d party colours, want 10", len(seen))
	}
}

// TestMarcaSimulacro checks that the pages of a simulacro corte carry its banner and its
// watermark, and those of a live corte neither.
func TestMarcaSimulacro(t *testing.T) {
	st := fixture.srv.actual()
	c := st.ultimo
	p := st.inicio(c, true)
	live, err := fixture.srv.ejecutar("inicio", p)
	if err != nil {
		t.Fatal(err)
	}
	m := *p.Corte
	m.Simulacro = true
	p.Corte = &m
	sim, err := fixture.srv.ejecutar("inicio", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sim), `class="marca-simulacro"`) ||
		!strings.Contains(string(sim), "<strong>SIMULACRO:</strong>") {
		t.Error("a simulacro's page lacks its watermark or its banner")
	}
	if strings.Contains(string(live), "marca-simulacro") || strings.Contains(string(live),
		"SIMULACRO:") {
		t.Error("a live corte's page says SIMULACRO")
	}
}

// TestBuscarClaves checks the keys that name more than one thing: the voto anticipado's
// casilla and acta keys, bare, give the list of their casillas or actas, each told apart by
// its distrito or municipio; the address of one of them (…-VA-001) is found; and a
// fuera-de-catálogo id is found in any case.
func TestBuscarClaves(t *testing.T) {
	const va = "210000A0100"
	for path, want := range map[string]struct {
		enlace string
		n      int
	}{
		"/cortes/2/GUB/casillas/" + va:       {`href="/cortes/2/GUB/casillas/` + va + `-VA-`, 14},
		"/cortes/2/AYUN/casillas/" + va:      {`href="/cortes/2/AYUN/casillas/` + va + `-VA-`, 30},
		"/cortes/2/GUB/actas/210000A01002":   {`href="/cortes/2/GUB/actas/210000A01002-`, 14},
		"/cortes/2/GUB/casillas/211411C0100": {`href="/cortes/2/GUB/casillas/211411C`, 0},
		"/cortes/2/DIP_LOC/actas/210000A02003": {
			`href="/cortes/2/DIP_LOC/actas/210000A02003-`, 0},
	} {
		body := page(t, path, http.StatusOK)
		n := strings.Count(body, want.enlace)
		if n == 0 || (want.n > 0 && n != want.n) {
			t.Errorf("%s: %d links %s…, want %d", path, n, want.enlace, want.n)
		}
	}
	// The API has a document per casilla, and says which.
	for p, want := range map[string]string{
		"/api/v1/cortes/2/GUB/casillas/" + va:     "/api/v1/cortes/2/GUB/casillas/" + va + "-VA-001",
		"/api/v1/cortes/2/GUB/actas/210000A01002": "/api/v1/cortes/2/GUB/actas/210000A01002-001",
	} {
		var e struct{ Error string }
		apiDoc(t, p, http.StatusNotFound, &e)
		if !strings.Contains(e.Error, "14") || !strings.Contains(e.Error, want) {
			t.Errorf("%s: error %q, want it to point to %s", p, e.Error, want)
		}
	}
	body := page(t, "/cortes/2/GUB/casillas/210000A0100", http.StatusOK)
	for _, want := range []string{"Voto anticipado · Distrito 001 · XICOTEPEC DE JUAREZ",
		"Voto anticipado · Distrito 026 · AJALPAN", "una vez por cada distrito"} {
		if !strings.Contains(body, want) {
			t.Errorf("voto anticipado casillas of the Gubernatura: no %q", want)
		}
	}
	// In the search, each voto anticipado casilla says where it is.
	body = page(t, "/buscar?q=210000A0100", http.StatusOK)
	if !strings.Contains(body, "Voto anticipado · Municipio 025 · AYOTOXCO DE GUERRERO") ||
		!strings.Contains(body, "Voto anticipado · Distrito 024 · TEHUACAN") {
		t.Error("search of the voto anticipado key: results do not say their unit")
	}
	body = page(t, "/buscar?q=210000A01002", http.StatusOK)
	if n := strings.Count(body, `Acta: <a href="/cortes/2/GUB/actas/210000A01002-`); n != 14 {
		t.Errorf("search of the voto anticipado acta key: %d actas listed, want 14", n)
	}
	var tabla publish.ActasTabla
	readJSON(t, 2, "json/GUB/actas.json", &tabla)
	var fc string
	for _, a := range tabla.Actas {
		if strings.HasPrefix(a.ID, "FC-") {
			fc = a.ID
			break
		}
	}
	for q, lugar := range map[string]string{
		"210000A0100-VA-001": "/cortes/2/GUB/casillas/210000A0100-VA-001",
		"210000a0100-va-024": "/cortes/2/GUB/casillas/210000A0100-VA-024",
		fc:                   nodoHref(2, "GUB", "actas", fc),
		strings.ToUpper(fc):  nodoHref(2, "GUB", "actas", fc),
		strings.ToLower(fc):  nodoHref(2, "GUB", "actas", fc),
		"210000A01002-001":   "/cortes/2/GUB/actas/210000A01002-001",
	} {
		// One result opens it; the same id in the other elections is listed beside it.
		res := get(t, http.MethodGet, "/buscar?q="+url.QueryEscape(q))
		body, _ := io.ReadAll(res.Body)
		loc := res.Header.Get("Location")
		if !(res.StatusCode == http.StatusSeeOther && loc == lugar) &&
			!(res.StatusCode == http.StatusOK && strings.Contains(string(body),
				`<a href="`+lugar+`">`)) {
			t.Errorf("%q: status %d to %q, want a 303 to %s or a list with it", q,
				res.StatusCode, loc, lugar)
		}
	}
}
