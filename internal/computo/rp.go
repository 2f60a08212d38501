package computo

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// PartidoRP is one contender's figures for an RP assignment: its votes in the election the
// seats are assigned from and the majority seats attributed to it for the limits.
type PartidoRP struct {
	Partido string
	Votos   int64
	// MR are the majority seats counted for the party when its limits are checked: by
	// siglado in Puebla (CIPEEP art. 321 a)), by afiliación efectiva in the federal Chamber
	// in 2024 (INE/CG645/2023 [to confirm]; RULES.md §5).
	MR int
}

// VotacionRP is the input of an RP assignment: the final cómputo by party.
type VotacionRP struct {
	Partidos []PartidoRP
	// Independientes are the CAND_IND_n contenders; they take no RP seat.
	Independientes []PartidoRP
	NoRegistradas  int64
	Nulos          int64
	// Completa must be true: seats are assigned only on complete data, once every cómputo
	// of the election has concluded.
	Completa bool
}

// FilaRP is one contender's seats.
type FilaRP struct {
	Partido string
	Votos   int64
	MR      int
	RP      int
	Total   int
	// ConDerecho: the party reached the threshold and takes part in the RP assignment.
	ConDerecho bool
	// Independiente marks a CAND_IND_n row.
	Independiente bool
}

// AsignacionRP is the result of an RP assignment: the seats per contender (parties in the
// order given, then independents), the repartos of cociente natural and resto mayor, and
// the explanation step by step.
type AsignacionRP struct {
	Metodo   string
	Filas    []FilaRP
	Repartos []Reparticion
	Pasos    []Paso
	Sorteos  []SorteoRegistro
}

// Fila returns the row of a contender, and false when it is not in the assignment.
func (a AsignacionRP) Fila(partido string) (FilaRP, bool) {
	for _, f := range a.Filas {
		if f.Partido == partido {
			return f, true
		}
	}
	return FilaRP{}, false
}

// Reparticion is one application of the cociente natural and the resto mayor: Escanos seats
// among the parties listed, whose votes sum Votacion; the cociente natural is
// Votacion / Escanos (LGIPE art. 16).
type Reparticion struct {
	Escanos  int
	Votacion int64
	Filas    []FilaReparto
	// Rotacion lists the parties in the order they received their seats by cociente
	// natural, one round after another (CIPEEP art. 321), then those by resto mayor.
	Rotacion []string
}

// Cociente returns the cociente natural as an exact rational.
func (r Reparticion) Cociente() *big.Rat {
	return big.NewRat(r.Votacion, int64(r.Escanos))
}

// FilaReparto is one party's part of a Reparticion.
type FilaReparto struct {
	Partido     string
	Votos       int64
	PorCociente int // ⌊votes / CN⌋
	// RestoNum is the remainder votes − PorCociente·CN multiplied by Escanos, an integer;
	// Resto returns it as votes.
	RestoNum int64
	PorResto int
	escanos  int
}

// Resto returns the votes left after the seats by cociente natural, exactly.
func (f FilaReparto) Resto() *big.Rat { return big.NewRat(f.RestoNum, int64(f.escanos)) }

// Escanos returns the seats of the party in this reparto.
func (f FilaReparto) Escanos() int { return f.PorCociente + f.PorResto }

// repartir applies the cociente natural and the resto mayor among partes, with the sum of
// their votes as the votación (LGIPE arts. 16-17; CIPEEP art. 321).
func repartir(partes []PartidoRP, n int, motivo string, sorteo Sorteo) (Reparticion,
	[]SorteoRegistro, error) {
	var v int64
	for _, p := range partes {
		v += p.Votos
	}
	return repartirSobre(partes, n, v, motivo, sorteo)
}

// repartirSobre applies the cociente natural votacion / n and the resto mayor. With exact
// integers: seats = ⌊v·n / V⌋ and remainder·n = v·n − seats·V, so remainders compare as
// integers over the same denominator n. When the votación includes votes of no party here
// (nulos kept in it), more seats may be left than parties; the resto mayor then goes round
// again in the same order.
func repartirSobre(partes []PartidoRP, n int, votacion int64, motivo string,
	sorteo Sorteo) (Reparticion, []SorteoRegistro, error) {
	r := Reparticion{Escanos: n, Votacion: votacion}
	if n <= 0 || r.Votacion <= 0 || len(partes) == 0 {
		for _, p := range partes {
			r.Filas = append(r.Filas, FilaReparto{Partido: p.Partido, Votos: p.Votos,
				escanos: max(n, 1)})
		}
		return r, nil, nil
	}
	left := n
	for _, p := range partes {
		s := p.Votos * int64(n) / r.Votacion
		r.Filas = append(r.Filas, FilaReparto{Partido: p.Partido, Votos: p.Votos,
			PorCociente: int(s), RestoNum: p.Votos*int64(n) - s*r.Votacion, escanos: n})
		left -= int(s)
	}
	r.Rotacion = rotacion(r.Filas)
	full, partial := left/len(r.Filas), left%len(r.Filas)
	ganan, sorteos, err := restoMayor(r.Filas, partial, motivo, sorteo)
	if err != nil {
		return r, nil, err
	}
	for i := range r.Filas {
		r.Filas[i].PorResto = full
		if ganan[r.Filas[i].Partido] {
			r.Filas[i].PorResto++
		}
	}
	for round := 0; round <= full; round++ {
		for _, f := range ordenarRestos(r.Filas) {
			if round < full || ganan[f.Partido] {
				r.Rotacion = append(r.Rotacion, f.Partido)
			}
		}
	}
	return r, sorteos, nil
}

// rotacion lists the seats by cociente natural as CIPEEP art. 321 gives them: one seat in
// turn to each party whose votes still contain the cociente, most voted first, until none
// does. The counts equal ⌊v/CN⌋; the order is what the explanation shows.
func rotacion(filas []FilaReparto) []string {
	order := append([]FilaReparto(nil), filas...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].Votos > order[j].Votos })
	var out []string
	for round := 1; ; round++ {
		any := false
		for _, f := range order {
			if f.PorCociente >= round {
				out = append(out, f.Partido)
				any = true
			}
		}
		if !any {
			return out
		}
	}
}

// ordenarRestos sorts rows by remainder, largest first (LGIPE art. 17.1.b).
func ordenarRestos(filas []FilaReparto) []FilaReparto {
	out := append([]FilaReparto(nil), filas...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].RestoNum > out[j].RestoNum })
	return out
}

// restoMayor picks the left parties with the largest remainders; a tie at the cut is drawn.
// The law has no tie rule for remainders; the sorteo is the cómputo guidelines' general
// remedy [to confirm].
func restoMayor(filas []FilaReparto, left int, motivo string, sorteo Sorteo) (map[string]bool,
	[]SorteoRegistro, error) {
	out := map[string]bool{}
	if left <= 0 {
		return out, nil, nil
	}
	sorted := ordenarRestos(filas)
	cut := sorted[left-1].RestoNum
	var tied []string
	for _, f := range sorted {
		switch {
		case f.RestoNum > cut:
			out[f.Partido] = true
		case f.RestoNum == cut:
			tied = append(tied, f.Partido)
		}
	}
	lugares := left - len(out)
	if lugares == len(tied) {
		for _, p := range tied {
			out[p] = true
		}
		return out, nil, nil
	}
	sort.Strings(tied)
	reg, err := sortear(sorteo, SorteoSolicitud{Unidad: motivo, Empatados: tied,
		Lugares: lugares, Motivo: fmt.Sprintf("resto mayor de %s: %d escaños para restos "+
			"iguales", motivo, lugares)})
	if err != nil {
		return nil, nil, err
	}
	for _, p := range reg.Ganadores {
		out[p] = true
	}
	return out, []SorteoRegistro{reg}, nil
}

// alcanza tells whether votes reach the share u of base: votes ≥ u·base, exactly.
func alcanza(votes, base int64, u *big.Rat) bool {
	lhs := new(big.Int).Mul(big.NewInt(votes), u.Denom())
	rhs := new(big.Int).Mul(big.NewInt(base), u.Num())
	return lhs.Cmp(rhs) >= 0
}

// puntos writes a share such as 8/100 as percentage points ("8 %").
func puntos(u *big.Rat) string {
	p := new(big.Rat).Mul(u, big.NewRat(100, 1))
	return strings.TrimSuffix(fraccion(p.Num(), p.Denom()), ".0") + " %"
}

// explicarReparto writes the steps of one reparto: the cociente natural, each party's seats
// by it and each seat by resto mayor.
func explicarReparto(r Reparticion, base, fundCN, fundRM string) []Paso {
	cn := r.Cociente()
	pasos := []Paso{{Texto: fmt.Sprintf("Cociente natural = %s %s / %d escaños = %s",
		base, miles(r.Votacion), r.Escanos, fraccion(cn.Num(), cn.Denom())),
		Fundamento: fundCN}}
	var sum int
	for _, f := range r.Filas {
		rest := f.Resto()
		pasos = append(pasos, Paso{Texto: fmt.Sprintf("%s: %s votos contienen %d veces el "+
			"cociente natural → %d por cociente; resto %s votos", f.Partido, miles(f.Votos),
			f.PorCociente, f.PorCociente, fraccion(rest.Num(), rest.Denom())),
			Fundamento: fundCN})
		sum += f.PorCociente
	}
	left := r.Escanos - sum
	if left == 0 {
		return pasos
	}
	var got []string
	for _, f := range ordenarRestos(r.Filas) {
		if f.PorResto > 0 {
			rest := f.Resto()
			got = append(got, fmt.Sprintf("%s (%s)", f.Partido,
				fraccion(rest.Num(), rest.Denom())))
		}
	}
	return append(pasos, Paso{Texto: fmt.Sprintf("Quedan %d escaños por resto mayor, en "+
		"orden decreciente de los votos no utilizados: %s", left, strings.Join(got, ", ")),
		Fundamento: fundRM})
}

// validar checks an RP input: complete data, no negative votes, no party twice.
func validar(v VotacionRP) error {
	if !v.Completa {
		return datosErrorf("la asignación de representación proporcional se hace con los " +
			"cómputos concluidos: los datos no están completos")
	}
	seen := map[string]bool{}
	for _, p := range append(append([]PartidoRP(nil), v.Partidos...), v.Independientes...) {
		switch {
		case p.Partido == "":
			return datosErrorf("un partido no tiene nombre")
		case seen[p.Partido]:
			return datosErrorf("el partido %s aparece dos veces", p.Partido)
		case p.Votos < 0 || p.MR < 0:
			return datosErrorf("%s tiene votos o diputaciones de mayoría negativos",
				p.Partido)
		}
		seen[p.Partido] = true
	}
	if v.Nulos < 0 || v.NoRegistradas < 0 {
		return datosErrorf("los votos nulos y no registrados no pueden ser negativos")
	}
	return nil
}

// notaMR notes when the MR seats attributed for the limits add up to more than the
// districts: some winners are then counted for more than one party (for instance a MORENA
// member elected under a PVEM emblem, counted for MORENA by afiliación efectiva and for PVEM
// by siglado). The limits are checked party by party, so the assignment stands; the totals
// are not a composition of the chamber.
func notaMR(v VotacionRP, distritos int) []Paso {
	sum := 0
	for _, p := range append(append([]PartidoRP(nil), v.Partidos...), v.Independientes...) {
		sum += p.MR
	}
	if sum <= distritos {
		return nil
	}
	return []Paso{{Texto: fmt.Sprintf("Las diputaciones de mayoría atribuidas suman %d, más "+
		"que los %d distritos: algunos triunfos se cuentan para más de un partido (por "+
		"ejemplo, por afiliación efectiva para uno y por siglado para otro); los límites se "+
		"revisan partido por partido, pero los totales no son la integración del órgano",
		sum, distritos)}}
}

// totales returns the votación total emitida (every vote in the urns) and the votación
// válida emitida (total − nulos − no registrados) (LGIPE art. 15.1).
func totales(v VotacionRP) (vte, vve int64) {
	for _, p := range v.Partidos {
		vte += p.Votos
	}
	for _, p := range v.Independientes {
		vte += p.Votos
	}
	vte += v.NoRegistradas + v.Nulos
	return vte, vte - v.Nulos - v.NoRegistradas
}

// filas builds the result rows from the RP seats per party.
func filas(v VotacionRP, rp map[string]int, derecho map[string]bool) []FilaRP {
	var out []FilaRP
	for _, p := range v.Partidos {
		out = append(out, FilaRP{Partido: p.Partido, Votos: p.Votos, MR: p.MR,
			RP: rp[p.Partido], Total: p.MR + rp[p.Partido], ConDerecho: derecho[p.Partido]})
	}
	for _, p := range v.Independientes {
		out = append(out, FilaRP{Partido: p.Partido, Votos: p.Votos, MR: p.MR, Total: p.MR,
			Independiente: true})
	}
	return out
}
