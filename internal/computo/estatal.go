package computo

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// NivelReparto is where the combinations of an election computed by the Consejo General
// are split for the parties' state totals. RULES.md §5 leaves it open for Gubernatura
// candidacy totals and the winner are the same either way.
type NivelReparto int

const (
	// RepartoDistrital: each district council splits its own sum ("la suma distrital",
	// LGIPE art. 311.1.c) and the Consejo General adds the district results party by party,
	// as the entity cómputo adds the district actas (LGIPE art. 320.1.a, by analogy) — the
	// default [to confirm: CIPEEP, IEE Lineamientos de cómputo 2024; RULES.md Q-6].
	RepartoDistrital NivelReparto = iota
	// RepartoEstatal: the Consejo General sums every combination column over the state and
	// splits it once, on the state's own party votes.
	RepartoEstatal
)

// String names the level in Spanish.
func (n NivelReparto) String() string {
	if n == RepartoEstatal {
		return "estatal"
	}
	return "distrital"
}

// DefinicionEstatal defines the state cómputo of the Consejo General: the contest (its
// Unidad is the entidad) and the cómputos it sums.
type DefinicionEstatal struct {
	Definicion
	// Partes are the ids of the cómputos summed: the district councils' and, when it is
	// computed apart, that of the votes from abroad.
	Partes  []string
	Reparto NivelReparto
}

// ActaDistrital is the acta de cómputo that a district council sends to the Consejo
// General: the district's figures before and after its split.
type ActaDistrital struct {
	Unidad       string
	UnidadNombre string
	Consejo      string
	// Votos are the district's votes per column before the split; Partidos the parties'
	// votes after the district's split.
	Votos    Votos
	Partidos Votos
	Sorteos  []SorteoRegistro
	Ganador  Ganador
	// Casillas and Recontadas count the district's casillas computed and recounted.
	Casillas   int
	Recontadas int
	// Version is the number of the district session's event that produced these figures:
	// a correction makes a new version.
	Version int
}

// ActaDistrital returns the session's acta de cómputo as the Consejo General receives it.
func (s *Sesion) ActaDistrital() (ActaDistrital, error) {
	r, ok := s.Resultado()
	if !ok {
		return ActaDistrital{}, secuenciaErrorf("el cómputo de %s aún no tiene resultados",
			s.def.contienda())
	}
	version := 0
	for _, e := range s.eventos {
		if e.Resultado != nil || e.Recalculo != nil {
			version = e.Secuencia
		}
	}
	return ActaDistrital{Unidad: s.def.Unidad, UnidadNombre: s.def.UnidadNombre,
		Consejo: s.def.Consejo, Votos: maps.Clone(r.Votos),
		Partidos: maps.Clone(r.Distribucion.Partidos), Sorteos: slices.Clone(s.sorteos),
		Ganador: r.Ganador, Casillas: r.Casillas, Recontadas: r.Recontadas,
		Version: version}, nil
}

// ComputoEstatal is the Consejo General's cómputo of an election of the whole state: it
// sums the district actas, splits the combinations at the configured level, declares the
// winner, the validity and issues the constancia. Like Sesion, it is a log of events.
type ComputoEstatal struct {
	def     DefinicionEstatal
	reloj   func() time.Time
	eventos []Evento
	actas   map[string]ActaDistrital
	cierre
}

// NuevoComputoEstatal opens the state cómputo of def.
func NuevoComputoEstatal(def DefinicionEstatal, quien string,
	reloj func() time.Time) (*ComputoEstatal, error) {
	c := &ComputoEstatal{reloj: reloj}
	if c.reloj == nil {
		c.reloj = time.Now
	}
	e := c.evento(EventoAperturaEstatal, quien, "")
	e.Estatal = &def
	e.Causa = "apertura del cómputo estatal"
	return c, c.registrar(e)
}

// ReconstruirEstatal rebuilds a state cómputo from its log.
func ReconstruirEstatal(eventos []Evento, reloj func() time.Time) (*ComputoEstatal, error) {
	c := &ComputoEstatal{reloj: reloj}
	if c.reloj == nil {
		c.reloj = time.Now
	}
	if err := reproducir(eventos, c.registrar, "del cómputo estatal"); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *ComputoEstatal) evento(tipo TipoEvento, quien, unidad string) Evento {
	return Evento{Secuencia: len(c.eventos) + 1, Tipo: tipo, Quien: quien,
		Cuando: c.reloj(), Casilla: unidad}
}

func (c *ComputoEstatal) registrar(e Evento) error {
	if err := comprobarEvento(e, len(c.eventos)); err != nil {
		return err
	}
	var err error
	switch e.Tipo {
	case EventoAperturaEstatal:
		err = c.abrir(e.Estatal)
	case EventoActaDistrital:
		err = c.aplicarActa(e)
	case EventoComputo:
		err = c.aplicarComputo(e)
	case EventoValidez:
		err = c.aplicarValidez(e)
	case EventoConstancia:
		err = c.aplicarConstancia(e)
	default:
		err = datosErrorf("evento %q no corresponde al cómputo estatal", e.Tipo)
	}
	if err != nil {
		return err
	}
	c.eventos = append(c.eventos, e)
	return nil
}

func (c *ComputoEstatal) abrir(def *DefinicionEstatal) error {
	if def == nil {
		return datosErrorf("falta la definición del cómputo estatal")
	}
	if err := def.validar(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range def.Partes {
		if p == "" || seen[p] {
			return datosErrorf("el cómputo %q está vacío o repetido entre los que se suman", p)
		}
		seen[p] = true
	}
	if len(def.Partes) == 0 {
		return datosErrorf("el cómputo estatal no suma ningún cómputo distrital")
	}
	c.def = *def
	c.cierre.d = &c.def.Definicion
	c.actas = map[string]ActaDistrital{}
	c.fase = FaseRegistro
	return nil
}

// Definicion returns the definition of the state cómputo.
func (c *ComputoEstatal) Definicion() DefinicionEstatal { return c.def }

// Fase returns its step: FaseRegistro while receiving actas, then as a Sesion.
func (c *ComputoEstatal) Fase() Fase { return c.fase }

// Etapa names its step in Spanish: FaseRegistro is the reception of the district actas.
func (c *ComputoEstatal) Etapa() string {
	if c.fase == FaseRegistro {
		return "recepción de actas de cómputo distrital"
	}
	return c.fase.String()
}

// Eventos returns a copy of the log, to be stored; do not modify its payloads.
func (c *ComputoEstatal) Eventos() []Evento { return slices.Clone(c.eventos) }

// NumeroEventos returns the length of the log: the version of the state cómputo, which only grows.
func (c *ComputoEstatal) NumeroEventos() int { return len(c.eventos) }

// Actas returns the district actas received, in the definition's order.
func (c *ComputoEstatal) Actas() []ActaDistrital {
	var out []ActaDistrital
	for _, p := range c.def.Partes {
		if a, ok := c.actas[p]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Faltantes lists the district actas not yet received.
func (c *ComputoEstatal) Faltantes() []string {
	var out []string
	for _, p := range c.def.Partes {
		if _, ok := c.actas[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// Resultado returns the state results, once computed.
func (c *ComputoEstatal) Resultado() (ResultadoComputo, bool) {
	if c.resultado == nil {
		return ResultadoComputo{}, false
	}
	return *c.resultado, true
}

// Recibir records a district's acta. Before the state results it may replace an earlier
// version; after them, a new version (a district correction) recomputes the state results
// and, when the winner changes, revokes the constancia in force and issues one to the new
// winner. causa says why a version is replaced.
func (c *ComputoEstatal) Recibir(quien string, a ActaDistrital, causa string,
	sorteo Sorteo) error {
	e := c.evento(EventoActaDistrital, quien, a.Unidad)
	a.Votos, a.Partidos = maps.Clone(a.Votos), maps.Clone(a.Partidos)
	e.Distrital, e.Causa = &a, causa
	if e.Causa == "" {
		e.Causa = fmt.Sprintf("recepción del acta de cómputo de %s", a.Unidad)
	}
	if err := c.puedeRecibir(a, causa); err != nil {
		return err
	}
	if c.resultado != nil {
		r, err := c.calcular(a, sorteo)
		if err != nil {
			return err
		}
		rc := c.recalculo(r, e)
		e.Recalculo = &rc
	}
	return c.registrar(e)
}

func (c *ComputoEstatal) puedeRecibir(a ActaDistrital, causa string) error {
	_, antes := c.actas[a.Unidad]
	switch {
	case !slices.Contains(c.def.Partes, a.Unidad):
		return datosErrorf("el cómputo %s no se suma en el cómputo estatal de %s", a.Unidad,
			c.def.EleccionNombre)
	case antes && strings.TrimSpace(causa) == "":
		return datosErrorf("el acta de %s ya se recibió: indique por qué se sustituye",
			a.Unidad)
	case !antes && c.resultado != nil:
		return secuenciaErrorf("el acta de %s llega después de los resultados", a.Unidad)
	}
	cols := map[string]bool{}
	for _, col := range c.def.Columnas {
		cols[col] = true
	}
	for col, n := range a.Votos {
		if !cols[col] || n < 0 {
			return datosErrorf("acta de %s: la columna %s no es de esta elección o tiene "+
				"votos negativos", a.Unidad, col)
		}
	}
	return nil
}

func (c *ComputoEstatal) aplicarActa(e Evento) error {
	if e.Distrital == nil {
		return datosErrorf("falta el acta de cómputo distrital")
	}
	if err := c.puedeRecibir(*e.Distrital, e.Causa); err != nil {
		return err
	}
	if (c.resultado != nil) != (e.Recalculo != nil) {
		return datosErrorf("el acta de %s después de los resultados debe traer su nuevo "+
			"resultado", e.Distrital.Unidad)
	}
	if e.Recalculo != nil {
		if err := c.comprobarRecalculo(*e.Recalculo); err != nil {
			return err
		}
		c.aplicarRecalculo(*e.Recalculo, e)
	}
	c.actas[e.Distrital.Unidad] = *e.Distrital
	return nil
}

// calcular sums the district actas, with nueva in place of its district's earlier version
// when given, splits the combinations at the configured level and finds the winner.
func (c *ComputoEstatal) calcular(nueva ActaDistrital, sorteo Sorteo) (ResultadoComputo,
	error) {
	suma, partidos := Votos{}, Votos{}
	var casillas, recontadas int
	for _, p := range c.def.Partes {
		a := c.actas[p]
		if p == nueva.Unidad {
			a = nueva
		}
		for col, n := range a.Votos {
			suma[col] += n
		}
		for col, n := range a.Partidos {
			partidos[col] += n
		}
		casillas += a.Casillas
		recontadas += a.Recontadas
	}
	for _, col := range c.def.Columnas {
		suma[col] += 0
	}
	dist := Distribucion{Unidad: c.def.Unidad, Partidos: partidos}
	if c.def.Reparto == RepartoEstatal {
		var err error
		dist, err = Distribuir(c.def.Unidad, suma, c.def.Config.Ranking, c.sorteoCon(sorteo))
		if err != nil {
			return ResultadoComputo{}, err
		}
	}
	r, err := resultadoDe(&c.def.Definicion, suma, dist, true)
	r.Casillas, r.Recontadas = casillas, recontadas
	return r, err
}

// Computar sums the district actas into the state result, once every one is received
// (LGIPE art. 320.1.a-b by analogy; CIPEEP [to confirm]).
func (c *ComputoEstatal) Computar(quien string, sorteo Sorteo) (ResultadoComputo, error) {
	if err := c.puedeComputar(); err != nil {
		return ResultadoComputo{}, err
	}
	r, err := c.calcular(ActaDistrital{}, sorteo)
	if err != nil {
		return r, err
	}
	e := c.evento(EventoComputo, quien, "")
	e.Resultado = &r
	e.Causa = fmt.Sprintf("cómputo estatal, combinaciones distribuidas por nivel %s: %s",
		c.def.Reparto, textoResultado(r))
	return r, c.registrar(e)
}

func (c *ComputoEstatal) puedeComputar() error {
	if err := c.enFase("realizar el cómputo estatal", FaseRegistro); err != nil {
		return err
	}
	if f := c.Faltantes(); len(f) > 0 {
		return secuenciaErrorf("faltan %d actas de cómputo distrital (%s)", len(f),
			primeros(f, 5))
	}
	return nil
}

func (c *ComputoEstatal) aplicarComputo(e Evento) error {
	if err := c.puedeComputar(); err != nil {
		return err
	}
	if e.Resultado == nil {
		return datosErrorf("faltan los resultados del cómputo estatal")
	}
	c.fijarResultado(*e.Resultado)
	c.fase = FaseResultados
	return nil
}

// DeclararValidez records the declaration of validity of the state election.
func (c *ComputoEstatal) DeclararValidez(quien, acuerdo string) error {
	e := c.evento(EventoValidez, quien, "")
	v, err := c.declaracion(acuerdo, e)
	if err != nil {
		return err
	}
	e.Validez, e.Causa = &v, "declaración de validez: "+acuerdo
	return c.registrar(e)
}

func (c *ComputoEstatal) aplicarValidez(e Evento) error {
	if e.Validez == nil {
		return datosErrorf("falta la declaración de validez")
	}
	if _, err := c.declaracion(e.Validez.Acuerdo, e); err != nil {
		return err
	}
	v := *e.Validez
	c.validez = &v
	c.fase = FaseValidez
	return nil
}

// ExpedirConstancia issues the constancia de mayoría to the state winner.
func (c *ComputoEstatal) ExpedirConstancia(quien string) (Constancia, error) {
	e := c.evento(EventoConstancia, quien, "")
	k, err := c.constancia(e)
	if err != nil {
		return k, err
	}
	e.Constancia = &k
	e.Causa = fmt.Sprintf("constancia de mayoría %s a %s", k.Folio, k.Propietaria)
	return k, c.registrar(e)
}

func (c *ComputoEstatal) aplicarConstancia(e Evento) error {
	if e.Constancia == nil {
		return datosErrorf("falta la constancia")
	}
	if _, err := c.constancia(e); err != nil {
		return err
	}
	c.constancias = append(c.constancias, *e.Constancia)
	c.fase = FaseConcluida
	return nil
}
