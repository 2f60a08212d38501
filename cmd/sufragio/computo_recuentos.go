package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/opendata"
)

// recuento is one casilla's recount figures from the recount file.
type recuento struct {
	linea      int
	votos      computo.Votos // every vote column of the election
	reservados int64
	destino    string // the column the council gives the votos reservados
}

// columnasDescriptivas open every row of a recount file of election e, before the vote
// columns; the first five and LISTA_NOMINAL must agree with the acta of the corte. The
// third is the acta's unit: its district, or its municipio for Ayuntamientos.
func columnasDescriptivas(e *catalog.Eleccion) []string {
	unidad := "ID_DISTRITO"
	if e.Unidad == catalog.UnidadMunicipio {
		unidad = "ID_MUNICIPIO"
	}
	return []string{"ID_ACTA", "CLAVE_CASILLA", unidad, "SECCION", "TIPO_CASILLA",
		"LISTA_NOMINAL", "OBSERVACIONES_PREP", "ORIGEN"}
}

// leerRecuentos reads and validates a recount file against the actas of the corte: the
// layout of internal/computo/testdata/recuentos_*_2024_sinteticos.csv, lines starting
// with # being comments.
func leerRecuentos(path string, f *opendata.Archivo, numero int) (map[string]recuento, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, failf(err, "no se pudo leer el archivo de recuentos %s: %s", path,
			razon(err))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comment = '#'
	cabecera, err := r.Read()
	if err != nil {
		return nil, errorCSV(path, r, cabecera, err)
	}
	if err := comprobarCabecera(path, cabecera, f); err != nil {
		return nil, err
	}
	actas := map[string]*acta.Acta{}
	for _, a := range f.Actas {
		if !a.FueraDeCatalogo() {
			actas[a.ID] = a
		}
	}
	out := map[string]recuento{}
	for {
		fila, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errorCSV(path, r, fila, err)
		}
		linea, _ := r.FieldPos(0)
		rc, err := filaRecuento(cabecera, fila, linea, actas, out, f.Eleccion, numero)
		if err != nil {
			return nil, failf(err, "%s, %s", path, razon(err))
		}
		out[fila[0]] = rc
	}
	if len(out) == 0 {
		return nil, failf(nil, "%s no trae cifras de recuento de ninguna casilla", path)
	}
	return out, nil
}

// errorCSV explains in Spanish a line of the recount file that is not CSV of its layout.
func errorCSV(path string, r *csv.Reader, fila []string, err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return failf(err, "%s está vacío: le falta la cabecera", path)
	case errors.Is(err, csv.ErrFieldCount) && errors.As(err, &pe):
		return failf(err, "%s, línea %d: %d campos, y la cabecera tiene %d", path, pe.Line,
			len(fila), r.FieldsPerRecord)
	case errors.As(err, &pe):
		return failf(err, "%s, línea %d, columna %d: comillas mal puestas", path, pe.Line,
			pe.Column)
	}
	return failf(err, "no se pudo leer %s: %s", path, razon(err))
}

// comprobarCabecera requires the header of the layout: the descriptive columns, every vote
// column of the election in acta order, RESERVADOS and RESERVADOS_A.
func comprobarCabecera(path string, cabecera []string, f *opendata.Archivo) error {
	want := columnasDescriptivas(f.Eleccion)
	for _, c := range f.Eleccion.Contendientes {
		want = append(want, c.Columna)
	}
	want = append(want, "RESERVADOS", "RESERVADOS_A")
	for i, w := range want {
		if i >= len(cabecera) {
			return failf(nil, "%s, línea de cabecera: falta la columna %s (número %d)", path,
				w, i+1)
		}
		if strings.TrimSpace(cabecera[i]) != w {
			return failf(nil, "%s, línea de cabecera: la columna %d es %q y debe ser %s", path,
				i+1, cabecera[i], w)
		}
	}
	if len(cabecera) > len(want) {
		return failf(nil, "%s, línea de cabecera: sobra la columna %q (número %d)", path,
			cabecera[len(want)], len(want)+1)
	}
	return nil
}

// filaRecuento validates one row of the recount file against its acta in the corte.
func filaRecuento(cabecera, fila []string, linea int, actas map[string]*acta.Acta,
	vistas map[string]recuento, e *catalog.Eleccion, numero int) (recuento, error) {
	id := fila[0]
	a, ok := actas[id]
	if !ok {
		return recuento{}, failf(nil, "línea %d, campo ID_ACTA: %q no es un acta de "+
			"%s del corte %d", linea, id, e.Nombre(), numero)
	}
	if prev, dup := vistas[id]; dup {
		return recuento{}, failf(nil, "línea %d, campo ID_ACTA: el acta %s ya tiene cifras en "+
			"la línea %d", linea, id, prev.linea)
	}
	del := []string{id, a.ClaveCasilla, a.UnidadID, a.Seccion, a.TipoCasilla,
		strconv.FormatInt(a.ListaNominal.Votes(), 10)}
	for i, v := range del {
		if fila[i] != v {
			return recuento{}, failf(nil, "línea %d, campo %s: %q, y el acta %s del corte "+
				"dice %q", linea, cabecera[i], fila[i], id, v)
		}
	}
	rc := recuento{linea: linea, votos: computo.Votos{}}
	n := len(fila)
	for i := len(columnasDescriptivas(e)); i < n-1; i++ {
		v, err := strconv.ParseUint(fila[i], 10, 31)
		if err != nil {
			return recuento{}, failf(err, "línea %d, campo %s: %q no es un número de votos "+
				"(un entero sin signo)", linea, cabecera[i], fila[i])
		}
		rc.votos[cabecera[i]] = int64(v)
	}
	rc.reservados = rc.votos["RESERVADOS"]
	delete(rc.votos, "RESERVADOS")
	rc.destino = strings.TrimSpace(fila[n-1])
	if err := comprobarDestino(rc, linea); err != nil {
		return recuento{}, err
	}
	return rc, nil
}

// comprobarDestino requires RESERVADOS_A to name a vote column exactly when there are
// votos reservados.
func comprobarDestino(rc recuento, linea int) error {
	_, columna := rc.votos[rc.destino]
	switch {
	case rc.reservados == 0 && rc.destino != "":
		return failf(nil, "línea %d, campo RESERVADOS_A: %q, sin votos reservados que asignar "+
			"(debe ir vacío)", linea, rc.destino)
	case rc.reservados > 0 && !columna:
		return failf(nil, "línea %d, campo RESERVADOS_A: %q no es una columna de votos de la "+
			"elección, y hay %d votos reservados que asignar", linea, rc.destino, rc.reservados)
	}
	return nil
}

// cifras gives the driver of the exercise the recount figures of casilla c from the recount
// file, restricted to the columns of its unit, and false when the file has none for it.
// Votes in a column that does not run in the unit are refused, and so are votos
// reservados given to one.
func (ej *ejercicio) cifras(def computo.Definicion, c computo.CasillaComputo) (
	computo.CifrasRecuento, bool, error) {
	rc, ok := ej.rec[c.ID]
	if !ok {
		return computo.CifrasRecuento{}, false, nil
	}
	r := computo.CifrasRecuento{Votos: computo.Votos{}, Reservados: rc.reservados,
		Columna: rc.destino}
	for _, col := range def.Columnas {
		r.Votos[col] = rc.votos[col]
	}
	for _, k := range ej.f.Eleccion.Contendientes {
		if _, corre := r.Votos[k.Columna]; !corre && rc.votos[k.Columna] > 0 {
			return r, false, failf(nil, "línea %d del archivo de recuentos: %d votos en %s, "+
				"que no corre en %s", rc.linea, rc.votos[k.Columna], k.Columna, def.Unidad)
		}
	}
	if rc.reservados == 0 {
		return r, true, nil
	}
	if !slices.Contains(def.Columnas, rc.destino) {
		return r, false, failf(nil, "línea %d del archivo de recuentos, campo RESERVADOS_A: "+
			"%s no corre en %s", rc.linea, rc.destino, def.Unidad)
	}
	r.Motivo = fmt.Sprintf("asignados a %s por el archivo de recuentos, línea %d",
		rc.destino, rc.linea)
	return r, true, nil
}
