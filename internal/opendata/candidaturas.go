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

// unitKinds maps the unit columns of candidaturas files to the unit they name.
var unitKinds = map[string]catalog.Unidad{
	"ID_DISTRITO_LOCAL": catalog.UnidadDistrito, "ID_DISTRITO": catalog.UnidadDistrito,
	"ID_DISTRITO_FEDERAL": catalog.UnidadDistrito, "ID_MUNICIPIO_LOCAL": catalog.UnidadMunicipio,
	"ID_MUNICIPIO": catalog.UnidadMunicipio,
}

// candReader holds what is known while reading a candidaturas file.
type candReader struct {
	name              string
	f                 *Archivo
	header            []string
	unit, party, prop int
	sup               int // -1 without a suplente column
	// ent is the ID_ENTIDAD column of a national election's file, whose units are named
	// by entidad (catalog.UnidadNacional); -1 otherwise.
	ent   int
	units map[string]bool
}

func (c *candReader) fail(line int, col, val, msg, reason string) error {
	return &Error{File: c.name, Line: line, Column: col, Value: val, Msg: msg, Reason: reason}
}

// ReadCandidaturas reads the candidaturas file of the election of f (RULES.md §4.7): which
// candidacy each party, combination and independent column supports in each unit. The file
// must belong to that election: its unit column (none for an election of the whole entidad)
// must be of the election's unit, every unit must appear in f, every PARTIDO_CI must be a vote
// column of f, listed once per unit, with a candidate's name.
func ReadCandidaturas(name string, data []byte, f *Archivo) error {
	c := &candReader{name: path.Base(name), f: f}
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		return c.fail(1, "", "", "el texto no es UTF-8 válido", "invalid UTF-8")
	}
	lines := strings.Split(strings.TrimRight(string(data), "\r\n"), "\n")
	if len(lines) < 2 {
		return c.fail(1, "", "", "el archivo de candidaturas está vacío", "empty candidaturas")
	}
	if err := c.readHeader(strings.TrimSuffix(lines[0], "\r")); err != nil {
		return err
	}
	rows, raw, err := c.readRows(lines[1:])
	if err != nil {
		return err
	}
	e := f.Eleccion
	if err := e.DeriveCandidaturas(rows); err != nil {
		return c.fail(1, "", "", "candidaturas no válidas", err.Error())
	}
	e.CandidaturasColumnas = c.header
	e.CandidaturasFilas = raw
	return nil
}

func (c *candReader) readHeader(line string) error {
	c.header = strings.Split(line, ",")
	idx := map[string]int{}
	c.unit, c.sup, c.ent = -1, -1, -1
	for i, h := range c.header {
		h = strings.TrimSpace(h)
		if _, dup := idx[h]; dup || h == "" {
			return c.fail(1, h, "", "la columna falta de nombre o aparece dos veces",
				"empty or duplicated column")
		}
		idx[h] = i
		if kind, ok := unitKinds[h]; ok {
			if err := c.checkUnitColumn(h, kind); err != nil {
				return err
			}
			c.unit = i
		}
	}
	e := c.f.Eleccion
	if catalog.Nacional(e.Codigo) {
		if err := c.nationalHeader(idx); err != nil {
			return err
		}
	}
	if c.unit < 0 && !catalog.SinUnidad(e.Codigo) && !catalog.PorEntidad(e.Codigo) {
		return c.fail(1, "", "", fmt.Sprintf("falta la columna del %s: las candidaturas de %s "+
			"se registran por %s", e.Unidad, e.Nombre(), e.Unidad), "missing unit column")
	}
	if c.unit >= 0 || c.ent >= 0 {
		c.actaUnits()
	}
	var ok bool
	if c.party, ok = idx["PARTIDO_CI"]; !ok {
		return c.fail(1, "PARTIDO_CI", "", "falta la columna PARTIDO_CI", "missing PARTIDO_CI")
	}
	if c.prop, ok = idx["CANDIDATURA_PROPIETARIA"]; !ok {
		if c.prop, ok = idx["CANDIDATURA"]; !ok {
			return c.fail(1, "CANDIDATURA", "", "falta la columna CANDIDATURA o "+
				"CANDIDATURA_PROPIETARIA", "missing CANDIDATURA")
		}
	}
	if i, ok := idx["CANDIDATURA_SUPLENTE"]; ok {
		c.sup = i
	}
	return nil
}

// checkUnitColumn refuses a candidaturas file of another election: one by unit for an
// election of the whole entidad (or country), or by a unit the election does not use.
func (c *candReader) checkUnitColumn(col string, kind catalog.Unidad) error {
	e := c.f.Eleccion
	switch {
	case catalog.Estatal(e.Codigo):
		return c.fail(1, col, "", fmt.Sprintf("%s se elige en toda la entidad: su archivo de "+
			"candidaturas no tiene columna de distrito o municipio (¿es el archivo de otra "+
			"elección?)", e.Nombre()), "unit column in a state-wide election")
	case catalog.SinUnidad(e.Codigo), catalog.PorEntidad(e.Codigo):
		return c.fail(1, col, "", fmt.Sprintf("las candidaturas de %s no se registran por "+
			"distrito: su archivo no tiene columna de distrito o municipio (¿es el archivo "+
			"de otra elección?)", e.Nombre()), "unit column in an election without units")
	case kind != e.Unidad:
		return c.fail(1, col, "", fmt.Sprintf("las candidaturas son por %s y el archivo de "+
			"resultados de %s es por %s (¿es el archivo de otra elección?)", kind, e.Nombre(),
			e.Unidad), "unit column of another kind")
	}
	return nil
}

// nationalHeader finds the ID_ENTIDAD column of a national election's candidaturas file:
// the senadurías are registered per entidad and the diputaciones per distrito of an entidad,
// so both name it; the Presidencia needs none.
func (c *candReader) nationalHeader(idx map[string]int) error {
	e := c.f.Eleccion
	i, ok := idx["ID_ENTIDAD"]
	if catalog.SinUnidad(e.Codigo) {
		return nil
	}
	if !ok {
		return c.fail(1, "ID_ENTIDAD", "", fmt.Sprintf("falta la columna ID_ENTIDAD: las "+
			"candidaturas de %s se registran por entidad", e.Nombre()), "missing ID_ENTIDAD")
	}
	c.ent = i
	return nil
}

// actaUnits gathers the units the actas of the results file name, as candidaturas rows
// name them.
func (c *candReader) actaUnits() {
	porEntidad := catalog.PorEntidad(c.f.Eleccion.Codigo)
	c.units = map[string]bool{}
	for _, a := range c.f.Actas {
		if porEntidad {
			c.units[a.IDEntidad] = true
		} else {
			c.units[c.unitOf(a.IDEntidad, a.UnidadID)] = true
		}
	}
}

// unitOf is the unit a candidaturas row or an acta names: its unit id, in a national
// election qualified by its entidad.
func (c *candReader) unitOf(entidad, unidad string) string {
	if c.ent < 0 {
		return unidad
	}
	return catalog.UnidadNacional(entidad, unidad)
}

func (c *candReader) readRows(lines []string) ([]catalog.CandidaturaFila, [][]string, error) {
	var rows []catalog.CandidaturaFila
	var raw [][]string
	seen := map[[2]string]bool{}
	for k, l := range lines {
		line := k + 2
		l = strings.TrimSuffix(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		cells := strings.Split(l, ",")
		if len(cells) != len(c.header) {
			return nil, nil, c.fail(line, "", "", fmt.Sprintf("la fila tiene %d campos y se "+
				"esperaban %d", len(cells), len(c.header)), "wrong cell count")
		}
		row, err := c.row(line, cells)
		if err != nil {
			return nil, nil, err
		}
		key := [2]string{row.Unidad, row.Columna}
		if seen[key] {
			return nil, nil, c.fail(line, "PARTIDO_CI", row.Columna, "la columna ya tiene "+
				"candidatura en esta unidad", "PARTIDO_CI repeated in a unit")
		}
		seen[key] = true
		rows = append(rows, row)
		raw = append(raw, cells)
	}
	return rows, raw, nil
}

func (c *candReader) row(line int, cells []string) (catalog.CandidaturaFila, error) {
	for i, v := range cells {
		if hasControl(v) || strings.ContainsRune(v, '"') {
			return catalog.CandidaturaFila{}, c.fail(line, c.header[i], v, "el valor "+
				"contiene comillas o caracteres de control", "quote or control character")
		}
	}
	row := catalog.CandidaturaFila{Line: line, Columna: strings.TrimSpace(cells[c.party]),
		Propietaria: strings.TrimSpace(cells[c.prop])}
	if c.sup >= 0 {
		row.Suplente = strings.TrimSpace(cells[c.sup])
	}
	if c.unit >= 0 || c.ent >= 0 {
		col, ent, unit := c.ent, "", ""
		if c.ent >= 0 {
			ent = strings.TrimPrefix(strings.TrimSpace(cells[c.ent]), "'")
		}
		if c.unit >= 0 {
			col, unit = c.unit, strings.TrimPrefix(strings.TrimSpace(cells[c.unit]), "'")
		}
		row.Unidad = c.unitOf(ent, unit)
		if !c.units[row.Unidad] {
			return row, c.fail(line, c.header[col], row.Unidad, "esa unidad no aparece en "+
				"el archivo de resultados", "unknown unit")
		}
	}
	switch {
	case c.f.Eleccion.Columna(row.Columna) < 0:
		return row, c.fail(line, "PARTIDO_CI", row.Columna, "no es una columna de votos del "+
			"archivo de resultados de esta elección", "unknown vote column")
	case row.Propietaria == "":
		return row, c.fail(line, c.header[c.prop], "", "falta el nombre de la candidatura",
			"empty candidate name")
	}
	return row, nil
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
