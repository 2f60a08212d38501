package computo

import (
	"reflect"
	"strings"
	"testing"
)

// oRP5 is the input of O-RP-5 (RULES.md §7.2) with the given MR seats of A, B, C and D.
func oRP5(mr ...int) VotacionRP {
	return VotacionRP{Completa: true, Partidos: []PartidoRP{{"A", 400000, mr[0]},
		{"B", 250000, mr[1]}, {"C", 150000, mr[2]}, {"D", 60000, mr[3]}}}
}

// TestRPPueblaRotation runs O-RP-5: the rotation by cociente natural gives A 6, B 4,
// C 2, D 1 in the order A,B,C,D,A,B,C,A,B,A,B,A,A, and the resto mayor A and C, for A 7, B 4,
// C 3, D 1. With these MR seats no party is outside its limits.
func TestRPPueblaRotation(t *testing.T) {
	a, err := AsignarPuebla(oRP5(14, 7, 4, 1), ConfigPueblaCIPEEP())
	if err != nil {
		t.Fatal(err)
	}
	r := a.Repartos[0]
	want := strings.Split("A B C D A B C A B A B A A A C", " ")
	if !reflect.DeepEqual(r.Rotacion, want) {
		t.Errorf("rotation %v, want %v", r.Rotacion, want)
	}
	restos := map[string]string{}
	for _, f := range r.Filas {
		restos[f.Partido] = fmtRat(f.Resto())
	}
	wantRestos := map[string]string{"A": "56,000", "B": "20,666.6666…",
		"C": "35,333.3333…", "D": "2,666.6666…"}
	if !reflect.DeepEqual(restos, wantRestos) {
		t.Errorf("remainders %v, want %v", restos, wantRestos)
	}
	if got := rpDe(a); !reflect.DeepEqual(got, map[string]int{"A": 7, "B": 4, "C": 3, "D": 1}) {
		t.Errorf("RP %v, want A 7, B 4, C 3, D 1", got)
	}
	if len(a.Repartos) != 1 {
		t.Errorf("%d repartos, want 1: no party outside its limits", len(a.Repartos))
	}
	text := strings.Join(Lineas(a.Pasos), "\n")
	for _, s := range []string{
		"Votación depurada = votación válida 860,000 − partidos sin el umbral (ninguno) − " +
			"candidaturas independientes 0 = 860,000",
		"Cociente natural = votación depurada 860,000 / 15 diputaciones = 57,333.3333…",
		"Diputación 1, ronda 1: A (sus votos contienen el cociente natural; le quedan " +
			"342,666.6666…)",
		"Diputación 13, ronda 6: A (sus votos contienen el cociente natural; le quedan 56,000)",
		"Restos en orden decreciente: A 56,000, C 35,333.3333…, B 20,666.6666…, D 2,666.6666…",
		"Diputación 15 por resto mayor: C (resto 35,333.3333…)",
		"A: MR 14 + RP 7 = 21 de 41 = 51.2195 % de la legislatura; votación 46.5116 %; " +
			"límite superior 54.5116 % (máximo 22), inferior 38.5116 % (mínimo 16): dentro " +
			"de sus límites",
		"[por confirmar]",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("explanation lacks %q:\n%s", s, text)
		}
	}
}

// TestRPPueblaSobrerrepresentacion deducts from A, over its upper limit of 22 seats
// with 20 MR, and reassigns the five seats both ways.
func TestRPPueblaSobrerrepresentacion(t *testing.T) {
	want := map[string]int{"A": 2, "B": 7, "C": 4, "D": 2}
	for _, re := range []Reasignacion{ReasignarPorCociente, ReasignarASubrepresentados} {
		cfg := ConfigPueblaCIPEEP()
		cfg.Reasignacion = re
		a, err := AsignarPuebla(oRP5(20, 4, 2, 0), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := rpDe(a); !reflect.DeepEqual(got, want) {
			t.Errorf("reasignación %d: RP %v, want %v\n%s", re, got, want,
				strings.Join(Lineas(a.Pasos), "\n"))
		}
		text := strings.Join(Lineas(a.Pasos), "\n")
		if !strings.Contains(text, "A excede su límite superior de 22 diputaciones: se le "+
			"deducen 5 de representación proporcional y conserva 2") {
			t.Errorf("reasignación %d: explanation lacks the deduction:\n%s", re, text)
		}
	}
}

// TestRPPueblaCompensacion: C keeps its 12 MR wins over its limit of 10 with no RP; B
// then stays under its lower limit of 9 and receives seats from D and A, the most
// over-represented parties that can spare one.
func TestRPPueblaCompensacion(t *testing.T) {
	a, err := AsignarPuebla(oRP5(10, 0, 12, 4), ConfigPueblaCIPEEP())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"A": 6, "B": 9, "C": 0, "D": 0}
	if got := rpDe(a); !reflect.DeepEqual(got, want) {
		t.Errorf("RP %v, want %v\n%s", got, want, strings.Join(Lineas(a.Pasos), "\n"))
	}
	cfg := ConfigPueblaCIPEEP()
	cfg.SinCompensacion = true
	a, err = AsignarPuebla(oRP5(10, 0, 12, 4), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]int{"A": 9, "B": 5, "C": 0, "D": 1}
	if got := rpDe(a); !reflect.DeepEqual(got, want) {
		t.Errorf("without compensation: RP %v, want %v", got, want)
	}
	if text := strings.Join(Lineas(a.Pasos), "\n"); !strings.Contains(text,
		"B queda por debajo de su límite inferior; la compensación no está activada") {
		t.Errorf("explanation lacks the unresolved under-representation:\n%s", text)
	}
}

// TestRPPueblaUmbral: a party under 3 % of the valid vote keeps its MR seats and takes
// no RP; the first-round seat, when configured, goes to every party over the threshold.
func TestRPPueblaUmbral(t *testing.T) {
	v := VotacionRP{Completa: true, Nulos: 40000, NoRegistradas: 1000, Partidos: []PartidoRP{
		{"A", 400000, 14}, {"B", 250000, 8}, {"C", 150000, 2}, {"D", 20000, 2}},
		Independientes: []PartidoRP{{"CAND_IND_1", 10000, 0}}}
	a, err := AsignarPuebla(v, ConfigPueblaCIPEEP())
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := a.Fila("D"); f.ConDerecho || f.RP != 0 || f.Total != 2 {
		t.Errorf("D %+v, want no RP right (20,000 of 830,000 valid) and its 2 MR", f)
	}
	if a.Repartos[0].Votacion != 800000 {
		t.Errorf("votación depurada %d, want 800,000", a.Repartos[0].Votacion)
	}
	cfg := ConfigPueblaCIPEEP()
	cfg.AsignacionDirecta = true
	b, err := AsignarPuebla(v, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b.Repartos[0].Escanos != 12 {
		t.Errorf("after the first-round seats %d seats by CN, want 12", b.Repartos[0].Escanos)
	}
	var total int
	for _, f := range b.Filas {
		total += f.RP
	}
	if total != 15 {
		t.Errorf("%d RP seats, want 15", total)
	}

	// On the votación válida the cociente is larger than on the depurada: with D out, its
	// 20,000 and the independent's 10,000 leave seats for a second round of remainders.
	cfg = ConfigPueblaCIPEEP()
	cfg.BaseCociente = VotacionValida
	c, err := AsignarPuebla(v, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Repartos[0].Votacion; got != 830000 {
		t.Errorf("votación for the cociente %d, want the valid 830,000", got)
	}
	total = 0
	for _, f := range c.Filas {
		total += f.RP
	}
	if total != 15 {
		t.Errorf("on the votación válida, %d RP seats, want 15", total)
	}
}

func TestRPPueblaRefuses(t *testing.T) {
	v := oRP5(14, 7, 4, 1)
	v.Completa = false
	if _, err := AsignarPuebla(v, ConfigPueblaCIPEEP()); err == nil {
		t.Error("incomplete data were assigned seats")
	}
	v = VotacionRP{Completa: true, Nulos: 10}
	if _, err := AsignarPuebla(v, ConfigPueblaCIPEEP()); err == nil {
		t.Error("seats assigned with no party")
	}
}
