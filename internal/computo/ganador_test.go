package computo

import (
	"reflect"
	"testing"
)

func TestGanadores(t *testing.T) {
	g := Ganadores("D05", []Resultado{{"MC", 900}, {"PAN-PRI", 30100}, {"MORENA-PT", 40200}})
	if g.Empate || !reflect.DeepEqual(g.Candidaturas, []string{"MORENA-PT"}) ||
		g.Segundo != "PAN-PRI" || g.Diferencia != 10100 {
		t.Errorf("winner %+v, want MORENA-PT by 10,100 over PAN-PRI", g)
	}
	tie := Ganadores("M100", []Resultado{{"A", 500}, {"B", 500}, {"C", 20}})
	if !tie.Empate || !reflect.DeepEqual(tie.Candidaturas, []string{"A", "B"}) ||
		tie.Segundo != "" {
		t.Errorf("tie %+v, want A and B recorded as tied, no runner-up", tie)
	}
	if none := Ganadores("M101", nil); len(none.Candidaturas) != 0 {
		t.Errorf("no candidacies: %+v", none)
	}
}

// TestCandidaturas sums a unit after the split into its candidacies: the coalition's parties
// count together, independents alone.
func TestCandidaturas(t *testing.T) {
	d, err := Distribuir("D01", Votos{"PAN": 900, "PRI": 700, "PRD": 100, "C_PAN_PRI": 7,
		"C_PAN_PRI_PRD": 10, "MC": 1500, "NULOS": 40}, RankingPropios, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := Candidaturas(d.Partidos, Votos{"CAND_IND_1": 300},
		[][]string{{"PAN", "PRI", "PRD"}})
	want := []Resultado{{"CAND_IND_1", 300}, {"MC", 1500}, {"PAN-PRI-PRD", 1717}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("candidaturas %v, want %v", got, want)
	}
	if g := Ganadores("D01", got); g.Candidaturas[0] != "PAN-PRI-PRD" || g.Diferencia != 217 {
		t.Errorf("winner %+v", g)
	}
}
