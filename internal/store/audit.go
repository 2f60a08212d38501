package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
)

// Actor is who performs an action: a user with his role, or audit.System.
type Actor struct {
	UserID   int64  // 0 for the system
	Username string // audit.System for the system
	Role     string
	CATD     string // the CATD the user belongs to; empty for every CATD
	Consejo  string // the council the user acts for in the cómputos; empty for every one
	Address  string // remote address of the request, when there is one
}

// SystemActor is the actor of automatic actions.
var SystemActor = Actor{Username: audit.System, Role: audit.System}

// appendAudit writes the next entry of the audit trail inside tx, chained to the head.
// Callers pass the entry without Seq, PrevHash and Hash; At defaults to the store's clock.
// The transaction reads the head once, when it first appends, and moves the head row once,
// before it commits (see txn.flushHead): the writer's transactions are immediate, so no
// other connection or process can append between the read and the commit.
func (s *Store) appendAudit(ctx context.Context, tx *txn, e audit.Entry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	// What a refused request carried is recorded as it came, escaped where no database
	// could store it: the attempt must never be lost for its bytes.
	for _, f := range []*string{&e.Actor, &e.Role, &e.Action, &e.Target, &e.Before, &e.After,
		&e.Detail} {
		*f = Legible(*f)
	}
	if !tx.head.known {
		err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).
			Scan(&tx.head.seq, &tx.head.hash)
		if err != nil {
			return fmt.Errorf("read audit head: %w", err)
		}
		tx.head.known = true
	}
	e.Seal(tx.head.seq, tx.head.hash)
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, role, action, target,
		outcome, before, after, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		?, ?)`, e.Seq, formatTime(e.At), e.Actor, e.Role, e.Action, e.Target, e.Outcome,
		e.Before, e.After, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("append audit %s: %w", e.Action, err)
	}
	tx.head.seq, tx.head.hash, tx.head.moved = e.Seq, e.Hash, true
	return nil
}

// auditHead is the last entry of the trail as a transaction sees it.
type auditHead struct {
	seq   int64
	hash  string
	known bool // read from the audit_head row
	moved bool // the transaction appended past the row
}

// flushHead moves the audit_head row to the last entry the transaction appended.
func (t *txn) flushHead(ctx context.Context) error {
	if !t.head.moved {
		return nil
	}
	_, err := t.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`,
		t.head.seq, t.head.hash)
	if err != nil {
		return fmt.Errorf("move audit head: %w", err)
	}
	t.head.moved = false
	return nil
}

// entry starts an audit entry of the actor for action on target, successful.
func (a Actor) entry(action, target string) audit.Entry {
	return audit.Entry{Actor: a.Username, Role: a.Role, Action: action, Target: target,
		Outcome: audit.Exito}
}

// AuditRefusal records, in a transaction of its own, that the actor's action on target was
// refused and why. The refused action changed nothing, so this is all that remains of it.
func (s *Store) AuditRefusal(ctx context.Context, a Actor, action, target, reason string) error {
	e := a.entry(action, target)
	e.Outcome = audit.Rechazo
	e.Detail = reason
	if a.Address != "" {
		e.Detail += " (desde " + a.Address + ")"
	}
	return s.withTx(ctx, func(tx *txn) error { return s.appendAudit(ctx, tx, e) })
}

// AuditEvent records, in a transaction of its own, a successful action that changes no
// other data (a login, a logout, an export of the trail).
func (s *Store) AuditEvent(ctx context.Context, a Actor, action, target, detail string) error {
	e := a.entry(action, target)
	e.Detail = detail
	return s.withTx(ctx, func(tx *txn) error { return s.appendAudit(ctx, tx, e) })
}

// jsonText encodes v for the before and after columns of the trail; nil gives "".
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v)) // never fail an action over its record
	}
	return string(b)
}

// AuditFilter selects entries of the trail; zero fields select everything.
type AuditFilter struct {
	Actor, Action, Target, Outcome string
	AfterSeq                       int64 // entries with a greater sequence number
	Limit                          int   // at most this many; 0 for no limit
}

// Audit returns the entries of the trail that match f, by sequence number, calling fn for
// each one so that a whole trail can be exported without holding it in memory.
func (s *Store) Audit(ctx context.Context, f AuditFilter, fn func(audit.Entry) error) error {
	q := `SELECT seq, at, actor, role, action, target, outcome, before, after, detail,
		prev_hash, hash FROM audit_log WHERE seq > ?`
	args := []any{f.AfterSeq}
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"action", f.Action},
		{"target", f.Target}, {"outcome", f.Outcome}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	q += " ORDER BY seq"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Role, &e.Action, &e.Target, &e.Outcome,
			&e.Before, &e.After, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return fmt.Errorf("read audit: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// VerifyAudit checks the whole audit chain up to its head, and that nothing lies past the
// head. It runs beside writers: entries appended while it reads are past the head it read
// first, and are checked by the next run.
func (s *Store) VerifyAudit(ctx context.Context) (*audit.Checker, error) {
	headSeq, headHash, err := s.auditHead(ctx)
	if err != nil {
		return nil, err
	}
	c := &audit.Checker{}
	err = s.Audit(ctx, AuditFilter{}, func(e audit.Entry) error {
		if e.Seq <= headSeq {
			c.Add(e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.End(headSeq, headHash)
	// An entry past the head that the head never reached was put there by hand.
	nowSeq, _, err := s.auditHead(ctx)
	if err != nil {
		return nil, err
	}
	var maxSeq sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(seq) FROM audit_log`).Scan(&maxSeq); err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	if maxSeq.Int64 > nowSeq {
		c.Problems = append(c.Problems, audit.Problem{Seq: maxSeq.Int64, Reason: "registro " +
			"posterior a la cabeza de la cadena: fue agregado fuera del sistema"})
	}
	return c, nil
}

// auditHead reads the sequence number and hash of the last entry of the trail.
func (s *Store) auditHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := s.r.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).
		Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("read audit head: %w", err)
	}
	return seq, hash, nil
}

// Now returns the store's clock reading, the time stamped on what it records.
func (s *Store) Now() time.Time { return s.now() }
