package computo_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

var update = flag.Bool("update", false, "rewrite the synthetic recount fixtures in testdata")

// fixtureRecuentos holds synthetic recount figures for the Gubernatura test. They are NOT
// real: the IEE does not publish the figures of its recounts casilla by casilla.
const fixtureRecuentos = "testdata/recuentos_gub_2024_sinteticos.csv"

// fixturesRecuentos are the synthetic recount fixtures of the three elections, made the
// same way (generarRecuentos), each explained in its header.
var fixturesRecuentos = []struct {
	codigo, path, cabecera string
}{
	{"GUB", fixtureRecuentos, cabeceraFixture},
	{"DIP_LOC", "testdata/recuentos_dip_loc_2024_sinteticos.csv", cabeceraFixtureDIP},
	{"AYUN", "testdata/recuentos_ayun_2024_sinteticos.csv", cabeceraFixtureAYUN},
}

// cabeceraFixture explains the fixture inside the file itself.
const cabeceraFixture = `# Cifras de recuento SINTÉTICAS para la prueba del cómputo de Gubernatura
# de Puebla 2024.
# NO son resultados reales: el IEE no publica las cifras de sus recuentos casilla por casilla.
# Una fila por casilla esperada cuya acta no se contabilizó en el PREP final (PUE_GUB_2024.csv:
# CONTABILIZADA 0 o sin registrar), salvo las casillas no instaladas. Generadas por
# generarRecuentos (internal/computo/recuentos_sinteticos_test.go) con
#   go test ./internal/computo -run TestRecuentosSinteticos -update
# de forma determinista (semilla: FNV-64a del ID del acta; solo aritmética entera):
# votación = lista nominal x participación del distrito en el PREP x un factor de 0.85 a 1.15
# (casillas especiales: 150 a 600 votos; voto anticipado: 80 a 100 % de su lista nominal),
# repartida entre las columnas en proporción a los votos del PREP en el distrito, con un
# factor de 0.75 a 1.25 por columna (ORIGEN proporcion-distrito), o en proporción a las cifras
# capturadas del acta cuando las tiene (ORIGEN patron-acta); resto mayor para los enteros.
# Una de cada ocho casillas, aproximadamente, aparta de 1 a 3 votos reservados de la columna
# más votada; RESERVADOS_A dice a qué columna los asigna el consejo (la misma o NULOS).
`

// cabeceraFixtureDIP explains the fixture of Diputaciones Locales.
const cabeceraFixtureDIP = `# Cifras de recuento SINTÉTICAS para la prueba del cómputo de
# Diputaciones Locales de Puebla 2024 (ejercicio: SIMULACRO, no es el cómputo oficial).
# NO son resultados reales: el IEE no publica las cifras de sus recuentos casilla por casilla.
# Una fila por acta esperada que no se contabilizó en el PREP final (PUE_DIP_LOC_2024.csv:
# CONTABILIZADA 0 o sin registrar), salvo las de casillas no instaladas. Una casilla especial
# tiene dos actas, cada una con su fila: la de mayoría relativa (TIPO_ACTA 3EMR) y la de
# representación proporcional (3ERP), que solo trae votos de partido, no registradas y nulos.
# Generadas por generarRecuentos (internal/computo/recuentos_sinteticos_test.go) con
#   go test ./internal/computo -run TestRecuentosSinteticos -update
# de forma determinista (semilla: FNV-64a del ID del acta; solo aritmética entera):
# votación = lista nominal x participación del distrito en el PREP x un factor de 0.85 a 1.15
# (casillas especiales: 150 a 600 votos; voto anticipado: 80 a 100 % de su lista nominal),
# repartida entre las columnas que corren en el distrito en proporción a sus votos del PREP en
# el distrito, con un factor de 0.75 a 1.25 por columna (ORIGEN proporcion-distrito), o en
# proporción a las cifras capturadas del acta cuando las tiene (ORIGEN patron-acta); resto
# mayor para los enteros. Una de cada ocho actas, aproximadamente, aparta de 1 a 3 votos
# reservados de la columna más votada; RESERVADOS_A dice a qué columna los asigna el consejo
# (la misma o NULOS).
`

// cabeceraFixtureAYUN explains the fixture of Ayuntamientos.
const cabeceraFixtureAYUN = `# Cifras de recuento SINTÉTICAS para la prueba del cómputo de
# Ayuntamientos de Puebla 2024 (ejercicio: SIMULACRO, no es el cómputo oficial).
# NO son resultados reales: el IEE no publica las cifras de sus recuentos casilla por casilla.
# Una fila por casilla esperada cuya acta no se contabilizó en el PREP final (PUE_AYUN_2024.csv:
# CONTABILIZADA 0 o sin registrar), salvo las casillas no instaladas. Generadas por
# generarRecuentos (internal/computo/recuentos_sinteticos_test.go) con
#   go test ./internal/computo -run TestRecuentosSinteticos -update
# de forma determinista (semilla: FNV-64a del ID del acta; solo aritmética entera):
# votación = lista nominal x participación del municipio en el PREP x un factor de 0.85 a 1.15
# (casillas especiales: 150 a 600 votos; voto anticipado: 80 a 100 % de su lista nominal),
# repartida entre las columnas que corren en el municipio en proporción a sus votos del PREP
# en el municipio, con un factor de 0.75 a 1.25 por columna (ORIGEN proporcion-municipio), o
# en proporción a las cifras capturadas del acta cuando las tiene (ORIGEN patron-acta); resto
# mayor para los enteros. En un municipio sin acta contabilizada en el PREP, la participación
# y la proporción son las del estado (ORIGEN proporcion-estado). Una de cada ocho casillas,
# aproximadamente, aparta de 1 a 3 votos reservados de la columna más votada; RESERVADOS_A
# dice a qué columna los asigna el consejo (la misma o NULOS).
`

// columnaUnidad names the unit column of a recount file: the district, or the municipio
// for Ayuntamientos.
func columnaUnidad(e *catalog.Eleccion) string {
	if e.Unidad == catalog.UnidadMunicipio {
		return "ID_MUNICIPIO"
	}
	return "ID_DISTRITO"
}

// generarRecuentos writes the synthetic recount figures of every expected acta that the
// final PREP did not count (casillas not installed excepted), under the header cabecera.
func generarRecuentos(f *opendata.Archivo, cabecera string) []byte {
	e := f.Eleccion
	res := corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
	nodos := res.Distritos
	if e.Unidad == catalog.UnidadMunicipio {
		nodos = res.Municipios
	}
	unidades := map[string]corte.Nodo{}
	for _, n := range nodos {
		unidades[n.ID] = n
	}
	var b bytes.Buffer
	b.WriteString(cabecera)
	w := csv.NewWriter(&b)
	head := []string{"ID_ACTA", "CLAVE_CASILLA", columnaUnidad(e), "SECCION", "TIPO_CASILLA",
		"LISTA_NOMINAL", "OBSERVACIONES_PREP", "ORIGEN"}
	for _, c := range e.Contendientes {
		head = append(head, c.Columna)
	}
	w.Write(append(head, "RESERVADOS", "RESERVADOS_A"))
	for i, a := range f.Actas {
		c := res.Clases[i]
		if a.FueraDeCatalogo() || c.Estado == acta.Contabilizada ||
			c.Flags&acta.FlagCasillaNoInstalada != 0 {
			continue
		}
		w.Write(filaSintetica(e, a, c, unidadSintetica(e, unidades[a.UnidadID], res.Entidad)))
	}
	w.Flush()
	return b.Bytes()
}

// unidadSintetica is the PREP node whose turnout and proportions a synthetic recount
// follows: the acta's unit, or the entidad when nothing of the unit was counted. origen
// names the choice in the fixture.
func unidadSintetica(e *catalog.Eleccion, n, entidad corte.Nodo) nodoSintetico {
	var votos int64
	for _, v := range n.Votos {
		votos += v
	}
	origen := "proporcion-distrito"
	if e.Unidad == catalog.UnidadMunicipio {
		origen = "proporcion-municipio"
	}
	if votos == 0 {
		return nodoSintetico{Nodo: entidad, origen: "proporcion-estado"}
	}
	return nodoSintetico{Nodo: n, origen: origen}
}

// nodoSintetico is a PREP node and the ORIGEN of the figures drawn from it.
type nodoSintetico struct {
	corte.Nodo
	origen string
}

// filaSintetica draws one acta's synthetic recount. Only the columns that run on the acta
// get votes: those of its unit's candidacies, or the parties' on an RP acta of a casilla
// especial.
func filaSintetica(e *catalog.Eleccion, a *acta.Acta, cl acta.Clasificacion,
	d nodoSintetico) []string {
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	rng := rand.New(rand.NewPCG(h.Sum64(), 2024))
	ln := a.ListaNominal.Votes()
	corre := columnasDelActa(e, a)

	pesos, origen := make([]int64, len(a.Votos)), "patron-acta"
	var capturados int64
	for k, v := range a.Votos {
		if corre[e.Contendientes[k].Columna] {
			pesos[k] = v.Votes()
		}
		capturados += pesos[k]
	}
	if capturados == 0 {
		origen = d.origen
		for k := range pesos {
			pesos[k] = 0
			if corre[e.Contendientes[k].Columna] {
				pesos[k] = d.Votos[k] * int64(750+rng.IntN(501))
			}
		}
	}
	var total int64
	switch a.TipoCasilla {
	case "S":
		total = int64(150 + rng.IntN(451))
	case "A":
		total = ln * int64(80+rng.IntN(21)) / 100
	default:
		var votos int64
		for _, n := range d.Votos {
			votos += n
		}
		// Turnout of the unit's counted actas, times 0.85 to 1.15.
		total = min(ln, ln*votos*int64(850+rng.IntN(301))/(max(d.ListaNominal, 1)*1000))
	}
	cifras := restoMayor(total, pesos)

	reservados, destino := int64(0), ""
	if total >= 3 && rng.IntN(8) == 0 {
		mayor := 0
		for k := range cifras {
			if cifras[k] > cifras[mayor] {
				mayor = k
			}
		}
		reservados = min(int64(1+rng.IntN(3)), cifras[mayor])
		cifras[mayor] -= reservados
		destino = e.Contendientes[mayor].Columna
		if rng.IntN(2) == 0 {
			destino = "NULOS"
		}
		if reservados == 0 {
			destino = ""
		}
	}
	row := []string{a.ID, a.ClaveCasilla, a.UnidadID, a.Seccion, a.TipoCasilla,
		strconv.FormatInt(ln, 10), strings.TrimSpace(cl.Observaciones()), origen}
	for _, n := range cifras {
		row = append(row, strconv.FormatInt(n, 10))
	}
	return append(row, strconv.FormatInt(reservados, 10), destino)
}

// columnasDelActa are the vote columns that run on acta a: those of its cómputo.
func columnasDelActa(e *catalog.Eleccion, a *acta.Acta) map[string]bool {
	d := computo.DefinicionDe(e, a.UnidadID)
	if computo.EsActaRP(a) {
		d = computo.DefinicionRPDe(e, a.UnidadID)
	}
	out := map[string]bool{}
	for _, c := range d.Columnas {
		out[c] = true
	}
	return out
}

// restoMayor apportions total among pesos by largest remainder, ties to the first column.
func restoMayor(total int64, pesos []int64) []int64 {
	out := make([]int64, len(pesos))
	var suma int64
	for _, p := range pesos {
		suma += p
	}
	if suma == 0 || total == 0 {
		return out
	}
	restos := make([]int64, len(pesos))
	dado := int64(0)
	for k, p := range pesos {
		out[k] = total * p / suma
		restos[k] = total * p % suma
		dado += out[k]
	}
	for ; dado < total; dado++ {
		best := 0
		for k := range restos {
			if restos[k] > restos[best] {
				best = k
			}
		}
		out[best]++
		restos[best] = -1
	}
	return out
}

// cargar reads the final PREP file of Gubernatura with its candidaturas.
func cargar(t testing.TB) *opendata.Archivo { return cargarCodigo(t, "GUB") }

// cargarCodigo reads the final PREP file of the election with code codigo, with its
// candidaturas.
func cargarCodigo(t testing.TB, codigo string) *opendata.Archivo {
	t.Helper()
	for _, e := range demodata.Puebla2024 {
		if e.Codigo != codigo {
			continue
		}
		data, err := demodata.ReadFile(e.Final)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opendata.Read(e.Final, data)
		if err != nil {
			t.Fatalf("read %s: %v", e.Final, err)
		}
		cd, err := demodata.ReadFile(e.Candidaturas)
		if err != nil {
			t.Fatal(err)
		}
		if err := opendata.ReadCandidaturas(e.Candidaturas, cd, f); err != nil {
			t.Fatalf("read %s: %v", e.Candidaturas, err)
		}
		return f
	}
	t.Fatalf("no bundled election %s", codigo)
	return nil
}

// TestRecuentosSinteticos checks that each fixture is what the generator writes, so that
// it is reproducible; with -update it rewrites them.
func TestRecuentosSinteticos(t *testing.T) {
	for _, fx := range fixturesRecuentos {
		t.Run(fx.codigo, func(t *testing.T) {
			got := generarRecuentos(cargarCodigo(t, fx.codigo), fx.cabecera)
			if *update {
				if err := os.WriteFile(fx.path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(fx.path)
			if err != nil {
				t.Fatalf("%v (run with -update to generate it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from what generarRecuentos writes; run with -update",
					fx.path)
			}
		})
	}
}

// recuentoSintetico is one row of a fixture.
type recuentoSintetico struct {
	votos      map[string]int64
	reservados int64
	destino    string
}

// leerRecuentos reads a fixture, by acta ID.
func leerRecuentos(t testing.TB, path string) map[string]recuentoSintetico {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	head := rows[0]
	out := map[string]recuentoSintetico{}
	for _, row := range rows[1:] {
		rs := recuentoSintetico{votos: map[string]int64{}, destino: row[len(row)-1]}
		for k := 8; k < len(row)-2; k++ {
			n, err := strconv.ParseInt(row[k], 10, 64)
			if err != nil {
				t.Fatalf("%s: %s %q: %v", row[0], head[k], row[k], err)
			}
			rs.votos[head[k]] = n
		}
		rs.reservados, err = strconv.ParseInt(row[len(row)-2], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[row[0]]; dup {
			t.Fatalf("%s repeated in %s", row[0], path)
		}
		out[row[0]] = rs
	}
	if len(out) == 0 {
		t.Fatal(fmt.Errorf("%s is empty", path))
	}
	return out
}
