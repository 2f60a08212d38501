package publish

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// The acta records of a corte are the leaves of one Merkle tree per election, as RFC 6962
// defines it (SHA-256, leaf hash H(0x00 ‖ leaf), node hash H(0x01 ‖ left ‖ right)): leaf i
// is the i-th data line of the election's open-data CSV, after the row of column names,
// exactly as its bytes are in the file without the line ending. The manifest gives each
// tree's root (RaizMerkle), so that anyone holding the CSV recomputes it, and one acta's
// row can be proven to be in a corte with the few hashes of its inclusion proof.

// Hasher is the RFC 6962 tree hasher over SHA-256 used for acta records.
var Hasher = rfc6962.DefaultHasher

// ErrSinEncabezado is returned for a CSV with no row of column names (CLAVE_CASILLA, …).
var ErrSinEncabezado = errors.New("no CLAVE_CASILLA header row")

// HojasCSV returns the acta records of an open-data CSV: each line after the row of column
// names, whose first cell is CLAVE_CASILLA, without its line ending ("\n" or "\r\n").
// Empty lines are not records.
func HojasCSV(data []byte) ([][]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var hojas [][]byte
	header := false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case !header:
			header = bytes.HasPrefix(line, []byte("CLAVE_CASILLA,"))
		case len(line) > 0:
			hojas = append(hojas, line)
		}
	}
	if !header {
		return nil, ErrSinEncabezado
	}
	return hojas, nil
}

// ArbolMerkle is the Merkle tree of a list of records, kept as its leaf hashes.
type ArbolMerkle struct {
	hojas [][]byte // leaf hashes
}

// NuevoArbol hashes the records into a tree.
func NuevoArbol(registros [][]byte) *ArbolMerkle {
	t := &ArbolMerkle{hojas: make([][]byte, len(registros))}
	for i, r := range registros {
		t.hojas[i] = Hasher.HashLeaf(r)
	}
	return t
}

// Tamano is the number of leaves.
func (t *ArbolMerkle) Tamano() int { return len(t.hojas) }

// Raiz is the root hash of the tree; the hash of the empty string for no leaves.
func (t *ArbolMerkle) Raiz() []byte { return t.rango(0, uint64(len(t.hojas))) }

// rango is the root of the leaves [begin, end).
func (t *ArbolMerkle) rango(begin, end uint64) []byte {
	if begin == end {
		return Hasher.EmptyRoot()
	}
	f := compact.RangeFactory{Hash: Hasher.HashChildren}
	r := f.NewEmptyRange(begin)
	for _, h := range t.hojas[begin:end] {
		if err := r.Append(h, nil); err != nil {
			panic(err) // appending to a range built here cannot fail
		}
	}
	if begin == 0 {
		root, err := r.GetRootHash(nil)
		if err != nil {
			panic(err)
		}
		return root
	}
	// A node of a proof: a perfect subtree, whose compact range is its one hash.
	hs := r.Hashes()
	root := hs[len(hs)-1]
	for k := len(hs) - 2; k >= 0; k-- {
		root = Hasher.HashChildren(hs[k], root)
	}
	return root
}

// Prueba is the inclusion proof of leaf i: the hashes that, with the leaf's, rebuild the
// root (RFC 6962 §2.1.1).
func (t *ArbolMerkle) Prueba(i int) ([][]byte, error) {
	n := uint64(len(t.hojas))
	if i < 0 || uint64(i) >= n {
		return nil, fmt.Errorf("leaf %d out of a tree of %d", i, n)
	}
	nodes, err := proof.Inclusion(uint64(i), n)
	if err != nil {
		return nil, err
	}
	hashes := make([][]byte, len(nodes.IDs))
	for k, id := range nodes.IDs {
		begin, end := id.Coverage()
		hashes[k] = t.rango(begin, min(end, n))
	}
	return nodes.Rehash(hashes, Hasher.HashChildren)
}

// VerificarInclusion checks that a record is leaf i of a tree of size n with that root.
func VerificarInclusion(registro []byte, i, n int, prueba [][]byte, raiz []byte) error {
	return proof.VerifyInclusion(Hasher, uint64(i), uint64(n), Hasher.HashLeaf(registro),
		prueba, raiz)
}

// hojero hashes the leaves of a tree one by one, as Hasher.HashLeaf does, into arrays rather
// than new slices: a corte of the country hashes half a million of them.
type hojero struct{ h hash.Hash }

func nuevoHojero() *hojero { return &hojero{h: sha256.New()} }

var prefijoHoja = []byte{rfc6962.RFC6962LeafHashPrefix}

// hoja is the leaf hash of a record.
func (z *hojero) hoja(registro []byte) (out [32]byte) {
	z.h.Reset()
	z.h.Write(prefijoHoja)
	z.h.Write(registro)
	z.h.Sum(out[:0])
	return out
}

// raizDeHojas is the root of the tree of the given leaf hashes, as ArbolMerkle.Raiz gives
// it (RFC 6962 §2.1: the left subtree holds the largest power of two below n leaves).
func raizDeHojas(hojas [][32]byte) [32]byte {
	switch len(hojas) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return hojas[0]
	}
	k := 1
	for k*2 < len(hojas) {
		k *= 2
	}
	l, r := raizDeHojas(hojas[:k]), raizDeHojas(hojas[k:])
	var buf [65]byte
	buf[0] = rfc6962.RFC6962NodeHashPrefix
	copy(buf[1:], l[:])
	copy(buf[33:], r[:])
	return sha256.Sum256(buf[:])
}
