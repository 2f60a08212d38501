package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sufragio/sufragio/internal/acta"
)

// Leidas are the actas of an election as ActasCambiadas last read them, and how far into
// the store's writes that read went: what the next read starts from.
type Leidas struct {
	actas     []*acta.Acta   // in publication order, without fuera-de-catálogo images
	porID     map[string]int // place of each in actas
	cambio    int64          // the election's highest cambio when they were read
	reordenes int64          // the election's reordenes then
}

// ActasCambiadas returns the actas of an election as Actas does. Given what the last call
// returned (prev; nil the first time), it reads only the actas written since (the cambio
// each write stamps) and keeps the others as they were read; it reads every acta again
// when some were removed or moved in the publication order since, or added. The publisher
// of cortes reads this way: at the scale of the country, half a million actas once, and
// then only those that changed. The fuera-de-catálogo images of an election operated with
// sufragio are always read. It also returns what to give the next call, and how many
// actas were read.
func (s *Store) ActasCambiadas(ctx context.Context, codigo string, prev *Leidas) (
	[]*acta.Acta, *Leidas, int, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read actas of %s: %w", codigo, err)
	}
	defer tx.Rollback()
	next := &Leidas{}
	err = tx.QueryRowContext(ctx, `SELECT reordenes FROM elections WHERE code = ?`,
		codigo).Scan(&next.reordenes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, 0, fmt.Errorf("actas of %s: %w", codigo, ErrNotFound)
	}
	if err == nil {
		// The election's own highest, not every acta's: an import of another election
		// that removes the actas holding the highest lowers it, and the next write of
		// this one could then be stamped with a number already read past.
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(cambio), 0) FROM actas
			WHERE eleccion = ?`, codigo).Scan(&next.cambio)
	}
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read actas of %s: %w", codigo, err)
	}
	leidas := 0
	if prev != nil && prev.reordenes == next.reordenes {
		next.actas, next.porID, leidas, err = s.desde(ctx, tx, codigo, prev)
		if err != nil {
			return nil, nil, 0, err
		}
	}
	if next.actas == nil {
		if next.actas, err = s.todas(ctx, tx, codigo); err != nil {
			return nil, nil, 0, err
		}
		leidas = len(next.actas)
		next.porID = make(map[string]int, len(next.actas))
		for i, a := range next.actas {
			next.porID[a.ID] = i
		}
	}
	if err := tx.Rollback(); err != nil {
		return nil, nil, 0, fmt.Errorf("read actas of %s: %w", codigo, err)
	}
	out := next.actas
	operated, err := s.operated(ctx, codigo)
	if err != nil || !operated {
		return out, next, leidas, err
	}
	def, err := s.eleccionDef(ctx, s.r, codigo)
	if err != nil {
		return nil, nil, 0, err
	}
	fc, err := s.fueraCatalogo(ctx, def, len(out))
	if err != nil {
		return nil, nil, 0, err
	}
	return append(out[:len(out):len(out)], fc...), next, leidas + len(fc), nil
}

// desde returns the actas of prev with those written since put in their place, or nil
// actas when an acta written since is new or in another place (the caller then reads them
// all).
func (s *Store) desde(ctx context.Context, q querier, codigo string, prev *Leidas) (
	[]*acta.Acta, map[string]int, int, error) {
	out := append([]*acta.Acta(nil), prev.actas...)
	leidas, otra := 0, false
	err := s.leerFilas(ctx, q, "SELECT "+actaList+
		" FROM actas WHERE eleccion = ? AND cambio > ?", []any{codigo, prev.cambio},
		func(a *acta.Acta) {
			leidas++
			k, ok := prev.porID[a.ID]
			if !ok || out[k].Orden != a.Orden {
				otra = true
				return
			}
			out[k] = a
		})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read actas of %s: %w", codigo, err)
	}
	if otra {
		return nil, nil, 0, nil
	}
	return out, prev.porID, leidas, nil
}

// todas reads every acta of the election in publication order, sharing the repeated texts
// of consecutive actas (acta.Compartir). Each row is decoded as it is read: holding the
// rows first costs as much memory again and, for the country, seconds of copying.
func (s *Store) todas(ctx context.Context, q querier, codigo string) ([]*acta.Acta, error) {
	var out []*acta.Acta
	err := s.leerFilas(ctx, q, "SELECT "+actaList+
		" FROM actas WHERE eleccion = ? ORDER BY orden", []any{codigo}, func(a *acta.Acta) {
		if k := len(out); k > 0 {
			a.Compartir(out[k-1])
		}
		out = append(out, a)
	})
	if err != nil {
		return nil, fmt.Errorf("read actas %s: %w", codigo, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("actas of %s: %w", codigo, ErrNotFound)
	}
	return out, nil
}

// leerFilas runs a query of acta rows and hands each acta to fn.
func (s *Store) leerFilas(ctx context.Context, q querier, query string, args []any,
	fn func(*acta.Acta)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r actaRow
	campos := r.fields() // one row scanned into again and again: decodeActa copies it
	for rows.Next() {
		if err := rows.Scan(campos...); err != nil {
			return err
		}
		a, err := decodeActa(&r)
		if err != nil {
			return err
		}
		fn(a)
	}
	return rows.Err()
}
