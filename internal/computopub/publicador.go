package computopub

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/publish"
)

// The names of the files every cómputo folder and the publication folder hold.
const (
	ArchivoIndice  = "index.json"
	ArchivoComputo = "computo.json"
)

// maxID bounds an id, which names a folder.
const maxID = 64

var formaID = regexp.MustCompile(`^[A-Z_]+-[A-Z0-9]+$`)

// ErrID is the error of an id that cannot name a cómputo.
var ErrID = errors.New("cómputo id must be of the form [A-Z_]+-[A-Z0-9]+")

// ValidarID checks that id can name a cómputo: [A-Z_]+-[A-Z0-9]+, at most 64 characters
// ("GUB-01", "DIP_LOC-05", "AYUN-114", "GUB-VMRE", "GUB-ESTATAL"). It becomes a folder
// name, so nothing else is accepted.
func ValidarID(id string) error {
	if len(id) > maxID || !formaID.MatchString(id) {
		return fmt.Errorf("%q: %w", id, ErrID)
	}
	return nil
}

// Publicador writes the public record of the cómputos under one folder (see the package
// documentation for its layout). It is safe for concurrent use; the sessions it is given
// must not change while it reads them.
type Publicador struct {
	dir string

	mu sync.Mutex
	// indice is index.json as last written.
	indice Indice
	// publicados are the records published, by id, read from disk the first time.
	publicados map[string]*publicado
	// visto is index.json as this instance last read or wrote it; another instance's
	// write changes it (releer).
	visto fs.FileInfo
	// escribir writes one file atomically; tests replace it to stop midway.
	escribir func(dir, nombre string, data []byte) error
}

// publicado is the record of one cómputo as published.
type publicado struct {
	// registro is its computo.json; computo what it holds.
	registro Archivo
	computo  *Computo
	// contenido is the record without its files and time of update: what is compared to
	// decide whether anything changed.
	contenido []byte
	// danados are the files it lists that are not on disk as listed.
	danados map[string]bool
}

// Nuevo returns a Publicador for the folder dir, creating it if needed, with the index.json
// already there, if any. A index.json that cannot be read is an error: publishing over it
// would drop the cómputos it lists. Temporary files left by a crash are removed.
func Nuevo(dir string) (*Publicador, error) {
	if err := asegurarCarpeta(dir); err != nil {
		return nil, fmt.Errorf("open cómputos folder %s: %w", dir, err)
	}
	p := &Publicador{dir: dir, publicados: map[string]*publicado{},
		escribir: escribirAtomico}
	soltar, err := p.bloquear()
	if err != nil {
		return nil, err
	}
	defer soltar()
	idx, err := Leer(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		p.indice = Indice{Version: Version, Computos: []Entrada{}}
	case err != nil:
		return nil, err
	default:
		p.indice = *idx
		p.recordarIndice()
	}
	if err := limpiarTemporales(dir); err != nil {
		return nil, fmt.Errorf("open cómputos folder %s: %w", dir, err)
	}
	return p, nil
}

// Sesion publishes the state of a council's session as cómputo id: its entry in index.json
// and, once it has results, its record and files. ahora is the time of the change (zero:
// now). Nothing is written when nothing public changed.
func (p *Publicador) Sesion(id string, s *computo.Sesion, ahora time.Time) error {
	if err := ValidarID(id); err != nil {
		return err
	}
	if s == nil {
		return fmt.Errorf("publish cómputo %s: no session", id)
	}
	e := entradaSesion(id, s)
	var f *fuente
	if a, err := s.Acta(); err == nil {
		k := s.Conciliar()
		f = &fuente{acta: a, conciliacion: &k, casillas: s.Casillas}
	}
	return p.publicar(e, f, ahora)
}

// Estatal publishes the state of the Consejo General's state cómputo as cómputo id, as
// Sesion does for a council's session.
func (p *Publicador) Estatal(id string, c *computo.ComputoEstatal, ahora time.Time) error {
	if err := ValidarID(id); err != nil {
		return err
	}
	if c == nil {
		return fmt.Errorf("publish cómputo %s: no state cómputo", id)
	}
	e := entradaEstatal(id, c)
	var f *fuente
	if a, err := c.Acta(); err == nil {
		f = &fuente{acta: a}
	}
	return p.publicar(e, f, ahora)
}

// Indice returns a copy of index.json as last written.
func (p *Publicador) Indice() Indice {
	p.mu.Lock()
	defer p.mu.Unlock()
	x := p.indice
	x.Computos = slices.Clone(x.Computos)
	return x
}

// publicar writes the record of f, if any, and then the index entry e.
func (p *Publicador) publicar(e Entrada, f *fuente, ahora time.Time) error {
	if ahora.IsZero() {
		ahora = time.Now()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	soltar, err := p.bloquear()
	if err != nil {
		return fmt.Errorf("publish cómputo %s: %w", e.ID, err)
	}
	defer soltar()
	if err := p.releer(); err != nil {
		return fmt.Errorf("publish cómputo %s: %w", e.ID, err)
	}
	if x, ok := p.indice.Buscar(e.ID); ok && x.Eventos > e.Eventos {
		// Another instance published a later state of the session: this one is behind.
		return nil
	}
	if f != nil {
		pub, err := p.publicarRegistro(e, f, ahora)
		if err != nil {
			return fmt.Errorf("publish cómputo %s: %w", e.ID, err)
		}
		r := pub.registro
		e.Registro = &r
	}
	if err := p.actualizarIndice(e, ahora); err != nil {
		return fmt.Errorf("publish cómputo %s: %w", e.ID, err)
	}
	return nil
}

// publicarRegistro writes the files and the computo.json of a cómputo with results,
// unless the record published says the same.
func (p *Publicador) publicarRegistro(e Entrada, f *fuente, ahora time.Time) (*publicado,
	error) {
	c := f.registro(e)
	contenido, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	prev := p.previo(e.ID)
	if prev != nil && len(prev.danados) == 0 && bytes.Equal(prev.contenido, contenido) {
		return prev, nil
	}
	carpeta, err := p.carpeta(e.ID)
	if err != nil {
		return nil, err
	}
	if c.Archivos, err = p.escribirArchivos(carpeta, c, f, prev); err != nil {
		return nil, err
	}
	c.Actualizado = utc(ahora)
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	data = append(data, '\n')
	if err := p.escribir(carpeta, ArchivoComputo, data); err != nil {
		return nil, err
	}
	pub := &publicado{registro: archivoDe(ArchivoComputo, descripcionRegistro, data),
		computo: c, contenido: contenido}
	p.publicados[e.ID] = pub
	return pub, nil
}

const descripcionRegistro = "Registro del cómputo: acta, recuentos, correcciones, " +
	"constancias, conciliación con el PREP y huella de cada archivo (JSON)"

// escribirArchivos writes the documents of record c, in order, and returns them as listed.
// A file whose bytes equal those published is not written again, nor is a PDF whose
// content did not change (its bytes carry the time it was made).
func (p *Publicador) escribirArchivos(carpeta string, c *Computo, f *fuente,
	prev *publicado) ([]Archivo, error) {
	out := []Archivo{}
	for _, d := range documentos(c, f) {
		anterior, ok := Archivo{}, false
		if prev != nil && !prev.danados[d.nombre] {
			anterior, ok = prev.computo.Archivo(d.nombre)
		}
		if ok && d.clave != nil && bytes.Equal(d.clave(c), d.clave(prev.computo)) {
			out = append(out, anterior)
			continue
		}
		var b bytes.Buffer
		if err := d.generar(&b); err != nil {
			return nil, err
		}
		a := archivoDe(d.nombre, d.descripcion, b.Bytes())
		if !ok || a.SHA256 != anterior.SHA256 {
			if err := p.escribir(carpeta, d.nombre, b.Bytes()); err != nil {
				return nil, err
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// actualizarIndice writes index.json with entry e, unless its entry says the same already.
func (p *Publicador) actualizarIndice(e Entrada, ahora time.Time) error {
	i := slices.IndexFunc(p.indice.Computos, func(x Entrada) bool { return x.ID == e.ID })
	if i >= 0 && mismaEntrada(p.indice.Computos[i], e) {
		return nil
	}
	e.Actualizado = utc(ahora)
	nuevo := Indice{Version: Version, Actualizado: utc(ahora),
		Computos: slices.Clone(p.indice.Computos)}
	if i >= 0 {
		nuevo.Computos[i] = e
	} else {
		nuevo.Computos = append(nuevo.Computos, e)
	}
	slices.SortFunc(nuevo.Computos, compararEntradas)
	data, err := json.MarshalIndent(nuevo, "", "  ")
	if err != nil {
		return err
	}
	if err := p.escribir(p.dir, ArchivoIndice, append(data, '\n')); err != nil {
		return err
	}
	p.indice = nuevo
	p.recordarIndice()
	return nil
}

// mismaEntrada reports whether two entries say the same, whenever they were updated.
func mismaEntrada(a, b Entrada) bool {
	a.Actualizado, b.Actualizado = time.Time{}, time.Time{}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// compararEntradas orders the index: by election, the state cómputo first, then by unit.
func compararEntradas(a, b Entrada) int {
	return cmp.Or(cmp.Compare(a.Eleccion, b.Eleccion), compararBool(b.Estatal, a.Estatal),
		cmp.Compare(a.Unidad, b.Unidad), cmp.Compare(a.ID, b.ID))
}

func compararBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// previo returns the record of cómputo id as published, reading it from disk the first
// time, or nil when there is none that reads. Read from disk, every file it lists is
// checked against its SHA-256, so that a file a crash left newer than its record, or that
// went missing, is written again.
func (p *Publicador) previo(id string) *publicado {
	if pub, ok := p.publicados[id]; ok {
		return pub
	}
	c, err := LeerComputo(p.dir, id)
	if err != nil {
		return nil
	}
	pub := &publicado{registro: *c.Leido, computo: c, danados: map[string]bool{}}
	for _, a := range c.Archivos {
		if !comprobarArchivo(p.dir, id, a) {
			pub.danados[a.Nombre] = true
		}
	}
	sin := *c
	sin.Archivos, sin.Actualizado, sin.Leido = []Archivo{}, time.Time{}, nil
	if pub.contenido, err = json.Marshal(&sin); err != nil {
		return nil
	}
	p.publicados[id] = pub
	return pub
}

// archivoDe describes a file of bytes data.
func archivoDe(nombre, descripcion string, data []byte) Archivo {
	sum := sha256.Sum256(data)
	return Archivo{Nombre: nombre, Descripcion: descripcion, Tipo: publish.TipoArchivo(nombre),
		SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data))}
}
