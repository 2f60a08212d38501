package operacion

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// TestVerificacionConcurrente checks that no update is lost when two verificadores settle
// the same acta at the same moment with different figures, each through his own instance
// of the staff application over the one database (as behind a load balancer): for every
// acta exactly one decision lands, with a 200, the other gets a 409, the published figure
// is the one of the decision that landed, and the trail records that decision only. The
// second instance also serves the images the first received. CI runs it on SQLite and on
// PostgreSQL.
func TestVerificacionConcurrente(t *testing.T) {
	l := newLinea(t)
	verif2 := l.segundaInstancia(miembro{"verif2", auth.Verificador})

	gub, err := catalogo("GUB")
	if err != nil {
		t.Fatal(err)
	}
	const n = 12
	var ids []string
	for _, a := range gub.Actas {
		if len(ids) == n {
			break
		}
		if a.ID != actaB && a.ID != actaC1 && a.ID != actaC2 {
			ids = append(ids, a.ID)
		}
	}
	var col string
	for i, id := range ids {
		l.digitalizada(l.acopio, l.digital, id, 100+i)
		cs := l.cap1.campos(id)
		col = columna(t, cs, "NULOS")
		l.cap1.capturar(id, formCaptura(cs, diez)).want(t, http.StatusOK, "capture 1 "+id)
		l.cap2.capturar(id, formCaptura(cs, func(c string) string {
			return map[bool]string{true: "17", false: "10"}[c == col]
		})).want(t, http.StatusOK, "capture 2 "+id)
	}

	// The second instance serves the images the first one received.
	sum := sha256.Sum256(imagenPNG(100))
	img := verif2.get("/imagenes/"+hex.EncodeToString(sum[:])).want(t, http.StatusOK,
		"image through the second instance")
	if !bytes.Equal(img.body, imagenPNG(100)) {
		t.Errorf("image through the second instance: %d bytes, not the ones scanned",
			len(img.body))
	}

	type decision struct {
		code  int
		valor string
	}
	for _, id := range ids {
		var wg sync.WaitGroup
		start := make(chan struct{})
		got := make([]decision, 2)
		for k, c := range []*cliente{l.verif, verif2} {
			valor := fmt.Sprint(14 + k)
			form := url.Values{"accion": {"resolver"}, col: {valor}}
			req := c.request(http.MethodPost, "/verificacion/GUB/"+id,
				strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
			wg.Go(func() {
				<-start
				res, err := c.hc.Do(req)
				if err != nil {
					got[k] = decision{code: -1, valor: err.Error()}
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				got[k] = decision{code: res.StatusCode, valor: valor}
			})
		}
		close(start)
		wg.Wait()

		var ganador *decision
		for k := range got {
			switch got[k].code {
			case http.StatusOK:
				if ganador != nil {
					t.Fatalf("acta %s: both decisions landed: %+v", id, got)
				}
				ganador = &got[k]
			case http.StatusConflict:
			default:
				t.Fatalf("acta %s: decision answered %d (%s), want 200 or 409", id,
					got[k].code, got[k].valor)
			}
		}
		if ganador == nil {
			t.Fatalf("acta %s: no decision landed: %+v", id, got)
		}
		a := l.acta("GUB", id)
		var nulos acta.Value
		for _, c := range l.operacion("GUB", id).Campos {
			if c.Columna == col {
				nulos = a.Votos[c.Voto]
			}
		}
		if nulos.String() != ganador.valor {
			t.Errorf("acta %s: published %s = %v, want %s, the decision that landed", id,
				col, nulos, ganador.valor)
		}
		// The refused decision is in the trail too, as a refusal.
		var exitos, rechazos []string
		for _, e := range l.bitacora(store.AuditFilter{Action: "verificacion"}) {
			switch {
			case !strings.Contains(e.Target, id):
			case e.Outcome == audit.Exito:
				exitos = append(exitos, e.Actor)
			case e.Outcome == audit.Rechazo:
				rechazos = append(rechazos, e.Actor)
			}
		}
		if len(exitos) != 1 || len(rechazos) != 1 || exitos[0] == rechazos[0] {
			t.Errorf("acta %s: verification entries: landed %v, refused %v; want one each, "+
				"of the two verificadores", id, exitos, rechazos)
		}
	}
}

// segundaInstancia serves a second staff application over the fixture's database, as a
// second instance behind a load balancer would, and returns a signed-in client of it for
// the member, created in the database first.
func (f *fixture) segundaInstancia(m miembro) *cliente {
	f.t.Helper()
	if err := crearEquipo(f.ctx, f.st, []miembro{m}); err != nil {
		f.t.Fatal(err)
	}
	st, err := store.OpenConfig(f.ctx,
		store.Config{Dir: f.dir, DB: storetest.DB(f.t, f.dir)}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { st.Close() })
	ops, err := New(st, publicacion.New(st, f.cortes, true, nil), nil,
		Options{Simulacro: true})
	if err != nil {
		f.t.Fatal(err)
	}
	srv := httptest.NewServer(ops.Handler())
	f.t.Cleanup(srv.Close)
	otra := *f
	otra.st, otra.ops, otra.srv = st, ops, srv
	return otra.sesion(m.name)
}
