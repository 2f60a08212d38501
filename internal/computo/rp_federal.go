package computo

import (
	"fmt"
	"math/big"
	"strings"
)

// BaseUmbral is the votación on which a party's threshold share is measured.
type BaseUmbral int

const (
	// UmbralVotacionValida measures it on the votación válida emitida: CPEUM art. 54.II for
	// the federal Chamber, applied by INE; the default (RULES.md Q-10).
	UmbralVotacionValida BaseUmbral = iota
	// UmbralVotacionTotal measures it on the votación total emitida, as LGIPE art. 15.2
	// words the exclusion from the votación nacional emitida.
	UmbralVotacionTotal
)

func (b BaseUmbral) nombre() string {
	if b == UmbralVotacionTotal {
		return "votación total emitida"
	}
	return "votación válida emitida"
}

// ConfigFederal sets the federal Chamber's figures and the choices still to be confirmed.
type ConfigFederal struct {
	// EscanosRP (200) and EscanosMR (300) make the Chamber (CPEUM arts. 52-53).
	EscanosRP int
	EscanosMR int
	// Umbral is the share of BaseUmbral a party needs (3/100; CPEUM art. 54.II).
	Umbral     *big.Rat
	BaseUmbral BaseUmbral
	// ConservarNoRegistrados keeps the no registrados in the votación nacional emitida.
	// LGIPE art. 15.2 does not deduct them; INE did in INE/CG2129/2024 [to confirm], so by
	// default they are deducted (RULES.md §7.1).
	ConservarNoRegistrados bool
	// TopeAbsoluto (300, CPEUM art. 54.IV) and Sobrerrepresentacion (8/100, art. 54.V)
	// bound each party's seats by both principles.
	TopeAbsoluto         int
	Sobrerrepresentacion *big.Rat
	// Sorteo settles equal remainders; without it such a tie is an error.
	Sorteo Sorteo
}

// ConfigFederalINE returns the federal rules as INE applied them in 2024 (INE/CG2129/2024).
func ConfigFederalINE() ConfigFederal {
	return ConfigFederal{EscanosRP: 200, EscanosMR: 300, Umbral: big.NewRat(3, 100),
		TopeAbsoluto: 300, Sobrerrepresentacion: big.NewRat(8, 100)}
}

// federal carries one federal assignment through its steps.
type federal struct {
	cfg     ConfigFederal
	v       VotacionRP
	out     AsignacionRP
	derecho map[string]bool
	vne     int64
}

func (f *federal) paso(texto, fund string, porConfirmar bool) {
	f.out.Pasos = append(f.out.Pasos, Paso{Texto: texto, Fundamento: fund,
		PorConfirmar: porConfirmar})
}

// AsignarFederal assigns the RP seats of the federal Chamber of Deputies (RULES.md §7.1;
// CPEUM art. 54; LGIPE arts. 15-18): threshold, votación nacional emitida, cociente natural
// and resto mayor, then the limits of 300 seats and of eight points over the party's share,
// redoing the cociente among the other parties while any exceeds them. The placement of the
// seats in the five circunscripciones (LGIPE arts. 17.3, 18.2, 19) is not computed.
func AsignarFederal(v VotacionRP, cfg ConfigFederal) (AsignacionRP, error) {
	// TODO(computo): seats per circunscripción (LGIPE arts. 17.3, 18.2, 19, 20) need the
	// votes per circunscripción, which VotacionRP does not carry yet.
	if err := validar(v); err != nil {
		return AsignacionRP{}, err
	}
	if cfg.EscanosRP <= 0 || cfg.Umbral == nil || cfg.Sobrerrepresentacion == nil {
		return AsignacionRP{}, fmt.Errorf("incomplete federal configuration %+v", cfg)
	}
	f := &federal{cfg: cfg, v: v, out: AsignacionRP{Metodo: "federal"},
		derecho: map[string]bool{}}
	f.out.Pasos = notaMR(v, cfg.EscanosMR)
	f.votaciones()
	rp, err := f.asignar()
	if err != nil {
		return f.out, err
	}
	f.out.Filas = filas(v, rp, f.derecho)
	f.paso("La distribución de las diputaciones de cada partido entre las cinco "+
		"circunscripciones plurinominales no se calcula aquí", "LGIPE arts. 17.3, 18.2, 19 "+
		"y 20", false)
	return f.out, nil
}

// votaciones writes the vote bases and finds the parties with RP rights.
func (f *federal) votaciones() {
	vte, vve := totales(f.v)
	f.paso("Se da por cumplido que cada partido registró candidaturas de mayoría en al menos "+
		"200 distritos; los datos no lo indican", "CPEUM art. 54.I", false)
	f.paso(fmt.Sprintf("Votación total emitida: %s votos depositados en las urnas",
		miles(vte)), "LGIPE art. 15.1", false)
	f.paso(fmt.Sprintf("Votación válida emitida = %s − nulos %s − no registrados %s = %s",
		miles(vte), miles(f.v.Nulos), miles(f.v.NoRegistradas), miles(vve)),
		"LGIPE art. 15.1", false)
	base := vve
	if f.cfg.BaseUmbral == UmbralVotacionTotal {
		base = vte
	}
	f.vne = vte - f.v.Nulos
	var fuera []string
	for _, p := range f.v.Partidos {
		ok := alcanza(p.Votos, base, f.cfg.Umbral)
		f.derecho[p.Partido] = ok
		verdict := "alcanza el " + puntos(f.cfg.Umbral) + ": tiene derecho a diputaciones " +
			"de representación proporcional"
		if !ok {
			verdict = "no alcanza el " + puntos(f.cfg.Umbral) + ": sin derecho"
			f.vne -= p.Votos
			fuera = append(fuera, fmt.Sprintf("%s %s", p.Partido, miles(p.Votos)))
		}
		f.paso(fmt.Sprintf("%s: %s votos = %s de la %s; %s", p.Partido, miles(p.Votos),
			porcentaje(p.Votos, base), f.cfg.BaseUmbral.nombre(), verdict),
			"CPEUM art. 54.II; base de la votación según RULES.md Q-10", true)
	}
	f.explicarVNE(vte, fuera)
}

func (f *federal) explicarVNE(vte int64, fuera []string) {
	var ind int64
	for _, p := range f.v.Independientes {
		ind += p.Votos
	}
	f.vne -= ind
	texto := fmt.Sprintf("Votación nacional emitida = %s − partidos sin el umbral (%s) − "+
		"candidaturas independientes %s − nulos %s", miles(vte), strings.Join(fuera, ", "),
		miles(ind), miles(f.v.Nulos))
	if len(fuera) == 0 {
		texto = fmt.Sprintf("Votación nacional emitida = %s − candidaturas independientes "+
			"%s − nulos %s", miles(vte), miles(ind), miles(f.v.Nulos))
	}
	fund := "LGIPE art. 15.2"
	if !f.cfg.ConservarNoRegistrados {
		f.vne -= f.v.NoRegistradas
		texto += " − no registrados " + miles(f.v.NoRegistradas)
		fund += "; deducción de los no registrados como en INE/CG2129/2024"
	}
	f.paso(texto+" = "+miles(f.vne), fund, !f.cfg.ConservarNoRegistrados)
}

// tope is a party's most seats by both principles: ⌊(EscanosMR + EscanosRP) × (its share of
// the votación nacional emitida + 8 points)⌋, and never over 300 (CPEUM art. 54.IV-V; LGIPE
// art. 15.3).
func (f *federal) tope(votos int64) int {
	camara := int64(f.cfg.EscanosMR + f.cfg.EscanosRP)
	// camara × (v/VNE + a/b) = camara·(v·b + a·VNE) / (VNE·b)
	a, b := f.cfg.Sobrerrepresentacion.Num(), f.cfg.Sobrerrepresentacion.Denom()
	num := new(big.Int).Mul(big.NewInt(votos), b)
	num.Add(num, new(big.Int).Mul(a, big.NewInt(f.vne)))
	num.Mul(num, big.NewInt(camara))
	den := new(big.Int).Mul(big.NewInt(f.vne), b)
	t := int(new(big.Int).Quo(num, den).Int64())
	if f.cfg.TopeAbsoluto > 0 && t > f.cfg.TopeAbsoluto {
		t = f.cfg.TopeAbsoluto
	}
	return t
}

// asignar runs the cociente natural and the resto mayor, applies the limits and redoes the
// distribution among the parties not capped until none exceeds (LGIPE arts. 17-18).
func (f *federal) asignar() (map[string]int, error) {
	if f.vne <= 0 {
		return nil, datosErrorf("ningún partido tiene derecho a diputaciones de " +
			"representación proporcional")
	}
	rp := map[string]int{}
	capped := map[string]bool{}
	seats := f.cfg.EscanosRP
	for round := 0; ; round++ {
		var active []PartidoRP
		for _, p := range f.v.Partidos {
			if f.derecho[p.Partido] && !capped[p.Partido] {
				active = append(active, p)
			}
		}
		if len(active) == 0 {
			return nil, datosErrorf("todos los partidos con derecho alcanzaron su límite y " +
				"quedan diputaciones sin asignar")
		}
		r, err := f.repartir(active, seats, round)
		if err != nil {
			return nil, err
		}
		exceed := f.limites(active, r, rp, capped)
		if !exceed {
			for _, fr := range r.Filas {
				rp[fr.Partido] = fr.Escanos()
			}
			msg := "Ningún partido excede los límites: la asignación queda firme"
			if round > 0 {
				msg = "Ningún otro partido excede los límites: la asignación queda firme"
			}
			f.paso(msg, "CPEUM art. 54.IV-V", false)
			return rp, nil
		}
		seats = f.cfg.EscanosRP
		var fuera int64
		for p, ok := range capped {
			if ok {
				seats -= rp[p]
				fuera += votosDe(f.v.Partidos, p)
			}
		}
		f.paso(fmt.Sprintf("Votación nacional efectiva = votación nacional emitida %s − "+
			"votos de los partidos a los que se aplicó un límite %s = %s; quedan %d "+
			"diputaciones por asignar a los demás partidos", miles(f.vne), miles(fuera),
			miles(f.vne-fuera), seats), "LGIPE art. 18.1.a.I-II; CPEUM art. 54.VI", false)
	}
}

func (f *federal) repartir(active []PartidoRP, seats, round int) (Reparticion, error) {
	r, sorteos, err := repartir(active, seats, "diputaciones federales", f.cfg.Sorteo)
	if err != nil {
		return r, err
	}
	f.out.Repartos = append(f.out.Repartos, r)
	f.out.Sorteos = append(f.out.Sorteos, sorteos...)
	base, fundCN, fundRM := "votación nacional emitida", "LGIPE arts. 16.2 y 17.1.a",
		"LGIPE arts. 16.3 y 17.1.b"
	if round > 0 {
		base, fundCN, fundRM = "votación nacional efectiva", "LGIPE art. 18.1.a.II-III",
			"LGIPE art. 18.1.a.IV"
	}
	f.out.Pasos = append(f.out.Pasos, explicarReparto(r, base, fundCN, fundRM)...)
	return r, nil
}

// limites checks each active party against its limits; a party over them is capped at
// tope − MR (never below 0: MR wins alone above the tope are kept, with no RP) (CPEUM art.
// 54.IV-V; LGIPE art. 17.2).
func (f *federal) limites(active []PartidoRP, r Reparticion, rp map[string]int,
	capped map[string]bool) bool {
	exceed := false
	for i, p := range active {
		got := r.Filas[i].Escanos()
		t := f.tope(p.Votos)
		texto := fmt.Sprintf("%s: %s de la votación nacional emitida + %s da un máximo de "+
			"%d diputaciones por ambos principios (nunca más de %d); MR %d + RP %d = %d",
			p.Partido, porcentaje(p.Votos, f.vne), puntos(f.cfg.Sobrerrepresentacion), t,
			f.cfg.TopeAbsoluto, p.MR, got, p.MR+got)
		if p.MR+got <= t {
			f.paso(texto+": dentro del límite", "CPEUM art. 54.IV-V; LGIPE art. 15.3", false)
			continue
		}
		exceed = true
		capped[p.Partido] = true
		rp[p.Partido] = max(0, t-p.MR)
		texto += fmt.Sprintf(" lo excede: se le deducen %d y se le asignan %d de "+
			"representación proporcional", got-rp[p.Partido], rp[p.Partido])
		if p.MR > t {
			texto += fmt.Sprintf(" (conserva sus %d triunfos de mayoría)", p.MR)
		}
		f.paso(texto, "CPEUM art. 54.IV-V; LGIPE arts. 15.3 y 17.2", false)
	}
	return exceed
}

func votosDe(ps []PartidoRP, partido string) int64 {
	for _, p := range ps {
		if p.Partido == partido {
			return p.Votos
		}
	}
	return 0
}
