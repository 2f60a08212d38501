// Package store keeps sufragio's data in a database, embedded SQLite by default or
// PostgreSQL for production: the elections and their actas as last imported, every earlier
// version of each acta, the record of every import with the discrepancies found in its
// file, the operation of the PREP, the cómputos, and the cortes published.
//
// Invariants:
//   - An import is one transaction: a file lands whole or not at all.
//   - Nothing is lost: an acta that an import changes or removes is first copied to
//     acta_history with the import that replaced it.
//   - The data of an election only moves forward in time: a file older than the cut the
//     store holds is refused.
//   - Every election of a store belongs to one entidad.
//
// Only this package talks SQL. Statements use the subset SQLite and PostgreSQL share; what
// differs between engines is gathered in engine.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sufragio/sufragio/internal/opendata"
)

// FileName is the name of the database file inside the data folder.
const FileName = "sufragio.db"

// ErrConflict is returned when a record would replace one that must not change, such as a
// corte number already recorded.
var ErrConflict = errors.New("conflict")

// Store is the persistent state of one sufragio installation. It is safe for concurrent use.
type Store struct {
	db  *sql.DB // readers
	r   *reader // db through prepared statements
	w   *sql.DB // the writer
	eng engine
	log *slog.Logger
	// now is the clock, replaced in tests.
	now func() time.Time
	// dir is the data folder; images live under its imagenes folder.
	dir  string
	defs defCache

	reclaimMu   sync.Mutex
	lastReclaim time.Time

	jobs       chan *writeJob // write transactions for the writer goroutine
	quit       chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once

	flush    *flusher  // with Synchronous FULL, makes the commits durable
	packs    *paquetes // the images
	sesiones sessionCache
	statics  sync.Map // eleccion + "\x00" + acta id → *staticActa
	// publicadas caches the acta versions the cortes published (see RecordCorte).
	publicadas versionesPublicadas

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared on w, by query

	busy, batches, jobsRun atomic.Int64 // what the writer did, for Escritor
	// loteDesde is when the batch the writer runs started (Unix nanoseconds), 0 when idle.
	loteDesde atomic.Int64
}

// EstadoEscritor tells what the writer has done since the store opened: the transactions
// it ran, the database transactions (batches) it committed them in, and how long it was busy.
// The PREP line goes as fast as its writer: a writer busy all the time is the limit.
type EstadoEscritor struct {
	Transacciones, Lotes int64
	Ocupado              time.Duration
}

// EscrituraOcupada is how long the writer has been running its current batch of
// transactions; 0 when it is idle. Every write of this instance waits behind that batch: a
// long one means a long import, or the database's write lock held elsewhere or lost.
func (s *Store) EscrituraOcupada() time.Duration {
	desde := s.loteDesde.Load()
	if desde == 0 {
		return 0
	}
	return time.Since(time.Unix(0, desde))
}

// Escritor reports what the writer has done since the store opened.
func (s *Store) Escritor() EstadoEscritor {
	return EstadoEscritor{Transacciones: s.jobsRun.Load(), Lotes: s.batches.Load(),
		Ocupado: time.Duration(s.busy.Load())}
}

// zona is the time zone the PREP stamps its actas in.
var zona = opendata.Zona

// Config says where a store keeps its data.
type Config struct {
	// Dir is the data folder. It holds the images and, with the default engine, the SQLite
	// database.
	Dir string
	// DB chooses the database: empty for SQLite inside Dir, or the URL of a PostgreSQL
	// database (postgres://user:password@host:5432/name?sslmode=require), which must exist;
	// its schema is created or brought up to date.
	DB string
	// Readers is the size of the pool of connections that read; 0 means DefaultReaders.
	// Writes go through one connection per store whatever the engine (see withTx).
	Readers int
	// Existente refuses a PostgreSQL database without sufragio's schema instead of creating
	// it, for commands that only read or act on data already there.
	Existente bool
}

// DefaultReaders is the size of the reading pool when Config.Readers is 0.
const DefaultReaders = 8

// Open opens (creating it if needed) the SQLite database in dir and brings its schema up
// to date.
func Open(ctx context.Context, dir string, log *slog.Logger) (*Store, error) {
	return OpenConfig(ctx, Config{Dir: dir}, log)
}

// OpenConfig opens the store cfg describes and brings its schema up to date. With SQLite it
// creates the data folder and the database in it when they do not exist; a PostgreSQL
// database must exist, and its tables are created.
func OpenConfig(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	dir := cfg.Dir
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	eng, err := engineFor(cfg.DB)
	if err != nil {
		return nil, err
	}
	if !eng.dollar {
		// On PostgreSQL the folder holds no part of the store, and is not created for it.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	where, path := dir, filepath.Join(dir, FileName)
	if eng.dollar {
		where, path = Redact(cfg.DB), pgDefaults(cfg.DB)
	}
	readers := cfg.Readers
	if readers <= 0 {
		readers = DefaultReaders
	}
	w, err := sql.Open(eng.driver, eng.dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", where, err)
	}
	// One goroutine writes (see withTx): SQLite serializes writers anyway, and queueing
	// them here instead of in its busy handler, which sleeps and retries, keeps latency
	// low and fair; on PostgreSQL it gathers this instance's writes into few transactions.
	// The writer's second connection prepares the statements that transactions reuse.
	// Reads go to a pool of their own, which WAL lets run beside the writer.
	w.SetMaxOpenConns(2)
	w.SetMaxIdleConns(2)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open(eng.driver, eng.dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", where, err)
	}
	// A fixed pool: opening a connection costs its pragmas and the preparation of every
	// statement again, so connections are kept rather than opened per burst of readers.
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	r.SetConnMaxIdleTime(0)
	if eng.dollar {
		// A server's connections are shared with other instances: after a burst, give back
		// what stays idle.
		r.SetConnMaxIdleTime(5 * time.Minute)
		// A server may be unreachable or refuse: say so now, not at the first request.
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			r.Close()
			return nil, fmt.Errorf("open store %s: %w", where, err)
		}
	}
	s := &Store{db: r, w: w, eng: eng, log: log, now: time.Now, dir: dir,
		stmts: map[string]*sql.Stmt{},
		jobs:  make(chan *writeJob), quit: make(chan struct{}), writerDone: make(chan struct{})}
	s.r = &reader{s: s, m: map[string]*sql.Stmt{}}
	s.packs = &paquetes{dir: filepath.Join(dir, "imagenes")}
	if flushing() && !eng.dollar {
		s.flush = newFlusher(path)
	}
	go s.writer()
	if cfg.Existente && eng.dollar {
		if err := s.checkSchema(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.migrate(ctx, eng); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", where, err)
	}
	return s, nil
}

// Dir is the store's data folder.
func (s *Store) Dir() string { return s.dir }

// Engine names the database engine of the store: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.eng.name }

// Close closes the database, after the write transaction under way.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.quit)
		<-s.writerDone
		if s.flush != nil {
			s.flush.close()
		}
	})
	<-s.writerDone
	s.packs.close()
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.stmtMu.Unlock()
	s.r.mu.Lock()
	for _, st := range s.r.m {
		st.Close()
	}
	s.r.m = map[string]*sql.Stmt{}
	s.r.mu.Unlock()
	return errors.Join(s.db.Close(), s.w.Close())
}

// withTx runs fn in a transaction of the writer and commits it, or rolls it back if fn
// fails. It returns once the outcome is durable (as Synchronous says): fn's changes are
// committed, or none of them is. (An error flushing the log of a commit is reported as the
// transaction's error although its changes are in the database: its outcome is unknown.)
//
// Transactions that arrive together are committed together (group commit): the writer
// runs each one inside a savepoint of one database transaction, rolls back to the
// savepoint the ones that fail, and commits once for all. A commit costs a write of the
// log (and with Synchronous FULL a flush to disk, which the flusher does beside the
// writer), so the PREP line, which commits several times per acta, commits far fewer
// times than it asks to. Nothing is acknowledged before the commit that holds it.
func (s *Store) withTx(ctx context.Context, fn func(tx *txn) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.quit:
		return errClosed
	}
	return <-j.done
}

var errClosed = errors.New("store closed")

// writeJob is one transaction waiting for the writer.
type writeJob struct {
	ctx  context.Context
	fn   func(tx *txn) error
	done chan error
}

// maxBatch bounds the transactions committed together, so that one commit never waits
// on an unbounded queue.
const maxBatch = 64

// writer runs the write transactions, in batches of those waiting, until the store closes.
// (Holding a batch open while the flusher flushes the previous one, to commit fewer and
// larger batches, was measured: it puts the commit between two flushes and the line went
// slower.)
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		var j *writeJob
		select {
		case j = <-s.jobs:
		case <-s.quit:
			return
		}
		s.loteDesde.Store(time.Now().UnixNano())
		b := &lote{s: s}
		b.run(j)
	gather:
		for len(b.jobs) < maxBatch && b.spoiled == nil {
			select {
			case j := <-s.jobs:
				b.run(j)
			default:
				break gather
			}
		}
		b.end()
		s.batches.Add(1)
		s.jobsRun.Add(int64(len(b.jobs)))
	}
}

// lote is the batch the writer is running: one database transaction holding the write
// transactions run so far, each in its own savepoint but the first, which needs none
// (when it fails, the database transaction is rolled back and the next one starts anew).
type lote struct {
	s    *Store
	t    *txn // nil until a transaction needs it
	jobs []*writeJob
	errs []error
	ok   int   // transactions of t that succeeded
	in   []int // indexes of the jobs run in t
	// spoiled is set when the database transaction had to be rolled back whole.
	spoiled error
}

// run runs one transaction in the batch.
func (b *lote) run(j *writeJob) {
	t0 := time.Now()
	defer func() { b.s.busy.Add(int64(time.Since(t0))) }()
	i := len(b.jobs)
	b.jobs, b.errs = append(b.jobs, j), append(b.errs, nil)
	if err := j.ctx.Err(); err != nil {
		b.errs[i] = err
		return
	}
	if b.t == nil {
		tx, err := b.s.begin()
		if err != nil {
			b.errs[i] = err
			return
		}
		b.t, b.ok, b.in = &txn{Tx: tx, s: b.s}, 0, nil
	}
	first := len(b.in) == 0
	b.in = append(b.in, i)
	err := b.s.runJob(b.t, j, first)
	b.errs[i] = err
	switch {
	case err == nil:
		b.ok++
	case first || errors.Is(err, errBatch):
		// Nothing of this database transaction can be kept but what others did before a
		// savepoint failed, which must go too.
		b.t.Rollback()
		b.t = nil
		for _, k := range b.in {
			if b.errs[k] == nil {
				b.errs[k] = err
			}
		}
		if !first {
			b.spoiled = err
		}
	}
}

// end commits the batch and tells each transaction its outcome: at once when the batch
// did not commit, once the commit is durable when it did.
func (b *lote) end() {
	t0 := time.Now()
	defer func() { b.s.busy.Add(int64(time.Since(t0))) }()
	committed := false
	if b.t != nil {
		committed = b.commit()
	}
	b.s.loteDesde.Store(0) // the writer is free before anyone hears back
	if committed && b.s.flush != nil {
		b.s.flush.submit(b.jobs, b.errs)
		return
	}
	for i, j := range b.jobs {
		j.done <- b.errs[i]
	}
}

// commit commits the database transaction, unless none of its transactions succeeded.
func (b *lote) commit() bool {
	fail := func(err error) bool {
		b.t.Rollback()
		for _, k := range b.in {
			if b.errs[k] == nil {
				b.errs[k] = err
			}
		}
		return false
	}
	if b.ok == 0 {
		b.t.Rollback()
		return false
	}
	if err := b.t.flushHead(context.Background()); err != nil {
		return fail(err)
	}
	if err := b.t.Tx.Commit(); err != nil {
		for _, k := range b.in {
			if b.errs[k] == nil {
				b.errs[k] = fmt.Errorf("commit: %w", err)
			}
		}
		return false
	}
	return true
}

// begin starts a database transaction of the writer; on PostgreSQL it first waits for the
// write lock (see writeLock).
func (s *Store) begin() (*sql.Tx, error) {
	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	if s.eng.dollar {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`,
			int64(writeLock)); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("take the write lock: %w", err)
		}
	}
	return tx, nil
}

// errBatch marks a failure that spoils the whole batch: a savepoint that could not be
// rolled back.
var errBatch = errors.New("write batch failed")

// runJob runs one transaction of a batch inside its own savepoint; the first of its
// database transaction needs none.
func (s *Store) runJob(t *txn, j *writeJob, single bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: panic in write transaction: %v", errBatch, p)
		}
	}()
	if single {
		return j.fn(t)
	}
	if _, err := t.ExecContext(j.ctx, "SAVEPOINT job"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	head := t.head
	if ferr := j.fn(t); ferr != nil {
		t.head = head
		_, err1 := t.ExecContext(context.Background(), "ROLLBACK TO job")
		_, err2 := t.ExecContext(context.Background(), "RELEASE job")
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%w: %v (%v)", errBatch, ferr, errors.Join(err1, err2))
		}
		return ferr
	}
	if _, err := t.ExecContext(context.Background(), "RELEASE job"); err != nil {
		return fmt.Errorf("%w: release savepoint: %v", errBatch, err)
	}
	return nil
}

// txn is a transaction whose statements are prepared once per store and reused: parsing
// SQL costs more than running it for the small statements of the PREP line.
type txn struct {
	*sql.Tx
	s    *Store
	head auditHead // the trail's head as this transaction moved it
}

// maxStmts bounds the statement caches: queries built with varying text (filters, limits)
// beyond it are prepared each time.
const maxStmts = 512

// stmt returns the writer's prepared statement for query, preparing it the first time.
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	return cached(ctx, &s.stmtMu, s.stmts, s.w, query)
}

// cached returns db's prepared statement for query from cache m, preparing it the first
// time. It returns nil, and the caller runs the query unprepared, once the cache holds
// maxStmts statements.
func cached(ctx context.Context, mu *sync.Mutex, m map[string]*sql.Stmt, db *sql.DB,
	query string) (*sql.Stmt, error) {
	mu.Lock()
	defer mu.Unlock()
	if st, ok := m[query]; ok {
		return st, nil
	}
	if len(m) >= maxStmts {
		return nil, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	m[query] = st
	return st, nil
}

// reader runs the reads outside transactions through prepared statements of the reader
// pool.
type reader struct {
	s  *Store
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// QueryContext runs a query on the reader pool.
func (r *reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows,
	error) {
	if r.s.eng.dollar {
		return r.s.db.QueryContext(ctx, rebind(query), pgArgs(args)...)
	}
	st, err := cached(ctx, &r.mu, r.m, r.s.db, query)
	if err != nil || st == nil {
		return r.s.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a query of one row on the reader pool.
func (r *reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if r.s.eng.dollar {
		return r.s.db.QueryRowContext(ctx, rebind(query), pgArgs(args)...)
	}
	st, err := cached(ctx, &r.mu, r.m, r.s.db, query)
	if err != nil || st == nil {
		return r.s.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs a statement in the transaction. A text argument that no engine can store
// is refused (errTexto) before it reaches the database.
func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result,
	error) {
	if err := checkTexts(args); err != nil {
		return nil, err
	}
	if t.s.eng.dollar {
		return t.Tx.ExecContext(ctx, rebind(query), pgArgs(args)...)
	}
	st, err := t.s.stmt(ctx, query)
	if err != nil || st == nil {
		return t.Tx.ExecContext(ctx, query, args...)
	}
	return t.Tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// QueryContext runs a query in the transaction.
func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows,
	error) {
	if t.s.eng.dollar {
		return t.Tx.QueryContext(ctx, rebind(query), pgArgs(args)...)
	}
	st, err := t.s.stmt(ctx, query)
	if err != nil || st == nil {
		return t.Tx.QueryContext(ctx, query, args...)
	}
	return t.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// QueryRowContext runs a query of one row in the transaction.
func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if t.s.eng.dollar {
		return t.Tx.QueryRowContext(ctx, rebind(query), pgArgs(args)...)
	}
	st, err := t.s.stmt(ctx, query)
	if err != nil || st == nil {
		// A statement that does not prepare fails the same way when run.
		return t.Tx.QueryRowContext(ctx, query, args...)
	}
	return t.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

// PrepareContext prepares a statement in the transaction, for statements run many times
// in it (the rows of an import).
func (t *txn) PrepareContext(ctx context.Context, query string) (*prepared, error) {
	st, err := t.Tx.PrepareContext(ctx, t.s.eng.sql(query))
	if err != nil {
		return nil, err
	}
	return &prepared{Stmt: st, eng: t.s.eng}, nil
}

// prepared is a statement prepared in a transaction.
type prepared struct {
	*sql.Stmt
	eng engine
}

// ExecContext runs the prepared statement.
func (p *prepared) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	if err := checkTexts(args); err != nil {
		return nil, err
	}
	return p.Stmt.ExecContext(ctx, p.eng.args(args)...)
}

// roTx is a read-only transaction of the reader pool: reads that must see one state.
type roTx struct {
	*sql.Tx
	eng engine
}

// readTx starts a read-only transaction.
func (s *Store) readTx(ctx context.Context) (*roTx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.eng.dollar {
		// PostgreSQL's default, read committed, takes a snapshot per statement.
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &roTx{Tx: tx, eng: s.eng}, nil
}

// QueryContext runs a query in the read-only transaction.
func (t *roTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows,
	error) {
	return t.Tx.QueryContext(ctx, t.eng.sql(query), t.eng.args(args)...)
}

// QueryRowContext runs a query of one row in the read-only transaction.
func (t *roTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.eng.sql(query), t.eng.args(args)...)
}

// formatTime renders a time as stored: RFC 3339 with its offset, so it reads back Equal.
func formatTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// opTime renders a time of the operation in UTC with a fixed-width fraction, so that the
// texts of two times compare as the times do (expiries, queues by arrival).
func opTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// parseTime reads a time written by formatTime or opTime.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}
