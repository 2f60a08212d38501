package computo

import (
	"maps"
	"slices"
	"time"
)

// CasillaComputo is what a session knows of one casilla: its package, cotejo, recount
// decision, recount, votos reservados, corrections, and the figures that enter the sum.
type CasillaComputo struct {
	Casilla
	Paquete      *Paquete
	Cotejo       *Cotejo
	Dictamen     *Dictamen
	Recuento     *Recuento
	Reservados   []DecisionReservados
	Correcciones []Correccion
	Votos        Votos
	Fuente       Fuente
}

// Casilla returns what the session knows of casilla id.
func (s *Sesion) Casilla(id string) (CasillaComputo, bool) {
	c, err := s.casilla(id)
	if err != nil {
		return CasillaComputo{}, false
	}
	return s.vista(c), true
}

// Casillas returns every casilla of the session, in the order it was opened with.
func (s *Sesion) Casillas() []CasillaComputo {
	out := make([]CasillaComputo, len(s.casillas))
	for i, c := range s.casillas {
		out[i] = s.vista(c)
	}
	return out
}

// vista copies a casilla's state, so that callers cannot change the session.
func (s *Sesion) vista(c *casillaEstado) CasillaComputo {
	v, f := s.figuras(c)
	out := CasillaComputo{Casilla: c.Casilla, Votos: v, Fuente: f,
		Reservados: slices.Clone(c.reservados), Correcciones: slices.Clone(c.correcciones)}
	if c.paquete != nil {
		p := *c.paquete
		out.Paquete = &p
	}
	if c.cotejo != nil {
		k := *c.cotejo
		if k.Acta != nil {
			a := clonarActa(*k.Acta)
			k.Acta = &a
		}
		out.Cotejo = &k
	}
	if c.dictamen != nil {
		d := *c.dictamen
		d.Causas = slices.Clone(d.Causas)
		out.Dictamen = &d
	}
	if c.recuento != nil {
		r := *c.recuento
		r.Votos = maps.Clone(r.Votos)
		out.Recuento = &r
	}
	return out
}

// RecuentoActa is one recounted casilla as the acta de cómputo lists it.
type RecuentoActa struct {
	Casilla    string
	Clave      string
	Grupo      int
	Causas     []Causa
	Reservados int64
}

// GrupoActa is the result of one grupo de trabajo: the casillas it recounted and their
// votes (LGIPE art. 311.6); the pleno sums the groups' actas (art. 311.7).
type GrupoActa struct {
	Grupo    int
	Casillas int
	Votos    Votos
}

// CorreccionActa is one change after the results, as the acta lists it: of a casilla's
// figures, or of a district's acta in the state cómputo.
type CorreccionActa struct {
	Casilla string
	Cambios Votos
	Causa   string
	Quien   string
	Cuando  time.Time
	// Revoca and Nueva are the folios of the constancia revoked and of the one issued, if
	// the winner changed.
	Revoca string
	Nueva  string
}

// ActaComputo is the content of the acta de cómputo of a council: the casillas, the
// recounts and their causes, the results by column, party and candidacy, the split, the
// winner, the corrections, the declaration of validity and the constancias.
type ActaComputo struct {
	Definicion Definicion
	// Estatal marks the Consejo General's state cómputo; Reparto its split level and
	// Partes the district actas it summed.
	Estatal bool
	Reparto NivelReparto
	Partes  []ActaDistrital
	// Fecha is the time of the results (of the first cómputo).
	Fecha     time.Time
	Resultado ResultadoComputo
	// CasillasEsperadas and NoInstaladas count the casillas of the unit.
	CasillasEsperadas int
	NoInstaladas      int
	Recuentos         []RecuentoActa
	Grupos            []GrupoActa
	Planes            []PlanRecuento
	RecuentoTotal     *RecuentoTotal
	Sorteos           []SorteoRegistro
	Correcciones      []CorreccionActa
	Validez           *Validez
	Constancias       []Constancia
}

// Acta returns the content of the session's acta de cómputo, once it has results.
func (s *Sesion) Acta() (ActaComputo, error) {
	r, ok := s.Resultado()
	if !ok {
		return ActaComputo{}, secuenciaErrorf("el cómputo de %s aún no tiene resultados",
			s.def.contienda())
	}
	a := ActaComputo{Definicion: s.def, Resultado: r, CasillasEsperadas: len(s.casillas),
		RecuentoTotal: s.recuentoTotal, Sorteos: s.Sorteos(), Constancias: s.Constancias(),
		Correcciones: correcciones(s.eventos)}
	if v, ok := s.Validez(); ok {
		a.Validez = &v
	}
	for _, p := range []*PlanRecuento{s.planParcial, s.planTotal} {
		if p != nil {
			a.Planes = append(a.Planes, *p)
		}
	}
	grupos := map[int]*GrupoActa{}
	for _, c := range s.casillas {
		if c.paquete.NoInstalada {
			a.NoInstaladas++
		}
		if c.recuento == nil {
			continue
		}
		a.Recuentos = append(a.Recuentos, RecuentoActa{Casilla: c.ID, Clave: c.Clave,
			Grupo: c.recuento.Grupo, Causas: slices.Clone(c.dictamen.Causas),
			Reservados: c.recuento.Reservados})
		g := grupos[c.recuento.Grupo]
		if g == nil {
			g = &GrupoActa{Grupo: c.recuento.Grupo, Votos: Votos{}}
			grupos[c.recuento.Grupo] = g
		}
		g.Casillas++
		v, _ := s.figuras(c)
		for col, n := range v {
			g.Votos[col] += n
		}
	}
	for _, k := range slices.Sorted(maps.Keys(grupos)) {
		a.Grupos = append(a.Grupos, *grupos[k])
	}
	a.Fecha = fechaComputo(s.eventos)
	return a, nil
}

// Acta returns the content of the state acta de cómputo, once it has results.
func (c *ComputoEstatal) Acta() (ActaComputo, error) {
	r, ok := c.Resultado()
	if !ok {
		return ActaComputo{}, secuenciaErrorf("el cómputo estatal aún no tiene resultados")
	}
	a := ActaComputo{Definicion: c.def.Definicion, Estatal: true, Reparto: c.def.Reparto,
		Partes: c.Actas(), Resultado: r, Sorteos: c.Sorteos(), Constancias: c.Constancias(),
		Correcciones: correcciones(c.eventos), Fecha: fechaComputo(c.eventos)}
	for _, p := range a.Partes {
		a.CasillasEsperadas += p.Casillas
	}
	if v, ok := c.Validez(); ok {
		a.Validez = &v
	}
	return a, nil
}

// fechaComputo is the time of the first results of a log.
func fechaComputo(eventos []Evento) time.Time {
	for _, e := range eventos {
		if e.Tipo == EventoComputo {
			return e.Cuando
		}
	}
	return time.Time{}
}

// correcciones lists the changes after the results recorded in a log.
func correcciones(eventos []Evento) []CorreccionActa {
	var out []CorreccionActa
	for _, e := range eventos {
		if e.Recalculo == nil {
			continue
		}
		k := CorreccionActa{Casilla: e.Casilla, Causa: e.Causa, Quien: e.Quien,
			Cuando: e.Cuando, Revoca: e.Recalculo.Revoca}
		if e.Correccion != nil {
			k.Cambios = maps.Clone(e.Correccion.Cambios)
		}
		if e.Distrital != nil {
			k.Cambios = maps.Clone(e.Distrital.Votos)
		}
		if e.Recalculo.Nueva != nil {
			k.Nueva = e.Recalculo.Nueva.Folio
		}
		out = append(out, k)
	}
	return out
}
