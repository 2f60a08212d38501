package sintetico

import (
	"fmt"
	"math"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/opendata"
)

// coalicionParcial is the chance that, in a distrito, one party of a coalition runs apart
// from it in the Diputaciones Federales: 2 of the 26 distritos of the Puebla Diputaciones
// Locales file (007 and 013) had such a partial coalition, their combinations with that
// party "-" in every acta (RULES.md §4.5).
const coalicionParcial = 2.0 / 26

// apartables are the parties that may run apart from their coalition: not the one that
// heads it (PAN, MORENA).
var apartables = []int{1, 2, 3, 4} // PRI, PRD, PVEM, PT

// todasCorren is the list of vote columns with every one running.
func todasCorren() []bool {
	out := make([]bool, len(columnasVoto))
	for i := range out {
		out[i] = true
	}
	return out
}

// sinCombinaciones is corren with the combinations taken out.
func sinCombinaciones(corren []bool) []bool {
	out := append([]bool(nil), corren...)
	for i := range out {
		if esCombinacion(i) {
			out[i] = false
		}
	}
	return out
}

// entidad generates the rows of one entidad: its extranjero actas, then distrito by distrito
// its voto anticipado acta, the casillas of each sección and its casillas especiales.
func (g *generador) entidad(e Entidad, plan []distritoPlan) *trozo {
	t := &trozo{distritos: len(plan)}
	var esc [3]*opendata.Escritor
	for k := range Elecciones {
		var err error
		if esc[k], err = opendata.NuevoEscritor(&t.filas[k], g.defs[k], config); err != nil {
			t.err = err
			return t
		}
	}
	todas := todasCorren()
	media := mediaNacional()
	ext := &casilla{seccion: "N/A", tipo: "M", id: "N/A", ext: "00", ubic: "1", reps: na,
		lista: int64(math.Round(listaExtranjero * float64(e.Distritos)))}
	copy(ext.pref[:], media)
	ext.votos = int64(math.Round(float64(ext.lista) * participacionExtranjero))
	ext.clase = sacarClase(g.z)
	x := &actaCtx{ent: e, distrito: "N/A", nombre: "N/A", corren: todas,
		sinCombos: sinCombinaciones(todas)}
	for k, el := range Elecciones {
		if el.Extranjero {
			g.escribir(t, esc, k, x, ext)
		}
	}
	t.candidaturas[1] = candidaturasFilas(Elecciones[1], e.ID, "", todas)
	seccion := 1
	for _, d := range plan {
		seccion = g.distrito(t, esc, e, d, seccion, media)
	}
	return t
}

// distrito generates the rows of one distrito, whose secciones are numbered from primera,
// and returns the number of the next sección of the entidad.
func (g *generador) distrito(t *trozo, esc [3]*opendata.Escritor, e Entidad, d distritoPlan,
	primera int, media []float64) int {
	z := g.z
	var pref [8]float64
	preferencias(z, media, func(b *bloque) float64 { return b.alfaDistrito }, pref[:])
	todas := todasCorren()
	x := &actaCtx{ent: e, distrito: fmt.Sprintf("%03d", d.numero),
		nombre: nombreDistrito(e, d.numero), corren: todas, sinCombos: sinCombinaciones(todas)}
	dip := &actaCtx{ent: e, distrito: x.distrito, nombre: x.nombre, corren: todas,
		sinCombos: x.sinCombos}
	if z.prob(coalicionParcial) {
		dip.corren = aparte(apartables[z.intn(len(apartables))])
	}
	t.candidaturas[2] = append(t.candidaturas[2],
		candidaturasFilas(Elecciones[2], e.ID, x.distrito, dip.corren)...)
	ctxs := [3]*actaCtx{x, x, dip}

	nueva := func(tipo, sec, id, ext string) *casilla {
		c := &casilla{tipo: tipo, seccion: sec, id: id, ext: ext, ubic: "2"}
		if tipo == "A" || z.prob(urbana[tipo]) {
			c.ubic = "1"
		}
		preferencias(z, pref[:len(bloques)], func(b *bloque) float64 { return b.alfaCasilla },
			c.pref[:len(bloques)])
		c.clase = sacarClase(z)
		g.cifras(c)
		return c
	}
	casillas := func(c *casilla) {
		for k := range Elecciones {
			g.escribir(t, esc, k, ctxs[k], c)
		}
	}
	if z.prob(anticipadoPorDistrito) {
		casillas(nueva("A", "N/A", "N/A", "00"))
	}
	for s := 0; s < d.secciones; s++ {
		sec := fmt.Sprintf("%04d", primera+s)
		casillas(nueva("B", sec, "01", "00"))
		nE, nC := casillasDeSeccion(z)
		for i := 1; i <= nC; i++ {
			casillas(nueva("C", sec, fmt.Sprintf("%02d", i), "00"))
		}
		for i := 0; i < nE; i++ {
			casillas(nueva("E", sec, "01", fmt.Sprintf("%02d", i)))
		}
		t.casillas += 1 + nC + nE
	}
	porSeccion := map[int]int{}
	for range g.especiales(d.secciones) {
		s := primera + z.intn(d.secciones)
		porSeccion[s]++
		casillas(nueva("S", fmt.Sprintf("%04d", s), fmt.Sprintf("%02d", porSeccion[s]), "00"))
		t.casillas++
	}
	t.secciones += d.secciones
	return primera + d.secciones
}

// especiales draws how many casillas especiales a distrito of that many secciones has:
// especialesPorDistrito on average, in proportion to the distrito's share of a full-scale
// one.
func (g *generador) especiales(secciones int) int {
	media := especialesPorDistrito * min(1, float64(secciones)/(SeccionesNacional/300.0))
	n := int(media)
	if g.z.prob(media - float64(n)) {
		n++
	}
	return n
}

// aparte is the list of vote columns running when party i runs apart from its coalition:
// every column but the combinations that include it.
func aparte(i int) []bool {
	out := todasCorren()
	for k := range columnasVoto {
		if esCombinacion(k) && incluye(k, i) {
			out[k] = false
		}
	}
	return out
}

// cifras draws the lista nominal, representatives and votes of a casilla.
func (g *generador) cifras(c *casilla) {
	z := g.z
	reps := int64(representantesPorPartido * len(partidos))
	c.reps = acta.Num(reps)
	switch c.tipo {
	case "B":
		c.lista = int64(math.Round(listaB.sacar(z)))
	case "C":
		c.lista = int64(math.Round(listaC.sacar(z)))
	case "E":
		c.lista = int64(math.Round(listaE.sacar(z)))
	case "A":
		c.lista, c.reps = int64(math.Round(listaA.sacar(z))), na
	case "S":
		c.reps = acta.Num(representantesEspecial)
		c.votos = int64(math.Round(votosEspecial.sacar(z)))
		return
	}
	// The turnout stays within the lista nominal and the representatives, so that only
	// the EXCEDE class exceeds it.
	v := int64(math.Round(float64(c.lista) * participacion.sacar(z)))
	c.votos = min(v, c.lista+c.reps.Votes())
}

// escribir writes the actas of election k of casilla c: one, or one per TIPO_ACTA of an
// especial.
func (g *generador) escribir(t *trozo, esc [3]*opendata.Escritor, k int, x *actaCtx,
	c *casilla) {
	if t.err != nil {
		return
	}
	e := Elecciones[k]
	tipos := []string{e.TipoActa}
	if c.tipo == "S" {
		tipos = e.TipoActaEspecial
	}
	for _, tipo := range tipos {
		a := &g.actas[k]
		g.llenar(a, e, x, c, tipo)
		if err := esc[k].Fila(a); err != nil {
			t.err = err
			return
		}
		t.resumen[k].Add(a, a.Efectiva(config))
		t.actas[k]++
		if g.op.Tabla {
			g.fila = filaTabla(g.fila[:0], e.Codigo, a, config)
			t.tabla.Write(g.fila)
		}
	}
}

// fueraDeCatalogo generates n fuera-de-catálogo rows, the same in the three files: images
// that matched no acta carry only their entidad, código de integridad, acopio and origin
// (RULES.md §4.5).
func (g *generador) fueraDeCatalogo(n int) *trozo {
	t := &trozo{}
	var esc [3]*opendata.Escritor
	for k := range Elecciones {
		var err error
		if esc[k], err = opendata.NuevoEscritor(&t.filas[k], g.defs[k], config); err != nil {
			t.err = err
			return t
		}
	}
	for range n {
		e := Entidades[g.z.intn(len(Entidades))]
		a := &acta.Acta{IDEntidad: e.ID, Entidad: e.Nombre, Ubicacion: "3", Mecanismo: "-",
			CodigoIntegridad: g.hash(), Origen: "CASILLA", Digitalizacion: "MOVIL",
			TipoDocumento: "ACTA PREP", Votos: make([]acta.Value, len(columnasVoto))}
		a.Acopio = g.stamp(g.jornada.Add(segundos(acopio.sacar(g.z))))
		for k, el := range Elecciones {
			if err := esc[k].Fila(a); err != nil {
				t.err = err
				return t
			}
			t.resumen[k].Add(a, a.Efectiva(config))
			t.actas[k]++
			if g.op.Tabla {
				g.fila = filaTabla(g.fila[:0], el.Codigo, a, config)
				t.tabla.Write(g.fila)
			}
		}
	}
	return t
}
