package store

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/store/storetest"
)

// TestMotorDeLaCorrida checks that the run is on the engine it says: with
// SUFRAGIO_TEST_ENGINE=postgres every store of the tests is on PostgreSQL. In CI (CI set)
// a server must be given, so the PostgreSQL run can never be skipped silently.
func TestMotorDeLaCorrida(t *testing.T) {
	if os.Getenv("CI") != "" && storetest.Server() == "" {
		t.Fatal("CI is set and SUFRAGIO_TEST_POSTGRES is not: the suite must also run on " +
			"PostgreSQL (see .ci/run)")
	}
	s, _ := openTemp(t)
	want := "sqlite"
	if storetest.Postgres() {
		want = "postgres"
	}
	if s.Engine() != want {
		t.Fatalf("store engine %s, want %s", s.Engine(), want)
	}
	if want == "postgres" {
		var v string
		err := s.r.QueryRowContext(context.Background(), `SHOW server_version`).Scan(&v)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("PostgreSQL %s", v)
	}
}

// TestRebind checks the placeholders PostgreSQL is given: "?" in order, except inside a
// string, an identifier or a comment.
func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT '?', "x?" FROM t WHERE b = ?`, `SELECT '?', "x?" FROM t WHERE b = $1`},
		{`SELECT 'it''s ?' WHERE a = ?`, `SELECT 'it''s ?' WHERE a = $1`},
		{"SELECT 1 -- why?\nWHERE a = ?", "SELECT 1 -- why?\nWHERE a = $1"},
		{`UPDATE t SET a = ?, b = ? WHERE c - 1 = ?`, `UPDATE t SET a = $1, b = $2 WHERE c - 1 = $3`},
		{`SELECT 'open ?`, `SELECT 'open ?`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestEngineFor checks which engine a --db value chooses, and that a password never shows
// in what is logged.
func TestEngineFor(t *testing.T) {
	for db, want := range map[string]string{"": "sqlite", "postgres://h/db": "postgres",
		"postgresql://u:p@h:5432/db?sslmode=require": "postgres"} {
		e, err := engineFor(db)
		if err != nil || e.name != want {
			t.Errorf("engineFor(%q) = %s, %v; want %s", db, e.name, err, want)
		}
	}
	if _, err := engineFor("mysql://h/db"); err == nil {
		t.Error("engineFor(mysql://…) accepted")
	}
	for in, want := range map[string]string{
		"postgres://sufragio:secreto@db:5432/prep": "postgres://sufragio:xxxxx@db:5432/prep",
		"postgres://u:Cl4ve#Se/cr?e@ta@db/prep":    "postgres://u:xxxxx@db/prep",
		"postgres://u:sekret@host:notaport/db":     "postgres://u:xxxxx@host:notaport/db",
		"postgres://u@db/prep?sslmode=disable&password=otro&x=1": "postgres://u@db/prep?" +
			"sslmode=disable&password=xxxxx&x=1",
		"postgres://db/prep": "postgres://db/prep",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	// A URL that does not parse is refused without repeating it.
	_, err := engineFor("postgres://u:sekret@host:notaport/db")
	if err == nil || strings.Contains(err.Error(), "sekret") {
		t.Errorf("engineFor of a bad URL: %v", err)
	}
	if got := pgDefaults("postgres://h/db?connect_timeout=3"); got !=
		"postgres://h/db?connect_timeout=3&idle_in_transaction_session_timeout=60000" {
		t.Errorf("pgDefaults = %q", got)
	}
}

// TestEsquema checks what a store does with a database it does not know: one of a newer
// sufragio is refused, and, with Existente, one without sufragio's schema is not created.
func TestEsquema(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	err := s.withTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name,
			applied_at) VALUES (999, '0999_futuro.sql', '')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var rf *Refusal
	if _, err := openDir(t, dir); !errors.As(err, &rf) ||
		!strings.Contains(rf.Msg, "versión más nueva de sufragio (esquema 999") {
		t.Errorf("newer schema: got %v, want a refusal", err)
	}
	if !storetest.Postgres() {
		return
	}
	db := storetest.NewDB(t)
	_, err = OpenConfig(ctx, Config{Dir: t.TempDir(), DB: db, Existente: true}, quiet)
	if !errors.As(err, &rf) || !strings.Contains(rf.Msg, "no tiene datos de sufragio") {
		t.Errorf("empty database with Existente: got %v, want a refusal", err)
	}
	st, err := OpenConfig(ctx, Config{Dir: t.TempDir(), DB: db}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.hasSchema(ctx, st.r); err != nil || !ok {
		t.Errorf("without Existente the schema is created: %v %v", ok, err)
	}
}
