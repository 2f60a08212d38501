package store

import (
	"context"
	"errors"
	"testing"
)

// TestSaveCATD gives CATDs their units: only units of a loaded election, each to one CATD.
func TestSaveCATD(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if _, err := s.LoadCatalog(ctx, SystemActor, load(t, "PUE_GUB_2024.csv")); err != nil {
		t.Fatal(err)
	}
	err := s.SaveCATD(ctx, SystemActor, CATD{Code: "C01", Nombre: "Norte",
		Unidades: map[string][]string{"GUB": {"001", "002"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		unidades map[string][]string
		kind     error
	}{
		{"taken by C01", map[string][]string{"GUB": {"002"}}, ErrConflict},
		{"no such distrito", map[string][]string{"GUB": {"999"}}, ErrInvalid},
		{"without its zeros", map[string][]string{"GUB": {"3"}}, ErrInvalid},
		{"election not loaded", map[string][]string{"AYUN": {"001"}}, ErrInvalid},
	} {
		err := s.SaveCATD(ctx, SystemActor, CATD{Code: "C02", Nombre: "Sur",
			Unidades: c.unidades})
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.kind)
		}
	}
	cs, err := s.CATDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || len(cs[0].Unidades["GUB"]) != 2 {
		t.Errorf("CATDs after the refusals: %+v, want only C01 with its two distritos", cs)
	}
}

// TestImportIntoOperated refuses a published file over an election run by sufragio's own
// line: its figures come from the capture.
func TestImportIntoOperated(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	in := load(t, "PUE_GUB_2024.csv")
	if _, err := s.LoadCatalog(ctx, SystemActor, in); err != nil {
		t.Fatal(err)
	}
	trail := trailHead(t, s)
	_, err := s.Import(ctx, SystemActor, in)
	var rf *Refusal
	if !errors.As(err, &rf) || !errors.Is(err, ErrConflict) {
		t.Fatalf("import over an operated election: %v, want a refusal", err)
	}
	actas, err := s.Actas(ctx, "GUB")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actas {
		if a.Registrada() {
			t.Fatalf("acta %s is registered after a refused import", a.ID)
		}
	}
	if got := trailHead(t, s); got != trail {
		t.Errorf("trail after the refused import: %s, want %s", got, trail)
	}
}
