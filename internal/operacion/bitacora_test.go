package operacion

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/store"
)

// paso is what one entry of the trail must say.
type paso struct {
	actor, role, action, target, outcome string
}

func (p paso) String() string {
	return fmt.Sprintf("%s/%s %s %s %s", p.actor, p.role, p.action, p.target, p.outcome)
}

// TestBitacoraNoche runs a short night through the staff application, from the login of
// each member to the corte, and checks that the audit trail is whole and tells it in
// order, each step with its actor and role.
func TestBitacoraNoche(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	staff := []miembro{{"acopio", auth.Acopiador}, {"digital", auth.Digitalizador},
		{"cap1", auth.Capturista}, {"cap2", auth.Capturista}, {"verif", auth.Verificador},
		{"admin", auth.Administrador}}
	cs := map[string]*cliente{}
	for _, m := range staff {
		cs[m.name] = f.entrar(m.name, claveDefinitiva)
	}
	start := len(f.bitacora(store.AuditFilter{}))

	f.digitalizada(cs["acopio"], cs["digital"], actaB, 1)
	campos := cs["cap1"].campos(actaB)
	nulos := columna(t, campos, "NULOS")
	cs["cap1"].capturar(actaB, formCaptura(campos, diez)).want(t, http.StatusOK, "capture 1")
	cs["cap2"].capturar(actaB, formCaptura(campos, func(c string) string {
		return map[bool]string{true: "12", false: "10"}[c == nulos]
	})).want(t, http.StatusOK, "capture 2")
	cs["verif"].post("/verificacion/GUB/"+actaB, url.Values{"accion": {"resolver"},
		nulos: {"12"}}).want(t, http.StatusOK, "resolve")
	f.digitalizada(cs["acopio"], cs["digital"], actaC1, 2)
	campos = cs["cap2"].campos(actaC1)
	cs["cap2"].capturar(actaC1, formCaptura(campos, diez)).want(t, http.StatusOK, "capture")
	cs["cap1"].capturar(actaC1, formCaptura(campos, diez)).want(t, http.StatusOK, "capture")
	cs["cap1"].capturar(actaC1, formCaptura(campos, diez)) // refused: verified already
	cs["admin"].post("/cortes", nil).want(t, http.StatusOK, "publish")

	gub := func(id string) string { return "GUB/" + id }
	want := []paso{
		{"acopio", "acopiador", audit.Acopio, gub(actaB), audit.Exito},
		{"digital", "digitalizador", audit.Digitalizacion, gub(actaB), audit.Exito},
		{"cap1", "capturista", audit.Captura, gub(actaB), audit.Exito},
		{"cap2", "capturista", audit.Captura, gub(actaB), audit.Exito},
		{"verif", "verificador", audit.Verificacion, gub(actaB), audit.Exito},
		{"acopio", "acopiador", audit.Acopio, gub(actaC1), audit.Exito},
		{"digital", "digitalizador", audit.Digitalizacion, gub(actaC1), audit.Exito},
		{"cap2", "capturista", audit.Captura, gub(actaC1), audit.Exito},
		{"cap1", "capturista", audit.Captura, gub(actaC1), audit.Exito},
		{audit.System, audit.System, audit.Verificacion, gub(actaC1), audit.Exito},
		{"cap1", "capturista", audit.Captura, gub(actaC1), audit.Rechazo},
		{"admin", "administrador", audit.Corte, "1", audit.Exito},
	}
	var got []paso
	for _, e := range f.bitacora(store.AuditFilter{})[start:] {
		got = append(got, paso{e.Actor, e.Role, e.Action, e.Target, e.Outcome})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("trail of the night:\n got %v\nwant %v", got, want)
	}

	// Each member changed his temporary password (in the prepared folder), then signed in.
	// The members were created side by side, so only each one's own entries are in a known
	// order.
	for _, m := range staff {
		es := f.bitacora(store.AuditFilter{Actor: m.name})
		if len(es) < 2 {
			t.Errorf("%s has %d entries, want at least his password change and login",
				m.name, len(es))
			continue
		}
		var entradas []paso
		for _, e := range es[:2] {
			entradas = append(entradas, paso{e.Actor, e.Role, e.Action, e.Target, e.Outcome})
		}
		role := string(m.role)
		want := []paso{{m.name, role, audit.PasswordChange, m.name, audit.Exito},
			{m.name, role, audit.Login, m.name, audit.Exito}}
		if fmt.Sprint(entradas) != fmt.Sprint(want) {
			t.Errorf("first entries of %s:\n got %v\nwant %v", m.name, entradas, want)
		}
	}

	chk, err := f.st.VerifyAudit(f.ctx)
	if err != nil || !chk.OK() || chk.Count != int64(len(f.bitacora(store.AuditFilter{}))) {
		t.Fatalf("audit chain: %v, problems %v, %d entries checked", err, chk.Problems,
			chk.Count)
	}
	req := cs["admin"].request(http.MethodGet, "/auditoria?verificar=1", nil, "")
	req.Header.Set("Accept", "text/html")
	if got := cs["admin"].do(req); got.code != http.StatusOK ||
		!strings.Contains(string(got.body), "está íntegra") {
		t.Errorf("audit page with verification: got %d, want 200 saying the chain is whole",
			got.code)
	}
	csv := cs["admin"].get("/auditoria?formato=csv&accion=corte").
		want(t, http.StatusOK, "CSV export")
	if lines := strings.Count(string(csv.body), "\n"); lines != 2 {
		t.Errorf("CSV export of the corte entries: %d lines, want header and 1", lines)
	}
	if e := f.ultima(audit.AuditExport); e.Actor != "admin" || e.Role != "administrador" {
		t.Errorf("export entry: %+v", e)
	}
}
