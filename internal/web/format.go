package web

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// miles writes n with es-MX thousands separators: 2658993 is "2,658,993".
func miles(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	lead := len(s) % 3
	if lead == 0 {
		lead = 3
	}
	var b strings.Builder
	b.WriteString(sign)
	b.WriteString(s[:lead])
	for i := lead; i < len(s); i += 3 {
		b.WriteByte(',')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// tamano writes a file size for people: "845 bytes", "12.3 kB", "4.1 MB".
func tamano(n int64) string {
	switch {
	case n < 1000:
		return miles(n) + " bytes"
	case n < 1_000_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// contabilizada explains a CONTABILIZADA value in words (RULES.md §2.4).
func contabilizada(v string) string {
	switch v {
	case "1":
		return "Contabilizada"
	case "0":
		return "No contabilizada"
	case "2":
		return "Fuera de catálogo"
	case "-":
		return "Aún no registrada"
	}
	return "Valor no reconocido"
}

// contabilizadaDetalle is the longer explanation shown on an acta's page.
func contabilizadaDetalle(v string) string {
	switch v {
	case "1":
		return "sus votos se suman a los resultados"
	case "0":
		return "sus votos no se suman a los resultados"
	case "2":
		return "no corresponde a ninguna casilla aprobada; sus votos no se suman"
	case "-":
		return "el acta aún no llega al PREP"
	}
	return "el valor publicado no es uno de los previstos (1, 0, 2 o -)"
}

// tiposCasilla are the names of the casilla types (GLOSSARY.md).
var tiposCasilla = map[string]string{
	"B": "Básica", "C": "Contigua", "E": "Extraordinaria", "S": "Especial",
	"A": "Voto anticipado", "M": "Voto desde el extranjero", "P": "Prisión preventiva",
}

// tipoCasilla names a casilla type, keeping the code: "C (Contigua)".
func tipoCasilla(t string) string {
	if name, ok := tiposCasilla[t]; ok {
		return t + " (" + name + ")"
	}
	return t
}

// The codes of the open-data file and what each means. The acta's page shows a value with
// its meaning and the page of the file's format lists them all, both from these maps, so
// that the two always say the same.
var (
	// ordenCasillas is the order of the casilla types in lists.
	ordenCasillas = []string{"B", "C", "E", "S", "A", "M", "P"}
	// ubicaciones name UBICACION_CASILLA (IEE LEEME item 11; RULES.md §4.4).
	ubicaciones = map[string]string{"1": "urbana", "2": "no urbana",
		"3": "fuera de catálogo"}
	// tiposActa name TIPO_ACTA (RULES.md §4.4): the election's number, and E for the actas
	// of the casillas especiales, which in the Diputaciones have one of mayoría relativa
	// (EMR) and one of representación proporcional (ERP).
	tiposActa = map[string]string{
		"2": "gubernatura", "2E": "gubernatura, casilla especial",
		"3": "diputaciones locales", "3EMR": "diputaciones locales de mayoría relativa, " +
			"casilla especial",
		"3ERP": "diputaciones locales de representación proporcional, casilla especial",
		"4":    "ayuntamientos", "4E": "ayuntamientos, casilla especial",
	}
	// mecanismos are the ways a package travels to the acopio (RULES.md §1, IEE LEEME item
	// 38; GLOSSARY.md, Mecanismo de traslado).
	mecanismos = map[string]string{"D": "dispositivo de apoyo para el traslado, DAT",
		"F": "centro de recepción y traslado fijo", "I": "centro de recepción y traslado " +
			"itinerante"}
)

// conSignificado writes a code with its meaning in m, "1 (urbana)"; a code m does not
// name ("N/A", "-", empty) as it is.
func conSignificado(v string, m map[string]string) string {
	if name, ok := m[v]; ok {
		return v + " (" + name + ")"
	}
	return v
}

// significados lists the codes of m in order with their meanings: "1 urbana, 2 no urbana".
// A nil orden lists them all, sorted.
func significados(m map[string]string, orden []string) string {
	if orden == nil {
		orden = slices.Sorted(maps.Keys(m))
	}
	partes := make([]string, 0, len(orden))
	for _, k := range orden {
		if name, ok := m[k]; ok {
			partes = append(partes, k+" "+name)
		}
	}
	return strings.Join(partes, ", ")
}

// mecanismo names a MECANISMOS_TRASLADO value, keeping the code.
func mecanismo(m string) string { return conSignificado(m, mecanismos) }

// tiposContendiente name the kinds of vote column of the published eleccion.json.
var tiposContendiente = map[string]string{
	"partido":        "Partido",
	"combinacion":    "Combinación de coalición",
	"independiente":  "Candidatura independiente",
	"no_registradas": "Candidaturas no registradas",
	"nulos":          "Votos nulos",
}

// tipoContendiente names the kind of a vote column.
func tipoContendiente(t string) string {
	if name, ok := tiposContendiente[t]; ok {
		return name
	}
	return t
}

// particulas stay lower case inside a proper name: "Ciudad de México".
var particulas = map[string]bool{"de": true, "del": true, "la": true, "las": true,
	"los": true, "y": true, "el": true}

// nombrePropio writes an upper-case name as published ("PUEBLA", "CIUDAD DE MÉXICO") the
// way a title shows it: "Puebla", "Ciudad de México". A name in mixed case is kept.
func nombrePropio(s string) string {
	if s != strings.ToUpper(s) {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if i > 0 && particulas[w] {
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}
