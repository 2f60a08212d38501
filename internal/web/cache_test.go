package web

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
)

// cargador is a load function for a cache under test: it counts its calls per corte and
// waits for puerta, when set, before returning.
type cargador struct {
	mu     sync.Mutex
	veces  map[int]int
	falla  map[int]bool
	puerta chan struct{}
}

func (l *cargador) load(e publish.EntradaIndice) (*corteData, error) {
	l.mu.Lock()
	l.veces[e.Numero]++
	falla := l.falla[e.Numero]
	l.mu.Unlock()
	if l.puerta != nil {
		<-l.puerta
	}
	if falla {
		return nil, errors.New("broken corte")
	}
	return &corteData{entrada: e}, nil
}

func (l *cargador) cuantas(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.veces[n]
}

func entrada(n int) publish.EntradaIndice {
	return publish.EntradaIndice{Numero: n, Carpeta: publish.CarpetaCorte(n),
		Hora: hora1800.Add(time.Duration(n) * time.Minute)}
}

// TestCacheUnaCarga asks for one corte from many goroutines while it loads: it is loaded
// once and every reader gets the same corte.
func TestCacheUnaCarga(t *testing.T) {
	l := &cargador{veces: map[int]int{}, puerta: make(chan struct{})}
	k := newCache(2, l.load)
	var got [20]*corteData
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			c, err := k.get(context.Background(), entrada(7))
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		})
	}
	time.Sleep(20 * time.Millisecond) // let the readers queue behind the load
	close(l.puerta)
	wg.Wait()
	if n := l.cuantas(7); n != 1 {
		t.Errorf("corte 7 loaded %d times, want 1", n)
	}
	for i, c := range got {
		if c == nil || c != got[0] {
			t.Fatalf("reader %d got %p, reader 0 got %p", i, c, got[0])
		}
	}
}

// TestCacheLRU checks that the least recently used corte is dropped, and only it.
func TestCacheLRU(t *testing.T) {
	l := &cargador{veces: map[int]int{}}
	k := newCache(2, l.load)
	ctx := context.Background()
	for _, n := range []int{1, 2, 1, 3} { // 2 is now the least recently used
		if _, err := k.get(ctx, entrada(n)); err != nil {
			t.Fatal(err)
		}
	}
	checkCargados(t, k, []int{1, 3})
	k.get(ctx, entrada(1))
	k.get(ctx, entrada(2))
	if got := []int{l.cuantas(1), l.cuantas(2), l.cuantas(3)}; !slices.Equal(got, []int{1, 2, 1}) {
		t.Errorf("loads of cortes 1, 2, 3: %v, want [1 2 1]", got)
	}
	checkCargados(t, k, []int{1, 2})
}

// TestCacheFalla checks that a failed load is reported to its readers and tried again by
// the next one.
func TestCacheFalla(t *testing.T) {
	l := &cargador{veces: map[int]int{}, falla: map[int]bool{4: true}}
	k := newCache(2, l.load)
	for range 2 {
		if _, err := k.get(context.Background(), entrada(4)); err == nil {
			t.Fatal("a broken corte loaded")
		}
	}
	if n := l.cuantas(4); n != 2 {
		t.Errorf("broken corte tried %d times, want 2", n)
	}
	checkCargados(t, k, nil)
}

// TestCacheLectorSeVa checks that a reader who leaves does not stop the load: the next
// reader finds the corte loaded.
func TestCacheLectorSeVa(t *testing.T) {
	l := &cargador{veces: map[int]int{}, puerta: make(chan struct{})}
	k := newCache(2, l.load)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := k.get(ctx, entrada(5)); !errors.Is(err, context.Canceled) {
		t.Fatalf("get with a cancelled request: err %v, want context.Canceled", err)
	}
	close(l.puerta)
	if c, err := k.get(context.Background(), entrada(5)); err != nil || c == nil {
		t.Fatalf("second reader: %v, %v", c, err)
	}
	if n := l.cuantas(5); n != 1 {
		t.Errorf("corte 5 loaded %d times, want 1", n)
	}
}

// TestCacheConservar drops the cortes an index no longer lists, or lists changed.
func TestCacheConservar(t *testing.T) {
	l := &cargador{veces: map[int]int{}}
	k := newCache(4, l.load)
	for n := range 3 {
		k.get(context.Background(), entrada(n+1))
	}
	otro := entrada(2)
	otro.Hora = otro.Hora.Add(time.Hour) // corte 2 published again
	k.conservar([]publish.EntradaIndice{entrada(1), otro})
	checkCargados(t, k, []int{1})
}

// checkCargados checks that the cache holds exactly want, least recently used first.
func checkCargados(t *testing.T, k *cache, want []int) {
	t.Helper()
	if got := k.cargados(); !slices.Equal(got, want) {
		t.Errorf("cache holds %v, want %v", got, want)
	}
}

// TestCacheCargadoLectorSeVa asks a cancelled request for a corte loaded already: it gets
// the corte every time, never the cancellation (select alone would pick either at random).
func TestCacheCargadoLectorSeVa(t *testing.T) {
	l := &cargador{veces: map[int]int{}}
	k := newCache(2, l.load)
	if _, err := k.get(context.Background(), entrada(3)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 200 {
		if c, err := k.get(ctx, entrada(3)); err != nil || c == nil {
			t.Fatalf("try %d: a loaded corte for a cancelled request: %v, %v", i, c, err)
		}
	}
}
