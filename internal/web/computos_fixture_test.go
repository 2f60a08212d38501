package web

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/computotest"
	"github.com/sufragio/sufragio/internal/computopub"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// The cómputos of the fixture, published with computopub over the real PREP files of
// Puebla 2024 (SIMULACRO: the recounts of actas the PREP did not count take synthetic
// figures, 10 votes for the first column):
//
//	DIP_LOC-12   Diputaciones Locales, distrito 012 Amozoc de Mota: concluded, then a
//	             correction gives the runner-up the majority, so its first constancia is
//	             revoked and a second issued
//	GUB-012      Gubernatura, distrito 012: summed; the council declares nothing
//	AYUN-031     Ayuntamientos, municipio 031 Coatepec: its packages registered, no results
//	AYUN-114     Ayuntamientos, municipio 114 Piaxtla: concluded
//	AYUN_RP-114  its 3 RP regidurías, assigned
const (
	idDipLoc     = "DIP_LOC-12"
	idGub        = "GUB-012"
	idAyun       = "AYUN-031"
	idPiaxtla    = "AYUN-114"
	idRegidurias = "AYUN_RP-114"
)

// computosFixture is what the tests compare the pages with.
var computosFixture struct {
	dir    string
	dipLoc *computo.Sesion // DIP_LOC-12, after the correction
	antes  computo.ResultadoComputo
	gub    *computo.Sesion
	ayun   *computo.Sesion
	// regidurias is the assignment of AYUN_RP-114.
	regidurias *computo.Asignacion
}

// buildComputos publishes the cómputos of the fixture in dir.
func buildComputos(dir string) error {
	computosFixture.dir = dir
	p, err := computopub.Nuevo(dir)
	if err != nil {
		return err
	}
	dip, err := sesionComputo("DIP_LOC", "012", "AMOZOC DE MOTA", true, true)
	if err != nil {
		return err
	}
	computosFixture.antes, _ = dip.Resultado()
	if err := voltearComputo(dip); err != nil {
		return err
	}
	gub, err := sesionComputo("GUB", "012", "AMOZOC DE MOTA", false, true)
	if err != nil {
		return err
	}
	ayun, err := sesionComputo("AYUN", "031", "COATEPEC", true, false)
	if err != nil {
		return err
	}
	piaxtla, err := sesionComputo("AYUN", "114", "PIAXTLA", true, true)
	if err != nil {
		return err
	}
	computosFixture.dipLoc, computosFixture.gub, computosFixture.ayun = dip, gub, ayun
	for id, s := range map[string]*computo.Sesion{idDipLoc: dip, idGub: gub, idAyun: ayun,
		idPiaxtla: piaxtla} {
		if err := p.Sesion(id, s, ultimoEvento(s)); err != nil {
			return err
		}
	}
	a, err := asignarRegidurias(piaxtla)
	if err != nil {
		return err
	}
	computosFixture.regidurias = a
	return p.Asignacion(idRegidurias, a, time.Date(2024, 6, 6, 10, 0, 0, 0, opendata.Zona))
}

// asignarRegidurias assigns the 3 RP regidurías of the municipio of session s.
func asignarRegidurias(s *computo.Sesion) (*computo.Asignacion, error) {
	d := s.Definicion()
	def := computo.DefinicionAsignacion{Instituto: d.Instituto, Proceso: d.Proceso,
		Consejo: d.Consejo, Organo: d.Organo, Eleccion: d.Eleccion,
		EleccionNombre: "Regidurías de representación proporcional", Unidad: d.Unidad,
		UnidadNombre: d.UnidadNombre, Simulacro: true, Metodo: computo.MetodoRegidurias,
		Partes: []string{idPiaxtla}, Regidurias: computo.ConfigRegiduriasPuebla(3)}
	a, err := computo.NuevaAsignacion(def, "presidencia", nil)
	if err != nil {
		return nil, err
	}
	_, err = a.Asignar("consejo", "CM-114/AC-05/2024 (prueba)", map[string]*computo.Sesion{
		idPiaxtla: s}, computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 114))))
	return a, err
}

func ultimoEvento(s *computo.Sesion) time.Time {
	es := s.Eventos()
	return es[len(es)-1].Cuando
}

// sesionComputo runs the cómputo of an election in one unit over its real PREP casillas:
// registered as the PREP left each package known, every captured acta confirmed in the
// cotejo, recounts with the PREP's figures (synthetic ones when it captured none), no
// total recount; then, when sumar, the sum and, when declara, validity and constancia.
func sesionComputo(codigo, unidad, nombre string, declara, sumar bool) (*computo.Sesion,
	error) {
	f, err := prepComputo(codigo)
	if err != nil {
		return nil, err
	}
	d := computo.DefinicionDe(f.Eleccion, unidad)
	if codigo == "GUB" {
		// The Gubernatura's candidacies are the state's (RULES.md §6.1).
		d = computo.DefinicionDe(f.Eleccion, "")
		d.Unidad = unidad
	}
	d.Organo, d.Consejo = computo.ConsejoDistrital, "Consejo Distrital "+unidad+" de "+nombre
	if codigo == "AYUN" {
		d.Organo, d.Consejo = computo.ConsejoMunicipal, "Consejo Municipal de "+nombre
	}
	d.Instituto = "Instituto Electoral del Estado"
	d.Proceso = "Proceso Electoral Estatal Ordinario Concurrente 2023-2024"
	d.UnidadNombre, d.Declara, d.Simulacro = nombre, declara, true
	cs := computo.CasillasDe(f.Eleccion, f.Actas, unidad, d, acta.DefaultConfig)
	reloj := time.Date(2024, 6, 5, 8, 0, 0, 0, opendata.Zona)
	s, err := computo.NuevaSesion(d, cs, "presidencia", func() time.Time {
		reloj = reloj.Add(time.Second)
		return reloj
	})
	if err != nil {
		return nil, err
	}
	if err := computotest.RegistrarPaquetes(s); err != nil {
		return nil, err
	}
	if !sumar {
		return s, nil
	}
	if err := computotest.Cotejar(s); err != nil {
		return nil, err
	}
	if err := computotest.Recontar(s); err != nil {
		return nil, err
	}
	if _, err := s.DecidirRecuentoTotal("presidencia", false); err != nil {
		return nil, err
	}
	if _, err := s.Computar("presidencia", computo.SorteoAleatorio(rand.New(
		rand.NewPCG(21, 12)))); err != nil {
		return nil, err
	}
	if !declara {
		return s, nil
	}
	if err := s.DeclararValidez("presidencia", "CD12/AC-001/2024 (prueba)"); err != nil {
		return nil, err
	}
	_, err = s.ExpedirConstancia("presidencia")
	return s, err
}

// voltearComputo gives the runner-up the majority, moving votes from the winner casilla
// by casilla (computotest.Voltear).
func voltearComputo(s *computo.Sesion) error {
	cs, err := computotest.Voltear(s)
	if err != nil {
		return err
	}
	return computotest.Aplicar(s, "consejo", "sentencia TEEP-JDC-012/2024 (prueba)", cs)
}

// prepComputo reads the final PREP file of an election with its candidaturas.
func prepComputo(codigo string) (*opendata.Archivo, error) {
	for _, e := range demodata.Puebla2024 {
		if e.Codigo == codigo {
			return readFile(e.Final, e.Candidaturas)
		}
	}
	return nil, fmt.Errorf("no election %s in the demo data", codigo)
}
