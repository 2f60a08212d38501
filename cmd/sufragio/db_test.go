package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestDBNoValida checks the answers to a --db that cannot be used: in Spanish, saying why,
// without the password, and without creating the data folder.
func TestDBNoValida(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "datos")
	for _, c := range []struct{ db, want string }{
		{"mysql://u@h/db", "debe ser un URL postgres://"},
		{"./sufragio.db", "debe ser un URL postgres://"},
		{"postgres://u:secreto@127.0.0.1:1/x?sslmode=disable&connect_timeout=5",
			"nadie escucha en esa dirección y puerto"},
	} {
		code, _, errOut := runCmd(t, "import", "--data", dir, "--db", c.db, "x.csv")
		if code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("--db %s: exit %d, stderr %q; want 1 and %q", c.db, code, errOut, c.want)
		}
		if strings.Contains(errOut, "secreto") {
			t.Errorf("--db %s: the password is in the message: %q", c.db, errOut)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a failed --db created the data folder")
	}
}

// TestRazonDB checks the reasons given for the errors of a PostgreSQL server.
func TestRazonDB(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&pgconn.PgError{Code: "3D000"}, "la base no existe"},
		{&pgconn.PgError{Code: "28P01"}, "rechazó el usuario o la contraseña"},
		{fmt.Errorf("open: %w", &pgconn.PgError{Code: "42501"}), "no tiene permiso"},
		{errors.New("failed to connect: server refused TLS connection"), "sslmode"},
		{errors.New("dial tcp: lookup db.interno: no such host"), "no se encontró"},
	} {
		if got := razonDB(c.err); !strings.Contains(got, c.want) {
			t.Errorf("razonDB(%v) = %q, want it to say %q", c.err, got, c.want)
		}
	}
}
