package web

import (
	"net/url"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// clavesPage lists what a key names when it names more than one casilla or acta of an
// election: the voto anticipado key 210000A0100, published once per distrito (or
// municipio), or the key of contigua 01, with which the files publish contiguas 10 to 17.
type clavesPage struct {
	pagina
	Clave      string
	Que        string // "casillas" or "actas"
	Eleccion   string
	Motivo     string // why the key repeats
	Resultados []resultado
}

// paginaCasilla is the page of casillas/{id}: the casilla with that address, or the list of
// those a bare key names.
func (st estado) paginaCasilla(c *corteData, e *eleccionData, id string) (string, any, error) {
	if _, ok := e.cas.porID[id]; !ok {
		if cs := e.cas.buscarClave(id); len(cs) > 0 {
			p := st.claves(c, e, id, "casillas", &e.Actas[cs[0].Actas[0]])
			for _, ci := range cs {
				p.Resultados = append(p.Resultados, e.resultadoCasilla(ci))
			}
			return "claves", p, nil
		}
	}
	p, err := st.casilla(c, e, id)
	return "casilla", p, err
}

// paginaActa is the page of actas/{id}: the acta with that id, or the list of those whose
// CLAVE_ACTA, as published, is id.
func (st estado) paginaActa(c *corteData, e *eleccionData, id string) (string, any, error) {
	if _, ok := e.actas[id]; !ok {
		if ks := e.porClaveActa[id]; len(ks) > 0 {
			p := st.claves(c, e, id, "actas", &e.Actas[ks[0]])
			for _, k := range ks {
				p.Resultados = append(p.Resultados, e.resultadoActa(&e.Actas[k]))
			}
			return "claves", p, nil
		}
	}
	p, err := st.acta(c, e, id)
	return "acta", p, err
}

// claves is the frame of a list of what key names; a is the first acta listed.
func (st estado) claves(c *corteData, e *eleccionData, clave, que string,
	a *publish.ActaJSON) clavesPage {
	titulo := "Clave " + clave
	ruta := e.Def.Codigo + "/" + que + "/" + url.PathEscape(clave)
	p := clavesPage{pagina: st.pagina(c, e.Def.Nombre+" · "+titulo, ruta, false),
		Clave: clave, Que: que, Eleccion: e.Def.Nombre,
		Motivo: "El archivo de datos abiertos publica las contiguas 10 a 17 con la clave de " +
			"la contigua 01; la página de cada una da su número real."}
	if a.TipoCasilla == "A" {
		p.Motivo = "El voto anticipado se publica con una sola clave, una vez por cada " +
			e.Def.Unidad + " que lo tiene."
	}
	e.encabezado(&p.pagina, titulo)
	p.Migas = []miga{{Texto: e.entidad(), Href: e.href()}, {Texto: titulo}}
	return p
}

// resultadoCasilla is a casilla in a list: its key, type and where it lies, which tells
// apart the casillas that share a key.
func (e *eleccionData) resultadoCasilla(ci *casillaIdx) resultado {
	a := &e.Actas[ci.Actas[0]]
	return resultado{Tipo: "Casilla", Texto: ci.Clave + " · " + tipoCasilla(a.TipoCasilla) +
		" · " + e.lugar(ci.Seccion), Eleccion: e.Def.Nombre, Href: e.casillaHref(ci)}
}

// resultadoActa is an acta in a list: its id, type and where it lies.
func (e *eleccionData) resultadoActa(a *publish.ActaJSON) resultado {
	texto := a.ID + " · fuera de catálogo"
	if sid, ok := e.seccionDeActa[a.ID]; ok {
		texto = a.ID + " · " + tipoCasilla(a.TipoCasilla) + " · " + e.lugar(sid)
	}
	return resultado{Tipo: "Acta", Texto: texto, Eleccion: e.Def.Nombre,
		Href: nodoHref(e.corte.Numero, e.Def.Codigo, "actas", a.ID)}
}

// lugar names where a sección node lies, for lists: "Sección 1141 · Distrito 05 ·
// TEHUACAN", "Voto anticipado · Distrito 001 · XICOTEPEC DE JUAREZ".
func (e *eleccionData) lugar(sid string) string {
	i, ok := e.secciones[sid]
	if !ok {
		return sid
	}
	sec := &e.Secciones[i]
	partes := []string{sec.Nombre}
	if m, ok := e.migaUnidad(sec.Distrito, sec.Municipio); ok {
		partes = append(partes, m.Texto)
	}
	return strings.Join(partes, " · ")
}

// buscarActa finds an acta by id as a reader may type it: any case, and the hexadecimal
// part of a fuera-de-catálogo id (FC-…) in lower case, as it is published.
func (e *eleccionData) buscarActa(q string) (int, bool) {
	clave := strings.ToUpper(q)
	if i, ok := e.actas[clave]; ok {
		return i, true
	}
	if rest, ok := strings.CutPrefix(clave, "FC-"); ok {
		i, ok := e.actas["FC-"+strings.ToLower(rest)]
		return i, ok
	}
	return 0, false
}
