package opendata

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/catalog"
)

// ReadCandidaturas reads a candidaturas file (RULES.md §4.7) into e: which candidacy each
// party, combination and independent column supports in each unit. Every PARTIDO_CI must be
// a vote column of e.
func ReadCandidaturas(name string, data []byte, e *catalog.Eleccion) error {
	name = path.Base(name)
	fail := func(line int, col, val, msg, reason string) error {
		return &Error{File: name, Line: line, Column: col, Value: val, Msg: msg, Reason: reason}
	}
	data = bytes.TrimPrefix(data, bom)
	lines := strings.Split(strings.TrimRight(string(data), "\r\n"), "\n")
	if len(lines) < 2 {
		return fail(1, "", "", "el archivo de candidaturas está vacío", "empty candidaturas")
	}
	header := strings.Split(strings.TrimSuffix(lines[0], "\r"), ",")
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(h)] = i
	}
	unit := -1
	for _, c := range []string{"ID_DISTRITO_LOCAL", "ID_MUNICIPIO_LOCAL", "ID_DISTRITO",
		"ID_MUNICIPIO", "ID_DISTRITO_FEDERAL"} {
		if i, ok := idx[c]; ok {
			unit = i
			break
		}
	}
	party, ok := idx["PARTIDO_CI"]
	if !ok {
		return fail(1, "PARTIDO_CI", "", "falta la columna PARTIDO_CI", "missing PARTIDO_CI")
	}
	prop, ok := idx["CANDIDATURA_PROPIETARIA"]
	if !ok {
		if prop, ok = idx["CANDIDATURA"]; !ok {
			return fail(1, "CANDIDATURA", "", "falta la columna CANDIDATURA o "+
				"CANDIDATURA_PROPIETARIA", "missing CANDIDATURA")
		}
	}
	sup, hasSup := idx["CANDIDATURA_SUPLENTE"]

	var rows []catalog.CandidaturaFila
	var raw [][]string
	for k, l := range lines[1:] {
		line := k + 2
		l = strings.TrimSuffix(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !utf8.ValidString(l) {
			return fail(line, "", "", "el texto no es UTF-8 válido", "invalid UTF-8")
		}
		cells := strings.Split(l, ",")
		if len(cells) != len(header) {
			return fail(line, "", "", fmt.Sprintf("la fila tiene %d campos y se esperaban %d",
				len(cells), len(header)), "wrong cell count")
		}
		row := catalog.CandidaturaFila{Line: line, Columna: strings.TrimSpace(cells[party]),
			Propietaria: strings.TrimSpace(cells[prop])}
		if unit >= 0 {
			row.Unidad = strings.TrimPrefix(strings.TrimSpace(cells[unit]), "'")
		}
		if hasSup {
			row.Suplente = strings.TrimSpace(cells[sup])
		}
		if e.Columna(row.Columna) < 0 {
			return fail(line, "PARTIDO_CI", row.Columna, "no es una columna de votos del "+
				"archivo de resultados de esta elección", "unknown vote column")
		}
		rows = append(rows, row)
		raw = append(raw, cells)
	}
	if err := e.DeriveCandidaturas(rows); err != nil {
		return fail(1, "", "", "candidaturas no válidas", err.Error())
	}
	e.CandidaturasColumnas = header
	e.CandidaturasFilas = raw
	return nil
}

// CandidaturasNombre is the file name of an election's candidaturas file, e.g.
// PUE_GUB_Candidaturas_2024.csv.
func CandidaturasNombre(e *catalog.Eleccion) string {
	return fmt.Sprintf("%s_%s_Candidaturas_%d.csv", e.Prefijo, e.Codigo, e.Anio)
}

// WriteCandidaturas writes the candidaturas file back as it was read: UTF-8 with BOM, LF.
func WriteCandidaturas(w io.Writer, e *catalog.Eleccion) error {
	bw := bufio.NewWriter(w)
	bw.Write(bom)
	bw.WriteString(strings.Join(e.CandidaturasColumnas, ","))
	bw.WriteByte('\n')
	for _, r := range e.CandidaturasFilas {
		bw.WriteString(strings.Join(r, ","))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
