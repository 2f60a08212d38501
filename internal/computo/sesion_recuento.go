package computo

import (
	"fmt"
	"maps"
	"strings"
)

// CausaRecuentoTotal marks the casillas recounted because the total recount was ordered
// (LGIPE art. 311.3).
const CausaRecuentoTotal CodigoCausa = "recuento-total"

// Recuento is the result of recounting one casilla's ballots.
type Recuento struct {
	// Grupo is the grupo de trabajo that recounted it, from 1; 0 is the pleno.
	Grupo int
	// Votos are the ballots counted per vote column, NULOS and NO_REGISTRADAS included,
	// without the reserved ones. Every column of the unit is given.
	Votos Votos
	// Reservados are the ballots whose validity was disputed and set apart for the council
	// to decide (votos reservados).
	Reservados int64
	// ConfirmaExcede records that the council found, and confirms, more votes than the
	// casilla can hold (Definicion.Limite): such a recount is refused unless confirmed, so
	// that a figure typed wrong never enters the sum, and one found in the package is
	// stored and shown as it is.
	ConfirmaExcede bool `json:",omitempty"`
}

// DecisionReservados is the council's decision on some votos reservados of a casilla: they
// count for Columna (a contender if valid, NULOS if not), for the reason given in Motivo.
// The validity of a vote is judged by LGIPE art. 291; deciding the reserved ones in the pleno
// follows the INE Bases generales para los cómputos [to confirm].
type DecisionReservados struct {
	Columna string
	Votos   int64
	Motivo  string
}

// pendientes lists, in order, the casillas sent to recount and not yet recounted, and
// those whose votos reservados are not all decided.
func (s *Sesion) pendientes() []string {
	var out []string
	for _, c := range s.casillas {
		if c.dictamen != nil && c.dictamen.Recontar &&
			(c.recuento == nil || c.reservadosPendientes() > 0) {
			out = append(out, c.ID)
		}
	}
	return out
}

// reservadosPendientes counts the reserved ballots of a recount not yet decided.
func (c *casillaEstado) reservadosPendientes() int64 {
	if c.recuento == nil {
		return 0
	}
	n := c.recuento.Reservados
	for _, d := range c.reservados {
		n -= d.Votos
	}
	return n
}

// PorRecontar lists the casillas sent to recount whose recount is not recorded yet, or
// whose votos reservados are not all decided.
func (s *Sesion) PorRecontar() []string { return s.pendientes() }

// PlanearRecuento records how the casillas to recount are recounted: in the pleno, or in
// grupos de trabajo with their puntos de recuento when there are more than the threshold
// (PlanearRecuento; LGIPE art. 311.4; RULES.md §6.3). grupos and minutos are the council's
// choice of groups and the time available. It is done once for the partial recounts and
// once more if the total recount is ordered.
func (s *Sesion) PlanearRecuento(quien string, grupos, minutos int) (PlanRecuento, error) {
	if err := s.puedePlanear(); err != nil {
		return PlanRecuento{}, err
	}
	cfg := s.def.Config.Grupos
	cfg.Grupos, cfg.MinutosDisponibles = grupos, minutos
	n := 0
	for _, c := range s.casillas {
		if c.dictamen != nil && c.dictamen.Recontar && c.recuento == nil {
			n++
		}
	}
	p, err := PlanearRecuento(n, cfg)
	if err != nil {
		return p, err
	}
	e := s.evento(EventoPlanRecuento, quien, "")
	e.Plan = &p
	e.Causa = p.Explicacion
	return p, s.registrar(e)
}

func (s *Sesion) puedePlanear() error {
	if err := s.enFase("planear el recuento", FaseRecuento, FaseRecuentoTotal); err != nil {
		return err
	}
	if s.plan() != nil {
		return secuenciaErrorf("el recuento de esta etapa ya está planeado")
	}
	return nil
}

// plan is the recount plan of the current step.
func (s *Sesion) plan() *PlanRecuento {
	if s.fase == FaseRecuentoTotal {
		return s.planTotal
	}
	return s.planParcial
}

func (s *Sesion) aplicarPlan(e Evento) error {
	if err := s.puedePlanear(); err != nil {
		return err
	}
	if e.Plan == nil {
		return datosErrorf("falta el plan del recuento")
	}
	p := *e.Plan
	if s.fase == FaseRecuentoTotal {
		s.planTotal = &p
	} else {
		s.planParcial = &p
	}
	return nil
}

// CapturarRecuento records the figures of casilla id's recount, with its votos reservados
// still to be decided (LGIPE art. 311.1.b).
func (s *Sesion) CapturarRecuento(quien, id string, r Recuento) error {
	r.Votos = maps.Clone(r.Votos)
	e := s.evento(EventoRecuento, quien, id)
	e.Recuento = &r
	if c, err := s.casilla(id); err == nil && c.dictamen != nil {
		e.Causa = "recuento por " + textoCausas(c.dictamen.Causas)
	}
	return s.registrar(e)
}

// textoCausas names the causes in a few words each.
func textoCausas(cs []Causa) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Codigo.Texto())
	}
	return strings.Join(out, "; ")
}

func (s *Sesion) aplicarRecuento(e Evento) error {
	if err := s.enFase("capturar un recuento", FaseRecuento, FaseRecuentoTotal); err != nil {
		return err
	}
	c, err := s.casilla(e.Casilla)
	if err != nil {
		return err
	}
	p := s.plan()
	switch {
	case e.Recuento == nil:
		return datosErrorf("faltan las cifras del recuento de la casilla %s", e.Casilla)
	case c.dictamen == nil || !c.dictamen.Recontar:
		return secuenciaErrorf("la casilla %s no fue enviada a recuento", e.Casilla)
	case c.recuento != nil:
		return secuenciaErrorf("la casilla %s ya fue recontada: una cifra distinta es una "+
			"corrección, después de los resultados", e.Casilla)
	case p == nil:
		return secuenciaErrorf("acuerde primero cómo se recuenta, en el pleno o en grupos " +
			"de trabajo (LGIPE art. 311.4)")
	}
	if err := s.validarRecuento(c.ID, *e.Recuento, p); err != nil {
		return err
	}
	if x := s.def.excede(c.Casilla, e.Recuento.Votos.Total()+e.Recuento.Reservados); x != "" &&
		!e.Recuento.ConfirmaExcede {
		return datosErrorf("casilla %s: el recuento da %s; revise las cifras o, si el "+
			"consejo lo constata así, confirme que la casilla tiene más votos que su lista "+
			"nominal", c.ID, x)
	}
	r := *e.Recuento
	c.recuento = &r
	return nil
}

// validarRecuento checks the figures of a recount against the unit's columns and the plan.
func (s *Sesion) validarRecuento(id string, r Recuento, p *PlanRecuento) error {
	switch {
	case p.GruposDeTrabajo && (r.Grupo < 1 || r.Grupo > p.Grupos):
		return datosErrorf("casilla %s: el recuento se hace en %d grupos de trabajo; indique "+
			"el grupo, de 1 a %d", id, p.Grupos, p.Grupos)
	case !p.GruposDeTrabajo && r.Grupo != 0:
		return datosErrorf("casilla %s: el recuento se hace en el pleno, sin grupos de "+
			"trabajo", id)
	case r.Reservados < 0:
		return datosErrorf("casilla %s: los votos reservados no pueden ser negativos", id)
	}
	if err := validarMaximo(id, "votos reservados", r.Reservados); err != nil {
		return err
	}
	return s.validarVotos(id, r.Votos, true)
}

// validarVotos checks figures by column: known columns, no negative votes, and every
// column present when completas.
func (s *Sesion) validarVotos(id string, v Votos, completas bool) error {
	cols := map[string]bool{}
	for _, c := range s.def.Columnas {
		cols[c] = true
		if _, ok := v[c]; completas && !ok {
			return datosErrorf("casilla %s: faltan los votos de %s", id, c)
		}
	}
	for _, col := range sortedKeys(v) {
		switch {
		case !cols[col]:
			return datosErrorf("casilla %s: %s no es una columna de votos de este cómputo",
				id, col)
		case v[col] < 0:
			return datosErrorf("casilla %s: los votos de %s no pueden ser negativos (%d)",
				id, col, v[col])
		}
		if err := validarMaximo(id, col, v[col]); err != nil {
			return err
		}
	}
	return nil
}

// ResolverReservados records the council's decision on d.Votos reserved ballots of casilla
// id. Every reserved ballot is decided before the unit is summed.
func (s *Sesion) ResolverReservados(quien, id string, d DecisionReservados) error {
	e := s.evento(EventoReservados, quien, id)
	e.Reservados = &d
	e.Causa = d.Motivo
	return s.registrar(e)
}

func (s *Sesion) aplicarReservados(e Evento) error {
	if err := s.enFase("decidir votos reservados", FaseRecuento,
		FaseRecuentoTotal); err != nil {
		return err
	}
	c, err := s.casilla(e.Casilla)
	if err != nil {
		return err
	}
	d := e.Reservados
	switch {
	case d == nil:
		return datosErrorf("falta la decisión sobre los votos reservados")
	case c.recuento == nil:
		return secuenciaErrorf("la casilla %s no tiene recuento con votos reservados", c.ID)
	case d.Votos <= 0 || d.Votos > c.reservadosPendientes():
		return datosErrorf("casilla %s: quedan %d votos reservados por decidir, no %d", c.ID,
			c.reservadosPendientes(), d.Votos)
	case !s.def.esColumna(d.Columna):
		return datosErrorf("casilla %s: %s no es una columna de votos de este cómputo", c.ID,
			d.Columna)
	case strings.TrimSpace(d.Motivo) == "":
		return datosErrorf("casilla %s: escriba el motivo de la decisión sobre los votos "+
			"reservados", c.ID)
	}
	c.reservados = append(c.reservados, *d)
	return nil
}

func (d Definicion) esColumna(col string) bool {
	for _, c := range d.Columnas {
		if c == col {
			return true
		}
	}
	return false
}

// DecidirRecuentoTotal records whether every casilla is recounted, once the partial
// recounts are done: EvaluarRecuentoTotal on the unit's figures at that point, with the
// runner-up's petition (LGIPE art. 311.3). When it proceeds, every casilla not yet
// recounted is sent to recount; those already recounted are excluded.
func (s *Sesion) DecidirRecuentoTotal(quien string, peticion bool) (RecuentoTotal, error) {
	if err := s.puedeDecidirTotal(); err != nil {
		return RecuentoTotal{}, err
	}
	rt := s.evaluarTotal(peticion)
	e := s.evento(EventoRecuentoTotal, quien, "")
	e.RecuentoTotal = &rt
	e.Causa = rt.Explicacion
	return rt, s.registrar(e)
}

// MargenTotal returns what the decision on the total recount would find if the runner-up
// asked for it, so that the council sees the margin before deciding; false while it cannot
// be decided yet.
func (s *Sesion) MargenTotal() (RecuentoTotal, bool) {
	if s.puedeDecidirTotal() != nil {
		return RecuentoTotal{}, false
	}
	return s.evaluarTotal(true), true
}

// evaluarTotal applies the total-recount rule to the figures the unit has now.
func (s *Sesion) evaluarTotal(peticion bool) RecuentoTotal {
	r := s.provisional()
	return EvaluarRecuentoTotal(UnidadComputo{Unidad: s.def.contienda(),
		Candidaturas: r.Candidaturas, NoRegistradas: r.NoRegistradas, Nulos: r.Nulos},
		s.def.Config.Margen, peticion)
}

func (s *Sesion) puedeDecidirTotal() error {
	if err := s.enFase("decidir el recuento total", FaseRecuento); err != nil {
		return err
	}
	if p := s.pendientes(); len(p) > 0 {
		return secuenciaErrorf("faltan %d casillas por recontar o con votos reservados sin "+
			"decidir (%s)", len(p), primeros(p, 5))
	}
	return nil
}

// primeros lists the first n ids, and how many more there are.
func primeros(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s y %d más", strings.Join(ids[:n], ", "), len(ids)-n)
}

func (s *Sesion) aplicarRecuentoTotal(e Evento) error {
	if err := s.puedeDecidirTotal(); err != nil {
		return err
	}
	if e.RecuentoTotal == nil {
		return datosErrorf("falta la decisión sobre el recuento total")
	}
	rt := *e.RecuentoTotal
	s.recuentoTotal = &rt
	if !rt.Procede {
		s.fase = FaseSuma
		return nil
	}
	causa := Causa{Codigo: CausaRecuentoTotal, Fundamento: "LGIPE art. 311.3",
		PorConfirmar: rt.MargenPorConfirmar, Detalle: rt.Explicacion,
		Descripcion: "recuento total: la diferencia entre el primero y el segundo lugar es " +
			"igual o menor a un punto porcentual y lo pidió el representante del segundo"}
	for _, c := range s.casillas {
		if c.dictamen == nil || c.recuento != nil {
			continue // not installed, or already recounted (excluded by art. 311.3)
		}
		d := *c.dictamen
		d.Causas = append(append([]Causa(nil), d.Causas...), causa)
		d.Recontar = true
		c.dictamen = &d
	}
	s.fase = FaseRecuentoTotal
	return nil
}
