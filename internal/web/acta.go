package web

import (
	"net/url"
	"strconv"

	"github.com/sufragio/sufragio/internal/publish"
)

// actaPage shows every published field of one acta.
type actaPage struct {
	pagina
	Eleccion string
	Acta     *publish.ActaJSON
	Grupos   []grupoCampos
}

// grupoCampos is a table of fields of the acta.
type grupoCampos struct {
	Titulo string
	Campos []campo
}

// campo is one field: its name for people, its column in the open-data file (if it has
// one) and its value as published.
type campo struct {
	Etiqueta string
	Columna  string
	Valor    string
}

// acta builds the page of an acta.
func (st estado) acta(c *corteData, e *eleccionData, id string) (actaPage, error) {
	k, ok := e.actas[id]
	if !ok {
		return actaPage{}, e.noEncontrado("%s no tiene el acta «%s».", e.Def.Nombre, id)
	}
	a := &e.Actas[k]
	titulo := "Casilla " + clave(a)
	ruta := e.Def.Codigo + "/actas/" + url.PathEscape(id)
	p := actaPage{pagina: st.pagina(c, e.Def.Nombre+" · "+titulo, ruta, false),
		Eleccion: e.Def.Nombre, Acta: a}
	p.Migas = e.migasActa(a, titulo)
	p.Grupos = []grupoCampos{
		{"Identificación", e.identificacion(a)},
		{"Votos", e.votosActa(a)},
		{"Totales", totalesActa(a)},
		{"Trazabilidad", trazabilidad(a)},
	}
	return p, nil
}

// migasActa are the breadcrumbs of an acta: entidad, unit, sección, casilla.
func (e *eleccionData) migasActa(a *publish.ActaJSON, titulo string) []miga {
	migas := []miga{{Texto: e.entidad(), Href: e.href()}}
	if m, ok := e.migaUnidad(a.Distrito, a.Municipio); ok {
		migas = append(migas, m)
	}
	if sid, ok := e.seccionDeActa[a.ID]; ok {
		migas = append(migas, miga{Texto: e.Secciones[e.secciones[sid]].Nombre,
			Href: nodoHref(e.corte.Numero, e.Def.Codigo, "secciones", sid)})
	}
	return append(migas, miga{Texto: titulo})
}

func (e *eleccionData) identificacion(a *publish.ActaJSON) []campo {
	unidad := "ID_DISTRITO"
	if e.Def.Unidad == "municipio" {
		unidad = "ID_MUNICIPIO"
	}
	return []campo{
		{"Clave de casilla", "CLAVE_CASILLA", a.ClaveCasilla},
		{"Clave de acta", "CLAVE_ACTA", a.ClaveActa},
		{"Unidad", unidad, a.UnidadID + " " + a.Unidad},
		{"Sección", "SECCION", a.Seccion},
		{"Tipo de casilla", "TIPO_CASILLA", tipoCasilla(a.TipoCasilla)},
		{"Número de casilla", "", strconv.Itoa(a.NumCasilla)},
		{"Extensión contigua", "EXT_CONTIGUA", a.ExtContigua},
		{"Ubicación de la casilla", "UBICACION_CASILLA", a.Ubicacion},
		{"Tipo de acta", "TIPO_ACTA", a.TipoActa},
	}
}

// votosActa lists the cell of every vote column as published.
func (e *eleccionData) votosActa(a *publish.ActaJSON) []campo {
	out := make([]campo, 0, len(e.Def.Contendientes))
	for i, c := range e.Def.Contendientes {
		v := ""
		if i < len(a.Votos) {
			v = a.Votos[i]
		}
		out = append(out, campo{tipoContendiente(c.Tipo), c.Columna, v})
	}
	return out
}

func totalesActa(a *publish.ActaJSON) []campo {
	return []campo{
		{"Boletas sobrantes", "TOTAL_BOLETAS_SOBRANTES", a.BoletasSobrantes},
		{"Personas que votaron", "TOTAL_PERSONAS_VOTARON", a.PersonasVotaron},
		{"Representantes de partidos y candidaturas independientes que votaron",
			"TOTAL_REP_PARTIDO_CI_VOTARON", a.RepVotaron},
		{"Votos sacados de la urna", "TOTAL_VOTOS_SACADOS", a.VotosSacados},
		{"Total de votos asentado en el acta", "TOTAL_VOTOS_ASENTADO", a.TotalAsentado},
		{"Total de votos calculado", "TOTAL_VOTOS_CALCULADO", a.TotalCalculado},
		{"Lista nominal", "LISTA_NOMINAL", a.ListaNominal},
		{"Representantes de partidos y candidaturas independientes",
			"REPRESENTANTES_PP_CI", a.Representantes},
	}
}

func trazabilidad(a *publish.ActaJSON) []campo {
	return []campo{
		{"Mecanismo de traslado", "MECANISMOS_TRASLADO", mecanismo(a.Mecanismo)},
		{"Fecha y hora de acopio", "FECHA_HORA_ACOPIO", a.Acopio},
		{"Fecha y hora de captura", "FECHA_HORA_CAPTURA", a.Captura},
		{"Fecha y hora de verificación", "FECHA_HORA_VERIFICACION", a.Verificacion},
		{"Origen", "ORIGEN", a.Origen},
		{"Digitalización", "DIGITALIZACION", a.Digitalizacion},
		{"Tipo de documento", "TIPO_DOCUMENTO", a.TipoDocumento},
	}
}
