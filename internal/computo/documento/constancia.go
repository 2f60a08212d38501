package documento

import (
	"fmt"
	"io"
	"strings"

	"github.com/sufragio/sufragio/internal/computo"
)

// ConstanciaPDF writes a constancia de mayoría as PDF: who issues it, to whom, for which
// election and unit, with the votes in numbers and in words, its folio and date. A revoked
// constancia says so, when and why, and which one replaced it.
func ConstanciaPDF(w io.Writer, k computo.Constancia) error {
	return constanciaPDF(w, k, true)
}

func constanciaPDF(w io.Writer, k computo.Constancia, compress bool) error {
	fecha := k.Expedida
	if k.RevocadaCuando.After(fecha) {
		fecha = k.RevocadaCuando
	}
	h := nuevaHoja("Constancia de mayoría "+k.Folio, k.Simulacro, compress, fecha)
	h.encabezado(k.Instituto, k.Proceso, k.Consejo)
	h.pdf.Ln(6)
	h.titulo("CONSTANCIA DE MAYORÍA Y VALIDEZ")
	h.titulo("ELECCIÓN DE " + strings.ToUpper(k.EleccionNombre))
	h.pdf.Ln(4)
	if k.Revocada {
		h.pdf.SetTextColor(200, 0, 0)
		h.titulo("REVOCADA")
		h.pdf.SetTextColor(0, 0, 0)
	}

	s := fmt.Sprintf("El %s, realizado el cómputo de la elección de %s en %s y declarada "+
		"su validez, con fundamento en %s [por confirmar], expide la presente constancia de "+
		"mayoría y validez a favor de la candidatura de %s, postulada por %s, por haber "+
		"obtenido la mayoría de votos en el cómputo: %s votos.", k.Consejo, k.EleccionNombre,
		lugar(k), k.Fundamento, k.Propietaria, lista(k.Partidos), Cifra(k.Votos))
	if k.Segundo != "" {
		s += fmt.Sprintf(" Diferencia con el segundo lugar: %s votos.", Cifra(k.Diferencia))
	}
	if k.Suplente != "" {
		s += " Candidatura suplente: " + k.Suplente + "."
	}
	h.parrafo(s)
	h.pdf.Ln(3)
	h.parrafo(fmt.Sprintf("Folio %s. Expedida el %s.", k.Folio, Fecha(k.Expedida)))
	if k.Revocada {
		r := fmt.Sprintf("Esta constancia fue revocada el %s porque una corrección del "+
			"cómputo cambió la candidatura ganadora: %s.", Fecha(k.RevocadaCuando),
			k.RevocadaCausa)
		if k.SustituidaPor != "" {
			r += " La sustituye la constancia " + k.SustituidaPor + "."
		}
		h.parrafo(r)
	}
	h.firmas("Presidencia del consejo", "Secretaría del consejo")
	return h.escribir(w, "constancia "+k.Folio)
}

// lugar names the unit of a constancia.
func lugar(k computo.Constancia) string {
	if k.UnidadNombre == "" {
		return k.Unidad
	}
	return fmt.Sprintf("%s (%s)", k.UnidadNombre, k.Unidad)
}
