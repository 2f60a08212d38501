package computopub

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/computotest"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// The district of the tests: Diputaciones Locales 012, Amozoc de Mota, the smallest of
// Puebla 2024 (265 actas); the Gubernatura is computed over it and district 013.
const (
	distrito       = "012"
	distritoNombre = "AMOZOC DE MOTA"
	idDistrito     = "DIP_LOC-12"
)

// archivos are the final PREP files of Puebla 2024, read once.
var archivos = struct {
	once  sync.Once
	por   map[string]*opendata.Archivo
	falla error
}{}

// prepFinal returns the final PREP file of election codigo (GUB, DIP_LOC, AYUN) with its
// candidaturas.
func prepFinal(t *testing.T, codigo string) *opendata.Archivo {
	t.Helper()
	archivos.once.Do(func() {
		archivos.por = map[string]*opendata.Archivo{}
		for _, e := range demodata.Puebla2024 {
			data, err := demodata.ReadFile(e.Final)
			if err != nil {
				archivos.falla = err
				return
			}
			f, err := opendata.Read(e.Final, data)
			if err != nil {
				archivos.falla = err
				return
			}
			cd, err := demodata.ReadFile(e.Candidaturas)
			if err == nil {
				err = opendata.ReadCandidaturas(e.Candidaturas, cd, f)
			}
			if err != nil {
				archivos.falla = err
				return
			}
			archivos.por[e.Codigo] = f
		}
	})
	if archivos.falla != nil {
		t.Fatal(archivos.falla)
	}
	return archivos.por[codigo]
}

// reloj is a fake clock from the morning of the district cómputos, one second per action.
func reloj() func() time.Time {
	t := time.Date(2024, 6, 5, 8, 0, 0, 0, opendata.Zona)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// definicion defines the cómputo of election f in distrito unidad by its consejo distrital.
func definicion(f *opendata.Archivo, unidad, nombre string) computo.Definicion {
	d := computo.DefinicionDe(f.Eleccion, unidad)
	if f.Eleccion.Codigo == "GUB" {
		d = computo.DefinicionDe(f.Eleccion, "")
		d.Unidad = unidad
	}
	d.Instituto = "Instituto Electoral del Estado"
	d.Proceso = "Proceso Electoral Estatal Ordinario Concurrente 2023-2024"
	d.Consejo = "Consejo Distrital " + unidad + " de " + nombre
	d.Organo, d.UnidadNombre, d.Simulacro = computo.ConsejoDistrital, nombre, true
	d.Declara = f.Eleccion.Codigo != "GUB"
	return d
}

// abrir opens the session of election f in distrito unidad over its real PREP casillas.
func abrir(t *testing.T, f *opendata.Archivo, unidad, nombre string) *computo.Sesion {
	t.Helper()
	d := definicion(f, unidad, nombre)
	cs := computo.CasillasDe(f.Eleccion, f.Actas, unidad, d, acta.DefaultConfig)
	s, err := computo.NuevaSesion(d, cs, "presidencia", reloj())
	must(t, err)
	return s
}

// paso is one step of a session, after which it is published.
type paso func(t *testing.T, s *computo.Sesion)

// pasosHastaSuma are the steps of a session up to its sum, with the choices of the
// exercise over the PREP (as in internal/computo's tests): every package as the PREP left
// it known; an acta the PREP captured confirmed in the cotejo; a recount finds the PREP's
// figures for an acta it counted, and SYNTHETIC figures (10 votes for the first column)
// for one it did not; the runner-up does not ask for the total recount.
var pasosHastaSuma = []paso{registrarPaquetes, cotejarActas, recontarCasillas,
	func(t *testing.T, s *computo.Sesion) {
		_, err := s.DecidirRecuentoTotal("presidencia", false)
		must(t, err)
	}}

func registrarPaquetes(t *testing.T, s *computo.Sesion) {
	t.Helper()
	must(t, computotest.RegistrarPaquetes(s))
}

func cotejarActas(t *testing.T, s *computo.Sesion) {
	t.Helper()
	must(t, computotest.Cotejar(s))
}

func recontarCasillas(t *testing.T, s *computo.Sesion) {
	t.Helper()
	must(t, computotest.Recontar(s))
}

// computar sums the unit.
func computar(t *testing.T, s *computo.Sesion) {
	t.Helper()
	_, err := s.Computar("presidencia", computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 12))))
	must(t, err)
}

// concluir declares the validity and issues the constancia.
func concluir(t *testing.T, s *computo.Sesion) {
	t.Helper()
	must(t, s.DeclararValidez("presidencia", "CD12/AC-001/2024 (prueba)"))
	_, err := s.ExpedirConstancia("presidencia")
	must(t, err)
}

// voltear corrects the casillas needed to give the runner-up the majority, moving votes
// from the winner casilla by casilla (computotest.Voltear).
func voltear(t *testing.T, s *computo.Sesion, causa string) {
	t.Helper()
	cs, err := computotest.Voltear(s)
	must(t, err)
	must(t, computotest.Aplicar(s, "consejo", causa, cs))
}

// columnaDe is the first column of candidacy id.
func columnaDe(t *testing.T, s *computo.Sesion, id string) string {
	t.Helper()
	for _, c := range s.Definicion().Candidaturas {
		if c.ID == id {
			return c.Columnas[0]
		}
	}
	t.Fatalf("no candidacy %s", id)
	return ""
}

// casillaConCifras is the first casilla computed by cotejo.
func casillaConCifras(t *testing.T, s *computo.Sesion) string {
	t.Helper()
	for _, c := range s.Casillas() {
		if c.Fuente == computo.FuenteCotejo {
			return c.ID
		}
	}
	t.Fatal("no casilla computed by cotejo")
	return ""
}

// prepContado sums, per column, the votes the PREP file counted (CONTABILIZADA) for the
// actas of the casillas of s.
func prepContado(t *testing.T, f *opendata.Archivo, s *computo.Sesion) computo.Votos {
	t.Helper()
	ids := map[string]bool{}
	for _, c := range s.Casillas() {
		ids[c.ID] = true
	}
	out := computo.Votos{}
	for _, a := range f.Actas {
		if !ids[a.ID] || a.Efectiva(acta.DefaultConfig).Estado != acta.Contabilizada {
			continue
		}
		for _, col := range s.Definicion().Columnas {
			out[col] += a.Votos[f.Eleccion.Columna(col)].Votes()
		}
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
