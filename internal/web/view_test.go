package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// TestTitulos checks that the window title and the main heading say the entidad and the
// year of the corte.
func TestTitulos(t *testing.T) {
	for path, want := range map[string][]string{
		"/": {"<title>PREP Puebla 2024 · Resultados preliminares</title>",
			"<h1>Resultados preliminares <small>Puebla 2024</small></h1>"},
		"/GUB": {"<title>PREP Puebla 2024 · Gubernatura</title>",
			"<h1>Gubernatura <small>Puebla 2024</small></h1>"},
		"/cortes/1/DIP_LOC/distritos/005": {
			"<title>PREP Puebla 2024 · Diputaciones Locales · Distrito 005 · ",
			"<small>Diputaciones Locales · Puebla 2024</small></h1>"},
		"/cortes/2/GUB/actas/211411C10002": {
			"<title>PREP Puebla 2024 · Gubernatura · Acta 211411C10002</title>",
			"<h1>Acta 211411C10002 <small>Gubernatura · Puebla 2024</small></h1>"},
		// Contigua 10, which the file publishes with the key of contigua 01.
		"/cortes/2/GUB/casillas/211411C1000": {
			"<title>PREP Puebla 2024 · Gubernatura · Casilla 211411C1000</title>",
			"la publica como 211411C0100"},
		"/cortes": {"<title>PREP Puebla 2024 · Cortes publicados</title>"},
	} {
		body := page(t, path, http.StatusOK)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", path, w)
			}
		}
	}
	if body := page(t, "/robots.txt", http.StatusNotFound); !strings.Contains(body,
		"<title>PREP Puebla 2024 · Página no encontrada</title>") {
		t.Error("the 404 page does not name the site")
	}
}

func TestAmbito(t *testing.T) {
	hora := time.Date(2024, 6, 3, 20, 0, 0, 0, time.UTC)
	// 05:30 UTC on 1 January 2025 is still 31 December 2024 in Puebla: the year is Puebla's.
	nochevieja := time.Date(2025, 1, 1, 5, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		def, nodo string
		hora      time.Time
		want      string
	}{
		{"PUEBLA", "", hora, "Puebla 2024"},
		{"", "PUEBLA", hora, "Puebla 2024"},
		{"CIUDAD DE MÉXICO", "PUEBLA", hora, "Ciudad de México 2024"},
		{"", "", hora, "2024"},
		{"PUEBLA", "", nochevieja, "Puebla 2024"},
	} {
		snap := &publish.Snapshot{Manifiesto: publish.Manifiesto{Hora: c.hora},
			Elecciones: []*publish.EleccionSnapshot{{Def: publish.EleccionJSON{Entidad: c.def},
				Entidad: publish.NodoJSON{Nombre: c.nodo}}}}
		if got := ambito(snap); got != c.want {
			t.Errorf("ambito(eleccion.json %q, node %q, %v) = %q, want %q", c.def, c.nodo,
				c.hora, got, c.want)
		}
	}
}

func TestNombrePropio(t *testing.T) {
	for in, want := range map[string]string{
		"PUEBLA":                          "Puebla",
		"CIUDAD DE MÉXICO":                "Ciudad de México",
		"VERACRUZ DE IGNACIO DE LA LLAVE": "Veracruz de Ignacio de la Llave",
		"ÁLAMOS":                          "Álamos",
		"Puebla":                          "Puebla",
		"":                                "",
	} {
		if got := nombrePropio(in); got != want {
			t.Errorf("nombrePropio(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTipoContendiente checks that the table of votes per column names every kind of
// column in Spanish, never by its code.
func TestTipoContendiente(t *testing.T) {
	body := page(t, "/cortes/2/GUB", http.StatusOK)
	for col, want := range map[string]string{
		">PAN</th>":               "<td>Partido</td>",
		">C_PAN_PRI_PRD_PSI</th>": "<td>Combinación de coalición: PAN, PRI, PRD, PSI</td>",
		">NO_REGISTRADAS</th>":    "<td>Candidaturas no registradas</td>",
		">NULOS</th>":             "<td>Votos nulos</td>",
	} {
		if row := fila(body, col); !strings.Contains(row, want) {
			t.Errorf("row %q = %q, want it to hold %q", col, row, want)
		}
	}
	for _, code := range []string{"<td>NULOS</td>", "<td>NO_REGISTRADAS</td>",
		"<td>nulos</td>", "<td>no_registradas</td>"} {
		if strings.Contains(body, code) {
			t.Errorf("the page shows the code %s", code)
		}
	}
	if ayun := page(t, "/cortes/2/AYUN", http.StatusOK); !strings.Contains(ayun,
		"<td>Candidatura independiente</td>") {
		t.Error("AYUN: no column named «Candidatura independiente»")
	}
}

// TestVotoAnticipado checks that the pseudo-sección of voto anticipado keeps its published
// participation, above 100 %, and explains it; a real sección has no such note.
func TestVotoAnticipado(t *testing.T) {
	const nota = "lista nominal muy pequeña"
	body := page(t, nodoHref(2, "GUB", "secciones", "VA-011"), http.StatusOK)
	if row := fila(body, "Participación ciudadana"); !strings.Contains(row, "350.0000 %") {
		t.Errorf("VA-011: participation row %q, want 350.0000 %%", row)
	}
	if !strings.Contains(body, nota) {
		t.Error("VA-011: no note on voto anticipado")
	}
	if strings.Contains(page(t, nodoHref(2, "GUB", "secciones", "1411"), http.StatusOK), nota) {
		t.Error("sección 1411 has the voto anticipado note")
	}
}
