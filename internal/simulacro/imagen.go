package simulacro

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// Imagen draws a stand-in for the photograph of an acta: a small greyscale PNG that names
// the acta and lists the figures of its row, marked SIMULACRO. Every acta gets different
// bytes, so every image has its own código de integridad, as real photographs do.
func Imagen(a *acta.Acta, e *catalog.Eleccion) ([]byte, error) {
	lines := []string{"SIMULACRO - PREP", e.Nombre(), "ACTA " + a.ID,
		fmt.Sprintf("SECCION %s  CASILLA %s%d", a.Seccion, a.TipoCasilla, a.NumCasilla)}
	for i, v := range a.Votos {
		if v.Kind != acta.Guion && i < len(e.Contendientes) {
			lines = append(lines, fmt.Sprintf("%-28s %s", e.Contendientes[i].Columna, v))
		}
	}
	lines = append(lines, fmt.Sprintf("%-28s %s", "TOTAL", a.TotalAsentado))
	const lineH, margin = 14, 8
	img := image.NewGray(image.Rect(0, 0, 320, margin*2+lineH*len(lines)))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Gray{Y: 245}), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{Y: 20}), Face: basicfont.Face7x13}
	for i, l := range lines {
		d.Dot = fixed.P(margin, margin+lineH*(i+1)-3)
		d.DrawString(l)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
