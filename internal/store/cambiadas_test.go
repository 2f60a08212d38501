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
// returns the same actas a full read gives, the unchanged ones as they were kept; an acta
// removed and added again by later imports, numbered from 1 again, is read too.
func TestActasCambiadas(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	base := load(t, "PUE_GUB_2024.csv")
	mustImport(t, s, base)
	kept := conocidas(t, s)

	mustImport(t, s, reescribir(t, base, masNulos(50, 100)))
	got, leidas, err := s.ActasCambiadas(ctx, "GUB", kept)
	if err != nil {
		t.Fatal(err)
	}
	if leidas != 100 {
		t.Errorf("read %d actas in full, want the 100 changed", leidas)
	}
	igualesActas(t, s, got)
	mismas := 0
	for _, a := range got {
		if a == kept[a.ID] {
			mismas++
		}
	}
	if mismas != len(got)-100 {
		t.Errorf("%d actas came back as kept, want %d", mismas, len(got)-100)
	}

	// The acta at 10 goes, then comes back with other figures as version 1 again.
	kept = conocidas(t, s)
	id := got[10].ID
	mustImport(t, s, reescribir(t, base, func(as []*acta.Acta) []*acta.Acta {
		return append(as[:10:10], as[11:]...)
	}))
	mustImport(t, s, reescribir(t, base, masNulos(1, 11)))
	got, _, err = s.ActasCambiadas(ctx, "GUB", kept)
	if err != nil {
		t.Fatal(err)
	}
	igualesActas(t, s, got)
	if got[10].ID != id || got[10] == kept[id] {
		t.Errorf("acta %s, added again, came back as kept", id)
	}
}

// conocidas reads the actas of GUB in full, by id.
func conocidas(t *testing.T, s *Store) map[string]*acta.Acta {
	t.Helper()
	all, err := s.Actas(context.Background(), "GUB")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*acta.Acta{}
	for _, a := range all {
		out[a.ID] = a
	}
	return out
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
