package web

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// The charts are inline SVG drawn by the server: they need no script and no file, print,
// and scale. Each one repeats figures its table gives, and says so to screen readers,
// which read the table: the chart is an image with a title and a one-line description.

// paleta are the bar colours, dark enough for a 3:1 contrast with the white page. The
// parties and independents of an election take them in the order of their columns, so each
// keeps its colour on every page of the election and the first ten never share one (a name
// outside an election gets one from its hash); combinations, no registradas and nulos are grey. No party list is
// written here: an election's colours come from its definition.
var paleta = []string{"#1f5fa8", "#a8321f", "#2f7d32", "#7b3fa0", "#b35900", "#00707a",
	"#8a1f5c", "#4d5a12", "#5a4632", "#2b4b7e"}

func colorDe(nombre string) string {
	h := fnv.New32a()
	h.Write([]byte(nombre))
	return paleta[h.Sum32()%uint32(len(paleta))]
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
	const (
		ancho    = 690
		alto     = 28
		etiqueta = 220
		texto    = 200
	)
	var maximo int64
	for _, b := range barras {
		maximo = max(maximo, b.Valor)
	}
	largo := ancho - etiqueta - texto
	h := len(barras)*alto + 8
	var sb strings.Builder
	id := fmt.Sprintf("g%x", fnv32(titulo))
	fmt.Fprintf(&sb, `<svg class="grafica" viewBox="0 0 %d %d" role="img" `+
		`aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`, ancho, h, id, id)
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title>`, id, template.HTMLEscapeString(titulo))
	fmt.Fprintf(&sb, `<desc id="%s-d">Gráfica de barras; las cifras están en la tabla.</desc>`, id)
	for i, b := range barras {
		y := i*alto + 4
		w := 0
		if maximo > 0 {
			w = int(int64(largo) * b.Valor / maximo)
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" class="et">%s</text>`,
			etiqueta-8, y+alto/2+5, template.HTMLEscapeString(recortar(b.Etiqueta, 28)))
		color := b.Color
		if color == "" {
			color = colorDe(b.Etiqueta)
		}
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"></rect>`,
			etiqueta, y+3, max(w, 1), alto-8, color)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" class="va">%s</text>`, etiqueta+w+6,
			y+alto/2+5, template.HTMLEscapeString(b.Texto))
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
