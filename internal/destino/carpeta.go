package destino

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// carpeta is a destination folder with the layout of the cortes folder.
type carpeta struct {
	dir string

	mu     sync.Mutex
	sucias map[string]bool // folders whose entries changed since the last asentar
}

func (c *carpeta) local(ruta string) string {
	return filepath.Join(c.dir, filepath.FromSlash(ruta))
}

func (c *carpeta) leer(_ context.Context, ruta string) ([]byte, error) {
	return os.ReadFile(c.local(ruta))
}

func (c *carpeta) listar(_ context.Context, dir string) (map[string]int64, error) {
	return listarLocal(c.local(dir))
}

// poner writes the file under a temporary name in its folder, checks and flushes it, and
// renames it into place, so the name always holds a whole file.
func (c *carpeta) poner(ctx context.Context, o objeto, r io.Reader) error {
	p := c.local(o.ruta)
	if err := c.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	err = copiar(ctx, f, r, o)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	c.ensuciar(filepath.Dir(p))
	return nil
}

// copiar copies r into f, checking that it brings o's bytes.
func copiar(ctx context.Context, f *os.File, r io.Reader, o objeto) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		return err
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != o.bytes || sum != o.sha256 {
		return fmt.Errorf("wrote %d bytes with SHA-256 %s, want %d bytes with %s", n, sum,
			o.bytes, o.sha256)
	}
	return nil
}

// mkdir makes dir and marks every folder it adds an entry to, up to the root.
func (c *carpeta) mkdir(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for d := dir; ; d = filepath.Dir(d) {
		c.ensuciar(filepath.Dir(d))
		if d == c.dir || filepath.Dir(d) == d {
			return nil
		}
	}
}

func (c *carpeta) ensuciar(dir string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sucias == nil {
		c.sucias = map[string]bool{}
	}
	c.sucias[dir] = true
}

// asentar flushes the folders whose entries changed, so the renames done so far survive a
// crash before anything written next.
func (c *carpeta) asentar(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for dir := range c.sucias {
		if err := syncDir(dir); err != nil {
			return fmt.Errorf("sync %s: %w", dir, err)
		}
		delete(c.sucias, dir)
	}
	return nil
}

// mismaCarpeta reports whether a and b are the same existing folder.
func mismaCarpeta(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
