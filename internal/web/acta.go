package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// actaPage shows every published field of one acta.
type actaPage struct {
	pagina
	Acta   *publish.ActaJSON
	Grupos []grupoCampos
	// Casilla links to the acta's casilla; nil for a fuera-de-catálogo acta.
	Casilla *miga
	// Anterior and Siguiente are the neighbouring actas of its sección; nil at its ends.
	Anterior, Siguiente *miga
	// Imagen is the published image of the acta; nil when this publication has none.
	Imagen *imagenActa
}

// imagenActa is an acta's published image.
type imagenActa struct {
	Href string
	PDF  bool   // shown as a link, not inline
	Alt  string // what the image shows, for those who cannot see it
}

// grupoCampos is a table of fields of the acta. Encabezado names its first column: what
// each row is ("Campo"; in the votes, the party, combination or candidacy).
type grupoCampos struct {
	Titulo     string
	Encabezado string
	Campos     []campo
}

// campo is one field: its name for people, its column in the open-data file and its
// value as published, or as shown with Nota saying why it is shown so.
type campo struct {
	Etiqueta string
	Columna  string
	Valor    string
	Nota     string
}

// acta builds the page of an acta.
func (st estado) acta(c *corteData, e *eleccionData, id string) (actaPage, error) {
	k, ok := e.actas[id]
	if !ok {
		return actaPage{}, e.noEncontrado("%s no tiene el acta «%s».", e.Def.Nombre, id)
	}
	a := &e.Actas[k]
	// Its id, which is CLAVE_ACTA with the real casilla number (contiguas 10-17) and, for
	// actas whose key repeats, the unit.
	titulo := "Acta " + a.ID
	ruta := e.Def.Codigo + "/actas/" + url.PathEscape(id)
	p := actaPage{pagina: st.pagina(c, e.Def.Nombre+" · "+titulo, ruta, false), Acta: a}
	e.encabezado(&p.pagina, titulo)
	if ci := e.cas.deActa[a.ID]; ci != nil {
		p.Casilla = &miga{Texto: "Casilla " + ci.Clave, Href: e.casillaHref(ci)}
	}
	p.Migas = e.migasActa(a, p.Casilla, titulo)
	p.Anterior, p.Siguiente = e.vecinas(a.ID)
	if nombre := c.imagenes[a.CodigoIntegridad]; nombre != "" {
		p.Imagen = &imagenActa{Href: "/" + publish.CarpetaImagenes + "/" + nombre,
			PDF: publish.TipoImagen(nombre) == "application/pdf", Alt: e.altImagen(a)}
	}
	p.Grupos = []grupoCampos{
		{Titulo: "Identificación", Encabezado: "Campo", Campos: e.identificacion(a)},
		{Titulo: "Votos", Encabezado: "Partido, coalición o candidatura",
			Campos: e.votosActa(a)},
		{Titulo: "Totales", Encabezado: "Campo", Campos: totalesActa(a)},
		{Titulo: "Trazabilidad", Encabezado: "Campo", Campos: trazabilidad(a)},
	}
	return p, nil
}

// altImagen describes an acta's image for those who cannot see it: which acta of which
// election, of which casilla and where, as captured.
func (e *eleccionData) altImagen(a *publish.ActaJSON) string {
	que := "del acta " + a.ClaveActa + " de " + e.Def.Nombre
	if ci := e.cas.deActa[a.ID]; ci != nil {
		que += ", casilla " + ci.Clave + " (" + tipoCasilla(a.TipoCasilla) + "), " +
			e.lugar(ci.Seccion)
	} else {
		que = "del acta fuera de catálogo " + a.ID + " de " + e.Def.Nombre
	}
	return "Imagen digitalizada " + que + ", tal como se capturó"
}

// migasActa are the breadcrumbs of an acta: entidad (the country and the entidad in a
// national election), unit, sección, casilla, acta.
func (e *eleccionData) migasActa(a *publish.ActaJSON, casilla *miga, titulo string) []miga {
	migas := e.migasRaiz(a.Distrito, e.seccionDeActa[a.ID])
	if m, ok := e.migaUnidad(a.Distrito, a.Municipio); ok {
		migas = append(migas, m)
	}
	if sid, ok := e.seccionDeActa[a.ID]; ok {
		migas = append(migas, miga{Texto: e.Secciones[e.secciones[sid]].Nombre,
			Href: nodoHref(e.corte.Numero, e.Def.Codigo, "secciones", sid)})
	}
	if casilla != nil {
		migas = append(migas, *casilla)
	}
	return append(migas, miga{Texto: titulo})
}

// vecinas are the actas before and after an acta in its sección, in the order the sección
// lists them; nil at its ends and for actas with no sección.
func (e *eleccionData) vecinas(id string) (anterior, siguiente *miga) {
	sid, ok := e.seccionDeActa[id]
	if !ok {
		return nil, nil
	}
	ids := e.Secciones[e.secciones[sid]].Actas
	i := slices.Index(ids, id)
	enlace := func(j int) *miga {
		if j < 0 || j >= len(ids) {
			return nil
		}
		k, ok := e.actas[ids[j]]
		if !ok {
			return nil
		}
		o := &e.Actas[k]
		return &miga{Texto: "Acta " + o.ID,
			Href: nodoHref(e.corte.Numero, e.Def.Codigo, "actas", o.ID)}
	}
	if i < 0 {
		return nil, nil
	}
	return enlace(i - 1), enlace(i + 1)
}

func (e *eleccionData) identificacion(a *publish.ActaJSON) []campo {
	unidad := e.columnaUnidad
	return []campo{
		{"Clave de casilla", "CLAVE_CASILLA", a.ClaveCasilla, ""},
		{"Clave de acta", "CLAVE_ACTA", a.ClaveActa, ""},
		{"Unidad", unidad, a.UnidadID + " " + a.Unidad, ""},
		{"Sección", "SECCION", a.Seccion, ""},
		{"Tipo de casilla", "TIPO_CASILLA", tipoCasilla(a.TipoCasilla), ""},
		numeroCasilla(a),
		{"Extensión contigua", "EXT_CONTIGUA", a.ExtContigua, ""},
		{"Ubicación de la casilla", "UBICACION_CASILLA", conSignificado(a.Ubicacion,
			ubicaciones), ""},
		{"Tipo de acta", "TIPO_ACTA", conSignificado(a.TipoActa, tiposActa), ""},
	}
}

// columnaDeUnidad finds, among the columns of an election's CSV, the id of its unit
// ("distrito" or "municipio"): ID_DISTRITO_LOCAL in the Puebla 2024 Diputaciones, ID_DISTRITO
// or ID_MUNICIPIO elsewhere.
func columnaDeUnidad(cols []string, unidad string) string {
	prefijo := "ID_DISTRITO"
	if unidad == "municipio" {
		prefijo = "ID_MUNICIPIO"
	}
	for _, c := range cols {
		if strings.HasPrefix(c, prefijo) {
			return c
		}
	}
	return prefijo
}

// numeroCasilla is the ID_CASILLA field. The files publish contiguas 10 to 17 as "01"
// (RULES.md §4.6 item 1); the real number, recovered when the file was read, is given
// beside it.
func numeroCasilla(a *publish.ActaJSON) campo {
	f := campo{Etiqueta: "Número de casilla", Columna: "ID_CASILLA", Valor: a.IDCasilla}
	if n, err := strconv.Atoi(f.Valor); err == nil && n != a.NumCasilla {
		f.Nota = fmt.Sprintf("publicada como %s, casilla real %s%02d", f.Valor, a.TipoCasilla,
			a.NumCasilla)
	}
	return f
}

// votosActa lists the cell of every vote column as published, each named for people.
func (e *eleccionData) votosActa(a *publish.ActaJSON) []campo {
	out := make([]campo, 0, len(e.Def.Contendientes))
	for i, c := range e.Def.Contendientes {
		v := ""
		if i < len(a.Votos) {
			v = a.Votos[i]
		}
		out = append(out, campo{e.nombreContendiente(c, a.UnidadID), c.Columna, v, ""})
	}
	return out
}

// nombreContendiente names a vote column in the unit of an acta: the party ("PAN"), the
// parties of a combination ("Combinación PAN + PRI + PRD"), the independent candidate of
// the unit, or the kind of vote ("Votos nulos").
func (e *eleccionData) nombreContendiente(c publish.ContendienteJSON, unidad string) string {
	switch c.Tipo {
	case "partido":
		return c.Columna
	case "combinacion":
		if len(c.Partidos) > 0 {
			return "Combinación " + strings.Join(c.Partidos, " + ")
		}
	case "independiente":
		for _, k := range e.Def.Candidaturas {
			if k.Independiente && (k.Unidad == "" || k.Unidad == unidad) &&
				slices.Contains(k.Columnas, c.Columna) {
				return "Candidatura independiente: " + k.Nombre
			}
		}
	}
	return tipoContendiente(c.Tipo)
}

func totalesActa(a *publish.ActaJSON) []campo {
	calculado := campo{"Total de votos calculado", "TOTAL_VOTOS_CALCULADO", a.TotalCalculado, ""}
	calculado.Valor, calculado.Nota = totalCalculado(a)
	return []campo{
		{"Boletas sobrantes", "TOTAL_BOLETAS_SOBRANTES", a.BoletasSobrantes, ""},
		{"Personas que votaron", "TOTAL_PERSONAS_VOTARON", a.PersonasVotaron, ""},
		{"Representantes de partidos y candidaturas independientes que votaron",
			"TOTAL_REP_PARTIDO_CI_VOTARON", a.RepVotaron, ""},
		{"Votos sacados de la urna", "TOTAL_VOTOS_SACADOS", a.VotosSacados, ""},
		{"Total de votos asentado en el acta", "TOTAL_VOTOS_ASENTADO", a.TotalAsentado, ""},
		calculado,
		{"Lista nominal", "LISTA_NOMINAL", a.ListaNominal, ""},
		{"Representantes de partidos y candidaturas independientes",
			"REPRESENTANTES_PP_CI", a.Representantes, ""},
	}
}

// totalCalculado is TOTAL_VOTOS_CALCULADO as shown. An acta with no Acta PREP publishes 0
// (IEE LEEME item 33), which reads as a casilla where nobody voted; the page shows "—" and
// says why, and the file keeps its 0.
func totalCalculado(a *publish.ActaJSON) (valor, nota string) {
	if sinActa(a) {
		return "—", "sin acta; el archivo de datos abiertos publica " + a.TotalCalculado
	}
	return a.TotalCalculado, ""
}

// sinActa reports whether the acta's cells are SIN ACTA: the package arrived without the
// Acta PREP, or the casilla was not installed (RULES.md §2.1, row 3).
func sinActa(a *publish.ActaJSON) bool {
	return strings.HasPrefix(a.Observaciones, "SIN ACTA") || slices.Contains(a.Votos, "SIN ACTA")
}

func trazabilidad(a *publish.ActaJSON) []campo {
	return []campo{
		{"Mecanismo de traslado", "MECANISMOS_TRASLADO", mecanismo(a.Mecanismo), ""},
		{"Fecha y hora de acopio", "FECHA_HORA_ACOPIO", a.Acopio, ""},
		{"Fecha y hora de captura", "FECHA_HORA_CAPTURA", a.Captura, ""},
		{"Fecha y hora de verificación", "FECHA_HORA_VERIFICACION", a.Verificacion, ""},
		{"Origen", "ORIGEN", a.Origen, ""},
		{"Digitalización", "DIGITALIZACION", a.Digitalizacion, ""},
		{"Tipo de documento", "TIPO_DOCUMENTO", a.TipoDocumento, ""},
	}
}
