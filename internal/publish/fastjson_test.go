package publish

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestFastJSONMatchesEncodingJSON holds the hand-written encoders to encoding/json's output,
// on the real Puebla corte and on values that need escaping.
func TestFastJSONMatchesEncodingJSON(t *testing.T) {
	tricky := []ActaJSON{{ID: `a"b\c`, Unidad: "PEÑA <&> \u2028 \x01", Votos: []string{}},
		{ID: "x", Distrito: "001", Municipio: "002", Votos: nil, Inconsistente: true,
			NumCasilla: 17}}
	nodes := []NodoJSON{{Nivel: "seccion", ID: "0001", Nombre: "Sección 0001", Distrito: "012",
		Votos: []int64{1, 0, 25}, Actas: []string{"a", "b"},
		Candidaturas: []VotoCandidatura{{Nombre: "Ñ", Partidos: []string{"PAN"}, Votos: 3}}},
		{Nivel: "distrito", ID: "N/A"}}
	for _, r := range realResultados(t) {
		docs := levelDocs(r, Input{Final: true})
		tricky = append(tricky, docs["actas"].([]ActaJSON)...)
		nodes = append(nodes, docs["secciones"].([]NodoJSON)...)
		nodes = append(nodes, docs["distritos"].([]NodoJSON)...)
	}
	want, _ := json.Marshal(tricky)
	if got := marshalActas(tricky); !bytes.Equal(got, want) {
		t.Errorf("actas differ from encoding/json at byte %d", firstDiff(got, want))
	}
	want, _ = json.Marshal(nodes)
	got, err := marshalNodos(nodes)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("nodes differ from encoding/json at byte %d (%v)", firstDiff(got, want), err)
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
