package acta

import (
	"errors"
	"strings"
	"testing"
)

func nums(ns ...int64) []Value {
	out := make([]Value, len(ns))
	for i, n := range ns {
		out[i] = Num(n)
	}
	return out
}

// TestClassifySyntheticCases runs the worked examples O-ACT-1 … O-ACT-11 of RULES.md §2.2.
func TestClassifySyntheticCases(t *testing.T) {
	reps := func(n int64) Value { return Num(n) }
	cases := []struct {
		id      string
		in      Input
		estado  Estado
		label   string
		flags   Flags
		calcSum int64
	}{
		{"O-ACT-1", Input{Registrada: true, TipoCasilla: "B", ListaNominal: 650,
			Representantes: reps(8), Votes: nums(200, 150, 60, 10)},
			Contabilizada, ObsNinguna, 0, 420},
		{"O-ACT-2 calc 511", Input{Registrada: true, TipoCasilla: "C", ListaNominal: 500,
			Representantes: reps(10), Votes: nums(500, 11)},
			NoContabilizada, ObsExcede, FlagExcede, 511},
		{"O-ACT-2 calc 510", Input{Registrada: true, TipoCasilla: "C", ListaNominal: 500,
			Representantes: reps(10), Votes: nums(500, 10)},
			Contabilizada, ObsNinguna, 0, 510},
		{"O-ACT-3", Input{Registrada: true, TipoCasilla: "B", ListaNominal: 600,
			Representantes: reps(20), Votes: []Value{Num(100), {Kind: Ilegible}, Num(5)}},
			Contabilizada, ObsAlgun, FlagIlegible, 105},
		{"O-ACT-4", Input{Registrada: true, TipoCasilla: "B", ListaNominal: 600,
			Representantes: reps(20), Votes: []Value{Num(100), {Kind: Ilegible}, {Kind: SinDato}}},
			Contabilizada, ObsAlgun, FlagIlegible | FlagSinDato, 100},
		{"O-ACT-5 all illegible", Input{Registrada: true, TipoCasilla: "B", ListaNominal: 600,
			Representantes: reps(20), Votes: []Value{{Kind: Ilegible}, {Kind: Ilegible}}},
			NoContabilizada, ObsTodos, FlagIlegible | FlagTodos, 0},
		{"O-ACT-5 mixed", Input{Registrada: true, TipoCasilla: "B", ListaNominal: 600,
			Representantes: reps(20), Votes: []Value{{Kind: SinDato}, {Kind: Ilegible},
				{Kind: Guion}}},
			NoContabilizada, ObsTodos, FlagIlegible | FlagSinDato | FlagTodos, 0},
		{"O-ACT-7 EXCEDE prevails", Input{Registrada: true, TipoCasilla: "B", ListaNominal: 500,
			Representantes: reps(10), Votes: []Value{Num(515), {Kind: SinDato}}},
			NoContabilizada, ObsExcede, FlagExcede | FlagSinDato, 515},
		{"O-ACT-8", Input{FueraDeCatalogo: true}, FueraDeCatalogo, ObsFueraCatalogo,
			FlagFueraCatalogo, 0},
		{"O-ACT-10 voto anticipado", Input{Registrada: true, TipoCasilla: "A", ListaNominal: 4,
			Representantes: Value{Kind: NA}, Votes: nums(10, 4)},
			Contabilizada, ObsNinguna, 0, 14},
		{"O-ACT-11 especial", Input{Registrada: true, TipoCasilla: "S", ListaNominal: 0,
			Representantes: reps(1000), Votes: nums(1000, 1)},
			NoContabilizada, ObsExcede, FlagExcede, 1001},
		{"strict bound (AYUN '210943B01004)", Input{Registrada: true, TipoCasilla: "B",
			ListaNominal: 667, Representantes: reps(20), Votes: nums(600, 87)},
			Contabilizada, ObsNinguna, 0, 687},
		{"capture error kept ('212217C01002)", Input{Registrada: true, TipoCasilla: "C",
			ListaNominal: 524, Representantes: reps(20), Votes: nums(427, 427)},
			NoContabilizada, ObsExcede, FlagExcede, 854},
		{"not registered", Input{Votes: []Value{{Kind: Guion}}}, NoRegistrada, ObsNoRegistrada,
			0, 0},
		{"sin acta", Input{Registrada: true, SinActa: FlagPaqueteSinBolsa,
			Votes: []Value{{Kind: SinActa}}}, NoContabilizada, ObsPaqueteSinBolsa,
			FlagPaqueteSinBolsa, 0},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			got := Classify(c.in, DefaultConfig)
			if got.Estado != c.estado || got.Observaciones() != c.label || got.Flags != c.flags {
				t.Errorf("got %v %q %b, want %v %q %b", got.Estado, got.Observaciones(),
					got.Flags, c.estado, c.label, c.flags)
			}
			if sum := TotalCalculado(c.in.Votes); sum != c.calcSum {
				t.Errorf("calculated total %d, want %d", sum, c.calcSum)
			}
		})
	}
}

// TestEspecialBoundConfigurable checks that the bound of casillas especiales can be set
// (RULES.md §2.1, Q-1).
func TestEspecialBoundConfigurable(t *testing.T) {
	in := Input{Registrada: true, TipoCasilla: "S", Representantes: Num(1000),
		Votes: nums(800)}
	if got := Classify(in, Config{EspecialBound: 750}).Estado; got != NoContabilizada {
		t.Errorf("bound 750, 800 votes: got %v, want not counted", got)
	}
	if got := Classify(in, DefaultConfig).Estado; got != Contabilizada {
		t.Errorf("default bound, 800 votes: got %v, want counted", got)
	}
}

func TestParseValue(t *testing.T) {
	cases := []struct {
		in   string
		want Value
		err  error
	}{
		{"12", Num(12), nil}, {" 0 ", Num(0), nil}, {"007", Num(7), nil},
		{"ILEGIBLE", Value{Kind: Ilegible}, nil}, {"ilegible", Value{Kind: Ilegible}, nil},
		{"Sin Dato", Value{Kind: SinDato}, nil}, {"SIN ACTA", Value{Kind: SinActa}, nil},
		{"-", Value{Kind: Guion}, nil}, {" - ", Value{Kind: Guion}, nil},
		{"n/a", Value{Kind: NA}, nil}, {"", Value{}, nil},
		{"12a", Value{}, ErrUnknown}, {"-5", Value{}, ErrNegative}, {"1e9", Value{}, ErrDecimal},
		{"12.5", Value{}, ErrDecimal}, {"1234567890", Value{}, ErrTooLong},
		{strings.Repeat("x", 300), Value{}, ErrUnknown},
	}
	for _, c := range cases {
		got, err := ParseValue(c.in)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("ParseValue(%q) = %v, %v; want %v, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestParseObservaciones(t *testing.T) {
	cases := []struct {
		in         string
		want       Flags
		registered bool
	}{
		{"-", 0, false},
		{" - ", 0, true},
		{"ALGUN CAMPO ILEGIBLE O SIN DATO", FlagIlegible | FlagSinDato, true},
		{"Excede Lista Nominal, Ilegible, Sin dato", FlagExcede | FlagIlegible | FlagSinDato,
			true},
		{"EXCEDE LISTA NOMINAL. ALGUN CAMPO ILEGIBLE O SIN DATO",
			FlagExcede | FlagIlegible | FlagSinDato, true},
		{"Sin Acta por Paquete no Entregado", FlagPaqueteNoEntregado, true},
		{"Fuera de catálogo", FlagFueraCatalogo, true},
		{"Todos los campos vacíos", FlagTodos, true},
	}
	for _, c := range cases {
		got, reg, err := ParseObservaciones(c.in)
		if err != nil || got != c.want || reg != c.registered {
			t.Errorf("ParseObservaciones(%q) = %b, %v, %v; want %b, %v", c.in, got, reg, err,
				c.want, c.registered)
		}
	}
	if _, _, err := ParseObservaciones("ACTA EN EL LIMBO"); err == nil {
		t.Error("an unknown observation was accepted")
	}
}
