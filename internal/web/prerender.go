package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// documento is a response rendered once and kept compressed, with gzip and with brotli:
// serving it is writing bytes, with no template, no encoding and no compression per
// request. A reader that accepts neither gets the gzip bytes inflated.
type documento struct {
	tipo   string // Content-Type
	cache  string // Cache-Control
	etag   string // of the uncompressed bytes; each encoding adds its suffix
	tamano int    // uncompressed size
	gz, br []byte
	// The header values of each answer, made once: a response sets them without
	// allocating. They are never changed.
	hTipo, hCache, hEtag, hEtagGz, hEtagBr, hLargo, hLargoGz, hLargoBr []string
}

var (
	valVary = []string{"Accept-Encoding"}
	valGzip = []string{"gzip"}
	valBr   = []string{"br"}
)

// Compressors are reused: setting one up (brotli's hash tables above all) costs more than
// compressing a page.
var (
	gzips = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
		return w
	}}
	brotlis = sync.Pool{New: func() any {
		// A page is far smaller than the 64 KiB window.
		return brotli.NewWriterOptions(io.Discard, brotli.WriterOptions{Quality: 5, LGWin: 16})
	}}
)

// nuevoDocumento compresses a rendered response.
func nuevoDocumento(tipo, cache string, body []byte) (*documento, error) {
	sum := sha256.Sum256(body)
	d := &documento{tipo: tipo, cache: cache, tamano: len(body),
		etag: base64.RawURLEncoding.EncodeToString(sum[:12])}
	var gz bytes.Buffer
	zw := gzips.Get().(*gzip.Writer)
	defer gzips.Put(zw)
	zw.Reset(&gz)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	var br bytes.Buffer
	bw := brotlis.Get().(*brotli.Writer)
	defer brotlis.Put(bw)
	bw.Reset(&br)
	if _, err := bw.Write(body); err != nil {
		return nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, err
	}
	d.gz, d.br = gz.Bytes(), br.Bytes()
	d.hTipo, d.hCache = []string{tipo}, []string{cache}
	d.hEtag = []string{`"` + d.etag + `"`}
	d.hEtagGz, d.hEtagBr = []string{`"` + d.etag + `-gz"`}, []string{`"` + d.etag + `-br"`}
	d.hLargo = []string{strconv.Itoa(d.tamano)}
	d.hLargoGz, d.hLargoBr = []string{strconv.Itoa(len(d.gz))}, []string{strconv.Itoa(len(d.br))}
	return d, nil
}

// servir writes the document in the best encoding the request accepts, or 304 when the
// reader holds it already.
func (d *documento) servir(w http.ResponseWriter, r *http.Request) {
	body, enc, etag, largo := d.gz, []string(nil), d.hEtag, d.hLargo
	if ae := r.Header["Accept-Encoding"]; len(ae) > 0 {
		h := strings.Join(ae, ",")
		qbr, qgz := calidad(h, "br"), calidad(h, "gzip")
		switch {
		case qbr > 0 && qbr >= qgz:
			body, enc, etag, largo = d.br, valBr, d.hEtagBr, d.hLargoBr
		case qgz > 0:
			body, enc, etag, largo = d.gz, valGzip, d.hEtagGz, d.hLargoGz
		}
	}
	h := w.Header()
	h["Content-Type"] = d.hTipo
	h["Cache-Control"] = d.hCache
	h["Vary"] = valVary
	h["Etag"] = etag
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagCoincide(inm[0], etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = largo
	if enc == nil {
		if r.Method == http.MethodHead {
			return
		}
		zr, err := gzip.NewReader(bytes.NewReader(d.gz))
		if err == nil {
			io.Copy(w, zr) // a write error means the reader left
		}
		return
	}
	h["Content-Encoding"] = enc
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// calidad returns the weight (q) an Accept-Encoding header gives a coding, by name or by
// "*": 1 when named without q, 0 when refused or not named.
func calidad(header, coding string) float64 {
	q, comodin := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.TrimSpace(name)
		v := 1.0
		for param := range strings.SplitSeq(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(param), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				v = f
			}
		}
		switch {
		case strings.EqualFold(name, coding):
			q = v
		case name == "*":
			comodin = v
		}
	}
	if q >= 0 {
		return q
	}
	return max(comodin, 0)
}

// acepta reports whether an Accept-Encoding header accepts the coding.
func acepta(header, coding string) bool { return calidad(header, coding) > 0 }

// etagCoincide reports whether an If-None-Match header names the tag (or is "*").
func etagCoincide(header, etag string) bool {
	if header == "" {
		return false
	}
	for part := range strings.SplitSeq(header, ",") {
		t := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// prerenderizado is every page of a corte rendered when the corte is loaded, by path as
// the site links to it (escaped).
type prerenderizado struct {
	docs     map[string]*documento
	duracion time.Duration
	bytes    int // compressed, both encodings
}

// buscar returns the document of a request, or nil. No prerendered page reads a query, so
// one (a shared link's ?utm_source=…) is ignored.
func (p *prerenderizado) buscar(r *http.Request) *documento {
	if p == nil {
		return nil
	}
	return p.docs[r.URL.EscapedPath()]
}

// paginaPre is a page to render: its path, cache policy and how to build it.
type paginaPre struct {
	ruta   string
	cache  string
	plant  string
	datos  func() (any, error)
	esJSON bool
}

// prerenderizar renders the pages of corte c that readers open first: its home page, each
// election and each distrito and municipio, with their JSON, each entidad of a national
// election (whose API has no document), and, when ultimo, the addresses of the latest
// corte (/, /{eleccion} and /api/v1/ultimo). The rest of the corte's pages are rendered at
// their first request and kept (bajoDemanda). It uses every core.
func (s *Server) prerenderizar(st estado, c *corteData, ultimo bool) (*prerenderizado,
	error) {
	start := time.Now()
	var ps []paginaPre
	n := c.entrada.Numero
	add := func(ruta, cache, plant string, f func() (any, error)) {
		ps = append(ps, paginaPre{ruta: ruta, cache: cache, plant: plant, datos: f})
	}
	addJSON := func(ruta, cache string, f func() (any, error)) {
		ps = append(ps, paginaPre{ruta: ruta, cache: cache, datos: f, esJSON: true})
	}
	if ultimo {
		add("/", cacheCorto, "inicio", func() (any, error) { return st.inicio(c, true), nil })
		addJSON("/api/v1/ultimo", cacheCorto, func() (any, error) { return apiUltimo(c), nil })
	}
	add(corteHref(n), cacheInmutable, "inicio", func() (any, error) {
		return st.inicio(c, false), nil
	})
	addJSON(apiHref(corteHref(n)), cacheInmutable, func() (any, error) { return apiCorte(c), nil })
	for _, es := range c.snap.Elecciones {
		e := c.eleccion(es.Def.Codigo)
		if ultimo {
			add("/"+e.Def.Codigo, cacheCorto, "nodo", func() (any, error) {
				return st.eleccion(c, e, true), nil
			})
		}
		add(e.href(), cacheInmutable, "nodo", func() (any, error) {
			return st.eleccion(c, e, false), nil
		})
		addJSON(apiHref(e.href()), cacheInmutable, func() (any, error) {
			return apiEleccion(c, e), nil
		})
		for i := range e.Entidades {
			id := e.Entidades[i].ID
			add(nodoHref(n, e.Def.Codigo, "entidades", id), cacheInmutable, "nodo",
				func() (any, error) { return st.paginaEntidad(c, e, id) })
		}
		// Secciones and actas, thousands of pages, are rendered at their first request
		// (see bajoDemanda), so that a corte is ready in well under a second.
		for _, nivel := range []string{"distritos", "municipios"} {
			ns, _ := e.nodos(nivel)
			for i := range ns {
				id := ns[i].ID
				ruta := nodoHref(n, e.Def.Codigo, nivel, id)
				add(ruta, cacheInmutable, "nodo", func() (any, error) {
					return st.unidad(c, e, nivel, id)
				})
				addJSON(apiHref(ruta), cacheInmutable, func() (any, error) {
					return apiNodo(c, e, nivel, id)
				})
			}
		}
	}
	out := &prerenderizado{docs: make(map[string]*documento, len(ps))}
	var mu sync.Mutex
	var first error
	work := make(chan paginaPre)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				d, err := s.renderPre(p)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("prerender %s: %w", p.ruta, err)
				}
				if err == nil {
					out.docs[p.ruta] = d
					out.bytes += len(d.gz) + len(d.br)
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range ps {
		work <- p
	}
	close(work)
	wg.Wait()
	out.duracion = time.Since(start)
	return out, first
}

// renderPre renders one page or JSON document and compresses it.
func (s *Server) renderPre(p paginaPre) (*documento, error) {
	data, err := p.datos()
	if err != nil {
		return nil, err
	}
	if p.esJSON {
		body, err := jsonCuerpo(data)
		if err != nil {
			return nil, err
		}
		return nuevoDocumento(tipoJSON, p.cache, body)
	}
	body, err := s.ejecutar(p.plant, data)
	if err != nil {
		return nil, err
	}
	return nuevoDocumento(tipoHTML, p.cache, body)
}

// Content types of the site's documents.
const (
	tipoHTML = "text/html; charset=utf-8"
	tipoJSON = "application/json"
)

// bajoDemanda keeps the pages of a numbered corte rendered at their first request: they
// never change, so each is rendered and compressed once, however many ask for it at once.
type bajoDemanda struct {
	mu sync.Mutex
	m  map[string]*pendiente
}

// pendiente is one page being rendered or rendered; mu is held while it renders.
type pendiente struct {
	mu sync.Mutex
	d  *documento
}

// maxBajoDemanda bounds the pages kept per corte (a corte of the three Puebla elections has
// about 58,000 sección, casilla and acta pages, each with its JSON, of 1-3 KB compressed).
const maxBajoDemanda = 140000

// servir answers the request with the kept page of its path, rendering it with h the first
// time. Only a page h completed is kept: a 200 with a type and a body, for a reader still
// there when it ended. Anything else (a 404, a 301, nothing at all when the reader left
// while the corte loaded) is answered as h answered it and not kept, so that addresses that
// do not exist take no room and a cancelled render cannot leave an empty page for others.
// It returns false, and the caller serves the request, when the corte keeps enough pages
// already.
func (b *bajoDemanda) servir(w http.ResponseWriter, r *http.Request, h http.Handler) bool {
	key := r.URL.EscapedPath()
	b.mu.Lock()
	p := b.m[key]
	if p == nil {
		if len(b.m) >= maxBajoDemanda {
			b.mu.Unlock()
			return false
		}
		if b.m == nil {
			b.m = map[string]*pendiente{}
		}
		p = &pendiente{}
		b.m[key] = p
	}
	b.mu.Unlock()
	p.mu.Lock()
	if p.d != nil {
		p.mu.Unlock()
		p.d.servir(w, r)
		return true
	}
	rec := b.renderizar(r, h)
	var d *documento
	if rec.completa() && r.Context().Err() == nil {
		d, _ = nuevoDocumento(rec.h.Get("Content-Type"), rec.h.Get("Cache-Control"),
			rec.body.Bytes())
	}
	p.d = d
	p.mu.Unlock()
	if d != nil {
		d.servir(w, r)
		return true
	}
	b.mu.Lock()
	if b.m[key] == p {
		delete(b.m, key)
	}
	b.mu.Unlock()
	rec.copiar(w, r)
	return true
}

// renderizar runs h for the GET of a request, with no header that could change its answer
// (a conditional or an encoding), and records what it wrote.
func (b *bajoDemanda) renderizar(r *http.Request, h http.Handler) *grabadora {
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	get.Header = http.Header{}
	rec := &grabadora{h: http.Header{}}
	h.ServeHTTP(rec, get)
	return rec
}

// grabadora records a response. Its status is 0 until the handler writes one or a body.
type grabadora struct {
	h    http.Header
	code int
	body bytes.Buffer
}

func (g *grabadora) Header() http.Header { return g.h }

func (g *grabadora) WriteHeader(code int) {
	if g.code == 0 {
		g.code = code
	}
}

func (g *grabadora) Write(b []byte) (int, error) {
	g.WriteHeader(http.StatusOK)
	return g.body.Write(b)
}

// completa reports whether the response is a whole page to keep: a 200 with its type and
// a body.
func (g *grabadora) completa() bool {
	return g.code == http.StatusOK && g.body.Len() > 0 && g.h.Get("Content-Type") != ""
}

// copiar writes the recorded response to w, as the request asked (no body for HEAD).
// Nothing recorded, nothing is written.
func (g *grabadora) copiar(w http.ResponseWriter, r *http.Request) {
	if g.code == 0 {
		return
	}
	for k, v := range g.h {
		w.Header()[k] = v
	}
	w.WriteHeader(g.code)
	if r.Method != http.MethodHead {
		w.Write(g.body.Bytes())
	}
}
