package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// nodoPage shows one node (the entidad or country, an entidad of the country, a distrito, a
// municipio or a sección) of an election: its summary, its votes, and the units or actas
// below it.
type nodoPage struct {
	pagina
	Nodo          *publish.NodoJSON
	Candidaturas  []filaVotos
	Contendientes []filaVotos
	Total         filaVotos
	Tablas        []tablaNodos
	Actas         []filaActa // sección pages only
	// NoContabilizadas are the node's actas not counted: their number, reasons and list.
	NoContabilizadas *noContabilizadas
	// Formato is the address of the description of the election's CSV (election pages).
	Formato string
	// Anticipado marks the pseudo-sección of a unit's voto anticipado actas, whose tiny
	// lista nominal can put participation above 100 %.
	Anticipado bool
	// Avance is the progress of the election's actas over the cortes up to this one
	// (election pages).
	Avance *avanceActas
}

// eleccionUltima is the page of an election in the latest corte.
func (s *Server) eleccionUltima(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	c := st.ultimo
	if !codigoPlausible(r.PathValue("eleccion")) {
		return paginaInexistente(r)
	}
	if c == nil {
		return noHay("Aún no se ha publicado ningún corte.")
	}
	e, err := c.buscarEleccion(r.PathValue("eleccion"))
	if err != nil {
		return err
	}
	if canonica(w, r, "/"+url.PathEscape(e.Def.Codigo)) {
		return nil
	}
	return s.render(w, http.StatusOK, cacheCorto, "nodo", st.eleccion(c, e, true))
}

// eleccionCorte is the page of an election in a numbered corte.
func (s *Server) eleccionCorte(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	c, e, err := st.buscar(r, r.PathValue("n"), r.PathValue("eleccion"))
	if err != nil {
		return err
	}
	if canonica(w, r, e.href()) {
		return nil
	}
	return s.render(w, http.StatusOK, cacheInmutable, "nodo", st.eleccion(c, e, false))
}

// eleccion builds the page of an election: the entidad, its units and the other level; in
// a national election, the country, its entidades and its units.
func (st estado) eleccion(c *corteData, e *eleccionData, ultimo bool) nodoPage {
	p := e.nodoPage(st.pagina(c, e.Def.Nombre, e.Def.Codigo, ultimo), &e.Entidad)
	p.Migas = []miga{{Texto: e.entidad()}}
	p.Formato = e.href() + "/formato"
	p.NoContabilizadas = e.noContabilizadasDe(e.actasDeSecciones(nil), false)
	p.Avance = e.avance(c)
	if len(e.Entidades) > 0 {
		p.Tablas = append(p.Tablas, e.tabla("entidades", nil))
	}
	principal, otro := e.niveles()
	for _, nv := range []string{principal, otro} {
		ns, _ := e.nodos(nv)
		if len(ns) == 0 {
			continue
		}
		t := e.tabla(nv, nil)
		if nv == principal {
			t.Grafica = graficaParticipacion("Participación ciudadana por "+
				strings.ToLower(singulares[nv]), e.Entidad.Resumen.PorcentajeParticipacion,
				t.Filas)
		}
		p.Tablas = append(p.Tablas, t)
	}
	return p
}

// nivel serves the pages below an election: entidades/{id} (national elections only),
// distritos/{id}, municipios/{id}, secciones/{id}, casillas/{id} and actas/{id}.
func (s *Server) nivel(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	c, e, err := st.buscar(r, r.PathValue("n"), r.PathValue("eleccion"))
	if err != nil {
		return err
	}
	nivel, id, barra := strings.Cut(r.PathValue("resto"), "/")
	want := nodoHref(c.entrada.Numero, e.Def.Codigo, nivel, id)
	switch {
	case nivel == "formato" && !barra:
		want = e.href() + "/formato"
	case nivel == "formato", !barra && nivel != "formato", !e.tieneNivel(nivel):
		return e.noEncontrado("La página %s no existe en %s.", r.URL.Path, e.Def.Nombre)
	}
	if canonica(w, r, want) {
		return nil
	}
	tpl, p := "nodo", any(nil)
	switch nivel {
	case "entidades":
		p, err = st.paginaEntidad(c, e, id)
	case "distritos", "municipios":
		p, err = st.unidad(c, e, nivel, id)
	case "secciones":
		p, err = st.seccion(c, e, id)
	case "casillas":
		tpl, p, err = st.paginaCasilla(c, e, id)
	case "actas":
		tpl, p, err = st.paginaActa(c, e, id)
	case "formato":
		tpl = "formato"
		p, err = s.formato(st, c, e)
	}
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, cacheInmutable, tpl, p)
}

// tieneNivel reports whether a segment names pages below the election: those of every
// election (esNivel) and, in a national election, its entidades. The API has no document
// of an entidad.
func (e *eleccionData) tieneNivel(nivel string) bool {
	return esNivel(nivel) || nivel == "entidades" && len(e.Entidades) > 0
}

// esNivel reports whether a segment names the pages below every election.
func esNivel(nivel string) bool {
	switch nivel {
	case "distritos", "municipios", "secciones", "casillas", "actas", "formato":
		return true
	}
	return false
}

// unidad builds the page of a distrito or municipio and lists its secciones.
func (st estado) unidad(c *corteData, e *eleccionData, nivel, id string) (nodoPage, error) {
	nd, err := e.nodo(nivel, id)
	if err != nil {
		return nodoPage{}, err
	}
	titulo := nodoTitulo(nivel, nd)
	ruta := e.Def.Codigo + "/" + nivel + "/" + url.PathEscape(id)
	p := e.nodoPage(st.pagina(c, e.Def.Nombre+" · "+titulo, ruta, false), nd)
	e.encabezado(&p.pagina, titulo)
	p.Migas = append(e.migasRaiz(nd.Distrito, ""), miga{Texto: titulo})
	enUnidad := func(s *publish.NodoJSON) bool {
		if nivel == "distritos" {
			return s.Distrito == id
		}
		return s.Municipio == id
	}
	p.Tablas = []tablaNodos{e.tabla("secciones", enUnidad)}
	p.NoContabilizadas = e.noContabilizadasDe(e.actasDeSecciones(enUnidad), true)
	return p, nil
}

// nodo returns the node of a level with the id, or the 404 that says the election has
// none.
func (e *eleccionData) nodo(nivel, id string) (*publish.NodoJSON, error) {
	ns, idx := e.nodos(nivel)
	i, ok := idx[id]
	if !ok {
		return nil, e.noEncontrado("%s no tiene %s «%s».", e.Def.Nombre,
			articulos[nivel]+" "+strings.ToLower(singulares[nivel]), id)
	}
	return &ns[i], nil
}

// encabezado sets the heading of a page inside the election: its own name over the
// election's, "Distrito 05 · TEHUACAN" over "Gubernatura · Puebla 2024".
func (e *eleccionData) encabezado(p *pagina, titulo string) {
	p.Encabezado = titulo
	p.Subtitulo = strings.TrimSuffix(e.Def.Nombre+" · "+p.Subtitulo, " · ")
}

// nodoPage fills the blocks every node page has: summary and votes.
func (e *eleccionData) nodoPage(p pagina, nd *publish.NodoJSON) nodoPage {
	out := nodoPage{pagina: p, Nodo: nd, Candidaturas: candidaturas(&e.Def, nd)}
	out.Contendientes, out.Total = contendientes(&e.Def, nd)
	return out
}

// singulares and plurales name the levels of the addresses; articulos are their articles.
var (
	articulos = map[string]string{"entidades": "la", "distritos": "el", "municipios": "el",
		"secciones": "la"}
	singulares = map[string]string{"entidades": "Entidad", "distritos": "Distrito",
		"municipios": "Municipio", "secciones": "Sección"}
	plurales = map[string]string{"entidades": "Entidades", "distritos": "Distritos",
		"municipios": "Municipios", "secciones": "Secciones"}
)

// nodoTitulo names a node for people: "Entidad 15 · MEXICO", "Distrito 05 · TEHUACÁN",
// "Sección 0001".
func nodoTitulo(nivel string, nd *publish.NodoJSON) string {
	if nivel == "secciones" {
		return nd.Nombre
	}
	return singulares[nivel] + " " + nd.ID + " · " + nd.Nombre
}

// tabla builds the table of a level of the election ("entidades", "distritos",
// "municipios", "secciones"), keeping the nodes keep accepts.
func (e *eleccionData) tabla(nivel string, keep func(*publish.NodoJSON) bool) tablaNodos {
	ns, _ := e.nodos(nivel)
	return tabla(plurales[nivel], singulares[nivel], e.corte.Numero, e.Def.Codigo, nivel, ns,
		keep)
}

// nodos returns the nodes of a level and their index by id.
func (e *eleccionData) nodos(nivel string) ([]publish.NodoJSON, map[string]int) {
	switch nivel {
	case "entidades":
		return e.Entidades, e.entidades
	case "distritos":
		return e.Distritos, e.distritos
	case "municipios":
		return e.Municipios, e.municipios
	case "secciones":
		return e.Secciones, e.secciones
	}
	return nil, nil
}

// niveles returns the level of the election's unit and the other territorial level.
func (e *eleccionData) niveles() (principal, otro string) {
	if e.Def.Unidad == "municipio" {
		return "municipios", "distritos"
	}
	return "distritos", "municipios"
}

// entidad names the entidad of the election, as published.
func (e *eleccionData) entidad() string { return entidadDe(e.EleccionSnapshot) }

// entidadDe names the entidad of an election: eleccion.json says it, or else the entidad
// node, named from the ENTIDAD column of the actas; "" when neither does.
func entidadDe(es *publish.EleccionSnapshot) string {
	if es.Def.Entidad != "" {
		return es.Def.Entidad
	}
	return es.Entidad.Nombre
}

// href is the address of the election's page in its corte.
func (e *eleccionData) href() string { return eleccionHref(e.corte.Numero, e.Def.Codigo) }

// migaUnidad is the breadcrumb of the election's unit (distrito or municipio) that holds a
// sección or acta, if it has one.
func (e *eleccionData) migaUnidad(distrito, municipio string) (miga, bool) {
	nivel, _ := e.niveles()
	id := distrito
	if nivel == "municipios" {
		id = municipio
	}
	ns, idx := e.nodos(nivel)
	i, ok := idx[id]
	if id == "" || !ok {
		return miga{}, false
	}
	return miga{Texto: nodoTitulo(nivel, &ns[i]),
		Href: nodoHref(e.corte.Numero, e.Def.Codigo, nivel, id)}, true
}

// noEncontrado is a 404 inside an election, pointing back to the election's page.
func (e *eleccionData) noEncontrado(format string, args ...any) *noEncontrado {
	nf := noHay(format, args...)
	nf.Volver, nf.VolverTexto = e.href(), "Volver a "+e.Def.Nombre
	return nf
}

// buscar returns corte n and its election with the code, any case.
func (st estado) buscar(r *http.Request, n, codigo string) (*corteData, *eleccionData, error) {
	if !codigoPlausible(codigo) {
		return nil, nil, paginaInexistente(r)
	}
	c, err := st.buscarCorte(r.Context(), n)
	if err != nil {
		return nil, nil, err
	}
	e, err := c.buscarEleccion(codigo)
	if err != nil {
		return nil, nil, err
	}
	return c, e, nil
}

// buscarEleccion returns the election with the code, any case.
func (c *corteData) buscarEleccion(codigo string) (*eleccionData, error) {
	if e := c.eleccion(codigo); e != nil {
		return e, nil
	}
	var names []string
	for _, e := range c.snap.Elecciones {
		names = append(names, e.Def.Nombre+" ("+e.Def.Codigo+")")
	}
	n := c.entrada.Numero
	return nil, &noEncontrado{Mensaje: "El corte " + strconv.Itoa(n) + " no tiene la elección «" +
		eco(codigo) + "». Sus elecciones son: " + strings.Join(names, ", ") + ".",
		Volver: corteHref(n), VolverTexto: "Ver las elecciones del corte " + strconv.Itoa(n)}
}

// codigoPlausible reports whether s could be an election code (GUB, DIP_LOC, AYUN):
// letters, digits and underscores. Any other address, /favicon.ico or /robots.txt, gets the
// site's 404 rather than a list of the elections it is not.
func codigoPlausible(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
