package opendata

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
)

// Archivo is a PREP open-data file as read: the election it defines, its corte time, the
// summary it published and its actas in file order.
type Archivo struct {
	Nombre   string
	Eleccion *catalog.Eleccion
	// Corte is the time of the cut printed on the file's second line; CorteLinea is its line.
	Corte      time.Time
	CorteLinea int
	// Resumen holds the 13 published summary values as printed; ResumenLinea is their line.
	Resumen      [13]string
	ResumenLinea int
	// ColumnasLinea is the line of the column names (the line starting with CLAVE_CASILLA).
	ColumnasLinea int
	Actas         []*acta.Acta
	// Lineas gives, for each acta, the line of the file it was read from.
	Lineas []int
}

// bom is the UTF-8 byte order mark the IEE files start with.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Read parses a PREP open-data CSV (RULES.md §4): UTF-8 with or without BOM; the header
// block found by its content, not by line numbers; comma or pipe separated. Any fault is an
// *Error naming line and column; nothing is returned with it.
func Read(name string, data []byte) (*Archivo, error) {
	r := &reader{name: path.Base(name)}
	if err := r.read(data); err != nil {
		return nil, err
	}
	return r.out, nil
}

// ReadIDs returns the identity of every acta of an open-data file, in file order, as Read
// gives them (Acta.ID), reading of each row only the cells its identity depends on: a
// fraction of the work of Read, for who needs only to tell the actas of a file apart (the
// publisher, to compare a corte with the one before it).
func ReadIDs(name string, data []byte) ([]string, error) {
	r := &reader{name: path.Base(name), soloClaves: true}
	if err := r.read(data); err != nil {
		return nil, err
	}
	ids := make([]string, len(r.out.Actas))
	for i, a := range r.out.Actas {
		ids[i] = a.ID
	}
	return ids, nil
}

// read parses the file into r.out.
func (r *reader) read(data []byte) error {
	data = bytes.TrimPrefix(data, bom)
	if len(bytes.TrimSpace(data)) == 0 {
		return r.fail(1, "", "", "el archivo está vacío", "empty file")
	}
	r.text = string(data)
	if err := r.header(); err != nil {
		return err
	}
	return r.rows()
}

type reader struct {
	// soloClaves reads of each row only the cells of its identity (ReadIDs).
	soloClaves bool
	name       string
	text       string
	pos        int // byte offset of the next line
	line       int // number of the last line read
	delim      byte
	cols       []string
	lay        *layout
	out        *Archivo
	zone       *time.Location
	lastNL     bool // whether the last line read ended with a newline
	obs        map[string]acta.Flags
	// entidad is the ID_ENTIDAD of the rows read so far: a file holds one entidad, unless
	// it is of a national election (nacional), whose rows span the country.
	entidad  string
	nacional bool
	// unquotable are the bytes no cell may hold, since the layout has no quoting.
	unquotable string
}

func (r *reader) fail(line int, col, val, msg, reason string) *Error {
	return &Error{File: r.name, Line: line, Column: col, Value: val, Msg: msg, Reason: reason}
}

// next returns the next line without its line ending, and false at the end of the text.
func (r *reader) next() (string, bool) {
	if r.pos >= len(r.text) {
		return "", false
	}
	r.line++
	rest := r.text[r.pos:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		r.pos = len(r.text)
		r.lastNL = false
		return strings.TrimSuffix(rest, "\r"), true
	}
	r.pos += i + 1
	r.lastNL = true
	return strings.TrimSuffix(rest[:i], "\r"), true
}

var cutLine = regexp.MustCompile(
	`^(\d{2}/\d{2}/\d{4} \d{2}:\d{2})(?::\d{2})?\s*(?:\(UTC([+-]\d{1,2})(?::?(\d{2}))?\))?\s*$`)

// header reads the block before the first acta: title, cut time, summary names and values,
// column names (RULES.md §4.1). Blocks are recognised by content and must come in that order.
func (r *reader) header() error {
	var title, cut string
	var titleLine, cutLineNo, namesLine int
	for {
		line, ok := r.next()
		if !ok {
			return r.fail(r.line, "", "", "no se encontró la línea de nombres de columna "+
				"(la que empieza con CLAVE_CASILLA)", "column header line not found")
		}
		if !utf8.ValidString(line) {
			return r.fail(r.line, "", "", "el texto no es UTF-8 válido (¿el archivo está en "+
				"Latin-1? guárdelo como UTF-8)", "invalid UTF-8")
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.Trim(t, ",|") == "":
			continue
		case strings.HasPrefix(t, "CLAVE_CASILLA"):
			if namesLine == 0 || r.out == nil {
				return r.fail(r.line, "", "", "el bloque de encabezado está incompleto o "+
					"desordenado: se esperaban, en este orden, el tipo de elección, la fecha "+
					"del corte, los nombres y los valores del resumen, y los nombres de columna",
					"header block missing or out of order")
			}
			return r.columns(t, title, titleLine, cut, cutLineNo)
		case strings.HasPrefix(t, "ACTAS_ESPERADAS"):
			if title == "" || cut == "" || namesLine != 0 {
				return r.fail(r.line, "", "", "el bloque de encabezado está desordenado: el "+
					"resumen debe seguir al tipo de elección y a la fecha del corte",
					"summary names before title and cut line")
			}
			namesLine = r.line
			if err := r.summary(t); err != nil {
				return err
			}
		case title == "" && strings.Contains(t, "PARTIDO_CI"):
			return r.fail(r.line, "", "", "este parece ser un archivo de candidaturas, no de "+
				"resultados: impórtelo junto con su archivo de resultados (opción "+
				"--candidaturas o en la misma carpeta)", "candidaturas file given as PREP file")
		case title == "":
			title, titleLine = t, r.line
		case cut == "":
			cut, cutLineNo = t, r.line
		default:
			return r.fail(r.line, "", t, "línea inesperada en el bloque de encabezado",
				"unexpected line in header block")
		}
	}
}

// summary reads the names line of the summary and the values line that follows it.
func (r *reader) summary(names string) error {
	delim := byte(',')
	if !strings.Contains(names, ",") && strings.Contains(names, "|") {
		delim = '|'
	}
	got := strings.Split(names, string(delim))
	// INE spellings of two of the names (RULES.md §4.1).
	aliases := map[string]string{"ACTAS_FUERA_DE_CATALOGO": "ACTAS_FUERA_CATALOGO",
		"PORCENTAJE_ACTAS_CON_INCONSISTENCIAS": "PORCENTAJE_ACTAS_INCONSISTENCIAS"}
	if len(got) != len(corte.Campos) {
		return r.fail(r.line, "", "", fmt.Sprintf("el resumen debe tener %d campos y tiene %d",
			len(corte.Campos), len(got)), "wrong number of summary names")
	}
	for i, g := range got {
		g = strings.TrimSpace(g)
		if a, ok := aliases[g]; ok {
			g = a
		}
		if g != corte.Campos[i] {
			return r.fail(r.line, corte.Campos[i], g, "nombre de campo del resumen inesperado",
				"unexpected summary field name")
		}
	}
	values, ok := r.next()
	for ok && strings.TrimSpace(values) == "" {
		values, ok = r.next()
	}
	vals := strings.Split(strings.TrimSpace(values), string(delim))
	if !ok || len(vals) != len(corte.Campos) {
		return r.fail(r.line, "", "", fmt.Sprintf("se esperaban los %d valores del resumen",
			len(corte.Campos)), "summary values missing")
	}
	r.out = &Archivo{Nombre: r.name, ResumenLinea: r.line}
	for i, v := range vals {
		if _, err := corte.ParseCampo(corte.Campos[i], v); err != nil {
			return r.fail(r.line, corte.Campos[i], v, "valor del resumen no válido",
				"bad summary value: "+err.Error())
		}
		r.out.Resumen[i] = strings.TrimSpace(v)
	}
	return nil
}

// columns reads the column names and derives the election definition from them.
func (r *reader) columns(line, title string, titleLine int, cut string, cutLineNo int) error {
	r.delim = ','
	if !strings.Contains(line, ",") && strings.Contains(line, "|") {
		r.delim = '|'
	}
	r.unquotable = "\"\r"
	if r.delim != ',' {
		r.unquotable += ","
	}
	r.cols = strings.Split(line, string(r.delim))
	for i := range r.cols {
		r.cols[i] = strings.TrimSpace(r.cols[i])
		if r.cols[i] == "" {
			return r.fail(r.line, fmt.Sprintf("número %d", i+1), "", "la columna no tiene "+
				"nombre", "empty column name")
		}
	}
	lay, problem, dup := newLayout(r.cols)
	switch {
	case dup:
		return r.fail(r.line, problem, "", "la columna aparece dos veces", "duplicated column")
	case lay == nil:
		return r.fail(r.line, problem, "", "falta la columna "+problem, "missing column")
	}
	if err := r.checkVoteRange(lay); err != nil {
		return err
	}
	r.lay = lay

	when, zone, err := parseCut(cut)
	if err != nil {
		return r.fail(cutLineNo, "", cut, "la segunda línea debe dar la fecha y hora del corte "+
			"como dd/mm/aaaa hh:mm (UTC-6)", "bad cut line")
	}
	r.zone, r.out.Corte, r.out.CorteLinea = zone, when, cutLineNo
	r.out.ColumnasLinea = r.line
	e, err := r.definition(title, titleLine, when)
	if err != nil {
		return err
	}
	r.out.Eleccion = e
	return nil
}

func (r *reader) checkVoteRange(l *layout) error {
	from, to := l.index[roleVotosSacados], l.index[roleTotalAsentado]
	if to <= from+1 {
		return r.fail(r.line, "TOTAL_VOTOS_ASENTADO", "", "no hay columnas de votos entre "+
			"TOTAL_VOTOS_SACADOS y TOTAL_VOTOS_ASENTADO", "no vote columns")
	}
	for i := from + 1; i < to; i++ {
		if _, known := columnRoles[r.cols[i]]; known {
			return r.fail(r.line, r.cols[i], "", "esta columna no puede estar entre las de votos",
				"known column inside the vote range")
		}
	}
	return nil
}

// parseCut reads "03/06/2024 20:00 (UTC-6)". The offset gives the file's time zone; without
// one, America/Mexico_City is assumed. Offsets beyond those of real zones are refused.
func parseCut(s string) (time.Time, *time.Location, error) {
	m := cutLine.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, nil, fmt.Errorf("bad cut line %q", s)
	}
	zone := Zona
	if m[2] != "" {
		h, _ := strconv.Atoi(m[2])
		min, _ := strconv.Atoi(m[3])
		if h < -12 || h > 14 || (min != 0 && min != 30 && min != 45) {
			return time.Time{}, nil, fmt.Errorf("bad offset in cut line %q", s)
		}
		off := h*3600 + sign(h)*min*60
		zone = time.FixedZone(fmt.Sprintf("UTC%s", m[2]), off)
	}
	t, err := time.ParseInLocation("02/01/2006 15:04", m[1], zone)
	if err == nil && t.Year() < 1990 {
		err = fmt.Errorf("cut year %d before any PREP", t.Year())
	}
	return t, zone, err
}

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

var fileName = regexp.MustCompile(`^([A-Z]+)_([A-Z_]+?)_(\d{4})(?:_|\.|$)`)

// definition derives the election from the title, the columns and the file name. The title
// names the election; a file name that follows the convention (PUE_GUB_2024.csv) must agree
// with it and gives the entidad's abbreviation. The year is the cut's.
func (r *reader) definition(title string, titleLine int, when time.Time) (*catalog.Eleccion,
	error) {
	e := &catalog.Eleccion{Titulo: title, Columnas: r.cols, Anio: when.Year()}
	e.Codigo = catalog.CodigoDeTitulo(title)
	if m := fileName.FindStringSubmatch(strings.ToUpper(r.name)); m != nil {
		e.Prefijo = m[1]
		switch {
		case e.Codigo == "" && catalog.CodigoValido(m[2]):
			e.Codigo = m[2]
		case e.Codigo != "" && catalog.CodigoValido(m[2]) && m[2] != e.Codigo:
			return nil, r.fail(titleLine, "", title, fmt.Sprintf("la primera línea dice que "+
				"el archivo es de %s, pero su nombre dice %s", e.Codigo, m[2]),
				"title and file name name different elections")
		}
	}
	if e.Codigo == "" {
		return nil, r.fail(titleLine, "", title, "no se reconoce el tipo de elección en la "+
			"primera línea (GUBERNATURA, DIPUTACIONES LOCALES, AYUNTAMIENTOS…)",
			"unknown election title")
	}
	r.nacional = catalog.Nacional(e.Codigo)
	e.Unidad = catalog.Unidad(r.lay.unidad)
	names := make([]string, len(r.lay.votes))
	for i, c := range r.lay.votes {
		names[i] = r.cols[c]
	}
	cs, err := catalog.Contendientes(names)
	if err != nil {
		var ce *catalog.ColumnError
		col := ""
		if errors.As(err, &ce) {
			col = ce.Columna
		}
		return nil, r.fail(r.line, col, "", "columna de votos no válida: "+
			catalog.MensajeColumna(err), err.Error())
	}
	e.Contendientes = cs
	return e, nil
}
