package opendata_test

import (
	"reflect"
	"sort"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// readBundled reads one of the bundled IEE Puebla 2024 files.
func readBundled(t testing.TB, name string) *opendata.Archivo {
	t.Helper()
	data, err := demodata.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return f
}

// staleAYUN are the 21 final AYUN actas whose published OBSERVACIONES kept "ALGUN CAMPO
// ILEGIBLE O SIN DATO" after their SIN DATO cell became "-" (RULES.md §2.3).
var staleAYUN = []string{
	// ATZALA
	"210224B01004", "210224C01004",
	// COATEPEC
	"210273B01004",
	// DOMINGO ARENAS
	"210515B01004", "210515C01004", "210516B01004", "210516C01004", "210516C03004",
	"210517B01004",
	// TEPEMAXALCO
	"212082B01004", "212082C01004",
	// TEPETZINTLA
	"212089B01004", "212090C01004", "212092B01004", "212092C01004", "212093B01004",
	"212093C01004", "212093C02004", "212093E01004", "212094B01004", "212726B01004",
}

// TestCheckPuebla pins the findings of Check on the six real files: none on GUB and DIP,
// and only the stale AYUN labels of RULES.md §2.3 (8 at 18:00, 21 at the final cut).
func TestCheckPuebla(t *testing.T) {
	for _, e := range demodata.Puebla2024 {
		for _, name := range []string{e.Corte1800, e.Final} {
			t.Run(name, func(t *testing.T) {
				f := readBundled(t, name)
				got := opendata.Check(f, acta.DefaultConfig)
				want := 0
				switch name {
				case "PUE_AYUN_2024_corte_20240603_1800.csv":
					want = 8
				case "PUE_AYUN_2024.csv":
					want = 21
				}
				if len(got) != want {
					t.Fatalf("got %d discrepancies, want %d: %+v", len(got), want, got)
				}
				checkStale(t, f, got)
			})
		}
	}
}

// checkStale checks that every finding is a stale ALGUN label on a counted acta of the file,
// and on the final AYUN file that they are exactly the 21 known actas per municipio.
func checkStale(t *testing.T, f *opendata.Archivo, got []opendata.Discrepancia) {
	t.Helper()
	byID := map[string]*acta.Acta{}
	for _, a := range f.Actas {
		byID[a.ID] = a
	}
	var ids []string
	perMun := map[string]int{}
	for _, d := range got {
		want := opendata.Discrepancia{Linea: d.Linea, ActaID: d.ActaID, Campo: "OBSERVACIONES",
			Publicado: acta.ObsAlgun, Calculado: acta.ObsNinguna}
		if d != want {
			t.Errorf("got %+v, want %+v", d, want)
		}
		ids = append(ids, d.ActaID)
		perMun[byID[d.ActaID].Unidad]++
	}
	if f.Nombre != "PUE_AYUN_2024.csv" {
		return
	}
	sort.Strings(ids)
	if !reflect.DeepEqual(ids, staleAYUN) {
		t.Errorf("stale actas\n got %v\nwant %v", ids, staleAYUN)
	}
	wantMun := map[string]int{"TEPETZINTLA": 10, "DOMINGO ARENAS": 6, "TEPEMAXALCO": 2,
		"ATZALA": 2, "COATEPEC": 1}
	if !reflect.DeepEqual(perMun, wantMun) {
		t.Errorf("per municipio: got %v, want %v", perMun, wantMun)
	}
}

// TestCheckFindsChanges alters published figures of a real file and expects Check to name
// each altered cell with its line, and the header field whose count no longer adds up.
func TestCheckFindsChanges(t *testing.T) {
	f := readBundled(t, "PUE_GUB_2024.csv")
	// The first row is the extranjero acta: counted, calc 9967.
	a := f.Actas[0]
	a.TotalCalculado = acta.Num(9968)
	a.Publicada.Estado = acta.NoContabilizada
	f.Resumen[0] = "8335"
	f.Resumen[12] = "64.4491"

	got := opendata.Check(f, acta.DefaultConfig)
	want := []opendata.Discrepancia{
		{Linea: 5, Campo: "ACTAS_ESPERADAS", Publicado: "8335", Calculado: "8334"},
		{Linea: 5, Campo: "ACTAS_CONTABILIZADAS", Publicado: "6848", Calculado: "6847"},
		{Linea: 5, Campo: "PORCENTAJE_ACTAS_CONTABILIZADAS", Publicado: "82.1694",
			Calculado: "82.1574"},
		{Linea: 5, Campo: "ACTAS_NO_CONTABILIZADAS", Publicado: "1411", Calculado: "1412"},
		{Linea: 5, Campo: "LISTA_NOMINAL_ACTAS_CONTABILIZADAS", Publicado: "4125717",
			Calculado: "4113604"},
		{Linea: 5, Campo: "TOTAL_VOTOS_C_CS", Publicado: "2658993.0", Calculado: "2649026.0"},
		{Linea: 5, Campo: "TOTAL_VOTOS_S_CS", Publicado: "2639492.0", Calculado: "2629525.0"},
		{Linea: 5, Campo: "PORCENTAJE_PARTICIPACION_CIUDADANA", Publicado: "64.4491",
			Calculado: "63.9226 (corte no final) o 64.3967 (corte final)"},
		{Linea: 8, ActaID: a.ID, Campo: "CONTABILIZADA", Publicado: "0", Calculado: "1"},
		{Linea: 8, ActaID: a.ID, Campo: "TOTAL_VOTOS_CALCULADO", Publicado: "9968",
			Calculado: "9967"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}
