package etiqueta

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// errNoActas is the error of a sheet without labels; its text is shown to the user.
var errNoActas = errors.New("no hay actas para las etiquetas")

// The page geometry, in millimetres on letter paper (215.9 × 279.4 mm).
const (
	pageWidth   = 215.9
	pageHeight  = 279.4
	margin      = 8.0  // left, right and bottom
	gridTop     = 20.0 // below the page header
	columns     = 3
	rows        = 8
	perPage     = columns * rows
	labelWidth  = (pageWidth - 2*margin) / columns
	labelHeight = (pageHeight - gridTop - margin) / rows
	padding     = 2.0
)

// The layout of a label, in millimetres from its top left corner.
const (
	headBase = 4.4  // baseline of the election line
	idBase   = 10.3 // baseline of the acta ID
	qrTop    = 11.2 // the code, quiet zone included, runs from here to the bottom
	qrLeft   = 0.6
	qrSize   = labelHeight - qrTop - 0.6
	infoLeft = qrLeft + qrSize + 0.4 // the quiet zone already separates text from code
	infoBase = 14.6                  // baseline of the first detail line
	infoStep = 3.4                   // between detail lines
)

// The colours of the sheet, as RGB.
var (
	black     = [3]int{0, 0, 0}
	grey      = [3]int{90, 90, 90}
	red       = [3]int{200, 0, 0}
	pale      = [3]int{245, 170, 170} // the page mark: visible, yet black text reads over it
	guideGrey = 190                   // the cut guides
)

// ellipsis ends a text cut to fit; it is in cp1252 (0x85), the encoding of the core fonts.
const ellipsis = "…"

// PDF writes a printable PDF on letter paper of the labels, 3 columns by 8 rows per page in
// the order given, each with its QR code, the election, the acta ID, the sección, the casilla,
// the clave when it differs from the ID, and the distrito (the municipio for AYUN). titulo
// heads every page with the page number ("Página 2 de 5") and the range of labels on it. When
// simulacro is true every page carries a large SIMULACRO mark, and so does every label. An
// empty list, or a label whose code could not be read back (an empty election or acta ID, or
// one holding a space or a "|"), is an error, and then nothing is written to w.
func PDF(w io.Writer, titulo string, simulacro bool, etiquetas []Etiqueta) error {
	return write(w, titulo, simulacro, etiquetas, true)
}

// write is PDF with the page streams compressed or not; tests read them uncompressed.
func write(w io.Writer, titulo string, simulacro bool, etiquetas []Etiqueta,
	compress bool) error {
	if len(etiquetas) == 0 {
		return errNoActas
	}
	codes, err := encode(etiquetas)
	if err != nil {
		return err
	}

	s := newSheet(titulo, simulacro, len(etiquetas), compress)
	for i, e := range etiquetas {
		if i%perPage == 0 {
			s.page(i)
		}
		s.label(i%perPage, e, codes)
	}

	if err := s.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf of %d labels: %w", len(etiquetas), err)
	}
	return nil
}

// encode checks that every label's code reads back to its acta and returns the PNG of each
// distinct payload. Encoding is most of the work of a sheet, so it runs on every processor.
func encode(etiquetas []Etiqueta) (map[string][]byte, error) {
	codes := make(map[string][]byte, len(etiquetas))
	var payloads []string
	for i, e := range etiquetas {
		p := e.payload()
		if el, id, ok := ParsePayload(p); !ok || el != e.Eleccion || id != e.ActaID {
			return nil, fmt.Errorf("etiqueta %d: la elección %q o el acta %q está vacía o "+
				"contiene espacios o \"|\"", i+1, e.Eleccion, e.ActaID)
		}
		if _, ok := codes[p]; !ok {
			codes[p] = nil
			payloads = append(payloads, p)
		}
	}

	pngs := make([][]byte, len(payloads))
	errs := make([]error, len(payloads))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(payloads)) {
		wg.Go(func() {
			for i := range next {
				pngs[i], errs[i] = labelQR(payloads[i])
			}
		})
	}
	for i := range payloads {
		next <- i
	}
	close(next)
	wg.Wait()

	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, p := range payloads {
		codes[p] = pngs[i]
	}
	return codes, nil
}

// sheet is a PDF being laid out.
type sheet struct {
	pdf       *fpdf.Fpdf
	tr        func(string) string // UTF-8 to cp1252, the encoding of the core fonts
	titulo    string
	simulacro bool
	total     int // labels
	pages     int
}

// newSheet starts the PDF of total labels.
func newSheet(titulo string, simulacro bool, total int, compress bool) *sheet {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetCompression(compress)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetTitle(titulo, true)
	pdf.SetCreator("sufragio", true)
	return &sheet{
		pdf:       pdf,
		tr:        pdf.UnicodeTranslatorFromDescriptor(""),
		titulo:    titulo,
		simulacro: simulacro,
		total:     total,
		pages:     (total + perPage - 1) / perPage,
	}
}

// page starts the page whose first label is the first-th (from 0) and draws its header.
func (s *sheet) page(first int) {
	p := s.pdf
	p.AddPage()
	if s.simulacro {
		s.mark()
	}

	n := first/perPage + 1
	last := min(first+perPage, s.total)
	p.SetFont("Helvetica", "", 9)
	s.color(black)
	right := s.tr(fmt.Sprintf("Página %d de %d", n, s.pages))
	p.Text(pageWidth-margin-p.GetStringWidth(right), 11, right)
	p.SetFontSize(8)
	s.color(grey)
	labels := s.tr(fmt.Sprintf("Etiquetas %d a %d de %d", first+1, last, s.total))
	p.Text(pageWidth-margin-p.GetStringWidth(labels), 16, labels)

	width := pageWidth - 2*margin - 55
	s.color(black)
	p.Text(margin, 11, s.fit("Helvetica", "B", 12, 8, s.titulo, width))
	p.SetFont("Helvetica", "", 8)
	s.color(grey)
	p.Text(margin, 16, s.tr("Actas PREP: lea el código QR al recibir el acta en el CATD."))
	if s.simulacro {
		p.SetFont("Helvetica", "B", 12)
		s.color(red)
		p.Text(pageWidth/2+8, 16, "SIMULACRO")
	}
}

// mark draws the SIMULACRO mark across the page, under everything else: the codes keep
// their white background over it and so scan as well as on a clean page.
func (s *sheet) mark() {
	p := s.pdf
	p.SetFont("Helvetica", "B", 120)
	s.color(pale)
	w := p.GetStringWidth("SIMULACRO")
	capHeight := 120 * 0.72 * 25.4 / 72
	cx, cy := pageWidth/2, pageHeight/2
	p.TransformBegin()
	p.TransformRotate(math.Atan2(pageHeight, pageWidth)*180/math.Pi, cx, cy)
	p.Text(cx-w/2, cy+capHeight/2, "SIMULACRO")
	p.TransformEnd()
}

// label draws e in the slot-th cell (from 0) of the page.
func (s *sheet) label(slot int, e Etiqueta, codes map[string][]byte) {
	p := s.pdf
	x := margin + float64(slot%columns)*labelWidth
	y := gridTop + float64(slot/columns)*labelHeight
	p.SetDrawColor(guideGrey, guideGrey, guideGrey)
	p.SetLineWidth(0.2)
	p.Rect(x, y, labelWidth, labelHeight, "D")

	inner := labelWidth - 2*padding
	if s.simulacro {
		p.SetFont("Helvetica", "B", 8)
		s.color(red)
		w := p.GetStringWidth("SIMULACRO")
		p.Text(x+labelWidth-padding-w, y+headBase, "SIMULACRO")
		inner -= w + 2
	}
	s.color(black)
	p.Text(x+padding, y+headBase, s.fit("Helvetica", "B", 8, 6, e.EleccionNombre, inner))
	p.Text(x+padding, y+idBase,
		s.fit("Courier", "B", 16, 9, e.ActaID, labelWidth-2*padding))

	payload := e.payload()
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	p.RegisterImageOptionsReader(payload, opt, bytes.NewReader(codes[payload]))
	p.ImageOptions(payload, x+qrLeft, y+qrTop, qrSize, qrSize, false, opt, 0, "")

	s.details(x, y, e)
}

// details writes the lines beside the code of the label whose top left corner is x, y.
func (s *sheet) details(x, y float64, e Etiqueta) {
	unit := "Distrito"
	if e.Eleccion == "AYUN" {
		unit = "Municipio"
	}
	lines := [][2]string{{"Sección", e.Seccion}, {"Casilla", e.Casilla}}
	if e.ClaveActa != "" && e.ClaveActa != e.ActaID {
		lines = append(lines, [2]string{"Clave", e.ClaveActa})
	}
	lines = append(lines, [2]string{unit, e.UnidadID}, [2]string{"", e.Unidad})

	right := x + labelWidth - padding
	base := y + infoBase
	for _, l := range lines {
		left := x + infoLeft
		if l[0] != "" {
			s.pdf.SetFont("Helvetica", "", 7)
			s.color(grey)
			name := s.tr(l[0]) + " "
			s.pdf.Text(left, base, name)
			left += s.pdf.GetStringWidth(name)
		}
		s.color(black)
		s.pdf.Text(left, base, s.fit("Helvetica", "B", 7.5, 5.5, l[1], right-left))
		base += infoStep
	}
}

// color sets the text colour.
func (s *sheet) color(c [3]int) { s.pdf.SetTextColor(c[0], c[1], c[2]) }

// fit sets the font family and style at the largest size up to most at which text fits in
// width, but not below least, and returns text in cp1252, cut with an ellipsis when it is
// still too wide at least.
func (s *sheet) fit(family, style string, most, least float64, text string,
	width float64) string {
	t := s.tr(text)
	s.pdf.SetFont(family, style, most)
	w := s.pdf.GetStringWidth(t)
	if w <= width {
		return t
	}
	// Widths grow in proportion to the size, so one division finds the size that fits.
	size := max(least, most*width/w)
	s.pdf.SetFontSize(size)
	if size > least {
		return t
	}
	end := s.tr(ellipsis)
	for len(t) > 0 && s.pdf.GetStringWidth(t+end) > width {
		t = t[:len(t)-1] // one byte is one character in cp1252
	}
	return t + end
}
