package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/sufragio/sufragio/internal/audit"
)

// CATD is a centro de acopio y transmisión de datos and the units of each election whose
// actas it receives.
type CATD struct {
	Code   string `json:"clave"`
	Nombre string `json:"nombre"`
	// Unidades lists, per election code, the distrito or municipio ids it covers.
	Unidades map[string][]string `json:"unidades"`
}

// SaveCATD creates or replaces a CATD and its units. Every unit must be a distrito or
// municipio of a loaded election, and a unit belongs to one CATD at a time: one that
// another CATD receives is refused until it is taken from that one.
func (s *Store) SaveCATD(ctx context.Context, actor Actor, c CATD) error {
	c.Code = strings.TrimSpace(c.Code)
	c.Nombre = strings.TrimSpace(c.Nombre)
	if c.Code == "" || c.Nombre == "" || strings.ContainsAny(c.Code, " /?#") {
		return refusal(ErrInvalid, "el CATD necesita una clave sin espacios y un nombre")
	}
	err := s.withTx(ctx, func(tx *txn) error {
		before, err := catdTx(ctx, tx, c.Code)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO catds (code, nombre, created_at)
			VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET nombre = excluded.nombre`,
			c.Code, c.Nombre, opTime(s.now()))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM catd_unidades WHERE catd = ?`,
			c.Code); err != nil {
			return err
		}
		for el, ids := range c.Unidades {
			for _, id := range ids {
				if err := checkUnidad(ctx, tx, c.Code, el, id); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO catd_unidades (eleccion, unidad_id,
					catd) VALUES (?, ?, ?)`, el, id, c.Code)
				if err != nil {
					return err
				}
			}
		}
		e := actor.entry(audit.CATDChange, c.Code)
		if before != nil {
			e.Before = jsonText(before)
		}
		e.After = jsonText(c)
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("save CATD %s: %w", c.Code, err)
	}
	return nil
}

// checkUnidad refuses a unit that no acta of the election has, or that another CATD
// receives.
func checkUnidad(ctx context.Context, tx *txn, code, eleccion, id string) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM actas
		WHERE eleccion = ? AND unidad_id = ? LIMIT 1) x`, eleccion, id).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return refusal(ErrInvalid, "la elección %s no tiene la unidad %s (distrito o "+
			"municipio, con sus ceros: 001)", eleccion, id)
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT catd FROM catd_unidades WHERE eleccion = ? AND
		unidad_id = ? AND catd <> ?`, eleccion, id, code).Scan(&other)
	if err == nil {
		return refusal(ErrConflict, "la unidad %s de %s ya la recibe el CATD %s; quítela "+
			"primero de ese CATD", id, eleccion, other)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// catdTx reads one CATD inside a transaction.
func catdTx(ctx context.Context, tx *txn, code string) (*CATD, error) {
	c := &CATD{Code: code, Unidades: map[string][]string{}}
	err := tx.QueryRowContext(ctx, `SELECT nombre FROM catds WHERE code = ?`, code).
		Scan(&c.Nombre)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT eleccion, unidad_id FROM catd_unidades
		WHERE catd = ? ORDER BY eleccion, unidad_id`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var el, id string
		if err := rows.Scan(&el, &id); err != nil {
			return nil, err
		}
		c.Unidades[el] = append(c.Unidades[el], id)
	}
	return c, rows.Err()
}

// CATDs returns every CATD with its units, by code.
func (s *Store) CATDs(ctx context.Context) ([]CATD, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.code, c.nombre, u.eleccion, u.unidad_id
		FROM catds c LEFT JOIN catd_unidades u ON u.catd = c.code
		ORDER BY c.code, u.eleccion, u.unidad_id`)
	if err != nil {
		return nil, fmt.Errorf("read CATDs: %w", err)
	}
	defer rows.Close()
	var out []CATD
	for rows.Next() {
		var code, nombre string
		var el, id sql.NullString
		if err := rows.Scan(&code, &nombre, &el, &id); err != nil {
			return nil, fmt.Errorf("read CATDs: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, CATD{Code: code, Nombre: nombre, Unidades: map[string][]string{}})
		}
		if el.Valid {
			c := &out[len(out)-1]
			c.Unidades[el.String] = append(c.Unidades[el.String], id.String)
		}
	}
	return out, rows.Err()
}

// Setting returns the value of a setting, or "" when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// Settings returns every setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSettings changes settings on behalf of actor, audited with the values before and
// after. The mode of the database (SettingModo) cannot be changed once set.
func (s *Store) SetSettings(ctx context.Context, actor Actor, kv map[string]string) error {
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	err := s.withTx(ctx, func(tx *txn) error {
		before, after := map[string]string{}, map[string]string{}
		for _, k := range keys {
			var old string
			err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, k).
				Scan(&old)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				if k == SettingModo && old != kv[k] {
					return refusal(ErrForbidden, "el modo de esta base (%s) no se puede "+
						"cambiar", old)
				}
				before[k] = old
			}
			after[k] = kv[k]
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at)
				VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value,
				updated_at = excluded.updated_at`, k, kv[k], opTime(s.now()))
			if err != nil {
				return err
			}
		}
		e := actor.entry(audit.ConfigChange, strings.Join(keys, ","))
		e.Before, e.After = jsonText(before), jsonText(after)
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("set settings: %w", err)
	}
	return nil
}

// The settings sufragio knows.
const (
	// SettingModo is "simulacro" or "produccion"; set when the database is first used for
	// the operation and never changed, so simulacro data can never enter a live corte.
	SettingModo = "modo"
	// SettingApertura, SettingCierre and SettingCadencia are the PREP schedule: RFC 3339
	// times and a Go duration.
	SettingApertura = "prep.apertura"
	SettingCierre   = "prep.cierre"
	SettingCadencia = "prep.cadencia"
)

// The values of SettingModo.
const (
	ModoSimulacro  = "simulacro"
	ModoProduccion = "produccion"
)

// Simulacro reports whether the store is a simulacro database.
func (s *Store) Simulacro(ctx context.Context) (bool, error) {
	m, err := s.Setting(ctx, SettingModo)
	return m == ModoSimulacro, err
}

// Vacia reports whether the store holds nothing of anyone: no election, corte, user,
// setting, cómputo or audit entry. Commands that start a store of their own (the demo, a
// simulacro) refuse one that is not empty: on PostgreSQL the database named may be another
// installation's.
func (s *Store) Vacia(ctx context.Context) (bool, error) {
	for _, t := range []string{"elections", "cortes", "users", "settings", "audit_log",
		"computo_sesiones", "catds"} {
		var n int
		err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM "+t+
			" LIMIT 1) AS t").Scan(&n)
		if err != nil {
			return false, fmt.Errorf("is the store empty: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}
