package corte_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/sintetico"
)

// suma is what a node should hold, added up acta by acta.
type suma struct {
	resumen corte.Resumen
	ln      int64
	votos   []int64
}

func (s *suma) add(a *acta.Acta, c acta.Clasificacion) {
	s.resumen.Add(a, c)
	if c.Estado != acta.FueraDeCatalogo {
		s.ln += a.ListaNominal.Votes()
	}
	if c.Estado == acta.Contabilizada {
		for k, v := range a.Votos {
			if v.Kind == acta.Number {
				s.votos[k] += v.N
			}
		}
	}
}

// TestNacionalActaPorActa checks the national tally, which sums runs of actas and merges
// repeated secciones when sorting, against sums made acta by acta: every node of every
// level, with a sección whose actas are not together in the file and an acta moved to
// another distrito.
func TestNacionalActaPorActa(t *testing.T) {
	dir := t.TempDir()
	if _, err := sintetico.Generar(dir, sintetico.Opciones{Semilla: 5,
		Fraccion: 0.01}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "NAL_DIP_FED_2024.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read("NAL_DIP_FED_2024.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	actas := append([]*acta.Acta(nil), f.Actas...)
	// The first acta of a sección with several goes to the end, naming another distrito of
	// its entidad: its sección appears twice, in two distritos.
	var movida string
	for i := 0; i+1 < len(actas) && movida == ""; i++ {
		a, b := actas[i], actas[i+1]
		if a.Seccion == "N/A" || a.Seccion != b.Seccion || a.IDEntidad != b.IDEntidad {
			continue
		}
		for _, o := range actas {
			if o.IDEntidad == a.IDEntidad && o.UnidadID != a.UnidadID && o.UnidadID != "N/A" {
				copia := *a
				copia.UnidadID, copia.Unidad = o.UnidadID, o.Unidad
				movida = catalog.UnidadNacional(a.IDEntidad, a.Seccion)
				actas = append(append(actas[:i:i], actas[i+1:]...), &copia)
				break
			}
		}
	}
	if movida == "" {
		t.Fatal("the generated file has no sección to split")
	}
	// The middle acta of a sección of three or more names another distrito: the sección's
	// actas are three runs, of one node, in two distritos.
	var partida string
	for i := 1; i+1 < len(actas) && partida == ""; i++ {
		a, b, c := actas[i-1], actas[i], actas[i+1]
		if b.Seccion == "N/A" || a.Seccion != b.Seccion || b.Seccion != c.Seccion ||
			a.IDEntidad != c.IDEntidad || a.UnidadID != b.UnidadID {
			continue
		}
		for _, o := range actas {
			if o.IDEntidad == b.IDEntidad && o.UnidadID != b.UnidadID && o.UnidadID != "N/A" {
				copia := *b
				copia.UnidadID, copia.Unidad = o.UnidadID, o.Unidad
				actas[i] = &copia
				partida = catalog.UnidadNacional(b.IDEntidad, b.Seccion)
				break
			}
		}
	}
	if partida == "" || partida == movida {
		t.Fatalf("no sección to cross distritos within (%q, moved %q)", partida, movida)
	}
	res := corte.Tally(f.Eleccion, actas, nil, time.Time{}, false, acta.DefaultConfig)

	width := len(f.Eleccion.Contendientes)
	want := map[string]*suma{} // by level and id
	at := func(nivel, id string) *suma {
		if want[nivel+" "+id] == nil {
			want[nivel+" "+id] = &suma{votos: make([]int64, width)}
		}
		return want[nivel+" "+id]
	}
	for i, a := range actas {
		c := res.Clases[i]
		if c != a.Efectiva(acta.DefaultConfig) {
			t.Fatalf("acta %d: class %+v, want %+v", i, c, a.Efectiva(acta.DefaultConfig))
		}
		at("pais", "").add(a, c)
		if c.Estado == acta.FueraDeCatalogo {
			continue
		}
		at("entidad", a.IDEntidad).add(a, c)
		dist := corte.SinUnidad
		if a.UnidadID != "N/A" {
			dist = catalog.UnidadNacional(a.IDEntidad, a.UnidadID)
		}
		at("distrito", dist).add(a, c)
	}
	check := func(nivel string, n corte.Nodo) {
		t.Helper()
		w := at(nivel, n.ID)
		if n.Resumen != w.resumen || n.ListaNominal != w.ln {
			t.Errorf("%s %s: summary %+v, lista nominal %d; acta by acta %+v, %d", nivel, n.ID,
				n.Resumen, n.ListaNominal, w.resumen, w.ln)
		}
		for k := range w.votos {
			if n.Votos[k] != w.votos[k] {
				t.Errorf("%s %s: column %d has %d votes, acta by acta %d", nivel, n.ID, k,
					n.Votos[k], w.votos[k])
				return
			}
		}
		delete(want, nivel+" "+n.ID)
	}
	check("pais", corte.Nodo{ID: "", Resumen: res.Entidad.Resumen,
		ListaNominal: res.Entidad.ListaNominal, Votos: res.Entidad.Votos})
	for _, n := range res.Entidades {
		check("entidad", n)
	}
	for _, n := range res.Distritos {
		check("distrito", n)
	}
	if len(want) != 0 {
		t.Errorf("%d nodes missing from the tally", len(want))
	}

	// Secciones: every acta in exactly one, each node the sum of its actas, ids sorted.
	vista := make([]bool, len(actas))
	for k, n := range res.Secciones {
		if k > 0 && n.ID != corte.SinUnidad && res.Secciones[k-1].ID >= n.ID {
			t.Errorf("sección %s listed after %s", n.ID, res.Secciones[k-1].ID)
		}
		s := &suma{votos: make([]int64, width)}
		for j, i := range n.Actas {
			if vista[i] {
				t.Errorf("acta %d in two secciones", i)
			}
			vista[i] = true
			if j > 0 && n.Actas[j-1] >= i {
				t.Errorf("sección %s: actas %v out of order", n.ID, n.Actas)
			}
			s.add(actas[i], res.Clases[i])
		}
		want[" "+n.ID] = s
		check("", n)
		if n.ID == movida && len(n.Actas) < 2 {
			t.Errorf("sección %s, split in the file, has %d actas", n.ID, len(n.Actas))
		}
	}
	for i, v := range vista {
		if !v && res.Clases[i].Estado != acta.FueraDeCatalogo {
			t.Errorf("acta %d is in no sección", i)
		}
	}
	// The secciones of the moved acta and of the one that crosses distritos span two
	// distritos: they name none.
	for _, n := range res.Secciones {
		if (n.ID == movida || n.ID == partida) && n.Distrito != "" {
			t.Errorf("sección %s spans two distritos but names %s", n.ID, n.Distrito)
		}
		if n.ID == partida && len(n.Actas) < 3 {
			t.Errorf("sección %s has %d actas, want its three or more", n.ID, len(n.Actas))
		}
	}
}

// TestNacionalDesordenada tallies the actas of a national file in a shuffled order, where
// almost every acta starts a run of its own and secciones repeat all over: every node must
// hold what it holds with the actas in file order.
func TestNacionalDesordenada(t *testing.T) {
	dir := t.TempDir()
	if _, err := sintetico.Generar(dir, sintetico.Opciones{Semilla: 8,
		Fraccion: 0.01}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "NAL_PRES_2024.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read("NAL_PRES_2024.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	orden := corte.Tally(f.Eleccion, f.Actas, nil, time.Time{}, false, acta.DefaultConfig)
	revueltas := append([]*acta.Acta(nil), f.Actas...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(revueltas), func(i, j int) {
		revueltas[i], revueltas[j] = revueltas[j], revueltas[i]
	})
	res := corte.Tally(f.Eleccion, revueltas, nil, time.Time{}, false, acta.DefaultConfig)
	if len(res.Secciones) != len(orden.Secciones) {
		t.Fatalf("%d secciones shuffled, %d in order", len(res.Secciones), len(orden.Secciones))
	}
	for k, n := range res.Secciones {
		o := orden.Secciones[k]
		if n.ID != o.ID || n.Nombre != o.Nombre || n.Distrito != o.Distrito ||
			n.Resumen != o.Resumen || n.ListaNominal != o.ListaNominal ||
			!slices.Equal(n.Votos, o.Votos) || len(n.Actas) != len(o.Actas) {
			t.Fatalf("sección %d shuffled:\n%+v\nin order:\n%+v", k, n, o)
		}
		ids := func(r *corte.Resultados, idx []int) []string {
			var out []string
			for _, i := range idx {
				out = append(out, r.Actas[i].ID)
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(ids(res, n.Actas), ids(orden, o.Actas)) {
			t.Fatalf("sección %s holds other actas shuffled", n.ID)
		}
		if !slices.IsSorted(n.Actas) {
			t.Fatalf("sección %s: actas %v out of order", n.ID, n.Actas)
		}
	}
	for k, n := range res.Distritos {
		if o := orden.Distritos[k]; n.ID != o.ID || n.Resumen != o.Resumen ||
			!slices.Equal(n.Votos, o.Votos) {
			t.Fatalf("distrito %s differs shuffled", n.ID)
		}
	}
}
