// Package corte computes what one publication of the PREP shows: the classification of every
// acta, the tallies at every territorial level and the 13-figure summary of RULES.md §3.
// It is pure: it reads actas and an election definition and touches no storage.
package corte

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
)

// Resumen is the 13-figure summary of a corte over a set of actas (RULES.md §3.1; IEE LEEME
// items 3-15). Only the counts are stored; percentages are derived from them.
type Resumen struct {
	ActasEsperadas             int64
	ActasFueraCatalogo         int64
	ActasCapturadas            int64
	ActasContabilizadas        int64
	ActasNoContabilizadas      int64
	ActasInconsistentes        int64
	ListaNominalContabilizadas int64
	TotalVotosCCS              int64
	TotalVotosSCS              int64
}

// Campos are the names of the 13 summary fields in printed order (IEE LEEME section C.b).
var Campos = [13]string{
	"ACTAS_ESPERADAS", "ACTAS_REGISTRADAS", "ACTAS_FUERA_CATALOGO", "ACTAS_CAPTURADAS",
	"PORCENTAJE_ACTAS_CAPTURADAS", "ACTAS_CONTABILIZADAS", "PORCENTAJE_ACTAS_CONTABILIZADAS",
	"PORCENTAJE_ACTAS_INCONSISTENCIAS", "ACTAS_NO_CONTABILIZADAS",
	"LISTA_NOMINAL_ACTAS_CONTABILIZADAS", "TOTAL_VOTOS_C_CS", "TOTAL_VOTOS_S_CS",
	"PORCENTAJE_PARTICIPACION_CIUDADANA",
}

// Add counts one acta with its effective classification.
func (r *Resumen) Add(a *acta.Acta, c acta.Clasificacion) {
	var votos int64
	if c.Estado == acta.Contabilizada {
		votos = acta.TotalCalculado(a.Votos)
	}
	r.Contar(c.Estado, c.Inconsistente(), a.TipoCasilla == "S", a.ListaNominal.Votes(), votos)
}

// Contar counts one acta from what the summary reads of it: its CONTABILIZADA state, whether
// it has inconsistencies, whether its casilla is especial, its lista nominal and the sum of
// its vote fields (used only when it is counted). It serves both the actas of a tally and
// the published records of a corte (publish.NodoDeActas).
func (r *Resumen) Contar(estado acta.Estado, inconsistente, especial bool, listaNominal,
	votos int64) {
	if estado == acta.FueraDeCatalogo {
		// Fuera-de-catálogo actas count only as registered (IEE LEEME items 4-5).
		r.ActasFueraCatalogo++
		return
	}
	r.ActasEsperadas++
	switch estado {
	case acta.NoRegistrada:
		return
	case acta.NoContabilizada:
		r.ActasNoContabilizadas++
	case acta.Contabilizada:
		r.ActasContabilizadas++
		r.ListaNominalContabilizadas += listaNominal
		r.TotalVotosCCS += votos
		if !especial {
			r.TotalVotosSCS += votos
		}
	}
	r.ActasCapturadas++
	if inconsistente {
		r.ActasInconsistentes++
	}
}

// Merge adds the counts of o to r.
func (r *Resumen) Merge(o Resumen) {
	r.ActasEsperadas += o.ActasEsperadas
	r.ActasFueraCatalogo += o.ActasFueraCatalogo
	r.ActasCapturadas += o.ActasCapturadas
	r.ActasContabilizadas += o.ActasContabilizadas
	r.ActasNoContabilizadas += o.ActasNoContabilizadas
	r.ActasInconsistentes += o.ActasInconsistentes
	r.ListaNominalContabilizadas += o.ListaNominalContabilizadas
	r.TotalVotosCCS += o.TotalVotosCCS
	r.TotalVotosSCS += o.TotalVotosSCS
}

// ActasRegistradas are the captured actas plus the fuera-de-catálogo ones.
func (r Resumen) ActasRegistradas() int64 { return r.ActasCapturadas + r.ActasFueraCatalogo }

// PorcentajeCapturadas is 100 × capturadas / esperadas.
func (r Resumen) PorcentajeCapturadas() Porcentaje {
	return Porcentaje{r.ActasCapturadas, r.ActasEsperadas}
}

// PorcentajeContabilizadas is 100 × contabilizadas / esperadas.
func (r Resumen) PorcentajeContabilizadas() Porcentaje {
	return Porcentaje{r.ActasContabilizadas, r.ActasEsperadas}
}

// PorcentajeInconsistencias is 100 × actas with inconsistencies / esperadas.
func (r Resumen) PorcentajeInconsistencias() Porcentaje {
	return Porcentaje{r.ActasInconsistentes, r.ActasEsperadas}
}

// Participacion is the citizen participation. At every corte but the final one it leaves out
// the votes of casillas especiales, which have no lista nominal; at the final corte it takes
// them in (IEE LEEME item 15; RE Anexo 13 numeral 29 fr. IX [numeral to confirm]; reproduced
// on the six Puebla 2024 files, RULES.md §3.3).
func (r Resumen) Participacion(final bool) Porcentaje {
	if final {
		return Porcentaje{r.TotalVotosCCS, r.ListaNominalContabilizadas}
	}
	return Porcentaje{r.TotalVotosSCS, r.ListaNominalContabilizadas}
}

// Valores renders the 13 values as the IEE Puebla 2024 header prints them.
func (r Resumen) Valores(final bool) [13]string {
	i := strconv.FormatInt
	return [13]string{
		i(r.ActasEsperadas, 10), i(r.ActasRegistradas(), 10), i(r.ActasFueraCatalogo, 10),
		i(r.ActasCapturadas, 10), r.PorcentajeCapturadas().String(),
		i(r.ActasContabilizadas, 10), r.PorcentajeContabilizadas().String(),
		r.PorcentajeInconsistencias().String(), i(r.ActasNoContabilizadas, 10),
		i(r.ListaNominalContabilizadas, 10),
		// The IEE prints the vote totals as "2658993.0" (RULES.md §3.2).
		i(r.TotalVotosCCS, 10) + ".0", i(r.TotalVotosSCS, 10) + ".0",
		r.Participacion(final).String(),
	}
}

// Porcentaje is an exact ratio shown as a percentage truncated to four decimals.
type Porcentaje struct{ Num, Den int64 }

// String prints 100 × Num / Den truncated, never rounded, to four decimals, always printing
// all four (IEE LEEME items 7, 9, 10, 15): 2/3 is "66.6666". The computation is integer:
// q = ⌊Num × 10^6 / Den⌋ (RULES.md §3.2). A zero denominator prints "0.0000".
// TODO(founding): the output with nothing counted is undocumented (RULES.md Q-3).
func (p Porcentaje) String() string {
	if p.Den <= 0 {
		return "0.0000"
	}
	q := p.Num * 1_000_000 / p.Den
	return fmt.Sprintf("%d.%04d", q/10_000, q%10_000)
}

// ParseCampo reads one published summary value, accepting the forms seen in OPLE files:
// "2658993.0", "2658993", "99.1000" and "'97.1604" (RULES.md §3.2). Percentages are returned
// scaled by 10^4, counts as they are.
func ParseCampo(name, s string) (int64, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "'")
	if strings.HasPrefix(name, "PORCENTAJE_") {
		whole, frac, _ := strings.Cut(t, ".")
		if len(frac) > 4 {
			return 0, fmt.Errorf("more than four decimals")
		}
		frac += strings.Repeat("0", 4-len(frac))
		w, err1 := strconv.ParseUint(whole, 10, 32)
		f, err2 := strconv.ParseUint(frac, 10, 32)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("not a percentage")
		}
		return int64(w*10_000 + f), nil
	}
	t = strings.TrimSuffix(t, ".0")
	n, err := strconv.ParseUint(t, 10, 63)
	if err != nil {
		return 0, fmt.Errorf("not a whole number")
	}
	return int64(n), nil
}
