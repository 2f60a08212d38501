package corte_test

import (
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// load reads a bundled PREP file and its candidaturas file.
func load(t testing.TB, name, cand string) *opendata.Archivo {
	t.Helper()
	data, err := demodata.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	cd, err := demodata.ReadFile(cand)
	if err != nil {
		t.Fatal(err)
	}
	if err := opendata.ReadCandidaturas(cand, cd, f); err != nil {
		t.Fatalf("read %s: %v", cand, err)
	}
	return f
}

// TestSummaryEqualsPublishedHeader recomputes the 13 summary figures of each of the six IEE
// Puebla 2024 files and compares them with the file's own header (RULES.md §3.4).
func TestSummaryEqualsPublishedHeader(t *testing.T) {
	for _, e := range demodata.Puebla2024 {
		for _, c := range []struct {
			file  string
			final bool
		}{{e.Corte1800, false}, {e.Final, true}} {
			t.Run(c.file, func(t *testing.T) {
				f := load(t, c.file, e.Candidaturas)
				res := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, c.final, acta.DefaultConfig)
				got := res.Entidad.Resumen.Valores(c.final)
				if got != f.Resumen {
					t.Errorf("summary\n got %v\nwant %v", got, f.Resumen)
				}
			})
		}
	}
}
