package computo

import (
	"maps"
	"sort"
	"strings"
)

// Paquete is the record of a casilla's package as the council receives it.
type Paquete struct {
	// NoInstalada: the casilla was not installed, so there is no package and no vote.
	NoInstalada bool
	// Alterado: the package shows signs of alteration; it is opened after every package
	// without them (LGIPE art. 311.1.e).
	Alterado bool
	// ActaEnPaquete: the acta de escrutinio y cómputo is in the expediente of the casilla;
	// CopiaPresidente: the council's president holds a copy (LGIPE art. 311.1.a-b).
	ActaEnPaquete   bool
	CopiaPresidente bool
	// Observaciones are what the council notes about the package, if anything.
	Observaciones string
}

// descripcion says in Spanish how the package arrived.
func (p Paquete) descripcion() string {
	if p.NoInstalada {
		return "casilla no instalada"
	}
	var partes []string
	if p.Alterado {
		partes = append(partes, "paquete con muestras de alteración")
	} else {
		partes = append(partes, "paquete sin muestras de alteración")
	}
	switch {
	case p.ActaEnPaquete && p.CopiaPresidente:
		partes = append(partes, "acta en el expediente y copia del presidente")
	case p.ActaEnPaquete:
		partes = append(partes, "acta en el expediente, sin copia del presidente")
	case p.CopiaPresidente:
		partes = append(partes, "solo la copia del presidente")
	default:
		partes = append(partes, "sin acta en el expediente ni copia del presidente")
	}
	if p.Observaciones != "" {
		partes = append(partes, p.Observaciones)
	}
	return strings.Join(partes, "; ")
}

// RegistrarPaquete records how the package of casilla id arrived. Every package is
// registered before the first cotejo, so that the order of the session is known: those
// without signs of alteration first, in casilla order, then the altered ones (LGIPE art.
// 311.1.a, e).
func (s *Sesion) RegistrarPaquete(quien, id string, p Paquete) error {
	e := s.evento(EventoPaquete, quien, id)
	e.Paquete = &p
	e.Causa = p.descripcion()
	return s.registrar(e)
}

func (s *Sesion) aplicarPaquete(e Evento) error {
	if err := s.enFase("registrar un paquete", FaseRegistro); err != nil {
		return err
	}
	c, err := s.casilla(e.Casilla)
	switch {
	case err != nil:
		return err
	case e.Paquete == nil:
		return datosErrorf("falta el registro del paquete de la casilla %s", e.Casilla)
	case c.paquete != nil:
		return secuenciaErrorf("el paquete de la casilla %s ya está registrado", e.Casilla)
	case e.Paquete.NoInstalada && (e.Paquete.Alterado || e.Paquete.ActaEnPaquete ||
		e.Paquete.CopiaPresidente):
		return datosErrorf("casilla %s: una casilla no instalada no tiene paquete, acta ni "+
			"copia; desmarque lo que no corresponde", e.Casilla)
	case e.Paquete.NoInstalada && c.PREP != nil && c.PREP.Contabilizada:
		return datosErrorf("casilla %s: el PREP contabilizó su acta, así que se instaló; "+
			"registre su paquete", e.Casilla)
	}
	p := *e.Paquete
	c.paquete = &p
	s.registrados++
	if s.registrados == len(s.casillas) {
		s.ordenar()
	}
	return nil
}

// ordenar fixes the legal order of the cotejos once every package is registered: packages
// without signs of alteration, then those with them (LGIPE art. 311.1.a, e), and the
// casillas especiales last when the configuration says so (art. 311.1.g); within each
// group, the order of the casillas as given. Casillas not installed have no cotejo.
func (s *Sesion) ordenar() {
	grupo := func(c *casillaEstado) int {
		g := 0
		if c.paquete.Alterado {
			g = 1
		}
		if s.def.Config.EspecialesAlFinal && c.especial() {
			g += 2
		}
		return g
	}
	s.orden = s.orden[:0]
	for i, c := range s.casillas {
		if !c.paquete.NoInstalada {
			s.orden = append(s.orden, i)
		}
	}
	sort.SliceStable(s.orden, func(i, j int) bool {
		return grupo(s.casillas[s.orden[i]]) < grupo(s.casillas[s.orden[j]])
	})
	s.fase = FaseCotejo
	if len(s.orden) == 0 {
		s.fase = FaseRecuento
	}
}

// Cotejo is what the council finds when it compares a casilla's acta with the president's
// copy.
type Cotejo struct {
	// Confirma: the council confirms the figures pre-filled from the PREP capture (the
	// recorded event then leaves Acta empty: the figures are those of the apertura). When
	// false, Acta holds the figures the council reads.
	Confirma bool
	Acta     *ActaCasilla
	// Coinciden: the acta in the expediente and the president's copy agree (when both
	// exist).
	Coinciden bool
	// ActaAlterada: the acta shows evident alterations that create reasonable doubt.
	ActaAlterada bool
	// Aclaracion says how the council cleared inconsistencies with other elements (LGIPE
	// art. 311.1.d.I).
	Aclaracion string
	// Consejo are causes for recounting the casilla that the council adds.
	Consejo []CausaConsejo
}

// Cotejar records the cotejo of casilla id and the recount decision it leads to, found by
// Revisar with the council's own causes (RULES.md §6.2). Casillas are compared one after
// another in the order of Siguiente.
func (s *Sesion) Cotejar(quien, id string, c Cotejo) (Dictamen, error) {
	if err := s.enFase("cotejar un acta", FaseCotejo); err != nil {
		return Dictamen{}, err
	}
	cas, err := s.casilla(id)
	if err != nil {
		return Dictamen{}, err
	}
	if err := s.esSiguiente(cas); err != nil {
		return Dictamen{}, err
	}
	c, err = s.resolverCotejo(cas, c)
	if err != nil {
		return Dictamen{}, err
	}
	x := expediente(cas, c)
	if lim, sinLista := s.def.Limite(cas.Casilla); !sinLista {
		x.Limite = lim // the PREP's EXCEDE LISTA NOMINAL, for casillas with a lista
	}
	d := Revisar(x, s.def.configRecuento())
	e := s.evento(EventoCotejo, quien, id)
	registro := c
	if c.Confirma {
		registro.Acta = nil
	}
	e.Cotejo, e.Dictamen = &registro, &d
	e.Causa = textoDictamen(d)
	return d, s.registrar(e)
}

// esSiguiente refuses to compare a casilla out of its turn.
func (s *Sesion) esSiguiente(c *casillaEstado) error {
	next, ok := s.Siguiente()
	switch {
	case c.paquete != nil && c.paquete.NoInstalada:
		return secuenciaErrorf("la casilla %s no se instaló: no tiene acta que cotejar", c.ID)
	case c.cotejo != nil:
		return secuenciaErrorf("el acta de la casilla %s ya fue cotejada", c.ID)
	case !ok || next != c.ID:
		return secuenciaErrorf("corresponde cotejar la casilla %s: los paquetes se abren en "+
			"el orden numérico de las casillas, primero los que no tienen muestras de "+
			"alteración (LGIPE art. 311.1.a, e)", next)
	}
	return nil
}

// resolverCotejo fills in the figures of a cotejo: the PREP's when the council confirms
// them, and checks that there are figures exactly when there is an acta to read.
func (s *Sesion) resolverCotejo(c *casillaEstado, k Cotejo) (Cotejo, error) {
	hayActa := c.paquete.ActaEnPaquete || c.paquete.CopiaPresidente
	switch {
	case !hayActa && (k.Confirma || k.Acta != nil):
		return k, datosErrorf("la casilla %s no tiene acta en el expediente ni copia del "+
			"presidente: no hay cifras que cotejar", c.ID)
	case !hayActa:
		return k, nil
	case k.Confirma && k.Acta != nil:
		return k, datosErrorf("casilla %s: confirme las cifras del PREP o registre las que "+
			"lee el consejo, no ambas", c.ID)
	case k.Confirma && (c.PREP == nil || !c.PREP.Capturada):
		return k, datosErrorf("la casilla %s no tiene captura del PREP que confirmar: "+
			"registre las cifras que lee el consejo", c.ID)
	case k.Confirma:
		a := clonarActa(c.PREP.Acta)
		k.Acta = &a
	case k.Acta == nil:
		return k, datosErrorf("casilla %s: registre las cifras que lee el consejo o "+
			"confirme las del PREP", c.ID)
	default:
		a := clonarActa(*k.Acta)
		k.Acta = &a
	}
	if err := validarMaximosActa(c.ID, *k.Acta); err != nil {
		return k, err
	}
	return k, s.validarActa(c.ID, *k.Acta)
}

// validarActa checks that the figures read name every contender column of the unit, and
// only those.
func (s *Sesion) validarActa(id string, a ActaCasilla) error {
	want := s.def.contendientes()
	for col := range a.Votos {
		if !want[col] {
			return datosErrorf("casilla %s: %s no es una columna de votos de este cómputo",
				id, col)
		}
	}
	for _, col := range s.def.Columnas {
		if _, ok := a.Votos[col]; want[col] && !ok {
			return datosErrorf("casilla %s: faltan los votos de %s", id, col)
		}
	}
	return nil
}

// contendientes are the vote columns of parties, combinations and independents.
func (d Definicion) contendientes() map[string]bool {
	out := map[string]bool{}
	for _, col := range d.Columnas {
		if col != ColumnaNulos && col != ColumnaNoRegistradas && col != ColumnaNoRegistrados {
			out[col] = true
		}
	}
	return out
}

func clonarActa(a ActaCasilla) ActaCasilla {
	a.Votos = maps.Clone(a.Votos)
	return a
}

// expediente gathers what Revisar needs about one casilla.
func expediente(c *casillaEstado, k Cotejo) Expediente {
	e := Expediente{Casilla: c.ID, PaqueteAlterado: c.paquete.Alterado,
		ActaEnPaquete: c.paquete.ActaEnPaquete, CopiaPresidente: c.paquete.CopiaPresidente,
		ActasCoinciden: k.Coinciden, ActaAlterada: k.ActaAlterada, Aclaracion: k.Aclaracion,
		Consejo: k.Consejo}
	if k.Acta != nil {
		e.Acta = *k.Acta
	}
	return e
}

// textoDictamen says the decision and its causes in Spanish, for the log.
func textoDictamen(d Dictamen) string {
	if !d.Recontar {
		return "las actas coinciden y no hay causa de recuento: se asientan sus resultados " +
			"(LGIPE art. 311.1.a)"
	}
	var cs []string
	for _, c := range d.Causas {
		t := c.Descripcion
		if c.Detalle != "" {
			t += " (" + c.Detalle + ")"
		}
		cs = append(cs, t+"; "+c.Fundamento)
	}
	return "se recuenta la casilla: " + strings.Join(cs, " | ")
}

func (s *Sesion) aplicarCotejo(e Evento) error {
	if err := s.enFase("cotejar un acta", FaseCotejo); err != nil {
		return err
	}
	c, err := s.casilla(e.Casilla)
	if err != nil {
		return err
	}
	if err := s.esSiguiente(c); err != nil {
		return err
	}
	if e.Cotejo == nil || e.Dictamen == nil {
		return datosErrorf("al cotejo de la casilla %s le falta su dictamen", e.Casilla)
	}
	k, d := *e.Cotejo, *e.Dictamen
	if k.Confirma {
		k.Acta = nil
		var err error
		if k, err = s.resolverCotejo(c, k); err != nil {
			return err
		}
	}
	c.cotejo, c.dictamen = &k, &d
	s.siguiente++
	if s.siguiente == len(s.orden) {
		s.fase = FaseRecuento
	}
	return nil
}

// AgregarCausa adds a cause of the council's own to recount casilla id, after its cotejo
// and before its recount (RULES.md §6.2: the council may add a cause). It returns the new
// decision.
func (s *Sesion) AgregarCausa(quien, id string, causa CausaConsejo) (Dictamen, error) {
	c, err := s.casilla(id)
	if err != nil {
		return Dictamen{}, err
	}
	if err := s.puedeAgregarCausa(c, causa); err != nil {
		return Dictamen{}, err
	}
	d := *c.dictamen
	d.Causas = append(append([]Causa(nil), d.Causas...), causa.Causa())
	d.Recontar = true
	e := s.evento(EventoCausa, quien, id)
	e.CausaConsejo, e.Dictamen = &causa, &d
	e.Causa = causa.Texto
	return d, s.registrar(e)
}

func (s *Sesion) puedeAgregarCausa(c *casillaEstado, causa CausaConsejo) error {
	if err := s.enFase("agregar una causa de recuento", FaseCotejo, FaseRecuento); err != nil {
		return err
	}
	switch {
	case c.dictamen == nil:
		return secuenciaErrorf("la casilla %s aún no se coteja", c.ID)
	case c.recuento != nil:
		return secuenciaErrorf("la casilla %s ya fue recontada", c.ID)
	case strings.TrimSpace(causa.Texto) == "":
		return datosErrorf("casilla %s: escriba la causa que el consejo determina", c.ID)
	}
	return nil
}

func (s *Sesion) aplicarCausa(e Evento) error {
	c, err := s.casilla(e.Casilla)
	if err != nil {
		return err
	}
	if e.CausaConsejo == nil || e.Dictamen == nil {
		return datosErrorf("a la causa de la casilla %s le falta su texto o su dictamen",
			e.Casilla)
	}
	if err := s.puedeAgregarCausa(c, *e.CausaConsejo); err != nil {
		return err
	}
	d := *e.Dictamen
	c.dictamen = &d
	return nil
}
