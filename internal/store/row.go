package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
)

// actaRow is an acta as its row of actas (or acta_history) holds it. Every field is
// comparable, so two rows compare with ==; fields lists them in the order of actaColumns.
type actaRow struct {
	Eleccion, ID                                   string
	Version, Orden                                 int64
	ClaveCasilla, ClaveActa, IDEntidad, Entidad    string
	UnidadID, Unidad, Seccion, IDCasilla           string
	NumCasilla                                     int64
	TipoCasilla, ExtContigua, Ubicacion, TipoActa  string
	Sobrantes, Votaron, RepVotaron, Sacados, Votos string
	Asentado, Calculado, ListaNominal, Reps        string
	PubEstado, PubFlags                            sql.NullInt64
	ObservacionesPub, Mecanismo, Codigo            string
	Acopio, Captura, Verificacion                  string
	Origen, Digitalizacion, TipoDocumento, Extra   string
}

// actaColumns are the columns of an acta, in the order of actaRow.fields.
var actaColumns = []string{
	"eleccion", "id", "version", "orden",
	"clave_casilla", "clave_acta", "id_entidad", "entidad",
	"unidad_id", "unidad", "seccion", "id_casilla",
	"num_casilla",
	"tipo_casilla", "ext_contigua", "ubicacion", "tipo_acta",
	"boletas_sobrantes", "personas_votaron", "rep_votaron", "votos_sacados", "votos",
	"total_asentado", "total_calculado", "lista_nominal", "representantes",
	"pub_estado", "pub_flags",
	"observaciones_pub", "mecanismo", "codigo_integridad",
	"acopio", "captura", "verificacion",
	"origen", "digitalizacion", "tipo_documento", "extra",
}

// fields returns pointers to the fields, for Scan; values gives them for Exec.
func (r *actaRow) fields() []any {
	return []any{
		&r.Eleccion, &r.ID, &r.Version, &r.Orden,
		&r.ClaveCasilla, &r.ClaveActa, &r.IDEntidad, &r.Entidad,
		&r.UnidadID, &r.Unidad, &r.Seccion, &r.IDCasilla,
		&r.NumCasilla,
		&r.TipoCasilla, &r.ExtContigua, &r.Ubicacion, &r.TipoActa,
		&r.Sobrantes, &r.Votaron, &r.RepVotaron, &r.Sacados, &r.Votos,
		&r.Asentado, &r.Calculado, &r.ListaNominal, &r.Reps,
		&r.PubEstado, &r.PubFlags,
		&r.ObservacionesPub, &r.Mecanismo, &r.Codigo,
		&r.Acopio, &r.Captura, &r.Verificacion,
		&r.Origen, &r.Digitalizacion, &r.TipoDocumento, &r.Extra,
	}
}

// values returns the field values in column order.
func (r *actaRow) values() []any {
	ptrs := r.fields()
	out := make([]any, len(ptrs))
	for i, p := range ptrs {
		switch p := p.(type) {
		case *string:
			out[i] = *p
		case *int64:
			out[i] = *p
		case *sql.NullInt64:
			out[i] = *p
		default:
			panic(fmt.Sprintf("actaRow field of type %T", p)) // caught by any import test
		}
	}
	return out
}

// encodeActa renders an acta as its row. Cells are written canonically (acta.Value.String),
// so an unchanged acta renders to an equal row.
func encodeActa(eleccion string, a *acta.Acta) actaRow {
	t := &a.Totales
	r := actaRow{
		Eleccion: eleccion, ID: a.ID, Orden: int64(a.Orden),
		ClaveCasilla: a.ClaveCasilla, ClaveActa: a.ClaveActa, IDEntidad: a.IDEntidad,
		Entidad: a.Entidad, UnidadID: a.UnidadID, Unidad: a.Unidad, Seccion: a.Seccion,
		IDCasilla: a.IDCasilla, NumCasilla: int64(a.NumCasilla), TipoCasilla: a.TipoCasilla,
		ExtContigua: a.ExtContigua, Ubicacion: a.Ubicacion, TipoActa: a.TipoActa,
		Sobrantes: t[acta.BoletasSobrantes].String(), Votaron: t[acta.PersonasVotaron].String(),
		RepVotaron: t[acta.RepresentantesVotaron].String(), Sacados: t[acta.VotosSacados].String(),
		Votos: joinValues(a.Votos), Asentado: a.TotalAsentado.String(),
		Calculado: a.TotalCalculado.String(), ListaNominal: a.ListaNominal.String(),
		Reps: a.Representantes.String(), ObservacionesPub: a.ObservacionesPub,
		Mecanismo: a.Mecanismo, Codigo: a.CodigoIntegridad,
		Acopio: encodeStamp(a.Acopio), Captura: encodeStamp(a.Captura),
		Verificacion: encodeStamp(a.Verificacion), Origen: a.Origen,
		Digitalizacion: a.Digitalizacion, TipoDocumento: a.TipoDocumento,
	}
	switch p := a.Publicada; {
	case p != nil:
		r.PubEstado = sql.NullInt64{Int64: int64(p.Estado), Valid: true}
		r.PubFlags = sql.NullInt64{Int64: int64(p.Flags), Valid: true}
	case a.MotivoSinActa != 0:
		// A captured acta has no published label; pub_flags alone keeps its sin-acta reason.
		r.PubFlags = sql.NullInt64{Int64: int64(a.MotivoSinActa), Valid: true}
	}
	extra, _ := json.Marshal(a.Extra) // a []string always marshals
	r.Extra = string(extra)
	return r
}

// decodeActa rebuilds the acta a row holds.
func decodeActa(r *actaRow) (*acta.Acta, error) {
	a := &acta.Acta{
		ID: r.ID, Orden: int(r.Orden), Version: int(r.Version),
		ClaveCasilla: r.ClaveCasilla, ClaveActa: r.ClaveActa,
		IDEntidad: r.IDEntidad, Entidad: r.Entidad, UnidadID: r.UnidadID, Unidad: r.Unidad,
		Seccion: r.Seccion, IDCasilla: r.IDCasilla, NumCasilla: int(r.NumCasilla),
		TipoCasilla: r.TipoCasilla, ExtContigua: r.ExtContigua, Ubicacion: r.Ubicacion,
		TipoActa: r.TipoActa, ObservacionesPub: r.ObservacionesPub, Mecanismo: r.Mecanismo,
		CodigoIntegridad: r.Codigo, Origen: r.Origen, Digitalizacion: r.Digitalizacion,
		TipoDocumento: r.TipoDocumento,
	}
	d := decoder{}
	t := &a.Totales
	t[acta.BoletasSobrantes] = d.value(r.Sobrantes)
	t[acta.PersonasVotaron] = d.value(r.Votaron)
	t[acta.RepresentantesVotaron] = d.value(r.RepVotaron)
	t[acta.VotosSacados] = d.value(r.Sacados)
	a.Votos = d.values(r.Votos)
	a.TotalAsentado, a.TotalCalculado = d.value(r.Asentado), d.value(r.Calculado)
	a.ListaNominal, a.Representantes = d.value(r.ListaNominal), d.value(r.Reps)
	a.Acopio, a.Captura = d.stamp(r.Acopio), d.stamp(r.Captura)
	a.Verificacion = d.stamp(r.Verificacion)
	switch {
	case r.PubEstado.Valid:
		a.Publicada = &acta.Clasificacion{Estado: acta.Estado(r.PubEstado.Int64),
			Flags: acta.Flags(r.PubFlags.Int64)}
	case r.PubFlags.Valid:
		a.MotivoSinActa = acta.Flags(r.PubFlags.Int64)
	}
	if r.Extra != "null" { // what most rows hold: nothing to decode
		if err := json.Unmarshal([]byte(r.Extra), &a.Extra); err != nil && d.err == nil {
			d.err = fmt.Errorf("extra cells: %w", err)
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode acta %s %s: %w", r.Eleccion, r.ID, d.err)
	}
	return a, nil
}

// joinValues renders vote cells as one text. No cell rendering holds a comma.
func joinValues(vs []acta.Value) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// encodeStamp renders a stamp as RFC 3339, or as its special value ("N/A", "-", "").
func encodeStamp(s acta.Stamp) string {
	if s.IsTime() {
		return formatTime(s.T)
	}
	return s.Special.String()
}

// decoder reads cells back, keeping the first error so that decodeActa reads as a list.
type decoder struct{ err error }

// value reads a cell written by acta.Value.String. Numbers are read whatever their length:
// the nine-digit limit guards input files, not what the store already holds.
func (d *decoder) value(s string) acta.Value {
	if soloDigitos(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		d.keep(err)
		return acta.Num(n)
	}
	v, err := acta.ParseValue(s)
	d.keep(err)
	return v
}

// values reads joined vote cells. An election has at least one vote column (the reader
// refuses a file without), so an empty text is one empty cell.
func (d *decoder) values(s string) []acta.Value {
	cells := strings.Split(s, ",")
	out := make([]acta.Value, len(cells))
	for i, c := range cells {
		out[i] = d.value(c)
	}
	return out
}

func (d *decoder) stamp(s string) acta.Stamp {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return acta.Stamp{T: t}
	}
	return acta.Stamp{Special: d.value(s)}
}

// soloDigitos reports whether s is a non-empty run of ASCII digits.
func soloDigitos(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (d *decoder) keep(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}
