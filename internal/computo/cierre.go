package computo

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// cierre is what a session and the state cómputo share once they have results: the
// results, the sorteos drawn, the declaration of validity and the constancias.
type cierre struct {
	d           *Definicion
	fase        Fase
	resultado   *ResultadoComputo
	validez     *Validez
	constancias []Constancia
	// sorteos are every draw of the session, so that a tie drawn once keeps its result
	// when the unit is summed again after a correction.
	sorteos []SorteoRegistro
}

// Validez is the declaration of validity of an election in a unit and of the eligibility
// of its winner.
type Validez struct {
	// Acuerdo identifies the council's decision.
	Acuerdo string
	// Ganador is the candidacy declared eligible, the winner at the time.
	Ganador      string
	Declarada    time.Time
	Fundamento   string
	PorConfirmar bool
}

// Constancia is a constancia de mayoría: the certificate the council issues to the winning
// candidacy. A correction that changes the winner revokes it, and it says so.
type Constancia struct {
	// Folio identifies it: election, unit and number ("GUB-21-1").
	Folio          string
	Instituto      string
	Proceso        string
	Consejo        string
	Eleccion       string
	EleccionNombre string
	Unidad         string
	UnidadNombre   string
	// Candidatura is the candidacy's ID; Propietaria and Suplente its people; Partidos
	// the parties that nominated it.
	Candidatura string
	Propietaria string
	Suplente    string
	Partidos    []string
	// Votos are its votes in the cómputo when issued; Diferencia its margin over the
	// runner-up, Segundo.
	Votos      int64
	Segundo    string
	Diferencia int64
	Expedida   time.Time
	// Quien is who issued it.
	Quien        string
	Fundamento   string
	PorConfirmar bool
	// Simulacro marks a constancia of a cómputo over test data.
	Simulacro bool
	// Revocada is set when a later correction changed the winner: when, why and which
	// constancia replaced it (none on a tie).
	Revocada       bool
	RevocadaCuando time.Time
	RevocadaCausa  string
	SustituidaPor  string
}

// Recalculo is what a change after the results leads to: the new results and, when the
// winner changed, the constancia revoked and the one issued in its place.
type Recalculo struct {
	Resultado ResultadoComputo
	// Revoca is the folio of the constancia revoked, or "".
	Revoca string
	// Nueva is the constancia issued to the new winner, if there is one.
	Nueva *Constancia
}

// enFase refuses an action outside the steps given.
func (c *cierre) enFase(accion string, fases ...Fase) error {
	if slices.Contains(fases, c.fase) {
		return nil
	}
	var nombres []string
	for _, f := range fases {
		nombres = append(nombres, f.String())
	}
	return secuenciaErrorf("no se puede %s en la etapa de %s: corresponde a la etapa de %s",
		accion, c.fase, strings.Join(nombres, " o "))
}

// sorteoCon settles a tie with the draw already recorded for the same tie, or asks nuevo.
func (c *cierre) sorteoCon(nuevo Sorteo) Sorteo {
	return func(req SorteoSolicitud) ([]string, error) {
		for _, r := range c.sorteos {
			if r.Unidad == req.Unidad && r.Motivo == req.Motivo && r.Lugares == req.Lugares &&
				slices.Equal(r.Empatados, req.Empatados) {
				return slices.Clone(r.Ganadores), nil
			}
		}
		if nuevo == nil {
			return nil, datosErrorf("%s: empate entre %s que el consejo debe resolver por "+
				"sorteo; indique su resultado", req.Motivo, strings.Join(req.Empatados, ", "))
		}
		return nuevo(req)
	}
}

// fijarResultado records results and the draws they needed.
func (c *cierre) fijarResultado(r ResultadoComputo) {
	c.resultado = &r
	for _, nuevo := range r.Distribucion.Sorteos {
		if !slices.ContainsFunc(c.sorteos, func(s SorteoRegistro) bool {
			return s.Unidad == nuevo.Unidad && s.Motivo == nuevo.Motivo &&
				slices.Equal(s.Empatados, nuevo.Empatados)
		}) {
			c.sorteos = append(c.sorteos, nuevo)
		}
	}
}

// vigente returns the constancia in force, if any.
func (c *cierre) vigente() *Constancia {
	for i := len(c.constancias) - 1; i >= 0; i-- {
		if !c.constancias[i].Revocada {
			return &c.constancias[i]
		}
	}
	return nil
}

// fundamentoCierre cites the basis of the declaration of validity and the constancia.
func (c *cierre) fundamentoCierre() string {
	if c.d.Organo == ConsejoGeneral {
		return "CIPEEP, cómputo final de Gubernatura por el Consejo General; por analogía " +
			"LGIPE art. 320.1.j"
	}
	return "LGIPE art. 311.1.j-k y 312.1; CIPEEP equivalente"
}

// declaracion checks that validity can be declared now and returns the declaration.
func (c *cierre) declaracion(acuerdo string, e Evento) (Validez, error) {
	if !c.d.Declara {
		return Validez{}, secuenciaErrorf("%s no declara la validez de %s: su cómputo se "+
			"remite al Consejo General", c.d.Consejo, c.d.EleccionNombre)
	}
	if err := c.enFase("declarar la validez", FaseResultados); err != nil {
		return Validez{}, err
	}
	g, ok := c.resultado.Unico()
	switch {
	case !ok:
		return Validez{}, datosErrorf("no hay una candidatura ganadora (%s): no puede "+
			"declararse la validez ni expedirse la constancia", textoResultado(*c.resultado))
	case strings.TrimSpace(acuerdo) == "":
		return Validez{}, datosErrorf("indique el acuerdo del consejo que declara la validez")
	}
	return Validez{Acuerdo: acuerdo, Ganador: g, Declarada: e.Cuando,
		Fundamento: c.fundamentoCierre(), PorConfirmar: true}, nil
}

// constancia checks that the constancia can be issued now and returns it.
func (c *cierre) constancia(e Evento) (Constancia, error) {
	if err := c.enFase("expedir la constancia de mayoría", FaseValidez); err != nil {
		return Constancia{}, err
	}
	if c.vigente() != nil {
		return Constancia{}, secuenciaErrorf("ya hay una constancia de mayoría vigente (%s)",
			c.vigente().Folio)
	}
	return c.constanciaPara(*c.resultado, e)
}

// constanciaPara writes the constancia of the winner of r.
func (c *cierre) constanciaPara(r ResultadoComputo, e Evento) (Constancia, error) {
	g, ok := r.Unico()
	if !ok {
		return Constancia{}, datosErrorf("no hay una candidatura ganadora (%s): no puede "+
			"expedirse la constancia", textoResultado(r))
	}
	i := slices.IndexFunc(c.d.Candidaturas, func(k Candidato) bool { return k.ID == g })
	if i < 0 {
		return Constancia{}, fmt.Errorf("winner %s is not a candidacy of the definition", g)
	}
	k := c.d.Candidaturas[i]
	d := c.d
	return Constancia{Folio: fmt.Sprintf("%s-%s-%d", d.Eleccion, d.Unidad,
		len(c.constancias)+1), Instituto: d.Instituto, Proceso: d.Proceso, Consejo: d.Consejo,
		Eleccion: d.Eleccion, EleccionNombre: d.EleccionNombre, Unidad: d.Unidad,
		UnidadNombre: d.UnidadNombre, Candidatura: k.ID, Propietaria: k.Nombre,
		Suplente: k.Suplente, Partidos: slices.Clone(k.Partidos), Votos: r.Ganador.Votos,
		Segundo: r.Ganador.Segundo, Diferencia: r.Ganador.Diferencia, Expedida: e.Cuando,
		Quien: e.Quien, Fundamento: c.fundamentoCierre(), PorConfirmar: true,
		Simulacro: d.Simulacro}, nil
}

// recalculo decides what new results change: the constancia in force stands while its
// candidacy still wins alone; otherwise it is revoked and, if there is a winner, a new one
// is issued to it.
func (c *cierre) recalculo(r ResultadoComputo, e Evento) Recalculo {
	rc := Recalculo{Resultado: r}
	v := c.vigente()
	if v == nil {
		return rc
	}
	if g, ok := r.Unico(); ok && g == v.Candidatura {
		return rc
	}
	rc.Revoca = v.Folio
	if n, err := c.constanciaPara(r, e); err == nil {
		rc.Nueva = &n
	}
	return rc
}

// comprobarRecalculo checks that a recorded recalculation revokes the constancia in force,
// and only it.
func (c *cierre) comprobarRecalculo(rc Recalculo) error {
	v := c.vigente()
	switch {
	case rc.Revoca != "" && (v == nil || v.Folio != rc.Revoca):
		return datosErrorf("la constancia %s no es la vigente", rc.Revoca)
	case rc.Nueva != nil && rc.Revoca == "":
		return datosErrorf("una nueva constancia requiere revocar la vigente")
	}
	return nil
}

// aplicarRecalculo records new results and their consequences on the constancias.
func (c *cierre) aplicarRecalculo(rc Recalculo, e Evento) {
	c.fijarResultado(rc.Resultado)
	if rc.Revoca == "" {
		return
	}
	v := c.vigente()
	v.Revocada, v.RevocadaCuando, v.RevocadaCausa = true, e.Cuando, e.Causa
	if rc.Nueva == nil {
		// No winner now (a tie for first place): the declaration of validity named the
		// revoked winner and stands no more; the council declares it again, and issues the
		// constancia, once a correction gives a winner. The log keeps the first one.
		c.fase, c.validez = FaseResultados, nil
		return
	}
	v.SustituidaPor = rc.Nueva.Folio
	c.constancias = append(c.constancias, *rc.Nueva)
}

// Constancias returns every constancia issued, the revoked ones included, in order.
func (c *cierre) Constancias() []Constancia {
	out := slices.Clone(c.constancias)
	for i := range out {
		out[i].Partidos = slices.Clone(out[i].Partidos)
	}
	return out
}

// Validez returns the declaration of validity, if made.
func (c *cierre) Validez() (Validez, bool) {
	if c.validez == nil {
		return Validez{}, false
	}
	return *c.validez, true
}

// Sorteos returns every draw recorded, in order.
func (c *cierre) Sorteos() []SorteoRegistro { return slices.Clone(c.sorteos) }
