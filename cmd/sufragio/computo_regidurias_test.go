package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestRegiduriasResumen checks how the summary tells the municipios of the file whose
// regidurías were not assigned, which the bundled data do not produce (every municipio
// has a constancia and parties over the threshold): the first five named with their
// reasons, the rest counted and sent to the explanation; the explanation names them all.
func TestRegiduriasResumen(t *testing.T) {
	ej := &ejercicio{f: &opendata.Archivo{Eleccion: &catalog.Eleccion{Codigo: "AYUN"}},
		m: &publish.Manifiesto{Numero: 1}, archivoRegidurias: "numeros.csv", sinNumero: 210,
		regidurias: map[string]int{}}
	for i := 1; i <= 7; i++ {
		id := fmt.Sprintf("%03d", i)
		ej.regidurias[id] = 2
		ej.noAsignadas = append(ej.noAsignadas, sinRegidurias{id, "MUNICIPIO " + id,
			"ningún partido distinto de la planilla ganadora alcanza el umbral"})
	}
	var w bytes.Buffer
	ej.regiduriasResumen(&w)
	want := "con el número de cada municipio de numeros.csv: asignadas en 0 de los 7 " +
		"municipios del archivo; regidurías asignadas: 0.\n" +
		"Municipios del archivo sin regidurías asignadas (7):\n" +
		"  001 MUNICIPIO 001: ningún partido distinto de la planilla ganadora alcanza el " +
		"umbral.\n"
	if got := w.String(); !strings.Contains(got, want) ||
		!strings.Contains(got, "  005 MUNICIPIO 005: ") || strings.Contains(got, "006") ||
		!strings.Contains(got, "  y 2 más (véase asignacion_regidurias_ayun.txt).\n"+
			"Municipios del cómputo que el archivo no lista, sin regidurías asignadas: 210.\n") ||
		strings.Contains(got, "por partido") {
		t.Errorf("summary:\n%s\nwant it to name 001 to 005 and count 2 more:\n%s", got, want)
	}
	w.Reset()
	if err := ej.regiduriasExplicacion(&w); err != nil ||
		!strings.Contains(w.String(), "  007 MUNICIPIO 007: ningún partido") {
		t.Errorf("explanation (%v):\n%s\nwant it to name 007", err, w.String())
	}
}
