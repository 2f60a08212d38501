package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// conCorte returns a data folder holding the Gubernatura at 18:00 and corte 1, published
// and signed with a key made for it.
func conCorte(t *testing.T) string {
	t.Helper()
	src, data := t.TempDir(), t.TempDir()
	gub := bundled(t, src, "PUE_GUB_2024_corte_20240603_1800.csv",
		"PUE_GUB_Candidaturas_2024.csv")
	if code, _, e := runCmd(t, "import", "--data", data, gub); code != 0 {
		t.Fatalf("import: %s", e)
	}
	code, out, e := runCmd(t, "corte", "--data", data)
	if code != 0 || !strings.Contains(out, "Se creó la clave de firma de los cortes en "+
		filepath.Join(data, "clave-firma.pem")) || !strings.Contains(out, "Corte 1 ") {
		t.Fatalf("first corte: exit %d\n%s%s", code, out, e)
	}
	return data
}

var huellaRe = regexp.MustCompile(`Huella \(SHA-256 de la clave pública\): ([0-9a-f ]+)\n`)

// huellaDe returns the fingerprint «sufragio keys show» prints for the key of data.
func huellaDe(t *testing.T, data string) string {
	t.Helper()
	code, out, e := runCmd(t, "keys", "show", "--data", data)
	m := huellaRe.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("keys show: exit %d\n%s%s", code, out, e)
	}
	return m[1]
}

// TestKeysFaltaClave moves the signing key away once a corte is published: publishing is
// refused, naming the fingerprint of the published cortes and where to restore the key,
// and no key is made; «keys init» makes one and warns that it is another.
func TestKeysFaltaClave(t *testing.T) {
	data := conCorte(t)
	path := filepath.Join(data, "clave-firma.pem")
	huella := huellaDe(t, data)
	if err := os.Rename(path, path+".respaldo"); err != nil {
		t.Fatal(err)
	}

	code, out, e := runCmd(t, "corte", "--data", data, "--hora", "03/06/2024 18:30")
	for _, want := range []string{"falta la clave de firma " + path,
		"se firmaron con la clave de huella " + huella + " (la del último, el 1)",
		"Restáurela en " + path, "«sufragio keys init»"} {
		if !strings.Contains(e, want) {
			t.Errorf("corte without its key: stderr lacks %q:\n%s", want, e)
		}
	}
	if code != 1 || strings.Contains(out, "Se creó") {
		t.Errorf("corte without its key: exit %d, stdout %q; want 1 and nothing", code, out)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a new key was made in place of the missing one")
	}

	code, out, e = runCmd(t, "keys", "init", "--data", data)
	want := "Aviso: la clave nueva no es la de los cortes ya publicados en " +
		filepath.Join(data, "cortes") + " (el último, el 1, se firmó con la de huella " + huella
	if code != 0 || !strings.Contains(out, "Clave de firma creada") ||
		!strings.Contains(e, want) {
		t.Errorf("keys init: exit %d\n%s%s\nwant exit 0 and %q", code, out, e, want)
	}
	if got := huellaDe(t, data); got == huella {
		t.Errorf("keys init made the key of fingerprint %s again", got)
	}
}

// TestKeysInitSinCortes makes the key of a data folder with no corte yet, with no warning.
func TestKeysInitSinCortes(t *testing.T) {
	data := t.TempDir()
	code, out, e := runCmd(t, "keys", "init", "--data", data)
	if code != 0 || !strings.Contains(out, "Clave de firma creada") || e != "" {
		t.Errorf("keys init: exit %d\n%s%s", code, out, e)
	}
	code, _, e = runCmd(t, "keys", "init", "--data", data)
	if code != 1 || !strings.Contains(e, "ya existe la clave de firma") {
		t.Errorf("keys init again: exit %d, %q", code, e)
	}
}

// TestKeysArchivoMal reads key files that cannot be used, and one open to other users.
func TestKeysArchivoMal(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, "clave-firma.pem")
	writeFile(t, path, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	code, _, e := runCmd(t, "keys", "show", "--data", data)
	want := "no se pudo leer la clave de firma " + path + ": no es una clave Ed25519 en " +
		"formato PEM"
	if code != 1 || !strings.Contains(e, want) {
		t.Errorf("keys show of a certificate: exit %d, %q; want 1 and %q", code, e, want)
	}

	os.Remove(path)
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, e = runCmd(t, "keys", "show", "--data", data)
	if code != 1 || !strings.Contains(e, path+": es una carpeta") {
		t.Errorf("keys show of a folder: exit %d, %q", code, e)
	}

	os.Remove(path)
	if code, _, e := runCmd(t, "keys", "init", "--data", data); code != 0 {
		t.Fatalf("keys init: %s", e)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, e := runCmd(t, "keys", "show", "--data", data)
	want = "Aviso: la clave de firma " + path + " tiene permisos 0644, más abiertos que 0600"
	if code != 0 || !strings.Contains(out, "Huella") || !strings.Contains(e, want) {
		t.Errorf("keys show of a key open to others: exit %d\n%s%s\nwant 0 and %q", code, out,
			e, want)
	}
}
