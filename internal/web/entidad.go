package web

import (
	"net/url"
	"strings"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/publish"
)

// A national election (catalog.Nacional) adds a level between its country and its
// distritos: the 32 entidades, at /cortes/{n}/{eleccion}/entidades/{id}. Every node below
// the country carries its entidad in its id (catalog.UnidadNacional): distrito "15-040",
// sección "15-0001". The actas voted from abroad are the exception: the corte places them
// in no distrito (corte.SinUnidad, "N/A") and gathers each entidad's in one sección node,
// "VMRE-15", so an entidad adds up its distritos and that sección.

// prefijoExtranjero starts the id of the sección node of an entidad's actas voted from
// abroad in a national election, as the corte names it ("VMRE-15").
const prefijoExtranjero = "VMRE-"

// paginaEntidad builds the page of an entidad of a national election: its summary and
// votes, its distritos and, in the elections voted from abroad, the sección of its actas
// from abroad, which the entidad adds up but none of its distritos holds. Its actas not
// counted are given by reason; each distrito lists its own.
func (st estado) paginaEntidad(c *corteData, e *eleccionData, id string) (nodoPage, error) {
	nd, err := e.nodo("entidades", id)
	if err != nil {
		return nodoPage{}, err
	}
	titulo := nodoTitulo("entidades", nd)
	ruta := e.Def.Codigo + "/entidades/" + url.PathEscape(id)
	p := e.nodoPage(st.pagina(c, e.Def.Nombre+" · "+titulo, ruta, false), nd)
	e.encabezado(&p.pagina, titulo)
	p.Migas = []miga{{Texto: e.entidad(), Href: e.href()}, {Texto: titulo}}
	p.Tablas = []tablaNodos{e.tabla("distritos", func(d *publish.NodoJSON) bool {
		return entidadDeLugar(d.ID, "") == id
	})}
	if i, ok := e.secciones[prefijoExtranjero+id]; ok {
		t := tabla("Voto desde el extranjero", singulares["secciones"], c.entrada.Numero,
			e.Def.Codigo, "secciones", e.Secciones[i:i+1], nil)
		t.Nota = "Los votos desde el extranjero que corresponden a esta entidad se suman a " +
			"la entidad, pero a ninguno de sus distritos."
		p.Tablas = append(p.Tablas, t)
	}
	enEntidad := func(s *publish.NodoJSON) bool { return entidadDeLugar(s.Distrito, s.ID) == id }
	p.NoContabilizadas = e.noContabilizadasDe(e.actasDeSecciones(enEntidad), false)
	return p, nil
}

// entidadDeLugar returns the id of the entidad a node of a national election lies in:
// that of its distrito ("15" of "15-040") or, for the sección of an entidad's actas voted
// from abroad, which lies in no distrito, that of the sección ("15" of "VMRE-15"); "" when
// neither names one.
func entidadDeLugar(distrito, seccion string) string {
	if ent, ok := catalog.EntidadDeUnidad(distrito); ok {
		return ent
	}
	if ent, ok := strings.CutPrefix(seccion, prefijoExtranjero); ok {
		return ent
	}
	return ""
}

// migasRaiz are the breadcrumbs a page below an election starts with: the election's
// entidad and, in a national election, whose first breadcrumb is the country, the entidad
// of the distrito or sección the page lies in, when they name one (see entidadDeLugar).
func (e *eleccionData) migasRaiz(distrito, seccion string) []miga {
	migas := []miga{{Texto: e.entidad(), Href: e.href()}}
	if len(e.Entidades) == 0 {
		return migas
	}
	id := entidadDeLugar(distrito, seccion)
	i, ok := e.entidades[id]
	if id == "" || !ok {
		return migas
	}
	return append(migas, miga{Texto: nodoTitulo("entidades", &e.Entidades[i]),
		Href: nodoHref(e.corte.Numero, e.Def.Codigo, "entidades", id)})
}
