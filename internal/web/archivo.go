package web

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// archivo serves a file of a corte. Only the files its manifest lists are served, so no
// address can reach anything else in the folder or outside it.
func (s *Server) archivo(w http.ResponseWriter, r *http.Request) error {
	c, err := s.actual().buscarCorte(r.Context(), r.PathValue("n"))
	if err != nil {
		return err
	}
	ruta := r.PathValue("ruta")
	n := c.entrada.Numero
	a, ok := c.archivos[ruta]
	if !ok && ruta == ArchivoNIST && len(c.snap.Manifiesto.Elecciones) > 0 {
		if canonica(w, r, archivoHref(n, ruta)) {
			return nil
		}
		return s.nistJSON(w, r, c)
	}
	if !ok {
		return noArchivo(n, ruta)
	}
	if canonica(w, r, archivoHref(n, ruta)) {
		return nil
	}
	return s.servirListado(w, r, c.entrada, a)
}

// servirListado serves a file a corte's manifest lists, a, from the corte's folder. A file
// listed but gone from disk (the folder was cleaned or copied in part) is the same 404 as a
// file never published for the reader, and a warning for the operator.
func (s *Server) servirListado(w http.ResponseWriter, r *http.Request, e publish.EntradaIndice,
	a publish.Archivo) error {
	f, info, err := abrirPublicado(s.dir, e.Carpeta+"/"+a.Ruta)
	if errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("file listed in corte.json is missing on disk", "corte", e.Numero,
			"ruta", a.Ruta, "err", err)
		return noArchivo(e.Numero, a.Ruta)
	}
	if err != nil {
		return fmt.Errorf("open file %s of corte %d: %w", a.Ruta, e.Numero, err)
	}
	defer f.Close()
	cabecerasArchivo(w.Header(), a)
	servirContenido(w, r, path.Base(a.Ruta), info.ModTime(), f)
	return nil
}

// abrirPublicado opens name, a slash-separated path inside the cortes folder dir, through an
// os.Root, so that no "..", symbolic link or mount point can lead outside the folder; and
// only a regular file: a symbolic link (even one pointing inside), a directory or a device
// is an error wrapping fs.ErrNotExist, as a file that is not there.
func abrirPublicado(dir, name string) (*os.File, fs.FileInfo, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	name = filepath.FromSlash(name)
	li, err := root.Lstat(name)
	if err != nil {
		return nil, nil, err
	}
	if !li.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s is not a regular file (%s): %w", name, li.Mode().Type(),
			fs.ErrNotExist)
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !os.SameFile(li, info) {
		// Replaced between the two looks by something else: refuse it.
		err = fmt.Errorf("%s changed while it was opened: %w", name, fs.ErrNotExist)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// noArchivo is the 404 of a file corte n does not have.
func noArchivo(n int, ruta string) *noEncontrado {
	return &noEncontrado{
		Mensaje: fmt.Sprintf("El corte %d no tiene el archivo «%s».", n, eco(ruta)),
		Volver:  corteHref(n), VolverTexto: fmt.Sprintf("Ver el corte %d", n)}
}

// cabecerasArchivo sets the headers of a corte's file: its type, whether to save it, and
// its manifest hash as ETag, which ServeContent uses to answer If-None-Match.
func cabecerasArchivo(h http.Header, a publish.Archivo) {
	ext := strings.ToLower(path.Ext(a.Ruta))
	if t := publish.TipoArchivo(a.Ruta); t != "" {
		h.Set("Content-Type", t)
	}
	if ext == ".csv" || ext == ".zip" {
		h.Set("Content-Disposition", mime.FormatMediaType("attachment",
			map[string]string{"filename": path.Base(a.Ruta)}))
	}
	h.Set("Cache-Control", cacheInmutable)
	h.Set("ETag", `"`+a.SHA256+`"`)
}

// servirContenido serves a published file with http.ServeContent, which answers HEAD,
// ranges and conditional requests. ServeContent's answers other than 2xx and 304 (412 for
// an If-Match that fails, 416 for a range outside the file) get a Spanish body instead of
// its English one, and lose the headers set for the file: "immutable" and the file's ETag
// would keep an error in caches for a year.
func servirContenido(w http.ResponseWriter, r *http.Request, name string, mod time.Time,
	content io.ReadSeeker) {
	http.ServeContent(&respuestaArchivo{ResponseWriter: w, r: r}, r, name, mod, content)
}

// mensajesArchivo are the bodies of the errors ServeContent may answer.
var mensajesArchivo = map[int]string{
	http.StatusPreconditionFailed: "No se cumple la condición de la solicitud (If-Match o " +
		"If-Unmodified-Since): el archivo publicado no es el que indica.\n",
	http.StatusRequestedRangeNotSatisfiable: "El intervalo de bytes pedido (Range) no está " +
		"dentro del archivo. Pida el archivo completo o un intervalo dentro de su tamaño.\n",
}

// respuestaArchivo is the ResponseWriter ServeContent writes to (see servirContenido).
type respuestaArchivo struct {
	http.ResponseWriter
	r     *http.Request
	error bool // a status other than 2xx or 304 was written, with our body
}

func (a *respuestaArchivo) WriteHeader(code int) {
	if code < 300 || code == http.StatusNotModified {
		a.ResponseWriter.WriteHeader(code)
		return
	}
	a.error = true
	h := a.Header()
	for _, k := range []string{"Etag", "Last-Modified", "Content-Disposition",
		"Content-Encoding"} {
		h.Del(k)
	}
	msg, ok := mensajesArchivo[code]
	if !ok {
		msg = "No se pudo servir el archivo.\n"
	}
	h.Set("Cache-Control", cacheError)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(msg)))
	a.ResponseWriter.WriteHeader(code)
	if a.r.Method != http.MethodHead {
		io.WriteString(a.ResponseWriter, msg)
	}
}

// Write drops what ServeContent writes after an error status: its English text.
func (a *respuestaArchivo) Write(b []byte) (int, error) {
	if a.error {
		return len(b), nil
	}
	return a.ResponseWriter.Write(b)
}

// ReadFrom lets the server send the file with sendfile, as it would without the wrapper.
func (a *respuestaArchivo) ReadFrom(src io.Reader) (int64, error) {
	if a.error {
		return io.Copy(io.Discard, src)
	}
	return io.Copy(a.ResponseWriter, src)
}

// Unwrap gives http.ResponseController the connection's writer.
func (a *respuestaArchivo) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// imagen serves a published acta image, /imagenes/<sha256>.<ext>.
func (s *Server) imagen(w http.ResponseWriter, r *http.Request) error {
	return s.servirImagen(w, r, r.PathValue("nombre"))
}

// servirImagen serves a published acta image by its file name, <sha256>.<ext>: the bytes
// as published, under their SHA-256 as ETag, never changing. Only names of that form are
// opened, and only regular files.
func (s *Server) servirImagen(w http.ResponseWriter, r *http.Request, nombre string) error {
	sha, ext, _ := strings.Cut(nombre, ".")
	tipo := publish.TipoImagen("." + ext)
	if !publish.EsSHA256(sha) || tipo == "" {
		return noImagen(nombre)
	}
	f, info, err := abrirPublicado(s.dir, publish.CarpetaImagenes+"/"+nombre)
	if errors.Is(err, fs.ErrNotExist) {
		return noImagen(nombre)
	}
	if err != nil {
		return fmt.Errorf("open image %s: %w", nombre, err)
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", tipo)
	h.Set("Cache-Control", cacheInmutable)
	h.Set("ETag", `"`+sha+`"`)
	servirContenido(w, r, nombre, info.ModTime(), f)
	return nil
}

// noImagen is the 404 of an image not published.
func noImagen(nombre string) *noEncontrado {
	return noHay("No se ha publicado ninguna imagen «%s». Las imágenes se nombran con el "+
		"código de integridad de su acta, que da la página del acta.", nombre)
}

// estaticos are the site's own files, compressed once and served with an ETag.
var estaticos = sync.OnceValue(func() map[string]*documento {
	out := map[string]*documento{}
	for name, tipo := range map[string]string{
		"static/estilo.css":    "text/css; charset=utf-8",
		"static/actualizar.js": "text/javascript; charset=utf-8",
		"static/favicon.svg":   "image/svg+xml",
	} {
		data, err := fs.ReadFile(assets, name)
		if err != nil {
			continue
		}
		if d, err := nuevoDocumento(tipo, cacheEstatico, data); err == nil {
			out[name] = d
		}
	}
	return out
})

// estilo serves the site's style sheet.
func estilo(w http.ResponseWriter, r *http.Request) {
	estatico(w, r, "static/estilo.css")
}

// actualizar serves the script that follows new cortes.
func actualizar(w http.ResponseWriter, r *http.Request) {
	estatico(w, r, "static/actualizar.js")
}

// favicon serves the site's icon, a ballot box drawn for the site.
func favicon(w http.ResponseWriter, r *http.Request) {
	estatico(w, r, "static/favicon.svg")
}

// sinIcono answers the browsers that ask for /favicon.ico without reading the layout's
// link to /favicon.svg: no icon, rather than a 404 page they would ask for again.
func sinIcono(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", cacheEstatico)
	w.WriteHeader(http.StatusNoContent)
}

// estatico serves an embedded file of the site, compressed as the reader accepts.
func estatico(w http.ResponseWriter, r *http.Request, name string) {
	d := estaticos()[name]
	if d == nil {
		http.Error(w, "archivo no disponible", http.StatusInternalServerError)
		return
	}
	d.servir(w, r)
}
