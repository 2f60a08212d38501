package web

import (
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/publish"
)

// pagina is what every page shows around its content: the site's name, which corte it is,
// the selector of cortes, the breadcrumbs and the main heading.
type pagina struct {
	Titulo string // of the page, after the site's name in the window title
	Sitio  string // "PREP Puebla 2024", or "PREP" when no corte is published
	// Encabezado and Subtitulo are the main heading: "Distrito 05 · TEHUACAN" and
	// "Gubernatura · Puebla 2024".
	Encabezado string
	Subtitulo  string
	Corte      *publish.Manifiesto // the corte shown; nil when none is published
	// Ultimo marks the pages of the latest corte, whose address follows new cortes.
	Ultimo bool
	Cortes []publish.EntradaIndice // every corte, newest first, for the selector
	// Ruta is the page below /cortes/{n}/, so the selector opens the same page in another
	// corte.
	Ruta  string
	Migas []miga
	// Sondeo is how often, in milliseconds, the page's script looks for a new corte.
	Sondeo int64
	// Error marks an error page, which shows no corte and does not say that none exists.
	Error bool
	// Computos tells whether the site serves the cómputos, which the navigation links to.
	Computos bool
	// SinCorte marks a page that is about no corte of the PREP (the cómputos'): it shows
	// none, nor the selector of cortes.
	SinCorte bool
	// MarcaSimulacro marks with the simulacro watermark a page of no corte whose content is
	// test data.
	MarcaSimulacro bool
}

// miga is one breadcrumb; the last one, the current page, has no Href.
type miga struct {
	Texto string
	Href  string
}

// pagina returns the frame of a page of corte c (nil when there is none), whose heading
// is its title over the corte's entidad and year.
func (st estado) pagina(c *corteData, titulo, ruta string, ultimo bool) pagina {
	p := pagina{Titulo: titulo, Sitio: "PREP", Encabezado: titulo, Ruta: ruta, Ultimo: ultimo,
		Sondeo: st.sondeo.Milliseconds(), Computos: st.computos}
	if c != nil {
		p.Corte = &c.snap.Manifiesto
		p.Sitio, p.Subtitulo = c.sitio, c.ambito
	}
	// A page of a corte lists the cortes published up to it, so that it stays the same
	// forever (its address is cached as immutable); the latest corte's list them all.
	for _, e := range st.orden {
		if c == nil || e.Numero <= c.entrada.Numero {
			p.Cortes = append(p.Cortes, e)
		}
	}
	slices.Reverse(p.Cortes)
	return p
}

// sitio is the site's name as the latest corte gives it, for pages of no corte.
func (st estado) sitio() string {
	if st.ultimo == nil {
		return "PREP"
	}
	return st.ultimo.sitio
}

// corteHref is the address of corte n.
func corteHref(n int) string { return "/cortes/" + strconv.Itoa(n) }

// eleccionHref is the address of an election in corte n.
func eleccionHref(n int, codigo string) string {
	return corteHref(n) + "/" + url.PathEscape(codigo)
}

// nodoHref is the address of a unit, sección or acta: nivel is "distritos", "municipios",
// "secciones" or "actas". Ids are escaped whole: "N/A" is one segment, "N%2FA".
func nodoHref(n int, codigo, nivel, id string) string {
	return eleccionHref(n, codigo) + "/" + nivel + "/" + url.PathEscape(id)
}

// archivoHref is the download address of a file of corte n.
func archivoHref(n int, ruta string) string {
	parts := strings.Split(ruta, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return corteHref(n) + "/archivos/" + strings.Join(parts, "/")
}

// filaVotos is one row of a table of votes.
type filaVotos struct {
	Nombre     string
	Detalle    string // the parties of a candidacy, or the kind of a vote column
	Votos      int64
	Porcentaje string // of the node's total votes, truncated to four decimals
	Color      string // of its bar in the chart
	// Clase paints the row's name as its label, in Color (see clasesColor); "" for a row
	// that is not a party, combination or independent.
	Clase string
	// Partidos are the labels of a candidacy's parties, each in its own colour.
	Partidos []emblema
}

// porcentaje is 100 × num / den truncated to four decimals, computed with integers as the
// PREP prints its percentages (RULES.md §3.2).
func porcentaje(num, den int64) string { return corte.Porcentaje{Num: num, Den: den}.String() }

func suma(v []int64) int64 {
	var t int64
	for _, x := range v {
		t += x
	}
	return t
}

// candidaturas lists a node's candidacies, most voted first.
func candidaturas(def *publish.EleccionJSON, n *publish.NodoJSON) []filaVotos {
	total := suma(n.Votos)
	rows := make([]filaVotos, 0, len(n.Candidaturas))
	color := colores(def)
	for _, c := range n.Candidaturas {
		f := filaVotos{Nombre: c.Nombre, Detalle: strings.Join(c.Partidos, ", "),
			Votos: c.Votos, Porcentaje: porcentaje(c.Votos, total)}
		if len(c.Partidos) > 0 {
			// A candidacy takes the colour of its first party.
			f.Color = color[c.Partidos[0]]
		}
		for _, p := range c.Partidos {
			f.Partidos = append(f.Partidos, emblemaDe(p, color[p]))
		}
		rows = append(rows, f)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Votos > rows[j].Votos })
	return rows
}

// contendientes lists a node's votes per vote column: parties, combinations and
// independents in column order, then no registradas and nulos; and the total.
func contendientes(def *publish.EleccionJSON, n *publish.NodoJSON) ([]filaVotos, filaVotos) {
	total := suma(n.Votos)
	var rows, special []filaVotos
	color := colores(def)
	for i, c := range def.Contendientes {
		if i >= len(n.Votos) {
			break
		}
		r := filaVotos{Nombre: c.Columna, Detalle: tipoContendiente(c.Tipo),
			Votos: n.Votos[i], Porcentaje: porcentaje(n.Votos[i], total),
			Color: color[c.Columna]}
		if len(c.Partidos) > 0 {
			r.Detalle += ": " + strings.Join(c.Partidos, ", ")
		}
		if c.Tipo == "no_registradas" || c.Tipo == "nulos" {
			special = append(special, r)
			continue
		}
		r.Clase = emblemaDe(c.Columna, r.Color).Clase
		rows = append(rows, r)
	}
	return append(rows, special...), filaVotos{Nombre: "Total de votos", Votos: total,
		Porcentaje: porcentaje(total, total)}
}

// tablaNodos is a table of units or secciones, each linking to its page.
type tablaNodos struct {
	Titulo   string
	Columna  string // "Distrito", "Municipio", "Sección"
	Filas    []filaNodo
	ConLider bool // whether any row has a candidacy to lead
	// Grafica draws the participation of each row (the units of an election's page); its
	// figures are the table's.
	Grafica template.HTML
	// Nota, when not empty, is shown under the table's heading: what a reader needs to
	// read its rows.
	Nota string
}

// filaNodo is one unit or sección in a tablaNodos.
type filaNodo struct {
	ID, Nombre, Href          string
	Contabilizadas, Esperadas int64
	Votos                     int64
	Participacion             string
	Lider                     string // leading candidacy, "Empate", or ""
	LiderVotos                int64
	LiderPorcentaje           string
}

// tabla builds the table of nodes at a level ("distritos", "municipios", "secciones").
func tabla(titulo, columna string, n int, codigo, nivel string, ns []publish.NodoJSON,
	keep func(*publish.NodoJSON) bool) tablaNodos {
	t := tablaNodos{Titulo: titulo, Columna: columna}
	for i := range ns {
		nd := &ns[i]
		if keep != nil && !keep(nd) {
			continue
		}
		f := filaNodo{ID: nd.ID, Nombre: nd.Nombre, Href: nodoHref(n, codigo, nivel, nd.ID),
			Contabilizadas: nd.Resumen.ActasContabilizadas, Esperadas: nd.Resumen.ActasEsperadas,
			Votos: suma(nd.Votos), Participacion: nd.Resumen.PorcentajeParticipacion}
		f.Lider, f.LiderVotos = lider(nd)
		if f.Lider != "" {
			f.LiderPorcentaje = porcentaje(f.LiderVotos, f.Votos)
			t.ConLider = true
		}
		t.Filas = append(t.Filas, f)
	}
	return t
}

// lider returns the most voted candidacy of a node and its votes; "Empate" when two or more
// share the most votes, and "" when the node has no candidacy or no vote yet.
func lider(n *publish.NodoJSON) (string, int64) {
	name, best, tie := "", int64(0), false
	for _, c := range n.Candidaturas {
		switch {
		case c.Votos > best:
			name, best, tie = c.Nombre, c.Votos, false
		case c.Votos == best && best > 0:
			tie = true
		}
	}
	if tie {
		return "Empate", best
	}
	return name, best
}
