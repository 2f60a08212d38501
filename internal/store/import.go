package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/opendata"
)

// ImportInput is one PREP open-data file to import.
type ImportInput struct {
	// Archivo is the file as read, with its election's candidaturas file already read into
	// Archivo.Eleccion when there is one.
	Archivo *opendata.Archivo
	// Fuente is the name of the file; SHA256 is the hex SHA-256 of its bytes.
	Fuente string
	SHA256 string
	// Eleccion, when set, is the code of the election the file must be of.
	Eleccion string
	// Config holds the classification rules the file is checked against; nil means
	// acta.DefaultConfig.
	Config *acta.Config
	// Progress, when set, is told of the file's actas as their writing is done, n at a
	// time, for a progress bar: by a successful import, len(Archivo.Actas) in all (none
	// when the file was already imported).
	Progress func(n int)
}

// ImportResult tells what an import did.
type ImportResult struct {
	// ImportID identifies the import record; when YaImportado, the earlier import's.
	ImportID int64
	Eleccion string
	Corte    time.Time
	// YaImportado reports that this very file (same SHA-256) had already been imported for
	// the election; nothing was changed and the other counts are zero.
	YaImportado bool
	// Nuevas, Cambiadas, SinCambio and Retiradas count the actas inserted, replaced by a new
	// version, left as they were, and removed because the file no longer lists them.
	Nuevas, Cambiadas, SinCambio, Retiradas int
	// Discrepancias are the figures of the file that differ from the recomputed ones.
	Discrepancias []opendata.Discrepancia
}

// Import stores a PREP open-data file as the full state of its election at its cut, in one
// transaction: all of it lands or none of it. New actas are inserted; an acta that differs
// from the stored one gets the next version, the old one going to acta_history; an equal
// one is left as it is (only its place in the order follows the file); actas the file no
// longer lists go to acta_history and leave the election. The file must be of the
// entidad of the store, have the columns of the election already stored, and not be older
// than the cut the store holds; otherwise Import returns an *opendata.Error naming the line
// (and column) at fault. A file already imported for its election changes no data.
//
// Every import that is not refused, a file already imported included, appends its entry to
// the audit trail (audit.Import, on behalf of actor) in the same transaction; a refused one
// leaves the trail as it was.
func (s *Store) Import(ctx context.Context, actor Actor, in ImportInput) (*ImportResult,
	error) {
	if in.Archivo == nil || in.Archivo.Eleccion == nil {
		return nil, errors.New("import: no file")
	}
	f := in.Archivo
	res := &ImportResult{Eleccion: f.Eleccion.Codigo, Corte: f.Corte}
	err := checkCodigo(in)
	if err == nil {
		err = checkFuture(in, time.Now())
	}
	if err == nil {
		err = s.withTx(ctx, func(tx *txn) error {
			im := &importer{Store: s, ctx: ctx, tx: tx, actor: actor, in: in, res: res}
			return im.run()
		})
	}
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", in.Fuente, err)
	}
	s.defs.forget(res.Eleccion)
	s.log.Info("import", "archivo", in.Fuente, "eleccion", res.Eleccion,
		"corte", res.Corte, "ya_importado", res.YaImportado, "nuevas", res.Nuevas,
		"cambiadas", res.Cambiadas, "sin_cambio", res.SinCambio, "retiradas", res.Retiradas,
		"discrepancias", len(res.Discrepancias))
	return res, nil
}

// importer carries one import's transaction through its steps.
type importer struct {
	*Store
	ctx   context.Context
	tx    *txn
	actor Actor // on whose behalf the import is audited
	in    ImportInput
	res   *ImportResult
}

// run checks the file against the store, then writes the election, the import record, the
// actas, the findings and the audit entry. A file imported before gets its audit entry
// only.
func (im *importer) run() error {
	f := im.in.Archivo
	id, again, err := im.earlier()
	if err != nil {
		return err
	}
	if again {
		im.res.ImportID, im.res.YaImportado = id, true
		return im.audit()
	}
	var n int
	err = im.tx.QueryRowContext(im.ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM prep_actas
		WHERE eleccion = ? LIMIT 1) x`, im.res.Eleccion).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return refusal(ErrConflict, "la elección %s se opera con sufragio (su catálogo está "+
			"cargado en este almacén): sus resultados vienen de la captura, no se importan "+
			"archivos sobre ella", im.res.Eleccion)
	}
	def, err := im.fit()
	if err != nil {
		return err
	}
	cfg := acta.DefaultConfig
	if im.in.Config != nil {
		cfg = *im.in.Config
	}
	im.res.Discrepancias = opendata.Check(f, cfg)
	if err := im.saveEleccion(def); err != nil {
		return err
	}
	d, err := im.diff()
	if err != nil {
		return err
	}
	if err := im.record(d); err != nil {
		return err
	}
	if err := im.apply(d); err != nil {
		return err
	}
	if err := im.saveDiscrepancias(); err != nil {
		return err
	}
	return im.audit()
}

// audit appends the import's entry to the trail: the file as named and its SHA-256, the
// election and the cut, the import record and what it did to the actas. A file imported
// before is recorded too, so that auditors see every attempt: with the earlier import's
// record, every count zero (nothing changed) and no discrepancies, which are the earlier
// import's.
func (im *importer) audit() error {
	in, res := im.in, im.res
	e := im.actor.entry(audit.Import, res.Eleccion)
	after := map[string]any{"archivo": in.Fuente, "sha256": in.SHA256,
		"eleccion": res.Eleccion, "corte": formatTime(res.Corte), "importacion": res.ImportID,
		"ya_importado": res.YaImportado, "actas_archivo": len(in.Archivo.Actas),
		"nuevas": res.Nuevas, "cambiadas": res.Cambiadas, "sin_cambio": res.SinCambio,
		"retiradas": res.Retiradas}
	e.Detail = fmt.Sprintf("%s (sha256 %s): ", in.Fuente, in.SHA256)
	if res.YaImportado {
		e.Detail += fmt.Sprintf("ya se había importado (importación %d); no se cambió nada",
			res.ImportID)
	} else {
		after["discrepancias"] = len(res.Discrepancias)
		e.Detail += fmt.Sprintf("%d actas nuevas, %d cambiadas, %d sin cambio, %d retiradas; "+
			"%d discrepancias", res.Nuevas, res.Cambiadas, res.SinCambio, res.Retiradas,
			len(res.Discrepancias))
	}
	e.After = jsonText(after)
	return im.appendAudit(im.ctx, im.tx, e)
}

// earlier finds an import of this very file for its election. A file without a hash is
// never taken for another.
func (im *importer) earlier() (int64, bool, error) {
	if im.in.SHA256 == "" {
		return 0, false, nil
	}
	var id int64
	err := im.tx.QueryRowContext(im.ctx, `SELECT id FROM imports
		WHERE sha256 = ? AND eleccion = ? ORDER BY id LIMIT 1`,
		im.in.SHA256, im.res.Eleccion).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("find earlier import: %w", err)
	}
	return id, true, nil
}

// progress tells the caller that n more actas of the file are done.
func (im *importer) progress(n int) {
	if im.in.Progress != nil && n > 0 {
		im.in.Progress(n)
	}
}

// fileError builds the error for people about the file being imported.
func (im *importer) fileError(line int, col, val, msg, reason string) error {
	return fileError(im.in, line, col, val, msg, reason)
}

func fileError(in ImportInput, line int, col, val, msg, reason string) error {
	name := in.Fuente
	if name == "" {
		name = in.Archivo.Nombre
	}
	return &opendata.Error{File: name, Line: line, Column: col, Value: val, Msg: msg,
		Reason: reason}
}

// checkCodigo refuses a file of another election than the one asked for.
func checkCodigo(in ImportInput) error {
	e := in.Archivo.Eleccion
	want := strings.ToUpper(strings.TrimSpace(in.Eleccion))
	if want == "" || want == e.Codigo {
		return nil
	}
	return fileError(in, 1, "", e.Titulo, fmt.Sprintf("el archivo es de la elección %s (%s) y "+
		"se pidió %s", e.Codigo, e.Nombre(), want), "election code differs from the one asked")
}

// fit checks the file against what the store holds and returns the definition to store:
// the file's, with its entidad, keeping the stored candidacies when the file came without.
func (im *importer) fit() (*catalog.Eleccion, error) {
	f := im.in.Archivo
	def := *f.Eleccion
	line, first := firstEntidad(f)
	if first != nil && !catalog.Nacional(def.Codigo) {
		// A national election's file spans the entidades: its definition names the
		// country (catalog.EntidadNacionalID), as the reader gave it.
		def.EntidadID, def.Entidad = first.IDEntidad, first.Entidad
	}
	stored, err := im.elections(im.ctx, im.tx)
	if err != nil {
		return nil, err
	}
	for _, st := range stored {
		if st.def.EntidadID != def.EntidadID {
			return nil, im.fileError(line, "ID_ENTIDAD", def.EntidadID, fmt.Sprintf(
				"el archivo es de %s y el almacén de %s",
				entidadText(&def), entidadText(st.def)), "file of another entidad")
		}
		if st.def.Codigo != def.Codigo {
			continue
		}
		if err := im.sameColumns(st.def); err != nil {
			return nil, err
		}
		if f.Corte.Before(st.asOf) {
			return nil, im.older(st.asOf)
		}
		if len(def.CandidaturasFilas) == 0 {
			def.CandidaturasColumnas = st.def.CandidaturasColumnas
			def.CandidaturasFilas, def.Candidaturas = st.def.CandidaturasFilas, st.def.Candidaturas
		}
	}
	return &def, nil
}

// firstEntidad returns the first acta that names its entidad, and its line.
func firstEntidad(f *opendata.Archivo) (int, *acta.Acta) {
	for i, a := range f.Actas {
		if a.IDEntidad != "" {
			return f.Lineas[i], a
		}
	}
	return f.ColumnasLinea, nil
}

// entidadText names the territory of an election: "la entidad 21 (PUEBLA)", or the whole
// country for a national one.
func entidadText(e *catalog.Eleccion) string {
	switch {
	case e.EntidadID == catalog.EntidadNacionalID:
		return "elecciones federales de todo el país"
	case e.Entidad == "":
		return "la entidad " + e.EntidadID
	}
	return "la entidad " + e.EntidadID + " (" + e.Entidad + ")"
}

// sameColumns refuses a file whose columns differ from those of the stored election.
func (im *importer) sameColumns(stored *catalog.Eleccion) error {
	f := im.in.Archivo
	got, want := f.Eleccion.Columnas, stored.Columnas
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g == w {
			continue
		}
		col, msg := g, fmt.Sprintf("la columna %d es %s y en la elección %s ya importada es %s",
			i+1, g, stored.Codigo, w)
		switch {
		case g == "":
			col, msg = w, fmt.Sprintf("falta la columna %d, %s, que tiene la elección %s ya "+
				"importada", i+1, w, stored.Codigo)
		case w == "":
			msg = fmt.Sprintf("la columna %d, %s, no existe en la elección %s ya importada",
				i+1, g, stored.Codigo)
		}
		return im.fileError(f.ColumnasLinea, col, "", msg+"; un archivo posterior debe tener "+
			"las mismas columnas", "columns differ from the stored election")
	}
	return nil
}

// futureSlack is how far ahead of the clock a cut may be: a clock a little behind must not
// stop an import.
const futureSlack = time.Hour

// checkFuture refuses a file cut in the future. Once stored, such a cut would make every real
// file "older" and block imports and cortes.
func checkFuture(in ImportInput, now time.Time) error {
	f := in.Archivo
	if !f.Corte.After(now.Add(futureSlack)) {
		return nil
	}
	return &opendata.Error{File: in.Fuente, Line: f.CorteLinea,
		Value: opendata.FormatCorte(f.Corte), Msg: "la fecha del corte está en el futuro",
		Reason: "cut time in the future"}
}

// older refuses a file whose cut is earlier than the data the store holds.
func (im *importer) older(asOf time.Time) error {
	f := im.in.Archivo
	return im.fileError(f.CorteLinea, "", opendata.FormatCorte(f.Corte), fmt.Sprintf(
		"el corte del archivo es anterior al que el almacén ya tiene para %s (%s); un corte "+
			"anterior no puede reemplazar uno posterior", f.Eleccion.Codigo,
		opendata.FormatCorte(asOf)), "cut older than the stored one")
}

// saveEleccion writes the election's definition and the cut of its data.
func (im *importer) saveEleccion(def *catalog.Eleccion) error {
	js, err := json.Marshal(def)
	if err != nil {
		return fmt.Errorf("encode eleccion %s: %w", def.Codigo, err)
	}
	_, err = im.tx.ExecContext(im.ctx, `INSERT INTO elections
		(code, entidad_id, definition, as_of, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET entidad_id = excluded.entidad_id,
		definition = excluded.definition, as_of = excluded.as_of,
		updated_at = excluded.updated_at`,
		def.Codigo, def.EntidadID, string(js), formatTime(im.in.Archivo.Corte),
		formatTime(im.now()))
	if err != nil {
		return fmt.Errorf("save eleccion %s: %w", def.Codigo, err)
	}
	return nil
}
