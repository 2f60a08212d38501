package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/publish"
)

// casillaIdx is one casilla of an election: the actas that carry its key in one sección
// node. Most casillas have one acta per election; a key can repeat across sección nodes
// (the voto anticipado casilla 210000A0100 has one acta per distrito, each in its
// distrito's pseudo-sección), so each sección node holds its own casilla.
type casillaIdx struct {
	ID    string // its address: the key, or key-sección when the key repeats
	Clave string // the casilla's real key (see claveReal)
	// Publicada is CLAVE_CASILLA as published, when it differs from Clave.
	Publicada string
	Seccion   string // the sección node
	Actas     []int  // indexes in the election's Actas, in the sección's order
	pos       int    // its place among the casillas of its sección
}

// claveReal is the key of an acta's casilla. The files publish contiguas 10 to 17 with
// ID_CASILLA "01" (RULES.md §4.6 item 1), and so with the CLAVE_CASILLA and CLAVE_ACTA of
// contigua 01: 211411C0100 for both C01 and C10. The key (entidad, sección, type, number,
// extension: 2+4+1+2+2 characters) is rebuilt with the real number, recovered when the file
// was read (ActaJSON.NumCasilla), as the acta's id is.
func claveReal(a *publish.ActaJSON) string {
	k := a.ClaveCasilla
	if len(k) != 11 || a.NumCasilla < 1 || a.NumCasilla > 99 || a.TipoCasilla == "" ||
		k[6] != a.TipoCasilla[0] {
		return k
	}
	return k[:7] + fmt.Sprintf("%02d", a.NumCasilla) + k[9:]
}

// indiceCasillas indexes the casillas of an election.
type indiceCasillas struct {
	porID    map[string]*casillaIdx
	deActa   map[string]*casillaIdx   // by acta id
	porClave map[string][]*casillaIdx // by real key, in sección order
	// publicada lists, by CLAVE_CASILLA as published, the casillas it names: one, or
	// contiguas 01 and 10 to 17 of a sección, which the files publish with one key.
	publicada map[string][]*casillaIdx
	deSeccion map[string][]*casillaIdx // by sección node, in order
}

// indexCasillas groups the actas of each sección node by casilla key. Fuera-de-catálogo
// actas, which have no key and no sección, belong to no casilla.
func indexCasillas(es *publish.EleccionSnapshot, actas map[string]int) *indiceCasillas {
	ix := &indiceCasillas{porID: map[string]*casillaIdx{},
		deActa: make(map[string]*casillaIdx, len(es.Actas)), porClave: map[string][]*casillaIdx{},
		publicada: map[string][]*casillaIdx{},
		deSeccion: make(map[string][]*casillaIdx, len(es.Secciones))}
	for _, s := range es.Secciones {
		enSeccion := map[string]*casillaIdx{}
		for _, id := range s.Actas {
			k, ok := actas[id]
			if !ok || es.Actas[k].ClaveCasilla == "" {
				continue
			}
			a := &es.Actas[k]
			clave := claveReal(a)
			c := enSeccion[clave]
			if c == nil {
				c = &casillaIdx{Clave: clave, Seccion: s.ID, pos: len(ix.deSeccion[s.ID])}
				if a.ClaveCasilla != clave {
					c.Publicada = a.ClaveCasilla
				}
				enSeccion[clave] = c
				ix.deSeccion[s.ID] = append(ix.deSeccion[s.ID], c)
				ix.porClave[clave] = append(ix.porClave[clave], c)
				ix.publicada[a.ClaveCasilla] = append(ix.publicada[a.ClaveCasilla], c)
			}
			c.Actas = append(c.Actas, k)
			ix.deActa[id] = c
		}
	}
	for clave, cs := range ix.porClave {
		for _, c := range cs {
			c.ID = clave
			if len(cs) > 1 {
				c.ID = clave + "-" + c.Seccion
			}
			ix.porID[c.ID] = c
		}
	}
	return ix
}

// casillaPage shows one casilla of an election: where it is, its figures added up from its
// actas, the actas themselves, its neighbours and the same casilla in the other elections.
type casillaPage struct {
	nodoPage
	Casilla casillaDatos
	// Anterior and Siguiente are the neighbouring casillas of the sección; nil at its ends.
	Anterior, Siguiente *miga
	// OtrasElecciones link to this casilla in the corte's other elections.
	OtrasElecciones []miga
}

// casillaDatos is how a casilla is identified for people.
type casillaDatos struct {
	Clave        string
	Publicada    string // CLAVE_CASILLA as published, when it differs
	Seccion      string // the sección's name: "Sección 1050"
	SeccionHref  string
	Tipo         string // "B (Básica)"
	Numero       string // "01"; "" when not applicable
	ExtContigua  string
	Ubicacion    string
	Unidad       string // "Distrito 05 · TEHUACAN"
	ListaNominal int64
}

// casillaHref is the address of a casilla's page.
func (e *eleccionData) casillaHref(c *casillaIdx) string {
	return nodoHref(e.corte.Numero, e.Def.Codigo, "casillas", c.ID)
}

// casillaNodo adds up the actas of a casilla into a node, as the corte adds up a sección.
func (e *eleccionData) casillaNodo(c *casillaIdx) (publish.NodoJSON, error) {
	sec := &e.Secciones[e.secciones[c.Seccion]]
	base := publish.NodoJSON{Nivel: "casilla", ID: c.ID, Nombre: "Casilla " + c.Clave,
		Distrito: sec.Distrito, Municipio: sec.Municipio, Unidad: sec.Unidad}
	actas := make([]*publish.ActaJSON, len(c.Actas))
	for i, k := range c.Actas {
		actas[i] = &e.Actas[k]
	}
	return publish.NodoDeActas(&e.Def, base, actas, e.corte.Final)
}

// casilla builds the page of a casilla.
func (st estado) casilla(c *corteData, e *eleccionData, id string) (casillaPage, error) {
	ci, ok := e.cas.porID[id]
	if !ok {
		return casillaPage{}, e.noEncontrado("%s no tiene la casilla «%s».", e.Def.Nombre, id)
	}
	nd, err := e.casillaNodo(ci)
	if err != nil {
		return casillaPage{}, err
	}
	titulo := nd.Nombre
	ruta := e.Def.Codigo + "/casillas/" + url.PathEscape(id)
	p := casillaPage{nodoPage: e.nodoPage(st.pagina(c, e.Def.Nombre+" · "+titulo, ruta, false),
		&nd)}
	e.encabezado(&p.pagina, titulo)
	sec := &e.Secciones[e.secciones[ci.Seccion]]
	p.Migas = e.migasSeccion(sec)
	p.Migas[len(p.Migas)-1].Href = nodoHref(c.entrada.Numero, e.Def.Codigo, "secciones", sec.ID)
	p.Migas = append(p.Migas, miga{Texto: titulo})
	a := &e.Actas[ci.Actas[0]]
	p.Casilla = casillaDatos{Clave: ci.Clave, Publicada: ci.Publicada, Seccion: sec.Nombre,
		ListaNominal: nd.ListaNominal,
		SeccionHref:  nodoHref(c.entrada.Numero, e.Def.Codigo, "secciones", sec.ID)}
	p.Casilla.Tipo, p.Casilla.ExtContigua = tipoCasilla(a.TipoCasilla), a.ExtContigua
	p.Casilla.Ubicacion = conSignificado(a.Ubicacion, ubicaciones)
	if a.NumCasilla > 0 {
		p.Casilla.Numero = strconv.Itoa(a.NumCasilla)
		if a.NumCasilla < 10 {
			p.Casilla.Numero = "0" + p.Casilla.Numero
		}
	}
	if m, ok := e.migaUnidad(sec.Distrito, sec.Municipio); ok {
		p.Casilla.Unidad = m.Texto
	}
	for _, k := range ci.Actas {
		f := e.filaActa(&e.Actas[k])
		f.CasillaHref = "" // this page
		p.Actas = append(p.Actas, f)
	}
	vecinas := e.cas.deSeccion[ci.Seccion]
	if ci.pos > 0 {
		v := vecinas[ci.pos-1]
		p.Anterior = &miga{Texto: "Casilla " + v.Clave, Href: e.casillaHref(v)}
	}
	if ci.pos+1 < len(vecinas) {
		v := vecinas[ci.pos+1]
		p.Siguiente = &miga{Texto: "Casilla " + v.Clave, Href: e.casillaHref(v)}
	}
	p.OtrasElecciones = c.casillaEnOtras(e, ci, sec)
	return p, nil
}

// casillaEnOtras finds the casilla in the corte's other elections: the casilla with the
// same key there, or, when the key repeats, the one in the same distrito or municipio.
func (c *corteData) casillaEnOtras(e *eleccionData, ci *casillaIdx,
	sec *publish.NodoJSON) []miga {
	var out []miga
	for _, es := range c.snap.Elecciones {
		o := c.eleccion(es.Def.Codigo)
		if o == e {
			continue
		}
		if oc := o.casillaPorClave(ci.Clave, sec); oc != nil {
			out = append(out, miga{Texto: o.Def.Nombre, Href: o.casillaHref(oc)})
		}
	}
	return out
}

// casillaPorClave is the casilla with key clave lying where sec lies, or nil: in the same
// distrito, or, for a sección placed in no distrito, in the same municipio. "N/A", the
// node of the actas with no unit at that level (the voto anticipado of an Ayuntamientos
// election has no distrito), places a sección nowhere.
func (e *eleccionData) casillaPorClave(clave string, sec *publish.NodoJSON) *casillaIdx {
	cs := e.cas.porClave[clave]
	if len(cs) == 1 {
		return cs[0]
	}
	for _, oc := range cs {
		os := &e.Secciones[e.secciones[oc.Seccion]]
		if d := unidadReal(sec.Distrito); d != "" {
			if unidadReal(os.Distrito) == d {
				return oc
			}
			continue
		}
		if m := unidadReal(sec.Municipio); m != "" && unidadReal(os.Municipio) == m {
			return oc
		}
	}
	return nil
}

// unidadReal is the id of a unit that places a node, or "" for none: empty, or the node of
// the actas with no unit at that level (corte.SinUnidad, "N/A").
func unidadReal(id string) string {
	if id == corte.SinUnidad {
		return ""
	}
	return id
}

// buscarClave returns the casillas a key names: by their real key, or as published.
func (ix *indiceCasillas) buscarClave(clave string) []*casillaIdx {
	out := slices.Clone(ix.porClave[clave])
	for _, c := range ix.publicada[clave] {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// migasSeccion are the breadcrumbs of a sección page: entidad (the country and the entidad
// in a national election), unit, sección.
func (e *eleccionData) migasSeccion(nd *publish.NodoJSON) []miga {
	migas := e.migasRaiz(nd.Distrito, nd.ID)
	if m, ok := e.migaUnidad(nd.Distrito, nd.Municipio); ok {
		migas = append(migas, m)
	}
	return append(migas, miga{Texto: nd.Nombre})
}
