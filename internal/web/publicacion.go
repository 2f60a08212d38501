package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// The cortes folder as published is served, read-only, under /publicacion/, so that a
// verifier (sufragio verify https://…/publicacion/) or a mirror reads a corte over HTTP as
// it would from the folder or from the object storage it was uploaded to:
//
//	/publicacion/index.json                  the cortes folder's index.json, also at
//	                                         /cortes/index.json
//	/publicacion/{carpeta}/corte.json        a corte's manifest, as written
//	/publicacion/{carpeta}/corte.json.sig    its signature, when it is signed
//	/publicacion/{carpeta}/{ruta}            a file its manifest lists
//	/publicacion/imagenes/{sha256}.{ext}     a published acta image
//	/publicacion/imagenes/index.json         the images folder's index, when there is one
//
// {carpeta} is the corte's folder as index.json names it (publish.CarpetaCorte, "0002").
// Nothing else is reachable: a corte the site does not list, a file its manifest does not
// list, a path with an escaped slash or a dot segment, a symbolic link, a directory. The
// manifest, signature and files of a corte never change and are cached as immutable; the
// two indexes change and are revalidated (no-cache), with the SHA-256 of their bytes as
// ETag.

// contenido is a small published file held in memory with its ETag: index.json.
type contenido struct {
	data []byte
	etag string
}

// nuevoContenido keeps data with its SHA-256 as ETag.
func nuevoContenido(data []byte) *contenido {
	sum := sha256.Sum256(data)
	return &contenido{data: data, etag: `"` + hex.EncodeToString(sum[:]) + `"`}
}

// servir writes the file, answering HEAD, ranges and conditional requests.
func (c *contenido) servir(w http.ResponseWriter, r *http.Request, cache string) {
	h := w.Header()
	h.Set("Content-Type", tipoJSON)
	h.Set("Cache-Control", cache)
	h.Set("ETag", c.etag)
	servirContenido(w, r, "index.json", time.Time{}, bytes.NewReader(c.data))
}

// indiceJSON answers /cortes/index.json, the feed of cortes, with the address where the
// site serves it, /publicacion/index.json: the paths it gives (0002, 0002/cambios.json) are
// relative to that folder, so a reader that follows the redirect resolves them right.
func (s *Server) indiceJSON(w http.ResponseWriter, r *http.Request) error {
	redirigir(w, r, "/publicacion/index.json", http.StatusFound, cacheCorto)
	return nil
}

// indicePublicado serves index.json of the cortes folder, as read by the last Reload: the
// feed of cortes, revalidated on every use.
func (s *Server) indicePublicado(w http.ResponseWriter, r *http.Request) error {
	idx := s.actual().indice
	if idx == nil {
		return noPublicado("index.json")
	}
	idx.servir(w, r, cacheError)
	return nil
}

// publicacionRaiz answers /publicacion, a folder that cannot be listed, for a person who
// types it: the page that says what it holds and how to check it.
func (s *Server) publicacionRaiz(w http.ResponseWriter, r *http.Request) error {
	redirigir(w, r, "/verificar", http.StatusFound, cacheCorto)
	return nil
}

// publicacion serves a file of the cortes folder as published (see above).
func (s *Server) publicacion(w http.ResponseWriter, r *http.Request) error {
	ruta := r.PathValue("ruta")
	// ServeMux unescapes the path it gives: "0002%2Fcorte.json" would read as two segments.
	// The folder's layout has one spelling per file.
	if strings.Contains(strings.ToLower(r.URL.EscapedPath()), "%2f") || !fs.ValidPath(ruta) {
		return noPublicado(ruta)
	}
	carpeta, resto, _ := strings.Cut(ruta, "/")
	switch {
	case ruta == "index.json":
		return s.indicePublicado(w, r)
	case carpeta == publish.CarpetaImagenes:
		return s.imagenPublicada(w, r, resto)
	}
	st := s.actual()
	e, ok := st.entradaCarpeta(carpeta)
	if !ok || resto == "" {
		return noPublicado(ruta)
	}
	switch resto {
	case "corte.json", publish.ArchivoFirma:
		return s.servirPequeno(w, r, carpeta+"/"+resto, cacheInmutable)
	}
	m, err := s.manifiesto(st, e)
	if errors.Is(err, fs.ErrNotExist) {
		return noPublicado(ruta)
	}
	if err != nil {
		return err
	}
	a, ok := archivosListados(m)[resto]
	if !ok {
		return noPublicado(ruta)
	}
	return s.servirListado(w, r, e, a)
}

// imagenPublicada serves what the images folder holds: an acta image, or its index.json
// when there is one.
func (s *Server) imagenPublicada(w http.ResponseWriter, r *http.Request, nombre string) error {
	if nombre == "index.json" {
		return s.servirPequeno(w, r, publish.CarpetaImagenes+"/index.json", cacheError)
	}
	if err := s.servirImagen(w, r, nombre); err != nil {
		var nf *noEncontrado
		if errors.As(err, &nf) {
			return noPublicado(publish.CarpetaImagenes + "/" + nombre)
		}
		return err
	}
	return nil
}

// maxPequeno bounds the files read whole to be served with the SHA-256 of their bytes as
// ETag: manifests, signatures and indexes, of a few kilobytes.
const maxPequeno = 16 << 20

// servirPequeno serves a small file of the cortes folder that no manifest lists (a corte's
// corte.json and its signature, the images' index), name relative to the folder, with the
// SHA-256 of its bytes as ETag.
func (s *Server) servirPequeno(w http.ResponseWriter, r *http.Request, name, cache string) error {
	return servirPequenoEn(w, r, s.dir, name, cache)
}

// servirPequenoEn serves a small file of the published folder dir as servirPequeno does.
func servirPequenoEn(w http.ResponseWriter, r *http.Request, dir, name, cache string) error {
	f, info, err := abrirPublicado(dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		return noPublicado(name)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	if info.Size() > maxPequeno {
		return fmt.Errorf("serve %s: %d bytes, more than %d", name, info.Size(), maxPequeno)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	c := nuevoContenido(data)
	h := w.Header()
	h.Set("Content-Type", publish.TipoArchivo(name))
	h.Set("Cache-Control", cache)
	h.Set("ETag", c.etag)
	servirContenido(w, r, name, info.ModTime(), bytes.NewReader(data))
	return nil
}

// entradaCarpeta returns the index entry of the corte whose folder is carpeta.
func (st estado) entradaCarpeta(carpeta string) (publish.EntradaIndice, bool) {
	for _, e := range st.orden {
		if e.Carpeta == carpeta {
			return e, true
		}
	}
	return publish.EntradaIndice{}, false
}

// noPublicado is the 404 of a path of /publicacion/ that is not a published file.
func noPublicado(ruta string) *noEncontrado {
	nf := noHay("La publicación no tiene el archivo «%s».", ruta)
	nf.Volver, nf.VolverTexto = "/verificar", "Cómo verificar los cortes"
	return nf
}
