package computo

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
)

// definicionDos is a contest of PAN (with PRI) against MORENA, with nulos.
func definicionDos() Definicion {
	d := definicionEjemplo()
	d.Columnas = []string{"PAN", "PRI", "MORENA", "C_PAN_PRI", "NO_REGISTRADAS", "NULOS"}
	d.Candidaturas = []Candidato{
		{ID: "PAN-PRI", Nombre: "ANA PÉREZ", Partidos: []string{"PAN", "PRI"},
			Columnas: []string{"PAN", "PRI", "C_PAN_PRI"}},
		{ID: "MORENA", Nombre: "BETO ÑUÑEZ", Partidos: []string{"MORENA"},
			Columnas: []string{"MORENA"}},
	}
	return d
}

// casillaDos is a casilla of definicionDos counted in the PREP, its rubros in agreement.
func casillaDos(i int, pan, pri, morena, coal, nulos int64) Casilla {
	a := ActaCasilla{Votos: map[string]acta.Value{"PAN": acta.Num(pan), "PRI": acta.Num(pri),
		"MORENA": acta.Num(morena), "C_PAN_PRI": acta.Num(coal)}, Nulos: acta.Num(nulos),
		NoRegistradas: acta.Num(0)}
	total := pan + pri + morena + coal + nulos
	a.PersonasVotaron, a.RepresentantesVotaron = acta.Num(total), acta.Num(0)
	a.VotosSacados, a.TotalAsentado = acta.Num(total), acta.Num(total)
	id := fmt.Sprintf("21%04dB0100", i)
	return Casilla{ID: id, Clave: id, Seccion: fmt.Sprintf("%04d", i), Tipo: "B",
		ListaNominal: 750, PREP: &ActaPREP{Contabilizada: true, Capturada: true, Acta: a}}
}

// registrarYCotejar registers every package in order and confirms every PREP capture.
func registrarYCotejar(t *testing.T, s *Sesion) {
	t.Helper()
	for _, c := range s.Casillas() {
		must(t, s.RegistrarPaquete("bodega", c.ID, Paquete{ActaEnPaquete: true,
			CopiaPresidente: true}))
	}
	for {
		id, ok := s.Siguiente()
		if !ok {
			return
		}
		must(t, errOf(s.Cotejar("consejo", id, Cotejo{Confirma: true, Coinciden: true})))
	}
}

// recontarComoPREP recounts every pending casilla, finding its PREP figures, in grupos
// de trabajo taken in turn when the plan has them.
func recontarComoPREP(t *testing.T, s *Sesion, p PlanRecuento) {
	t.Helper()
	for i, id := range s.PorRecontar() {
		c, _ := s.Casilla(id)
		r := Recuento{Votos: s.votosActa(c.PREP.Acta)}
		if p.GruposDeTrabajo {
			r.Grupo = i%p.Grupos + 1
		}
		must(t, s.CapturarRecuento("grupo", id, r))
	}
}

// TestRecuentoTotal builds a unit whose 22 casillas with nulos above their margin go to
// grupos de trabajo (O-REC-9), whose result falls within one point (O-REC-6..8), and whose
// runner-up asks for the total recount: the 8 other casillas are recounted, the 22 are not
// recounted twice (LGIPE art. 311.3).
func TestRecuentoTotal(t *testing.T) {
	var cs []Casilla
	for i := range 30 {
		if i < 22 {
			cs = append(cs, casillaDos(i+1, 60, 0, 58, 0, 10))
		} else {
			cs = append(cs, casillaDos(i+1, 50, 0, 51, 0, 0))
		}
	}
	s, err := NuevaSesion(definicionDos(), cs, "presidencia", reloj())
	must(t, err)
	registrarYCotejar(t, s)
	if n := len(s.PorRecontar()); n != 22 {
		t.Fatalf("%d casillas to recount, want 22", n)
	}
	p, err := s.PlanearRecuento("presidencia", 2, 600)
	must(t, err)
	if !p.GruposDeTrabajo || !reflect.DeepEqual(p.PaquetesPorGrupo, []int{11, 11}) {
		t.Fatalf("plan %+v, want 2 grupos de trabajo of 11", p)
	}
	first := s.PorRecontar()[0]
	if err := s.CapturarRecuento("pleno", first, Recuento{Votos: votosDos(60, 58, 10)}); err ==
		nil || !strings.Contains(err.Error(), "indique el grupo") {
		t.Errorf("recount in the pleno when grupos were agreed: %v", err)
	}
	recontarComoPREP(t, s, p)

	// PAN 1,720, MORENA 1,684, nulos 220: 36 × 100 = 3,600 ≤ 3,624.
	rt, err := s.DecidirRecuentoTotal("representación de MORENA", true)
	must(t, err)
	if !rt.Procede || rt.Diferencia != 36 || rt.Base != 3624 {
		t.Fatalf("total recount %+v, want it to proceed on 36 of 3,624", rt)
	}
	if s.Fase() != FaseRecuentoTotal || len(s.PorRecontar()) != 8 {
		t.Fatalf("step %s with %d to recount, want recuento total with 8", s.Fase(),
			len(s.PorRecontar()))
	}
	_, err = s.Computar("presidencia", nil)
	var se *SecuenciaError
	if !errors.As(err, &se) {
		t.Errorf("sum during the total recount: %v", err)
	}
	p2, err := s.PlanearRecuento("presidencia", 0, 0)
	must(t, err)
	recontarComoPREP(t, s, p2)
	r, err := s.Computar("presidencia", nil)
	must(t, err)
	if r.Recontadas != 30 {
		t.Errorf("%d casillas recounted, want 30", r.Recontadas)
	}
	c, _ := s.Casilla(cs[0].ID)
	if codes := codigos(*c.Dictamen); slicesContain(codes, CausaRecuentoTotal) {
		t.Errorf("casilla already recounted got the total recount cause: %v", codes)
	}
	c, _ = s.Casilla(cs[29].ID)
	if codes := codigos(*c.Dictamen); !reflect.DeepEqual(codes,
		[]CodigoCausa{CausaRecuentoTotal}) {
		t.Errorf("casilla of the total recount has causes %v", codes)
	}
	a, err := s.Acta()
	must(t, err)
	var grupos []int
	for _, g := range a.Grupos {
		grupos = append(grupos, g.Grupo, g.Casillas)
	}
	if !reflect.DeepEqual(grupos, []int{0, 8, 1, 11, 2, 11}) || len(a.Planes) != 2 {
		t.Errorf("groups (grupo, casillas) %v with %d plans, want pleno 8, 1: 11, 2: 11; 2",
			grupos, len(a.Planes))
	}
}

func slicesContain(cs []CodigoCausa, c CodigoCausa) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func votosDos(pan, morena, nulos int64) Votos {
	return Votos{"PAN": pan, "PRI": 0, "MORENA": morena, "C_PAN_PRI": 0,
		"NO_REGISTRADAS": 0, "NULOS": nulos}
}

// TestSorteoRegistrado: PAN and PRI tie on own votes and C_PAN_PRI has one leftover vote.
// The sum asks for the council's draw and records it; a later correction that keeps the
// tie keeps the draw without asking again; the replay uses the recorded draw.
func TestSorteoRegistrado(t *testing.T) {
	s, err := NuevaSesion(definicionDos(), []Casilla{casillaDos(1, 10, 10, 30, 1, 0)},
		"presidencia", reloj())
	must(t, err)
	registrarYCotejar(t, s)
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	_, err = s.Computar("presidencia", nil)
	var de *DatosError
	if !errors.As(err, &de) || !strings.Contains(de.Mensaje(), "sorteo") {
		t.Fatalf("sum with a tie and no draw: %v", err)
	}
	pidio := 0
	consejo := func(req SorteoSolicitud) ([]string, error) {
		pidio++
		return []string{"PRI"}, nil
	}
	r, err := s.Computar("presidencia", consejo)
	must(t, err)
	if r.Distribucion.Partidos["PRI"] != 11 || r.Distribucion.Partidos["PAN"] != 10 ||
		pidio != 1 {
		t.Fatalf("split %v after %d draws, want PRI 11, PAN 10 after one",
			r.Distribucion.Partidos, pidio)
	}
	r, err = s.Corregir("presidencia", cs1(s), Votos{"MORENA": 29}, "error de suma", nil)
	must(t, err)
	if r.Distribucion.Partidos["PRI"] != 11 || len(s.Sorteos()) != 1 {
		t.Errorf("after a correction: split %v, %d draws; want the same draw",
			r.Distribucion.Partidos, len(s.Sorteos()))
	}
	data, err := json.Marshal(s.Eventos())
	must(t, err)
	var eventos []Evento
	must(t, json.Unmarshal(data, &eventos))
	rs, err := Reconstruir(eventos, nil)
	must(t, err)
	if got, _ := rs.Resultado(); got.Distribucion.Partidos["PRI"] != 11 {
		t.Errorf("replayed split %v", got.Distribucion.Partidos)
	}
	r, err = s.Corregir("presidencia", cs1(s), Votos{"PAN": 12}, "error de captura", nil)
	must(t, err)
	if r.Distribucion.Partidos["PAN"] != 13 {
		t.Errorf("without the tie PAN gets the leftover: %v", r.Distribucion.Partidos)
	}
}

func cs1(s *Sesion) string { return s.Casillas()[0].ID }

// TestEmpate: a tie for first place is recorded, not broken; no validity nor constancia
// while it lasts; a correction that produces a tie after the constancia revokes it and
// leaves none in force.
func TestEmpate(t *testing.T) {
	s, err := NuevaSesion(definicionDos(), []Casilla{casillaDos(1, 20, 5, 25, 0, 1),
		casillaDos(2, 20, 0, 20, 0, 1)}, "presidencia", reloj())
	must(t, err)
	registrarYCotejar(t, s)
	recontarComoPREP(t, s, mustPlan(t, s))
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	r, err := s.Computar("presidencia", nil)
	must(t, err)
	if !r.Ganador.Empate || r.Ganador.Votos != 45 {
		t.Fatalf("winner %+v, want a tie at 45", r.Ganador)
	}
	if err := s.DeclararValidez("presidencia", "acuerdo"); err == nil ||
		!strings.Contains(err.Error(), "empate") {
		t.Errorf("validity declared on a tie: %v", err)
	}
	must(t, errOf(s.Corregir("presidencia", s.Casillas()[1].ID, Votos{"PAN": 21},
		"error aritmético", nil)))
	must(t, s.DeclararValidez("presidencia", "acuerdo"))
	k, err := s.ExpedirConstancia("presidencia")
	must(t, err)
	if k.Candidatura != "PAN-PRI" || k.Diferencia != 1 {
		t.Errorf("constancia %+v, want PAN-PRI by 1", k)
	}
	must(t, errOf(s.Corregir("presidencia", s.Casillas()[1].ID, Votos{"PAN": 20},
		"sentencia: el voto era nulo", nil)))
	ks := s.Constancias()
	_, declarada := s.Validez()
	if len(ks) != 1 || !ks[0].Revocada || ks[0].SustituidaPor != "" || s.Concluida() ||
		s.Fase() != FaseResultados || declarada {
		t.Errorf("after a tie: constancias %+v, step %s, validity in force %v; want the "+
			"results step without validity", ks, s.Fase(), declarada)
	}
	if err := s.DeclararValidez("presidencia", "acuerdo 2"); err == nil {
		t.Error("validity declared again on the tie")
	}
	// A later ruling breaks the tie: validity and a new constancia, to the new winner.
	must(t, errOf(s.Corregir("presidencia", s.Casillas()[1].ID, Votos{"MORENA": 21},
		"sentencia: recuento parcial", nil)))
	must(t, s.DeclararValidez("presidencia", "acuerdo 2"))
	k, err = s.ExpedirConstancia("presidencia")
	must(t, err)
	if k.Candidatura == "PAN-PRI" || len(s.Constancias()) != 2 || !s.Concluida() {
		t.Errorf("after the tie is broken: constancia %+v of %d", k, len(s.Constancias()))
	}
	// The log replays to the same state.
	r2, err := Reconstruir(s.Eventos(), nil)
	must(t, err)
	if r2.Fase() != s.Fase() || len(r2.Constancias()) != 2 {
		t.Errorf("replayed: step %s, %d constancias", r2.Fase(), len(r2.Constancias()))
	}
}

func mustPlan(t *testing.T, s *Sesion) PlanRecuento {
	t.Helper()
	p, err := s.PlanearRecuento("presidencia", 0, 0)
	must(t, err)
	return p
}

// distrito runs the district cómputo of Gubernatura of unit u over its casillas, counted
// in the PREP and confirmed.
func distrito(t *testing.T, u string, cs ...Casilla) *Sesion {
	t.Helper()
	return distritoDe(t, "GUB", u, cs...)
}

// distritoDe runs a district cómputo of eleccion (GUB: sent to the Consejo General;
// DIP_LOC: the council declares validity) of unit u, counted in the PREP and confirmed.
func distritoDe(t *testing.T, eleccion, u string, cs ...Casilla) *Sesion {
	t.Helper()
	d := definicionEjemplo()
	d.Eleccion, d.Unidad, d.Declara = eleccion, u, eleccion != "GUB"
	if eleccion == "GUB" {
		d.EleccionNombre = "Gubernatura"
	}
	d.Consejo = "Consejo Distrital " + u
	for i := range cs {
		cs[i].ID += u
	}
	s, err := NuevaSesion(d, cs, "presidencia "+u, reloj())
	must(t, err)
	registrarYCotejar(t, s)
	if len(s.PorRecontar()) > 0 {
		recontarComoPREP(t, s, mustPlan(t, s))
	}
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	must(t, errOf(s.Computar("presidencia", nil)))
	return s
}

// TestComputoEstatal sums two district cómputos in the Consejo General at both split
// levels, then a district correction propagates: the state winner changes, its
// constancia is revoked and a new one issued.
func TestComputoEstatal(t *testing.T) {
	prep := func(a ActaCasilla) *ActaPREP {
		return &ActaPREP{Contabilizada: true, Capturada: true, Acta: a}
	}
	d1 := distrito(t, "001",
		Casilla{ID: "A", Tipo: "B", PREP: prep(actaDe(100, 20, 90, 10, 3, 2, 5, 0, 4))},
		Casilla{ID: "B", Tipo: "B", PREP: prep(actaDe(50, 10, 60, 5, 0, 0, 2, 0, 2))})
	d2 := distrito(t, "002",
		Casilla{ID: "A", Tipo: "B", PREP: prep(actaDe(40, 5, 58, 5, 0, 1, 1, 0, 1))},
		Casilla{ID: "B", Tipo: "B", PREP: prep(actaDe(30, 4, 30, 3, 3, 0, 0, 1, 1))})

	estatal := func(n NivelReparto) *ComputoEstatal {
		def := DefinicionEstatal{Definicion: d1.Definicion(), Partes: []string{"001", "002"},
			Reparto: n}
		def.Organo, def.Consejo, def.Unidad, def.UnidadNombre, def.Declara = ConsejoGeneral,
			"Consejo General", "21", "PUEBLA", true
		cg, err := NuevoComputoEstatal(def, "presidencia del CG", reloj())
		must(t, err)
		for _, d := range []*Sesion{d2, d1} {
			a, err := d.ActaDistrital()
			must(t, err)
			must(t, cg.Recibir("secretaría", a, "", nil))
		}
		return cg
	}
	cg := estatal(RepartoDistrital)
	_, err := cg.ExpedirConstancia("presidencia")
	var se *SecuenciaError
	if !errors.As(err, &se) {
		t.Errorf("constancia before the state cómputo: %v", err)
	}
	r, err := cg.Computar("presidencia del CG", nil)
	must(t, err)
	re, err := estatal(RepartoEstatal).Computar("presidencia del CG", nil)
	must(t, err)
	if !reflect.DeepEqual(r.Candidaturas, re.Candidaturas) {
		t.Errorf("candidacies differ by split level: %v, %v", r.Candidaturas, re.Candidaturas)
	}
	// C_PAN_PRI is 3 in each district: 2 + 1 twice by district, 3 + 3 once by state.
	if r.Distribucion.Partidos["PRI"] != 39+2 || re.Distribucion.Partidos["PRI"] != 39+3 {
		t.Errorf("PRI after the split: %d by district, %d by state; want 41, 42",
			r.Distribucion.Partidos["PRI"], re.Distribucion.Partidos["PRI"])
	}
	if g, _ := r.Unico(); g != "PAN-PRI" || r.Ganador.Diferencia != 1 {
		t.Fatalf("state winner %+v, want PAN-PRI by 1", r.Ganador)
	}
	must(t, cg.DeclararValidez("presidencia del CG", "CG/AC-0069/2024"))
	k, err := cg.ExpedirConstancia("presidencia del CG")
	must(t, err)
	if k.Folio != "GUB-21-1" || k.Propietaria != "ANA PÉREZ" {
		t.Errorf("constancia %+v", k)
	}

	must(t, errOf(d2.Corregir("presidencia 002", "A002", Votos{"MORENA": 60},
		"sentencia TEEP-A-010/2024", nil)))
	a, err := d2.ActaDistrital()
	must(t, err)
	if err := cg.Recibir("secretaría", a, "", nil); err == nil {
		t.Errorf("a new version of a district acta without its cause was accepted")
	}
	must(t, cg.Recibir("secretaría", a, "acta de cómputo distrital 002 modificada por la "+
		"sentencia TEEP-A-010/2024", nil))
	r, _ = cg.Resultado()
	ks := cg.Constancias()
	if g, _ := r.Unico(); g != "MORENA-PT" || len(ks) != 2 || !ks[0].Revocada ||
		ks[1].Propietaria != "BETO ÑUÑEZ" || ks[1].Folio != "GUB-21-2" {
		t.Fatalf("after the district correction: winner %v, constancias %+v",
			r.Ganador.Candidaturas, ks)
	}
	data, err := json.Marshal(cg.Eventos())
	must(t, err)
	var eventos []Evento
	must(t, json.Unmarshal(data, &eventos))
	rc, err := ReconstruirEstatal(eventos, nil)
	must(t, err)
	if got, _ := rc.Resultado(); !reflect.DeepEqual(got, r) || len(rc.Constancias()) != 2 {
		t.Errorf("replayed state cómputo differs")
	}
}

// TestCorreccionLlegaAEscanos: the MR seats that enter the RP assignment follow the
// constancias, so a correction that changes a district winner changes the seats' input
// and the assignment.
func TestCorreccionLlegaAEscanos(t *testing.T) {
	prep := func(a ActaCasilla) *ActaPREP {
		return &ActaPREP{Contabilizada: true, Capturada: true, Acta: a}
	}
	var sesiones []*Sesion
	for _, u := range []string{"001", "002"} {
		s := distritoDe(t, "DIP_LOC", u,
			Casilla{ID: "A", Tipo: "B", PREP: prep(actaDe(100, 20, 90, 10, 3, 2, 5, 0, 4))},
			Casilla{ID: "B", Tipo: "B", PREP: prep(actaDe(40, 5, 50, 5, 0, 1, 1, 0, 1))})
		sesiones = append(sesiones, s)
	}
	// Ana 168, Beto 158 in each district.
	for i, s := range sesiones {
		must(t, s.DeclararValidez("presidencia", fmt.Sprintf("CD%02d/AC-1", i+1)))
		must(t, errOf(s.ExpedirConstancia("presidencia")))
	}
	siglado := Siglado{"001": {"PAN-PRI": "PAN", "MORENA-PT": "MORENA"},
		"002": {"PAN-PRI": "PRI", "MORENA-PT": "PT"}}
	v, err := VotacionRPDe(sesiones, siglado)
	must(t, err)
	mr := func(v VotacionRP) map[string]int {
		out := map[string]int{}
		for _, p := range v.Partidos {
			if p.MR > 0 {
				out[p.Partido] = p.MR
			}
		}
		return out
	}
	if got := mr(v); !reflect.DeepEqual(got, map[string]int{"PAN": 1, "PRI": 1}) || !v.Completa {
		t.Fatalf("MR seats %v (complete %v), want PAN 1, PRI 1", got, v.Completa)
	}
	// A ruling adds 20 votes to MORENA in 002: Beto 178, Ana 168.
	must(t, errOf(sesiones[1].Corregir("tribunal", "B002", Votos{"MORENA": 70},
		"sentencia", nil)))
	v2, err := VotacionRPDe(sesiones, siglado)
	must(t, err)
	if got := mr(v2); !reflect.DeepEqual(got, map[string]int{"PAN": 1, "PT": 1}) {
		t.Errorf("MR seats after the correction %v, want PAN 1, PT 1", got)
	}
	cfg := ConfigPueblaCIPEEP()
	cfg.EscanosMR, cfg.EscanosRP = 2, 3
	cfg.Sorteo = func(req SorteoSolicitud) ([]string, error) {
		return req.Empatados[:req.Lugares], nil
	}
	a1, err := AsignarPuebla(v, cfg)
	must(t, err)
	a2, err := AsignarPuebla(v2, cfg)
	must(t, err)
	if f1, _ := a1.Fila("PT"); f1.MR != 0 {
		t.Errorf("PT MR before %d", f1.MR)
	}
	if f2, _ := a2.Fila("PT"); f2.MR != 1 || f2.Votos != 2*(15+1) {
		t.Errorf("PT after the correction: %+v", f2)
	}
	delete(siglado["002"], "MORENA-PT")
	if _, err := VotacionRPDe(sesiones, siglado); err == nil {
		t.Errorf("a coalition winner without siglado was counted")
	}
}
