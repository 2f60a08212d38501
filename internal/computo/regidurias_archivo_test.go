package computo_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/computo"
)

// TestLeerRegidurias reads the assumed file of the exercise, the same rows with a BOM and
// CRLF line ends, and refuses an election not computed by municipio. The file's errors are
// in cmd/sufragio's TestComputoRegiduriasRechazos.
func TestLeerRegidurias(t *testing.T) {
	e := cargarCodigo(t, "AYUN").Eleccion
	data, err := os.ReadFile("testdata/regidurias_ayun_2024_supuesto.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"001": 3, "011": 1, "114": 2, "115": 7, "156": 2, "208": 4}
	got, err := computo.LeerRegidurias(data, e)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("testdata file: %v, %v; want %v", got, err, want)
	}
	crlf := "\uFEFFID_MUNICIPIO,REGIDURIAS_RP\r\n# PIAXTLA\r\n114, 2\r\n\r\n001,30\r\n"
	got, err = computo.LeerRegidurias([]byte(crlf), e)
	if want := map[string]int{"114": 2, "001": 30}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("BOM and CRLF: %v, %v; want %v", got, err, want)
	}

	_, err = computo.LeerRegidurias(data, cargarCodigo(t, "DIP_LOC").Eleccion)
	var de *computo.DatosError
	if !errors.As(err, &de) || !strings.Contains(de.Texto, "no se computa por municipio") {
		t.Errorf("Diputaciones Locales: %v, want a DatosError", err)
	}
}
