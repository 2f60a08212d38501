package documento

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Zona is the time zone documents state times in: the IEE Puebla stamps its files
// "(UTC-6)", and Puebla keeps no daylight saving time since 2022.
var Zona = time.FixedZone("UTC-6", -6*60*60)

var meses = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// Fecha writes a time as documents do: "9 de junio de 2024, 20:00 horas (UTC-6)".
func Fecha(t time.Time) string {
	if t.IsZero() {
		return "sin fecha"
	}
	t = t.In(Zona)
	return fmt.Sprintf("%d de %s de %d, %02d:%02d horas (UTC-6)", t.Day(), meses[t.Month()-1],
		t.Year(), t.Hour(), t.Minute())
}

// Page geometry on letter paper, in millimetres.
const (
	paginaAlto = 279.4
	margen     = 15.0
	margenPie  = 18.0
	renglon    = 5.0
)

// sinCP1252 writes with ASCII the signs the core fonts' cp1252 lacks.
var sinCP1252 = strings.NewReplacer("→", "->", "≤", "<=", "≥", ">=", "−", "-", "≠", "!=",
	"⁶", "6", "¹²", "12", "¹⁸", "18")

// hoja is a PDF being written.
type hoja struct {
	pdf   *fpdf.Fpdf
	tr    func(string) string
	ancho float64
}

// nuevaHoja starts a letter-size document with its page footer; simulacro marks every
// page as test data. fecha, the time of what it states, is its creation date: the same
// content makes the same bytes, so that a document made again (by the staff application,
// by the public record, after a restart) keeps its SHA-256.
func nuevaHoja(titulo string, simulacro, compress bool, fecha time.Time) *hoja {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetCreationDate(fecha)
	pdf.SetModificationDate(fecha)
	pdf.SetCatalogSort(true) // fonts and other catalogs in one order, for the same bytes
	pdf.SetCompression(compress)
	pdf.SetMargins(margen, margen, margen)
	pdf.SetAutoPageBreak(true, margenPie)
	pdf.SetTitle(titulo, true)
	pdf.SetCreator("sufragio", true)
	pdf.AliasNbPages("")
	w, _ := pdf.GetPageSize()
	h := &hoja{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor(""), ancho: w - 2*margen}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pie := fmt.Sprintf("%s - Página %d de {nb}", titulo, pdf.PageNo())
		if simulacro {
			pie = "SIMULACRO: DATOS DE PRUEBA - " + pie
		}
		pdf.CellFormat(0, 4, h.t(pie), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	if simulacro {
		pdf.SetFont("Helvetica", "B", 11)
		pdf.SetTextColor(200, 0, 0)
		pdf.CellFormat(0, 6, h.t("SIMULACRO: DATOS DE PRUEBA, SIN VALOR OFICIAL"), "", 1, "C",
			false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	return h
}

// t converts text for the core fonts.
func (h *hoja) t(s string) string { return h.tr(sinCP1252.Replace(s)) }

// encabezado writes the institute, the process and the council, centred.
func (h *hoja) encabezado(lineas ...string) {
	for i, l := range lineas {
		if l == "" {
			continue
		}
		size := 10.0
		if i == 0 {
			size = 12
		}
		h.pdf.SetFont("Helvetica", "B", size)
		h.pdf.MultiCell(0, renglon+0.5, h.t(l), "", "C", false)
	}
	h.pdf.Ln(2)
}

// titulo writes a document title.
func (h *hoja) titulo(s string) {
	h.pdf.SetFont("Helvetica", "B", 13)
	h.pdf.MultiCell(0, 7, h.t(s), "", "C", false)
	h.pdf.Ln(2)
}

// seccion writes a section heading, on a new page when too little room is left.
func (h *hoja) seccion(s string) {
	if h.pdf.GetY() > paginaAlto-margenPie-25 {
		h.pdf.AddPage()
	}
	h.pdf.Ln(2)
	h.pdf.SetFont("Helvetica", "B", 10.5)
	h.pdf.MultiCell(0, 6, h.t(s), "B", "L", false)
	h.pdf.Ln(1)
}

// parrafo writes running text, left-aligned so that each line is one text run.
func (h *hoja) parrafo(s string) {
	h.pdf.SetFont("Helvetica", "", 9.5)
	h.pdf.MultiCell(0, renglon, h.t(s), "", "L", false)
	h.pdf.Ln(1)
}

// nota writes small grey text.
func (h *hoja) nota(s string) {
	h.pdf.SetFont("Helvetica", "", 8)
	h.pdf.SetTextColor(90, 90, 90)
	h.pdf.MultiCell(0, 4, h.t(s), "", "L", false)
	h.pdf.SetTextColor(0, 0, 0)
}

// tabla writes a table: anchos are fractions of the width, alin the alignment of each
// column ("L", "R", "C"). A cell too long for its column wraps, and the header is repeated
// on every page.
func (h *hoja) tabla(anchos []float64, alin string, cabecera []string, filas [][]string) {
	w := make([]float64, len(anchos))
	for i, a := range anchos {
		w[i] = a * h.ancho
	}
	centrado := strings.Repeat("C", len(cabecera))
	h.fila(w, centrado, cabecera, true)
	for _, f := range filas {
		if !h.fila(w, alin, f, false) {
			h.pdf.AddPage()
			h.fila(w, centrado, cabecera, true)
			h.fila(w, alin, f, false)
		}
	}
	h.pdf.Ln(1)
}

// renglonTabla is the height of one line of text in a table cell.
const renglonTabla = 4.2

// fila writes one row of a table, each cell wrapped to its width, and reports false,
// writing nothing, when the row does not fit in what is left of the page.
func (h *hoja) fila(w []float64, alin string, celdas []string, cabecera bool) bool {
	if cabecera {
		h.pdf.SetFont("Helvetica", "B", 8.5)
		h.pdf.SetFillColor(225, 225, 225)
	} else {
		h.pdf.SetFont("Helvetica", "", 8.5)
	}
	lineas := make([][][]byte, len(celdas))
	n := 1
	for i, c := range celdas {
		lineas[i] = h.pdf.SplitLines([]byte(h.t(c)), w[i])
		n = max(n, len(lineas[i]))
	}
	alto := float64(n)*renglonTabla + 1
	x, y := margen, h.pdf.GetY()
	if y+alto > paginaAlto-margenPie {
		return false
	}
	estilo := "D"
	if cabecera {
		estilo = "FD"
	}
	for i := range celdas {
		h.pdf.Rect(x, y, w[i], alto, estilo)
		for j, l := range lineas[i] {
			h.pdf.SetXY(x, y+0.5+float64(j)*renglonTabla)
			h.pdf.CellFormat(w[i], renglonTabla, string(l), "", 0, string(alin[i]), false, 0,
				"")
		}
		x += w[i]
	}
	h.pdf.SetXY(margen, y+alto)
	return true
}

// firmas writes signature lines.
func (h *hoja) firmas(cargos ...string) {
	if h.pdf.GetY() > paginaAlto-margenPie-35 {
		h.pdf.AddPage()
	}
	h.pdf.Ln(18)
	w := h.ancho / float64(len(cargos))
	y := h.pdf.GetY()
	for i, c := range cargos {
		x := margen + float64(i)*w
		h.pdf.Line(x+8, y, x+w-8, y)
		h.pdf.SetXY(x, y+1)
		h.pdf.SetFont("Helvetica", "", 9)
		h.pdf.CellFormat(w, renglon, h.t(c), "", 0, "C", false, 0, "")
	}
	h.pdf.Ln(renglon + 2)
}

// escribir writes the finished PDF.
func (h *hoja) escribir(w io.Writer, que string) error {
	if err := h.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf of %s: %w", que, err)
	}
	return nil
}

// lista joins names in Spanish: "PT, PVEM y MORENA".
func lista(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " y " + xs[len(xs)-1]
}
