package computo

import (
	"fmt"
	"time"
)

// CifrasRecuento is what the recount of one casilla found in an exercise: the ballots per
// vote column (NULOS and NO_REGISTRADAS included, the reserved ones apart), the votos
// reservados and the council's decision on them.
type CifrasRecuento struct {
	Votos      Votos
	Reservados int64
	// Columna is the column the council gives the votos reservados (a contender if valid,
	// NULOS if not) and Motivo its reason; both empty when there are none.
	Columna string
	Motivo  string
}

// FuenteRecuentos gives the recount figures of casilla c of the cómputo def, and false
// when it has none for it. Its figures must give every column of def.
type FuenteRecuentos func(def Definicion, c CasillaComputo) (CifrasRecuento, bool, error)

// Ejercicio runs cómputo sessions through their whole legal sequence over the PREP data,
// as an exercise. No council has recorded these sessions, so the exercise makes the same
// choices in every one:
//
//   - every package arrives as PaqueteDePREP records it;
//   - an acta the PREP captured is confirmed in the cotejo as captured; one it did not
//     capture is missing from the package, a cause of recount (LGIPE art. 311.1.b);
//   - the council adds a cause to an acta the PREP found over its lista nominal (LGIPE
//     art. 311.1.d.I) when the cotejo alone does not send it to recount;
//   - a recounted casilla takes the figures of Recuentos or else, when the PREP counted
//     its acta, the PREP's; a casilla with neither stops the exercise;
//   - the recounts are planned with Grupos grupos de trabajo and Minutos minutes, and
//     the representative of the runner-up always asks for the total recount, which then
//     proceeds when the margin allows it (LGIPE art. 311.2-3);
//   - a council that declares validity (Definicion.Declara) does so under Acuerdo and
//     issues the constancia de mayoría, unless the unit has no winner (a tie for first
//     place, or no vote).
type Ejercicio struct {
	// Quien performs every action of the session.
	Quien     string
	Recuentos FuenteRecuentos
	Grupos    int
	Minutos   int
	// Acuerdo is cited by the causes the council adds and by its declaration of validity.
	Acuerdo string
	// Sorteo settles ties for the leftover votes of a combination.
	Sorteo Sorteo
	// Reloj gives the time of each action (nil: time.Now).
	Reloj func() time.Time
}

// Conteo is what one or more exercises counted, for their report.
type Conteo struct {
	Sesiones int
	// Casillas are every casilla expected, NoInstaladas and Alterados (packages with
	// signs of alteration) among them.
	Casillas, NoInstaladas, Alterados int
	// CausasConsejo counts the causes the council added (actas over their lista nominal).
	CausasConsejo int
	// Recontadas are the casillas recounted: DeFuente with the figures of Recuentos,
	// DelPREP with those the PREP counted.
	Recontadas, DeFuente, DelPREP int
	// Reservados are the votos reservados decided by the councils.
	Reservados int64
	// PorCausa counts the recounted casillas under each of their causes (a casilla may
	// have several; CausaRecuentoTotal marks those of a total recount).
	PorCausa map[CodigoCausa]int
	// PlanesEnGrupos counts the recount plans made in grupos de trabajo; RecuentosTotales
	// the sessions whose total recount proceeded.
	PlanesEnGrupos, RecuentosTotales int
	// Sorteos counts the ties drawn for leftover votes.
	Sorteos int
	// Constancias counts the constancias de mayoría issued; SinGanador the sessions that
	// declare validity and could not: first place tied, or no vote at all.
	Constancias, SinGanador int
}

// Sumar adds the counts of o to c.
func (c *Conteo) Sumar(o Conteo) {
	c.Sesiones += o.Sesiones
	c.Casillas += o.Casillas
	c.NoInstaladas += o.NoInstaladas
	c.Alterados += o.Alterados
	c.CausasConsejo += o.CausasConsejo
	c.Recontadas += o.Recontadas
	c.DeFuente += o.DeFuente
	c.DelPREP += o.DelPREP
	c.Reservados += o.Reservados
	c.PlanesEnGrupos += o.PlanesEnGrupos
	c.RecuentosTotales += o.RecuentosTotales
	c.Sorteos += o.Sorteos
	c.Constancias += o.Constancias
	c.SinGanador += o.SinGanador
	if c.PorCausa == nil {
		c.PorCausa = map[CodigoCausa]int{}
	}
	for k, n := range o.PorCausa {
		c.PorCausa[k] += n
	}
}

// corrida is one session of an exercise on its way.
type corrida struct {
	ej Ejercicio
	s  *Sesion
	n  Conteo
}

// Computar opens the session of def over its casillas and runs it through its sequence:
// registro, cotejo, recounts, the total recount decision, the sum and, for a council
// that declares validity, the declaration and the constancia. It returns the session,
// concluded (or at its results when first place is tied), and what it counted.
func (ej Ejercicio) Computar(def Definicion, casillas []Casilla) (*Sesion, Conteo, error) {
	s, err := NuevaSesion(def, casillas, ej.Quien, ej.Reloj)
	if err != nil {
		return nil, Conteo{}, fmt.Errorf("exercise %s: %w", def.contienda(), err)
	}
	c := &corrida{ej: ej, s: s, n: Conteo{Sesiones: 1, PorCausa: map[CodigoCausa]int{}}}
	for _, step := range []func() error{c.registrar, c.cotejar, c.recontar, c.total,
		c.computar, c.declarar} {
		if err := step(); err != nil {
			return nil, c.n, fmt.Errorf("exercise %s: %w", def.contienda(), err)
		}
	}
	return s, c.n, nil
}

// registrar receives every package as the PREP leaves it known.
func (c *corrida) registrar() error {
	for _, k := range c.s.casillas {
		p := PaqueteDePREP(k.Casilla)
		c.n.Casillas++
		if p.NoInstalada {
			c.n.NoInstaladas++
		}
		if p.Alterado {
			c.n.Alterados++
		}
		if err := c.s.RegistrarPaquete(c.ej.Quien, k.ID, p); err != nil {
			return err
		}
	}
	return nil
}

// cotejar confirms, in legal order, every acta the PREP captured, and adds the council's
// cause to one the PREP found over its lista nominal.
func (c *corrida) cotejar() error {
	for {
		id, ok := c.s.Siguiente()
		if !ok {
			return nil
		}
		k, _ := c.s.Casilla(id)
		cotejo := Cotejo{}
		if k.PREP != nil && k.PREP.Capturada {
			cotejo = Cotejo{Confirma: true, Coinciden: true}
		}
		d, err := c.s.Cotejar(c.ej.Quien, id, cotejo)
		if err != nil {
			return err
		}
		if d.Recontar || k.PREP == nil || k.PREP.Observaciones != ObsExcedeLN {
			continue
		}
		_, err = c.s.AgregarCausa(c.ej.Quien, id, CausaConsejo{
			Texto:      "el total de votos del acta excede la lista nominal de la casilla",
			Fundamento: "LGIPE art. 311.1.d.I", Acuerdo: c.ej.Acuerdo})
		if err != nil {
			return err
		}
		c.n.CausasConsejo++
	}
}

// recontar plans the pending recounts and records each with its figures, the votos
// reservados decided.
func (c *corrida) recontar() error {
	p, err := c.s.PlanearRecuento(c.ej.Quien, c.ej.Grupos, c.ej.Minutos)
	if err != nil {
		return err
	}
	if p.GruposDeTrabajo {
		c.n.PlanesEnGrupos++
	}
	for i, id := range c.s.PorRecontar() {
		k, _ := c.s.Casilla(id)
		cifras, err := c.cifras(k)
		if err != nil {
			return err
		}
		r := Recuento{Votos: cifras.Votos, Reservados: cifras.Reservados}
		if p.GruposDeTrabajo {
			r.Grupo = i%p.Grupos + 1
		}
		if err := c.s.CapturarRecuento(c.ej.Quien, id, r); err != nil {
			return err
		}
		if r.Reservados > 0 {
			err := c.s.ResolverReservados(c.ej.Quien, id, DecisionReservados{
				Columna: cifras.Columna, Votos: r.Reservados, Motivo: cifras.Motivo})
			if err != nil {
				return err
			}
			c.n.Reservados += r.Reservados
		}
		c.n.Recontadas++
		for _, causa := range k.Dictamen.Causas {
			c.n.PorCausa[causa.Codigo]++
		}
	}
	return nil
}

// cifras are the recount figures of casilla k: the source's or, for an acta the PREP
// counted, the PREP's.
func (c *corrida) cifras(k CasillaComputo) (CifrasRecuento, error) {
	def := c.s.def
	if c.ej.Recuentos != nil {
		r, ok, err := c.ej.Recuentos(def, k)
		if err != nil {
			return r, err
		}
		if ok {
			c.n.DeFuente++
			return r, nil
		}
	}
	if k.PREP != nil && k.PREP.Contabilizada {
		c.n.DelPREP++
		return CifrasRecuento{Votos: cifrasActa(def, k.PREP.Acta)}, nil
	}
	return CifrasRecuento{}, datosErrorf("la casilla %s (%s) se recuenta, el PREP no "+
		"contabilizó su acta y no hay cifras de su recuento", k.ID, k.Clave)
}

// cifrasActa are the votes of an acta as figures of a recount, special values counting 0.
func cifrasActa(d Definicion, a ActaCasilla) Votos {
	v := Votos{}
	for _, col := range d.Columnas {
		v[col] = a.Votos[col].Votes()
	}
	v[ColumnaNulos] = a.Nulos.Votes()
	if col := d.columnaNoRegistradas(); col != "" {
		v[col] = a.NoRegistradas.Votes()
	}
	return v
}

// total decides the total recount on the runner-up's petition and, when it proceeds,
// recounts every casilla not yet recounted.
func (c *corrida) total() error {
	rt, err := c.s.DecidirRecuentoTotal(c.ej.Quien, true)
	if err != nil || !rt.Procede {
		return err
	}
	c.n.RecuentosTotales++
	return c.recontar()
}

// computar sums the unit, splits its combinations and finds the winner.
func (c *corrida) computar() error {
	r, err := c.s.Computar(c.ej.Quien, c.ej.Sorteo)
	c.n.Sorteos += len(r.Distribucion.Sorteos)
	return err
}

// declarar declares the validity and issues the constancia, for a council that does; a
// unit without a winner (first place tied, or no vote) is counted and left at its results.
func (c *corrida) declarar() error {
	if !c.s.def.Declara {
		return nil
	}
	if r, _ := c.s.Resultado(); !esGanador(r) {
		c.n.SinGanador++
		return nil
	}
	if err := c.s.DeclararValidez(c.ej.Quien, c.ej.Acuerdo); err != nil {
		return err
	}
	if _, err := c.s.ExpedirConstancia(c.ej.Quien); err != nil {
		return err
	}
	c.n.Constancias++
	return nil
}

// esGanador reports whether r has a winner to declare.
func esGanador(r ResultadoComputo) bool {
	_, ok := r.Unico()
	return ok
}
