package computo

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// fixedSorteo answers every sorteo with the given winners, in order, and records the
// requests.
type fixedSorteo struct {
	answers [][]string
	asked   []SorteoSolicitud
}

func (f *fixedSorteo) draw(req SorteoSolicitud) ([]string, error) {
	f.asked = append(f.asked, req)
	if len(f.answers) == 0 {
		return nil, fmt.Errorf("unexpected sorteo %v", req)
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	return a, nil
}

// TestDistribuirWorkedExamples runs O-COA-1 … O-COA-4 of RULES.md §5.
func TestDistribuirWorkedExamples(t *testing.T) {
	cases := []struct {
		id    string
		votos Votos
		// added is what each party receives from the combinations.
		added Votos
	}{
		{"O-COA-1", Votos{"C_PT_PVEM_MORENA": 1000, "MORENA": 50000, "PVEM": 10000, "PT": 8000},
			Votos{"MORENA": 334, "PVEM": 333, "PT": 333}},
		{"O-COA-2", Votos{"C_PT_PVEM_MORENA": 1001, "MORENA": 50000, "PVEM": 10000, "PT": 8000},
			Votos{"MORENA": 334, "PVEM": 334, "PT": 333}},
		{"O-COA-3", SumarCasillas(Votos{"C_PAN_PRI": 1, "PAN": 90, "PRI": 40},
			Votos{"C_PAN_PRI": 1, "PAN": 80, "PRI": 60}, Votos{"C_PAN_PRI": 1, "PAN": 70}),
			Votos{"PAN": 2, "PRI": 1}},
		{"O-COA-4", Votos{"C_PAN_PRI": 7, "C_PAN_PRD": 0, "C_PRI_PRD": 5, "C_PAN_PRI_PRD": 10,
			"PAN": 900, "PRI": 700, "PRD": 100}, Votos{"PAN": 8, "PRI": 9, "PRD": 5}},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			d, err := Distribuir("D01", c.votos, RankingPropios, nil)
			if err != nil {
				t.Fatal(err)
			}
			for p, want := range c.added {
				if got := d.Partidos[p] - c.votos[p]; got != want {
					t.Errorf("%s received %d, want %d", p, got, want)
				}
			}
			if len(d.Sorteos) != 0 {
				t.Errorf("sorteos %v, want none", d.Sorteos)
			}
		})
	}
}

// TestDistribuirO_COA_4Detail checks each combination of O-COA-4 separately.
func TestDistribuirO_COA_4Detail(t *testing.T) {
	v := Votos{"C_PAN_PRI": 7, "C_PAN_PRD": 0, "C_PRI_PRD": 5, "C_PAN_PRI_PRD": 10,
		"PAN": 900, "PRI": 700, "PRD": 100}
	d, err := Distribuir("D01", v, RankingPropios, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Reparto{
		{"C_PAN_PRI", 7, 3, 1, []Parte{{"PAN", 4}, {"PRI", 3}}},
		{"C_PAN_PRI_PRD", 10, 3, 1, []Parte{{"PAN", 4}, {"PRI", 3}, {"PRD", 3}}},
		{"C_PRI_PRD", 5, 2, 1, []Parte{{"PRI", 3}, {"PRD", 2}}},
	}
	if !reflect.DeepEqual(d.Repartos, want) {
		t.Errorf("repartos\n got %+v\nwant %+v", d.Repartos, want)
	}
}

// TestDistribuirPerCasillaWouldBeWrong shows why the split is on unit sums: splitting each
// casilla of O-COA-3 apart would give PAN 3 and PRI 0.
func TestDistribuirPerCasillaWouldBeWrong(t *testing.T) {
	var pan, pri int64
	for _, c := range []Votos{{"C_PAN_PRI": 1, "PAN": 90, "PRI": 40},
		{"C_PAN_PRI": 1, "PAN": 80, "PRI": 60}, {"C_PAN_PRI": 1, "PAN": 70}} {
		d, err := Distribuir("casilla", c, RankingPropios, nil)
		if err != nil {
			t.Fatal(err)
		}
		pan += d.Partidos["PAN"] - c["PAN"]
		pri += d.Partidos["PRI"] - c["PRI"]
	}
	if pan != 3 || pri != 0 {
		t.Errorf("per casilla PAN +%d PRI +%d, want the wrong +3/+0 that the unit sum avoids",
			pan, pri)
	}
}

// TestDistribuirO_COA_5 runs O-COA-5: with 2 votes and two tied parties each gets one and no
// sorteo is held; with 3 votes the sorteo decides the extra vote and is recorded.
func TestDistribuirO_COA_5(t *testing.T) {
	s := &fixedSorteo{}
	d, err := Distribuir("M001", Votos{"C_PAN_PRI": 2, "PAN": 50, "PRI": 50}, RankingPropios,
		s.draw)
	if err != nil {
		t.Fatal(err)
	}
	if d.Partidos["PAN"] != 51 || d.Partidos["PRI"] != 51 || len(s.asked) != 0 {
		t.Errorf("2 votes: PAN %d PRI %d, %d sorteos; want 51, 51, none",
			d.Partidos["PAN"], d.Partidos["PRI"], len(s.asked))
	}

	s = &fixedSorteo{answers: [][]string{{"PRI"}}}
	d, err = Distribuir("M001", Votos{"C_PAN_PRI": 3, "PAN": 50, "PRI": 50}, RankingPropios,
		s.draw)
	if err != nil {
		t.Fatal(err)
	}
	if d.Partidos["PAN"] != 51 || d.Partidos["PRI"] != 52 {
		t.Errorf("3 votes: PAN %d PRI %d, want 51 and 52 (PRI won the sorteo)",
			d.Partidos["PAN"], d.Partidos["PRI"])
	}
	want := []SorteoRegistro{{Unidad: "M001", Empatados: []string{"PAN", "PRI"}, Lugares: 1,
		Ganadores: []string{"PRI"}, Motivo: d.Sorteos[0].Motivo}}
	if !reflect.DeepEqual(d.Sorteos, want) {
		t.Errorf("sorteos %+v, want %+v", d.Sorteos, want)
	}

	if _, err := Distribuir("M001", Votos{"C_PAN_PRI": 3, "PAN": 50, "PRI": 50},
		RankingPropios, nil); err == nil {
		t.Error("a tie with no sorteo function was settled silently")
	}
	bad := &fixedSorteo{answers: [][]string{{"PRD"}}}
	if _, err := Distribuir("M001", Votos{"C_PAN_PRI": 3, "PAN": 50, "PRI": 50},
		RankingPropios, bad.draw); err == nil {
		t.Error("a sorteo naming a party not tied was accepted")
	}
}

// TestDistribuirRanking checks the alternative ranking of Q-5: the equal shares of other
// combinations can reorder the parties.
func TestDistribuirRanking(t *testing.T) {
	// Own votes rank PRI over PAN; the shares of C_PAN_PRD (q = 50 each) put PAN ahead.
	v := Votos{"PAN": 100, "PRI": 120, "PRD": 10, "C_PAN_PRI": 1, "C_PAN_PRD": 100}
	own, err := Distribuir("D", v, RankingPropios, nil)
	if err != nil {
		t.Fatal(err)
	}
	split, err := Distribuir("D", v, RankingTrasCociente, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := partes(own, "C_PAN_PRI"); !reflect.DeepEqual(got, []Parte{{"PAN", 0}, {"PRI", 1}}) {
		t.Errorf("own ranking: %v, want the vote to PRI", got)
	}
	if got := partes(split, "C_PAN_PRI"); !reflect.DeepEqual(got,
		[]Parte{{"PAN", 1}, {"PRI", 0}}) {
		t.Errorf("post-quotient ranking: %v, want the vote to PAN", got)
	}
}

func partes(d Distribucion, col string) []Parte {
	for _, r := range d.Repartos {
		if r.Columna == col {
			return r.Partes
		}
	}
	return nil
}

// TestDistribuirInvariants checks, over random units, that the votes distributed equal the
// combination votes and that every candidacy keeps its total (RULES.md §5 [derived]).
func TestDistribuirInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	parties := []string{"PAN", "PRI", "PRD", "PT", "PVEM", "MORENA", "MC"}
	for iter := 0; iter < 2000; iter++ {
		// Two coalitions and MC alone; combinations are subsets of a coalition.
		perm := slices.Clone(parties[:6])
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		cut := 2 + rng.IntN(3)
		coalitions := [][]string{perm[:cut], perm[cut:], {"MC"}}
		v := Votos{"NULOS": rng.Int64N(50), "CAND_IND_1": rng.Int64N(50)}
		for _, p := range parties {
			// Small values make ties frequent.
			v[p] = rng.Int64N(6)
		}
		for _, c := range coalitions {
			for _, sub := range subsets(c) {
				v["C_"+joinUnderscore(sub)] = rng.Int64N(12)
			}
		}
		d, err := Distribuir("U", v, Ranking(rng.IntN(2)), SorteoAleatorio(rng))
		if err != nil {
			t.Fatal(err)
		}
		var combos, distributed int64
		for col, n := range v {
			if PartidosDeCombinacion(col) != nil {
				combos += n
			}
		}
		for _, r := range d.Repartos {
			for _, p := range r.Partes {
				distributed += p.Votos
			}
		}
		if distributed != combos {
			t.Fatalf("iteration %d: distributed %d, combination votes %d", iter, distributed,
				combos)
		}
		for _, c := range coalitions {
			var before, after int64
			for col, n := range v {
				ps := PartidosDeCombinacion(col)
				if (ps == nil && slices.Contains(c, col)) || (ps != nil && subsetOf(ps, c)) {
					before += n
				}
			}
			for _, p := range c {
				after += d.Partidos[p]
			}
			if before != after {
				t.Fatalf("iteration %d: candidacy %v had %d votes, %d after the split",
					iter, c, before, after)
			}
		}
		for _, r := range d.Repartos {
			for _, p := range r.Partes {
				if p.Votos != r.Cociente && p.Votos != r.Cociente+1 {
					t.Fatalf("iteration %d: %s got %d from %s, want q or q+1", iter, p.Partido,
						p.Votos, r.Columna)
				}
			}
		}
	}
}

// subsets returns the subsets of c with at least two members, in c's order.
func subsets(c []string) [][]string {
	var out [][]string
	for mask := 1; mask < 1<<len(c); mask++ {
		var s []string
		for i := range c {
			if mask&(1<<i) != 0 {
				s = append(s, c[i])
			}
		}
		if len(s) >= 2 {
			out = append(out, s)
		}
	}
	return out
}

func joinUnderscore(s []string) string {
	out := s[0]
	for _, p := range s[1:] {
		out += "_" + p
	}
	return out
}

func subsetOf(ps, c []string) bool {
	for _, p := range ps {
		if !slices.Contains(c, p) {
			return false
		}
	}
	return true
}

func TestPartidosDeCombinacion(t *testing.T) {
	for col, want := range map[string][]string{
		"C_PT_PVEM_MORENA": {"PT", "PVEM", "MORENA"}, "C_PAN_PRI": {"PAN", "PRI"},
		"PAN": nil, "C_PAN": nil, "CAND_IND_1": nil, "C__PAN": nil, "NULOS": nil,
	} {
		if got := PartidosDeCombinacion(col); !reflect.DeepEqual(got, want) {
			t.Errorf("PartidosDeCombinacion(%q) = %v, want %v", col, got, want)
		}
	}
}
