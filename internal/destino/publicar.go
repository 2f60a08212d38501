package destino

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/sufragio/sufragio/internal/publish"
)

// almacen is the store under a destination: a folder or a bucket. Paths are relative to
// the destination's root, with slashes ("0001/corte.json").
type almacen interface {
	// leer returns the bytes of a small file, or an error wrapping fs.ErrNotExist.
	leer(ctx context.Context, ruta string) ([]byte, error)
	// listar returns the size of every file under the folder dir, by path relative to it.
	listar(ctx context.Context, dir string) (map[string]int64, error)
	// poner stores o with the bytes of r, which must have o.bytes bytes and SHA-256
	// o.sha256, and checks what was stored. Once it returns, readers get the whole file.
	poner(ctx context.Context, o objeto, r io.Reader) error
	// asentar makes what poner stored durable before anything written next.
	asentar(ctx context.Context) error
}

// objeto is one file to publish.
type objeto struct {
	ruta   string // destination path, with slashes
	local  string // the local file
	datos  []byte // or its bytes, read already
	bytes  int64  // -1 when unknown until the file is read
	sha256 string // hexadecimal; "" until the local file is read
	tipo   string // Content-Type
	cache  string // Cache-Control
}

// Cache-Control of the published files. A corte's files and the images never change once
// published; index.json changes with every corte, so a cache must ask each time.
const (
	cacheInmutable = "public, max-age=31536000, immutable"
	cacheNoCache   = "no-cache"
)

// tipo is the Content-Type of a published file by its name.
func tipo(nombre string) string {
	if t := publish.TipoArchivo(nombre); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Parallel uploads: the files of one step are independent, and a bucket far away is
// limited by round trips more than by bandwidth.
const (
	paraleloS3      = 8
	paraleloCarpeta = 4
)

// destino publishes cortes into an almacen.
type destino struct {
	alm      almacen
	nombre   string // for logs and errors
	paralelo int    // uploads at once
}

func (d *destino) String() string { return d.nombre }

// Publicar copies corte numero of cortesDir to the destination; see the package
// documentation for the order and the checks.
func (d *destino) Publicar(ctx context.Context, cortesDir string, numero int) error {
	if err := d.publicar(ctx, cortesDir, numero); err != nil {
		return fmt.Errorf("publish corte %d to %s: %w", numero, d.nombre, err)
	}
	return nil
}

func (d *destino) publicar(ctx context.Context, cortesDir string, numero int) error {
	if c, ok := d.alm.(*carpeta); ok && mismaCarpeta(c.dir, cortesDir) {
		return errors.New("the destination is the cortes folder itself")
	}
	// index.json is read once, and before the images are listed: a corte it lists has all
	// its images in place, and a corte built meanwhile is left for the next publication.
	indice, err := os.ReadFile(filepath.Join(cortesDir, "index.json"))
	if err != nil {
		return fmt.Errorf("read local index: %w", err)
	}
	var local publish.Indice
	if err := json.Unmarshal(indice, &local); err != nil {
		return fmt.Errorf("read local index: %w", err)
	}
	remoto, err := d.indiceRemoto(ctx)
	if err != nil {
		return err
	}
	cortes, err := pendientes(local, remoto, numero)
	if err != nil {
		return err
	}

	if err := d.subirImagenes(ctx, cortesDir); err != nil {
		return err
	}
	for _, e := range cortes {
		if err := d.subirCorte(ctx, cortesDir, e); err != nil {
			return err
		}
	}

	return d.subirTodos(ctx, []objeto{{ruta: "index.json", bytes: -1, datos: indice,
		tipo: tipo("index.json"), cache: cacheNoCache}})
}

// indiceRemoto reads the destination's index.json; a destination with none has no corte.
func (d *destino) indiceRemoto(ctx context.Context) (publish.Indice, error) {
	var idx publish.Indice
	data, err := d.alm.leer(ctx, "index.json")
	if errors.Is(err, fs.ErrNotExist) {
		return idx, nil
	}
	if err != nil {
		return idx, fmt.Errorf("read destination index: %w", err)
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		return idx, fmt.Errorf("read destination index: %w", err)
	}
	return idx, nil
}

// pendientes are the cortes to upload, oldest first: corte numero, which the local index
// must list, and every other corte the local index lists and the destination's does not.
// A corte of the destination that the local folder lacks or holds with another corte.json
// is a conflict.
func pendientes(local, remoto publish.Indice, numero int) ([]publish.EntradaIndice, error) {
	locales := map[int]publish.EntradaIndice{}
	for _, e := range local.Cortes {
		locales[e.Numero] = e
	}
	if _, ok := locales[numero]; !ok {
		return nil, fmt.Errorf("corte %d is not in the local index", numero)
	}
	publicados := map[int]bool{}
	for _, r := range remoto.Cortes {
		l, ok := locales[r.Numero]
		if !ok {
			return nil, fmt.Errorf("corte %d is at the destination and not in the local "+
				"folder: %w", r.Numero, ErrConflict)
		}
		if l.Manifiesto != r.Manifiesto {
			return nil, fmt.Errorf("corte %d at the destination has manifest %s, the local "+
				"one %s: %w", r.Numero, r.Manifiesto, l.Manifiesto, ErrConflict)
		}
		publicados[r.Numero] = true
	}
	var out []publish.EntradaIndice
	for _, e := range local.Cortes {
		if e.Numero == numero || !publicados[e.Numero] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Numero < out[j].Numero })
	return out, nil
}

// subirImagenes uploads the files of the local imagenes folder the destination lacks:
// first the images, named by their SHA-256 and so skipped when the destination has one of
// the same size, then any other file (a list of the images), which is always sent.
func (d *destino) subirImagenes(ctx context.Context, cortesDir string) error {
	dir := filepath.Join(cortesDir, publish.CarpetaImagenes)
	// The other files are read before the images are listed: an image one of them names
	// was written before it, so the listing finds the image and sends it first.
	otros, err := leerOtros(dir)
	if err != nil {
		return fmt.Errorf("read local images: %w", err)
	}
	locales, err := listarLocal(dir)
	if err != nil {
		return fmt.Errorf("list local images: %w", err)
	}
	if len(locales) == 0 {
		return nil
	}
	hay, err := d.alm.listar(ctx, publish.CarpetaImagenes)
	if err != nil {
		return fmt.Errorf("list images at the destination: %w", err)
	}
	var imagenes []objeto
	for rel, size := range locales {
		if s, ok := hay[rel]; nombradaPorHash(rel) && (!ok || s != size) {
			imagenes = append(imagenes, objeto{ruta: path.Join(publish.CarpetaImagenes, rel),
				local: filepath.Join(dir, filepath.FromSlash(rel)), bytes: size,
				tipo: tipo(rel), cache: cacheInmutable})
		}
	}
	sort.Slice(imagenes, func(i, j int) bool { return imagenes[i].ruta < imagenes[j].ruta })
	if err := d.subirTodos(ctx, imagenes); err != nil {
		return err
	}
	return d.subirTodos(ctx, otros)
}

// leerOtros reads the files of the imagenes folder dir not named by a hash.
func leerOtros(dir string) ([]objeto, error) {
	locales, err := listarLocal(dir)
	if err != nil {
		return nil, err
	}
	var out []objeto
	for rel := range locales {
		if nombradaPorHash(rel) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		out = append(out, objeto{ruta: path.Join(publish.CarpetaImagenes, rel), bytes: -1,
			datos: data, tipo: tipo(rel), cache: cacheNoCache})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ruta < out[j].ruta })
	return out, nil
}

// nombradaPorHash reports whether an image file is named by its SHA-256, and so never
// changes: "<sha256>.<ext>" at the top of the folder.
func nombradaPorHash(rel string) bool {
	stem, _, ok := strings.Cut(rel, ".")
	return ok && !strings.Contains(rel, "/") && publish.EsSHA256(stem)
}

// listarLocal returns the size of every regular file under dir, by slash path relative to
// it, leaving out hidden files (temporary ones). A missing dir has none.
func listarLocal(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		if strings.HasPrefix(e.Name(), ".") && p != dir {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = fi.Size()
		return nil
	})
	return out, err
}

// subirCorte uploads one corte: its files, then its signature, then corte.json, each step
// complete and durable before the next.
func (d *destino) subirCorte(ctx context.Context, cortesDir string, e publish.EntradaIndice) error {
	carpeta := publish.CarpetaCorte(e.Numero)
	if e.Carpeta != "" {
		carpeta = e.Carpeta
	}
	if !fs.ValidPath(carpeta) || carpeta == "." {
		return fmt.Errorf("corte %d: the local index gives it the folder %q", e.Numero, carpeta)
	}
	dir := filepath.Join(cortesDir, filepath.FromSlash(carpeta))
	m, err := publish.ReadManifiesto(dir)
	if err != nil {
		return fmt.Errorf("corte %d: %w", e.Numero, err)
	}
	if m.Numero != e.Numero {
		return fmt.Errorf("corte %d: %s/corte.json says corte %d", e.Numero, carpeta, m.Numero)
	}
	archivos := make([]objeto, 0, len(m.Archivos))
	for _, a := range m.Archivos {
		if !fs.ValidPath(a.Ruta) || a.Ruta == "corte.json" || a.Ruta == publish.ArchivoFirma {
			return fmt.Errorf("corte %d: the manifest lists the file %q", e.Numero, a.Ruta)
		}
		archivos = append(archivos, archivoCorte(dir, carpeta, a.Ruta, a.Bytes, a.SHA256))
	}
	if err := d.subirTodos(ctx, archivos); err != nil {
		return err
	}

	firma := archivoCorte(dir, carpeta, publish.ArchivoFirma, -1, "")
	if _, err := os.Stat(firma.local); err == nil {
		if err := d.subirTodos(ctx, []objeto{firma}); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("corte %d: %w", e.Numero, err)
	}
	// The index holds the hash of corte.json: the local file must still be that one.
	return d.subirTodos(ctx, []objeto{archivoCorte(dir, carpeta, "corte.json", -1,
		e.Manifiesto)})
}

// archivoCorte is a file of a corte folder; size -1 and hash "" are taken from the file.
func archivoCorte(dir, carpeta, ruta string, size int64, sum string) objeto {
	return objeto{ruta: path.Join(carpeta, ruta), local: filepath.Join(dir,
		filepath.FromSlash(ruta)), bytes: size, sha256: sum, tipo: tipo(ruta),
		cache: cacheInmutable}
}

// subirTodos uploads the files, several at once, and makes them durable. It returns the
// first error, naming its file; the uploads still running are cancelled.
func (d *destino) subirTodos(ctx context.Context, objs []objeto) error {
	if len(objs) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ch := make(chan objeto)
	var wg sync.WaitGroup
	for range min(max(d.paralelo, 1), len(objs)) {
		wg.Go(func() {
			for o := range ch {
				if err := d.subir(ctx, o); err != nil {
					cancel(err)
				}
			}
		})
	}
feed:
	for _, o := range objs {
		select {
		case ch <- o:
		case <-ctx.Done():
			break feed
		}
	}
	close(ch)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return d.alm.asentar(ctx)
}

// subir checks a local file against the size and hash it must have, filling those that
// are unknown, and uploads it; a file read already is uploaded as read.
func (d *destino) subir(ctx context.Context, o objeto) error {
	if o.datos != nil {
		sum := sha256.Sum256(o.datos)
		o.bytes, o.sha256 = int64(len(o.datos)), hex.EncodeToString(sum[:])
		return d.poner(ctx, o, bytes.NewReader(o.datos))
	}
	f, err := os.Open(o.local)
	if err != nil {
		return fmt.Errorf("upload %s: %w", o.ruta, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fmt.Errorf("upload %s: read %s: %w", o.ruta, o.local, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if o.bytes >= 0 && n != o.bytes || o.sha256 != "" && sum != o.sha256 {
		return fmt.Errorf("upload %s: the local file has %d bytes, SHA-256 %s; want %d bytes, "+
			"SHA-256 %s", o.ruta, n, sum, o.bytes, o.sha256)
	}
	o.bytes, o.sha256 = n, sum
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("upload %s: %w", o.ruta, err)
	}
	return d.poner(ctx, o, f)
}

// poner stores o, naming it in the error.
func (d *destino) poner(ctx context.Context, o objeto, r io.Reader) error {
	if err := d.alm.poner(ctx, o, r); err != nil {
		return fmt.Errorf("upload %s: %w", o.ruta, err)
	}
	return nil
}
