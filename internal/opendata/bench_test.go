package opendata_test

import (
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// BenchmarkReadClassify reads the final Gubernatura file (8,346 actas) and classifies every
// acta from its figures. The MB/s column is the reader's throughput.
func BenchmarkReadClassify(b *testing.B) {
	data, err := demodata.ReadFile("PUE_GUB_2024.csv")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		f, err := opendata.Read("PUE_GUB_2024.csv", data)
		if err != nil {
			b.Fatal(err)
		}
		counted := 0
		for _, a := range f.Actas {
			if a.Calculada(acta.DefaultConfig).Estado == acta.Contabilizada {
				counted++
			}
		}
		if counted != 6848 {
			b.Fatalf("counted %d actas, want 6848", counted)
		}
	}
}
