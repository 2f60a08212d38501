package destino

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// gubernatura is the tally of the final cut of the governor election, made once: one
// election keeps the cortes of these tests small and quick to build.
var gubernatura = sync.OnceValues(func() (*corte.Resultados, error) {
	e := demodata.Puebla2024[0]
	data, err := demodata.ReadFile(e.Final)
	if err != nil {
		return nil, err
	}
	f, err := opendata.Read(e.Final, data)
	if err != nil {
		return nil, err
	}
	cand, err := demodata.ReadFile(e.Candidaturas)
	if err != nil {
		return nil, err
	}
	if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
		return nil, err
	}
	return corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, true, acta.DefaultConfig), nil
})

var clave = sync.OnceValue(func() ed25519.PrivateKey {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return priv
})

// construir builds corte numero, signed, into the cortes folder dir, with three new
// images and an imagenes/index.json that lists every image.
func construir(t *testing.T, dir string, numero int) *publish.Manifiesto {
	t.Helper()
	r, err := gubernatura()
	if err != nil {
		t.Fatal(err)
	}
	imgs := map[string][]byte{}
	var codigos []string
	for i, tipo := range []string{"image/jpeg", "image/png", "application/pdf"} {
		data := []byte(fmt.Sprintf("%s de la corte %d, número %d", tipo, numero, i))
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		imgs[sha] = data
		codigos = append(codigos, sha)
	}
	tipos := map[string]string{codigos[0]: "image/jpeg", codigos[1]: "image/png",
		codigos[2]: "application/pdf"}
	_, err = publish.PublicarImagenes(dir, codigos, func(sha string) (io.Reader, string, error) {
		return bytes.NewReader(imgs[sha]), tipos[sha], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hay, err := publish.ImagenesPublicadas(dir)
	if err != nil {
		t.Fatal(err)
	}
	var nombres []string
	for _, n := range hay {
		nombres = append(nombres, `"`+n+`"`)
	}
	sort.Strings(nombres)
	lista := "{\"imagenes\": [" + strings.Join(nombres, ", ") + "]}\n"
	if err := os.WriteFile(filepath.Join(dir, "imagenes", "index.json"), []byte(lista),
		0o644); err != nil {
		t.Fatal(err)
	}

	hora := time.Date(2024, 6, 3, 18, 0, 0, 0, opendata.Zona).Add(time.Duration(numero) *
		time.Hour)
	m, err := publish.Build(dir, publish.Input{Numero: numero, Hora: hora,
		Generado: time.Now(), Elecciones: []*corte.Resultados{r}, Config: acta.DefaultConfig,
		Firma: clave()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// archivosLocales returns every file of a cortes folder, by slash path, leaving out
// hidden ones.
func archivosLocales(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(e.Name(), ".") && p != dir {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// memoria is an almacen in memory that records every file stored, in order, and can be
// made to fail on one path.
type memoria struct {
	mu       sync.Mutex
	archivos map[string]guardado
	orden    []string // paths in the order poner stored them
	asientos []int    // len(orden) at each asentar
	falla    string   // poner fails on this path
}

type guardado struct {
	data  []byte
	tipo  string
	cache string
}

func nuevaMemoria() *memoria { return &memoria{archivos: map[string]guardado{}} }

func (m *memoria) destino() *destino {
	return &destino{alm: m, nombre: "memoria", paralelo: 3}
}

func (m *memoria) leer(_ context.Context, ruta string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	g, ok := m.archivos[ruta]
	if !ok {
		return nil, fmt.Errorf("%s: %w", ruta, fs.ErrNotExist)
	}
	return g.data, nil
}

func (m *memoria) listar(_ context.Context, dir string) (map[string]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int64{}
	for k, g := range m.archivos {
		if rel, ok := strings.CutPrefix(k, dir+"/"); ok {
			out[rel] = int64(len(g.data))
		}
	}
	return out, nil
}

func (m *memoria) poner(_ context.Context, o objeto, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if o.ruta == m.falla {
		return fmt.Errorf("the store refuses %s", o.ruta)
	}
	sum := sha256.Sum256(data)
	if int64(len(data)) != o.bytes || hex.EncodeToString(sum[:]) != o.sha256 {
		return fmt.Errorf("%s: got %d bytes, want %d", o.ruta, len(data), o.bytes)
	}
	m.archivos[o.ruta] = guardado{data: data, tipo: o.tipo, cache: o.cache}
	m.orden = append(m.orden, o.ruta)
	return nil
}

func (m *memoria) asentar(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.asientos = append(m.asientos, len(m.orden))
	return nil
}
