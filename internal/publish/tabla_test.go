package publish

import (
	"reflect"
	"strings"
	"testing"
)

// TestActasTabla decodes a table written by hand, with white space between every token,
// escaped texts, an unknown column holding an object, and the three non-text columns.
func TestActasTabla(t *testing.T) {
	data := ` { "otra" : [1, {"a": "]"}],
		"columnas" : [ "id", "observaciones", "nueva", "num_casilla", "inconsistente",
			"votos", "unidad" ],
		"filas" : [
			[ "21A" , "dijo \"no\" \\ sí \u00e9" , {"x": [1, "]}"]} , 12 , true ,
				[ "1", "N/A" , "" ] , "PUEBLA" ] ,
			["21B","",null,0,false,[],"SAN JOSÉ"]
		] } `
	var tabla ActasTabla
	if err := tabla.UnmarshalJSON([]byte(data)); err != nil {
		t.Fatal(err)
	}
	want := []ActaJSON{
		{ID: "21A", Observaciones: `dijo "no" \ sí é`, NumCasilla: 12, Inconsistente: true,
			Votos: []string{"1", "N/A", ""}, Unidad: "PUEBLA"},
		{ID: "21B", Votos: []string{}, Unidad: "SAN JOSÉ"},
	}
	if !reflect.DeepEqual(tabla.Actas, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", tabla.Actas, want)
	}

	for _, bad := range []struct{ data, msg string }{
		{`{"columnas": ["id", "unidad"], "filas": [["1"]]}`, "1 values for 2 columns"},
		{`{"columnas": ["id"], "filas": [["1"], ["2"`, "unclosed"},
		{`{"columnas": ["num_casilla"], "filas": [["x"]]}`, "column num_casilla"},
		{`{"columnas": ["id"]}`, "no filas"},
		{`{"columnas": ["id"], "filas": [["1" "2"]]}`, "expected , or ]"},
	} {
		var tb ActasTabla
		err := tb.UnmarshalJSON([]byte(bad.data))
		if err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%s: error %v, want one saying %q", bad.data, err, bad.msg)
		}
	}
}
