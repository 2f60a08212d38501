package nist

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
)

// election is one election of the report with what Write derives from its tally before
// writing it.
type election struct {
	r       *corte.Resultados
	code    string // the election code, as it appears in ids
	distFed bool   // its distritos are federal
	// secID is the GpUnit of each sección node, "" for the node of actas without a place;
	// casID the GpUnit of each acta's casilla, "" for fuera-de-catálogo actas.
	secID []string
	casID []string
	// colParties are the Party ids of each vote column: itself for a party, its parties for
	// a combination, none for the others.
	colParties [][]string
	nulos      int // the column of votos nulos, or -1
	contests   []*contest
	// scopes gives, for each election unit, the nodes of other levels that lie wholly in it
	// and the indexes of its sección nodes.
	scopes map[string]*scope
}

type scope struct {
	others    []*corte.Nodo
	secciones []int
}

// contest is one CandidateContest: the whole entidad, or one election unit.
type contest struct {
	id       string
	suffix   string // what the ids of its candidates and selections carry
	name     string
	district string // ElectionDistrictId
	node     *corte.Nodo
	unit     string // the election unit; "" for the entidad
	cands    []candidate
	sels     []selection
}

// candidate is one Candidate: the propietaria of a candidacy.
type candidate struct {
	id, name string
	party    string // PartyId: its party or coalition; "" for an independent
}

// selection is one CandidateSelection: one vote column of the acta in one contest.
type selection struct {
	id        string
	col       int
	order     int
	candidate string // "" for no registradas and for a column no candidacy claims
	parties   []string
	writeIn   bool
}

// coalitions gathers the Coalition objects of a report: one per set of parties that
// nominates one candidacy, in any contest of any election.
type coalitions struct {
	byID map[string]*coalition
	list []*coalition
}

type coalition struct {
	id, name string
	parties  []string
	contests []string
}

func (cs *coalitions) add(partidos []string, contest string) string {
	key := strings.Join(partidos, "-")
	id := "coa-" + safeID(key)
	c, ok := cs.byID[id]
	if !ok {
		c = &coalition{id: id, name: key}
		for _, p := range partidos {
			c.parties = append(c.parties, partyID(p))
		}
		if cs.byID == nil {
			cs.byID = map[string]*coalition{}
		}
		cs.byID[id] = c
		cs.list = append(cs.list, c)
	}
	if n := len(c.contests); n == 0 || c.contests[n-1] != contest {
		c.contests = append(c.contests, contest)
	}
	return id
}

func partyID(columna string) string { return "par-" + safeID(columna) }

func newElection(r *corte.Resultados, geoFed bool) *election {
	e := r.Eleccion
	el := &election{r: r, code: safeID(e.Codigo), nulos: -1}
	el.distFed = geoFed
	if e.Unidad == catalog.UnidadDistrito {
		el.distFed = federal(e.Codigo)
	}
	el.colParties = make([][]string, len(e.Contendientes))
	for k, c := range e.Contendientes {
		switch c.Tipo {
		case catalog.Partido, catalog.Combinacion:
			for _, p := range c.Partidos {
				el.colParties[k] = append(el.colParties[k], partyID(p))
			}
		case catalog.Nulos:
			if el.nulos < 0 {
				el.nulos = k
			}
		}
	}
	return el
}

// unitTag is how ids name the kind of the election's unit.
func (el *election) unitTag() string {
	switch {
	case el.r.Eleccion.Unidad == catalog.UnidadMunicipio:
		return "mun"
	case el.distFed:
		return "distfed"
	}
	return "dist"
}

// unitLabel names one of the election's units for people: "distrito local 001".
func (el *election) unitLabel(id string) string {
	switch el.unitTag() {
	case "mun":
		return "municipio " + id
	case "distfed":
		return "distrito federal " + id
	}
	return "distrito local " + id
}

// statewide reports whether the election is one contest in the whole entidad: the
// Gubernatura, or an election whose candidacies all run statewide.
func (el *election) statewide() bool {
	e := el.r.Eleccion
	if catalog.Estatal(e.Codigo) {
		return true
	}
	if len(e.Candidaturas) == 0 {
		return false
	}
	for _, c := range e.Candidaturas {
		if c.Unidad != "" {
			return false
		}
	}
	return true
}

// plan derives the contests of the election, their candidates and selections, and
// registers their coalitions.
func (el *election) plan(entidad string, co *coalitions) {
	r := el.r
	e := r.Eleccion
	if el.statewide() {
		el.addContest(&contest{id: "con-" + el.code, suffix: el.code, name: e.Nombre(),
			district: entidad, node: &r.Entidad}, co)
		return
	}
	units, others := r.Distritos, r.Municipios
	if e.Unidad == catalog.UnidadMunicipio {
		units, others = r.Municipios, r.Distritos
	}
	el.scopes = scopes(r, others)
	for i := range units {
		n := &units[i]
		if !validUnit(n.ID) {
			continue
		}
		suffix := el.code + "-" + safeID(n.ID)
		district := distritoID(el.distFed, n.ID)
		if e.Unidad == catalog.UnidadMunicipio {
			district = municipioID(n.ID)
		}
		el.addContest(&contest{id: "con-" + suffix, suffix: suffix,
			name:     strings.TrimSpace(e.Nombre() + ", " + el.unitLabel(n.ID) + " " + n.Nombre),
			district: district, node: n, unit: n.ID}, co)
	}
}

// scopes groups, by election unit, the nodes of the other level (others) and the sección
// nodes that lie wholly in one unit.
func scopes(r *corte.Resultados, others []corte.Nodo) map[string]*scope {
	out := map[string]*scope{}
	at := func(u string) *scope {
		s, ok := out[u]
		if !ok {
			s = &scope{}
			out[u] = s
		}
		return s
	}
	for i := range others {
		if n := &others[i]; validUnit(n.ID) && n.Unidad != "" {
			at(n.Unidad).others = append(at(n.Unidad).others, n)
		}
	}
	for i := range r.Secciones {
		if n := &r.Secciones[i]; n.Unidad != "" {
			at(n.Unidad).secciones = append(at(n.Unidad).secciones, i)
		}
	}
	return out
}

// addContest gives the contest its candidates, one per candidacy that runs in it, and its
// selections, one per vote column: every column of a candidacy, the candidaturas no
// registradas, and any other column with votes there, so that the selections add up to
// the tally. Votos nulos are no selection (see doc.go).
func (el *election) addContest(c *contest, co *coalitions) {
	e := el.r.Eleccion
	cands := el.r.CandidaturasDe(c.node)
	owner := make([]int, len(e.Contendientes))
	for k := range owner {
		owner[k] = -1
	}
	for i, cd := range cands {
		cand := candidate{id: "can-" + c.suffix + "-" + strconv.Itoa(i+1), name: cd.Nombre}
		if len(cd.Partidos) > 0 {
			cand.id = "can-" + c.suffix + "-" + safeID(cd.Partidos[0])
		}
		switch {
		case cd.Independiente:
		case len(cd.Partidos) == 1:
			cand.party = partyID(cd.Partidos[0])
		case len(cd.Partidos) > 1:
			cand.party = co.add(cd.Partidos, c.id)
		}
		c.cands = append(c.cands, cand)
		for _, k := range cd.Columnas {
			owner[k] = i
		}
	}
	for k, col := range e.Contendientes {
		s := selection{id: "sel-" + c.suffix + "-" + safeID(col.Columna), col: k, order: k + 1,
			parties: el.colParties[k]}
		switch {
		case col.Tipo == catalog.Nulos:
			continue
		case col.Tipo == catalog.NoRegistradas:
			s.writeIn = true
		case owner[k] >= 0:
			s.candidate = c.cands[owner[k]].id
		case c.node.Votos[k] == 0:
			continue
		}
		c.sels = append(c.sels, s)
	}
	el.contests = append(el.contests, c)
}

// row is one GpUnit's votes per vote column, as a contest or the election reports them.
type row struct {
	id    string
	votes []int64
}

// rows lists the units a contest reports, with their votes: the contest's own unit, the
// units of every level that lie wholly in it and the casillas with a counted acta; a nil
// contest gives every unit of the election. Casilla votes are added up in arena, which is
// grown once and reused by the next call.
func (el *election) rows(c *contest, arena *[]int64) []row {
	r := el.r
	var out []row
	var secs []int
	if c == nil || c.unit == "" {
		out = append(out, row{entidadID(r.Entidad.ID), r.Entidad.Votos})
		out = el.levelRows(out, r.Distritos, true)
		out = el.levelRows(out, r.Municipios, false)
		secs = make([]int, len(r.Secciones))
		for i := range secs {
			secs[i] = i
		}
	} else {
		out = append(out, row{c.district, c.node.Votos})
		if s := el.scopes[c.unit]; s != nil {
			for _, n := range s.others {
				out = append(out, row{el.nodeID(n), n.Votos})
			}
			secs = s.secciones
		}
	}
	for _, i := range secs {
		if id := el.secID[i]; id != "" {
			out = append(out, row{id, r.Secciones[i].Votos})
		}
	}
	return el.casillaRows(out, secs, arena)
}

func (el *election) levelRows(out []row, ns []corte.Nodo, distritos bool) []row {
	for i := range ns {
		if validUnit(ns[i].ID) {
			out = append(out, row{el.levelID(distritos, ns[i].ID), ns[i].Votos})
		}
	}
	return out
}

func (el *election) levelID(distritos bool, id string) string {
	if distritos {
		return distritoID(el.distFed, id)
	}
	return municipioID(id)
}

func (el *election) nodeID(n *corte.Nodo) string {
	return el.levelID(n.Nivel == corte.NivelDistrito, n.ID)
}

// casillaRows appends the casillas of the secciones with a counted acta, each with the sum
// of its counted actas (a casilla especial has two actas of Diputaciones, MR and RP).
func (el *election) casillaRows(out []row, secs []int, arena *[]int64) []row {
	r := el.r
	width := len(r.Eleccion.Contendientes)
	counted := 0
	for _, i := range secs {
		for _, k := range r.Secciones[i].Actas {
			if r.Clases[k].Estado == acta.Contabilizada {
				counted++
			}
		}
	}
	need := counted * width
	if cap(*arena) < need {
		*arena = make([]int64, need)
	}
	buf := (*arena)[:need]
	out = slices.Grow(out, counted)
	used := 0
	for _, i := range secs {
		start := len(out)
		for _, k := range r.Secciones[i].Actas {
			if r.Clases[k].Estado != acta.Contabilizada {
				continue
			}
			id := el.casID[k]
			j := start
			for j < len(out) && out[j].id != id {
				j++
			}
			if j == len(out) {
				v := buf[used : used+width]
				clear(v)
				used += width
				out = append(out, row{id, v})
			}
			for col, v := range r.Actas[k].Votos {
				if v.Kind == acta.Number {
					out[j].votes[col] += v.N
				}
			}
		}
	}
	return out
}
