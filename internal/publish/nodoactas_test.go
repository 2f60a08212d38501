package publish_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestNodoDeActasReproducesTheCorte tallies, from the published acta records alone, every
// sección and the entidad of the three Puebla elections, at the 18:00 cut (participation
// without casillas especiales) and the final one, and finds the corte's own nodes: summary,
// lista nominal, votes per column and per candidacy.
func TestNodoDeActasReproducesTheCorte(t *testing.T) {
	for _, final := range []bool{false, true} {
		res, _ := loadAll(t, final)
		dir := t.TempDir()
		hora := time.Date(2024, 6, 3, 18, 0, 0, 0, horaFinal.Location())
		if final {
			hora = horaFinal
		}
		if _, err := publish.Build(dir, publish.Input{Numero: 1, Hora: hora, Final: final,
			Generado: time.Now(), Elecciones: res, Config: acta.DefaultConfig}); err != nil {
			t.Fatal(err)
		}
		snap, err := publish.Open(filepath.Join(dir, "0001"))
		if err != nil {
			t.Fatal(err)
		}
		for _, es := range snap.Elecciones {
			byID := make(map[string]*publish.ActaJSON, len(es.Actas))
			todas := make([]*publish.ActaJSON, len(es.Actas))
			for i := range es.Actas {
				byID[es.Actas[i].ID] = &es.Actas[i]
				todas[i] = &es.Actas[i]
			}
			for _, sec := range es.Secciones {
				actas := make([]*publish.ActaJSON, len(sec.Actas))
				for i, id := range sec.Actas {
					actas[i] = byID[id]
				}
				got, err := publish.NodoDeActas(&es.Def, sec, actas, final)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, sec) {
					t.Fatalf("final=%v %s sección %s: from its actas\n%+v\nthe corte says\n%+v",
						final, es.Def.Codigo, sec.ID, got, sec)
				}
			}
			got, err := publish.NodoDeActas(&es.Def, es.Entidad, todas, final)
			if err != nil {
				t.Fatal(err)
			}
			got.Actas = nil
			if !reflect.DeepEqual(got, es.Entidad) {
				t.Errorf("final=%v %s entidad: from its actas\n%+v\nthe corte says\n%+v",
					final, es.Def.Codigo, got.Resumen, es.Entidad.Resumen)
			}
		}
	}
}

// TestNodoDeActasRefusesBadCells names the acta and column of a cell that is not a value.
func TestNodoDeActasRefusesBadCells(t *testing.T) {
	def := &publish.EleccionJSON{Contendientes: []publish.ContendienteJSON{
		{Columna: "PAN", Tipo: "partido"}, {Columna: "NULOS", Tipo: "nulos"}}}
	a := &publish.ActaJSON{ID: "X1", Contabilizada: "1", ListaNominal: "100",
		Votos: []string{"12", "1e3"}}
	_, err := publish.NodoDeActas(def, publish.NodoJSON{}, []*publish.ActaJSON{a}, true)
	if err == nil || !contains(err.Error(), "X1") || !contains(err.Error(), "NULOS") {
		t.Errorf("got %v, want an error naming X1 and NULOS", err)
	}
	a.Votos = []string{"12", "3"}
	n, err := publish.NodoDeActas(def, publish.NodoJSON{}, []*publish.ActaJSON{a}, true)
	if err != nil || n.Resumen.TotalVotosCCS != 15 || n.Resumen.PorcentajeParticipacion != "15.0000" {
		t.Errorf("got %+v, %v", n.Resumen, err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
