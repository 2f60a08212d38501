package computo

import (
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
)

var (
	blank     = acta.Value{Kind: acta.SinDato}
	illegible = acta.Value{Kind: acta.Ilegible}
)

// consistente returns the expediente of a casilla whose package and acta are in order and
// whose rubros agree with its votes.
func consistente(votos map[string]int64, nulos int64) Expediente {
	a := ActaCasilla{Votos: map[string]acta.Value{}, Nulos: acta.Num(nulos),
		NoRegistradas: acta.Num(0), RepresentantesVotaron: acta.Num(2)}
	total := nulos
	for c, n := range votos {
		a.Votos[c] = acta.Num(n)
		total += n
	}
	a.PersonasVotaron, a.VotosSacados, a.TotalAsentado = acta.Num(total-2), acta.Num(total),
		acta.Num(total)
	return Expediente{Casilla: "0101 B", ActaEnPaquete: true, CopiaPresidente: true,
		ActasCoinciden: true, Acta: a}
}

func codigos(d Dictamen) []CodigoCausa {
	var out []CodigoCausa
	for _, c := range d.Causas {
		out = append(out, c.Codigo)
	}
	return out
}

// TestRevisarWorkedExamples runs O-REC-1 … O-REC-5 of RULES.md §6.4 and the blank and
// illegible rubros.
func TestRevisarWorkedExamples(t *testing.T) {
	rec4 := consistente(map[string]int64{"PAN": 200, "PRI": 198}, 0)
	rec4.Acta.PersonasVotaron, rec4.Acta.RepresentantesVotaron = acta.Num(412), acta.Num(0)
	rec4.Acta.VotosSacados, rec4.Acta.TotalAsentado = acta.Num(412), acta.Num(398)
	rec5 := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	rec5.ActasCoinciden = false
	sinActa := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	sinActa.ActaEnPaquete, sinActa.CopiaPresidente = false, false
	soloCopia := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	soloCopia.ActaEnPaquete = false
	ilegible := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	ilegible.Acta.VotosSacados = illegible
	enBlanco := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	enBlanco.Acta.TotalAsentado = blank
	repsBlank := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	repsBlank.Acta.RepresentantesVotaron = blank
	repsBlank.Acta.PersonasVotaron = acta.Num(222)
	aclarado := rec4
	aclarado.Aclaracion = "la lista nominal registra 398 votantes; el error es de suma"
	votoIlegible := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	votoIlegible.Acta.Votos["PRI"] = illegible
	alterado := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	alterado.PaqueteAlterado, alterado.ActaAlterada = true, true

	cases := []struct {
		id   string
		e    Expediente
		want []CodigoCausa
	}{
		{"O-REC-1", consistente(map[string]int64{"PAN": 120, "PRI": 115}, 6),
			[]CodigoCausa{CausaNulosMayorDiferencia}},
		{"O-REC-2", consistente(map[string]int64{"PAN": 120, "PRI": 115}, 5), nil},
		{"O-REC-3", consistente(map[string]int64{"PAN": 230, "PRI": 0, "MC": 0}, 0),
			[]CodigoCausa{CausaVotosUnPartido}},
		{"O-REC-4", rec4, []CodigoCausa{CausaErrorEvidente}},
		{"O-REC-4 aclarado", aclarado, nil},
		{"O-REC-5", rec5, []CodigoCausa{CausaActasNoCoinciden}},
		{"sin acta", sinActa, []CodigoCausa{CausaSinActa}},
		{"solo la copia del presidente", soloCopia, nil},
		{"votos sacados ilegibles", ilegible, []CodigoCausa{CausaRubroIlegible}},
		{"total en blanco", enBlanco, []CodigoCausa{CausaRubroIlegible}},
		{"representantes en blanco cuentan 0", repsBlank, nil},
		{"voto ilegible", votoIlegible, []CodigoCausa{CausaRubroIlegible}},
		{"alteraciones", alterado, []CodigoCausa{CausaPaqueteAlterado, CausaActaAlterada}},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			d := Revisar(c.e, ConfigRecuento{})
			if got := codigos(d); !reflect.DeepEqual(got, c.want) {
				t.Errorf("causes %v, want %v (%+v)", got, c.want, d.Causas)
			}
			if d.Recontar != (len(c.want) > 0) {
				t.Errorf("recontar %v, want %v", d.Recontar, len(c.want) > 0)
			}
		})
	}
}

func TestRevisarDetail(t *testing.T) {
	d := Revisar(consistente(map[string]int64{"PAN": 120, "PRI": 115}, 6), ConfigRecuento{})
	c := d.Causas[0]
	if c.Detalle != "nulos 6 > diferencia 5 (PAN 120, PRI 115)" ||
		!strings.HasPrefix(c.Fundamento, "LGIPE art. 311.1.d.II") {
		t.Errorf("cause %+v", c)
	}
	rec4 := consistente(map[string]int64{"PAN": 200, "PRI": 198}, 0)
	rec4.Acta.PersonasVotaron, rec4.Acta.RepresentantesVotaron = acta.Num(412), acta.Num(0)
	rec4.Acta.VotosSacados, rec4.Acta.TotalAsentado = acta.Num(412), acta.Num(398)
	c = Revisar(rec4, ConfigRecuento{}).Causas[0]
	want := "personas que votaron y representantes 412, votos sacados de la urna 412, " +
		"total de votos 398"
	if c.Detalle != want || !c.PorConfirmar {
		t.Errorf("O-REC-4 detail %q, want %q, to confirm", c.Detalle, want)
	}
}

// TestRevisarLugares shows the two bases of first and second place: with combination votes
// counted for the candidacy, the coalition leads by 28 and 6 nulos do not exceed it; per
// party column, PAN and MC are 2 apart and they do.
func TestRevisarLugares(t *testing.T) {
	e := consistente(map[string]int64{"PAN": 100, "PRI": 20, "C_PAN_PRI": 10, "MC": 102}, 6)
	cand := Revisar(e, ConfigRecuento{Candidaturas: [][]string{{"PAN", "PRI"}}})
	if len(cand.Causas) != 0 {
		t.Errorf("by candidacy: %+v, want no cause (PAN-PRI 130, MC 102)", cand.Causas)
	}
	if derived := Revisar(e, ConfigRecuento{}); len(derived.Causas) != 0 {
		t.Errorf("candidacies from the acta's columns: %+v, want no cause", derived.Causas)
	}
	part := Revisar(e, ConfigRecuento{Lugares: LugaresPorPartido})
	if got := codigos(part); !reflect.DeepEqual(got,
		[]CodigoCausa{CausaNulosMayorDiferencia}) {
		t.Errorf("by party: %v, want nulos cause", got)
	}
}

func TestCandidaturasDeColumnas(t *testing.T) {
	got := candidaturasDeColumnas(map[string]acta.Value{"C_PAN_PRI": acta.Num(1),
		"C_PRI_PRD": acta.Num(0), "C_PT_MORENA": acta.Num(3), "C_PVEM_MORENA": acta.Num(0),
		"C_MC_PRD": {Kind: acta.Guion}, "MC": acta.Num(5)})
	want := [][]string{{"PAN", "PRD", "PRI"}, {"MORENA", "PT", "PVEM"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("candidaturas %v, want %v", got, want)
	}
}

func TestRevisarConsejo(t *testing.T) {
	e := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	e.Consejo = []CausaConsejo{{Texto: "boletas de otra elección en el paquete",
		Acuerdo: "punto 4 de la sesión"}}
	d := Revisar(e, ConfigRecuento{})
	want := Causa{Codigo: CausaDelConsejo, Detalle: "boletas de otra elección en el paquete",
		Descripcion: "causa determinada por el consejo (punto 4 de la sesión)"}
	if !d.Recontar || len(d.Causas) != 1 || d.Causas[0] != want {
		t.Errorf("dictamen %+v, want the council's cause", d)
	}
	alt := consistente(map[string]int64{"PAN": 120, "PRI": 100}, 2)
	alt.PaqueteAlterado = true
	if d := Revisar(alt, ConfigRecuento{PaqueteAlteradoNoEsCausa: true}); d.Recontar {
		t.Errorf("altered package with the cause turned off: %+v", d.Causas)
	}
}

// TestEvaluarRecuentoTotal runs O-REC-6 … O-REC-8 of RULES.md §6.4.
func TestEvaluarRecuentoTotal(t *testing.T) {
	unit := func(a, b int64) UnidadComputo {
		return UnidadComputo{Unidad: "D07", Candidaturas: []Resultado{{"B", b}, {"A", a},
			{"C", 100000 - a - b - 2000}}, Nulos: 1900, NoRegistradas: 100}
	}
	cases := []struct {
		id       string
		a, b     int64
		peticion bool
		dentro   bool
		procede  bool
		pct      string
	}{
		{"O-REC-6", 40500, 39600, true, true, true, "0.90"},
		{"O-REC-7", 40600, 39500, true, false, false, "1.10"},
		{"O-REC-8", 40500, 39500, true, true, true, "1.00"},
		{"O-REC-8 sin petición", 40500, 39500, false, true, false, "1.00"},
		{"one vote over", 40501, 39500, true, false, false, "1.00"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			r := EvaluarRecuentoTotal(unit(c.a, c.b), MargenVotacionTotal, c.peticion)
			if r.Base != 100000 || r.DentroDelMargen != c.dentro || r.Procede != c.procede ||
				r.Porcentaje != c.pct || r.Primero.Candidatura != "A" {
				t.Errorf("got base %d dentro %v procede %v %s%%, want 100,000 %v %v %s%% (%s)",
					r.Base, r.DentroDelMargen, r.Procede, r.Porcentaje, c.dentro, c.procede,
					c.pct, r.Explicacion)
			}
		})
	}
	// On the votación válida (98,000) a difference of 990 is over one point.
	r := EvaluarRecuentoTotal(unit(40500, 39510), MargenVotacionValida, true)
	if r.Base != 98000 || r.DentroDelMargen {
		t.Errorf("valid base: %d dentro %v, want 98,000 and outside", r.Base, r.DentroDelMargen)
	}
	if r := EvaluarRecuentoTotal(unit(40500, 39510), MargenVotacionTotal, true); !r.Procede {
		t.Errorf("total base: %s", r.Explicacion)
	}
}

// TestPlanearRecuento runs O-REC-9 and the sizing of the puntos de recuento.
func TestPlanearRecuento(t *testing.T) {
	cfg := ConfigGruposINE(5, 20*60)
	p, err := PlanearRecuento(20, cfg)
	if err != nil || p.GruposDeTrabajo {
		t.Errorf("20 packages: %+v %v, want the pleno", p, err)
	}
	p, err = PlanearRecuento(21, cfg)
	if err != nil || !p.GruposDeTrabajo {
		t.Fatalf("21 packages: %+v %v, want grupos de trabajo", p, err)
	}
	if p.Segmentos != 40 || p.PuntosPorGrupo != 1 {
		t.Errorf("21 packages: %d segments, %d points; want 40, 1", p.Segmentos, p.PuntosPorGrupo)
	}
	for _, c := range []struct {
		paquetes, grupos, minutos int
		cociente                  *big.Rat
		puntos                    int
	}{
		{260, 5, 1200, big.NewRat(13, 10), 2}, // 1.30: the fraction reaches 0.30, up
		{258, 5, 1200, big.NewRat(129, 100), 1},
		{500, 5, 1200, big.NewRat(5, 2), 3},
		{100, 5, 1200, big.NewRat(1, 2), 1}, // never below 1
		{1200, 3, 1200, big.NewRat(10, 1), 10},
	} {
		p, err := PlanearRecuento(c.paquetes, ConfigGruposINE(c.grupos, c.minutos))
		if p.Cociente == nil || p.Cociente.Cmp(c.cociente) != 0 || p.PuntosPorGrupo != c.puntos {
			t.Errorf("%d packages, %d groups, %d min: PR %v → %d, want %v → %d", c.paquetes,
				c.grupos, c.minutos, p.Cociente, p.PuntosPorGrupo, c.cociente, c.puntos)
		}
		if (err != nil) != (c.puntos > 8) {
			t.Errorf("%d packages: error %v", c.paquetes, err)
		}
	}
	p, _ = PlanearRecuento(23, ConfigGruposINE(5, 600))
	if !reflect.DeepEqual(p.PaquetesPorGrupo, []int{5, 5, 5, 4, 4}) {
		t.Errorf("packages per group %v, want 5 5 5 4 4", p.PaquetesPorGrupo)
	}
	if _, err := PlanearRecuento(23, ConfigGruposINE(6, 600)); err == nil {
		t.Error("6 groups accepted, want at most 5")
	}
}
