package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/computo"
)

// The synthetic recount figures of the tests of internal/computo, the siglado the exercise
// of Diputaciones assumes and the numbers of RP regidurías that of Ayuntamientos assumes:
// NOT real figures (see their headers).
const (
	fixtureComputo    = "../../internal/computo/testdata/recuentos_gub_2024_sinteticos.csv"
	fixtureComputoDIP = "../../internal/computo/testdata/recuentos_dip_loc_2024_sinteticos.csv"
	fixtureComputoAYU = "../../internal/computo/testdata/recuentos_ayun_2024_sinteticos.csv"
	fixtureSiglado    = "../../internal/computo/testdata/siglado_dip_loc_2024_supuesto.csv"
	fixtureRegidurias = "../../internal/computo/testdata/regidurias_ayun_2024_supuesto.csv"
)

// corteFinalGUB publishes the final corte of the bundled Gubernatura file and returns the
// data folder.
func corteFinalGUB(t *testing.T) string { return corteFinal(t, "GUB") }

// corteFinal publishes the final corte of the bundled file of the election codigo and
// returns the data folder.
func corteFinal(t *testing.T, codigo string) string {
	t.Helper()
	src, data := t.TempDir(), t.TempDir()
	f := bundled(t, src, "PUE_"+codigo+"_2024.csv", "PUE_"+codigo+"_Candidaturas_2024.csv")
	if code, _, e := runCmd(t, "import", "--data", data, f); code != 0 {
		t.Fatalf("import: %s", e)
	}
	if code, _, e := runCmd(t, "corte", "--data", data, "--final"); code != 0 {
		t.Fatalf("corte: %s", e)
	}
	return data
}

// TestComputoGubernatura runs the exercise over the final PREP corte with the synthetic
// recounts: the totals are those internal/computo's TestGubernaturaPuebla2024 reports for
// the same choices, not the official cómputo.
func TestComputoGubernatura(t *testing.T) {
	data := corteFinalGUB(t)
	out := filepath.Join(t.TempDir(), "computo")
	code, o, e := runCmd(t, "computo", "--data", data, "--eleccion", "GUB", "--recuentos",
		fixtureComputo, "--out", out)
	if code != 0 {
		t.Fatalf("computo: exit %d\n%s%s", code, o, e)
	}
	t.Logf("output:\n%s", o)
	for _, want := range []string{
		`EJERCICIO de cómputo de Gubernatura sobre las actas del PREP del corte 1 \(final`,
		`NO es el cómputo oficial`,
		`Casillas: 8,334 en 27 cómputos distritales \(14 no instaladas\); recontadas 6,460: ` +
			`1,472 con cifras del archivo, 4,988 con las del PREP; 371 votos reservados`,
		`errores evidentes en los rubros fundamentales +3,102\n`,
		`no hay acta +1,004\n`,
		`ALEJANDRO ARMENTA MIER \(PT, PVEM, MORENA, NAP, FXMP\) +1,838,944\n`,
		`\(PAN, PRI, PRD, PSI\) +1,017,498\n`,
		`\(MC\) +133,864\n`,
		`Candidaturas no registradas +1,632\n`,
		`Votos nulos +100,974\n`,
		`Votación total emitida +3,092,912\n`,
		`Gana ALEJANDRO ARMENTA MIER \(PT, PVEM, MORENA, NAP, FXMP\) con 1,838,944 votos; ` +
			`diferencia con el segundo lugar: 821,446 votos \(26.55 %`,
		`distritos/: 27 actas`,
	} {
		if !regexp.MustCompile(want).MatchString(o) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(o, "Aviso:") {
		t.Errorf("some synthetic recounts were not used")
	}
	comprobarArchivosComputo(t, out)
}

// comprobarArchivosComputo checks the documents the exercise wrote.
func comprobarArchivosComputo(t *testing.T, out string) {
	t.Helper()
	for name, magic := range map[string]string{
		"acta_computo_estatal_gub.pdf":              "%PDF",
		"constancia_mayoria_gub.pdf":                "%PDF",
		"distritos/acta_computo_distrital_001.pdf":  "%PDF",
		"distritos/acta_computo_distrital_VMRE.pdf": "%PDF",
		"computo_gub.xlsx":                          "PK",
		"resultados_gub.csv":                        "",
		"distritos_gub.csv":                         "",
		"conciliacion_gub.csv":                      "",
		"eventos/computo_distrital_026.json":        "[",
		"eventos/computo_estatal_gub.json":          "[",
	} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || len(data) == 0 || !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s: %d bytes starting %.8q, want %q (%v)", name, len(data), data, magic,
				err)
		}
	}
	// One reconciliation row per casilla, besides the header.
	k, _ := os.ReadFile(filepath.Join(out, "conciliacion_gub.csv"))
	if n := bytes.Count(k, []byte("\n")); n != 8335 {
		t.Errorf("conciliacion_gub.csv has %d lines, want 8,334 casillas and the header", n)
	}
	data, _ := os.ReadFile(filepath.Join(out, "eventos", "computo_estatal_gub.json"))
	var evs []computo.Evento
	if err := json.Unmarshal(data, &evs); err != nil {
		t.Fatal(err)
	}
	cg, err := computo.ReconstruirEstatal(evs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := cg.Resultado(); r.Total != 3092912 || len(cg.Constancias()) != 1 {
		t.Errorf("the replayed state cómputo has total %d and %d constancias", r.Total,
			len(cg.Constancias()))
	}
}

// TestComputoRechazos refuses what the exercise cannot compute, with the line and field of
// a bad recount figure.
func TestComputoRechazos(t *testing.T) {
	data := corteFinalGUB(t)
	fixture, err := os.ReadFile(fixtureComputo)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(fixture), "\n")
	// Line 17 is the first casilla, 210000A01002-004; its field 9 is PAN.
	con := func(n int, edit func(string) string) string {
		ls := append([]string(nil), lines...)
		ls[n-1] = edit(ls[n-1])
		path := filepath.Join(t.TempDir(), "recuentos.csv")
		writeFile(t, path, []byte(strings.Join(ls, "\n")))
		return path
	}
	campo := func(k int, v string) func(string) string {
		return func(l string) string {
			fs := strings.Split(l, ",")
			fs[k] = v
			return strings.Join(fs, ",")
		}
	}
	out := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"sin recuentos", []string{"--out", out}, "falta --recuentos ARCHIVO.csv"},
		{"sin carpeta", []string{"--recuentos", fixtureComputo}, "falta --out CARPETA"},
		{"elección desconocida", []string{"--eleccion", "SEN", "--recuentos", fixtureComputo,
			"--out", out}, `la elección "SEN" no se puede computar en este ejercicio: use ` +
			`--eleccion GUB (Gubernatura), DIP_LOC (Diputaciones Locales) o AYUN`},
		{"siglado sin diputaciones", []string{"--siglado", fixtureSiglado, "--recuentos",
			fixtureComputo, "--out", out}, "--siglado solo se usa con --eleccion DIP_LOC"},
		{"elección fuera del corte", []string{"--eleccion", "ayun", "--recuentos",
			fixtureComputoAYU, "--out", out}, "no trae la elección de Ayuntamientos"},
		{"votos negativos", []string{"--recuentos", con(17, campo(8, "-1")), "--out", out},
			`línea 17, campo PAN: "-1" no es un número de votos`},
		{"campos de menos", []string{"--recuentos", con(18, func(l string) string {
			return l[:strings.LastIndex(l, ",")]
		}), "--out", out}, "línea 18: 58 campos, y la cabecera tiene 59"},
		{"acta ajena", []string{"--recuentos", con(19, campo(0, "X")), "--out", out},
			`línea 19, campo ID_ACTA: "X" no es un acta de Gubernatura del corte 1`},
		{"distrito cambiado", []string{"--recuentos", con(20, campo(2, "009")),
			"--out", out}, `línea 20, campo ID_DISTRITO: "009", y el acta`},
		{"reservados sin destino", []string{"--recuentos", con(22, campo(58, "")),
			"--out", out}, `línea 22, campo RESERVADOS_A: "" no es una columna`},
		{"cabecera", []string{"--recuentos", con(16, campo(8, "PRI")), "--out", out},
			`línea de cabecera: la columna 9 es "PRI" y debe ser PAN`},
		{"votos imposibles", []string{"--recuentos", con(17, campo(8, "9999999")),
			"--out", out}, "9,999,999 votos de PAN es más de lo que cabe en una casilla"},
		{"salida en los cortes", []string{"--recuentos", fixtureComputo, "--out",
			filepath.Join(data, "cortes", "0001", "ejercicio")}, "se cruza con"},
		{"salida en los datos", []string{"--recuentos", fixtureComputo, "--out", data},
			"donde están los cortes publicados o los datos"},
	} {
		args := append([]string{"computo", "--data", data}, c.args...)
		code, _, e := runCmd(t, args...)
		if code != 1 || !strings.Contains(e, c.want) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", c.name, code, e, c.want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(out, "*")); len(m) > 0 {
		t.Errorf("a refused run wrote %v", m)
	}
}
