package documento

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/computo"
)

// Tabla is a table of a cómputo for CSV and Excel: its name (the Excel sheet), a header and
// rows whose cells are string or int64, so that numbers stay numbers in a workbook. Every
// row starts with SIMULACRO, 1 for a cómputo over test data, so that no row can be taken
// for an official one once apart from its file.
type Tabla struct {
	Hoja     string
	Cabecera []string
	Filas    [][]any
}

func simulacro(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// TablaResultados tabulates the results: each column of the acta, each party after the split,
// each candidacy, and the totals.
func TablaResultados(a computo.ActaComputo) Tabla {
	r, d := a.Resultado, a.Definicion
	s := simulacro(d.Simulacro)
	t := Tabla{Hoja: "Resultados", Cabecera: []string{"SIMULACRO", "CONTIENDA", "TIPO",
		"CLAVE", "NOMBRE", "VOTOS"}}
	add := func(tipo, clave, nombre string, n int64) {
		t.Filas = append(t.Filas, []any{s, r.Contienda, tipo, clave, nombre, n})
	}
	for _, col := range d.Columnas {
		add("columna", col, "", r.Votos[col])
	}
	for _, p := range partidos(a) {
		add("partido", p, "", r.Distribucion.Partidos[p])
	}
	for _, c := range r.Candidaturas {
		add("candidatura", c.Candidatura, nombre(candidato(d, c.Candidatura)), c.Votos)
	}
	add("no-registradas", "", "Candidaturas no registradas", r.NoRegistradas)
	add("nulos", "", "Votos nulos", r.Nulos)
	add("valida", "", "Votación válida emitida", r.Valida)
	add("total", "", "Votación total emitida", r.Total)
	return t
}

// TablaCasillas tabulates the casillas of a session with the figures that enter the sum.
func TablaCasillas(d computo.Definicion, cs []computo.CasillaComputo) Tabla {
	t := Tabla{Hoja: "Casillas", Cabecera: append([]string{"SIMULACRO", "CASILLA",
		"CLAVE", "SECCION", "TIPO_CASILLA", "FUENTE", "RECONTADA", "GRUPO", "CAUSAS"},
		append(append([]string(nil), d.Columnas...), "TOTAL")...)}
	for _, c := range cs {
		var causas []string
		recontada, grupo := int64(0), int64(0)
		if c.Dictamen != nil {
			for _, k := range c.Dictamen.Causas {
				causas = append(causas, string(k.Codigo))
			}
		}
		if c.Recuento != nil {
			recontada, grupo = 1, int64(c.Recuento.Grupo)
		}
		fila := []any{simulacro(d.Simulacro), c.ID, c.Clave, c.Seccion, c.Tipo,
			string(c.Fuente), recontada, grupo, strings.Join(causas, " ")}
		var total int64
		for _, col := range d.Columnas {
			fila = append(fila, c.Votos[col])
			total += c.Votos[col]
		}
		t.Filas = append(t.Filas, append(fila, total))
	}
	return t
}

// TablaConciliacion tabulates the reconciliation: for each column, the PREP figure, the
// cómputo figure and their difference, side by side.
func TablaConciliacion(k computo.Conciliacion) Tabla {
	t := Tabla{Hoja: "Conciliacion", Cabecera: []string{"SIMULACRO", "CASILLA", "CLAVE",
		"SECCION", "TIPO_CASILLA", "PREP_CONTABILIZADA", "FUENTE", "CAUSA"}}
	for _, col := range append(append([]string(nil), k.Columnas...), "TOTAL") {
		t.Cabecera = append(t.Cabecera, "PREP_"+col, "COMPUTO_"+col, "DIF_"+col)
	}
	for _, f := range k.Filas {
		c := f.Casilla
		cont := int64(0)
		if f.PREPContabilizada {
			cont = 1
		}
		fila := []any{simulacro(k.Simulacro), c.ID, c.Clave, c.Seccion, c.Tipo, cont,
			string(f.Fuente), string(f.Causa)}
		var p, m, dif int64
		for _, col := range k.Columnas {
			fila = append(fila, f.PREP[col], f.Computo[col], f.Diferencia[col])
			p, m, dif = p+f.PREP[col], m+f.Computo[col], dif+f.Diferencia[col]
		}
		t.Filas = append(t.Filas, append(fila, p, m, dif))
	}
	return t
}

// TablaDistritos tabulates the district actas of a state cómputo.
func TablaDistritos(a computo.ActaComputo) Tabla {
	d := a.Definicion
	t := Tabla{Hoja: "Distritos", Cabecera: append([]string{"SIMULACRO", "UNIDAD",
		"NOMBRE", "CASILLAS", "RECONTADAS"}, append(append([]string(nil), d.Columnas...),
		"TOTAL")...)}
	for _, p := range a.Partes {
		fila := []any{simulacro(d.Simulacro), p.Unidad, p.UnidadNombre, int64(p.Casillas),
			int64(p.Recontadas)}
		var total int64
		for _, col := range d.Columnas {
			fila = append(fila, p.Votos[col])
			total += p.Votos[col]
		}
		t.Filas = append(t.Filas, append(fila, total))
	}
	return t
}

// csvDe writes a table as CSV: UTF-8 without BOM, comma separated, LF.
func csvDe(w io.Writer, t Tabla) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Cabecera); err != nil {
		return fmt.Errorf("write csv %s: %w", t.Hoja, err)
	}
	rec := make([]string, len(t.Cabecera))
	for _, f := range t.Filas {
		for i, v := range f {
			switch x := v.(type) {
			case int64:
				rec[i] = strconv.FormatInt(x, 10)
			default:
				rec[i] = fmt.Sprint(x)
			}
		}
		if err := cw.Write(rec[:len(f)]); err != nil {
			return fmt.Errorf("write csv %s: %w", t.Hoja, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv %s: %w", t.Hoja, err)
	}
	return nil
}

// ResultadosCSV writes the results of an acta de cómputo as CSV: a row per column of the
// acta, per party after the split, per candidacy, and the totals.
func ResultadosCSV(w io.Writer, a computo.ActaComputo) error { return csvDe(w, TablaResultados(a)) }

// CasillasCSV writes the casillas of a session as CSV, with the source of their figures,
// their recount causes and their votes per column.
func CasillasCSV(w io.Writer, d computo.Definicion, cs []computo.CasillaComputo) error {
	return csvDe(w, TablaCasillas(d, cs))
}

// ConciliacionCSV writes the reconciliation of the PREP with the cómputo as CSV.
func ConciliacionCSV(w io.Writer, k computo.Conciliacion) error {
	return csvDe(w, TablaConciliacion(k))
}

// DistritosCSV writes the district actas summed by a state cómputo as CSV.
func DistritosCSV(w io.Writer, a computo.ActaComputo) error { return csvDe(w, TablaDistritos(a)) }

// Tablas returns the tables of a cómputo for a workbook: the results and, when given, the
// district actas of a state cómputo, the casillas and the reconciliation.
func Tablas(a computo.ActaComputo, cs []computo.CasillaComputo,
	k *computo.Conciliacion) []Tabla {
	out := []Tabla{TablaResultados(a)}
	if a.Estatal {
		out = append(out, TablaDistritos(a))
	}
	if len(cs) > 0 {
		out = append(out, TablaCasillas(a.Definicion, cs))
	}
	if k != nil {
		out = append(out, TablaConciliacion(*k))
	}
	return out
}

// TablaRP tabulates an RP assignment: per contender its votes, whether it takes part, its
// majority seats counted for the limits, its RP seats and its total.
func TablaRP(esSimulacro bool, a computo.AsignacionRP) Tabla {
	s := simulacro(esSimulacro)
	t := Tabla{Hoja: "Asignacion", Cabecera: []string{"SIMULACRO", "PARTIDO", "VOTOS",
		"CON_DERECHO", "MR", "RP", "TOTAL"}}
	for _, f := range a.Filas {
		derecho := int64(0)
		if f.ConDerecho {
			derecho = 1
		}
		t.Filas = append(t.Filas, []any{s, f.Partido, f.Votos, derecho, int64(f.MR),
			int64(f.RP), int64(f.Total)})
	}
	return t
}

// RPCSV writes an RP assignment as CSV (TablaRP).
func RPCSV(w io.Writer, esSimulacro bool, a computo.AsignacionRP) error {
	return csvDe(w, TablaRP(esSimulacro, a))
}

// ExplicacionRP writes the explanation of assignment v made under d, step by step with
// its legal basis, headed by what it is.
func ExplicacionRP(w io.Writer, d computo.DefinicionAsignacion, v computo.RegistroAsignacion) error {
	if d.Simulacro {
		fmt.Fprintln(w, "SIMULACRO: asignación sobre datos de prueba; no es oficial.")
	}
	fmt.Fprintf(w, "%s, %s. %s de %s %s.\nAsignación %d, acuerdo %s.\n", d.Instituto, d.Proceso,
		d.EleccionNombre, d.Unidad, d.UnidadNombre, v.Numero, v.Acuerdo)
	if v.Causa != "" {
		fmt.Fprintf(w, "Sustituye a la asignación %d: %s.\n", v.Numero-1, v.Causa)
	}
	fmt.Fprintln(w, "Los pasos marcados [por confirmar] siguen reglas que aún no se confirman "+
		"con el texto oficial.")
	fmt.Fprintln(w)
	for _, l := range computo.Lineas(v.Resultado.Pasos) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}
