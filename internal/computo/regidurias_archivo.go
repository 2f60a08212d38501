package computo

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/catalog"
)

// CabeceraRegidurias is the header of a file of RP regidurías: per municipio, its id as in
// the open-data file (three digits, 114) and its number of RP regidurías.
var CabeceraRegidurias = []string{"ID_MUNICIPIO", "REGIDURIAS_RP"}

// LeerRegidurias reads and validates a file with the number of RP regidurías of each
// municipio (RULES.md §7.3; it depends on the municipio's population, Q-11) against the
// municipios of election e, those its candidacies run in: a CSV with the header
// CabeceraRegidurias, lines starting with # being comments, every row naming a municipio
// once with a whole number from 1 to 30 (the layout of
// testdata/regidurias_ayun_2024_supuesto.csv). It returns the number by municipio id. Its
// errors are DatosError, in Spanish, naming the line and the field.
func LeerRegidurias(data []byte, e *catalog.Eleccion) (map[string]int, error) {
	if e.Unidad != catalog.UnidadMunicipio {
		return nil, datosErrorf("%s no se computa por municipio: no tiene regidurías",
			e.Nombre())
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comment = '#'
	r.FieldsPerRecord = len(CabeceraRegidurias)
	const archivo = "el archivo de regidurías"
	cabecera, err := r.Read()
	if err != nil {
		return nil, errorCSV(err, archivo, CabeceraRegidurias)
	}
	for i, w := range CabeceraRegidurias {
		if strings.TrimSpace(cabecera[i]) != w {
			return nil, datosErrorf("línea de cabecera: la columna %d es %q y debe ser %s", i+1,
				cabecera[i], w)
		}
	}
	municipios := map[string]bool{}
	for _, c := range e.Candidaturas {
		if c.Unidad != "" {
			municipios[c.Unidad] = true
		}
	}
	out, lineas := map[string]int{}, map[string]int{}
	for {
		fila, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errorCSV(err, archivo, CabeceraRegidurias)
		}
		linea, _ := r.FieldPos(0)
		id, n, err := filaRegidurias(fila, linea, e, municipios)
		if err != nil {
			return nil, err
		}
		if antes, ok := lineas[id]; ok {
			return nil, datosErrorf("línea %d, campo ID_MUNICIPIO: el municipio %s ya está en "+
				"la línea %d", linea, id, antes)
		}
		out[id], lineas[id] = n, linea
	}
	if len(out) == 0 {
		return nil, datosErrorf("no trae el número de regidurías de ningún municipio")
	}
	return out, nil
}

// filaRegidurias validates one row against the municipios of e and returns its municipio
// and number.
func filaRegidurias(fila []string, linea int, e *catalog.Eleccion,
	municipios map[string]bool) (string, int, error) {
	id, txt := strings.TrimSpace(fila[0]), strings.TrimSpace(fila[1])
	if !municipios[id] {
		pista := ""
		if _, err := strconv.Atoi(id); err == nil && len(id) < 3 {
			pista = " (el identificador lleva tres cifras, como en los datos: 001)"
		}
		return "", 0, datosErrorf("línea %d, campo ID_MUNICIPIO: %q no es un municipio de "+
			"%s%s", linea, fila[0], e.Nombre(), pista)
	}
	n, err := strconv.Atoi(txt)
	if err != nil || n < 1 || n > maxRegidurias || txt[0] == '+' {
		return "", 0, datosErrorf("línea %d, campo REGIDURIAS_RP: %q no es un número entero "+
			"de 1 a %d", linea, fila[1], maxRegidurias)
	}
	return id, n, nil
}
