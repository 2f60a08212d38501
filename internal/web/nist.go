package web

import (
	"bufio"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/sufragio/sufragio/internal/nist"
	"github.com/sufragio/sufragio/internal/publish"
)

// ArchivoNIST is the address, under a corte's archivos, of its NIST SP 1500-100 v2 report.
const ArchivoNIST = "nist.json"

// nistSem admits one NIST report at a time: each is rebuilt from the corte's CSVs and takes
// about a second of processor, so a burst of requests must not take the site down. Once
// served, a report is immutable, and a CDN in front keeps it.
var nistSem = make(chan struct{}, 1)

// nistJSON serves the NIST SP 1500-100 v2 Election Results Reporting report of corte c,
// derived from its signed CSVs alone (as `sufragio nist` writes it), gzip-compressed when
// the reader accepts it. The report is not a file of the corte (about 128 MB for the three
// elections of Puebla 2024, it would slow every corte down), so it is made when asked for.
func (s *Server) nistJSON(w http.ResponseWriter, r *http.Request, c *corteData) error {
	n := c.entrada.Numero
	h := w.Header()
	if c.entrada.Manifiesto != "" {
		etag := `"nist-` + c.entrada.Manifiesto + `"`
		h.Set("ETag", etag)
		if etagCoincide(r.Header.Get("If-None-Match"), etag) {
			h.Set("Cache-Control", cacheInmutable)
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	select {
	case nistSem <- struct{}{}:
		defer func() { <-nistSem }()
	default:
		h.Del("ETag")
		h.Set("Cache-Control", "no-store")
		h.Set("Retry-After", "5")
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "Se está preparando otro informe NIST; intente de nuevo en unos segundos.")
		return nil
	}
	dir := filepath.Join(s.dir, filepath.FromSlash(c.entrada.Carpeta))
	m, res, err := publish.LeerResultados(dir)
	if err != nil {
		return fmt.Errorf("NIST report of corte %d: %w", n, err)
	}
	in := nist.Input{Numero: m.Numero, Hora: m.Hora, Generado: m.Generado, Final: m.Final,
		Simulacro: m.Simulacro, Proceso: m.Proceso, Elecciones: res}
	nombre := strings.TrimSuffix(nist.FileName(in), ".json") + fmt.Sprintf("_corte_%d.json", n)
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": nombre}))
	h.Set("Cache-Control", cacheInmutable)
	h.Set("Vary", "Accept-Encoding")
	comprimir := acepta(r.Header.Get("Accept-Encoding"), "gzip")
	if comprimir {
		h.Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	var err2 error
	if comprimir {
		gz, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		bw := bufio.NewWriterSize(gz, 1<<16)
		err2 = nist.Write(bw, in)
		if err2 == nil {
			err2 = bw.Flush()
		}
		if err2 == nil {
			err2 = gz.Close()
		}
	} else {
		bw := bufio.NewWriterSize(w, 1<<16)
		err2 = nist.Write(bw, in)
		if err2 == nil {
			err2 = bw.Flush()
		}
	}
	if err2 != nil && r.Context().Err() == nil {
		// The status is sent: the reader gets a cut body, the operator the reason.
		s.log.Error("NIST report cut short", "corte", n, "err", err2)
	}
	return nil
}
