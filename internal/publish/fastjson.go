package publish

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// The large documents of a corte, actas.json and the lists of nodes, are encoded by hand:
// encoding/json spends most of a corte's time reflecting over their 25,000 records. The
// lists of nodes are byte for byte what encoding/json.Marshal gives, and actas.json decodes
// (ActasTabla) to exactly the ActaJSON records of the same actas; tests hold both.

// actaColumnas are the columns of actas.json, in order: the JSON names of ActaJSON's fields.
var actaColumnas = []string{"id", "clave_casilla", "clave_acta", "unidad_id", "unidad",
	"distrito", "municipio", "seccion", "tipo_casilla", "id_casilla", "num_casilla",
	"ext_contigua", "ubicacion", "tipo_acta", "total_boletas_sobrantes",
	"total_personas_votaron", "total_rep_partido_ci_votaron", "total_votos_sacados", "votos",
	"total_votos_asentado", "total_votos_calculado", "lista_nominal", "representantes_pp_ci",
	"observaciones", "contabilizada", "inconsistente", "mecanismos_traslado",
	"codigo_integridad", "fecha_hora_acopio", "fecha_hora_captura", "fecha_hora_verificacion",
	"origen", "digitalizacion", "tipo_documento"}

// appendActas encodes actas.json straight from the tally as a table (see ActasTabla): the
// column names once, then one array of values per acta. Cells that can only hold digits,
// the special words, dates or hex skip the escaping check.
func writeActas(w io.Writer, d actasDoc) error {
	where := places(d.r)
	b := make([]byte, 0, chunk+4096)
	b = append(b, `{"columnas":`...)
	b = appendStrings(b, actaColumnas)
	b = append(b, `,"filas":[`...)
	for i, a := range d.r.Actas {
		if i > 0 {
			b = append(b, ',')
		}
		var dist, mun string
		if n := where[i]; n != nil {
			dist, mun = n.Distrito, n.Municipio
		}
		b = appendActa(b, IDPublicado(a, i), a, d.r.Clases[i], dist, mun, d.cfg)
		if len(b) >= chunk {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(append(b, "]}"...))
	return err
}

// chunk is how much encoded JSON is gathered before it is written out.
const chunk = 64 << 10

// appendActa appends one row of actas.json, in the order of actaColumnas.
func appendActa(b []byte, id string, a *acta.Acta, c acta.Clasificacion, dist, mun string,
	cfg acta.Config) []byte {
	b = append(b, '[')
	for _, s := range []string{id, a.ClaveCasilla, a.ClaveActa, a.UnidadID, a.Unidad, dist,
		mun, a.Seccion, a.TipoCasilla, a.IDCasilla} {
		b = append(appendString(b, s), ',')
	}
	b = append(strconv.AppendInt(b, int64(a.NumCasilla), 10), ',')
	for _, s := range []string{a.ExtContigua, a.Ubicacion, a.TipoActa} {
		b = append(appendString(b, s), ',')
	}
	for _, v := range a.Totales {
		b = append(appendSafeValue(b, v), ',')
	}
	b = append(b, '[')
	for k, v := range a.Votos {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendSafeValue(b, v)
	}
	b = append(b, "],"...)
	for _, v := range []acta.Value{a.TotalAsentado, a.Calculado(), a.ListaNominal,
		a.Representantes} {
		b = append(appendSafeValue(b, v), ',')
	}
	b = append(appendString(b, a.Observaciones(cfg)), ',')
	b = append(appendString(b, c.Estado.String()), ',')
	b = append(strconv.AppendBool(b, c.Inconsistente()), ',')
	b = append(appendString(b, a.Mecanismo), ',')
	b = append(appendString(b, a.CodigoIntegridad), ',')
	for _, st := range []acta.Stamp{a.Acopio, a.Captura, a.Verificacion} {
		b = append(opendata.AppendStamp(append(b, '"'), st), '"', ',')
	}
	b = append(appendString(b, a.Origen), ',')
	b = append(appendString(b, a.Digitalizacion), ',')
	b = appendString(b, a.TipoDocumento)
	return append(b, ']')
}

func appendSafeValue(b []byte, v acta.Value) []byte {
	b = append(b, '"')
	if v.Kind == acta.Number {
		b = strconv.AppendInt(b, v.N, 10)
	} else {
		b = append(b, v.String()...)
	}
	return append(b, '"')
}

// nodosDoc is a list of nodes of a tally before encoding: each node is rendered as its
// NodoJSON into one reused value while the list is written, so that the secciones of the
// country (some 71,000 nodes per election) are never all held as NodoJSON at once.
type nodosDoc struct {
	r     *corte.Resultados
	nodos []corte.Nodo
	final bool
}

// writeNodosDe encodes the nodes of d as writeNodos encodes their NodoJSON.
func writeNodosDe(w io.Writer, d nodosDoc) error {
	b := make([]byte, 0, chunk+4096)
	b = append(b, '[')
	var n NodoJSON
	for i := range d.nodos {
		if i > 0 {
			b = append(b, ',')
		}
		llenarNodo(&n, &d.nodos[i], d.r, d.final)
		b = appendNodo(b, &n)
		if len(b) >= chunk {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(append(b, ']'))
	return err
}

// writeNodos encodes a list of nodes as encoding/json.Marshal would.
func writeNodos(w io.Writer, ns []NodoJSON) error {
	b := make([]byte, 0, chunk+4096)
	b = append(b, '[')
	for i := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNodo(b, &ns[i])
		if len(b) >= chunk {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(append(b, ']'))
	return err
}

func appendNodo(b []byte, n *NodoJSON) []byte {
	b = field(b, `{"nivel":`, n.Nivel)
	b = field(b, `,"id":`, n.ID)
	b = field(b, `,"nombre":`, n.Nombre)
	if n.Distrito != "" {
		b = field(b, `,"distrito":`, n.Distrito)
	}
	if n.Municipio != "" {
		b = field(b, `,"municipio":`, n.Municipio)
	}
	if n.Unidad != "" {
		b = field(b, `,"unidad":`, n.Unidad)
	}
	b = appendResumen(append(b, `,"resumen":`...), &n.Resumen)
	b = append(b, `,"lista_nominal":`...)
	b = strconv.AppendInt(b, n.ListaNominal, 10)
	b = append(b, `,"votos":`...)
	b = appendInts(b, n.Votos)
	if len(n.Candidaturas) > 0 {
		b = append(b, `,"candidaturas":[`...)
		for i, c := range n.Candidaturas {
			if i > 0 {
				b = append(b, ',')
			}
			b = field(b, `{"nombre":`, c.Nombre)
			b = append(b, `,"partidos":`...)
			b = appendStrings(b, c.Partidos)
			b = append(b, `,"votos":`...)
			b = strconv.AppendInt(b, c.Votos, 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(n.Actas) > 0 {
		b = append(b, `,"actas":`...)
		b = appendStrings(b, n.Actas)
	}
	return append(b, '}')
}

func appendResumen(b []byte, r *ResumenJSON) []byte {
	num := func(b []byte, key string, n int64) []byte {
		return strconv.AppendInt(append(b, key...), n, 10)
	}
	b = num(b, `{"actas_esperadas":`, r.ActasEsperadas)
	b = num(b, `,"actas_registradas":`, r.ActasRegistradas)
	b = num(b, `,"actas_fuera_catalogo":`, r.ActasFueraCatalogo)
	b = num(b, `,"actas_capturadas":`, r.ActasCapturadas)
	b = field(b, `,"porcentaje_actas_capturadas":`, r.PorcentajeActasCapturadas)
	b = num(b, `,"actas_contabilizadas":`, r.ActasContabilizadas)
	b = field(b, `,"porcentaje_actas_contabilizadas":`, r.PorcentajeActasContabilizadas)
	b = field(b, `,"porcentaje_actas_inconsistencias":`, r.PorcentajeActasInconsistencias)
	b = num(b, `,"actas_no_contabilizadas":`, r.ActasNoContabilizadas)
	b = num(b, `,"actas_inconsistentes":`, r.ActasInconsistentes)
	b = num(b, `,"lista_nominal_actas_contabilizadas":`, r.ListaNominalActasContabilizadas)
	b = num(b, `,"total_votos_c_cs":`, r.TotalVotosCCS)
	b = num(b, `,"total_votos_s_cs":`, r.TotalVotosSCS)
	b = field(b, `,"porcentaje_participacion_ciudadana":`, r.PorcentajeParticipacion)
	return append(b, '}')
}

func field(b []byte, key, s string) []byte { return appendString(append(b, key...), s) }

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

func appendInts(b []byte, ns []int64) []byte {
	if ns == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, n, 10)
	}
	return append(b, ']')
}

// appendString quotes s as encoding/json does, HTML-safe characters included.
func appendString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		if needsEscape[c] {
			q, _ := json.Marshal(s) // rare: let encoding/json escape it
			return append(b, q...)
		}
	}
	// Valid UTF-8 goes out as it is ("Sección"), but for the two line separators
	// encoding/json escapes; anything else is left to it.
	if !ascii && (!utf8.ValidString(s) || strings.Contains(s, "\u2028") ||
		strings.Contains(s, "\u2029")) {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// needsEscape marks the ASCII bytes after which encoding/json would write s differently
// from its raw bytes: controls, quote, backslash and the HTML-sensitive <, > and &.
var needsEscape = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&'
	}
	return t
}()
