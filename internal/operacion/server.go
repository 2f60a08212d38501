// Package operacion is the staff application of the PREP: the pages and endpoints with
// which the CATDs run election night — login, acopio, digitalización (scanner and PREP
// Casilla), double blind captura, verificación, cortes, progress, users, CATDs and the audit
// trail. Every page answers HTML for people and, asked with Accept: application/json, JSON
// for programs (the simulacro drives the night through the same endpoints).
//
// Every route requires a session and one permission of the user's role (auth.Can); every
// POST is also checked against cross-origin forgery. A refused action gets a Spanish
// message and is recorded in the audit trail.
package operacion

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
)

// Prefix is the path the staff application is served under.
const Prefix = "/operacion"

// Server is the staff application. It is safe for concurrent use.
type Server struct {
	st        *store.Store
	pub       *publicacion.Publicador
	log       *slog.Logger
	tmpl      map[string]*template.Template
	simulacro bool
	limiter   *limiter
	now       func() time.Time
	// SessionTTL is how long a session lasts: one shift.
	sessionTTL time.Duration
	secure     bool
	// computos are the cómputo sessions replayed in memory; pubComputos publishes them.
	computos    computos
	pubComputos PublicadorComputos
	alCapturar  func(time.Duration)
	// subidas bounds the image uploads read at once (see recibirImagen).
	subidas chan struct{}
}

// SubidasSimultaneas is how many image uploads an instance reads at once, each up to
// store.MaxImagen in memory; the others wait their turn.
const SubidasSimultaneas = 16

// Options configure a Server.
type Options struct {
	// Simulacro marks every page as SIMULACRO.
	Simulacro bool
	// SessionTTL is how long a session stays open; DefaultSessionTTL when zero.
	SessionTTL time.Duration
	// SecureCookies sets the Secure attribute on the session cookie; it should be on
	// whenever the application is reached over HTTPS (behind a TLS proxy, say).
	SecureCookies bool
	// Computos, when set, receives every cómputo session after each of its acts, to
	// publish its public record.
	Computos PublicadorComputos
	// AlCapturar, when set, receives the time each capture took to be recorded.
	AlCapturar func(time.Duration)
}

// DefaultSessionTTL is one shift of the PREP night.
const DefaultSessionTTL = 12 * time.Hour

// New returns the staff application over the store, publishing cortes with pub.
func New(st *store.Store, pub *publicacion.Publicador, log *slog.Logger, o Options) (*Server,
	error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	ttl := o.SessionTTL
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	return &Server{st: st, pub: pub, log: log, tmpl: t, simulacro: o.Simulacro,
		limiter: newLimiter(), now: time.Now, sessionTTL: ttl, secure: o.SecureCookies,
		computos: computos{m: map[string]*sesionComputo{}}, pubComputos: o.Computos,
		alCapturar: o.AlCapturar, subidas: make(chan struct{}, SubidasSimultaneas)}, nil
}

// route is one staff endpoint. Every route but login needs a session; perm lists the
// permissions any of which lets a role use it (nil: any signed-in user).
type route struct {
	method, pattern string
	perm            []auth.Permission
	h               handler
	// anyState lets the route be used while the password must still be changed.
	anyState bool
	public   bool // no session needed
}

// perms lists the permissions of a route.
func perms(ps ...auth.Permission) []auth.Permission { return ps }

// routes is the route table of the staff application; a test walks it with every role.
func (s *Server) routes() []route {
	return []route{
		{method: "GET", pattern: "/login", h: s.loginForm, public: true},
		{method: "POST", pattern: "/login", h: s.login, public: true},
		{method: "POST", pattern: "/logout", h: s.logout, anyState: true},
		{method: "GET", pattern: "/password", h: s.passwordForm, anyState: true},
		{method: "POST", pattern: "/password", h: s.password, anyState: true},
		{method: "GET", pattern: "/{$}", h: s.inicio},
		{method: "GET", pattern: "/acopio", perm: perms(auth.RegistrarAcopio), h: s.acopioForm},
		{method: "POST", pattern: "/acopio", perm: perms(auth.RegistrarAcopio), h: s.acopio},
		{method: "GET", pattern: "/digitalizacion", perm: perms(auth.Digitalizar),
			h: s.digitalizacionForm},
		{method: "POST", pattern: "/digitalizacion", perm: perms(auth.Digitalizar),
			h: s.digitalizacion},
		{method: "GET", pattern: "/casilla", perm: perms(auth.Digitalizar), h: s.casillaForm},
		{method: "POST", pattern: "/casilla", perm: perms(auth.Digitalizar), h: s.casilla},
		{method: "GET", pattern: "/captura/siguiente", perm: perms(auth.Capturar),
			h: s.capturaSiguiente},
		{method: "GET", pattern: "/captura/{eleccion}/{acta}", perm: perms(auth.Capturar),
			h: s.capturaForm},
		{method: "POST", pattern: "/captura/{eleccion}/{acta}", perm: perms(auth.Capturar),
			h: s.captura},
		{method: "GET", pattern: "/verificacion/siguiente", perm: perms(auth.Verificar),
			h: s.verificacionSiguiente},
		{method: "GET", pattern: "/verificacion/{eleccion}/{acta}", perm: perms(auth.Verificar),
			h: s.verificacionForm},
		{method: "POST", pattern: "/verificacion/{eleccion}/{acta}", perm: perms(auth.Verificar),
			h: s.verificacion},
		{method: "GET", pattern: "/imagenes/{sha}", perm: perms(auth.Capturar, auth.Verificar,
			auth.VerActas, auth.Digitalizar), h: s.imagen},
		{method: "GET", pattern: "/actas/{eleccion}/{acta}", perm: perms(auth.VerActas),
			h: s.actaPagina},
		{method: "GET", pattern: "/cortes", perm: perms(auth.PublicarCorte, auth.VerConfiguracion),
			h: s.cortesPagina},
		{method: "POST", pattern: "/cortes", perm: perms(auth.PublicarCorte), h: s.publicar},
		{method: "POST", pattern: "/configuracion", perm: perms(auth.Configurar),
			h: s.configurar},
		{method: "GET", pattern: "/progreso", perm: perms(auth.VerProgreso), h: s.progreso},
		{method: "GET", pattern: "/usuarios", perm: perms(auth.AdministrarUsers,
			auth.VerUsuarios), h: s.usuarios},
		{method: "POST", pattern: "/usuarios", perm: perms(auth.AdministrarUsers),
			h: s.usuarioAlta},
		{method: "POST", pattern: "/usuarios/{usuario}", perm: perms(auth.AdministrarUsers),
			h: s.usuarioCambio},
		{method: "GET", pattern: "/catds", perm: perms(auth.Configurar, auth.VerUsuarios),
			h: s.catds},
		{method: "POST", pattern: "/catds", perm: perms(auth.Configurar), h: s.catdGuardar},
		{method: "GET", pattern: "/auditoria", perm: perms(auth.VerAuditoria), h: s.auditoria},
		{method: "GET", pattern: "/etiquetas", perm: perms(auth.ImprimirEtiquetas),
			h: s.etiquetas},
		{method: "GET", pattern: "/computos", perm: perms(auth.VerComputo), h: s.computosLista},
		{method: "POST", pattern: "/computos", perm: perms(auth.AcordarComputo),
			h: s.computoAbrir},
		{method: "GET", pattern: "/computos/{id}", perm: perms(auth.VerComputo),
			h: s.computoPagina},
		{method: "POST", pattern: "/computos/{id}/registro/{acto}",
			perm: perms(auth.RegistrarComputo), h: s.computoActo},
		{method: "POST", pattern: "/computos/{id}/acuerdo/{acto}",
			perm: perms(auth.AcordarComputo), h: s.computoActo},
		{method: "GET", pattern: "/computos/{id}/documentos/{archivo}",
			perm: perms(auth.VerComputo), h: s.computoDocumento},
	}
}

// Handler returns the staff application, to be mounted at Prefix.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.method+" "+Prefix+rt.pattern, s.wrap(rt))
	}
	mux.Handle("GET "+Prefix+"/estatico/{archivo}", http.HandlerFunc(estatico))
	mux.Handle(Prefix+"/", s.wrap(route{public: true, h: func(w http.ResponseWriter,
		r *http.Request, _ *sesion) error {
		return &store.Refusal{Kind: store.ErrNotFound,
			Msg: "No existe la página " + r.URL.Path + " de la operación."}
	}}))
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.otroSitio))
	return headers(csrf.Handler(mux))
}

// otroSitio refuses a request forged from another site, and records it: on behalf of the
// user whose cookie it carries, if any.
func (s *Server) otroSitio(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("cross-origin request refused", "path", r.URL.Path,
		"origin", r.Header.Get("Origin"))
	msg := "Solicitud rechazada: proviene de otro sitio (protección contra falsificación " +
		"de solicitudes)."
	actor := store.Actor{Address: address(r)}
	ss, err := s.sesion(r)
	if err == nil {
		actor = ss.actor
	}
	if err := s.st.AuditRefusal(r.Context(), actor, audit.AccessRefused,
		r.Method+" "+r.URL.Path, msg); err != nil {
		s.log.Error("audit refusal", "err", err)
	}
	s.writeError(w, r, ss, &store.Refusal{Kind: store.ErrForbidden, Msg: msg})
}

// headers sets what every staff response carries: never cached, never framed.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; "+
			"script-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

// handler is a staff page: it returns its failure instead of writing it.
type handler func(w http.ResponseWriter, r *http.Request, ss *sesion) error

// wrap checks the session and the role, then runs the handler and renders its error.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.textosValidos(r); err != nil {
			s.writeError(w, r, nil, err)
			return
		}
		var ss *sesion
		if !rt.public {
			var err error
			ss, err = s.sesion(r)
			if err != nil {
				s.sinSesion(w, r, err)
				return
			}
			if ss.user.MustChange && !rt.anyState {
				s.cambiarPrimero(w, r)
				return
			}
			if !permitted(ss.user.Role, rt.perm) {
				s.denegar(w, r, ss, rt)
				return
			}
		}
		if err := rt.h(w, r, ss); err != nil {
			s.writeError(w, r, ss, err)
		}
	})
}

func permitted(role auth.Role, perms []auth.Permission) bool {
	if perms == nil {
		return true
	}
	for _, p := range perms {
		if auth.Can(role, p) {
			return true
		}
	}
	return false
}

// errTextos refuses a request whose path carries bytes no text may hold.
var errTextos = &store.Refusal{Kind: store.ErrInvalid, Msg: "La dirección de la solicitud " +
	"tiene caracteres no válidos (un byte nulo o bytes que no son UTF-8); corríjala y " +
	"vuelva a enviarla."}

// errCampo refuses a form field (or query parameter) that is not valid text.
func errCampo(campo string) error {
	return &store.Refusal{Kind: store.ErrInvalid, Msg: "El campo «" + store.Legible(campo) +
		"» tiene caracteres no válidos (un byte nulo o bytes que no son UTF-8); corríjalo y " +
		"vuelva a enviarlo."}
}

// textosValidos refuses, and records, a request whose path, query or form fields are not
// valid text (store.TextoValido): nothing of it can be looked up or stored, and on
// PostgreSQL it would fail in the database. A urlencoded form is parsed here (the
// handlers find it parsed); a multipart one is checked where it is parsed.
func (s *Server) textosValidos(r *http.Request) error {
	var err error
	if !store.TextoValido(r.URL.Path) {
		err = errTextos
	} else if campo, ok := valoresValidos(r.URL.Query()); !ok {
		err = errCampo(campo)
	} else if r.Method == http.MethodPost && strings.HasPrefix(
		r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if r.ParseForm() == nil {
			if campo, ok := valoresValidos(r.PostForm); !ok {
				err = errCampo(campo)
			}
		}
	}
	if err == nil {
		return nil
	}
	actor := store.Actor{Address: address(r)}
	if ss, e := s.sesion(r); e == nil {
		actor = ss.actor
	}
	if e := s.st.AuditRefusal(r.Context(), actor, "solicitud_no_valida",
		r.Method+" "+r.URL.Path, err.(*store.Refusal).Msg); e != nil {
		s.log.Error("audit refusal", "err", e)
	}
	return err
}

// valoresValidos reports whether every key and value of a form is valid text, and if not,
// the first field that is not.
func valoresValidos(v url.Values) (string, bool) {
	for k, vs := range v {
		if !store.TextoValido(k) {
			return k, false
		}
		for _, x := range vs {
			if !store.TextoValido(x) {
				return k, false
			}
		}
	}
	return "", true
}

// denegar refuses a route the role may not use, and records it.
func (s *Server) denegar(w http.ResponseWriter, r *http.Request, ss *sesion, rt route) {
	msg := "Su rol (" + ss.user.Role.Nombre() + ") no permite esta operación."
	if err := s.st.AuditRefusal(r.Context(), ss.actor, "acceso_denegado",
		r.Method+" "+r.URL.Path, msg); err != nil {
		s.log.Error("audit refusal", "err", err)
	}
	s.log.Warn("access refused", "user", ss.user.Username, "role", ss.user.Role,
		"method", r.Method, "path", r.URL.Path)
	s.writeError(w, r, ss, &store.Refusal{Kind: store.ErrForbidden, Msg: msg})
}

// wantsJSON reports whether the client asked for JSON.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// status maps an error's kind to its HTTP status, in one place.
func status(err error) int {
	var le *limitError
	switch {
	case errors.As(err, &le):
		return http.StatusTooManyRequests
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, store.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, store.ErrInvalid), errors.Is(err, errCampos):
		return http.StatusUnprocessableEntity
	case errors.Is(err, errSinSesion):
		return http.StatusUnauthorized
	case errors.Is(err, errTamano):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// Montar serves the staff application's paths (Prefix and below) with ops and every other
// path with site, the public results site; Prefix itself redirects to Prefix + "/".
func Montar(site, ops http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == Prefix:
			http.Redirect(w, r, Prefix+"/", http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, Prefix+"/"):
			ops.ServeHTTP(w, r)
		default:
			site.ServeHTTP(w, r)
		}
	})
}
