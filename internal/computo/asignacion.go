package computo

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
)

// MetodoAsignacion names the formula of an RP assignment made in session.
type MetodoAsignacion string

// The RP assignments a Puebla process makes in session (RULES.md §7.2-7.3).
const (
	// MetodoCongresoPuebla assigns the RP diputaciones of the Congress of Puebla over the
	// district cómputos (AsignarPuebla): the Consejo General, after the 26 consejos
	// distritales conclude (CIPEEP art. 321; RULES.md §6.1 [to confirm]).
	MetodoCongresoPuebla MetodoAsignacion = "congreso-puebla"
	// MetodoRegidurias assigns the RP regidurías of one ayuntamiento over its municipal
	// cómputo (AsignarRegidurias; RULES.md §7.3 [to confirm]).
	MetodoRegidurias MetodoAsignacion = "regidurias"
)

// DefinicionAsignacion defines an RP assignment made in session: who makes it, for which
// contest, with which formula, and the cómputos whose concluded results it takes.
type DefinicionAsignacion struct {
	// Instituto, Proceso, Consejo and Organo head its documents, as in Definicion.
	Instituto string
	Proceso   string
	Consejo   string
	Organo    Organo
	// Eleccion is the election whose cómputos are taken; EleccionNombre names the seats
	// assigned ("Diputaciones de representación proporcional").
	Eleccion       string
	EleccionNombre string
	// Unidad is where the seats are assigned: the entidad, or the municipio.
	Unidad       string
	UnidadNombre string
	Simulacro    bool
	Metodo       MetodoAsignacion
	// Partes name the cómputos taken (the staff application's session ids): for the
	// Congress every district's and those of the RP actas of the casillas especiales; for
	// the regidurías, the municipio's.
	Partes []string
	// Puebla configures MetodoCongresoPuebla; Regidurias, MetodoRegidurias (its number of
	// regidurías is stated when the assignment is opened).
	Puebla     ConfigPuebla     `json:",omitzero"`
	Regidurias ConfigRegidurias `json:",omitzero"`
}

func (d *DefinicionAsignacion) validar() error {
	switch {
	case d.Consejo == "" || d.Eleccion == "" || d.Unidad == "":
		return datosErrorf("la asignación debe nombrar el consejo, la elección y la unidad")
	case len(d.Partes) == 0:
		return datosErrorf("la asignación no toma ningún cómputo")
	case d.Metodo == MetodoCongresoPuebla && (d.Puebla.EscanosRP <= 0 ||
		d.Puebla.Umbral == nil || d.Puebla.Margen == nil):
		return datosErrorf("la configuración de la asignación del Congreso está incompleta")
	case d.Metodo == MetodoRegidurias && len(d.Partes) != 1:
		return datosErrorf("las regidurías de un municipio se asignan sobre su cómputo " +
			"municipal, uno solo")
	case d.Metodo == MetodoRegidurias && (d.Regidurias.Regidurias <= 0 ||
		d.Regidurias.Regidurias > maxRegidurias || d.Regidurias.Umbral == nil):
		return datosErrorf("el número de regidurías de representación proporcional debe "+
			"ser de 1 a %d", maxRegidurias)
	case d.Metodo != MetodoCongresoPuebla && d.Metodo != MetodoRegidurias:
		return datosErrorf("método de asignación desconocido %q", d.Metodo)
	}
	seen := map[string]bool{}
	for _, p := range d.Partes {
		if p == "" || seen[p] {
			return datosErrorf("el cómputo %q está vacío o repetido entre los que se toman", p)
		}
		seen[p] = true
	}
	return nil
}

// maxRegidurias bounds the RP regidurías of one municipio: the largest ayuntamientos of
// Puebla have a few.
const maxRegidurias = 30

// RegistroAsignacion is one assignment made: the figures it took, the seats and the
// explanation, and whether a later one replaced it.
type RegistroAsignacion struct {
	// Numero counts the assignments of the session, from 1.
	Numero  int
	Acuerdo string
	Cuando  time.Time
	// Versiones are the versions (number of events) of the cómputos taken.
	Versiones map[string]int
	Votacion  VotacionRP
	// Ganadora lists, for the regidurías, the parties of the winning planilla.
	Ganadora  []string `json:",omitempty"`
	Resultado AsignacionRP
	// Sustituida marks an assignment replaced by a later one (Numero SustituidaPor), after
	// a correction of a cómputo or of the siglado changed its figures.
	Sustituida    bool
	SustituidaPor int    `json:",omitempty"`
	Causa         string `json:",omitempty"`
}

// Asignacion is an RP assignment made in session by a council, as a log of events like
// Sesion: opened over the cómputos it takes, with the siglado the Congress needs, then
// each assignment agreed. Seats are assigned on complete data only: every cómputo taken
// concluded. When a correction changes the figures of a cómputo after an assignment, the
// assignment no longer matches them (Cambios) and the council agrees a new one, which
// replaces it; the earlier stays in the record.
type Asignacion struct {
	def          DefinicionAsignacion
	reloj        func() time.Time
	eventos      []Evento
	siglado      Siglado
	asignaciones []RegistroAsignacion
}

// NuevaAsignacion opens the RP assignment of def.
func NuevaAsignacion(def DefinicionAsignacion, quien string,
	reloj func() time.Time) (*Asignacion, error) {
	a := &Asignacion{reloj: reloj}
	if a.reloj == nil {
		a.reloj = time.Now
	}
	e := a.evento(EventoAperturaAsignacion, quien)
	e.Asignacion = &def
	e.Causa = "apertura de la asignación de " + strings.ToLower(def.EleccionNombre)
	return a, a.registrar(e)
}

// ReconstruirAsignacion rebuilds an assignment from its log.
func ReconstruirAsignacion(eventos []Evento, reloj func() time.Time) (*Asignacion, error) {
	a := &Asignacion{reloj: reloj}
	if a.reloj == nil {
		a.reloj = time.Now
	}
	if err := reproducir(eventos, a.registrar, "de la asignación"); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Asignacion) evento(tipo TipoEvento, quien string) Evento {
	return Evento{Secuencia: len(a.eventos) + 1, Tipo: tipo, Quien: quien, Cuando: a.reloj()}
}

func (a *Asignacion) registrar(e Evento) error {
	if err := comprobarEvento(e, len(a.eventos)); err != nil {
		return err
	}
	var err error
	switch e.Tipo {
	case EventoAperturaAsignacion:
		err = a.abrir(e.Asignacion)
	case EventoSiglado:
		err = a.aplicarSiglado(e)
	case EventoAsignacion:
		err = a.aplicarAsignacion(e)
	default:
		err = datosErrorf("evento %q no corresponde a una asignación", e.Tipo)
	}
	if err != nil {
		return err
	}
	a.eventos = append(a.eventos, e)
	return nil
}

func (a *Asignacion) abrir(def *DefinicionAsignacion) error {
	if def == nil {
		return datosErrorf("falta la definición de la asignación")
	}
	if err := def.validar(); err != nil {
		return err
	}
	a.def = *def
	a.def.Partes = slices.Clone(def.Partes)
	return nil
}

// Definicion returns the definition of the assignment.
func (a *Asignacion) Definicion() DefinicionAsignacion { return a.def }

// Eventos returns a copy of the log, to be stored; do not modify its payloads.
func (a *Asignacion) Eventos() []Evento { return slices.Clone(a.eventos) }

// NumeroEventos returns the length of the log: its version, which only grows.
func (a *Asignacion) NumeroEventos() int { return len(a.eventos) }

// Siglado returns the siglado recorded, nil when none.
func (a *Asignacion) Siglado() Siglado { return a.siglado }

// Asignaciones returns every assignment made, the replaced ones included, in order.
func (a *Asignacion) Asignaciones() []RegistroAsignacion { return slices.Clone(a.asignaciones) }

// Vigente returns the assignment in force, if any.
func (a *Asignacion) Vigente() (RegistroAsignacion, bool) {
	if n := len(a.asignaciones); n > 0 {
		return a.asignaciones[n-1], true
	}
	return RegistroAsignacion{}, false
}

// Fase returns FaseRegistro before the first assignment, FaseConcluida after it.
func (a *Asignacion) Fase() Fase {
	if len(a.asignaciones) > 0 {
		return FaseConcluida
	}
	return FaseRegistro
}

// RegistrarSiglado records the siglado of the coalition candidacies: to which party the MR
// seat of each counts for the limits (CIPEEP art. 321 a); RULES.md §5). causa says where it
// comes from (the registration agreement) or why it replaces an earlier one.
func (a *Asignacion) RegistrarSiglado(quien string, s Siglado, causa string) error {
	e := a.evento(EventoSiglado, quien)
	e.Siglado, e.Causa = clonarSiglado(s), strings.TrimSpace(causa)
	if a.siglado != nil && e.Causa == "" {
		return datosErrorf("ya hay un siglado registrado: indique por qué se sustituye")
	}
	if e.Causa == "" {
		e.Causa = "registro del siglado de las candidaturas de coalición"
	}
	return a.registrar(e)
}

func (a *Asignacion) aplicarSiglado(e Evento) error {
	switch {
	case a.def.Metodo != MetodoCongresoPuebla:
		return datosErrorf("el siglado solo se registra en la asignación del Congreso")
	case len(e.Siglado) == 0:
		return datosErrorf("el siglado no trae ninguna candidatura")
	}
	a.siglado = clonarSiglado(e.Siglado)
	return nil
}

func clonarSiglado(s Siglado) Siglado {
	if s == nil {
		return nil
	}
	out := Siglado{}
	for u, m := range s {
		out[u] = maps.Clone(m)
	}
	return out
}

// Votacion gathers the assignment's input from the cómputos it takes, by their names in
// Partes: the votes by party after each unit's split and the MR seats by siglado. It
// reports the cómputos missing or not concluded; seats are assigned only when there are
// none.
func (a *Asignacion) Votacion(partes map[string]*Sesion) (VotacionRP, []string, error) {
	var sesiones []*Sesion
	var faltan []string
	for _, p := range a.def.Partes {
		s := partes[p]
		if s == nil || !s.Concluida() {
			faltan = append(faltan, p)
			continue
		}
		sesiones = append(sesiones, s)
	}
	v, err := votacionDe(sesiones, a.siglado, a.def.Metodo == MetodoCongresoPuebla)
	v.Completa = v.Completa && len(faltan) == 0
	return v, faltan, err
}

// Asignar agrees the assignment over the concluded cómputos partes, named as in Partes:
// the first, or a new one that replaces the one in force because its figures changed
// (Cambios). acuerdo is the council's agreement; sorteo settles ties.
func (a *Asignacion) Asignar(quien, acuerdo string, partes map[string]*Sesion,
	sorteo Sorteo) (RegistroAsignacion, error) {
	acuerdo = strings.TrimSpace(acuerdo)
	if acuerdo == "" {
		return RegistroAsignacion{}, datosErrorf("indique el acuerdo del consejo que aprueba " +
			"la asignación")
	}
	v, faltan, err := a.Votacion(partes)
	switch {
	case len(faltan) > 0:
		return RegistroAsignacion{}, secuenciaErrorf("las asignaciones se hacen con los "+
			"cómputos concluidos: faltan %d (%s)", len(faltan), primeros(faltan, 5))
	case err != nil:
		return RegistroAsignacion{}, err
	}
	r := RegistroAsignacion{Numero: len(a.asignaciones) + 1, Acuerdo: acuerdo,
		Votacion: v, Versiones: map[string]int{}}
	for _, p := range a.def.Partes {
		r.Versiones[p] = partes[p].NumeroEventos()
	}
	if vig, ok := a.Vigente(); ok {
		cambios := diferencias(vig, r)
		if len(cambios) == 0 {
			return RegistroAsignacion{}, secuenciaErrorf("la asignación vigente ya se hizo " +
				"con estas cifras: ningún cómputo ni el siglado cambió desde entonces")
		}
		r.Causa = "nueva asignación: " + strings.Join(cambios, "; ")
	}
	if r.Resultado, r.Ganadora, err = a.calcular(v, partes, sorteo); err != nil {
		return RegistroAsignacion{}, err
	}
	e := a.evento(EventoAsignacion, quien)
	r.Cuando = e.Cuando
	e.Registro, e.Causa = &r, causaAsignacion(r)
	return r, a.registrar(e)
}

// causaAsignacion states an assignment in its event: the seats by party.
func causaAsignacion(r RegistroAsignacion) string {
	var seats []string
	for _, f := range r.Resultado.Filas {
		if f.RP > 0 {
			seats = append(seats, fmt.Sprintf("%s %d", f.Partido, f.RP))
		}
	}
	txt := fmt.Sprintf("asignación %d (%s): %s", r.Numero, r.Acuerdo, strings.Join(seats, ", "))
	if r.Causa != "" {
		txt += "; " + r.Causa
	}
	return txt
}

// calcular applies the formula of the assignment.
func (a *Asignacion) calcular(v VotacionRP, partes map[string]*Sesion,
	sorteo Sorteo) (AsignacionRP, []string, error) {
	if a.def.Metodo == MetodoCongresoPuebla {
		cfg := a.def.Puebla
		cfg.Sorteo = sorteo
		r, err := AsignarPuebla(v, cfg)
		return r, nil, err
	}
	s := partes[a.def.Partes[0]]
	k := s.vigente()
	if k == nil {
		return AsignacionRP{}, nil, secuenciaErrorf("el cómputo de %s no tiene una "+
			"constancia de mayoría vigente: sin planilla ganadora no se asignan las "+
			"regidurías", a.def.UnidadNombre)
	}
	cfg := a.def.Regidurias
	cfg.Sorteo = sorteo
	m := VotacionMunicipio{Municipio: a.def.UnidadNombre, Votacion: v,
		Ganadora: slices.Clone(k.Partidos)}
	r, err := AsignarRegidurias(m, cfg)
	return r, m.Ganadora, err
}

// Cambios says what changed, in the cómputos taken or the siglado, since the assignment in
// force was made: nothing when none is in force, or when the cómputos are not all
// concluded (a correction under way).
func (a *Asignacion) Cambios(partes map[string]*Sesion) []string {
	vig, ok := a.Vigente()
	if !ok {
		return nil
	}
	v, faltan, err := a.Votacion(partes)
	if len(faltan) > 0 {
		return []string{fmt.Sprintf("%d cómputos tomados no están concluidos (%s)",
			len(faltan), primeros(faltan, 5))}
	}
	if err != nil {
		return []string{err.Error()}
	}
	return diferencias(vig, RegistroAsignacion{Votacion: v})
}

// diferencias lists, in Spanish, how the figures of b differ from those of a.
func diferencias(a, b RegistroAsignacion) []string {
	if reflect.DeepEqual(a.Votacion, b.Votacion) {
		return nil
	}
	var out []string
	antes := map[string]PartidoRP{}
	for _, p := range append(slices.Clone(a.Votacion.Partidos), a.Votacion.Independientes...) {
		antes[p.Partido] = p
	}
	for _, p := range append(slices.Clone(b.Votacion.Partidos), b.Votacion.Independientes...) {
		x := antes[p.Partido]
		if x.Votos != p.Votos {
			out = append(out, fmt.Sprintf("%s pasa de %s a %s votos", p.Partido,
				miles(x.Votos), miles(p.Votos)))
		}
		if x.MR != p.MR {
			out = append(out, fmt.Sprintf("%s pasa de %d a %d diputaciones de mayoría",
				p.Partido, x.MR, p.MR))
		}
	}
	if a.Votacion.Nulos != b.Votacion.Nulos {
		out = append(out, fmt.Sprintf("los votos nulos pasan de %s a %s",
			miles(a.Votacion.Nulos), miles(b.Votacion.Nulos)))
	}
	if a.Votacion.NoRegistradas != b.Votacion.NoRegistradas {
		out = append(out, fmt.Sprintf("los votos por candidaturas no registradas pasan de "+
			"%s a %s", miles(a.Votacion.NoRegistradas), miles(b.Votacion.NoRegistradas)))
	}
	if len(out) == 0 {
		out = append(out, "cambió la votación de los cómputos tomados")
	}
	return out
}

func (a *Asignacion) aplicarAsignacion(e Evento) error {
	r := e.Registro
	switch {
	case r == nil:
		return datosErrorf("falta la asignación")
	case r.Numero != len(a.asignaciones)+1:
		return datosErrorf("la asignación %d llega en el lugar %d", r.Numero,
			len(a.asignaciones)+1)
	case strings.TrimSpace(r.Acuerdo) == "":
		return datosErrorf("la asignación %d no indica su acuerdo", r.Numero)
	case !r.Votacion.Completa:
		return datosErrorf("la asignación %d se hizo sin los cómputos concluidos", r.Numero)
	case len(a.asignaciones) > 0 && r.Causa == "":
		return datosErrorf("la asignación %d sustituye a la vigente sin decir por qué",
			r.Numero)
	}
	reg := *r
	reg.Resultado.reparar()
	if n := len(a.asignaciones); n > 0 {
		a.asignaciones[n-1].Sustituida = true
		a.asignaciones[n-1].SustituidaPor = reg.Numero
	}
	a.asignaciones = append(a.asignaciones, reg)
	return nil
}

// reparar restores what an assignment read back from its stored form lacks: the seats of
// each reparto, which its rows need to give their remainders.
func (r *AsignacionRP) reparar() {
	for i := range r.Repartos {
		for j := range r.Repartos[i].Filas {
			r.Repartos[i].Filas[j].escanos = r.Repartos[i].Escanos
		}
	}
}
