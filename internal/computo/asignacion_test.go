package computo_test

import (
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/computotest"
	"github.com/sufragio/sufragio/internal/corte"
)

// cómputosDIP runs the 26 district cómputos of Diputaciones Locales over the final PREP
// with the synthetic recounts, and those of the RP actas of the casillas especiales, and
// returns them by the names the staff application gives them (DIP_LOC-001,
// DIP_LOC_RP-002).
func computosDIP(t *testing.T) map[string]*computo.Sesion {
	t.Helper()
	f := cargarCodigo(t, "DIP_LOC")
	e := f.Eleccion
	fix := leerRecuentos(t, "testdata/recuentos_dip_loc_2024_sinteticos.csv")
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 2024)))
	out := map[string]*computo.Sesion{}
	for _, n := range corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig).Distritos {
		def := definicionDIP(n, computo.DefinicionDe(e, n.ID))
		s, _, err := ejercicioSintetico(t, fix, sorteo).Computar(def,
			computo.CasillasDe(e, f.Actas, n.ID, def, acta.DefaultConfig))
		must(t, err)
		out["DIP_LOC-"+n.ID] = s
		defRP := definicionDIP(n, computo.DefinicionRPDe(e, n.ID))
		defRP.Declara = false
		cs := computo.CasillasRPDe(e, f.Actas, n.ID, defRP, acta.DefaultConfig)
		if len(cs) == 0 {
			continue
		}
		rp, _, err := ejercicioSintetico(t, fix, sorteo).Computar(defRP, cs)
		must(t, err)
		out["DIP_LOC_RP-"+n.ID] = rp
	}
	return out
}

// asientos are the RP seats of an assignment, by party, those with none left out.
func asientos(a computo.AsignacionRP) map[string]int {
	out := map[string]int{}
	for _, f := range a.Filas {
		if f.RP > 0 {
			out[f.Partido] = f.RP
		}
	}
	return out
}

// TestAsignacionCongreso makes the Consejo General's assignment of the 15 RP diputaciones
// of the Congress of Puebla in session, over the 26 district cómputos of the exercise and
// the RP actas of the casillas especiales: refused without every cómputo concluded or
// without the siglado; then the seats the CLI's exercise gives (those of SUP-REC-22360/2024
// by construction, see cmd/sufragio's comprobarRP); a correction that moves a district's
// constancia to another coalition makes the assignment stale, and a new one replaces it;
// the log replays from its stored form to the same state.
func TestAsignacionCongreso(t *testing.T) {
	partes := computosDIP(t)
	ids := slices.Sorted(maps.Keys(partes))
	def := computo.DefinicionAsignacion{Instituto: instituto, Proceso: procesoPuebla,
		Consejo: "Consejo General", Organo: computo.ConsejoGeneral, Eleccion: "DIP_LOC",
		EleccionNombre: "Diputaciones de representación proporcional", Unidad: "21",
		UnidadNombre: "PUEBLA", Simulacro: true, Metodo: computo.MetodoCongresoPuebla,
		Partes: ids, Puebla: computo.ConfigPueblaCIPEEP()}
	a, err := computo.NuevaAsignacion(def, "presidencia", reloj())
	must(t, err)
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 10)))

	incompletas := maps.Clone(partes)
	delete(incompletas, "DIP_LOC-005")
	var se *computo.SecuenciaError
	if _, err := a.Asignar("consejo", "CG/AC-0070/2024", incompletas, sorteo); !errors.As(err,
		&se) || !strings.Contains(se.Mensaje(), "faltan 1 (DIP_LOC-005)") {
		t.Fatalf("assignment with a cómputo missing: %v", err)
	}
	var de *computo.DatosError
	if _, err := a.Asignar("consejo", "CG/AC-0070/2024", partes, sorteo); !errors.As(err,
		&de) || !strings.Contains(de.Mensaje(), "falta el siglado de la candidatura") {
		t.Fatalf("assignment without the siglado: %v", err)
	}
	data, err := os.ReadFile("testdata/siglado_dip_loc_2024_supuesto.csv")
	must(t, err)
	siglado, err := computo.LeerSiglado(data, cargarCodigo(t, "DIP_LOC").Eleccion)
	must(t, err)
	must(t, a.RegistrarSiglado("secretaría", siglado, "acuerdo de registro (supuesto)"))
	r, err := a.Asignar("consejo", "CG/AC-0070/2024", partes, sorteo)
	must(t, err)
	want := map[string]int{"MORENA": 7, "PAN": 5, "PVEM": 1, "PRI": 1, "MC": 1}
	if got := asientos(r.Resultado); !reflect.DeepEqual(got, want) || r.Numero != 1 {
		t.Fatalf("assignment %d: %v, want %v", r.Numero, got, want)
	}
	if r.Versiones["DIP_LOC-001"] != partes["DIP_LOC-001"].NumeroEventos() {
		t.Errorf("version of DIP_LOC-001 %d, want %d", r.Versiones["DIP_LOC-001"],
			partes["DIP_LOC-001"].NumeroEventos())
	}
	if _, err := a.Asignar("consejo", "otra", partes, sorteo); !errors.As(err, &se) {
		t.Errorf("a second assignment over the same figures: %v, want a refusal", err)
	}

	// A court ruling gives the runner-up of district 012 the majority.
	s := partes["DIP_LOC-012"]
	res, _ := s.Resultado()
	antes := s.Constancias()[0]
	voltearSesion(t, s, "sentencia TEEP-JDC-012/2024 (prueba)")
	ahora := s.Constancias()[len(s.Constancias())-1]
	if ahora.Candidatura != res.Ganador.Segundo || ahora.Revocada {
		t.Fatalf("constancia after the ruling: %+v, want one in force for %s", ahora,
			res.Ganador.Segundo)
	}
	cambios := a.Cambios(partes)
	if len(cambios) == 0 || !strings.Contains(strings.Join(cambios, "; "),
		"diputaciones de mayoría") {
		t.Fatalf("changes after the ruling: %q, want the MR seats of %s and %s", cambios,
			antes.Candidatura, ahora.Candidatura)
	}
	r2, err := a.Asignar("consejo", "CG/AC-0071/2024", partes, sorteo)
	must(t, err)
	todas := a.Asignaciones()
	if r2.Numero != 2 || !todas[0].Sustituida || todas[0].SustituidaPor != 2 ||
		todas[1].Sustituida || !strings.HasPrefix(r2.Causa, "nueva asignación: ") {
		t.Fatalf("after the new assignment: %+v", todas)
	}
	if reflect.DeepEqual(asientos(r.Resultado), asientos(r2.Resultado)) {
		t.Errorf("the ruling left the seats as they were: %v", asientos(r2.Resultado))
	}
	if len(a.Cambios(partes)) != 0 {
		t.Errorf("changes after the new assignment: %q", a.Cambios(partes))
	}
	t.Logf("seats before the ruling %v, after %v (%s)", asientos(r.Resultado),
		asientos(r2.Resultado), r2.Causa)

	// The log as a store keeps it.
	raw, err := json.Marshal(a.Eventos())
	must(t, err)
	var evs []computo.Evento
	must(t, json.Unmarshal(raw, &evs))
	b, err := computo.ReconstruirAsignacion(evs, reloj())
	must(t, err)
	ja, _ := json.Marshal(a.Asignaciones())
	jb, _ := json.Marshal(b.Asignaciones())
	if string(ja) != string(jb) || !reflect.DeepEqual(b.Siglado(), a.Siglado()) ||
		b.Fase() != computo.FaseConcluida {
		t.Errorf("replayed assignment differs from the original")
	}
	vb, _ := b.Vigente()
	for i, rep := range vb.Resultado.Repartos {
		for j, f := range rep.Filas {
			if f.Resto().Cmp(r2.Resultado.Repartos[i].Filas[j].Resto()) != 0 {
				t.Errorf("replayed remainder of %s: %v, want %v", f.Partido, f.Resto(),
					r2.Resultado.Repartos[i].Filas[j].Resto())
			}
		}
	}
}

// voltearSesion gives the runner-up of a concluded session the majority, moving votes
// from the winner casilla by casilla, which revokes the constancia and issues one to the
// new winner.
func voltearSesion(t *testing.T, s *computo.Sesion, causa string) {
	t.Helper()
	cs, err := computotest.Voltear(s)
	must(t, err)
	must(t, computotest.Aplicar(s, "consejo", causa, cs))
}

// TestAsignacionRegidurias assigns the RP regidurías of a municipio over its concluded
// cómputo: the winning planilla's parties take none, and a wrong number is refused.
func TestAsignacionRegidurias(t *testing.T) {
	f := cargarCodigo(t, "AYUN")
	e := f.Eleccion
	fix := leerRecuentos(t, "testdata/recuentos_ayun_2024_sinteticos.csv")
	var n corte.Nodo
	for _, m := range corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig).Municipios {
		if m.ID == "114" {
			n = m
		}
	}
	d := computo.DefinicionDe(e, n.ID)
	d.Instituto, d.Proceso, d.Simulacro = instituto, procesoPuebla, true
	d.Organo, d.UnidadNombre, d.Declara = computo.ConsejoMunicipal, n.Nombre, true
	d.Consejo = "Consejo Municipal 114 de " + n.Nombre
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 114)))
	s, _, err := ejercicioSintetico(t, fix, sorteo).Computar(d,
		computo.CasillasDe(e, f.Actas, n.ID, d, acta.DefaultConfig))
	must(t, err)
	def := computo.DefinicionAsignacion{Instituto: instituto, Proceso: procesoPuebla,
		Consejo: d.Consejo, Organo: computo.ConsejoMunicipal, Eleccion: "AYUN",
		EleccionNombre: "Regidurías de representación proporcional", Unidad: n.ID,
		UnidadNombre: n.Nombre, Metodo: computo.MetodoRegidurias, Partes: []string{"AYUN-114"},
		Regidurias: computo.ConfigRegiduriasPuebla(0)}
	if _, err := computo.NuevaAsignacion(def, "presidencia", reloj()); err == nil {
		t.Error("an assignment of 0 regidurías opened")
	}
	def.Regidurias = computo.ConfigRegiduriasPuebla(3)
	a, err := computo.NuevaAsignacion(def, "presidencia", reloj())
	must(t, err)
	if err := a.RegistrarSiglado("x", computo.Siglado{"114": {"A-B": "A"}}, ""); err == nil {
		t.Error("a siglado recorded in an assignment of regidurías")
	}
	r, err := a.Asignar("consejo", "CM-114/AC-05/2024", map[string]*computo.Sesion{
		"AYUN-114": s}, sorteo)
	must(t, err)
	k := s.Constancias()[0]
	total := 0
	for _, fila := range r.Resultado.Filas {
		total += fila.RP
		if slices.Contains(k.Partidos, fila.Partido) && fila.RP > 0 {
			t.Errorf("%s, of the winning planilla, takes %d regidurías", fila.Partido, fila.RP)
		}
	}
	if total != 3 || !reflect.DeepEqual(r.Ganadora, k.Partidos) {
		t.Errorf("%d regidurías assigned, winning planilla %v; want 3 and %v", total,
			r.Ganadora, k.Partidos)
	}
	t.Logf("regidurías of %s: %v (winner %v)", n.Nombre, asientos(r.Resultado), k.Partidos)
}
