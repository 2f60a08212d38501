package operacion

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/store"
)

// camposError is a capture with fields that could not be read.
type camposError struct{ campos []errorCampo }

var errCampos = errors.New("fields not valid")

func (e *camposError) Error() string {
	if len(e.campos) == 1 {
		return "Revise el campo marcado: " + e.campos[0].Mensaje + "."
	}
	var ms []string
	for i, c := range e.campos {
		if i == 3 {
			ms = append(ms, fmt.Sprintf("y %d más", len(e.campos)-3))
			break
		}
		ms = append(ms, c.Mensaje)
	}
	return "Revise los campos marcados: " + strings.Join(ms, "; ") + "."
}

func (e *camposError) Unwrap() error { return errCampos }

// capturaPage is the capture form of one acta.
type capturaPage struct {
	pagina
	A       *store.Asignacion
	Campos  []campoForm
	Accion  string
	Hecho   string // the acta captured just before
	Titulo2 string
}

// campoForm is one field of the form as shown.
type campoForm struct {
	Columna, Etiqueta, Valor, Error string
	// For a verification: what each capture said, and whether they differ.
	Captura1, Captura2 string
	Difiere            bool
}

func campoJSONs(cs []prep.Campo) []campoJSON {
	out := make([]campoJSON, len(cs))
	for i, c := range cs {
		out[i] = campoJSON{Columna: c.Columna, Etiqueta: c.Etiqueta}
	}
	return out
}

func turnoTexto(t int) string {
	if t == 2 {
		return "segunda"
	}
	return "primera"
}

// capturaSiguiente hands out the next acta to capture.
func (s *Server) capturaSiguiente(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	as, err := s.st.SiguienteCaptura(r.Context(), ss.actor)
	if errors.Is(err, store.ErrNotFound) {
		return s.nadaPendiente(w, r, ss, "No hay actas por capturar en este momento.",
			r.URL.Query().Get("hecho"))
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, asignacionJSON(as, turnoTexto(as.Turno)))
	}
	u := Prefix + "/captura/" + as.Eleccion.Codigo + "/" + url.PathEscape(as.Acta.ID)
	if h := r.URL.Query().Get("hecho"); h != "" {
		u += "?hecho=" + url.QueryEscape(h)
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
	return nil
}

func asignacionJSON(as *store.Asignacion, estado string) respuesta {
	return respuesta{OK: true, Eleccion: as.Eleccion.Codigo, Acta: as.Acta.ID,
		Estado: estado, Campos: campoJSONs(as.Campos), Imagen: as.Imagen}
}

// nadaPendiente is the answer when a queue is empty: 404 for a program, a page that
// looks again by itself for people.
func (s *Server) nadaPendiente(w http.ResponseWriter, r *http.Request, ss *sesion,
	msg, hecho string) error {
	if wantsJSON(r) {
		return writeJSON(w, http.StatusNotFound, respuesta{Mensaje: msg})
	}
	pg := &esperaPage{pagina: s.pagina(ss, "Sin pendientes"), Mensaje: msg, Hecho: hecho,
		Volver: r.URL.Path}
	return s.render(w, r, http.StatusOK, "espera", pg)
}

type esperaPage struct {
	pagina
	Mensaje, Hecho, Volver string
}

// capturaForm shows the form of an acta, assigning it to the capturista.
func (s *Server) capturaForm(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	e, id := r.PathValue("eleccion"), r.PathValue("acta")
	as, err := s.st.AsignarCaptura(r.Context(), ss.actor, e, id)
	if err != nil {
		return s.rechazo(r, ss, audit.Captura, e+"/"+id, err)
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, asignacionJSON(as, turnoTexto(as.Turno)))
	}
	return s.render(w, r, http.StatusOK, "captura", s.capturaPage(ss, as, nil, nil,
		r.URL.Query().Get("hecho")))
}

func (s *Server) capturaPage(ss *sesion, as *store.Asignacion, typed func(string) string,
	errs []prep.FieldError, hecho string) *capturaPage {
	pg := &capturaPage{pagina: s.pagina(ss, "Captura del acta "+as.Acta.ID), A: as,
		Accion: Prefix + "/captura/" + as.Eleccion.Codigo + "/" + url.PathEscape(as.Acta.ID),
		Hecho:  hecho}
	bad := map[string]string{}
	for _, e := range errs {
		bad[e.Columna] = e.Mensaje
	}
	for _, c := range as.Campos {
		f := campoForm{Columna: c.Columna, Etiqueta: c.Etiqueta, Error: bad[c.Columna]}
		if typed != nil {
			f.Valor = typed(c.Columna)
		}
		pg.Campos = append(pg.Campos, f)
	}
	if len(errs) > 0 {
		pg.Error = (&camposError{campos: fieldErrors(errs)}).Error()
	}
	return pg
}

func fieldErrors(errs []prep.FieldError) []errorCampo {
	out := make([]errorCampo, len(errs))
	for i, e := range errs {
		out[i] = errorCampo{Columna: e.Columna, Mensaje: e.Etiqueta + ": " + e.Mensaje}
	}
	return out
}

// captura records what the capturista keyed. A form with unreadable fields is shown
// again with the fields marked, and nothing is recorded but the refusal.
func (s *Server) captura(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	inicio := time.Now()
	e, id := r.PathValue("eleccion"), r.PathValue("acta")
	target := e + "/" + id
	campos, err := s.st.Campos(ctx, e, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			err = &store.Refusal{Kind: store.ErrNotFound, Msg: "no existe el acta " + id +
				" en la elección " + e}
		}
		return s.rechazo(r, ss, audit.Captura, target, err)
	}
	valores, errs := prep.LeerCaptura(campos, r.PostFormValue)
	if len(errs) > 0 {
		ce := &camposError{campos: fieldErrors(errs)}
		s.rechazo(r, ss, audit.Captura, target, &store.Refusal{Kind: store.ErrInvalid,
			Msg: "captura con campos no válidos: " + resumenErrores(errs)})
		if wantsJSON(r) {
			return ce
		}
		op, err := s.st.ActaDeOperacion(ctx, e, id)
		if err != nil {
			return err
		}
		as := &store.Asignacion{Eleccion: op.Eleccion, Acta: op.Acta, Ronda: op.Ronda,
			Campos: op.Campos, Imagen: op.Imagen}
		return s.render(w, r, http.StatusUnprocessableEntity, "captura",
			s.capturaPage(ss, as, r.PostFormValue, errs, ""))
	}
	res, err := s.st.Capturar(ctx, ss.actor, e, id, valores, true)
	if err != nil {
		return s.rechazo(r, ss, audit.Captura, target, err)
	}
	if s.alCapturar != nil {
		s.alCapturar(time.Since(inicio))
	}
	estado := string(res.Etapa)
	if res.Etapa == prep.Digitalizada {
		estado = "capturada"
	}
	if wantsJSON(r) {
		out := respuesta{OK: true, Eleccion: e, Acta: id, Estado: estado,
			Diferencias: res.Diferencias}
		if next := res.Siguiente; next != nil {
			n := asignacionJSON(next, turnoTexto(next.Turno))
			out.Siguiente = &n
		}
		return writeJSON(w, http.StatusOK, out)
	}
	http.Redirect(w, r, Prefix+"/captura/siguiente?hecho="+url.QueryEscape(id),
		http.StatusSeeOther)
	return nil
}

func resumenErrores(errs []prep.FieldError) string {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Columna + " «" + e.Valor + "»: " + e.Mensaje
	}
	return strings.Join(parts, "; ")
}

// verificacionSiguiente hands out the next acta whose captures differ.
func (s *Server) verificacionSiguiente(w http.ResponseWriter, r *http.Request,
	ss *sesion) error {
	as, err := s.st.SiguienteVerificacion(r.Context(), ss.actor)
	if errors.Is(err, store.ErrNotFound) {
		return s.nadaPendiente(w, r, ss, "No hay actas por verificar en este momento.",
			r.URL.Query().Get("hecho"))
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, verificacionJSON(as))
	}
	http.Redirect(w, r, Prefix+"/verificacion/"+as.Eleccion.Codigo+"/"+
		url.PathEscape(as.Acta.ID), http.StatusSeeOther)
	return nil
}

func verificacionJSON(as *store.Asignacion) respuesta {
	out := asignacionJSON(as, "por_verificar")
	for _, i := range as.Diferencias {
		out.Diferencias = append(out.Diferencias, as.Campos[i].Columna)
	}
	for _, c := range as.Capturas {
		vals := make([]string, len(c))
		for i, v := range c {
			vals[i] = v.String()
		}
		out.Capturas = append(out.Capturas, vals)
	}
	return out
}

func (s *Server) verificacionForm(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	e, id := r.PathValue("eleccion"), r.PathValue("acta")
	as, err := s.st.AsignarVerificacion(r.Context(), ss.actor, e, id)
	if err != nil {
		return s.rechazo(r, ss, audit.Verificacion, e+"/"+id, err)
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, verificacionJSON(as))
	}
	return s.render(w, r, http.StatusOK, "verificacion", s.verificacionPage(ss, as, nil, nil))
}

func (s *Server) verificacionPage(ss *sesion, as *store.Asignacion,
	typed func(string) string, errs []prep.FieldError) *capturaPage {
	pg := &capturaPage{pagina: s.pagina(ss, "Verificación del acta "+as.Acta.ID), A: as,
		Accion: Prefix + "/verificacion/" + as.Eleccion.Codigo + "/" +
			url.PathEscape(as.Acta.ID)}
	differs := map[int]bool{}
	for _, i := range as.Diferencias {
		differs[i] = true
	}
	bad := map[string]string{}
	for _, e := range errs {
		bad[e.Columna] = e.Mensaje
	}
	for i, c := range as.Campos {
		f := campoForm{Columna: c.Columna, Etiqueta: c.Etiqueta, Difiere: differs[i],
			Captura1: texto(as.Capturas[0][i]), Captura2: texto(as.Capturas[1][i]),
			Error: bad[c.Columna]}
		if typed != nil {
			f.Valor = typed(c.Columna)
		}
		pg.Campos = append(pg.Campos, f)
	}
	if len(errs) > 0 {
		pg.Error = (&camposError{campos: fieldErrors(errs)}).Error()
	}
	return pg
}

// texto shows a captured value as the capturista typed it.
func texto(v acta.Value) string {
	switch v.Kind {
	case acta.Ilegible:
		return "Ilegible"
	case acta.SinDato:
		return "Sin dato"
	}
	return v.String()
}

// verificacion applies the verificador's decision: accion=resolver with a value for each
// differing field, or accion=devolver to send the acta back to capture.
func (s *Server) verificacion(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	e, id := r.PathValue("eleccion"), r.PathValue("acta")
	target := e + "/" + id
	var d store.Decision
	switch r.PostFormValue("accion") {
	case "devolver":
		d.Devolver = true
		d.Motivo = strings.TrimSpace(r.PostFormValue("motivo"))
	case "resolver":
		as, err := s.st.AsignarVerificacion(ctx, ss.actor, e, id)
		if err != nil {
			return s.rechazo(r, ss, audit.Verificacion, target, err)
		}
		var difs []prep.Campo
		for _, i := range as.Diferencias {
			difs = append(difs, as.Campos[i])
		}
		vals, errs := prep.LeerCaptura(difs, r.PostFormValue)
		if len(errs) > 0 {
			s.rechazo(r, ss, audit.Verificacion, target, &store.Refusal{Kind: store.ErrInvalid,
				Msg: "decisión con campos no válidos: " + resumenErrores(errs)})
			if wantsJSON(r) {
				return &camposError{campos: fieldErrors(errs)}
			}
			return s.render(w, r, http.StatusUnprocessableEntity, "verificacion",
				s.verificacionPage(ss, as, r.PostFormValue, errs))
		}
		d.Valores = map[string]acta.Value{}
		for i, c := range difs {
			d.Valores[c.Columna] = vals[i]
		}
	default:
		return s.rechazo(r, ss, audit.Verificacion, target, &store.Refusal{
			Kind: store.ErrInvalid, Msg: "indique si resuelve el acta o la devuelve a " +
				"captura"})
	}
	etapa, err := s.st.Verificar(ctx, ss.actor, e, id, d)
	if err != nil {
		return s.rechazo(r, ss, audit.Verificacion, target, err)
	}
	if wantsJSON(r) {
		estado := string(etapa)
		if d.Devolver {
			estado = "devuelta"
		}
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Eleccion: e, Acta: id,
			Estado: estado})
	}
	http.Redirect(w, r, Prefix+"/verificacion/siguiente?hecho="+url.QueryEscape(id),
		http.StatusSeeOther)
	return nil
}
