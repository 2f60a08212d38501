package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// ExportarSitio writes the prerendered pages of the latest corte under dir as static files,
// with the site's style sheet, icon and script, for a web server or a CDN in front of
// sufragio: the page at /cortes/2/GUB/distritos/005 becomes
// cortes/2/GUB/distritos/005/index.html, a JSON document index.json, each beside its .gz
// and .br, and a server that serves precompressed files (nginx's gzip_static) sends the
// very bytes sufragio sends. Only the pages rendered when the corte is loaded are written
// (home, elections, distritos, municipios and their JSON, and the entidades of a national
// election, which have no JSON); the rest of the site (secciones, actas, search, downloads,
// the list of cortes) stays with sufragio serve, to which the front server passes what it
// does not hold. An id with a slash (N/A) is written as folders. It returns how many
// documents it wrote.
func (s *Server) ExportarSitio(dir string) (int, error) {
	st := s.actual()
	if st.ultimo == nil {
		return 0, fmt.Errorf("export site: no corte is published in %s", s.dir)
	}
	pre := st.ultimo.pre.Load()
	if pre == nil {
		return 0, fmt.Errorf("export site: corte %d has no prerendered pages",
			st.ultimo.entrada.Numero)
	}
	for ruta, d := range pre.docs {
		p, err := url.PathUnescape(ruta)
		if err != nil || strings.Contains(p, "..") {
			return 0, fmt.Errorf("export site: path %q", ruta)
		}
		name := "index.html"
		if d.tipo == tipoJSON {
			name = "index.json"
		}
		file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/")), name)
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return 0, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(d.gz))
		if err != nil {
			return 0, err
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			return 0, err
		}
		for suffix, data := range map[string][]byte{"": raw, ".gz": d.gz, ".br": d.br} {
			if err := os.WriteFile(file+suffix, data, 0o644); err != nil {
				return 0, err
			}
		}
	}
	for name, f := range map[string]string{"estilo.css": "static/estilo.css",
		"favicon.svg": "static/favicon.svg", "actualizar.js": "static/actualizar.js"} {
		data, err := assets.ReadFile(f)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return 0, err
		}
	}
	return len(pre.docs), nil
}
