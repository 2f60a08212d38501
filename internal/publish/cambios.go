package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/opendata"
)

// The feed of cortes: every corte carries cambios.json, the actas whose published record
// (their line of the open-data CSV) was added, changed or withdrawn since the corte before
// it, and index.json gives the counts. A mirror that follows the feed knows from the
// numbers whether it missed a corte, and which actas to fetch again to catch up.

// ArchivoCambios is the file of a corte folder that lists the actas added or changed since
// the previous corte.
const ArchivoCambios = "cambios.json"

// CambiosJSON is cambios.json.
type CambiosJSON struct {
	Corte int `json:"corte"`
	// Anterior is the number of the corte compared against; -1 when there is none (the
	// first corte lists every acta as added).
	Anterior   int               `json:"anterior"`
	Elecciones []CambiosEleccion `json:"elecciones"`
}

// CambiosEleccion is the change list of one election: acta IDs (see the acta package), in
// the order of the election's CSV; Retiradas, in the order of the previous one.
type CambiosEleccion struct {
	Eleccion  string   `json:"eleccion"`
	Agregadas []string `json:"agregadas"`
	Cambiadas []string `json:"cambiadas"`
	Retiradas []string `json:"retiradas"`
}

// ConteoCambios is how many actas of every election a corte added, changed or withdrew, as
// index.json states it.
type ConteoCambios struct {
	Agregadas int    `json:"agregadas"`
	Cambiadas int    `json:"cambiadas"`
	Retiradas int    `json:"retiradas"`
	Archivo   string `json:"archivo"` // path of cambios.json, relative to the cortes folder
}

// Conteo adds up the change lists of every election.
func (c *CambiosJSON) Conteo() ConteoCambios {
	var n ConteoCambios
	for _, e := range c.Elecciones {
		n.Agregadas += len(e.Agregadas)
		n.Cambiadas += len(e.Cambiadas)
		n.Retiradas += len(e.Retiradas)
	}
	return n
}

// IDPublicado is the identity under which a corte publishes the acta a, its k-th record:
// the one a reader of the CSV gives it (see the acta package), which for a
// fuera-de-catálogo acta is not the store's (the store names it by its key).
func IDPublicado(a *acta.Acta, k int) string {
	if a.FueraDeCatalogo() {
		return opendata.IDFueraDeCatalogo(a, k)
	}
	return a.ID
}

// RegistrosCSV are the acta records of one election's CSV: IDs and lines, in file order.
type RegistrosCSV struct {
	IDs    []string
	Lineas [][]byte // as HojasCSV gives them
}

// LeerRegistros reads the acta records of an open-data CSV.
func LeerRegistros(name string, data []byte) (RegistrosCSV, error) {
	ids, err := opendata.ReadIDs(name, data)
	if err != nil {
		return RegistrosCSV{}, err
	}
	hojas, err := HojasCSV(data)
	if err != nil {
		return RegistrosCSV{}, err
	}
	if len(hojas) != len(ids) {
		return RegistrosCSV{}, fmt.Errorf("%s: %d data lines for %d actas", name, len(hojas),
			len(ids))
	}
	return RegistrosCSV{IDs: ids, Lineas: hojas}, nil
}

// Comparar lists the actas of actual that are new or whose record differs from anterior,
// and those of anterior that actual no longer has.
func Comparar(eleccion string, anterior, actual RegistrosCSV) CambiosEleccion {
	c := CambiosEleccion{Eleccion: eleccion, Agregadas: []string{}, Cambiadas: []string{},
		Retiradas: []string{}}
	prev := make(map[string][]byte, len(anterior.IDs))
	for i, id := range anterior.IDs {
		prev[id] = anterior.Lineas[i]
	}
	ahora := make(map[string]bool, len(actual.IDs))
	for i, id := range actual.IDs {
		ahora[id] = true
		linea, ok := prev[id]
		switch {
		case !ok:
			c.Agregadas = append(c.Agregadas, id)
		case !bytes.Equal(linea, actual.Lineas[i]):
			c.Cambiadas = append(c.Cambiadas, id)
		}
	}
	for _, id := range anterior.IDs {
		if !ahora[id] {
			c.Retiradas = append(c.Retiradas, id)
		}
	}
	return c
}

// corteAnterior is the corte before corte n in cortesDir: the newest index.json lists with
// a lower number. ok is false when there is none.
func corteAnterior(cortesDir string, n int) (e EntradaIndice, ok bool, err error) {
	idx, err := ReadIndice(cortesDir)
	if err != nil {
		return e, false, err
	}
	for _, c := range idx.Cortes {
		if c.Numero < n && (!ok || c.Numero > e.Numero) {
			e, ok = c, true
		}
	}
	return e, ok, nil
}

// RegistrosAnteriores reads the acta records of every election of the corte published in
// dir, by election code.
func RegistrosAnteriores(dir string) (map[string]RegistrosCSV, error) {
	m, err := ReadManifiesto(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]RegistrosCSV{}
	for _, e := range m.Elecciones {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.CSV)))
		if err != nil {
			return nil, err
		}
		r, err := LeerRegistros(e.CSV, data)
		if err != nil {
			return nil, err
		}
		out[e.Codigo] = r
	}
	return out, nil
}

// huellasCSV are the acta records of one election's CSV as their Merkle leaf hashes, IDs
// and hashes in file order: what a corte needs of the one before it to list what changed,
// in a tenth of the memory of the records themselves.
type huellasCSV struct {
	ids   []string
	hojas [][32]byte
}

// huellasDe hashes the records of r.
func huellasDe(r RegistrosCSV) huellasCSV {
	z := nuevoHojero()
	h := huellasCSV{ids: r.IDs, hojas: make([][32]byte, len(r.Lineas))}
	for i, l := range r.Lineas {
		h.hojas[i] = z.hoja(l)
	}
	return h
}

// compararHuellas is Comparar over leaf hashes: equal hashes are equal records.
func compararHuellas(eleccion string, anterior, actual huellasCSV) CambiosEleccion {
	c := CambiosEleccion{Eleccion: eleccion, Agregadas: []string{}, Cambiadas: []string{},
		Retiradas: []string{}}
	prev := make(map[string][32]byte, len(anterior.ids))
	for i, id := range anterior.ids {
		prev[id] = anterior.hojas[i]
	}
	for i, id := range actual.ids {
		h, ok := prev[id]
		switch {
		case !ok:
			c.Agregadas = append(c.Agregadas, id)
		case h != actual.hojas[i]:
			c.Cambiadas = append(c.Cambiadas, id)
		}
		delete(prev, id)
	}
	for _, id := range anterior.ids {
		if _, ok := prev[id]; ok {
			c.Retiradas = append(c.Retiradas, id)
		}
	}
	return c
}

// ultimos keeps, per cortes folder, the acta records of the last corte built there, so that
// the next corte compares against them without reading that corte's CSVs again. An entry
// is used only for the corte whose corte.json has the hash it was stored with.
var ultimos = struct {
	sync.Mutex
	porCarpeta map[string]registrosCorte
}{porCarpeta: map[string]registrosCorte{}}

// registrosCorte are the acta records of one corte, by election, with the SHA-256 of its
// corte.json.
type registrosCorte struct {
	hash string
	regs map[string]huellasCSV
}

// recordar keeps the records of the corte just built in cortesDir.
func recordar(cortesDir, hash string, regs map[string]huellasCSV) {
	ultimos.Lock()
	defer ultimos.Unlock()
	ultimos.porCarpeta[cortesDir] = registrosCorte{hash, regs}
}

// registrosDe returns the records of the corte published in dir, whose corte.json has the
// given hash: those kept from its build when they are of that corte, else read from its
// files.
func registrosDe(cortesDir, dir, hash string) (map[string]huellasCSV, error) {
	ultimos.Lock()
	r, ok := ultimos.porCarpeta[cortesDir]
	ultimos.Unlock()
	if ok && hash != "" && r.hash == hash {
		return r.regs, nil
	}
	regs, err := RegistrosAnteriores(dir)
	if err != nil {
		return nil, err
	}
	out := make(map[string]huellasCSV, len(regs))
	for k, r := range regs {
		out[k] = huellasDe(r)
	}
	return out, nil
}

// ImagenesJSON is imagenes.json of a corte: the published images its actas point to, by
// file name under the imagenes folder beside the cortes ("<sha256>.jpg"). Readers over HTTP,
// who cannot list that folder, learn from it which images to fetch.
type ImagenesJSON struct {
	Imagenes []string `json:"imagenes"`
}

// ArchivoImagenes is the file of a corte folder that lists its actas' published images.
const ArchivoImagenes = "imagenes.json"

// imagenesDelCorte lists the published images of cortesDir that the corte's actas point to.
func imagenesDelCorte(cortesDir string, in Input) ([]byte, error) {
	hay, err := ImagenesPublicadas(cortesDir)
	if err != nil {
		return nil, err
	}
	doc := ImagenesJSON{Imagenes: []string{}}
	vistas := map[string]bool{}
	for _, r := range in.Elecciones {
		for _, a := range r.Actas {
			if name, ok := hay[a.CodigoIntegridad]; ok && !vistas[name] {
				vistas[name] = true
				doc.Imagenes = append(doc.Imagenes, name)
			}
		}
	}
	sort.Strings(doc.Imagenes)
	return json.MarshalIndent(doc, "", "  ")
}
