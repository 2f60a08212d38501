package computo

import (
	"fmt"
	"maps"
	"strings"
)

// Fuente says where the figures of a casilla that enter the sum come from.
type Fuente string

// The sources of a casilla's figures.
const (
	// FuentePendiente: the casilla has no figures yet (not compared, or awaiting recount).
	FuentePendiente Fuente = "pendiente"
	// FuenteNoInstalada: the casilla was not installed; it adds no vote.
	FuenteNoInstalada Fuente = "no-instalada"
	// FuenteCotejo: the acta's figures, as compared (LGIPE art. 311.1.a).
	FuenteCotejo Fuente = "cotejo"
	// FuenteRecuento: the recount's figures with the votos reservados as decided.
	FuenteRecuento Fuente = "recuento"
	// FuenteCorreccion: figures corrected after the results.
	FuenteCorreccion Fuente = "correccion"
)

// ResultadoComputo is the result of a cómputo: the sum of the unit, the split of its
// combinations, the votes of each candidacy and the winner.
type ResultadoComputo struct {
	Contienda string
	// Votos are the unit's votes per column before the split, NULOS and NO_REGISTRADAS
	// included: the sum of its casillas (or of its districts).
	Votos Votos
	// Distribucion splits the combinations among their parties (RULES.md §5).
	Distribucion Distribucion
	// Candidaturas are the votes of each candidacy, in the definition's order: its
	// columns, which equal its parties' votes after the split.
	Candidaturas  []Resultado
	NoRegistradas int64
	Nulos         int64
	// Valida is the votación válida emitida (the candidacies' votes; LGIPE art. 15.1) and
	// Total the votación total emitida (every vote in the urns).
	Valida int64
	Total  int64
	// Ganador is the winner, or the candidacies tied for first place.
	Ganador Ganador
	// Casillas counts the casillas computed (not installed ones excluded) and Recontadas
	// those recounted.
	Casillas   int
	Recontadas int
}

// Unico returns the winning candidacy when there is one and no tie.
func (r ResultadoComputo) Unico() (string, bool) {
	if r.Ganador.Empate || len(r.Ganador.Candidaturas) != 1 || r.Ganador.Votos == 0 {
		return "", false
	}
	return r.Ganador.Candidaturas[0], true
}

// figuras returns the figures of a casilla that enter the sum, and their source.
func (s *Sesion) figuras(c *casillaEstado) (Votos, Fuente) {
	v := make(Votos, len(s.def.Columnas))
	for _, col := range s.def.Columnas {
		v[col] = 0
	}
	var f Fuente
	switch {
	case c.paquete != nil && c.paquete.NoInstalada:
		return v, FuenteNoInstalada
	case c.recuento != nil && c.reservadosPendientes() == 0:
		for col, n := range c.recuento.Votos {
			v[col] = n
		}
		for _, d := range c.reservados {
			v[d.Columna] += d.Votos
		}
		f = FuenteRecuento
	case c.recuento == nil && c.dictamen != nil && !c.dictamen.Recontar &&
		c.cotejo.Acta != nil:
		a := c.cotejo.Acta
		for col, val := range a.Votos {
			v[col] = num(val)
		}
		v[ColumnaNulos] = num(a.Nulos)
		if col := s.def.columnaNoRegistradas(); col != "" {
			v[col] = num(a.NoRegistradas)
		}
		f = FuenteCotejo
	default:
		return v, FuentePendiente
	}
	for _, k := range c.correcciones {
		maps.Copy(v, k.Cambios)
		f = FuenteCorreccion
	}
	return v, f
}

// columnaNoRegistradas names the no-registradas column of the definition, if any.
func (d Definicion) columnaNoRegistradas() string {
	for _, c := range d.Columnas {
		if c == ColumnaNoRegistradas || c == ColumnaNoRegistrados {
			return c
		}
	}
	return ""
}

// sumar adds the figures of every casilla; cambios, when not nil, are applied to casilla
// id first (to compute a correction before recording it).
func (s *Sesion) sumar(id string, cambios Votos) (suma Votos, casillas, recontadas int) {
	suma = Votos{}
	for _, c := range s.casillas {
		v, f := s.figuras(c)
		if c.ID == id {
			maps.Copy(v, cambios)
		}
		if f == FuenteNoInstalada || f == FuentePendiente {
			continue
		}
		casillas++
		if c.recuento != nil {
			recontadas++
		}
		for col, n := range v {
			suma[col] += n
		}
	}
	for _, col := range s.def.Columnas {
		suma[col] += 0
	}
	return suma, casillas, recontadas
}

// provisional is the unit's result so far, without the split: what the total recount
// decision is measured on.
func (s *Sesion) provisional() ResultadoComputo {
	suma, n, rec := s.sumar("", nil)
	r, _ := resultadoDe(&s.def, suma, Distribucion{Unidad: s.def.Unidad, Partidos: Votos{}},
		false)
	r.Casillas, r.Recontadas = n, rec
	return r
}

// calcular sums the unit, splits its combinations and finds the winner.
func (s *Sesion) calcular(id string, cambios Votos, sorteo Sorteo) (ResultadoComputo, error) {
	suma, n, rec := s.sumar(id, cambios)
	dist, err := Distribuir(s.def.Unidad, suma, s.def.Config.Ranking, s.sorteoCon(sorteo))
	if err != nil {
		return ResultadoComputo{}, err
	}
	r, err := resultadoDe(&s.def, suma, dist, true)
	r.Casillas, r.Recontadas = n, rec
	return r, err
}

// resultadoDe computes the candidacies and the winner of a unit from its sum and split.
// With comprobar, it checks the invariants of the split: every candidacy has the same
// votes by its columns as by its parties after the split (RULES.md §5).
func resultadoDe(d *Definicion, suma Votos, dist Distribucion, comprobar bool) (
	ResultadoComputo, error) {
	r := ResultadoComputo{Contienda: d.contienda(), Votos: suma, Distribucion: dist,
		Nulos: suma[ColumnaNulos]}
	if col := d.columnaNoRegistradas(); col != "" {
		r.NoRegistradas = suma[col]
	}
	for _, c := range d.Candidaturas {
		var porColumnas, porPartidos int64
		for _, col := range c.Columnas {
			porColumnas += suma[col]
		}
		for _, p := range c.Partidos {
			porPartidos += dist.Partidos[p]
		}
		if c.Independiente {
			porPartidos = porColumnas
		}
		if comprobar && porColumnas != porPartidos {
			return r, fmt.Errorf("candidacy %s: %d votes by its columns, %d after the split",
				c.ID, porColumnas, porPartidos)
		}
		r.Candidaturas = append(r.Candidaturas, Resultado{Candidatura: c.ID,
			Votos: porColumnas})
		r.Valida += porColumnas
	}
	for _, n := range suma {
		r.Total += n
	}
	if r.Total != r.Valida+r.Nulos+r.NoRegistradas {
		return r, datosErrorf("en %s hay %s votos en columnas que no cuentan para ninguna "+
			"candidatura", r.Contienda, miles(r.Total-r.Valida-r.Nulos-r.NoRegistradas))
	}
	r.Ganador = Ganadores(r.Contienda, r.Candidaturas)
	return r, nil
}

// Computar sums the unit, splits the combinations of the unit's sum (never casilla by
// casilla) and finds the winner (LGIPE art. 311.1.c, f; RULES.md §5, §6.1). A tie for a
// leftover vote is settled by sorteo: a tie already drawn in this session keeps its draw,
// and a new one is asked of sorteo and recorded. A tie for first place is recorded.
func (s *Sesion) Computar(quien string, sorteo Sorteo) (ResultadoComputo, error) {
	if err := s.puedeComputar(); err != nil {
		return ResultadoComputo{}, err
	}
	r, err := s.calcular("", nil, sorteo)
	if err != nil {
		return r, err
	}
	e := s.evento(EventoComputo, quien, "")
	e.Resultado = &r
	e.Causa = textoResultado(r)
	return r, s.registrar(e)
}

func (s *Sesion) puedeComputar() error {
	if err := s.enFase("sumar los resultados", FaseSuma, FaseRecuentoTotal); err != nil {
		return err
	}
	if p := s.pendientes(); len(p) > 0 {
		return secuenciaErrorf("faltan %d casillas por recontar o con votos reservados sin "+
			"decidir (%s)", len(p), primeros(p, 5))
	}
	return nil
}

func (s *Sesion) aplicarComputo(e Evento) error {
	if err := s.puedeComputar(); err != nil {
		return err
	}
	if e.Resultado == nil {
		return datosErrorf("faltan los resultados del cómputo")
	}
	s.fijarResultado(*e.Resultado)
	s.fase = FaseResultados
	return nil
}

// textoResultado says the outcome in Spanish, for the log.
func textoResultado(r ResultadoComputo) string {
	g := r.Ganador
	switch {
	case g.Empate:
		return fmt.Sprintf("empate en el primer lugar entre %s con %s votos",
			strings.Join(g.Candidaturas, ", "), miles(g.Votos))
	case len(g.Candidaturas) == 0:
		return "sin votos"
	}
	return fmt.Sprintf("mayoría de %s con %s votos; segundo lugar %s con %s; diferencia %s",
		g.Candidaturas[0], miles(g.Votos), g.Segundo, miles(g.VotosSegundo),
		miles(g.Diferencia))
}

// Correccion is a change of a casilla's figures after the results: Cambios replace the
// figures of the columns they name, for the reason given in Causa (a ruling, an arithmetic
// error found by the council).
type Correccion struct {
	Cambios Votos
	Causa   string
}

// Corregir changes the figures of casilla id after the results, and recomputes the sum,
// the split and the winner. When the winner changes, the constancia in force is revoked
// and, if there is a new winner, a new one is issued to it; both are recorded in the same
// event.
func (s *Sesion) Corregir(quien, id string, cambios Votos, causa string,
	sorteo Sorteo) (ResultadoComputo, error) {
	k := Correccion{Cambios: maps.Clone(cambios), Causa: causa}
	if err := s.puedeCorregir(id, k); err != nil {
		return ResultadoComputo{}, err
	}
	r, err := s.calcular(id, k.Cambios, sorteo)
	if err != nil {
		return r, err
	}
	e := s.evento(EventoCorreccion, quien, id)
	rc := s.recalculo(r, e)
	e.Correccion, e.Recalculo, e.Causa = &k, &rc, causa
	return r, s.registrar(e)
}

func (s *Sesion) puedeCorregir(id string, k Correccion) error {
	if err := s.enFase("corregir una casilla", FaseResultados, FaseValidez,
		FaseConcluida); err != nil {
		return err
	}
	c, err := s.casilla(id)
	if err != nil {
		return err
	}
	v, f := s.figuras(c)
	switch {
	case f == FuenteNoInstalada:
		return datosErrorf("la casilla %s no se instaló: no tiene cifras que corregir", id)
	case strings.TrimSpace(k.Causa) == "":
		return datosErrorf("casilla %s: escriba la causa de la corrección", id)
	case len(k.Cambios) == 0:
		return datosErrorf("casilla %s: la corrección no indica cifras", id)
	}
	if err := s.validarVotos(id, k.Cambios, false); err != nil {
		return err
	}
	cambia := false
	for col, n := range k.Cambios {
		cambia = cambia || v[col] != n
		v[col] = n
	}
	if !cambia {
		return datosErrorf("casilla %s: la corrección no cambia ninguna cifra", id)
	}
	// A recount the council confirmed over the limit stands as found: a correction may
	// not take the casilla above it, nor above the limit.
	var confirmado int64
	if c.recuento != nil && c.recuento.ConfirmaExcede {
		confirmado = c.recuento.Votos.Total() + c.recuento.Reservados
	}
	if x := s.def.excede(c.Casilla, v.Total()); x != "" && v.Total() > confirmado {
		return datosErrorf("casilla %s: con la corrección tendría %s; revise las cifras", id,
			x)
	}
	return nil
}

func (s *Sesion) aplicarCorreccion(e Evento) error {
	if e.Correccion == nil || e.Recalculo == nil {
		return datosErrorf("a la corrección de la casilla %s le faltan sus cifras o su "+
			"resultado", e.Casilla)
	}
	if err := s.puedeCorregir(e.Casilla, *e.Correccion); err != nil {
		return err
	}
	if err := s.comprobarRecalculo(*e.Recalculo); err != nil {
		return err
	}
	c, _ := s.casilla(e.Casilla)
	c.correcciones = append(c.correcciones, *e.Correccion)
	s.aplicarRecalculo(*e.Recalculo, e)
	return nil
}

// DeclararValidez records the declaration of validity of the election in the unit, and of
// the eligibility of the winning candidacy, under the council's acuerdo (LGIPE art.
// 311.1.j-k; CIPEEP equivalent [to confirm]). A tie for first place cannot be declared.
func (s *Sesion) DeclararValidez(quien, acuerdo string) error {
	e := s.evento(EventoValidez, quien, "")
	v, err := s.declaracion(acuerdo, e)
	if err != nil {
		return err
	}
	e.Validez, e.Causa = &v, "declaración de validez: "+acuerdo
	return s.registrar(e)
}

func (s *Sesion) aplicarValidez(e Evento) error {
	if e.Validez == nil {
		return datosErrorf("falta la declaración de validez")
	}
	if _, err := s.declaracion(e.Validez.Acuerdo, e); err != nil {
		return err
	}
	v := *e.Validez
	s.cierre.validez = &v
	s.fase = FaseValidez
	return nil
}

// ExpedirConstancia issues the constancia de mayoría to the winning candidacy, once the
// validity is declared (LGIPE art. 312.1; CIPEEP equivalent [to confirm]).
func (s *Sesion) ExpedirConstancia(quien string) (Constancia, error) {
	e := s.evento(EventoConstancia, quien, "")
	c, err := s.constancia(e)
	if err != nil {
		return c, err
	}
	e.Constancia = &c
	e.Causa = fmt.Sprintf("constancia de mayoría %s a %s", c.Folio, c.Propietaria)
	return c, s.registrar(e)
}

func (s *Sesion) aplicarConstancia(e Evento) error {
	if e.Constancia == nil {
		return datosErrorf("falta la constancia")
	}
	if _, err := s.constancia(e); err != nil {
		return err
	}
	s.constancias = append(s.constancias, *e.Constancia)
	s.fase = FaseConcluida
	return nil
}

// Resultado returns the results of the session, once computed (with every correction).
func (s *Sesion) Resultado() (ResultadoComputo, bool) {
	if s.resultado == nil {
		return ResultadoComputo{}, false
	}
	return *s.resultado, true
}
