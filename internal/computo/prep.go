package computo

import (
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// DefinicionDe derives from an election the vote columns and candidacies of one unit
// (unidad "" for the candidacies of the whole entidad): every column of a candidacy that
// runs there, in acta order, then no registradas and nulos. The caller names the council
// and its unit. Columns of parties that run in no candidacy of the unit are left out: no
// vote can be cast for them there.
func DefinicionDe(e *catalog.Eleccion, unidad string) Definicion {
	d := Definicion{Eleccion: e.Codigo, EleccionNombre: e.Nombre(), Unidad: unidad,
		Config: ConfigSesionINE()}
	usadas := map[int]bool{}
	for _, c := range e.CandidaturasEn(unidad) {
		k := Candidato{ID: strings.Join(c.Partidos, "-"), Nombre: c.Nombre,
			Suplente: c.Suplente, Partidos: append([]string(nil), c.Partidos...),
			Independiente: c.Independiente}
		for _, i := range c.Columnas {
			k.Columnas = append(k.Columnas, e.Contendientes[i].Columna)
			usadas[i] = true
		}
		d.Candidaturas = append(d.Candidaturas, k)
	}
	for i, c := range e.Contendientes {
		if usadas[i] || c.Tipo == catalog.NoRegistradas || c.Tipo == catalog.Nulos {
			d.Columnas = append(d.Columnas, c.Columna)
		}
	}
	return d
}

// CasillasDe lists the casillas of one unit from a PREP file's actas (every expected acta
// is a row of the file), each with its PREP record: an acta not registered at the corte has
// none; an acta whose Acta PREP did not arrive (SIN ACTA) has one, not captured. unidad is
// the unit id of the actas (UNIDAD column; "N/A" for the acta of the votes from abroad). The
// figures kept are those of d's columns. The RP actas of the casillas especiales are left
// out: they count for representación proporcional only (CasillasRPDe).
func CasillasDe(e *catalog.Eleccion, actas []*acta.Acta, unidad string, d Definicion,
	cfg acta.Config) []Casilla {
	return casillasDe(e, actas, unidad, d, cfg, false)
}

// CasillasRPDe lists the RP actas of the casillas especiales of one unit, as CasillasDe
// lists the others. A casilla especial of the deputies' election has two actas, one for
// mayoría relativa and one for representación proporcional, the latter for voters outside
// their district (the IEE PREP publishes them as rows of TIPO_ACTA 3EMR and 3ERP, LEEME
// item 12). Its RP acta does not enter the district's MR cómputo; the council computes it
// with the other packages of the casillas especiales (LGIPE art. 311.1.g) and adds it to
// the MR sum to make the district's RP cómputo (art. 311.1.i).
func CasillasRPDe(e *catalog.Eleccion, actas []*acta.Acta, unidad string, d Definicion,
	cfg acta.Config) []Casilla {
	return casillasDe(e, actas, unidad, d, cfg, true)
}

// EsActaRP reports whether a is the RP acta of a casilla especial (TIPO_ACTA ending in
// RP: the IEE's 3ERP); see CasillasRPDe.
func EsActaRP(a *acta.Acta) bool {
	return a.TipoCasilla == "S" && strings.HasSuffix(a.TipoActa, "RP")
}

// DefinicionRPDe derives the cómputo of the RP actas of the casillas especiales of one
// unit (CasillasRPDe): the columns of every party, then no registradas and nulos, each
// party a candidacy of its own, its list, since an RP acta has no column for combinations
// or independents (IEE PREP 2024: those cells are "-"). Its council does not declare
// validity on it: its sum joins the district's RP cómputo (VotacionRPDe).
func DefinicionRPDe(e *catalog.Eleccion, unidad string) Definicion {
	d := Definicion{Eleccion: e.Codigo, EleccionNombre: e.Nombre() +
		" de representación proporcional (casillas especiales)", Unidad: unidad,
		Config: ConfigSesionINE()}
	for _, c := range e.Contendientes {
		switch c.Tipo {
		case catalog.Partido:
			d.Candidaturas = append(d.Candidaturas, Candidato{ID: c.Columna,
				Nombre:   "lista de representación proporcional de " + c.Columna,
				Partidos: []string{c.Columna}, Columnas: []string{c.Columna}})
			d.Columnas = append(d.Columnas, c.Columna)
		case catalog.NoRegistradas, catalog.Nulos:
			d.Columnas = append(d.Columnas, c.Columna)
		}
	}
	return d
}

// casillasDe lists the casillas of a unit: its RP actas of casillas especiales, or the
// others.
func casillasDe(e *catalog.Eleccion, actas []*acta.Acta, unidad string, d Definicion,
	cfg acta.Config, rp bool) []Casilla {
	var out []Casilla
	for _, a := range actas {
		if a.FueraDeCatalogo() || a.UnidadID != unidad || EsActaRP(a) != rp {
			continue
		}
		c := Casilla{ID: a.ID, Clave: a.ClaveCasilla, Seccion: a.Seccion, Tipo: a.TipoCasilla,
			ListaNominal: a.ListaNominal.Votes()}
		if a.Registrada() {
			c.PREP = actaPREP(e, a, d, cfg)
		}
		out = append(out, c)
	}
	return out
}

// actaPREP reads an acta's published record and captured figures.
func actaPREP(e *catalog.Eleccion, a *acta.Acta, d Definicion, cfg acta.Config) *ActaPREP {
	cl := a.Efectiva(cfg)
	p := &ActaPREP{Contabilizada: cl.Estado == acta.Contabilizada,
		Observaciones: a.Observaciones(cfg), Capturada: cl.Flags&acta.SinActaFlags == 0}
	if !p.Capturada {
		return p
	}
	p.Acta = ActaCasilla{Votos: map[string]acta.Value{},
		PersonasVotaron:       a.Totales[acta.PersonasVotaron],
		RepresentantesVotaron: a.Totales[acta.RepresentantesVotaron],
		VotosSacados:          a.Totales[acta.VotosSacados], TotalAsentado: a.TotalAsentado}
	contendientes := d.contendientes()
	for _, col := range d.Columnas {
		i := e.Columna(col)
		if i < 0 || i >= len(a.Votos) {
			continue
		}
		switch {
		case contendientes[col]:
			p.Acta.Votos[col] = a.Votos[i]
		case col == ColumnaNulos:
			p.Acta.Nulos = a.Votos[i]
		default:
			p.Acta.NoRegistradas = a.Votos[i]
		}
	}
	return p
}
