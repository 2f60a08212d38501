package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/browsertest"
)

// TestBrowserComputos walks the cómputos in Chromium as a reader does, at a desktop and at
// a phone size: from the home page's navigation to the list of cómputos, where the row of
// Diputaciones Locales 012 shows its winner, and by its link to the cómputo's page, which
// shows the candidacies' votes, both constancias, a row of the reconciliation per casilla
// and the acta with a SHA-256 that the browser checks on the file it downloads.
func TestBrowserComputos(t *testing.T) {
	b := browsertest.New(t)
	ts := httptest.NewServer(fixture.h)
	t.Cleanup(ts.Close)
	s := computosFixture.dipLoc
	r, _ := s.Resultado()
	g := r.Ganador
	ganador := nombreDe(t, s, g.Candidaturas[0])
	for _, sz := range []browsertest.Size{browsertest.Desktop, browsertest.Phone} {
		t.Run(fmt.Sprintf("%dx%d", sz.W, sz.H), func(t *testing.T) {
			p := b.Page(t, sz.W, sz.H)
			p.Go(ts.URL + "/")
			p.Follow(`header nav a[href="/computos"]`)
			if !strings.HasSuffix(p.URL(), "/computos") ||
				!strings.HasPrefix(p.Text("h1"), "Cómputos de los consejos") {
				t.Fatalf("the link led to %s, titled %q", p.URL(), p.Text("h1"))
			}
			visto(t, p, "computos", sz)
			row := filaConEnlace(p, "/computos/DIP_LOC-12")
			want := []string{"concluida", "263 de 263 casillas computadas",
				miles(int64(r.Recontadas)), ganador, miles(g.Votos),
				porcentaje(g.Votos, r.Total) + " %", "DIP_LOC-012-2"}
			if len(row) != len(want) || !strings.HasPrefix(row[3], ganador) {
				t.Fatalf("row of DIP_LOC-12 = %q, want %q", row, want)
			}
			row[3] = ganador // its parties follow on a line of their own
			if !slices.Equal(row, want) {
				t.Errorf("row of DIP_LOC-12 = %q, want %q", row, want)
			}

			p.Follow(`table.computos a[href="/computos/DIP_LOC-12"]`)
			visto(t, p, "computo", sz)
			computoEnNavegador(t, p, ganador)
			if errs := p.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("the browser reported errors: %q", errs)
			}

			p.Go(ts.URL + "/computos/AYUN-999")
			if want := "No se ha publicado ningún cómputo «AYUN-999»"; p.Status() !=
				http.StatusNotFound || !strings.Contains(p.Text("main"), want) {
				t.Errorf("unknown cómputo: status %d, want 404 and %q", p.Status(), want)
			}
		})
	}
}

// computoEnNavegador checks the page of cómputo DIP_LOC-12 as the browser shows it.
func computoEnNavegador(t *testing.T, p *browsertest.Page, ganador string) {
	t.Helper()
	s := computosFixture.dipLoc
	r, _ := s.Resultado()
	if h1 := p.Text("h1"); !strings.HasPrefix(h1, "Consejo Distrital 012 de AMOZOC DE MOTA") {
		t.Errorf("cómputo page titled %q", h1)
	}
	if got := p.Text("p.resultado"); !strings.HasPrefix(got, "La candidatura de "+ganador) {
		t.Errorf("outcome %q, want %s the winner", got, ganador)
	}
	for _, k := range r.Candidaturas {
		nombre := nombreDe(t, s, k.Candidatura)
		got := celdas(p, nombre)
		want := []string{miles(k.Votos), porcentaje(k.Votos, r.Total) + " %"}
		if len(got) != 3 || !slices.Equal(got[1:], want) {
			t.Errorf("candidacy %s: cells %q, want %q after its parties", nombre, got, want)
		}
	}
	ks := s.Constancias()
	if got := p.Texts("table.constancias tbody th"); !slices.Equal(got,
		[]string{ks[0].Folio, ks[1].Folio}) {
		t.Errorf("constancias %q, want %s and %s", got, ks[0].Folio, ks[1].Folio)
	}
	if got := celdas(p, ks[0].Folio); len(got) < 5 || !strings.HasPrefix(got[4], "REVOCADA") {
		t.Errorf("constancia %s: cells %q, want it revoked", ks[0].Folio, got)
	}
	if n := len(p.Texts("table.conciliacion tbody tr")); n != len(s.Casillas()) {
		t.Errorf("the reconciliation lists %d casillas, want %d", n, len(s.Casillas()))
	}
	var mostrado, calculado string
	p.Eval(`document.querySelector('ul.archivos a[href$="/acta.pdf"]').closest("li")
		.querySelector("code.hash").innerText.trim()`, &mostrado)
	p.Eval(`fetch("/computos/DIP_LOC-12/acta.pdf").then(r => r.arrayBuffer())
		.then(b => crypto.subtle.digest("SHA-256", b))
		.then(d => Array.from(new Uint8Array(d), x => x.toString(16).padStart(2, "0")).join(""))`,
		&calculado)
	if mostrado == "" || mostrado != calculado {
		t.Errorf("acta.pdf: the page shows SHA-256 %q, the file downloaded has %q", mostrado,
			calculado)
	}
}
