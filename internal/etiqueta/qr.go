package etiqueta

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"sync"

	qrcode "github.com/skip2/go-qrcode"
)

// level is the error correction of every code: M restores up to 15 % of the symbol, enough
// for a scuffed or creased label, and keeps the modules larger than Q or H would at the same
// printed size, which matters more to a handheld scanner.
const level = qrcode.Medium

// maxSize bounds the width of a PNG from QR, so that a size from a request cannot make the
// server allocate an image of gigabytes.
const maxSize = 4096

// labelScale is the number of pixels per module of the codes embedded in a PDF: a few pixels
// keep the edges sharp in viewers that smooth images, and a label still adds only about a
// kilobyte to the PDF.
const labelScale = 4

// QR returns the PNG of the QR code of payload, size pixels wide and high, at error
// correction level M and with the standard quiet zone of four modules around the symbol.
// size must give at least one pixel per module; when it is not a multiple of the module
// count, modules differ in width by one pixel.
func QR(payload string, size int) ([]byte, error) {
	if size < 1 || size > maxSize {
		return nil, fmt.Errorf("qr code of %d pixels: size must be 1 to %d", size, maxSize)
	}
	q, err := qrcode.New(payload, level)
	if err != nil {
		return nil, fmt.Errorf("encode qr code of %d bytes: %w", len(payload), err)
	}
	// The library widens an image too small for the symbol instead of failing.
	img := q.Image(size)
	if n := img.Bounds().Dx(); n != size {
		return nil, fmt.Errorf("qr code of %d pixels: %w (%d modules)", size, errTooSmall, n)
	}
	return encodePNG(&encoder, img)
}

// errTooSmall reports a QR size below one pixel per module.
var errTooSmall = errors.New("too small for the symbol")

// labelQR returns the PNG of a label's code with labelScale pixels per module. It is grey
// rather than the library's two-colour palette: fpdf compresses the palette of every image
// with a fresh deflate state, which made a sheet of 2,000 labels allocate gigabytes.
func labelQR(payload string) ([]byte, error) {
	q, err := qrcode.New(payload, level)
	if err != nil {
		return nil, fmt.Errorf("encode qr code of %q: %w", payload, err)
	}
	bitmap := q.Bitmap() // dark modules are true; the quiet zone is included
	n := len(bitmap) * labelScale
	img := image.NewGray(image.Rect(0, 0, n, n))
	for y := range n {
		row := bitmap[y/labelScale]
		for x := range n {
			if !row[x/labelScale] {
				img.Pix[y*img.Stride+x] = 0xff
			}
		}
	}
	return encodePNG(&labelEncoder, img)
}

// encoder writes the PNG images of QR, and labelEncoder those of the labels, whose long runs
// of grey bytes the best compression would search for seconds per sheet. Their pools keep the
// deflate state, about a megabyte, from one image to the next.
var (
	encoder      = png.Encoder{CompressionLevel: png.BestCompression, BufferPool: &bufferPool{}}
	labelEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &bufferPool{}}
)

func encodePNG(enc *png.Encoder, img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("write png of qr code: %w", err)
	}
	return b.Bytes(), nil
}

// bufferPool is a png.EncoderBufferPool safe for concurrent use.
type bufferPool struct{ pool sync.Pool }

func (p *bufferPool) Get() *png.EncoderBuffer {
	b, _ := p.pool.Get().(*png.EncoderBuffer)
	return b
}

func (p *bufferPool) Put(b *png.EncoderBuffer) { p.pool.Put(b) }
