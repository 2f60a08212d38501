package web

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computopub"
	"github.com/sufragio/sufragio/internal/opendata"
)

// computosPage is /computos: every cómputo published, by election.
type computosPage struct {
	pagina
	Elecciones  []eleccionComputos
	Simulacro   bool
	Actualizado string
}

// eleccionComputos is the table of one election's cómputos.
type eleccionComputos struct {
	Codigo string
	Nombre string
	Filas  []filaComputo
}

// filaComputo is one cómputo in the list: its council, progress and outcome.
type filaComputo struct {
	ID, Href, Consejo, Unidad, Etapa string
	Concluido                        bool
	Avance                           string
	Recontadas                       string
	// Mayoria names the winner, the tie, or says there are no results yet; Votos and
	// Porcentaje are the winner's.
	Mayoria    string
	Partidos   string
	Votos      string
	Porcentaje string
	Constancia string
	Simulacro  bool
}

// computosPagina is the data of /computos.
func (st estado) computosPagina(x *computopub.Indice) computosPage {
	p := computosPage{pagina: st.paginaComputos("Cómputos de los consejos")}
	if !x.Actualizado.IsZero() {
		p.Actualizado = horaTexto(x.Actualizado)
	}
	grupos := map[string]*eleccionComputos{}
	var orden []string
	for _, e := range x.Computos {
		g := grupos[e.Eleccion]
		if g == nil {
			g = &eleccionComputos{Codigo: e.Eleccion, Nombre: e.EleccionNombre}
			grupos[e.Eleccion] = g
			orden = append(orden, e.Eleccion)
		}
		g.Filas = append(g.Filas, filaDe(e))
		p.Simulacro = p.Simulacro || e.Simulacro
	}
	slices.SortStableFunc(orden, func(a, b string) int {
		return st.ordenEleccion(a) - st.ordenEleccion(b)
	})
	for _, c := range orden {
		p.Elecciones = append(p.Elecciones, *grupos[c])
	}
	p.MarcaSimulacro = p.Simulacro
	return p
}

// ordenEleccion places an election as the latest corte of the PREP lists it; those it does
// not list go after, as index.json orders them.
func (st estado) ordenEleccion(codigo string) int {
	if st.ultimo != nil {
		for i, e := range st.ultimo.snap.Elecciones {
			if e.Def.Codigo == codigo {
				return i
			}
		}
	}
	return 1 << 20
}

// paginaComputos is the frame of a page of the cómputos, which shows no corte of the PREP.
func (st estado) paginaComputos(titulo string) pagina {
	p := st.pagina(nil, titulo, "", false)
	p.Sitio, p.SinCorte, p.Cortes = st.sitio(), true, nil
	return p
}

func filaDe(e computopub.Entrada) filaComputo {
	f := filaComputo{ID: e.ID, Href: computoHref(e.ID), Consejo: e.Consejo,
		Unidad: unidadTexto(e), Etapa: e.Fase, Concluido: e.Concluido,
		Avance: avanceTexto(e), Recontadas: miles(int64(e.Avance.Recontadas)),
		Simulacro: e.Simulacro, Mayoria: "Aún sin resultados"}
	if e.Asignacion {
		f.Mayoria, f.Constancia = "Aún sin asignar", "No se expide"
		if e.Escanos != nil {
			f.Mayoria = escanosTexto(e.Escanos)
		}
		return f
	}
	r := e.Resultados
	switch {
	case r == nil:
	case r.Ganador != nil:
		f.Mayoria, f.Partidos = r.Ganador.Nombre, strings.Join(r.Ganador.Partidos, ", ")
		f.Votos, f.Porcentaje = miles(r.Ganador.Votos), porcentaje(r.Ganador.Votos, r.Total)
	case len(r.Empate) > 0:
		f.Mayoria = "Empate entre " + listaNombres(r.Empate)
		f.Votos, f.Porcentaje = miles(r.Empate[0].Votos), porcentaje(r.Empate[0].Votos, r.Total)
	default:
		f.Mayoria = "Sin votos"
	}
	switch {
	case r != nil && r.ConstanciaVigente != "":
		f.Constancia = r.ConstanciaVigente
	case !e.Declara:
		f.Constancia = "No la expide este consejo"
	}
	return f
}

// unidadTexto names what a cómputo covers: "Distrito 012 · AMOZOC DE MOTA".
func unidadTexto(e computopub.Entrada) string {
	var u string
	switch {
	case e.Estatal:
		u = "Cómputo estatal"
	case e.Organo == string(computo.ConsejoDistrital):
		u = "Distrito " + e.Unidad
	case e.Organo == string(computo.ConsejoMunicipal):
		u = "Municipio " + e.Unidad
	default:
		u = e.Unidad
	}
	if e.UnidadNombre != "" {
		u += " · " + e.UnidadNombre
	}
	return u
}

// avanceTexto is a cómputo's progress in words.
func avanceTexto(e computopub.Entrada) string {
	a := e.Avance
	if e.Asignacion {
		return fmt.Sprintf("toma %s cómputos", miles(int64(a.ActasEsperadas)))
	}
	if e.Estatal {
		return fmt.Sprintf("%s de %s actas de cómputo distrital recibidas",
			miles(int64(a.ActasRecibidas)), miles(int64(a.ActasEsperadas)))
	}
	return fmt.Sprintf("%s de %s casillas computadas", miles(int64(a.Computadas)),
		miles(int64(a.CasillasEsperadas-a.NoInstaladas)))
}

// listaNombres joins the names of candidacies in Spanish: "A, B y C".
func listaNombres(ls []computopub.Lugar) string {
	var ns []string
	for _, l := range ls {
		ns = append(ns, l.Nombre)
	}
	return listaY(ns)
}

// listaY joins words in Spanish: "PT, PVEM y MORENA".
func listaY(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " y " + xs[len(xs)-1]
}

// horaTexto writes a time in Mexico City time, as the PREP writes its cortes:
// "05/06/2024 14:01 (UTC-6)".
func horaTexto(t time.Time) string { return opendata.FormatCorte(t) }

// computoPage is /computos/{id}.
type computoPage struct {
	pagina
	E computopub.Entrada
	// C is the record; nil before the results, when only the progress is shown.
	C           *computopub.Computo
	Unidad      string
	Actualizado string
	Avance      []dato
	// Resultado says the outcome in a sentence; Empate marks a tie for first place.
	Resultado     string
	Empate        bool
	Candidaturas  []filaVotos
	Contendientes []filaVotos
	Total         filaVotos
	Partidos      []filaPartido
	Repartos      []string
	Sorteos       []string
	Validez       string
	Constancias   []filaConstancia
	Recuentos     []filaRecuento
	RecuentoTotal string
	Planes        []string
	Correcciones  []filaCorreccion
	Partes        []filaParte
	Conciliacion  *vistaConciliacion
	Archivos      []archivoVista
	// Asignaciones are those of an RP assignment, the one in force first.
	Asignaciones []vistaAsignacion
}

// vistaAsignacion is one RP assignment as its page shows it.
type vistaAsignacion struct {
	computopub.Asignacion
	Titulo, Cuando string
	Filas          []filaEscanos
}

// filaEscanos is one party's seats in an assignment.
type filaEscanos struct {
	Partido       emblema
	Votos         int64
	Participa     string
	MR, RP, Total int
}

// dato is one figure of a list of figures.
type dato struct{ Nombre, Valor string }

// filaPartido is a party's votes after the split of combinations.
type filaPartido struct {
	Partido                         emblema
	Propios, DeCombinaciones, Total int64
	Porcentaje                      string
}

// filaConstancia is a constancia de mayoría, in force or revoked.
type filaConstancia struct {
	Folio, Propietaria, Suplente, Partidos, Expedida string
	Votos                                            int64
	Vigente                                          bool
	Estado                                           string
	Href, SHA256                                     string
}

// filaRecuento is a recounted casilla.
type filaRecuento struct {
	Clave, Lugar string
	Causas       []string
	Reservados   int64
}

// filaCorreccion is a change after the results.
type filaCorreccion struct {
	Cuando, Casilla, Causa, Cambios, Efecto string
}

// filaParte is a district acta summed by a state cómputo.
type filaParte struct {
	Unidad, Nombre       string
	Casillas, Recontadas int
	Total                int64
	Mayoria              string
}

// archivoVista is a download of a cómputo.
type archivoVista struct {
	Nombre, Descripcion, Href, Tamano, SHA256 string
}

// computoPagina is the data of the page of one cómputo.
func (st estado) computoPagina(e computopub.Entrada, c *computopub.Computo) computoPage {
	p := computoPage{pagina: st.paginaComputos(e.Consejo), E: e, C: c,
		Unidad: unidadTexto(e), Actualizado: horaTexto(e.Actualizado), Avance: avanceDe(e)}
	p.Subtitulo = e.EleccionNombre + " · " + p.Unidad
	p.MarcaSimulacro = e.Simulacro
	p.Migas = []miga{{Texto: "Cómputos", Href: "/computos"}, {Texto: e.Consejo}}
	if c == nil {
		return p
	}
	if e.Asignacion {
		p.Asignaciones = st.asignacionesVista(c)
		p.Archivos = archivosComputo(e, c)
		return p
	}
	color := st.coloresComputo(c)
	p.Resultado, p.Empate = resultadoTexto(c), len(c.Resumen.Empate) > 0
	p.Candidaturas = candidaturasComputo(c, color)
	p.Contendientes, p.Total = columnasComputo(c, color)
	for _, x := range c.Partidos {
		p.Partidos = append(p.Partidos, filaPartido{Partido: emblemaDe(x.Partido,
			color[x.Partido]), Propios: x.Propios, DeCombinaciones: x.DeCombinaciones,
			Total: x.Total, Porcentaje: porcentaje(x.Total, c.Resumen.Total)})
	}
	for _, r := range c.Repartos {
		var ps []string
		for _, x := range r.Partes {
			ps = append(ps, x.Partido+" "+miles(x.Votos))
		}
		p.Repartos = append(p.Repartos, fmt.Sprintf("%s: %s votos; %s a cada partido y %s "+
			"de resto: %s.", r.Columna, miles(r.Votos), miles(r.Cociente), miles(r.Resto),
			strings.Join(ps, ", ")))
	}
	for _, s := range c.Sorteos {
		p.Sorteos = append(p.Sorteos, fmt.Sprintf("Sorteo en %s: %s; empatados %s; %d "+
			"lugar(es) para %s.", s.Unidad, s.Motivo, listaY(s.Empatados), s.Lugares,
			listaY(s.Ganadores)))
	}
	p.Validez = validezTexto(c)
	p.Constancias = constanciasComputo(c)
	p.Recuentos, p.RecuentoTotal, p.Planes = recuentosComputo(c)
	p.Correcciones = correccionesComputo(c)
	p.Partes = partesComputo(c)
	p.Conciliacion = conciliacionVista(c)
	p.Archivos = archivosComputo(e, c)
	return p
}

// avanceDe lists a cómputo's progress.
func avanceDe(e computopub.Entrada) []dato {
	a := e.Avance
	n := func(x int) string { return miles(int64(x)) }
	if e.Asignacion {
		return []dato{{"Cómputos que toma la asignación", n(a.ActasEsperadas)}}
	}
	if e.Estatal {
		return []dato{{"Actas de cómputo distrital esperadas", n(a.ActasEsperadas)},
			{"Actas recibidas", n(a.ActasRecibidas)},
			{"Casillas computadas en ellas", n(a.Computadas)},
			{"Casillas recontadas en ellas", n(a.Recontadas)}}
	}
	return []dato{{"Casillas esperadas", n(a.CasillasEsperadas)},
		{"Casillas no instaladas", n(a.NoInstaladas)}, {"Actas cotejadas", n(a.Cotejadas)},
		{"Casillas recontadas", n(a.Recontadas)}, {"Casillas computadas", n(a.Computadas)},
		{"Casillas pendientes", n(a.Pendientes)}}
}

// coloresComputo gives each vote column of a cómputo the colour it has in the PREP's
// pages of its election, or, when the latest corte has no such election, the colour the
// same rule gives it among the cómputo's columns.
func (st estado) coloresComputo(c *computopub.Computo) map[string]string {
	if st.ultimo != nil {
		if e := st.ultimo.eleccion(c.Eleccion); e != nil {
			return colores(&e.Def)
		}
	}
	out := map[string]string{}
	i := 0
	for _, col := range c.Columnas {
		if tipoColumna(col) == "partido" || tipoColumna(col) == "independiente" {
			out[col] = paleta[i%len(paleta)]
			i++
			continue
		}
		out[col] = gris
	}
	return out
}

// tipoColumna is the kind of a vote column, as eleccion.json names them.
func tipoColumna(col string) string {
	switch {
	case col == computo.ColumnaNulos:
		return "nulos"
	case col == computo.ColumnaNoRegistradas || col == computo.ColumnaNoRegistrados:
		return "no_registradas"
	case computo.PartidosDeCombinacion(col) != nil:
		return "combinacion"
	case strings.HasPrefix(col, "CAND_IND"):
		return "independiente"
	}
	return "partido"
}

// candidaturasComputo lists the candidacies, most voted first.
func candidaturasComputo(c *computopub.Computo, color map[string]string) []filaVotos {
	var out []filaVotos
	for _, k := range c.Candidaturas {
		f := filaVotos{Nombre: k.Nombre, Detalle: strings.Join(k.Partidos, ", "),
			Votos: k.Votos, Porcentaje: porcentaje(k.Votos, c.Resumen.Total)}
		if f.Nombre == "" {
			f.Nombre = k.ID
		}
		if len(k.Partidos) > 0 {
			f.Color = color[k.Partidos[0]]
		}
		for _, x := range k.Partidos {
			f.Partidos = append(f.Partidos, emblemaDe(x, color[x]))
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b filaVotos) int { return int(b.Votos - a.Votos) })
	return out
}

// columnasComputo lists the votes per column of the acta, before the split: parties,
// combinations and independents, then no registradas and nulos; and the total.
func columnasComputo(c *computopub.Computo, color map[string]string) ([]filaVotos,
	filaVotos) {
	var filas, especiales []filaVotos
	total := c.Resumen.Total
	for i, col := range c.Columnas {
		t := tipoColumna(col)
		f := filaVotos{Nombre: col, Detalle: tipoContendiente(t), Votos: c.Votos[i],
			Porcentaje: porcentaje(c.Votos[i], total), Color: color[col]}
		if ps := computo.PartidosDeCombinacion(col); ps != nil {
			f.Detalle += ": " + strings.Join(ps, ", ")
		}
		if t == "nulos" || t == "no_registradas" {
			especiales = append(especiales, f)
			continue
		}
		f.Clase = emblemaDe(col, f.Color).Clase
		filas = append(filas, f)
	}
	return append(filas, especiales...), filaVotos{Nombre: "Votación total emitida",
		Votos: total, Porcentaje: porcentaje(total, total)}
}

// resultadoTexto says the outcome in a sentence.
func resultadoTexto(c *computopub.Computo) string {
	r := c.Resumen
	switch {
	case len(r.Empate) > 0:
		return fmt.Sprintf("Empate en el primer lugar entre %s, con %s votos cada una. El "+
			"empate queda registrado: no hay candidatura ganadora.", listaNombres(r.Empate),
			miles(r.Empate[0].Votos))
	case r.Ganador == nil:
		return "No hay votos: no hay candidatura ganadora."
	}
	g := r.Ganador
	s := fmt.Sprintf("La candidatura de %s, postulada por %s, obtuvo la mayoría de votos: %s "+
		"(%s %%).", g.Nombre, listaY(g.Partidos), miles(g.Votos), porcentaje(g.Votos, r.Total))
	if x := r.Segundo; x != nil {
		s += fmt.Sprintf(" El segundo lugar, %s, obtuvo %s. Diferencia: %s votos.", x.Nombre,
			miles(x.Votos), miles(r.Diferencia))
	}
	return s
}

// validezTexto says whether and how the validity was declared.
func validezTexto(c *computopub.Computo) string {
	switch v := c.Validez; {
	case v != nil:
		s := fmt.Sprintf("Por acuerdo %s, el %s, el consejo declaró la validez de la "+
			"elección y la elegibilidad de la candidatura ganadora (%s", v.Acuerdo,
			horaTexto(v.Declarada), v.Fundamento)
		if v.PorConfirmar {
			s += "; fundamento por confirmar"
		}
		return s + ")."
	case !c.Declara:
		return "Este consejo no declara la validez de la elección ni expide la constancia: " +
			"remite su acta de cómputo al Consejo General, que hace el cómputo estatal."
	}
	return "El consejo aún no declara la validez de la elección."
}

// constanciasComputo lists the constancias with the state of each and its PDF.
func constanciasComputo(c *computopub.Computo) []filaConstancia {
	var out []filaConstancia
	for _, k := range c.Constancias {
		f := filaConstancia{Folio: k.Folio, Propietaria: k.Propietaria, Suplente: k.Suplente,
			Partidos: listaY(k.Partidos), Expedida: horaTexto(k.Expedida), Votos: k.Votos,
			Vigente: !k.Revocada, Estado: "Vigente"}
		if k.Revocada {
			f.Estado = fmt.Sprintf("Revocada el %s: %s.", horaTexto(k.RevocadaCuando),
				k.RevocadaCausa)
			if k.SustituidaPor != "" {
				f.Estado += " La sustituye la constancia " + k.SustituidaPor + "."
			}
		}
		if a, ok := c.Archivo(k.Archivo); ok {
			f.Href, f.SHA256 = computoArchivoHref(c.ID, a.Nombre), a.SHA256
		}
		out = append(out, f)
	}
	return out
}

// recuentosComputo lists the recounted casillas with their causes, the total recount
// decision and how the recounts were organised.
func recuentosComputo(c *computopub.Computo) ([]filaRecuento, string, []string) {
	var out []filaRecuento
	for _, r := range c.Recuentos {
		f := filaRecuento{Clave: r.Clave, Lugar: "Pleno", Reservados: r.Reservados}
		if r.Grupo > 0 {
			f.Lugar = fmt.Sprintf("Grupo de trabajo %d", r.Grupo)
		}
		for _, k := range r.Causas {
			s := k.Descripcion + " (" + k.Fundamento
			if k.PorConfirmar {
				s += ", por confirmar"
			}
			f.Causas = append(f.Causas, s+")")
		}
		out = append(out, f)
	}
	total := ""
	if rt := c.RecuentoTotal; rt != nil {
		total = "Recuento total (" + rt.Fundamento + "): " + rt.Explicacion + "."
	}
	return out, total, c.PlanesRecuento
}

// correccionesComputo lists the changes after the results.
func correccionesComputo(c *computopub.Computo) []filaCorreccion {
	var out []filaCorreccion
	for _, k := range c.Correcciones {
		f := filaCorreccion{Cuando: horaTexto(k.Cuando), Casilla: k.Clave, Causa: k.Causa}
		if f.Casilla == "" {
			f.Casilla = k.Casilla
		}
		var cs []string
		for _, x := range k.Cambios {
			cs = append(cs, x.Columna+" "+miles(x.Votos))
		}
		f.Cambios = strings.Join(cs, ", ")
		if k.Revoca != "" {
			f.Efecto = "Cambia la candidatura ganadora: se revoca la constancia " + k.Revoca
			if k.Nueva != "" {
				f.Efecto += " y se expide la constancia " + k.Nueva
			}
			f.Efecto += "."
		}
		out = append(out, f)
	}
	return out
}

// partesComputo lists the district actas of a state cómputo.
func partesComputo(c *computopub.Computo) []filaParte {
	nombres := map[string]string{}
	for _, k := range c.Candidaturas {
		nombres[k.ID] = k.Nombre
	}
	var out []filaParte
	for _, x := range c.Partes {
		f := filaParte{Unidad: x.Unidad, Nombre: x.UnidadNombre, Casillas: x.Casillas,
			Recontadas: x.Recontadas, Total: x.Total}
		var ns []string
		for _, id := range x.Mayoria {
			ns = append(ns, cmpOr(nombres[id], id))
		}
		f.Mayoria = listaY(ns)
		if x.Empate {
			f.Mayoria = "Empate entre " + f.Mayoria
		}
		out = append(out, f)
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// archivosComputo lists the downloads of a cómputo: its record, then the files it lists.
func archivosComputo(e computopub.Entrada, c *computopub.Computo) []archivoVista {
	as := append([]computopub.Archivo{*e.Registro}, c.Archivos...)
	var out []archivoVista
	for _, a := range as {
		out = append(out, archivoVista{Nombre: a.Nombre, Descripcion: a.Descripcion,
			Href: computoArchivoHref(c.ID, a.Nombre), Tamano: tamano(a.Bytes),
			SHA256: a.SHA256})
	}
	return out
}

// escanosTexto lists seats by party: "MORENA 7, PAN 5 y PRI 1".
func escanosTexto(es []computopub.Escano) string {
	var xs []string
	for _, e := range es {
		xs = append(xs, fmt.Sprintf("%s %d", e.Partido, e.RP))
	}
	if len(xs) == 0 {
		return "Ningún partido obtiene escaños"
	}
	return listaY(xs)
}

// asignacionesVista lists the assignments of record c, the one in force first.
func (st estado) asignacionesVista(c *computopub.Computo) []vistaAsignacion {
	color := st.coloresComputo(c)
	var out []vistaAsignacion
	for i := len(c.Asignaciones) - 1; i >= 0; i-- {
		a := c.Asignaciones[i]
		v := vistaAsignacion{Asignacion: a, Cuando: horaTexto(a.Cuando),
			Titulo: fmt.Sprintf("Asignación %d, vigente", a.Numero)}
		if !a.Vigente {
			v.Titulo = fmt.Sprintf("Asignación %d, sustituida por la %d", a.Numero,
				a.SustituidaPor)
		}
		for _, f := range a.Filas {
			x := filaEscanos{Partido: emblemaDe(f.Partido, color[f.Partido]), Votos: f.Votos,
				Participa: "no", MR: f.MR, RP: f.RP, Total: f.Total}
			if f.ConDerecho {
				x.Participa = "sí"
			}
			v.Filas = append(v.Filas, x)
		}
		out = append(out, v)
	}
	return out
}
