package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// engine holds what differs between database engines. The statements of this package are
// written once, in the subset SQLite and PostgreSQL share (ON CONFLICT … DO UPDATE,
// RETURNING, SAVEPOINT, "?" placeholders, integers for booleans and text for times); each
// engine has its own numbered migrations under migrations/<name>, where column types
// differ.
type engine struct {
	name   string // also the folder of its migrations
	driver string
	// dsn returns the data source of the database at path, for the writer or a reader.
	dsn func(path string, writer bool) string
	// dollar says the driver wants "$1, $2, …" placeholders, into which rebind turns "?".
	dollar bool
}

// Synchronous says when a commit is acknowledged. FULL (the default): once the write-ahead
// log holding it is flushed to disk, so an acknowledged step survives a power cut; the
// flush is done beside the writer, not inside it (see flusher). NORMAL: once written to
// the log, which is flushed at checkpoints only, so an acknowledged step survives a crash
// or kill of the program but a power cut may lose the last ones (never corrupting the
// database). Choose with the SUFRAGIO_SQLITE_SYNC environment variable. It applies to
// SQLite only: PostgreSQL commits as its server's synchronous_commit says.
var Synchronous = "FULL"

// sqlite is the embedded engine, the default: one file in the data folder. WAL lets the
// site read while an import writes; the busy timeout makes a second writer wait instead of
// failing; immediate transactions take the write lock at BEGIN, so two writers never
// deadlock upgrading a read lock.
var sqlite = engine{
	name:   "sqlite",
	driver: "sqlite",
	dsn: func(path string, writer bool) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		// SQLite's own setting is NORMAL in both modes: with FULL, the flusher flushes.
		q.Add("_pragma", "synchronous(NORMAL)")
		// Savepoints keep their undo records in temporary storage; in memory, not a file.
		q.Add("_pragma", "temp_store(MEMORY)")
		if writer {
			q.Set("_txlock", "immediate")
		}
		u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
		return u.String()
	},
}

// postgres is the server engine, for production: several sufragio instances may share one
// database. Its data source is the URL given (see Config.DB), the same for writer and
// readers.
var postgres = engine{
	name:   "postgres",
	driver: "pgx",
	dsn:    func(u string, _ bool) string { return u },
	dollar: true,
}

// writeLock is the key of the PostgreSQL advisory lock every write transaction takes first
// (pg_advisory_xact_lock), held until it commits or rolls back. It makes writes one at a
// time across every instance sharing the database, as SQLite's write lock does within one
// file: the audit trail is one chain, whose head each write moves, and the checks of the
// PREP line (an acta's stage and version, a capture slot, a session's next event) read
// then write. Serialized, no two transactions act on what the other has not yet committed,
// so no update is lost. Each instance still gathers its waiting transactions into one
// database transaction (group commit), so the lock is taken once per batch.
const writeLock = 0x73756672 // "sufr"

// IsPostgres reports whether db names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than the default embedded SQLite.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// engineFor chooses the engine of a Config.DB value.
func engineFor(db string) (engine, error) {
	switch {
	case db == "" || db == "sqlite":
		return sqlite, nil
	case IsPostgres(db):
		if _, err := pgx.ParseConfig(db); err != nil {
			// The parser's message quotes the URL, password and all: not passed on.
			return engine{}, &Refusal{Kind: ErrInvalid, Msg: "el URL de la base de datos no " +
				"es válido; si la contraseña tiene caracteres como # / ? @ : o espacios, " +
				"escríbalos codificados (%23 %2F %3F %40 %3A %20)"}
		}
		return postgres, nil
	}
	return engine{}, fmt.Errorf("database %q: want postgres://… or empty for SQLite",
		Redact(db))
}

// Redact hides the passwords of a database URL for logs and messages: the one after the
// user name, and a password parameter. It works on the text, so that a URL that does not
// parse (a password with an unescaped "#" or "/") is hidden too.
func Redact(db string) string {
	out := db
	if i := strings.Index(out, "://"); i >= 0 {
		rest := out[i+3:]
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			user, _, hasPass := strings.Cut(rest[:at], ":")
			if hasPass {
				out = out[:i+3] + user + ":xxxxx" + rest[at:]
			}
		}
	}
	return passwordParam.ReplaceAllString(out, "${1}xxxxx")
}

// passwordParam matches a password given as a parameter of a database URL.
var passwordParam = regexp.MustCompile(`(?i)([?&]password=)[^&]*`)

// rebinds caches the placeholders rewritten by rebind, by query text, up to maxStmts
// queries (queries built with varying text are rewritten each time beyond it).
var rebinds struct {
	sync.RWMutex
	m map[string]string
}

// rebind turns the "?" placeholders of query into "$1", "$2", … in order, leaving alone a
// "?" inside a quoted string or identifier or a comment.
func rebind(query string) string {
	rebinds.RLock()
	v, ok := rebinds.m[query]
	rebinds.RUnlock()
	if ok {
		return v
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(query[i+1:], c)
			if j < 0 {
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i - 1
			}
			b.WriteString(query[i : i+j+1])
			i += j
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	rebinds.Lock()
	if rebinds.m == nil {
		rebinds.m = map[string]string{}
	}
	if len(rebinds.m) < maxStmts {
		rebinds.m[query] = out
	}
	rebinds.Unlock()
	return out
}

// sql returns query as the engine's driver wants it.
func (e engine) sql(query string) string {
	if e.dollar {
		return rebind(query)
	}
	return query
}

// args returns the arguments of a statement as the engine's driver takes them.
func (e engine) args(args []any) []any {
	if e.dollar {
		return pgArgs(args)
	}
	return args
}

// pgArgs turns the booleans among args into the integers 0 and 1 the schema stores them
// as; PostgreSQL, unlike SQLite, does not take a boolean for an integer column.
func pgArgs(args []any) []any {
	var out []any
	for i, a := range args {
		if b, ok := a.(bool); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = boolInt(b)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// boolInt is 1 for true and 0 for false.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Exclusivo runs fn while no other instance sharing the database runs an Exclusivo of the
// same name, as the publication of a corte must. On PostgreSQL it holds a session advisory
// lock, keyed by the name, on a connection of the reading pool while fn runs; SQLite's data
// folder serves one instance, and there it just runs fn.
func (s *Store) Exclusivo(ctx context.Context, nombre string, fn func() error) error {
	if !s.eng.dollar {
		return fn()
	}
	h := fnv.New64a()
	h.Write([]byte("sufragio exclusivo " + nombre))
	key := int64(h.Sum64())
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("lock %s: %w", nombre, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return fmt.Errorf("lock %s: %w", nombre, err)
	}
	defer func() {
		// Unlocked even when ctx ended; a failed unlock closes the session, which unlocks.
		_, err := conn.ExecContext(context.WithoutCancel(ctx),
			`SELECT pg_advisory_unlock($1)`, key)
		if err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn()
}

// TextoValido reports whether s can be stored as text by every engine: valid UTF-8 without
// NUL bytes (PostgreSQL refuses both; SQLite would keep them, and a lookup or a record would
// then behave differently on each engine).
func TextoValido(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// Legible returns s, or, when s is not valid text (see TextoValido), s quoted with Go's
// escapes (\x00, \xff), so that it can be recorded and read.
func Legible(s string) string {
	if TextoValido(s) {
		return s
	}
	return strconv.Quote(s)
}

// errTexto refuses a statement one of whose texts cannot be stored.
var errTexto = &Refusal{Kind: ErrInvalid, Msg: "El texto recibido tiene caracteres no " +
	"válidos (un byte nulo o bytes que no son UTF-8); corríjalo y vuelva a intentarlo."}

// checkTexts refuses, with errTexto, arguments of a write with a text that cannot be stored.
func checkTexts(args []any) error {
	for _, a := range args {
		if t, ok := a.(string); ok && !TextoValido(t) {
			return errTexto
		}
	}
	return nil
}

// pgDefaults adds to a PostgreSQL URL the settings sufragio needs unless the URL sets them:
// a connect timeout, so that a silent host fails in seconds instead of hanging, and a limit
// to a session idle inside a transaction, so that an instance that hangs or loses the
// network while it holds the write lock (see writeLock) stops blocking the others' writes
// within a minute. (pgx passes parameters it does not know to the server as settings.)
func pgDefaults(db string) string {
	for _, p := range []string{"connect_timeout=10",
		"idle_in_transaction_session_timeout=60000"} {
		name, _, _ := strings.Cut(p, "=")
		if strings.Contains(db, name+"=") {
			continue
		}
		if strings.Contains(db, "?") {
			db += "&" + p
		} else {
			db += "?" + p
		}
	}
	return db
}
