package computo_test

import (
	"math/rand/v2"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// cargarEleccion reads the final PREP file of one election with its candidaturas.
func cargarEleccion(t *testing.T, e demodata.Eleccion) *opendata.Archivo {
	t.Helper()
	data, err := demodata.ReadFile(e.Final)
	must(t, err)
	f, err := opendata.Read(e.Final, data)
	must(t, err)
	cd, err := demodata.ReadFile(e.Candidaturas)
	must(t, err)
	must(t, opendata.ReadCandidaturas(e.Candidaturas, cd, f))
	return f
}

// TestUnidadesSobrePREP runs, for each of the 26 districts of Diputaciones and the 217
// municipios of Ayuntamientos, a cómputo over the casillas whose acta the PREP counted
// (the others are left out: it is not the real cómputo), each confirmed in the cotejo and,
// when recounted, finding the PREP's figures. Each unit's candidacies, with its own
// coalitions and independents, must get the PREP's votes of the unit's MR actas (the RP
// actas of the casillas especiales, which the PREP adds to its district totals, are not
// part of the MR cómputo: TestCasillasEspecialesRP), and a winner or a recorded tie.
func TestUnidadesSobrePREP(t *testing.T) {
	for _, e := range demodata.Puebla2024[1:] {
		t.Run(e.Codigo, func(t *testing.T) {
			f := cargarEleccion(t, e)
			var mr []*acta.Acta
			for _, a := range f.Actas {
				if !computo.EsActaRP(a) {
					mr = append(mr, a)
				}
			}
			res := corte.Tally(f.Eleccion, mr, nil, f.Corte, true, acta.DefaultConfig)
			nodos := res.Distritos
			organo := computo.ConsejoDistrital
			if e.Codigo == "AYUN" {
				nodos, organo = res.Municipios, computo.ConsejoMunicipal
			}
			var unidades, constancias, vacias int
			for _, n := range nodos {
				if n.ID == corte.SinUnidad {
					continue
				}
				if n.Resumen.ActasContabilizadas == 0 {
					vacias++ // nothing counted in the PREP: nothing to compute here
					continue
				}
				s := sesionContadas(t, f, n, organo)
				unidades++
				if r, _ := s.Resultado(); !r.Ganador.Empate {
					constancias += len(s.Constancias())
				}
				comprobarUnidad(t, f, res, n, s)
			}
			t.Logf("%s: %d units computed over the PREP-counted casillas, %d constancias; "+
				"%d units without a counted acta", e.Codigo, unidades, constancias, vacias)
		})
	}
}

// sesionContadas runs the cómputo of unit n over its PREP-counted casillas to its
// constancia (unless there is a tie), each acta confirmed in the cotejo and, when
// recounted, finding the PREP's figures.
func sesionContadas(t *testing.T, f *opendata.Archivo, n corte.Nodo,
	organo computo.Organo) *computo.Sesion {
	t.Helper()
	def := computo.DefinicionDe(f.Eleccion, n.ID)
	def.Consejo, def.Organo, def.UnidadNombre = "Consejo "+n.ID, organo, n.Nombre
	def.Declara, def.Simulacro = true, true
	var cs []computo.Casilla
	for _, c := range computo.CasillasDe(f.Eleccion, f.Actas, n.ID, def, acta.DefaultConfig) {
		if c.PREP != nil && c.PREP.Contabilizada {
			cs = append(cs, c)
		}
	}
	ej := computo.Ejercicio{Quien: "presidencia", Grupos: gruposTrabajo,
		Minutos: minutosSesion, Acuerdo: "acuerdo de prueba", Reloj: reloj(),
		Sorteo: computo.SorteoAleatorio(rand.New(rand.NewPCG(1, 2)))}
	s, _, err := ej.Computar(def, cs)
	must(t, err)
	return s
}

// comprobarUnidad compares a unit's cómputo with the PREP tally of its node.
func comprobarUnidad(t *testing.T, f *opendata.Archivo, res *corte.Resultados, n corte.Nodo,
	s *computo.Sesion) {
	t.Helper()
	r, _ := s.Resultado()
	cands := res.CandidaturasDe(&n)
	if len(cands) != len(r.Candidaturas) {
		t.Errorf("%s: %d candidacies, the PREP has %d", n.ID, len(r.Candidaturas), len(cands))
		return
	}
	for i, c := range cands {
		if got, want := r.Candidaturas[i].Votos, n.VotosCandidatura(c); got != want {
			t.Errorf("%s, %s: %d votes, PREP %d", n.ID, c.Nombre, got, want)
		}
	}
	if nulos := n.Votos[f.Eleccion.Columna("NULOS")]; r.Nulos != nulos {
		t.Errorf("%s: nulos %d, PREP %d", n.ID, r.Nulos, nulos)
	}
	comprobarReparto(t, n.ID, r)
}
