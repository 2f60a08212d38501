package operacion

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/etiqueta"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

type inicioPage struct {
	pagina
	Etiquetas bool // the user may print the QR labels
	// Elecciones are the elections loaded, in publication order, for their labels.
	Elecciones []eleccionNombre
}

// eleccionNombre is an election's code and its name for people.
type eleccionNombre struct{ Codigo, Nombre string }

func (s *Server) inicio(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	pg := &inicioPage{pagina: s.pagina(ss, "Tareas"),
		Etiquetas: auth.Can(ss.user.Role, auth.ImprimirEtiquetas)}
	if pg.Etiquetas {
		es, err := s.st.Elecciones(r.Context())
		if err != nil {
			return err
		}
		for _, e := range es {
			pg.Elecciones = append(pg.Elecciones, eleccionNombre{e.Codigo, e.Nombre()})
		}
	}
	if r.URL.Query().Get("aviso") == "password" {
		pg.Aviso = "Su contraseña se cambió."
	}
	return s.render(w, r, http.StatusOK, "inicio", pg)
}

// ordenElecciones lists the elections of a progress report in publication order (GUB,
// DIP_LOC, AYUN for Puebla), then any other in alphabetical order.
func (s *Server) ordenElecciones(ctx context.Context,
	etapas map[string]map[prep.Etapa]int) ([]string, error) {
	es, err := s.st.Elecciones(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range es {
		if _, ok := etapas[e.Codigo]; ok {
			out = append(out, e.Codigo)
		}
	}
	var otras []string
	for c := range etapas {
		if !slices.Contains(out, c) {
			otras = append(otras, c)
		}
	}
	sort.Strings(otras)
	return append(out, otras...), nil
}

// cortesPage lists the cortes and the publication schedule.
type cortesPage struct {
	pagina
	Cortes    []store.CorteRecord
	Programa  publicacion.Programa
	Apertura  string
	Cierre    string
	Cadencia  string
	Publicar  bool
	Modificar bool
	// Huella is the fingerprint of the key that signs the cortes ("" when unsigned).
	Huella string
}

func (s *Server) cortesPagina(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	cs, err := s.st.Cortes(ctx)
	if err != nil {
		return err
	}
	prog, err := publicacion.LeerPrograma(ctx, s.st)
	if err != nil {
		return err
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Numero > cs[j].Numero })
	pg := &cortesPage{pagina: s.pagina(ss, "Cortes y horario de publicación"), Cortes: cs,
		Programa: prog, Publicar: auth.Can(ss.user.Role, auth.PublicarCorte),
		Modificar: auth.Can(ss.user.Role, auth.Configurar), Huella: s.pub.Huella()}
	if prog.Activo() {
		pg.Apertura = prog.Apertura.In(opendata.Zona).Format("2006-01-02T15:04")
		pg.Cierre = prog.Cierre.In(opendata.Zona).Format("2006-01-02T15:04")
	}
	pg.Cadencia = strconv.Itoa(int(prog.CadenciaEfectiva() / time.Minute))
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: cs})
	}
	return s.render(w, r, http.StatusOK, "cortes", pg)
}

// publicar publishes a corte on demand, or the puesta en ceros (corte 0) when the form
// asks for it.
func (s *Server) publicar(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	final := r.PostFormValue("final") == "1"
	var m *publish.Manifiesto
	var err error
	if r.PostFormValue("ceros") == "1" {
		m, err = s.pub.PublicarCeros(r.Context(), ss.actor, time.Time{})
	} else {
		m, err = s.pub.Publicar(r.Context(), ss.actor, time.Time{}, final)
	}
	aviso := ""
	var de *publicacion.ErrorDestino
	if errors.As(err, &de) {
		// Published here, not yet copied: the corte stands; the copy is retried with the
		// next corte.
		aviso, err = " Aviso: "+de.Error()+".", nil
	}
	var pe *publicacion.Error
	if errors.As(err, &pe) {
		err = &store.Refusal{Kind: store.ErrConflict, Msg: pe.Mensaje()}
	}
	if err != nil {
		return s.rechazo(r, ss, audit.Corte, "corte", err)
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Numero: m.Numero,
			Mensaje: fmt.Sprintf("Corte %d publicado (%s).%s", m.Numero, m.HoraTexto, aviso)})
	}
	http.Redirect(w, r, Prefix+"/cortes", http.StatusSeeOther)
	return nil
}

// configurar sets the publication schedule.
func (s *Server) configurar(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ap, err1 := time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("apertura"),
		opendata.Zona)
	ci, err2 := time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("cierre"),
		opendata.Zona)
	min, err3 := int(publicacion.DefaultCadencia/time.Minute), error(nil)
	if c := strings.TrimSpace(r.PostFormValue("cadencia")); c != "" {
		min, err3 = strconv.Atoi(c)
	}
	var msg string
	switch {
	case err1 != nil || err2 != nil:
		msg = "indique la apertura y el cierre como fecha y hora (aaaa-mm-ddThh:mm)"
	case !ci.After(ap):
		msg = "el cierre debe ser posterior a la apertura"
	case ci.Sub(ap) > 48*time.Hour:
		msg = "el PREP no puede durar más de 48 horas"
	case err3 != nil || min < 1 || min > 60:
		msg = "la cadencia debe ser de 1 a 60 minutos"
	}
	if msg != "" {
		return s.rechazo(r, ss, audit.ConfigChange, "prep", &store.Refusal{
			Kind: store.ErrInvalid, Msg: msg})
	}
	err := s.st.SetSettings(r.Context(), ss.actor, map[string]string{
		store.SettingApertura: ap.Format(time.RFC3339),
		store.SettingCierre:   ci.Format(time.RFC3339),
		store.SettingCadencia: (time.Duration(min) * time.Minute).String()})
	if err != nil {
		return s.rechazo(r, ss, audit.ConfigChange, "prep", err)
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Mensaje: "Horario guardado."})
	}
	http.Redirect(w, r, Prefix+"/cortes", http.StatusSeeOther)
	return nil
}

type progresoPage struct {
	pagina
	P       *store.Progreso
	CATDs   []store.CATD
	Etapas  []prep.Etapa
	Filas   []filaProgreso
	Ahora   time.Time
	Esperas []espera
}

type filaProgreso struct {
	Eleccion string
	Cuentas  []int
	Total    int
}

type espera struct {
	Etapa   string
	Desde   time.Time
	Minutos int
}

// progreso shows where the line stands: the user's CATD, or the one asked (the whole PREP
// for staff without CATD).
func (s *Server) progreso(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	catd := ss.user.CATD
	if catd == "" {
		catd = r.URL.Query().Get("catd")
	}
	p, err := s.st.Progreso(ctx, catd)
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: p})
	}
	cs, err := s.st.CATDs(ctx)
	if err != nil {
		return err
	}
	title := "Avance del PREP"
	if catd != "" {
		title = "Avance del CATD " + catd
	}
	pg := &progresoPage{pagina: s.pagina(ss, title), P: p, CATDs: cs, Etapas: prep.Etapas,
		Ahora: s.now()}
	codes, err := s.ordenElecciones(ctx, p.Etapas)
	if err != nil {
		return err
	}
	for _, e := range codes {
		f := filaProgreso{Eleccion: e}
		for _, et := range prep.Etapas {
			f.Cuentas = append(f.Cuentas, p.Etapas[e][et])
			f.Total += p.Etapas[e][et]
		}
		pg.Filas = append(pg.Filas, f)
	}
	for _, et := range []prep.Etapa{prep.Acopiada, prep.Digitalizada, prep.PorVerificar} {
		if t, ok := p.Esperando[et]; ok {
			pg.Esperas = append(pg.Esperas, espera{Etapa: et.Nombre(), Desde: t,
				Minutos: int(s.now().Sub(t).Minutes())})
		}
	}
	return s.render(w, r, http.StatusOK, "progreso", pg)
}

type usuariosPage struct {
	pagina
	Usuarios   []*store.User
	Roles      []auth.Role
	CATDs      []store.CATD
	Modificar  bool
	Temporal   string // the temporary password just given, shown once
	TemporalDe string
}

func (s *Server) usuarios(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	return s.usuariosRender(w, r, ss, "", "")
}

func (s *Server) usuariosRender(w http.ResponseWriter, r *http.Request, ss *sesion,
	temporal, de string) error {
	ctx := r.Context()
	us, err := s.st.Users(ctx)
	if err != nil {
		return err
	}
	cs, err := s.st.CATDs(ctx)
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		list := make([]map[string]any, len(us))
		for i, u := range us {
			list[i] = map[string]any{"usuario": u.Username, "nombre": u.Nombre,
				"rol": u.Role, "catd": u.CATD, "consejo": u.Consejo,
				"deshabilitado": u.Disabled}
		}
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: list,
			Extra: map[string]any{"temporal": temporal}})
	}
	pg := &usuariosPage{pagina: s.pagina(ss, "Usuarios"), Usuarios: us, Roles: auth.Roles,
		CATDs: cs, Modificar: auth.Can(ss.user.Role, auth.AdministrarUsers),
		Temporal: temporal, TemporalDe: de}
	return s.render(w, r, http.StatusOK, "usuarios", pg)
}

// usuarioAlta creates a user with a temporary password, shown once.
func (s *Server) usuarioAlta(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	temp := auth.GeneratePassword()
	nu := store.NewUser{Username: r.PostFormValue("usuario"), Nombre: r.PostFormValue("nombre"),
		Role: auth.Role(r.PostFormValue("rol")), CATD: r.PostFormValue("catd"),
		Consejo: strings.ToUpper(strings.TrimSpace(r.PostFormValue("consejo"))), Password: temp}
	u, err := s.st.AddUser(r.Context(), ss.actor, nu)
	if err != nil {
		return s.rechazo(r, ss, audit.UserAdd, nu.Username, err)
	}
	return s.usuariosRender(w, r, ss, temp, u.Username)
}

// usuarioCambio disables, enables or resets the password of a user.
func (s *Server) usuarioCambio(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	name := r.PathValue("usuario")
	switch r.PostFormValue("accion") {
	case "deshabilitar":
		if err := s.st.DisableUser(ctx, ss.actor, name); err != nil {
			return s.rechazo(r, ss, audit.UserDisable, name, err)
		}
	case "habilitar":
		if err := s.st.EnableUser(ctx, ss.actor, name); err != nil {
			return s.rechazo(r, ss, audit.UserChange, name, err)
		}
	case "restablecer":
		temp := auth.GeneratePassword()
		if err := s.st.ResetPassword(ctx, ss.actor, name, temp); err != nil {
			return s.rechazo(r, ss, audit.UserReset, name, err)
		}
		s.limiter.success(name) // a new password lifts the account's lockout
		return s.usuariosRender(w, r, ss, temp, name)
	default:
		return &store.Refusal{Kind: store.ErrInvalid, Msg: "acción desconocida"}
	}
	return s.usuariosRender(w, r, ss, "", "")
}

type catdsPage struct {
	pagina
	CATDs     []store.CATD
	Modificar bool
}

func (s *Server) catds(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	cs, err := s.st.CATDs(r.Context())
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: cs})
	}
	return s.render(w, r, http.StatusOK, "catds", &catdsPage{pagina: s.pagina(ss, "CATD"),
		CATDs: cs, Modificar: auth.Can(ss.user.Role, auth.Configurar)})
}

// catdGuardar creates or changes a CATD; its units are given per election as
// "GUB: 001, 002".
func (s *Server) catdGuardar(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	c := store.CATD{Code: r.PostFormValue("codigo"), Nombre: r.PostFormValue("nombre"),
		Unidades: map[string][]string{}}
	for _, line := range strings.Split(r.PostFormValue("unidades"), "\n") {
		el, ids, ok := strings.Cut(line, ":")
		if !ok {
			if strings.TrimSpace(line) != "" {
				return s.rechazo(r, ss, audit.CATDChange, c.Code, &store.Refusal{
					Kind: store.ErrInvalid, Msg: "cada línea de unidades debe ser " +
						"«ELECCION: id, id…», por ejemplo «GUB: 001, 002»"})
			}
			continue
		}
		el = strings.ToUpper(strings.TrimSpace(el))
		for _, id := range strings.FieldsFunc(ids, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\r'
		}) {
			c.Unidades[el] = append(c.Unidades[el], id)
		}
	}
	if err := s.st.SaveCATD(r.Context(), ss.actor, c); err != nil {
		return s.rechazo(r, ss, audit.CATDChange, c.Code, err)
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Mensaje: "CATD guardado."})
	}
	http.Redirect(w, r, Prefix+"/catds", http.StatusSeeOther)
	return nil
}

type auditoriaPage struct {
	pagina
	Entradas  []audit.Entry
	Filtro    store.AuditFilter
	Cadena    *audit.Checker
	Siguiente int64
}

// auditoria browses the audit trail, filtered, a page at a time; formato=csv exports the
// whole filtered trail. Every export is itself recorded.
func (s *Server) auditoria(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("accion"),
		Target: q.Get("objetivo"), Outcome: q.Get("resultado")}
	f.AfterSeq, _ = strconv.ParseInt(q.Get("desde"), 10, 64)
	if q.Get("formato") == "csv" {
		return s.auditoriaCSV(w, r, ss, f)
	}
	f.Limit = 200
	var es []audit.Entry
	err := s.st.Audit(ctx, f, func(e audit.Entry) error {
		es = append(es, e)
		return nil
	})
	if err != nil {
		return err
	}
	pg := &auditoriaPage{pagina: s.pagina(ss, "Bitácora de auditoría"), Entradas: es,
		Filtro: f}
	if len(es) == f.Limit {
		pg.Siguiente = es[len(es)-1].Seq
	}
	if q.Get("verificar") == "1" {
		if pg.Cadena, err = s.st.VerifyAudit(ctx); err != nil {
			return err
		}
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: es})
	}
	return s.render(w, r, http.StatusOK, "auditoria", pg)
}

func (s *Server) auditoriaCSV(w http.ResponseWriter, r *http.Request, ss *sesion,
	f store.AuditFilter) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"seq", "fecha_hora", "actor", "rol", "accion", "objetivo", "resultado",
		"antes", "despues", "detalle", "hash_anterior", "hash"})
	err := s.st.Audit(r.Context(), f, func(e audit.Entry) error {
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10),
			e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Role, e.Action, e.Target,
			e.Outcome, e.Before, e.After, e.Detail, e.PrevHash, e.Hash})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := s.st.AuditEvent(r.Context(), ss.actor, audit.AuditExport, "auditoria",
		fmt.Sprintf("filtro %+v", f)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="bitacora-sufragio.csv"`)
	w.Write(buf.Bytes())
	return nil
}

type actaPage struct {
	pagina
	O *store.ActaOperacion
}

// actaPagina shows an acta of the operation: its stage, figures and images.
func (s *Server) actaPagina(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	o, err := s.st.ActaDeOperacion(r.Context(), r.PathValue("eleccion"), r.PathValue("acta"))
	if errors.Is(err, store.ErrNotFound) {
		return &store.Refusal{Kind: store.ErrNotFound, Msg: "No existe esa acta."}
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "acta", &actaPage{pagina: s.pagina(ss,
		"Acta "+o.Acta.ID), O: o})
}

// etiquetas writes the printable QR labels of the actas of an election, of one unit when
// asked.
func (s *Server) etiquetas(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	code := strings.ToUpper(r.URL.Query().Get("eleccion"))
	unidad := r.URL.Query().Get("unidad")
	def, err := s.st.Eleccion(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return &store.Refusal{Kind: store.ErrNotFound, Msg: "La elección " + code +
			" no está en operación."}
	}
	if err != nil {
		return err
	}
	actas, err := s.st.Actas(ctx, code)
	if err != nil {
		return err
	}
	mine, err := s.unidadesCATD(r, ss, code)
	if err != nil {
		return err
	}
	var ls []etiqueta.Etiqueta
	for _, a := range actas {
		if a.FueraDeCatalogo() || unidad != "" && a.UnidadID != unidad ||
			mine != nil && !mine[a.UnidadID] {
			continue
		}
		ls = append(ls, etiqueta.Etiqueta{Eleccion: code, EleccionNombre: def.Nombre(),
			ActaID: a.ID, ClaveActa: a.ClaveActa, Seccion: a.Seccion,
			Casilla: casillaNombre(a.TipoCasilla, a.NumCasilla), Unidad: a.Unidad,
			UnidadID: a.UnidadID})
	}
	if len(ls) == 0 {
		return &store.Refusal{Kind: store.ErrNotFound, Msg: "No hay actas para esas " +
			"etiquetas: revise la elección y la unidad."}
	}
	var buf bytes.Buffer
	titulo := "PREP · " + def.Nombre()
	if unidad != "" {
		titulo += " · " + string(def.Unidad) + " " + unidad
	}
	if err := etiqueta.PDF(&buf, titulo, s.simulacro, ls); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="etiquetas-%s%s.pdf"`,
		code, map[bool]string{true: "-" + unidad, false: ""}[unidad != ""]))
	w.Write(buf.Bytes())
	return nil
}

// unidadesCATD returns the units of the election that the user's CATD receives, or nil
// when the user sees every unit (no CATD, or a CATD given no unit of that election).
func (s *Server) unidadesCATD(r *http.Request, ss *sesion, code string) (map[string]bool,
	error) {
	if ss.user.CATD == "" {
		return nil, nil
	}
	cs, err := s.st.CATDs(r.Context())
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Code == ss.user.CATD && len(c.Unidades[code]) > 0 {
			out := map[string]bool{}
			for _, id := range c.Unidades[code] {
				out[id] = true
			}
			return out, nil
		}
	}
	return nil, nil
}

// casillaNombre names a casilla for people.
func casillaNombre(tipo string, num int) string {
	switch tipo {
	case "B":
		return "Básica"
	case "C":
		return fmt.Sprintf("Contigua %d", num)
	case "E":
		return fmt.Sprintf("Extraordinaria %d", num)
	case "S":
		return "Especial"
	case "A":
		return "Voto anticipado"
	case "M":
		return "Voto desde el extranjero"
	case "P":
		return "Prisión preventiva"
	}
	return tipo
}
