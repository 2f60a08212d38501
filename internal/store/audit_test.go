package store

import (
	"context"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/audit"
)

// appendSome writes n audit events by the system.
func appendSome(t *testing.T, s *Store, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := s.AuditEvent(context.Background(), SystemActor, audit.Login, "u",
			"prueba"); err != nil {
			t.Fatal(err)
		}
	}
}

// verifyProblems returns the problems VerifyAudit finds, joined.
func verifyProblems(t *testing.T, s *Store) string {
	t.Helper()
	c, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range c.Problems {
		out = append(out, p.String())
	}
	return strings.Join(out, "; ")
}

func TestAuditChainIntact(t *testing.T) {
	s, _ := openTemp(t)
	appendSome(t, s, 5)
	if err := s.AuditRefusal(context.Background(), SystemActor, audit.Captura, "A1",
		"negativo"); err != nil {
		t.Fatal(err)
	}
	if p := verifyProblems(t, s); p != "" {
		t.Fatalf("intact chain: got problems %s", p)
	}
	var got []audit.Entry
	s.Audit(context.Background(), AuditFilter{Outcome: audit.Rechazo}, func(e audit.Entry) error {
		got = append(got, e)
		return nil
	})
	if len(got) != 1 || got[0].Seq != 6 || got[0].Detail != "negativo" {
		t.Fatalf("refusals: got %+v, want seq 6 with its reason", got)
	}
}

// TestAuditTamper alters, inserts and deletes entries behind the store's back (dropping the
// append-only triggers first, as an intruder with the file would) and expects VerifyAudit
// to name the entry.
func TestAuditTamper(t *testing.T) {
	cases := []struct {
		name, sql, want string
	}{
		{"alterado", `UPDATE audit_log SET target = 'otro' WHERE seq = 3`,
			"registro 3: su contenido no corresponde"},
		{"eliminado", `DELETE FROM audit_log WHERE seq = 2`, "registro 3: se esperaba el registro 2"},
		{"cola eliminada", `DELETE FROM audit_log WHERE seq = 5`, "la cadena termina en el registro 4"},
		{"insertado", `INSERT INTO audit_log SELECT 6, at, actor, role, action, target, outcome,
			before, after, detail, hash, hash FROM audit_log WHERE seq = 5`, "posterior a la cabeza"},
		{"sin triggers no basta", `UPDATE audit_log SET hash = 'x' WHERE seq = 4`,
			"registro 5: no encadena"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := openTemp(t)
			appendSome(t, s, 5)
			ctx := context.Background()
			if _, err := s.db.ExecContext(ctx, `UPDATE audit_log SET actor = 'x'`); err == nil {
				t.Fatal("audit_log accepted an UPDATE: want the append-only trigger to refuse")
			}
			for _, tr := range []string{"audit_log_no_update", "audit_log_no_delete"} {
				drop := "DROP TRIGGER " + tr
				if s.Engine() == "postgres" {
					drop += " ON audit_log"
				}
				if _, err := s.db.ExecContext(ctx, drop); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.db.ExecContext(ctx, c.sql); err != nil {
				t.Fatal(err)
			}
			if p := verifyProblems(t, s); !strings.Contains(p, c.want) {
				t.Fatalf("got problems %q, want one containing %q", p, c.want)
			}
		})
	}
}
