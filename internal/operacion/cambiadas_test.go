package operacion

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

// TestCortesTrasCapturas publishes, after each capture, a corte with one long-lived
// Publicador and then one with a new Publicador over the same folder, which reads every
// acta, and wants the same figures in both.
func TestCortesTrasCapturas(t *testing.T) {
	l := newLinea(t)
	dir := t.TempDir()
	largo := publicacion.New(l.st, dir, true, nil)
	antes := ""
	publicar := func(paso string) {
		t.Helper()
		m, err := largo.Publicar(l.ctx, store.SystemActor, time.Time{}, false)
		if err != nil {
			t.Fatalf("%s: %v", paso, err)
		}
		time.Sleep(1100 * time.Millisecond)
		n, err := publicacion.New(l.st, dir, true, nil).Publicar(l.ctx, store.SystemActor,
			time.Time{}, false)
		if err != nil {
			t.Fatalf("%s: %v", paso, err)
		}
		time.Sleep(1100 * time.Millisecond)
		for lvl, f := range m.Elecciones[0].JSON {
			var a, b json.RawMessage
			pa := filepath.Join(dir, publish.CarpetaCorte(m.Numero), f)
			pb := filepath.Join(dir, publish.CarpetaCorte(n.Numero), n.Elecciones[0].JSON[lvl])
			if err := publish.LeerNivel(pa, &a); err != nil {
				t.Fatal(err)
			}
			if err := publish.LeerNivel(pb, &b); err != nil {
				t.Fatal(err)
			}
			if lvl == "actas" {
				if string(a) == antes {
					t.Errorf("after %s: the actas published did not change", paso)
				}
				antes = string(a)
			}
			if string(a) != string(b) {
				t.Errorf("after %s: %s of corte %d differs from corte %d's, read anew", paso,
					lvl, m.Numero, n.Numero)
			}
		}
	}
	publicar("nothing")
	for i, clave := range []string{actaB, actaC1, actaC2} {
		l.digitalizada(l.acopio, l.digital, clave, i+1)
		v := formCaptura(l.cap1.campos(clave), diez)
		l.cap1.capturar(clave, v).want(t, http.StatusOK, "first capture")
		l.cap2.capturar(clave, v).want(t, http.StatusOK, "second capture")
		publicar("capture of " + clave)
	}
}
