package acta

import (
	"errors"
	"strconv"
	"strings"
)

// Kind tells what a cell of an acta holds: a number or one of the special values of the
// open-data layout (RULES.md §4.5).
type Kind uint8

// The kinds of cell. The zero Kind is Empty, so the zero Value is an empty cell.
const (
	Empty    Kind = iota // "" — fuera-de-catálogo rows leave their capture cells empty
	Number               // a non-negative integer
	Ilegible             // "ILEGIBLE": illegible in words and digits, counts 0 (IEE LEEME item 36)
	SinDato              // "SIN DATO": blank in words and digits, counts 0 (IEE LEEME item 36)
	SinActa              // "SIN ACTA": the acta did not reach the PREP
	Guion                // "-": not registered yet, or the contender does not run there
	NA                   // "N/A": the field does not exist for this acta (A, M, sin acta)
)

// Value is one cell of an acta: a kind and, for Number, its value.
type Value struct {
	Kind Kind
	N    int64
}

// Num returns the Value holding the number n.
func Num(n int64) Value { return Value{Kind: Number, N: n} }

// MaxDigits is the longest number accepted in a cell. Nine digits hold any acta figure and
// any state total; a longer string is a capture or file error.
const MaxDigits = 9

// Errors returned by ParseValue. They carry the reason in English; callers that face people
// translate them with Mensaje.
var (
	ErrNegative = errors.New("negative number")
	ErrDecimal  = errors.New("not a whole number")
	ErrTooLong  = errors.New("number too long")
	ErrUnknown  = errors.New("unrecognised value")
)

// Mensaje returns the Spanish, user-facing explanation of an error from ParseValue.
func Mensaje(err error) string {
	switch {
	case errors.Is(err, ErrNegative):
		return "el valor no puede ser negativo"
	case errors.Is(err, ErrDecimal):
		return "se esperaba un número entero sin decimales ni exponentes"
	case errors.Is(err, ErrTooLong):
		return "el número tiene más de 9 cifras"
	default:
		return "valor no reconocido: se esperaba un número entero, ILEGIBLE, SIN DATO, " +
			"SIN ACTA, - o N/A"
	}
}

// ParseValue reads a cell in any letter case, with surrounding spaces ignored. Digits give a
// Number (leading zeros accepted); the special words give their kind.
func ParseValue(s string) (Value, error) {
	if n := len(s); n > 0 && n <= MaxDigits && isDigits(s) {
		return Num(atoi(s)), nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Value{}, nil
	}
	if isDigits(t) {
		if len(t) > MaxDigits {
			return Value{}, ErrTooLong
		}
		n, _ := strconv.ParseInt(t, 10, 64)
		return Num(n), nil
	}
	switch strings.ToUpper(t) {
	case "-":
		return Value{Kind: Guion}, nil
	case "N/A":
		return Value{Kind: NA}, nil
	case "ILEGIBLE":
		return Value{Kind: Ilegible}, nil
	case "SIN DATO":
		return Value{Kind: SinDato}, nil
	case "SIN ACTA":
		return Value{Kind: SinActa}, nil
	}
	switch {
	case t[0] == '-' && len(t) > 1 && isDigits(t[1:]):
		return Value{}, ErrNegative
	case strings.ContainsAny(t, ".eE") && looksNumeric(t):
		return Value{}, ErrDecimal
	}
	return Value{}, ErrUnknown
}

// String renders the value as the IEE Puebla files write it.
func (v Value) String() string {
	switch v.Kind {
	case Number:
		return strconv.FormatInt(v.N, 10)
	case Ilegible:
		return "ILEGIBLE"
	case SinDato:
		return "SIN DATO"
	case SinActa:
		return "SIN ACTA"
	case Guion:
		return "-"
	case NA:
		return "N/A"
	}
	return ""
}

// Votes returns what the cell adds to a sum of votes: its number, or 0 for every special
// value (IEE LEEME items 33 and 36).
func (v Value) Votes() int64 {
	if v.Kind == Number {
		return v.N
	}
	return 0
}

// atoi converts a string of at most MaxDigits digits.
func atoi(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// looksNumeric reports whether s is made of digits, signs, dots and exponent letters only,
// such as "1e9" or "12.5": a number written in a form that votes cannot take.
func looksNumeric(s string) bool {
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-':
		default:
			return false
		}
	}
	return digits
}
