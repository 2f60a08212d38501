package operacion

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/store"
)

// computoPage is the page of one session: where it stands and the forms of its next acts.
type computoPage struct {
	pagina
	ID, Consejo        string
	Def                computo.Definicion
	Estatal            bool
	Fase               computo.Fase
	FaseTexto          string
	Registrar, Acordar bool // the user may record and decide, on this council
	Aviso              string
	Casillas           []computo.CasillaComputo
	Columnas           []string
	SinPaquete         []computo.CasillaComputo
	// Siguiente is the casilla to compare next, with its PREP pre-fill.
	Siguiente *computo.CasillaComputo
	Precarga  map[string]string
	Rubros    []rubro
	Cotejadas []computo.CasillaComputo // compared and not sent to recount: a cause may be added
	Plan      *computo.PlanRecuento
	// PorRecontar are the casillas awaiting their recount; Reservados those whose votos
	// reservados await the council.
	PorRecontar []computo.CasillaComputo
	Reservados  []pendienteReservados
	Total       *computo.RecuentoTotal
	// Margen is what the total recount would find if the runner-up asked, before the
	// council decides.
	Margen      *computo.RecuentoTotal
	Resultado   *computo.ResultadoComputo
	Validez     *computo.Validez
	Constancias []computo.Constancia
	Sorteos     []computo.SorteoRegistro
	Sorteo      *sorteoPendiente
	// SorteoAccion and Reenvio send the act again with the draw: its address and fields.
	SorteoAccion string
	Reenvio      []campoOculto
	// Nombres names each candidacy by its id.
	Nombres map[string]string
	// Faltan counts, for the state cómputo, the district actas not yet received; for an
	// assignment, the cómputos it takes that have not concluded.
	Faltan int
	// Partes are, for the state cómputo, the district actas it sums and which arrived.
	Partes []parteEstatal
	Conteo conteoCasillas
	// Asignacion marks an RP assignment (computo.Asignacion): its definition, the
	// cómputos it takes, the siglado recorded, every assignment made (the one in force
	// first) and what changed since it was made.
	Asignacion       bool
	DefAsignacion    *computo.DefinicionAsignacion
	PartesAsignacion []parteAsignacion
	Siglado          []filaSiglado
	Asignaciones     []computo.RegistroAsignacion
	Cambios          []string
}

type rubro struct{ Nombre, Etiqueta, Valor string }

type campoOculto struct{ Nombre, Valor string }

type pendienteReservados struct {
	computo.CasillaComputo
	Pendientes int64
}

type parteEstatal struct {
	Unidad   string
	Recibida bool
	Version  int
	// Disponible is the version of the district acta ready to be received, when newer.
	Disponible int
}

type conteoCasillas struct{ Total, Paquetes, Cotejadas, Recontar, Recontadas int }

// sesionDe resolves the session of the request and checks the user's council.
func (s *Server) sesionDe(r *http.Request, ss *sesion) (*sesionComputo, error) {
	id := r.PathValue("id")
	c, err := s.abrirComputo(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := enAmbito(ss, c.rec.Consejo); err != nil {
		c.mu.Unlock()
		return nil, err
	}
	return c, nil
}

// computoPagina shows one session.
func (s *Server) computoPagina(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	id := r.PathValue("id")
	c, err := s.abrirComputo(r.Context(), id)
	if err != nil {
		return err
	}
	defer c.mu.Unlock()
	pg := s.vistaComputo(r.Context(), ss, c)
	if n, err := strconv.Atoi(r.URL.Query().Get("acto")); err == nil {
		if evs := c.log(); n >= 1 && n <= len(evs) {
			e := evs[n-1]
			pg.Aviso = fmt.Sprintf("Acto %d registrado (%s). %s", n, e.Tipo, e.Causa)
		}
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: datosComputo(pg, c)})
	}
	return s.render(w, r, http.StatusOK, "computo", pg)
}

// datosComputo is the session page for programs.
func datosComputo(pg *computoPage, c *sesionComputo) map[string]any {
	ids := func(cs []computo.CasillaComputo) []string {
		out := []string{}
		for _, k := range cs {
			out = append(out, k.ID)
		}
		return out
	}
	d := map[string]any{"id": c.rec.ID, "consejo": c.rec.Consejo, "fase": pg.FaseTexto,
		"eventos": c.eventos, "columnas": pg.Columnas, "por_recontar": ids(pg.PorRecontar),
		"sin_paquete": ids(pg.SinPaquete), "resultado": pg.Resultado, "validez": pg.Validez,
		"constancias": pg.Constancias, "partes": pg.Partes}
	if pg.Asignacion {
		d["asignaciones"], d["cambios"], d["siglado"] = pg.Asignaciones, pg.Cambios,
			len(pg.Siglado)
	}
	if pg.Siguiente != nil {
		d["siguiente"] = pg.Siguiente.ID
	}
	var res []map[string]any
	for _, k := range pg.Reservados {
		res = append(res, map[string]any{"casilla": k.ID, "pendientes": k.Pendientes})
	}
	d["reservados"] = res
	return d
}

// vistaComputo gathers what the session page shows.
func (s *Server) vistaComputo(ctx context.Context, ss *sesion,
	c *sesionComputo) *computoPage {
	pg := &computoPage{pagina: s.pagina(ss, "Cómputo "+c.rec.ID), ID: c.rec.ID,
		Consejo: nombreConsejo(c.rec.Consejo)}
	propio := enAmbito(ss, c.rec.Consejo) == nil
	pg.Registrar = propio && auth.Can(ss.user.Role, auth.RegistrarComputo)
	pg.Acordar = propio && auth.Can(ss.user.Role, auth.AcordarComputo)
	defer func() {
		pg.Nombres = map[string]string{}
		for _, k := range pg.Def.Candidaturas {
			pg.Nombres[k.ID] = k.Nombre
		}
	}()
	switch {
	case c.est != nil:
		s.vistaEstatal(pg, c)
		return pg
	case c.asig != nil:
		s.vistaAsignacion(ctx, pg, c)
		return pg
	}
	ses := c.ses
	pg.Def, pg.Fase = ses.Definicion(), ses.Fase()
	pg.FaseTexto = pg.Fase.String()
	pg.Columnas = pg.Def.Columnas
	pg.Casillas = ses.Casillas()
	pendientes := ses.PorRecontar()
	for _, k := range pg.Casillas {
		pg.Conteo.Total++
		if k.Paquete == nil {
			pg.SinPaquete = append(pg.SinPaquete, k)
		} else {
			pg.Conteo.Paquetes++
		}
		if k.Cotejo != nil {
			pg.Conteo.Cotejadas++
			if k.Dictamen == nil || !k.Dictamen.Recontar {
				pg.Cotejadas = append(pg.Cotejadas, k)
			}
		}
		if k.Dictamen != nil && k.Dictamen.Recontar {
			pg.Conteo.Recontar++
		}
		if k.Recuento != nil {
			pg.Conteo.Recontadas++
		}
		if !slices.Contains(pendientes, k.ID) {
			continue
		}
		if k.Recuento == nil {
			pg.PorRecontar = append(pg.PorRecontar, k)
			continue
		}
		n := k.Recuento.Reservados
		for _, d := range k.Reservados {
			n -= d.Votos
		}
		pg.Reservados = append(pg.Reservados, pendienteReservados{k, n})
	}
	if id, ok := ses.Siguiente(); ok {
		k, _ := ses.Casilla(id)
		pg.Siguiente = &k
		pg.Precarga, pg.Rubros = precarga(pg.Def, ses, id)
	}
	for _, e := range ses.Eventos() {
		switch {
		case e.Plan != nil:
			p := *e.Plan
			pg.Plan = &p
		case e.RecuentoTotal != nil:
			t := *e.RecuentoTotal
			pg.Total = &t
		}
	}
	if pg.Fase == computo.FaseRecuentoTotal {
		pg.Plan = nil // the total recount is planned afresh
		for _, e := range ses.Eventos() {
			if e.Plan != nil && pg.Total != nil && e.Secuencia > posicionTotal(ses) {
				p := *e.Plan
				pg.Plan = &p
			}
		}
	}
	if m, ok := ses.MargenTotal(); ok {
		pg.Margen = &m
	}
	if r, ok := ses.Resultado(); ok {
		pg.Resultado = &r
	}
	if v, ok := ses.Validez(); ok {
		pg.Validez = &v
	}
	pg.Constancias, pg.Sorteos = ses.Constancias(), ses.Sorteos()
	return pg
}

// posicionTotal is the event number of the total-recount decision, or 0.
func posicionTotal(ses *computo.Sesion) int {
	for _, e := range ses.Eventos() {
		if e.RecuentoTotal != nil {
			return e.Secuencia
		}
	}
	return 0
}

// vistaEstatal gathers what the state cómputo's page shows.
func (s *Server) vistaEstatal(pg *computoPage, c *sesionComputo) {
	est := c.est
	d := est.Definicion()
	pg.Def, pg.Estatal, pg.Fase = d.Definicion, true, est.Fase()
	pg.Faltan = len(est.Faltantes())
	pg.FaseTexto = est.Etapa()
	recibidas := map[string]computo.ActaDistrital{}
	for _, a := range est.Actas() {
		recibidas[a.Unidad] = a
	}
	disponibles := s.actasDisponibles(c.rec.Eleccion)
	for _, u := range d.Partes {
		a, ok := recibidas[u]
		p := parteEstatal{Unidad: u, Recibida: ok, Version: a.Version}
		if nueva, hay := disponibles[u]; hay && (!ok || nueva.Version != a.Version) {
			p.Disponible = nueva.Version
		}
		pg.Partes = append(pg.Partes, p)
	}
	if r, ok := est.Resultado(); ok {
		pg.Resultado = &r
	}
	if v, ok := est.Validez(); ok {
		pg.Validez = &v
	}
	pg.Constancias, pg.Sorteos = est.Constancias(), est.Sorteos()
}

// actasDisponibles are the district actas of an election ready for the state cómputo: those
// of the sessions in memory with results. (Sessions not loaded since the server started are
// loaded by recibirActas.)
func (s *Server) actasDisponibles(eleccion string) map[string]computo.ActaDistrital {
	s.computos.mu.Lock()
	var cs []*sesionComputo
	for _, c := range s.computos.m {
		cs = append(cs, c)
	}
	s.computos.mu.Unlock()
	out := map[string]computo.ActaDistrital{}
	for _, c := range cs {
		if !c.mu.TryLock() {
			continue
		}
		if c.ses != nil && strings.HasPrefix(c.rec.ID, eleccion+"-") {
			if a, err := c.ses.ActaDistrital(); err == nil {
				out[a.Unidad] = a
			}
		}
		c.mu.Unlock()
	}
	return out
}

// precarga gives the cotejo's form the PREP capture of casilla id, as the acta's cells.
func precarga(d computo.Definicion, ses *computo.Sesion, id string) (map[string]string,
	[]rubro) {
	a, ok := ses.Precarga(id)
	vals := map[string]string{}
	valor := func(v acta.Value) string {
		if !ok || v.Kind == acta.Empty {
			return ""
		}
		return v.String()
	}
	for _, col := range d.Columnas {
		switch col {
		case computo.ColumnaNulos:
			vals[col] = valor(a.Nulos)
		case columnaNoRegistradas:
			vals[col] = valor(a.NoRegistradas)
		default:
			vals[col] = valor(a.Votos[col])
		}
	}
	rubros := []rubro{
		{"personas", "Personas que votaron", valor(a.PersonasVotaron)},
		{"representantes", "Representantes que votaron fuera de la casilla",
			valor(a.RepresentantesVotaron)},
		{"sacados", "Votos sacados de las urnas", valor(a.VotosSacados)},
		{"total", "Total de votos asentado", valor(a.TotalAsentado)},
	}
	return vals, rubros
}

// columnaNoRegistradas is the vote column of candidacies not registered (RULES.md §3.1).
const columnaNoRegistradas = "NO_REGISTRADAS"

// contendientes are the vote columns of a definition's candidacies.
func contendientes(d computo.Definicion) map[string]bool {
	out := map[string]bool{}
	for _, c := range d.Candidaturas {
		for _, col := range c.Columnas {
			out[col] = true
		}
	}
	return out
}

// leerActa reads the figures of an acta from the cotejo form: every vote column and the
// rubros, as cells (a number, ILEGIBLE, SIN DATO…). Each error names its field.
func leerActa(r *http.Request, d computo.Definicion) (computo.ActaCasilla, error) {
	a := computo.ActaCasilla{Votos: map[string]acta.Value{}}
	var errs []errorCampo
	celda := func(campo, etiqueta string) acta.Value {
		v, err := acta.ParseValue(r.PostFormValue(campo))
		if err != nil {
			errs = append(errs, errorCampo{Columna: etiqueta, Mensaje: acta.Mensaje(err)})
		}
		return v
	}
	es := contendientes(d)
	for _, col := range d.Columnas {
		v := celda("v_"+col, col)
		switch {
		case col == computo.ColumnaNulos:
			a.Nulos = v
		case es[col]:
			a.Votos[col] = v
		default:
			a.NoRegistradas = v
		}
	}
	a.PersonasVotaron = celda("personas", "personas que votaron")
	a.RepresentantesVotaron = celda("representantes", "representantes que votaron")
	a.VotosSacados = celda("sacados", "votos sacados de las urnas")
	a.TotalAsentado = celda("total", "total de votos asentado")
	if len(errs) > 0 {
		return a, &camposError{campos: errs}
	}
	return a, nil
}

// leerVotos reads whole vote counts by column from a form: every column when completas
// (a recount), the filled ones otherwise (a correction).
func leerVotos(r *http.Request, d computo.Definicion, completas bool) (computo.Votos, error) {
	v := computo.Votos{}
	var errs []errorCampo
	for _, col := range d.Columnas {
		txt := strings.TrimSpace(r.PostFormValue("v_" + col))
		if txt == "" && !completas {
			continue
		}
		n, err := strconv.ParseUint(txt, 10, 31)
		if err != nil {
			errs = append(errs, errorCampo{Columna: col, Mensaje: "se esperaba un número " +
				"entero de votos, sin signo"})
			continue
		}
		v[col] = int64(n)
	}
	if len(errs) > 0 {
		return v, &camposError{campos: errs}
	}
	return v, nil
}

// entero reads a whole number field of a form.
func entero(r *http.Request, campo, etiqueta string) (int, error) {
	txt := strings.TrimSpace(r.PostFormValue(campo))
	n, err := strconv.ParseUint(txt, 10, 31)
	if err != nil {
		return 0, &camposError{campos: []errorCampo{{Columna: etiqueta,
			Mensaje: "se esperaba un número entero sin signo"}}}
	}
	return int(n), nil
}

// sorteoPendiente is a tie the council must draw before the act can be recorded: the page
// asks for the draw's result and the act is sent again with it.
type sorteoPendiente struct {
	N         int
	Solicitud computo.SorteoSolicitud
}

func (e *sorteoPendiente) Error() string {
	return fmt.Sprintf("%s: empate entre %s. El consejo debe resolverlo por sorteo e "+
		"indicar su resultado (%d lugar(es)).", e.Solicitud.Motivo,
		strings.Join(e.Solicitud.Empatados, ", "), e.Solicitud.Lugares)
}

// sorteoDelConsejo brings in the council's draws from the form: field sorteo_N holds the
// winners of the N-th tie of the act. A tie without them stops the act (sorteoPendiente).
func sorteoDelConsejo(r *http.Request) computo.Sorteo {
	n := 0
	return func(req computo.SorteoSolicitud) ([]string, error) {
		n++
		got := r.PostForm["sorteo_"+strconv.Itoa(n)]
		if len(got) != req.Lugares {
			return nil, &sorteoPendiente{N: n, Solicitud: req}
		}
		for _, g := range got {
			if !slices.Contains(req.Empatados, g) {
				return nil, &sorteoPendiente{N: n, Solicitud: req}
			}
		}
		return got, nil
	}
}

// computoActo records one act of a session: the route's {acto} with the form's fields.
// Acts of the secretario and of the consejero have routes of their own, each with its
// permission; the council of the session is checked here.
func (s *Server) computoActo(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	c, err := s.sesionDe(r, ss)
	if err != nil {
		return s.rechazo(r, ss, audit.ComputoActo, r.PathValue("id"), err)
	}
	defer c.mu.Unlock()
	acto := r.PathValue("acto")
	if err := validarTextos(r); err != nil {
		return s.rechazo(r, ss, audit.ComputoActo, c.rec.ID+" "+acto, err)
	}
	antes := len(c.log())
	switch {
	case c.est != nil:
		err = s.actoEstatal(r, ss, c, acto)
	case c.asig != nil:
		err = s.actoAsignacion(r, ss, c, acto)
	default:
		err = s.actoSesion(r, ss, c, acto)
	}
	if err == nil && len(c.log()) > antes {
		err = s.guardar(r.Context(), ss, c)
	} else if err != nil {
		// The state in memory may have moved before the refusal: replay it next time.
		c.olvidar()
	}
	var sp *sorteoPendiente
	if errors.As(err, &sp) && !wantsJSON(r) {
		if c2, e2 := s.recargar(r, c); e2 == nil {
			pg := s.vistaComputo(r.Context(), ss, c2)
			pg.Sorteo, pg.Error, pg.SorteoAccion = sp, sp.Error(), r.URL.Path
			for k, vs := range r.PostForm {
				if !strings.HasPrefix(k, "sorteo_") {
					for _, v := range vs {
						pg.Reenvio = append(pg.Reenvio, campoOculto{k, v})
					}
				}
			}
			return s.render(w, r, http.StatusUnprocessableEntity, "computo", pg)
		}
	}
	if err != nil {
		err = s.rechazo(r, ss, audit.ComputoActo, c.rec.ID+" "+acto, refusalComputo(err))
		if msg := mensaje(err); msg != "" && !wantsJSON(r) {
			// The session's page again, with the reason above its forms.
			if c2, e2 := s.recargar(r, c); e2 == nil {
				pg := s.vistaComputo(r.Context(), ss, c2)
				pg.Error = msg
				return s.render(w, r, status(err), "computo", pg)
			}
		}
		return err
	}
	n := len(c.log())
	if wantsJSON(r) {
		e := c.log()[n-1]
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Numero: n,
			Mensaje: fmt.Sprintf("Acto %d registrado: %s", n, e.Causa)})
	}
	http.Redirect(w, r, fmt.Sprintf("%s/computos/%s?acto=%d#aviso", Prefix, c.rec.ID, n),
		http.StatusSeeOther)
	return nil
}

// recargar replays the session of c after a refused act (c stays locked by the caller).
func (s *Server) recargar(r *http.Request, c *sesionComputo) (*sesionComputo, error) {
	rec, evs, err := s.st.EventosComputo(r.Context(), c.rec.ID)
	if err != nil {
		return nil, err
	}
	if err := c.reconstruir(rec, evs, s.now); err != nil {
		return nil, err
	}
	return c, nil
}

// actoSesion runs one act of a council's session.
func (s *Server) actoSesion(r *http.Request, ss *sesion, c *sesionComputo, acto string) error {
	ses, d := c.ses, c.ses.Definicion()
	quien := ss.user.Nombre
	casilla := strings.TrimSpace(r.PostFormValue("casilla"))
	registro := strings.Contains(r.URL.Path, "/registro/")
	switch {
	case registro && acto == "paquete":
		p := computo.Paquete{NoInstalada: r.PostFormValue("no_instalada") == "1",
			Alterado:        r.PostFormValue("alterado") == "1",
			ActaEnPaquete:   r.PostFormValue("acta_en_paquete") == "1",
			CopiaPresidente: r.PostFormValue("copia_presidente") == "1",
			Observaciones:   strings.TrimSpace(r.PostFormValue("observaciones"))}
		return ses.RegistrarPaquete(quien, casilla, p)
	case registro && acto == "paquetes-prep":
		// Every package not yet registered, as the PREP's acopio left it known.
		n := 0
		for _, k := range ses.Casillas() {
			if k.Paquete == nil {
				if err := ses.RegistrarPaquete(quien, k.ID,
					computo.PaqueteDePREP(k.Casilla)); err != nil {
					return err
				}
				n++
			}
		}
		if n == 0 {
			return &store.Refusal{Kind: store.ErrConflict, Msg: "Todos los paquetes ya están " +
				"registrados."}
		}
		return nil
	case registro && acto == "cotejo":
		k := computo.Cotejo{Coinciden: r.PostFormValue("coinciden") == "1",
			ActaAlterada: r.PostFormValue("acta_alterada") == "1",
			Aclaracion:   strings.TrimSpace(r.PostFormValue("aclaracion"))}
		switch r.PostFormValue("cifras") {
		case "prep":
			k.Confirma = true
		case "leidas":
			a, err := leerActa(r, d)
			if err != nil {
				return err
			}
			k.Acta = &a
		}
		_, err := ses.Cotejar(quien, casilla, k)
		return err
	case registro && acto == "recuento":
		v, err := leerVotos(r, d, true)
		if err != nil {
			return err
		}
		rc := computo.Recuento{Votos: v,
			ConfirmaExcede: r.PostFormValue("confirma_excede") == "1"}
		if g := strings.TrimSpace(r.PostFormValue("grupo")); g != "" && g != "0" {
			if rc.Grupo, err = entero(r, "grupo", "grupo de trabajo"); err != nil {
				return err
			}
		}
		if txt := strings.TrimSpace(r.PostFormValue("reservados")); txt != "" {
			n, err := entero(r, "reservados", "votos reservados")
			if err != nil {
				return err
			}
			rc.Reservados = int64(n)
		}
		return ses.CapturarRecuento(quien, casilla, rc)
	case !registro && acto == "causa":
		_, err := ses.AgregarCausa(quien, casilla, computo.CausaConsejo{
			Texto:      strings.TrimSpace(r.PostFormValue("texto")),
			Fundamento: strings.TrimSpace(r.PostFormValue("fundamento")),
			Acuerdo:    strings.TrimSpace(r.PostFormValue("acuerdo"))})
		return err
	case !registro && acto == "plan":
		grupos, err := entero(r, "grupos", "grupos de trabajo")
		if err != nil {
			return err
		}
		minutos, err := entero(r, "minutos", "minutos disponibles")
		if err != nil {
			return err
		}
		_, err = ses.PlanearRecuento(quien, grupos, minutos)
		return err
	case !registro && acto == "reservados":
		n, err := entero(r, "votos", "votos reservados")
		if err != nil {
			return err
		}
		return ses.ResolverReservados(quien, casilla, computo.DecisionReservados{
			Columna: r.PostFormValue("columna"), Votos: int64(n),
			Motivo: strings.TrimSpace(r.PostFormValue("motivo"))})
	case !registro && acto == "recuento-total":
		_, err := ses.DecidirRecuentoTotal(quien, r.PostFormValue("peticion") == "1")
		return err
	case !registro && acto == "computar":
		_, err := ses.Computar(quien, sorteoDelConsejo(r))
		return err
	case !registro && acto == "correccion":
		v, err := leerVotos(r, d, false)
		if err != nil {
			return err
		}
		_, err = ses.Corregir(quien, casilla, v, strings.TrimSpace(r.PostFormValue("causa")),
			sorteoDelConsejo(r))
		return err
	case !registro && acto == "validez":
		return ses.DeclararValidez(quien, strings.TrimSpace(r.PostFormValue("acuerdo")))
	case !registro && acto == "constancia":
		_, err := ses.ExpedirConstancia(quien)
		return err
	}
	return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("El acto %q no existe en "+
		"una sesión de cómputo de consejo, o no corresponde a su función.", acto)}
}

// actoEstatal runs one act of the Consejo General's state cómputo.
func (s *Server) actoEstatal(r *http.Request, ss *sesion, c *sesionComputo, acto string) error {
	est := c.est
	quien := ss.user.Nombre
	if strings.Contains(r.URL.Path, "/registro/") {
		acto = "registro/" + acto
	}
	switch acto {
	case "recibir":
		return s.recibirActas(r, quien, c)
	case "computar":
		_, err := est.Computar(quien, sorteoDelConsejo(r))
		return err
	case "validez":
		return est.DeclararValidez(quien, strings.TrimSpace(r.PostFormValue("acuerdo")))
	case "constancia":
		_, err := est.ExpedirConstancia(quien)
		return err
	}
	return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("El acto %q no existe en "+
		"el cómputo estatal, o no corresponde a su función.", acto)}
}

// recibirActas receives in the state cómputo every district acta that is ready and not yet
// received, or newer than the one received (a correction in the district): LGIPE art.
// 311-312 and the CIPEEP's cómputo estatal [to confirm].
func (s *Server) recibirActas(r *http.Request, quien string, c *sesionComputo) error {
	est := c.est
	recibidas := map[string]int{}
	for _, a := range est.Actas() {
		recibidas[a.Unidad] = a.Version
	}
	n := 0
	for _, u := range est.Definicion().Partes {
		id := c.rec.Eleccion + "-" + u
		d, err := s.abrirComputo(r.Context(), id)
		if err != nil {
			continue // not opened yet
		}
		a, err := d.ses.ActaDistrital()
		d.mu.Unlock()
		if err != nil {
			continue // no results yet
		}
		v, antes := recibidas[u]
		if antes && v == a.Version {
			continue
		}
		causa := ""
		if antes {
			causa = fmt.Sprintf("nueva versión del acta de cómputo de %s (acto %d de su "+
				"sesión), por una corrección", u, a.Version)
		}
		if err := est.Recibir(quien, a, causa, sorteoDelConsejo(r)); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return &store.Refusal{Kind: store.ErrConflict, Msg: "No hay actas de cómputo " +
			"distrital nuevas que recibir: los consejos que faltan aún no tienen resultados."}
	}
	return nil
}

// maxTexto bounds a text field of an act (an acuerdo, a causa, observaciones): it goes into
// the session's log, its documents and its public record.
const maxTexto = 2000

// validarTextos refuses a form whose text fields are longer than maxTexto characters or
// hold control, format, separator or private-use characters (line breaks aside: no
// bidirectional overrides nor invisible marks); the siglado's text has its own bound.
func validarTextos(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(2 * maxSiglado)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return &store.Refusal{Kind: store.ErrInvalid, Msg: "No se pudo leer el formulario."}
	}
	if campo, ok := valoresValidos(r.PostForm); !ok {
		return errCampo(campo)
	}
	for campo, vs := range r.PostForm {
		limite := maxTexto
		if campo == "siglado" {
			limite = maxSiglado
		}
		for _, v := range vs {
			switch {
			case utf8.RuneCountInString(v) > limite:
				return &store.Refusal{Kind: store.ErrInvalid, Msg: fmt.Sprintf("El campo "+
					"«%s» pasa de %d caracteres; resúmalo y cite el documento.", campo,
					limite)}
			case strings.ContainsFunc(v, func(c rune) bool {
				return unicode.In(c, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
					unicode.Co) && c != '\n' && c != '\r' && c != '\t'
			}) || !utf8.ValidString(v):
				return &store.Refusal{Kind: store.ErrInvalid, Msg: fmt.Sprintf("El campo "+
					"«%s» tiene caracteres no válidos.", campo)}
			}
		}
	}
	return nil
}
