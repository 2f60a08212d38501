package publish_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// loadAll reads the bundled files of one cut of the three elections and tallies them.
func loadAll(t testing.TB, final bool) ([]*corte.Resultados, map[string][]byte) {
	t.Helper()
	var out []*corte.Resultados
	raw := map[string][]byte{}
	for _, e := range demodata.Puebla2024 {
		name := e.Corte1800
		if final {
			name = e.Final
		}
		data, err := demodata.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opendata.Read(name, data)
		if err != nil {
			t.Fatal(err)
		}
		cand, err := demodata.ReadFile(e.Candidaturas)
		if err != nil {
			t.Fatal(err)
		}
		if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
			t.Fatal(err)
		}
		raw[e.Codigo] = data
		raw[e.Codigo+"_cand"] = cand
		out = append(out, corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, final, acta.DefaultConfig))
	}
	return out, raw
}

var horaFinal = time.Date(2024, 6, 3, 20, 0, 0, 0, opendata.Zona)

// TestBuildReproducesOfficialFiles publishes the final cut of the three elections and checks
// that each CSV of the corte, summary recomputed by us, equals the IEE's file byte for byte,
// and that the candidaturas files come back unchanged.
func TestBuildReproducesOfficialFiles(t *testing.T) {
	res, raw := loadAll(t, true)
	dir := t.TempDir()
	m, err := publish.Build(dir, publish.Input{Numero: 1, Hora: horaFinal, Final: true,
		Generado: time.Now(), Elecciones: res, Config: acta.DefaultConfig})
	if err != nil {
		t.Fatal(err)
	}
	if m.Zip != "20240603_2000_PREP_PUE.zip" {
		t.Errorf("zip name %q", m.Zip)
	}
	for _, e := range m.Elecciones {
		got, err := os.ReadFile(filepath.Join(dir, "0001", e.CSV))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, raw[e.Codigo]) {
			t.Errorf("%s: corte CSV differs from the official file", e.CSV)
		}
		cand, _ := os.ReadFile(filepath.Join(dir, "0001", e.Candidaturas))
		if !bytes.Equal(cand, raw[e.Codigo+"_cand"]) {
			t.Errorf("%s: candidaturas differ from the official file", e.Candidaturas)
		}
	}
	checkManifest(t, filepath.Join(dir, "0001"), m)
	checkZip(t, filepath.Join(dir, "0001", m.Zip), raw)

	if _, err := publish.Build(dir, publish.Input{Numero: 1, Hora: horaFinal,
		Elecciones: res}); !errors.Is(err, publish.ErrExists) {
		t.Errorf("second corte 1: got %v, want ErrExists", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "0001" && e.Name() != "index.json" {
			t.Errorf("left behind %s", e.Name())
		}
	}
	if n, _ := publish.NextNumero(dir); n != 2 {
		t.Errorf("next corte %d, want 2", n)
	}
}

func checkManifest(t *testing.T, dir string, m *publish.Manifiesto) {
	t.Helper()
	// Per election its CSV, candidaturas and level files; the ZIP, cambios.json and
	// imagenes.json.
	if len(m.Archivos) != 3*2+3*len(publish.Niveles)+3 {
		t.Errorf("manifest lists %d files", len(m.Archivos))
	}
	for _, a := range m.Archivos {
		data, err := os.ReadFile(filepath.Join(dir, a.Ruta))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != a.SHA256 || int64(len(data)) != a.Bytes {
			t.Errorf("%s: size or hash differ from the manifest", a.Ruta)
		}
	}
	snap, err := publish.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	gub := snap.Eleccion("GUB")
	if gub == nil || gub.Entidad.Resumen.TotalVotosCCS != 2658993 {
		t.Fatalf("GUB total in the JSON: %+v", gub)
	}
	if got := gub.Entidad.Resumen.PorcentajeParticipacion; got != "64.4492" {
		t.Errorf("participation %s, want 64.4492", got)
	}
	if len(gub.Actas) != 8346 {
		t.Errorf("GUB actas.json has %d actas, want 8346", len(gub.Actas))
	}
}

func checkZip(t *testing.T, path string, raw map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want := map[string]string{
		"20240603_2000_PREP_GUB_PUE/PUE_GUB_2024.csv":         "GUB",
		"20240603_2000_PREP_DIP_LOC_PUE/PUE_DIP_LOC_2024.csv": "DIP_LOC",
		"20240603_2000_PREP_AYUN_PUE/PUE_AYUN_2024.csv":       "AYUN",
	}
	found := 0
	for _, f := range zr.File {
		code, ok := want[f.Name]
		if !ok {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, raw[code]) {
			t.Errorf("zip entry %s differs from the official file", f.Name)
		}
		found++
	}
	if found != 3 || len(zr.File) != 6 {
		t.Errorf("zip has %d files, %d of the expected CSVs", len(zr.File), found)
	}
}

// BenchmarkBuildCorte measures the full corte of the three elections: tally, CSV, JSON of
// every level, ZIP and atomic publication.
func BenchmarkBuildCorte(b *testing.B) {
	res, _ := loadAll(b, true)
	in := make([]corte.Entrada, len(res))
	for k, r := range res {
		in[k] = corte.Entrada{Eleccion: r.Eleccion, Actas: r.Actas}
	}
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		again := corte.TallyAll(in, nil, horaFinal, true, acta.DefaultConfig)
		if _, err := publish.Build(dir, publish.Input{Numero: i + 1, Hora: horaFinal,
			Final: true, Elecciones: again, Config: acta.DefaultConfig}); err != nil {
			b.Fatal(err)
		}
	}
}
