package web

import (
	"encoding/json"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// The JSON API mirrors the pages: the address of a page under /api/v1 gives its figures.
//
//	/api/v1/ultimo                                   the latest corte: number, time, address
//	/api/v1/cortes                                   every corte published, oldest first
//	/api/v1/cortes/{n}                               a corte: its elections with their summaries
//	/api/v1/cortes/{n}/{eleccion}                    an election: definition, entidad, units
//	/api/v1/cortes/{n}/{eleccion}/distritos/{id}     a distrito, with its secciones
//	/api/v1/cortes/{n}/{eleccion}/municipios/{id}    a municipio, with its secciones
//	/api/v1/cortes/{n}/{eleccion}/secciones/{id}     a sección, with its casillas and actas
//	/api/v1/cortes/{n}/{eleccion}/casillas/{id}      a casilla: its figures, actas, neighbours
//	/api/v1/cortes/{n}/{eleccion}/actas/{id}         an acta, every field as published
//
// Every document carries the corte it belongs to ("corte"). Figures keep the published
// types of corte.json and json/ (publish.NodoJSON, publish.ActaJSON, publish.ResumenJSON).
// Documents of a numbered corte never change; /api/v1/ultimo and /api/v1/cortes change
// with each corte.

// apiPrefix is where the API lives.
const apiPrefix = "/api/v1"

// apiHref is the API address of a page of the site.
func apiHref(pagina string) string { return apiPrefix + pagina }

// apiCorteRef is what every document says of its corte.
type apiCorteRef struct {
	Numero    int       `json:"numero"`
	Hora      time.Time `json:"hora"`
	HoraTexto string    `json:"hora_texto"`
	Final     bool      `json:"final"`
	Simulacro bool      `json:"simulacro"`
	Pagina    string    `json:"pagina"` // the address of the corte's page
	API       string    `json:"api"`
}

func corteRef(c *corteData) apiCorteRef {
	m := &c.snap.Manifiesto
	return apiCorteRef{Numero: m.Numero, Hora: m.Hora, HoraTexto: m.HoraTexto, Final: m.Final,
		Simulacro: m.Simulacro, Pagina: corteHref(m.Numero),
		API: apiHref(corteHref(m.Numero))}
}

// apiEnlace is a node listed below another: its id, name and addresses.
type apiEnlace struct {
	ID     string `json:"id"`
	Nombre string `json:"nombre"`
	Pagina string `json:"pagina"`
	API    string `json:"api"`
}

func enlace(id, nombre, pagina string) apiEnlace {
	return apiEnlace{ID: id, Nombre: nombre, Pagina: pagina, API: apiHref(pagina)}
}

// apiUltimoDoc is /api/v1/ultimo.
type apiUltimoDoc struct {
	Corte apiCorteRef `json:"corte"`
}

func apiUltimo(c *corteData) apiUltimoDoc { return apiUltimoDoc{Corte: corteRef(c)} }

// apiCorteDoc is /api/v1/cortes/{n}.
type apiCorteDoc struct {
	Corte      apiCorteRef          `json:"corte"`
	Elecciones []apiEleccionResumen `json:"elecciones"`
	Zip        string               `json:"zip"` // download address of the open-data bundle
}

type apiEleccionResumen struct {
	apiEnlace
	Resumen      publish.ResumenJSON `json:"resumen"`
	ListaNominal int64               `json:"lista_nominal"`
}

func apiCorte(c *corteData) apiCorteDoc {
	m := &c.snap.Manifiesto
	d := apiCorteDoc{Corte: corteRef(c), Zip: archivoHref(m.Numero, m.Zip)}
	for _, es := range c.snap.Elecciones {
		d.Elecciones = append(d.Elecciones, apiEleccionResumen{
			apiEnlace: enlace(es.Def.Codigo, es.Def.Nombre, eleccionHref(m.Numero,
				es.Def.Codigo)),
			Resumen: es.Entidad.Resumen, ListaNominal: es.Entidad.ListaNominal})
	}
	return d
}

// apiEleccionDoc is /api/v1/cortes/{n}/{eleccion}.
type apiEleccionDoc struct {
	Corte      apiCorteRef          `json:"corte"`
	Eleccion   publish.EleccionJSON `json:"eleccion"`
	Entidad    publish.NodoJSON     `json:"entidad"`
	Distritos  []apiEnlace          `json:"distritos"`
	Municipios []apiEnlace          `json:"municipios"`
	CSV        string               `json:"csv"`
}

func apiEleccion(c *corteData, e *eleccionData) apiEleccionDoc {
	d := apiEleccionDoc{Corte: corteRef(c), Eleccion: e.Def, Entidad: e.Entidad,
		Distritos: enlaces(c, e, "distritos", nil), Municipios: enlaces(c, e, "municipios", nil)}
	for _, ec := range c.snap.Manifiesto.Elecciones {
		if ec.Codigo == e.Def.Codigo {
			d.CSV = archivoHref(c.entrada.Numero, ec.CSV)
		}
	}
	return d
}

// enlaces lists the nodes of a level that keep accepts (all when nil).
func enlaces(c *corteData, e *eleccionData, nivel string,
	keep func(*publish.NodoJSON) bool) []apiEnlace {
	ns, _ := e.nodos(nivel)
	out := []apiEnlace{}
	for i := range ns {
		if keep == nil || keep(&ns[i]) {
			out = append(out, enlace(ns[i].ID, ns[i].Nombre,
				nodoHref(c.entrada.Numero, e.Def.Codigo, nivel, ns[i].ID)))
		}
	}
	return out
}

// apiNodoDoc is the document of a distrito, municipio or sección.
type apiNodoDoc struct {
	Corte     apiCorteRef      `json:"corte"`
	Eleccion  apiEnlace        `json:"eleccion"`
	Nodo      publish.NodoJSON `json:"nodo"`
	Secciones []apiEnlace      `json:"secciones,omitempty"` // of a distrito or municipio
	Casillas  []apiEnlace      `json:"casillas,omitempty"`  // of a sección
	Actas     []apiEnlace      `json:"actas,omitempty"`     // of a sección
}

func apiNodo(c *corteData, e *eleccionData, nivel, id string) (apiNodoDoc, error) {
	ns, idx := e.nodos(nivel)
	i, ok := idx[id]
	if !ok {
		return apiNodoDoc{}, e.noEncontrado("%s no tiene %s «%s».", e.Def.Nombre,
			articulos[nivel]+" "+strings.ToLower(singulares[nivel]), id)
	}
	nd := ns[i]
	d := apiNodoDoc{Corte: corteRef(c), Nodo: nd,
		Eleccion: enlace(e.Def.Codigo, e.Def.Nombre, e.href())}
	switch nivel {
	case "distritos":
		d.Secciones = enlaces(c, e, "secciones", func(s *publish.NodoJSON) bool {
			return s.Distrito == id
		})
	case "municipios":
		d.Secciones = enlaces(c, e, "secciones", func(s *publish.NodoJSON) bool {
			return s.Municipio == id
		})
	case "secciones":
		d.Actas = []apiEnlace{}
		for _, aid := range nd.Actas {
			if j, ok := e.actas[aid]; ok {
				a := &e.Actas[j]
				d.Actas = append(d.Actas, enlace(a.ID, clave(a),
					nodoHref(c.entrada.Numero, e.Def.Codigo, "actas", a.ID)))
			}
		}
		d.Nodo.Actas = nil // listed with their addresses
		d.Casillas = []apiEnlace{}
		for _, ci := range e.cas.deSeccion[id] {
			d.Casillas = append(d.Casillas, enlace(ci.ID, "Casilla "+ci.Clave,
				e.casillaHref(ci)))
		}
	}
	return d, nil
}

// apiCasillaDoc is the document of a casilla: its figures added up from its actas as the
// corte adds up a sección (nodo, of level "casilla"), the actas, the neighbouring casillas
// of its sección and the same casilla in the corte's other elections.
type apiCasillaDoc struct {
	Corte           apiCorteRef      `json:"corte"`
	Eleccion        apiEnlace        `json:"eleccion"`
	Seccion         apiEnlace        `json:"seccion"`
	Nodo            publish.NodoJSON `json:"nodo"`
	Actas           []apiEnlace      `json:"actas"`
	Anterior        *apiEnlace       `json:"anterior,omitempty"`
	Siguiente       *apiEnlace       `json:"siguiente,omitempty"`
	OtrasElecciones []apiEnlace      `json:"otras_elecciones"`
}

func apiCasilla(c *corteData, e *eleccionData, id string) (apiCasillaDoc, error) {
	ci, ok := e.cas.porID[id]
	if cs := e.cas.buscarClave(id); !ok && len(cs) > 0 {
		return apiCasillaDoc{}, e.noEncontrado("En %s, la clave «%s» es de %d casillas; "+
			"cada una tiene su documento, como %s.", e.Def.Nombre, id, len(cs),
			apiHref(e.casillaHref(cs[0])))
	}
	if !ok {
		return apiCasillaDoc{}, e.noEncontrado("%s no tiene la casilla «%s».", e.Def.Nombre, id)
	}
	nd, err := e.casillaNodo(ci)
	if err != nil {
		return apiCasillaDoc{}, err
	}
	n := c.entrada.Numero
	sec := &e.Secciones[e.secciones[ci.Seccion]]
	d := apiCasillaDoc{Corte: corteRef(c), Nodo: nd, Actas: []apiEnlace{},
		Eleccion:        enlace(e.Def.Codigo, e.Def.Nombre, e.href()),
		Seccion:         enlace(sec.ID, sec.Nombre, nodoHref(n, e.Def.Codigo, "secciones", sec.ID)),
		OtrasElecciones: []apiEnlace{}}
	d.Nodo.Actas = nil // listed with their addresses
	for _, k := range ci.Actas {
		a := &e.Actas[k]
		d.Actas = append(d.Actas, enlace(a.ID, "Acta "+a.ID,
			nodoHref(n, e.Def.Codigo, "actas", a.ID)))
	}
	vecina := func(j int) *apiEnlace {
		vs := e.cas.deSeccion[ci.Seccion]
		if j < 0 || j >= len(vs) {
			return nil
		}
		l := enlace(vs[j].ID, "Casilla "+vs[j].Clave, e.casillaHref(vs[j]))
		return &l
	}
	d.Anterior, d.Siguiente = vecina(ci.pos-1), vecina(ci.pos+1)
	for _, m := range c.casillaEnOtras(e, ci, sec) {
		d.OtrasElecciones = append(d.OtrasElecciones, enlace(path.Base(m.Href), m.Texto, m.Href))
	}
	return d, nil
}

// apiActaDoc is the document of an acta.
type apiActaDoc struct {
	Corte    apiCorteRef `json:"corte"`
	Eleccion apiEnlace   `json:"eleccion"`
	// Seccion and Casilla are absent for a fuera-de-catálogo acta, which has neither.
	Seccion *apiEnlace       `json:"seccion,omitempty"`
	Casilla *apiEnlace       `json:"casilla,omitempty"`
	Acta    publish.ActaJSON `json:"acta"`
	// Contendientes name the entries of acta.votos, in order.
	Contendientes []string `json:"contendientes"`
}

func apiActa(c *corteData, e *eleccionData, id string) (apiActaDoc, error) {
	i, ok := e.actas[id]
	if ks := e.porClaveActa[id]; !ok && len(ks) > 0 {
		return apiActaDoc{}, e.noEncontrado("En %s, la clave «%s» es de %d actas; cada una "+
			"tiene su documento, como %s.", e.Def.Nombre, id, len(ks),
			apiHref(nodoHref(c.entrada.Numero, e.Def.Codigo, "actas", e.Actas[ks[0]].ID)))
	}
	if !ok {
		return apiActaDoc{}, e.noEncontrado("%s no tiene el acta «%s».", e.Def.Nombre, id)
	}
	a := e.Actas[i]
	n := c.entrada.Numero
	d := apiActaDoc{Corte: corteRef(c), Acta: a,
		Eleccion: enlace(e.Def.Codigo, e.Def.Nombre, e.href())}
	if sid := e.seccionDeActa[id]; sid != "" {
		if j, ok := e.secciones[sid]; ok {
			l := enlace(sid, e.Secciones[j].Nombre, nodoHref(n, e.Def.Codigo, "secciones", sid))
			d.Seccion = &l
		}
	}
	if ci := e.cas.deActa[id]; ci != nil {
		l := enlace(ci.ID, "Casilla "+ci.Clave, e.casillaHref(ci))
		d.Casilla = &l
	}
	for _, k := range e.Def.Contendientes {
		d.Contendientes = append(d.Contendientes, k.Columna)
	}
	return d, nil
}

// jsonCuerpo encodes an API document.
func jsonCuerpo(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// writeAPI writes an API document rendered for this request (one not prerendered).
func writeAPI(w http.ResponseWriter, cache string, v any) error {
	body, err := jsonCuerpo(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", tipoJSON)
	h.Set("Cache-Control", cache)
	w.Write(body)
	return nil
}

// apiCortes is /api/v1/cortes: the index of every corte, oldest first.
func (s *Server) apiCortes(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	type entrada struct {
		apiCorteRef
		Zip string `json:"zip"` // download address of the open-data bundle
	}
	out := struct {
		Cortes []entrada `json:"cortes"`
	}{Cortes: []entrada{}}
	for _, e := range st.orden {
		out.Cortes = append(out.Cortes, entrada{apiCorteRef: apiCorteRef{Numero: e.Numero,
			Hora: e.Hora, HoraTexto: e.HoraTexto, Final: e.Final, Simulacro: e.Simulacro,
			Pagina: corteHref(e.Numero), API: apiHref(corteHref(e.Numero))},
			Zip: archivoHref(e.Numero, path.Base(e.Zip))})
	}
	return writeAPI(w, cacheCorto, out)
}

// apiUltimoHandler is /api/v1/ultimo when it was not prerendered.
func (s *Server) apiUltimoHandler(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	if st.ultimo == nil {
		return noHay("Aún no se ha publicado ningún corte.")
	}
	return writeAPI(w, cacheCorto, apiUltimo(st.ultimo))
}

// apiCorteHandler is /api/v1/cortes/{n}.
func (s *Server) apiCorteHandler(w http.ResponseWriter, r *http.Request) error {
	c, err := s.actual().buscarCorte(r.Context(), r.PathValue("n"))
	if err != nil {
		return err
	}
	return writeAPI(w, cacheInmutable, apiCorte(c))
}

// apiEleccionHandler is /api/v1/cortes/{n}/{eleccion}.
func (s *Server) apiEleccionHandler(w http.ResponseWriter, r *http.Request) error {
	c, e, err := s.actual().buscar(r, r.PathValue("n"), r.PathValue("eleccion"))
	if err != nil {
		return err
	}
	if canonica(w, r, apiHref(e.href())) {
		return nil
	}
	return writeAPI(w, cacheInmutable, apiEleccion(c, e))
}

// apiNivelHandler is /api/v1/cortes/{n}/{eleccion}/{nivel}/{id}.
func (s *Server) apiNivelHandler(w http.ResponseWriter, r *http.Request) error {
	c, e, err := s.actual().buscar(r, r.PathValue("n"), r.PathValue("eleccion"))
	if err != nil {
		return err
	}
	nivel, id := r.PathValue("nivel"), r.PathValue("id")
	if esNivel(nivel) && nivel != "formato" &&
		canonica(w, r, apiHref(nodoHref(c.entrada.Numero, e.Def.Codigo, nivel, id))) {
		return nil
	}
	var doc any
	switch nivel {
	case "distritos", "municipios", "secciones":
		doc, err = apiNodo(c, e, nivel, id)
	case "casillas":
		doc, err = apiCasilla(c, e, id)
	case "actas":
		doc, err = apiActa(c, e, id)
	default:
		err = e.noEncontrado("La dirección %s no existe en %s.", r.URL.Path, e.Def.Nombre)
	}
	if err != nil {
		return err
	}
	return writeAPI(w, cacheInmutable, doc)
}
