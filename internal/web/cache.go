package web

import (
	"context"
	"slices"
	"sync"

	"github.com/sufragio/sufragio/internal/publish"
)

// DefaultKeepCortes is how many cortes besides the latest a Server keeps in memory unless
// KeepCortes says otherwise. A loaded corte of the three 2024 elections of Puebla takes
// 70-100 MB; one of the country's three federal elections, about 1 GB.
const DefaultKeepCortes = 4

// cargasSimultaneas bounds how many cortes are decoded at once. A crawler asking for every
// old corte at the same moment would otherwise hold them all in memory while they load.
const cargasSimultaneas = 2

// cache holds the cortes other than the latest that readers asked for recently. However
// many requests ask for a corte at once, it is loaded once; the least recently used loaded
// corte is dropped when more than max are held. A failed load is forgotten, so the next
// request tries again.
type cache struct {
	max  int
	load func(publish.EntradaIndice) (*corteData, error)
	sem  chan struct{} // one token per corte being decoded

	mu     sync.Mutex
	cargas map[int]*carga
	uso    []int // corte numbers, least recently used first
}

// carga is one corte being loaded or loaded. listo is closed once c or err is set; hecho
// says the same under cache.mu.
type carga struct {
	entrada publish.EntradaIndice
	listo   chan struct{}
	hecho   bool
	c       *corteData
	err     error
}

func newCache(max int, load func(publish.EntradaIndice) (*corteData, error)) *cache {
	return &cache{max: max, load: load, sem: make(chan struct{}, cargasSimultaneas),
		cargas: map[int]*carga{}}
}

// cargadoNumero returns corte n if it is loaded, without loading it or counting a use.
func (k *cache) cargadoNumero(n int) *corteData {
	k.mu.Lock()
	defer k.mu.Unlock()
	if cg := k.cargas[n]; cg != nil && cg.hecho {
		return cg.c
	}
	return nil
}

// get returns the corte of an index entry, loading it if no one has. The load goes on when
// the request that started it gives up, so that the next reader finds it done.
func (k *cache) get(ctx context.Context, e publish.EntradaIndice) (*corteData, error) {
	k.mu.Lock()
	cg := k.cargas[e.Numero]
	if cg == nil || !mismaEntrada(cg.entrada, e) {
		cg = &carga{entrada: e, listo: make(chan struct{})}
		k.cargas[e.Numero] = cg
		go k.cargar(cg)
	}
	k.usar(e.Numero)
	k.mu.Unlock()

	// A corte loaded already is returned whatever the context says: select picks at random
	// among ready cases, and a reader who left must not turn a loaded corte into an error
	// half the time.
	select {
	case <-cg.listo:
		return cg.c, cg.err
	default:
	}
	select {
	case <-cg.listo:
		return cg.c, cg.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// cargar loads one corte, trims the cache to its size and then answers the readers
// waiting, so that they find the cache as it will stay.
func (k *cache) cargar(cg *carga) {
	defer close(cg.listo)
	k.sem <- struct{}{}
	cg.c, cg.err = k.load(cg.entrada)
	<-k.sem

	k.mu.Lock()
	defer k.mu.Unlock()
	cg.hecho = true
	if cg.err != nil {
		k.quitar(cg.entrada.Numero, cg)
		return
	}
	k.recortar()
}

// poner keeps a corte loaded elsewhere (the latest, when a newer one replaces it) as the
// most recently used.
func (k *cache) poner(c *corteData) {
	k.mu.Lock()
	defer k.mu.Unlock()
	cg := &carga{entrada: c.entrada, listo: make(chan struct{}), hecho: true, c: c}
	close(cg.listo)
	k.cargas[c.entrada.Numero] = cg
	k.usar(c.entrada.Numero)
	k.recortar()
}

// cargado returns the corte of an entry if it is loaded, or nil.
func (k *cache) cargado(e publish.EntradaIndice) *corteData {
	k.mu.Lock()
	defer k.mu.Unlock()
	cg := k.cargas[e.Numero]
	if cg == nil || !cg.hecho || cg.err != nil || !mismaEntrada(cg.entrada, e) {
		return nil
	}
	return cg.c
}

// conservar drops the cortes whose entry is not in orden any more, or has changed.
func (k *cache) conservar(orden []publish.EntradaIndice) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for n, cg := range k.cargas {
		i, ok := buscarEntrada(orden, n)
		if !ok || !mismaEntrada(orden[i], cg.entrada) {
			k.quitar(n, cg)
		}
	}
}

// cargados returns the numbers of the cortes held, least recently used first.
func (k *cache) cargados() []int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.uso)
}

// usar marks corte n as the most recently used. The caller holds k.mu.
func (k *cache) usar(n int) {
	k.uso = slices.DeleteFunc(k.uso, func(x int) bool { return x == n })
	k.uso = append(k.uso, n)
}

// quitar drops corte n if it is still cg. The caller holds k.mu.
func (k *cache) quitar(n int, cg *carga) {
	if k.cargas[n] != cg {
		return
	}
	delete(k.cargas, n)
	k.uso = slices.DeleteFunc(k.uso, func(x int) bool { return x == n })
}

// recortar drops the least recently used loaded cortes beyond max. A corte still loading
// is kept: dropping it would let a second request load it again. The caller holds k.mu.
func (k *cache) recortar() {
	for i := 0; len(k.uso) > k.max && i < len(k.uso); {
		n := k.uso[i]
		if cg := k.cargas[n]; cg.hecho {
			k.quitar(n, cg)
			continue
		}
		i++
	}
}

// mismaEntrada reports whether two index entries name the same published corte.
func mismaEntrada(a, b publish.EntradaIndice) bool {
	return a.Numero == b.Numero && a.Carpeta == b.Carpeta && a.Hora.Equal(b.Hora)
}

// buscarEntrada finds corte n in entries sorted by number.
func buscarEntrada(orden []publish.EntradaIndice, n int) (int, bool) {
	return slices.BinarySearchFunc(orden, n, func(e publish.EntradaIndice, n int) int {
		return e.Numero - n
	})
}
