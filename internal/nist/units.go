package nist

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
)

// The ranks of the GpUnits, which order them in the report: the entidad first, casillas last.
const (
	rankEntidad = iota
	rankDistrito
	rankMunicipio
	rankSeccion
	rankEspecial // voto anticipado, prisión preventiva and extranjero
	rankCasilla
)

// gpUnit is one ReportingUnit of the report.
type gpUnit struct {
	id        string
	rank      int
	typ       string // ReportingUnitType
	otherType string // when typ is "other"
	name      string
	named     bool // name holds the unit's own name, not only its number
	number    string
	// voters is the lista nominal of a casilla, when hasVoters.
	voters    int64
	hasVoters bool
	hasParent bool
	children  []string
}

// unitSet gathers the GpUnits of every election of a corte. The elections of a process share
// their territory: a casilla, a sección or a distrito is one GpUnit however many elections
// count votes in it.
type unitSet struct {
	byID map[string]*gpUnit
	ent  *gpUnit
}

func newUnitSet() *unitSet { return &unitSet{byID: map[string]*gpUnit{}} }

// unit returns the unit with the id, creating it with the rank, type and name given.
func (s *unitSet) unit(id string, rank int, typ, name string) *gpUnit {
	if u, ok := s.byID[id]; ok {
		return u
	}
	u := &gpUnit{id: id, rank: rank, typ: typ, name: name}
	s.byID[id] = u
	return u
}

func link(parent, child *gpUnit) {
	parent.children = append(parent.children, child.id)
	child.hasParent = true
}

// sorted lists the units by rank and id, each with its children sorted once. A sección
// that no election placed hangs from the entidad, so that every unit is reachable from it.
func (s *unitSet) sorted() []*gpUnit {
	out := make([]*gpUnit, 0, len(s.byID))
	for _, u := range s.byID {
		if !u.hasParent && u != s.ent {
			link(s.ent, u)
		}
		out = append(out, u)
	}
	for _, u := range out {
		sort.Strings(u.children)
		u.children = slices.Compact(u.children)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].rank != out[j].rank {
			return out[i].rank < out[j].rank
		}
		return out[i].id < out[j].id
	})
	return out
}

// federal reports whether the election with code c is grouped by distritos federales.
func federal(c string) bool { return c == "PRES" || c == "SEN" || c == "DIP_FED" }

// distritoID is the id of a distrito: local ones are the distritos of state elections.
func distritoID(fed bool, id string) string {
	if fed {
		return "gpu-distfed-" + safeID(id)
	}
	return "gpu-dist-" + safeID(id)
}

func municipioID(id string) string { return "gpu-mun-" + safeID(id) }

func entidadID(id string) string { return "gpu-ent-" + safeID(id) }

// validUnit reports whether a node's place names a unit: "" is a node across several,
// corte.SinUnidad the node of actas without one.
func validUnit(id string) bool { return id != "" && id != corte.SinUnidad }

// addElection adds the units of one election to the set and records, in el, the GpUnit of
// each of its sección nodes and of each acta's casilla.
func (s *unitSet) addElection(el *election) {
	r := el.r
	if s.ent == nil {
		s.ent = s.unit(entidadID(r.Entidad.ID), rankEntidad, "state", r.Entidad.Nombre)
	}
	for i := range r.Distritos {
		if n := &r.Distritos[i]; validUnit(n.ID) {
			link(s.ent, s.distrito(el.distFed, n.ID, n.Nombre))
		}
	}
	for i := range r.Municipios {
		if n := &r.Municipios[i]; validUnit(n.ID) {
			link(s.ent, s.municipio(n.ID, n.Nombre))
		}
	}
	el.secID = make([]string, len(r.Secciones))
	el.casID = make([]string, len(r.Actas))
	for i := range r.Secciones {
		n := &r.Secciones[i]
		parent := s.seccion(el, n)
		if parent != nil {
			el.secID[i] = parent.id
		}
		for _, k := range n.Actas {
			el.casID[k] = s.casilla(el, r.Actas[k], parent).id
		}
	}
}

// distrito returns the unit of a distrito, naming it when nombre, its cabecera, is known.
func (s *unitSet) distrito(fed bool, id, nombre string) *gpUnit {
	kind, typ := "local", "state-house"
	if fed {
		kind, typ = "federal", "congressional"
	}
	u := s.unit(distritoID(fed, id), rankDistrito, typ, "Distrito "+kind+" "+id)
	u.number = id
	if nombre != "" && !u.named {
		u.name, u.named = u.name+" "+nombre, true
	}
	return u
}

// municipio returns the unit of a municipio, naming it when its name is known.
func (s *unitSet) municipio(id, nombre string) *gpUnit {
	u := s.unit(municipioID(id), rankMunicipio, "municipality", "Municipio "+id)
	u.number = id
	if nombre != "" && !u.named {
		u.name, u.named = nombre, true
	}
	return u
}

// seccion adds the GpUnit of a sección node and links it to its distrito and municipio. The
// pseudo-secciones of actas without a sección (corte.Tally) are units of their own, of type
// "other", under the election unit they belong to; the node of actas without any place has
// no unit, and nil is returned.
func (s *unitSet) seccion(el *election, n *corte.Nodo) *gpUnit {
	id := n.ID
	switch {
	case id == corte.SinUnidad:
		return nil
	case id == "VMRE":
		u := s.unit("gpu-vmre-"+safeID(el.r.Entidad.ID), rankEspecial, "other",
			"Voto desde el extranjero")
		u.otherType = "voto-extranjero"
		link(s.ent, u)
		return u
	case strings.HasPrefix(id, "VA-"):
		return s.especial(el, strings.TrimPrefix(id, "VA-"), "va", "voto-anticipado",
			"Voto anticipado")
	case strings.HasPrefix(id, "VPPP-"):
		return s.especial(el, strings.TrimPrefix(id, "VPPP-"), "vppp",
			"voto-prision-preventiva", "Voto en prisión preventiva")
	}
	u := s.unit("gpu-sec-"+safeID(id), rankSeccion, "precinct", "Sección "+id)
	if validUnit(n.Distrito) {
		link(s.distrito(el.distFed, n.Distrito, ""), u)
	}
	if validUnit(n.Municipio) {
		link(s.municipio(n.Municipio, ""), u)
	}
	return u
}

// especial adds the pseudo-sección of one kind of acta (voto anticipado, prisión
// preventiva) of one election unit.
func (s *unitSet) especial(el *election, unidad, tag, otherType, label string) *gpUnit {
	parent := s.electionUnit(el, unidad)
	u := s.unit("gpu-"+tag+"-"+el.unitTag()+"-"+safeID(unidad), rankEspecial, "other",
		label+", "+el.unitLabel(unidad))
	u.otherType = otherType
	link(parent, u)
	return u
}

// electionUnit is the GpUnit of the election's own unit with the id, or the entidad.
func (s *unitSet) electionUnit(el *election, id string) *gpUnit {
	if !validUnit(id) {
		return s.ent
	}
	if el.r.Eleccion.Unidad == catalog.UnidadMunicipio {
		return s.municipio(id, "")
	}
	return s.distrito(el.distFed, id, "")
}

// casilla adds the polling place of an acta under its sección's unit (or, for an acta
// without any place, its election unit).
func (s *unitSet) casilla(el *election, a *acta.Acta, parent *gpUnit) *gpUnit {
	if parent == nil {
		parent = s.electionUnit(el, a.UnidadID)
	}
	key := casillaKey(a)
	if a.TipoCasilla == "A" || a.TipoCasilla == "P" {
		// Their keys repeat across the units of an election (acta.Acta doc, Identity).
		key += "-" + el.unitTag() + "-" + a.UnidadID
	}
	id := "gpu-cas-" + safeID(key)
	u, ok := s.byID[id]
	if !ok {
		u = s.unit(id, rankCasilla, "polling-place", parent.name+", casilla "+casillaLabel(a))
		if a.ListaNominal.Kind == acta.Number {
			u.voters, u.hasVoters = a.ListaNominal.N, true
		}
	}
	link(parent, u)
	return u
}

// casillaKey is the CLAVE_CASILLA of the acta's casilla with its real number: the files
// publish contiguas 10 to 17 with the key of contigua 01 (RULES.md §4.6 item 1). The key is
// entidad, sección, type, number and extension (2+4+1+2+2 characters).
func casillaKey(a *acta.Acta) string {
	k := a.ClaveCasilla
	if len(k) != 11 || a.NumCasilla < 1 || a.NumCasilla > 99 || a.TipoCasilla == "" ||
		k[6] != a.TipoCasilla[0] {
		return k
	}
	n := strconv.Itoa(a.NumCasilla)
	if len(n) == 1 {
		n = "0" + n
	}
	return k[:7] + n + k[9:]
}

// casillaLabel names a casilla as the INE does: type and number, and the contigua of an
// extraordinaria ("B1", "C10", "E1C2", "S1", "M").
func casillaLabel(a *acta.Acta) string {
	n := a.NumCasilla
	if n == 0 && len(a.ClaveCasilla) == 11 {
		n, _ = strconv.Atoi(a.ClaveCasilla[7:9])
	}
	label := a.TipoCasilla
	if n > 0 {
		label += strconv.Itoa(n)
	}
	if ext, err := strconv.Atoi(a.ExtContigua); err == nil && ext > 0 {
		label += "C" + strconv.Itoa(ext)
	}
	return label
}
