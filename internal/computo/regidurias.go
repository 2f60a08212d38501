package computo

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// ConfigRegidurias sets the RP regidurías of one municipio (RULES.md §7.3, every rule there
// [to confirm, enlacenoticias.com.mx 2024]; Q-11).
type ConfigRegidurias struct {
	// Regidurias is the number of RP regidurías of the municipio, which depends on its
	// population.
	Regidurias int
	// Umbral is the share of BaseUmbral a party needs (3/100).
	Umbral     *big.Rat
	BaseUmbral BaseUmbral
	// ConservarNulos keeps nulos and no registradas in the votación efectiva; by default
	// they are deducted.
	ConservarNulos bool
	// Sorteo settles equal remainders; without it such a tie is an error.
	Sorteo Sorteo `json:"-"`
}

// ConfigRegiduriasPuebla returns the rules of RULES.md §7.3 for a municipio with n RP
// regidurías: 3 % of the votación total emitida, nulos and no registradas deducted.
func ConfigRegiduriasPuebla(n int) ConfigRegidurias {
	return ConfigRegidurias{Regidurias: n, Umbral: big.NewRat(3, 100),
		BaseUmbral: UmbralVotacionTotal}
}

// VotacionMunicipio is the municipal cómputo of the ayuntamiento election by party.
type VotacionMunicipio struct {
	Municipio string
	Votacion  VotacionRP
	// Ganadora lists the parties (or the independent) of the winning planilla, which take
	// no RP regiduría.
	Ganadora []string
}

// AsignarRegidurias assigns the RP regidurías of one municipio (RULES.md §7.3 [to
// confirm]): the votación efectiva is the votación emitida less the parties under the
// threshold, the winning planilla, the independents and (by default) nulos and no
// registradas; the cociente natural is it divided by the regidurías; one regiduría in
// rotation to each party whose votes contain the cociente, starting with the party placed
// after the winner and going down by votes, until none does; the rest by resto mayor among
// the parties over the threshold.
func AsignarRegidurias(m VotacionMunicipio, cfg ConfigRegidurias) (AsignacionRP, error) {
	if err := validar(m.Votacion); err != nil {
		return AsignacionRP{}, err
	}
	if cfg.Regidurias <= 0 || cfg.Umbral == nil {
		return AsignacionRP{}, fmt.Errorf("incomplete regidurías configuration %+v", cfg)
	}
	if len(m.Ganadora) == 0 {
		return AsignacionRP{}, datosErrorf("municipio %s: falta la planilla ganadora",
			m.Municipio)
	}
	out := AsignacionRP{Metodo: "regidurías " + m.Municipio}
	paso := func(format string, args ...any) {
		out.Pasos = append(out.Pasos, Paso{Texto: fmt.Sprintf(format, args...),
			Fundamento: "RULES.md §7.3; CIPEEP [por leer]", PorConfirmar: true})
	}
	v := m.Votacion
	vte, vve := totales(v)
	base := vte
	if cfg.BaseUmbral == UmbralVotacionValida {
		base = vve
	}
	paso("Votación emitida en el municipio %s: %s", m.Municipio, miles(vte))
	efectiva, derecho, act := vte, map[string]bool{}, []PartidoRP(nil)
	var deducciones []string
	for _, p := range ordenarPartidos(v.Partidos) {
		ok := alcanza(p.Votos, base, cfg.Umbral)
		gana := slices.Contains(m.Ganadora, p.Partido)
		switch {
		case gana:
			deducciones = append(deducciones, "planilla ganadora "+p.Partido+" "+miles(p.Votos))
		case !ok:
			deducciones = append(deducciones, p.Partido+" (menos del "+puntos(cfg.Umbral)+
				") "+miles(p.Votos))
		default:
			derecho[p.Partido] = true
			act = append(act, p)
			continue
		}
		efectiva -= p.Votos
	}
	for _, i := range v.Independientes {
		efectiva -= i.Votos
		deducciones = append(deducciones, i.Partido+" "+miles(i.Votos))
	}
	if !cfg.ConservarNulos {
		efectiva -= v.Nulos + v.NoRegistradas
		deducciones = append(deducciones, "nulos "+miles(v.Nulos), "no registradas "+
			miles(v.NoRegistradas))
	}
	paso("Votación efectiva = %s − %s = %s", miles(vte), strings.Join(deducciones, " − "),
		miles(efectiva))
	if len(act) == 0 {
		return out, datosErrorf("municipio %s: ningún partido distinto de la planilla "+
			"ganadora alcanza el umbral", m.Municipio)
	}
	r, sorteos, err := repartirSobre(act, cfg.Regidurias, efectiva, "regidurías de "+
		m.Municipio, cfg.Sorteo)
	if err != nil {
		return out, err
	}
	out.Repartos, out.Sorteos = []Reparticion{r}, sorteos
	for _, p := range explicarReparto(r, "votación efectiva", "RULES.md §7.3",
		"RULES.md §7.3") {
		p.PorConfirmar = true
		out.Pasos = append(out.Pasos, p)
	}
	paso("Orden de asignación: %s", strings.Join(r.Rotacion, ", "))
	rp := map[string]int{}
	for _, f := range r.Filas {
		rp[f.Partido] = f.Escanos()
	}
	out.Filas = filas(v, rp, derecho)
	return out, nil
}

// ordenarPartidos returns the parties by votes, most first, keeping the given order among
// equals.
func ordenarPartidos(ps []PartidoRP) []PartidoRP {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b PartidoRP) int {
		switch {
		case a.Votos > b.Votos:
			return -1
		case a.Votos < b.Votos:
			return 1
		}
		return 0
	})
	return out
}
