// Package computo implements the cómputos: the legal rules as pure functions (the split of
// coalition combination votes, the causes for recounting a casilla, the total recount and the
// sizing of its grupos de trabajo, the winner of each contest and the assignment of
// representación proporcional (RP) seats: the federal Chamber of Deputies, the Congress of
// Puebla and the regidurías of each municipio), and the cómputo session of a council as a
// domain engine built on them. It holds no storage and speaks no HTTP; the caller stores the
// session's events as the record of the session.
//
// # Sessions
//
// A Sesion is one council's cómputo of one contest in one unit: a consejo distrital for
// Diputaciones or the district part of Gubernatura, a consejo municipal for Ayuntamientos.
// It is opened over the casillas expected in the unit, each with its acta as the PREP
// published it (CasillasDe reads them from a PREP file), and moves through the steps of Fase
// in the legal order of LGIPE art. 311.1 (RULES.md §6.1):
//
//	registro       every package registered: signs of alteration, acta in the expediente,
//	               president's copy, or casilla not installed
//	cotejo         casilla by casilla, the packages without signs of alteration first and in
//	               casilla order, then the altered ones (art. 311.1.a, e): the council
//	               confirms the figures pre-filled from the PREP capture or records those it
//	               reads; Revisar decides the recount and the council may add a cause
//	recuento       planned in the pleno or in grupos de trabajo (PlanearRecuento); figures per
//	               casilla, with votos reservados that the council then assigns to a column
//	               or to nulos; it ends with the total recount decision (EvaluarRecuentoTotal,
//	               art. 311.3), which excludes the casillas already recounted
//	recuento total when ordered, every other casilla is recounted
//	suma           the unit is summed, its combinations split on the sum (Distribuir, never
//	               casilla by casilla) and the winner found (Ganadores); ties for a leftover
//	               vote are drawn by the council and recorded, a tie for first place is
//	               recorded and blocks the declaration
//	validez        the declaration of validity, by the councils that make it (Declara)
//	concluida      the constancia de mayoría issued to the winning candidacy
//
// An action out of its step is refused with a SecuenciaError; bad figures with a
// DatosError; both carry Spanish text for the council's staff.
//
// A casilla especial of the deputies' election has an MR acta and an RP acta. CasillasDe
// leaves the RP acta out of the district's MR cómputo; CasillasRPDe and DefinicionRPDe
// make the separate cómputo of those actas, whose sum joins the district's RP votación
// in VotacionRPDe (LGIPE art. 311.1.g, i).
//
// # Exercises
//
// Ejercicio runs a session through its whole sequence over the PREP data alone, as an
// exercise (sufragio computo, the tests): every package as the PREP leaves it known
// (PaqueteDePREP), every captured acta confirmed, the recounts with the figures of a
// FuenteRecuentos or the PREP's, the runner-up asking for the total recount, validity and
// constancia when the council declares them. It returns the session and a Conteo of what
// it did. Its documents are a simulacro: no council recorded those sessions.
//
// # Events
//
// Every action is an Evento appended to the session's log, with who performed it, when,
// the casilla, its cause in Spanish and its payload. The state is only what the log says:
// commands build an event and apply it, and Reconstruir applies a stored log the same way,
// so a storage layer keeps the events and nothing else. Applying an event checks that it
// is in sequence and changes nothing when it is not. Derived figures (the recount decision
// of a cotejo, the results, the sorteos) are recorded in their event, so that a replay does
// not depend on the rules of a later version of this package.
//
// # Corrections
//
// After the results, Corregir changes a casilla's figures and recomputes the sum, the split
// and the winner in the same event; a tie already drawn keeps its draw. While the candidacy
// of the constancia in force still wins alone, the constancia stands; otherwise it is
// revoked and a new one is issued to the new winner (none on a tie). The Consejo General's
// ComputoEstatal sums the district actas (ActaDistrital) and receives a new version of a
// district acta the same way, so a district correction reaches the state winner and its
// constancia; VotacionRPDe carries the winners of the constancias in force to the RP seats.
//
// # Invariants
//
// The sum of a unit is the sum of its casillas' figures (cotejo, recount with reservados
// decided, corrections); every vote column counts for one candidacy or is nulos or no
// registradas; after the split each candidacy has the votes of its columns (checked on every
// computation). Conciliar sets each casilla's PREP figures beside its cómputo figures with
// the cause of their difference.
//
// # Arithmetic
//
// Votes are integers. Every comparison that decides a vote, a seat or a recount is made on
// exact integers (cross-multiplied) or math/big rationals, never on floating point, so that
// no rounding can flip a seat (RULES.md §0). Percentages are shown truncated.
//
// # Coalitions
//
// Distribuir splits each combination column of a unit (distrito or municipio) after summing
// it over the unit, never casilla by casilla (RULES.md §5; LGIPE art. 311.1.c). Its
// invariants: the votes distributed equal the combination votes, and a candidacy's total is
// the same before and after the split. Ties for the leftover votes are settled by an
// injected Sorteo, whose every decision is returned as a SorteoRegistro.
//
// # Recounts
//
// Revisar lists the causes for recounting one casilla (RULES.md §6.2); the council may add a
// cause of its own (CausaConsejo) and every decision carries its causes. EvaluarRecuentoTotal
// applies the one-point margin of LGIPE art. 311.2-3 and PlanearRecuento sizes the grupos de
// trabajo and puntos de recuento.
//
// # Seats
//
// AsignarFederal, AsignarPuebla and AsignarRegidurias refuse incomplete data: seats are
// assigned once every cómputo of the election has concluded. Each returns the seats per party
// and the steps (Paso) that explain, in Spanish, how they were obtained, with the rules that
// are still to be confirmed marked as such.
//
// # Rules still to be confirmed
//
// Where RULES.md marks a rule [to confirm], the code names its source next to the
// implementation and the choice is a field of the configuration: the ranking basis for
// combination leftovers, the basis of "first and second place" in a casilla, the base
// of the total-recount margin, the level of the split of the governor's party totals
// (NivelReparto, Q-6; district by default), the grupos de trabajo formula, the federal threshold
// base, the deduction of no registrados from the votación nacional emitida, every
// Puebla step after the resto mayor and the regidurías' votación efectiva.
package computo
