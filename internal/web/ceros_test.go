package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/publish"
)

// reNumeroRaro finds what a division by zero leaves in a page or a chart.
var reNumeroRaro = regexp.MustCompile(`\bNaN\b|[+-]?\bInf\b|-0\.0000|%!`)

// TestPuestaEnCeros checks the pages of corte 0, published before the PREP opens with every
// acta expected and none counted: named so in the selector and the lists, with zeros and no
// division by zero anywhere, and no candidacy leading.
func TestPuestaEnCeros(t *testing.T) {
	for _, p := range []string{"/cortes/0", "/cortes/0/GUB", "/cortes/0/AYUN",
		"/cortes/0/GUB/distritos/005", "/cortes/0/AYUN/municipios/001",
		"/cortes/0/GUB/secciones/0001", "/cortes/0/GUB/casillas/211411C1000",
		"/cortes/0/GUB/actas/211411C04002", "/cortes/0/GUB/formato",
		"/api/v1/cortes/0/GUB", "/api/v1/cortes/0/GUB/distritos/005"} {
		body := page(t, p, http.StatusOK)
		if m := reNumeroRaro.FindString(body); m != "" {
			t.Errorf("%s: %q in the page", p, m)
		}
		if strings.Contains(body, "Empate") {
			t.Errorf("%s: a tie among candidacies with no vote", p)
		}
	}
	body := page(t, "/cortes/0/GUB", http.StatusOK)
	for _, want := range []string{"Corte <strong>0</strong> — puesta en ceros",
		"todas\nlas actas esperadas, ninguna contabilizada", "<td>0.0000 %</td>",
		"Corte 0 — puesta en ceros (este corte)"} {
		if !strings.Contains(body, want) {
			t.Errorf("/cortes/0/GUB: no %q", want)
		}
	}
	if row := fila(body, "Actas esperadas</th>"); !strings.Contains(row, "8,334") {
		t.Errorf("/cortes/0/GUB: actas esperadas %q, want 8,334", row)
	}
	if strings.Contains(body, "Candidatura con más votos") {
		t.Error("/cortes/0/GUB: a column of leading candidacies with no vote")
	}
	for p, want := range map[string]string{
		"/cortes/2/GUB": `<option value="0">Corte 0 — puesta en ceros · 02/06/2024 20:00 (UTC-6)`,
		"/cortes":       `<a href="/cortes/0">Corte 0 — puesta en ceros</a>`,
		"/verificar":    `<a href="/cortes/0">Corte 0 — puesta en ceros</a>`,
		"/cortes/0":     "Este es el corte 0, la puesta en ceros",
	} {
		if !strings.Contains(page(t, p, http.StatusOK), want) {
			t.Errorf("%s: no %q", p, want)
		}
	}
}

// TestSoloPuestaEnCeros serves a folder whose latest corte is corte 0: the home page says
// that the PREP has not started publishing results.
func TestSoloPuestaEnCeros(t *testing.T) {
	dir := t.TempDir()
	if _, err := publish.Build(dir, publish.Input{Numero: 0, Hora: horaCeros,
		Generado: horaCeros.Add(time.Minute), Elecciones: fixture.tallas[0],
		Config: acta.DefaultConfig}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	body := estadoHTTP(t, h, "/", http.StatusOK)
	for _, want := range []string{"El PREP aún no comienza a publicar resultados",
		"aparecerán aquí cuando se publique el corte 1",
		"Corte <strong>0</strong> — puesta en ceros",
		"<dd>0 (0.0000 %)</dd>"} {
		if !strings.Contains(body, want) {
			t.Errorf("home with corte 0 only: no %q", want)
		}
	}
	for _, p := range []string{"/GUB", "/DIP_LOC", "/AYUN", "/cortes", "/verificar",
		"/api/v1/ultimo"} {
		if b := estadoHTTP(t, h, p, http.StatusOK); reNumeroRaro.MatchString(b) {
			t.Errorf("%s: %q", p, reNumeroRaro.FindString(b))
		}
	}
	if b := estadoHTTP(t, h, "/verificar", http.StatusOK); !strings.Contains(b,
		"no está firmado") {
		t.Error("/verificar of an unsigned corte 0 does not say it is unsigned")
	}
}
