package publicacion

import (
	"testing"
	"time"
)

func TestToca(t *testing.T) {
	at := func(hhmm string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04:05", "2024-06-02 "+hhmm)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	p := Programa{Apertura: at("20:00:00"), Cierre: at("23:00:00"), Cadencia: 5 * time.Minute}
	cases := []struct {
		name            string
		now, last       time.Time
		lastFinal       bool
		wantDue, wantFn bool
	}{
		{"antes de la apertura", at("19:59:59"), time.Time{}, false, false, false},
		{"apertura sin cortes", at("20:00:00"), time.Time{}, false, true, false},
		{"mismo intervalo", at("20:04:59"), at("20:00:01"), false, false, false},
		{"siguiente intervalo", at("20:05:00"), at("20:00:01"), false, true, false},
		{"a demanda no corre el programa", at("20:05:02"), at("20:03:00"), false, true, false},
		{"servidor caído publica una vez", at("21:17:00"), at("20:10:00"), false, true, false},
		{"y no otra", at("21:17:30"), at("21:17:01"), false, false, false},
		{"cierre", at("23:00:00"), at("22:55:00"), false, true, true},
		{"después del final", at("23:10:00"), at("23:00:00"), true, false, false},
	}
	for _, c := range cases {
		due, fin := p.Toca(c.now, c.last, c.lastFinal)
		if due != c.wantDue || fin != c.wantFn {
			t.Errorf("%s: got due %v final %v, want %v %v", c.name, due, fin, c.wantDue, c.wantFn)
		}
	}
	if due, _ := (Programa{}).Toca(at("21:00:00"), time.Time{}, false); due {
		t.Error("no schedule: got a corte due")
	}
	every := Programa{Apertura: at("20:00:00"), Cierre: at("23:00:00"), Cadencia: time.Minute}
	if due, _ := every.Toca(at("20:01:00"), at("20:00:00"), false); !due {
		t.Error("cadence of one minute: want a corte due at 20:01")
	}
}
