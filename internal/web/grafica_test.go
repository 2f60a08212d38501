package web

import (
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestMarcasHora checks the marks of the time axis of the progress chart: round times of
// Mexico City, at most six, or the ends of the night when no two round times fall inside.
func TestMarcasHora(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2024, 6, d, h, m, 0, 0, opendata.Zona) }
	for _, c := range []struct {
		desde, hasta time.Time
		want         []string
	}{
		{at(3, 18, 0), at(3, 20, 0), []string{"18:00", "18:30", "19:00", "19:30", "20:00"}},
		{at(3, 18, 0), at(3, 18, 0), []string{"18:00"}},
		{at(3, 18, 2), at(3, 18, 7), []string{"18:02", "18:07"}},
		{at(3, 20, 10), at(4, 20, 0), []string{"00:00", "06:00", "12:00", "18:00"}},
		{at(3, 22, 0), at(4, 2, 0), []string{"22:00", "23:00", "00:00", "01:00", "02:00"}},
		// UTC times are marked in Mexico City's hours.
		{at(3, 18, 0).UTC(), at(3, 20, 0).UTC(), []string{"18:00", "18:30", "19:00",
			"19:30", "20:00"}},
	} {
		var got []string
		for _, m := range marcasHora(c.desde, c.hasta) {
			got = append(got, m.In(opendata.Zona).Format("15:04"))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("marcasHora(%v, %v) = %q, want %q", c.desde, c.hasta, got, c.want)
		}
	}
	g := string(graficaAvance("x", []filaAvance{
		{Numero: 1, Hora: at(3, 22, 0), PorcentajeCapturadas: "10.0000",
			PorcentajeContabilizadas: "5.0000"},
		{Numero: 2, Hora: at(4, 2, 0), PorcentajeCapturadas: "90.0000",
			PorcentajeContabilizadas: "80.0000"}}))
	// A night past midnight dates its first mark and the first of the next day.
	if !strings.Contains(g, ">03/06</text>") || !strings.Contains(g, ">04/06</text>") ||
		strings.Count(g, "/06</text>") != 2 {
		t.Errorf("a chart across midnight does not date its days once each: %s", g)
	}
}

// TestEjes checks where the progress chart places percentages and times.
func TestEjes(t *testing.T) {
	desde := time.Date(2024, 6, 3, 18, 0, 0, 0, opendata.Zona)
	ej := ejes{x0: 48, x1: 418, y0: 36, y1: 212, desde: desde, hasta: desde.Add(2 * time.Hour)}
	for v, want := range map[int64]float64{0: 212, 1_000_000: 36, 500_000: 124,
		991_000: 212 - 176*0.991, -5: 212, 3_500_000: 36} {
		if got := ej.y(v); math.Abs(got-want) > 1e-9 {
			t.Errorf("y(%d) = %v, want %v", v, got, want)
		}
	}
	if got := ej.x(desde.Add(30 * time.Minute)); got != 48+370.0/4 {
		t.Errorf("x(18:30) = %v, want %v", got, 48+370.0/4)
	}
	uno := ejes{x0: 48, x1: 418, desde: desde, hasta: desde}
	if got := uno.x(desde); got != 233 {
		t.Errorf("a single corte at x = %v, want the middle, 233", got)
	}
	for p, want := range map[string]int64{"99.1000": 991000, "0.0000": 0, "350.0000": 3500000} {
		if got, ok := diezmilesimas(p); !ok || got != want {
			t.Errorf("diezmilesimas(%q) = %d, %v; want %d", p, got, ok, want)
		}
	}
	if _, ok := diezmilesimas(""); ok {
		t.Error(`diezmilesimas("") is a percentage`)
	}
}

// TestEmblemas checks the parties' labels in the vote tables of the Gubernatura: each in
// the colour of its party's bar in the charts, as text; combinations grey; no registradas
// and nulos without one.
func TestEmblemas(t *testing.T) {
	var def publish.EleccionJSON
	readJSON(t, 2, "json/GUB/eleccion.json", &def)
	color := colores(&def)
	if color["PAN"] != paleta[0] || color["PRI"] != paleta[1] ||
		color["C_PAN_PRI_PRD_PSI"] != gris {
		t.Fatalf("colours of PAN, PRI and C_PAN_PRI_PRD_PSI: %s, %s, %s", color["PAN"],
			color["PRI"], color["C_PAN_PRI_PRD_PSI"])
	}
	body := page(t, "/cortes/2/GUB", http.StatusOK)
	var want []string
	for _, p := range []string{"PT", "PVEM", "MORENA", "NAP", "FXMP"} {
		want = append(want, fmt.Sprintf(`<span class="emblema %s">%s</span>`,
			clasesColor[color[p]], p))
	}
	if row := fila(body, "<th scope=\"row\">ALEJANDRO ARMENTA MIER</th>"); !strings.Contains(
		row, strings.Join(want, " ")) {
		t.Errorf("Armenta's parties: row %q, want %q", row, strings.Join(want, " "))
	}
	for col, th := range map[string]string{
		"PAN": `<th scope="row" class="emblema color-0">PAN</th>`,
		// MORENA is the eighth party column.
		"MORENA":            `<th scope="row" class="emblema color-7">MORENA</th>`,
		"C_PAN_PRI_PRD_PSI": `<th scope="row" class="emblema color-gris">C_PAN_PRI_PRD_PSI</th>`,
		"NULOS":             `<th scope="row">NULOS</th>`,
		"NO_REGISTRADAS":    `<th scope="row">NO_REGISTRADAS</th>`,
	} {
		if !strings.Contains(body, th) {
			t.Errorf("%s: no %s", col, th)
		}
		// The bar of the column in the chart of votes per party has the label's colour.
		bar := `class="et">` + col + `</text>`
		i := strings.Index(body, bar)
		if i < 0 || !strings.Contains(body[i:min(i+250, len(body))], `fill="`+color[col]+`"`) {
			t.Errorf("%s: its bar is not %s", col, color[col])
		}
	}
}

// TestColoresEstilo checks that estilo.css paints each label in the colour grafica.go
// gives its bars, and that white text on every colour has a contrast of at least 4.5:1
// (WCAG 2.1 AA, 1.4.3).
func TestColoresEstilo(t *testing.T) {
	css, err := fs.ReadFile(assets, "static/estilo.css")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(css), ".emblema { color: #fff;") {
		t.Error("estilo.css does not write labels in white")
	}
	for _, c := range append(slices.Clone(paleta), gris, colorCapturadas,
		colorContabilizadas) {
		if r := contraste(c, "#ffffff"); r < 4.5 {
			t.Errorf("white on %s: contrast %.2f, want at least 4.5", c, r)
		}
		clase, ok := clasesColor[c]
		if c == colorCapturadas || c == colorContabilizadas {
			continue // lines, not labels
		}
		if rule := "." + clase + " { background-color: " + c + "; }"; !ok ||
			!strings.Contains(string(css), rule) {
			t.Errorf("estilo.css has no %q", rule)
		}
	}
}

// contraste is the WCAG 2.1 contrast ratio of two #rrggbb colours.
func contraste(a, b string) float64 {
	la, lb := luminancia(a), luminancia(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminancia is the relative luminance of a #rrggbb colour (WCAG 2.1).
func luminancia(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}
