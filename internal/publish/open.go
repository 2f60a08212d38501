package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// Niveles are the JSON files of each election in a corte, under json/<codigo>/.
var Niveles = []string{"eleccion", "entidad", "distritos", "municipios", "secciones", "actas"}

// NivelEntidades is the level file a national election (catalog.Nacional) has besides
// Niveles: the tallies of the 32 entidades.
const NivelEntidades = "entidades"

// NivelesEleccion are the level files of the election with code codigo: Niveles, and for a
// national election NivelEntidades too.
func NivelesEleccion(codigo string) []string {
	if catalog.Nacional(codigo) {
		return append(append([]string(nil), Niveles...), NivelEntidades)
	}
	return Niveles
}

// Snapshot is a published corte loaded from its folder: what the results site shows.
type Snapshot struct {
	Dir        string
	Manifiesto Manifiesto
	Elecciones []*EleccionSnapshot // in publication order
}

// EleccionSnapshot is the published JSON of one election in a corte.
type EleccionSnapshot struct {
	Def        EleccionJSON
	Entidad    NodoJSON
	Distritos  []NodoJSON
	Municipios []NodoJSON
	Secciones  []NodoJSON
	Actas      []ActaJSON
	// Entidades are the tallies of the entidades of a national election; nil otherwise.
	Entidades []NodoJSON
}

// Eleccion returns the election with the code, or nil.
func (s *Snapshot) Eleccion(codigo string) *EleccionSnapshot {
	for _, e := range s.Elecciones {
		if e.Def.Codigo == codigo {
			return e
		}
	}
	return nil
}

// ReadIndice reads index.json of a cortes folder. A folder with no corte yet gives an empty
// index.
func ReadIndice(cortesDir string) (*Indice, error) {
	var idx Indice
	data, err := os.ReadFile(filepath.Join(cortesDir, "index.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return &idx, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("read index of %s: %w", cortesDir, err)
	}
	return &idx, nil
}

// Open loads the corte published in dir (a corte folder such as cortes/0002).
func Open(dir string) (*Snapshot, error) {
	s := &Snapshot{Dir: dir}
	if err := readJSON(filepath.Join(dir, "corte.json"), &s.Manifiesto); err != nil {
		return nil, err
	}
	for _, ec := range s.Manifiesto.Elecciones {
		e := &EleccionSnapshot{}
		var actas ActasTabla
		targets := map[string]any{"eleccion": &e.Def, "entidad": &e.Entidad,
			"distritos": &e.Distritos, "municipios": &e.Municipios,
			"secciones": &e.Secciones, "actas": &actas, NivelEntidades: &e.Entidades}
		for _, lvl := range NivelesEleccion(ec.Codigo) {
			if err := LeerNivel(filepath.Join(dir, ec.JSON[lvl]), targets[lvl]); err != nil {
				return nil, err
			}
		}
		e.Actas = actas.Actas
		s.Elecciones = append(s.Elecciones, e)
	}
	return s, nil
}

// LeerNivel reads the level file at path, decoding its data into v.
func LeerNivel(path string, v any) error {
	env := NivelJSON{Datos: v}
	return readJSON(path, &env)
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

// ReadManifiesto reads corte.json of the corte published in dir.
func ReadManifiesto(dir string) (*Manifiesto, error) {
	data, err := os.ReadFile(filepath.Join(dir, "corte.json"))
	if err != nil {
		return nil, err
	}
	var m Manifiesto
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read manifest of %s: %w", dir, err)
	}
	return &m, nil
}

// LeerResultados tallies the corte published in dir again from its open-data CSVs and
// candidaturas files alone, with the corte's time and participation rule: what a reader of
// the corte derives exports from (such as the NIST report), without the store.
func LeerResultados(dir string) (*Manifiesto, []*corte.Resultados, error) {
	m, err := ReadManifiesto(dir)
	if err != nil {
		return nil, nil, err
	}
	var defs []*catalog.Eleccion
	var actas [][]*acta.Acta
	for _, e := range m.Elecciones {
		if !fs.ValidPath(e.CSV) || !fs.ValidPath(e.Candidaturas) {
			return nil, nil, fmt.Errorf("corte %d: bad path %q", m.Numero, e.CSV)
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.CSV)))
		if err != nil {
			return nil, nil, err
		}
		f, err := opendata.Read(e.CSV, data)
		if err != nil {
			return nil, nil, err
		}
		cand, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Candidaturas)))
		if err != nil {
			return nil, nil, err
		}
		// A corte of data imported without its candidaturas file publishes an empty one
		// (a byte order mark and a blank line): the CSV's columns alone name the parties.
		if len(bytes.TrimSpace(bytes.TrimPrefix(cand, []byte("\uFEFF")))) > 0 {
			if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
				return nil, nil, err
			}
		}
		defs, actas = append(defs, f.Eleccion), append(actas, f.Actas)
	}
	geo := corte.GeografiaDe(defs, actas)
	out := make([]*corte.Resultados, len(defs))
	for i := range defs {
		out[i] = corte.Tally(defs[i], actas[i], geo, m.Hora, m.Final, acta.DefaultConfig)
	}
	return m, out, nil
}
