package web

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server is the public results site. It serves the cortes published in one folder: the
// latest is loaded at start and by Reload, the others when a reader asks for one, and a
// few of those are kept in memory. It is safe for concurrent use.
type Server struct {
	dir  string
	log  *slog.Logger
	tmpl map[string]*template.Template

	reloading sync.Mutex // one Reload at a time, so no latest corte is loaded twice
	sinIndice bool       // index.json was missing at the last Reload; under reloading

	viejos      *cache
	manifiestos manifiestos

	// estado is what the site serves: replaced whole by Reload, read by every request.
	estado atomic.Pointer[estado]
	sondeo time.Duration // see SondeoCortes

	// computos is the cómputos folder served under /computos; nil when not (ConComputos).
	computos *computos
}

// Option configures a Server made by New.
type Option func(*Server)

// KeepCortes sets how many cortes other than the latest a Server keeps in memory after a
// reader asked for them; the least recently asked for is dropped first. The default is
// DefaultKeepCortes; 0 keeps only the latest, and every other corte is read from disk
// for each request.
func KeepCortes(n int) Option {
	return func(s *Server) { s.viejos.max = max(n, 0) }
}

// SondeoCortes sets how often the pages' script asks whether a new corte was published
// (30 seconds by default, as long as /api/v1/ultimo is cached).
func SondeoCortes(d time.Duration) Option {
	return func(s *Server) { s.sondeo = max(d, 100*time.Millisecond) }
}

// New returns a Server for the cortes folder cortesDir. It reads index.json and loads the
// latest corte only, so the site answers as soon as that one is ready. A folder with no
// index.json yet is a site with no corte. A latest corte that fails to load is logged and
// the newest one before it that loads is served; New fails only if the templates or the
// index cannot be read.
func New(cortesDir string, log *slog.Logger, opts ...Option) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{dir: cortesDir, log: log, tmpl: t, sondeo: 30 * time.Second}
	s.viejos = newCache(DefaultKeepCortes, s.cargarViejo)
	for _, o := range opts {
		o(s)
	}
	if err := s.Reload(); err != nil {
		var ce *corteError
		if !errors.As(err, &ce) {
			return nil, err
		}
		log.Error("some cortes were not loaded", "err", err)
	}
	return s, nil
}

// Handler returns the site's routes. Only GET and HEAD are served; any other method gets
// 405, and any unknown path the Spanish 404 page.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.handle(s.inicio))
	mux.Handle("GET /estilo.css", http.HandlerFunc(estilo))
	mux.Handle("GET /favicon.svg", http.HandlerFunc(favicon))
	mux.Handle("GET /actualizar.js", http.HandlerFunc(actualizar))
	mux.Handle("GET /favicon.ico", http.HandlerFunc(sinIcono))
	mux.Handle("GET /imagenes/{nombre}", s.handle(s.imagen))
	mux.Handle("GET /cortes", s.handle(s.listaCortes))
	mux.Handle("GET /cortes/index.json", s.handle(s.indiceJSON))
	mux.Handle("GET /publicacion", s.handle(s.publicacionRaiz))
	mux.Handle("GET /publicacion/{ruta...}", s.handle(s.publicacion))
	mux.Handle("GET /verificar", s.handle(s.verificar))
	mux.Handle("GET /buscar", s.handle(s.buscar))
	mux.Handle("GET /cortes/ir", s.handle(s.irACorte))
	mux.Handle("GET /cortes/{n}", s.handle(s.corteInicio))
	mux.Handle("GET /cortes/{n}/archivos/{ruta...}", s.handle(s.archivo))
	mux.Handle("GET /cortes/{n}/{eleccion}", s.handle(s.eleccionCorte))
	// Unit, sección and acta pages share one pattern: the mux cannot tell
	// /cortes/{n}/{eleccion}/distritos/{id} apart from /cortes/{n}/archivos/{ruta...}.
	mux.Handle("GET /cortes/{n}/{eleccion}/{resto...}", s.handle(s.nivel))
	mux.Handle("GET /{eleccion}", s.handle(s.eleccionUltima))
	if s.computos != nil {
		mux.Handle("GET /computos", s.handle(s.listaComputos))
		mux.Handle("GET /computos/index.json", s.handle(s.indiceComputos))
		mux.Handle("GET /computos/{id}", s.handle(s.paginaComputo))
		mux.Handle("GET /computos/{id}/{archivo}", s.handle(s.archivoComputo))
	}
	mux.Handle("GET "+apiPrefix+"/ultimo", s.handle(s.apiUltimoHandler))
	mux.Handle("GET "+apiPrefix+"/cortes", s.handle(s.apiCortes))
	mux.Handle("GET "+apiPrefix+"/cortes/{n}", s.handle(s.apiCorteHandler))
	mux.Handle("GET "+apiPrefix+"/cortes/{n}/{eleccion}", s.handle(s.apiEleccionHandler))
	mux.Handle("GET "+apiPrefix+"/cortes/{n}/{eleccion}/{nivel}/{id}",
		s.handle(s.apiNivelHandler))
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return paginaInexistente(r)
	}))
	return soloLectura(s.prerenderizadas(mux))
}

// The routes the metrics name the pages served from memory by: rendered when their corte
// was loaded, or at their first request and kept.
const (
	rutaPrerenderizada = "GET (página prerenderizada)"
	rutaBajoDemanda    = "GET (página guardada)"
)

// prerenderizadas serves the pages rendered when their corte was loaded, and passes the
// rest on.
func (s *Server) prerenderizadas(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, c := s.documentoDe(r)
		if d != nil {
			r.Pattern = rutaPrerenderizada // for the metrics: no route of the mux served it
			d.servir(w, r)
			return
		}
		if c != nil && !esArchivo(r.URL.Path) && esCanonica(c, r.URL.EscapedPath()) &&
			c.demanda.servir(w, r, next) {
			r.Pattern = rutaBajoDemanda
			return
		}
		next.ServeHTTP(w, r)
	})
}

// direccionLimpia is the address of a request without empty or dot segments and without a
// trailing slash, escaped as it came (an id "N/A" stays one segment, N%2FA), with its
// query.
func direccionLimpia(u *url.URL) string {
	limpio := path.Clean(u.EscapedPath())
	if p, err := url.PathUnescape(limpio); err != nil || path.Clean(p) != p {
		// Dot segments written with escapes (%2E%2E/): cleaned once unescaped, as
		// ServeMux would read them.
		limpio = (&url.URL{Path: path.Clean(u.Path)}).EscapedPath()
	}
	if u.RawQuery != "" {
		limpio += "?" + u.RawQuery
	}
	return limpio
}

// canonica answers with a 301 to want, the one address of the page asked for, when the
// request spelled it otherwise: the election's code in another case (/gub), an escaped
// slash between segments (casillas%2F…), a needless escape (%30001). It reports whether it
// answered. want is escaped as the site links to it (see nodoHref).
func canonica(w http.ResponseWriter, r *http.Request, want string) bool {
	if r.URL.EscapedPath() == want {
		return false
	}
	if r.URL.RawQuery != "" {
		want += "?" + r.URL.RawQuery
	}
	redirigir(w, r, want, http.StatusMovedPermanently, cacheCorto)
	return true
}

// esCanonica reports whether p is the one address of its page in corte c, the way the site
// links to it: every segment escaped as url.PathEscape escapes it, the election's code as
// published, no empty segment. Only those pages are kept: other spellings are sent to it
// (see canonica), and cannot fill the corte's pages.
func esCanonica(c *corteData, p string) bool {
	segs := strings.Split(strings.TrimPrefix(strings.TrimPrefix(p, apiPrefix), "/"), "/")
	for _, sg := range segs {
		u, err := url.PathUnescape(sg)
		if err != nil || sg == "" || url.PathEscape(u) != sg {
			return false
		}
	}
	// segs: "cortes", n, eleccion, …
	if len(segs) >= 3 {
		e := c.eleccion(segs[2])
		return e != nil && e.Def.Codigo == segs[2]
	}
	return true
}

// esArchivo reports whether a path is a download of a corte, served from its file.
func esArchivo(p string) bool {
	rest, ok := strings.CutPrefix(p, "/cortes/")
	if !ok {
		return false
	}
	_, rest, _ = strings.Cut(rest, "/")
	return strings.HasPrefix(rest, "archivos/")
}

// documentoDe finds the prerendered document of a request: in the latest corte for the
// addresses of the latest, in its corte, if loaded, for those of a numbered corte, which
// it also returns (nil for the addresses of the latest).
func (s *Server) documentoDe(r *http.Request) (*documento, *corteData) {
	st := s.actual()
	p := strings.TrimPrefix(r.URL.Path, apiPrefix)
	rest, numerada := strings.CutPrefix(p, "/cortes/")
	if !numerada {
		if st.ultimo == nil {
			return nil, nil
		}
		return st.ultimo.pre.Load().buscar(r), nil
	}
	n, _, _ := strings.Cut(rest, "/")
	var c *corteData
	if st.ultimo != nil && strconv.Itoa(st.ultimo.entrada.Numero) == n {
		c = st.ultimo
	} else if k, err := strconv.Atoi(n); err == nil && strconv.Itoa(k) == n {
		c = s.viejos.cargadoNumero(k)
	}
	if c == nil {
		return nil, nil
	}
	return c.pre.Load().buscar(r), c
}

// handler is a page that returns its failure instead of writing it.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handler: its error becomes the 404 or 500 page.
func (s *Server) handle(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

var (
	valNosniff  = []string{"nosniff"}
	valReferrer = []string{"same-origin"}
	valCSP      = []string{"default-src 'none'; style-src 'self'; img-src 'self'; " +
		"script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
		"base-uri 'none'"}
)

// soloLectura refuses every method but GET and HEAD and sets the headers common to every
// response. The site's one script is its own and no form writes, so the policy is strict.
func soloLectura(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Set without canonicalizing or allocating: the site answers tens of thousands of
		// requests a second on election night. The slices are never changed.
		h["X-Content-Type-Options"] = valNosniff
		h["Referrer-Policy"] = valReferrer
		h["Content-Security-Policy"] = valCSP
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			h.Set("Cache-Control", cacheNinguno)
			const msg = "Método no permitido: este sitio solo admite consultas (GET y HEAD)."
			if esAPI(r.URL.Path) {
				body, _ := jsonCuerpo(struct {
					Error string `json:"error"`
				}{msg})
				h.Set("Content-Type", tipoJSON)
				w.WriteHeader(http.StatusMethodNotAllowed)
				w.Write(body)
				return
			}
			http.Error(w, msg, http.StatusMethodNotAllowed)
			return
		}
		if p := r.URL.Path; p != "" && p[0] == '/' && p != "/" && path.Clean(p) != p {
			// "//GUB", "/cortes/2/./GUB", "/GUB/": one address per page. ServeMux would
			// redirect some of them too, with an English body.
			redirigir(w, r, direccionLimpia(r.URL), http.StatusMovedPermanently, cacheCorto)
			return
		}
		next.ServeHTTP(w, r)
	})
}
