package computopub

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxRegistro bounds the size of a computo.json or index.json read whole: the record of
// the largest municipio of a state is a few megabytes.
const maxRegistro = 64 << 20

// Leer reads index.json of the cómputos folder dir. A folder without one (nothing
// published yet) is an error wrapping fs.ErrNotExist. An index that lists an id that
// could not name a cómputo, or of another version, is refused.
func Leer(dir string) (*Indice, error) {
	data, err := leerRegular(dir, ArchivoIndice)
	if err != nil {
		return nil, fmt.Errorf("read cómputos index of %s: %w", dir, err)
	}
	x := &Indice{}
	if err := json.Unmarshal(data, x); err != nil {
		return nil, fmt.Errorf("read cómputos index of %s: %w", dir, err)
	}
	if x.Version != Version {
		return nil, fmt.Errorf("read cómputos index of %s: version %d, want %d", dir,
			x.Version, Version)
	}
	for _, e := range x.Computos {
		if err := ValidarID(e.ID); err != nil {
			return nil, fmt.Errorf("read cómputos index of %s: %w", dir, err)
		}
	}
	if x.Computos == nil {
		x.Computos = []Entrada{}
	}
	return x, nil
}

// LeerComputo reads the record of cómputo id, <id>/computo.json of the folder dir, and
// says in its Leido which file it read (SHA-256 and size), so that a reader can compare it
// with what index.json states. A cómputo with no record is an error wrapping
// fs.ErrNotExist.
func LeerComputo(dir, id string) (*Computo, error) {
	if err := ValidarID(id); err != nil {
		return nil, fmt.Errorf("read cómputo: %w", err)
	}
	data, err := leerRegular(dir, id+"/"+ArchivoComputo)
	if err != nil {
		return nil, fmt.Errorf("read cómputo %s: %w", id, err)
	}
	c := &Computo{}
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("read cómputo %s: %w", id, err)
	}
	if c.ID != id || c.Version != Version {
		return nil, fmt.Errorf("read cómputo %s: the record says cómputo %q, version %d", id,
			c.ID, c.Version)
	}
	a := archivoDe(ArchivoComputo, descripcionRegistro, data)
	c.Leido = &a
	return c, nil
}

// leerRegular reads name, a slash-separated path inside dir, through an os.Root, and only
// if it is a regular file: a symbolic link or a directory reads as missing.
func leerRegular(dir, name string) ([]byte, error) {
	f, err := abrirRegular(dir, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRegistro+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxRegistro {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxRegistro)
	}
	return data, nil
}

// abrirRegular opens name inside dir if it is a regular file.
func abrirRegular(dir, name string) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	name = filepath.FromSlash(name)
	info, err := root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: %w", name, fs.ErrNotExist)
	}
	return root.Open(name)
}

// comprobarArchivo reports whether file a of cómputo id is on disk as its record lists it.
func comprobarArchivo(dir, id string, a Archivo) bool {
	f, err := abrirRegular(dir, id+"/"+a.Nombre)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return err == nil && n == a.Bytes && hex.EncodeToString(h.Sum(nil)) == a.SHA256
}
