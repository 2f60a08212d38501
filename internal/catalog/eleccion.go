// Package catalog defines an election as the PREP publishes it: its contest, its territorial
// unit, its vote columns (parties, coalition combinations, independents, no registradas,
// nulos) and the candidacy each column supports in each unit. Nothing here names a party:
// every definition is derived from the header and the candidaturas file of a publication,
// so the same code reads another state's or another year's files.
package catalog

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Tipo is the kind of a vote column.
type Tipo uint8

// The kinds of vote column.
const (
	Partido       Tipo = iota // a political party
	Combinacion               // a combination of parties of one coalition (C_PAN_PRI, …)
	Independiente             // an independent candidacy (CAND_IND_1, …)
	NoRegistradas             // votes for candidacies not registered
	Nulos                     // null votes
)

// String returns the Spanish name of the kind, as shown to people.
func (t Tipo) String() string {
	return [...]string{"partido", "combinación", "candidatura independiente",
		"candidaturas no registradas", "votos nulos"}[t]
}

// Contendiente is one vote column of the acta.
type Contendiente struct {
	Columna string
	Tipo    Tipo
	// Partidos are the party columns a combination is made of; for a party, itself.
	Partidos []string
}

// Unidad is the territorial unit an election is published and grouped by.
type Unidad string

// The units of the PREP files.
const (
	UnidadDistrito  Unidad = "distrito"
	UnidadMunicipio Unidad = "municipio"
)

// Candidatura is one candidacy in one unit: the parties that nominate it and every vote
// column whose votes are its votes (its parties and the combinations made only of them).
type Candidatura struct {
	Unidad        string // unit id; "" when the candidacy runs in the whole entidad
	Nombre        string
	Suplente      string
	Partidos      []string
	Columnas      []int // indexes into Eleccion.Contendientes
	Independiente bool
}

// Eleccion is the definition of one election of a process, derived from its publication.
type Eleccion struct {
	Codigo    string // GUB, DIP_LOC, AYUN, …
	Titulo    string // the first line of the open-data file
	EntidadID string
	Entidad   string
	Prefijo   string // entidad abbreviation in file names, e.g. PUE
	Anio      int
	Unidad    Unidad
	// Columnas are every column of the open-data layout, in order.
	Columnas []string
	// Contendientes are the vote columns, in order.
	Contendientes []Contendiente
	// CandidaturasColumnas and CandidaturasFilas are the candidaturas file as read, kept to
	// publish it again unchanged.
	CandidaturasColumnas []string
	CandidaturasFilas    [][]string
	// Candidaturas are derived from the candidaturas file.
	Candidaturas []Candidatura
}

// ArchivoBase is the base name of the election's open-data file, e.g. PUE_GUB_2024.
func (e *Eleccion) ArchivoBase() string {
	return fmt.Sprintf("%s_%s_%d", e.Prefijo, e.Codigo, e.Anio)
}

// Nombre is the election's name for people.
func (e *Eleccion) Nombre() string {
	switch e.Codigo {
	case "GUB":
		return "Gubernatura"
	case "DIP_LOC":
		return "Diputaciones Locales"
	case "AYUN":
		return "Ayuntamientos"
	case "PRES":
		return "Presidencia de la República"
	case "SEN":
		return "Senadurías"
	case "DIP_FED":
		return "Diputaciones Federales"
	}
	return e.Titulo
}

// Columna returns the index of a vote column, or -1.
func (e *Eleccion) Columna(name string) int {
	for i, c := range e.Contendientes {
		if c.Columna == name {
			return i
		}
	}
	return -1
}

// CandidaturasEn returns the candidacies that run in the unit with id unidad: the unit's own
// and the entidad-wide ones. A unit id of "" gives the entidad-wide ones only. In a national
// election a distrito ("15-040") also has the candidacies of its entidad ("15"), as the
// senadurías are registered.
func (e *Eleccion) CandidaturasEn(unidad string) []Candidatura {
	ent, nacional := EntidadDeUnidad(unidad)
	var out []Candidatura
	for _, c := range e.Candidaturas {
		if c.Unidad == "" || c.Unidad == unidad || nacional && c.Unidad == ent {
			out = append(out, c)
		}
	}
	return out
}

// CandidaturasPorUnidad indexes CandidaturasEn for every unit at once: the map gives, for each
// unit id with candidacies of its own, the same list; "" gives the entidad-wide ones.
func (e *Eleccion) CandidaturasPorUnidad() map[string][]Candidatura {
	out := map[string][]Candidatura{"": e.CandidaturasEn("")}
	for _, c := range e.Candidaturas {
		if _, ok := out[c.Unidad]; !ok {
			out[c.Unidad] = e.CandidaturasEn(c.Unidad)
		}
	}
	return out
}

// Codigos are the election codes sufragio knows, in publication order.
var Codigos = []string{"GUB", "DIP_LOC", "AYUN", "PRES", "SEN", "DIP_FED"}

// Estatal reports whether the election with code c is decided in the whole entidad, so that
// its candidacies have no distrito or municipio.
func Estatal(c string) bool { return c == "GUB" }

// Nacional reports whether the election with code c is federal: published by INE in one file
// for the whole country, its rows span the 32 entidades and its distritos federales are
// numbered within each entidad, so that a distrito is named by entidad and number
// (UnidadNacional).
func Nacional(c string) bool { return c == "PRES" || c == "SEN" || c == "DIP_FED" }

// SinUnidad reports whether the candidacies of the election with code c run in the whole
// territory of its file, with no distrito or municipio: the Gubernatura in its entidad and
// the Presidencia in the country.
func SinUnidad(c string) bool { return Estatal(c) || c == "PRES" }

// PorEntidad reports whether the candidacies of the election with code c are registered per
// entidad rather than per distrito: the senadurías (CPEUM art. 56).
func PorEntidad(c string) bool { return c == "SEN" }

// The identity of the whole country where a state election names its entidad: the
// definition of a national election carries them as EntidadID, Entidad and Prefijo.
const (
	EntidadNacionalID = "00"
	EntidadNacional   = "NACIONAL"
	PrefijoNacional   = "NAL"
)

// UnidadNacional names a unit of a national election uniquely in the whole country: the
// entidad's two-digit id, a hyphen and the unit id as published ("15-040"). An empty unit
// names the entidad itself ("15").
func UnidadNacional(entidad, unidad string) string {
	if unidad == "" {
		return entidad
	}
	return entidad + "-" + unidad
}

// EntidadDeUnidad returns the entidad part of a unit named by UnidadNacional ("15" of
// "15-040"), and false for a unit id without one.
func EntidadDeUnidad(unidad string) (string, bool) {
	ent, _, ok := strings.Cut(unidad, "-")
	return ent, ok
}

// CodigoValido reports whether c is one of Codigos.
func CodigoValido(c string) bool {
	for _, k := range Codigos {
		if k == c {
			return true
		}
	}
	return false
}

// CodigoDeTitulo infers the election code from the first line of an open-data file.
func CodigoDeTitulo(titulo string) string {
	t := strings.ToUpper(titulo)
	switch {
	case strings.HasPrefix(t, "GUBERNATURA"), strings.HasPrefix(t, "JEFATURA DE GOBIERNO"):
		return "GUB"
	case strings.HasPrefix(t, "DIPUTACIONES LOCALES"):
		return "DIP_LOC"
	case strings.HasPrefix(t, "AYUNTAMIENTOS"), strings.HasPrefix(t, "ALCALDIAS"),
		strings.HasPrefix(t, "ALCALDÍAS"):
		return "AYUN"
	case strings.HasPrefix(t, "PRESIDENCIA"):
		return "PRES"
	case strings.HasPrefix(t, "SENADURIAS"), strings.HasPrefix(t, "SENADURÍAS"):
		return "SEN"
	case strings.HasPrefix(t, "DIPUTACIONES FEDERALES"):
		return "DIP_FED"
	}
	return ""
}

// special vote columns, by name (IEE and INE spellings, RULES.md §4.2).
var specialColumns = map[string]Tipo{
	"NO_REGISTRADAS": NoRegistradas,
	"NO_REGISTRADOS": NoRegistradas,
	"NULOS":          Nulos,
}

// Contendientes classifies vote column names. A column is a combination when, without its
// optional "C_" prefix, it splits on "_" into two or more names of other vote columns
// (RULES.md §4.2); independents start with CAND_IND; everything else is a party, except that a
// "C_" column naming a party that does not exist is an error, not a party.
func Contendientes(cols []string) ([]Contendiente, error) {
	names := make(map[string]bool, len(cols))
	for _, c := range cols {
		if names[c] {
			return nil, &ColumnError{Columna: c, duplicated: true}
		}
		names[c] = true
	}
	out := make([]Contendiente, len(cols))
	for i, c := range cols {
		if t, ok := specialColumns[c]; ok {
			out[i] = Contendiente{Columna: c, Tipo: t}
			continue
		}
		parts := combination(c, names)
		switch {
		case strings.HasPrefix(c, "CAND_IND"):
			out[i] = Contendiente{Columna: c, Tipo: Independiente}
		case parts != nil:
			out[i] = Contendiente{Columna: c, Tipo: Combinacion, Partidos: parts}
		case strings.HasPrefix(c, "C_"):
			return nil, &ColumnError{Columna: c}
		default:
			out[i] = Contendiente{Columna: c, Tipo: Partido, Partidos: []string{c}}
		}
	}
	return out, nil
}

// ColumnError is a vote column that cannot be understood.
type ColumnError struct {
	Columna    string
	duplicated bool
}

// Error describes the fault for logs.
func (e *ColumnError) Error() string {
	if e.duplicated {
		return fmt.Sprintf("vote column %s appears twice", e.Columna)
	}
	return fmt.Sprintf("combination %s names a party that is not a vote column", e.Columna)
}

// MensajeColumna explains an error of Contendientes in Spanish.
func MensajeColumna(err error) string {
	var ce *ColumnError
	if !errors.As(err, &ce) {
		return "columnas de votos no válidas"
	}
	if ce.duplicated {
		return "la columna aparece dos veces"
	}
	return "la combinación " + ce.Columna + " nombra un partido que no es columna del archivo"
}

func combination(c string, names map[string]bool) []string {
	parts := strings.Split(strings.TrimPrefix(c, "C_"), "_")
	if len(parts) < 2 {
		return nil
	}
	for _, p := range parts {
		if !names[p] {
			return nil
		}
	}
	return parts
}

// DeriveCandidaturas builds the candidacies of each unit from the rows of a candidaturas file,
// given as (unit id, column, propietaria, suplente). Parties are joined into one candidacy
// when a combination of them is registered in that unit; names are only labels, never keys,
// because the published files carry typos (RULES.md §4.6 item 10).
func (e *Eleccion) DeriveCandidaturas(rows []CandidaturaFila) error {
	byUnit := map[string][]CandidaturaFila{}
	var units []string
	for _, r := range rows {
		if _, ok := byUnit[r.Unidad]; !ok {
			units = append(units, r.Unidad)
		}
		byUnit[r.Unidad] = append(byUnit[r.Unidad], r)
	}
	e.Candidaturas = nil
	for _, u := range units {
		cands, err := e.unitCandidaturas(u, byUnit[u])
		if err != nil {
			return err
		}
		e.Candidaturas = append(e.Candidaturas, cands...)
	}
	return nil
}

// CandidaturaFila is one row of a candidaturas file.
type CandidaturaFila struct {
	Line        int
	Unidad      string
	Columna     string
	Propietaria string
	Suplente    string
}

func (e *Eleccion) unitCandidaturas(unit string, rows []CandidaturaFila) ([]Candidatura, error) {
	parent := map[string]string{}
	var find func(string) string
	find = func(p string) string {
		for parent[p] != p {
			p = parent[p]
		}
		return p
	}
	named := map[string]CandidaturaFila{}
	for _, r := range rows {
		i := e.Columna(r.Columna)
		if i < 0 {
			return nil, fmt.Errorf("line %d: PARTIDO_CI %s is not a vote column", r.Line, r.Columna)
		}
		c := e.Contendientes[i]
		switch c.Tipo {
		case Partido, Independiente:
			parent[c.Columna] = c.Columna
			named[c.Columna] = r
		}
	}
	for _, r := range rows {
		c := e.Contendientes[e.Columna(r.Columna)]
		if c.Tipo != Combinacion {
			continue
		}
		first := c.Partidos[0]
		for _, p := range c.Partidos[1:] {
			_, okA := parent[first]
			_, okB := parent[p]
			if okA && okB {
				parent[find(p)] = find(first)
			}
		}
	}
	groups := map[string][]string{}
	var roots []string
	for _, c := range e.Contendientes {
		if _, ok := parent[c.Columna]; !ok {
			continue
		}
		r := find(c.Columna)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], c.Columna)
	}
	out := make([]Candidatura, 0, len(roots))
	for _, r := range roots {
		out = append(out, e.candidatura(unit, groups[r], named))
	}
	return out, nil
}

// candidatura assembles one candidacy from its parties; its name is the one most parties
// registered (ties to the first in column order).
func (e *Eleccion) candidatura(unit string, parties []string, named map[string]CandidaturaFila) Candidatura {
	c := Candidatura{Unidad: unit, Partidos: parties}
	in := map[string]bool{}
	for _, p := range parties {
		in[p] = true
	}
	votes := map[string]int{}
	best := 0
	for _, p := range parties {
		n := named[p]
		votes[n.Propietaria]++
		if votes[n.Propietaria] > best {
			best, c.Nombre, c.Suplente = votes[n.Propietaria], n.Propietaria, n.Suplente
		}
	}
	for i, k := range e.Contendientes {
		switch k.Tipo {
		case Partido, Independiente:
			if in[k.Columna] {
				c.Columnas = append(c.Columnas, i)
				c.Independiente = k.Tipo == Independiente
			}
		case Combinacion:
			if allIn(k.Partidos, in) {
				c.Columnas = append(c.Columnas, i)
			}
		}
	}
	sort.Ints(c.Columnas)
	return c
}

func allIn(parts []string, in map[string]bool) bool {
	for _, p := range parts {
		if !in[p] {
			return false
		}
	}
	return true
}
