package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/computo"
)

// ConsejoGeneral is the council code of the Consejo General's sessions.
const ConsejoGeneral = "CG"

// Kinds of cómputo session.
const (
	SesionConsejo = "consejo" // a council's cómputo of one contest in its unit (computo.Sesion)
	SesionEstatal = "estatal" // the Consejo General's state cómputo (computo.ComputoEstatal)
	// SesionAsignacion is an RP assignment made in session (computo.Asignacion).
	SesionAsignacion = "asignacion"
)

var (
	consejoRE = regexp.MustCompile(`^[DM]-[0-9]{3}$`)
	sesionRE  = regexp.MustCompile(`^[A-Z][A-Z_]*-[0-9A-Z]+$`)
)

// ValidConsejo reports whether code names a council: D-001 for a consejo distrital, M-114
// for a consejo municipal (the IEE numbering of its distrito or municipio).
func ValidConsejo(code string) bool { return consejoRE.MatchString(code) }

// SesionComputo is the record of one cómputo session: which it is and how far its log goes.
type SesionComputo struct {
	// ID names the session: its election and unit ("DIP_LOC-005", "GUB-ESTATAL").
	ID       string
	Eleccion string
	Unidad   string
	Tipo     string // SesionConsejo, SesionEstatal or SesionAsignacion
	// Consejo is the council that holds it: D-001, M-114, or ConsejoGeneral.
	Consejo string
	Creada  time.Time
	// Eventos is the number of events of its log; Ultimo the time of the last one.
	Eventos int
	Ultimo  time.Time
}

// AbrirComputo records a new session with the first events of its log (the apertura), on
// behalf of actor, and audits it, in one transaction. A session is opened once: opening it
// again is refused with ErrConflict.
func (s *Store) AbrirComputo(ctx context.Context, actor Actor, rec SesionComputo,
	eventos []computo.Evento) error {
	switch {
	case !sesionRE.MatchString(rec.ID):
		return refusal(ErrInvalid, "identificador de cómputo no válido %q", rec.ID)
	case rec.Tipo != SesionConsejo && rec.Tipo != SesionEstatal && rec.Tipo != SesionAsignacion:
		return refusal(ErrInvalid, "tipo de sesión de cómputo desconocido %q", rec.Tipo)
	case rec.Consejo != ConsejoGeneral && !ValidConsejo(rec.Consejo):
		return refusal(ErrInvalid, "consejo no válido %q", rec.Consejo)
	case len(eventos) == 0:
		return refusal(ErrInvalid, "la sesión de cómputo %s se abre con su apertura", rec.ID)
	}
	now := s.now()
	err := s.withTx(ctx, func(tx *txn) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM computo_sesiones WHERE id = ?`,
			rec.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return refusal(ErrConflict, "la sesión de cómputo %s ya está abierta", rec.ID)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO computo_sesiones
			(id, eleccion, unidad, tipo, consejo, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			rec.ID, rec.Eleccion, rec.Unidad, rec.Tipo, rec.Consejo, formatTime(now))
		if err != nil {
			return fmt.Errorf("insert computo session: %w", err)
		}
		e := actor.entry(audit.ComputoApertura, rec.ID)
		e.After = jsonText(map[string]any{"eleccion": rec.Eleccion, "unidad": rec.Unidad,
			"tipo": rec.Tipo, "consejo": rec.Consejo})
		if err := s.appendAudit(ctx, tx, e); err != nil {
			return err
		}
		return s.appendEventos(ctx, tx, actor, rec.ID, 0, eventos)
	})
	if err != nil {
		return fmt.Errorf("open computo %s: %w", rec.ID, err)
	}
	return nil
}

// RegistrarEventos appends events to the log of session id on behalf of actor, each with
// its audit entry, in one transaction. The first must follow the last stored one: an event
// appended meanwhile by someone else is a conflict (ErrConflict), and nothing is written,
// so that no act of the session is ever lost or applied over a state it did not see.
func (s *Store) RegistrarEventos(ctx context.Context, actor Actor, id string,
	eventos []computo.Evento) error {
	if len(eventos) == 0 {
		return nil
	}
	err := s.withTx(ctx, func(tx *txn) error {
		var n sql.NullInt64
		var sesiones int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM computo_sesiones WHERE id = ?`,
			id).Scan(&sesiones)
		if err != nil {
			return err
		}
		if sesiones == 0 {
			return refusal(ErrNotFound, "no existe la sesión de cómputo %s", id)
		}
		err = tx.QueryRowContext(ctx, `SELECT MAX(secuencia) FROM computo_eventos
			WHERE sesion = ?`, id).Scan(&n)
		if err != nil {
			return err
		}
		return s.appendEventos(ctx, tx, actor, id, int(n.Int64), eventos)
	})
	if err != nil {
		return fmt.Errorf("record computo %s: %w", id, err)
	}
	return nil
}

// appendEventos writes events after the ultimo-th one of session id, with their audit
// entries.
func (s *Store) appendEventos(ctx context.Context, tx *txn, actor Actor, id string,
	ultimo int, eventos []computo.Evento) error {
	for i, ev := range eventos {
		switch want := ultimo + i + 1; {
		case ev.Secuencia < want:
			return refusal(ErrConflict, "mientras tanto se registró otro acto en la sesión de "+
				"cómputo %s (el acto %d ya existe): vuelva a cargar la página y repita el suyo "+
				"si aún procede", id, ev.Secuencia)
		case ev.Secuencia > want:
			return fmt.Errorf("computo %s: event %d would follow %d", id, ev.Secuencia, want-1)
		}
		datos, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("encode event %d: %w", ev.Secuencia, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO computo_eventos
			(sesion, secuencia, tipo, quien, cuando, datos) VALUES (?, ?, ?, ?, ?, ?)`,
			id, ev.Secuencia, string(ev.Tipo), ev.Quien, formatTime(ev.Cuando), string(datos))
		if err != nil {
			return fmt.Errorf("insert event %d: %w", ev.Secuencia, err)
		}
		e := actor.entry(audit.ComputoActo, id+"#"+strconv.Itoa(ev.Secuencia))
		e.At = ev.Cuando
		e.Detail = string(ev.Tipo)
		if ev.Casilla != "" {
			e.Detail += " " + ev.Casilla
		}
		if ev.Causa != "" {
			e.Detail += ": " + ev.Causa
		}
		e.After = resumenEvento(ev, datos)
		if err := s.appendAudit(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// resumenEvento is what the trail keeps of an event: the event itself, but for an apertura,
// whose casillas are many, only its definition and how many casillas it opens.
func resumenEvento(ev computo.Evento, datos []byte) string {
	if ev.Apertura == nil {
		return string(datos)
	}
	return jsonText(map[string]any{"tipo": ev.Tipo, "consejo": ev.Apertura.Definicion.Consejo,
		"eleccion": ev.Apertura.Definicion.Eleccion, "unidad": ev.Apertura.Definicion.Unidad,
		"casillas": len(ev.Apertura.Casillas)})
}

// EventosComputo returns the record of session id and its events in order; ErrNotFound if
// there is no such session.
func (s *Store) EventosComputo(ctx context.Context, id string) (SesionComputo, []computo.Evento,
	error) {
	rec, err := s.sesionComputo(ctx, id)
	if err != nil {
		return rec, nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT secuencia, datos FROM computo_eventos
		WHERE sesion = ? ORDER BY secuencia`, id)
	if err != nil {
		return rec, nil, fmt.Errorf("read computo %s: %w", id, err)
	}
	defer rows.Close()
	var out []computo.Evento
	for rows.Next() {
		var n int
		var datos string
		if err := rows.Scan(&n, &datos); err != nil {
			return rec, nil, fmt.Errorf("read computo %s: %w", id, err)
		}
		var ev computo.Evento
		if err := json.Unmarshal([]byte(datos), &ev); err != nil {
			return rec, nil, fmt.Errorf("decode computo %s event %d: %w", id, n, err)
		}
		if ev.Secuencia != n {
			return rec, nil, fmt.Errorf("computo %s: event %d stored as %d", id, ev.Secuencia, n)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return rec, nil, fmt.Errorf("read computo %s: %w", id, err)
	}
	return rec, out, nil
}

// NumeroEventos returns how many events session id has stored; 0 if there is no session.
func (s *Store) NumeroEventos(ctx context.Context, id string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM computo_eventos WHERE sesion = ?`,
		id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count computo %s: %w", id, err)
	}
	return n, nil
}

const sesionColumns = `s.id, s.eleccion, s.unidad, s.tipo, s.consejo, s.created_at,
	(SELECT COUNT(*) FROM computo_eventos e WHERE e.sesion = s.id),
	(SELECT MAX(e.cuando) FROM computo_eventos e WHERE e.sesion = s.id)`

func scanSesion(row interface{ Scan(...any) error }) (SesionComputo, error) {
	var r SesionComputo
	var creada string
	var ultimo sql.NullString
	err := row.Scan(&r.ID, &r.Eleccion, &r.Unidad, &r.Tipo, &r.Consejo, &creada, &r.Eventos,
		&ultimo)
	if err != nil {
		return r, err
	}
	if r.Creada, err = parseTime(creada); err != nil {
		return r, err
	}
	if ultimo.Valid {
		if r.Ultimo, err = parseTime(ultimo.String); err != nil {
			return r, err
		}
	}
	return r, nil
}

// sesionComputo reads the record of session id.
func (s *Store) sesionComputo(ctx context.Context, id string) (SesionComputo, error) {
	r, err := scanSesion(s.r.QueryRowContext(ctx, `SELECT `+sesionColumns+
		` FROM computo_sesiones s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, refusal(ErrNotFound, "no existe la sesión de cómputo %s", id)
	}
	if err != nil {
		return r, fmt.Errorf("read computo %s: %w", id, err)
	}
	return r, nil
}

// SesionesComputo lists every cómputo session, by election and unit.
func (s *Store) SesionesComputo(ctx context.Context) ([]SesionComputo, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sesionColumns+
		` FROM computo_sesiones s ORDER BY s.eleccion, s.unidad`)
	if err != nil {
		return nil, fmt.Errorf("list computos: %w", err)
	}
	defer rows.Close()
	var out []SesionComputo
	for rows.Next() {
		r, err := scanSesion(rows)
		if err != nil {
			return nil, fmt.Errorf("list computos: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
