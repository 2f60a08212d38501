package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CorteRecord is the record of one published corte.
type CorteRecord struct {
	Numero    int
	Hora      time.Time // time of the cut
	Final     bool
	Generado  time.Time // when sufragio built it
	Carpeta   string    // folder the corte was published to
	Zip       string    // its ZIP bundle
	ZipSHA256 string
}

// RecordCorte records a published corte. A corte number is given once: recording it again
// returns an error wrapping ErrConflict.
func (s *Store) RecordCorte(ctx context.Context, c CorteRecord) error {
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cortes WHERE numero = ?`,
			c.Numero).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrConflict
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO cortes
			(numero, hora, final, generated_at, folder, zip, zip_sha256)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.Numero, formatTime(c.Hora), c.Final,
			formatTime(c.Generado), c.Carpeta, c.Zip, c.ZipSHA256)
		return err
	})
	if err != nil {
		return fmt.Errorf("record corte %d: %w", c.Numero, err)
	}
	return nil
}

// Cortes returns the recorded cortes by number.
func (s *Store) Cortes(ctx context.Context) ([]CorteRecord, error) {
	return s.cortes(ctx, `ORDER BY numero`)
}

// LastCorte returns the corte with the highest number, and false when none was recorded.
func (s *Store) LastCorte(ctx context.Context) (CorteRecord, bool, error) {
	cs, err := s.cortes(ctx, `ORDER BY numero DESC LIMIT 1`)
	if err != nil || len(cs) == 0 {
		return CorteRecord{}, false, err
	}
	return cs[0], true, nil
}

// cortes reads the cortes table with the given ORDER BY and LIMIT clauses.
func (s *Store) cortes(ctx context.Context, tail string) ([]CorteRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT numero, hora, final, generated_at, folder,
		zip, zip_sha256 FROM cortes `+tail)
	if err != nil {
		return nil, fmt.Errorf("read cortes: %w", err)
	}
	defer rows.Close()
	var out []CorteRecord
	for rows.Next() {
		var c CorteRecord
		var hora, gen string
		err := rows.Scan(&c.Numero, &hora, &c.Final, &gen, &c.Carpeta, &c.Zip, &c.ZipSHA256)
		if err != nil {
			return nil, fmt.Errorf("read cortes: %w", err)
		}
		if c.Hora, err = parseTime(hora); err != nil {
			return nil, err
		}
		if c.Generado, err = parseTime(gen); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read cortes: %w", err)
	}
	return out, nil
}
