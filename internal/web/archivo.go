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

// estilo serves the site's style sheet.
func estilo(w http.ResponseWriter, r *http.Request) {
	estatico(w, "static/estilo.css", "text/css; charset=utf-8")
}

// actualizar serves the script that follows new cortes.
func actualizar(w http.ResponseWriter, r *http.Request) {
	estatico(w, "static/actualizar.js", "text/javascript; charset=utf-8")
}

// favicon serves the site's icon, a ballot box drawn for the site.
func favicon(w http.ResponseWriter, r *http.Request) {
	estatico(w, "static/favicon.svg", "image/svg+xml")
}

// sinIcono answers the browsers that ask for /favicon.ico without reading the layout's
// link to /favicon.svg: no icon, rather than a 404 page they would ask for again.
func sinIcono(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", cacheEstatico)
	w.WriteHeader(http.StatusNoContent)
}

// estatico serves an embedded file.
func estatico(w http.ResponseWriter, name, tipo string) {
	data, err := fs.ReadFile(assets, name)
	if err != nil {
		http.Error(w, "archivo no disponible", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", tipo)
	w.Header().Set("Cache-Control", cacheEstatico)
	w.Write(data)
}
