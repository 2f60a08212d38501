package acta

import (
	"fmt"
	"strings"

	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"unicode"
)

// Estado is the CONTABILIZADA value of an acta (IEE LEEME item 37; RULES.md §2.4).
type Estado int8

// The values of CONTABILIZADA.
const (
	NoRegistrada    Estado = iota // "-": not registered at this corte
	NoContabilizada               // "0": registered, its votes do not enter the totals
	Contabilizada                 // "1": its votes enter the totals
	FueraDeCatalogo               // "2": matches no acta of the catalog
)

// String returns the CONTABILIZADA cell for e.
func (e Estado) String() string {
	switch e {
	case NoContabilizada:
		return "0"
	case Contabilizada:
		return "1"
	case FueraDeCatalogo:
		return "2"
	}
	return "-"
}

// ParseEstado reads a CONTABILIZADA cell.
func ParseEstado(s string) (Estado, error) {
	switch strings.TrimSpace(s) {
	case "-":
		return NoRegistrada, nil
	case "0":
		return NoContabilizada, nil
	case "1":
		return Contabilizada, nil
	case "2":
		return FueraDeCatalogo, nil
	}
	return 0, fmt.Errorf("unrecognised CONTABILIZADA %q", s)
}

// Flags are the findings on an acta. The IEE renders one label from them with a fixed
// precedence; INE renders them joined (RULES.md §2.1 "Internal model").
type Flags uint16

// The findings. Exactly one of the SinActa flags is set on an acta that did not arrive.
const (
	FlagIlegible           Flags = 1 << iota // some vote field ILEGIBLE
	FlagSinDato                              // some vote field SIN DATO
	FlagExcede                               // calculated total above lista nominal + representatives
	FlagTodos                                // no vote field holds a number
	FlagPaqueteNoEntregado                   // SIN ACTA POR PAQUETE NO ENTREGADO
	FlagPaqueteSinBolsa                      // SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA
	FlagCasillaNoInstalada                   // SIN ACTA POR CASILLA NO INSTALADA
	FlagFueraCatalogo                        // FUERA DE CATALOGO
	FlagProcesoTecnico                       // INE 2018: identified by technical process
	FlagSinActa                              // no Acta PREP, reason unknown
)

// SinActaFlags is the set of reasons for a missing Acta PREP.
const SinActaFlags = FlagPaqueteNoEntregado | FlagPaqueteSinBolsa | FlagCasillaNoInstalada |
	FlagSinActa

// inconsistencyFlags are the findings that count in PORCENTAJE_ACTAS_INCONSISTENCIAS (IEE
// LEEME item 10; RULES.md §3.1 #8).
const inconsistencyFlags = FlagIlegible | FlagSinDato | FlagExcede | FlagTodos

// Clasificacion is the result of classifying an acta: its CONTABILIZADA value and findings.
type Clasificacion struct {
	Estado Estado
	Flags  Flags
}

// Inconsistente reports whether the acta counts as an acta with inconsistencies.
func (c Clasificacion) Inconsistente() bool { return c.Flags&inconsistencyFlags != 0 }

// The IEE Puebla 2024 OBSERVACIONES strings (RULES.md §2.4).
const (
	ObsNinguna            = " - "
	ObsNoRegistrada       = "-"
	ObsAlgun              = "ALGUN CAMPO ILEGIBLE O SIN DATO"
	ObsTodos              = "TODOS ILEGIBLES O SIN DATO"
	ObsExcede             = "EXCEDE LISTA NOMINAL"
	ObsPaqueteNoEntregado = "SIN ACTA POR PAQUETE NO ENTREGADO"
	ObsPaqueteSinBolsa    = "SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA"
	ObsCasillaNoInstalada = "SIN ACTA POR CASILLA NO INSTALADA"
	ObsFueraCatalogo      = "FUERA DE CATALOGO"
)

// Observaciones renders the IEE Puebla 2024 label: one string, chosen by the precedence of
// RULES.md §2.1 (EXCEDE "siempre prevalecerá", IEE LEEME item 36).
func (c Clasificacion) Observaciones() string {
	f := c.Flags
	switch {
	case c.Estado == NoRegistrada:
		return ObsNoRegistrada
	case f&FlagFueraCatalogo != 0 || c.Estado == FueraDeCatalogo:
		return ObsFueraCatalogo
	case f&FlagPaqueteNoEntregado != 0:
		return ObsPaqueteNoEntregado
	case f&FlagPaqueteSinBolsa != 0:
		return ObsPaqueteSinBolsa
	case f&FlagCasillaNoInstalada != 0:
		return ObsCasillaNoInstalada
	case f&FlagSinActa != 0:
		return "SIN ACTA"
	case f&FlagExcede != 0:
		return ObsExcede
	case f&FlagTodos != 0:
		return ObsTodos
	case f&(FlagIlegible|FlagSinDato) != 0:
		return ObsAlgun
	}
	return ObsNinguna
}

// ParseObservaciones reads a published OBSERVACIONES cell into findings. It accepts the IEE
// labels, the INE legends of 2018-2024 and labels joined with "," or "." in any case, with or
// without accents (RULES.md §2.4). The two meanings of a hyphen are told apart by the spaces
// around it: "-" is an acta not yet registered, " - " one without observations.
func ParseObservaciones(s string) (Flags, bool, error) {
	if s == ObsNoRegistrada {
		return 0, false, nil
	}
	t := fold(s)
	if t == "-" || t == "" {
		return 0, true, nil
	}
	var f Flags
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == '.' }) {
		p := strings.TrimSpace(part)
		g, ok := observationParts[p]
		if !ok {
			g, ok = sinActaReason(p)
		}
		if !ok {
			return 0, true, fmt.Errorf("unrecognised OBSERVACIONES part %q", p)
		}
		f |= g
	}
	return f, true, nil
}

var observationParts = map[string]Flags{
	"ALGUN CAMPO ILEGIBLE O SIN DATO":              FlagIlegible | FlagSinDato,
	"ILEGIBLE":                                     FlagIlegible,
	"SIN DATO":                                     FlagSinDato,
	"EXCEDE LISTA NOMINAL":                         FlagExcede,
	"TODOS ILEGIBLES O SIN DATO":                   FlagTodos,
	"TODOS LOS CAMPOS ILEGIBLES":                   FlagTodos,
	"TODOS LOS CAMPOS SIN DATO":                    FlagTodos,
	"TODOS LOS CAMPOS VACIOS":                      FlagTodos,
	"FUERA DE CATALOGO":                            FlagFueraCatalogo,
	"IDENTIFICACION POR PROCESO TECNICO OPERATIVO": FlagProcesoTecnico,
}

// sinActaReason maps "SIN ACTA POR …" and the INE reasons to their flag.
func sinActaReason(p string) (Flags, bool) {
	p = strings.TrimSpace(strings.TrimPrefix(p, "SIN ACTA"))
	p = strings.TrimSpace(strings.TrimPrefix(p, "POR"))
	switch p {
	case "":
		return FlagSinActa, true
	case "PAQUETE NO ENTREGADO":
		return FlagPaqueteNoEntregado, true
	case "PAQUETE ENTREGADO SIN BOLSA", "SIN SOBRE", "SIN BOLSA":
		return FlagPaqueteSinBolsa, true
	case "CASILLA NO INSTALADA":
		return FlagCasillaNoInstalada, true
	}
	return 0, false
}

// fold upper-cases s and strips its accents, for comparing labels written by other systems.
func fold(s string) string {
	if isASCII(s) {
		return strings.ToUpper(strings.TrimSpace(s))
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToUpper(strings.TrimSpace(out))
}

// Input is what classification needs to know of an acta.
type Input struct {
	// Registrada is false while the acta has not been registered at this corte.
	Registrada bool
	// FueraDeCatalogo is true for an image that matches no acta of the catalog.
	FueraDeCatalogo bool
	// SinActa is the reason flag when the Acta PREP did not arrive (FlagSinActa when the
	// reason is unknown), zero otherwise.
	SinActa Flags
	// TipoCasilla is B, C, E, S, A, M or P.
	TipoCasilla string
	// ListaNominal and Representantes bound the votes an acta may hold.
	ListaNominal   int64
	Representantes Value
	// Votes are the vote fields in the election's column order; Guion marks a contender
	// that does not run on this acta.
	Votes []Value
}

// Config holds the configurable parts of the classification rules.
type Config struct {
	// EspecialBound, when positive, replaces lista nominal + representatives as the bound of
	// a casilla especial. The IEE files give especiales LN 0 and 1000 representatives, so
	// 1000 is the whole bound by default; whether it means ballots or ballots plus
	// representatives is open (RULES.md §2.1, Q-1).
	EspecialBound int64
	// ExcedeExtranjero applies EXCEDE LISTA NOMINAL to the extranjero acta (TIPO_CASILLA M).
	// The IEE files cannot tell; it is on by default, treating N/A representatives as 0.
	ExcedeExtranjero bool
}

// DefaultConfig is the IEE Puebla 2024 profile.
var DefaultConfig = Config{ExcedeExtranjero: true}

// TotalCalculado is the sum of the numeric vote fields, special values adding 0 (RULES.md
// §1.2; IEE LEEME item 33). It is computed even when it exceeds the lista nominal.
func TotalCalculado(votes []Value) int64 {
	var sum int64
	for _, v := range votes {
		if v.Kind == Number {
			sum += v.N
		}
	}
	return sum
}

// Classify applies the decision table of RULES.md §2.1 (IEE Puebla 2024 profile; IEE LEEME
// items 8, 11, 33, 36, 37; Lineamientos del PREP, RE Anexo 13).
func Classify(in Input, cfg Config) Clasificacion {
	switch {
	case in.FueraDeCatalogo:
		return Clasificacion{Estado: FueraDeCatalogo, Flags: FlagFueraCatalogo}
	case !in.Registrada:
		return Clasificacion{Estado: NoRegistrada}
	case in.SinActa != 0:
		return Clasificacion{Estado: NoContabilizada, Flags: in.SinActa & SinActaFlags}
	}

	var f Flags
	numbers := 0
	for _, v := range in.Votes {
		switch v.Kind {
		case Number:
			numbers++
		case Ilegible:
			f |= FlagIlegible
		case SinDato, Empty:
			f |= FlagSinDato
		}
	}
	if exceeds(in, cfg) {
		// EXCEDE prevails over the other findings, which are kept for INE-style labels.
		return Clasificacion{Estado: NoContabilizada, Flags: f | FlagExcede}
	}
	if numbers == 0 {
		return Clasificacion{Estado: NoContabilizada, Flags: f | FlagTodos}
	}
	return Clasificacion{Estado: Contabilizada, Flags: f}
}

// exceeds applies the strict comparison calc > LN + representatives (RULES.md §2.1). Voto
// anticipado actas are never EXCEDE (IEE files: 7 such actas counted; legal basis Q-1).
// Prisión preventiva actas (P) have no lista nominal bound either; none appear in the Puebla
// files, so treating them like A is an assumption to confirm with the same question.
func exceeds(in Input, cfg Config) bool {
	switch in.TipoCasilla {
	case "A", "P":
		return false
	case "M":
		if !cfg.ExcedeExtranjero {
			return false
		}
	}
	bound := in.ListaNominal + in.Representantes.Votes()
	if in.TipoCasilla == "S" && cfg.EspecialBound > 0 {
		bound = cfg.EspecialBound
	}
	return TotalCalculado(in.Votes) > bound
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
