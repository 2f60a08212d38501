package documento

import (
	"strings"
)

// Genero is the grammatical form a number takes before a noun, which changes its ones
// (uno, un, una) and its hundreds (doscientos, doscientas).
type Genero int

const (
	// Neutro is the number said alone, as written in the "con letra" boxes of an acta:
	// "uno", "veintiuno", "ciento uno".
	Neutro Genero = iota
	// Masculino is the number before a masculine noun: "un voto", "veintiún votos",
	// "ciento un votos".
	Masculino
	// Femenino is the number before a feminine noun: "una boleta", "veintiuna boletas",
	// "doscientas boletas".
	Femenino
)

var (
	unidades = [...]string{"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete",
		"ocho", "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis",
		"diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós",
		"veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete",
		"veintiocho", "veintinueve"}
	decenas = [...]string{"", "", "", "treinta", "cuarenta", "cincuenta", "sesenta",
		"setenta", "ochenta", "noventa"}
	centenas = [...]string{"", "ciento", "doscientos", "trescientos", "cuatrocientos",
		"quinientos", "seiscientos", "setecientos", "ochocientos", "novecientos"}
)

// escalas are the names of the long scale used in Spanish: a millón is 10⁶, a billón 10¹²
// and a trillón 10¹⁸ (RAE, Diccionario panhispánico de dudas, "billón").
var escalas = []struct {
	valor            uint64
	singular, plural string
}{
	{1_000_000_000_000_000_000, "trillón", "trillones"},
	{1_000_000_000_000, "billón", "billones"},
	{1_000_000, "millón", "millones"},
}

// EnLetras writes n in Spanish words, as said alone: 1,908,954 is "un millón novecientos
// ocho mil novecientos cincuenta y cuatro"; 21 is "veintiuno".
func EnLetras(n int64) string { return EnLetrasGenero(n, Neutro) }

// EnLetrasGenero writes n in Spanish words in the form it takes before a noun of género g
// (RAE, Diccionario panhispánico de dudas, "uno", "veintiuno", "cien", "mil", "millón").
// Millón, billón and trillón are masculine nouns, so the number of millions always takes
// the masculine form: "veintiún millones", also before a feminine noun.
func EnLetrasGenero(n int64, g Genero) string {
	if n == 0 {
		return "cero"
	}
	u := uint64(n)
	if n < 0 {
		// Unsigned negation is exact even for the smallest int64.
		return "menos " + enLetras(-u, g)
	}
	return enLetras(u, g)
}

// enLetras writes n > 0.
func enLetras(n uint64, g Genero) string {
	var partes []string
	for _, e := range escalas {
		if n < e.valor {
			continue
		}
		q := n / e.valor
		n %= e.valor
		if q == 1 {
			partes = append(partes, "un "+e.singular)
		} else {
			partes = append(partes, menosDeMillon(q, Masculino)+" "+e.plural)
		}
	}
	if n > 0 {
		partes = append(partes, menosDeMillon(n, g))
	}
	return strings.Join(partes, " ")
}

// menosDeMillon writes 1 ≤ n < 1,000,000. Before "mil" the ones take the form of the noun
// counted ("veintiún mil votos", "veintiuna mil boletas"), and "un mil" is just "mil".
func menosDeMillon(n uint64, g Genero) string {
	miles, resto := n/1000, n%1000
	var partes []string
	switch {
	case miles == 1:
		partes = append(partes, "mil")
	case miles > 1:
		gm := Masculino
		if g == Femenino {
			gm = Femenino
		}
		partes = append(partes, menosDeMil(miles, gm)+" mil")
	}
	if resto > 0 {
		partes = append(partes, menosDeMil(resto, g))
	}
	return strings.Join(partes, " ")
}

// menosDeMil writes 1 ≤ n < 1000: "cien" alone and "ciento" before tens and ones; the
// hundreds agree with a feminine noun ("doscientas").
func menosDeMil(n uint64, g Genero) string {
	c, resto := n/100, n%100
	var partes []string
	switch {
	case c == 1 && resto == 0:
		partes = append(partes, "cien")
	case c > 0:
		h := centenas[c]
		if g == Femenino && c > 1 {
			h = strings.TrimSuffix(h, "os") + "as"
		}
		partes = append(partes, h)
	}
	if resto > 0 {
		partes = append(partes, menosDeCien(resto, g))
	}
	return strings.Join(partes, " ")
}

// menosDeCien writes 1 ≤ n < 100, with the form of the ones that g asks for.
func menosDeCien(n uint64, g Genero) string {
	if n < 30 {
		switch {
		case n == 1:
			return [...]string{"uno", "un", "una"}[g]
		case n == 21:
			return [...]string{"veintiuno", "veintiún", "veintiuna"}[g]
		}
		return unidades[n]
	}
	d, u := n/10, n%10
	if u == 0 {
		return decenas[d]
	}
	return decenas[d] + " y " + menosDeCien(u, g)
}

// Cifra writes a figure in numbers with thousands separators and in words, as the IEE's
// documents do: "1,908,954 (un millón novecientos ocho mil novecientos cincuenta y
// cuatro)".
func Cifra(n int64) string { return Miles(n) + " (" + EnLetras(n) + ")" }

// Miles writes n with comma thousands separators ("1,908,954").
func Miles(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	s := []byte{}
	for i := 0; u > 0 || i == 0; i++ {
		if i > 0 && i%3 == 0 {
			s = append(s, ',')
		}
		s = append(s, byte('0'+u%10))
		u /= 10
	}
	if neg {
		s = append(s, '-')
	}
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	return string(s)
}
