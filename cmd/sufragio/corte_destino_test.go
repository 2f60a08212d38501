package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorteDestinoRechazado gives --destino values that cannot work: each is refused before
// anything is published and before the signing key is made, and none makes a folder.
func TestCorteDestinoRechazado(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	t.Chdir(t.TempDir())
	gub := bundled(t, src, "PUE_GUB_2024_corte_20240603_1800.csv",
		"PUE_GUB_Candidaturas_2024.csv")
	if code, _, e := runCmd(t, "import", "--data", data, gub); code != 0 {
		t.Fatalf("import: %s", e)
	}
	archivo := filepath.Join(t.TempDir(), "archivo")
	writeFile(t, archivo, nil)
	cortes := filepath.Join(data, "cortes")
	for _, c := range []struct{ destino, want string }{
		{"file:/tmp/espejo", `destino "file:/tmp/espejo" no válido: empieza por "file:" sin ` +
			"«//» detrás"},
		{"s3:/bucket/p", `destino "s3:/bucket/p" no válido: empieza por "s3:" sin «//»`},
		{filepath.Join(archivo, "sub"), "no se pudo crear la carpeta: una parte de la ruta no " +
			"es una carpeta"},
		{"/proc/espejo", "no se pudo crear la carpeta: ese lugar no admite carpetas nuevas"},
		{cortes, "es la carpeta donde se publican los cortes; indique otra"},
		{filepath.Join(cortes, "0001", "espejo"), "está dentro de la carpeta de cortes " +
			cortes + " y escribiría en cortes firmados"},
		{data, "contiene la carpeta de cortes " + cortes},
		{"s3://prep?y=1", `el parámetro "y" no existe`},
	} {
		code, out, e := runCmd(t, "corte", "--data", data, "--destino", c.destino)
		if code != 1 || !strings.Contains(e, c.want) || out != "" {
			t.Errorf("--destino %s: exit %d\n%s%s\nwant exit 1 and %q", c.destino, code, out,
				e, c.want)
		}
	}
	for _, p := range []string{filepath.Join(data, "clave-firma.pem"), cortes, "file:",
		"s3:"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused --destino made %s", p)
		}
	}

	// Once corte 1 is published, a folder inside it, by its name or through a link, is
	// still refused, and not made.
	if code, _, e := runCmd(t, "corte", "--data", data); code != 0 {
		t.Fatalf("corte: %s", e)
	}
	enlace := filepath.Join(t.TempDir(), "enlace")
	if err := os.Symlink(filepath.Join(cortes, "0001"), enlace); err != nil {
		t.Fatal(err)
	}
	for _, espejo := range []string{filepath.Join(cortes, "0001", "espejo"),
		filepath.Join(enlace, "espejo")} {
		code, _, e := runCmd(t, "corte", "--data", data, "--hora", "03/06/2024 18:30",
			"--destino", espejo)
		if code != 1 || !strings.Contains(e, "está dentro de la carpeta de cortes") {
			t.Errorf("--destino %s: exit %d, %q", espejo, code, e)
		}
	}
	if _, err := os.Stat(filepath.Join(cortes, "0001", "espejo")); err == nil {
		t.Error("a folder was made inside the signed corte 1")
	}
}

// TestCorteDestinoFallaCopia publishes a corte whose copy fails after it is in place: the
// corte stands, and the message, in Spanish only, says why in a few words and when the copy
// is tried again.
func TestCorteDestinoFallaCopia(t *testing.T) {
	data := conCorte(t)
	espejo := filepath.Join(t.TempDir(), "espejo")
	// A folder where the mirror's index.json goes: opening works, the copy cannot.
	if err := os.MkdirAll(filepath.Join(espejo, "index.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, e := runCmd(t, "corte", "--data", data, "--hora", "03/06/2024 18:30",
		"--destino", espejo)
	if !strings.Contains(out, "Corte 2 (intermedio) del 03/06/2024 18:30") {
		t.Errorf("the corte is not reported published:\n%s", out)
	}
	// The log line before it keeps the cause, in English, for the operator's collector.
	want := "\nsufragio corte: el corte 2 se publicó en la carpeta de cortes, pero no se pudo " +
		"copiar a " + espejo + ": donde va un archivo hay una carpeta; se copiará, con los " +
		"que falten, al publicar el siguiente corte\n"
	if code != 1 || !strings.HasSuffix(e, want) {
		t.Errorf("exit %d, stderr\n%s\nwant 1 and a last line\n%s", code, e, want)
	}
}

// TestServeDestinoSinOperacion refuses --destino on a server that publishes nothing.
func TestServeDestinoSinOperacion(t *testing.T) {
	code, _, e := runCmd(t, "serve", "--data", t.TempDir(), "--sin-operacion",
		"--destino", t.TempDir())
	if code != 1 || !strings.Contains(e, "--destino no va con --sin-operacion") {
		t.Errorf("exit %d, %q", code, e)
	}
}

// TestCorteRazon says why a corte could not be published, in Spanish.
func TestCorteRazon(t *testing.T) {
	data := conCorte(t)
	archivo := filepath.Join(t.TempDir(), "archivo")
	writeFile(t, archivo, nil)
	out := filepath.Join(archivo, "cortes")
	code, _, e := runCmd(t, "corte", "--data", data, "--hora", "03/06/2024 18:30",
		"--out", out)
	want := "sufragio corte: no se pudo leer el índice de cortes de " + out + ": una parte de " +
		"la ruta no es una carpeta\n"
	if code != 1 || e != want {
		t.Errorf("exit %d, %q; want 1 and %q", code, e, want)
	}
}
