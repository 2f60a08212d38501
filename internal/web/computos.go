package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sufragio/sufragio/internal/computopub"
	"github.com/sufragio/sufragio/internal/publish"
)

// The cómputos are served beside the PREP from the folder internal/computopub writes, never
// from the database where the councils' sessions are stored (see ConComputos):
//
//	/computos                      every cómputo, by election: progress and outcome
//	/computos/index.json           the folder's index.json, as published
//	/computos/{id}                 one cómputo: results, winner and constancia, recounts,
//	                               corrections, reconciliation with the PREP, downloads
//	/computos/{id}/computo.json    its record, as published
//	/computos/{id}/{archivo}       a file its record lists (acta, constancias, CSV)
//
// The folder changes while the councils sit, so every request looks at index.json's
// modification time, size and inode (one stat) and reads the folder again when they
// change. Pages are cached for 30 seconds and revalidated by ETag; the published files are
// revalidated on every use (no-cache): a correction rewrites acta.pdf under the same name.
// A file is served only when its bytes have the SHA-256 its record states; in the moment
// between the rename of a new file and that of the record that lists it, the reader is
// asked to retry (503).

// ConComputos makes the site serve the public record of the cómputos published in dir by
// internal/computopub, under /computos, and link to it from every page.
func ConComputos(dir string) Option {
	return func(s *Server) { s.computos = &computos{dir: dir} }
}

// computos is the cómputos folder the site serves.
type computos struct {
	dir string
	mu  sync.Mutex // one reading of the folder at a time
	// actual is the folder as last read.
	actual atomic.Pointer[lecturaComputos]
	// huellas are the SHA-256 of the files served, by path, with the file they were
	// computed on, so that an unchanged file is hashed once.
	huellas sync.Map
}

// lecturaComputos is the cómputos folder as read at one moment: its index, and the records
// and pages read or rendered since. A new index.json makes a new one.
type lecturaComputos struct {
	info   fs.FileInfo // of index.json; nil when there was none
	indice *computopub.Indice
	// registros are the records read, by id (*computopub.Computo), each the one the index
	// states.
	registros sync.Map
	// paginas are the pages rendered, by path (*paginaComputos).
	paginas sync.Map
}

// paginaComputos is a rendered page and the state of the PREP it was rendered with: the
// site's name and the corte's colours come from it.
type paginaComputos struct {
	prep *estado
	d    *documento
}

// huella is the SHA-256 of a file as it was when hashed.
type huella struct {
	info fs.FileInfo
	sha  string
}

// enActualizacion is a request that met the folder between two renames: a file newer than
// the record that lists it. The reader is asked to retry in a moment.
type enActualizacion struct{ que string }

func (e *enActualizacion) Error() string { return "being updated: " + e.que }

// lectura returns the cómputos folder as it is now, reading it again when its index.json
// changed. An index.json that does not read is logged, and the previous reading served.
func (s *Server) lectura() (*lecturaComputos, error) {
	c := s.computos
	info, err := statIndice(c.dir)
	if err != nil {
		return nil, err
	}
	if l := c.actual.Load(); l != nil && mismoArchivo(l.info, info) {
		return l, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Stat before reading: a file replaced in between is read again at the next request.
	if info, err = statIndice(c.dir); err != nil {
		return nil, err
	}
	anterior := c.actual.Load()
	if anterior != nil && mismoArchivo(anterior.info, info) {
		return anterior, nil
	}
	l := &lecturaComputos{info: info, indice: &computopub.Indice{}}
	if info != nil {
		x, err := computopub.Leer(c.dir)
		if err != nil && anterior != nil {
			s.log.Error("read cómputos index; serving the previous one", "dir", c.dir,
				"err", err)
			return anterior, nil
		}
		if err != nil {
			return nil, err
		}
		l.indice = x
	}
	c.actual.Store(l)
	return l, nil
}

// statIndice stats index.json of a cómputos folder: nil when there is none.
func statIndice(dir string) (fs.FileInfo, error) {
	info, err := os.Stat(filepath.Join(dir, computopub.ArchivoIndice))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("stat cómputos index of %s: %w", dir, err)
	}
	return info, nil
}

// mismoArchivo reports whether two looks at a path saw the same file, unchanged.
func mismoArchivo(a, b fs.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// registro returns the record of entry e, the one index.json states; nil when the cómputo
// has no results yet.
func (s *Server) registro(l *lecturaComputos, e computopub.Entrada) (*computopub.Computo,
	error) {
	if e.Registro == nil {
		return nil, nil
	}
	if c, ok := l.registros.Load(e.ID); ok {
		return c.(*computopub.Computo), nil
	}
	c, err := computopub.LeerComputo(s.computos.dir, e.ID)
	if err != nil {
		return nil, err
	}
	if c.Leido.SHA256 != e.Registro.SHA256 || c.Leido.Bytes != e.Registro.Bytes {
		return nil, &enActualizacion{que: e.ID + "/" + computopub.ArchivoComputo}
	}
	l.registros.Store(e.ID, c)
	return c, nil
}

// entrada returns the entry of cómputo id, or the Spanish 404.
func (l *lecturaComputos) entrada(id string) (computopub.Entrada, error) {
	e, ok := l.indice.Buscar(id)
	if computopub.ValidarID(id) != nil || !ok {
		return e, noComputo(id)
	}
	return e, nil
}

// noComputo is the 404 of a cómputo not published.
func noComputo(id string) *noEncontrado {
	return &noEncontrado{Mensaje: fmt.Sprintf("No se ha publicado ningún cómputo «%s».",
		eco(id)), Volver: "/computos", VolverTexto: "Ver los cómputos publicados"}
}

// noArchivoComputo is the 404 of a file a cómputo does not list.
func noArchivoComputo(id, nombre string) *noEncontrado {
	return &noEncontrado{Mensaje: fmt.Sprintf("El cómputo %s no tiene el archivo «%s».",
		eco(id), eco(nombre)), Volver: computoHref(id), VolverTexto: "Ver el cómputo " + eco(id)}
}

// computoHref is the address of the page of cómputo id.
func computoHref(id string) string { return "/computos/" + id }

// computoArchivoHref is the address of a file of cómputo id.
func computoArchivoHref(id, nombre string) string {
	return computoHref(id) + "/" + url.PathEscape(nombre)
}

// servirComputos answers with the page clave of lectura l, rendering it with pagina when
// it is not rendered yet for the PREP state served now.
func (s *Server) servirComputos(w http.ResponseWriter, r *http.Request, l *lecturaComputos,
	clave string, pagina func(st estado) (string, any, error)) error {
	prep := s.estado.Load()
	if v, ok := l.paginas.Load(clave); ok && v.(*paginaComputos).prep == prep {
		v.(*paginaComputos).d.servir(w, r)
		return nil
	}
	plantilla, datos, err := pagina(s.actual())
	if err != nil {
		return err
	}
	body, err := s.ejecutar(plantilla, datos)
	if err != nil {
		return err
	}
	d, err := nuevoDocumento(tipoHTML, cacheCorto, body)
	if err != nil {
		return err
	}
	l.paginas.Store(clave, &paginaComputos{prep: prep, d: d})
	d.servir(w, r)
	return nil
}

// listaComputos is /computos.
func (s *Server) listaComputos(w http.ResponseWriter, r *http.Request) error {
	l, err := s.lectura()
	if err != nil {
		return err
	}
	return s.servirComputos(w, r, l, "/computos", func(st estado) (string, any, error) {
		return "computos", st.computosPagina(l.indice), nil
	})
}

// paginaComputo is /computos/{id}.
func (s *Server) paginaComputo(w http.ResponseWriter, r *http.Request) error {
	l, err := s.lectura()
	if err != nil {
		return err
	}
	e, err := l.entrada(r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.registro(l, e)
	if err != nil {
		return err
	}
	return s.servirComputos(w, r, l, computoHref(e.ID), func(st estado) (string, any, error) {
		return "computo", st.computoPagina(e, c), nil
	})
}

// indiceComputos is /computos/index.json: the folder's index as published, whatever the
// site last read.
func (s *Server) indiceComputos(w http.ResponseWriter, r *http.Request) error {
	err := servirPequenoEn(w, r, s.computos.dir, computopub.ArchivoIndice, cacheRevalidar)
	var nf *noEncontrado
	if errors.As(err, &nf) {
		return noHay("Aún no se ha publicado ningún cómputo.")
	}
	return err
}

// archivoComputo is /computos/{id}/{archivo}: computo.json, or a file its record lists.
func (s *Server) archivoComputo(w http.ResponseWriter, r *http.Request) error {
	l, err := s.lectura()
	if err != nil {
		return err
	}
	e, err := l.entrada(r.PathValue("id"))
	if err != nil {
		return err
	}
	nombre := r.PathValue("archivo")
	var a computopub.Archivo
	switch c, err := s.registro(l, e); {
	case err != nil:
		return err
	case c == nil:
		return noArchivoComputo(e.ID, nombre)
	case nombre == computopub.ArchivoComputo:
		a = *e.Registro
	default:
		var ok bool
		if a, ok = c.Archivo(nombre); !ok || path.Base(nombre) != nombre {
			return noArchivoComputo(e.ID, nombre)
		}
	}
	return s.servirArchivoComputo(w, r, e.ID, a)
}

// servirArchivoComputo serves file a of cómputo id if its bytes are those a states.
func (s *Server) servirArchivoComputo(w http.ResponseWriter, r *http.Request, id string,
	a computopub.Archivo) error {
	ruta := id + "/" + a.Nombre
	f, info, err := abrirPublicado(s.computos.dir, ruta)
	if errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("file listed in a cómputo's record is missing on disk", "computo", id,
			"archivo", a.Nombre, "err", err)
		return noArchivoComputo(id, a.Nombre)
	}
	if err != nil {
		return fmt.Errorf("open %s of cómputo: %w", ruta, err)
	}
	defer f.Close()
	sha, err := s.computos.huella(ruta, f, info)
	if err != nil {
		return fmt.Errorf("hash %s of cómputo: %w", ruta, err)
	}
	if sha != a.SHA256 {
		return &enActualizacion{que: ruta}
	}
	h := w.Header()
	h.Set("Content-Type", publish.TipoArchivo(a.Nombre))
	if strings.HasSuffix(a.Nombre, ".csv") {
		h.Set("Content-Disposition", mime.FormatMediaType("attachment",
			map[string]string{"filename": a.Nombre}))
	}
	h.Set("Cache-Control", cacheRevalidar)
	h.Set("ETag", `"`+sha+`"`)
	servirContenido(w, r, a.Nombre, info.ModTime(), f)
	return nil
}

// huella returns the SHA-256 of f, the file at ruta described by info, and leaves f at its
// start. A file hashed before and unchanged since is not read again.
func (c *computos) huella(ruta string, f *os.File, info fs.FileInfo) (string, error) {
	if v, ok := c.huellas.Load(ruta); ok && mismoArchivo(v.(huella).info, info) {
		return v.(huella).sha, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	sha := hex.EncodeToString(h.Sum(nil))
	c.huellas.Store(ruta, huella{info: info, sha: sha})
	return sha, nil
}
