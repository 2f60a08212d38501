package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/prep"
)

// The channels an acta reaches the PREP by (ORIGEN, IEE LEEME item 43).
const (
	CanalCATD    = "CATD"
	CanalCasilla = "CASILLA"
)

// AcopioInput is the arrival of one Acta PREP at a CATD.
type AcopioInput struct {
	Eleccion string
	Clave    string // as typed or read from its QR code
	// Mecanismo is MECANISMOS_TRASLADO: D, F, I, or "" when none (IEE LEEME item 38).
	Mecanismo string
	// SinActa is, when the package arrived without its Acta PREP or the casilla was not
	// installed, the reason (one of acta.SinActaFlags); zero when the acta arrived.
	SinActa acta.Flags
	// FueraCatalogo confirms that a key matching no acta is to be recorded fuera de
	// catálogo; without it such a key is refused as a likely typo.
	FueraCatalogo bool
}

// AcopioResult tells what an acopio recorded.
type AcopioResult struct {
	Eleccion, ActaID string
	Etapa            prep.Etapa
	// Duplicada reports a second arrival of an acta already received: it is recorded and
	// changes nothing.
	Duplicada bool
	// FueraCatalogo reports a key that matches no acta of the catalog.
	FueraCatalogo bool
	At            time.Time
}

// RegistrarAcopio records the arrival of an acta, with its time, on behalf of actor. An
// unknown key is recorded fuera de catálogo; a second arrival of the same acta is
// recorded as a duplicate and never counted twice; an acta registered without its Acta
// PREP is published with the reason at the next corte.
func (s *Store) RegistrarAcopio(ctx context.Context, actor Actor, in AcopioInput) (
	*AcopioResult, error) {
	switch in.Mecanismo {
	case "", "D", "F", "I":
	default:
		return nil, refusal(ErrInvalid, "mecanismo de traslado desconocido %q: use D "+
			"(dispositivo de apoyo), F (centro de recepción fijo), I (itinerante) o ninguno",
			in.Mecanismo)
	}
	if !validClave(in.Clave) {
		return nil, refusal(ErrInvalid, "clave de acta no válida %q: se esperan letras, "+
			"cifras y guiones, como 210001B01002", in.Clave)
	}
	res := &AcopioResult{Eleccion: in.Eleccion, At: s.now()}
	err := s.withTx(ctx, func(tx *txn) error {
		id, o, err := s.actaDeClave(ctx, tx, in.Eleccion, in.Clave)
		if err != nil {
			return err
		}
		res.ActaID = id
		if o == nil && !in.FueraCatalogo {
			return sinCatalogo(in.Eleccion, id)
		}
		if o == nil {
			return s.acopioFuera(ctx, tx, actor, in, res)
		}
		return s.acopio(ctx, tx, actor, in, o, res)
	})
	if err != nil {
		return nil, fmt.Errorf("acopio %s/%s: %w", in.Eleccion, in.Clave, err)
	}
	return res, nil
}

// actaDeClave resolves a key within an election in operation (see resolveClave).
func (s *Store) actaDeClave(ctx context.Context, tx *txn, eleccion, clave string) (string,
	*opActa, error) {
	if _, err := s.eleccionDef(ctx, tx, eleccion); err != nil {
		if errors.Is(err, ErrNotFound) {
			return "", nil, refusal(ErrNotFound, "la elección %s no está en operación: cargue "+
				"su catálogo con «sufragio catalogo»", eleccion)
		}
		return "", nil, err
	}
	return resolveClave(ctx, tx, eleccion, clave)
}

// acopio records the arrival of an acta of the catalog.
func (s *Store) acopio(ctx context.Context, tx *txn, actor Actor, in AcopioInput,
	o *opActa, res *AcopioResult) error {
	if err := checkCATD(ctx, tx, actor, o); err != nil {
		return err
	}
	now := opTime(res.At)
	e := actor.entry(audit.Acopio, in.Eleccion+"/"+o.id)
	res.Etapa = o.etapa
	switch {
	case o.etapa != prep.Esperada:
		res.Duplicada = true
		e.Detail = "acopio duplicado: el acta ya estaba en la etapa " + o.etapa.Nombre()
	case in.SinActa != 0:
		a, err := actaByID(ctx, tx, in.Eleccion, o.id)
		if err != nil {
			return err
		}
		sin := prep.AplicarSinActa(a, o.votos, in.SinActa)
		if err := s.publicarActa(ctx, tx, in.Eleccion, a, sin); err != nil {
			return err
		}
		res.Etapa = prep.SinActa
		motivo := acta.Clasificacion{Estado: acta.NoContabilizada, Flags: in.SinActa}
		e.After = jsonText(map[string]any{"etapa": res.Etapa,
			"motivo": motivo.Observaciones()})
	default:
		res.Etapa = prep.Acopiada
		e.After = jsonText(map[string]any{"etapa": res.Etapa, "mecanismo": in.Mecanismo})
	}
	if !res.Duplicada {
		e.Before = jsonText(map[string]any{"etapa": o.etapa})
		if err := updateOp(ctx, tx, o, `etapa = ?, acopio_at = ?, acopio_por = ?,
			mecanismo = ?, motivo_sin_acta = ?`, string(res.Etapa), now, actor.Username,
			in.Mecanismo, int64(in.SinActa)); err != nil {
			return err
		}
	}
	if err := insertAcopio(ctx, tx, in, o.id, now, actor, res.Duplicada, CanalCATD); err != nil {
		return err
	}
	return s.appendAudit(ctx, tx, e)
}

// sinCatalogo refuses a key that matches no acta until the person confirms it: a mistyped
// key would otherwise count as an acta fuera de catálogo in every election's summary.
func sinCatalogo(eleccion, clave string) error {
	return refusal(ErrInvalid, "La clave %s no corresponde a ninguna acta del catálogo de %s. "+
		"Revísela; si es correcta, confirme que el acta es FUERA DE CATÁLOGO para "+
		"registrarla así.", clave, eleccion)
}

// acopioFuera records a key that matches no acta of the catalog.
func (s *Store) acopioFuera(ctx context.Context, tx *txn, actor Actor, in AcopioInput,
	res *AcopioResult) error {
	res.FueraCatalogo = true
	now := opTime(res.At)
	id := "FC-" + res.ActaID
	res.ActaID = id
	r, err := tx.ExecContext(ctx, `INSERT INTO fuera_catalogo (id, clave, at, usuario,
		mecanismo, sha256, origen, digitalizacion, tipo_documento) VALUES (?, ?, ?, ?, ?, '',
		'CATD', 'ESCANER', 'ACTA PREP') ON CONFLICT (id) DO NOTHING`, id, in.Clave, now,
		actor.Username, in.Mecanismo)
	if err != nil {
		return err
	}
	n, _ := r.RowsAffected()
	res.Duplicada = n == 0
	if err := insertAcopio(ctx, tx, in, "", now, actor, res.Duplicada, CanalCATD); err != nil {
		return err
	}
	e := actor.entry(audit.Acopio, in.Eleccion+"/"+id)
	e.Detail = "clave fuera de catálogo: " + in.Clave
	if res.Duplicada {
		e.Detail += " (repetida)"
	}
	return s.appendAudit(ctx, tx, e)
}

func insertAcopio(ctx context.Context, tx *txn, in AcopioInput, id, now string, a Actor,
	dup bool, canal string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO acopios (eleccion, acta_id, clave, at, usuario,
		mecanismo, motivo_sin_acta, duplicado, canal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Eleccion, id, in.Clave, now, a.Username, in.Mecanismo, int64(in.SinActa), dup, canal)
	if err != nil {
		return fmt.Errorf("record acopio: %w", err)
	}
	return nil
}

// updateOp changes the operation row of an acta if nobody changed it since it was read:
// set is the SET list, args its values. A concurrent change gives ErrConflict, so that no
// update is ever lost.
func updateOp(ctx context.Context, tx *txn, o *opActa, set string, args ...any) error {
	q := `UPDATE prep_actas SET ` + set + `, version = version + 1, updated_at = ?
		WHERE eleccion = ? AND id = ? AND version = ?`
	args = append(args, opTime(time.Now()), o.eleccion, o.id, o.version)
	r, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("update acta %s: %w", o.id, err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return refusal(ErrConflict, "el acta %s cambió mientras se atendía la solicitud; "+
			"vuelva a intentarlo", o.id)
	}
	o.version++
	return nil
}

// publicarActa replaces the stored acta old by its new version a, keeping old in
// acta_history: what the next corte publishes.
func (s *Store) publicarActa(ctx context.Context, tx *txn, eleccion string, old,
	a *acta.Acta) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO acta_history ("+actaList+
		", import_id, reason, source) SELECT "+actaList+
		", NULL, 'changed', 'captura' FROM actas WHERE eleccion = ? AND id = ?", eleccion, old.ID)
	if err != nil {
		return fmt.Errorf("archive acta %s: %w", old.ID, err)
	}
	r := encodeActa(eleccion, a)
	r.Version = int64(old.Version) + 1
	r.Orden = int64(old.Orden)
	set := make([]string, 0, len(actaColumns))
	vals := r.values()
	args := make([]any, 0, len(vals)+2)
	for i, c := range actaColumns {
		if c == "eleccion" || c == "id" {
			continue
		}
		set = append(set, c+" = ?")
		args = append(args, vals[i])
	}
	cambio, err := nuevoCambio(ctx, tx, eleccion)
	if err != nil {
		return err
	}
	set = append(set, "cambio = ?")
	args = append(args, cambio, eleccion, old.ID, old.Version)
	res, err := tx.ExecContext(ctx, "UPDATE actas SET "+strings.Join(set, ", ")+
		" WHERE eleccion = ? AND id = ? AND version = ?", args...)
	if err != nil {
		return fmt.Errorf("publish acta %s: %w", old.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return refusal(ErrConflict, "el acta %s cambió mientras se publicaba", old.ID)
	}
	return nil
}

// ImagenInput is one image of an acta delivered for digitalización.
type ImagenInput struct {
	Eleccion string
	// Clave names the acta as at acopio (its id, CLAVE_ACTA or QR payload).
	Clave string
	// Imagen is where GuardarImagen stored the bytes, with their código de integridad.
	Imagen      Imagen
	ContentType string
	// SHA256 is set by RegistrarImagen from Imagen.
	SHA256 string
	// Canal is CanalCATD (scanner at the CATD, after its acopio) or CanalCasilla (PREP
	// Casilla: a photograph at the casilla, which is also its acopio).
	Canal         string
	TipoDocumento string // ACTA PREP by default
	// FueraCatalogo confirms that a key matching no acta is to be recorded fuera de
	// catálogo, as at acopio.
	FueraCatalogo bool
}

// ImagenResult tells what an image delivery recorded.
type ImagenResult struct {
	Eleccion, ActaID string
	Etapa            prep.Etapa
	// Repetida reports that this very image had already been delivered for the acta: the
	// delivery is idempotent.
	Repetida bool
	// Usada reports whether this image is the one the capture uses; an acta delivered by
	// both channels is counted once, with the first image, and both are kept.
	Usada         bool
	FueraCatalogo bool
}

// RegistrarImagen records an image of an acta on behalf of actor (RULES.md §1, stage 2).
func (s *Store) RegistrarImagen(ctx context.Context, actor Actor, in ImagenInput) (
	*ImagenResult, error) {
	if in.TipoDocumento == "" {
		in.TipoDocumento = "ACTA PREP"
	}
	in.SHA256 = in.Imagen.SHA256
	if in.Canal != CanalCATD && in.Canal != CanalCasilla {
		return nil, fmt.Errorf("image channel %q", in.Canal)
	}
	if !validClave(in.Clave) {
		return nil, refusal(ErrInvalid, "clave de acta no válida %q", in.Clave)
	}
	res := &ImagenResult{Eleccion: in.Eleccion}
	err := s.withTx(ctx, func(tx *txn) error {
		id, o, err := s.actaDeClave(ctx, tx, in.Eleccion, in.Clave)
		if err != nil {
			return err
		}
		res.ActaID = id
		_, err = tx.ExecContext(ctx, `INSERT INTO imagenes (sha256, size, content_type,
			stored_at, paquete, desplazamiento) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, in.SHA256, in.Imagen.Size, in.ContentType,
			opTime(s.now()), in.Imagen.Paquete, in.Imagen.Offset)
		if err != nil {
			return err
		}
		if o == nil && !in.FueraCatalogo {
			// A key recorded fuera de catálogo at acopio was confirmed there already.
			var n int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM fuera_catalogo WHERE id = ?`,
				"FC-"+id).Scan(&n)
			if err != nil {
				return err
			}
			if n == 0 {
				return sinCatalogo(in.Eleccion, id)
			}
		}
		if o == nil {
			return s.imagenFuera(ctx, tx, actor, in, res)
		}
		return s.imagen(ctx, tx, actor, in, o, res)
	})
	if err != nil {
		return nil, fmt.Errorf("image %s/%s: %w", in.Eleccion, in.Clave, err)
	}
	return res, nil
}

// imagen records the image of an acta of the catalog.
func (s *Store) imagen(ctx context.Context, tx *txn, actor Actor, in ImagenInput,
	o *opActa, res *ImagenResult) error {
	if err := checkCATD(ctx, tx, actor, o); err != nil {
		return err
	}
	res.Etapa = o.etapa
	switch {
	case o.etapa == prep.SinActa:
		return refusal(ErrConflict, "el acta %s se registró en el acopio como «sin acta»; "+
			"no admite imagen", o.id)
	case o.etapa == prep.Esperada && in.Canal == CanalCATD:
		return refusal(ErrConflict, "el acta %s no tiene acopio registrado: regístrelo "+
			"antes de digitalizarla", o.id)
	}
	origen, dig := in.Canal, "ESCANER"
	if in.Canal == CanalCasilla {
		dig = "MOVIL"
	}
	now := opTime(s.now())
	r, err := tx.ExecContext(ctx, `INSERT INTO acta_imagenes (eleccion, acta_id, sha256,
		origen, digitalizacion, at, usuario) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (eleccion, acta_id, sha256) DO NOTHING`, in.Eleccion, o.id, in.SHA256,
		origen, dig, now, actor.Username)
	if err != nil {
		return err
	}
	n, _ := r.RowsAffected()
	res.Repetida = n == 0
	e := actor.entry(audit.Digitalizacion, in.Eleccion+"/"+o.id)
	e.Detail = fmt.Sprintf("%s %s, %d bytes, sha256 %s", origen, dig, in.Imagen.Size,
		in.SHA256)
	switch {
	case res.Repetida:
		res.Usada = o.imagen == in.SHA256
		e.Detail += " (imagen repetida: ya registrada)"
	case o.etapa == prep.Esperada || o.etapa == prep.Acopiada:
		res.Usada, res.Etapa = true, prep.Digitalizada
		set := `etapa = ?, imagen = ?, origen = ?, digitalizacion = ?, tipo_documento = ?,
			digitalizada_at = ?, digitalizada_por = ?`
		args := []any{string(prep.Digitalizada), in.SHA256, origen, dig, in.TipoDocumento,
			now, actor.Username}
		if o.etapa == prep.Esperada {
			// PREP Casilla: the photograph is the acopio (IEE LEEME item 40).
			set += `, acopio_at = ?, acopio_por = ?`
			args = append(args, now, actor.Username)
			acop := AcopioInput{Eleccion: in.Eleccion, Clave: in.Clave}
			if err := insertAcopio(ctx, tx, acop, o.id, now, actor, false,
				CanalCasilla); err != nil {
				return err
			}
		}
		if err := updateOp(ctx, tx, o, set, args...); err != nil {
			return err
		}
		e.Before = jsonText(map[string]any{"etapa": o.etapa})
		e.After = jsonText(map[string]any{"etapa": res.Etapa, "imagen": in.SHA256})
	default:
		e.Detail += " (otra imagen ya se usa para la captura; esta se conserva)"
	}
	return s.appendAudit(ctx, tx, e)
}

// imagenFuera records an image whose key matches no acta of the catalog.
func (s *Store) imagenFuera(ctx context.Context, tx *txn, actor Actor, in ImagenInput,
	res *ImagenResult) error {
	res.FueraCatalogo = true
	origen, dig := in.Canal, "ESCANER"
	if in.Canal == CanalCasilla {
		dig = "MOVIL"
	}
	// A key already recorded fuera de catálogo at acopio is the same unmatched acta: its
	// image completes that record instead of counting a second one.
	byKey := "FC-" + res.ActaID
	r, err := tx.ExecContext(ctx, `UPDATE fuera_catalogo SET sha256 = ?, origen = ?,
		digitalizacion = ?, tipo_documento = ? WHERE id = ? AND sha256 = ''`, in.SHA256,
		origen, dig, in.TipoDocumento, byKey)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 1 {
		res.ActaID = byKey
		e := actor.entry(audit.Digitalizacion, in.Eleccion+"/"+byKey)
		e.Detail = "imagen del acta fuera de catálogo registrada en el acopio, sha256 " +
			in.SHA256
		return s.appendAudit(ctx, tx, e)
	}
	res.ActaID = "FC-" + in.SHA256
	r, err = tx.ExecContext(ctx, `INSERT INTO fuera_catalogo (id, clave, at, usuario,
		mecanismo, sha256, origen, digitalizacion, tipo_documento) VALUES (?, ?, ?, ?, '', ?,
		?, ?, ?) ON CONFLICT (id) DO NOTHING`, res.ActaID, in.Clave, opTime(s.now()),
		actor.Username, in.SHA256, origen, dig, in.TipoDocumento)
	if err != nil {
		return err
	}
	n, _ := r.RowsAffected()
	res.Repetida = n == 0
	e := actor.entry(audit.Digitalizacion, in.Eleccion+"/"+res.ActaID)
	e.Detail = "imagen fuera de catálogo, clave " + in.Clave
	return s.appendAudit(ctx, tx, e)
}

// MaxImagen is the largest acta image accepted: a letter-size scan at 300 dpi in JPEG is
// well under it.
const MaxImagen = 10 << 20
