package sintetico

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/opendata"
)

// pais is the whole country generated once (seed 1) and read back as sufragio import reads
// it, for the tests that need the full scale.
var pais struct {
	once  sync.Once
	res   *Resultado
	files []*opendata.Archivo
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pais.res != nil && len(pais.res.Archivos) > 0 {
		os.RemoveAll(filepath.Dir(pais.res.Archivos[0]))
	}
	os.Exit(code)
}

// generarPais generates and reads the whole country.
func generarPais(t *testing.T) (*Resultado, []*opendata.Archivo) {
	t.Helper()
	if testing.Short() {
		t.Skip("the whole country takes a few seconds to generate and read")
	}
	pais.once.Do(func() {
		dir, err := os.MkdirTemp("", "sintetico-")
		if err != nil {
			pais.err = err
			return
		}
		pais.res, pais.err = Generar(dir, Opciones{Semilla: 1, Tabla: true})
		if pais.err == nil {
			pais.files, pais.err = leer(dir)
		}
	})
	if pais.err != nil {
		t.Fatal(pais.err)
	}
	return pais.res, pais.files
}

// leer reads the three generated files with their candidaturas, as sufragio import does.
func leer(dir string) ([]*opendata.Archivo, error) {
	var out []*opendata.Archivo
	for _, e := range Elecciones {
		def := e.definicion()
		name := def.ArchivoBase() + ".csv"
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		f, err := opendata.Read(name, data)
		if err != nil {
			return nil, err
		}
		cn := opendata.CandidaturasNombre(def)
		cand, err := os.ReadFile(filepath.Join(dir, cn))
		if err != nil {
			return nil, err
		}
		if err := opendata.ReadCandidaturas(cn, cand, f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// TestGenerarPais reads the generated country back without errors and counts it: 32
// entidades, 300 distritos, about 71,000 secciones and 170,000 casillas, three elections
// whose every figure and summary agree with what sufragio recomputes.
func TestGenerarPais(t *testing.T) {
	res, files := generarPais(t)
	if len(files) != 3 {
		t.Fatalf("%d files, want 3", len(files))
	}
	for k, f := range files {
		e := f.Eleccion
		if e.Codigo != Elecciones[k].Codigo || e.EntidadID != catalog.EntidadNacionalID {
			t.Errorf("file %d is election %s of entidad %s, want %s of %s", k, e.Codigo,
				e.EntidadID, Elecciones[k].Codigo, catalog.EntidadNacionalID)
		}
		if d := opendata.Check(f, acta.DefaultConfig); len(d) > 0 {
			t.Errorf("%s: %d figures differ from the recomputed ones, first %+v", e.Codigo,
				len(d), d[0])
		}
		if len(f.Actas) != res.Actas[k] {
			t.Errorf("%s: %d actas read, %d generated", e.Codigo, len(f.Actas), res.Actas[k])
		}
		entidades, distritos := map[string]bool{}, map[string]bool{}
		secciones, casillas := map[string]bool{}, map[string]bool{}
		for _, a := range f.Actas {
			if a.FueraDeCatalogo() {
				continue
			}
			entidades[a.IDEntidad] = true
			if a.UnidadID != "N/A" {
				distritos[catalog.UnidadNacional(a.IDEntidad, a.UnidadID)] = true
			}
			if strings.Contains("BCES", a.TipoCasilla) {
				secciones[a.IDEntidad+a.Seccion] = true
				casillas[a.ClaveCasilla] = true
			}
		}
		checkRango(t, e.Codigo+" entidades", len(entidades), 32, 32)
		checkRango(t, e.Codigo+" distritos", len(distritos), 300, 300)
		checkRango(t, e.Codigo+" secciones", len(secciones), 70_000, 72_000)
		checkRango(t, e.Codigo+" casillas", len(casillas), 165_000, 175_000)
		if len(casillas) != res.Casillas {
			t.Errorf("%s: %d casillas read, %d generated", e.Codigo, len(casillas),
				res.Casillas)
		}
	}
	if res.Secciones != 71_000 || res.Distritos != 300 || res.Entidades != 32 {
		t.Errorf("generated %d entidades, %d distritos, %d secciones; want 32, 300, 71,000",
			res.Entidades, res.Distritos, res.Secciones)
	}
	checkCandidaturas(t, files)
}

func checkRango(t *testing.T, what string, got, lo, hi int) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s: %d, want between %d and %d", what, got, lo, hi)
	}
}

// checkCandidaturas checks who runs where: the Presidencia's three candidacies in the whole
// country, three per entidad in the Senadurías, at least three per distrito in the
// Diputaciones Federales (four where a party runs apart from its coalition).
func checkCandidaturas(t *testing.T, files []*opendata.Archivo) {
	t.Helper()
	want := []int{3, 32 * 3, 300 * 3}
	for k, f := range files {
		got := len(f.Eleccion.Candidaturas)
		if got < want[k] || k < 2 && got != want[k] || got > want[k]+60 {
			t.Errorf("%s: %d candidacies, want %d (or a few more for Diputaciones)",
				f.Eleccion.Codigo, got, want[k])
		}
	}
	pres := files[0].Eleccion.CandidaturasEn("")
	if len(pres) != 3 || pres[1].Nombre != "CLAUDIA SHEINBAUM PARDO" {
		t.Errorf("candidacies of the Presidencia: %+v", pres)
	}
	if sen := files[1].Eleccion.CandidaturasEn("15-040"); len(sen) != 3 {
		t.Errorf("senadurías that run in distrito 15-040: %d, want the 3 of entidad 15",
			len(sen))
	}
}

// TestDeterminismo generates a small country twice with one seed, byte for byte the same,
// and once with another, different.
func TestDeterminismo(t *testing.T) {
	gen := func(semilla uint64) map[string][]byte {
		dir := t.TempDir()
		res, err := Generar(dir, Opciones{Semilla: semilla, Fraccion: 0.01, Tabla: true})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, p := range res.Archivos {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(p)] = data
		}
		return out
	}
	a, b, c := gen(7), gen(7), gen(8)
	if len(a) != 7 {
		t.Fatalf("%d files, want 3 CSV, 3 candidaturas and the table", len(a))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two generations with seed 7", name)
		}
	}
	if bytes.Equal(a["NAL_PRES_2024.csv"], c["NAL_PRES_2024.csv"]) {
		t.Error("seeds 7 and 8 give the same Presidencia file")
	}
}

// TestProporciones measures the generated country as the profile was measured on Puebla
// and holds it to the profile: the classes of actas, fuera de catálogo, casillas, votes,
// turnout, blank and differing cells.
func TestProporciones(t *testing.T) {
	res, files := generarPais(t)
	for k, f := range files {
		e := f.Eleccion.Codigo
		clases := map[string]float64{}
		var esperadas, fc float64
		for _, a := range f.Actas {
			if a.FueraDeCatalogo() {
				fc++
				continue
			}
			esperadas++
			clases[strings.TrimSpace(a.ObservacionesPub)]++
		}
		for c, label := range map[clase]string{claseNormal: "", claseAlgun: acta.ObsAlgun,
			claseTodos: acta.ObsTodos, claseExcede: acta.ObsExcede,
			claseNoEntregado: acta.ObsPaqueteNoEntregado,
			claseSinBolsa:    acta.ObsPaqueteSinBolsa, claseNoRegistrada: "-"} {
			want := cuotaClase[c]
			if c == claseNormal {
				label = "-" // " - " trimmed; the not registered "-" are added below
				want += cuotaClase[claseNoRegistrada]
			}
			if c == claseNoRegistrada {
				continue
			}
			proporcion(t, e+" "+label, clases[label]/esperadas, want, 0.15)
		}
		proporcion(t, e+" fuera de catálogo", fc/esperadas, fueraDeCatalogo, 0.25)
		if k == 0 {
			medirGenerado(t, f, res)
		}
	}
}

// proporcion checks a measured share against the profile's, within a relative tolerance.
func proporcion(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !cerca(got, want, tol) {
		t.Errorf("%s: %.4f, the profile says %.4f (tolerance %.0f %%)", what, got, want,
			tol*100)
	}
}

// medirGenerado measures the casillas, votes and cells of one generated election.
func medirGenerado(t *testing.T, f *opendata.Archivo, res *Resultado) {
	t.Helper()
	tipos := map[string]float64{}
	porBloque := map[string]float64{}
	var total, conCifras, asentadoSinDato, asentadoNum, asentadoDifiere float64
	var part []float64
	distritos := map[string][]muestra{}
	for _, a := range f.Actas {
		tipos[a.TipoCasilla]++
		if a.Publicada.Estado == acta.Contabilizada {
			m := muestra{share: map[string]float64{}}
			for i, v := range a.Votos {
				porBloque[bloqueDe(i).nombre] += float64(v.Votes())
				total += float64(v.Votes())
				m.share[bloqueDe(i).nombre] += float64(v.Votes())
				m.n += float64(v.Votes())
			}
			if strings.Contains("BCE", a.TipoCasilla) && a.ListaNominal.N > 0 {
				part = append(part, float64(a.TotalCalculado.N)/float64(a.ListaNominal.N))
			}
			if strings.Contains("BCE", a.TipoCasilla) && m.n >= 50 {
				d := a.IDEntidad + a.UnidadID
				distritos[d] = append(distritos[d], m)
			}
		}
		if !strings.Contains("BCES", a.TipoCasilla) || a.ObservacionesPub == acta.ObsTodos ||
			a.Publicada.Estado == acta.NoRegistrada || a.Votos[0].Kind == acta.SinActa {
			continue
		}
		conCifras++
		switch v := a.TotalAsentado; v.Kind {
		case acta.SinDato:
			asentadoSinDato++
		case acta.Number:
			asentadoNum++
			if v.N != a.TotalCalculado.N {
				asentadoDifiere++
			}
		}
	}
	secciones := float64(res.Secciones)
	proporcion(t, "extraordinarias per sección", tipos["E"]/secciones, 624.0/2847, 0.05)
	proporcion(t, "especiales per distrito", tipos["S"]/300, especialesPorDistrito, 0.1)
	proporcion(t, "voto anticipado per distrito", tipos["A"]/300, anticipadoPorDistrito, 0.15)
	for _, b := range bloques[:4] {
		proporcion(t, "votes of "+b.nombre, porBloque[b.nombre]/total, b.cuota, 0.1)
	}
	// The spread of the coalitions' shares among distritos and casillas: the normalization
	// of the draws moves it a little from the gamma's.
	for _, b := range bloques[:2] {
		ad, ac := concentraciones(distritos, b.nombre)
		proporcion(t, "concentration among distritos of "+b.nombre, ad, b.alfaDistrito, 0.3)
		proporcion(t, "concentration among casillas of "+b.nombre, ac, b.alfaCasilla, 0.3)
	}
	proporcion(t, "median turnout", cuantilDe(part, 0.5), participacion.en(0.5), 0.03)
	proporcion(t, "TOTAL_VOTOS_ASENTADO SIN DATO", asentadoSinDato/conCifras,
		sinDatoAsentado, 0.1)
	proporcion(t, "TOTAL_VOTOS_ASENTADO differs", asentadoDifiere/asentadoNum,
		difiereAsentado, 0.05)
}

// cuantilDe sorts xs and takes its quantile at p.
func cuantilDe(xs []float64, p float64) float64 {
	slices.Sort(xs)
	return cuantil(xs, p)
}

// TestAvance checks what a progress bar is told: once per entidad, in growing secciones,
// ending at the total the process has.
func TestAvance(t *testing.T) {
	var llamadas [][2]int
	res, err := Generar(t.TempDir(), Opciones{Semilla: 3, Fraccion: 0.01,
		Avance: func(hechas, total int) { llamadas = append(llamadas, [2]int{hechas, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(llamadas) != len(Entidades) {
		t.Fatalf("%d calls, want one per entidad (%d)", len(llamadas), len(Entidades))
	}
	for i := 1; i < len(llamadas); i++ {
		if llamadas[i][0] <= llamadas[i-1][0] || llamadas[i][1] != llamadas[0][1] {
			t.Fatalf("call %d: %v after %v", i, llamadas[i], llamadas[i-1])
		}
	}
	if last := llamadas[len(llamadas)-1]; last[0] != last[1] || last[0] != res.Secciones {
		t.Errorf("last call %v, want the %d secciones written", last, res.Secciones)
	}
}
