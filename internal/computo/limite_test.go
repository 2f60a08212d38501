package computo

import (
	"errors"
	"strings"
	"testing"
)

// TestLimite checks the bound of the votes a casilla can hold: its lista nominal plus two
// representatives for each of the contest's five parties and independents (LGIPE art.
// 259.1), and a fixed bound for the casillas whose electors are not listed in them.
func TestLimite(t *testing.T) {
	d := definicionEjemplo()
	for _, c := range []struct {
		tipo string
		ln   int64
		want int64
		ok   bool
	}{{"B", 400, 410, false}, {"C", 300, 310, false}, {"M", 5000, 5010, false},
		{"S", 0, 3000, true}, {"A", 4, 3000, true}, {"P", 10, 3000, true},
		{"B", 0, 3000, true}} {
		got, sinLista := d.Limite(Casilla{Tipo: c.tipo, ListaNominal: c.ln})
		if got != c.want || sinLista != c.ok {
			t.Errorf("Limite(%s, LN %d) = %d, %v; want %d, %v", c.tipo, c.ln, got, sinLista,
				c.want, c.ok)
		}
	}
}

// TestExcedeLista checks the acts over a casilla that would hold more votes than it can:
// an acta read so in the cotejo is sent to recount with its cause; a recount so is refused
// unless the council confirms it, and then kept as found; a correction so is refused; and
// a figure above any casilla's is refused everywhere.
func TestExcedeLista(t *testing.T) {
	s, err := NuevaSesion(definicionEjemplo(), casillasEjemplo(), "presidencia", reloj())
	must(t, err)
	ok := Paquete{ActaEnPaquete: true, CopiaPresidente: true}
	for _, c := range s.Casillas() {
		p := ok
		if c.ID == "210103B0100" {
			p = Paquete{NoInstalada: true}
		}
		must(t, s.RegistrarPaquete("bodega", c.ID, p))
	}
	// 210101B0100 (LN 400, limit 410): the council reads 500 votes for PAN.
	leida := actaDe(500, 20, 90, 10, 3, 2, 5, 0, 4)
	d, err := s.Cotejar("consejo", "210101B0100", Cotejo{Acta: &leida, Coinciden: true})
	must(t, err)
	if !d.Recontar || !tieneCausa(d, CausaExcedeLista) {
		t.Fatalf("dictamen %+v, want a recount for excede-lista-nominal", d)
	}
	enorme := actaDe(500_000, 20, 90, 10, 3, 2, 5, 0, 4)
	var de *DatosError
	if _, err := s.Cotejar("consejo", "210101C0100", Cotejo{Acta: &enorme,
		Coinciden: true}); !errors.As(err, &de) || !strings.Contains(de.Mensaje(),
		"500,000 votos de PAN es más de lo que cabe en una casilla") {
		t.Fatalf("cotejo of 500,000 votes: %v", err)
	}
	must(t, errOf(s.Cotejar("consejo", "210101C0100", Cotejo{Confirma: true, Coinciden: true})))
	must(t, errOf(s.Cotejar("consejo", "210102B0100", Cotejo{Confirma: true, Coinciden: true})))
	sinPREP := actaDe(40, 5, 45, 5, 0, 1, 1, 0, 1)
	must(t, errOf(s.Cotejar("consejo", "210102C0100", Cotejo{Acta: &sinPREP,
		Coinciden: true})))
	must(t, errOf(s.PlanearRecuento("presidencia", 0, 0)))

	excede := Recuento{Votos: votosCols(450, 20, 90, 10, 3, 2, 5, 0, 4)}
	err = s.CapturarRecuento("consejo", "210101B0100", excede)
	if !errors.As(err, &de) || !strings.Contains(de.Mensaje(), "el recuento da 584 votos, "+
		"más que su lista nominal (400) y los representantes que pueden votar en ella (10)") {
		t.Fatalf("recount over the limit: %v", err)
	}
	excede.ConfirmaExcede = true
	must(t, s.CapturarRecuento("consejo", "210101B0100", excede))
	k, _ := s.Casilla("210101B0100")
	if k.Recuento == nil || k.Recuento.Votos["PAN"] != 450 || !k.Recuento.ConfirmaExcede {
		t.Fatalf("confirmed recount: %+v", k.Recuento)
	}
	for _, id := range s.PorRecontar() {
		if c, _ := s.Casilla(id); c.Recuento == nil {
			must(t, s.CapturarRecuento("consejo", id, Recuento{
				Votos: votosCols(40, 5, 45, 5, 0, 1, 1, 0, 1)}))
		}
	}
	must(t, errOf(s.DecidirRecuentoTotal("presidencia", false)))
	must(t, errOf(s.Computar("presidencia", nil)))

	// 210101C0100 (LN 400) holds 130 votes: a correction to 1,000 for PAN is refused; the
	// confirmed recount of 210101B0100 may still be corrected.
	if _, err := s.Corregir("consejo", "210101C0100", Votos{"PAN": 1000}, "error de captura",
		nil); !errors.As(err, &de) || !strings.Contains(de.Mensaje(), "con la corrección "+
		"tendría 1,080 votos, más que su lista nominal (400)") {
		t.Errorf("correction over the limit: %v", err)
	}
	must(t, errOf(s.Corregir("consejo", "210101B0100", Votos{"PAN": 449}, "error de suma",
		nil)))
	if _, err := s.Corregir("consejo", "210101B0100", Votos{"PRI": 5000}, "error de suma",
		nil); !errors.As(err, &de) || !strings.Contains(de.Mensaje(), "tendría") {
		t.Errorf("a correction above the confirmed recount: %v", err)
	}
}

func tieneCausa(d Dictamen, c CodigoCausa) bool {
	for _, x := range d.Causas {
		if x.Codigo == c {
			return true
		}
	}
	return false
}
