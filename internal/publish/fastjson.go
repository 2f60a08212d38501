package publish

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// The two largest documents of a corte, actas.json and secciones.json, are encoded by hand:
// encoding/json spends most of a corte's time reflecting over their 25,000 records. The
// output is byte for byte what encoding/json.Marshal gives (a test holds them together), so
// readers decode it with the same struct tags.

// marshalActas encodes a list of actas as encoding/json.Marshal would.
func marshalActas(as []ActaJSON) []byte {
	b := make([]byte, 0, len(as)*1200)
	b = append(b, '[')
	for i := range as {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendActa(b, &as[i])
	}
	return append(b, ']')
}

func appendActa(b []byte, a *ActaJSON) []byte {
	b = field(b, `{"id":`, a.ID)
	b = field(b, `,"clave_casilla":`, a.ClaveCasilla)
	b = field(b, `,"clave_acta":`, a.ClaveActa)
	b = field(b, `,"unidad_id":`, a.UnidadID)
	b = field(b, `,"unidad":`, a.Unidad)
	if a.Distrito != "" {
		b = field(b, `,"distrito":`, a.Distrito)
	}
	if a.Municipio != "" {
		b = field(b, `,"municipio":`, a.Municipio)
	}
	b = field(b, `,"seccion":`, a.Seccion)
	b = field(b, `,"tipo_casilla":`, a.TipoCasilla)
	b = field(b, `,"id_casilla":`, a.IDCasilla)
	b = append(b, `,"num_casilla":`...)
	b = strconv.AppendInt(b, int64(a.NumCasilla), 10)
	b = field(b, `,"ext_contigua":`, a.ExtContigua)
	b = field(b, `,"ubicacion":`, a.Ubicacion)
	b = field(b, `,"tipo_acta":`, a.TipoActa)
	b = field(b, `,"total_boletas_sobrantes":`, a.BoletasSobrantes)
	b = field(b, `,"total_personas_votaron":`, a.PersonasVotaron)
	b = field(b, `,"total_rep_partido_ci_votaron":`, a.RepVotaron)
	b = field(b, `,"total_votos_sacados":`, a.VotosSacados)
	b = append(b, `,"votos":`...)
	b = appendStrings(b, a.Votos)
	b = field(b, `,"total_votos_asentado":`, a.TotalAsentado)
	b = field(b, `,"total_votos_calculado":`, a.TotalCalculado)
	b = field(b, `,"lista_nominal":`, a.ListaNominal)
	b = field(b, `,"representantes_pp_ci":`, a.Representantes)
	b = field(b, `,"observaciones":`, a.Observaciones)
	b = field(b, `,"contabilizada":`, a.Contabilizada)
	b = append(b, `,"inconsistente":`...)
	b = strconv.AppendBool(b, a.Inconsistente)
	b = field(b, `,"mecanismos_traslado":`, a.Mecanismo)
	b = field(b, `,"codigo_integridad":`, a.CodigoIntegridad)
	b = field(b, `,"fecha_hora_acopio":`, a.Acopio)
	b = field(b, `,"fecha_hora_captura":`, a.Captura)
	b = field(b, `,"fecha_hora_verificacion":`, a.Verificacion)
	b = field(b, `,"origen":`, a.Origen)
	b = field(b, `,"digitalizacion":`, a.Digitalizacion)
	b = field(b, `,"tipo_documento":`, a.TipoDocumento)
	return append(b, '}')
}

// marshalNodos encodes a list of nodes as encoding/json.Marshal would.
func marshalNodos(ns []NodoJSON) ([]byte, error) {
	b := make([]byte, 0, len(ns)*1500)
	b = append(b, '[')
	for i := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendNodo(b, &ns[i]); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func appendNodo(b []byte, n *NodoJSON) ([]byte, error) {
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
	// The summary is small and fixed: encoding/json is fast enough for it.
	r, err := json.Marshal(n.Resumen)
	if err != nil {
		return nil, err
	}
	b = append(append(b, `,"resumen":`...), r...)
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
	return append(b, '}'), nil
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
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' ||
			c >= utf8.RuneSelf {
			q, _ := json.Marshal(s) // rare: let encoding/json escape it
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
