package store

import (
	"context"
	"os"
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
	if got := Redact("postgres://sufragio:secreto@db:5432/prep"); got !=
		"postgres://sufragio:xxxxx@db:5432/prep" {
		t.Errorf("Redact = %q", got)
	}
}
