package web

import (
	"html/template"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// avanceCorte is what the manifest (corte.json) of one corte says of its elections: the
// progress of the actas of an election over the night is one of these per corte.
type avanceCorte struct {
	Numero    int
	Hora      time.Time
	HoraTexto string
	Final     bool
	// resumenes are the 13 figures of each election of the corte, by upper-case code.
	resumenes map[string]publish.ResumenJSON
}

// nuevoAvanceCorte takes from a manifest what the chart of the progress needs.
func nuevoAvanceCorte(m *publish.Manifiesto) avanceCorte {
	a := avanceCorte{Numero: m.Numero, Hora: m.Hora, HoraTexto: m.HoraTexto, Final: m.Final,
		resumenes: make(map[string]publish.ResumenJSON, len(m.Elecciones))}
	for _, e := range m.Elecciones {
		a.resumenes[strings.ToUpper(e.Codigo)] = e.Resumen
	}
	return a
}

// leerAvance returns, oldest first, what the manifests of the cortes of orden numbered
// below c, and c's own, say of their elections. Only cortes up to c enter, so that the
// pages of c stay the same whatever is published after it. corte.json of each earlier
// corte is read once for the whole site (see manifiestos); one that cannot be read is left
// out, with a warning.
func (s *Server) leerAvance(c *corteData, orden []publish.EntradaIndice) []avanceCorte {
	n := c.entrada.Numero
	st := s.actual()
	var out []avanceCorte
	for _, e := range orden {
		if e.Numero >= n {
			continue
		}
		m, err := s.manifiesto(st, e)
		if err != nil {
			s.log.Warn("corte left out of the progress of the actas", "corte", n,
				"anterior", e.Numero, "err", err)
			continue
		}
		out = append(out, nuevoAvanceCorte(m))
	}
	return append(out, nuevoAvanceCorte(&c.snap.Manifiesto))
}

// avanceActas is the progress of the actas of an election, corte by corte, up to the
// corte of the page: a chart and, the primary form, its table.
type avanceActas struct {
	Grafica template.HTML
	Filas   []filaAvance
}

// filaAvance is one corte in the table of the progress of the actas. Percentages are the
// published strings, truncated to four decimals.
type filaAvance struct {
	Numero    int
	Href      string // the election's page in that corte; "" for the corte of the page
	Hora      time.Time
	HoraTexto string
	Final     bool
	// Esperadas, Capturadas and Contabilizadas are the numbers of actas.
	Esperadas, Capturadas, Contabilizadas          int64
	PorcentajeCapturadas, PorcentajeContabilizadas string
}

// avance returns the progress of the election's actas over the cortes up to its own; nil
// when the corte's manifests say nothing of it.
func (e *eleccionData) avance(c *corteData) *avanceActas {
	codigo := strings.ToUpper(e.Def.Codigo)
	var out avanceActas
	for _, a := range c.avance {
		r, ok := a.resumenes[codigo]
		if !ok {
			continue
		}
		f := filaAvance{Numero: a.Numero, Hora: a.Hora, HoraTexto: a.HoraTexto,
			Final: a.Final, Esperadas: r.ActasEsperadas, Capturadas: r.ActasCapturadas,
			Contabilizadas:           r.ActasContabilizadas,
			PorcentajeCapturadas:     r.PorcentajeActasCapturadas,
			PorcentajeContabilizadas: r.PorcentajeActasContabilizadas}
		if a.Numero != c.entrada.Numero {
			f.Href = eleccionHref(a.Numero, e.Def.Codigo)
		}
		out.Filas = append(out.Filas, f)
	}
	if len(out.Filas) == 0 {
		return nil
	}
	out.Grafica = graficaAvance("Avance de las actas de "+e.Def.Nombre, out.Filas)
	return &out
}
