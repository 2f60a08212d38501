package publish

import (
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// realResultados tallies the final cut of the three bundled Puebla elections.
func realResultados(t *testing.T) []*corte.Resultados {
	t.Helper()
	var out []*corte.Resultados
	for _, e := range demodata.Puebla2024 {
		data, err := demodata.ReadFile(e.Final)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opendata.Read(e.Final, data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, true,
			acta.DefaultConfig))
	}
	return out
}
