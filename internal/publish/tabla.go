package publish

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// ActasTabla is json/<codigo>/actas.json: every acta of the election as a table, like the
// CSV, so that the field names are written once rather than 25,000 times:
//
//	{"columnas": ["id", "clave_casilla", …], "filas": [["211415C01002", …], …]}
//
// The columns are the JSON names of ActaJSON's fields; "num_casilla" is a number,
// "inconsistente" a boolean, "votos" an array of cells in the order of the election's
// contendientes, and every other value a string. Decoding gives the ActaJSON records.
type ActasTabla struct {
	Actas []ActaJSON
}

// UnmarshalJSON decodes the table into ActaJSON records.
func (t *ActasTabla) UnmarshalJSON(data []byte) error {
	var raw struct {
		Columnas []string            `json:"columnas"`
		Filas    [][]json.RawMessage `json:"filas"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	t.Actas = make([]ActaJSON, len(raw.Filas))
	for i, fila := range raw.Filas {
		if len(fila) != len(raw.Columnas) {
			return fmt.Errorf("acta %d has %d values for %d columns", i, len(fila),
				len(raw.Columnas))
		}
		for k, col := range raw.Columnas {
			if err := t.Actas[i].set(col, fila[k]); err != nil {
				return fmt.Errorf("acta %d, column %s: %w", i, col, err)
			}
		}
	}
	return nil
}

// set assigns the value of one column. Unknown columns are ignored, so that a later version
// of the format can add some.
func (a *ActaJSON) set(col string, v json.RawMessage) error {
	switch col {
	case "num_casilla":
		return json.Unmarshal(v, &a.NumCasilla)
	case "inconsistente":
		return json.Unmarshal(v, &a.Inconsistente)
	case "votos":
		return json.Unmarshal(v, &a.Votos)
	}
	dst := a.stringField(col)
	if dst == nil {
		return nil
	}
	return decodeString(v, dst)
}

func (a *ActaJSON) stringField(col string) *string {
	fields := map[string]*string{"id": &a.ID, "clave_casilla": &a.ClaveCasilla,
		"clave_acta": &a.ClaveActa, "unidad_id": &a.UnidadID, "unidad": &a.Unidad,
		"distrito": &a.Distrito, "municipio": &a.Municipio, "seccion": &a.Seccion,
		"tipo_casilla": &a.TipoCasilla, "id_casilla": &a.IDCasilla,
		"ext_contigua": &a.ExtContigua, "ubicacion": &a.Ubicacion, "tipo_acta": &a.TipoActa,
		"total_boletas_sobrantes":      &a.BoletasSobrantes,
		"total_personas_votaron":       &a.PersonasVotaron,
		"total_rep_partido_ci_votaron": &a.RepVotaron, "total_votos_sacados": &a.VotosSacados,
		"total_votos_asentado": &a.TotalAsentado, "total_votos_calculado": &a.TotalCalculado,
		"lista_nominal": &a.ListaNominal, "representantes_pp_ci": &a.Representantes,
		"observaciones": &a.Observaciones, "contabilizada": &a.Contabilizada,
		"mecanismos_traslado": &a.Mecanismo, "codigo_integridad": &a.CodigoIntegridad,
		"fecha_hora_acopio": &a.Acopio, "fecha_hora_captura": &a.Captura,
		"fecha_hora_verificacion": &a.Verificacion, "origen": &a.Origen,
		"digitalizacion": &a.Digitalizacion, "tipo_documento": &a.TipoDocumento}
	return fields[col]
}

// decodeString reads a JSON string, without the general decoder when it has no escapes.
func decodeString(v json.RawMessage, dst *string) error {
	if n := len(v); n >= 2 && v[0] == '"' && v[n-1] == '"' {
		simple := true
		for _, c := range v[1 : n-1] {
			if c == '\\' || c == '"' || c < 0x20 {
				simple = false
				break
			}
		}
		if simple {
			*dst = string(v[1 : n-1])
			return nil
		}
	}
	s, err := strconv.Unquote(string(v))
	if err != nil {
		return json.Unmarshal(v, dst)
	}
	*dst = s
	return nil
}
