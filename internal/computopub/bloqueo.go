package computopub

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// archivoBloqueo is the lock file of a cómputos folder. Several instances of sufragio may
// serve the staff application over one database and publish into one folder (behind a load
// balancer): each publication holds an exclusive lock on this file, so that one instance
// never writes over what another wrote a moment before.
const archivoBloqueo = ".bloqueo"

// bloquear takes the folder's lock, waiting for another instance to release it, and
// returns the function that releases it.
func (p *Publicador) bloquear() (func(), error) {
	f, err := os.OpenFile(filepath.Join(p.dir, archivoBloqueo), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock cómputos folder: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock cómputos folder: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// releer reads index.json again when another instance wrote it since this one last read or
// wrote it, and forgets the records it knew of the cómputos whose record changed.
func (p *Publicador) releer() error {
	info, err := os.Stat(filepath.Join(p.dir, ArchivoIndice))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if len(p.indice.Computos) > 0 {
			// Removed by hand: the published records are gone with it.
			p.indice = Indice{Version: Version, Computos: []Entrada{}}
			p.publicados = map[string]*publicado{}
		}
		p.visto = nil
		return nil
	case err != nil:
		return fmt.Errorf("read cómputos index: %w", err)
	case p.visto != nil && os.SameFile(p.visto, info) && p.visto.Size() == info.Size() &&
		p.visto.ModTime().Equal(info.ModTime()):
		return nil
	}
	x, err := Leer(p.dir)
	if err != nil {
		return err
	}
	for _, e := range x.Computos {
		pub, ok := p.publicados[e.ID]
		if ok && (e.Registro == nil || pub.registro.SHA256 != e.Registro.SHA256) {
			delete(p.publicados, e.ID)
		}
	}
	p.indice, p.visto = *x, info
	return nil
}

// recordarIndice notes index.json as this instance just wrote it.
func (p *Publicador) recordarIndice() {
	if info, err := os.Stat(filepath.Join(p.dir, ArchivoIndice)); err == nil {
		p.visto = info
	}
}
