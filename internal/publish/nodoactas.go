package publish

import (
	"fmt"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
)

// NodoDeActas adds up published acta records into a node, as the corte adds up its actas:
// the 13-figure summary with the participation rule of the corte (final), the lista nominal
// of the expected actas, the votes of the counted ones per vote column, and the votes of
// each candidacy that runs in base.Unidad. It reads only the published cells, so that a page
// or a verifier can tally a set of actas the corte files do not tally themselves (a
// casilla's). base gives the node's level, id, name and place; its figures are replaced.
func NodoDeActas(def *EleccionJSON, base NodoJSON, actas []*ActaJSON,
	final bool) (NodoJSON, error) {
	out := base
	out.Votos = make([]int64, len(def.Contendientes))
	out.ListaNominal = 0
	out.Actas, out.Candidaturas = nil, nil
	var r corte.Resumen
	for _, a := range actas {
		estado, err := acta.ParseEstado(a.Contabilizada)
		if err != nil {
			return NodoJSON{}, fmt.Errorf("acta %s: %w", a.ID, err)
		}
		if len(a.Votos) != len(def.Contendientes) {
			return NodoJSON{}, fmt.Errorf("acta %s: %d vote cells for %d vote columns", a.ID,
				len(a.Votos), len(def.Contendientes))
		}
		ln, err := acta.ParseValue(a.ListaNominal)
		if err != nil {
			return NodoJSON{}, fmt.Errorf("acta %s: LISTA_NOMINAL %q: %w", a.ID,
				a.ListaNominal, err)
		}
		var votos int64
		if estado == acta.Contabilizada {
			for k, cell := range a.Votos {
				v, err := acta.ParseValue(cell)
				if err != nil {
					return NodoJSON{}, fmt.Errorf("acta %s: %s %q: %w", a.ID,
						def.Contendientes[k].Columna, cell, err)
				}
				if v.Kind == acta.Number {
					out.Votos[k] += v.N
					votos += v.N
				}
			}
		}
		if estado != acta.FueraDeCatalogo {
			out.ListaNominal += ln.Votes()
		}
		out.Actas = append(out.Actas, a.ID)
		r.Contar(estado, a.Inconsistente, a.TipoCasilla == "S", ln.Votes(), votos)
	}
	out.Resumen = resumenJSON(r, final)
	col := make(map[string]int, len(def.Contendientes))
	for i, c := range def.Contendientes {
		col[c.Columna] = i
	}
	for _, c := range def.Candidaturas {
		if c.Unidad != "" && c.Unidad != base.Unidad {
			continue
		}
		vc := VotoCandidatura{Nombre: c.Nombre, Partidos: c.Partidos}
		for _, name := range c.Columnas {
			if i, ok := col[name]; ok {
				vc.Votos += out.Votos[i]
			}
		}
		out.Candidaturas = append(out.Candidaturas, vc)
	}
	return out, nil
}
