package opendata_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// FuzzRead feeds Read the first rows of the real sample files and mutations of them. Read must never panic,
// and whatever it accepts must be writable again in the IEE layout.
func FuzzRead(f *testing.F) {
	paths, err := filepath.Glob("../../testdata/muestra/*.csv")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no sample files in testdata/muestra: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		// The first rows only: on a whole sample, every new input the fuzzer finds takes a
		// minute to minimise, and a short run (CI gives it 20 s) would fuzz nothing.
		for _, m := range mutations(head(data, 10)) {
			f.Add(m)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := opendata.Read("PUE_GUB_2024.csv", data)
		if err != nil {
			if _, ok := err.(*opendata.Error); !ok {
				t.Fatalf("Read returned %T, want *opendata.Error: %v", err, err)
			}
			return
		}
		res := corte.Tally(a.Eleccion, a.Actas, nil, a.Corte, false, acta.DefaultConfig)
		p := opendata.Publicacion{Eleccion: a.Eleccion, Actas: a.Actas, Hora: a.Corte,
			Resumen: res.Entidad.Resumen, Config: acta.DefaultConfig}
		if err := opendata.Write(io.Discard, p); err != nil {
			t.Fatalf("accepted file does not write back: %v", err)
		}
	})
}

// head returns the first n lines of data.
func head(data []byte, n int) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) > n {
		lines = lines[:n]
	}
	return bytes.Join(lines, nil)
}

// mutations returns a few damaged copies of a file: cut short, a cell altered, lines
// dropped or swapped, separators changed.
func mutations(data []byte) [][]byte {
	lines := bytes.Split(data, []byte("\n"))
	join := func(ls [][]byte) []byte { return bytes.Join(ls, []byte("\n")) }
	swap := func(i, j int) []byte {
		c := append([][]byte(nil), lines...)
		c[i], c[j] = c[j], c[i]
		return join(c)
	}
	withLine := func(i int, l []byte) []byte {
		c := append([][]byte(nil), lines...)
		c[i] = l
		return join(c)
	}
	row := lines[8]
	return [][]byte{
		data,
		data[:len(data)/2],
		data[:len(data)-3],
		join(lines[6:]),
		swap(0, 3),
		swap(1, 4),
		withLine(8, bytes.Replace(row, []byte(",0,"), []byte(",-5,"), 1)),
		withLine(8, bytes.Replace(row, []byte(",0,"), []byte(",1e9,"), 1)),
		withLine(8, bytes.Replace(row, []byte(",0,"), []byte(",\"0\","), 1)),
		withLine(8, bytes.Replace(row, []byte("PUEBLA"), []byte("PUE\rBLA"), 1)),
		withLine(8, append(row[:len(row):len(row)], ",X"...)),
		bytes.ReplaceAll(data, []byte(","), []byte("|")),
		bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")),
	}
}
