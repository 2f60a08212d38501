package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/sufragio/sufragio/internal/destino"
)

// TestRazon says in Spanish why common operations fail.
func TestRazon(t *testing.T) {
	var syn, typ error
	syn = json.Unmarshal([]byte(`{"cortes": [}`), &struct{}{})
	typ = json.Unmarshal([]byte(`{"numero": "5"}`), &struct {
		Numero int `json:"numero"`
	}{})
	_, notDir := os.ReadFile(filepath.Join(os.Args[0], "x"))
	_, isDir := os.ReadFile(t.TempDir())
	_, missing := os.ReadFile(filepath.Join(t.TempDir(), "x"))
	_, badURL := destino.Abrir(t.Context(), "file:/x")
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("read index: %w", syn), "no es JSON válido (byte 13)"},
		{fmt.Errorf("read index: %w", typ), "el campo numero no tiene el tipo esperado"},
		{fmt.Errorf("%w: x509: malformed", errClaveNoValida),
			"no es una clave Ed25519 en formato PEM"},
		{notDir, "una parte de la ruta no es una carpeta"},
		{isDir, "es una carpeta"},
		{missing, "no existe"},
		{&fs.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, "sin permiso"},
		{failf(missing, "no se pudo leer el corte 3"), "no se pudo leer el corte 3"},
		{badURL, `destino "file:/x" no válido: empieza por "file:" sin «//» detrás: ` +
			"escriba file:///ruta/absoluta, s3://bucket/prefijo o una ruta de carpeta " +
			"(./nombre, si el nombre de la carpeta lleva «:»)"},
		{errors.New("unexpected EOF"), "error de lectura o escritura (detalle en el registro)"},
	} {
		if got := razon(c.err); got != c.want {
			t.Errorf("razon(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
