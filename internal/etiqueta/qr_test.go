package etiqueta

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads the QR code in a PNG and returns its text and error correction level.
func decodeQR(t *testing.T, b []byte) (text, level string) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return decodeImage(t, img)
}

func decodeImage(t *testing.T, img image.Image) (text, level string) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("binarize image: %v", err)
	}
	res, err := zxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("read qr code: %v", err)
	}
	l, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return res.GetText(), l
}

func TestQRDecodes(t *testing.T) {
	tests := []struct {
		eleccion, actaID string
		size             int
	}{
		{"GUB", "210001B01002", 256},
		{"DIP_LOC", "210000A01002-004", 200},
		{"AYUN", "212850S01001", 99}, // 3 pixels per module
	}
	for _, tt := range tests {
		payload := Payload(tt.eleccion, tt.actaID)
		b, err := QR(payload, tt.size)
		if err != nil {
			t.Fatalf("QR(%q, %d): %v", payload, tt.size, err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("decode png config: %v", err)
		}
		if cfg.Width != tt.size || cfg.Height != tt.size {
			t.Errorf("QR(%q, %d) is %d×%d pixels", payload, tt.size, cfg.Width, cfg.Height)
		}
		text, level := decodeQR(t, b)
		if text != payload {
			t.Errorf("QR(%q) decodes to %q", payload, text)
		}
		if level != "M" {
			t.Errorf("QR(%q) has error correction level %q, want M", payload, level)
		}
		e, a, ok := ParsePayload(text + "\r\n")
		if e != tt.eleccion || a != tt.actaID || !ok {
			t.Errorf("ParsePayload(scanned %q) = %q, %q, %v", text, e, a, ok)
		}
	}
}

func TestLabelQRDecodes(t *testing.T) {
	payload := Payload("GUB", "210001B01002")
	b, err := labelQR(payload)
	if err != nil {
		t.Fatalf("labelQR: %v", err)
	}
	if text, _ := decodeQR(t, b); text != payload {
		t.Errorf("labelQR(%q) decodes to %q", payload, text)
	}
}

func TestQRSize(t *testing.T) {
	payload := Payload("GUB", "210001B01002") // 21 characters: version 2, 25+8 modules
	for _, size := range []int{0, -4, 32, maxSize + 1} {
		if _, err := QR(payload, size); err == nil {
			t.Errorf("QR(%q, %d) gave no error", payload, size)
		}
	}
	if _, err := QR(payload, 32); !errors.Is(err, errTooSmall) {
		t.Errorf("QR(%q, 32) = %v, want errTooSmall", payload, err)
	}
	b, err := QR(payload, 33)
	if err != nil {
		t.Fatalf("QR(%q, 33): %v", payload, err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 33 {
		t.Errorf("QR(%q, 33) is %d pixels wide (%v), want 33", payload, cfg.Width, err)
	}
}
