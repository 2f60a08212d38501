package publish_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestLeerResultadosSinCandidaturas reads back a corte of an election imported without
// its candidaturas file: the corte holds an empty one, and the tally is the published one.
func TestLeerResultadosSinCandidaturas(t *testing.T) {
	e := demodata.Puebla2024[0]
	data, err := demodata.ReadFile(e.Corte1800)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read(e.Corte1800, data)
	if err != nil {
		t.Fatal(err)
	}
	res := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, false, acta.DefaultConfig)
	dir := t.TempDir()
	if _, err := publish.Build(dir, publish.Input{Numero: 1, Hora: f.Corte,
		Generado: time.Now(), Elecciones: []*corte.Resultados{res},
		Config: acta.DefaultConfig}); err != nil {
		t.Fatal(err)
	}

	m, got, err := publish.LeerResultados(filepath.Join(dir, publish.CarpetaCorte(1)))
	if err != nil {
		t.Fatalf("LeerResultados: %v", err)
	}
	if m.Numero != 1 || len(got) != 1 {
		t.Fatalf("got corte %d with %d elections, want corte 1 with 1", m.Numero, len(got))
	}
	if g, w := got[0].Entidad.Resumen.TotalVotosCCS, res.Entidad.Resumen.TotalVotosCCS; g != w {
		t.Errorf("TotalVotosCCS = %d, want %d", g, w)
	}
}
