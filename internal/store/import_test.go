package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
)

// auditEntries returns the entries of the trail that match f.
func auditEntries(t *testing.T, s *Store, f AuditFilter) []audit.Entry {
	t.Helper()
	var es []audit.Entry
	err := s.Audit(context.Background(), f, func(e audit.Entry) error {
		es = append(es, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// trailHead describes the trail by its head (sequence number and hash of its last entry)
// and its number of entries, for comparing the trail before and after an action.
func trailHead(t *testing.T, s *Store) string {
	t.Helper()
	seq, hash, err := s.auditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := count(t, s, `SELECT COUNT(*) FROM audit_log`)
	return fmt.Sprintf("head %d %s, %d entries", seq, hash, n)
}

// TestImportAudited imports the 18:00 and the 20:00 Gubernatura files and the 20:00 one
// again, the last on behalf of a person: each import, the repeated one too, is in the
// trail with the file, its hash, the election and what it did to the actas, and the chain
// holds.
func TestImportAudited(t *testing.T) {
	s, _ := openTemp(t)
	start := len(auditEntries(t, s, AuditFilter{}))
	ana := Actor{Username: "cli:ana", Role: "administrador"}
	steps := []struct {
		name  string
		actor Actor
	}{
		{"PUE_GUB_2024_corte_20240603_1800.csv", SystemActor},
		{"PUE_GUB_2024.csv", SystemActor},
		{"PUE_GUB_2024.csv", ana},
	}
	var sums []string
	for _, st := range steps {
		in := load(t, st.name)
		if _, err := s.Import(context.Background(), st.actor, in); err != nil {
			t.Fatalf("import %s: %v", st.name, err)
		}
		sums = append(sums, in.SHA256)
	}

	want := []struct {
		actor  Actor
		after  map[string]any
		detail string
	}{
		{SystemActor, map[string]any{"archivo": "PUE_GUB_2024_corte_20240603_1800.csv",
			"sha256": sums[0], "eleccion": "GUB", "corte": "2024-06-03T18:00:00-06:00",
			"importacion": 1.0, "ya_importado": false, "actas_archivo": 8346.0,
			"nuevas": 8346.0, "cambiadas": 0.0, "sin_cambio": 0.0, "retiradas": 0.0,
			"discrepancias": 0.0},
			"PUE_GUB_2024_corte_20240603_1800.csv (sha256 " + sums[0] + "): 8346 actas " +
				"nuevas, 0 cambiadas, 0 sin cambio, 0 retiradas; 0 discrepancias"},
		{SystemActor, map[string]any{"archivo": "PUE_GUB_2024.csv", "sha256": sums[1],
			"eleccion": "GUB", "corte": "2024-06-03T20:00:00-06:00", "importacion": 2.0,
			"ya_importado": false, "actas_archivo": 8346.0, "nuevas": 0.0,
			"cambiadas": 501.0, "sin_cambio": 7845.0, "retiradas": 0.0, "discrepancias": 0.0},
			"PUE_GUB_2024.csv (sha256 " + sums[1] + "): 0 actas nuevas, 501 cambiadas, " +
				"7845 sin cambio, 0 retiradas; 0 discrepancias"},
		{ana, map[string]any{"archivo": "PUE_GUB_2024.csv", "sha256": sums[1],
			"eleccion": "GUB", "corte": "2024-06-03T20:00:00-06:00", "importacion": 2.0,
			"ya_importado": true, "actas_archivo": 8346.0, "nuevas": 0.0, "cambiadas": 0.0,
			"sin_cambio": 0.0, "retiradas": 0.0},
			"PUE_GUB_2024.csv (sha256 " + sums[1] + "): ya se había importado " +
				"(importación 2); no se cambió nada"},
	}

	got := auditEntries(t, s, AuditFilter{Action: audit.Import})
	if len(got) != len(want) {
		t.Fatalf("got %d import entries, want %d: %+v", len(got), len(want), got)
	}
	all := auditEntries(t, s, AuditFilter{})
	if len(all) != start+len(want) {
		t.Errorf("trail grew by %d entries, want %d", len(all)-start, len(want))
	}
	for i, e := range got {
		w := want[i]
		if e.Seq != int64(start+i+1) || e.Actor != w.actor.Username ||
			e.Role != w.actor.Role || e.Target != "GUB" || e.Outcome != audit.Exito ||
			e.Before != "" {
			t.Errorf("entry %d: got seq %d, %s/%s on %q, %s, before %q; want seq %d, %s/%s "+
				"on GUB, exito, no before", i+1, e.Seq, e.Actor, e.Role, e.Target, e.Outcome,
				e.Before, start+i+1, w.actor.Username, w.actor.Role)
		}
		var after map[string]any
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			t.Fatalf("entry %d: after %q: %v", i+1, e.After, err)
		}
		if !reflect.DeepEqual(after, w.after) {
			t.Errorf("entry %d after:\n got %v\nwant %v", i+1, after, w.after)
		}
		if e.Detail != w.detail {
			t.Errorf("entry %d detail:\n got %q\nwant %q", i+1, e.Detail, w.detail)
		}
	}
	if p := verifyProblems(t, s); p != "" {
		t.Errorf("chain after the imports: %s", p)
	}
}

// TestImportRefusedNotAudited: a file refused, before its transaction (a cut in the
// future) or inside it (an older cut), leaves the trail as it was, and the chain holds.
func TestImportRefusedNotAudited(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, load(t, "PUE_GUB_2024.csv"))
	before := trailHead(t, s)

	refused(t, s, load(t, "PUE_GUB_2024_corte_20240603_1800.csv"), 2, "")
	future := load(t, "PUE_GUB_2024.csv")
	future.SHA256 = "otro"
	future.Archivo.Corte = time.Now().Add(48 * time.Hour)
	refused(t, s, future, 2, "")

	if got := trailHead(t, s); got != before {
		t.Errorf("trail after the refused imports: %s, want %s", got, before)
	}
	if n := len(auditEntries(t, s, AuditFilter{Action: audit.Import})); n != 1 {
		t.Errorf("%d import entries, want 1", n)
	}
	if p := verifyProblems(t, s); p != "" {
		t.Errorf("chain after the refusals: %s", p)
	}
}

// TestImportFailsWithItsEntry: the import and its entry are one transaction. With the head
// of the trail moved back behind the store's back, the entry cannot be written (its
// sequence number is taken), and the import fails with nothing of it stored; once the head
// is put back, the same file imports with its entry.
func TestImportFailsWithItsEntry(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	mustImport(t, s, load(t, "PUE_GUB_2024_corte_20240603_1800.csv"))
	seq, hash, err := s.auditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	setHead(t, s, seq-1, "")
	before := digest(t, s)
	in := load(t, "PUE_GUB_2024.csv")
	if _, err := s.Import(ctx, SystemActor, in); err == nil {
		t.Fatal("import succeeded without its audit entry")
	}
	if digest(t, s) != before {
		t.Error("an import whose entry failed changed the store")
	}
	if n := count(t, s, `SELECT COUNT(*) FROM audit_log`); n != int(seq) {
		t.Errorf("%d entries after the failed import, want %d", n, seq)
	}

	setHead(t, s, seq, hash)
	// (PostgreSQL spent an import id on the failed import: sequences do not roll back.)
	res := mustImport(t, s, in)
	if res.YaImportado || res.Cambiadas != 501 || res.SinCambio != 7845 {
		t.Errorf("import after the head was put back: got %+v, want 501 changed and 7845 "+
			"unchanged actas", res)
	}
	es := auditEntries(t, s, AuditFilter{Action: audit.Import, AfterSeq: seq})
	if len(es) != 1 || es[0].Seq != seq+1 {
		t.Errorf("entries after %d: got %+v, want the import's at %d", seq, es, seq+1)
	}
	if p := verifyProblems(t, s); p != "" {
		t.Errorf("chain: %s", p)
	}
}

// setHead moves the head of the trail behind the store's back, as an intruder would; the
// SQL is written out because the store's connection takes no placeholders of the other
// engine.
func setHead(t *testing.T, s *Store, seq int64, hash string) {
	t.Helper()
	q := fmt.Sprintf(`UPDATE audit_head SET seq = %d, hash = '%s' WHERE id = 1`, seq, hash)
	if _, err := s.db.ExecContext(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}
