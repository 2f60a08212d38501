package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/prep"
)

// Plazo is how long an acta handed to a capturista or a verificador stays his; past it, the
// acta goes back to the queue (someone left his post).
const Plazo = 10 * time.Minute

// Asignacion is an acta handed to a capturista or a verificador.
type Asignacion struct {
	Eleccion *catalog.Eleccion
	Acta     *acta.Acta // the catalog part; the figures are not shown before capture
	Ronda    int
	Turno    int // which of the two captures (1 or 2); 0 for a verification
	Campos   []prep.Campo
	Imagen   string // SHA-256 of the image to capture from
	// Capturas are, for a verification, the two captures of the round, and Diferencias the
	// indexes of the fields where they differ.
	Capturas    [2]prep.Captura
	Capturistas [2]string
	Diferencias []int
}

// CapturaResult tells what a capture did.
type CapturaResult struct {
	Etapa prep.Etapa // Digitalizada (waits its other capture), Verificada or PorVerificar
	Turno int
	// Diferencias are the columns where the two captures differ, when both are in.
	Diferencias []string
	// Siguiente is, when the capture asked for it, the acta handed to the capturista next;
	// nil when none waits.
	Siguiente *Asignacion
}

// SiguienteCaptura hands the capturista the acta he should capture next: the one he holds
// already, or the oldest digitized acta of his CATD with a capture slot free that he did
// not digitize and has not captured in this round. It returns ErrNotFound when there is
// none.
func (s *Store) SiguienteCaptura(ctx context.Context, actor Actor) (*Asignacion, error) {
	// The acta he holds, and an empty queue, the common answer to a capturista waiting for
	// work, are found on the readers, without taking a turn of the writer.
	eleccion, id, err := s.heldCaptura(ctx, actor)
	if err != nil {
		return nil, err
	}
	if id == "" {
		q, args := siguienteCapturaSQL(actor)
		var one string
		err := s.r.QueryRowContext(ctx, `SELECT id FROM (`+q+`) x`, args...).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("next capture for %s: %w", actor.Username, ErrNotFound)
		}
		if err != nil {
			return nil, err
		}
		err = s.withTx(ctx, func(tx *txn) error {
			eleccion, id, err = s.tomarSiguiente(ctx, tx, actor)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("next capture for %s: %w", actor.Username, err)
		}
	}
	return s.asignacion(ctx, eleccion, id, actor.Username)
}

// tomarSiguiente finds, inside tx, the acta the capturista holds or else takes a slot of
// the next one in the queue, and returns it; ErrNotFound when there is none.
func (s *Store) tomarSiguiente(ctx context.Context, tx *txn, actor Actor) (eleccion,
	id string, err error) {
	if err := s.reclaim(ctx, tx); err != nil {
		return "", "", err
	}
	err = tx.QueryRowContext(ctx, `SELECT eleccion, acta_id FROM capturas
		WHERE usuario = ? AND capturada_at = '' AND expira_at > ? LIMIT 1`,
		actor.Username, opTime(s.now())).Scan(&eleccion, &id)
	if !errors.Is(err, sql.ErrNoRows) {
		return eleccion, id, err
	}
	q, args := siguienteCapturaSQL(actor)
	o, err := scanOp(tx.QueryRowContext(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ErrNotFound
	}
	if err != nil {
		return "", "", err
	}
	if _, err := s.takeSlot(ctx, tx, actor, o); err != nil {
		return "", "", err
	}
	return o.eleccion, o.id, nil
}

// siguienteCapturaSQL is the query of the next acta to hand a capturista: the oldest
// digitized one of his CATD with a free slot, that he neither digitized nor captured in
// its round.
func siguienteCapturaSQL(actor Actor) (string, []any) {
	q := `SELECT ` + opColumns + ` FROM prep_actas p WHERE etapa = ? AND ocupadas < 2
		AND digitalizada_por <> ? AND NOT EXISTS (SELECT 1 FROM capturas c
		WHERE c.eleccion = p.eleccion AND c.acta_id = p.id AND c.ronda = p.ronda
		AND c.usuario = ?)`
	args := []any{string(prep.Digitalizada), actor.Username, actor.Username}
	if actor.CATD != "" {
		q += ` AND NOT EXISTS (SELECT 1 FROM catd_unidades u WHERE u.eleccion = p.eleccion
			AND u.unidad_id = p.unidad_id AND u.catd <> ?)`
		args = append(args, actor.CATD)
	}
	return q + ` ORDER BY digitalizada_at LIMIT 1`, args
}

// heldCaptura returns the acta the capturista holds and has not sent yet, if any.
func (s *Store) heldCaptura(ctx context.Context, actor Actor) (eleccion, id string,
	err error) {
	err = s.r.QueryRowContext(ctx, `SELECT eleccion, acta_id FROM capturas WHERE usuario = ?
		AND capturada_at = '' AND expira_at > ? LIMIT 1`, actor.Username, opTime(s.now())).
		Scan(&eleccion, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return eleccion, id, err
}

// reclaimEvery keeps reclaim from scanning on every request.
var reclaimEvery = 15 * time.Second

// reclaim frees the capture slots whose assignment lapsed, at most every reclaimEvery.
func (s *Store) reclaim(ctx context.Context, tx *txn) error {
	now := s.now()
	s.reclaimMu.Lock()
	due := now.Sub(s.lastReclaim) >= reclaimEvery
	if due {
		s.lastReclaim = now
	}
	s.reclaimMu.Unlock()
	if !due {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT eleccion, acta_id, ronda, turno FROM capturas
		WHERE capturada_at = '' AND expira_at <= ?`, opTime(now))
	if err != nil {
		return err
	}
	type slot struct {
		e, id        string
		ronda, turno int
	}
	var lapsed []slot
	for rows.Next() {
		var x slot
		if err := rows.Scan(&x.e, &x.id, &x.ronda, &x.turno); err != nil {
			rows.Close()
			return err
		}
		lapsed = append(lapsed, x)
	}
	rows.Close()
	for _, x := range lapsed {
		if _, err := tx.ExecContext(ctx, `DELETE FROM capturas WHERE eleccion = ? AND
			acta_id = ? AND ronda = ? AND turno = ?`, x.e, x.id, x.ronda, x.turno); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE prep_actas SET ocupadas = ocupadas - 1,
			version = version + 1 WHERE eleccion = ? AND id = ? AND ronda = ? AND
			ocupadas > 0`, x.e, x.id, x.ronda); err != nil {
			return err
		}
	}
	return nil
}

// takeSlot gives the actor a capture slot of the acta's round, and returns its turn.
func (s *Store) takeSlot(ctx context.Context, tx *txn, actor Actor, o *opActa) (int,
	error) {
	var turno int
	now := s.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO capturas (eleccion, acta_id, ronda, turno,
		usuario, asignada_at, expira_at, capturada_at, valores) VALUES (?, ?, ?,
		(SELECT COALESCE(MAX(turno), 0) + 1 FROM capturas WHERE eleccion = ? AND acta_id = ?
		AND ronda = ?), ?, ?, ?, '', '') RETURNING turno`, o.eleccion, o.id, o.ronda,
		o.eleccion, o.id, o.ronda, actor.Username, opTime(now), opTime(now.Add(Plazo))).
		Scan(&turno)
	if err != nil {
		return 0, fmt.Errorf("assign capture: %w", err)
	}
	return turno, updateOp(ctx, tx, o, `ocupadas = ocupadas + 1`)
}

// AsignarCaptura hands one given acta to the capturista, as SiguienteCaptura would, or
// refuses with the reason: the acta is not in capture, he digitized it, he captured it
// already in this round, or its two captures are taken.
func (s *Store) AsignarCaptura(ctx context.Context, actor Actor, eleccion, id string) (
	*Asignacion, error) {
	err := s.withTx(ctx, func(tx *txn) error {
		o, err := opByID(ctx, tx, eleccion, id)
		if err != nil {
			return notFoundActa(err, eleccion, id)
		}
		_, held, err := s.slotOf(ctx, tx, actor, o)
		if err != nil || held {
			return err
		}
		if err := checkCaptura(ctx, tx, actor, o); err != nil {
			return err
		}
		_, err = s.takeSlot(ctx, tx, actor, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("assign capture %s/%s to %s: %w", eleccion, id, actor.Username,
			err)
	}
	return s.asignacion(ctx, eleccion, id, actor.Username)
}

func notFoundActa(err error, eleccion, id string) error {
	if errors.Is(err, ErrNotFound) {
		return refusal(ErrNotFound, "no existe el acta %s en la elección %s", id, eleccion)
	}
	return err
}

// slotOf finds the actor's capture of the acta's current round: its turn, and whether it
// is still only assigned (held). A capture he already sent is refused.
func (s *Store) slotOf(ctx context.Context, tx *txn, actor Actor, o *opActa) (int, bool,
	error) {
	var turno int
	var done string
	err := tx.QueryRowContext(ctx, `SELECT turno, capturada_at FROM capturas WHERE
		eleccion = ? AND acta_id = ? AND ronda = ? AND usuario = ?`, o.eleccion, o.id,
		o.ronda, actor.Username).Scan(&turno, &done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	case done != "":
		return 0, false, refusal(ErrForbidden, "usted ya capturó el acta %s: la segunda "+
			"captura debe hacerla otra persona", o.id)
	}
	return turno, true, nil
}

// checkCaptura refuses a capture the rules forbid.
func checkCaptura(ctx context.Context, q rowQuerier, actor Actor, o *opActa) error {
	if err := checkCATD(ctx, q, actor, o); err != nil {
		return err
	}
	switch {
	case o.etapa == prep.Verificada || o.etapa == prep.SinActa:
		return refusal(ErrConflict, "el acta %s ya está verificada", o.id)
	case o.etapa == prep.PorVerificar:
		return refusal(ErrConflict, "el acta %s ya tiene sus dos capturas y espera la "+
			"verificación", o.id)
	case o.etapa != prep.Digitalizada:
		return refusal(ErrConflict, "el acta %s todavía no está digitalizada", o.id)
	case o.digitalizadaPor == actor.Username:
		return refusal(ErrForbidden, "usted digitalizó el acta %s: su captura debe hacerla "+
			"otra persona", o.id)
	case o.ocupadas >= 2:
		return refusal(ErrConflict, "las dos capturas del acta %s ya están asignadas a "+
			"otras personas", o.id)
	}
	return nil
}

// asignacion reads what the form of an acta shows.
func (s *Store) asignacion(ctx context.Context, eleccion, id, usuario string) (*Asignacion,
	error) {
	def, err := s.eleccionDef(ctx, s.r, eleccion)
	if err != nil {
		return nil, err
	}
	o, err := opByID(ctx, s.r, eleccion, id)
	if err != nil {
		return nil, err
	}
	st, err := s.static(ctx, s.r, o)
	if err != nil {
		return nil, err
	}
	as := &Asignacion{Eleccion: def, Acta: st.acta, Ronda: int(o.ronda), Campos: st.campos,
		Imagen: o.imagen}
	err = s.r.QueryRowContext(ctx, `SELECT turno FROM capturas WHERE eleccion = ? AND
		acta_id = ? AND ronda = ? AND usuario = ?`, eleccion, id, o.ronda, usuario).
		Scan(&as.Turno)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return as, nil
}

// staticActa is what never changes of an acta of the catalog once loaded: its keys and
// place (the catalog part of the acta as loaded) and its capture form.
type staticActa struct {
	acta   *acta.Acta
	campos []prep.Campo
}

// static returns the unchanging part of an acta of the operation, read once and kept: the
// capture form of every request is built from it without touching the database.
func (s *Store) static(ctx context.Context, q rowQuerier, o *opActa) (*staticActa, error) {
	key := o.eleccion + "\x00" + o.id
	if v, ok := s.statics.Load(key); ok {
		return v.(*staticActa), nil
	}
	def, err := s.eleccionDef(ctx, q, o.eleccion)
	if err != nil {
		return nil, err
	}
	a, err := actaByID(ctx, q, o.eleccion, o.id)
	if err != nil {
		return nil, err
	}
	// The form depends on which TOTAL_* fields the acta has, which a capture never changes.
	st := &staticActa{acta: prep.Esperar(a), campos: prep.Campos(def, a, o.votos)}
	s.statics.Store(key, st)
	return st, nil
}

// Capturar records the capture the actor keyed for an acta (values in the order of its
// form). When it is the second capture of the round, the two are compared: equal, the acta
// is verified and enters the next corte; different, it waits for a verificador. With
// siguiente, the same transaction hands the capturista his next acta, as SiguienteCaptura
// would: a capturista goes from one acta to the next with one turn of the writer.
func (s *Store) Capturar(ctx context.Context, actor Actor, eleccion, id string,
	valores prep.Captura, siguiente bool) (*CapturaResult, error) {
	res := &CapturaResult{}
	var sigEleccion, sigID string
	err := s.withTx(ctx, func(tx *txn) error {
		o, err := opByID(ctx, tx, eleccion, id)
		if err != nil {
			return notFoundActa(err, eleccion, id)
		}
		turno, held, err := s.slotOf(ctx, tx, actor, o)
		if err != nil {
			return err
		}
		if !held {
			if err := checkCaptura(ctx, tx, actor, o); err != nil {
				return err
			}
			if turno, err = s.takeSlot(ctx, tx, actor, o); err != nil {
				return err
			}
		} else if err := checkCATD(ctx, tx, actor, o); err != nil {
			return err
		}
		res.Turno = turno
		if err := s.capturar(ctx, tx, actor, o, turno, valores, res); err != nil || !siguiente {
			return err
		}
		sigEleccion, sigID, err = s.tomarSiguiente(ctx, tx, actor)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("capture %s/%s by %s: %w", eleccion, id, actor.Username, err)
	}
	if sigID != "" {
		// The capture is recorded: failing to read the next acta's form only leaves the
		// capturista to ask for it again.
		if res.Siguiente, err = s.asignacion(ctx, sigEleccion, sigID, actor.Username); err != nil {
			s.log.Warn("read the next capture", "user", actor.Username, "err", err)
			res.Siguiente = nil
		}
	}
	return res, nil
}

// capturar writes one capture and, with both in, settles the round.
func (s *Store) capturar(ctx context.Context, tx *txn, actor Actor, o *opActa,
	turno int, valores prep.Captura, res *CapturaResult) error {
	st, err := s.static(ctx, tx, o)
	if err != nil {
		return err
	}
	campos := st.campos
	if len(valores) != len(campos) {
		return refusal(ErrInvalid, "la captura tiene %d campos y el acta %s pide %d",
			len(valores), o.id, len(campos))
	}
	now := s.now()
	_, err = tx.ExecContext(ctx, `UPDATE capturas SET capturada_at = ?, valores = ?
		WHERE eleccion = ? AND acta_id = ? AND ronda = ? AND turno = ?`, opTime(now),
		valores.Format(), o.eleccion, o.id, o.ronda, turno)
	if err != nil {
		return fmt.Errorf("record capture: %w", err)
	}
	e := actor.entry(audit.Captura, o.eleccion+"/"+o.id)
	e.After = jsonText(map[string]any{"ronda": o.ronda, "turno": turno,
		"valores": valores.Format()})
	if err := s.appendAudit(ctx, tx, e); err != nil {
		return err
	}
	caps, _, times, err := roundCaptures(ctx, tx, o, len(campos))
	if err != nil {
		return err
	}
	res.Etapa = prep.Digitalizada
	if len(caps) < 2 {
		return updateOp(ctx, tx, o, `etapa = etapa`)
	}
	diff := prep.Diferencias(caps[0], caps[1])
	for _, i := range diff {
		res.Diferencias = append(res.Diferencias, campos[i].Columna)
	}
	if len(diff) > 0 {
		res.Etapa = prep.PorVerificar
		return updateOp(ctx, tx, o, `etapa = ?, verificador = '', verificador_hasta = ''`,
			string(prep.PorVerificar))
	}
	res.Etapa = prep.Verificada
	a, err := actaByID(ctx, tx, o.eleccion, o.id)
	if err != nil {
		return err
	}
	r := s.registro(o, maxTime(times), now)
	return s.verificar(ctx, tx, SystemActor, o, a, campos, caps[0], r, "automatica", nil)
}

// roundCaptures reads the captures sent in the acta's current round, in turn order.
func roundCaptures(ctx context.Context, tx querier, o *opActa, n int) ([]prep.Captura,
	[]string, []time.Time, error) {
	rows, err := tx.QueryContext(ctx, `SELECT usuario, capturada_at, valores FROM capturas
		WHERE eleccion = ? AND acta_id = ? AND ronda = ? AND capturada_at <> ''
		ORDER BY turno`, o.eleccion, o.id, o.ronda)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	var caps []prep.Captura
	var users []string
	var times []time.Time
	for rows.Next() {
		var u, at, v string
		if err := rows.Scan(&u, &at, &v); err != nil {
			return nil, nil, nil, err
		}
		c, err := prep.ParseCaptura(v, n)
		if err != nil {
			return nil, nil, nil, err
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, nil, nil, err
		}
		caps, users, times = append(caps, c), append(users, u), append(times, t)
	}
	return caps, users, times, rows.Err()
}

func maxTime(ts []time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// registro gathers the record of the acta's way through the line, in local time.
func (s *Store) registro(o *opActa, captura, verificacion time.Time) prep.Registro {
	acopio, _ := parseTime(o.acopioAt)
	return prep.Registro{Acopio: acopio.In(zona), Captura: captura.In(zona),
		Verificacion: verificacion.In(zona), Mecanismo: o.mecanismo,
		CodigoIntegridad: o.imagen, Origen: o.origen, Digitalizacion: o.digitalizacion,
		TipoDocumento: o.tipoDocumento}
}

// verificar publishes the verified figures of an acta for the next corte and records the
// decision: accion is automatica (both captures agreed), resuelta (a verificador settled
// the differing fields diff) or devuelta.
func (s *Store) verificar(ctx context.Context, tx *txn, actor Actor, o *opActa,
	a *acta.Acta, campos []prep.Campo, valores prep.Captura, r prep.Registro, accion string,
	diff []string) error {
	nueva := prep.Aplicar(a, campos, valores, r)
	if err := s.publicarActa(ctx, tx, o.eleccion, a, nueva); err != nil {
		return err
	}
	now := opTime(r.Verificacion)
	err := updateOp(ctx, tx, o, `etapa = ?, verificada_at = ?, verificada_por = ?,
		verificador = '', verificador_hasta = ''`, string(prep.Verificada), now, actor.Username)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO verificaciones (eleccion, acta_id, ronda,
		usuario, at, accion, diferencias, valores) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		o.eleccion, o.id, o.ronda, actor.Username, now, accion, strings.Join(diff, ","),
		valores.Format())
	if err != nil {
		return fmt.Errorf("record verification: %w", err)
	}
	e := actor.entry(audit.Verificacion, o.eleccion+"/"+o.id)
	e.Before = jsonText(actaCells(a))
	e.After = jsonText(actaCells(nueva))
	e.Detail = accion
	if len(diff) > 0 {
		e.Detail += ": " + strings.Join(diff, ", ")
	}
	return s.appendAudit(ctx, tx, e)
}

// actaCells is what the trail records of an acta's figures.
func actaCells(a *acta.Acta) map[string]any {
	t := &a.Totales
	return map[string]any{"version": a.Version, "votos": joinValues(a.Votos),
		"totales": joinValues(t[:]), "asentado": a.TotalAsentado.String()}
}

// SiguienteVerificacion hands the verificador the oldest acta of his CATD whose captures
// differ, that nobody else holds and that he did not capture; ErrNotFound when none.
func (s *Store) SiguienteVerificacion(ctx context.Context, actor Actor) (*Asignacion,
	error) {
	var eleccion, id string
	err := s.withTx(ctx, func(tx *txn) error {
		now := opTime(s.now())
		q := `SELECT ` + opColumns + ` FROM prep_actas p WHERE etapa = ? AND
			(verificador = '' OR verificador = ? OR verificador_hasta <= ?)
			AND NOT EXISTS (SELECT 1 FROM capturas c WHERE c.eleccion = p.eleccion AND
			c.acta_id = p.id AND c.usuario = ?)`
		args := []any{string(prep.PorVerificar), actor.Username, now, actor.Username}
		if actor.CATD != "" {
			q += ` AND NOT EXISTS (SELECT 1 FROM catd_unidades u WHERE u.eleccion = p.eleccion
				AND u.unidad_id = p.unidad_id AND u.catd <> ?)`
			args = append(args, actor.CATD)
		}
		o, err := scanOp(tx.QueryRowContext(ctx, q+` ORDER BY (verificador = ?) DESC,
			updated_at LIMIT 1`, append(args, actor.Username)...))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		eleccion, id = o.eleccion, o.id
		return s.holdVerificacion(ctx, tx, actor, o)
	})
	if err != nil {
		return nil, fmt.Errorf("next verification for %s: %w", actor.Username, err)
	}
	return s.verificacion(ctx, eleccion, id)
}

// holdVerificacion hands the acta to the verificador for Plazo.
func (s *Store) holdVerificacion(ctx context.Context, tx *txn, actor Actor,
	o *opActa) error {
	if o.verificador == actor.Username {
		return nil
	}
	return updateOp(ctx, tx, o, `verificador = ?, verificador_hasta = ?`, actor.Username,
		opTime(s.now().Add(Plazo)))
}

// checkVerificacion refuses a verification the rules forbid.
func (s *Store) checkVerificacion(ctx context.Context, tx *txn, actor Actor,
	o *opActa) error {
	if err := checkCATD(ctx, tx, actor, o); err != nil {
		return err
	}
	if o.etapa != prep.PorVerificar {
		return refusal(ErrConflict, "el acta %s no espera verificación (etapa: %s)", o.id,
			o.etapa.Nombre())
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM capturas WHERE eleccion = ? AND
		acta_id = ? AND usuario = ?`, o.eleccion, o.id, actor.Username).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return refusal(ErrForbidden, "usted capturó el acta %s: no puede verificarla", o.id)
	}
	if o.verificador != "" && o.verificador != actor.Username && o.verificadorHasta >
		opTime(s.now()) {
		return refusal(ErrConflict, "el acta %s la está verificando %s", o.id, o.verificador)
	}
	return nil
}

// AsignarVerificacion hands one given acta to the verificador, or refuses with the reason.
func (s *Store) AsignarVerificacion(ctx context.Context, actor Actor, eleccion, id string) (
	*Asignacion, error) {
	err := s.withTx(ctx, func(tx *txn) error {
		o, err := opByID(ctx, tx, eleccion, id)
		if err != nil {
			return notFoundActa(err, eleccion, id)
		}
		if err := s.checkVerificacion(ctx, tx, actor, o); err != nil {
			return err
		}
		return s.holdVerificacion(ctx, tx, actor, o)
	})
	if err != nil {
		return nil, fmt.Errorf("assign verification %s/%s: %w", eleccion, id, err)
	}
	return s.verificacion(ctx, eleccion, id)
}

// verificacion reads what the verification page shows: both captures and where they
// differ.
func (s *Store) verificacion(ctx context.Context, eleccion, id string) (*Asignacion, error) {
	as, err := s.asignacion(ctx, eleccion, id, "")
	if err != nil {
		return nil, err
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	o, err := opByID(ctx, tx, eleccion, id)
	if err != nil {
		return nil, err
	}
	caps, users, _, err := roundCaptures(ctx, tx, o, len(as.Campos))
	if err != nil {
		return nil, err
	}
	if len(caps) != 2 {
		return nil, fmt.Errorf("acta %s/%s waits verification with %d captures", eleccion, id,
			len(caps))
	}
	copy(as.Capturas[:], caps)
	copy(as.Capturistas[:], users)
	as.Diferencias = prep.Diferencias(caps[0], caps[1])
	return as, nil
}

// Decision is what a verificador decided on an acta whose captures differ.
type Decision struct {
	// Devolver sends the acta back to capture: a new round with two new captures.
	Devolver bool
	// Valores gives, by column, the value settled for each differing field.
	Valores map[string]acta.Value
	Motivo  string // why it was returned, or a note
}

// Verificar applies the verificador's decision: the settled figures are published at the
// next corte, or the acta goes back to capture.
func (s *Store) Verificar(ctx context.Context, actor Actor, eleccion, id string,
	d Decision) (prep.Etapa, error) {
	var etapa prep.Etapa
	err := s.withTx(ctx, func(tx *txn) error {
		o, err := opByID(ctx, tx, eleccion, id)
		if err != nil {
			return notFoundActa(err, eleccion, id)
		}
		if err := s.checkVerificacion(ctx, tx, actor, o); err != nil {
			return err
		}
		if d.Devolver {
			etapa = prep.Digitalizada
			return s.devolver(ctx, tx, actor, o, d.Motivo)
		}
		etapa = prep.Verificada
		return s.resolver(ctx, tx, actor, o, d)
	})
	if err != nil {
		return "", fmt.Errorf("verify %s/%s by %s: %w", eleccion, id, actor.Username, err)
	}
	return etapa, nil
}

// resolver settles each differing field and publishes the acta.
func (s *Store) resolver(ctx context.Context, tx *txn, actor Actor, o *opActa,
	d Decision) error {
	def, err := s.eleccionDef(ctx, tx, o.eleccion)
	if err != nil {
		return err
	}
	a, err := actaByID(ctx, tx, o.eleccion, o.id)
	if err != nil {
		return err
	}
	campos := prep.Campos(def, a, o.votos)
	caps, _, times, err := roundCaptures(ctx, tx, o, len(campos))
	if err != nil {
		return err
	}
	if len(caps) != 2 {
		return fmt.Errorf("acta %s waits verification with %d captures", o.id, len(caps))
	}
	final := append(prep.Captura(nil), caps[0]...)
	var diff, missing []string
	for _, i := range prep.Diferencias(caps[0], caps[1]) {
		c := campos[i]
		diff = append(diff, c.Columna)
		v, ok := d.Valores[c.Columna]
		if !ok {
			missing = append(missing, c.Etiqueta)
			continue
		}
		final[i] = v
	}
	if len(missing) > 0 {
		return refusal(ErrInvalid, "falta decidir %s", strings.Join(missing, ", "))
	}
	r := s.registro(o, maxTime(times), s.now())
	return s.verificar(ctx, tx, actor, o, a, campos, final, r, "resuelta", diff)
}

// devolver starts a new capture round.
func (s *Store) devolver(ctx context.Context, tx *txn, actor Actor, o *opActa,
	motivo string) error {
	ronda := o.ronda
	err := updateOp(ctx, tx, o, `etapa = ?, ronda = ronda + 1, ocupadas = 0, verificador = '',
		verificador_hasta = ''`, string(prep.Digitalizada))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO verificaciones (eleccion, acta_id, ronda,
		usuario, at, accion, diferencias, valores) VALUES (?, ?, ?, ?, ?, 'devuelta', '', '')`,
		o.eleccion, o.id, ronda, actor.Username, opTime(s.now()))
	if err != nil {
		return err
	}
	e := actor.entry(audit.Verificacion, o.eleccion+"/"+o.id)
	e.Detail = "devuelta a captura"
	if motivo != "" {
		e.Detail += ": " + motivo
	}
	e.Before = jsonText(map[string]any{"etapa": prep.PorVerificar, "ronda": ronda})
	e.After = jsonText(map[string]any{"etapa": prep.Digitalizada, "ronda": ronda + 1})
	return s.appendAudit(ctx, tx, e)
}

// Campos returns the fields of the capture form of an acta, or ErrNotFound.
func (s *Store) Campos(ctx context.Context, eleccion, id string) ([]prep.Campo, error) {
	if v, ok := s.statics.Load(eleccion + "\x00" + id); ok {
		return v.(*staticActa).campos, nil
	}
	o, err := opByID(ctx, s.r, eleccion, id)
	if err != nil {
		return nil, err
	}
	st, err := s.static(ctx, s.r, o)
	if err != nil {
		return nil, err
	}
	return st.campos, nil
}
