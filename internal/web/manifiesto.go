package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/sufragio/sufragio/internal/publish"
)

// manifiestos keeps corte.json of each corte listed, read once, so that the list of cortes
// shows every corte's downloads without loading the cortes: each is a few kilobytes.
type manifiestos struct {
	mu sync.Mutex
	m  map[int]*publish.Manifiesto
}

// manifiesto returns corte.json of an index entry: the latest corte's own, or one read
// once from disk.
func (s *Server) manifiesto(st estado, e publish.EntradaIndice) (*publish.Manifiesto, error) {
	if st.ultimo != nil && mismaEntrada(st.ultimo.entrada, e) {
		return &st.ultimo.snap.Manifiesto, nil
	}
	if m := s.manifiestos.get(e.Numero); m != nil {
		return m, nil
	}
	// Two readers may read the same file at once; it is small, and both get the same data.
	m, err := leerManifiesto(s.dir, e)
	if err != nil {
		return nil, err
	}
	s.manifiestos.put(e.Numero, m)
	return m, nil
}

func (ms *manifiestos) get(n int) *publish.Manifiesto {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.m[n]
}

func (ms *manifiestos) put(n int, m *publish.Manifiesto) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.m == nil {
		ms.m = map[int]*publish.Manifiesto{}
	}
	ms.m[n] = m
}

// conservar drops the manifests of cortes not in orden or whose entry changed.
func (ms *manifiestos) conservar(orden []publish.EntradaIndice) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	for n, m := range ms.m {
		i, ok := buscarEntrada(orden, n)
		if !ok || !orden[i].Hora.Equal(m.Hora) {
			delete(ms.m, n)
		}
	}
}

// leerManifiesto reads corte.json of an index entry.
func leerManifiesto(dir string, e publish.EntradaIndice) (*publish.Manifiesto, error) {
	carpeta, err := carpetaCorte(dir, e)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(carpeta, "corte.json"))
	if err != nil {
		return nil, fmt.Errorf("read manifest of corte %d: %w", e.Numero, err)
	}
	var m publish.Manifiesto
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("decode manifest of corte %d: %w", e.Numero, err)
	}
	if m.Numero != e.Numero {
		return nil, fmt.Errorf("corte.json of %s says corte %d", e.Carpeta, m.Numero)
	}
	return &m, nil
}
