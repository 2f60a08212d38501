package computo

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
)

// reloj is a fake clock that moves one minute per reading.
func reloj() func() time.Time {
	t := time.Date(2024, 6, 5, 8, 0, 0, 0, time.FixedZone("UTC-6", -6*3600))
	return func() time.Time {
		t = t.Add(time.Minute)
		return t
	}
}

// columnasEjemplo are the vote columns of the constructed contest: two coalitions and an
// independent.
var columnasEjemplo = []string{"PAN", "PRI", "MORENA", "PT", "C_PAN_PRI", "C_MORENA_PT",
	"CAND_IND_1", "NO_REGISTRADAS", "NULOS"}

// definicionEjemplo is a district cómputo of deputies with candidacies Ana (PAN-PRI), Beto
// (MORENA-PT) and the independent Carla.
func definicionEjemplo() Definicion {
	return Definicion{Instituto: "Instituto Electoral del Estado", Proceso: "Proceso " +
		"Electoral Estatal Ordinario Concurrente 2023-2024", Consejo: "Consejo Distrital 01",
		Organo: ConsejoDistrital, Eleccion: "DIP_LOC", EleccionNombre: "Diputaciones Locales",
		Unidad: "001", UnidadNombre: "XICOTEPEC", Columnas: columnasEjemplo, Declara: true,
		Config: ConfigSesionINE(),
		Candidaturas: []Candidato{
			{ID: "PAN-PRI", Nombre: "ANA PÉREZ", Suplente: "ALMA RUIZ",
				Partidos: []string{"PAN", "PRI"}, Columnas: []string{"PAN", "PRI", "C_PAN_PRI"}},
			{ID: "MORENA-PT", Nombre: "BETO ÑUÑEZ", Suplente: "BRUNO SOSA",
				Partidos: []string{"MORENA", "PT"},
				Columnas: []string{"MORENA", "PT", "C_MORENA_PT"}},
			{ID: "CAND_IND_1", Nombre: "CARLA DÍAZ", Partidos: []string{"CAND_IND_1"},
				Columnas: []string{"CAND_IND_1"}, Independiente: true},
		}}
}

// actaDe writes an acta whose rubros agree with its votes, given in columnasEjemplo order.
func actaDe(n ...int64) ActaCasilla {
	a := ActaCasilla{Votos: map[string]acta.Value{}}
	var total int64
	for i, col := range columnasEjemplo {
		total += n[i]
		switch col {
		case "NULOS":
			a.Nulos = acta.Num(n[i])
		case "NO_REGISTRADAS":
			a.NoRegistradas = acta.Num(n[i])
		default:
			a.Votos[col] = acta.Num(n[i])
		}
	}
	a.PersonasVotaron, a.RepresentantesVotaron = acta.Num(total-2), acta.Num(2)
	a.VotosSacados, a.TotalAsentado = acta.Num(total), acta.Num(total)
	return a
}

// votosCols writes votes given in columnasEjemplo order.
func votosCols(n ...int64) Votos {
	v := Votos{}
	for i, col := range columnasEjemplo {
		v[col] = n[i]
	}
	return v
}

// casillasEjemplo are five casillas: A counted in the PREP; B counted, but the council
// reads MORENA 62 where the PREP captured 60; C with an altered package; D without PREP
// acta nor acta in its package; E not installed.
func casillasEjemplo() []Casilla {
	prep := func(a ActaCasilla) *ActaPREP {
		return &ActaPREP{Contabilizada: true, Capturada: true, Observaciones: " - ", Acta: a}
	}
	return []Casilla{
		{ID: "210101B0100", Clave: "210101B0100", Seccion: "0101", Tipo: "B", ListaNominal: 400,
			PREP: prep(actaDe(100, 20, 90, 10, 3, 2, 5, 0, 4))},
		{ID: "210101C0100", Clave: "210101C0100", Seccion: "0101", Tipo: "C", ListaNominal: 400,
			PREP: prep(actaDe(50, 10, 60, 5, 1, 0, 2, 0, 2))},
		{ID: "210102B0100", Clave: "210102B0100", Seccion: "0102", Tipo: "B", ListaNominal: 300,
			PREP: prep(actaDe(40, 5, 45, 5, 0, 1, 1, 0, 1))},
		{ID: "210102C0100", Clave: "210102C0100", Seccion: "0102", Tipo: "C", ListaNominal: 300},
		{ID: "210103B0100", Clave: "210103B0100", Seccion: "0103", Tipo: "B", ListaNominal: 200,
			PREP: &ActaPREP{Observaciones: "SIN ACTA POR CASILLA NO INSTALADA"}},
	}
}

// must fails the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sesionEjemplo runs the constructed session up to its results: packages, cotejos in
// legal order, the two recounts with two votos reservados, the total recount decision and
// the sum.
func sesionEjemplo(t *testing.T) *Sesion {
	t.Helper()
	s, err := NuevaSesion(definicionEjemplo(), casillasEjemplo(), "presidencia", reloj())
	must(t, err)
	ok := Paquete{ActaEnPaquete: true, CopiaPresidente: true}
	alterado := ok
	alterado.Alterado = true
	must(t, s.RegistrarPaquete("bodega", "210102B0100", alterado))
	must(t, s.RegistrarPaquete("bodega", "210101B0100", ok))
	must(t, s.RegistrarPaquete("bodega", "210101C0100", ok))
	must(t, s.RegistrarPaquete("bodega", "210102C0100", Paquete{}))
	must(t, s.RegistrarPaquete("bodega", "210103B0100", Paquete{NoInstalada: true}))

	must(t, errOf(s.Cotejar("consejo", "210101B0100", Cotejo{Confirma: true, Coinciden: true})))
	leida := actaDe(50, 10, 62, 5, 1, 0, 2, 0, 2)
	must(t, errOf(s.Cotejar("consejo", "210101C0100", Cotejo{Acta: &leida, Coinciden: true})))
	must(t, errOf(s.Cotejar("consejo", "210102C0100", Cotejo{})))
	must(t, errOf(s.Cotejar("consejo", "210102B0100", Cotejo{Confirma: true, Coinciden: true})))

	must(t, errOf(s.PlanearRecuento("presidencia", 0, 0)))
	must(t, s.CapturarRecuento("consejo", "210102B0100", Recuento{
		Votos: votosCols(40, 5, 44, 5, 0, 1, 1, 0, 1), Reservados: 2}))
	must(t, s.CapturarRecuento("consejo", "210102C0100", Recuento{
		Votos: votosCols(30, 4, 20, 3, 3, 0, 0, 1, 3)}))
	must(t, s.ResolverReservados("consejo", "210102B0100", DecisionReservados{
		Columna: "MORENA", Votos: 1, Motivo: "la marca está dentro del emblema de MORENA"}))
	must(t, s.ResolverReservados("consejo", "210102B0100", DecisionReservados{
		Columna: "NULOS", Votos: 1, Motivo: "marca dos emblemas de partidos no coaligados"}))
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	must(t, errOf(s.Computar("presidencia", nil)))
	return s
}

// errOf drops the value of a call, keeping its error for must.
func errOf[T any](_ T, err error) error { return err }

func votosCandidatura(r ResultadoComputo, id string) int64 {
	for _, c := range r.Candidaturas {
		if c.Candidatura == id {
			return c.Votos
		}
	}
	return -1
}

// TestSesionEjemplo follows the constructed session through its legal sequence and checks
// each decision and the results by hand.
func TestSesionEjemplo(t *testing.T) {
	s := sesionEjemplo(t)

	want := map[string][]CodigoCausa{"210101B0100": nil, "210101C0100": nil,
		"210102B0100": {CausaPaqueteAlterado}, "210102C0100": {CausaSinActa}}
	for id, codes := range want {
		c, _ := s.Casilla(id)
		if got := codigos(*c.Dictamen); !reflect.DeepEqual(got, codes) {
			t.Errorf("%s: causes %v, want %v", id, got, codes)
		}
	}
	if a, ok := s.Precarga("210101C0100"); !ok || a.Votos["MORENA"] != acta.Num(60) {
		t.Errorf("pre-filled cotejo of B: %v, want the PREP's MORENA 60", a.Votos["MORENA"])
	}
	if _, ok := s.Precarga("210102C0100"); ok {
		t.Errorf("casilla D, without PREP acta, has a pre-filled cotejo")
	}
	if c, _ := s.Casilla("210101C0100"); c.Cotejo.Acta.Votos["MORENA"] != acta.Num(62) {
		t.Errorf("cotejo of B holds %v, want the 62 the council read", c.Cotejo.Acta.Votos)
	}
	r, _ := s.Resultado()
	// A 123/102, B 61/67 (as read), C 45/51 (recount, one reserved to MORENA), D 37/23.
	for id, n := range map[string]int64{"PAN-PRI": 266, "MORENA-PT": 243, "CAND_IND_1": 8} {
		if got := votosCandidatura(r, id); got != n {
			t.Errorf("%s: %d votes, want %d", id, got, n)
		}
	}
	if r.Nulos != 11 || r.NoRegistradas != 1 || r.Total != 529 || r.Valida != 517 {
		t.Errorf("nulos %d, no registradas %d, total %d, válida %d; want 11, 1, 529, 517",
			r.Nulos, r.NoRegistradas, r.Total, r.Valida)
	}
	if r.Casillas != 4 || r.Recontadas != 2 {
		t.Errorf("%d casillas, %d recounted; want 4, 2", r.Casillas, r.Recontadas)
	}
	// C_PAN_PRI 7 → PAN 4, PRI 3; C_MORENA_PT 3 → MORENA 2, PT 1 (RULES.md §5).
	wantPartidos := Votos{"PAN": 220 + 4, "PRI": 39 + 3, "MORENA": 217 + 2, "PT": 23 + 1}
	if !reflect.DeepEqual(r.Distribucion.Partidos, wantPartidos) {
		t.Errorf("parties after the split %v, want %v", r.Distribucion.Partidos, wantPartidos)
	}
	if g, ok := r.Unico(); !ok || g != "PAN-PRI" || r.Ganador.Diferencia != 23 {
		t.Errorf("winner %v (difference %d), want PAN-PRI by 23", r.Ganador.Candidaturas,
			r.Ganador.Diferencia)
	}
	if s.recuentoTotal == nil || s.recuentoTotal.Procede || s.recuentoTotal.DentroDelMargen {
		t.Errorf("total recount %+v, want not within the margin", s.recuentoTotal)
	}
}

// TestCorreccionCambiaGanador is the constructed case of the issue: after the recounts and
// the constancia, a ruling corrects the recount of casilla C (MORENA 44 → 74); the winner
// changes, the constancia of Ana is revoked and Beto gets a new one.
func TestCorreccionCambiaGanador(t *testing.T) {
	s := sesionEjemplo(t)
	must(t, s.DeclararValidez("presidencia", "CD01/AC-015/2024"))
	k1, err := s.ExpedirConstancia("presidencia")
	must(t, err)
	if k1.Propietaria != "ANA PÉREZ" || k1.Votos != 266 || k1.Folio != "DIP_LOC-001-1" {
		t.Fatalf("constancia %+v, want DIP_LOC-001-1 to ANA PÉREZ with 266 votes", k1)
	}
	if !s.Concluida() {
		t.Errorf("session not concluded after the constancia")
	}

	// A correction that keeps the winner keeps the constancia.
	_, err = s.Corregir("presidencia", "210101B0100", Votos{"NULOS": 5},
		"error aritmético en los votos nulos", nil)
	must(t, err)
	if ks := s.Constancias(); len(ks) != 1 || ks[0].Revocada {
		t.Fatalf("constancias after a correction that keeps the winner: %+v", ks)
	}

	// The recount gave MORENA 44 and one reserved vote: 45; the ruling finds 75.
	r, err := s.Corregir("magistratura", "210102B0100", Votos{"MORENA": 75},
		"sentencia TEEP-JDC-001/2024: el recuento omitió 30 votos de MORENA", nil)
	must(t, err)
	if g, _ := r.Unico(); g != "MORENA-PT" || votosCandidatura(r, "MORENA-PT") != 273 ||
		votosCandidatura(r, "PAN-PRI") != 266 {
		t.Fatalf("after the correction: %v", r.Candidaturas)
	}
	ks := s.Constancias()
	if len(ks) != 2 {
		t.Fatalf("%d constancias, want the revoked one and the new one", len(ks))
	}
	if !ks[0].Revocada || ks[0].SustituidaPor != "DIP_LOC-001-2" ||
		!strings.Contains(ks[0].RevocadaCausa, "TEEP-JDC-001/2024") {
		t.Errorf("first constancia %+v, want revoked for the ruling, replaced by -2", ks[0])
	}
	if ks[1].Revocada || ks[1].Propietaria != "BETO ÑUÑEZ" || ks[1].Votos != 273 ||
		ks[1].Suplente != "BRUNO SOSA" {
		t.Errorf("new constancia %+v, want BETO ÑUÑEZ with 273 votes", ks[1])
	}
	c, _ := s.Casilla("210102B0100")
	if c.Fuente != FuenteCorreccion || c.Votos["MORENA"] != 75 {
		t.Errorf("casilla C: source %s, MORENA %d; want correccion, 75", c.Fuente,
			c.Votos["MORENA"])
	}
	a, err := s.Acta()
	must(t, err)
	if len(a.Correcciones) != 2 || a.Correcciones[1].Revoca != "DIP_LOC-001-1" ||
		a.Correcciones[1].Nueva != "DIP_LOC-001-2" {
		t.Errorf("acta corrections %+v", a.Correcciones)
	}
	if !s.Concluida() {
		t.Errorf("session not concluded with the new constancia in force")
	}
}

// TestSecuenciaLegal checks that every step out of the legal order is refused with a
// Spanish SecuenciaError, and changes nothing.
func TestSecuenciaLegal(t *testing.T) {
	s, err := NuevaSesion(definicionEjemplo(), casillasEjemplo(), "presidencia", reloj())
	must(t, err)
	esSecuencia := func(label, contiene string, err error) {
		t.Helper()
		var se *SecuenciaError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v, want a SecuenciaError", label, err)
			return
		}
		if !strings.Contains(se.Mensaje(), contiene) {
			t.Errorf("%s: %q does not say %q", label, se.Mensaje(), contiene)
		}
	}
	_, err = s.Cotejar("consejo", "210101B0100", Cotejo{Confirma: true, Coinciden: true})
	esSecuencia("cotejo before the packages", "etapa de registro de paquetes", err)

	ok := Paquete{ActaEnPaquete: true, CopiaPresidente: true}
	must(t, s.RegistrarPaquete("bodega", "210101B0100", ok))
	esSecuencia("package twice", "ya está registrado",
		s.RegistrarPaquete("bodega", "210101B0100", ok))
	must(t, s.RegistrarPaquete("bodega", "210101C0100", Paquete{Alterado: true,
		ActaEnPaquete: true, CopiaPresidente: true}))
	must(t, s.RegistrarPaquete("bodega", "210102B0100", ok))
	must(t, s.RegistrarPaquete("bodega", "210102C0100", ok))
	must(t, s.RegistrarPaquete("bodega", "210103B0100", Paquete{NoInstalada: true}))

	_, err = s.Cotejar("consejo", "210101C0100", Cotejo{Confirma: true, Coinciden: true})
	esSecuencia("altered package first", "corresponde cotejar la casilla 210101B0100", err)
	_, err = s.Cotejar("consejo", "210103B0100", Cotejo{})
	esSecuencia("casilla not installed", "no se instaló", err)
	_, err = s.Computar("presidencia", nil)
	esSecuencia("sum during the cotejos", "etapa de cotejo de actas", err)
	n := len(s.Eventos())

	for _, id := range []string{"210101B0100", "210102B0100"} {
		must(t, errOf(s.Cotejar("consejo", id, Cotejo{Confirma: true, Coinciden: true})))
	}
	_, err = s.Cotejar("consejo", "210102C0100", Cotejo{Confirma: true})
	if err == nil || !strings.Contains(err.Error(), "no tiene captura del PREP") {
		t.Errorf("confirming a casilla without PREP capture: %v", err)
	}
	leida := actaDe(1, 1, 1, 1, 0, 0, 0, 0, 0)
	must(t, errOf(s.Cotejar("consejo", "210102C0100", Cotejo{Acta: &leida, Coinciden: false})))
	must(t, errOf(s.Cotejar("consejo", "210101C0100", Cotejo{Confirma: true, Coinciden: true})))
	if got := len(s.Eventos()); got != n+4 {
		t.Errorf("%d events after 4 cotejos from %d: refused actions were recorded", got, n)
	}

	esSecuencia("recount before the plan", "acuerde primero",
		s.CapturarRecuento("consejo", "210102C0100", Recuento{Votos: votosCols(1, 1, 1, 1, 0,
			0, 0, 0, 0)}))
	_, err = s.DecidirRecuentoTotal("presidencia", true)
	esSecuencia("total recount with recounts pending", "faltan 2 casillas por recontar", err)
	must(t, errOf(s.PlanearRecuento("presidencia", 0, 0)))
	esSecuencia("recount of a casilla not sent to recount", "no fue enviada a recuento",
		s.CapturarRecuento("consejo", "210101B0100", Recuento{Votos: votosCols(1, 1, 1, 1,
			0, 0, 0, 0, 0)}))
	err = s.CapturarRecuento("consejo", "210102C0100", Recuento{Votos: Votos{"PAN": 1}})
	if err == nil || !strings.Contains(err.Error(), "faltan los votos de") {
		t.Errorf("recount without every column: %v", err)
	}
	must(t, s.CapturarRecuento("consejo", "210102C0100", Recuento{Votos: votosCols(1, 1, 1, 1,
		0, 0, 0, 0, 0)}))
	esSecuencia("recount twice", "ya fue recontada", s.CapturarRecuento("consejo",
		"210102C0100", Recuento{Votos: votosCols(1, 1, 1, 1, 0, 0, 0, 0, 0)}))
	must(t, s.CapturarRecuento("consejo", "210101C0100", Recuento{Votos: votosCols(50, 10, 60,
		5, 1, 0, 2, 0, 2)}))

	_, err = s.Computar("presidencia", nil)
	esSecuencia("sum before the total recount decision", "etapa de recuento de casillas", err)
	esSecuencia("validity before the results", "etapa de resultados",
		s.DeclararValidez("presidencia", "acuerdo"))
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	must(t, errOf(s.Computar("presidencia", nil)))
	_, err = s.ExpedirConstancia("presidencia")
	esSecuencia("constancia before validity", "etapa de declaración de validez", err)
	_, err = s.Corregir("presidencia", "210101B0100", Votos{"PAN": 100}, "x", nil)
	if err == nil || !strings.Contains(err.Error(), "no cambia ninguna cifra") {
		t.Errorf("correction that changes nothing: %v", err)
	}
}

// TestSinDeclaracion checks that a district cómputo of Gubernatura ends at its results.
func TestSinDeclaracion(t *testing.T) {
	def := definicionEjemplo()
	def.Declara = false
	s, err := NuevaSesion(def, casillasEjemplo()[:1], "presidencia", reloj())
	must(t, err)
	must(t, s.RegistrarPaquete("bodega", "210101B0100", Paquete{ActaEnPaquete: true,
		CopiaPresidente: true}))
	must(t, errOf(s.Cotejar("consejo", "210101B0100", Cotejo{Confirma: true, Coinciden: true})))
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	must(t, errOf(s.Computar("presidencia", nil)))
	if !s.Concluida() {
		t.Errorf("district cómputo without declaration not concluded at its results")
	}
	var se *SecuenciaError
	if err := s.DeclararValidez("presidencia", "acuerdo"); !errors.As(err, &se) ||
		!strings.Contains(err.Error(), "Consejo General") {
		t.Errorf("validity declared by a council that does not declare: %v", err)
	}
}

// TestReconstruir stores the log as JSON, reads it back and rebuilds the same session;
// a log with two events swapped is refused.
func TestReconstruir(t *testing.T) {
	s := sesionEjemplo(t)
	must(t, s.DeclararValidez("presidencia", "CD01/AC-015/2024"))
	must(t, errOf(s.ExpedirConstancia("presidencia")))
	must(t, errOf(s.Corregir("magistratura", "210102B0100", Votos{"MORENA": 75}, "sentencia", nil)))

	data, err := json.Marshal(s.Eventos())
	must(t, err)
	var eventos []Evento
	must(t, json.Unmarshal(data, &eventos))
	r, err := Reconstruir(eventos, nil)
	must(t, err)

	if !reflect.DeepEqual(r.Casillas(), s.Casillas()) {
		t.Errorf("casillas differ after the replay")
	}
	got, _ := r.Resultado()
	want, _ := s.Resultado()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results differ after the replay:\n got %+v\nwant %+v", got, want)
	}
	// Times come back from JSON with an equal offset but another *time.Location.
	if jsonDe(t, r.Constancias()) != jsonDe(t, s.Constancias()) || r.Fase() != s.Fase() {
		t.Errorf("constancias or step differ after the replay")
	}
	if !reflect.DeepEqual(r.Conciliar(), s.Conciliar()) {
		t.Errorf("reconciliation differs after the replay")
	}

	swapped := append([]Evento(nil), eventos...)
	swapped[2], swapped[3] = swapped[3], swapped[2]
	if _, err := Reconstruir(swapped, nil); err == nil {
		t.Errorf("a log with swapped events was replayed")
	}
	cut := append([]Evento(nil), eventos[:8]...)
	cut = append(cut, eventos[9:]...) // a cotejo is missing
	if _, err := Reconstruir(cut, nil); err == nil {
		t.Errorf("a log with a missing event was replayed")
	}
}

func jsonDe(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

// TestConciliacionEjemplo checks the cause of each casilla's difference from the PREP.
func TestConciliacionEjemplo(t *testing.T) {
	s := sesionEjemplo(t)
	must(t, errOf(s.Corregir("presidencia", "210101B0100", Votos{"NULOS": 5}, "error de suma",
		nil)))
	k := s.Conciliar()
	want := map[string]CausaDiferencia{"210101B0100": DiferenciaCorreccion,
		"210101C0100": DiferenciaCotejo, "210102B0100": DiferenciaRecuento,
		"210102C0100": DiferenciaAusentePREP, "210103B0100": DiferenciaNinguna}
	for _, f := range k.Filas {
		if f.Causa != want[f.Casilla.ID] {
			t.Errorf("%s: cause %s, want %s", f.Casilla.ID, f.Causa, want[f.Casilla.ID])
		}
	}
	// B: MORENA +2; C: MORENA −1 by the recount, +1 reserved, NULOS +1 reserved; D: all.
	wantDif := Votos{"PAN": 30, "PRI": 4, "MORENA": 22, "PT": 3, "C_PAN_PRI": 3,
		"C_MORENA_PT": 0, "CAND_IND_1": 0, "NO_REGISTRADAS": 1, "NULOS": 3 + 1 + 1}
	if !reflect.DeepEqual(k.Diferencia, wantDif) {
		t.Errorf("difference %v, want %v", k.Diferencia, wantDif)
	}
	for _, col := range columnasEjemplo {
		if k.Computo[col]-k.PREP[col] != k.Diferencia[col] {
			t.Errorf("%s: cómputo %d − PREP %d ≠ difference %d", col, k.Computo[col],
				k.PREP[col], k.Diferencia[col])
		}
	}
	if k.Votos[DiferenciaAusentePREP] != 64 || k.Casillas[DiferenciaCotejo] != 1 {
		t.Errorf("by cause: %v votes, %v casillas", k.Votos, k.Casillas)
	}
}

// TestPaqueteContradictorio: a casilla not installed has no package, acta nor copy, and one
// whose acta the PREP counted was installed.
func TestPaqueteContradictorio(t *testing.T) {
	s, err := NuevaSesion(definicionEjemplo(), casillasEjemplo(), "presidencia", reloj())
	must(t, err)
	for _, c := range []struct {
		id   string
		p    Paquete
		want string
	}{{"210102C0100", Paquete{NoInstalada: true, Alterado: true},
		"una casilla no instalada no tiene paquete"},
		{"210101B0100", Paquete{NoInstalada: true}, "el PREP contabilizó su acta"}} {
		var de *DatosError
		if err := s.RegistrarPaquete("bodega", c.id, c.p); !errors.As(err, &de) ||
			!strings.Contains(de.Mensaje(), c.want) {
			t.Errorf("package %+v of %s: %v, want %q", c.p, c.id, err, c.want)
		}
	}
}
