package verifica

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// A published corte can be checked where it is served: from the results site
// (https://…/publicacion/) or from the object storage it was uploaded to. Both hold the
// layout of the cortes folder (index.json, NNNN/corte.json and the files its manifest lists,
// imagenes/), so the verifier fetches the files the manifests name into a temporary folder
// and checks that folder as it checks one on disk: nothing is taken from the server but
// bytes, and every byte is checked against the signed manifests.

// Limits on what a server may send, so that a hostile one cannot fill the disk: a manifest
// or an index is small; a listed file may not exceed its listed size (the excess is cut,
// and the verifier reports the size); an image is at most limiteImagen.
const (
	limiteIndice = 16 << 20
	limiteImagen = 64 << 20
	// limiteTotal bounds a whole verification: a corte of the three Puebla elections is
	// about 25 MB, so this is room for hundreds of cortes and their images.
	limiteTotal = 8 << 30
	descargas   = 8 // concurrent downloads
)

// errLimiteTotal stops a download that would pass limiteTotal.
var errLimiteTotal = fmt.Errorf("lo que sirve la dirección supera %d GB: se detiene la "+
	"descarga", limiteTotal>>30)

// EsURL reports whether path names a published corte by its address (http or https).
func EsURL(p string) bool {
	return strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://")
}

// remoto fetches from one server.
type remoto struct {
	ctx    context.Context
	client *http.Client
	base   *url.URL // ends with "/"
	huella string   // the fingerprint the cortes must be signed with, "" for any
	// redirigidas are the addresses the server redirected, with where they ended.
	redirigidas map[string]*url.URL
	// archivos and bytes count what was downloaded.
	mu       sync.Mutex
	archivos int
	bytes    int64
}

// normHuella writes a fingerprint without spaces, in lower case.
func normHuella(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

// descargar fetches what the URL holds into dir and returns the local path to verify: the
// cortes folder (when the URL serves index.json), one corte's folder (corte.json) or a CSV.
func descargar(ctx context.Context, dir, raw, huella string) (string, *remoto, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", nil, fmt.Errorf("la dirección %q no es válida", raw)
	}
	r := &remoto{ctx: ctx, client: &http.Client{Timeout: 2 * time.Minute}, huella: huella,
		redirigidas: map[string]*url.URL{}}
	if strings.HasSuffix(strings.ToLower(u.Path), ".csv") {
		r.base = u
		p := filepath.Join(dir, path.Base(u.Path))
		return p, r, r.bajar(u.String(), p, limiteImagen)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	r.base = u
	cortes := filepath.Join(dir, "cortes")
	idx := filepath.Join(cortes, "index.json")
	err = r.bajar(r.url("index.json"), idx, limiteIndice)
	if errors.Is(err, fs.ErrNotExist) && r.corteEn("") != nil {
		// The address of the site rather than of its publication: try where the site
		// serves the cortes folder.
		if e := r.bajar(r.url("publicacion/index.json"), idx, limiteIndice); e == nil {
			r.base = r.base.ResolveReference(&url.URL{Path: "publicacion/"})
			err = nil
		}
	}
	switch {
	case err == nil:
		// The files an index names are beside it, where it really is.
		if final, ok := r.redirigidas[r.url("index.json")]; ok {
			r.base = final.ResolveReference(&url.URL{Path: "./"})
		}
		return cortes, r, r.carpeta(cortes)
	case !errors.Is(err, fs.ErrNotExist):
		return "", r, err
	}
	// No index: the URL may be one corte's folder, whose images are beside it.
	uno := filepath.Join(cortes, "corte")
	if err := r.corte("", uno, "../"); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", r, fmt.Errorf("%s no publica index.json ni corte.json", raw)
		}
		return "", r, err
	}
	return uno, r, nil
}

// url is the address of a path relative to the base.
func (r *remoto) url(rel string) string {
	ref := &url.URL{Path: rel}
	return r.base.ResolveReference(ref).String()
}

// carpeta fetches every corte index.json lists.
func (r *remoto) carpeta(cortes string) error {
	idx, err := publish.ReadIndice(cortes)
	if err != nil {
		return err
	}
	for _, e := range idx.Cortes {
		if !rutaValida(e.Carpeta) || e.Carpeta != publish.CarpetaCorte(e.Numero) {
			continue // reported by the verifier
		}
		err := r.corte(e.Carpeta+"/", filepath.Join(cortes, e.Carpeta), "")
		if errors.Is(err, fs.ErrNotExist) {
			continue // the verifier reports the missing corte
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// corte fetches one corte: its manifest and signature, the files the manifest lists and
// the images its imagenes.json names, from rel (relative to the base) into dir. Images are
// in the imagenes folder beside the corte folders, at up + "imagenes/" from the base.
func (r *remoto) corte(rel, dir, up string) error {
	manif := filepath.Join(dir, "corte.json")
	if err := r.bajar(r.url(rel+"corte.json"), manif, limiteIndice); err != nil {
		return err
	}
	err := r.bajar(r.url(rel+publish.ArchivoFirma), filepath.Join(dir, publish.ArchivoFirma),
		4096)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	m, err := publish.ReadManifiesto(dir)
	if err != nil {
		return nil // the verifier reports the unreadable manifest
	}
	// Only the files of a manifest whose signature holds are fetched (a server could list
	// endless files in an unsigned one); the verifier reports the bad signature.
	raw, _ := os.ReadFile(manif)
	sig, _ := os.ReadFile(filepath.Join(dir, publish.ArchivoFirma))
	pub, err := publish.ClavePublica(m.ClavePublica)
	if err != nil || publish.VerificarFirma(pub, raw, sig) != nil {
		return nil
	}
	if r.huella != "" && normHuella(publish.Huella(pub)) != normHuella(r.huella) {
		return nil // signed with another key: reported, not fetched
	}
	type tarea struct {
		url, local string
		limite     int64
	}
	var tareas []tarea
	for _, a := range m.Archivos {
		if !rutaValida(a.Ruta) || a.Bytes < 0 {
			continue // reported by the verifier
		}
		tareas = append(tareas, tarea{r.url(rel + a.Ruta),
			filepath.Join(dir, filepath.FromSlash(a.Ruta)), a.Bytes})
	}
	if err := r.todas(len(tareas), func(i int) error {
		t := tareas[i]
		err := r.bajar(t.url, t.local, t.limite)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // reported by the verifier as a missing file
		}
		return err
	}); err != nil {
		return err
	}
	var imgs publish.ImagenesJSON
	data, err := os.ReadFile(filepath.Join(dir, publish.ArchivoImagenes))
	if err != nil || json.Unmarshal(data, &imgs) != nil {
		return nil
	}
	carpeta := filepath.Join(filepath.Dir(dir), publish.CarpetaImagenes)
	return r.todas(len(imgs.Imagenes), func(i int) error {
		name := imgs.Imagenes[i]
		sha, _, _ := strings.Cut(name, ".")
		if !publish.EsSHA256(sha) || publish.TipoImagen(path.Ext(name)) == "" ||
			strings.ContainsAny(name, "/\\") {
			return nil
		}
		local := filepath.Join(carpeta, name)
		if _, err := os.Stat(local); err == nil {
			return nil // shared with a corte fetched before
		}
		err := r.bajar(r.url(up+publish.CarpetaImagenes+"/"+name), local, limiteImagen)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // reported by the verifier as a missing image
		}
		return err
	})
}

// todas runs n downloads, a few at a time, and returns the first error.
func (r *remoto) todas(n int, f func(i int) error) error {
	sem := make(chan struct{}, descargas)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// bajar fetches one address into the file local, reading at most limite bytes and one
// more (a longer file is cut there, and its size gives it away). A 404 or 403 is an error
// wrapping fs.ErrNotExist.
func (r *remoto) bajar(addr, local string, limite int64) error {
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, addr, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "sufragio-verify")
	resp, err := r.client.Do(req)
	if err != nil {
		if r.ctx.Err() != nil {
			return fmt.Errorf("se interrumpió la descarga de %s", addr)
		}
		return fmt.Errorf("no se pudo descargar %s: %s", addr, motivoRed(err))
	}
	defer resp.Body.Close()
	if final := resp.Request.URL; final.String() != addr {
		r.mu.Lock()
		r.redirigidas[addr] = final
		r.mu.Unlock()
	}
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusForbidden:
		return noPublicado{addr, resp.Status}
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("%s respondió %s", addr, resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		return err
	}
	f, err := os.Create(local)
	if err != nil {
		return err
	}
	r.mu.Lock()
	queda := limiteTotal - r.bytes
	r.mu.Unlock()
	n, err := io.Copy(f, io.LimitReader(resp.Body, min(limite+1, queda)))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	r.mu.Lock()
	r.archivos++
	r.bytes += n
	total := r.bytes
	r.mu.Unlock()
	if err != nil {
		if r.ctx.Err() != nil {
			return fmt.Errorf("se interrumpió la descarga de %s", addr)
		}
		return fmt.Errorf("no se pudo descargar %s: %s", addr, motivoRed(err))
	}
	if total >= limiteTotal {
		return errLimiteTotal
	}
	return nil
}

// noPublicado is an address the server does not have (404 or 403); it is fs.ErrNotExist.
type noPublicado struct{ addr, status string }

func (e noPublicado) Error() string {
	return fmt.Sprintf("el servidor no tiene %s (respondió %s)", e.addr, e.status)
}

// Is makes the error match fs.ErrNotExist.
func (e noPublicado) Is(target error) bool { return target == fs.ErrNotExist }

// motivoRed is the reason of a failed download, in Spanish.
func motivoRed(err error) string {
	var ne interface{ Timeout() bool }
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		return "no se encuentra el servidor " + dns.Name
	case errors.As(err, &ne) && ne.Timeout():
		return "el servidor no respondió a tiempo"
	case strings.Contains(err.Error(), "stopped after 10 redirects"):
		return "el servidor redirige sin fin"
	case errors.As(err, &op):
		return "no se pudo conectar con el servidor"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "el servidor cortó la respuesta"
	}
	return "error de red"
}

// corteEn reports, as an error wrapping fs.ErrNotExist, that rel (relative to the base)
// serves no corte.json; nil when it does. It is asked with HEAD, downloading nothing.
func (r *remoto) corteEn(rel string) error {
	addr := r.url(rel + "corte.json")
	req, err := http.NewRequestWithContext(r.ctx, http.MethodHead, addr, nil)
	if err != nil {
		return err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return noPublicado{addr, resp.Status}
	}
	return nil
}
