// Package excel writes the tables of a cómputo (documento.Tabla) as an Excel workbook, one
// sheet per table. It is apart from package documento because the Excel library it uses
// brings in net/http, which the domain packages do not import (ARCHITECTURE.md).
package excel

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/sufragio/sufragio/internal/computo/documento"
)

// Libro writes tablas as a workbook, one sheet each in the order given, numbers as
// numbers. documento.Tablas gives the tables of a cómputo.
func Libro(w io.Writer, tablas []documento.Tabla) error {
	if len(tablas) == 0 {
		return fmt.Errorf("write excel: no tables")
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, t := range tablas {
		if err := hoja(f, i, t); err != nil {
			return fmt.Errorf("write excel sheet %s: %w", t.Hoja, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write excel: %w", err)
	}
	return nil
}

// hoja writes table t as the i-th sheet, streaming its rows.
func hoja(f *excelize.File, i int, t documento.Tabla) error {
	if i == 0 {
		if err := f.SetSheetName("Sheet1", t.Hoja); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(t.Hoja); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Hoja)
	if err != nil {
		return err
	}
	head := make([]any, len(t.Cabecera))
	for j, c := range t.Cabecera {
		head[j] = c
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for j, fila := range t.Filas {
		cell, err := excelize.CoordinatesToCellName(1, j+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, fila); err != nil {
			return err
		}
	}
	return sw.Flush()
}
