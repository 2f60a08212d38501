package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNISTSinCandidaturas writes the report of a corte of data imported without its
// candidaturas file, which publishes an empty one.
func TestNISTSinCandidaturas(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	gub := bundled(t, src, "PUE_GUB_2024_corte_20240603_1800.csv")
	if code, _, e := runCmd(t, "import", "--data", data, gub); code != 0 {
		t.Fatalf("import: %s", e)
	}
	if code, _, e := runCmd(t, "corte", "--data", data); code != 0 {
		t.Fatalf("corte: %s", e)
	}
	out := filepath.Join(t.TempDir(), "informe.json")
	code, o, e := runCmd(t, "nist", "--data", data, "--out", out)
	if code != 0 || !strings.Contains(o, "Informe NIST SP 1500-100 v2 del corte 1 "+
		"(03/06/2024 18:00 (UTC-6), unofficial-partial) en "+out) {
		t.Fatalf("nist: exit %d\n%s%s", code, o, e)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("the report was not written: %v", err)
	}
}

// TestNISTIndiceFuera refuses an index.json that sends the report to a corte, and its
// output beside it, outside the cortes folder.
func TestNISTIndiceFuera(t *testing.T) {
	data := conCorte(t)
	otra := filepath.Join(t.TempDir(), "a", "cortes")
	if err := os.MkdirAll(otra, 0o755); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(otra, filepath.Join(data, "cortes", "0001"))
	if err != nil {
		t.Fatal(err)
	}
	for _, carpeta := range []string{rel, "0001", "0005/", `..\0005`, ""} {
		writeFile(t, filepath.Join(otra, "index.json"),
			[]byte(`{"cortes":[{"numero":5,"carpeta":`+strconv.Quote(carpeta)+`}]}`))
		code, _, e := runCmd(t, "nist", otra)
		want := "el índice de cortes de " + otra + " da al corte 5 la carpeta " +
			strconv.Quote(carpeta) + ", que no es la suya (0005)"
		if code != 1 || !strings.Contains(e, want) {
			t.Errorf("carpeta %q: exit %d, %q; want 1 and %q", carpeta, code, e, want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(data, "nist", "*")); len(m) > 0 {
		t.Errorf("a report was written outside the cortes folder: %v", m)
	}

	writeFile(t, filepath.Join(otra, "index.json"), []byte(`{"cortes":[{"numero":"5"}]}`))
	code, _, e := runCmd(t, "nist", otra)
	want := "no se pudo leer el índice de cortes " + filepath.Join(otra, "index.json") +
		": el campo cortes.numero no tiene el tipo esperado"
	if code != 1 || !strings.Contains(e, want) {
		t.Errorf("index with a bad field: exit %d, %q; want 1 and %q", code, e, want)
	}
	code, _, e = runCmd(t, "nist", filepath.Join(otra, "no-hay"))
	if code != 1 || !strings.Contains(e, "no-hay: no existe") {
		t.Errorf("missing folder: exit %d, %q", code, e)
	}
}

// TestNISTCorteAlterado refuses the report of a corte whose files are not the published
// ones: without its signature, or with a vote changed.
func TestNISTCorteAlterado(t *testing.T) {
	data := conCorte(t)
	dir := filepath.Join(data, "cortes", "0001")
	if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Chmod(p, 0o755)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := "el corte 1 publicado en " + dir + " no pasa la verificación"
	sig := filepath.Join(dir, "corte.json.sig")
	firma, err := os.ReadFile(sig)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(sig)
	code, _, e := runCmd(t, "nist", "--data", data)
	if code != 1 || !strings.Contains(e, want+" (1 discrepancia)") ||
		!strings.Contains(e, "«sufragio verify "+dir+"»") {
		t.Errorf("corte without signature: exit %d, %q; want 1 and %q", code, e, want)
	}
	writeFile(t, sig, firma)

	csv := filepath.Join(dir, "20240603_1800_PREP_GUB_PUE", "PUE_GUB_2024.csv")
	cambiarVoto(t, csv, "MORENA")
	code, _, e = runCmd(t, "nist", "--data", data)
	if code != 1 || !strings.Contains(e, want) {
		t.Errorf("corte with a vote changed: exit %d, %q; want 1 and %q", code, e, want)
	}
	if m, _ := filepath.Glob(filepath.Join(data, "cortes", "nist", "*")); len(m) > 0 {
		t.Errorf("a report was written of an altered corte: %v", m)
	}
}

// cambiarVoto adds one vote to partido in the first acta of the CSV that has a number
// for it.
func cambiarVoto(t *testing.T, csv, partido string) {
	t.Helper()
	raw, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	col := -1
	for i, l := range lines {
		f := strings.Split(l, ",")
		if col < 0 {
			col = slices.Index(f, partido)
			continue
		}
		n, err := strconv.Atoi(f[min(col, len(f)-1)])
		if err != nil {
			continue
		}
		f[col] = strconv.Itoa(n + 1)
		lines[i] = strings.Join(f, ",")
		writeFile(t, csv, []byte(strings.Join(lines, "\n")))
		return
	}
	t.Fatalf("%s has no acta with votes for %s", csv, partido)
}
