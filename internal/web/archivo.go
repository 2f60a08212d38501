package web

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sufragio/sufragio/internal/publish"
)

// tiposArchivo are the Content-Types of the files a corte holds.
var tiposArchivo = map[string]string{
	".csv":  "text/csv; charset=utf-8",
	".zip":  "application/zip",
	".json": "application/json",
}

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
	if !ok {
		return noArchivo(n, ruta)
	}
	f, err := os.Open(filepath.Join(c.snap.Dir, filepath.FromSlash(ruta)))
	if errors.Is(err, fs.ErrNotExist) {
		// Listed but gone: the folder was cleaned or copied in part. The reader gets the
		// same page as for a file never published; the operator gets the warning.
		s.log.Warn("file listed in corte.json is missing on disk", "corte", n, "ruta", ruta)
		return noArchivo(n, ruta)
	}
	if err != nil {
		return fmt.Errorf("open file %s of corte %d: %w", ruta, n, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat file %s of corte %d: %w", ruta, n, err)
	}

	cabecerasArchivo(w.Header(), a)
	http.ServeContent(w, r, path.Base(ruta), info.ModTime(), f)
	return nil
}

// noArchivo is the 404 of a file corte n does not have.
func noArchivo(n int, ruta string) *noEncontrado {
	return &noEncontrado{Mensaje: fmt.Sprintf("El corte %d no tiene el archivo «%s».", n, ruta),
		Volver: corteHref(n), VolverTexto: fmt.Sprintf("Ver el corte %d", n)}
}

// cabecerasArchivo sets the headers of a corte's file: its type, whether to save it, and
// its manifest hash as ETag, which ServeContent uses to answer If-None-Match.
func cabecerasArchivo(h http.Header, a publish.Archivo) {
	ext := strings.ToLower(path.Ext(a.Ruta))
	if t, ok := tiposArchivo[ext]; ok {
		h.Set("Content-Type", t)
	}
	if ext == ".csv" || ext == ".zip" {
		h.Set("Content-Disposition", mime.FormatMediaType("attachment",
			map[string]string{"filename": path.Base(a.Ruta)}))
	}
	h.Set("Cache-Control", cacheInmutable)
	h.Set("ETag", `"`+a.SHA256+`"`)
}

// imagen serves a published acta image, /imagenes/<sha256>.<ext>: the bytes as published,
// under their SHA-256 as ETag, never changing. Only names of that form are opened.
func (s *Server) imagen(w http.ResponseWriter, r *http.Request) error {
	nombre := r.PathValue("nombre")
	sha, ext, _ := strings.Cut(nombre, ".")
	tipo := publish.TipoImagen("." + ext)
	if !publish.EsSHA256(sha) || tipo == "" {
		return noImagen(nombre)
	}
	f, err := os.Open(filepath.Join(s.dir, publish.CarpetaImagenes, nombre))
	if errors.Is(err, fs.ErrNotExist) {
		return noImagen(nombre)
	}
	if err != nil {
		return fmt.Errorf("open image %s: %w", nombre, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat image %s: %w", nombre, err)
	}
	h := w.Header()
	h.Set("Content-Type", tipo)
	h.Set("Cache-Control", cacheInmutable)
	h.Set("ETag", `"`+sha+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, nombre, info.ModTime(), f)
	return nil
}

// noImagen is the 404 of an image not published.
func noImagen(nombre string) *noEncontrado {
	if len(nombre) > 80 {
		nombre = nombre[:80] + "…"
	}
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
