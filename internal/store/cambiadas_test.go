package store

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/opendata"
)

// reescribir renders the file of in with fn applied to a copy of its actas, as a new file.
func reescribir(t *testing.T, in ImportInput, fn func([]*acta.Acta) []*acta.Acta) ImportInput {
	t.Helper()
	f := in.Archivo
	actas := make([]*acta.Acta, len(f.Actas))
	for i, a := range f.Actas {
		c := *a
		c.Votos = append([]acta.Value(nil), a.Votos...)
		actas[i] = &c
	}
	var buf bytes.Buffer
	if err := opendata.Write(&buf, opendata.Publicacion{Eleccion: f.Eleccion, Actas: fn(actas),
		Hora: f.Corte, Final: true, Config: acta.DefaultConfig}); err != nil {
		t.Fatal(err)
	}
	return loadData(t, in.Fuente, buf.Bytes())
}

// masNulos adds one null vote to every k-th acta with figures, n of them.
func masNulos(k, n int) func([]*acta.Acta) []*acta.Acta {
	return func(actas []*acta.Acta) []*acta.Acta {
		for i := 0; i < len(actas) && n > 0; i += k {
			v := &actas[i].Votos[len(actas[i].Votos)-1]
			if v.Kind == acta.Number {
				v.N++
				n--
			}
		}
		return actas
	}
}

// TestActasCambiadas reads, after an import that changed 100 actas, only those 100, and
// returns the same actas a full read gives, the unchanged ones as they were kept; after a
// capture publishes one acta, only that one; after an import that removes an acta, and one
// that adds it again, every acta.
func TestActasCambiadas(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	base := load(t, "PUE_GUB_2024.csv")
	mustImport(t, s, base)
	kept, prev, leidas, err := s.ActasCambiadas(ctx, "GUB", nil)
	if err != nil {
		t.Fatal(err)
	}
	if leidas != len(kept) || len(kept) != len(base.Archivo.Actas) {
		t.Fatalf("first read: %d actas read, %d returned, want the file's %d", leidas,
			len(kept), len(base.Archivo.Actas))
	}

	mustImport(t, s, reescribir(t, base, masNulos(50, 100)))
	got, prev, leidas, err := s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	if leidas != 100 {
		t.Errorf("read %d actas, want the 100 changed", leidas)
	}
	igualesActas(t, s, got)
	mismas := 0
	for i, a := range got {
		if a == kept[i] {
			mismas++
		}
	}
	if mismas != len(got)-100 {
		t.Errorf("%d actas came back as kept, want %d", mismas, len(got)-100)
	}

	// A capture publishes a new version of one acta: only it is read.
	old := got[7]
	nueva := *old
	nueva.Votos = append([]acta.Value(nil), old.Votos...)
	nueva.Votos[0] = acta.Num(nueva.Votos[0].N + 1)
	if err := s.withTx(ctx, func(tx *txn) error {
		return s.publicarActa(ctx, tx, "GUB", old, &nueva)
	}); err != nil {
		t.Fatal(err)
	}
	kept = got
	got, prev, leidas, err = s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	if leidas != 1 || got[7] == kept[7] || got[7].Votos[0] != nueva.Votos[0] ||
		got[8] != kept[8] {
		t.Errorf("after a capture: %d read, acta 7 %v (was %v)", leidas, got[7].Votos[0],
			kept[7].Votos[0])
	}
	igualesActas(t, s, got)

	// The acta at 10 goes, then comes back with other figures: everything is read again.
	id := got[10].ID
	mustImport(t, s, reescribir(t, base, func(as []*acta.Acta) []*acta.Acta {
		return append(as[:10:10], as[11:]...)
	}))
	got, prev, leidas, err = s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	if leidas != len(got) || len(got) != len(base.Archivo.Actas)-1 {
		t.Errorf("after a removal: %d read of %d, want all of %d", leidas, len(got),
			len(base.Archivo.Actas)-1)
	}
	igualesActas(t, s, got)
	mustImport(t, s, reescribir(t, base, masNulos(1, 11)))
	got, _, leidas, err = s.ActasCambiadas(ctx, "GUB", prev)
	if err != nil {
		t.Fatal(err)
	}
	igualesActas(t, s, got)
	if got[10].ID != id || leidas != len(got) {
		t.Errorf("acta %s added again: %d read of %d, acta 10 is %s", id, leidas, len(got),
			got[10].ID)
	}
}

// igualesActas fails unless got are the actas a full read of GUB gives.
func igualesActas(t *testing.T, s *Store, got []*acta.Acta) {
	t.Helper()
	want, err := s.Actas(context.Background(), "GUB")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d actas, a full read gives %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("acta %d (%s) differs from a full read", i, want[i].ID)
		}
	}
}
