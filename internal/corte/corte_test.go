package corte_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

func TestPorcentajeTruncates(t *testing.T) {
	cases := []struct {
		num, den int64
		want     string
	}{
		{2, 3, "66.6666"}, {8259, 8334, "99.1000"}, {1, 1, "100.0000"}, {0, 5, "0.0000"},
		{2658993, 4125717, "64.4492"}, {1, 0, "0.0000"}, {999999, 1000000, "99.9999"},
	}
	for _, c := range cases {
		if got := (corte.Porcentaje{Num: c.num, Den: c.den}).String(); got != c.want {
			t.Errorf("%d/%d = %s, want %s", c.num, c.den, got, c.want)
		}
	}
}

// TestSyntheticHeader is the synthetic header of RULES.md §3.4.
func TestSyntheticHeader(t *testing.T) {
	r := corte.Resumen{ActasEsperadas: 8334, ActasCapturadas: 8100, ActasFueraCatalogo: 3,
		ActasContabilizadas: 8050, ActasNoContabilizadas: 50, ActasInconsistentes: 61}
	got := r.Valores(false)
	want := map[int]string{1: "8103", 4: "97.1922", 6: "96.5922", 7: "0.7319", 8: "50"}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("%s = %s, want %s", corte.Campos[i], got[i], w)
		}
	}
}

// TestSyntheticParticipation is the participation example of RULES.md §3.4: especiales enter
// only at the final corte, and an EXCEDE acta changes nothing.
func TestSyntheticParticipation(t *testing.T) {
	mk := func(tipo string, ln, votes int64) *acta.Acta {
		reps := int64(20)
		if tipo == "S" {
			reps = 1000 // casillas especiales: LN 0, representatives 1000 (RULES.md §2.1)
		}
		return &acta.Acta{TipoCasilla: tipo, Ubicacion: "1", ListaNominal: acta.Num(ln),
			Representantes: acta.Num(reps), Votos: []acta.Value{acta.Num(votes)}}
	}
	actas := []*acta.Acta{mk("B", 700, 420), mk("C", 650, 390), mk("S", 0, 300)}
	check := func(label string) {
		var r corte.Resumen
		for _, a := range actas {
			r.Add(a, a.Calculada(acta.DefaultConfig))
		}
		if got := r.Participacion(false).String(); got != "60.0000" {
			t.Errorf("%s: intermediate participation %s, want 60.0000", label, got)
		}
		if got := r.Participacion(true).String(); got != "82.2222" {
			t.Errorf("%s: final participation %s, want 82.2222", label, got)
		}
	}
	check("three counted actas")
	actas = append(actas, mk("B", 500, 600))
	check("with an EXCEDE acta")
}

// TestGubernaturaByCandidacy checks the published final PREP totals per candidate (RULES.md
// §3.4; oracle prep2024_gubernatura_por_candidatura.csv).
func TestGubernaturaByCandidacy(t *testing.T) {
	f := load(t, "PUE_GUB_2024.csv", "PUE_GUB_Candidaturas_2024.csv")
	res := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
	want := map[string]int64{"ALEJANDRO ARMENTA MIER": 1578749,
		"EDUARDO RIVERA PEREZ": 879460, "FERNANDO MORALES MARTINEZ": 115824}
	cands := res.Entidad.Candidaturas(f.Eleccion)
	if len(cands) != 3 {
		t.Fatalf("%d candidacies, want 3", len(cands))
	}
	var sum int64
	for _, c := range cands {
		got := res.Entidad.VotosCandidatura(c)
		if got != want[c.Nombre] {
			t.Errorf("%s: %d votes, want %d", c.Nombre, got, want[c.Nombre])
		}
		sum += got
	}
	e := f.Eleccion
	sum += res.Entidad.Votos[e.Columna("NO_REGISTRADAS")] + res.Entidad.Votos[e.Columna("NULOS")]
	if res.Entidad.Votos[e.Columna("NO_REGISTRADAS")] != 1086 ||
		res.Entidad.Votos[e.Columna("NULOS")] != 83874 || sum != 2658993 {
		t.Errorf("no registradas %d, nulos %d, total %d; want 1086, 83874, 2658993",
			res.Entidad.Votos[e.Columna("NO_REGISTRADAS")], res.Entidad.Votos[e.Columna("NULOS")],
			sum)
	}
	if res.Entidad.ListaNominal != 4990849 {
		t.Errorf("lista nominal of every expected acta %d, want 4,990,849",
			res.Entidad.ListaNominal)
	}
}

// geografia places secciones using the three final files, as the store does.
func geografia(t *testing.T) corte.Geografia {
	geo := corte.Geografia{}
	for _, e := range demodata.Puebla2024 {
		f := load(t, e.Final, e.Candidaturas)
		for _, a := range f.Actas {
			if a.Seccion == "" || a.Seccion == "N/A" {
				continue
			}
			p := geo[a.Seccion]
			if f.Eleccion.Unidad == "distrito" {
				p.DistritoID, p.Distrito = a.UnidadID, a.Unidad
			} else {
				p.MunicipioID, p.Municipio = a.UnidadID, a.Unidad
			}
			geo[a.Seccion] = p
		}
	}
	return geo
}

// TestPartsSumToWhole is a property over every level of the three elections at both cuts:
// the units of a level add up to the entidad, vote by vote and count by count.
func TestPartsSumToWhole(t *testing.T) {
	geo := geografia(t)
	for _, e := range demodata.Puebla2024 {
		for _, name := range []string{e.Corte1800, e.Final} {
			f := load(t, name, e.Candidaturas)
			res := corte.Tally(f.Eleccion, f.Actas, geo, f.Corte, name == e.Final,
				acta.DefaultConfig)
			levels := map[string][]corte.Nodo{"distritos": res.Distritos,
				"municipios": res.Municipios, "secciones": res.Secciones}
			for lvl, nodes := range levels {
				checkSum(t, name+" "+lvl, res, nodes)
			}
			if e.Codigo == "GUB" && len(res.Distritos) != 27 {
				t.Errorf("%s: %d distritos, want 26 and the extranjero acta", name,
					len(res.Distritos))
			}
			if e.Codigo != "GUB" && len(res.Municipios) != 218 && len(res.Municipios) != 217 {
				t.Errorf("%s: %d municipios", name, len(res.Municipios))
			}
		}
	}
}

func checkSum(t *testing.T, label string, res *corte.Resultados, nodes []corte.Nodo) {
	t.Helper()
	var r corte.Resumen
	var ln int64
	votes := make([]int64, len(res.Entidad.Votos))
	cands := map[string]int64{}
	for i := range nodes {
		n := &nodes[i]
		r.Merge(n.Resumen)
		ln += n.ListaNominal
		for k, v := range n.Votos {
			votes[k] += v
		}
		if res.Eleccion.Codigo == "GUB" {
			for _, c := range n.Candidaturas(res.Eleccion) {
				cands[c.Nombre] += n.VotosCandidatura(c)
			}
		}
	}
	r.ActasFueraCatalogo = res.Entidad.Resumen.ActasFueraCatalogo // they have no place
	if r != res.Entidad.Resumen {
		t.Errorf("%s: summaries add up to %+v, entidad has %+v", label, r, res.Entidad.Resumen)
	}
	if ln != res.Entidad.ListaNominal {
		t.Errorf("%s: lista nominal adds up to %d, entidad %d", label, ln, res.Entidad.ListaNominal)
	}
	for k := range votes {
		if votes[k] != res.Entidad.Votos[k] {
			t.Errorf("%s: column %s adds up to %d, entidad %d", label,
				res.Eleccion.Contendientes[k].Columna, votes[k], res.Entidad.Votos[k])
		}
	}
	for _, c := range res.Entidad.Candidaturas(res.Eleccion) {
		if res.Eleccion.Codigo == "GUB" && cands[c.Nombre] != res.Entidad.VotosCandidatura(c) {
			t.Errorf("%s: %s adds up to %d", label, c.Nombre, cands[c.Nombre])
		}
	}
}

// TestSampleSlices compares the tallies of the district-001 slices with their own expected
// aggregates (testdata/muestra/*_esperado.csv).
func TestSampleSlices(t *testing.T) {
	for _, code := range []string{"GUB", "DIP_LOC", "AYUN"} {
		name := "../../testdata/muestra/PUE_" + code + "_2024_muestra_DL001.csv"
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opendata.Read(name, data)
		if err != nil {
			t.Fatal(err)
		}
		res := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
		want := readExpected(t, strings.TrimSuffix(name, ".csv")+"_esperado.csv")
		r := res.Entidad.Resumen
		got := map[string]int64{
			"ACTAS_CONTABILIZADAS":               r.ActasContabilizadas,
			"ACTAS_NO_CONTABILIZADAS":            r.ActasNoContabilizadas,
			"LISTA_NOMINAL_ACTAS_CONTABILIZADAS": r.ListaNominalContabilizadas,
			"TOTAL_VOTOS_C_CS":                   r.TotalVotosCCS,
			"TOTAL_VOTOS_S_CS":                   r.TotalVotosSCS,
		}
		for i, c := range f.Eleccion.Contendientes {
			got["VOTOS_"+c.Columna] = res.Entidad.Votos[i]
		}
		for k, v := range got {
			if w, ok := want[k]; !ok || w != v {
				t.Errorf("%s %s = %d, want %d (listed %v)", code, k, v, w, ok)
			}
		}
	}
}

func readExpected(t *testing.T, path string) map[string]int64 {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		i := strings.LastIndexByte(line, ',')
		if i < 0 {
			continue
		}
		if n, err := strconv.ParseInt(line[i+1:], 10, 64); err == nil {
			out[strings.Trim(line[:i], `"`)] = n
		}
	}
	return out
}

// TestContiguasRecovered checks the identity given to actas whose published key repeats:
// contiguas 10-17 published as C01 get the key the catalog infers for them
// (testdata/catalogos/casillas_pue_2024.csv, CLAVE_CASILLA_INFERIDA).
func TestContiguasRecovered(t *testing.T) {
	f := load(t, "PUE_GUB_2024.csv", "PUE_GUB_Candidaturas_2024.csv")
	fh, err := os.Open("../../testdata/catalogos/casillas_pue_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Scan() // header
	var want []string
	inferred := 0
	for sc.Scan() {
		cells := strings.Split(sc.Text(), ",")
		want = append(want, cells[6]) // CLAVE_CASILLA_INFERIDA
		if cells[7] == "INFERIDO" {
			inferred++
		}
	}
	var got []string
	for _, a := range f.Actas {
		switch a.TipoCasilla {
		case "B", "C", "E", "S":
			got = append(got, strings.TrimSuffix(a.ID, a.TipoActa))
		}
	}
	if len(got) != len(want) || inferred != 53 {
		t.Fatalf("%d casillas, want %d; %d inferred, want 53", len(got), len(want), inferred)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("casilla %d: id %s, catalog %s", i, got[i], want[i])
		}
	}
}
