package web

import (
	"net/url"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// filaActa is one acta in the list of a sección or casilla.
type filaActa struct {
	Clave       string // of its casilla, as clave names it
	Href        string // of the acta's page
	CasillaHref string // of its casilla's page; "" when it has none
	ClaveActa   string // the acta's id: CLAVE_ACTA with the real casilla number
	// Publicada is CLAVE_ACTA as published (the id for a fuera-de-catálogo acta, which has
	// none): the key printed on the acta and in the open-data file.
	Publicada      string
	Tipo           string
	Contabilizada  string
	Observaciones  string
	TotalCalculado string
	SinActa        bool // TotalCalculado is shown as "—": there is no acta to add up
	ListaNominal   string
}

// seccion builds the page of a sección: its summary, its votes and its actas.
func (st estado) seccion(c *corteData, e *eleccionData, id string) (nodoPage, error) {
	i, ok := e.secciones[id]
	if !ok {
		return nodoPage{}, e.noEncontrado("%s no tiene la sección «%s».", e.Def.Nombre, id)
	}
	nd := &e.Secciones[i]
	ruta := e.Def.Codigo + "/secciones/" + url.PathEscape(id)
	p := e.nodoPage(st.pagina(c, e.Def.Nombre+" · "+nd.Nombre, ruta, false), nd)
	e.encabezado(&p.pagina, nd.Nombre)
	p.Anticipado = strings.HasPrefix(nd.ID, "VA-")
	p.Migas = e.migasSeccion(nd)
	for _, aid := range nd.Actas {
		if k, ok := e.actas[aid]; ok {
			p.Actas = append(p.Actas, e.filaActa(&e.Actas[k]))
		}
	}
	// The sección's table lists every acta already: here only the reasons.
	p.NoContabilizadas = e.noContabilizadasDe(nd.Actas, false)
	return p, nil
}

func (e *eleccionData) filaActa(a *publish.ActaJSON) filaActa {
	total, nota := totalCalculado(a)
	f := filaActa{Clave: clave(a), Href: nodoHref(e.corte.Numero, e.Def.Codigo, "actas", a.ID),
		ClaveActa: a.ID, Publicada: a.ClaveActa, Tipo: tipoCasilla(a.TipoCasilla),
		Contabilizada: contabilizada(a.Contabilizada), Observaciones: a.Observaciones,
		TotalCalculado: total, SinActa: nota != "", ListaNominal: a.ListaNominal}
	if c := e.cas.deActa[a.ID]; c != nil {
		f.CasillaHref = e.casillaHref(c)
	}
	if f.Publicada == "" {
		f.Publicada = a.ID
	}
	return f
}

// clave is how an acta is named for people: its casilla key, or its id when it has none
// (fuera-de-catálogo actas).
func clave(a *publish.ActaJSON) string {
	if a.ClaveCasilla != "" {
		return a.ClaveCasilla
	}
	return a.ID
}
