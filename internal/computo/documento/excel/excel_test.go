package excel

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sufragio/sufragio/internal/computo/documento"
)

func TestLibro(t *testing.T) {
	tablas := []documento.Tabla{
		{Hoja: "Resultados", Cabecera: []string{"SIMULACRO", "TIPO", "CLAVE", "VOTOS"},
			Filas: [][]any{{int64(1), "candidatura", "PT-PVEM-MORENA-NAP-FXMP",
				int64(1908954)}, {int64(1), "nulos", "", int64(103788)}}},
		{Hoja: "Casillas", Cabecera: []string{"CASILLA", "MORENA"},
			Filas: [][]any{{"210101B0100", int64(75)}}},
	}
	var b bytes.Buffer
	if err := Libro(&b, tablas); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Resultados,Casillas" {
		t.Errorf("sheets %s, want Resultados,Casillas", got)
	}
	v, err := f.GetCellValue("Resultados", "D2")
	if err != nil || v != "1908954" {
		t.Errorf("Resultados!D2 = %q (%v), want 1908954", v, err)
	}
	// Numbers are numbers, not text, so that the sheet adds them up.
	if typ, err := f.GetCellType("Resultados", "D3"); err != nil ||
		typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("Resultados!D3 has type %v (%v), want a number", typ, err)
	}
	if v, _ := f.GetCellValue("Casillas", "A2"); v != "210101B0100" {
		t.Errorf("Casillas!A2 = %q", v)
	}
	if err := Libro(&b, nil); err == nil {
		t.Errorf("a workbook without tables was written")
	}
}
