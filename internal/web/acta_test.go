package web

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
)

// TestNumeroCasilla checks the ID_CASILLA row: its column is named, and a contigua 10-17,
// published as 01, says which casilla it really is.
func TestNumeroCasilla(t *testing.T) {
	for _, c := range []struct {
		id, valor, nota string
	}{
		// Sección 1411, contigua 10: the files publish it as C01 (RULES.md §4.6 item 1).
		{"211411C10002", "01", "publicada como 01, casilla real C10"},
		{"211411C11002", "01", "publicada como 01, casilla real C11"},
		{"211411C01002", "01", ""},
		{"211411B01002", "01", ""},
		// Voto anticipado: SECCION and ID_CASILLA are N/A in the CSV.
		{"210000A01002-001", "N/A", ""},
	} {
		body := page(t, nodoHref(2, "GUB", "actas", c.id), http.StatusOK)
		row := fila(body, "Número de casilla")
		want := "<td><code>ID_CASILLA</code></td>\n<td>" + c.valor
		if c.nota != "" {
			want += ` <span class="nota">(` + c.nota + ")</span>"
		}
		if !strings.Contains(row, want+"</td>") {
			t.Errorf("acta %s: row %q, want %q", c.id, row, want)
		}
		if strings.Contains(body, "<code></code>") {
			t.Errorf("acta %s: a field has no column name", c.id)
		}
	}
}

// TestSinActa checks that an acta with no Acta PREP shows its calculated total as "—",
// on its page and in its sección, while the published file keeps 0.
func TestSinActa(t *testing.T) {
	id := "211411C10002"
	var tabla publish.ActasTabla
	readJSON(t, 2, "json/GUB/actas.json", &tabla)
	for _, a := range tabla.Actas {
		if a.ID == id && (a.TotalCalculado != "0" || a.Votos[0] != "SIN ACTA") {
			t.Fatalf("acta %s: calc %q, first cell %q: the fixture changed", id,
				a.TotalCalculado, a.Votos[0])
		}
	}
	row := fila(page(t, nodoHref(2, "GUB", "actas", id), http.StatusOK), "TOTAL_VOTOS_CALCULADO")
	if !strings.Contains(row, "<td>—") || !strings.Contains(row, "sin acta") ||
		strings.Contains(row, "<td>0") {
		t.Errorf("acta page: row %q, want — and a note «sin acta»", row)
	}
	sec := page(t, nodoHref(2, "GUB", "secciones", "1411"), http.StatusOK)
	row = fila(sec, `href="`+nodoHref(2, "GUB", "actas", id)+`"`)
	if !strings.Contains(row, ">— <span class=\"nota\">(sin acta)</span><") {
		t.Errorf("sección page: row %q, want — (sin acta)", row)
	}
	counted := fila(page(t, nodoHref(2, "GUB", "actas", "211411B01002"), http.StatusOK),
		"TOTAL_VOTOS_CALCULADO")
	if strings.Contains(counted, "—") || strings.Contains(counted, "sin acta") {
		t.Errorf("an acta with its Acta PREP: row %q", counted)
	}
}

// actaFueraDeCatalogo returns a fuera-de-catálogo acta of an election of corte 2.
func actaFueraDeCatalogo(t *testing.T, codigo string) publish.ActaJSON {
	t.Helper()
	var tabla publish.ActasTabla
	readJSON(t, 2, "json/"+codigo+"/actas.json", &tabla)
	for _, a := range tabla.Actas {
		if a.Contabilizada == "2" {
			return a
		}
	}
	t.Fatalf("%s has no fuera-de-catálogo acta", codigo)
	return publish.ActaJSON{}
}

// TestActaFueraDeCatalogoAPI checks that the document of an acta with no sección and no
// casilla leaves both out, instead of an empty "seccion": {}.
func TestActaFueraDeCatalogoAPI(t *testing.T) {
	a := actaFueraDeCatalogo(t, "GUB")
	var doc map[string]json.RawMessage
	apiDoc(t, apiHref(nodoHref(2, "GUB", "actas", a.ID)), 200, &doc)
	for _, k := range []string{"seccion", "casilla"} {
		if v, ok := doc[k]; ok {
			t.Errorf("fuera-de-catálogo acta %s: %q is %s, want it absent", a.ID, k, v)
		}
	}
	if _, ok := doc["acta"]; !ok {
		t.Error("no acta in the document")
	}
}

// TestAltImagen checks that an acta's image is described as the acta it is: election,
// casilla and where it lies, or that it is fuera de catálogo.
func TestAltImagen(t *testing.T) {
	st := fixture.srv.actual()
	c := st.ultimo
	e := c.eleccion("GUB")
	for id, wants := range map[string][]string{
		"211411C10002": {"del acta 211411C01002 de Gubernatura", "casilla 211411C1000",
			"C (Contigua)", "Sección 1411", "Distrito 011"},
		"210000A01002-001":               {"casilla 210000A0100", "Voto anticipado · Distrito 001"},
		actaFueraDeCatalogo(t, "GUB").ID: {"fuera de catálogo", "de Gubernatura"},
	} {
		p, err := st.acta(c, e, id)
		if err != nil {
			t.Fatal(err)
		}
		p.Imagen = &imagenActa{Href: "/imagenes/x.png", Alt: e.altImagen(p.Acta)}
		body, err := fixture.srv.ejecutar("acta", p)
		if err != nil {
			t.Fatal(err)
		}
		_, alt, _ := strings.Cut(string(body), `alt="`)
		alt, _, _ = strings.Cut(alt, `"`)
		for _, w := range wants {
			if !strings.Contains(alt, w) {
				t.Errorf("acta %s: alt %q, want it to say %q", id, alt, w)
			}
		}
	}
}

// TestVotosActa checks the table of an acta's votes: its first column is the party,
// combination or candidacy each row names, not «Partido» on every row.
func TestVotosActa(t *testing.T) {
	for path, filas := range map[string]map[string]string{
		"/cortes/2/GUB/actas/211411C04002": {"PAN": "PAN",
			"C_PAN_PRI_PRD_PSI": "Combinación PAN + PRI + PRD + PSI",
			"NULOS":             "Votos nulos", "NO_REGISTRADAS": "Candidaturas no registradas"},
		"/cortes/2/AYUN/actas/212420C02004": {
			"CAND_IND_1": "Candidatura independiente: "},
	} {
		body := page(t, path, http.StatusOK)
		_, votos, _ := strings.Cut(body, "<h2>Votos</h2>")
		votos, _, _ = strings.Cut(votos, "</table>")
		if !strings.Contains(votos, `<th scope="col">Partido, coalición o candidatura</th>`) {
			t.Errorf("%s: the votes table does not name its first column", path)
		}
		if strings.Contains(votos, `<th scope="row">Partido</th>`) {
			t.Errorf("%s: a row of the votes reads «Partido»", path)
		}
		for col, want := range filas {
			if row := html.UnescapeString(fila(votos, "<code>"+col+"</code>")); !strings.Contains(
				row, `<th scope="row">`+want) {
				t.Errorf("%s, %s: row %q, want it named %q", path, col, row, want)
			}
		}
	}
}

// TestExplicaciones checks that the acta's page and the format's page explain the codes
// of UBICACION_CASILLA, TIPO_ACTA, MECANISMOS_TRASLADO and CONTABILIZADA alike.
func TestExplicaciones(t *testing.T) {
	formato := page(t, "/cortes/2/GUB/formato", http.StatusOK)
	acta := page(t, "/cortes/2/GUB/actas/210595S01002E", http.StatusOK)
	for col, pares := range map[string][][2]string{
		"UBICACION_CASILLA": {{"1 (urbana)", "1 urbana"}},
		"TIPO_ACTA": {{"2E (gubernatura, casilla especial)",
			"2E gubernatura, casilla especial"}},
		"MECANISMOS_TRASLADO": {{"F (centro de recepción y traslado fijo)",
			"F centro de recepción y traslado fijo"}},
		"TIPO_CASILLA": {{"S (Especial)", "S especial"}},
	} {
		for _, par := range pares {
			if row := fila(acta, "<code>"+col+"</code>"); !strings.Contains(row, par[0]) {
				t.Errorf("acta page, %s: row %q, want %q", col, row, par[0])
			}
			if row := fila(formato, "<code>"+col+"</code>"); !strings.Contains(row, par[1]) {
				t.Errorf("format page, %s: row %q, want %q", col, row, par[1])
			}
		}
	}
	for _, v := range []string{"1", "0", "2", "-"} {
		if want := contabilizadaDetalle(v); !strings.Contains(fila(formato,
			"<code>CONTABILIZADA</code>"), want) {
			t.Errorf("format page, CONTABILIZADA: does not say %q for %s", want, v)
		}
	}
	// The Gubernatura's file lists only its own types of acta.
	if row := fila(formato, "<code>TIPO_ACTA</code>"); strings.Contains(row, "3EMR") {
		t.Errorf("format page of the Gubernatura, TIPO_ACTA: %q lists another election's", row)
	}
}
