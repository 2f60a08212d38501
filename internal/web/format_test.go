package web

import (
	"math"
	"testing"
)

func TestMiles(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1,000"},
		{12345, "12,345"},
		{100000, "100,000"},
		{999999, "999,999"},
		{1000000, "1,000,000"},
		{2658993, "2,658,993"},
		{4990849, "4,990,849"},
		{-1234, "-1,234"},
		{-999, "-999"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	} {
		if got := miles(c.n); got != c.want {
			t.Errorf("miles(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestTamano(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {999, "999 bytes"}, {1000, "1.0 kB"}, {12345, "12.3 kB"},
		{4_150_000, "4.2 MB"},
	} {
		if got := tamano(c.n); got != c.want {
			t.Errorf("tamano(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestContabilizada(t *testing.T) {
	for v, want := range map[string]string{"1": "Contabilizada", "0": "No contabilizada",
		"2": "Fuera de catálogo", "-": "Aún no registrada", "9": "Valor no reconocido"} {
		if got := contabilizada(v); got != want {
			t.Errorf("contabilizada(%q) = %q, want %q", v, got, want)
		}
	}
}
