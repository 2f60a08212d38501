package store

import (
	"context"
	"fmt"
	"strings"
)

// actaDiff is what an import changes in the actas of its election.
type actaDiff struct {
	nuevas    []actaRow // version 1
	cambiadas []actaRow // with their new version
	retiradas []string  // ids
	sinCambio int
	// movidas are unchanged actas whose place in the file moved, with their new Orden.
	movidas []actaRow
}

// diff compares the file's actas with the stored ones. Rows are compared whole, so any
// change of any cell makes a new version; the place of an acta in the file is not part of
// it, so that a row dropped from a file does not version every acta listed after it.
func (im *importer) diff() (*actaDiff, error) {
	code := im.res.Eleccion
	stored, err := im.actaRows(im.ctx, im.tx, code)
	if err != nil {
		return nil, err
	}
	old := make(map[string]actaRow, len(stored))
	for _, r := range stored {
		old[r.ID] = r
	}
	d := &actaDiff{}
	for _, a := range im.in.Archivo.Actas {
		r := encodeActa(code, a)
		prev, ok := old[a.ID]
		delete(old, a.ID)
		switch {
		case !ok:
			r.Version = 1
			d.nuevas = append(d.nuevas, r)
		case sameActa(prev, r):
			d.sinCambio++
			if prev.Orden != r.Orden {
				d.movidas = append(d.movidas, r)
			}
		default:
			r.Version = prev.Version + 1
			d.cambiadas = append(d.cambiadas, r)
		}
	}
	for _, r := range stored {
		if _, gone := old[r.ID]; gone {
			d.retiradas = append(d.retiradas, r.ID)
		}
	}
	im.res.Nuevas, im.res.Cambiadas = len(d.nuevas), len(d.cambiadas)
	im.res.SinCambio, im.res.Retiradas = d.sinCambio, len(d.retiradas)
	return d, nil
}

func sameActa(a, b actaRow) bool {
	a.Version, b.Version = 0, 0
	a.Orden, b.Orden = 0, 0
	return a == b
}

// record writes the import record and keeps its id for the rows that follow.
func (im *importer) record(d *actaDiff) error {
	in, f := im.in, im.in.Archivo
	err := im.tx.QueryRowContext(im.ctx, `INSERT INTO imports (file, sha256, eleccion, as_of,
		row_count, discrepancies, added, changed, unchanged, removed, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.Fuente, in.SHA256, im.res.Eleccion, formatTime(f.Corte), len(f.Actas),
		len(im.res.Discrepancias), len(d.nuevas), len(d.cambiadas), d.sinCambio,
		len(d.retiradas), formatTime(im.now())).Scan(&im.res.ImportID)
	if err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	return nil
}

var (
	actaList = strings.Join(actaColumns, ", ")
	// insertActaSQL takes the acta's values and then its cambio (nuevoCambio).
	insertActaSQL = "INSERT INTO actas (" + actaList + ", cambio) VALUES (" +
		marks(len(actaColumns)+1) + ")"
	archiveActaSQL = "INSERT INTO acta_history (" + actaList + ", import_id, reason) SELECT " +
		actaList + ", ?, ? FROM actas WHERE eleccion = ? AND id = ?"
	deleteActaSQL = "DELETE FROM actas WHERE eleccion = ? AND id = ?"
)

// marks returns n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// The reasons an acta version goes to acta_history.
const (
	reasonChanged = "changed"
	reasonRemoved = "removed"
)

// apply writes the diff: a changed or removed acta is copied to acta_history before its row
// is deleted; new rows, and the new versions of changed ones, are inserted.
func (im *importer) apply(d *actaDiff) error {
	// An unchanged acta is done already unless it moved; the others, once written.
	im.progress(d.sinCambio - len(d.movidas))
	// Numbered before the changed actas are deleted: after, the highest could be theirs
	// gone, and the new versions would get the number a reader already read past.
	cambio, err := nuevoCambio(im.ctx, im.tx, im.res.Eleccion)
	if err != nil {
		return err
	}
	for _, id := range d.retiradas {
		if err := im.retire(id, reasonRemoved); err != nil {
			return err
		}
	}
	for _, r := range d.cambiadas {
		if err := im.retire(r.ID, reasonChanged); err != nil {
			return err
		}
	}
	if len(d.retiradas) > 0 || len(d.movidas) > 0 {
		if err := reordenar(im.ctx, im.tx, im.res.Eleccion); err != nil {
			return err
		}
	}
	if err := im.move(d.movidas, cambio); err != nil {
		return err
	}
	ins, err := im.tx.PrepareContext(im.ctx, insertActaSQL)
	if err != nil {
		return fmt.Errorf("prepare insert acta: %w", err)
	}
	defer ins.Close()
	for _, rows := range [][]actaRow{d.nuevas, d.cambiadas} {
		for i := range rows {
			if _, err := ins.ExecContext(im.ctx, append(rows[i].values(), cambio)...); err != nil {
				return fmt.Errorf("insert acta %s: %w", rows[i].ID, err)
			}
			im.progress(1)
		}
	}
	return nil
}

// move gives unchanged actas their new place in the publication order.
func (im *importer) move(rows []actaRow, cambio int64) error {
	for _, r := range rows {
		_, err := im.tx.ExecContext(im.ctx, `UPDATE actas SET orden = ?, cambio = ?
			WHERE eleccion = ? AND id = ?`, r.Orden, cambio, r.Eleccion, r.ID)
		if err != nil {
			return fmt.Errorf("move acta %s: %w", r.ID, err)
		}
		im.progress(1)
	}
	return nil
}

// nuevoCambio is the number that stamps the actas of the election a write transaction
// writes: one past the election's highest. Writes are serialized (one writer per instance,
// and on PostgreSQL a lock across instances), so the numbers of committed writes only grow,
// as long as it is taken before the transaction deletes any acta of the election: a removal
// (which may take the highest) counts as a reorder, which makes readers read everything.
func nuevoCambio(ctx context.Context, tx *txn, eleccion string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(cambio), 0) + 1 FROM actas
		WHERE eleccion = ?`, eleccion).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next cambio of %s: %w", eleccion, err)
	}
	return n, nil
}

// reordenar counts a write that removes actas of the election or moves them in its
// publication order: a reader of what changed (ActasCambiadas) then reads them all again.
func reordenar(ctx context.Context, tx *txn, eleccion string) error {
	_, err := tx.ExecContext(ctx, `UPDATE elections SET reordenes = reordenes + 1
		WHERE code = ?`, eleccion)
	if err != nil {
		return fmt.Errorf("count reorder of %s: %w", eleccion, err)
	}
	return nil
}

// retire moves the stored version of an acta to acta_history.
func (im *importer) retire(id, reason string) error {
	code := im.res.Eleccion
	_, err := im.tx.ExecContext(im.ctx, archiveActaSQL, im.res.ImportID, reason, code, id)
	if err != nil {
		return fmt.Errorf("archive acta %s: %w", id, err)
	}
	if _, err := im.tx.ExecContext(im.ctx, deleteActaSQL, code, id); err != nil {
		return fmt.Errorf("delete acta %s: %w", id, err)
	}
	return nil
}

// saveDiscrepancias records the findings of the file with the import.
func (im *importer) saveDiscrepancias() error {
	st, err := im.tx.PrepareContext(im.ctx, `INSERT INTO discrepancies
		(import_id, line, acta_id, kind, published, computed) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare discrepancy: %w", err)
	}
	defer st.Close()
	for _, x := range im.res.Discrepancias {
		_, err := st.ExecContext(im.ctx, im.res.ImportID, x.Linea, x.ActaID, x.Campo,
			x.Publicado, x.Calculado)
		if err != nil {
			return fmt.Errorf("record discrepancy at line %d: %w", x.Linea, err)
		}
	}
	return nil
}
