package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/prep"
)

// CatalogResult tells what LoadCatalog loaded.
type CatalogResult struct {
	Eleccion string
	Actas    int // actas of the catalog
	// Omitidas counts the fuera-de-catálogo rows of the file, which are no acta of the
	// catalog.
	Omitidas int
}

// LoadCatalog loads, for the PREP operation, the catalog of the expected actas of one
// election from a PREP open-data file of its layout (a simulacro file, or a publication
// whose figures are dropped): every acta with its keys, lista nominal and
// representatives, not registered (prep.Esperar), and the vote columns its capture form
// asks for (prep.VotosCatalogo). The election must not be in the store yet. The load is
// one transaction, audited.
func (s *Store) LoadCatalog(ctx context.Context, actor Actor, in ImportInput) (*CatalogResult,
	error) {
	if in.Archivo == nil || in.Archivo.Eleccion == nil {
		return nil, errors.New("load catalog: no file")
	}
	f := in.Archivo
	res := &CatalogResult{Eleccion: f.Eleccion.Codigo}
	if err := checkCodigo(in); err != nil {
		return nil, fmt.Errorf("load catalog %s: %w", in.Fuente, err)
	}
	err := s.withTx(ctx, func(tx *txn) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM elections WHERE code = ?`,
			f.Eleccion.Codigo).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return refusal(ErrConflict, "la elección %s ya está en el almacén; el catálogo "+
				"se carga una sola vez, en una base nueva", f.Eleccion.Codigo)
		}
		im := &importer{Store: s, ctx: ctx, tx: tx, in: in,
			res: &ImportResult{Eleccion: f.Eleccion.Codigo}}
		def, err := im.fit()
		if err != nil {
			return err
		}
		if err := im.saveEleccionAsOf(def, time.Time{}); err != nil {
			return err
		}
		if err := s.insertCatalog(ctx, tx, def, f.Actas, res); err != nil {
			return err
		}
		e := actor.entry(audit.CatalogLoad, f.Eleccion.Codigo)
		e.Detail = fmt.Sprintf("%s (sha256 %s): %d actas, %d filas fuera de catálogo omitidas",
			in.Fuente, in.SHA256, res.Actas, res.Omitidas)
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return nil, fmt.Errorf("load catalog %s: %w", in.Fuente, err)
	}
	s.defs.forget(f.Eleccion.Codigo)
	return res, nil
}

// insertCatalog writes the actas of the catalog and their operation rows.
func (s *Store) insertCatalog(ctx context.Context, tx *txn, def *catalog.Eleccion,
	actas []*acta.Acta, res *CatalogResult) error {
	cambio, err := nuevoCambio(ctx, tx, def.Codigo)
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, insertActaSQL)
	if err != nil {
		return err
	}
	defer ins.Close()
	op, err := tx.PrepareContext(ctx, `INSERT INTO prep_actas (eleccion, id, unidad_id,
		votos, etapa, version, ronda, ocupadas, acopio_at, acopio_por, mecanismo,
		motivo_sin_acta, imagen, origen, digitalizacion, tipo_documento, digitalizada_at,
		digitalizada_por, verificador, verificador_hasta, verificada_at, verificada_por,
		updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, 0, '', '', '', 0, '', '', '', '', '', '', '',
		'', '', '', ?)`)
	if err != nil {
		return err
	}
	defer op.Close()
	votos := prep.VotosCatalogo(def, actas)
	now := opTime(s.now())
	orden := 0
	for i, a := range actas {
		if a.FueraDeCatalogo() {
			res.Omitidas++
			continue
		}
		e := prep.Esperar(a)
		e.Orden = orden
		orden++
		r := encodeActa(def.Codigo, e)
		r.Version = 1
		if _, err := ins.ExecContext(ctx, append(r.values(), cambio)...); err != nil {
			return fmt.Errorf("insert acta %s: %w", a.ID, err)
		}
		if _, err := op.ExecContext(ctx, def.Codigo, a.ID, a.UnidadID,
			prep.FormatVotos(votos[i]), string(prep.Esperada), now); err != nil {
			return fmt.Errorf("insert acta %s: %w", a.ID, err)
		}
		res.Actas++
	}
	return nil
}

// saveEleccionAsOf writes the election's definition with the cut of the data it holds;
// a catalog holds no results, so its cut is the zero time.
func (im *importer) saveEleccionAsOf(def *catalog.Eleccion, asOf time.Time) error {
	js, err := json.Marshal(def)
	if err != nil {
		return fmt.Errorf("encode eleccion %s: %w", def.Codigo, err)
	}
	_, err = im.tx.ExecContext(im.ctx, `INSERT INTO elections
		(code, entidad_id, definition, as_of, updated_at) VALUES (?, ?, ?, ?, ?)`,
		def.Codigo, def.EntidadID, string(js), formatTime(asOf), opTime(im.now()))
	if err != nil {
		return fmt.Errorf("save eleccion %s: %w", def.Codigo, err)
	}
	return nil
}

// defCache keeps the parsed definitions of the elections, which every capture needs and
// which change only when an election is imported or loaded.
type defCache struct {
	mu sync.Mutex
	m  map[string]cachedDef
}

type cachedDef struct {
	updated string
	def     *catalog.Eleccion
	checked time.Time // when updated was last read from the database
}

func (c *defCache) forget(code string) {
	c.mu.Lock()
	delete(c.m, code)
	c.mu.Unlock()
}

// Eleccion returns the definition of one stored election, or ErrNotFound.
func (s *Store) Eleccion(ctx context.Context, code string) (*catalog.Eleccion, error) {
	return s.eleccionDef(ctx, s.r, code)
}

// defRecheck is how long a cached definition is used before its update time is read
// again: an import by another process reaches the captures within it.
const defRecheck = time.Second

// eleccionDef reads a definition through the cache: within defRecheck of the last check
// it is used as it is; then only its update time is read, and the definition itself only
// when it changed.
func (s *Store) eleccionDef(ctx context.Context, q rowQuerier, code string) (
	*catalog.Eleccion, error) {
	now := time.Now()
	s.defs.mu.Lock()
	c, ok := s.defs.m[code]
	s.defs.mu.Unlock()
	if ok && now.Sub(c.checked) < defRecheck {
		return c.def, nil
	}
	var updated string
	err := q.QueryRowContext(ctx, `SELECT updated_at FROM elections WHERE code = ?`, code).
		Scan(&updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("eleccion %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read eleccion %s: %w", code, err)
	}
	if ok && c.updated == updated {
		s.defs.mu.Lock()
		s.defs.m[code] = cachedDef{updated: updated, def: c.def, checked: now}
		s.defs.mu.Unlock()
		return c.def, nil
	}
	var js string
	if err := q.QueryRowContext(ctx, `SELECT definition FROM elections WHERE code = ?`,
		code).Scan(&js); err != nil {
		return nil, fmt.Errorf("read eleccion %s: %w", code, err)
	}
	def := &catalog.Eleccion{}
	if err := json.Unmarshal([]byte(js), def); err != nil {
		return nil, fmt.Errorf("decode eleccion %s: %w", code, err)
	}
	s.defs.mu.Lock()
	if s.defs.m == nil {
		s.defs.m = map[string]cachedDef{}
	}
	s.defs.m[code] = cachedDef{updated: updated, def: def, checked: now}
	s.defs.mu.Unlock()
	return def, nil
}

// rowQuerier is what single-row reads need of a *sql.DB or a *sql.Tx.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// opActa is an acta of the catalog with its row of the operation.
type opActa struct {
	eleccion, id, unidad                  string
	votos                                 []int
	etapa                                 prep.Etapa
	version, ronda                        int64
	ocupadas                              int
	acopioAt, acopioPor                   string
	mecanismo                             string
	motivo                                acta.Flags
	imagen                                string
	origen, digitalizacion, tipoDocumento string
	digitalizadaAt, digitalizadaPor       string
	verificador, verificadorHasta         string
}

const opColumns = `eleccion, id, unidad_id, votos, etapa, version, ronda, ocupadas, acopio_at,
	acopio_por, mecanismo, motivo_sin_acta, imagen, origen, digitalizacion, tipo_documento,
	digitalizada_at, digitalizada_por, verificador, verificador_hasta`

func scanOp(row interface{ Scan(...any) error }) (*opActa, error) {
	var o opActa
	var votos, etapa string
	err := row.Scan(&o.eleccion, &o.id, &o.unidad, &votos, &etapa, &o.version, &o.ronda,
		&o.ocupadas, &o.acopioAt, &o.acopioPor, &o.mecanismo, &o.motivo, &o.imagen,
		&o.origen, &o.digitalizacion, &o.tipoDocumento, &o.digitalizadaAt,
		&o.digitalizadaPor, &o.verificador, &o.verificadorHasta)
	if err != nil {
		return nil, err
	}
	o.etapa = prep.Etapa(etapa)
	if o.votos, err = prep.ParseVotos(votos); err != nil {
		return nil, err
	}
	return &o, nil
}

// opByID reads the operation row of an acta, or ErrNotFound.
func opByID(ctx context.Context, q rowQuerier, eleccion, id string) (*opActa, error) {
	o, err := scanOp(q.QueryRowContext(ctx, `SELECT `+opColumns+` FROM prep_actas
		WHERE eleccion = ? AND id = ?`, eleccion, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read acta %s/%s: %w", eleccion, id, err)
	}
	return o, nil
}

// actaByID reads the stored acta, or ErrNotFound.
func actaByID(ctx context.Context, q rowQuerier, eleccion, id string) (*acta.Acta, error) {
	var r actaRow
	err := q.QueryRowContext(ctx, "SELECT "+actaList+" FROM actas WHERE eleccion = ? AND id = ?",
		eleccion, id).Scan(r.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read acta %s/%s: %w", eleccion, id, err)
	}
	return decodeActa(&r)
}

// ActaOperacion is an acta of the catalog as the staff see it.
type ActaOperacion struct {
	Eleccion *catalog.Eleccion
	Acta     *acta.Acta // as the next corte would publish it
	Etapa    prep.Etapa
	Ronda    int
	Campos   []prep.Campo
	Imagen   string // SHA-256 of the image used, or ""
	Imagenes []ImagenActa
	CATD     string // the CATD that receives it, or ""
}

// ImagenActa is one image delivered for an acta.
type ImagenActa struct {
	SHA256, Origen, Digitalizacion, Usuario string
	At                                      time.Time
}

// ActaDeOperacion returns an acta of the operation with its stage, form and images.
func (s *Store) ActaDeOperacion(ctx context.Context, eleccion, id string) (*ActaOperacion,
	error) {
	def, err := s.eleccionDef(ctx, s.r, eleccion)
	if err != nil {
		return nil, err
	}
	o, err := opByID(ctx, s.r, eleccion, id)
	if err != nil {
		return nil, err
	}
	a, err := actaByID(ctx, s.r, eleccion, id)
	if err != nil {
		return nil, err
	}
	out := &ActaOperacion{Eleccion: def, Acta: a, Etapa: o.etapa, Ronda: int(o.ronda),
		Campos: prep.Campos(def, a, o.votos), Imagen: o.imagen}
	if out.CATD, err = catdOf(ctx, s.r, eleccion, o.unidad); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT sha256, origen, digitalizacion, usuario, at
		FROM acta_imagenes WHERE eleccion = ? AND acta_id = ? ORDER BY at`, eleccion, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var im ImagenActa
		var at string
		if err := rows.Scan(&im.SHA256, &im.Origen, &im.Digitalizacion, &im.Usuario,
			&at); err != nil {
			return nil, err
		}
		im.At, _ = parseTime(at)
		out.Imagenes = append(out.Imagenes, im)
	}
	return out, rows.Err()
}

// catdOf returns the CATD that receives the actas of a unit, or "".
func catdOf(ctx context.Context, q rowQuerier, eleccion, unidad string) (string, error) {
	var c string
	err := q.QueryRowContext(ctx, `SELECT catd FROM catd_unidades WHERE eleccion = ? AND
		unidad_id = ?`, eleccion, unidad).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return c, err
}

// checkCATD refuses an actor of one CATD acting on an acta another CATD receives. Staff
// without a CATD (administrador, auditor) act on every acta, and so does anyone on an
// acta of a unit no CATD was given.
func checkCATD(ctx context.Context, q rowQuerier, a Actor, o *opActa) error {
	if a.CATD == "" {
		return nil
	}
	c, err := catdOf(ctx, q, o.eleccion, o.unidad)
	if err != nil {
		return err
	}
	if c != "" && c != a.CATD {
		return refusal(ErrForbidden, "el acta %s corresponde al CATD %s, no al suyo (%s)",
			o.id, c, a.CATD)
	}
	return nil
}

// resolveClave finds the acta of election eleccion a key typed or scanned at acopio
// stands for: its id (with or without the apostrophe guard, in any case), or its
// CLAVE_ACTA when that names one acta only, with its operation row. The row is nil when no
// acta of any election has the key; a key of another election, or one that names several
// actas, is refused.
func resolveClave(ctx context.Context, tx *txn, eleccion, clave string) (id string,
	o *opActa, err error) {
	k := strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(clave), "'"))
	o, err = opByID(ctx, tx, eleccion, k)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return k, o, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM actas WHERE eleccion = ? AND
		clave_acta = ? ORDER BY id`, eleccion, k)
	if err != nil {
		return "", nil, err
	}
	var ids []string
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return "", nil, err
		}
		ids = append(ids, x)
	}
	rows.Close()
	switch {
	case len(ids) == 1:
		o, err := opByID(ctx, tx, eleccion, ids[0])
		return ids[0], o, err
	case len(ids) > 1:
		return "", nil, refusal(ErrInvalid, "la clave %s corresponde a %d actas (%s): "+
			"escriba la clave completa, con su distrito o municipio", k, len(ids),
			strings.Join(ids, ", "))
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT eleccion FROM prep_actas WHERE id = ? AND
		eleccion <> ? LIMIT 1`, k, eleccion).Scan(&other)
	if err == nil {
		return "", nil, refusal(ErrInvalid, "la clave %s es de un acta de la elección %s, "+
			"no de %s: revise la elección elegida", k, other, eleccion)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", nil, err
	}
	return k, nil, nil
}

// validClave accepts the keys an acta can have: letters, digits and "-", at most 40.
func validClave(k string) bool {
	k = strings.TrimPrefix(strings.TrimSpace(k), "'")
	if k == "" || len(k) > 40 {
		return false
	}
	for _, r := range k {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// fueraCatalogo returns the actas that matched no acta of the catalog, as rows of an
// election's publication, after its last acta.
func (s *Store) fueraCatalogo(ctx context.Context, def *catalog.Eleccion, orden int) (
	[]*acta.Acta, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, mecanismo, sha256, origen,
		digitalizacion, tipo_documento FROM fuera_catalogo ORDER BY at, id`)
	if err != nil {
		return nil, fmt.Errorf("read fuera de catálogo: %w", err)
	}
	defer rows.Close()
	var out []*acta.Acta
	for rows.Next() {
		var id, at string
		var r prep.Registro
		if err := rows.Scan(&id, &at, &r.Mecanismo, &r.CodigoIntegridad, &r.Origen,
			&r.Digitalizacion, &r.TipoDocumento); err != nil {
			return nil, err
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, err
		}
		r.Acopio = t.In(zona)
		a := prep.FueraDeCatalogo(id, def.EntidadID, def.Entidad, len(def.Contendientes), r)
		a.Orden, a.Version = orden+len(out), 1
		out = append(out, a)
	}
	return out, rows.Err()
}
