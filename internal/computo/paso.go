package computo

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Paso is one step of an explanation, in Spanish, written for a lawyer who follows the
// procedure with the law at hand.
type Paso struct {
	// Texto says what was done and with which figures.
	Texto string
	// Fundamento cites the rule applied ("CPEUM art. 54.V; LGIPE art. 15.3").
	Fundamento string
	// PorConfirmar marks a rule that RULES.md lists as still to be confirmed against the
	// official text; the step says which choice was taken.
	PorConfirmar bool
}

// String renders the step as one line: the text, its legal basis in parentheses and, when the
// rule is not confirmed, the mark «[por confirmar]».
func (p Paso) String() string {
	s := p.Texto
	if p.Fundamento != "" {
		s += " (" + p.Fundamento + ")"
	}
	if p.PorConfirmar {
		s += " [por confirmar]"
	}
	return s
}

// Lineas renders numbered steps, one a line, for printing.
func Lineas(pasos []Paso) []string {
	out := make([]string, len(pasos))
	for i, p := range pasos {
		out[i] = strconv.Itoa(i+1) + ". " + p.String()
	}
	return out
}

// DatosError is input that cannot be computed: missing, contradictory or incomplete figures.
// Its Mensaje is Spanish text for the people who gave the figures.
type DatosError struct {
	// Texto is the Spanish explanation.
	Texto string
}

// Error returns the explanation; it is already safe to show.
func (e *DatosError) Error() string { return e.Texto }

// Mensaje returns the Spanish explanation.
func (e *DatosError) Mensaje() string { return e.Texto }

func datosErrorf(format string, args ...any) error {
	return &DatosError{Texto: fmt.Sprintf(format, args...)}
}

// miles writes n with comma thousands separators, as the IEE and INE publish figures.
func miles(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// decimales is how many decimals fraccion shows at most before truncating.
const decimales = 4

// fraccion writes num/den in decimal: exact when it terminates within four decimals,
// otherwise truncated to four decimals and followed by «…». The thousands use commas.
func fraccion(num, den *big.Int) string {
	if den.Sign() == 0 {
		return "indefinido"
	}
	r := new(big.Rat).SetFrac(num, den)
	neg := r.Sign() < 0
	r.Abs(r)
	ip, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	s := milesBig(ip)
	if rem.Sign() != 0 {
		var digits strings.Builder
		ten := big.NewInt(10)
		for i := 0; i < decimales && rem.Sign() != 0; i++ {
			rem.Mul(rem, ten)
			d, m := new(big.Int).QuoRem(rem, r.Denom(), new(big.Int))
			digits.WriteString(d.String())
			rem = m
		}
		s += "." + digits.String()
		if rem.Sign() != 0 {
			s += "…"
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

func milesBig(n *big.Int) string {
	if n.IsInt64() {
		return miles(n.Int64())
	}
	return n.String()
}

// porcentaje writes 100·num/den truncated to four decimals ("43.5976 %"), computed on
// integers.
func porcentaje(num, den int64) string {
	if den == 0 {
		return "0.0000 %"
	}
	return porcentajeRat(big.NewRat(num, den))
}

// porcentajeRat writes the share r as a percentage truncated toward zero to four decimals.
func porcentajeRat(r *big.Rat) string {
	// 10^6 · r, truncated, holds the percentage with four decimals.
	q := new(big.Int).Quo(new(big.Int).Mul(r.Num(), big.NewInt(1_000_000)), r.Denom())
	sign := ""
	if q.Sign() < 0 {
		sign = "-"
		q.Neg(q)
	}
	s := fmt.Sprintf("%05d", q.Int64())
	return sign + s[:len(s)-4] + "." + s[len(s)-4:] + " %"
}
