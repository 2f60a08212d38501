package publicacion

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// TestProgramaDosInstancias runs the publication schedule on two instances that share the
// database and the cortes folder, as behind a load balancer: when a slot falls due, both
// check it at the same moment, and exactly one corte is published. Several instances need
// PostgreSQL, so the test runs in CI's PostgreSQL run.
func TestProgramaDosInstancias(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("several instances on one database need PostgreSQL (SUFRAGIO_TEST_ENGINE=postgres)")
	}
	ctx := context.Background()
	st1 := openWithGUB(t)
	st2, err := store.OpenConfig(ctx, store.Config{Dir: t.TempDir(), DB: st1DB(t, st1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	cortes := t.TempDir()
	now := time.Now()
	prog := Programa{Apertura: now.Add(-time.Minute), Cierre: now.Add(time.Hour),
		Cadencia: 5 * time.Minute}
	load := func(context.Context) (Programa, error) { return prog, nil }
	// Without the lock both would build corte 1 and one would be refused at the end.
	avisos := &contadorAvisos{}
	for ronda := 1; ronda <= 3; ronda++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, st := range []*store.Store{st1, st2} {
			p := New(st, cortes, false, slog.New(avisos))
			wg.Go(func() { errs[i] = p.programado(ctx, load) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, instance %d: %v", ronda, i+1, err)
			}
		}
		if n := avisos.n.Load(); n > 0 {
			t.Fatalf("round %d: %d warnings logged (a corte built twice and refused?)", ronda, n)
		}
		cs, err := st1.Cortes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Numero != 1 {
			t.Fatalf("round %d: %d cortes published, want only corte 1 for the slot: %+v",
				ronda, len(cs), cs)
		}
	}
}

// st1DB is the database URL of the store openWithGUB opened, which the run gave its data
// folder.
func st1DB(t *testing.T, st *store.Store) string {
	t.Helper()
	return storetest.DB(t, st.Dir())
}

// contadorAvisos counts the warnings and errors logged.
type contadorAvisos struct{ n atomic.Int64 }

func (c *contadorAvisos) Enabled(_ context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn
}

func (c *contadorAvisos) Handle(context.Context, slog.Record) error {
	c.n.Add(1)
	return nil
}

func (c *contadorAvisos) WithAttrs([]slog.Attr) slog.Handler { return c }

func (c *contadorAvisos) WithGroup(string) slog.Handler { return c }
