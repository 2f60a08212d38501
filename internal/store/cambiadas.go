package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
)

// ActasCambiadas returns the actas of an election as Actas does, reading in full only those
// that are not in conocidas as they are stored: an acta of conocidas (by id) with the
// stored version and place is returned as it is. The publisher of cortes keeps the actas of
// its last corte this way, and at the scale of the country reads half a million actas once
// and then only those that changed. When more than a quarter changed, every acta is read.
// The fuera-de-catálogo images of an election operated with sufragio are always read. It
// also returns how many actas were read in full.
func (s *Store) ActasCambiadas(ctx context.Context, codigo string,
	conocidas map[string]*acta.Acta) ([]*acta.Acta, int, error) {
	if len(conocidas) == 0 {
		all, err := s.Actas(ctx, codigo)
		return all, len(all), err
	}
	ids, err := s.versiones(ctx, codigo, conocidas)
	if err != nil {
		return nil, 0, err
	}
	var falta []string
	out := make([]*acta.Acta, len(ids))
	en := map[string]int{}
	for i, v := range ids {
		out[i] = v.conocida
		if v.conocida == nil {
			falta = append(falta, v.id)
			en[v.id] = i
		}
	}
	if len(ids) == 0 || len(falta) > len(ids)/4 {
		all, err := s.Actas(ctx, codigo)
		return all, len(all), err
	}
	poner := func(a *acta.Acta) { out[en[a.ID]] = a }
	if err := s.leerPorID(ctx, codigo, falta, poner); err != nil {
		return nil, 0, err
	}
	for _, a := range out {
		if a == nil {
			// Removed between the two reads: read everything again, consistently.
			all, err := s.Actas(ctx, codigo)
			return all, len(all), err
		}
	}
	operated, err := s.operated(ctx, codigo)
	if err != nil || !operated {
		return out, len(falta), err
	}
	def, err := s.eleccionDef(ctx, s.r, codigo)
	if err != nil {
		return nil, 0, err
	}
	fc, err := s.fueraCatalogo(ctx, def, len(out))
	if err != nil {
		return nil, 0, err
	}
	return append(out, fc...), len(falta) + len(fc), nil
}

// versionActa is the id of a stored acta and, when conocidas holds it as it is stored, the
// acta kept.
type versionActa struct {
	id       string
	conocida *acta.Acta
}

// versiones lists the actas of an election in publication order with their version and
// place, matched against conocidas.
func (s *Store) versiones(ctx context.Context, codigo string,
	conocidas map[string]*acta.Acta) ([]versionActa, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, version, orden FROM actas
		WHERE eleccion = ? ORDER BY orden`, codigo)
	if err != nil {
		return nil, fmt.Errorf("read versions of %s: %w", codigo, err)
	}
	defer rows.Close()
	var out []versionActa
	for rows.Next() {
		var v versionActa
		var version, orden int
		if err := rows.Scan(&v.id, &version, &orden); err != nil {
			return nil, fmt.Errorf("read versions of %s: %w", codigo, err)
		}
		if a := conocidas[v.id]; a != nil && a.Version == version && a.Orden == orden {
			v.conocida = a
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read versions of %s: %w", codigo, err)
	}
	reusadas, err := s.reusadas(ctx, codigo)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if reusadas[out[i].id] {
			out[i].conocida = nil
		}
	}
	return out, nil
}

// reusadas lists the actas whose stored version number was used before by another version
// of the same acta: an import numbers an acta it adds from 1, even one an earlier import
// removed (whose versions are in acta_history), so its id and version do not tell it apart
// from the removed one.
func (s *Store) reusadas(ctx context.Context, codigo string) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT h.id FROM acta_history h JOIN actas a
		ON a.eleccion = h.eleccion AND a.id = h.id AND a.version = h.version
		WHERE h.eleccion = ?`, codigo)
	if err != nil {
		return nil, fmt.Errorf("read reused versions of %s: %w", codigo, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read reused versions of %s: %w", codigo, err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// porLote is how many actas one query reads by id.
const porLote = 500

// leerPorID reads the actas of an election with the given ids, handing each to fn.
func (s *Store) leerPorID(ctx context.Context, codigo string, ids []string,
	fn func(*acta.Acta)) error {
	for len(ids) > 0 {
		lote := ids[:min(porLote, len(ids))]
		ids = ids[len(lote):]
		args := make([]any, 0, len(lote)+1)
		args = append(args, codigo)
		for _, id := range lote {
			args = append(args, id)
		}
		q := "SELECT " + actaList + " FROM actas WHERE eleccion = ? AND id IN (?" +
			strings.Repeat(", ?", len(lote)-1) + ")"
		if err := s.leerFilas(ctx, q, args, fn); err != nil {
			return fmt.Errorf("read actas of %s: %w", codigo, err)
		}
	}
	return nil
}

// leerFilas runs a query of acta rows and hands each acta to fn.
func (s *Store) leerFilas(ctx context.Context, q string, args []any,
	fn func(*acta.Acta)) error {
	rows, err := s.r.QueryContext(ctx, q, args...)
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
