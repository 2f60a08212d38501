package computo

import (
	"fmt"
	"math/big"
	"strings"
)

// BaseVotacion is a votación of the local RP formula.
type BaseVotacion int

const (
	// VotacionDepurada is the votación válida less the parties under the threshold and the
	// independents: the parties that take part in the RP assignment (SCM-JRC-260/2021;
	// RULES.md §7.2 [to confirm], Q-8).
	VotacionDepurada BaseVotacion = iota
	// VotacionEmitida is the votación total emitida, the words of CPEUM art. 116.II and
	// LGIPE art. 28.2.
	VotacionEmitida
	// VotacionValida is the votación válida emitida (total − nulos − no registradas).
	VotacionValida
)

func (b BaseVotacion) nombre() string {
	switch b {
	case VotacionEmitida:
		return "votación total emitida"
	case VotacionValida:
		return "votación válida emitida"
	}
	return "votación depurada"
}

// Reasignacion says where the seats deducted from an over-represented party go. CIPEEP art.
// 321 from its inciso (d) onward has not been read (RULES.md §7.2, Q-8).
type Reasignacion int

const (
	// ReasignarPorCociente redoes the cociente natural and the resto mayor among the
	// parties not over-represented, with the seats not held by those deducted, as LGIPE
	// art. 18.1 does for the federal Chamber and SUP-REC-1041/2018 read for Guerrero; the
	// default [to confirm].
	ReasignarPorCociente Reasignacion = iota
	// ReasignarASubrepresentados gives the deducted seats one at a time to the party whose
	// share of seats is furthest below its share of votes (LGIPE art. 28.2.c: "de mayor o
	// menor subrepresentación") [to confirm].
	ReasignarASubrepresentados
)

// ConfigPuebla sets the Congress of Puebla's figures and the choices of its RP formula that
// are still to be confirmed (RULES.md §7.2, Q-8).
type ConfigPuebla struct {
	// EscanosRP (15) and EscanosMR (26) make the legislature of 41 (CPEP art. 33).
	EscanosRP int
	EscanosMR int
	// Umbral is the share of BaseUmbral a party needs to take part (3/100) [to confirm,
	// CIPEEP arts. 316-320].
	Umbral     *big.Rat
	BaseUmbral BaseUmbral
	// AsignacionDirecta gives first one seat to each party over the threshold, as the
	// "additional" seat of CIPEEP art. 321 suggests; off by default, as in O-RP-5
	// [to confirm, CIPEEP art. 320].
	AsignacionDirecta bool
	// BaseCociente is the votación divided by the seats to give the cociente natural.
	BaseCociente BaseVotacion
	// BaseLimites is the votación on which each party's share is compared with its share
	// of the legislature [to confirm: SCM-JRC-260/2021 used the votación depurada].
	BaseLimites BaseVotacion
	// Margen is the eight points of CPEUM art. 116.II and LGIPE art. 28.2 (8/100).
	Margen *big.Rat
	// Reasignacion says where deducted seats go.
	Reasignacion Reasignacion
	// SinCompensacion leaves a party under its lower limit as it is (only reported). By
	// default an RP seat is moved to it from the most over-represented party that can spare
	// one (LGIPE art. 28.2.c) [to confirm].
	SinCompensacion bool
	// Sorteo settles equal remainders and equal shares; without it such a tie is an error.
	Sorteo Sorteo `json:"-"`
}

// ConfigPueblaCIPEEP returns the rules of the Puebla Congress as RULES.md §7.2 reads them.
func ConfigPueblaCIPEEP() ConfigPuebla {
	return ConfigPuebla{EscanosRP: 15, EscanosMR: 26, Umbral: big.NewRat(3, 100),
		Margen: big.NewRat(8, 100)}
}

// puebla carries one Puebla assignment through its steps.
type puebla struct {
	cfg      ConfigPuebla
	v        VotacionRP
	out      AsignacionRP
	derecho  map[string]bool
	bases    map[BaseVotacion]int64
	rp       map[string]int
	directas map[string]int
	capped   map[string]bool
}

func (p *puebla) paso(porConfirmar bool, fund, format string, args ...any) {
	p.out.Pasos = append(p.out.Pasos, Paso{Texto: fmt.Sprintf(format, args...),
		Fundamento: fund, PorConfirmar: porConfirmar})
}

// AsignarPuebla assigns the RP seats of the Congress of Puebla (RULES.md §7.2): the threshold,
// the seats in rotation to each party whose votes contain the cociente natural and the
// remaining seats by resto mayor (CIPEEP art. 321), then the limits of eight points over and
// under each party's vote share (CPEUM art. 116.II; LGIPE art. 28.2), with the deducted seats
// reassigned as configured. The explanation marks every step still to be confirmed.
func AsignarPuebla(v VotacionRP, cfg ConfigPuebla) (AsignacionRP, error) {
	if err := validar(v); err != nil {
		return AsignacionRP{}, err
	}
	if cfg.EscanosRP <= 0 || cfg.Umbral == nil || cfg.Margen == nil {
		return AsignacionRP{}, fmt.Errorf("incomplete Puebla configuration %+v", cfg)
	}
	p := &puebla{cfg: cfg, v: v, out: AsignacionRP{Metodo: "puebla"},
		derecho: map[string]bool{}, rp: map[string]int{}, directas: map[string]int{},
		capped: map[string]bool{}}
	p.out.Pasos = notaMR(v, cfg.EscanosMR)
	p.votaciones()
	if p.bases[VotacionDepurada] == 0 {
		return p.out, datosErrorf("ningún partido alcanza el umbral para diputaciones de " +
			"representación proporcional")
	}
	steps := []func() error{p.directa, p.cociente, p.sobrerrepresentacion, p.compensar}
	for _, step := range steps {
		if err := step(); err != nil {
			return p.out, err
		}
	}
	p.revisarLimites("Verificación final")
	p.out.Filas = filas(v, p.rp, p.derecho)
	return p.out, nil
}

// votaciones computes the vote bases and the parties over the threshold.
func (p *puebla) votaciones() {
	vte, vve := totales(p.v)
	p.bases = map[BaseVotacion]int64{VotacionEmitida: vte, VotacionValida: vve}
	p.paso(false, "LGIPE art. 15.1", "Votación total emitida: %s votos "+
		"(partidos, candidaturas independientes, no registradas y nulos)", miles(vte))
	p.paso(false, "LGIPE art. 15.1", "Votación válida emitida = %s − nulos %s − no "+
		"registradas %s = %s", miles(vte), miles(p.v.Nulos), miles(p.v.NoRegistradas),
		miles(vve))
	base := vve
	if p.cfg.BaseUmbral == UmbralVotacionTotal {
		base = vte
	}
	depurada := vve
	var fuera []string
	for _, pr := range p.v.Partidos {
		ok := alcanza(pr.Votos, base, p.cfg.Umbral)
		p.derecho[pr.Partido] = ok
		verdict := "participa en la asignación"
		if !ok {
			verdict = "no participa en la asignación"
			depurada -= pr.Votos
			fuera = append(fuera, pr.Partido+" "+miles(pr.Votos))
		}
		p.paso(true, "CIPEEP arts. 316-320; umbral y su base según RULES.md Q-8", "%s: %s votos "+
			"= %s de la %s; umbral %s: %s", pr.Partido, miles(pr.Votos),
			porcentaje(pr.Votos, base), p.cfg.BaseUmbral.nombre(), puntos(p.cfg.Umbral),
			verdict)
	}
	var ind int64
	for _, i := range p.v.Independientes {
		ind += i.Votos
	}
	depurada -= ind
	p.bases[VotacionDepurada] = depurada
	sin := "ninguno"
	if len(fuera) > 0 {
		sin = strings.Join(fuera, ", ")
	}
	p.paso(true, "SCM-JRC-260/2021; CIPEEP art. 320; RULES.md Q-8", "Votación depurada = "+
		"votación válida %s − partidos sin el umbral (%s) − candidaturas independientes %s "+
		"= %s", miles(vve), sin, miles(ind), miles(depurada))
}

// activos returns the parties over the threshold not capped by the limits.
func (p *puebla) activos() []PartidoRP {
	var out []PartidoRP
	for _, pr := range p.v.Partidos {
		if p.derecho[pr.Partido] && !p.capped[pr.Partido] {
			out = append(out, pr)
		}
	}
	return out
}

// directa gives one seat to each party over the threshold, when configured.
func (p *puebla) directa() error {
	if !p.cfg.AsignacionDirecta {
		p.paso(true, "CIPEEP arts. 320-321; RULES.md Q-8", "Sin asignación directa de una "+
			"diputación a cada partido que alcanza el umbral: todas se asignan por cociente "+
			"natural y resto mayor")
		return nil
	}
	act := p.activos()
	if len(act) > p.cfg.EscanosRP {
		return datosErrorf("%d partidos alcanzan el umbral y solo hay %d diputaciones: la "+
			"asignación directa no es posible", len(act), p.cfg.EscanosRP)
	}
	var names []string
	for _, pr := range act {
		p.directas[pr.Partido] = 1
		p.rp[pr.Partido] = 1
		names = append(names, pr.Partido)
	}
	p.paso(true, "CIPEEP arts. 320-321; RULES.md Q-8", "Asignación directa: una diputación "+
		"a cada partido que alcanza el umbral (%s); quedan %d", strings.Join(names, ", "),
		p.cfg.EscanosRP-len(act))
	return nil
}

// cociente assigns the seats in rotation by cociente natural and then by resto mayor
// (CIPEEP art. 321).
func (p *puebla) cociente() error {
	seats := p.cfg.EscanosRP
	for _, n := range p.directas {
		seats -= n
	}
	r, err := p.repartir(p.activos(), seats, p.votacionCociente(), "")
	if err != nil {
		return err
	}
	for _, f := range r.Filas {
		p.rp[f.Partido] = p.directas[f.Partido] + f.Escanos()
	}
	return nil
}

// votacionCociente is the votación divided by the seats: the configured base less the votes
// of the parties already capped by the limits.
func (p *puebla) votacionCociente() int64 {
	v := p.bases[p.cfg.BaseCociente]
	for _, pr := range p.v.Partidos {
		if p.capped[pr.Partido] {
			v -= pr.Votos
		}
	}
	return v
}

// repartir runs one reparto among act with seats, writing each seat as a step.
func (p *puebla) repartir(act []PartidoRP, seats int, votacion int64, why string) (
	Reparticion, error) {
	if seats <= 0 {
		return Reparticion{}, nil
	}
	if len(act) == 0 {
		mr := 0
		for _, pr := range p.v.Partidos {
			mr += pr.MR
		}
		return Reparticion{}, datosErrorf("quedan %d diputaciones y ningún partido puede "+
			"recibirlas: todos los que alcanzan el umbral llegaron a su límite (las "+
			"diputaciones de mayoría atribuidas suman %d, para %d distritos; revise la "+
			"columna mr)", seats, mr, p.cfg.EscanosMR)
	}
	r, sorteos, err := repartirSobre(act, seats, votacion, "diputaciones de Puebla",
		p.cfg.Sorteo)
	if err != nil {
		return r, err
	}
	p.out.Repartos = append(p.out.Repartos, r)
	p.out.Sorteos = append(p.out.Sorteos, sorteos...)
	base := p.cfg.BaseCociente.nombre()
	if why != "" {
		base = why
	}
	cn := r.Cociente()
	p.paso(true, "CIPEEP arts. 320-321; "+
		"votación del cociente según RULES.md Q-8", "Cociente natural = %s %s / %d diputaciones "+
		"= %s", base, miles(r.Votacion), seats, fraccion(cn.Num(), cn.Denom()))
	p.explicarRotacion(r)
	return r, nil
}

// explicarRotacion writes each seat: those by cociente natural in rotation, with the votes
// the party has left, then the remainders and the seats by resto mayor.
func (p *puebla) explicarRotacion(r Reparticion) {
	cn := r.Cociente()
	given := map[string]int{}
	byCN := 0
	for _, f := range r.Filas {
		byCN += f.PorCociente
	}
	for i, name := range r.Rotacion[:byCN] {
		f := filaDe(r, name)
		given[name]++
		left := new(big.Rat).Sub(new(big.Rat).SetInt64(f.Votos),
			new(big.Rat).Mul(cn, big.NewRat(int64(given[name]), 1)))
		p.paso(false, "CIPEEP art. 321", "Diputación %d, ronda %d: %s (sus votos contienen "+
			"el cociente natural; le quedan %s)", i+1, given[name], name,
			fraccion(left.Num(), left.Denom()))
	}
	if byCN == r.Escanos {
		return
	}
	var restos []string
	for _, f := range ordenarRestos(r.Filas) {
		rest := f.Resto()
		restos = append(restos, f.Partido+" "+fraccion(rest.Num(), rest.Denom()))
	}
	p.paso(false, "CIPEEP art. 321", "Ningún partido contiene ya el cociente natural; %s por "+
		"resto mayor. Restos en orden decreciente: %s", diputaciones(r.Escanos-byCN),
		strings.Join(restos, ", "))
	for i, name := range r.Rotacion[byCN:] {
		rest := filaDe(r, name).Resto()
		p.paso(false, "CIPEEP art. 321", "Diputación %d por resto mayor: %s (resto %s)",
			byCN+i+1, name, fraccion(rest.Num(), rest.Denom()))
	}
}

// diputaciones writes "queda 1 diputación" or "quedan n diputaciones".
func diputaciones(n int) string {
	if n == 1 {
		return "queda 1 diputación"
	}
	return fmt.Sprintf("quedan %d diputaciones", n)
}

func filaDe(r Reparticion, partido string) FilaReparto {
	for _, f := range r.Filas {
		if f.Partido == partido {
			return f
		}
	}
	return FilaReparto{}
}
