package web

import (
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
	st := s.actual()
	c, err := st.buscarCorte(r.PathValue("n"))
	if err != nil {
		return err
	}
	ruta := r.PathValue("ruta")
	n := c.snap.Manifiesto.Numero
	a, ok := c.archivos[ruta]
	if !ok {
		return &noEncontrado{Mensaje: fmt.Sprintf("El corte %d no tiene el archivo «%s».", n,
			ruta), Volver: corteHref(n), VolverTexto: fmt.Sprintf("Ver el corte %d", n)}
	}
	f, err := os.Open(filepath.Join(c.snap.Dir, filepath.FromSlash(ruta)))
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
	data, err := fs.ReadFile(assets, "static/estilo.css")
	if err != nil {
		http.Error(w, "estilo no disponible", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}
