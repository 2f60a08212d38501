package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
)

// cabeceraSiglado is the header of a siglado file: per district, a coalition candidacy (its
// parties joined by "-", as the cómputo names it) and the party its MR seat counts for.
var cabeceraSiglado = []string{"ID_DISTRITO", "CANDIDATURA", "PARTIDO"}

// leerSiglado reads the siglado file of an election: to which party the MR seat of each
// coalition candidacy counts for the RP limits (CIPEEP art. 321 a); RULES.md §5). The
// layout is that of internal/computo/testdata/siglado_dip_loc_2024_supuesto.csv, lines
// starting with # being comments.
func leerSiglado(path string, e *catalog.Eleccion) (computo.Siglado, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, failf(err, "no se pudo leer el archivo de siglado %s: %s", path, razon(err))
	}
	s, err := parseSiglado(data, e)
	if err != nil {
		return nil, failf(err, "%s: %s", path, razon(err))
	}
	return s, nil
}

// parseSiglado reads and validates a siglado file against the candidacies of e: every row
// names a coalition candidacy of its district once, and one of its parties.
func parseSiglado(data []byte, e *catalog.Eleccion) (computo.Siglado, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comment = '#'
	r.FieldsPerRecord = len(cabeceraSiglado)
	cabecera, err := r.Read()
	if err != nil {
		return nil, errorSiglado(err)
	}
	for i, w := range cabeceraSiglado {
		if strings.TrimSpace(cabecera[i]) != w {
			return nil, failf(nil, "línea de cabecera: la columna %d es %q y debe ser %s", i+1,
				cabecera[i], w)
		}
	}
	out := computo.Siglado{}
	for {
		fila, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errorSiglado(err)
		}
		linea, _ := r.FieldPos(0)
		if err := filaSiglado(fila, linea, e, out); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, failf(nil, "no trae el siglado de ninguna candidatura")
	}
	return out, nil
}

// filaSiglado validates one row and adds it to s.
func filaSiglado(fila []string, linea int, e *catalog.Eleccion, s computo.Siglado) error {
	unidad, cand, partido := fila[0], fila[1], fila[2]
	var partidos []string
	for _, c := range e.Candidaturas {
		if c.Unidad == unidad && strings.Join(c.Partidos, "-") == cand {
			partidos = c.Partidos
		}
	}
	switch {
	case len(partidos) == 0:
		return failf(nil, "línea %d, campo CANDIDATURA: %q no es una candidatura de %s en el "+
			"distrito %q", linea, cand, e.Nombre(), unidad)
	case len(partidos) == 1:
		return failf(nil, "línea %d, campo CANDIDATURA: %s es de un solo partido y no lleva "+
			"siglado", linea, cand)
	case !slices.Contains(partidos, partido):
		return failf(nil, "línea %d, campo PARTIDO: %q no es uno de los partidos de %s (%s)",
			linea, partido, cand, strings.Join(partidos, ", "))
	case s[unidad][cand] != "":
		return failf(nil, "línea %d: la candidatura %s del distrito %s ya tiene siglado (%s)",
			linea, cand, unidad, s[unidad][cand])
	}
	if s[unidad] == nil {
		s[unidad] = map[string]string{}
	}
	s[unidad][cand] = partido
	return nil
}

// errorSiglado explains in Spanish a line of the siglado file that is not CSV of its layout.
func errorSiglado(err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return failf(err, "está vacío: le falta la cabecera %s", strings.Join(cabeceraSiglado,
			","))
	case errors.Is(err, csv.ErrFieldCount) && errors.As(err, &pe):
		return failf(err, "línea %d: debe tener %d campos (%s)", pe.Line, len(cabeceraSiglado),
			strings.Join(cabeceraSiglado, ","))
	case errors.As(err, &pe):
		return failf(err, "línea %d, columna %d: comillas mal puestas", pe.Line, pe.Column)
	}
	return failf(err, "no se pudo leer: %s", razon(err))
}
