package sintetico

import (
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
)

// casilla is one casilla of a sección (or the voto anticipado or extranjero "casilla" of a
// distrito or entidad), with what its actas of the three elections share: its voters'
// preferences, its turnout and the fate drawn for its actas.
type casilla struct {
	seccion string // four digits, or N/A
	tipo    string // B, C, E, S, A, M
	id      string // ID_CASILLA: two digits, or N/A
	ext     string // EXT_CONTIGUA
	ubic    string
	lista   int64
	reps    acta.Value
	pref    [8]float64
	votos   int64
	clase   clase
}

// claveCasilla is CLAVE_CASILLA: entidad, sección, type, number and EXT_CONTIGUA (RULES.md
// §4.3); voto anticipado and extranjero actas have sección 0000.
func (c *casilla) claveCasilla(ent string) string {
	sec, id := c.seccion, c.id
	switch c.tipo {
	case "A":
		sec, id = "0000", "01"
	case "M":
		sec, id = "0000", "00"
	}
	return ent + sec + c.tipo + id + c.ext
}

// sacarClase draws the class of an acta from the shares of the profile.
func sacarClase(z *azar) clase {
	u := z.float()
	for k := clase(0); k < numClases; k++ {
		if u < cuotaClase[k] {
			return k
		}
		u -= cuotaClase[k]
	}
	return claseNormal
}

// claseDeActa is the class of one acta of the casilla: the casilla's, or with the
// complement of persistencia, one of its own. Voto anticipado, extranjero and especial
// actas are never EXCEDE LISTA NOMINAL here: the first two are exempt or bound by a large
// lista (RULES.md §2.1), and the votes of an especial are far from its 1,000.
func claseDeActa(z *azar, c *casilla) clase {
	k := c.clase
	if !z.prob(persistencia) {
		k = sacarClase(z)
	}
	if k == claseExcede && c.tipo != "B" && c.tipo != "C" && c.tipo != "E" {
		k = claseNormal
	}
	return k
}

// actaCtx is where an acta is: its entidad, distrito and what runs there.
type actaCtx struct {
	ent       Entidad
	distrito  string // three digits, N/A for the extranjero acta
	nombre    string
	corren    []bool // the vote columns that run in the distrito
	sinCombos []bool // the same without the combinations: the RP actas of especiales
}

// llenar builds into a the acta of election e of casilla c, of type tipoActa.
func (g *generador) llenar(a *acta.Acta, e Eleccion, x *actaCtx, c *casilla, tipoActa string) {
	z := g.z
	*a = acta.Acta{Votos: a.Votos[:0], Extra: a.Extra[:0]}
	a.ClaveCasilla = c.claveCasilla(x.ent.ID)
	a.ClaveActa = a.ClaveCasilla + tipoActa
	a.IDEntidad, a.Entidad = x.ent.ID, x.ent.Nombre
	a.UnidadID, a.Unidad = x.distrito, x.nombre
	a.Seccion, a.IDCasilla, a.TipoCasilla = c.seccion, c.id, c.tipo
	a.ExtContigua, a.Ubicacion, a.TipoActa = c.ext, c.ubic, tipoActa
	a.ListaNominal, a.Representantes = acta.Num(c.lista), c.reps
	for range columnasVoto {
		a.Votos = append(a.Votos, acta.Value{})
	}
	corren := x.corren
	if len(tipoActa) > 2 && tipoActa[len(tipoActa)-2:] == "RP" {
		corren = x.sinCombos // RP ballots have no coalition boxes (RULES.md §4.5)
	}
	switch k := claseDeActa(z, c); k {
	case claseNoRegistrada:
		g.noRegistrada(a, c)
	case claseNoEntregado, claseSinBolsa, claseNoInstalada:
		g.sinActa(a, k)
	default:
		g.conCifras(a, c, k, corren)
	}
	for i, corre := range corren {
		if !corre && a.Votos[i].Kind != acta.SinActa {
			a.Votos[i] = acta.Value{Kind: acta.Guion}
		}
	}
}

var (
	guion   = acta.Value{Kind: acta.Guion}
	na      = acta.Value{Kind: acta.NA}
	sinDato = acta.Value{Kind: acta.SinDato}
	sinActa = acta.Value{Kind: acta.SinActa}
)

// noRegistrada fills an acta the PREP had not registered at the cut: every capture cell "-"
// (RULES.md §4.5, first meaning).
func (g *generador) noRegistrada(a *acta.Acta, c *casilla) {
	for i := range a.Totales {
		a.Totales[i] = guion
	}
	if c.tipo == "A" || c.tipo == "M" {
		a.Totales[acta.BoletasSobrantes], a.Totales[acta.RepresentantesVotaron] = na, na
	}
	for i := range a.Votos {
		a.Votos[i] = guion
	}
	a.TotalAsentado = guion
	a.Mecanismo, a.CodigoIntegridad, a.Origen, a.Digitalizacion = "-", "-", "-", "-"
	a.TipoDocumento = "-"
	s := acta.Stamp{Special: guion}
	a.Acopio, a.Captura, a.Verificacion = s, s, s
}

// sinActa fills an acta whose Acta PREP did not arrive, with its reason.
func (g *generador) sinActa(a *acta.Acta, k clase) {
	for i := range a.Totales {
		a.Totales[i] = sinActa
	}
	for i := range a.Votos {
		a.Votos[i] = sinActa
	}
	a.TotalAsentado = sinActa
	a.MotivoSinActa = map[clase]acta.Flags{claseNoEntregado: acta.FlagPaqueteNoEntregado,
		claseSinBolsa: acta.FlagPaqueteSinBolsa, claseNoInstalada: acta.FlagCasillaNoInstalada}[k]
	a.Mecanismo, a.CodigoIntegridad, a.TipoDocumento = "N/A", "N/A", "N/A"
	a.Origen, a.Digitalizacion = "CATD", "ESCANER"
	s := acta.Stamp{Special: na}
	a.Acopio, a.Captura, a.Verificacion = s, s, s
}

// conCifras fills an acta captured with figures: its votes spread over the columns that
// run, then the findings of its class applied to them, then its TOTAL_* cells.
func (g *generador) conCifras(a *acta.Acta, c *casilla, k clase, corren []bool) {
	z := g.z
	total := c.votos
	if k == claseExcede {
		bound := float64(c.lista + c.reps.Votes())
		total = int64(math.Floor(bound*excede.sacar(z))) + 1
	}
	votos := g.votos[:len(columnasVoto)]
	repartir(z, total, c.pref[:len(bloques)], corren, votos)
	for i, v := range votos {
		a.Votos[i] = acta.Num(v)
	}
	switch k {
	case claseAlgun:
		g.algun(a, corren)
	case claseTodos:
		bad := sinDato
		if z.prob(todosIlegible) {
			bad = acta.Value{Kind: acta.Ilegible}
		}
		for i := range a.Votos {
			a.Votos[i] = bad
		}
	}
	g.totales(a, c, k == claseTodos)
	g.imagen(a, c)
}

// algun makes some vote cells illegible or blank, never all of them (see perfil.go).
func (g *generador) algun(a *acta.Acta, corren []bool) {
	z := g.z
	malo := func() acta.Value {
		if z.prob(algunIlegible) {
			return acta.Value{Kind: acta.Ilegible}
		}
		return sinDato
	}
	combo := func(i int) bool { return esCombinacion(i) || columnasVoto[i] == "NO_REGISTRADAS" }
	if z.prob(algunUnaCelda) {
		want := z.prob(algunUnaCombinacion)
		var cand []int
		for i, corre := range corren {
			if corre && combo(i) == want {
				cand = append(cand, i)
			}
		}
		a.Votos[cand[z.intn(len(cand))]] = malo()
		return
	}
	malos, buenos := 0, 0
	for i, corre := range corren {
		if !corre {
			continue
		}
		p := algunOtras
		if combo(i) {
			p = algunCombinaciones
		}
		if z.prob(p) {
			a.Votos[i] = malo()
			malos++
		} else {
			buenos++
		}
	}
	if malos == 0 {
		a.Votos[15] = malo() // NO_REGISTRADAS, the cell most often blank
	}
	if buenos == 0 {
		a.Votos[6] = acta.Num(0)
	}
}

// totales fills the TOTAL_* cells from the votes, with the blanks and the differences the
// profile measured; on an acta without legible votes (todos) they are nearly all blank.
func (g *generador) totales(a *acta.Acta, c *casilla, todos bool) {
	z := g.z
	calc := acta.TotalCalculado(a.Votos)
	cifra := func(sinDatoProb, difiere float64, dif Tabla) acta.Value {
		if todos && z.prob(sinDatoTodos) || !todos && z.prob(sinDatoProb) {
			return sinDato
		}
		n := calc
		if z.prob(difiere) {
			n += int64(math.Round(dif.sacar(z)))
		}
		return acta.Num(max(n, 0))
	}
	a.TotalAsentado = cifra(sinDatoAsentado, difiereAsentado, difAsentado)
	a.Totales[acta.PersonasVotaron] = cifra(sinDatoPersonas, difierePersonas, difPersonas)
	a.Totales[acta.VotosSacados] = cifra(sinDatoSacados, difiereSacados, difSacados)
	switch c.tipo {
	case "M":
		for i := range a.Totales {
			a.Totales[i] = na
		}
		return
	case "A":
		a.Totales[acta.BoletasSobrantes], a.Totales[acta.RepresentantesVotaron] = na, na
		return
	}
	if todos && z.prob(sinDatoTodos) || !todos && z.prob(sinDatoRepVotaron) {
		a.Totales[acta.RepresentantesVotaron] = sinDato
	} else {
		a.Totales[acta.RepresentantesVotaron] = acta.Num(int64(math.Round(repVotaron.sacar(z))))
	}
	if todos && z.prob(sinDatoTodos) || !todos && z.prob(sinDatoSobrantes) {
		a.Totales[acta.BoletasSobrantes] = sinDato
		return
	}
	recibidas := c.lista
	if c.tipo == "S" {
		recibidas = representantesEspecial
	}
	n := recibidas + int64(math.Round(sobrantes.sacar(z))) - calc
	a.Totales[acta.BoletasSobrantes] = acta.Num(max(n, 0))
}

// imagen fills what the digitalización gives an acta with figures: its código de
// integridad, where it was digitized and when it was received, captured and verified.
func (g *generador) imagen(a *acta.Acta, c *casilla) {
	z := g.z
	a.Mecanismo = "F"
	a.CodigoIntegridad = g.hash()
	a.Origen, a.Digitalizacion, a.TipoDocumento = "CATD", "ESCANER", "ACTA PREP"
	if z.prob(desdeCasilla) {
		a.Origen, a.Digitalizacion = "CASILLA", "MOVIL"
	}
	switch c.tipo {
	case "A":
		a.TipoDocumento = "ACTA VA"
	case "M":
		a.TipoDocumento = "ACTA VMRE"
	}
	t := g.jornada.Add(segundos(acopio.sacar(z)))
	a.Acopio = g.stamp(t)
	t = t.Add(segundos(captura.sacar(z)))
	a.Captura = g.stamp(t)
	a.Verificacion = g.stamp(t.Add(segundos(verificacion.sacar(z))))
}

func segundos(s float64) time.Duration { return time.Duration(s) * time.Second }

// stamp is a FECHA_HORA_* cell at t, never after the cut.
func (g *generador) stamp(t time.Time) acta.Stamp {
	if t.After(g.hora) {
		t = g.hora
	}
	return acta.Stamp{T: t}
}

// hash is a random código de integridad: 64 hexadecimal digits.
func (g *generador) hash() string {
	var raw [32]byte
	for i := 0; i < 4; i++ {
		v := g.z.uint64()
		for k := 0; k < 8; k++ {
			raw[i*8+k] = byte(v >> (8 * k))
		}
	}
	return hex.EncodeToString(raw[:])
}

// filaTabla appends the row of the baseline table of an acta (see EscribirTabla).
func filaTabla(b []byte, codigo string, a *acta.Acta, cfg acta.Config) []byte {
	b = append(b, codigo...)
	b = append(b, ',')
	b = append(b, a.IDEntidad...)
	b = append(b, ',')
	b = append(b, a.UnidadID...)
	b = append(b, ',')
	b = append(b, a.Seccion...)
	b = append(b, ',')
	b = append(b, a.TipoCasilla...)
	b = append(b, ',')
	if e := a.Efectiva(cfg).Estado; e != acta.NoRegistrada {
		b = append(b, e.String()...)
	}
	for _, v := range a.Votos {
		b = append(b, ',')
		if v.Kind == acta.Number {
			b = strconv.AppendInt(b, v.N, 10)
		}
	}
	return append(b, '\n')
}

// tablaColumnas is the header of the baseline table.
func tablaColumnas() string {
	s := "eleccion,id_entidad,id_distrito,seccion,tipo_casilla,contabilizada"
	for _, c := range columnasVoto {
		s += "," + c
	}
	return s + "\n"
}
