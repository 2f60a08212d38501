package publicacion

import (
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/sufragio/sufragio/internal/destino"
)

// TestErrorDestinoMensaje checks that the message for a corte published and not copied is
// Spanish only, and promises a retry only when one can succeed.
func TestErrorDestinoMensaje(t *testing.T) {
	notDir := fmt.Errorf("publish corte 1 to /tmp/a/b: read destination index: %w",
		&fs.PathError{Op: "open", Path: "/tmp/a/b/index.json", Err: syscall.ENOTDIR})
	conflict := fmt.Errorf("publish corte 2 to /srv/e: corte 1 differs: %w",
		destino.ErrConflict)
	for _, c := range []struct {
		err  error
		want string
	}{
		{notDir, "el corte 1 se publicó en la carpeta de cortes, pero no se pudo copiar a " +
			"/tmp/a/b: una parte de la ruta no es una carpeta; se copiará, con los que " +
			"falten, al publicar el siguiente corte"},
		{conflict, "el corte 1 se publicó en la carpeta de cortes, pero no se pudo copiar a " +
			"/tmp/a/b: el destino tiene un corte que la carpeta de cortes no tiene, o que " +
			"tiene con otro corte.json; no se le copiarán cortes mientras no se revise"},
	} {
		got := (&ErrorDestino{Numero: 1, Destino: "/tmp/a/b", Err: c.err}).Error()
		if got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
		for _, en := range []string{"publish", "read", "not a directory", "differs"} {
			if strings.Contains(got, en) {
				t.Errorf("%q has the English %q", got, en)
			}
		}
	}
}
