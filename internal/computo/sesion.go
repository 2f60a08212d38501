package computo

import (
	"fmt"
	"slices"
	"time"
)

// Organo is the kind of council that holds a cómputo session.
type Organo string

// The councils of a Puebla process (RULES.md §6.1): the 26 consejos distritales compute
// Diputaciones and the district part of Gubernatura, the consejos municipales Ayuntamientos,
// and the Consejo General the state total of Gubernatura [to confirm, CIPEEP].
const (
	ConsejoDistrital Organo = "distrital"
	ConsejoMunicipal Organo = "municipal"
	ConsejoGeneral   Organo = "general"
)

// Candidato is one candidacy as a cómputo counts it: its parties and the vote columns whose
// votes are its votes (its parties and every combination made only of them: RULES.md §3.4).
type Candidato struct {
	// ID names the candidacy in results: its parties joined by "-" in column order
	// ("PT-PVEM-MORENA-NAP-FXMP"), or the column of an independent.
	ID            string
	Nombre        string
	Suplente      string
	Partidos      []string
	Columnas      []string
	Independiente bool
}

// ConfigSesion holds the choices of a session that RULES.md lists as still to be confirmed,
// so that each is a stated setting rather than a hidden assumption.
type ConfigSesion struct {
	// Lugares and PaqueteAlteradoNoEsCausa are passed to Revisar (RULES.md §6.2).
	Lugares                  BaseLugares
	PaqueteAlteradoNoEsCausa bool
	// Ranking ranks the parties for the leftover votes of a combination.
	Ranking Ranking
	// Margen is the base of the one-point margin of the total recount.
	Margen BaseMargen
	// Grupos holds the constants of the grupos de trabajo formula; the council gives the
	// number of groups and the time available when it plans the recount.
	Grupos ConfigGrupos
	// EspecialesAlFinal opens the packages of the casillas especiales after every other,
	// as LGIPE art. 311.1.g orders for the deputies' cómputo.
	EspecialesAlFinal bool
}

// ConfigSesionINE returns the defaults: the recount causes and margin as in RULES.md §6, the
// INE constants of the grupos de trabajo formula [to confirm], leftovers ranked by own votes.
func ConfigSesionINE() ConfigSesion {
	return ConfigSesion{Grupos: ConfigGruposINE(0, 0)}
}

// Definicion says which cómputo a session is: the council, the contest and its unit, the
// vote columns that run there and the candidacies they count for.
type Definicion struct {
	// Instituto and Proceso head the documents ("Instituto Electoral del Estado", "Proceso
	// Electoral Estatal Ordinario Concurrente 2023-2024").
	Instituto string
	Proceso   string
	// Consejo names the council ("Consejo Distrital 01 de Xicotepec").
	Consejo string
	Organo  Organo
	// Eleccion is the election's code (GUB, DIP_LOC, AYUN) and EleccionNombre its name.
	Eleccion       string
	EleccionNombre string
	// Unidad is the id of the distrito or municipio (RULES.md §4.3), UnidadNombre its name.
	Unidad       string
	UnidadNombre string
	// Columnas are the vote columns of the unit's actas in acta order: parties,
	// combinations, independents, then NO_REGISTRADAS and NULOS.
	Columnas     []string
	Candidaturas []Candidato
	// Declara is true when the council itself declares the validity of the election and
	// issues the constancia de mayoría; false for the district cómputo of Gubernatura, whose
	// result goes to the Consejo General [to confirm, CIPEEP].
	Declara bool
	Config  ConfigSesion
	// Simulacro marks a cómputo over test data: every document made from it says so.
	Simulacro bool
}

// contienda names the contest in results and messages.
func (d Definicion) contienda() string {
	if d.UnidadNombre == "" {
		return d.EleccionNombre + " " + d.Unidad
	}
	return fmt.Sprintf("%s %s %s", d.EleccionNombre, d.Unidad, d.UnidadNombre)
}

// validar checks that the definition can be computed.
func (d Definicion) validar() error {
	switch {
	case d.Consejo == "" || d.Eleccion == "" || d.Unidad == "":
		return datosErrorf("la definición del cómputo debe nombrar el consejo, la elección y " +
			"la unidad")
	case len(d.Candidaturas) == 0:
		return datosErrorf("el cómputo de %s no tiene candidaturas", d.contienda())
	}
	cols := map[string]bool{}
	for _, c := range d.Columnas {
		if cols[c] {
			return datosErrorf("la columna %s aparece dos veces", c)
		}
		cols[c] = true
	}
	if !cols[ColumnaNulos] {
		return datosErrorf("el cómputo de %s no tiene la columna %s", d.contienda(), ColumnaNulos)
	}
	ids := map[string]bool{}
	for _, c := range d.Candidaturas {
		if c.ID == "" || ids[c.ID] {
			return datosErrorf("la candidatura %q está vacía o repetida", c.ID)
		}
		ids[c.ID] = true
		for _, col := range c.Columnas {
			if !cols[col] {
				return datosErrorf("la candidatura %s cuenta la columna %s, que no es del acta",
					c.ID, col)
			}
		}
	}
	return nil
}

// configRecuento is the ConfigRecuento of Revisar for the session's candidacies.
func (d Definicion) configRecuento() ConfigRecuento {
	cfg := ConfigRecuento{Lugares: d.Config.Lugares,
		PaqueteAlteradoNoEsCausa: d.Config.PaqueteAlteradoNoEsCausa}
	for _, c := range d.Candidaturas {
		cfg.Candidaturas = append(cfg.Candidaturas, slices.Clone(c.Partidos))
	}
	return cfg
}

// Casilla is one casilla the council must compute, with its record in the PREP.
type Casilla struct {
	// ID is the acta's stable identity in its election (internal/acta: Acta.ID).
	ID           string
	Clave        string
	Seccion      string
	Tipo         string // B, C, E, S, A, M, P
	ListaNominal int64
	// PREP is the casilla's acta as the PREP published it; nil when the PREP has none.
	PREP *ActaPREP
}

// ActaPREP is an acta as the PREP published it.
type ActaPREP struct {
	// Contabilizada tells whether its votes entered the PREP totals (CONTABILIZADA 1).
	Contabilizada bool
	// Observaciones is the published OBSERVACIONES label.
	Observaciones string
	// Capturada tells whether its figures were captured (not SIN ACTA); Acta holds them.
	Capturada bool
	Acta      ActaCasilla
}

// especial reports whether the casilla is a casilla especial.
func (c Casilla) especial() bool { return c.Tipo == "S" }

// Fase is the step a session has reached; the steps follow the legal sequence of LGIPE art.
// 311.1 and RULES.md §6.1, and every action is refused outside its step.
type Fase int

// The steps of a session, in order.
const (
	// FaseRegistro: the packages are registered.
	FaseRegistro Fase = iota
	// FaseCotejo: the actas are compared, casilla by casilla in legal order, and each gets
	// its recount decision.
	FaseCotejo
	// FaseRecuento: the casillas sent to recount are recounted and their votos reservados
	// decided; it ends with the decision on the total recount.
	FaseRecuento
	// FaseRecuentoTotal: the total recount was ordered; every casilla not yet recounted is.
	FaseRecuentoTotal
	// FaseSuma: every casilla has its figures; the unit can be summed.
	FaseSuma
	// FaseResultados: the sum, the split of combinations and the winner are recorded.
	FaseResultados
	// FaseValidez: the validity of the election was declared.
	FaseValidez
	// FaseConcluida: the constancia de mayoría was issued.
	FaseConcluida
)

// String names the step in Spanish.
func (f Fase) String() string {
	return [...]string{"registro de paquetes", "cotejo de actas", "recuento de casillas",
		"recuento total", "suma de resultados", "resultados", "declaración de validez",
		"concluida"}[f]
}

// Sesion is one council's cómputo of one contest in one unit. Every action is an Evento
// appended to its log; the state is what the log says, so Reconstruir rebuilds it and a
// storage layer only needs to keep the events. A Sesion is not safe for concurrent use.
type Sesion struct {
	def      Definicion
	reloj    func() time.Time
	eventos  []Evento
	casillas []*casillaEstado
	porID    map[string]int

	registrados int
	// orden is the legal order of the casillas to compare, fixed when the last package is
	// registered; siguiente indexes the next one in it.
	orden     []int
	siguiente int
	// planParcial and planTotal say how the partial recounts and a total recount are done.
	planParcial   *PlanRecuento
	planTotal     *PlanRecuento
	recuentoTotal *RecuentoTotal
	cierre
}

// casillaEstado is what the session knows of one casilla.
type casillaEstado struct {
	Casilla
	paquete      *Paquete
	cotejo       *Cotejo
	dictamen     *Dictamen
	recuento     *Recuento
	reservados   []DecisionReservados
	correcciones []Correccion
}

// NuevaSesion opens the session of def over the casillas expected in its unit. quien is
// who opens it; reloj gives the time of each action (nil: time.Now).
func NuevaSesion(def Definicion, casillas []Casilla, quien string,
	reloj func() time.Time) (*Sesion, error) {
	s := &Sesion{reloj: reloj}
	if s.reloj == nil {
		s.reloj = time.Now
	}
	e := s.evento(EventoApertura, quien, "")
	e.Apertura = &Apertura{Definicion: def, Casillas: casillas}
	e.Causa = "apertura de la sesión de cómputo"
	return s, s.registrar(e)
}

// Reconstruir rebuilds a session from its log, as a storage layer reads it back. A log
// whose events are out of order or refer to unknown casillas is refused.
func Reconstruir(eventos []Evento, reloj func() time.Time) (*Sesion, error) {
	s := &Sesion{reloj: reloj}
	if s.reloj == nil {
		s.reloj = time.Now
	}
	if err := reproducir(eventos, s.registrar, "de la sesión"); err != nil {
		return nil, err
	}
	return s, nil
}

// abrir applies the apertura event.
func (s *Sesion) abrir(a *Apertura) error {
	if a == nil {
		return datosErrorf("falta la apertura de la sesión")
	}
	if err := a.Definicion.validar(); err != nil {
		return err
	}
	if len(a.Casillas) == 0 {
		return datosErrorf("el cómputo de %s no tiene casillas", a.Definicion.contienda())
	}
	s.def = a.Definicion
	s.porID = make(map[string]int, len(a.Casillas))
	for i, c := range a.Casillas {
		if c.ID == "" {
			return datosErrorf("la casilla %d de la lista no tiene identificador", i+1)
		}
		if _, dup := s.porID[c.ID]; dup {
			return datosErrorf("la casilla %s aparece dos veces", c.ID)
		}
		s.porID[c.ID] = i
		s.casillas = append(s.casillas, &casillaEstado{Casilla: c})
	}
	s.cierre.d = &s.def
	s.fase = FaseRegistro
	return nil
}

// Definicion returns the definition the session was opened with.
func (s *Sesion) Definicion() Definicion { return s.def }

// Fase returns the step the session has reached.
func (s *Sesion) Fase() Fase { return s.fase }

// Concluida reports whether the session has taken its last step: the constancia issued, or
// the results recorded by a council that does not declare validity.
func (s *Sesion) Concluida() bool {
	return s.fase == FaseConcluida || (!s.def.Declara && s.fase == FaseResultados)
}

// Eventos returns a copy of the log, to be stored. The payloads are shared with the
// session: do not modify them.
func (s *Sesion) Eventos() []Evento { return slices.Clone(s.eventos) }

// NumeroEventos returns the length of the log: the version of the session, which only grows.
func (s *Sesion) NumeroEventos() int { return len(s.eventos) }

// Siguiente returns the casilla whose acta is compared next, in legal order, if any.
func (s *Sesion) Siguiente() (string, bool) {
	if s.fase != FaseCotejo || s.siguiente >= len(s.orden) {
		return "", false
	}
	return s.casillas[s.orden[s.siguiente]].ID, true
}

// Precarga returns the figures the PREP captured for a casilla, to pre-fill its cotejo.
func (s *Sesion) Precarga(id string) (ActaCasilla, bool) {
	c, err := s.casilla(id)
	if err != nil || c.PREP == nil || !c.PREP.Capturada {
		return ActaCasilla{}, false
	}
	return c.PREP.Acta, true
}

// casilla finds a casilla by id.
func (s *Sesion) casilla(id string) (*casillaEstado, error) {
	i, ok := s.porID[id]
	if !ok {
		return nil, datosErrorf("la casilla %s no pertenece al cómputo de %s", id,
			s.def.contienda())
	}
	return s.casillas[i], nil
}
