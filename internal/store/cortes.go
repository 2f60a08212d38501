package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
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
	// Actas are, by election, the actas the corte published, with their versions; they are
	// given to RecordCorte and not read back by Cortes.
	Actas map[string][]*acta.Acta
}

// RecordCorte records a published corte on behalf of actor, with the version of each acta
// it published (rec.Actas; only those added or changed since the corte before are kept),
// and audits it, in one transaction. A corte number is given once: recording it again
// returns an error wrapping ErrConflict.
func (s *Store) RecordCorte(ctx context.Context, actor Actor, c CorteRecord) error {
	err := s.withTx(ctx, func(tx *txn) error {
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
		if err != nil {
			return err
		}
		changed, err := s.recordVersions(ctx, tx, c)
		if err != nil {
			return err
		}
		e := actor.entry(audit.Corte, fmt.Sprint(c.Numero))
		e.After = jsonText(map[string]any{"numero": c.Numero, "hora": formatTime(c.Hora),
			"final": c.Final, "zip": c.Zip, "zip_sha256": c.ZipSHA256,
			"actas_nuevas_o_cambiadas": changed})
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		s.publicadas.olvidar()
		return fmt.Errorf("record corte %d: %w", c.Numero, err)
	}
	s.publicadas.confirmar(c.Numero)
	return nil
}

// versionesPublicadas keeps, between cortes, the version of each acta the cortes so far
// published, as corte_actas holds it: reading it back from the table costs a scan of every
// acta of every corte inside the write transaction (seconds for the country, with every
// capture waiting). It is the table's as of corte hasta; another instance's corte, or a
// failed one, makes it be read again.
type versionesPublicadas struct {
	mu        sync.Mutex
	hasta     int               // the last corte it reflects (0: none)
	last      map[[2]string]int // eleccion, acta id → version; nil when not read
	pendiente map[[2]string]int // written by the corte being recorded
	corte     int               // the corte being recorded
}

// confirmar folds the versions of corte n, now committed, into the cache; if another
// corte started recording meanwhile, the cache is dropped instead.
func (v *versionesPublicadas) confirmar(n int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.last == nil || v.corte != n {
		v.hasta, v.last, v.pendiente = 0, nil, nil
		return
	}
	for k, ver := range v.pendiente {
		v.last[k] = ver
	}
	v.hasta, v.pendiente = n, nil
}

// olvidar drops the cache.
func (v *versionesPublicadas) olvidar() {
	v.mu.Lock()
	v.hasta, v.last, v.pendiente = 0, nil, nil
	v.mu.Unlock()
}

// recordVersions writes which acta versions the corte added or changed, and returns how
// many.
func (s *Store) recordVersions(ctx context.Context, tx *txn, c CorteRecord) (int, error) {
	if len(c.Actas) == 0 {
		return 0, nil
	}
	last, err := s.ultimasPublicadas(ctx, tx, c.Numero)
	if err != nil {
		return 0, err
	}
	pendiente := map[[2]string]int{}
	st, err := tx.PrepareContext(ctx, `INSERT INTO corte_actas (corte, eleccion, acta_id,
		version) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	n := 0
	for e, actas := range c.Actas {
		for _, a := range actas {
			v := max(a.Version, 1)
			if last[[2]string{e, a.ID}] == v {
				continue
			}
			if _, err := st.ExecContext(ctx, c.Numero, e, a.ID, v); err != nil {
				return 0, fmt.Errorf("record acta %s in corte: %w", a.ID, err)
			}
			pendiente[[2]string{e, a.ID}] = v
			n++
		}
	}
	s.publicadas.mu.Lock()
	if s.publicadas.corte == c.Numero {
		s.publicadas.pendiente = pendiente
	}
	s.publicadas.mu.Unlock()
	return n, nil
}

// ultimasPublicadas returns the version of each acta the cortes recorded before corte
// numero published: from the cache when it reflects the last of them, else from the
// table. The map returned must not be changed.
func (s *Store) ultimasPublicadas(ctx context.Context, tx *txn, numero int) (
	map[[2]string]int, error) {
	var prev sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(numero) FROM cortes WHERE numero < ?`,
		numero).Scan(&prev); err != nil {
		return nil, err
	}
	v := &s.publicadas
	v.mu.Lock()
	defer v.mu.Unlock()
	v.corte, v.pendiente = numero, nil
	if v.last != nil && int(prev.Int64) == v.hasta {
		return v.last, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT eleccion, acta_id, MAX(version) FROM corte_actas
		GROUP BY eleccion, acta_id`)
	if err != nil {
		return nil, err
	}
	last := map[[2]string]int{}
	for rows.Next() {
		var e, id string
		var ver int
		if err := rows.Scan(&e, &id, &ver); err != nil {
			rows.Close()
			return nil, err
		}
		last[[2]string{e, id}] = ver
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	v.last, v.hasta = last, int(prev.Int64)
	return last, nil
}

// CorteActas returns, for each election, the version of each acta that corte numero
// published.
func (s *Store) CorteActas(ctx context.Context, numero int) (map[string]map[string]int,
	error) {
	rows, err := s.r.QueryContext(ctx, `SELECT eleccion, acta_id, MAX(version) FROM
		corte_actas WHERE corte <= ? GROUP BY eleccion, acta_id`, numero)
	if err != nil {
		return nil, fmt.Errorf("read actas of corte %d: %w", numero, err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var e, id string
		var v int
		if err := rows.Scan(&e, &id, &v); err != nil {
			return nil, err
		}
		if out[e] == nil {
			out[e] = map[string]int{}
		}
		out[e][id] = v
	}
	return out, rows.Err()
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
	rows, err := s.r.QueryContext(ctx, `SELECT numero, hora, final, generated_at, folder,
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
