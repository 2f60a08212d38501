package computo

import (
	"reflect"
	"strings"
	"testing"
)

// municipio is a small constructed municipio: A wins the planilla; E has under 3 % of the
// 11,000 votes.
func municipio() VotacionMunicipio {
	return VotacionMunicipio{Municipio: "Ejemplo", Ganadora: []string{"A"},
		Votacion: VotacionRP{Completa: true, Nulos: 300, Partidos: []PartidoRP{
			{"A", 5000, 0}, {"B", 3000, 0}, {"C", 1800, 0}, {"D", 700, 0}, {"E", 200, 0}}}}
}

// TestRPRegidurias: votación efectiva 11,000 − A 5,000 − E 200 − nulos 300 = 5,500;
// CN 1,375; B 2 and C 1 by cociente (rotation B, C, B), D 1 by resto mayor (700 over C's 425
// and B's 250).
func TestRPRegidurias(t *testing.T) {
	a, err := AsignarRegidurias(municipio(), ConfigRegiduriasPuebla(4))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"A": 0, "B": 2, "C": 1, "D": 1, "E": 0}
	if got := rpDe(a); !reflect.DeepEqual(got, want) {
		t.Errorf("regidurías %v, want %v", got, want)
	}
	r := a.Repartos[0]
	if r.Votacion != 5500 || fmtRat(r.Cociente()) != "1,375" {
		t.Errorf("votación efectiva %d CN %s, want 5,500 and 1,375", r.Votacion,
			fmtRat(r.Cociente()))
	}
	if !reflect.DeepEqual(r.Rotacion, []string{"B", "C", "B", "D"}) {
		t.Errorf("order %v, want B C B D", r.Rotacion)
	}
	text := strings.Join(Lineas(a.Pasos), "\n")
	if !strings.Contains(text, "Votación efectiva = 11,000 − planilla ganadora A 5,000 − "+
		"E (menos del 3 %) 200 − nulos 300 − no registradas 0 = 5,500") {
		t.Errorf("explanation:\n%s", text)
	}
	if f, _ := a.Fila("A"); f.ConDerecho {
		t.Errorf("the winning planilla's party has RP rights: %+v", f)
	}

	cfg := ConfigRegiduriasPuebla(4)
	cfg.ConservarNulos = true
	b, err := AsignarRegidurias(municipio(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Repartos[0].Votacion; got != 5800 {
		t.Errorf("keeping nulos, votación efectiva %d, want 5,800", got)
	}
	m := municipio()
	m.Ganadora = nil
	if _, err := AsignarRegidurias(m, ConfigRegiduriasPuebla(4)); err == nil {
		t.Error("regidurías assigned without the winning planilla")
	}
}
