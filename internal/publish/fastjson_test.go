package publish

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// TestFastJSONMatchesEncodingJSON holds the hand-written encoders to the documented types:
// the lists of nodes equal encoding/json's output, and actas.json decodes to the ActaJSON
// records of the same actas, on the real Puebla corte and on values that need escaping.
func TestFastJSONMatchesEncodingJSON(t *testing.T) {
	nodes := []NodoJSON{{Nivel: "seccion", ID: "0001", Nombre: "Sección 0001", Distrito: "012",
		Votos: []int64{1, 0, 25}, Actas: []string{"a", "b"},
		Candidaturas: []VotoCandidatura{{Nombre: "Ñ", Partidos: []string{"PAN"}, Votos: 3}}},
		{Nivel: "distrito", ID: "N/A"}}
	for _, r := range realResultados(t) {
		r.Actas[0].Unidad = "PEÑA <&> \u2028 \x01 \"x\\y" // values that need escaping
		docs := levelDocs(r, Input{Final: true, Config: acta.DefaultConfig})
		for _, lvl := range []string{"secciones", "distritos"} {
			d := docs[lvl].(nodosDoc)
			nodes = append(nodes, d.lista()...)
			// Streamed, the level gives the bytes of its list of NodoJSON.
			var streamed, listed bytes.Buffer
			errA, errB := writeNodosDe(&streamed, d), writeNodos(&listed, d.lista())
			if errA != nil || errB != nil || !bytes.Equal(streamed.Bytes(), listed.Bytes()) {
				t.Errorf("%s %s: streamed nodes differ at byte %d (%v, %v)",
					r.Eleccion.Codigo, lvl, firstDiff(streamed.Bytes(), listed.Bytes()), errA,
					errB)
			}
		}
		want := actasJSON(r, acta.DefaultConfig)
		var data bytes.Buffer
		if err := encode(&data, docs["actas"]); err != nil {
			t.Fatal(err)
		}
		var got ActasTabla
		if err := json.Unmarshal(data.Bytes(), &got); err != nil {
			t.Fatalf("%s: decode actas.json: %v", r.Eleccion.Codigo, err)
		}
		if !reflect.DeepEqual(got.Actas, want) {
			t.Errorf("%s: actas.json does not decode to the reference records",
				r.Eleccion.Codigo)
		}
	}
	want, _ := json.Marshal(nodes)
	var got bytes.Buffer
	if err := writeNodos(&got, nodes); err != nil || !bytes.Equal(got.Bytes(), want) {
		t.Errorf("nodes differ from encoding/json at byte %d (%v)",
			firstDiff(got.Bytes(), want), err)
	}
}

// lista is the level as a list of NodoJSON.
func (d nodosDoc) lista() []NodoJSON {
	out := make([]NodoJSON, len(d.nodos))
	for i := range d.nodos {
		out[i] = nodoJSON(&d.nodos[i], d.r, d.final)
	}
	return out
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// actasJSON is the reference form of actas.json: the documented type, filled field by field,
// for encoding/json. appendActas must give the same bytes.
func actasJSON(r *corte.Resultados, cfg acta.Config) []ActaJSON {
	where := places(r)
	out := make([]ActaJSON, len(r.Actas))
	for i, a := range r.Actas {
		votos := make([]string, len(a.Votos))
		for k, v := range a.Votos {
			votos[k] = v.String()
		}
		out[i] = ActaJSON{ID: a.ID, ClaveCasilla: a.ClaveCasilla, ClaveActa: a.ClaveActa,
			UnidadID: a.UnidadID, Unidad: a.Unidad, Seccion: a.Seccion,
			TipoCasilla: a.TipoCasilla, IDCasilla: a.IDCasilla, NumCasilla: a.NumCasilla, ExtContigua: a.ExtContigua,
			Ubicacion: a.Ubicacion, TipoActa: a.TipoActa,
			BoletasSobrantes: a.Totales[acta.BoletasSobrantes].String(),
			PersonasVotaron:  a.Totales[acta.PersonasVotaron].String(),
			RepVotaron:       a.Totales[acta.RepresentantesVotaron].String(),
			VotosSacados:     a.Totales[acta.VotosSacados].String(),
			Votos:            votos, TotalAsentado: a.TotalAsentado.String(),
			TotalCalculado: a.Calculado().String(), ListaNominal: a.ListaNominal.String(),
			Representantes: a.Representantes.String(), Observaciones: a.Observaciones(cfg),
			Contabilizada: r.Clases[i].Estado.String(), Inconsistente: r.Clases[i].Inconsistente(),
			Mecanismo: a.Mecanismo, CodigoIntegridad: a.CodigoIntegridad,
			Acopio: opendata.FormatStamp(a.Acopio), Captura: opendata.FormatStamp(a.Captura),
			Verificacion: opendata.FormatStamp(a.Verificacion), Origen: a.Origen,
			Digitalizacion: a.Digitalizacion, TipoDocumento: a.TipoDocumento}
		if n := where[i]; n != nil {
			out[i].Distrito, out[i].Municipio = n.Distrito, n.Municipio
		}
	}
	return out
}
