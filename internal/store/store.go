// Package store keeps sufragio's data in an embedded SQLite database: the elections and
// their actas as last imported, every earlier version of each acta, the record of every
// import with the discrepancies found in its file, and the cortes published.
//
// Invariants:
//   - An import is one transaction: a file lands whole or not at all.
//   - Nothing is lost: an acta that an import changes or removes is first copied to
//     acta_history with the import that replaced it.
//   - The data of an election only moves forward in time: a file older than the cut the
//     store holds is refused.
//   - Every election of a store belongs to one entidad.
//
// Only this package talks SQL. Statements use the subset SQLite and PostgreSQL share; what
// differs between engines is gathered in engine.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/opendata"
)

// FileName is the name of the database file inside the data folder.
const FileName = "sufragio.db"

// ErrConflict is returned when a record would replace one that must not change, such as a
// corte number already recorded.
var ErrConflict = errors.New("conflict")

// Store is the persistent state of one sufragio installation. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	log *slog.Logger
	// now is the clock, replaced in tests.
	now func() time.Time
	// dir is the data folder; images live under its imagenes folder.
	dir  string
	defs defCache

	reclaimMu   sync.Mutex
	lastReclaim time.Time
}

// zona is the time zone the PREP stamps its actas in.
var zona = opendata.Zona

// Open opens (creating it if needed) the database in dir and brings its schema up to date.
func Open(ctx context.Context, dir string, log *slog.Logger) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := sql.Open(sqlite.driver, sqlite.dsn(filepath.Join(dir, FileName)))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Store{db: db, log: log, now: time.Now, dir: dir}
	if err := s.migrate(ctx, sqlite); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// withTx runs fn in a transaction and commits it, or rolls it back if fn fails.
func (s *Store) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// formatTime renders a time as stored: RFC 3339 with its offset, so it reads back Equal.
func formatTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// opTime renders a time of the operation in UTC with a fixed-width fraction, so that the
// texts of two times compare as the times do (expiries, queues by arrival).
func opTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// parseTime reads a time written by formatTime or opTime.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}
