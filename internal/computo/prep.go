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
// figures kept are those of d's columns.
func CasillasDe(e *catalog.Eleccion, actas []*acta.Acta, unidad string, d Definicion,
	cfg acta.Config) []Casilla {
	var out []Casilla
	for _, a := range actas {
		if a.FueraDeCatalogo() || a.UnidadID != unidad {
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
