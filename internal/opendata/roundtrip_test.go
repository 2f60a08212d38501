package opendata_test

import (
	"bytes"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// write renders a file read by Read back in the IEE layout, with the summary recomputed.
func write(t *testing.T, f *opendata.Archivo, final bool) []byte {
	t.Helper()
	res := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, final, acta.DefaultConfig)
	var buf bytes.Buffer
	err := opendata.Write(&buf, opendata.Publicacion{Eleccion: f.Eleccion, Actas: f.Actas,
		Hora: f.Corte, Final: final, Resumen: res.Entidad.Resumen, Config: acta.DefaultConfig})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameActas compares two readings acta by acta, times by instant.
func sameActas(t *testing.T, label string, a, b []*acta.Acta) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d actas, want %d", label, len(b), len(a))
	}
	for i := range a {
		x, y := *a[i], *b[i]
		for _, p := range [][2]*acta.Stamp{{&x.Acopio, &y.Acopio}, {&x.Captura, &y.Captura},
			{&x.Verificacion, &y.Verificacion}} {
			if p[0].T.Equal(p[1].T) {
				p[1].T = p[0].T
			}
		}
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("%s: acta %d (%s) differs:\n got %+v\nwant %+v", label, i, x.ID, y, x)
		}
	}
}

// TestRoundTrip reads each of the six Puebla files, writes it back and reads the result: the
// actas and the summary are the same, and for these files the bytes are too.
func TestRoundTrip(t *testing.T) {
	for _, e := range demodata.Puebla2024 {
		for _, name := range []string{e.Corte1800, e.Final} {
			data, err := demodata.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := opendata.Read(name, data)
			if err != nil {
				t.Fatal(err)
			}
			sameIDs(t, name, f, data)
			out := write(t, f, name == e.Final)
			back, err := opendata.Read(name, out)
			if err != nil {
				t.Fatalf("%s: reading our own output: %v", name, err)
			}
			sameActas(t, name, f.Actas, back.Actas)
			if back.Resumen != f.Resumen {
				t.Errorf("%s: summary %v, want %v", name, back.Resumen, f.Resumen)
			}
			if !bytes.Equal(out, data) {
				t.Errorf("%s: output differs from the official bytes", name)
			}
		}
	}
}

var ieeDate = regexp.MustCompile(`(\d{2})/(\d{2})/(\d{4}) (\d{2}:\d{2}:\d{2})`)

// TestOtherOPLEForms reads the district-001 slice rewritten in the forms other OPLEs use
// (RULES.md §4.6 item 11): no BOM, CRLF line ends, special values in lower and mixed case,
// ISO 8601 timestamps, an apostrophe-guarded percentage and integer vote totals in the
// header. The actas read are the same as from the original.
func TestOtherOPLEForms(t *testing.T) {
	name := "../../testdata/muestra/PUE_GUB_2024_muestra_DL001.csv"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := opendata.Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimPrefix(string(data), "\uFEFF")
	lines := strings.Split(s, "\n")
	lines[4] = strings.Replace(lines[4], ",99.1000,", ",'99.1000,", 1)
	lines[4] = strings.ReplaceAll(lines[4], ".0,", ",")
	for i := 7; i < len(lines); i++ {
		l := lines[i]
		l = strings.ReplaceAll(l, "SIN DATO", "sin dato")
		l = strings.ReplaceAll(l, "ILEGIBLE", "Ilegible")
		l = strings.ReplaceAll(l, ",SIN ACTA,", ",Sin Acta,")
		l = ieeDate.ReplaceAllString(l, "$3-$2-${1}T$4")
		lines[i] = l
	}
	variant := []byte(strings.Join(lines, "\r\n"))
	f, err := opendata.Read(name, variant)
	if err != nil {
		t.Fatalf("reading the variant: %v", err)
	}
	for i, a := range f.Actas {
		// The label is kept verbatim; its parsed findings are compared with the rest.
		if i < len(orig.Actas) {
			if o := orig.Actas[i].ObservacionesPub; strings.EqualFold(a.ObservacionesPub, o) {
				a.ObservacionesPub = o
			}
		}
	}
	sameActas(t, "variant", orig.Actas, f.Actas)
	if f.Resumen[4] != "'99.1000" {
		t.Errorf("guarded percentage read as %q", f.Resumen[4])
	}
}

// sameIDs checks that ReadIDs gives every acta of the file (with its repeated contigua keys,
// voto anticipado actas and fuera-de-catálogo rows) the identity Read gave it.
func sameIDs(t *testing.T, name string, f *opendata.Archivo, data []byte) {
	t.Helper()
	ids, err := opendata.ReadIDs(name, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(f.Actas) {
		t.Fatalf("%s: ReadIDs gives %d ids for %d actas", name, len(ids), len(f.Actas))
	}
	for i, a := range f.Actas {
		if ids[i] != a.ID {
			t.Fatalf("%s: acta %d has id %q, ReadIDs gives %q", name, i, a.ID, ids[i])
		}
	}
}
