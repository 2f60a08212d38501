package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorteSequence publishes cortes through the command and checks the rules that keep the
// sequence honest: a corte is later than the last one and than the data it publishes, none
// follows the final corte, and the numbers of the store and of the folder never repeat.
func TestCorteSequence(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	gub1800 := bundled(t, src, "PUE_GUB_2024_corte_20240603_1800.csv",
		"PUE_GUB_Candidaturas_2024.csv")
	gub := bundled(t, src, "PUE_GUB_2024.csv")

	if code, _, e := runCmd(t, "import", "--data", data, gub1800); code != 0 {
		t.Fatalf("import: %s", e)
	}
	// The puesta en ceros of imported data needs its time, before theirs.
	code, _, e := runCmd(t, "corte", "--data", data, "--ceros")
	if code != 1 || !strings.Contains(e, "la puesta en ceros debe ser anterior") {
		t.Errorf("puesta en ceros without --hora: exit %d, %q", code, e)
	}
	code, out, e := runCmd(t, "corte", "--data", data, "--ceros", "--hora", "02/06/2024 20:00")
	if code != 0 || !strings.Contains(out, "Corte 0 (puesta en ceros) del 02/06/2024 20:00") {
		t.Fatalf("puesta en ceros: %d %s %s", code, out, e)
	}
	code, out, e = runCmd(t, "corte", "--data", data)
	if code != 0 || !strings.Contains(out, "Corte 1 (intermedio) del 03/06/2024 18:00 (UTC-6)") {
		t.Fatalf("first corte: %d %s %s", code, out, e)
	}
	refusals := []struct {
		args []string
		want string
	}{
		{[]string{"corte", "--data", data}, "ya se publicó el corte 1"},
		{[]string{"corte", "--data", data, "--hora", "03/06/2024 17:00"},
			"anterior a la de los datos importados"},
		{[]string{"corte", "--data", data, "--hora", "03/06/2099 17:00"}, "en el futuro"},
	}
	for _, r := range refusals {
		if code, _, e := runCmd(t, r.args...); code != 1 || !strings.Contains(e, r.want) {
			t.Errorf("%v: exit %d, %q; want a refusal saying %q", r.args, code, e, r.want)
		}
	}

	// Another output folder would start a second chain beside the first, with the store's
	// numbers: refused, before any key is made for it.
	other := t.TempDir()
	code, _, e = runCmd(t, "corte", "--data", data, "--out", other, "--hora",
		"03/06/2024 18:30")
	if code != 1 || !strings.Contains(e, "la base registra el corte 1, pero la carpeta de "+
		"cortes "+other+" no lo tiene") {
		t.Fatalf("corte in another folder: exit %d, %q; want a refusal", code, e)
	}
	if ents, _ := os.ReadDir(other); len(ents) != 0 {
		t.Errorf("the refused folder got %d entries", len(ents))
	}

	if code, _, e := runCmd(t, "import", "--data", data, gub); code != 0 {
		t.Fatalf("import final: %s", e)
	}
	// A destination URL that cannot be used is refused before anything is published.
	code, _, e = runCmd(t, "corte", "--data", data, "--final", "--destino", "s3://prep?y=1")
	if code != 1 || !strings.Contains(e, `el parámetro "y" no existe`) {
		t.Errorf("bad --destino: exit %d, %q", code, e)
	}
	// The final corte is copied to a mirror folder, which catches up with corte 1 too.
	espejo := filepath.Join(t.TempDir(), "espejo")
	code, out, e = runCmd(t, "corte", "--data", data, "--final", "--destino", espejo)
	if code != 0 || !strings.Contains(out, "Corte 2 (final) del 03/06/2024 20:00 (UTC-6)") {
		t.Fatalf("final corte: %d %s %s", code, out, e)
	}
	for _, f := range []string{"index.json", "0001/corte.json", "0002/corte.json",
		"0002/corte.json.sig"} {
		if _, err := os.Stat(filepath.Join(espejo, f)); err != nil {
			t.Errorf("the mirror lacks %s: %v", f, err)
		}
	}
	code, _, e = runCmd(t, "corte", "--data", data, "--hora", "03/06/2024 21:00")
	if code != 1 || !strings.Contains(e, "ya se cerró con el corte final 2") {
		t.Errorf("corte after the final one: exit %d, %q", code, e)
	}
}

// TestImportSeveralFilesStops reports, when one of several files fails, which were stored
// and which were not tried.
func TestImportSeveralFilesStops(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	good := bundled(t, src, "PUE_GUB_2024.csv", "PUE_GUB_Candidaturas_2024.csv")
	bad := filepath.Join(src, "PUE_DIP_LOC_2024.csv")
	writeFile(t, bad, []byte("DIPUTACIONES LOCALES\n"))
	rest := bundled(t, src, "PUE_AYUN_2024.csv")
	code, _, e := runCmd(t, "import", "--data", data, good, bad, rest)
	for _, want := range []string{"PUE_DIP_LOC_2024.csv", "ya importados: " + good,
		"no se intentaron: " + rest} {
		if !strings.Contains(e, want) {
			t.Errorf("error output lacks %q:\n%s", want, e)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}
