package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestGenImportCorteNacional runs a small synthetic country through the commands an
// operator would: gen, import of its three files into one data folder, corte and verify.
// Every total the corte publishes, for the country, each entidad and each distrito, must be
// the sum of the generated rows, taken from the plain table gen writes beside them.
func TestGenImportCorteNacional(t *testing.T) {
	src, data := t.TempDir(), t.TempDir()
	code, out, errs := runCmd(t, "gen", "--escala", "nacional", "--out", src, "--semilla", "3",
		"--fraccion", "0.02", "--tabla")
	if code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	wantAll(t, "gen", out, "32 entidades, 300 distritos", "NAL_PRES_2024.csv",
		"NAL_DIP_FED_Candidaturas_2024.csv", "sintéticos")
	files := []string{filepath.Join(src, "NAL_PRES_2024.csv"),
		filepath.Join(src, "NAL_SEN_2024.csv"), filepath.Join(src, "NAL_DIP_FED_2024.csv")}
	code, out, errs = runCmd(t, append([]string{"import", "--data", data}, files...)...)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	wantAll(t, "import", out, "Presidencia de la República (PRES)", "Senadurías (SEN)",
		"candidaturas: NAL_DIP_FED_Candidaturas_2024.csv", "0 discrepancias")
	code, out, errs = runCmd(t, "corte", "--data", data)
	if code != 0 {
		t.Fatalf("corte: exit %d: %s", code, errs)
	}
	wantAll(t, "corte", out, "Corte 1", "20240603_2000_PREP_NAL.zip")

	snap, err := publish.Open(filepath.Join(data, "cortes", "0001"))
	if err != nil {
		t.Fatal(err)
	}
	sumas := sumasTabla(t, filepath.Join(src, "actas_tabla.csv"))
	for _, codigo := range []string{"PRES", "SEN", "DIP_FED"} {
		e := snap.Eleccion(codigo)
		if e == nil {
			t.Fatalf("the corte has no %s", codigo)
		}
		s := sumas[codigo]
		igualesVotos(t, codigo+" país", e.Entidad.Votos, s[""])
		if len(e.Entidades) != 32 {
			t.Errorf("%s: %d entidades, want 32", codigo, len(e.Entidades))
		}
		for _, n := range e.Entidades {
			igualesVotos(t, codigo+" entidad "+n.ID, n.Votos, s[n.ID])
		}
		distritos := 0
		for _, n := range e.Distritos {
			if n.ID == "N/A" {
				continue
			}
			distritos++
			igualesVotos(t, codigo+" distrito "+n.ID, n.Votos, s[n.ID])
		}
		if distritos != 300 {
			t.Errorf("%s: %d distritos, want 300", codigo, distritos)
		}
	}
	if sen := snap.Eleccion("SEN"); len(sen.Distritos[0].Candidaturas) != 3 {
		t.Errorf("SEN distrito %s shows %d candidacies, want the 3 of its entidad",
			sen.Distritos[0].ID, len(sen.Distritos[0].Candidaturas))
	}

	code, out, errs = runCmd(t, "verify", filepath.Join(data, "cortes"))
	if code != 0 {
		t.Errorf("verify: exit %d:\n%s%s", code, out, errs)
	}
	// A state's file does not enter the store of the country.
	gub := bundled(t, src, "PUE_GUB_2024.csv")
	code, _, errs = runCmd(t, "import", "--data", data, gub)
	if code == 0 {
		t.Fatal("a Puebla file was imported into the store of the country")
	}
	wantAll(t, "import of a state's file", errs, "la entidad 21 (PUEBLA)",
		"elecciones federales de todo el país")
}

// sumasTabla adds up the votes of the counted actas of the plain table gen writes, by
// election and by unit: "" for the country, the entidad ("15") and the distrito
// ("15-040").
func sumasTabla(t *testing.T, path string) map[string]map[string][]int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][]int64{}
	for _, r := range rows[1:] {
		if r[5] != "1" {
			continue
		}
		if out[r[0]] == nil {
			out[r[0]] = map[string][]int64{}
		}
		keys := []string{"", r[1]}
		if r[2] != "N/A" {
			keys = append(keys, catalog.UnidadNacional(r[1], r[2]))
		}
		for _, k := range keys {
			if out[r[0]][k] == nil {
				out[r[0]][k] = make([]int64, len(r)-6)
			}
			for i, c := range r[6:] {
				n, _ := strconv.ParseInt(c, 10, 64) // empty cells, special values, add 0
				out[r[0]][k][i] += n
			}
		}
	}
	return out
}

func igualesVotos(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d vote columns published, %d generated", what, len(got), len(want))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: column %d has %d votes published, %d generated", what, i, got[i],
				want[i])
			return
		}
	}
}
