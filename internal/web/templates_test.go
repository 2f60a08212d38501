package web

import (
	"io/fs"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/computopub"
)

// TestTemplateFiles checks that every template file is parsed: a page, or shared by all.
func TestTemplateFiles(t *testing.T) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name != "layout" && name != "bloques" && name != "actas" &&
			!slices.Contains(paginas, name) {
			t.Errorf("%s is neither a page nor shared by every page", f)
		}
	}
}

// TestTemplatesParseAndExecute parses every template and executes every page, with the
// fixture's data and with no corte at all.
func TestTemplatesParseAndExecute(t *testing.T) {
	tmpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	st := fixture.srv.actual()
	c := st.ultimo
	e := c.eleccion("GUB")
	unidad, err := st.unidad(c, e, "distritos", e.Distritos[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	sec, err := st.seccion(c, e, e.Secciones[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	act, err := st.acta(c, e, e.Actas[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	cas, err := st.casilla(c, e, e.cas.deActa[e.Secciones[0].Actas[0]].ID)
	if err != nil {
		t.Fatal(err)
	}
	form, err := fixture.srv.formato(st, c, e)
	if err != nil {
		t.Fatal(err)
	}
	l, err := fixture.srv.lectura()
	if err != nil {
		t.Fatal(err)
	}
	dip, _ := l.indice.Buscar(idDipLoc)
	ayun, _ := l.indice.Buscar(idAyun)
	registro, err := fixture.srv.registro(l, dip)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		page string
		data any
	}{
		{"inicio", st.inicio(c, true)},
		{"inicio", estado{}.inicio(nil, true)},
		{"cortes", listaPage{pagina: st.pagina(c, "Cortes publicados", "", true)}},
		{"cortes", listaPage{pagina: estado{}.pagina(nil, "Cortes publicados", "", true)}},
		{"nodo", st.eleccion(c, e, true)},
		{"nodo", unidad},
		{"nodo", sec},
		{"acta", act},
		{"casilla", cas},
		{"error", errorPage{pagina: pagina{Titulo: "Página no encontrada"}, Mensaje: "x"}},
		{"buscar", buscarPage{pagina: st.pagina(c, "Buscar", "", true), Consulta: "tehuacan",
			Resultados: buscarEn(c, "tehuacan")}},
		{"buscar", buscarPage{pagina: estado{}.pagina(nil, "Buscar", "", true), Aviso: "x"}},
		{"formato", form},
		{"verificar", verificarPage{pagina: st.pagina(c, "Verificar los cortes", "", true),
			Firma: &c.firma, Publicacion: "http://ejemplo.mx/publicacion/"}},
		{"verificar", verificarPage{pagina: estado{}.pagina(nil, "Verificar", "", true)}},
		{"claves", clavesPage{pagina: st.pagina(c, "Clave", "", false), Clave: "210000A0100",
			Que: "casillas", Eleccion: "Gubernatura",
			Resultados: buscarClave(e, "210000A0100")}},
		{"computos", st.computosPagina(l.indice)},
		{"computos", estado{}.computosPagina(&computopub.Indice{})},
		{"computo", st.computoPagina(dip, registro)},
		{"computo", estado{}.computoPagina(ayun, nil)},
	}
	done := map[string]bool{}
	for _, k := range cases {
		rec := httptest.NewRecorder()
		if err := fixture.srv.render(rec, 200, cacheCorto, k.page, k.data); err != nil {
			t.Errorf("%s: %v", k.page, err)
			continue
		}
		if body := rec.Body.String(); !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
			t.Errorf("%s: page does not end with </html>", k.page)
		}
		done[k.page] = true
	}
	for _, p := range paginas {
		if !done[p] {
			t.Errorf("page %s was not executed", p)
		}
		if tmpl[p] == nil {
			t.Errorf("page %s was not parsed", p)
		}
	}
}
