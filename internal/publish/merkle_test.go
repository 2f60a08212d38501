package publish

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"
)

// mth is RFC 6962's Merkle Tree Hash written from its definition (§2.1): the reference
// the tree is checked against.
func mth(d [][]byte) []byte {
	switch len(d) {
	case 0:
		s := sha256.Sum256(nil)
		return s[:]
	case 1:
		s := sha256.Sum256(append([]byte{0}, d[0]...))
		return s[:]
	}
	k := 1
	for k*2 < len(d) {
		k *= 2
	}
	s := sha256.Sum256(append(append([]byte{1}, mth(d[:k])...), mth(d[k:])...))
	return s[:]
}

// TestArbolMerkle checks roots against the definition and every inclusion proof of trees
// of 0 to 40 leaves, and that a changed record or a wrong position fails.
func TestArbolMerkle(t *testing.T) {
	for n := 0; n <= 40; n++ {
		var d [][]byte
		for i := range n {
			d = append(d, []byte(fmt.Sprintf("'21000%d,acta %d", i, i)))
		}
		tr := NuevoArbol(d)
		if got, want := tr.Raiz(), mth(d); !bytes.Equal(got, want) {
			t.Fatalf("%d leaves: root %x, want %x", n, got, want)
		}
		// The corte's own hashing, leaf by leaf into arrays, gives the same root.
		z := nuevoHojero()
		hojas := make([][32]byte, n)
		for i := range d {
			hojas[i] = z.hoja(d[i])
		}
		if got := raizDeHojas(hojas); !bytes.Equal(got[:], mth(d)) {
			t.Fatalf("%d leaves: raizDeHojas %x, want %x", n, got, mth(d))
		}
		for i := range n {
			p, err := tr.Prueba(i)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerificarInclusion(d[i], i, n, p, tr.Raiz()); err != nil {
				t.Fatalf("%d leaves, leaf %d: %v", n, i, err)
			}
			if VerificarInclusion(append([]byte("x"), d[i]...), i, n, p, tr.Raiz()) == nil {
				t.Fatalf("%d leaves, leaf %d: a changed record passes", n, i)
			}
			if n > 1 && VerificarInclusion(d[i], (i+1)%n, n, p, tr.Raiz()) == nil {
				t.Fatalf("%d leaves, leaf %d: passes at another position", n, i)
			}
		}
	}
}

// TestHojasCSV reads the records of a CSV after its row of column names, with either line
// ending, and refuses a file without that row.
func TestHojasCSV(t *testing.T) {
	csv := "\ufeffGUBERNATURA\r\n03/06/2024 20:00 (UTC-6)\r\n\r\nACTAS_ESPERADAS\r\n1\r\n\r\n" +
		"CLAVE_CASILLA,CLAVE_ACTA\r\n'21,'22\r\n'23,'24\n\n"
	h, err := HojasCSV([]byte(csv))
	if err != nil || len(h) != 2 || string(h[0]) != "'21,'22" || string(h[1]) != "'23,'24" {
		t.Errorf("got %q, %v", h, err)
	}
	if _, err := HojasCSV([]byte("A,B\n1,2\n")); err != ErrSinEncabezado {
		t.Errorf("no header row: %v", err)
	}
}
