package corte

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// Nivel is a territorial level of the tallies.
type Nivel string

// The levels, from the whole entidad down to one casilla's acta.
const (
	NivelEntidad   Nivel = "entidad"
	NivelDistrito  Nivel = "distrito"
	NivelMunicipio Nivel = "municipio"
	NivelSeccion   Nivel = "seccion"
)

// SinUnidad is the id of the node that gathers, at one level, the actas that belong to no unit
// of that level: the extranjero acta, and voto anticipado actas at the levels the file does
// not give them (RULES.md §4.3). With it, the nodes of every level add up to the entidad.
const SinUnidad = "N/A"

// Nodo is the tally of one territorial unit: its summary and the votes of its counted actas
// per vote column. A candidacy's votes are the sum of its columns (Candidatura.Columnas).
type Nodo struct {
	Nivel  Nivel
	ID     string
	Nombre string
	// Distrito and Municipio locate the node where they are known ("" when it spans several).
	Distrito  string
	Municipio string
	// Unidad is the election unit (distrito or municipio) that holds the whole node, or "".
	// In a national election, whose units are named by entidad (catalog.UnidadNacional), an
	// entidad node's Unidad is the entidad, which holds the candidacies registered in it.
	Unidad  string
	Resumen Resumen
	// ListaNominal is the lista nominal of every expected acta of the node, counted or not.
	ListaNominal int64
	Votos        []int64
	// Actas are the indexes, in Resultados.Actas, of the actas of a sección node.
	Actas []int
}

// Geografia places secciones in distritos and municipios. A PREP file names only the unit of
// its own election; the other comes from the process's other elections.
type Geografia map[string]Lugar

// Lugar is where a sección lies.
type Lugar struct {
	DistritoID, Distrito, MunicipioID, Municipio string
}

// Resultados are the tallies of one election at one corte.
type Resultados struct {
	Eleccion   *catalog.Eleccion
	Hora       time.Time
	Final      bool
	Actas      []*acta.Acta
	Clases     []acta.Clasificacion // effective classification of each acta
	Entidad    Nodo
	Distritos  []Nodo
	Municipios []Nodo
	Secciones  []Nodo
	// Entidades are, in a national election (catalog.Nacional), the tallies of each of
	// the 32 entidades; nil in the election of one entidad.
	Entidades []Nodo

	porUnidad map[string][]catalog.Candidatura
}

// Tally classifies every acta and adds up every level. Fuera-de-catálogo actas enter only the
// entidad's summary: an unmatched image has no place (RULES.md §4.6 item 7). A national
// election (catalog.Nacional) is tallied by tallyNacional.
func Tally(e *catalog.Eleccion, actas []*acta.Acta, geo Geografia, hora time.Time, final bool,
	cfg acta.Config) *Resultados {
	res := &Resultados{Eleccion: e, Hora: hora, Final: final, Actas: actas,
		Clases: make([]acta.Clasificacion, len(actas)), porUnidad: e.CandidaturasPorUnidad()}
	if catalog.Nacional(e.Codigo) {
		tallyNacional(res, cfg)
		return res
	}
	n := len(e.Contendientes)
	res.Entidad = Nodo{Nivel: NivelEntidad, ID: entidadID(actas), Nombre: entidadNombre(actas),
		Votos: make([]int64, n)}
	dist := newLevel(NivelDistrito, n, 64)
	mun := newLevel(NivelMunicipio, n, 256)
	sec := newLevel(NivelSeccion, n, len(actas)/2)
	for i, a := range actas {
		c := a.Efectiva(cfg)
		res.Clases[i] = c
		v := votosContados(a, c)
		res.Entidad.sumar(a, c, v)
		if c.Estado == acta.FueraDeCatalogo {
			continue
		}
		p := place(e, a, geo)
		dist.node(p.DistritoID, p.Distrito, p, e).sumar(a, c, v)
		mun.node(p.MunicipioID, p.Municipio, p, e).sumar(a, c, v)
		sid, sname := a.Seccion, "Sección "+a.Seccion
		if a.Seccion == "" || a.Seccion == "N/A" {
			sid, sname = specialSection(a)
		}
		s := sec.node(sid, sname, p, e)
		s.sumar(a, c, v)
		s.Actas = append(s.Actas, i)
	}
	res.Distritos, res.Municipios, res.Secciones = dist.sorted(), mun.sorted(), sec.sorted()
	return res
}

// votosContados is what the acta adds to TOTAL_VOTOS_C_CS: the sum of its vote fields when
// it is counted, else 0.
func votosContados(a *acta.Acta, c acta.Clasificacion) int64 {
	if c.Estado != acta.Contabilizada {
		return 0
	}
	return acta.TotalCalculado(a.Votos)
}

// Entrada is one election to tally with TallyAll.
type Entrada struct {
	Eleccion *catalog.Eleccion
	Actas    []*acta.Acta
}

// TallyAll tallies several elections at once, each in its own goroutine, and returns the
// results in the order given.
func TallyAll(in []Entrada, geo Geografia, hora time.Time, final bool,
	cfg acta.Config) []*Resultados {
	out := make([]*Resultados, len(in))
	var wg sync.WaitGroup
	for i, e := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = Tally(e.Eleccion, e.Actas, geo, hora, final, cfg)
		}()
	}
	wg.Wait()
	return out
}

// specialSection names the pseudo-sección of actas without one: voto anticipado per unit,
// and the extranjero acta.
func specialSection(a *acta.Acta) (string, string) {
	switch a.TipoCasilla {
	case "A":
		return "VA-" + a.UnidadID, "Voto anticipado"
	case "P":
		return "VPPP-" + a.UnidadID, "Voto en prisión preventiva"
	case "M":
		return "VMRE", "Voto desde el extranjero"
	}
	return SinUnidad, "Sin sección"
}

func place(e *catalog.Eleccion, a *acta.Acta, geo Geografia) Lugar {
	p := geo[a.Seccion]
	unit := a.UnidadID
	if unit == "" || unit == "N/A" {
		unit = ""
	}
	switch e.Unidad {
	case catalog.UnidadDistrito:
		p.DistritoID, p.Distrito = unit, a.Unidad
	case catalog.UnidadMunicipio:
		p.MunicipioID, p.Municipio = unit, a.Unidad
	}
	if p.DistritoID == "" {
		p.DistritoID, p.Distrito = SinUnidad, "Voto anticipado y desde el extranjero"
	}
	if p.MunicipioID == "" {
		p.MunicipioID, p.Municipio = SinUnidad, "Voto anticipado y desde el extranjero"
	}
	return p
}

// sumar adds the acta to the node, whose counted votes (the sum of its vote fields when it
// is counted, else 0) the caller computed once for every level.
func (n *Nodo) sumar(a *acta.Acta, c acta.Clasificacion, votos int64) {
	ln := a.ListaNominal.Votes()
	n.Resumen.Contar(c.Estado, c.Inconsistente(), a.TipoCasilla == "S", ln, votos)
	if c.Estado != acta.FueraDeCatalogo {
		n.ListaNominal += ln
	}
	if c.Estado != acta.Contabilizada {
		return
	}
	for k, v := range a.Votos {
		if v.Kind == acta.Number {
			n.Votos[k] += v.N
		}
	}
}

// sumarActa adds the acta to the node as sumar does, adding up its counted votes (the sum
// of its vote fields when it is counted) on the way.
func (n *Nodo) sumarActa(a *acta.Acta, c acta.Clasificacion) {
	var votos int64
	if c.Estado == acta.Contabilizada {
		for k, v := range a.Votos {
			if v.Kind == acta.Number {
				n.Votos[k] += v.N
				votos += v.N
			}
		}
	}
	ln := a.ListaNominal.Votes()
	n.Resumen.Contar(c.Estado, c.Inconsistente(), a.TipoCasilla == "S", ln, votos)
	if c.Estado != acta.FueraDeCatalogo {
		n.ListaNominal += ln
	}
}

// agregar adds the sums of o (its summary, lista nominal and votes) to n.
func (n *Nodo) agregar(o *Nodo) {
	n.Resumen.Merge(o.Resumen)
	n.ListaNominal += o.ListaNominal
	for k, v := range o.Votos {
		n.Votos[k] += v
	}
}

// vaciar sets the sums of n to zero.
func (n *Nodo) vaciar() {
	n.Resumen, n.ListaNominal = Resumen{}, 0
	clear(n.Votos)
}

// level gathers the nodes of one level in the order they appear, with an index by id. The
// actas of a file come grouped by unit and sección, so the last node asked for is kept
// aside: most actas need no look-up. Nodes and their Votos are cut from blocks, so that a
// level of the country's 71,000 secciones makes few allocations.
type level struct {
	nivel Nivel
	width int
	// index finds a node by id; nil in a level built without one (sinIndice), whose nodes
	// are merged by id when sorted.
	index map[string]*Nodo
	nodes []*Nodo
	// slab holds, in a level without an index, the nodes themselves in the order they were
	// created, and nodes is not used: only the last node is ever pointed to while the level
	// is built, so the slab may grow, and it is sorted in place.
	slab []Nodo
	// indices holds, in a level without an index, the actas of every node one after the
	// other: a new node's Actas are the stretch after the others, open to appends until
	// its run of actas ends (cerrar); actas it gets later are kept apart.
	indices []int
	abierto *Nodo   // the node whose stretch is open, if any
	libre   []Nodo  // the free part of the block nodes are cut from
	votos   []int64 // the free part of the block their Votos are cut from
	actas   []int   // the free part of the block sección nodes' Actas start in
	last    *Nodo
}

// sinIndice starts a level of about hint nodes that keeps no index: a node asked for by
// any id but the last one's is a new node, and nodes of one id are merged when the level is
// sorted. It suits the country's 71,000 secciones, whose actas come grouped: hashing every
// id into an index costs more than sorting the few repeated ones together.
func sinIndice(nv Nivel, width, hint, actas int) *level {
	return &level{nivel: nv, width: width, slab: make([]Nodo, 0, hint),
		indices: make([]int, 0, actas)}
}

// cerrar ends the stretch of l.indices of the last node created, a node of a level without
// an index whose run of actas ended: actas appended to it later (when it is merged with
// another node of its id) go elsewhere.
func (l *level) cerrar() {
	if n := l.abierto; n != nil {
		n.Actas = n.Actas[:len(n.Actas):len(n.Actas)]
		l.indices = l.indices[:len(l.indices)+len(n.Actas)]
		l.abierto = nil
	}
}

// actasPorSeccion is the room a sección node's list of actas starts with: a sección has a
// few casillas, each with an acta or two.
const actasPorSeccion = 8

// newLevel starts a level of about hint nodes.
func newLevel(nv Nivel, width, hint int) *level {
	return &level{nivel: nv, width: width, index: make(map[string]*Nodo, hint),
		nodes: make([]*Nodo, 0, hint)}
}

// bloque is how many nodes a block holds.
const bloque = 256

// node returns the node with the id, creating it at the place p. A node that receives actas
// from two places loses the place it cannot name.
func (l *level) node(id, name string, p Lugar, e *catalog.Eleccion) *Nodo {
	unit := p.DistritoID
	if e.Unidad == catalog.UnidadMunicipio {
		unit = p.MunicipioID
	}
	if unit == SinUnidad {
		unit = ""
	}
	n := l.last
	if n != nil && n.ID != id {
		n = nil
		if l.index != nil {
			n = l.index[id]
		}
	}
	if n == nil {
		if len(l.votos) == 0 {
			l.votos = make([]int64, bloque*l.width)
		}
		nuevo := Nodo{Nivel: l.nivel, ID: id, Nombre: name, Distrito: p.DistritoID,
			Municipio: p.MunicipioID, Unidad: unit, Votos: l.votos[:l.width:l.width]}
		l.votos = l.votos[l.width:]
		if l.index == nil {
			l.cerrar() // before the slab may move
			l.slab = append(l.slab, nuevo)
			n = &l.slab[len(l.slab)-1]
			n.Actas = l.indices[len(l.indices):len(l.indices)]
			l.abierto = n
		} else {
			if len(l.libre) == 0 {
				l.libre = make([]Nodo, bloque)
			}
			n = &l.libre[0]
			*n = nuevo
			l.libre = l.libre[1:]
		}
		if l.index != nil && l.nivel == NivelSeccion {
			if len(l.actas) == 0 {
				l.actas = make([]int, bloque*actasPorSeccion)
			}
			n.Actas = l.actas[:0:actasPorSeccion]
			l.actas = l.actas[actasPorSeccion:]
		}
		if l.index != nil {
			l.index[id] = n
			l.nodes = append(l.nodes, n)
		}
		l.last = n
		return n
	}
	l.last = n
	if n.Distrito != p.DistritoID {
		n.Distrito = ""
	}
	if n.Municipio != p.MunicipioID {
		n.Municipio = ""
	}
	if n.Unidad != unit {
		n.Unidad = ""
	}
	return n
}

// sorted lists the nodes by id, the node of actas without a unit last; in a level without
// an index, the nodes of one id are merged into the first of them, and the list is the
// level's slab, sorted in place. Each node is sorted by the first eight bytes of its id,
// read as a number, and by its whole id only where those are equal, so that most
// comparisons are of two integers in contiguous memory.
func (l *level) sorted() []Nodo {
	nodo := func(i int) *Nodo { return l.nodes[i] }
	total := len(l.nodes)
	if l.index == nil {
		nodo, total = func(i int) *Nodo { return &l.slab[i] }, len(l.slab)
	}
	type clave struct {
		prefijo uint64 // the first eight bytes of the id, big-endian, zero-padded
		i       int    // the node's place in the order it was created in
	}
	claves := make([]clave, total)
	for i := range claves {
		id := nodo(i).ID
		var b [8]byte
		copy(b[:], id)
		k := binary.BigEndian.Uint64(b[:])
		if id == SinUnidad {
			k = math.MaxUint64 // last: no UTF-8 text starts with the byte 0xFF
		}
		claves[i] = clave{k, i}
	}
	// Among nodes of one id, the first created comes first, so that the indexes of their
	// actas stay in order when the others are appended to it.
	slices.SortFunc(claves, func(a, b clave) int {
		if a.prefijo != b.prefijo {
			return cmp.Compare(a.prefijo, b.prefijo)
		}
		if c := strings.Compare(nodo(a.i).ID, nodo(b.i).ID); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	if l.index != nil {
		out := make([]Nodo, total)
		for k, c := range claves {
			out[k] = *l.nodes[c.i]
		}
		return out
	}
	// The slab takes the sorted order in place, one cycle of the permutation at a time:
	// place k receives the node at claves[k].i.
	hecho := make([]bool, total)
	for inicio := range claves {
		if hecho[inicio] {
			continue
		}
		aparte := l.slab[inicio]
		k := inicio
		for {
			hecho[k] = true
			j := claves[k].i
			if j == inicio {
				l.slab[k] = aparte
				break
			}
			l.slab[k] = l.slab[j]
			k = j
		}
	}
	w := 0 // the nodes before w are merged; those from k on, not yet
	for k := range l.slab {
		if w > 0 && l.slab[w-1].ID == l.slab[k].ID {
			l.slab[w-1].unir(&l.slab[k])
			continue
		}
		if w != k {
			l.slab[w] = l.slab[k]
		}
		w++
	}
	clear(l.slab[w:]) // what was merged away holds nothing
	return l.slab[:w]
}

// unir adds to n, a node of the same id, the sums and actas of o, and forgets the place
// they do not share, as level.node does for a node that receives actas from two places.
func (n *Nodo) unir(o *Nodo) {
	n.agregar(o)
	n.Actas = append(n.Actas, o.Actas...)
	if n.Distrito != o.Distrito {
		n.Distrito = ""
	}
	if n.Municipio != o.Municipio {
		n.Municipio = ""
	}
	if n.Unidad != o.Unidad {
		n.Unidad = ""
	}
}

func entidadID(actas []*acta.Acta) string {
	for _, a := range actas {
		if a.IDEntidad != "" {
			return a.IDEntidad
		}
	}
	return ""
}

func entidadNombre(actas []*acta.Acta) string {
	for _, a := range actas {
		if a.Entidad != "" {
			return a.Entidad
		}
	}
	return ""
}

// VotosCandidatura returns the votes of a candidacy in a node: the votes of its parties plus
// those of every combination made only of its parties (RULES.md §5; reproduces the published
// Gubernatura 2024 candidate totals, §3.4).
func (n *Nodo) VotosCandidatura(c catalog.Candidatura) int64 {
	var sum int64
	for _, i := range c.Columnas {
		sum += n.Votos[i]
	}
	return sum
}

// Candidaturas returns the candidacies that run in the node's unit; a node that spans several
// units (the entidad, a municipio across distritos) has only the entidad-wide ones.
func (n *Nodo) Candidaturas(e *catalog.Eleccion) []catalog.Candidatura {
	return e.CandidaturasEn(n.Unidad)
}

// CandidaturasDe is Nodo.Candidaturas through the index built by Tally, for use over many
// nodes.
func (r *Resultados) CandidaturasDe(n *Nodo) []catalog.Candidatura {
	if cs, ok := r.porUnidad[n.Unidad]; ok {
		return cs
	}
	// A distrito of a national election runs the candidacies of its entidad (senadurías).
	if ent, ok := catalog.EntidadDeUnidad(n.Unidad); ok {
		if cs, ok := r.porUnidad[ent]; ok {
			return cs
		}
	}
	return r.porUnidad[""]
}

// GeografiaDe places the secciones of a process from the actas of its elections, given in
// publication order: each sección takes its distrito from the first election grouped by
// distrito that has it, and its municipio from the first grouped by municipio; within one
// election, the lowest unit id. Actas without a sección (voto anticipado, extranjero, fuera
// de catálogo) place none. It is what the store derives from the actas it holds, for those
// who have only the published files.
func GeografiaDe(elecciones []*catalog.Eleccion, actas [][]*acta.Acta) Geografia {
	geo := Geografia{}
	seen := map[catalog.Unidad]map[string]string{} // sección → the unit id that placed it
	for k, e := range elecciones {
		u := e.Unidad
		if u != catalog.UnidadDistrito && u != catalog.UnidadMunicipio {
			continue
		}
		if catalog.Nacional(e.Codigo) {
			continue // its secciones are placed by their own actas (tallyNacional)
		}
		if seen[u] == nil {
			seen[u] = map[string]string{}
		}
		placed := map[string]bool{}
		for _, a := range actas[k] {
			sec := a.Seccion
			if sec == "" || sec == SinUnidad || a.FueraDeCatalogo() {
				continue
			}
			if id, ok := seen[u][sec]; ok && (!placed[sec] || id <= a.UnidadID) {
				continue
			}
			seen[u][sec], placed[sec] = a.UnidadID, true
			p := geo[sec]
			if u == catalog.UnidadDistrito {
				p.DistritoID, p.Distrito = a.UnidadID, a.Unidad
			} else {
				p.MunicipioID, p.Municipio = a.UnidadID, a.Unidad
			}
			geo[sec] = p
		}
	}
	return geo
}
