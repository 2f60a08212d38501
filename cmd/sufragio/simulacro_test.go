package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// TestSimulacroGubernatura replays the whole Gubernatura night of 2024 through the real
// HTTP endpoints — acopio, images from the CATD and PREP Casilla, two blind captures with
// deliberate disagreements, verification, cortes — and checks that the final corte's
// summary is the official one, figure for figure.
func TestSimulacroGubernatura(t *testing.T) {
	if testing.Short() {
		t.Skip("replays 8,271 actas")
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := runSimulacroT(t, []string{"simulacro", "--data", dir, "--eleccion", "GUB",
		"--cadencia", "2s"}, &out, &errb)
	if code != 0 {
		t.Fatalf("simulacro exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
	const official = "8334,8271,12,8259,99.1000,6848,82.1694,18.2385,1411,4125717," +
		"2658993.0,2639492.0,64.4492"
	for _, want := range []string{"GUBERNATURA - SIMULACRO", official,
		"Coincide con el encabezado del archivo oficial final.", "12 fuera de catálogo"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("simulacro output lacks %q:\n%s", want, out.String())
		}
	}
	t.Log(strings.SplitN(out.String(), "\n", 3)[1])

	// The verifier passes on every corte of the night, and checks the images of the actas
	// digitalized in it against their códigos de integridad.
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"verify", filepath.Join(dir, "cortes")},
		&out, &errb); code != 0 {
		t.Errorf("verify of the simulacro's cortes: exit %d\n%s\n%s", code, out.String(),
			errb.String())
	}
	if !strings.Contains(out.String(), "Cadena: el corte 1 enlaza con el 0.") {
		t.Errorf("the simulacro's cortes do not start at its puesta en ceros:\n%s", out.String())
	}
	if !regexp.MustCompile(`Gubernatura: [0-9,]+ imágenes de actas coinciden con su código`).
		MatchString(out.String()) {
		t.Errorf("verify did not check the acta images:\n%s", out.String())
	}

	// A second run refuses to mix with the first, unless asked to start over.
	out.Reset()
	errb.Reset()
	code = runSimulacroT(t, []string{"simulacro", "--data", dir, "--eleccion", "GUB",
		"--limit", "50"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "ya tiene un simulacro") {
		t.Errorf("second run: exit %d, stderr %q; want 1 and a Spanish refusal", code,
			errb.String())
	}
	code = runSimulacroT(t, []string{"simulacro", "--data", dir, "--eleccion", "GUB",
		"--limit", "50", "--reiniciar"}, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "Reproducidas 50 actas") {
		t.Errorf("run with --reiniciar: exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
}

// TestRecomputedHeader checks the worked example of RULES.md §2.3: classified from its
// figures, the Ayuntamientos final file has 1,117 inconsistent actas, 13.3740 % instead of
// the published 13.6254 %; the other elections have no stale label and keep their header.
func TestRecomputedHeader(t *testing.T) {
	files, err := simulacroFiles("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ codigo, want string }{
		{"GUB", "8334,8271,12,8259,99.1000,6848,82.1694,18.2385,1411,4125717,2658993.0," +
			"2639492.0,64.4492"},
		{"AYUN", "8352,7897,12,7885,94.4085,6958,83.3093,13.3740,927,4169515,2687769.0," +
			"2682757.0,64.4623"},
	} {
		if got := recomputedHeader(files, c.codigo); got != c.want {
			t.Errorf("%s recomputed header:\n got %s\nwant %s", c.codigo, got, c.want)
		}
	}
	dip, err := officialHeader("DIP_LOC")
	if err != nil {
		t.Fatal(err)
	}
	if got := recomputedHeader(files, "DIP_LOC"); got != dip[1] {
		t.Errorf("DIP_LOC recomputed header %s, want the official %s", got, dip[1])
	}
}

// runSimulacroT runs sufragio with args, a simulacro with its --data, on the engine of the
// run.
func runSimulacroT(t *testing.T, args []string, out, errb *bytes.Buffer) int {
	t.Helper()
	for i, a := range args {
		if a == "--data" && i+1 < len(args) {
			storetest.Env(t, args[i+1])
		}
	}
	return run(context.Background(), args, out, errb)
}

// TestSimulacroNoToma checks, on PostgreSQL, where the database and the data folder are
// apart, that a simulacro takes neither a database that holds anything else (a user
// created there) nor, with --reiniciar, a data folder holding real cortes.
func TestSimulacroNoToma(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("the database and the data folder are apart on PostgreSQL only")
	}
	db := storetest.NewDB(t)
	ctx := context.Background()
	st, err := store.OpenConfig(ctx, store.Config{Dir: t.TempDir(), DB: db}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.AddUser(ctx, store.SystemActor, store.NewUser{Username: "directora",
		Nombre: "Directora", Role: auth.Administrador, Password: "temporal-0123"})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"simulacro", "--db", db, "--data",
		t.TempDir(), "--eleccion", "GUB", "--limit", "3"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "tiene datos que no son de un simulacro") {
		t.Errorf("simulacro on a database with a user: exit %d, %q; want a refusal", code,
			errb.String())
	}

	sim := storetest.NewDB(t)
	errb.Reset()
	if code := run(context.Background(), []string{"simulacro", "--db", sim, "--data",
		t.TempDir(), "--eleccion", "GUB", "--limit", "3"}, &out, &errb); code != 0 {
		t.Fatalf("simulacro: exit %d, %s", code, errb.String())
	}
	real := t.TempDir()
	index := `{"cortes":[{"numero":1,"simulacro":false,"carpeta":"0001"}]}`
	os.MkdirAll(filepath.Join(real, "cortes"), 0o755)
	writeFile(t, filepath.Join(real, "cortes", "index.json"), []byte(index))
	writeFile(t, filepath.Join(real, "clave-firma.pem"), []byte("la clave real"))
	errb.Reset()
	code = run(context.Background(), []string{"simulacro", "--db", sim, "--data", real,
		"--eleccion", "GUB", "--limit", "3", "--reiniciar"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "tiene cortes reales") {
		t.Errorf("--reiniciar over real cortes: exit %d, %q; want a refusal", code,
			errb.String())
	}
	for _, f := range []string{"cortes/index.json", "clave-firma.pem"} {
		if _, err := os.Stat(filepath.Join(real, f)); err != nil {
			t.Errorf("--reiniciar removed %s of the real folder: %v", f, err)
		}
	}
}
