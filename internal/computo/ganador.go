package computo

import (
	"sort"
)

// Resultado is the votes of one candidacy (or one party, or one vote column) in a unit.
type Resultado struct {
	Candidatura string
	Votos       int64
}

// ordenar sorts results by votes, most first, and by name among equals so that the order is
// reproducible; equal votes are a tie whatever the order.
func ordenar(rs []Resultado) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Votos != rs[j].Votos {
			return rs[i].Votos > rs[j].Votos
		}
		return rs[i].Candidatura < rs[j].Candidatura
	})
}

// Ganador is the outcome of one contest (a distrito, a municipio, the state): its winner or,
// when the most voted candidacies tie, every one of them. A tie is recorded, never broken
// here: the law leaves it to the council and the courts (an extraordinary election).
type Ganador struct {
	Contienda string
	// Candidaturas holds the winner, or every candidacy tied for first place.
	Candidaturas []string
	Votos        int64
	Empate       bool
	// Segundo and VotosSegundo name the runner-up (empty when there is none or on a tie for
	// first place); Diferencia is Votos − VotosSegundo.
	Segundo      string
	VotosSegundo int64
	Diferencia   int64
	// Resultados are the candidacies, most votes first.
	Resultados []Resultado
}

// Ganadores finds the winner of a contest from its candidacy totals (after the split of
// combinations, each candidacy counting its parties and combinations: RULES.md §3.4, §5).
// A contest with no votes has no winner: every candidacy ties at 0.
func Ganadores(contienda string, totales []Resultado) Ganador {
	rs := append([]Resultado(nil), totales...)
	ordenar(rs)
	g := Ganador{Contienda: contienda, Resultados: rs}
	if len(rs) == 0 {
		return g
	}
	g.Votos = rs[0].Votos
	for _, r := range rs {
		if r.Votos == g.Votos {
			g.Candidaturas = append(g.Candidaturas, r.Candidatura)
		}
	}
	g.Empate = len(g.Candidaturas) > 1
	if !g.Empate && len(rs) > 1 {
		g.Segundo, g.VotosSegundo = rs[1].Candidatura, rs[1].Votos
		g.Diferencia = g.Votos - g.VotosSegundo
	}
	return g
}

// Candidaturas sums a unit's votes, after the split of combinations (Distribucion.Partidos),
// into candidacies: each coalition of coaliciones counts its parties; every other party and
// every independent column runs alone. Nulos and no registradas are not candidacies.
func Candidaturas(partidos Votos, independientes Votos, coaliciones [][]string) []Resultado {
	tot := map[string]int64{}
	for p, n := range partidos {
		tot[candidaturaDe(p, coaliciones)] += n
	}
	for c, n := range independientes {
		tot[c] += n
	}
	var out []Resultado
	for _, k := range sortedKeys(tot) {
		out = append(out, Resultado{Candidatura: k, Votos: tot[k]})
	}
	return out
}
