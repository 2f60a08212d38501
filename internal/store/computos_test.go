package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/computo"
)

// sesionDIP001 opens, in memory, the cómputo of Diputaciones of distrito 001 over the
// bundled final PREP the store imported.
func sesionDIP001(t *testing.T, s *Store) *computo.Sesion {
	t.Helper()
	ctx := context.Background()
	es, err := s.Elecciones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	actas, err := s.Actas(ctx, "DIP_LOC")
	if err != nil {
		t.Fatal(err)
	}
	e := es[0]
	def := computo.DefinicionDe(e, "001")
	def.Consejo, def.Organo, def.Declara = "Consejo Distrital 001", computo.ConsejoDistrital, true
	cs := computo.CasillasDe(e, actas, "001", def, acta.DefaultConfig)
	reloj := time.Date(2024, 6, 5, 8, 0, 0, 0, time.UTC)
	ses, err := computo.NuevaSesion(def, cs, "presidenta", func() time.Time {
		reloj = reloj.Add(time.Minute)
		return reloj
	})
	if err != nil {
		t.Fatal(err)
	}
	return ses
}

// TestComputoEventos stores a session's log, refuses an act over a stale state, reads the
// log back into the same session, and audits every act.
func TestComputoEventos(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	mustImport(t, s, load(t, "PUE_DIP_LOC_2024.csv"))
	ses := sesionDIP001(t, s)
	actor := Actor{Username: "presidenta", Role: "consejero"}
	rec := SesionComputo{ID: "DIP_LOC-001", Eleccion: "DIP_LOC", Unidad: "001",
		Tipo: SesionConsejo, Consejo: "D-001"}
	if err := s.AbrirComputo(ctx, actor, rec, ses.Eventos()); err != nil {
		t.Fatal(err)
	}
	if err := s.AbrirComputo(ctx, actor, rec, ses.Eventos()); !errors.Is(err, ErrConflict) {
		t.Fatalf("opening twice: got %v, want ErrConflict", err)
	}
	// Two packages registered by two people who both saw the state after the apertura:
	// the second is refused, not applied over a log it did not see.
	cs := ses.Casillas()
	otra, err := computo.Reconstruir(ses.Eventos(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := ses.RegistrarPaquete("secretario", cs[0].ID,
		computo.PaqueteDePREP(cs[0].Casilla)); err != nil {
		t.Fatal(err)
	}
	if err := otra.RegistrarPaquete("otro", cs[1].ID,
		computo.PaqueteDePREP(cs[1].Casilla)); err != nil {
		t.Fatal(err)
	}
	if err := s.RegistrarEventos(ctx, actor, rec.ID, ses.Eventos()[1:]); err != nil {
		t.Fatal(err)
	}
	err = s.RegistrarEventos(ctx, actor, rec.ID, otra.Eventos()[1:])
	var ref *Refusal
	if !errors.Is(err, ErrConflict) || !errors.As(err, &ref) ||
		!strings.Contains(ref.Mensaje(), "el acto 2 ya existe") {
		t.Fatalf("stale act: got %v, want a conflict naming act 2", err)
	}

	got, evs, err := s.EventosComputo(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Eventos != 2 || got.Consejo != "D-001" || got.Tipo != SesionConsejo || len(evs) != 2 {
		t.Fatalf("record: got %+v with %d events, want 2 events of D-001", got, len(evs))
	}
	re, err := computo.Reconstruir(evs, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := re.Casilla(cs[0].ID); c.Paquete == nil || c.Paquete.Alterado !=
		computo.PaqueteDePREP(cs[0].Casilla).Alterado {
		t.Fatalf("replayed package of %s: %+v", cs[0].ID, c.Paquete)
	}
	if c, _ := re.Casilla(cs[1].ID); c.Paquete != nil {
		t.Fatalf("the refused package of %s was stored: %+v", cs[1].ID, c.Paquete)
	}
	if n, err := s.NumeroEventos(ctx, rec.ID); err != nil || n != 2 {
		t.Fatalf("NumeroEventos: %d, %v", n, err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ?`,
		audit.ComputoActo, "DIP_LOC-001#2"); n != 1 {
		t.Fatalf("audit entries of act 2: %d, want 1", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ?`,
		audit.ComputoApertura, "DIP_LOC-001"); n != 1 {
		t.Fatalf("audit entries of the apertura: %d, want 1", n)
	}
	if _, err := s.w.Exec(`UPDATE computo_eventos SET quien = 'x'`); err == nil {
		t.Fatal("an event was changed: the log must be append-only")
	}
	if _, err := s.w.Exec(`DELETE FROM computo_eventos`); err == nil {
		t.Fatal("an event was deleted: the log must be append-only")
	}
	list, err := s.SesionesComputo(ctx)
	if err != nil || len(list) != 1 || list[0].ID != rec.ID || list[0].Ultimo.IsZero() {
		t.Fatalf("SesionesComputo: %+v, %v", list, err)
	}
	if err := s.RegistrarEventos(ctx, actor, "DIP_LOC-002", evs[1:]); !errors.Is(err,
		ErrNotFound) {
		t.Fatalf("unknown session: got %v", err)
	}
	bad := rec
	bad.ID = "../x"
	if err := s.AbrirComputo(ctx, actor, bad, evs); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad id: got %v", err)
	}
}

// TestUserConsejo keeps the council of a user and refuses a malformed one.
func TestUserConsejo(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	u, err := s.AddUser(ctx, SystemActor, NewUser{Username: "sec01", Nombre: "Secretaria",
		Role: "secretario", Consejo: "D-001", Password: "temporal-123456"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByName(ctx, u.Username)
	if err != nil || got.Consejo != "D-001" || got.Actor("").Consejo != "D-001" {
		t.Fatalf("consejo: %+v, %v", got, err)
	}
	_, err = s.AddUser(ctx, SystemActor, NewUser{Username: "sec02", Nombre: "Secretaria",
		Role: "secretario", Consejo: "distrito 2", Password: "temporal-123456"})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad consejo: got %v", err)
	}
}

// TestConsejoDeUsuario: a user's council must be one of the elections loaded, and only a
// secretaría or consejería of the cómputos has one.
func TestConsejoDeUsuario(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	nuevo := func(name string, role auth.Role, consejo string) error {
		_, err := s.AddUser(ctx, SystemActor, NewUser{Username: name, Nombre: "Prueba",
			Role: role, Consejo: consejo, Password: "una-clave-larga-de-prueba"})
		return err
	}
	if err := nuevo("antes", auth.Consejero, "D-999"); err != nil {
		t.Errorf("before any election is loaded, D-999 refused: %v", err)
	}
	mustImport(t, s, load(t, "PUE_DIP_LOC_2024.csv"))
	for _, c := range []struct {
		consejo string
		role    auth.Role
		want    string
	}{{"D-999", auth.Consejero, "no hay un consejo D-999"},
		{"M-011", auth.Secretario, "no hay un consejo M-011"},
		{"D-012", auth.Capturista, "el consejo solo se indica para una secretaría"}} {
		var r *Refusal
		if err := nuevo("u"+strings.ToLower(c.consejo[2:]), c.role, c.consejo); !errors.As(err,
			&r) || !strings.Contains(r.Msg, c.want) {
			t.Errorf("%s %s: %v, want %q", c.role, c.consejo, err, c.want)
		}
	}
	if err := nuevo("cons012", auth.Consejero, "D-012"); err != nil {
		t.Errorf("D-012: %v", err)
	}
	for _, nombre := range []string{strings.Repeat("a", 121), "Ana\u202eRuiz", "Ana\nRuiz",
		"Ana\x1bRuiz"} {
		_, err := s.AddUser(ctx, SystemActor, NewUser{Username: "ana", Nombre: nombre,
			Role: auth.Capturista, Password: "una-clave-larga-de-prueba"})
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(r.Msg, "el nombre de la persona debe") {
			t.Errorf("name %.20q: %v, want a refusal", nombre, err)
		}
	}
}
