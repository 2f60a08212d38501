package publicacion

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// openWithGUB opens a store holding the final Gubernatura file.
func openWithGUB(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.OpenConfig(ctx, store.Config{Dir: dir, DB: storetest.DB(t, dir)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := demodata.Puebla2024[0]
	data, _ := demodata.ReadFile(e.Final)
	f, err := opendata.Read(e.Final, data)
	if err != nil {
		t.Fatal(err)
	}
	cd, _ := demodata.ReadFile(e.Candidaturas)
	if err := opendata.ReadCandidaturas(e.Candidaturas, cd, f); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if _, err := st.Import(ctx, store.SystemActor, store.ImportInput{Archivo: f, Fuente: e.Final,
		SHA256: hex.EncodeToString(sum[:])}); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestPublicarSimulacro(t *testing.T) {
	ctx := context.Background()
	st := openWithGUB(t)
	dir := t.TempDir()
	p := New(st, dir, true, nil)
	m, err := p.Publicar(ctx, store.SystemActor, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Simulacro || !strings.HasSuffix(m.Zip, "_PREP_PUE_SIMULACRO.zip") {
		t.Errorf("got simulacro %v, zip %s; want a SIMULACRO manifest and ZIP", m.Simulacro, m.Zip)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "0001", m.Elecciones[0].CSV))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(string(csv), "\ufeff"), "\n")
	if !strings.HasSuffix(first, " - SIMULACRO") {
		t.Errorf("CSV title %q: want it to end with SIMULACRO", first)
	}
	// Every file says SIMULACRO: the CSV files by the folder that holds them, the level
	// files by their envelope.
	ec := m.Elecciones[0]
	for _, f := range []string{ec.CSV, ec.Candidaturas} {
		if !strings.Contains(filepath.Dir(f), "SIMULACRO") {
			t.Errorf("%s: want its folder to say SIMULACRO", f)
		}
	}
	for lvl, f := range ec.JSON {
		var env publish.NivelJSON
		var datos json.RawMessage
		env.Datos = &datos
		if err := publish.LeerNivel(filepath.Join(dir, "0001", f), &datos); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "0001", f))
		if err := json.Unmarshal(data, &env); err != nil {
			t.Fatal(err)
		}
		if !env.Simulacro || env.Corte != 1 || env.Nivel != lvl || env.Eleccion != "GUB" ||
			len(datos) == 0 {
			t.Errorf("%s: envelope corte %d simulacro %v nivel %s eleccion %s (%d bytes of "+
				"data); want corte 1 of GUB, SIMULACRO, level %s", f, env.Corte, env.Simulacro,
				env.Nivel, env.Eleccion, len(datos), lvl)
		}
	}
	if got := m.Elecciones[0].Resumen.TotalVotosCCS; got != 2658993 {
		t.Errorf("total votes: got %d, want 2658993", got)
	}
	if _, err := p.Publicar(ctx, store.SystemActor, m.Hora, true); err == nil {
		t.Error("a corte at the time of the last one: want a refusal")
	}
	time.Sleep(1100 * time.Millisecond) // cortes are timed to the second
	if _, err := p.Publicar(ctx, store.SystemActor, time.Time{}, true); err != nil {
		t.Fatalf("final corte: %v", err)
	}
	_, err = p.Publicar(ctx, store.SystemActor, time.Time{}, false)
	var refused *Error
	if !errors.As(err, &refused) || !strings.Contains(refused.Mensaje(), "corte final") {
		t.Errorf("after the final corte: got %v, want a refusal naming the final corte", err)
	}
}

// TestModosSeparados checks that a folder of simulacro cortes never receives a live corte,
// nor a folder of live cortes a simulacro one.
func TestModosSeparados(t *testing.T) {
	ctx := context.Background()
	st := openWithGUB(t)
	dir := t.TempDir()
	if _, err := New(st, dir, true, nil).Publicar(ctx, store.SystemActor, time.Time{},
		false); err != nil {
		t.Fatal(err)
	}
	_, err := New(st, dir, false, nil).Publicar(ctx, store.SystemActor, time.Time{}, false)
	var refused *Error
	if !errors.As(err, &refused) || !strings.Contains(refused.Mensaje(), "SIMULACRO") {
		t.Fatalf("live corte into a simulacro folder: got %v, want a refusal", err)
	}

	live, other := t.TempDir(), openWithGUB(t)
	if _, err := New(other, live, false, nil).Publicar(ctx, store.SystemActor, time.Time{},
		false); err != nil {
		t.Fatal(err)
	}
	_, err = New(other, live, true, nil).Publicar(ctx, store.SystemActor, time.Time{}, false)
	if !errors.As(err, &refused) || !strings.Contains(refused.Mensaje(), "cortes reales") {
		t.Fatalf("simulacro corte into a live folder: got %v, want a refusal", err)
	}
}
