// Package computo implements the legal rules of the cómputos as pure functions: the split of
// coalition combination votes, the causes for recounting a casilla, the total recount and the
// sizing of its grupos de trabajo, the winner of each contest and the assignment of
// representación proporcional (RP) seats: the federal Chamber of Deputies, the Congress of
// Puebla and the regidurías of each municipio. It holds no storage and speaks no HTTP; the
// caller stores what it returns (sorteos, causes, steps) as the record of the session.
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
// of the total-recount margin, the grupos de trabajo formula, the federal threshold
// base, the deduction of no registrados from the votación nacional emitida, every
// Puebla step after the resto mayor and the regidurías' votación efectiva.
package computo
