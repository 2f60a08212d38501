package computo

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/sufragio/sufragio/internal/catalog"
)

// CabeceraSiglado is the header of a siglado file: per district, a coalition candidacy (its
// parties joined by "-", as the cómputo names it) and the party its MR seat counts for.
var CabeceraSiglado = []string{"ID_DISTRITO", "CANDIDATURA", "PARTIDO"}

// LeerSiglado reads and validates a siglado file (RULES.md §5; CIPEEP art. 321 a)) against
// the candidacies of election e: a CSV with the header CabeceraSiglado, lines starting
// with # being comments, every row naming a coalition candidacy of its district once and
// one of its parties (the layout of testdata/siglado_dip_loc_2024_supuesto.csv). Its
// errors are DatosError, in Spanish, naming the line and the field.
func LeerSiglado(data []byte, e *catalog.Eleccion) (Siglado, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comment = '#'
	r.FieldsPerRecord = len(CabeceraSiglado)
	cabecera, err := r.Read()
	if err != nil {
		return nil, errorCSV(err, "el siglado", CabeceraSiglado)
	}
	for i, w := range CabeceraSiglado {
		if strings.TrimSpace(cabecera[i]) != w {
			return nil, datosErrorf("línea de cabecera: la columna %d es %q y debe ser %s", i+1,
				cabecera[i], w)
		}
	}
	out := Siglado{}
	for {
		fila, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errorCSV(err, "el siglado", CabeceraSiglado)
		}
		linea, _ := r.FieldPos(0)
		if err := filaSiglado(fila, linea, e, out); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, datosErrorf("no trae el siglado de ninguna candidatura")
	}
	return out, nil
}

// filaSiglado validates one row and adds it to s.
func filaSiglado(fila []string, linea int, e *catalog.Eleccion, s Siglado) error {
	unidad, cand, partido := fila[0], fila[1], fila[2]
	var partidos []string
	for _, c := range e.Candidaturas {
		if c.Unidad == unidad && strings.Join(c.Partidos, "-") == cand {
			partidos = c.Partidos
		}
	}
	switch {
	case len(partidos) == 0:
		return datosErrorf("línea %d, campo CANDIDATURA: %q no es una candidatura de %s en "+
			"el distrito %q", linea, cand, e.Nombre(), unidad)
	case len(partidos) == 1:
		return datosErrorf("línea %d, campo CANDIDATURA: %s es de un solo partido y no lleva "+
			"siglado", linea, cand)
	case !slices.Contains(partidos, partido):
		return datosErrorf("línea %d, campo PARTIDO: %q no es uno de los partidos de %s (%s)",
			linea, partido, cand, strings.Join(partidos, ", "))
	case s[unidad][cand] != "":
		return datosErrorf("línea %d: la candidatura %s del distrito %s ya tiene siglado (%s)",
			linea, cand, unidad, s[unidad][cand])
	}
	if s[unidad] == nil {
		s[unidad] = map[string]string{}
	}
	s[unidad][cand] = partido
	return nil
}

// errorCSV explains in Spanish a line of a file that is not CSV of its layout, whose
// header is cabecera; archivo names the file ("el siglado").
func errorCSV(err error, archivo string, cabecera []string) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return datosErrorf("%s está vacío: le falta la cabecera %s", archivo,
			strings.Join(cabecera, ","))
	case errors.Is(err, csv.ErrFieldCount) && errors.As(err, &pe):
		return datosErrorf("línea %d: debe tener %d campos (%s)", pe.Line, len(cabecera),
			strings.Join(cabecera, ","))
	case errors.As(err, &pe):
		return datosErrorf("línea %d, columna %d: comillas mal puestas", pe.Line, pe.Column)
	}
	return datosErrorf("no se pudo leer %s: %v", archivo, err)
}
