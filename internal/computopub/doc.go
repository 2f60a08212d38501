// Package computopub writes and reads the public record of the cómputos: the folder the
// public site serves, so that the site never reads the database where the staff
// application stores the events of the councils' sessions (ARCHITECTURE.md).
//
// # Layout
//
//	index.json                 every cómputo published: its council, step, progress and,
//	                           once it has results, total, winner or tie and constancia in
//	                           force; with the SHA-256 and size of its computo.json (Indice)
//	<id>/computo.json          the record of one cómputo (Computo): its acta de cómputo
//	                           (results by column, party and candidacy, the split, recounts
//	                           and their causes, sorteos, corrections, validity, constancias,
//	                           revoked ones included), the reconciliation with the PREP per
//	                           casilla, and the SHA-256 and size of each file below
//	<id>/acta.pdf              the acta de cómputo
//	<id>/constancia-<folio>.pdf  each constancia de mayoría issued
//	<id>/resultados.csv        results by column, party and candidacy
//	<id>/casillas.csv          a session's casillas with their figures and recount causes
//	<id>/conciliacion.csv      a session's reconciliation with the PREP
//	<id>/distritos.csv         the district actas summed by a state cómputo
//
// An id names one cómputo and becomes a folder name, so only ids of the form
// [A-Z_]+-[A-Z0-9]+ are accepted: "GUB-01", "DIP_LOC-05", "AYUN-114", "GUB-VMRE",
// "GUB-ESTATAL". Before a cómputo has results only its entry in index.json is published.
//
// # Invariants
//
// index.json is written last: the files of a cómputo are written first, then its
// computo.json, then the index, each to a temporary file that is flushed and renamed over
// the old one. A crash at any point leaves an index.json that reads whole and lists a
// computo.json whose SHA-256 it states; the files a computo.json lists may, for the
// moment between two renames, already be newer than it says, which a reader detects by
// their SHA-256 and the next publication repairs.
//
// Several instances of sufragio may publish into one folder: each publication holds an
// exclusive lock on the folder's .bloqueo file, reads index.json again when another
// instance wrote it, and leaves in place an entry whose Eventos (the length of the
// session's log, its version) is greater than its own: a publisher that is behind never
// overwrites a later state.
//
// Publishing is cheap when nothing public changed: the record is built from the session and
// compared with the one published, and no file is written unless it differs; index.json is
// rewritten when an entry changes, its version included (every act). A PDF is
// rewritten only when what it states changes (a constancia once revoked keeps its file), so
// that a document downloaded once keeps its SHA-256.
//
// What the public sees is what the council's documents state; who performed each action
// (the staff user names of the events) is left out.
package computopub
