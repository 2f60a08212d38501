package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/sufragio/sufragio/internal/computo"
)

// runRP assigns representación proporcional seats from a CSV of votes per party, for the
// legal team's what-if questions: it prints the seats as CSV, a blank line and the
// explanation step by step.
func runRP(ctx context.Context, app *App, args []string) error {
	fs := app.flags("rp", "rp --votos ARCHIVO.csv --metodo federal|puebla [--escanos N]")
	path := fs.String("votos", "", "`ARCHIVO` CSV con las columnas partido,votos,mr y los "+
		"renglones NULOS, NO_REGISTRADAS y CAND_IND_n")
	metodo := fs.String("metodo", "", "fórmula: federal (Cámara de Diputados) o puebla "+
		"(Congreso de Puebla)")
	escanos := fs.Int("escanos", 0, "diputaciones de representación proporcional por "+
		"asignar; 0 toma las de la fórmula (200 en la federal, 15 en Puebla)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return failf(nil, "argumento de más %q: indique el archivo con --votos", fs.Arg(0))
	}
	if *path == "" {
		return failf(nil, "indique el archivo de votos con --votos ARCHIVO.csv")
	}
	if *escanos < 0 || *escanos > maxEscanosRP {
		return failf(nil, "--escanos debe ser un número de 1 a %d (0 toma los de la "+
			"fórmula)", maxEscanosRP)
	}
	data, err := os.ReadFile(*path)
	if err != nil {
		return failf(err, "no se pudo leer %s", *path)
	}
	v, err := parseVotosRP(data)
	if err != nil {
		return failf(err, "%s: %s", *path, mensajeDe(err))
	}
	a, err := asignarRP(v, *metodo, *escanos)
	if err != nil {
		return failf(err, "%s", mensajeDe(err))
	}
	return writeRP(app.Out, a, filepath.Base(*path))
}

// maxEscanosRP bounds --escanos: the federal Chamber has 200 RP seats, a state congress
// tens; the assignment's work grows with the seats.
const maxEscanosRP = 1000

// maxMRRP bounds the mr column: the federal Chamber has 300 majority seats.
const maxMRRP = 300

// asignarRP runs the chosen formula with its default rules and, if given, another number of
// RP seats.
func asignarRP(v computo.VotacionRP, metodo string, escanos int) (computo.AsignacionRP, error) {
	switch metodo {
	case "federal":
		cfg := computo.ConfigFederalINE()
		if escanos > 0 {
			cfg.EscanosRP = escanos
		}
		return computo.AsignarFederal(v, cfg)
	case "puebla":
		cfg := computo.ConfigPueblaCIPEEP()
		if escanos > 0 {
			cfg.EscanosRP = escanos
		}
		return computo.AsignarPuebla(v, cfg)
	case "":
		return computo.AsignacionRP{}, &computo.DatosError{Texto: "indique la fórmula con " +
			"--metodo federal o --metodo puebla"}
	}
	return computo.AsignacionRP{}, &computo.DatosError{Texto: fmt.Sprintf("fórmula %q "+
		"desconocida: use --metodo federal o --metodo puebla", metodo)}
}

// writeRP prints the seats as CSV partido,mr,rp,total, a blank line and the explanation.
func writeRP(out io.Writer, a computo.AsignacionRP, file string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"partido", "mr", "rp", "total"})
	for _, f := range a.Filas {
		w.Write([]string{f.Partido, strconv.Itoa(f.MR), strconv.Itoa(f.RP),
			strconv.Itoa(f.Total)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\nExplicación (fórmula %s, cifras de %s; ejercicio sin valor oficial: "+
		"las cifras se toman como cómputos concluidos):\n", a.Metodo, file)
	for _, l := range computo.Lineas(a.Pasos) {
		fmt.Fprintln(&b, l)
	}
	_, err := out.Write(b.Bytes())
	return err
}

// mensajeDe returns the Spanish text of an error meant for people.
func mensajeDe(err error) string {
	var de *computo.DatosError
	if errors.As(err, &de) {
		return de.Mensaje()
	}
	var ve *votosError
	if errors.As(err, &ve) {
		return ve.Error()
	}
	return "error interno: " + err.Error()
}

// votosError is a fault of the votes CSV, in Spanish, naming the line and the field.
type votosError struct {
	line  int
	field string
	msg   string
}

func (e *votosError) Error() string {
	if e.field == "" {
		return fmt.Sprintf("línea %d: %s", e.line, e.msg)
	}
	return fmt.Sprintf("línea %d, campo %s: %s", e.line, e.field, e.msg)
}

var (
	independienteRP = regexp.MustCompile(`^CAND_IND_[0-9]+$`)
	digitsRP        = regexp.MustCompile(`^[0-9]{1,10}$`)
)

// parseVotosRP reads the votes CSV strictly: the header partido,votos,mr; one row per party
// with whole, non-negative votes and MR seats; the rows NULOS and NO_REGISTRADAS (MR 0) and
// CAND_IND_n for the other vote categories, each at most once.
func parseVotosRP(data []byte) (computo.VotacionRP, error) {
	v := computo.VotacionRP{Completa: true}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1 // the count is checked here, so a bad header is named as such
	seen := map[string]int{}
	for first := true; ; first = false {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return v, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if !first && len(rec) != 3 {
			return v, &votosError{line: line, msg: "se esperaban 3 campos: partido,votos,mr"}
		}
		if first {
			if strings.Join(rec, ",") != "partido,votos,mr" {
				return v, &votosError{line: 1, msg: fmt.Sprintf("el encabezado debe ser "+
					"partido,votos,mr y es «%s»", strings.Join(rec, ","))}
			}
			continue
		}
		if err := addRowRP(&v, rec, line, seen); err != nil {
			return v, err
		}
	}
	if len(seen) == 0 && len(v.Partidos) == 0 {
		return v, &votosError{line: 1, msg: "el archivo está vacío o solo tiene el encabezado"}
	}
	if len(v.Partidos) == 0 {
		return v, &votosError{line: 1, msg: "el archivo no tiene ningún renglón de partido"}
	}
	return v, nil
}

// addRowRP adds one row of the votes CSV.
func addRowRP(v *computo.VotacionRP, rec []string, line int, seen map[string]int) error {
	name := rec[0]
	if name == "" || strings.TrimSpace(name) != name || strings.ContainsFunc(name,
		unicode.IsControl) {
		return &votosError{line: line, field: "partido", msg: fmt.Sprintf("nombre de "+
			"partido vacío, con espacios al inicio o al final o con caracteres de control: "+
			"«%s»", strings.ToValidUTF8(strings.Map(sinControl, name), "?"))}
	}
	// The rows of the other vote categories in any case: "nulos" is NULOS, not a party.
	for _, especial := range []string{computo.ColumnaNulos, computo.ColumnaNoRegistradas} {
		if strings.EqualFold(name, especial) {
			name = especial
		}
	}
	if strings.HasPrefix(strings.ToUpper(name), "CAND_IND") {
		name = strings.ToUpper(name)
	}
	if first, ok := seen[name]; ok {
		return &votosError{line: line, field: "partido", msg: fmt.Sprintf("%s ya aparece en "+
			"la línea %d", name, first)}
	}
	seen[name] = line
	votos, err := wholeRP(rec[1], line, "votos")
	if err != nil {
		return err
	}
	mr, err := wholeRP(rec[2], line, "mr")
	if err != nil {
		return err
	}
	if mr > maxMRRP {
		return &votosError{line: line, field: "mr", msg: fmt.Sprintf("%d diputaciones de "+
			"mayoría son más que los distritos de cualquier cámara (%d en la federal)", mr,
			maxMRRP)}
	}
	p := computo.PartidoRP{Partido: name, Votos: votos, MR: int(mr)}
	switch {
	case name == computo.ColumnaNulos || name == computo.ColumnaNoRegistradas:
		if mr != 0 {
			return &votosError{line: line, field: "mr", msg: name + " no tiene diputaciones " +
				"de mayoría: debe ser 0"}
		}
		if name == computo.ColumnaNulos {
			v.Nulos = votos
		} else {
			v.NoRegistradas = votos
		}
	case independienteRP.MatchString(name):
		v.Independientes = append(v.Independientes, p)
	case strings.HasPrefix(name, "CAND_IND") || name == computo.ColumnaNoRegistrados:
		return &votosError{line: line, field: "partido", msg: fmt.Sprintf("«%s» no es un "+
			"renglón válido: use CAND_IND_1, CAND_IND_2… o NO_REGISTRADAS", name)}
	default:
		v.Partidos = append(v.Partidos, p)
	}
	return nil
}

// wholeRP reads a whole, non-negative number of at most ten digits.
func wholeRP(s string, line int, field string) (int64, error) {
	if !digitsRP.MatchString(s) {
		return 0, &votosError{line: line, field: field, msg: fmt.Sprintf("«%s» no es un "+
			"número entero no negativo (solo cifras, sin separadores)", s)}
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n, nil
}

// sinControl shows a control character as "?".
func sinControl(r rune) rune {
	if unicode.IsControl(r) {
		return '?'
	}
	return r
}

// csvError translates a fault of the csv reader.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return &votosError{line: pe.Line, msg: "se esperaban 3 campos: partido,votos,mr"}
		}
		return &votosError{line: pe.Line, msg: "CSV mal formado (revise las comillas)"}
	}
	return err
}
