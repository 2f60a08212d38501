package computopub

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// prefijoTemporal starts the name of a file being written; a crash may leave one, which
// Nuevo removes and no reader lists.
const prefijoTemporal = ".tmp-"

// escribirAtomico writes data as dir/nombre: to a temporary file in dir, flushed to disk,
// renamed over the old file and the rename flushed, so that after a crash the file is
// either the old one or the new one, whole.
func escribirAtomico(dir, nombre string, data []byte) (err error) {
	tmp, err := os.CreateTemp(dir, prefijoTemporal+nombre+"-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, nombre)); err != nil {
		return err
	}
	return syncDir(dir)
}

// carpeta returns the folder of cómputo id, creating it if needed.
func (p *Publicador) carpeta(id string) (string, error) {
	dir := filepath.Join(p.dir, id)
	return dir, asegurarCarpeta(dir)
}

// asegurarCarpeta creates dir if it does not exist and makes its entry in its parent
// durable.
func asegurarCarpeta(dir string) error {
	info, err := os.Stat(dir)
	if err == nil && info.IsDir() {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dir))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// limpiarTemporales removes the temporary files a crash left in dir and in the folders of
// its cómputos.
func limpiarTemporales(dir string) error {
	entradas, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entradas {
		switch {
		case strings.HasPrefix(e.Name(), prefijoTemporal) && e.Type().IsRegular():
			errs = append(errs, quitar(filepath.Join(dir, e.Name())))
		case e.IsDir() && ValidarID(e.Name()) == nil:
			errs = append(errs, limpiarCarpeta(filepath.Join(dir, e.Name())))
		}
	}
	return errors.Join(errs...)
}

func limpiarCarpeta(dir string) error {
	entradas, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entradas {
		if strings.HasPrefix(e.Name(), prefijoTemporal) && e.Type().IsRegular() {
			errs = append(errs, quitar(filepath.Join(dir, e.Name())))
		}
	}
	return errors.Join(errs...)
}

func quitar(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
