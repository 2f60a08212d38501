package simulacro

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// Layout of the stand-in images: a column of labels drawn once per election and kind of
// acta, and the figures of each acta drawn beside them.
const (
	imgWidth  = 300
	imgLine   = 14
	imgMargin = 8
	imgValueX = 200
	imgHeader = 4 // lines above the figures
)

// plantilla is the part of an image that every acta with the same vote columns shares.
type plantilla struct {
	pix  []byte
	h    int
	cols []int
}

var plantillas sync.Map // key: eleccion code + vote columns → *plantilla

// paleta is paper and ink: a two-colour image is small, and PNG encodes it without the
// per-row filter search that costs most in a greyscale one.
var paleta = color.Palette{color.Gray{Y: 245}, color.Black}

// Imagen draws a stand-in for the photograph of an acta: a small two-colour PNG marked
// SIMULACRO that names the acta and lists the figures of its row. Every acta gets different
// bytes, so every image has its own código de integridad, as real photographs do. The
// labels are drawn once per election and set of columns, so that making the images of a
// whole night costs little next to the server under test.
func Imagen(a *acta.Acta, e *catalog.Eleccion) ([]byte, error) {
	var cols []int
	for i, v := range a.Votos {
		if v.Kind != acta.Guion && i < len(e.Contendientes) {
			cols = append(cols, i)
		}
	}
	t := plantillaDe(e, cols)
	img := image.NewPaletted(image.Rect(0, 0, imgWidth, t.h), paleta)
	copy(img.Pix, t.pix)
	d := font.Drawer{Dst: img, Src: image.Black, Face: basicfont.Face7x13}
	line := func(n int, x int, s string) {
		d.Dot = fixed.P(x, imgMargin+imgLine*(n+1)-3)
		d.DrawString(s)
	}
	line(2, imgMargin, "ACTA "+a.ID)
	line(3, imgMargin, fmt.Sprintf("SECCION %s CASILLA %s%d", a.Seccion, a.TipoCasilla,
		a.NumCasilla))
	for k, i := range cols {
		line(imgHeader+k, imgValueX, a.Votos[i].String())
	}
	line(imgHeader+len(cols), imgValueX, a.TotalAsentado.String())
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plantillaDe returns the shared part of the images of an election's actas with these
// vote columns.
func plantillaDe(e *catalog.Eleccion, cols []int) *plantilla {
	key := fmt.Sprint(e.Codigo, cols)
	if t, ok := plantillas.Load(key); ok {
		return t.(*plantilla)
	}
	h := imgMargin*2 + imgLine*(imgHeader+len(cols)+1)
	img := image.NewPaletted(image.Rect(0, 0, imgWidth, h), paleta)
	d := font.Drawer{Dst: img, Src: image.Black, Face: basicfont.Face7x13}
	line := func(n int, s string) {
		d.Dot = fixed.P(imgMargin, imgMargin+imgLine*(n+1)-3)
		d.DrawString(s)
	}
	line(0, "SIMULACRO - PREP")
	line(1, e.Nombre())
	for k, i := range cols {
		line(imgHeader+k, e.Contendientes[i].Columna)
	}
	line(imgHeader+len(cols), "TOTAL")
	t := &plantilla{pix: img.Pix, h: h, cols: cols}
	plantillas.Store(key, t)
	return t
}
