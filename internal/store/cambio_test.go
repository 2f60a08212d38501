package store

import (
	"context"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
)

// TestActasCambiadasMismasDosVeces: two imports in a row change the same actas.
func TestActasCambiadasMismasDosVeces(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	base := load(t, "PUE_GUB_2024.csv")
	mustImport(t, s, base)
	_, prev, _, err := s.ActasCambiadas(ctx, "GUB", nil)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, reescribir(t, base, masNulos(50, 100)))
	got, prev, _, err := s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	igualesActas(t, s, got)
	mustImport(t, s, reescribir(t, base, func(as []*acta.Acta) []*acta.Acta {
		return masNulos(50, 100)(masNulos(50, 100)(as))
	}))
	got, _, _, err = s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	igualesActas(t, s, got)
}

// TestActasCambiadasOtraEleccion: an import of another election removes the actas that held
// the highest cambio; the next write of this election must still be read.
func TestActasCambiadasOtraEleccion(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	gub := load(t, "PUE_GUB_2024.csv")
	dip := load(t, "PUE_DIP_LOC_2024.csv")
	mustImport(t, s, gub)
	mustImport(t, s, dip)
	_, prev, _, err := s.ActasCambiadas(ctx, "GUB", nil)
	if err != nil {
		t.Fatal(err)
	}
	// DIP_LOC changes its last actas (the highest cambio is theirs), then they are removed
	// (nothing moves: they were last).
	n := len(dip.Archivo.Actas)
	mustImport(t, s, reescribir(t, dip, func(as []*acta.Acta) []*acta.Acta {
		for _, a := range as[n-10:] {
			a.TotalAsentado = acta.Num(a.TotalAsentado.N + 1000)
		}
		return as
	}))
	_, prev, _, err = s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, reescribir(t, dip, func(as []*acta.Acta) []*acta.Acta {
		return as[:n-10]
	}))
	mustImport(t, s, reescribir(t, gub, masNulos(50, 100)))
	got, _, _, err := s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	igualesActas(t, s, got)
}
