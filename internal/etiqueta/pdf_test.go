package etiqueta

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
)

// sample returns n labels of distinct actas of the Gubernatura, the last ones of a municipio
// whose name has an Ñ.
func sample(n int) []Etiqueta {
	out := make([]Etiqueta, n)
	for i := range out {
		clave := fmt.Sprintf("21%04dB01%03d", i/3+1, i%3+1)
		out[i] = Etiqueta{
			Eleccion: "GUB", EleccionNombre: "Gubernatura", ActaID: clave, ClaveActa: clave,
			Seccion: fmt.Sprintf("%04d", i/3+1), Casilla: "Básica",
			Unidad: "XICOTEPEC DE JUAREZ", UnidadID: "001",
		}
	}
	out[n-1].Unidad, out[n-1].UnidadID = "CAÑADA MORELOS", "027"
	return out
}

// render returns the PDF of the labels, its page streams uncompressed when plain is true.
func render(t testing.TB, simulacro, plain bool, etiquetas []Etiqueta) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, "Etiquetas del Cómputo", simulacro, etiquetas, !plain); err != nil {
		t.Fatalf("write %d labels: %v", len(etiquetas), err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output starts %q, want %%PDF-", b.Bytes()[:min(8, b.Len())])
	}
	return b.Bytes()
}

var (
	pageObject  = regexp.MustCompile(`/Type /Page[^s]`)
	imageObject = regexp.MustCompile(`/Subtype /Image`)
)

func TestPDFPages(t *testing.T) {
	for _, tt := range []struct{ labels, pages int }{{1, 1}, {24, 1}, {25, 2}, {50, 3}} {
		var b bytes.Buffer
		if err := PDF(&b, "Etiquetas", false, sample(tt.labels)); err != nil {
			t.Fatalf("PDF of %d labels: %v", tt.labels, err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
			t.Errorf("PDF of %d labels does not start with %%PDF-", tt.labels)
		}
		if got := len(pageObject.FindAll(b.Bytes(), -1)); got != tt.pages {
			t.Errorf("PDF of %d labels has %d pages, want %d", tt.labels, got, tt.pages)
		}
		if got := len(imageObject.FindAll(b.Bytes(), -1)); got != tt.labels {
			t.Errorf("PDF of %d labels has %d images, want %d", tt.labels, got, tt.labels)
		}
	}
}

func TestPDFText(t *testing.T) {
	out := render(t, false, true, sample(50))
	// The core fonts are cp1252: á is 0xE1 and Ñ 0xD1.
	for _, want := range []string{
		"(Etiquetas del C\xf3mputo) Tj", "(P\xe1gina 1 de 3) Tj", "(P\xe1gina 3 de 3) Tj",
		"(Etiquetas 25 a 48 de 50) Tj", "(Secci\xf3n ) Tj", "(B\xe1sica) Tj",
		"(210001B01001) Tj", "(210017B01002) Tj", "(CA\xd1ADA MORELOS) Tj",
		"(XICOTEPEC DE JUAREZ) Tj", "(Gubernatura) Tj",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("PDF has no %q", want)
		}
	}
	if bytes.Contains(out, []byte("SIMULACRO")) {
		t.Errorf("PDF of the election says SIMULACRO")
	}
}

func TestPDFSimulacro(t *testing.T) {
	out := render(t, true, true, sample(50))
	// Once across each of the 3 pages, once in each page header, once on each of 50 labels.
	if got, want := bytes.Count(out, []byte("(SIMULACRO) Tj")), 3+3+50; got != want {
		t.Errorf("PDF of a simulacro says SIMULACRO %d times, want %d", got, want)
	}
	if got := len(pageObject.FindAll(out, -1)); got != 3 {
		t.Errorf("PDF of a simulacro has %d pages, want 3", got)
	}
}

func TestPDFDuplicateActa(t *testing.T) {
	labels := sample(3)
	labels = append(labels, labels[0]) // a second copy of the first label
	out := render(t, false, false, labels)
	if got := len(imageObject.FindAll(out, -1)); got != 3 {
		t.Errorf("PDF of 4 labels of 3 actas has %d images, want 3", got)
	}
}

func TestPDFLongText(t *testing.T) {
	labels := sample(1)
	labels[0].Unidad = strings.Repeat("SAN MARTIN TEXMELUCAN ", 5)
	labels[0].ActaID = "210000A01002-004-" + strings.Repeat("X", 40)
	out := render(t, false, true, labels)
	if !bytes.Contains(out, []byte("\x85) Tj")) {
		t.Errorf("PDF does not cut a long text with an ellipsis")
	}
}

func TestPDFErrors(t *testing.T) {
	var b bytes.Buffer
	err := PDF(&b, "Etiquetas", false, nil)
	if !errors.Is(err, errNoActas) || err.Error() != "no hay actas para las etiquetas" {
		t.Errorf("PDF of no labels = %v, want %q", err, errNoActas)
	}
	for _, bad := range []Etiqueta{
		{Eleccion: "GUB"},
		{ActaID: "210001B01002"},
		{Eleccion: "GUB", ActaID: "210001 B01002"},
		{Eleccion: "GUB", ActaID: "210001|B01002"},
		{Eleccion: "GUB", ActaID: " 210001B01002"},
	} {
		labels := append(sample(5), bad)
		err := PDF(&b, "Etiquetas", false, labels)
		if err == nil || !strings.HasPrefix(err.Error(), "etiqueta 6: ") {
			t.Errorf("PDF with acta %q of %q = %v, want an error for etiqueta 6",
				bad.ActaID, bad.Eleccion, err)
		}
	}
	if b.Len() != 0 {
		t.Errorf("PDF wrote %d bytes before failing", b.Len())
	}
}

func BenchmarkPDF2000(b *testing.B) {
	labels := sample(2000)
	for b.Loop() {
		if err := PDF(io.Discard, "Etiquetas", true, labels); err != nil {
			b.Fatal(err)
		}
	}
}
