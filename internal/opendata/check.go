package opendata

import (
	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
)

// Discrepancia is one published figure of a file that differs from the figure sufragio
// computes from the same file. It is a finding, not an error: the file is imported as
// published and the finding is kept beside it (an inconsistent tally is data).
type Discrepancia struct {
	Linea     int
	ActaID    string // empty for a field of the summary header
	Campo     string // the column or summary field
	Publicado string
	Calculado string
}

// Check recomputes what a PREP file states about itself and lists where it disagrees: for
// every acta its CONTABILIZADA, OBSERVACIONES and TOTAL_VOTOS_CALCULADO, and the 13 figures
// of the summary header. Whether the file is the final cut is not known at import, so the
// participation is accepted under either rule of RULES.md §3.3.
func Check(f *Archivo, cfg acta.Config) []Discrepancia {
	out := checkResumen(f, cfg)
	for i, a := range f.Actas {
		out = append(out, checkActa(a, f.Lineas[i], cfg)...)
	}
	return out
}

// checkActa compares the published classification and calculated total of one acta with
// the recomputed ones. Actas captured by sufragio have nothing published to compare.
func checkActa(a *acta.Acta, line int, cfg acta.Config) []Discrepancia {
	var out []Discrepancia
	add := func(campo, pub, calc string) {
		if pub != calc {
			out = append(out, Discrepancia{Linea: line, ActaID: a.ID, Campo: campo,
				Publicado: pub, Calculado: calc})
		}
	}
	if a.Publicada != nil {
		c := a.Calculada(cfg)
		add("CONTABILIZADA", a.Publicada.Estado.String(), c.Estado.String())
		add("OBSERVACIONES", a.ObservacionesPub, c.Observaciones())
	}
	pub, calc := a.TotalCalculado, a.Calculado()
	// The IEE LEEME (item 33) writes SIN ACTA where the files print 0 (RULES.md §2.1).
	if pub.Kind == acta.SinActa && calc == acta.Num(0) {
		pub = calc
	}
	add("TOTAL_VOTOS_CALCULADO", pub.String(), calc.String())
	return out
}

// checkResumen compares the published header with the summary recomputed from the actas,
// each counting with its published classification as the IEE header does (RULES.md §2.3).
// Values are compared as numbers, since OPLE files print them in several forms (§3.2).
func checkResumen(f *Archivo, cfg acta.Config) []Discrepancia {
	res := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, false, cfg).Entidad.Resumen
	calc := res.Valores(false)
	final := res.Participacion(true).String()
	var out []Discrepancia
	for i, campo := range corte.Campos {
		pub := f.Resumen[i]
		if sameCampo(campo, pub, calc[i]) {
			continue
		}
		want := calc[i]
		if i == len(corte.Campos)-1 {
			if sameCampo(campo, pub, final) {
				continue
			}
			want = calc[i] + " (corte no final) o " + final + " (corte final)"
		}
		out = append(out, Discrepancia{Linea: f.ResumenLinea, Campo: campo, Publicado: pub,
			Calculado: want})
	}
	return out
}

// sameCampo reports whether two renderings of a summary field hold the same number.
func sameCampo(campo, a, b string) bool {
	x, errA := corte.ParseCampo(campo, a)
	y, errB := corte.ParseCampo(campo, b)
	if errA != nil || errB != nil {
		return a == b
	}
	return x == y
}
