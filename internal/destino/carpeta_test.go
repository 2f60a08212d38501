package destino

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCarpetaPublicar publishes two cortes into a folder, named by a path and by a file://
// URL: it ends up holding the cortes folder exactly, with no temporary file left.
func TestCarpetaPublicar(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	construir(t, dir, 1)
	espejo := filepath.Join(t.TempDir(), "espejo", "cortes")

	d, err := Abrir(ctx, espejo)
	if err != nil {
		t.Fatal(err)
	}
	if d.String() != espejo {
		t.Errorf("String() = %q, want %q", d.String(), espejo)
	}
	if err := d.Publicar(ctx, dir, 1); err != nil {
		t.Fatal(err)
	}
	comprobarCarpeta(t, dir, espejo)

	construir(t, dir, 2)
	d, err = Abrir(ctx, "file://"+filepath.ToSlash(espejo))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := d.Publicar(ctx, dir, 2); err != nil {
			t.Fatal(err)
		}
		comprobarCarpeta(t, dir, espejo)
	}
	index, err := os.ReadFile(filepath.Join(espejo, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := numerosIndice(t, index); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("index.json lists cortes %v, want [1 2]", got)
	}
}

// comprobarCarpeta checks that espejo holds the files of the cortes folder dir exactly, and
// no hidden (temporary) file.
func comprobarCarpeta(t *testing.T, dir, espejo string) {
	t.Helper()
	local, copia := archivosLocales(t, dir), archivosLocales(t, espejo)
	for ruta, data := range local {
		if got, ok := copia[ruta]; !ok || !bytes.Equal(got, data) {
			t.Errorf("%s: missing from the copy or different", ruta)
		}
	}
	for ruta := range copia {
		if _, ok := local[ruta]; !ok {
			t.Errorf("%s is in the copy and not in the cortes folder", ruta)
		}
	}
	ocultos, _ := filepath.Glob(filepath.Join(espejo, "*", ".tmp-*"))
	raiz, _ := filepath.Glob(filepath.Join(espejo, ".tmp-*"))
	if len(ocultos)+len(raiz) > 0 {
		t.Errorf("temporary files left: %v", append(ocultos, raiz...))
	}
}

// TestCarpetaMisma refuses to publish a cortes folder into itself.
func TestCarpetaMisma(t *testing.T) {
	dir := t.TempDir()
	construir(t, dir, 1)
	d, err := Abrir(context.Background(), dir+"/.")
	if err != nil {
		t.Fatal(err)
	}
	err = d.Publicar(context.Background(), dir, 1)
	if err == nil || !strings.Contains(err.Error(), "the cortes folder itself") {
		t.Errorf("Publicar into the cortes folder: %v", err)
	}
}
