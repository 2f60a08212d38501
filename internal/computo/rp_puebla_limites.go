package computo

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

const (
	fundLimites = "CPEUM art. 116.II, párrafo tercero; LGIPE art. 28.2"
	// fundIncisoD is the part of CIPEEP art. 321 not read yet (RULES.md §7.2, Q-8).
	fundIncisoD = "CIPEEP art. 321, inciso d) en adelante, no leído"
)

// legislatura is the number of seats by both principles (41 in Puebla).
func (p *puebla) legislatura() int64 { return int64(p.cfg.EscanosMR + p.cfg.EscanosRP) }

// cuota returns a party's share of the votación the limits are measured on.
func (p *puebla) cuota(votos int64) *big.Rat {
	b := p.bases[p.cfg.BaseLimites]
	if b == 0 {
		return new(big.Rat)
	}
	return big.NewRat(votos, b)
}

// limites returns a party's bounds by both principles: at most ⌊L·(v/B + 8 %)⌋ and at least
// ⌈L·(v/B − 8 %)⌉ seats, L the legislature, B the votación of the limits. Shares are compared
// exactly, without rounding them on the 41 seats [to confirm, RULES.md Q-8].
func (p *puebla) limites(votos int64) (minimo, maximo int) {
	l := new(big.Rat).SetInt64(p.legislatura())
	hi := new(big.Rat).Mul(l, new(big.Rat).Add(p.cuota(votos), p.cfg.Margen))
	lo := new(big.Rat).Mul(l, new(big.Rat).Sub(p.cuota(votos), p.cfg.Margen))
	maximo = int(new(big.Int).Quo(hi.Num(), hi.Denom()).Int64())
	if lo.Sign() > 0 {
		q, m := new(big.Int).QuoRem(lo.Num(), lo.Denom(), new(big.Int))
		minimo = int(q.Int64())
		if m.Sign() != 0 {
			minimo++
		}
	}
	return minimo, maximo
}

func (p *puebla) escanos(pr PartidoRP) int { return pr.MR + p.rp[pr.Partido] }

// revisarLimites writes, for each party over the threshold, its seats and vote shares and
// where they stand against the limits.
func (p *puebla) revisarLimites(titulo string) {
	l := p.legislatura()
	p.paso(true, fundLimites, "%s: cada partido por ambos principios frente a su porcentaje "+
		"de la %s %s, más y menos %s", titulo, p.cfg.BaseLimites.nombre(),
		miles(p.bases[p.cfg.BaseLimites]), puntos(p.cfg.Margen))
	for _, pr := range p.v.Partidos {
		if !p.derecho[pr.Partido] {
			continue
		}
		s := p.escanos(pr)
		lo, hi := p.limites(pr.Votos)
		q := p.cuota(pr.Votos)
		estado := "dentro de sus límites"
		switch {
		case s > hi && pr.MR > hi:
			estado = "por encima del límite superior solo por sus triunfos de mayoría, que " +
				"conserva"
		case s > hi:
			estado = "sobrerrepresentado"
		case s < lo:
			estado = "subrepresentado"
		}
		p.paso(false, fundLimites, "%s: MR %d + RP %d = %d de %d = %s de la legislatura; "+
			"votación %s; límite superior %s (máximo %d), inferior %s (mínimo %d): %s",
			pr.Partido, pr.MR, p.rp[pr.Partido], s, l, porcentaje(int64(s), l),
			porcentajeRat(q), porcentajeRat(new(big.Rat).Add(q, p.cfg.Margen)), hi,
			porcentajeRat(new(big.Rat).Sub(q, p.cfg.Margen)), lo, estado)
	}
}

// sobrerrepresentacion deducts from each party over its upper limit the RP seats needed to
// bring it inside (CIPEEP art. 321 c)), keeping MR wins alone above it (CPEUM art. 116.II),
// and reassigns the deducted seats as configured, until no party is over.
func (p *puebla) sobrerrepresentacion() error {
	p.revisarLimites("Límites tras el cociente natural y el resto mayor")
	for range len(p.v.Partidos) + 1 {
		deducted := 0
		for _, pr := range p.activos() {
			_, hi := p.limites(pr.Votos)
			if p.escanos(pr) <= hi {
				continue
			}
			was := p.rp[pr.Partido]
			p.rp[pr.Partido] = max(0, hi-pr.MR)
			p.capped[pr.Partido] = true
			deducted += was - p.rp[pr.Partido]
			texto := fmt.Sprintf("%s excede su límite superior de %d diputaciones: se le "+
				"deducen %d de representación proporcional y conserva %d", pr.Partido, hi,
				was-p.rp[pr.Partido], p.rp[pr.Partido])
			if pr.MR > hi {
				texto += fmt.Sprintf(", además de sus %d triunfos de mayoría, que por sí "+
					"solos exceden el límite", pr.MR)
			}
			p.paso(false, "CIPEEP art. 321, inciso c); "+fundLimites, "%s", texto)
		}
		if deducted == 0 {
			return nil
		}
		if err := p.reasignar(deducted); err != nil {
			return err
		}
	}
	return fmt.Errorf("puebla: over-representation did not settle")
}

// reasignar gives the deducted seats to the other parties.
func (p *puebla) reasignar(deducted int) error {
	act := p.activos()
	if p.cfg.Reasignacion == ReasignarASubrepresentados {
		p.paso(true, "LGIPE art. 28.2.c; "+fundIncisoD, "Las %d "+
			"diputaciones deducidas se asignan una a una al partido más subrepresentado",
			deducted)
		for range deducted {
			if err := p.darAlMasSubrepresentado(act); err != nil {
				return err
			}
		}
		return nil
	}
	seats := p.cfg.EscanosRP
	for _, pr := range p.v.Partidos {
		if p.capped[pr.Partido] {
			seats -= p.rp[pr.Partido]
		} else {
			seats -= p.directas[pr.Partido]
		}
	}
	votes := p.votacionCociente()
	p.paso(true, "SUP-REC-1041/2018; LGIPE art. 18.1 por analogía; "+fundIncisoD,
		"Se repite el cociente natural y el resto mayor entre los partidos no "+
			"sobrerrepresentados: %d diputaciones, votación %s", seats, miles(votes))
	r, err := p.repartir(act, seats, votes, "votación de los partidos no sobrerrepresentados")
	if err != nil {
		return err
	}
	for _, f := range r.Filas {
		p.rp[f.Partido] = p.directas[f.Partido] + f.Escanos()
	}
	return nil
}

// darAlMasSubrepresentado gives one seat to the party of act furthest below its vote share
// that is still under its upper limit.
func (p *puebla) darAlMasSubrepresentado(act []PartidoRP) error {
	var cands []PartidoRP
	for _, pr := range act {
		if _, hi := p.limites(pr.Votos); p.escanos(pr) < hi {
			cands = append(cands, pr)
		}
	}
	if len(cands) == 0 {
		return datosErrorf("no hay partido que pueda recibir una diputación deducida sin " +
			"exceder su límite superior")
	}
	got, err := p.extremo(cands, true, "diputación deducida al más subrepresentado")
	if err != nil {
		return err
	}
	p.rp[got.Partido]++
	p.paso(true, "LGIPE art. 28.2.c", "Diputación deducida a %s (su porcentaje de la "+
		"legislatura queda en %s, su votación es %s)", got.Partido,
		porcentaje(int64(p.escanos(got)), p.legislatura()), porcentajeRat(p.cuota(got.Votos)))
	return nil
}

// brecha is a party's vote share less its seat share: positive when under-represented.
func (p *puebla) brecha(pr PartidoRP) *big.Rat {
	seats := big.NewRat(int64(p.escanos(pr)), p.legislatura())
	return new(big.Rat).Sub(p.cuota(pr.Votos), seats)
}

// extremo returns the party with the largest brecha (under) or the smallest (over); a tie is
// drawn.
func (p *puebla) extremo(cands []PartidoRP, under bool, motivo string) (PartidoRP, error) {
	sorted := append([]PartidoRP(nil), cands...)
	sort.SliceStable(sorted, func(i, j int) bool {
		c := p.brecha(sorted[i]).Cmp(p.brecha(sorted[j]))
		if under {
			return c > 0
		}
		return c < 0
	})
	best := p.brecha(sorted[0])
	var tied []string
	for _, pr := range sorted {
		if p.brecha(pr).Cmp(best) == 0 {
			tied = append(tied, pr.Partido)
		}
	}
	if len(tied) == 1 {
		return sorted[0], nil
	}
	sort.Strings(tied)
	reg, err := sortear(p.cfg.Sorteo, SorteoSolicitud{Unidad: "diputaciones de Puebla",
		Motivo: motivo, Empatados: tied, Lugares: 1})
	if err != nil {
		return PartidoRP{}, err
	}
	p.out.Sorteos = append(p.out.Sorteos, reg)
	for _, pr := range sorted {
		if pr.Partido == reg.Ganadores[0] {
			return pr, nil
		}
	}
	return PartidoRP{}, fmt.Errorf("sorteo winner %s not a candidate", reg.Ganadores[0])
}

// compensar brings every party over the threshold up to its lower limit, moving one RP seat
// at a time from the most over-represented party that keeps its own lower limit (LGIPE art.
// 28.2.c) [to confirm: CIPEEP art. 321 d) onward].
func (p *puebla) compensar() error {
	for range p.cfg.EscanosRP*len(p.v.Partidos) + 1 {
		var under []PartidoRP
		for _, pr := range p.v.Partidos {
			if lo, _ := p.limites(pr.Votos); p.derecho[pr.Partido] && p.escanos(pr) < lo {
				under = append(under, pr)
			}
		}
		if len(under) == 0 {
			return nil
		}
		names := nombres(under)
		if p.cfg.SinCompensacion {
			p.paso(true, "LGIPE art. 28.2.c", "%s por debajo de su límite inferior; la "+
				"compensación no está activada en esta configuración", names)
			return nil
		}
		target, err := p.extremo(under, true, "compensación al más subrepresentado")
		if err != nil {
			return err
		}
		donor, ok, err := p.donante(target)
		if err != nil {
			return err
		}
		if !ok {
			p.paso(true, "LGIPE art. 28.2.c; "+fundIncisoD, "%s por debajo "+
				"de su límite inferior, y ningún partido puede ceder una diputación de "+
				"representación proporcional sin quedar por debajo del suyo: queda así", names)
			return nil
		}
		p.rp[donor.Partido]--
		p.rp[target.Partido]++
		lo, _ := p.limites(target.Votos)
		p.paso(true, "LGIPE art. 28.2.c; "+fundIncisoD,
			"%s está por debajo de su límite inferior (mínimo %d): recibe una diputación de "+
				"representación proporcional, que se deduce a %s, el partido más "+
				"sobrerrepresentado que puede cederla; %s llega a %d y %s queda con %d",
			target.Partido, lo, donor.Partido, target.Partido, p.escanos(target),
			donor.Partido, p.escanos(donor))
	}
	return fmt.Errorf("puebla: compensation did not settle")
}

// donante finds the most over-represented party that can give an RP seat to target and keep
// its own lower limit.
func (p *puebla) donante(target PartidoRP) (PartidoRP, bool, error) {
	var cands []PartidoRP
	for _, pr := range p.v.Partidos {
		lo, _ := p.limites(pr.Votos)
		if pr.Partido != target.Partido && p.derecho[pr.Partido] &&
			p.rp[pr.Partido] > p.directas[pr.Partido] && p.escanos(pr)-1 >= lo {
			cands = append(cands, pr)
		}
	}
	if len(cands) == 0 {
		return PartidoRP{}, false, nil
	}
	d, err := p.extremo(cands, false, "diputación que cede el más sobrerrepresentado")
	return d, err == nil, err
}

func nombres(ps []PartidoRP) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Partido)
	}
	if len(out) == 1 {
		return out[0] + " queda"
	}
	return strings.Join(out, ", ") + " quedan"
}
