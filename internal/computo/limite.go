package computo

import (
	"fmt"

	"github.com/sufragio/sufragio/internal/acta"
)

// maxVotosCasilla bounds every figure of one casilla. No casilla holds more than a few
// thousand ballots (the acta of the votes from abroad of a state, the largest, some
// thousands): a figure above it is typed wrong, and is refused before it reaches a sum.
const maxVotosCasilla = 100_000

// maxSinLista bounds the votes of a casilla whose electors are not listed in it (voto
// anticipado, prisión preventiva, casillas especiales): a casilla especial receives at
// most some hundreds of ballots (LGIPE art. 269 [to confirm: the number of ballots of a
// casilla especial]), so three thousand is a bound no such casilla reaches.
const maxSinLista = 3000

// Limite returns the votes casilla c can hold in the cómputo of d: its lista nominal plus
// the representatives of the parties and independent candidacies who may vote in it, two
// propietarios each (LGIPE art. 259.1), as the PREP bounds an acta (EXCEDE LISTA NOMINAL,
// RULES.md §2.1). For the casillas whose electors are not listed in them — voto anticipado
// (A), prisión preventiva (P), casillas especiales (S) — or without a lista nominal it is
// maxSinLista, and sinLista is true.
func (d Definicion) Limite(c Casilla) (limite int64, sinLista bool) {
	if c.Tipo == "A" || c.Tipo == "P" || c.Tipo == "S" || c.ListaNominal <= 0 {
		return maxSinLista, true
	}
	return c.ListaNominal + 2*int64(d.contendientesConRepresentantes()), false
}

// contendientesConRepresentantes counts the parties and independent candidacies of the
// contest, each of which may accredit representatives in every casilla.
func (d Definicion) contendientesConRepresentantes() int {
	seen := map[string]bool{}
	for _, c := range d.Candidaturas {
		if c.Independiente {
			seen[c.ID] = true
			continue
		}
		for _, p := range c.Partidos {
			seen[p] = true
		}
	}
	return len(seen)
}

// excede describes a total of votes above the limit of casilla c, or returns "".
func (d Definicion) excede(c Casilla, total int64) string {
	lim, sinLista := d.Limite(c)
	switch {
	case total <= lim:
		return ""
	case sinLista:
		return fmt.Sprintf("%s votos, más de los %s que puede tener una casilla sin lista "+
			"nominal propia", miles(total), miles(lim))
	}
	return fmt.Sprintf("%s votos, más que su lista nominal (%s) y los representantes que "+
		"pueden votar en ella (%s)", miles(total), miles(c.ListaNominal),
		miles(lim-c.ListaNominal))
}

// validarMaximo refuses a figure above maxVotosCasilla.
func validarMaximo(id, col string, n int64) error {
	if n > maxVotosCasilla {
		return datosErrorf("casilla %s: %s votos de %s es más de lo que cabe en una casilla "+
			"(%s como máximo): revise la cifra", id, miles(n), col, miles(maxVotosCasilla))
	}
	return nil
}

// validarMaximosActa refuses an acta with a figure above maxVotosCasilla.
func validarMaximosActa(id string, a ActaCasilla) error {
	check := func(col string, v acta.Value) error {
		if v.Kind != acta.Number {
			return nil
		}
		return validarMaximo(id, col, v.N)
	}
	for _, col := range sortedKeys(a.Votos) {
		if err := check(col, a.Votos[col]); err != nil {
			return err
		}
	}
	for col, v := range map[string]acta.Value{ColumnaNulos: a.Nulos,
		ColumnaNoRegistradas: a.NoRegistradas, "personas que votaron": a.PersonasVotaron,
		"representantes que votaron": a.RepresentantesVotaron,
		"votos sacados de la urna":   a.VotosSacados, "total de votos": a.TotalAsentado} {
		if err := check(col, v); err != nil {
			return err
		}
	}
	return nil
}

// Total returns the sum of the votes of every column.
func (v Votos) Total() int64 {
	var n int64
	for _, x := range v {
		n += x
	}
	return n
}
