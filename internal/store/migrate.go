package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered forward step of the schema.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the steps of an engine in order. Files are named NNNN_what.sql; two
// files with one number, or a name without one, are a build mistake reported here.
func migrations(e engine) ([]migration, error) {
	dir := path.Join("migrations", e.name)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var out []migration
	seen := map[int]string{}
	for _, ent := range entries {
		name := ent.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", name)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share number %d", prev, name, v)
		}
		seen[v] = name
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		out = append(out, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate applies, each in its own transaction, the migrations the database lacks.
func (s *Store) migrate(ctx context.Context, e engine) error {
	steps, err := migrations(e)
	if err != nil {
		return err
	}
	// Inside a write transaction: on PostgreSQL, instances starting together take turns.
	// Created only when missing: a role without the right to create tables can run over a
	// schema made by another.
	const create = `CREATE TABLE schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	err = s.withTx(ctx, func(tx *txn) error {
		exists, err := s.hasSchema(ctx, tx)
		if err != nil || exists {
			return err
		}
		_, err = tx.ExecContext(ctx, create)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var newest sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).
		Scan(&newest); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if last := steps[len(steps)-1].version; newest.Valid && int(newest.Int64) > last {
		return &Refusal{Kind: ErrConflict, Msg: fmt.Sprintf("la base es de una versión más "+
			"nueva de sufragio (esquema %d; este programa llega al %d): actualice el programa",
			newest.Int64, last)}
	}
	for _, m := range steps {
		applied, err := s.apply(ctx, m)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if applied {
			s.log.Info("migration applied", "version", m.version, "name", m.name)
		}
	}
	return nil
}

// apply runs one migration unless it is recorded as applied; the record is written in the
// same transaction, so a migration is either wholly applied and recorded or neither.
func (s *Store) apply(ctx context.Context, m migration) (bool, error) {
	applied := false
	err := s.withTx(ctx, func(tx *txn) error {
		var n int
		err := tx.QueryRowContext(ctx,
			`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, formatTime(s.now()))
		applied = err == nil
		return err
	})
	return applied, err
}

// DropAll deletes every table of a PostgreSQL store, and so all its data, leaving an empty
// database (a simulacro started again does it). On SQLite, delete the data folder instead.
func (s *Store) DropAll(ctx context.Context) error {
	if !s.eng.dollar {
		return fmt.Errorf("drop all: only for PostgreSQL; remove the data folder instead")
	}
	return s.withTx(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			names = append(names, `"`+n+`"`)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(names) > 0 {
			if _, err := tx.ExecContext(ctx, "DROP TABLE "+strings.Join(names, ", ")+
				" CASCADE"); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DROP FUNCTION IF EXISTS append_only()`)
		return err
	})
}

// hasSchema reports whether the database has sufragio's schema_migrations table.
func (s *Store) hasSchema(ctx context.Context, q rowQuerier) (bool, error) {
	query := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND
		name = 'schema_migrations'`
	if s.eng.dollar {
		query = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND
			tablename = 'schema_migrations'`
	}
	var n int
	if err := q.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return false, fmt.Errorf("look for schema_migrations: %w", err)
	}
	return n > 0, nil
}

// checkSchema refuses a database that has no sufragio schema (Config.Existente).
func (s *Store) checkSchema(ctx context.Context) error {
	ok, err := s.hasSchema(ctx, s.r)
	if err != nil {
		return err
	}
	if !ok {
		return &Refusal{Kind: ErrNotFound, Msg: "la base no tiene datos de sufragio: revise " +
			"el nombre de la base en el URL, o créelos con «sufragio import», «sufragio " +
			"catalogo» o «sufragio demo»"}
	}
	return nil
}
