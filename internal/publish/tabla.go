package publish

import (
	"bytes"
	"encoding/json"
	"errors"
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

// UnmarshalJSON decodes the table into ActaJSON records. The rows are read by a scanner
// of this table's shape, each cell handed to the setter of its column chosen once per
// table: for the country's 170,000 actas per election, the general decoder, cell by cell,
// takes a minute and gigabytes.
func (t *ActasTabla) UnmarshalJSON(data []byte) error {
	var columnas []string
	var filas []byte
	l := &lectorJSON{b: data}
	err := l.objeto(func(clave string, valor []byte) error {
		switch clave {
		case "columnas":
			return json.Unmarshal(valor, &columnas)
		case "filas":
			filas = valor
		}
		return nil
	})
	if err != nil {
		return err
	}
	if filas == nil {
		return errors.New("the table has no filas")
	}
	setters := make([]func(*ActaJSON, []byte) error, len(columnas))
	for k, col := range columnas {
		setters[k] = setterActa(col)
	}
	n := 0
	if err := (&lectorJSON{b: filas}).arreglo(func([]byte) error { n++; return nil }); err != nil {
		return err
	}
	t.Actas = make([]ActaJSON, 0, n)
	return (&lectorJSON{b: filas}).arreglo(func(fila []byte) error {
		i := len(t.Actas)
		t.Actas = append(t.Actas, ActaJSON{})
		a := &t.Actas[i]
		k := 0
		err := (&lectorJSON{b: fila}).arreglo(func(celda []byte) error {
			if k >= len(setters) {
				k++
				return nil
			}
			if err := setters[k](a, celda); err != nil {
				return fmt.Errorf("acta %d, column %s: %w", i, columnas[k], err)
			}
			k++
			return nil
		})
		if err == nil && k != len(columnas) {
			err = fmt.Errorf("acta %d has %d values for %d columns", i, k, len(columnas))
		}
		return err
	})
}

// setterActa returns what assigns a cell of the column to an acta. Unknown columns are
// ignored, so that a later version of the format can add some.
func setterActa(col string) func(*ActaJSON, []byte) error {
	switch col {
	case "num_casilla":
		return func(a *ActaJSON, v []byte) error {
			n, err := strconv.Atoi(string(v))
			if err != nil {
				return json.Unmarshal(v, &a.NumCasilla)
			}
			a.NumCasilla = n
			return nil
		}
	case "inconsistente":
		return func(a *ActaJSON, v []byte) error { return json.Unmarshal(v, &a.Inconsistente) }
	case "votos":
		return func(a *ActaJSON, v []byte) error {
			a.Votos = []string{}
			return (&lectorJSON{b: v}).arreglo(func(celda []byte) error {
				var s string
				if err := decodeString(celda, &s); err != nil {
					return err
				}
				a.Votos = append(a.Votos, s)
				return nil
			})
		}
	}
	campo := camposTexto[col]
	if campo == nil {
		return func(*ActaJSON, []byte) error { return nil }
	}
	return func(a *ActaJSON, v []byte) error { return decodeString(v, campo(a)) }
}

// camposTexto are the text columns of the table, by JSON name.
var camposTexto = map[string]func(*ActaJSON) *string{
	"id":                           func(a *ActaJSON) *string { return &a.ID },
	"clave_casilla":                func(a *ActaJSON) *string { return &a.ClaveCasilla },
	"clave_acta":                   func(a *ActaJSON) *string { return &a.ClaveActa },
	"unidad_id":                    func(a *ActaJSON) *string { return &a.UnidadID },
	"unidad":                       func(a *ActaJSON) *string { return &a.Unidad },
	"distrito":                     func(a *ActaJSON) *string { return &a.Distrito },
	"municipio":                    func(a *ActaJSON) *string { return &a.Municipio },
	"seccion":                      func(a *ActaJSON) *string { return &a.Seccion },
	"tipo_casilla":                 func(a *ActaJSON) *string { return &a.TipoCasilla },
	"id_casilla":                   func(a *ActaJSON) *string { return &a.IDCasilla },
	"ext_contigua":                 func(a *ActaJSON) *string { return &a.ExtContigua },
	"ubicacion":                    func(a *ActaJSON) *string { return &a.Ubicacion },
	"tipo_acta":                    func(a *ActaJSON) *string { return &a.TipoActa },
	"total_boletas_sobrantes":      func(a *ActaJSON) *string { return &a.BoletasSobrantes },
	"total_personas_votaron":       func(a *ActaJSON) *string { return &a.PersonasVotaron },
	"total_rep_partido_ci_votaron": func(a *ActaJSON) *string { return &a.RepVotaron },
	"total_votos_sacados":          func(a *ActaJSON) *string { return &a.VotosSacados },
	"total_votos_asentado":         func(a *ActaJSON) *string { return &a.TotalAsentado },
	"total_votos_calculado":        func(a *ActaJSON) *string { return &a.TotalCalculado },
	"lista_nominal":                func(a *ActaJSON) *string { return &a.ListaNominal },
	"representantes_pp_ci":         func(a *ActaJSON) *string { return &a.Representantes },
	"observaciones":                func(a *ActaJSON) *string { return &a.Observaciones },
	"contabilizada":                func(a *ActaJSON) *string { return &a.Contabilizada },
	"mecanismos_traslado":          func(a *ActaJSON) *string { return &a.Mecanismo },
	"codigo_integridad":            func(a *ActaJSON) *string { return &a.CodigoIntegridad },
	"fecha_hora_acopio":            func(a *ActaJSON) *string { return &a.Acopio },
	"fecha_hora_captura":           func(a *ActaJSON) *string { return &a.Captura },
	"fecha_hora_verificacion":      func(a *ActaJSON) *string { return &a.Verificacion },
	"origen":                       func(a *ActaJSON) *string { return &a.Origen },
	"digitalizacion":               func(a *ActaJSON) *string { return &a.Digitalizacion },
	"tipo_documento":               func(a *ActaJSON) *string { return &a.TipoDocumento },
}

// lectorJSON walks valid JSON text (the caller's decoder has checked it, or the walk
// refuses what it cannot follow), handing out the bytes of values without decoding them.
type lectorJSON struct {
	b []byte
	i int
}

func (l *lectorJSON) espacios() {
	for l.i < len(l.b) {
		switch l.b[l.i] {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return
		}
	}
}

// esperar consumes the byte c after any white space.
func (l *lectorJSON) esperar(c byte) error {
	l.espacios()
	if l.i >= len(l.b) || l.b[l.i] != c {
		return fmt.Errorf("JSON: expected %q at offset %d", c, l.i)
	}
	l.i++
	return nil
}

// valor returns the bytes of the next value: a string with its quotes, an array or object
// with its brackets, or a number or literal.
func (l *lectorJSON) valor() ([]byte, error) {
	l.espacios()
	inicio := l.i
	if l.i >= len(l.b) {
		return nil, errors.New("JSON: unexpected end")
	}
	switch l.b[l.i] {
	case '"':
		if err := l.cadena(); err != nil {
			return nil, err
		}
	case '[', '{':
		prof := 0
		for l.i < len(l.b) {
			switch l.b[l.i] {
			case '"':
				if err := l.cadena(); err != nil {
					return nil, err
				}
				continue
			case '[', '{':
				prof++
			case ']', '}':
				prof--
			}
			l.i++
			if prof == 0 {
				return l.b[inicio:l.i], nil
			}
		}
		return nil, errors.New("JSON: unclosed array or object")
	default:
		for l.i < len(l.b) && !bytes.ContainsRune([]byte(",]} \t\n\r"), rune(l.b[l.i])) {
			l.i++
		}
		if l.i == inicio {
			return nil, fmt.Errorf("JSON: unexpected %q at offset %d", l.b[l.i], l.i)
		}
	}
	return l.b[inicio:l.i], nil
}

// cadena moves past the string that starts at the current byte.
func (l *lectorJSON) cadena() error {
	for l.i++; l.i < len(l.b); l.i++ {
		switch l.b[l.i] {
		case '\\':
			l.i++
		case '"':
			l.i++
			return nil
		}
	}
	return errors.New("JSON: unclosed string")
}

// arreglo hands each element of the array at the current place to fn.
func (l *lectorJSON) arreglo(fn func([]byte) error) error {
	if err := l.esperar('['); err != nil {
		return err
	}
	l.espacios()
	if l.i < len(l.b) && l.b[l.i] == ']' {
		l.i++
		return nil
	}
	for {
		v, err := l.valor()
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
		l.espacios()
		if l.i >= len(l.b) {
			return errors.New("JSON: unclosed array")
		}
		l.i++
		switch l.b[l.i-1] {
		case ',':
		case ']':
			return nil
		default:
			return fmt.Errorf("JSON: expected , or ] at offset %d", l.i-1)
		}
	}
}

// objeto hands each member of the object at the current place to fn, its key decoded.
func (l *lectorJSON) objeto(fn func(string, []byte) error) error {
	if err := l.esperar('{'); err != nil {
		return err
	}
	l.espacios()
	if l.i < len(l.b) && l.b[l.i] == '}' {
		l.i++
		return nil
	}
	for {
		k, err := l.valor()
		if err != nil {
			return err
		}
		var clave string
		if err := decodeString(k, &clave); err != nil {
			return err
		}
		if err := l.esperar(':'); err != nil {
			return err
		}
		v, err := l.valor()
		if err != nil {
			return err
		}
		if err := fn(clave, v); err != nil {
			return err
		}
		l.espacios()
		if l.i >= len(l.b) {
			return errors.New("JSON: unclosed object")
		}
		l.i++
		switch l.b[l.i-1] {
		case ',':
		case '}':
			return nil
		default:
			return fmt.Errorf("JSON: expected , or } at offset %d", l.i-1)
		}
	}
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
