package web

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// corteData is a loaded corte with the lookups its pages need.
type corteData struct {
	snap       *publish.Snapshot
	elecciones map[string]*eleccionData // by upper-case code
	archivos   map[string]publish.Archivo
}

// eleccionData is one election of a loaded corte, indexed by id at every level.
type eleccionData struct {
	*publish.EleccionSnapshot
	corte      *publish.Manifiesto
	distritos  map[string]int
	municipios map[string]int
	secciones  map[string]int
	actas      map[string]int
	// seccionDeActa gives the sección node of each acta, whose id differs from the acta's
	// SECCION for voto anticipado and extranjero actas.
	seccionDeActa map[string]string
}

// Reload reads index.json again and loads every corte not loaded yet. A corte that fails to
// load is left out and reported in the error; the others are served. Cortes no longer in the
// index are dropped.
func (s *Server) Reload() error {
	s.reloading.Lock()
	defer s.reloading.Unlock()

	idx, err := publish.ReadIndice(s.dir)
	if err != nil {
		return fmt.Errorf("reload cortes of %s: %w", s.dir, err)
	}
	s.mu.RLock()
	have := s.cortes
	s.mu.RUnlock()

	next := make(map[int]*corteData, len(idx.Cortes))
	var orden []publish.EntradaIndice
	var errs []error
	for _, e := range idx.Cortes {
		c, err := s.corte(have, next, e)
		if err != nil {
			errs = append(errs, &corteError{Numero: e.Numero, Err: err})
			continue
		}
		next[e.Numero] = c
		orden = append(orden, e)
	}
	sort.Slice(orden, func(i, j int) bool { return orden[i].Numero < orden[j].Numero })

	s.mu.Lock()
	s.cortes, s.orden = next, orden
	s.mu.Unlock()
	return errors.Join(errs...)
}

// corte returns the loaded corte of an index entry, loading it if it is new.
func (s *Server) corte(have, next map[int]*corteData,
	e publish.EntradaIndice) (*corteData, error) {
	if next[e.Numero] != nil {
		return nil, errors.New("listed twice in index.json")
	}
	if c := have[e.Numero]; c != nil {
		return c, nil
	}
	c, err := load(s.dir, e)
	if err != nil {
		return nil, err
	}
	s.log.Info("corte loaded", "corte", e.Numero, "hora", e.HoraTexto, "final", e.Final)
	return c, nil
}

// corteError is the failure to load one corte.
type corteError struct {
	Numero int
	Err    error
}

func (e *corteError) Error() string { return fmt.Sprintf("load corte %d: %v", e.Numero, e.Err) }

func (e *corteError) Unwrap() error { return e.Err }

// load opens the folder of an index entry and indexes it.
func load(dir string, e publish.EntradaIndice) (*corteData, error) {
	if !fs.ValidPath(e.Carpeta) || e.Carpeta == "." {
		return nil, fmt.Errorf("folder %q is not a path inside %s", e.Carpeta, dir)
	}
	snap, err := publish.Open(filepath.Join(dir, filepath.FromSlash(e.Carpeta)))
	if err != nil {
		return nil, err
	}
	if snap.Manifiesto.Numero != e.Numero {
		return nil, fmt.Errorf("corte.json of %s says corte %d", e.Carpeta,
			snap.Manifiesto.Numero)
	}
	c := &corteData{snap: snap, elecciones: map[string]*eleccionData{},
		archivos: map[string]publish.Archivo{}}
	for _, a := range snap.Manifiesto.Archivos {
		// A path that could leave the folder is never served, whatever the manifest says.
		if fs.ValidPath(a.Ruta) && a.Ruta != "." {
			c.archivos[a.Ruta] = a
		}
	}
	for _, es := range snap.Elecciones {
		c.elecciones[strings.ToUpper(es.Def.Codigo)] = indexEleccion(es, &snap.Manifiesto)
	}
	return c, nil
}

func indexEleccion(es *publish.EleccionSnapshot, m *publish.Manifiesto) *eleccionData {
	e := &eleccionData{EleccionSnapshot: es, corte: m,
		distritos: indexNodos(es.Distritos), municipios: indexNodos(es.Municipios),
		secciones: indexNodos(es.Secciones), actas: make(map[string]int, len(es.Actas)),
		seccionDeActa: make(map[string]string, len(es.Actas))}
	for i, a := range es.Actas {
		e.actas[a.ID] = i
	}
	for _, s := range es.Secciones {
		for _, id := range s.Actas {
			e.seccionDeActa[id] = s.ID
		}
	}
	return e
}

func indexNodos(ns []publish.NodoJSON) map[string]int {
	m := make(map[string]int, len(ns))
	for i, n := range ns {
		m[n.ID] = i
	}
	return m
}

// estado is what the site holds at one moment: the loaded cortes, oldest first.
type estado struct {
	cortes map[int]*corteData
	orden  []publish.EntradaIndice
}

// actual returns the cortes loaded now. The maps are replaced, never changed, by Reload, so
// they may be read without the lock once taken.
func (s *Server) actual() estado {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return estado{cortes: s.cortes, orden: s.orden}
}

// ultimo returns the latest corte, or nil when none is published.
func (st estado) ultimo() *corteData {
	if len(st.orden) == 0 {
		return nil
	}
	return st.cortes[st.orden[len(st.orden)-1].Numero]
}

// eleccion returns the election of a corte by code, any case.
func (c *corteData) eleccion(codigo string) *eleccionData {
	return c.elecciones[strings.ToUpper(codigo)]
}
