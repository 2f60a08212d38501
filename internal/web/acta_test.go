package web

import (
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
