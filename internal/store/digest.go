package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
)

// digestTables are the tables of the data, each with the key that orders its rows.
var digestTables = []struct{ name, order string }{
	{"elections", "code"},
	{"imports", "id"},
	{"discrepancies", "import_id, line, acta_id, kind"},
	{"actas", "eleccion, id"},
	{"acta_history", "eleccion, id, version"},
	{"cortes", "numero"},
}

// Digest returns the hex SHA-256 of every row of every data table, in key order. Two equal
// digests mean equal data; it shows, for instance, that a refused import changed nothing.
func (s *Store) Digest(ctx context.Context) (string, error) {
	h := sha256.New()
	for _, t := range digestTables {
		if err := s.digestTable(ctx, h, t.name, t.order); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (s *Store) digestTable(ctx context.Context, h hash.Hash, table, order string) error {
	rows, err := s.r.QueryContext(ctx, "SELECT * FROM "+table+" ORDER BY "+order)
	if err != nil {
		return fmt.Errorf("digest %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("digest %s: %w", table, err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	fmt.Fprintf(h, "table %s %q\n", table, cols)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("digest %s: %w", table, err)
		}
		for _, v := range vals {
			// %T keeps NULL, 0 and "0" apart; %q quotes text and byte values.
			fmt.Fprintf(h, "%T:%q|", v, fmt.Sprint(v))
		}
		h.Write([]byte("\n"))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("digest %s: %w", table, err)
	}
	return nil
}
