package web

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// The charts are inline SVG drawn by the server: they need no script and no file, print,
// and scale. Each one repeats figures its table gives, and says so to screen readers,
// which read the table: the chart is an image with a title and a one-line description.

// paleta are the bar colours. Each is dark enough for white text on it to have a contrast of
// at least 4.5:1 (WCAG 2.1 AA, 1.4.3), as on the parties' labels in the tables, and so the
// bars at least 3:1 with the white page (1.4.11). The parties and independents of an
// election take them in the order of their columns, so each keeps its colour on every page
// of the election and the first ten never share one (a name outside an election gets one
// from its hash); combinations, no registradas and nulos are grey. No party list is
// written here: an election's colours come from its definition.
var paleta = []string{"#1f5fa8", "#a8321f", "#2f7d32", "#7b3fa0", "#b35900", "#00707a",
	"#8a1f5c", "#4d5a12", "#5a4632", "#2b4b7e"}

func colorDe(nombre string) string {
	h := fnv.New32a()
	h.Write([]byte(nombre))
	return paleta[h.Sum32()%uint32(len(paleta))]
}

// clasesColor are the classes of estilo.css that paint a label ("emblema") in each colour
// of the charts, so that a party's label in a table has its bar's colour: color-0 … color-9
// for paleta, color-gris for gris. The stylesheet repeats the colours (the site's policy
// allows no inline style); a test checks that both agree.
var clasesColor = func() map[string]string {
	m := map[string]string{gris: "color-gris"}
	for i, c := range paleta {
		m[c] = "color-" + strconv.Itoa(i)
	}
	return m
}()

// emblema is a party's label in a table: its acronym, white on the party's chart colour.
type emblema struct {
	Texto string
	Clase string // of its colour, from clasesColor
}

// emblemaDe returns the label of a party or vote column given its chart colour ("" for the
// colour of its name's hash, as the charts do).
func emblemaDe(nombre, color string) emblema {
	if color == "" {
		color = colorDe(nombre)
	}
	return emblema{Texto: nombre, Clase: clasesColor[color]}
}

// barra is one bar of a chart.
type barra struct {
	Etiqueta string
	Valor    int64
	Texto    string // the value as printed beside the bar
	Color    string // "" for the colour of its label's hash
}

// gris is the colour of the columns that are not a party.
const gris = "#666666"

// colores gives each vote column of an election its colour.
func colores(def *publish.EleccionJSON) map[string]string {
	out := make(map[string]string, len(def.Contendientes))
	i := 0
	for _, c := range def.Contendientes {
		switch c.Tipo {
		case "partido", "independiente":
			out[c.Columna] = paleta[i%len(paleta)]
			i++
		default:
			out[c.Columna] = gris
		}
	}
	return out
}

// grafica draws horizontal bars, one per row, scaled to the largest value.
func grafica(titulo string, barras []barra) template.HTML {
	if len(barras) == 0 {
		return ""
	}
	// Each bar has its own line, with its label at the left and its figures at the right
	// above it, so that few units across keep the text legible on a 390 px phone.
	const (
		ancho = 360
		alto  = 36 // of a bar and its line of text
	)
	var maximo int64
	for _, b := range barras {
		maximo = max(maximo, b.Valor)
	}
	h := len(barras)*alto + 4
	var sb strings.Builder
	abrirSVG(&sb, titulo, "", "Gráfica de barras", ancho, h)
	for i, b := range barras {
		y := i * alto
		w := 0
		if maximo > 0 {
			w = int(int64(ancho) * b.Valor / maximo)
		}
		fmt.Fprintf(&sb, `<text x="0" y="%d" class="et">%s</text>`, y+14,
			template.HTMLEscapeString(recortar(b.Etiqueta, 26)))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" class="va">%s</text>`, ancho,
			y+14, template.HTMLEscapeString(b.Texto))
		color := b.Color
		if color == "" {
			color = colorDe(b.Etiqueta)
		}
		fmt.Fprintf(&sb, `<rect x="0" y="%d" width="%d" height="%d" fill="%s"></rect>`,
			y+19, max(w, 1), 12, color)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// recortar shortens a label to n characters, with an ellipsis.
func recortar(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// graficaVotos draws the votes of the rows of a table of votes.
func graficaVotos(titulo string, filas []filaVotos) template.HTML {
	bs := make([]barra, len(filas))
	for i, f := range filas {
		bs[i] = barra{Etiqueta: f.Nombre, Valor: f.Votos, Color: f.Color,
			Texto: miles(f.Votos) + " · " + f.Porcentaje + " %"}
	}
	return grafica(titulo, bs)
}

// diezmilesimas reads a published percentage, "64.4492", as ten-thousandths of a point,
// 644492: a chart places what the page prints, never a value computed again. ok is false
// when p is not a percentage.
func diezmilesimas(p string) (v int64, ok bool) {
	// ParseCampo reads every PORCENTAJE_ field alike.
	v, err := corte.ParseCampo("PORCENTAJE_ACTAS_CAPTURADAS", p)
	return v, err == nil
}

// abrirSVG starts a chart of class clase ("" for the votes'): an image named by its title
// and described as a chart of the kind it is ("Gráfica de barras") whose figures are in
// the table.
func abrirSVG(sb *strings.Builder, titulo, clase, tipo string, ancho, alto int) {
	id := fmt.Sprintf("g%x", fnv32(titulo))
	fmt.Fprintf(sb, `<svg class="%s" viewBox="0 0 %d %d" role="img" `+
		`aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`,
		strings.TrimSpace("grafica "+clase), ancho, alto, id, id)
	fmt.Fprintf(sb, `<title id="%s-t">%s</title>`, id, template.HTMLEscapeString(titulo))
	fmt.Fprintf(sb, `<desc id="%s-d">%s; las cifras están en la tabla.</desc>`, id, tipo)
}

// The two series of the chart of the progress of the actas differ in colour, line (solid,
// dashed) and mark (circle, square), so that no one needs to tell the colours apart.
const (
	colorCapturadas     = "#1f5fa8"
	colorContabilizadas = "#b35900"
)

// graficaAvance draws the percentages of actas capturadas and contabilizadas at each corte
// of filas, oldest first: x is the time of the corte in Mexico City, y the percentage from
// 0 to 100.
func graficaAvance(titulo string, filas []filaAvance) template.HTML {
	if len(filas) == 0 {
		return ""
	}
	// Few units across, so that the text stays legible on a 390 px phone.
	const (
		ancho, alto   = 360, 250
		izq, der      = 44, 22
		arriba, abajo = 36, 50
	)
	ej := ejes{x0: izq, x1: ancho - der, y0: arriba, y1: alto - abajo,
		desde: filas[0].Hora, hasta: filas[0].Hora}
	for _, f := range filas {
		ej.desde, ej.hasta = minHora(ej.desde, f.Hora), maxHora(ej.hasta, f.Hora)
	}
	var sb strings.Builder
	abrirSVG(&sb, titulo, "avance", "Gráfica de líneas", ancho, alto)
	leyenda(&sb, 0, "Actas capturadas", colorCapturadas, "", circulo)
	leyenda(&sb, 1, "Actas contabilizadas", colorContabilizadas, "6 4", cuadro)
	ej.rejilla(&sb)
	serie(&sb, filas, ej, func(f filaAvance) string { return f.PorcentajeCapturadas },
		colorCapturadas, "", circulo)
	serie(&sb, filas, ej, func(f filaAvance) string { return f.PorcentajeContabilizadas },
		colorContabilizadas, "6 4", cuadro)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// ejes are the plotting area of a chart over time, in the units of its viewBox: x0 to x1
// from desde to hasta, y1 to y0 from 0 to 100 %.
type ejes struct {
	x0, x1, y0, y1 float64
	desde, hasta   time.Time
}

// x is where a time falls; all at the middle when the chart has a single time.
func (ej ejes) x(t time.Time) float64 {
	span := ej.hasta.Sub(ej.desde)
	if span <= 0 {
		return (ej.x0 + ej.x1) / 2
	}
	return ej.x0 + (ej.x1-ej.x0)*float64(t.Sub(ej.desde))/float64(span)
}

// y is where a percentage in ten-thousandths of a point falls, within 0 and 100 %.
func (ej ejes) y(v int64) float64 {
	v = min(max(v, 0), 1_000_000)
	return ej.y1 - (ej.y1-ej.y0)*float64(v)/1_000_000
}

// rejilla draws the lines at 0, 25, 50, 75 and 100 % and the marks of the time axis.
func (ej ejes) rejilla(sb *strings.Builder) {
	for p := int64(0); p <= 100; p += 25 {
		y := ej.y(p * 10_000)
		fmt.Fprintf(sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="rejilla"></line>`,
			ej.x0, y, ej.x1, y)
		fmt.Fprintf(sb, `<text x="%.1f" y="%.1f" text-anchor="end" class="et">%d %%</text>`,
			ej.x0-6, y+4, p)
	}
	marcas := marcasHora(ej.desde, ej.hasta)
	dias := len(marcas) > 0 && !mismoDia(marcas[0], marcas[len(marcas)-1])
	for i, m := range marcas {
		x, l := ej.x(m), m.In(opendata.Zona)
		fmt.Fprintf(sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="eje"></line>`,
			x, ej.y1, x, ej.y1+5)
		fmt.Fprintf(sb, `<text x="%.1f" y="%.1f" text-anchor="middle" class="et">%s</text>`,
			x, ej.y1+19, l.Format("15:04"))
		if dias && (i == 0 || !mismoDia(marcas[i-1], m)) {
			fmt.Fprintf(sb, `<text x="%.1f" y="%.1f" text-anchor="middle" class="et">%s</text>`,
				x, ej.y1+35, l.Format("02/01"))
		}
	}
}

// marca draws the mark of a point of a series at x, y.
type marca func(sb *strings.Builder, x, y float64, color string)

func circulo(sb *strings.Builder, x, y float64, color string) {
	fmt.Fprintf(sb, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"></circle>`, x, y, color)
}

func cuadro(sb *strings.Builder, x, y float64, color string) {
	fmt.Fprintf(sb, `<rect x="%.1f" y="%.1f" width="8" height="8" fill="%s"></rect>`, x-4, y-4,
		color)
}

// leyenda draws the key of series i of a line chart above the plotting area.
func leyenda(sb *strings.Builder, i int, texto, color, trazo string, m marca) {
	x := 4 + float64(i)*172
	fmt.Fprintf(sb, `<line x1="%.1f" y1="14" x2="%.1f" y2="14" stroke="%s" stroke-width="2.5"`+
		`%s></line>`, x, x+28, color, guiones(trazo))
	m(sb, x+14, 14, color)
	fmt.Fprintf(sb, `<text x="%.1f" y="18" class="et">%s</text>`, x+36,
		template.HTMLEscapeString(texto))
}

// serie draws the line and marks of the percentage valor gives of each corte; a corte
// whose published percentage cannot be read is left out.
func serie(sb *strings.Builder, filas []filaAvance, ej ejes, valor func(filaAvance) string,
	color, trazo string, m marca) {
	var pts []string
	var xy [][2]float64
	for _, f := range filas {
		v, ok := diezmilesimas(valor(f))
		if !ok {
			continue
		}
		x, y := ej.x(f.Hora), ej.y(v)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		xy = append(xy, [2]float64{x, y})
	}
	if len(pts) > 1 {
		fmt.Fprintf(sb, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"`+
			`%s></polyline>`, strings.Join(pts, " "), color, guiones(trazo))
	}
	for _, p := range xy {
		m(sb, p[0], p[1], color)
	}
}

// guiones is the attribute that dashes a line as trazo says ("6 4"); none for "", solid.
func guiones(trazo string) string {
	if trazo == "" {
		return ""
	}
	return ` stroke-dasharray="` + trazo + `"`
}

// pasosHora are the steps between the marks of a time axis.
var pasosHora = []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour}

// marcasHora returns the times to mark on an axis from desde to hasta: the round times of
// Mexico City one step apart, the step the smallest of pasosHora (or a number of days) that
// makes at most five intervals; or desde and hasta themselves when fewer than two round
// times fall between them.
func marcasHora(desde, hasta time.Time) []time.Time {
	span := hasta.Sub(desde)
	paso := pasosHora[len(pasosHora)-1]
	for _, p := range pasosHora {
		if span/p <= 5 {
			paso = p
			break
		}
	}
	for span/paso > 5 {
		paso += 24 * time.Hour
	}
	d := desde.In(opendata.Zona)
	var out []time.Time
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, opendata.Zona)
	for ; !t.After(hasta); t = t.Add(paso) {
		if !t.Before(desde) {
			out = append(out, t)
		}
	}
	if len(out) >= 2 {
		return out
	}
	if span <= 0 {
		return []time.Time{desde}
	}
	return []time.Time{desde, hasta}
}

// mismoDia reports whether two times fall on the same day in Mexico City.
func mismoDia(a, b time.Time) bool {
	a, b = a.In(opendata.Zona), b.In(opendata.Zona)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// minHora and maxHora return the earlier and the later of two times.
func minHora(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxHora(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// graficaParticipacion draws the participación ciudadana of each row of a table of units,
// in its order: one bar per row on a scale from 0 to 100 %, with its published percentage
// beside it, and a dashed mark on every bar at referencia, the entidad's ("" for none). A
// percentage above 100 (a tiny lista nominal) is drawn as 100.
func graficaParticipacion(titulo, referencia string, filas []filaNodo) template.HTML {
	if len(filas) == 0 {
		return ""
	}
	// Few units across, so that the text stays legible on a 390 px phone.
	const (
		ancho  = 340
		escala = 250 // the length of a bar at 100 %
		fila   = 36
		arriba = 28
	)
	largo := func(p string) float64 {
		v, ok := diezmilesimas(p)
		if !ok {
			return 0
		}
		return escala * float64(min(v, 1_000_000)) / 1_000_000
	}
	ref, conRef := diezmilesimas(referencia)
	var sb strings.Builder
	abrirSVG(&sb, titulo, "participacion", "Gráfica de barras", ancho, arriba+len(filas)*fila)
	if conRef {
		sb.WriteString(`<line x1="6" y1="6" x2="6" y2="22" class="referencia"></line>`)
		fmt.Fprintf(&sb, `<text x="14" y="18" class="et">Participación en la entidad: %s %%`+
			`</text>`, template.HTMLEscapeString(referencia))
	}
	for i, f := range filas {
		y := float64(arriba + i*fila)
		w := largo(f.Participacion)
		fmt.Fprintf(&sb, `<text x="0" y="%.0f" class="et">%s</text>`, y+13,
			template.HTMLEscapeString(recortar(f.ID+" · "+f.Nombre, 46)))
		fmt.Fprintf(&sb, `<rect x="0" y="%.0f" width="%.1f" height="12" fill="%s"></rect>`,
			y+18, max(w, 1), colorCapturadas)
		// The values make a column right of the longest bar, clear of the entidad's mark.
		fmt.Fprintf(&sb, `<text x="%d" y="%.0f" class="va">%s %%</text>`, escala+8, y+28,
			template.HTMLEscapeString(f.Participacion))
		if conRef {
			x := escala * float64(min(ref, 1_000_000)) / 1_000_000
			fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" `+
				`class="referencia"></line>`, x, y+16, x, y+32)
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
