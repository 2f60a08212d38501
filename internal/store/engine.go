package store

import (
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// engine holds what differs between database engines. The statements of this package are
// written once, in the subset SQLite and PostgreSQL share (ON CONFLICT … DO UPDATE,
// RETURNING, "?" placeholders); each engine has its own numbered migrations under
// migrations/<name>, where column types may differ.
//
// TODO(store): PostgreSQL — its driver and DSN, migrations/postgres, and rewriting "?" into
// "$n" placeholders before statements reach the driver.
type engine struct {
	name   string // also the folder of its migrations
	driver string
	// dsn returns the data source of the database at path, for the writer or a reader.
	dsn func(path string, writer bool) string
}

// Synchronous says when a commit is acknowledged. FULL (the default): once the write-ahead
// log holding it is flushed to disk, so an acknowledged step survives a power cut; the
// flush is done beside the writer, not inside it (see flusher). NORMAL: once written to
// the log, which is flushed at checkpoints only, so an acknowledged step survives a crash
// or kill of the program but a power cut may lose the last ones (never corrupting the
// database). Choose with the SUFRAGIO_SQLITE_SYNC environment variable.
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
