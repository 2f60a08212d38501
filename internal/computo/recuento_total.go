package computo

import (
	"fmt"
	"math/big"
)

// BaseMargen is the votación on which the one-point margin of a total recount is measured.
// LGIPE art. 311.2-3 does not state it (RULES.md Q-4).
type BaseMargen int

const (
	// MargenVotacionTotal measures the margin on the votación total emitida of the unit
	// (every vote in the urns), the default [to confirm: CIPEEP, IEE Lineamientos de
	// cómputo 2024; RULES.md §6.3, Q-4].
	MargenVotacionTotal BaseMargen = iota
	// MargenVotacionValida measures it on the votación válida emitida (total − nulos − no
	// registradas, LGIPE art. 15.1).
	MargenVotacionValida
)

// UnidadComputo is the result of a unit (distrito or municipio) by candidacy, as the
// recount decision needs it.
type UnidadComputo struct {
	Unidad        string
	Candidaturas  []Resultado
	NoRegistradas int64
	Nulos         int64
}

// RecuentoTotal is the decision on recounting every casilla of a unit.
type RecuentoTotal struct {
	Unidad string
	// Primero and Segundo are the presumed winner and the runner-up, with their votes.
	Primero, Segundo   Resultado
	Base               int64 // the votación the margin is measured on
	BaseNombre         string
	Diferencia         int64
	Porcentaje         string // the difference as a percentage of Base, truncated
	DentroDelMargen    bool   // (v1 − v2) × 100 ≤ Base
	PeticionSegundo    bool   // the runner-up's representative asked expressly
	Procede            bool   // DentroDelMargen and PeticionSegundo
	Fundamento         string
	Explicacion        string
	MargenPorConfirmar bool
}

// EvaluarRecuentoTotal applies LGIPE art. 311.2-3: every casilla of the unit is recounted
// when the difference between the presumed winner and the runner-up is equal to or less than
// one percentage point and the runner-up's representative expressly asks for it. The test is
// exact: (v1 − v2) × 100 ≤ base (RULES.md §6.3). Whether the figures are the indicio at the
// start of the session (the sum of the copies of the actas, art. 311.2) or the result at its
// end (art. 311.3) is the caller's; at the end, casillas already recounted are excluded.
func EvaluarRecuentoTotal(u UnidadComputo, base BaseMargen, peticion bool) RecuentoTotal {
	rs := append([]Resultado(nil), u.Candidaturas...)
	ordenar(rs)
	r := RecuentoTotal{Unidad: u.Unidad, PeticionSegundo: peticion,
		Fundamento: "LGIPE art. 311.2-3", MargenPorConfirmar: true}
	if len(rs) > 0 {
		r.Primero = rs[0]
	}
	if len(rs) > 1 {
		r.Segundo = rs[1]
	}
	var validos int64
	for _, c := range rs {
		validos += c.Votos
	}
	r.Base, r.BaseNombre = validos+u.NoRegistradas+u.Nulos, "votación total emitida"
	if base == MargenVotacionValida {
		r.Base, r.BaseNombre = validos, "votación válida emitida"
	}
	r.Diferencia = r.Primero.Votos - r.Segundo.Votos
	r.Porcentaje = porcentajeDos(r.Diferencia, r.Base)
	r.DentroDelMargen = r.Base > 0 && r.Diferencia*100 <= r.Base
	r.Procede = r.DentroDelMargen && r.PeticionSegundo
	r.Explicacion = explicarMargen(r)
	return r
}

func explicarMargen(r RecuentoTotal) string {
	s := fmt.Sprintf("%s %s, %s %s: diferencia %s sobre una %s de %s = %s puntos "+
		"porcentuales", r.Primero.Candidatura, miles(r.Primero.Votos), r.Segundo.Candidatura,
		miles(r.Segundo.Votos), miles(r.Diferencia), r.BaseNombre, miles(r.Base), r.Porcentaje)
	switch {
	case !r.DentroDelMargen:
		return s + "; mayor a un punto: no procede el recuento total"
	case !r.PeticionSegundo:
		return s + "; igual o menor a un punto, pero sin petición expresa del representante " +
			"del segundo lugar: no procede el recuento total"
	}
	return s + "; igual o menor a un punto y con petición expresa: procede el recuento total"
}

// porcentajeDos writes 100·num/den with two decimals, truncated ("0.90").
func porcentajeDos(num, den int64) string {
	if den == 0 {
		return "0.00"
	}
	q := num * 10000 / den
	return fmt.Sprintf("%d.%02d", q/100, q%100)
}

// ConfigGrupos holds the figures of the formula that sizes the grupos de trabajo. The
// formula and its constants come from the INE "Bases generales para regular el desarrollo de
// las sesiones de los cómputos en elecciones locales" as implemented by OPLE cómputo software
// seen in public code [to confirm against the Bases and the IEE Lineamientos de cómputo 2024;
// RULES.md §6.3]: PR = NCR / GT / S, where NCR is the packages to recount, GT the grupos de
// trabajo, S the 30-minute segments available, and PR the puntos de recuento per group.
type ConfigGrupos struct {
	// Umbral: more packages than this to recount are recounted in grupos de trabajo
	// instead of the pleno (20; RULES.md §6.3).
	Umbral int
	// Grupos is the number of grupos de trabajo the council creates (GT), at most MaxGrupos.
	Grupos int
	// MinutosDisponibles is the time left for the recount; MinutosSegmento the length of one
	// segment (30).
	MinutosDisponibles int
	MinutosSegmento    int
	// Redondeo: a fractional PR is rounded up when its fraction is at least this (3/10),
	// otherwise down, and never below 1; nil rounds every fraction up.
	Redondeo *big.Rat
	// MaxGrupos and MaxPuntos bound GT (5) and PR per group (8).
	MaxGrupos int
	MaxPuntos int
}

// ConfigGruposINE returns the constants of the formula as read in the INE Bases generales
// [to confirm], with the council's groups and available time.
func ConfigGruposINE(grupos, minutosDisponibles int) ConfigGrupos {
	return ConfigGrupos{Umbral: 20, Grupos: grupos, MinutosDisponibles: minutosDisponibles,
		MinutosSegmento: 30, Redondeo: big.NewRat(3, 10), MaxGrupos: 5, MaxPuntos: 8}
}

// PlanRecuento is how a council recounts: in the pleno alone, or in grupos de trabajo with
// their puntos de recuento.
type PlanRecuento struct {
	Paquetes        int
	GruposDeTrabajo bool
	Grupos          int
	Segmentos       int
	// Cociente is NCR / (GT × S) exactly; PuntosPorGrupo is it rounded as configured.
	Cociente       *big.Rat
	PuntosPorGrupo int
	// PaquetesPorGrupo splits the packages among the groups in proportional shares (LGIPE
	// art. 311.4): the first groups get one more when the division is not exact.
	PaquetesPorGrupo []int
	Explicacion      string
	PorConfirmar     bool
}

// PlanearRecuento decides whether paquetes packages are recounted in the pleno or in grupos
// de trabajo, and sizes the groups (LGIPE art. 311.4; RULES.md §6.3 [to confirm]).
func PlanearRecuento(paquetes int, cfg ConfigGrupos) (PlanRecuento, error) {
	p := PlanRecuento{Paquetes: paquetes, PorConfirmar: true}
	if paquetes <= cfg.Umbral {
		p.Explicacion = fmt.Sprintf("%d paquetes por recontar, no más de %d: el recuento se "+
			"hace en el pleno del consejo", paquetes, cfg.Umbral)
		return p, nil
	}
	if cfg.Grupos < 1 || (cfg.MaxGrupos > 0 && cfg.Grupos > cfg.MaxGrupos) {
		return p, datosErrorf("%d grupos de trabajo: deben ser de 1 a %d", cfg.Grupos,
			cfg.MaxGrupos)
	}
	if cfg.MinutosSegmento <= 0 || cfg.MinutosDisponibles < cfg.MinutosSegmento {
		return p, datosErrorf("el tiempo disponible (%d minutos) no alcanza un segmento de "+
			"%d minutos", cfg.MinutosDisponibles, cfg.MinutosSegmento)
	}
	p.GruposDeTrabajo, p.Grupos = true, cfg.Grupos
	p.Segmentos = cfg.MinutosDisponibles / cfg.MinutosSegmento
	p.Cociente = big.NewRat(int64(paquetes), int64(cfg.Grupos*p.Segmentos))
	p.PuntosPorGrupo = redondearPuntos(p.Cociente, cfg.Redondeo)
	for i := 0; i < cfg.Grupos; i++ {
		n := paquetes / cfg.Grupos
		if i < paquetes%cfg.Grupos {
			n++
		}
		p.PaquetesPorGrupo = append(p.PaquetesPorGrupo, n)
	}
	p.Explicacion = fmt.Sprintf("%d paquetes por recontar, más de %d: grupos de trabajo. "+
		"PR = %d / %d grupos / %d segmentos = %s → %d puntos de recuento por grupo",
		paquetes, cfg.Umbral, paquetes, cfg.Grupos, p.Segmentos,
		fraccion(p.Cociente.Num(), p.Cociente.Denom()), p.PuntosPorGrupo)
	if cfg.MaxPuntos > 0 && p.PuntosPorGrupo > cfg.MaxPuntos {
		return p, datosErrorf("la fórmula da %d puntos de recuento por grupo, más de %d: "+
			"aumente los grupos de trabajo o el tiempo disponible", p.PuntosPorGrupo,
			cfg.MaxPuntos)
	}
	return p, nil
}

// redondearPuntos rounds q up when its fraction is at least up, down otherwise, and never
// below 1.
func redondearPuntos(q, up *big.Rat) int {
	whole := new(big.Int).Quo(q.Num(), q.Denom())
	frac := new(big.Rat).Sub(q, new(big.Rat).SetInt(whole))
	n := int(whole.Int64())
	if frac.Sign() > 0 && (up == nil || frac.Cmp(up) >= 0) {
		n++
	}
	return max(n, 1)
}
