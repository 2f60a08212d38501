package computo

import (
	"math/big"
	"reflect"
	"strings"
	"testing"
)

// votacion2024 is the input of O-RP-2 (RULES.md §7.1): the national totals of the MR
// cómputos distritales, MORENA's MR by afiliación efectiva (161 + 21 = 182) and the other
// parties' by siglado. The 21 MORENA members elected under PVEM and PT emblems are not
// deducted from PVEM and PT: RULES.md does not split them, and neither party is near its
// limit (84 and 69), so no seat depends on it.
func votacion2024() VotacionRP {
	return VotacionRP{Completa: true, Partidos: []PartidoRP{
		{"PAN", 10049375, 32}, {"PRI", 6623796, 9}, {"PRD", 1449660, 1},
		{"PVEM", 4993988, 57}, {"PT", 3254718, 38}, {"MC", 6497404, 1},
		{"MORENA", 24286317, 182}},
		Independientes: []PartidoRP{{"CAND_IND_1", 72012, 1}},
		NoRegistradas:  49329, Nulos: 2189869}
}

func rpDe(a AsignacionRP) map[string]int {
	out := map[string]int{}
	for _, f := range a.Filas {
		out[f.Partido] = f.RP
	}
	return out
}

// TestRPFederal2024 runs O-RP-2: it must reproduce INE/CG2129/2024.
func TestRPFederal2024(t *testing.T) {
	a, err := AsignarFederal(votacion2024(), ConfigFederalINE())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"MORENA": 75, "PAN": 40, "PRI": 26, "PVEM": 20, "MC": 26, "PT": 13,
		"PRD": 0, "CAND_IND_1": 0}
	if got := rpDe(a); !reflect.DeepEqual(got, want) {
		t.Errorf("RP %v, want %v", got, want)
	}
	if len(a.Repartos) != 2 {
		t.Fatalf("%d repartos, want the first and the one after capping MORENA", len(a.Repartos))
	}
	first, second := a.Repartos[0], a.Repartos[1]
	if first.Votacion != 55705598 || fmtRat(first.Cociente()) != "278,527.99" {
		t.Errorf("first VNE %d CN %s, want 55,705,598 and 278,527.99", first.Votacion,
			fmtRat(first.Cociente()))
	}
	wantFirst := map[string]int{"MORENA": 87, "PAN": 36, "PRI": 24, "MC": 23, "PVEM": 18,
		"PT": 12}
	if got := escanos(first); !reflect.DeepEqual(got, wantFirst) {
		t.Errorf("first stage seats %v, want %v", got, wantFirst)
	}
	if second.Escanos != 125 || second.Votacion != 31419281 ||
		fmtRat(second.Cociente()) != "251,354.248" {
		t.Errorf("second stage %d seats, %d votes, CN %s; want 125, 31,419,281, 251,354.248",
			second.Escanos, second.Votacion, fmtRat(second.Cociente()))
	}
	wantSecond := map[string]int{"PAN": 39, "PRI": 26, "PVEM": 19, "PT": 12, "MC": 25}
	if got := porCociente(second); !reflect.DeepEqual(got, wantSecond) {
		t.Errorf("second stage by CN %v, want %v", got, wantSecond)
	}
	if got := second.Rotacion[121:]; !reflect.DeepEqual(got, []string{"PAN", "PT", "PVEM", "MC"}) {
		t.Errorf("second stage resto mayor %v, want PAN PT PVEM MC", got)
	}
	text := strings.Join(Lineas(a.Pasos), "\n")
	for _, s := range []string{
		"Votación total emitida: 59,466,468",
		"= 57,227,270",
		"PRD: 1,449,660 votos = 2.5331 % de la votación válida emitida; no alcanza el 3 %",
		"− no registrados 49,329 = 55,705,598",
		"MORENA: 43.5976 % de la votación nacional emitida + 8 % da un máximo de 257",
		"PAN: 18.0401 % de la votación nacional emitida + 8 % da un máximo de 130",
		"MR 182 + RP 87 = 269 lo excede: se le deducen 12 y se le asignan 75",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("explanation lacks %q:\n%s", s, text)
		}
	}
}

// TestRPFederal2024Variants checks RULES.md §7.1: keeping the no registrados in the VNE,
// or measuring the threshold on the votación total, changes no seat in 2024.
func TestRPFederal2024Variants(t *testing.T) {
	want := map[string]int{"MORENA": 75, "PAN": 40, "PRI": 26, "PVEM": 20, "MC": 26, "PT": 13,
		"PRD": 0, "CAND_IND_1": 0}
	keep, total := ConfigFederalINE(), ConfigFederalINE()
	keep.ConservarNoRegistrados = true
	total.BaseUmbral = UmbralVotacionTotal
	for _, cfg := range []ConfigFederal{keep, total} {
		a, err := AsignarFederal(votacion2024(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := rpDe(a); !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: RP %v, want %v", cfg, got, want)
		}
	}
}

// TestRPFederal2012 runs O-RP-1: the first stage of 2012, threshold then 2 %.
func TestRPFederal2012(t *testing.T) {
	v := VotacionRP{Completa: true, Partidos: []PartidoRP{
		{"PAN", 12960875, 0}, {"PRI", 15960086, 0}, {"PRD", 9194637, 0}, {"PT", 2294460, 0},
		{"PVEM", 3054718, 0}, {"MC", 2000524, 0}, {"NA", 2041608, 0}}}
	cfg := ConfigFederalINE()
	cfg.Umbral = big.NewRat(2, 100)
	a, err := AsignarFederal(v, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := a.Repartos[0]
	if r.Votacion != 47506908 || fmtRat(r.Cociente()) != "237,534.54" {
		t.Errorf("VNE %d CN %s, want 47,506,908 and 237,534.54", r.Votacion,
			fmtRat(r.Cociente()))
	}
	want := []struct {
		partido string
		cn      int
		resto   string
		total   int
	}{
		{"PAN", 54, "134,009.84", 54}, {"PRI", 67, "45,271.82", 67},
		{"PRD", 38, "168,324.48", 39}, {"PT", 9, "156,649.14", 10},
		{"PVEM", 12, "204,303.52", 13}, {"MC", 8, "100,247.68", 8},
		{"NA", 8, "141,331.68", 9},
	}
	for i, w := range want {
		f := r.Filas[i]
		if f.Partido != w.partido || f.PorCociente != w.cn || fmtRat(f.Resto()) != w.resto ||
			f.Escanos() != w.total {
			t.Errorf("%s: %d by CN, resto %s, %d seats; want %d, %s, %d", f.Partido,
				f.PorCociente, fmtRat(f.Resto()), f.Escanos(), w.cn, w.resto, w.total)
		}
	}
	if got := r.Rotacion[196:]; !reflect.DeepEqual(got, []string{"PVEM", "PRD", "PT", "NA"}) {
		t.Errorf("resto mayor order %v, want PVEM PRD PT NA", got)
	}
}

// TestRPFederalTope runs O-RP-6: a 40 % party is capped at ⌊500 × 0.48⌋ = 240 seats;
// with 245 MR wins it keeps them and gets no RP.
func TestRPFederalTope(t *testing.T) {
	for _, c := range []struct {
		mr      int
		a, b, c int
	}{
		{190, 50, 75, 75},
		{245, 0, 100, 100},
		{100, 80, 60, 60}, // under the cap: the first stage stands
	} {
		v := VotacionRP{Completa: true, Partidos: []PartidoRP{{"A", 40000000, c.mr},
			{"B", 30000000, 10}, {"C", 30000000, 10}}}
		a, err := AsignarFederal(v, ConfigFederalINE())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"A": c.a, "B": c.b, "C": c.c}
		if got := rpDe(a); !reflect.DeepEqual(got, want) {
			t.Errorf("MR %d: RP %v, want %v", c.mr, got, want)
		}
	}
}

// TestRPFederalRefuses checks that incomplete or inconsistent data assign no seat.
func TestRPFederalRefuses(t *testing.T) {
	v := votacion2024()
	v.Completa = false
	if _, err := AsignarFederal(v, ConfigFederalINE()); err == nil {
		t.Error("incomplete data were assigned seats")
	}
	v = votacion2024()
	v.Partidos = append(v.Partidos, PartidoRP{"PAN", 1, 0})
	if _, err := AsignarFederal(v, ConfigFederalINE()); err == nil {
		t.Error("a party given twice was accepted")
	}
	tie := VotacionRP{Completa: true, Partidos: []PartidoRP{{"A", 100, 0}, {"B", 100, 0}}}
	cfg := ConfigFederalINE()
	cfg.EscanosRP = 3
	if _, err := AsignarFederal(tie, cfg); err == nil {
		t.Error("equal remainders were settled without a sorteo")
	}
	cfg.Sorteo = (&fixedSorteo{answers: [][]string{{"B"}}}).draw
	a, err := AsignarFederal(tie, cfg)
	if err != nil || rpDe(a)["B"] != 2 || len(a.Sorteos) != 1 {
		t.Errorf("with a sorteo: %v %v %v, want B 2 and one sorteo recorded", rpDe(a), err,
			a.Sorteos)
	}
}

func porCociente(r Reparticion) map[string]int {
	out := map[string]int{}
	for _, f := range r.Filas {
		out[f.Partido] = f.PorCociente
	}
	return out
}

func escanos(r Reparticion) map[string]int {
	out := map[string]int{}
	for _, f := range r.Filas {
		out[f.Partido] = f.Escanos()
	}
	return out
}

func fmtRat(r *big.Rat) string { return fraccion(r.Num(), r.Denom()) }
