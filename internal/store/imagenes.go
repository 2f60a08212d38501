package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Imagen is where the bytes of an acta image are kept: its SHA-256 (the código de
// integridad, which names it) and its place in a pack file, or, on PostgreSQL, in the
// database (Paquete 0).
type Imagen struct {
	SHA256  string
	Paquete int   // number of the pack file; 0: in the database (PostgreSQL)
	Offset  int64 // where its bytes start
	Size    int64
}

// packLimit is the size past which a pack file is closed and a new one started.
const packLimit = 1 << 30

// paquetes appends images to pack files. Appending to one open file costs a write; a file
// per image would cost a create, a rename and, to survive a power cut, two flushes, which on
// election night add up to more than the rest of the upload. With Synchronous FULL the
// bytes are flushed before GuardarImagen returns, and images that arrive together share one
// flush (as transactions share commits).
type paquetes struct {
	dir string

	mu      sync.Mutex // appends
	f       *os.File
	num     int
	off     int64 // end of the bytes written
	written int64 // end of the bytes whose write returned

	syncMu sync.Mutex // one flush at a time
	synced int64      // end of the bytes known flushed, in the current pack

	readMu  sync.Mutex
	readers map[int]*os.File
}

func packName(dir string, n int) string {
	return filepath.Join(dir, fmt.Sprintf("paquete-%06d.bin", n))
}

// open opens the newest pack to append to, or starts the first; under mu.
func (p *paquetes) open() error {
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(p.dir)
	if err != nil {
		return err
	}
	n := 1
	for _, e := range ents {
		num, ok := strings.CutPrefix(e.Name(), "paquete-")
		if v, err := strconv.Atoi(strings.TrimSuffix(num, ".bin")); ok && err == nil && v > n {
			n = v
		}
	}
	return p.start(n)
}

// start opens pack n for appending; under mu.
func (p *paquetes) start(n int) error {
	f, err := os.OpenFile(packName(p.dir, n), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if p.f != nil {
		p.f.Close()
	}
	p.f, p.num, p.off, p.written = f, n, st.Size(), st.Size()
	p.synced = st.Size()
	if Synchronous == "FULL" {
		// The pack file's entry must survive a power cut too.
		if err := syncDir(p.dir); err != nil {
			return err
		}
	}
	return nil
}

// append writes data at the end of the current pack and returns where.
func (p *paquetes) append(data []byte) (int, int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil || p.off > packLimit {
		if p.f != nil {
			if err := p.f.Sync(); err != nil {
				return 0, 0, err
			}
		}
		n := 1
		if p.f != nil {
			n = p.num + 1
		}
		var err error
		if p.f == nil {
			err = p.open()
		} else {
			err = p.start(n)
		}
		if err != nil {
			return 0, 0, err
		}
	}
	off := p.off
	if _, err := p.f.WriteAt(data, off); err != nil {
		return 0, 0, err
	}
	p.off += int64(len(data))
	p.written = p.off
	return p.num, off, nil
}

// flush makes the bytes of pack num up to end durable, with one flush for every append
// that waited while another flush ran.
func (p *paquetes) flush(num int, end int64) error {
	p.syncMu.Lock()
	defer p.syncMu.Unlock()
	p.mu.Lock()
	f, cur, written := p.f, p.num, p.written
	p.mu.Unlock()
	if cur != num {
		return nil // the pack was closed, and flushed, when the next one started
	}
	if p.synced >= end {
		return nil
	}
	if err := f.Sync(); err != nil {
		return err
	}
	p.synced = written
	return nil
}

// reader returns a handle to read pack n.
func (p *paquetes) reader(n int) (*os.File, error) {
	p.readMu.Lock()
	defer p.readMu.Unlock()
	if f, ok := p.readers[n]; ok {
		return f, nil
	}
	f, err := os.Open(packName(p.dir, n))
	if err != nil {
		return nil, err
	}
	if p.readers == nil {
		p.readers = map[int]*os.File{}
	}
	p.readers[n] = f
	return f, nil
}

func (p *paquetes) close() {
	p.mu.Lock()
	if p.f != nil {
		p.f.Close()
		p.f = nil
	}
	p.mu.Unlock()
	p.readMu.Lock()
	for _, f := range p.readers {
		f.Close()
	}
	p.readers = nil
	p.readMu.Unlock()
}

// GuardarImagen stores image bytes, content-addressed, and returns where, with their
// SHA-256, the código de integridad. Bytes already stored are not stored again. With
// Synchronous FULL the bytes are on disk when it returns, so the step that records them
// can commit. The record itself is written by RegistrarImagen.
func (s *Store) GuardarImagen(ctx context.Context, data []byte) (Imagen, error) {
	sum := sha256.Sum256(data)
	im := Imagen{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
	err := s.r.QueryRowContext(ctx, `SELECT paquete, desplazamiento FROM imagenes
		WHERE sha256 = ?`, im.SHA256).Scan(&im.Paquete, &im.Offset)
	if err == nil {
		return im, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return im, fmt.Errorf("store image: %w", err)
	}
	if s.eng.dollar {
		// Content-addressed, so its own statement outside the write lock: storing the same
		// bytes twice, or bytes no step records, changes nothing anyone reads.
		_, err := s.db.ExecContext(ctx, `INSERT INTO imagen_datos (sha256, datos)
			VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`, im.SHA256, data)
		if err != nil {
			return im, fmt.Errorf("store image %s: %w", im.SHA256, err)
		}
		return im, nil // Paquete 0: in the database
	}
	if im.Paquete, im.Offset, err = s.packs.append(data); err != nil {
		return im, fmt.Errorf("store image %s: %w", im.SHA256, err)
	}
	if Synchronous == "FULL" {
		if err := s.packs.flush(im.Paquete, im.Offset+im.Size); err != nil {
			return im, fmt.Errorf("flush image %s: %w", im.SHA256, err)
		}
	}
	return im, nil
}

// ImagenGuardada is a stored image ready to be read.
type ImagenGuardada struct {
	ContentType string
	Size        int64
	*io.SectionReader
}

// LeerImagen opens the stored image with that SHA-256, or returns ErrNotFound.
func (s *Store) LeerImagen(ctx context.Context, sha string) (*ImagenGuardada, error) {
	var ct string
	var n int
	var off, size int64
	err := s.r.QueryRowContext(ctx, `SELECT content_type, paquete, desplazamiento, size
		FROM imagenes WHERE sha256 = ?`, sha).Scan(&ct, &n, &off, &size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read image %s: %w", sha, err)
	}
	var f io.ReaderAt
	if n == 0 {
		var data []byte
		err := s.r.QueryRowContext(ctx, `SELECT datos FROM imagen_datos WHERE sha256 = ?`,
			sha).Scan(&data)
		if err != nil {
			return nil, fmt.Errorf("read image %s: %w", sha, err)
		}
		f = bytes.NewReader(data)
	} else if f, err = s.packs.reader(n); err != nil {
		return nil, fmt.Errorf("read image %s: %w", sha, err)
	}
	return &ImagenGuardada{ContentType: ct, Size: size,
		SectionReader: io.NewSectionReader(f, off, size)}, nil
}

// Imagenes lists the SHA-256 of every stored image, sorted.
func (s *Store) Imagenes(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT sha256 FROM imagenes`)
	if err != nil {
		return nil, fmt.Errorf("list images: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out = append(out, sha)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// syncDir flushes a folder's entries to disk, so that a new file survives a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
