package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
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
// the synthetic recounts: 217 municipal cómputos, each with its constancia; without the
// file of their numbers the RP regidurías are not assigned, and the summary says why. The
// PREP-counted part of a municipio must equal the corte's published figures exactly. Then
// again with the assumed numbers of a few municipios, whose regidurías are assigned.
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
		`recuento total +116\n`,
		`Constancias de mayoría: 217 de 217 cómputos; sin candidatura ganadora: 0\.`,
		`MORENA +28\n`,
		`PT-MORENA +27\n`,
		`CAND_IND_1 +1\n`,
		`Regidurías de representación proporcional: no se asignan: .* depende de su ` +
			`población \(RULES.md §7.3.*; --regidurias ARCHIVO.csv \(ID_MUNICIPIO,` +
			`REGIDURIAS_RP\) da el de cada municipio y las asigna\.`,
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
	if _, err := os.Stat(filepath.Join(out, "asignacion_regidurias_ayun.csv")); err == nil {
		t.Errorf("regidurías written without the file of their numbers")
	}

	out = filepath.Join(t.TempDir(), "computo")
	code, o, e = runCmd(t, "computo", "--data", data, "--eleccion", "AYUN", "--recuentos",
		fixtureComputoAYU, "--regidurias", fixtureRegidurias, "--out", out)
	if code != 0 {
		t.Fatalf("computo --regidurias: exit %d\n%s%s", code, o, e)
	}
	t.Logf("output with --regidurias:\n%s", o)
	comprobarRegidurias(t, o, out)
}

// regiduriasSupuestas are the numbers of fixtureRegidurias, by municipio.
var regiduriasSupuestas = map[string]int{"001": 3, "011": 1, "114": 2, "115": 7, "156": 2,
	"208": 4}

// comprobarRegidurias checks the RP regidurías of the exercise with fixtureRegidurias: each
// municipio of the file gets its number, none to the parties of its winning planilla and
// only to parties over the threshold, and the summary and the explanation say so.
func comprobarRegidurias(t *testing.T, o, out string) {
	t.Helper()
	ganadora := map[string]string{}
	for _, f := range leerCSV(t, filepath.Join(out, "ganadores_ayun.csv"))[1:] {
		ganadora[f[1]] = " " + f[8] + " "
	}
	total, por := map[string]int{}, map[string]int{}
	for _, f := range leerCSV(t, filepath.Join(out, "asignacion_regidurias_ayun.csv"))[1:] {
		n, err := strconv.Atoi(f[6])
		if err != nil || f[0] != "1" || len(f) != 7 {
			t.Fatalf("asignacion_regidurias_ayun.csv row %v", f)
		}
		if n > 0 && (strings.Contains(ganadora[f[1]], " "+f[3]+" ") || f[5] != "1") {
			t.Errorf("municipio %s: %s, CON_DERECHO %s, of the winning planilla (%s) or "+
				"under the threshold, takes %d regidurías", f[1], f[3], f[5], ganadora[f[1]], n)
		}
		total[f[1]] += n
		por[f[3]] += n
	}
	if !reflect.DeepEqual(total, regiduriasSupuestas) {
		t.Errorf("RP regidurías by municipio %v, want %v", total, regiduriasSupuestas)
	}
	// Over the synthetic recounts, not the official cómputo: PUEBLA's 7 go PAN 5, PRI 1,
	// MC 1.
	if want := map[string]int{"PAN": 7, "PVEM": 4, "MC": 2, "MORENA": 2, "PRI": 2, "FXMP": 1,
		"PT": 1}; !reflect.DeepEqual(nonZero(por), want) {
		t.Errorf("RP regidurías by party %v, want %v", nonZero(por), want)
	}
	for _, want := range []string{
		`Regidurías de representación proporcional \(RULES.md §7.3, .*\), con el número de ` +
			`cada municipio de .*regidurias_ayun_2024_supuesto.csv: asignadas en 6 de los 6 ` +
			`municipios del archivo; regidurías asignadas: 19\.`,
		`Regidurías por partido:\n +PAN +7\n +PVEM +4\n`,
		`Municipios del cómputo que el archivo no lista, sin regidurías asignadas: 211\.`,
		`  asignacion_regidurias_ayun.csv\n  asignacion_regidurias_ayun.txt\n`,
	} {
		if !regexp.MustCompile(want).MatchString(o) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(o, "no se asignan: el número") {
		t.Errorf("the summary says the regidurías are not assigned")
	}
	txt, err := os.ReadFile(filepath.Join(out, "asignacion_regidurias_ayun.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SIMULACRO.", "no es el cómputo oficial",
		"Municipio 115 PUEBLA. Regidurías de representación proporcional: 7; partidos de la " +
			"planilla ganadora, que no toman ninguna: PT, PVEM, MORENA, NAP, FXMP.",
		"Cociente natural = votación efectiva 342,194 / 7 escaños", "[por confirmar]",
		"Municipios del cómputo que el archivo no lista, sin regidurías asignadas: 211."} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("asignacion_regidurias_ayun.txt lacks %q", want)
		}
	}
}

// nonZero returns the entries of m that are not 0.
func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
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
	e := cargarEleccion(f, "DIP_LOC")
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

// TestComputoRegiduriasRechazos refuses, with its line and field, a file of RP regidurías
// that is not of its layout or names what the election does not have, and the option with
// another election than Ayuntamientos; a refused run writes nothing.
func TestComputoRegiduriasRechazos(t *testing.T) {
	data := corteFinal(t, "AYUN")
	archivo := func(text string) string {
		path := filepath.Join(t.TempDir(), "regidurias.csv")
		writeFile(t, path, []byte(text))
		return path
	}
	const cab = "# prueba\nID_MUNICIPIO,REGIDURIAS_RP\n"
	out := t.TempDir()
	for _, c := range []struct {
		name, text, want string
	}{
		{"vacío", "", "regidurias.csv: el archivo de regidurías está vacío: le falta la " +
			"cabecera ID_MUNICIPIO,REGIDURIAS_RP"},
		{"solo comentarios", "\uFEFF# nada\n", "el archivo de regidurías está vacío"},
		{"sin cabecera", "114,2\n", `línea de cabecera: la columna 1 es "114" y debe ser ` +
			`ID_MUNICIPIO`},
		{"cabecera ajena", "ID_MUNICIPIO,REGIDORES\n114,2\n", `línea de cabecera: la ` +
			`columna 2 es "REGIDORES" y debe ser REGIDURIAS_RP`},
		{"cabecera de tres campos", "# x\nID_MUNICIPIO,REGIDURIAS_RP,MUNICIPIO\n",
			"línea 2: debe tener 2 campos (ID_MUNICIPIO,REGIDURIAS_RP)"},
		{"fila de un campo", cab + "114,2\n115\n", "línea 4: debe tener 2 campos " +
			"(ID_MUNICIPIO,REGIDURIAS_RP)"},
		{"comillas", cab + "1\"14,2\n", "línea 3, columna 2: comillas mal puestas"},
		{"sin filas", cab, "no trae el número de regidurías de ningún municipio"},
		{"municipio ajeno", cab + "218,2\n", `línea 3, campo ID_MUNICIPIO: "218" no es un ` +
			`municipio de Ayuntamientos`},
		{"municipio sin ceros", cab + "14,2\n", `línea 3, campo ID_MUNICIPIO: "14" no es un ` +
			`municipio de Ayuntamientos (el identificador lleva tres cifras, como en los ` +
			`datos: 001)`},
		{"municipio repetido", cab + "114,2\n001,3\n114,2\n", "línea 5, campo " +
			"ID_MUNICIPIO: el municipio 114 ya está en la línea 3"},
		{"cero", cab + "114,0\n", `línea 3, campo REGIDURIAS_RP: "0" no es un número ` +
			`entero de 1 a 30`},
		{"más de 30", cab + "114,31\n", `línea 3, campo REGIDURIAS_RP: "31" no es un ` +
			`número entero de 1 a 30`},
		{"decimal", cab + "114,2.5\n", `línea 3, campo REGIDURIAS_RP: "2.5" no es un ` +
			`número entero de 1 a 30`},
		{"vacío el número", cab + "114,\n", `línea 3, campo REGIDURIAS_RP: "" no es un ` +
			`número entero de 1 a 30`},
	} {
		code, _, e := runCmd(t, "computo", "--data", data, "--eleccion", "AYUN", "--recuentos",
			fixtureComputoAYU, "--regidurias", archivo(c.text), "--out", out)
		if code != 1 || !strings.Contains(e, c.want) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", c.name, code, e, c.want)
		}
	}
	for _, eleccion := range []string{"GUB", "DIP_LOC"} {
		code, _, e := runCmd(t, "computo", "--data", data, "--eleccion", eleccion,
			"--recuentos", fixtureComputo, "--regidurias", fixtureRegidurias, "--out", out)
		want := "--regidurias solo se usa con --eleccion AYUN"
		if code != 1 || !strings.Contains(e, want) {
			t.Errorf("--eleccion %s --regidurias: exit %d, %q; want 1 and %q", eleccion, code,
				e, want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(out, "*")); len(m) > 0 {
		t.Errorf("a refused run wrote %v", m)
	}
}

// FuzzRegidurias checks that the parser of the numbers of RP regidurías never panics and
// that what it accepts is, for municipios of Ayuntamientos, a number from 1 to 30.
func FuzzRegidurias(f *testing.F) {
	e := cargarEleccion(f, "AYUN")
	municipios := map[string]bool{}
	for _, c := range e.Candidaturas {
		municipios[c.Unidad] = true
	}
	seed, err := os.ReadFile(fixtureRegidurias)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("\uFEFFID_MUNICIPIO,REGIDURIAS_RP\r\n114,+3\r\n001, 30 \r\n"))
	f.Add([]byte("ID_MUNICIPIO,REGIDURIAS_RP\n114,2\n114,2\n"))
	f.Add([]byte("ID_MUNICIPIO\n114\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := computo.LeerRegidurias(data, e)
		if err != nil {
			var de *computo.DatosError
			if !errors.As(err, &de) {
				t.Errorf("error %v is not a DatosError", err)
			}
			return
		}
		if len(n) == 0 {
			t.Errorf("accepted a file without municipios")
		}
		for id, r := range n {
			if !municipios[id] || r < 1 || r > 30 {
				t.Errorf("accepted %d regidurías for municipio %q", r, id)
			}
		}
	})
}

// cargarEleccion reads the bundled final file of the election codigo with its
// candidaturas.
func cargarEleccion(tb testing.TB, codigo string) *catalog.Eleccion {
	tb.Helper()
	name, cand := "PUE_"+codigo+"_2024.csv", "PUE_"+codigo+"_Candidaturas_2024.csv"
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
