package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:embed templates/*.html static/*
var assets embed.FS

// paginas are the page templates; each is parsed with layout.html, bloques.html and
// actas.html.
var paginas = []string{"inicio", "cortes", "nodo", "acta", "error", "buscar", "formato", "casilla",
	"verificar", "claves", "computos", "computo"}

var funcs = template.FuncMap{
	"miles":                miles,
	"tamano":               tamano,
	"contabilizada":        contabilizada,
	"contabilizadaDetalle": contabilizadaDetalle,
	"tipoCasilla":          tipoCasilla,
	"lower":                strings.ToLower,
	"graficaVotos":         graficaVotos,
	"nombreCorte":          nombreCorte,
	"conSigno":             conSigno,
	"hora":                 horaTexto,
	"entero":               func(n int) int64 { return int64(n) },
}

// parseTemplates parses every page once, at start.
func parseTemplates() (map[string]*template.Template, error) {
	out := make(map[string]*template.Template, len(paginas))
	for _, p := range paginas {
		t, err := template.New(p).Funcs(funcs).ParseFS(assets, "templates/layout.html",
			"templates/bloques.html", "templates/actas.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", p, err)
		}
		out[p] = t
	}
	return out, nil
}

// Cache-Control values. A file or page of a numbered corte never changes (its selector
// lists the cortes up to it only); the latest-corte pages change with each new corte; an
// error may stop being one when a corte is published; a file of a cómputo keeps its name
// when a correction rewrites it, so it is revalidated on every use.
const (
	cacheInmutable = "public, max-age=31536000, immutable"
	cacheCorto     = "public, max-age=30"
	cacheEstatico  = "public, max-age=3600"
	cacheError     = "no-cache"
	cacheRevalidar = "no-cache"
	cacheNinguno   = "no-store"
)

// render executes a page into a buffer first, so that a template error becomes a clean 500
// instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, cache, name string, data any) error {
	body, err := s.ejecutar(name, data)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", tipoHTML)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", cache)
	w.WriteHeader(status)
	w.Write(body) // a write error means the reader left; nothing to do
	return nil
}

// ejecutar renders a page.
func (s *Server) ejecutar(name string, data any) ([]byte, error) {
	t := s.tmpl[name]
	if t == nil {
		return nil, fmt.Errorf("render: no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// noEncontrado is a page or file that does not exist. Mensaje is Spanish, for people;
// Volver and VolverTexto point to the nearest page that does exist.
type noEncontrado struct {
	Mensaje     string
	Volver      string
	VolverTexto string
}

func (e *noEncontrado) Error() string { return "not found: " + e.Mensaje }

// paginaInexistente is the 404 of an address the site does not have.
func paginaInexistente(r *http.Request) *noEncontrado {
	return noHay("No existe la página %s.", r.URL.Path)
}

// maxEco is how many characters of what a reader sent (an id, a path) a message repeats.
const maxEco = 60

// eco is what a reader sent as a message repeats it: valid UTF-8 and at most maxEco
// characters, cut between characters and ended with "…" when it was longer. Every message
// that repeats an id, a path or a query goes through it, so that none splits a character
// in two or repeats ten kilobytes back.
func eco(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= maxEco {
		return s
	}
	return string([]rune(s)[:maxEco]) + "…"
}

// esAPI reports whether a path is of the JSON API, whose errors are JSON too.
func esAPI(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

// noHay returns a noEncontrado that points back to the home page. Its string arguments are
// what the reader asked for, or names of the site short enough to pass whole: each is
// repeated through eco.
func noHay(format string, args ...any) *noEncontrado {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = eco(s)
		}
	}
	return &noEncontrado{Mensaje: fmt.Sprintf(format, args...), Volver: "/",
		VolverTexto: "Volver al inicio"}
}

// redirigir sends the reader to dest, an address of the site already escaped, with a
// Spanish body instead of the English one of http.Redirect.
func redirigir(w http.ResponseWriter, r *http.Request, dest string, code int, cache string) {
	h := w.Header()
	h.Set("Location", dest)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", cache)
	body := "La página está en " + eco(dest) + "\n"
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		io.WriteString(w, body)
	}
}

// errorPage is the data of the error page.
type errorPage struct {
	pagina
	Mensaje     string
	Volver      string
	VolverTexto string
	Solicitud   string // request id of a 500, to quote when reporting it
}

// fail turns a handler's error into a page: 404 for what does not exist, 500 otherwise,
// with the detail only in the log. A reader who left while a corte loaded gets nothing.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	marco := pagina{Sitio: s.actual().sitio(), Error: true, Computos: s.computos != nil}
	var nf *noEncontrado
	var ea *enActualizacion
	if esAPI(r.URL.Path) {
		s.failAPI(w, r, err)
		return
	}
	switch {
	case errors.As(err, &nf):
		s.log.Debug("page not found", "path", r.URL.Path, "reason", nf.Mensaje)
		marco.Titulo = "Página no encontrada"
		p := errorPage{pagina: marco, Mensaje: nf.Mensaje, Volver: nf.Volver,
			VolverTexto: nf.VolverTexto}
		if err := s.render(w, http.StatusNotFound, cacheError, "error", p); err != nil {
			s.log.Error("render error page", "err", err)
			http.Error(w, "No encontramos la página.", http.StatusNotFound)
		}
		return
	case errors.As(err, &ea):
		s.actualizandose(w, r, marco, ea)
		return
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		s.log.Debug("reader left", "path", r.URL.Path)
		return
	}
	id := requestID()
	s.log.Error("serve page", "request_id", id, "path", r.URL.Path, "err", err)
	marco.Titulo = "Error del sitio"
	p := errorPage{pagina: marco, Solicitud: id,
		Mensaje: "Ocurrió un error al preparar esta página.", Volver: "/",
		VolverTexto: "Volver al inicio"}
	if err := s.render(w, http.StatusInternalServerError, cacheNinguno, "error", p); err != nil {
		http.Error(w, "Error del sitio. Solicitud "+id, http.StatusInternalServerError)
	}
}

// actualizandose answers a request that met a cómputo between two renames of its files
// with a 503 that asks the reader to retry in a moment.
func (s *Server) actualizandose(w http.ResponseWriter, r *http.Request, marco pagina,
	ea *enActualizacion) {
	s.log.Info("cómputo being updated", "path", r.URL.Path, "archivo", ea.que)
	marco.Titulo = "Cómputo en actualización"
	p := errorPage{pagina: marco, Volver: r.URL.Path, VolverTexto: "Volver a intentarlo",
		Mensaje: "El cómputo se está actualizando en este momento. Vuelva a intentarlo en " +
			"unos segundos."}
	w.Header().Set("Retry-After", "2")
	if err := s.render(w, http.StatusServiceUnavailable, cacheNinguno, "error", p); err != nil {
		http.Error(w, p.Mensaje, http.StatusServiceUnavailable)
	}
}

// failAPI is fail for the JSON API: the error as a document.
func (s *Server) failAPI(w http.ResponseWriter, r *http.Request, err error) {
	var nf *noEncontrado
	status, msg, cache := http.StatusNotFound, "", cacheError
	switch {
	case errors.As(err, &nf):
		msg = nf.Mensaje
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return
	default:
		id := requestID()
		s.log.Error("serve api", "request_id", id, "path", r.URL.Path, "err", err)
		status, cache = http.StatusInternalServerError, cacheNinguno
		msg = "Ocurrió un error al preparar este documento. Solicitud " + id + "."
	}
	body, _ := jsonCuerpo(struct {
		Error string `json:"error"`
	}{msg})
	h := w.Header()
	h.Set("Content-Type", tipoJSON)
	h.Set("Cache-Control", cache)
	w.WriteHeader(status)
	w.Write(body)
}

// requestID returns a random id that ties a 500 page to its log line.
func requestID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	return hex.EncodeToString(b[:])
}
