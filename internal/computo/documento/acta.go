package documento

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
)

// ActaPDF writes the acta de cómputo of a council as PDF: the casillas, the recounts with
// their causes, the results by column, the split of combinations by party, the votes of
// each candidacy, nulos, no registradas and total, the winner, the corrections, the
// declaration of validity and the constancias. Every total is written in numbers and in
// words.
func ActaPDF(w io.Writer, a computo.ActaComputo) error { return actaPDF(w, a, true) }

// actaPDF is ActaPDF with the page streams compressed or not; tests read them plain.
func actaPDF(w io.Writer, a computo.ActaComputo, compress bool) error {
	d := a.Definicion
	h := nuevaHoja(tituloActa(a), d.Simulacro, compress, fechaActa(a))
	h.encabezado(d.Instituto, d.Proceso, d.Consejo)
	h.titulo(tituloActa(a))
	h.parrafo(fmt.Sprintf("%s. Resultados del cómputo: %s.", unidad(a), Fecha(a.Fecha)))
	h.casillas(a)
	h.columnas(a)
	h.reparto(a)
	h.candidaturas(a)
	h.ganador(a)
	h.recuentos(a)
	h.partes(a)
	h.correcciones(a)
	h.cierre(a)
	h.firmas("Presidencia del consejo", "Secretaría del consejo")
	return h.escribir(w, "acta de cómputo "+d.Unidad)
}

// fechaActa is the time of the latest fact an acta states: its results, a correction, the
// declaration of validity, a constancia issued or revoked.
func fechaActa(a computo.ActaComputo) time.Time {
	t := a.Fecha
	tarde := func(x time.Time) {
		if x.After(t) {
			t = x
		}
	}
	for _, c := range a.Correcciones {
		tarde(c.Cuando)
	}
	if a.Validez != nil {
		tarde(a.Validez.Declarada)
	}
	for _, k := range a.Constancias {
		tarde(k.Expedida)
		tarde(k.RevocadaCuando)
	}
	return t
}

// tituloActa names the acta by its council.
func tituloActa(a computo.ActaComputo) string {
	e := strings.ToUpper(a.Definicion.EleccionNombre)
	switch {
	case a.Estatal:
		return "ACTA DE CÓMPUTO ESTATAL DE LA ELECCIÓN DE " + e
	case a.Definicion.Organo == computo.ConsejoDistrital:
		return "ACTA DE CÓMPUTO DISTRITAL DE LA ELECCIÓN DE " + e
	case a.Definicion.Organo == computo.ConsejoMunicipal:
		return "ACTA DE CÓMPUTO MUNICIPAL DE LA ELECCIÓN DE " + e
	}
	return "ACTA DE CÓMPUTO DE LA ELECCIÓN DE " + e
}

// unidad names the unit of the cómputo.
func unidad(a computo.ActaComputo) string {
	d := a.Definicion
	switch {
	case a.Estatal:
		return fmt.Sprintf("Entidad %s %s", d.Unidad, d.UnidadNombre)
	case d.Organo == computo.ConsejoDistrital:
		return fmt.Sprintf("Distrito electoral local %s %s", d.Unidad, d.UnidadNombre)
	case d.Organo == computo.ConsejoMunicipal:
		return fmt.Sprintf("Municipio %s %s", d.Unidad, d.UnidadNombre)
	}
	return strings.TrimSpace(d.Unidad + " " + d.UnidadNombre)
}

func (h *hoja) casillas(a computo.ActaComputo) {
	r := a.Resultado
	h.seccion("Casillas")
	if a.Estatal {
		h.parrafo(fmt.Sprintf("Se suman %d actas de cómputo, con %s casillas computadas, de "+
			"las cuales %s fueron objeto de recuento.", len(a.Partes), Miles(int64(r.Casillas)),
			Miles(int64(r.Recontadas))))
		return
	}
	h.parrafo(fmt.Sprintf("Casillas de la unidad: %s. No instaladas: %s. Computadas: %s, de "+
		"las cuales %s se computaron por cotejo de actas (LGIPE art. 311.1.a) y %s fueron "+
		"objeto de nuevo escrutinio y cómputo (LGIPE art. 311.1.b y d).",
		Miles(int64(a.CasillasEsperadas)), Miles(int64(a.NoInstaladas)),
		Miles(int64(r.Casillas)), Miles(int64(r.Casillas-r.Recontadas)),
		Miles(int64(r.Recontadas))))
	for _, p := range a.Planes {
		h.parrafo("Recuento: " + p.Explicacion + ".")
	}
	if rt := a.RecuentoTotal; rt != nil {
		h.parrafo("Recuento total (" + rt.Fundamento + "): " + rt.Explicacion + ".")
	}
}

// columnas writes the unit's votes per column of the acta.
func (h *hoja) columnas(a computo.ActaComputo) {
	h.seccion("Resultados por columna del acta (antes de distribuir las combinaciones)")
	var filas [][]string
	for _, col := range a.Definicion.Columnas {
		n := a.Resultado.Votos[col]
		filas = append(filas, []string{col, Miles(n), EnLetras(n)})
	}
	h.tabla([]float64{0.3, 0.15, 0.55}, "LRL", []string{"Columna", "Votos", "Con letra"},
		filas)
}

// reparto writes the split of the combinations among the parties (RULES.md §5).
func (h *hoja) reparto(a computo.ActaComputo) {
	r := a.Resultado
	h.seccion("Distribución de los votos de las combinaciones entre los partidos")
	nivel := "la suma de la unidad, nunca casilla por casilla (LGIPE art. 311.1.c)"
	if a.Estatal {
		nivel = fmt.Sprintf("el nivel %s (RULES.md Q-6, por confirmar)", a.Reparto)
	}
	h.parrafo("Los votos de cada combinación se distribuyen igualitariamente entre sus " +
		"partidos sobre " + nivel + "; la fracción se asigna a los partidos de más alta " +
		"votación y los empates, por sorteo.")
	var filas [][]string
	for _, p := range partidos(a) {
		propios, total := r.Votos[p], r.Distribucion.Partidos[p]
		filas = append(filas, []string{p, Miles(propios), Miles(total - propios), Miles(total),
			EnLetras(total)})
	}
	h.tabla([]float64{0.12, 0.14, 0.17, 0.12, 0.45}, "LRRRL", []string{"Partido",
		"Votos propios", "De combinaciones", "Total", "Total con letra"}, filas)
	for _, s := range a.Sorteos {
		h.nota(fmt.Sprintf("Sorteo en %s: %s; empatados %s; %d lugar(es) para %s.", s.Unidad,
			s.Motivo, lista(s.Empatados), s.Lugares, lista(s.Ganadores)))
	}
}

// partidos lists the parties of the acta's columns, in column order.
func partidos(a computo.ActaComputo) []string {
	var out []string
	for _, col := range a.Definicion.Columnas {
		if _, ok := a.Resultado.Distribucion.Partidos[col]; ok {
			out = append(out, col)
		}
	}
	return out
}

// candidaturas writes the votes of each candidacy, nulos, no registradas and the total.
func (h *hoja) candidaturas(a computo.ActaComputo) {
	r := a.Resultado
	h.seccion("Votación por candidatura")
	var filas [][]string
	for _, c := range r.Candidaturas {
		k := candidato(a.Definicion, c.Candidatura)
		filas = append(filas, []string{nombre(k), lista(k.Partidos), Miles(c.Votos),
			EnLetras(c.Votos)})
	}
	filas = append(filas,
		[]string{"Candidaturas no registradas", "", Miles(r.NoRegistradas),
			EnLetras(r.NoRegistradas)},
		[]string{"Votos nulos", "", Miles(r.Nulos), EnLetras(r.Nulos)},
		[]string{"Votación total emitida", "", Miles(r.Total), EnLetras(r.Total)})
	h.tabla([]float64{0.27, 0.2, 0.12, 0.41}, "LLRL", []string{"Candidatura", "Partidos",
		"Votos", "Con letra"}, filas)
	h.parrafo("Votación total emitida: " + Cifra(r.Total) + " votos. Votación válida " +
		"emitida: " + Cifra(r.Valida) + " votos.")
}

func candidato(d computo.Definicion, id string) computo.Candidato {
	for _, c := range d.Candidaturas {
		if c.ID == id {
			return c
		}
	}
	return computo.Candidato{ID: id}
}

func nombre(c computo.Candidato) string {
	if c.Nombre != "" {
		return c.Nombre
	}
	return c.ID
}

// ganador writes the outcome: the winner and its margin, or the tie.
func (h *hoja) ganador(a computo.ActaComputo) {
	g := a.Resultado.Ganador
	h.seccion("Resultado")
	if g.Empate {
		var ns []string
		for _, id := range g.Candidaturas {
			ns = append(ns, nombre(candidato(a.Definicion, id)))
		}
		h.parrafo(fmt.Sprintf("Empate en el primer lugar entre %s, con %s votos cada una. El "+
			"empate queda registrado; no se declara candidatura ganadora.", lista(ns),
			Cifra(g.Votos)))
		return
	}
	if len(g.Candidaturas) == 0 {
		h.parrafo("No hay votos: no hay candidatura ganadora.")
		return
	}
	k := candidato(a.Definicion, g.Candidaturas[0])
	s := fmt.Sprintf("La candidatura de %s, postulada por %s, obtuvo la mayoría de votos: %s.",
		nombre(k), lista(k.Partidos), Cifra(g.Votos))
	if g.Segundo != "" {
		s += fmt.Sprintf(" El segundo lugar, %s, obtuvo %s. Diferencia: %s votos, %s puntos "+
			"porcentuales de la votación total emitida.", nombre(candidato(a.Definicion,
			g.Segundo)), Cifra(g.VotosSegundo), Cifra(g.Diferencia),
			puntos(g.Diferencia, a.Resultado.Total))
	}
	h.parrafo(s)
}

// puntos writes 100·n/d with two decimals, truncated, on integers.
func puntos(n, d int64) string {
	if d == 0 {
		return "0.00"
	}
	q := n * 10000 / d
	return fmt.Sprintf("%d.%02d", q/100, q%100)
}

// recuentos lists the recounted casillas with their causes and group.
func (h *hoja) recuentos(a computo.ActaComputo) {
	if a.Estatal {
		return
	}
	h.seccion(fmt.Sprintf("Casillas objeto de recuento (%d)", len(a.Recuentos)))
	if len(a.Recuentos) == 0 {
		h.parrafo("Ninguna casilla fue objeto de recuento.")
		return
	}
	var filas [][]string
	causas := map[computo.CodigoCausa]computo.Causa{}
	for _, r := range a.Recuentos {
		var cs []string
		for _, c := range r.Causas {
			cs = append(cs, string(c.Codigo))
			causas[c.Codigo] = c
		}
		grupo := "pleno"
		if r.Grupo > 0 {
			grupo = fmt.Sprintf("grupo %d", r.Grupo)
		}
		filas = append(filas, []string{r.Clave, grupo, strings.Join(cs, ", "),
			Miles(r.Reservados)})
	}
	h.tabla([]float64{0.2, 0.12, 0.56, 0.12}, "LLLR", []string{"Casilla", "Recuento",
		"Causas", "Reservados"}, filas)
	h.leyendaCausas(causas)
	if len(a.Grupos) > 1 || (len(a.Grupos) == 1 && a.Grupos[0].Grupo > 0) {
		var gs [][]string
		for _, g := range a.Grupos {
			var total int64
			for _, n := range g.Votos {
				total += n
			}
			nombre := "Pleno"
			if g.Grupo > 0 {
				nombre = fmt.Sprintf("Grupo de trabajo %d", g.Grupo)
			}
			gs = append(gs, []string{nombre, Miles(int64(g.Casillas)), Miles(total)})
		}
		h.parrafo("Resultados de los grupos de trabajo, sumados en el pleno (LGIPE art. " +
			"311.6-7):")
		h.tabla([]float64{0.4, 0.3, 0.3}, "LRR", []string{"Grupo", "Casillas",
			"Votación total"}, gs)
	}
}

// leyendaCausas explains each cause code used, with its legal basis.
func (h *hoja) leyendaCausas(causas map[computo.CodigoCausa]computo.Causa) {
	codes := make([]string, 0, len(causas))
	for c := range causas {
		codes = append(codes, string(c))
	}
	sort.Strings(codes)
	for _, c := range codes {
		k := causas[computo.CodigoCausa(c)]
		s := fmt.Sprintf("%s: %s (%s)", c, k.Descripcion, k.Fundamento)
		if k.PorConfirmar {
			s += " [por confirmar]"
		}
		h.nota(s + ".")
	}
}

// partes lists the district actas summed by the state cómputo.
func (h *hoja) partes(a computo.ActaComputo) {
	if !a.Estatal {
		return
	}
	h.seccion("Actas de cómputo distrital sumadas (LGIPE art. 320.1.a, por analogía)")
	var filas [][]string
	for _, p := range a.Partes {
		var total int64
		for _, n := range p.Votos {
			total += n
		}
		mayoria := ""
		if len(p.Ganador.Candidaturas) > 0 {
			mayoria = nombre(candidato(a.Definicion, p.Ganador.Candidaturas[0]))
		}
		filas = append(filas, []string{p.Unidad, p.UnidadNombre, Miles(int64(p.Casillas)),
			Miles(int64(p.Recontadas)), Miles(total), mayoria})
	}
	h.tabla([]float64{0.09, 0.25, 0.11, 0.12, 0.14, 0.29}, "LLRRRL", []string{"Unidad",
		"Nombre", "Casillas", "Recontadas", "Votación", "Mayoría"}, filas)
}

// correcciones lists the changes after the results.
func (h *hoja) correcciones(a computo.ActaComputo) {
	if len(a.Correcciones) == 0 {
		return
	}
	h.seccion("Correcciones posteriores a los resultados")
	for _, k := range a.Correcciones {
		s := fmt.Sprintf("%s, %s: %s.", Fecha(k.Cuando), k.Casilla, k.Causa)
		if !a.Estatal && len(k.Cambios) > 0 {
			var cs []string
			for _, col := range a.Definicion.Columnas {
				if n, ok := k.Cambios[col]; ok {
					cs = append(cs, fmt.Sprintf("%s %s", col, Miles(n)))
				}
			}
			s += " Cifras corregidas: " + strings.Join(cs, ", ") + "."
		}
		if k.Revoca != "" {
			s += " Cambia la candidatura ganadora: se revoca la constancia " + k.Revoca
			if k.Nueva != "" {
				s += " y se expide la constancia " + k.Nueva
			}
			s += "."
		}
		h.parrafo(s)
	}
}

// cierre writes the declaration of validity and the constancias.
func (h *hoja) cierre(a computo.ActaComputo) {
	if a.Validez == nil && len(a.Constancias) == 0 {
		if !a.Definicion.Declara {
			h.nota("Este consejo no declara la validez de la elección: remite su acta de " +
				"cómputo al Consejo General.")
		}
		return
	}
	h.seccion("Declaración de validez y constancia de mayoría")
	if v := a.Validez; v != nil {
		h.parrafo(fmt.Sprintf("Por acuerdo %s, el %s se declaró la validez de la elección y la "+
			"elegibilidad de la candidatura ganadora (%s [por confirmar]).", v.Acuerdo,
			Fecha(v.Declarada), v.Fundamento))
	}
	for _, k := range a.Constancias {
		s := fmt.Sprintf("Constancia de mayoría %s expedida el %s a %s, con %s votos.",
			k.Folio, Fecha(k.Expedida), k.Propietaria, Cifra(k.Votos))
		if k.Revocada {
			s += fmt.Sprintf(" REVOCADA el %s: %s.", Fecha(k.RevocadaCuando), k.RevocadaCausa)
		}
		h.parrafo(s)
	}
}
