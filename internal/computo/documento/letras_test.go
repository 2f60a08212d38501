package documento

import (
	"math"
	"strings"
	"testing"
)

func TestEnLetras(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{0, "cero"}, {1, "uno"}, {2, "dos"}, {10, "diez"}, {11, "once"}, {15, "quince"},
		{16, "dieciséis"}, {19, "diecinueve"}, {20, "veinte"}, {21, "veintiuno"},
		{22, "veintidós"}, {23, "veintitrés"}, {26, "veintiséis"}, {29, "veintinueve"},
		{30, "treinta"}, {31, "treinta y uno"}, {45, "cuarenta y cinco"},
		{99, "noventa y nueve"}, {100, "cien"}, {101, "ciento uno"}, {110, "ciento diez"},
		{121, "ciento veintiuno"}, {199, "ciento noventa y nueve"}, {200, "doscientos"},
		{300, "trescientos"}, {400, "cuatrocientos"}, {500, "quinientos"},
		{555, "quinientos cincuenta y cinco"}, {600, "seiscientos"}, {700, "setecientos"},
		{777, "setecientos setenta y siete"}, {800, "ochocientos"}, {900, "novecientos"},
		{999, "novecientos noventa y nueve"}, {1000, "mil"}, {1001, "mil uno"},
		{1100, "mil cien"}, {1101, "mil ciento uno"}, {2000, "dos mil"},
		{21000, "veintiún mil"}, {21001, "veintiún mil uno"}, {31000, "treinta y un mil"},
		{100000, "cien mil"}, {101000, "ciento un mil"}, {200000, "doscientos mil"},
		{500500, "quinientos mil quinientos"}, {999999, "novecientos noventa y nueve mil " +
			"novecientos noventa y nueve"},
		{1000000, "un millón"}, {1000001, "un millón uno"}, {2000000, "dos millones"},
		{21000000, "veintiún millones"}, {100000000, "cien millones"},
		{101000000, "ciento un millones"}, {1000000000, "mil millones"},
		{1001000000, "mil un millones"}, {2500000000, "dos mil quinientos millones"},
		{1000000000000, "un billón"}, {2000000000001, "dos billones uno"},
		{1000000000000000000, "un trillón"},
		// The official cómputo of the Gubernatura of Puebla 2024 (RULES.md §6.4).
		{1908954, "un millón novecientos ocho mil novecientos cincuenta y cuatro"},
		{1052216, "un millón cincuenta y dos mil doscientos dieciséis"},
		{140077, "ciento cuarenta mil setenta y siete"}, {1778, "mil setecientos setenta y ocho"},
		{103788, "ciento tres mil setecientos ochenta y ocho"},
		{3206803, "tres millones doscientos seis mil ochocientos tres"},
		{856738, "ochocientos cincuenta y seis mil setecientos treinta y ocho"},
		{-21, "menos veintiuno"},
		{math.MaxInt64, "nueve trillones doscientos veintitrés mil trescientos setenta y dos " +
			"billones treinta y seis mil ochocientos cincuenta y cuatro millones setecientos " +
			"setenta y cinco mil ochocientos siete"},
		{math.MinInt64, "menos nueve trillones doscientos veintitrés mil trescientos setenta " +
			"y dos billones treinta y seis mil ochocientos cincuenta y cuatro millones " +
			"setecientos setenta y cinco mil ochocientos ocho"},
	}
	for _, c := range cases {
		if got := EnLetras(c.n); got != c.want {
			t.Errorf("EnLetras(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestEnLetrasGenero(t *testing.T) {
	cases := []struct {
		n          int64
		masc, fem  string
		sustantivo string
	}{
		{1, "un", "una", "voto"},
		{21, "veintiún", "veintiuna", "votos"},
		{31, "treinta y un", "treinta y una", "votos"},
		{101, "ciento un", "ciento una", "votos"},
		{200, "doscientos", "doscientas", "votos"},
		{501, "quinientos un", "quinientas una", "votos"},
		{700, "setecientos", "setecientas", "votos"},
		{900, "novecientos", "novecientas", "votos"},
		{1001, "mil un", "mil una", "votos"},
		{21000, "veintiún mil", "veintiuna mil", "votos"},
		{201000, "doscientos un mil", "doscientas una mil", "votos"},
		{1000000, "un millón", "un millón", "de votos"},
		{21000000, "veintiún millones", "veintiún millones", "de votos"},
		{200000000, "doscientos millones", "doscientos millones", "de votos"},
		{200000200, "doscientos millones doscientos", "doscientos millones doscientas",
			"votos"},
	}
	for _, c := range cases {
		if got := EnLetrasGenero(c.n, Masculino); got != c.masc {
			t.Errorf("%d (masculino) = %q, want %q %s", c.n, got, c.masc, c.sustantivo)
		}
		if got := EnLetrasGenero(c.n, Femenino); got != c.fem {
			t.Errorf("%d (femenino) = %q, want %q", c.n, got, c.fem)
		}
	}
}

func TestCifra(t *testing.T) {
	want := "1,908,954 (un millón novecientos ocho mil novecientos cincuenta y cuatro)"
	if got := Cifra(1908954); got != want {
		t.Errorf("Cifra = %q, want %q", got, want)
	}
	for n, w := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567",
		math.MinInt64: "-9,223,372,036,854,775,808"} {
		if got := Miles(n); got != w {
			t.Errorf("Miles(%d) = %q, want %q", n, got, w)
		}
	}
}

// FuzzEnLetras checks properties of every number: words from the vocabulary only, single
// spaces, "y" only between tens and ones, no "uno" before a scale word.
func FuzzEnLetras(f *testing.F) {
	for _, n := range []int64{0, 1, 21, 100, 1001, 21000, 1908954, math.MaxInt64} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		s := EnLetras(n)
		if s == "" || strings.Contains(s, "  ") || strings.HasPrefix(s, " ") ||
			strings.HasSuffix(s, " ") {
			t.Fatalf("EnLetras(%d) = %q", n, s)
		}
		for _, bad := range []string{"uno mil", "uno millón", "uno millones", "veintiuno mil",
			"cien uno", "ciento mil", "y y", "y cero"} {
			if strings.Contains(s, bad) {
				t.Fatalf("EnLetras(%d) = %q contains %q", n, s, bad)
			}
		}
		// A thousand alone is "mil", never "un mil" (but "treinta y un mil" is right).
		if strings.HasPrefix(strings.TrimPrefix(s, "menos ")+" ", "un mil ") {
			t.Fatalf("EnLetras(%d) = %q starts with un mil", n, s)
		}
		if n != 0 && strings.Contains(s, "cero") {
			t.Fatalf("EnLetras(%d) = %q says cero", n, s)
		}
	})
}
