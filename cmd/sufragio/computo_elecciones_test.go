package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// rpCGAC0070 and rpSUPREC22360 are the RP seats of the Congress of Puebla 2024 as the IEE
// assigned them (acuerdo CG/AC-0070/2024, 10 June 2024) and as the Sala Superior left them
// (SUP-REC-22360/2024, 14 September 2024; PRI and MC inferred), from
// ../shared/data/real/oraculos-puebla-2024/asignacion_rp_congreso_puebla_2024.csv (RULES.md
// §7.2, press sources [to confirm]).
var (
	rpCGAC0070    = map[string]int{"PAN": 7, "MORENA": 4, "PRI": 2, "MC": 2}
	rpSUPREC22360 = map[string]int{"MORENA": 7, "PAN": 5, "PVEM": 1, "PRI": 1, "MC": 1}
)

// TestComputoDiputaciones runs the exercise of Diputaciones Locales over the final PREP
// corte with the synthetic recounts and the assumed siglado: 26 district cómputos with
// their constancias, the RP actas of the casillas especiales apart, and the 15 RP seats.
// The PREP-counted part of a district must equal the corte's published district figures
// exactly; the rest are the synthetic figures, not the official cómputo.
func TestComputoDiputaciones(t *testing.T) {
	data := corteFinal(t, "DIP_LOC")
	out := filepath.Join(t.TempDir(), "computo")
	code, o, e := runCmd(t, "computo", "--data", data, "--eleccion", "DIP_LOC", "--recuentos",
		fixtureComputoDIP, "--siglado", fixtureSiglado, "--out", out)
	if code != 0 {
		t.Fatalf("computo: exit %d\n%s%s", code, o, e)
	}
	t.Logf("output:\n%s", o)
	for _, want := range []string{
		`EJERCICIO de cómputo de Diputaciones Locales sobre las actas del PREP del corte 1 ` +
			`\(final`,
		`NO es el cómputo oficial`,
		`Casillas: 8,346 en 26 cómputos distritales \(7 no instaladas\); recontadas 6,357: ` +
			`1,441 con cifras del archivo, 4,916 con las del PREP; 350 votos reservados`,
		`Actas de representación proporcional de casillas especiales: 77 en 25 distritos ` +
			`\(0 no instaladas\), computadas aparte: .*; recontadas 77: 31 con cifras del ` +
			`archivo, 46 con las del PREP`,
		`Constancias de mayoría: 26 de 26 cómputos; sin candidatura ganadora: 0\.`,
		`PT-PVEM-MORENA-NAP-FXMP +26\n`,
		`001 XICOTEPEC DE JUAREZ: LAURA GUADALUPE VARGAS VARGAS \(PT, PVEM, MORENA, NAP, ` +
			`FXMP\), 68,330 votos`,
		`017 HEROICA PUEBLA DE ZARAGOZA: MARIA FERNANDA DE LA BARREDA ANGON .*; diferencia ` +
			`2,083 \(1.25 %\)`,
		`MORENA +1,198,848 +12 +7 +19\n`,
		`PAN +540,162 +0 +5 +5\n`,
		`Total +26 +15 +41\n`,
		`constancias/: 26 constancias de mayoría`,
		`distritos/: 26 actas de cómputo distrital`,
		`eventos/: 51 bitácoras`,
	} {
		if !regexp.MustCompile(want).MatchString(o) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(o, "Aviso:") {
		t.Errorf("some synthetic recounts were not used")
	}
	comprobarPREPPublicado(t, data, "DIP_LOC", "distritos", "001", out,
		"eventos/computo_distrital_001.json", "eventos/computo_distrital_rp_especiales_001.json")
	comprobarRP(t, out)
	ganadores := leerCSV(t, filepath.Join(out, "ganadores_dip_loc.csv"))
	if len(ganadores) != 27 || ganadores[1][13] != "DIP_LOC-001-1" || ganadores[1][0] != "1" {
		t.Errorf("ganadores_dip_loc.csv: %d rows, first %v", len(ganadores), ganadores[1])
	}
}

// comprobarRP checks the RP seats of the exercise: 15, the parties' rows of the CSV, and
// the explanation; and logs them beside the official assignments. They are over the PREP
// and synthetic recounts with an assumed siglado, so that they match no official stage by
// construction: with RULES.md §7.2's default rules they give the Sala Superior's final
// seats, not the IEE's acuerdo, whose over-representation deduction is not modelled.
func comprobarRP(t *testing.T, out string) {
	t.Helper()
	filas := leerCSV(t, filepath.Join(out, "asignacion_rp_dip_loc.csv"))
	rp := map[string]int{}
	total := 0
	for _, f := range filas[1:] {
		n, err := strconv.Atoi(f[5])
		if err != nil || f[0] != "1" {
			t.Fatalf("asignacion_rp_dip_loc.csv row %v", f)
		}
		if n > 0 {
			rp[f[1]] = n
		}
		total += n
	}
	if want := map[string]int{"MORENA": 7, "PAN": 5, "PVEM": 1, "PRI": 1, "MC": 1}; total != 15 ||
		!reflect.DeepEqual(rp, want) {
		t.Errorf("RP seats %v (%d), want %v (15)", rp, total, want)
	}
	t.Logf("RP seats of the exercise %v; IEE CG/AC-0070/2024 %v (equal: %v); "+
		"SUP-REC-22360/2024 %v (equal: %v)", rp, rpCGAC0070, reflect.DeepEqual(rp, rpCGAC0070),
		rpSUPREC22360, reflect.DeepEqual(rp, rpSUPREC22360))
	txt, err := os.ReadFile(filepath.Join(out, "asignacion_rp_dip_loc.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SIMULACRO.", "no es el cómputo oficial",
		"Cociente natural = votación depurada 2,716,218 / 15 diputaciones",
		"PAN está por debajo de su límite inferior", "[por confirmar]"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("asignacion_rp_dip_loc.txt lacks %q", want)
		}
	}
}

// TestComputoAyuntamientos runs the exercise of Ayuntamientos over the final PREP corte with
// the synthetic recounts: 217 municipal cómputos, each with its constancia; the RP
// regidurías are not assigned, and the summary says why. The PREP-counted part of a
// municipio must equal the corte's published figures exactly.
func TestComputoAyuntamientos(t *testing.T) {
	data := corteFinal(t, "AYUN")
	out := filepath.Join(t.TempDir(), "computo")
	code, o, e := runCmd(t, "computo", "--data", data, "--eleccion", "AYUN", "--recuentos",
		fixtureComputoAYU, "--out", out)
	if code != 0 {
		t.Fatalf("computo: exit %d\n%s%s", code, o, e)
	}
	t.Logf("output:\n%s", o)
	for _, want := range []string{
		`EJERCICIO de cómputo de Ayuntamientos sobre las actas del PREP del corte 1 \(final`,
		`NO es el cómputo oficial`,
		`Casillas: 8,352 en 217 cómputos municipales \(1 no instaladas\); recontadas 6,342: ` +
			`1,393 con cifras del archivo, 4,949 con las del PREP; 316 votos reservados; 11 ` +
			`recuentos totales`,
		`recuento-total +116\n`,
		`Constancias de mayoría: 217 de 217 cómputos; sin candidatura ganadora: 0\.`,
		`MORENA +28\n`,
		`PT-MORENA +27\n`,
		`CAND_IND_1 +1\n`,
		`Regidurías de representación proporcional: no se asignan: .* depende de su ` +
			`población \(RULES.md §7.3`,
		`constancias/: 217 constancias de mayoría`,
		`municipios/: 217 actas de cómputo municipal`,
	} {
		if !regexp.MustCompile(want).MatchString(o) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(o, "Aviso:") {
		t.Errorf("some synthetic recounts were not used")
	}
	comprobarPREPPublicado(t, data, "AYUN", "municipios", "001", out,
		"eventos/computo_municipal_001.json")
	var puebla []string
	for _, f := range leerCSV(t, filepath.Join(out, "ganadores_ayun.csv")) {
		if f[1] == "115" {
			puebla = f
		}
	}
	if len(puebla) < 14 || puebla[2] != "PUEBLA" || puebla[9] != "JOSE CHEDRAUI BUDIB" ||
		puebla[13] != "AYUN-115-1" {
		t.Errorf("municipio 115: %v, want the constancia AYUN-115-1 to JOSE CHEDRAUI BUDIB",
			puebla)
	}
	if _, err := os.Stat(filepath.Join(out, "constancias",
		"constancia_mayoria_ayun-115-1.pdf")); err != nil {
		t.Error(err)
	}
}

// nodoPublicado is a unit of a published level file.
type nodoPublicado struct {
	ID      string  `json:"id"`
	Votos   []int64 `json:"votos"`
	Resumen struct {
		TotalVotos int64 `json:"total_votos_c_cs"`
	} `json:"resumen"`
}

// comprobarPREPPublicado replays the event logs of one unit's sessions and checks that
// what they took as PREP-counted adds up, column by column, to the unit's votes in the
// corte's published level file (and to its TOTAL_VOTOS_C_CS).
func comprobarPREPPublicado(t *testing.T, data, codigo, nivel, unidad, out string,
	eventos ...string) {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(data, "cortes", "0*"))
	if len(dirs) != 1 {
		t.Fatalf("cortes %v", dirs)
	}
	var eleccion struct {
		Datos struct {
			Contendientes []struct{ Columna string } `json:"contendientes"`
		} `json:"datos"`
	}
	leerJSON(t, filepath.Join(dirs[0], "json", codigo, "eleccion.json"), &eleccion)
	var nodos struct{ Datos []nodoPublicado }
	leerJSON(t, filepath.Join(dirs[0], "json", codigo, nivel+".json"), &nodos)
	var pub *nodoPublicado
	for i, n := range nodos.Datos {
		if n.ID == unidad {
			pub = &nodos.Datos[i]
		}
	}
	if pub == nil {
		t.Fatalf("%s %s not published", nivel, unidad)
	}
	prep := computo.Votos{}
	for _, name := range eventos {
		var evs []computo.Evento
		leerJSON(t, filepath.Join(out, filepath.FromSlash(name)), &evs)
		s, err := computo.Reconstruir(evs, nil)
		if err != nil {
			t.Fatal(err)
		}
		for col, v := range s.Conciliar().PREP {
			prep[col] += v
		}
	}
	var total int64
	for i, c := range eleccion.Datos.Contendientes {
		if prep[c.Columna] != pub.Votos[i] {
			t.Errorf("%s %s, %s: the cómputo took %d as PREP-counted, the corte publishes %d",
				codigo, unidad, c.Columna, prep[c.Columna], pub.Votos[i])
		}
		total += prep[c.Columna]
	}
	if total != pub.Resumen.TotalVotos || total == 0 {
		t.Errorf("%s %s: PREP-counted %d votes, the corte publishes %d", codigo, unidad, total,
			pub.Resumen.TotalVotos)
	}
	t.Logf("%s %s: %d PREP-counted votes, as published", codigo, unidad, total)
}

func leerJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func leerCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestComputoEleccionesRechazos refuses bad inputs of Diputaciones and Ayuntamientos: a
// recount file of another election, a siglado that names what does not run, and no
// siglado at all, which leaves the RP seats unassigned and says why.
func TestComputoEleccionesRechazos(t *testing.T) {
	data := corteFinal(t, "DIP_LOC")
	siglado := func(lines ...string) string {
		path := filepath.Join(t.TempDir(), "siglado.csv")
		writeFile(t, path, []byte(strings.Join(append([]string{"# prueba",
			"ID_DISTRITO,CANDIDATURA,PARTIDO"}, lines...), "\n")+"\n"))
		return path
	}
	out := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"recuentos de otra elección", []string{"--recuentos", fixtureComputo},
			`línea 17, campo ID_ACTA: "210000A01002-004" no es un acta de Diputaciones ` +
				`Locales del corte 1`},
		{"recuentos de ayuntamientos", []string{"--recuentos", fixtureComputoAYU},
			`línea de cabecera: la columna 3 es "ID_MUNICIPIO" y debe ser ID_DISTRITO`},
		{"candidatura ajena", []string{"--recuentos", fixtureComputoDIP, "--siglado",
			siglado("001,PAN-PRI,PAN")}, `línea 3, campo CANDIDATURA: "PAN-PRI" no es una ` +
			`candidatura de Diputaciones Locales en el distrito "001"`},
		{"partido ajeno", []string{"--recuentos", fixtureComputoDIP, "--siglado",
			siglado("001,PT-PVEM-MORENA-NAP-FXMP,MC")}, `línea 3, campo PARTIDO: "MC" no ` +
			`es uno de los partidos de PT-PVEM-MORENA-NAP-FXMP`},
		{"siglado repetido", []string{"--recuentos", fixtureComputoDIP, "--siglado",
			siglado("002,PT-PVEM-MORENA-NAP-FXMP,PT", "002,PT-PVEM-MORENA-NAP-FXMP,PT")},
			`línea 4: la candidatura PT-PVEM-MORENA-NAP-FXMP del distrito 002 ya tiene siglado`},
		{"siglado de un partido", []string{"--recuentos", fixtureComputoDIP, "--siglado",
			siglado("001,MC,MC")}, "MC es de un solo partido y no lleva siglado"},
		{"siglado sin filas", []string{"--recuentos", fixtureComputoDIP, "--siglado",
			siglado()}, "no trae el siglado de ninguna candidatura"},
	} {
		args := append([]string{"computo", "--data", data, "--eleccion", "DIP_LOC", "--out",
			out}, c.args...)
		code, _, e := runCmd(t, args...)
		if code != 1 || !strings.Contains(e, c.want) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", c.name, code, e, c.want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(out, "*")); len(m) > 0 {
		t.Errorf("a refused run wrote %v", m)
	}

	// Without the siglado the district cómputos stand and the seats are not assigned.
	code, o, e := runCmd(t, "computo", "--data", data, "--eleccion", "DIP_LOC", "--recuentos",
		fixtureComputoDIP, "--out", out)
	want := "Diputaciones de representación proporcional: no se asignan: falta el siglado de " +
		"la candidatura PT-PVEM-MORENA-NAP-FXMP en Diputaciones Locales 001"
	if code != 0 || !strings.Contains(o, want) || !strings.Contains(o, "--siglado") {
		t.Errorf("without a siglado: exit %d, %s%s; want 0 and %q", code, o, e, want)
	}
	if _, err := os.Stat(filepath.Join(out, "asignacion_rp_dip_loc.csv")); err == nil {
		t.Errorf("RP seats written without a siglado")
	}
}

// FuzzSiglado checks that the siglado parser never panics and that what it accepts names,
// for each district, a party of each candidacy.
func FuzzSiglado(f *testing.F) {
	e := cargarDIP(f)
	seed, err := os.ReadFile(fixtureSiglado)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("ID_DISTRITO,CANDIDATURA,PARTIDO\n001,PAN-PRI-PRD-PSI,PRI\n"))
	f.Add([]byte("ID_DISTRITO,CANDIDATURA\n001\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := computo.LeerSiglado(data, e)
		if err != nil {
			return
		}
		for u, cs := range s {
			for c, p := range cs {
				if !strings.Contains("-"+c+"-", "-"+p+"-") {
					t.Errorf("accepted %s in %s for %s", p, u, c)
				}
			}
		}
	})
}

// cargarDIP reads the bundled final file of Diputaciones Locales with its candidaturas.
func cargarDIP(tb testing.TB) *catalog.Eleccion {
	tb.Helper()
	const name, cand = "PUE_DIP_LOC_2024.csv", "PUE_DIP_LOC_Candidaturas_2024.csv"
	data, err := demodata.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		tb.Fatal(err)
	}
	cd, err := demodata.ReadFile(cand)
	if err != nil {
		tb.Fatal(err)
	}
	if err := opendata.ReadCandidaturas(cand, cd, f); err != nil {
		tb.Fatal(err)
	}
	return f.Eleccion
}
