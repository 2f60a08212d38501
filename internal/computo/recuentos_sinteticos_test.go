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
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

var update = flag.Bool("update", false, "rewrite testdata/recuentos_gub_2024_sinteticos.csv")

// fixtureRecuentos holds synthetic recount figures for the Gubernatura test. They are NOT
// real: the IEE does not publish the figures of its recounts casilla by casilla.
const fixtureRecuentos = "testdata/recuentos_gub_2024_sinteticos.csv"

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

// generarRecuentos writes the synthetic recount figures of every casilla whose acta the
// final PREP did not count, as documented in cabeceraFixture.
func generarRecuentos(f *opendata.Archivo) []byte {
	e := f.Eleccion
	res := corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
	distritos := map[string]corte.Nodo{}
	for _, n := range res.Distritos {
		distritos[n.ID] = n
	}
	var b bytes.Buffer
	b.WriteString(cabeceraFixture)
	w := csv.NewWriter(&b)
	head := []string{"ID_ACTA", "CLAVE_CASILLA", "ID_DISTRITO", "SECCION", "TIPO_CASILLA",
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
		w.Write(filaSintetica(e, a, c, distritos[a.UnidadID]))
	}
	w.Flush()
	return b.Bytes()
}

// filaSintetica draws one casilla's synthetic recount.
func filaSintetica(e *catalog.Eleccion, a *acta.Acta, cl acta.Clasificacion,
	d corte.Nodo) []string {
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	rng := rand.New(rand.NewPCG(h.Sum64(), 2024))
	ln := a.ListaNominal.Votes()

	pesos, origen := make([]int64, len(a.Votos)), "patron-acta"
	var capturados int64
	for k, v := range a.Votos {
		pesos[k] = v.Votes()
		capturados += pesos[k]
	}
	if capturados == 0 {
		origen = "proporcion-distrito"
		for k := range pesos {
			pesos[k] = d.Votos[k] * int64(750+rng.IntN(501))
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
		// Turnout of the district's counted actas, times 0.85 to 1.15.
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
func cargar(t testing.TB) *opendata.Archivo {
	t.Helper()
	e := demodata.Puebla2024[0]
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

// TestRecuentosSinteticos checks that the fixture is what the generator writes, so that it
// is reproducible; with -update it rewrites it.
func TestRecuentosSinteticos(t *testing.T) {
	got := generarRecuentos(cargar(t))
	if *update {
		if err := os.WriteFile(fixtureRecuentos, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(fixtureRecuentos)
	if err != nil {
		t.Fatalf("%v (run with -update to generate it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what generarRecuentos writes; run with -update",
			fixtureRecuentos)
	}
}

// recuentoSintetico is one row of the fixture.
type recuentoSintetico struct {
	votos      map[string]int64
	reservados int64
	destino    string
}

// leerRecuentos reads the fixture, by acta ID.
func leerRecuentos(t testing.TB) map[string]recuentoSintetico {
	t.Helper()
	data, err := os.ReadFile(fixtureRecuentos)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", fixtureRecuentos, err)
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
			t.Fatalf("%s repeated in %s", row[0], fixtureRecuentos)
		}
		out[row[0]] = rs
	}
	if len(out) == 0 {
		t.Fatal(fmt.Errorf("%s is empty", fixtureRecuentos))
	}
	return out
}
