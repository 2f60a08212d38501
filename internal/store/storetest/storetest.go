// Package storetest chooses the database engine of the tests and gives every store a test
// opens a database of its own.
//
// The engine is SQLite unless SUFRAGIO_TEST_ENGINE is "postgres"; then SUFRAGIO_TEST_POSTGRES
// must be the URL of a PostgreSQL server on which the tests may create databases (see
// tools/postgres.sh), and every data folder a test uses gets a new database, dropped when
// the test ends. CI runs the whole suite once on each engine.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv("SUFRAGIO_TEST_ENGINE") == "postgres" }

// Server returns the URL of the PostgreSQL server of the tests, or "" when none is given.
func Server() string { return os.Getenv("SUFRAGIO_TEST_POSTGRES") }

// dbs maps a data folder to the database URL given to it, so that a test that opens the
// same folder twice finds the same data.
var dbs sync.Map

// DB returns the database of the store in data folder dir: "" (SQLite inside dir) unless
// the tests run on PostgreSQL, when it is the URL of a new database for dir. A test that
// must run on PostgreSQL fails, never skips, when no server is given.
func DB(t testing.TB, dir string) string {
	t.Helper()
	if !Postgres() {
		return ""
	}
	return PostgresDB(t, dir)
}

// PostgresDB returns the URL of a new PostgreSQL database for data folder dir (the same
// URL for the same folder), whatever engine the run chose; it fails the test when no
// server is given.
func PostgresDB(t testing.TB, dir string) string {
	t.Helper()
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if u, ok := dbs.Load(dir); ok {
		return u.(string)
	}
	u := NewDB(t)
	dbs.Store(dir, u)
	t.Cleanup(func() { dbs.Delete(dir) })
	return u
}

// NewDB creates an empty PostgreSQL database on the server of the tests and returns its
// URL; it is dropped when the test ends.
func NewDB(t testing.TB) string {
	t.Helper()
	return newDBFrom(t, "")
}

// DBFrom returns, for data folder dir, a copy of the database prepared as template (see
// Template), dropped when the test ends; "" when the tests run on SQLite.
func DBFrom(t testing.TB, dir, template string) string {
	t.Helper()
	if !Postgres() {
		return ""
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	u := newDBFrom(t, template)
	dbs.Store(dir, u)
	t.Cleanup(func() { dbs.Delete(dir) })
	return u
}

func newDBFrom(t testing.TB, template string) string {
	t.Helper()
	u, name, err := create(template)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(name); err != nil {
			t.Error(err)
		}
	})
	return u
}

// templates are the databases made by Template, dropped by DropTemplates.
var templates struct {
	sync.Mutex
	names []string
}

// Template creates a database, empty or a copy of the template database from, that
// outlives the test that asked for it: a base prepared once per test binary, which the
// tests copy with DBFrom. The test binary drops them with DropTemplates (in TestMain).
func Template(from string) (string, error) {
	u, name, err := create(from)
	if err != nil {
		return "", err
	}
	templates.Lock()
	templates.names = append(templates.names, name)
	templates.Unlock()
	return u, nil
}

// DropTemplates drops the databases made by Template.
func DropTemplates() error {
	templates.Lock()
	defer templates.Unlock()
	var errs []error
	for _, n := range templates.names {
		if err := drop(n); err != nil {
			errs = append(errs, err)
		}
	}
	templates.names = nil
	return errors.Join(errs...)
}

// create creates a database on the server of the tests, a copy of the database at URL
// template when it is not "", and returns its URL and name.
func create(template string) (string, string, error) {
	server := Server()
	if server == "" {
		return "", "", errors.New("SUFRAGIO_TEST_POSTGRES is not set: start a server with " +
			"tools/postgres.sh start DIR and export the URL it prints")
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", "", err
	}
	defer admin.Close()
	var b [8]byte
	rand.Read(b[:])
	name := "sufragio_test_" + hex.EncodeToString(b[:])
	q := "CREATE DATABASE " + name
	if template != "" {
		tu, err := url.Parse(template)
		if err != nil {
			return "", "", err
		}
		q += " TEMPLATE " + strings.TrimPrefix(tu.Path, "/")
	}
	// Copies of one template are made one at a time: PostgreSQL refuses to copy a
	// database another session is using, and a copy in progress counts as one.
	createMu.Lock()
	_, err = admin.ExecContext(context.Background(), q)
	createMu.Unlock()
	if err != nil {
		return "", "", fmt.Errorf("create test database on %s: %w", server, err)
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", "", err
	}
	u.Path = "/" + name
	return u.String(), name, nil
}

var createMu sync.Mutex

// drop drops a database of the tests, closing the sessions still on it.
func drop(name string) error {
	admin, err := sql.Open("pgx", Server())
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(context.Background(),
		"DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	if err != nil {
		return fmt.Errorf("drop test database %s: %w", name, err)
	}
	return nil
}

// Env points the commands a test runs in its own process (through SUFRAGIO_DB) at the
// database of data folder dir. It does nothing on SQLite.
func Env(t *testing.T, dir string) {
	t.Helper()
	if db := DB(t, dir); db != "" {
		t.Setenv("SUFRAGIO_DB", db)
	}
}

// Environ returns the environment for a command run as a child process that uses data
// folder dir: the test's own, with SUFRAGIO_DB when the tests run on PostgreSQL.
func Environ(t testing.TB, dir string) []string {
	t.Helper()
	env := os.Environ()
	if db := DB(t, dir); db != "" {
		env = append(env, "SUFRAGIO_DB="+db)
	}
	return env
}
