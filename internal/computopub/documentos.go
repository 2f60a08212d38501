package computopub

import (
	"encoding/json"
	"io"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
)

// fuente is what the files of a cómputo are made from: its acta and, for a council's
// session, its reconciliation with the PREP and its casillas (read only when written).
type fuente struct {
	acta         computo.ActaComputo
	conciliacion *computo.Conciliacion
	casillas     func() []computo.CasillaComputo
	// asignacion, when set, is an RP assignment, published instead of an acta.
	asignacion *computo.Asignacion
}

// registro is the public record of f (entry e), without its files.
func (f *fuente) registro(e Entrada) *Computo {
	if f.asignacion != nil {
		return registroAsignacion(e, f.asignacion)
	}
	return registro(e.ID, e, f.acta, f.conciliacion)
}

// documentoPub is one file of a cómputo: how to make it and, for a PDF, whose bytes carry
// the time they were made, what it states (clave), so that it is rewritten only when that
// changes.
type documentoPub struct {
	nombre      string
	descripcion string
	generar     func(io.Writer) error
	clave       func(*Computo) []byte
}

// documentos lists the files of record c, made from f, in the order they are written.
func documentos(c *Computo, f *fuente) []documentoPub {
	if f.asignacion != nil {
		return documentosAsignacion(f.asignacion)
	}
	a := f.acta
	ds := []documentoPub{{nombre: "acta.pdf", descripcion: "Acta de cómputo (PDF)",
		generar: func(w io.Writer) error { return documento.ActaPDF(w, a) }}}
	for _, k := range a.Constancias {
		desc := "Constancia de mayoría " + k.Folio + " (PDF)"
		if k.Revocada {
			desc = "Constancia de mayoría " + k.Folio + ", revocada (PDF)"
		}
		folio := k.Folio
		ds = append(ds, documentoPub{nombre: nombreConstancia(k.Folio), descripcion: desc,
			generar: func(w io.Writer) error { return documento.ConstanciaPDF(w, k) },
			clave:   func(c *Computo) []byte { return claveConstancia(c, folio) }})
	}
	ds = append(ds, documentoPub{nombre: "resultados.csv",
		descripcion: "Resultados por columna del acta, por partido y por candidatura (CSV)",
		generar:     func(w io.Writer) error { return documento.ResultadosCSV(w, a) }})
	if a.Estatal {
		return append(ds, documentoPub{nombre: "distritos.csv",
			descripcion: "Actas de cómputo distrital sumadas (CSV)",
			generar:     func(w io.Writer) error { return documento.DistritosCSV(w, a) }})
	}
	if f.casillas != nil {
		ds = append(ds, documentoPub{nombre: "casillas.csv",
			descripcion: "Casillas con sus cifras, su fuente y las causas de recuento (CSV)",
			generar: func(w io.Writer) error {
				return documento.CasillasCSV(w, a.Definicion, f.casillas())
			}})
	}
	if k := f.conciliacion; k != nil {
		ds = append(ds, documentoPub{nombre: "conciliacion.csv",
			descripcion: "Conciliación del PREP con el cómputo, casilla por casilla: PREP_ es " +
				"lo que el PREP capturó, DIF_ el cómputo menos lo que el PREP contabilizó (todo " +
				"el cómputo cuando PREP_CONTABILIZADA es 0) (CSV)",
			generar: func(w io.Writer) error { return documento.ConciliacionCSV(w, *k) }})
	}
	return ds
}

// claveConstancia is what the PDF of constancia folio states: the constancia as recorded
// and the council and contest that head it; nil when c has no such constancia.
func claveConstancia(c *Computo, folio string) []byte {
	for _, k := range c.Constancias {
		if k.Folio != folio {
			continue
		}
		b, err := json.Marshal(struct {
			Instituto, Proceso, Consejo, EleccionNombre, Unidad, UnidadNombre string
			Simulacro                                                         bool
			Constancia                                                        Constancia
		}{c.Instituto, c.Proceso, c.Consejo, c.EleccionNombre, c.Unidad, c.UnidadNombre,
			c.Simulacro, k})
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}
