package auth

import "testing"

// TestReadOnlyRoles checks that the auditor and consulta roles hold only permissions that
// read: they can change nothing.
func TestReadOnlyRoles(t *testing.T) {
	for _, r := range []Role{Auditor, Consulta} {
		for _, p := range grants[r] {
			if !p.ReadOnly() {
				t.Errorf("%s holds %s, which writes", r, p)
			}
		}
	}
}

// TestSeparationOfDuties checks that no role both captures and verifies, and that every
// role is valid and holds something.
func TestSeparationOfDuties(t *testing.T) {
	for _, r := range Roles {
		if Can(r, Capturar) && Can(r, Verificar) {
			t.Errorf("%s may both capture and verify", r)
		}
		if len(grants[r]) == 0 {
			t.Errorf("%s holds no permission", r)
		}
	}
	if Role("jefe").Valid() || !Capturista.Valid() {
		t.Error("Valid: got a wrong answer for jefe or capturista")
	}
	// The one who records a cómputo's figures is not the one who decides on them.
	if Can(Secretario, AcordarComputo) || Can(Consejero, RegistrarComputo) {
		t.Error("cómputo: the secretario and the consejero must hold separate duties")
	}
	if Can(Auditor, PublicarCorte) || !Can(Administrador, PublicarCorte) {
		t.Error("PublicarCorte: want administrador only")
	}
}
