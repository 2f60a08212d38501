package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
)

// TestBatchAuditHead runs transactions committed together, some of which append to the
// trail and then fail: the chain must hold exactly the entries of those that succeeded,
// and verify.
func TestBatchAuditHead(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	appendSome(t, s, 2)
	// The first transaction holds the writer until the others wait in line, so that they
	// are run as one batch.
	hold, started := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- s.withTx(ctx, func(tx *txn) error {
			close(started)
			<-hold
			return s.appendAudit(ctx, tx, SystemActor.entry(audit.Login, "primero"))
		})
	}()
	<-started
	errFallo := errors.New("falla a propósito")
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.withTx(ctx, func(tx *txn) error {
				if err := s.appendAudit(ctx, tx, SystemActor.entry(audit.Login, "lote")); err != nil {
					return err
				}
				if i%3 == 0 {
					return errFallo
				}
				return nil
			})
		}()
	}
	time.Sleep(50 * time.Millisecond) // all twenty wait to be handed to the writer
	antes := s.Escritor()
	close(hold)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	despues := s.Escritor()
	if lotes, txs := despues.Lotes-antes.Lotes, despues.Transacciones-antes.Transacciones; lotes >= txs {
		t.Fatalf("%d transactions in %d batches: want them committed together", txs, lotes)
	}
	ok := 0
	for i, err := range errs {
		switch {
		case i%3 == 0 && !errors.Is(err, errFallo):
			t.Errorf("transaction %d: got %v, want its own failure", i, err)
		case i%3 != 0 && err != nil:
			t.Errorf("transaction %d: %v", i, err)
		case err == nil:
			ok++
		}
	}
	var lote int
	s.Audit(ctx, AuditFilter{Target: "lote"}, func(audit.Entry) error { lote++; return nil })
	if lote != ok {
		t.Errorf("trail holds %d entries of the batch, want %d (those that succeeded)", lote, ok)
	}
	if p := verifyProblems(t, s); p != "" {
		t.Fatalf("chain after a batch with failures: %s", p)
	}
}

// TestAuditOtherProcess appends to the trail from a second store on the same database, as
// the user command does while the server runs: each transaction reads the head it chains
// to, so the chain stays whole.
func TestAuditOtherProcess(t *testing.T) {
	s, dir := openTemp(t)
	ctx := context.Background()
	otro, err := openDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer otro.Close()
	for range 3 {
		appendSome(t, s, 2)
		appendSome(t, otro, 1)
	}
	if p := verifyProblems(t, s); p != "" {
		t.Fatalf("chain written by two stores: %s", p)
	}
	var n int
	s.Audit(ctx, AuditFilter{}, func(audit.Entry) error { n++; return nil })
	if n != 9 {
		t.Errorf("trail holds %d entries, want 9", n)
	}
}

// TestSessionCache checks that a session read recently is served from memory, that
// changes made through this store take effect at once, and that those of another process
// take effect within sesionFresca.
func TestSessionCache(t *testing.T) {
	s, dir := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	s.now = func() time.Time { return now }
	admin := Actor{Username: "root", Role: string(auth.Administrador)}
	open := func(name string) string {
		t.Helper()
		u, err := s.AddUser(ctx, admin, NewUser{Username: name, Nombre: "Prueba " + name,
			Role: auth.Capturista, Password: "temporal-0123"})
		if err != nil {
			t.Fatal(err)
		}
		hash := auth.TokenHash(name + "-token")
		if err := s.OpenSession(ctx, u, hash, now.Add(time.Hour), "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, hash); err != nil {
			t.Fatalf("session of %s: %v", name, err)
		}
		return hash
	}
	ana, beto := open("ana"), open("beto")

	if err := s.DisableUser(ctx, admin, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, ana); !errors.Is(err, ErrNotFound) {
		t.Errorf("session of a user disabled by this store: got %v, want ErrNotFound at once",
			err)
	}

	// A change empties the cache: beto's session is read again, and kept.
	if _, err := s.SessionByHash(ctx, beto); err != nil {
		t.Fatal(err)
	}
	otro, err := openDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer otro.Close()
	if err := otro.DisableUser(ctx, admin, "beto"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, beto); err != nil {
		t.Errorf("session just read: got %v, want it served from memory", err)
	}
	now = now.Add(sesionFresca)
	if _, err := s.SessionByHash(ctx, beto); !errors.Is(err, ErrNotFound) {
		t.Errorf("session of a user disabled by another process, %s later: got %v, want "+
			"ErrNotFound", sesionFresca, err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := s.SessionByHash(ctx, ana); !errors.Is(err, ErrNotFound) {
		t.Errorf("expired session: got %v, want ErrNotFound", err)
	}
}

// TestFlusherLog checks the flusher on its own: with no log yet it answers at once, and
// when the log file is replaced it flushes the new one.
func TestFlusherLog(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	fl := newFlusher(db)
	defer fl.close()
	ask := func() error {
		j := &writeJob{done: make(chan error, 1)}
		fl.submit([]*writeJob{j}, []error{nil})
		return <-j.done
	}
	if err := ask(); err != nil {
		t.Fatalf("no log yet: %v", err)
	}
	for i := range 2 {
		if err := os.Remove(db + "-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if err := os.WriteFile(db+"-wal", []byte{byte(i)}, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := ask(); err != nil {
			t.Fatalf("log %d: %v", i, err)
		}
		if info, _ := os.Stat(db + "-wal"); !os.SameFile(info, fl.info) {
			t.Fatalf("log %d: the flusher still holds the replaced file", i)
		}
	}
	// A failed transaction of a committed batch keeps its own error.
	j := &writeJob{done: make(chan error, 1)}
	own := errors.New("propio")
	fl.submit([]*writeJob{j}, []error{own})
	if err := <-j.done; !errors.Is(err, own) {
		t.Fatalf("got %v, want the transaction's own error", err)
	}
}

// TestEscrituraOcupada checks what /readyz reads: how long the writer has run its current
// batch, growing while a transaction holds it and back to 0 once it ends.
func TestEscrituraOcupada(t *testing.T) {
	s, _ := openTemp(t)
	if d := s.EscrituraOcupada(); d != 0 {
		t.Fatalf("idle writer: %v, want 0", d)
	}
	dentro, soltar, listo := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		listo <- s.withTx(context.Background(), func(*txn) error {
			close(dentro)
			<-soltar
			return nil
		})
	}()
	<-dentro
	time.Sleep(60 * time.Millisecond)
	if d := s.EscrituraOcupada(); d < 50*time.Millisecond {
		t.Errorf("writer held 60 ms: %v", d)
	}
	close(soltar)
	if err := <-listo; err != nil {
		t.Fatal(err)
	}
	if d := s.EscrituraOcupada(); d != 0 {
		t.Errorf("after the transaction: %v, want 0", d)
	}
}
