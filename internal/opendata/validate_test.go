package opendata_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

const sample = "../../testdata/muestra/PUE_GUB_2024_muestra_DL001.csv"

// mutate returns the sample with line n (1-based) passed through f.
func mutate(t *testing.T, n int, f func(string) string) []byte {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lines[n-1] = f(lines[n-1])
	return []byte(strings.Join(lines, "\n"))
}

// cell replaces the k-th cell (0-based) of a row.
func cell(k int, v string) func(string) string {
	return func(l string) string {
		cells := strings.Split(l, ",")
		cells[k] = v
		return strings.Join(cells, ",")
	}
}

// TestReadRefuses checks that faults the earlier reader let through are refused with the
// line and column named (found by a tester breaking the import).
func TestReadRefuses(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		data     []byte
		line     int
		column   string
		contains string
	}{
		{"row of another entidad", "PUE_GUB_2024.csv", mutate(t, 20, cell(2, "'22")), 20,
			"ID_ENTIDAD", "otra entidad"},
		{"impossible offset", "PUE_GUB_2024.csv",
			mutate(t, 2, func(string) string { return "03/06/2024 20:00 (UTC-99)" }), 2, "",
			"fecha y hora del corte"},
		{"trailing text on the cut line", "PUE_GUB_2024.csv",
			mutate(t, 2, func(string) string { return "03/06/2024 20:00 BASURA" }), 2, "",
			"fecha y hora del corte"},
		{"year zero", "PUE_GUB_2024.csv",
			mutate(t, 2, func(string) string { return "03/06/0000 20:00 (UTC-6)" }), 2, "",
			"fecha y hora del corte"},
		{"empty column name", "PUE_GUB_2024.csv", mutate(t, 7, cell(16, "")), 7, "número 17",
			"no tiene nombre"},
		{"combination of an unknown party", "PUE_GUB_2024.csv",
			mutate(t, 7, cell(30, "C_PAN_XYZ")), 7, "C_PAN_XYZ", "nombra un partido"},
		{"title and file name disagree", "PUE_AYUN_2024.csv", mutate(t, 1, cell(0, "GUBERNATURA")),
			1, "", "su nombre dice AYUN"},
		{"control character", "PUE_GUB_2024.csv", mutate(t, 20, cell(5, "XICO\x00TEPEC")), 20,
			"DISTRITO", "caracteres de control"},
		{"hash of 100 characters", "PUE_GUB_2024.csv",
			mutate(t, 20, cell(72, strings.Repeat("a", 100))), 20, "CODIGO_INTEGRIDAD",
			"SHA-256"},
		{"negative sección", "PUE_GUB_2024.csv", mutate(t, 20, cell(6, "'-12")), 20, "SECCION",
			"cuatro cifras"},
		{"empty unit", "PUE_GUB_2024.csv", mutate(t, 20, cell(4, "'")), 20, "ID_DISTRITO",
			"falta el distrito"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := opendata.Read(c.file, c.data)
			var oe *opendata.Error
			if !errors.As(err, &oe) {
				t.Fatalf("got %v, want an *opendata.Error", err)
			}
			if oe.Line != c.line || oe.Column != c.column || !strings.Contains(oe.Mensaje(),
				c.contains) {
				t.Errorf("got %q, want line %d, column %q, containing %q", oe.Mensaje(), c.line,
					c.column, c.contains)
			}
		})
	}
}

// TestCandidaturasOfAnotherElection refuses a candidaturas file that does not belong to the
// results file it comes with.
func TestCandidaturasOfAnotherElection(t *testing.T) {
	read := func(name string) *opendata.Archivo {
		data, err := demodata.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opendata.Read(name, data)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	dipCand, _ := demodata.ReadFile("PUE_DIP_LOC_Candidaturas_2024.csv")
	gubCand, _ := demodata.ReadFile("PUE_GUB_Candidaturas_2024.csv")
	ayunCand, _ := demodata.ReadFile("PUE_AYUN_Candidaturas_2024.csv")
	lines := strings.Split(string(dipCand), "\n")
	repeated := strings.Join(append(lines[:3:3], lines[2]), "\n")
	unknownUnit := strings.Replace(string(dipCand), "\n21,001,PAN,", "\n21,999,PAN,", 1)
	noName := strings.Replace(string(dipCand), "\n21,001,PAN,PALOMA GUADALUPE GOICOECHEA "+
		"RODRIGUEZ,", "\n21,001,PAN,,", 1)
	cases := []struct {
		name, results string
		cand          []byte
		line          int
		contains      string
	}{
		{"DIP candidaturas for GUB", "PUE_GUB_2024.csv", dipCand, 1, "toda la entidad"},
		{"GUB candidaturas for DIP", "PUE_DIP_LOC_2024.csv", gubCand, 1, "falta la columna"},
		{"AYUN candidaturas for DIP", "PUE_DIP_LOC_2024.csv", ayunCand, 1, "por municipio"},
		{"unknown district", "PUE_DIP_LOC_2024.csv", []byte(unknownUnit), 2, "no aparece"},
		{"party listed twice", "PUE_DIP_LOC_2024.csv", []byte(repeated), 4, "ya tiene"},
		{"candidate without a name", "PUE_DIP_LOC_2024.csv", []byte(noName), 2, "falta el nombre"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := opendata.ReadCandidaturas("cand.csv", c.cand, read(c.results))
			var oe *opendata.Error
			if !errors.As(err, &oe) || oe.Line != c.line || !strings.Contains(oe.Mensaje(),
				c.contains) {
				t.Errorf("got %v, want line %d containing %q", err, c.line, c.contains)
			}
		})
	}
}
