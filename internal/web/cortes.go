package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// corteData is a loaded corte with the lookups its pages need.
type corteData struct {
	entrada    publish.EntradaIndice // what index.json says of it
	snap       *publish.Snapshot
	sitio      string                   // name of the site in titles: "PREP Puebla 2024"
	ambito     string                   // what the corte covers: "Puebla 2024"
	elecciones map[string]*eleccionData // by upper-case code
	archivos   map[string]publish.Archivo
	// pre is the corte's pages rendered when it was loaded; nil until then.
	pre atomic.Pointer[prerenderizado]
	// demanda is the rest of its pages, rendered at their first request.
	demanda bajoDemanda
	// avance is what the manifests of the cortes up to this one say of its elections,
	// oldest first, read when it was loaded (see leerAvance).
	avance []avanceCorte
	// imagenes are the acta images published when it was loaded, file name by SHA-256:
	// those of its actas were written before it.
	imagenes map[string]string
	// firma says whether it is signed, and with which key.
	firma firmaCorte
}

// eleccionData is one election of a loaded corte, indexed by id at every level.
type eleccionData struct {
	*publish.EleccionSnapshot
	corte      *publish.Manifiesto
	entidades  map[string]int // of a national election; empty otherwise
	distritos  map[string]int
	municipios map[string]int
	secciones  map[string]int
	actas      map[string]int
	// seccionDeActa gives the sección node of each acta, whose id differs from the acta's
	// SECCION for voto anticipado and extranjero actas.
	seccionDeActa map[string]string
	// porClaveActa lists the actas of each CLAVE_ACTA as published, which repeats: the
	// voto anticipado acta has one per unit, contiguas 10 to 17 carry the key of 01.
	porClaveActa map[string][]int
	cas          *indiceCasillas
	// columnaUnidad is the name the election's CSV gives the id of its unit: ID_DISTRITO,
	// ID_DISTRITO_LOCAL, ID_MUNICIPIO…
	columnaUnidad string
}

// Reload reads index.json again and serves its newest corte as the latest, loading it if
// it is new; the previous latest joins the cortes kept in memory, and those the index no
// longer lists are dropped. A newest corte that fails to load is left out and reported in
// the error, and the newest that loads is served instead. When index.json has disappeared
// (the cortes folder was moved or deleted), Reload logs a warning and keeps serving what is
// loaded.
func (s *Server) Reload() error {
	s.reloading.Lock()
	defer s.reloading.Unlock()

	st := s.actual()
	idx, raw, ok, err := s.indice(st)
	if !ok {
		return err
	}
	orden, errs := entradas(idx)
	ultimo, orden, lerrs := s.elegirUltimo(st, orden)
	errs = append(errs, lerrs...)
	if ultimo == nil && len(lerrs) > 0 && st.ultimo != nil {
		// Nothing listed loads now: a folder half copied or a disk failing. What readers
		// see stays as it was rather than becoming an empty site.
		return errors.Join(errs...)
	}
	if ultimo != nil && ultimo != st.ultimo {
		// A new latest corte is shown once its pages are rendered; until then readers see
		// the previous one.
		next := estado{orden: orden, ultimo: ultimo, viejos: s.viejos, sondeo: s.sondeo,
			indice: raw, computos: s.computos != nil}
		s.preparar(next, ultimo, true)
	}
	if st.ultimo != nil && st.ultimo != ultimo {
		s.viejos.poner(st.ultimo)
	}
	s.viejos.conservar(orden)
	s.estado.Store(&estado{orden: orden, ultimo: ultimo, viejos: s.viejos, sondeo: s.sondeo,
		indice: raw, computos: s.computos != nil})
	s.manifiestos.conservar(orden)
	return errors.Join(errs...)
}

// indice reads index.json, parsed and as published (nil when there is none yet). ok is
// false when there is nothing to change: index.json has disappeared while cortes are
// served, which is logged once until it comes back, or it cannot be read, which is err.
// The file is read once for both, so that the site serves the very bytes it follows.
func (s *Server) indice(st estado) (idx *publish.Indice, raw *contenido, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(s.dir, "index.json"))
	if errors.Is(err, fs.ErrNotExist) {
		if st.ultimo != nil {
			if !s.sinIndice {
				s.log.Warn("index.json of the cortes folder is gone; serving the cortes "+
					"loaded", "dir", s.dir, "corte", st.ultimo.entrada.Numero)
			}
			s.sinIndice = true
			return nil, nil, false, nil
		}
		s.sinIndice = false
		return &publish.Indice{}, nil, true, nil
	}
	s.sinIndice = false
	if err != nil {
		return nil, nil, false, fmt.Errorf("reload cortes of %s: %w", s.dir, err)
	}
	idx = &publish.Indice{}
	if err := json.Unmarshal(data, idx); err != nil {
		return nil, nil, false, fmt.Errorf("reload cortes of %s: read index: %w", s.dir, err)
	}
	return idx, nuevoContenido(data), true, nil
}

// entradas returns the entries of the index sorted by number. A number listed twice keeps
// its first entry and is reported.
func entradas(idx *publish.Indice) ([]publish.EntradaIndice, []error) {
	orden := slices.Clone(idx.Cortes)
	slices.SortStableFunc(orden, func(a, b publish.EntradaIndice) int {
		return a.Numero - b.Numero
	})
	var errs []error
	out := orden[:0]
	for i, e := range orden {
		if i > 0 && e.Numero == orden[i-1].Numero {
			errs = append(errs, &corteError{Numero: e.Numero,
				Err: errors.New("listed twice in index.json")})
			continue
		}
		out = append(out, e)
	}
	return out, errs
}

// elegirUltimo returns the newest corte of orden that loads and orden up to it: newer
// cortes that fail to load are left out until a later Reload loads them.
func (s *Server) elegirUltimo(st estado,
	orden []publish.EntradaIndice) (*corteData, []publish.EntradaIndice, []error) {
	var errs []error
	for i := len(orden) - 1; i >= 0; i-- {
		c, err := s.cargarUltimo(st, orden[i], orden)
		if err == nil {
			return c, orden[:i+1], errs
		}
		errs = append(errs, &corteError{Numero: orden[i].Numero, Err: err})
	}
	return nil, nil, errs
}

// cargarUltimo returns the corte of an entry that is to be the latest: the latest already,
// one kept in memory, or loaded now. orden is the index it is the latest of.
func (s *Server) cargarUltimo(st estado, e publish.EntradaIndice,
	orden []publish.EntradaIndice) (*corteData, error) {
	if st.ultimo != nil && mismaEntrada(st.ultimo.entrada, e) {
		return st.ultimo, nil
	}
	if c := s.viejos.cargado(e); c != nil {
		return c, nil
	}
	return s.cargar(e, orden)
}

// cargar loads the corte of an index entry from disk, with the manifests of the cortes
// before it in orden.
func (s *Server) cargar(e publish.EntradaIndice, orden []publish.EntradaIndice) (*corteData,
	error) {
	start := time.Now()
	c, err := load(s.dir, e)
	if err != nil {
		return nil, err
	}
	c.avance = s.leerAvance(c, orden)
	s.log.Info("corte loaded", "corte", e.Numero, "hora", e.HoraTexto, "final", e.Final,
		"duration", time.Since(start))
	return c, nil
}

// cargarViejo loads a corte other than the latest for a reader. A corte whose files are
// gone from disk is a 404 and a warning; any other failure is a 500.
func (s *Server) cargarViejo(e publish.EntradaIndice) (*corteData, error) {
	c, err := s.cargar(e, s.actual().orden)
	if errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("corte listed in index.json is missing on disk", "corte", e.Numero,
			"err", err)
		return nil, &noEncontrado{
			Mensaje: fmt.Sprintf("El corte %d no está disponible por ahora.", e.Numero),
			Volver:  "/cortes", VolverTexto: "Ver la lista de cortes publicados"}
	}
	if err != nil {
		return nil, &corteError{Numero: e.Numero, Err: err}
	}
	s.preparar(s.actual(), c, false)
	return c, nil
}

// preparar renders the pages of a corte that is about to be served. A failure is logged
// and leaves the pages to be rendered per request.
func (s *Server) preparar(st estado, c *corteData, ultimo bool) {
	pre, err := s.prerenderizar(st, c, ultimo)
	if err != nil {
		s.log.Error("prerender corte", "corte", c.entrada.Numero, "err", err)
		return
	}
	c.pre.Store(pre)
	s.log.Info("corte prerendered", "corte", c.entrada.Numero, "documents", len(pre.docs),
		"bytes", pre.bytes, "duration", pre.duracion)
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
	carpeta, err := carpetaCorte(dir, e)
	if err != nil {
		return nil, err
	}
	snap, err := publish.Open(carpeta)
	if err != nil {
		return nil, err
	}
	if snap.Manifiesto.Numero != e.Numero {
		return nil, fmt.Errorf("corte.json of %s says corte %d", e.Carpeta,
			snap.Manifiesto.Numero)
	}
	c := &corteData{entrada: e, snap: snap, elecciones: map[string]*eleccionData{},
		archivos: archivosListados(&snap.Manifiesto)}
	if c.imagenes, err = publish.ImagenesPublicadas(dir); err != nil {
		return nil, err
	}
	for _, es := range snap.Elecciones {
		c.elecciones[strings.ToUpper(es.Def.Codigo)] = indexEleccion(es, &snap.Manifiesto)
	}
	for _, ec := range snap.Manifiesto.Elecciones {
		e := c.eleccion(ec.Codigo)
		if e == nil {
			continue
		}
		// A CSV gone from disk leaves its download a 404 (see archivo), not the corte
		// unloadable: the name of the unit's column falls back to the usual one.
		cols, _ := columnasCSV(filepath.Join(carpeta, filepath.FromSlash(ec.CSV)))
		e.columnaUnidad = columnaDeUnidad(cols, e.Def.Unidad)
	}
	c.ambito = ambito(snap)
	c.sitio = strings.TrimSpace("PREP " + c.ambito)
	c.firma = firmaDe(dir, e, &snap.Manifiesto)
	return c, nil
}

// carpetaCorte returns the folder of an index entry, refusing one outside the cortes folder.
func carpetaCorte(dir string, e publish.EntradaIndice) (string, error) {
	if !fs.ValidPath(e.Carpeta) || e.Carpeta == "." {
		return "", fmt.Errorf("folder %q is not a path inside %s", e.Carpeta, dir)
	}
	return filepath.Join(dir, filepath.FromSlash(e.Carpeta)), nil
}

// archivosListados indexes the files a manifest lists by path.
func archivosListados(m *publish.Manifiesto) map[string]publish.Archivo {
	out := make(map[string]publish.Archivo, len(m.Archivos))
	for _, a := range m.Archivos {
		// A path that could leave the folder is never served, whatever the manifest says.
		if fs.ValidPath(a.Ruta) && a.Ruta != "." {
			out[a.Ruta] = a
		}
	}
	return out
}

// ambito names what a corte covers for titles: the entidad and the year of the corte,
// "Puebla 2024"; only the year when no election names its entidad.
func ambito(snap *publish.Snapshot) string {
	year := strconv.Itoa(snap.Manifiesto.Hora.In(opendata.Zona).Year())
	for _, es := range snap.Elecciones {
		if n := entidadDe(es); n != "" {
			return nombrePropio(n) + " " + year
		}
	}
	return year
}

func indexEleccion(es *publish.EleccionSnapshot, m *publish.Manifiesto) *eleccionData {
	e := &eleccionData{EleccionSnapshot: es, corte: m, entidades: indexNodos(es.Entidades),
		distritos: indexNodos(es.Distritos), municipios: indexNodos(es.Municipios),
		secciones: indexNodos(es.Secciones), actas: make(map[string]int, len(es.Actas)),
		seccionDeActa: make(map[string]string, len(es.Actas)),
		porClaveActa:  make(map[string][]int, len(es.Actas))}
	for i, a := range es.Actas {
		e.actas[a.ID] = i
		if a.ClaveActa != "" {
			e.porClaveActa[a.ClaveActa] = append(e.porClaveActa[a.ClaveActa], i)
		}
	}
	for _, s := range es.Secciones {
		for _, id := range s.Actas {
			e.seccionDeActa[id] = s.ID
		}
	}
	e.cas = indexCasillas(es, e.actas)
	return e
}

func indexNodos(ns []publish.NodoJSON) map[string]int {
	m := make(map[string]int, len(ns))
	for i, n := range ns {
		m[n.ID] = i
	}
	return m
}

// estado is what the site serves at one moment: the cortes listed, oldest first, and the
// latest, loaded. Reload replaces it whole, never changes it, so a request that took it
// sees one consistent site.
type estado struct {
	orden  []publish.EntradaIndice
	ultimo *corteData // nil when no corte is published
	viejos *cache     // the other cortes, loaded on demand
	sondeo time.Duration
	indice *contenido // index.json as read; nil when there is none
	// computos tells whether the site serves the cómputos, which every page links to.
	computos bool
}

// actual returns what the site serves now.
func (s *Server) actual() estado {
	if st := s.estado.Load(); st != nil {
		return *st
	}
	return estado{viejos: s.viejos, sondeo: s.sondeo, computos: s.computos != nil}
}

// buscarCorte returns corte n, loading it if it is not in memory.
func (st estado) buscarCorte(ctx context.Context, n string) (*corteData, error) {
	e, err := st.buscarEntrada(n)
	if err != nil {
		return nil, err
	}
	if st.ultimo != nil && st.ultimo.entrada.Numero == e.Numero {
		return st.ultimo, nil
	}
	return st.viejos.get(ctx, e)
}

// buscarEntrada returns the index entry of corte n. Only the canonical decimal form of a
// listed number names a corte: "2", never "02", "0002" or "+2", so that each page has one
// address.
func (st estado) buscarEntrada(n string) (publish.EntradaIndice, error) {
	if len(st.orden) == 0 {
		return publish.EntradaIndice{}, noHay("Aún no se ha publicado ningún corte.")
	}
	k, err := strconv.Atoi(n)
	i, ok := buscarEntrada(st.orden, k)
	if err != nil || !ok || strconv.Itoa(k) != n {
		return publish.EntradaIndice{}, &noEncontrado{
			Mensaje: "No existe el corte «" + eco(n) + "».",
			Volver:  "/cortes", VolverTexto: "Ver la lista de cortes publicados"}
	}
	return st.orden[i], nil
}

// eleccion returns the election of a corte by code, any case.
func (c *corteData) eleccion(codigo string) *eleccionData {
	return c.elecciones[strings.ToUpper(codigo)]
}
