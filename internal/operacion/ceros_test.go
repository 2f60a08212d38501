package operacion

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

// TestPuestaEnCeros publishes corte 0 from the cortes page before any other: every acta
// expected, none registered; a second puesta en ceros is refused, and the next corte chains
// to it.
func TestPuestaEnCeros(t *testing.T) {
	l := newLinea(t)
	c := l.admin.post("/cortes", url.Values{"ceros": {"1"}}).want(t, http.StatusOK, "ceros")
	if c.r.Numero != 0 {
		t.Fatalf("puesta en ceros published corte %d", c.r.Numero)
	}
	snap, err := publish.Open(filepath.Join(l.cortes, "0000"))
	if err != nil {
		t.Fatal(err)
	}
	res := snap.Manifiesto.Elecciones[0].Resumen
	if res.ActasEsperadas == 0 || res.ActasRegistradas != 0 || res.ActasContabilizadas != 0 ||
		res.TotalVotosCCS != 0 {
		t.Errorf("corte 0 summary %+v, want every acta expected and none registered", res)
	}
	if e := l.ultima(audit.Corte); e.Target != "0" || e.Outcome != audit.Exito {
		t.Errorf("audit entry of the puesta en ceros: %+v", e)
	}

	l.admin.post("/cortes", url.Values{"ceros": {"1"}}).want(t, http.StatusConflict,
		"second puesta en ceros")
	if e := l.bitacora(store.AuditFilter{Action: audit.Corte}); len(e) != 2 ||
		e[len(e)-1].Outcome != audit.Rechazo {
		t.Errorf("audit of the refused puesta en ceros: %+v", e)
	}

	if c := l.admin.post("/cortes", nil).want(t, http.StatusOK, "corte 1"); c.r.Numero != 1 {
		t.Fatalf("next corte %d, want 1", c.r.Numero)
	}
	raw, err := os.ReadFile(filepath.Join(l.cortes, "0000", "corte.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := publish.ReadManifiesto(filepath.Join(l.cortes, "0001"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if m.Anterior != hex.EncodeToString(sum[:]) {
		t.Errorf("corte 1 chains to %q, want the hash of corte 0", m.Anterior)
	}
}
