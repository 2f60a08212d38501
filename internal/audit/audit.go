// Package audit defines the audit trail of sufragio: an append-only sequence of entries, one
// per action (login, acopio, captura, corte, user and configuration changes …), each naming
// its actor, role, time, target and outcome, with the data before and after where data
// changed. Every entry carries the hash of the one before it, so that altering, inserting or
// deleting an entry breaks the chain and Verify finds it.
//
// The store writes an entry in the same transaction as the change it records; a refused
// action is recorded in a transaction of its own, with outcome Rechazo. This package holds
// only the pure parts: the entry, its canonical hash, and the check of a chain.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// Outcomes of an action.
const (
	Exito   = "exito"   // the action was carried out
	Rechazo = "rechazo" // the action was refused; nothing else changed
)

// Actions recorded in the trail. The vocabulary is closed: a new kind of action gets a
// constant here, so that auditors can filter by it.
const (
	Login            = "login"
	Logout           = "logout"
	PasswordChange   = "password_cambio"
	UserAdd          = "usuario_alta"
	UserDisable      = "usuario_baja"
	UserReset        = "usuario_reset"
	UserChange       = "usuario_cambio"
	CATDChange       = "catd_cambio"
	ConfigChange     = "configuracion"
	CatalogLoad      = "catalogo_carga"
	Acopio           = "acopio"
	Digitalizacion   = "digitalizacion"
	Captura          = "captura"
	Verificacion     = "verificacion"
	Corte            = "corte"
	Import           = "importacion"
	AccessRefused    = "acceso_denegado"
	AuditExport      = "auditoria_exportacion"
	SimulacroStarted = "simulacro_inicio"
	// ComputoApertura opens a council's cómputo session; ComputoActo records each later
	// act of it (its target is the session and the act's number, "DIP_LOC-001#12").
	ComputoApertura = "computo_apertura"
	ComputoActo     = "computo_acto"
)

// System is the actor of actions that no person performed (automatic verification, cortes
// produced by the schedule). What is done from the command line is recorded as done by the
// operating-system user who ran it.
const System = "sistema"

// Entry is one record of the trail.
type Entry struct {
	Seq     int64     // position in the chain, from 1, without gaps
	At      time.Time // when the action happened
	Actor   string    // user name, or System
	Role    string    // the actor's role at the time
	Action  string    // one of the action constants
	Target  string    // what was acted on: an acta id, a user name, a corte number …
	Outcome string    // Exito or Rechazo
	Before  string    // the data before the change (JSON), or empty
	After   string    // the data after the change (JSON), or empty
	Detail  string    // free text: the reason of a refusal, the address of a login …
	// PrevHash is the Hash of the entry before (empty for the first); Hash is Sum of this
	// entry.
	PrevHash string
	Hash     string
}

// Sum returns the hex SHA-256 of the entry's canonical encoding: every field but Hash,
// each length-prefixed so that no two entries encode alike, the time in UTC to the
// nanosecond.
func (e *Entry) Sum() string {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	for _, f := range []string{e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Role, e.Action,
		e.Target, e.Outcome, e.Before, e.After, e.Detail, e.PrevHash} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets the entry's place in the chain after prev (seq and hash of the entry before,
// 0 and "" for the first) and computes its Hash.
func (e *Entry) Seal(prevSeq int64, prevHash string) {
	e.Seq = prevSeq + 1
	e.PrevHash = prevHash
	e.Hash = e.Sum()
}

// Problem is one break found in a chain.
type Problem struct {
	Seq    int64  // the entry where the break shows
	Reason string // in Spanish, for the auditor
}

func (p Problem) String() string { return fmt.Sprintf("registro %d: %s", p.Seq, p.Reason) }

// Checker verifies a chain one entry at a time, in order, so that a trail of any size is
// checked without holding it in memory.
type Checker struct {
	prevSeq  int64
	prevHash string
	Problems []Problem
	Count    int64
}

// Add checks the next entry of the chain.
func (c *Checker) Add(e Entry) {
	c.Count++
	switch {
	case e.Seq != c.prevSeq+1:
		c.Problems = append(c.Problems, Problem{e.Seq, fmt.Sprintf("se esperaba el registro "+
			"%d: faltan o sobran registros", c.prevSeq+1)})
	case e.PrevHash != c.prevHash:
		c.Problems = append(c.Problems, Problem{e.Seq, "no encadena con el registro anterior " +
			"(registro anterior alterado, insertado o eliminado)"})
	}
	if e.Sum() != e.Hash {
		c.Problems = append(c.Problems, Problem{e.Seq, "su contenido no corresponde a su " +
			"huella: el registro fue alterado"})
	}
	c.prevSeq, c.prevHash = e.Seq, e.Hash
}

// End checks that the chain ends where its head says: the last entry has sequence headSeq
// and hash headHash. A deleted tail shows here.
func (c *Checker) End(headSeq int64, headHash string) {
	if c.prevSeq != headSeq || c.prevHash != headHash {
		c.Problems = append(c.Problems, Problem{c.prevSeq, fmt.Sprintf("la cadena termina en "+
			"el registro %d pero su cabeza registrada es el %d: se eliminaron o agregaron "+
			"registros al final", c.prevSeq, headSeq)})
	}
}

// OK reports whether no problem was found.
func (c *Checker) OK() bool { return len(c.Problems) == 0 }
