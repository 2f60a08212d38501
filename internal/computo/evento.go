package computo

import (
	"fmt"
	"time"
)

// TipoEvento names what an event records. The names are stored: never rename one.
type TipoEvento string

// The events of a cómputo session, in the order they usually happen.
const (
	// EventoApertura opens the session: its definition and the casillas it computes.
	EventoApertura TipoEvento = "apertura"
	// EventoPaquete registers the package of a casilla.
	EventoPaquete TipoEvento = "paquete"
	// EventoCotejo records the cotejo of a casilla's acta and the recount decision it leads
	// to (LGIPE art. 311.1.a-b, d).
	EventoCotejo TipoEvento = "cotejo"
	// EventoCausa records a cause the council adds to recount a casilla.
	EventoCausa TipoEvento = "causa-consejo"
	// EventoPlanRecuento records how the recount is organised: pleno or grupos de trabajo.
	EventoPlanRecuento TipoEvento = "plan-recuento"
	// EventoRecuento records the figures of a casilla's recount.
	EventoRecuento TipoEvento = "recuento"
	// EventoReservados records the council's decision on votos reservados of a casilla.
	EventoReservados TipoEvento = "votos-reservados"
	// EventoRecuentoTotal records the decision on the total recount (LGIPE art. 311.3).
	EventoRecuentoTotal TipoEvento = "recuento-total"
	// EventoComputo records the sum, the split of combinations and the winner.
	EventoComputo TipoEvento = "computo"
	// EventoCorreccion records new figures for a casilla after the results, and what they
	// change: results, winner, constancias.
	EventoCorreccion TipoEvento = "correccion"
	// EventoValidez records the declaration of validity of the election.
	EventoValidez TipoEvento = "validez"
	// EventoConstancia records the issue of the constancia de mayoría.
	EventoConstancia TipoEvento = "constancia"
	// EventoAperturaEstatal opens the state cómputo of the Consejo General.
	EventoAperturaEstatal TipoEvento = "apertura-estatal"
	// EventoActaDistrital records a district's acta de cómputo received by the Consejo
	// General, and what a new version of it changes once the state results exist.
	EventoActaDistrital TipoEvento = "acta-distrital"
	// EventoAperturaAsignacion opens an RP assignment (Asignacion).
	EventoAperturaAsignacion TipoEvento = "apertura-asignacion"
	// EventoSiglado records the siglado of the coalition candidacies of an assignment.
	EventoSiglado TipoEvento = "siglado"
	// EventoAsignacion records an RP assignment agreed by the council.
	EventoAsignacion TipoEvento = "asignacion"
)

// apertura reports whether t opens a log.
func (t TipoEvento) apertura() bool {
	return t == EventoApertura || t == EventoAperturaEstatal || t == EventoAperturaAsignacion
}

// Evento is one action of a session: who did it, when, what and why. Exactly the payload of
// its Tipo is set. Events are plain data, so that a storage layer keeps them as they are
// (for instance as JSON) and Reconstruir reads them back.
type Evento struct {
	// Secuencia is the event's position in the log, from 1.
	Secuencia int
	Tipo      TipoEvento
	// Quien is the person who performed or ordered the action; Cuando, its time.
	Quien  string
	Cuando time.Time
	// Casilla is the casilla the event is about, if any (for EventoActaDistrital, the unit).
	Casilla string `json:",omitempty"`
	// Causa is the reason of the action, in Spanish: the causes of a recount decision, the
	// motive of a correction, the council's stated reason.
	Causa string `json:",omitempty"`

	Apertura      *Apertura             `json:",omitempty"`
	Paquete       *Paquete              `json:",omitempty"`
	Cotejo        *Cotejo               `json:",omitempty"`
	Dictamen      *Dictamen             `json:",omitempty"`
	CausaConsejo  *CausaConsejo         `json:",omitempty"`
	Plan          *PlanRecuento         `json:",omitempty"`
	Recuento      *Recuento             `json:",omitempty"`
	Reservados    *DecisionReservados   `json:",omitempty"`
	RecuentoTotal *RecuentoTotal        `json:",omitempty"`
	Resultado     *ResultadoComputo     `json:",omitempty"`
	Correccion    *Correccion           `json:",omitempty"`
	Recalculo     *Recalculo            `json:",omitempty"`
	Validez       *Validez              `json:",omitempty"`
	Constancia    *Constancia           `json:",omitempty"`
	Estatal       *DefinicionEstatal    `json:",omitempty"`
	Distrital     *ActaDistrital        `json:",omitempty"`
	Asignacion    *DefinicionAsignacion `json:",omitempty"`
	Siglado       Siglado               `json:",omitempty"`
	Registro      *RegistroAsignacion   `json:",omitempty"`
}

// Apertura is the payload of EventoApertura.
type Apertura struct {
	Definicion Definicion
	Casillas   []Casilla
}

// SecuenciaError is an action refused because it is out of the legal sequence of the
// session. Its text is Spanish, safe to show to the council's staff.
type SecuenciaError struct {
	Texto string
}

// Error returns the explanation.
func (e *SecuenciaError) Error() string { return e.Texto }

// Mensaje returns the Spanish explanation.
func (e *SecuenciaError) Mensaje() string { return e.Texto }

func secuenciaErrorf(format string, args ...any) error {
	return &SecuenciaError{Texto: fmt.Sprintf(format, args...)}
}

// evento starts the next event of the log.
func (s *Sesion) evento(tipo TipoEvento, quien, casilla string) Evento {
	return Evento{Secuencia: len(s.eventos) + 1, Tipo: tipo, Quien: quien,
		Cuando: s.reloj(), Casilla: casilla}
}

// comprobarEvento checks what every event must carry, at its place n+1 of a log.
func comprobarEvento(e Evento, n int) error {
	switch {
	case e.Secuencia != n+1:
		return secuenciaErrorf("el evento %d llega en el lugar %d del registro", e.Secuencia,
			n+1)
	case e.Quien == "":
		return datosErrorf("falta quién realiza el acto (%s)", e.Tipo)
	case e.Cuando.IsZero():
		return datosErrorf("falta la fecha y hora del acto (%s)", e.Tipo)
	case n == 0 && !e.Tipo.apertura():
		return secuenciaErrorf("el registro debe empezar con la apertura de la sesión")
	case n > 0 && e.Tipo.apertura():
		return secuenciaErrorf("la sesión ya está abierta")
	}
	return nil
}

// registrar applies e to the session and, if it applies, appends it to the log. Commands
// build their event and call registrar; Reconstruir calls it for every stored event, so
// that the state is always the log's.
func (s *Sesion) registrar(e Evento) error {
	if err := comprobarEvento(e, len(s.eventos)); err != nil {
		return err
	}
	if err := s.aplicar(e); err != nil {
		return err
	}
	s.eventos = append(s.eventos, e)
	return nil
}

// aplicar changes the state by one event, after checking that it is in sequence. It
// changes nothing when it returns an error.
func (s *Sesion) aplicar(e Evento) error {
	switch e.Tipo {
	case EventoApertura:
		return s.abrir(e.Apertura)
	case EventoPaquete:
		return s.aplicarPaquete(e)
	case EventoCotejo:
		return s.aplicarCotejo(e)
	case EventoCausa:
		return s.aplicarCausa(e)
	case EventoPlanRecuento:
		return s.aplicarPlan(e)
	case EventoRecuento:
		return s.aplicarRecuento(e)
	case EventoReservados:
		return s.aplicarReservados(e)
	case EventoRecuentoTotal:
		return s.aplicarRecuentoTotal(e)
	case EventoComputo:
		return s.aplicarComputo(e)
	case EventoCorreccion:
		return s.aplicarCorreccion(e)
	case EventoValidez:
		return s.aplicarValidez(e)
	case EventoConstancia:
		return s.aplicarConstancia(e)
	}
	return datosErrorf("evento desconocido %q en una sesión de cómputo", e.Tipo)
}

// reproducir applies a stored log through registrar, event by event, as Reconstruir and its
// kin read a log back; que names the log in the error of an empty one ("de la sesión").
func reproducir(eventos []Evento, registrar func(Evento) error, que string) error {
	for _, e := range eventos {
		if err := registrar(e); err != nil {
			return fmt.Errorf("replay event %d (%s): %w", e.Secuencia, e.Tipo, err)
		}
	}
	if len(eventos) == 0 {
		return datosErrorf("el registro %s está vacío", que)
	}
	return nil
}
