package computo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Votos maps a vote column of an acta or a unit (a party "PAN", a combination "C_PAN_PRI", an
// independent "CAND_IND_1", "NO_REGISTRADAS", "NULOS") to its votes.
type Votos map[string]int64

// The columns that are not contenders, as the open data spell them (RULES.md §4.2).
const (
	ColumnaNulos         = "NULOS"
	ColumnaNoRegistradas = "NO_REGISTRADAS"
	// ColumnaNoRegistrados is the INE spelling of ColumnaNoRegistradas.
	ColumnaNoRegistrados = "NO_REGISTRADOS"
	prefijoIndependiente = "CAND_IND"
	prefijoCombinacion   = "C_"
)

// SumarCasillas adds the votes of the casillas of one unit, column by column. Combinations
// are split only on these sums (RULES.md §5: never casilla by casilla).
func SumarCasillas(casillas ...Votos) Votos {
	out := Votos{}
	for _, c := range casillas {
		for col, n := range c {
			out[col] += n
		}
	}
	return out
}

// PartidosDeCombinacion returns the parties of a combination column ("C_PT_PVEM_MORENA" →
// PT, PVEM, MORENA), or nil when col is not a combination: it must start with "C_" and name
// at least two parties (RULES.md §4.2).
func PartidosDeCombinacion(col string) []string {
	rest, ok := strings.CutPrefix(col, prefijoCombinacion)
	if !ok {
		return nil
	}
	parts := strings.Split(rest, "_")
	if len(parts) < 2 || slices.Contains(parts, "") {
		return nil
	}
	return parts
}

// esPartido tells whether a column holds a party's own votes.
func esPartido(col string) bool {
	switch {
	case col == ColumnaNulos, col == ColumnaNoRegistradas, col == ColumnaNoRegistrados:
		return false
	case strings.HasPrefix(col, prefijoIndependiente), strings.HasPrefix(col, prefijoCombinacion):
		return false
	}
	return true
}

// Ranking is the basis on which the leftover votes of a combination go to "los partidos de
// más alta votación" (LGIPE art. 311.1.c). The law does not say which votes rank them
// (RULES.md Q-5).
type Ranking int

const (
	// RankingPropios ranks by the party's own, unsplit votes in the unit (RULES.md §5, the
	// default) [to confirm, INE cómputo guidelines; Q-5].
	RankingPropios Ranking = iota
	// RankingTrasCociente ranks by own votes plus the equal shares (q) the party receives
	// from every combination of the unit, before any leftover vote.
	RankingTrasCociente
)

// Reparto is how one combination column was split among its parties in a unit.
type Reparto struct {
	Columna  string
	Votos    int64 // S, the combination's votes summed over the unit
	Cociente int64 // q = ⌊S/k⌋, given to each party
	Resto    int64 // r = S − k·q, one vote each to the r best-ranked parties
	// Partes are the votes each party received, in the column's order of parties.
	Partes []Parte
}

// Parte is the votes one party received from a combination.
type Parte struct {
	Partido string
	Votos   int64
}

// Distribucion is the result of splitting the combinations of one unit.
type Distribucion struct {
	Unidad string
	// Partidos holds every party's votes after the split: own votes plus what it received.
	Partidos Votos
	// Repartos details each combination with votes, in column order.
	Repartos []Reparto
	// Sorteos are the ties settled by sorteo, in the order they were drawn.
	Sorteos []SorteoRegistro
}

// Distribuir splits the combination votes of one unit (the sum of its casillas) among their
// parties: q = ⌊S/k⌋ to each of the k parties, and the r = S − k·q leftover votes one each to
// the r parties of the combination with most votes in the unit (RULES.md §5; LGIPE art.
// 311.1.c). Ties for a leftover vote are settled by sorteo [to confirm, INE cómputo
// guidelines]; a tie that does not decide a vote (all tied parties get one) needs none.
func Distribuir(unidad string, votos Votos, ranking Ranking, sorteo Sorteo) (Distribucion, error) {
	d := Distribucion{Unidad: unidad, Partidos: Votos{}}
	for col, n := range votos {
		if n < 0 {
			return d, datosErrorf("unidad %s: la columna %s tiene votos negativos (%d)",
				unidad, col, n)
		}
		if esPartido(col) {
			d.Partidos[col] += n
		}
	}
	cols := combinaciones(votos)
	rank := rankingBase(votos, cols, ranking)
	for _, col := range cols {
		r, sorteos, err := repartirCombinacion(unidad, col, votos[col], rank, sorteo)
		if err != nil {
			return d, err
		}
		for _, p := range r.Partes {
			d.Partidos[p.Partido] += p.Votos
		}
		d.Repartos = append(d.Repartos, r)
		d.Sorteos = append(d.Sorteos, sorteos...)
	}
	return d, nil
}

// combinaciones lists the combination columns of votos with votes, sorted by name so that
// sorteos are requested in a reproducible order.
func combinaciones(votos Votos) []string {
	var cols []string
	for col, n := range votos {
		if n > 0 && PartidosDeCombinacion(col) != nil {
			cols = append(cols, col)
		}
	}
	sort.Strings(cols)
	return cols
}

// rankingBase returns the votes that rank the parties for leftover votes.
func rankingBase(votos Votos, cols []string, ranking Ranking) Votos {
	base := Votos{}
	for col, n := range votos {
		if esPartido(col) {
			base[col] = n
		}
	}
	if ranking == RankingTrasCociente {
		for _, col := range cols {
			parts := PartidosDeCombinacion(col)
			q := votos[col] / int64(len(parts))
			for _, p := range parts {
				base[p] += q
			}
		}
	}
	return base
}

// repartirCombinacion splits one combination column.
func repartirCombinacion(unidad, col string, s int64, rank Votos, sorteo Sorteo) (Reparto,
	[]SorteoRegistro, error) {
	parts := PartidosDeCombinacion(col)
	k := int64(len(parts))
	r := Reparto{Columna: col, Votos: s, Cociente: s / k, Resto: s % k}
	extra, sorteos, err := mejores(unidad, col, parts, rank, int(r.Resto), sorteo)
	if err != nil {
		return r, nil, err
	}
	for _, p := range parts {
		n := r.Cociente
		if extra[p] {
			n++
		}
		r.Partes = append(r.Partes, Parte{Partido: p, Votos: n})
	}
	return r, sorteos, nil
}

// mejores picks the n best-ranked parties, drawing lots among those tied at the cut.
func mejores(unidad, col string, parts []string, rank Votos, n int, sorteo Sorteo) (
	map[string]bool, []SorteoRegistro, error) {
	out := map[string]bool{}
	if n == 0 {
		return out, nil, nil
	}
	sorted := slices.Clone(parts)
	sort.SliceStable(sorted, func(i, j int) bool { return rank[sorted[i]] > rank[sorted[j]] })
	cut := rank[sorted[n-1]]
	var tied []string
	for _, p := range sorted {
		switch {
		case rank[p] > cut:
			out[p] = true
		case rank[p] == cut:
			tied = append(tied, p)
		}
	}
	lugares := n - len(out)
	if lugares == len(tied) {
		for _, p := range tied {
			out[p] = true
		}
		return out, nil, nil
	}
	sort.Strings(tied)
	reg, err := sortear(sorteo, SorteoSolicitud{Unidad: unidad, Empatados: tied,
		Lugares: lugares, Motivo: fmt.Sprintf("votos sobrantes de %s en %s (%d por repartir; "+
			"empatados con %s votos)", col, unidad, lugares, miles(cut))})
	if err != nil {
		return nil, nil, err
	}
	for _, p := range reg.Ganadores {
		out[p] = true
	}
	return out, []SorteoRegistro{reg}, nil
}
