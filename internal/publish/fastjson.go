package publish

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/opendata"
)

// The large documents of a corte, actas.json and the lists of nodes, are encoded by hand:
// encoding/json spends most of a corte's time reflecting over their 25,000 records. The
// output is byte for byte what encoding/json.Marshal gives (a test holds them together), so
// readers decode it with the same struct tags.

// appendActas encodes actas.json straight from the tally, as encoding/json.Marshal would
// encode the []ActaJSON of the same actas. Cells that can only hold digits, the special
// words, dates or hex (safe) skip the escaping check.
func appendActas(b []byte, d actasDoc) []byte {
	where := places(d.r)
	b = append(b, '[')
	for i, a := range d.r.Actas {
		if i > 0 {
			b = append(b, ',')
		}
		var dist, mun string
		if n := where[i]; n != nil {
			dist, mun = n.Distrito, n.Municipio
		}
		b = appendActa(b, a, d.r.Clases[i], dist, mun, d.cfg)
	}
	return append(b, ']')
}

func appendActa(b []byte, a *acta.Acta, c acta.Clasificacion, dist, mun string,
	cfg acta.Config) []byte {
	b = field(b, `{"id":`, a.ID)
	b = field(b, `,"clave_casilla":`, a.ClaveCasilla)
	b = field(b, `,"clave_acta":`, a.ClaveActa)
	b = field(b, `,"unidad_id":`, a.UnidadID)
	b = field(b, `,"unidad":`, a.Unidad)
	if dist != "" {
		b = field(b, `,"distrito":`, dist)
	}
	if mun != "" {
		b = field(b, `,"municipio":`, mun)
	}
	b = field(b, `,"seccion":`, a.Seccion)
	b = field(b, `,"tipo_casilla":`, a.TipoCasilla)
	b = field(b, `,"id_casilla":`, a.IDCasilla)
	b = append(b, `,"num_casilla":`...)
	b = strconv.AppendInt(b, int64(a.NumCasilla), 10)
	b = field(b, `,"ext_contigua":`, a.ExtContigua)
	b = field(b, `,"ubicacion":`, a.Ubicacion)
	b = field(b, `,"tipo_acta":`, a.TipoActa)
	b = safeValue(b, `,"total_boletas_sobrantes":`, a.Totales[acta.BoletasSobrantes])
	b = safeValue(b, `,"total_personas_votaron":`, a.Totales[acta.PersonasVotaron])
	b = safeValue(b, `,"total_rep_partido_ci_votaron":`, a.Totales[acta.RepresentantesVotaron])
	b = safeValue(b, `,"total_votos_sacados":`, a.Totales[acta.VotosSacados])
	b = append(b, `,"votos":[`...)
	for k, v := range a.Votos {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendSafeValue(b, v)
	}
	b = safeValue(b, `],"total_votos_asentado":`, a.TotalAsentado)
	b = safeValue(b, `,"total_votos_calculado":`, a.Calculado())
	b = safeValue(b, `,"lista_nominal":`, a.ListaNominal)
	b = safeValue(b, `,"representantes_pp_ci":`, a.Representantes)
	b = field(b, `,"observaciones":`, a.Observaciones(cfg))
	b = field(b, `,"contabilizada":`, c.Estado.String())
	b = append(b, `,"inconsistente":`...)
	b = strconv.AppendBool(b, c.Inconsistente())
	b = field(b, `,"mecanismos_traslado":`, a.Mecanismo)
	b = field(b, `,"codigo_integridad":`, a.CodigoIntegridad)
	b = safeStamp(b, `,"fecha_hora_acopio":`, a.Acopio)
	b = safeStamp(b, `,"fecha_hora_captura":`, a.Captura)
	b = safeStamp(b, `,"fecha_hora_verificacion":`, a.Verificacion)
	b = field(b, `,"origen":`, a.Origen)
	b = field(b, `,"digitalizacion":`, a.Digitalizacion)
	b = field(b, `,"tipo_documento":`, a.TipoDocumento)
	return append(b, '}')
}

// safeValue appends a key and a cell value, which needs no escaping.
func safeValue(b []byte, key string, v acta.Value) []byte {
	return appendSafeValue(append(b, key...), v)
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

// safeStamp appends a key and a FECHA_HORA_* cell, which needs no escaping.
func safeStamp(b []byte, key string, st acta.Stamp) []byte {
	b = append(append(b, key...), '"')
	return append(opendata.AppendStamp(b, st), '"')
}

// marshalNodos encodes a list of nodes as encoding/json.Marshal would.
func marshalNodos(ns []NodoJSON) []byte {
	b := make([]byte, 0, len(ns)*1500)
	b = append(b, '[')
	for i := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNodo(b, &ns[i])
	}
	return append(b, ']')
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
	for i := 0; i < len(s); i++ {
		if needsEscape[s[i]] {
			q, _ := json.Marshal(s) // rare: let encoding/json escape it
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// needsEscape marks the bytes after which encoding/json would write s differently from its
// raw bytes: controls, quote, backslash, the HTML-sensitive <, > and &, and any non-ASCII
// byte (invalid UTF-8, U+2028 and U+2029 are escaped).
var needsEscape = func() (t [256]bool) {
	for c := range t {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' ||
			c >= utf8.RuneSelf
	}
	return t
}()
