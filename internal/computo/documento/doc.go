// Package documento writes the documents of a cómputo: the acta de cómputo and the
// constancia de mayoría as PDF, in Spanish, with every figure in numbers and in words, and
// the results, casillas and reconciliation as tables (Tabla) written as CSV here and as
// Excel by package excel. It reads what package computo returns (ActaComputo, Constancia,
// CasillaComputo, Conciliacion) and changes nothing.
//
// The PDFs use the core Helvetica font, encoded in cp1252, which holds every letter of
// Spanish; the few signs it lacks (→, ≤, −) are written with ASCII.
package documento
