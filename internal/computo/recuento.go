package computo

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
)

// CodigoCausa identifies a cause for recounting one casilla.
type CodigoCausa string

// The causes for recounting one casilla (RULES.md §6.2).
const (
	// CausaActasNoCoinciden: the acta in the package and the president's copy differ (LGIPE
	// art. 311.1.b).
	CausaActasNoCoinciden CodigoCausa = "actas-no-coinciden"
	// CausaActaAlterada: evident alterations of the acta create reasonable doubt (LGIPE art.
	// 311.1.b).
	CausaActaAlterada CodigoCausa = "acta-alterada"
	// CausaSinActa: no acta in the package nor with the president (LGIPE art. 311.1.b).
	CausaSinActa CodigoCausa = "sin-acta"
	// CausaPaqueteAlterado: the package arrived with signs of alteration [to confirm: INE
	// Bases generales para los cómputos; LGIPE art. 311.1.e only orders such packages last].
	CausaPaqueteAlterado CodigoCausa = "paquete-alterado"
	// CausaErrorEvidente: the rubros fundamentales disagree without explanation (LGIPE art.
	// 311.1.d.I; rubros per INE Bases generales [to confirm]).
	CausaErrorEvidente CodigoCausa = "error-evidente"
	// CausaRubroIlegible: a rubro fundamental or a vote figure is blank or illegible without
	// explanation (LGIPE art. 311.1.d.I; INE Bases generales [to confirm]).
	CausaRubroIlegible CodigoCausa = "rubro-ilegible"
	// CausaNulosMayorDiferencia: null votes exceed the difference between first and second
	// place in the casilla (LGIPE art. 311.1.d.II).
	CausaNulosMayorDiferencia CodigoCausa = "nulos-mayor-diferencia"
	// CausaVotosUnPartido: every vote went to one party (LGIPE art. 311.1.d.III).
	CausaVotosUnPartido CodigoCausa = "votos-un-partido"
	// CausaDelConsejo: a cause stated by the council itself (CausaConsejo).
	CausaDelConsejo CodigoCausa = "consejo"
	// CausaExcedeLista: the acta holds more votes than the casilla's lista nominal and its
	// representatives, an evident inconsistency (LGIPE art. 311.1.d.I; the PREP's EXCEDE
	// LISTA NOMINAL, RULES.md §2.1) [to confirm, INE Bases generales].
	CausaExcedeLista CodigoCausa = "excede-lista-nominal"
)

// Causa is one reason found to recount a casilla, as it is recorded in the acta
// circunstanciada.
type Causa struct {
	Codigo CodigoCausa
	// Descripcion is the cause in Spanish, as the law words it.
	Descripcion string
	// Detalle gives the figures of this casilla that make the cause hold.
	Detalle string
	// Fundamento cites the legal basis.
	Fundamento string
	// PorConfirmar marks a cause whose basis RULES.md lists as still to be confirmed.
	PorConfirmar bool
}

// CausaConsejo is a cause the council adds for a casilla, in its own words.
type CausaConsejo struct {
	// Texto is the council's reason, free text in Spanish.
	Texto string
	// Fundamento is the legal basis the council invokes, if any.
	Fundamento string
	// Acuerdo identifies the decision (acuerdo or point of the session) that adopted it.
	Acuerdo string
}

// Causa returns the council's cause as a Causa to record.
func (c CausaConsejo) Causa() Causa {
	d := "causa determinada por el consejo"
	if c.Acuerdo != "" {
		d += " (" + c.Acuerdo + ")"
	}
	return Causa{Codigo: CausaDelConsejo, Descripcion: d, Detalle: c.Texto,
		Fundamento: c.Fundamento}
}

// ActaCasilla holds the figures of one acta de escrutinio y cómputo as read in the cómputo.
// Cells use acta.Value, so a blank (SinDato, Empty) or illegible cell is told apart from 0.
type ActaCasilla struct {
	// Votos are the vote columns of the contenders: parties, combinations ("C_PAN_PRI") and
	// independents ("CAND_IND_1").
	Votos           map[string]acta.Value
	NoRegistradas   acta.Value
	Nulos           acta.Value
	PersonasVotaron acta.Value
	// RepresentantesVotaron may be left blank when no representative voted: blank counts 0;
	// illegible is a finding.
	RepresentantesVotaron acta.Value
	VotosSacados          acta.Value
	// TotalAsentado is the total of votes written on the acta; N/A when the format has no
	// such field, and then the sum of the votes stands for it.
	TotalAsentado acta.Value
}

// Expediente is what the council finds about one casilla's package before deciding whether
// to recount it: the package record and the acta figures.
type Expediente struct {
	Casilla string
	// PaqueteAlterado: the package shows signs of alteration.
	PaqueteAlterado bool
	// ActaEnPaquete: the acta was found in the package; CopiaPresidente: the council's
	// president holds a copy.
	ActaEnPaquete   bool
	CopiaPresidente bool
	// ActasCoinciden: when both exist, the cotejo found them equal.
	ActasCoinciden bool
	// ActaAlterada: the acta shows evident alterations that create reasonable doubt.
	ActaAlterada bool
	// Aclaracion, when not empty, says how the council cleared the acta's inconsistencies
	// with other elements to the full satisfaction of who asked (LGIPE art. 311.1.d.I):
	// CausaErrorEvidente and CausaRubroIlegible then do not apply.
	Aclaracion string
	// Acta holds the figures of the acta used in the cotejo (the package's or the copy).
	Acta ActaCasilla
	// Consejo are the causes the council adds.
	Consejo []CausaConsejo
	// Limite is the votes the casilla can hold (Definicion.Limite); 0 when it has no such
	// bound.
	Limite int64
}

// textosCausa are the causes in a few words, as the log and the summaries name them.
var textosCausa = map[CodigoCausa]string{
	CausaActasNoCoinciden:     "el acta y la copia del presidente no coinciden",
	CausaActaAlterada:         "alteraciones evidentes en el acta",
	CausaSinActa:              "no hay acta",
	CausaPaqueteAlterado:      "paquete con muestras de alteración",
	CausaErrorEvidente:        "errores evidentes en los rubros fundamentales",
	CausaRubroIlegible:        "rubros en blanco o ilegibles",
	CausaNulosMayorDiferencia: "nulos más que la diferencia entre el primero y el segundo",
	CausaVotosUnPartido:       "todos los votos para un partido",
	CausaDelConsejo:           "causa que agrega el consejo",
	CausaExcedeLista:          "más votos que la lista nominal",
	CausaRecuentoTotal:        "recuento total",
}

// Texto names the cause in a few words of Spanish.
func (c CodigoCausa) Texto() string {
	if t, ok := textosCausa[c]; ok {
		return t
	}
	return string(c)
}

// BaseLugares is how "the candidates in first and second place" of LGIPE art. 311.1.d.II
// are counted in a casilla with combination votes.
type BaseLugares int

const (
	// LugaresPorCandidatura counts votes per candidacy: each candidacy's parties plus every
	// combination made only of them, as the law speaks of "candidatos" (LGIPE art.
	// 311.1.d.II; RULES.md §3.4) — the default [to confirm, INE Bases generales].
	LugaresPorCandidatura BaseLugares = iota
	// LugaresPorPartido counts each vote column apart (parties, combinations and
	// independents as captured).
	LugaresPorPartido
)

// ConfigRecuento sets the choices of the casilla recount rules that are still to be
// confirmed.
type ConfigRecuento struct {
	// Lugares is the basis of first and second place.
	Lugares BaseLugares
	// Candidaturas lists the parties of each coalition candidacy of the contest; a party in
	// none runs alone. When nil, parties that share a combination column of the acta are
	// one candidacy (RULES.md §3.4). Only used with LugaresPorCandidatura.
	Candidaturas [][]string
	// PaqueteAlteradoNoEsCausa turns off CausaPaqueteAlterado, for councils whose guidelines
	// only order such packages last (LGIPE art. 311.1.e).
	PaqueteAlteradoNoEsCausa bool
}

// Dictamen is the decision on one casilla: whether to recount it and every cause found.
type Dictamen struct {
	Casilla  string
	Recontar bool
	Causas   []Causa
}

// Revisar finds the causes for recounting one casilla (RULES.md §6.2; LGIPE art. 311.1.b
// and 311.1.d) and adds the council's own.
func Revisar(e Expediente, cfg ConfigRecuento) Dictamen {
	d := Dictamen{Casilla: e.Casilla}
	d.Causas = append(d.Causas, causasPaquete(e, cfg)...)
	if e.ActaEnPaquete || e.CopiaPresidente {
		if e.Aclaracion == "" {
			d.Causas = append(d.Causas, causasRubros(e.Acta)...)
		}
		d.Causas = append(d.Causas, causasVotos(e.Acta, cfg)...)
		if total := sumaVotos(e.Acta); e.Limite > 0 && total > e.Limite {
			d.Causas = append(d.Causas, Causa{Codigo: CausaExcedeLista, PorConfirmar: true,
				Fundamento: "LGIPE art. 311.1.d.I; RULES.md §2.1",
				Descripcion: "el acta tiene más votos que la lista nominal de la casilla y " +
					"los representantes que pueden votar en ella",
				Detalle: fmt.Sprintf("%s votos; a lo más %s", miles(total), miles(e.Limite))})
		}
	}
	for _, c := range e.Consejo {
		d.Causas = append(d.Causas, c.Causa())
	}
	d.Recontar = len(d.Causas) > 0
	return d
}

const art311b = "LGIPE art. 311.1.b"

func causasPaquete(e Expediente, cfg ConfigRecuento) []Causa {
	var out []Causa
	if e.PaqueteAlterado && !cfg.PaqueteAlteradoNoEsCausa {
		out = append(out, Causa{Codigo: CausaPaqueteAlterado,
			Descripcion:  "el paquete electoral presenta muestras de alteración",
			Fundamento:   "Bases generales del INE para los cómputos; LGIPE art. 311.1.e",
			PorConfirmar: true})
	}
	switch {
	case !e.ActaEnPaquete && !e.CopiaPresidente:
		out = append(out, Causa{Codigo: CausaSinActa, Fundamento: art311b,
			Descripcion: "no existe el acta de escrutinio y cómputo en el expediente de la " +
				"casilla ni obra en poder del presidente del consejo"})
	case e.ActaEnPaquete && e.CopiaPresidente && !e.ActasCoinciden:
		out = append(out, Causa{Codigo: CausaActasNoCoinciden, Fundamento: art311b,
			Descripcion: "los resultados del acta del expediente y los de la que obra en " +
				"poder del presidente no coinciden"})
	}
	if e.ActaAlterada {
		out = append(out, Causa{Codigo: CausaActaAlterada, Fundamento: art311b,
			Descripcion: "alteraciones evidentes en el acta que generan duda fundada sobre " +
				"el resultado de la casilla"})
	}
	return out
}

// causasRubros compares the rubros fundamentales: personas que votaron plus representantes,
// votos sacados de la urna and the total of votes (LGIPE art. 311.1.d.I; INE Bases generales
// [to confirm]).
func causasRubros(a ActaCasilla) []Causa {
	const fund = "LGIPE art. 311.1.d.I; rubros fundamentales según las Bases generales del INE"
	var blank []string
	check := func(name string, v acta.Value, blankIsZero bool) {
		switch {
		case v.Kind == acta.Ilegible:
			blank = append(blank, name+" ilegible")
		case !blankIsZero && (v.Kind == acta.SinDato || v.Kind == acta.Empty):
			blank = append(blank, name+" en blanco")
		}
	}
	check("personas que votaron", a.PersonasVotaron, false)
	check("representantes que votaron", a.RepresentantesVotaron, true)
	check("votos sacados de la urna", a.VotosSacados, false)
	if a.TotalAsentado.Kind != acta.NA {
		check("total de votos", a.TotalAsentado, false)
	}
	for _, col := range sortedKeys(a.Votos) {
		check("votos de "+col, a.Votos[col], false)
	}
	check("candidaturas no registradas", a.NoRegistradas, false)
	check("votos nulos", a.Nulos, false)
	if len(blank) > 0 {
		return []Causa{{Codigo: CausaRubroIlegible, Fundamento: fund, PorConfirmar: true,
			Descripcion: "rubros del acta en blanco o ilegibles sin explicación",
			Detalle:     strings.Join(blank, "; ")}}
	}

	votantes := a.PersonasVotaron.N + num(a.RepresentantesVotaron)
	suma := sumaVotos(a)
	total := suma
	if a.TotalAsentado.Kind == acta.Number {
		total = a.TotalAsentado.N
	}
	if votantes == a.VotosSacados.N && a.VotosSacados.N == total && total == suma {
		return nil
	}
	det := fmt.Sprintf("personas que votaron y representantes %s, votos sacados de la urna "+
		"%s, total de votos %s", miles(votantes), miles(a.VotosSacados.N), miles(total))
	if total != suma {
		det += fmt.Sprintf(", suma de los votos %s", miles(suma))
	}
	return []Causa{{Codigo: CausaErrorEvidente, Fundamento: fund, PorConfirmar: true,
		Descripcion: "errores o inconsistencias evidentes en los rubros fundamentales del " +
			"acta que no se aclaran con otros elementos", Detalle: det}}
}

// causasVotos applies the causes on the vote figures: nulos above the first-second
// difference and every vote for one party (LGIPE art. 311.1.d.II-III).
func causasVotos(a ActaCasilla, cfg ConfigRecuento) []Causa {
	var out []Causa
	res := resultadosCasilla(a, cfg)
	var v1, v2 int64
	if len(res) > 0 {
		v1 = res[0].Votos
	}
	if len(res) > 1 {
		v2 = res[1].Votos
	}
	nulos := num(a.Nulos)
	// "mayor a": strictly greater (LGIPE art. 311.1.d.II).
	if nulos > v1-v2 {
		det := fmt.Sprintf("nulos %s > diferencia %s", miles(nulos), miles(v1-v2))
		if len(res) > 1 {
			det += fmt.Sprintf(" (%s %s, %s %s)", res[0].Candidatura, miles(v1),
				res[1].Candidatura, miles(v2))
		}
		fund := "LGIPE art. 311.1.d.II"
		if cfg.Lugares == LugaresPorCandidatura {
			fund += "; lugares por candidatura"
		} else {
			fund += "; lugares por columna de partido"
		}
		out = append(out, Causa{Codigo: CausaNulosMayorDiferencia, Fundamento: fund,
			PorConfirmar: true, Detalle: det, Descripcion: "el número de votos nulos es " +
				"mayor a la diferencia entre los candidatos en primero y segundo lugar"})
	}
	if col, ok := unSoloPartido(a); ok {
		out = append(out, Causa{Codigo: CausaVotosUnPartido, Fundamento: "LGIPE art. " +
			"311.1.d.III", Detalle: fmt.Sprintf("%s votos, todos para %s",
			miles(sumaVotos(a)), col),
			Descripcion: "todos los votos fueron depositados a favor de un mismo partido"})
	}
	return out
}

// unSoloPartido tells whether every vote of the casilla, nulos and no registradas included,
// is in one party's column.
func unSoloPartido(a ActaCasilla) (string, bool) {
	if sumaVotos(a) == 0 || num(a.Nulos) > 0 || num(a.NoRegistradas) > 0 {
		return "", false
	}
	var with []string
	for col, v := range a.Votos {
		if num(v) > 0 {
			with = append(with, col)
		}
	}
	if len(with) != 1 || !esPartido(with[0]) {
		return "", false
	}
	return with[0], true
}

// resultadosCasilla ranks the candidacies (or vote columns) of a casilla, most votes first.
func resultadosCasilla(a ActaCasilla, cfg ConfigRecuento) []Resultado {
	cands := cfg.Candidaturas
	if cands == nil {
		cands = candidaturasDeColumnas(a.Votos)
	}
	tot := map[string]int64{}
	for col, v := range a.Votos {
		key := col
		if cfg.Lugares == LugaresPorCandidatura {
			key = candidaturaDe(col, cands)
		}
		tot[key] += num(v)
	}
	var out []Resultado
	for k, n := range tot {
		out = append(out, Resultado{Candidatura: k, Votos: n})
	}
	ordenar(out)
	return out
}

// candidaturasDeColumnas joins into one candidacy the parties that share a combination
// column the acta has (not "-" or N/A), directly or through another combination.
func candidaturasDeColumnas(votos map[string]acta.Value) [][]string {
	group := map[string]string{} // party → representative
	find := func(p string) string {
		for group[p] != "" && group[p] != p {
			p = group[p]
		}
		return p
	}
	for _, col := range sortedKeys(votos) {
		parts := PartidosDeCombinacion(col)
		if parts == nil || votos[col].Kind == acta.Guion || votos[col].Kind == acta.NA {
			continue
		}
		root := find(parts[0])
		group[root] = root
		for _, p := range parts[1:] {
			if r := find(p); r != root {
				group[r] = root
			}
		}
	}
	byRoot := map[string][]string{}
	for p := range group {
		r := find(p)
		byRoot[r] = append(byRoot[r], p)
	}
	var out [][]string
	for _, r := range sortedKeys(byRoot) {
		c := byRoot[r]
		sort.Strings(c)
		out = append(out, c)
	}
	return out
}

// candidaturaDe names the candidacy a vote column counts for: the coalition whose parties
// include all of the column's, or the column itself.
func candidaturaDe(col string, candidaturas [][]string) string {
	parts := PartidosDeCombinacion(col)
	if parts == nil {
		parts = []string{col}
	}
	for _, c := range candidaturas {
		if subset(parts, c) {
			return strings.Join(c, "-")
		}
	}
	return col
}

func subset(ps, of []string) bool {
	for _, p := range ps {
		if !slices.Contains(of, p) {
			return false
		}
	}
	return true
}

func sumaVotos(a ActaCasilla) int64 {
	s := num(a.NoRegistradas) + num(a.Nulos)
	for _, v := range a.Votos {
		s += num(v)
	}
	return s
}

// num is a cell's count: ILEGIBLE, SIN DATO and the other special values count 0 (RULES.md
// §4.5).
func num(v acta.Value) int64 {
	if v.Kind == acta.Number {
		return v.N
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
