package publish

import (
	"bytes"
	"sort"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
)

// resumenJSON renders a summary with the participation rule of the corte.
func resumenJSON(r corte.Resumen, final bool) ResumenJSON {
	return ResumenJSON{
		ActasEsperadas:                  r.ActasEsperadas,
		ActasRegistradas:                r.ActasRegistradas(),
		ActasFueraCatalogo:              r.ActasFueraCatalogo,
		ActasCapturadas:                 r.ActasCapturadas,
		PorcentajeActasCapturadas:       r.PorcentajeCapturadas().String(),
		ActasContabilizadas:             r.ActasContabilizadas,
		PorcentajeActasContabilizadas:   r.PorcentajeContabilizadas().String(),
		PorcentajeActasInconsistencias:  r.PorcentajeInconsistencias().String(),
		ActasNoContabilizadas:           r.ActasNoContabilizadas,
		ActasInconsistentes:             r.ActasInconsistentes,
		ListaNominalActasContabilizadas: r.ListaNominalContabilizadas,
		TotalVotosCCS:                   r.TotalVotosCCS,
		TotalVotosSCS:                   r.TotalVotosSCS,
		PorcentajeParticipacion:         r.Participacion(final).String(),
	}
}

// levelDocs builds the JSON documents of one election, by level name.
func levelDocs(r *corte.Resultados, in Input) map[string]any {
	e := r.Eleccion
	nodes := func(ns []corte.Nodo) nodosDoc { return nodosDoc{r: r, nodos: ns, final: in.Final} }
	docs := map[string]any{
		"eleccion":   eleccionJSON(e),
		"entidad":    nodoJSON(&r.Entidad, r, in.Final),
		"distritos":  nodes(r.Distritos),
		"municipios": nodes(r.Municipios),
		"secciones":  nodes(r.Secciones),
		"actas":      actasDoc{r: r, cfg: in.Config},
	}
	if catalog.Nacional(e.Codigo) {
		docs[NivelEntidades] = nodes(r.Entidades)
	}
	return docs
}

var tipoJSON = map[catalog.Tipo]string{catalog.Partido: "partido",
	catalog.Combinacion: "combinacion", catalog.Independiente: "independiente",
	catalog.NoRegistradas: "no_registradas", catalog.Nulos: "nulos"}

func eleccionJSON(e *catalog.Eleccion) EleccionJSON {
	out := EleccionJSON{Codigo: e.Codigo, Nombre: e.Nombre(), Titulo: e.Titulo,
		Entidad: e.Entidad, EntidadID: e.EntidadID, Unidad: string(e.Unidad)}
	for _, c := range e.Contendientes {
		k := ContendienteJSON{Columna: c.Columna, Tipo: tipoJSON[c.Tipo]}
		if c.Tipo == catalog.Combinacion {
			k.Partidos = c.Partidos
		}
		out.Contendientes = append(out.Contendientes, k)
	}
	for _, c := range e.Candidaturas {
		cj := CandidaturaJSON{Unidad: c.Unidad, Nombre: c.Nombre, Suplente: c.Suplente,
			Partidos: c.Partidos, Independiente: c.Independiente}
		for _, i := range c.Columnas {
			cj.Columnas = append(cj.Columnas, e.Contendientes[i].Columna)
		}
		out.Candidaturas = append(out.Candidaturas, cj)
	}
	return out
}

func nodoJSON(n *corte.Nodo, r *corte.Resultados, final bool) NodoJSON {
	var out NodoJSON
	llenarNodo(&out, n, r, final)
	return out
}

// llenarNodo renders the node n into dst, reusing its lists.
func llenarNodo(dst *NodoJSON, n *corte.Nodo, r *corte.Resultados, final bool) {
	cands, actas := dst.Candidaturas[:0], dst.Actas[:0]
	*dst = NodoJSON{Nivel: string(n.Nivel), ID: n.ID, Nombre: n.Nombre, Distrito: n.Distrito,
		Municipio: n.Municipio, Unidad: n.Unidad, Resumen: resumenJSON(n.Resumen, final),
		ListaNominal: n.ListaNominal, Votos: n.Votos}
	for _, c := range r.CandidaturasDe(n) {
		cands = append(cands, VotoCandidatura{Nombre: c.Nombre, Partidos: c.Partidos,
			Votos: n.VotosCandidatura(c)})
	}
	for _, i := range n.Actas {
		actas = append(actas, r.Actas[i].ID)
	}
	// encoding/json writes a nil list as null, an empty one as []: omitempty drops both.
	if len(cands) > 0 {
		dst.Candidaturas = cands
	}
	if len(actas) > 0 {
		dst.Actas = actas
	}
}

// actasDoc is actas.json before encoding: the actas of a tally, encoded straight from them
// by appendActas, with the place of each acta taken from its sección.
type actasDoc struct {
	r   *corte.Resultados
	cfg acta.Config
}

// places returns, for each acta of r, the sección node that holds it (nil for fuera de
// catálogo).
func places(r *corte.Resultados) []*corte.Nodo {
	where := make([]*corte.Nodo, len(r.Actas))
	for i := range r.Secciones {
		for _, k := range r.Secciones[i].Actas {
			where[k] = &r.Secciones[i]
		}
	}
	return where
}

func sortArchivos(a []Archivo) {
	sort.Slice(a, func(i, j int) bool { return a[i].Ruta < a[j].Ruta })
}

func sortIndice(c []EntradaIndice) {
	sort.Slice(c, func(i, j int) bool { return c[i].Numero < c[j].Numero })
}

// NodosJSON are the level documents of a tally, as a corte publishes them: the entidad,
// distritos, municipios and secciones, with the participation rule of the corte (final). A
// verifier compares them with the published files.
func NodosJSON(r *corte.Resultados, final bool) (entidad NodoJSON, distritos, municipios,
	secciones []NodoJSON) {
	nodes := func(ns []corte.Nodo) []NodoJSON {
		out := make([]NodoJSON, len(ns))
		for i := range ns {
			out[i] = nodoJSON(&ns[i], r, final)
		}
		return out
	}
	return nodoJSON(&r.Entidad, r, final), nodes(r.Distritos), nodes(r.Municipios),
		nodes(r.Secciones)
}

// ResumenDe renders a summary as the corte files print it, with the participation rule of
// the corte (final).
func ResumenDe(r corte.Resumen, final bool) ResumenJSON { return resumenJSON(r, final) }

// NivelesDe renders the level files of one election of a corte exactly as Build writes
// them, by level: the bytes of json/<codigo>/<nivel>.json. A verifier that tallies the
// corte's CSVs again compares them byte for byte with the published ones, so that nothing
// in them (a name, an acta, a repeated key) can differ from what the actas give.
func NivelesDe(r *corte.Resultados, in Input) (map[string][]byte, error) {
	docs := levelDocs(r, in)
	niveles := NivelesEleccion(r.Eleccion.Codigo)
	out := make(map[string][]byte, len(niveles))
	for _, lvl := range niveles {
		var b bytes.Buffer
		if err := encodeNivel(&b, in, r.Eleccion.Codigo, lvl, docs[lvl]); err != nil {
			return nil, err
		}
		out[lvl] = b.Bytes()
	}
	return out, nil
}
