package prep

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// Etapa is the stage of an acta in the production line.
type Etapa string

// The stages (see the package documentation).
const (
	Esperada     Etapa = "esperada"
	Acopiada     Etapa = "acopiada"
	Digitalizada Etapa = "digitalizada"
	PorVerificar Etapa = "por_verificar"
	Verificada   Etapa = "verificada"
	SinActa      Etapa = "sin_acta"
)

// Etapas lists the stages in the order of the line, as progress pages show them.
var Etapas = []Etapa{Esperada, Acopiada, Digitalizada, PorVerificar, Verificada, SinActa}

// Nombre is the stage's name for people.
func (e Etapa) Nombre() string {
	switch e {
	case Esperada:
		return "Esperada"
	case Acopiada:
		return "En acopio"
	case Digitalizada:
		return "En captura"
	case PorVerificar:
		return "Por verificar"
	case Verificada:
		return "Verificada"
	case SinActa:
		return "Sin acta"
	}
	return string(e)
}

// The names of the non-vote fields of the form, as the open-data layout names them.
const (
	ColBoletasSobrantes = "TOTAL_BOLETAS_SOBRANTES"
	ColPersonasVotaron  = "TOTAL_PERSONAS_VOTARON"
	ColRepVotaron       = "TOTAL_REP_PARTIDO_CI_VOTARON"
	ColVotosSacados     = "TOTAL_VOTOS_SACADOS"
	ColTotalAsentado    = "TOTAL_VOTOS_ASENTADO"
)

// totalCols are the TOTAL_* fields before the votes, in acta.Totales order.
var totalCols = [...]string{ColBoletasSobrantes, ColPersonasVotaron, ColRepVotaron,
	ColVotosSacados}

// Campo is one field of the capture form of an acta.
type Campo struct {
	Columna  string // the open-data column
	Etiqueta string // for people
	// Voto is the index of the vote column in the election's Contendientes, or -1 for a
	// TOTAL_* field.
	Voto int
}

// Campos returns the fields a capturista keys for an acta, in the order they are printed
// on it: the TOTAL_* fields the acta has (those that are not N/A on it, RULES.md §4.4),
// then the vote columns of its contenders (votos, the indexes of the vote columns that are
// not "-" on this acta, RULES.md §4.5), then the total written on it.
func Campos(e *catalog.Eleccion, a *acta.Acta, votos []int) []Campo {
	var out []Campo
	for i, c := range totalCols {
		if a.Totales[i].Kind != acta.NA {
			out = append(out, Campo{Columna: c, Etiqueta: etiquetaTotal(c), Voto: -1})
		}
	}
	for _, v := range votos {
		if v >= 0 && v < len(e.Contendientes) {
			c := e.Contendientes[v]
			out = append(out, Campo{Columna: c.Columna, Etiqueta: etiquetaVoto(c), Voto: v})
		}
	}
	if a.TotalAsentado.Kind != acta.NA {
		out = append(out, Campo{Columna: ColTotalAsentado, Etiqueta: etiquetaTotal(
			ColTotalAsentado), Voto: -1})
	}
	return out
}

func etiquetaTotal(c string) string {
	switch c {
	case ColBoletasSobrantes:
		return "Boletas sobrantes"
	case ColPersonasVotaron:
		return "Personas que votaron"
	case ColRepVotaron:
		return "Representantes que votaron"
	case ColVotosSacados:
		return "Votos sacados de la urna"
	case ColTotalAsentado:
		return "Total de votos asentado en el acta"
	}
	return c
}

func etiquetaVoto(c catalog.Contendiente) string {
	switch c.Tipo {
	case catalog.Combinacion:
		return "Coalición " + strings.Join(c.Partidos, "-")
	case catalog.Independiente:
		n := strings.TrimPrefix(c.Columna, "CAND_IND_")
		return "Candidatura independiente " + n
	case catalog.NoRegistradas:
		return "Candidaturas no registradas"
	case catalog.Nulos:
		return "Votos nulos"
	}
	return c.Columna
}

// VotosDe returns the indexes of the vote columns an acta carries: those that are not "-".
// On an acta not registered yet every vote column is "-", so it has none.
func VotosDe(a *acta.Acta) []int {
	var out []int
	for i, v := range a.Votos {
		if v.Kind != acta.Guion {
			out = append(out, i)
		}
	}
	return out
}

// FormatVotos renders the vote-column indexes of an acta as stored: "0,3,7".
func FormatVotos(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

// ParseVotos reads what FormatVotos wrote.
func ParseVotos(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("vote columns %q: %w", s, err)
		}
		out[i] = n
	}
	return out, nil
}

// FieldError is a typed field that could not be read, with a Spanish message for the
// capturista.
type FieldError struct {
	Columna  string
	Etiqueta string
	Valor    string
	Mensaje  string
}

func (e FieldError) Error() string {
	return fmt.Sprintf("field %s: %q: %s", e.Columna, e.Valor, e.Mensaje)
}

// MaxCifra is the largest figure a capturista may key in one field of one acta. A casilla
// has at most a few thousand voters (the extranjero acta of Puebla 2024 had 12,113 in its
// lista nominal); six digits catch a slipped key without refusing any real acta.
const MaxCifra = 999999

// LeerCampo reads what a capturista typed in one field: a whole number, "Ilegible" or
// "Sin dato" (RULES.md §1.2; IEE LEEME item 36), in any case, with or without accents or
// surrounding spaces. The keyboard shortcuts "i" and "s" stand for them. An empty field
// is an error: a blank acta field is keyed "Sin dato", so that a field left empty by
// mistake is never taken for one.
func LeerCampo(s string) (acta.Value, string) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch t {
	case "":
		return acta.Value{}, "el campo está vacío: escriba la cifra, «Ilegible» o «Sin dato»"
	case "i", "ilegible":
		return acta.Value{Kind: acta.Ilegible}, ""
	case "s", "sin dato", "sindato", "sin_dato":
		return acta.Value{Kind: acta.SinDato}, ""
	}
	if strings.Trim(t, "0123456789") != "" {
		switch {
		case strings.HasPrefix(t, "-"):
			return acta.Value{}, "la cifra no puede ser negativa"
		case strings.ContainsAny(t, ".,"):
			return acta.Value{}, "escriba la cifra sin puntos, comas ni decimales"
		}
		return acta.Value{}, "solo se admiten cifras, «Ilegible» o «Sin dato»"
	}
	t = strings.TrimLeft(t, "0")
	if t == "" {
		return acta.Num(0), ""
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n > MaxCifra {
		return acta.Value{}, fmt.Sprintf("la cifra es mayor que %d: revise lo capturado",
			MaxCifra)
	}
	return acta.Num(n), ""
}

// Captura is what one capturista keyed for an acta: one value per field, in the order of
// the acta's Campos.
type Captura []acta.Value

// LeerCaptura reads a submitted form: get returns what was typed for a column. Every
// field is read; the errors name each field that could not be.
func LeerCaptura(campos []Campo, get func(columna string) string) (Captura, []FieldError) {
	out := make(Captura, len(campos))
	var errs []FieldError
	for i, c := range campos {
		raw := get(c.Columna)
		v, msg := LeerCampo(raw)
		if msg != "" {
			errs = append(errs, FieldError{Columna: c.Columna, Etiqueta: c.Etiqueta,
				Valor: raw, Mensaje: msg})
			continue
		}
		out[i] = v
	}
	return out, errs
}

// Format renders a capture as stored: its cells joined by ",".
func (c Captura) Format() string {
	parts := make([]string, len(c))
	for i, v := range c {
		parts[i] = v.String()
	}
	return strings.Join(parts, ",")
}

// ParseCaptura reads what Format wrote for a form of n fields.
func ParseCaptura(s string, n int) (Captura, error) {
	parts := strings.Split(s, ",")
	if s == "" || len(parts) != n {
		return nil, fmt.Errorf("capture %q: want %d fields", s, n)
	}
	out := make(Captura, n)
	for i, p := range parts {
		v, err := acta.ParseValue(p)
		if err != nil {
			return nil, fmt.Errorf("capture %q field %d: %w", s, i, err)
		}
		out[i] = v
	}
	return out, nil
}

// Diferencias returns the indexes of the fields where two captures of the same form
// differ.
func Diferencias(a, b Captura) []int {
	var out []int
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			out = append(out, i)
		}
	}
	return out
}

// Registro is what the line records of an acta besides its figures, for its open-data row.
type Registro struct {
	Acopio, Captura, Verificacion time.Time
	Mecanismo                     string // D, F, I or ""
	CodigoIntegridad              string // SHA-256 of the image used
	Origen, Digitalizacion        string // CATD/ESCANER or CASILLA/MOVIL
	TipoDocumento                 string // ACTA PREP, ACTA VA …
}

// Aplicar returns the acta of the catalog a with the verified figures of captura, keyed on
// the form campos, and the record of its way through the line: the row the next corte
// publishes. The vote columns off the form stay "-" (the contender does not run there); the
// acta is classified from these figures, since it has no published label.
func Aplicar(a *acta.Acta, campos []Campo, captura Captura, r Registro) *acta.Acta {
	out := *a
	out.Votos = make([]acta.Value, len(a.Votos))
	for i := range out.Votos {
		out.Votos[i] = acta.Value{Kind: acta.Guion}
	}
	for i, c := range campos {
		v := captura[i]
		switch {
		case c.Voto >= 0 && c.Voto < len(out.Votos):
			out.Votos[c.Voto] = v
		case c.Columna == ColTotalAsentado:
			out.TotalAsentado = v
		default:
			for t, name := range totalCols {
				if name == c.Columna {
					out.Totales[t] = v
				}
			}
		}
	}
	out.TotalCalculado = acta.Num(acta.TotalCalculado(out.Votos))
	out.Publicada, out.ObservacionesPub, out.MotivoSinActa = nil, "", 0
	out.Mecanismo = r.Mecanismo
	out.CodigoIntegridad = r.CodigoIntegridad
	out.Acopio = stamp(r.Acopio)
	out.Captura = stamp(r.Captura)
	out.Verificacion = stamp(r.Verificacion)
	out.Origen, out.Digitalizacion, out.TipoDocumento = r.Origen, r.Digitalizacion,
		r.TipoDocumento
	return &out
}

// AplicarSinActa returns the acta of the catalog a registered without its Acta PREP, for
// motivo (one of acta.SinActaFlags): its vote and TOTAL_* cells read SIN ACTA (N/A where the
// acta has no such field, "-" where the contender does not run), its time stamps and image
// fields N/A (RULES.md §2.1, sin-acta rows).
func AplicarSinActa(a *acta.Acta, votos []int, motivo acta.Flags) *acta.Acta {
	out := *a
	sin := acta.Value{Kind: acta.SinActa}
	na := acta.Value{Kind: acta.NA}
	out.Votos = make([]acta.Value, len(a.Votos))
	for i := range out.Votos {
		out.Votos[i] = acta.Value{Kind: acta.Guion}
	}
	for _, v := range votos {
		if v >= 0 && v < len(out.Votos) {
			out.Votos[v] = sin
		}
	}
	for i := range out.Totales {
		if out.Totales[i].Kind != acta.NA {
			out.Totales[i] = sin
		}
	}
	if out.TotalAsentado.Kind != acta.NA {
		out.TotalAsentado = sin
	}
	out.TotalCalculado = acta.Num(0)
	out.Publicada, out.ObservacionesPub, out.MotivoSinActa = nil, "", motivo
	out.Mecanismo, out.CodigoIntegridad, out.TipoDocumento = "N/A", "N/A", "N/A"
	out.Acopio = acta.Stamp{Special: na}
	out.Captura = acta.Stamp{Special: na}
	out.Verificacion = acta.Stamp{Special: na}
	out.Origen, out.Digitalizacion = "CATD", "ESCANER"
	return &out
}

// Esperar returns the acta of the catalog as it stands before anything was registered:
// every capture cell "-" (N/A where the acta has no such field), calculated total 0, no
// label, stamps and image fields "-" (RULES.md §4.5, first meaning of "-").
func Esperar(a *acta.Acta) *acta.Acta {
	out := *a
	g := acta.Value{Kind: acta.Guion}
	out.Votos = make([]acta.Value, len(a.Votos))
	for i := range out.Votos {
		out.Votos[i] = g
	}
	for i := range out.Totales {
		if out.Totales[i].Kind != acta.NA {
			out.Totales[i] = g
		}
	}
	if out.TotalAsentado.Kind != acta.NA {
		out.TotalAsentado = g
	}
	out.TotalCalculado = acta.Num(0)
	out.Publicada, out.ObservacionesPub, out.MotivoSinActa = nil, "", 0
	out.Mecanismo, out.CodigoIntegridad = "-", "-"
	out.Acopio = acta.Stamp{Special: g}
	out.Captura = acta.Stamp{Special: g}
	out.Verificacion = acta.Stamp{Special: g}
	out.Origen, out.Digitalizacion, out.TipoDocumento = "-", "-", "-"
	return &out
}

func stamp(t time.Time) acta.Stamp {
	if t.IsZero() {
		return acta.Stamp{Special: acta.Value{Kind: acta.Guion}}
	}
	return acta.Stamp{T: t}
}

// MotivoSinActa reads the reason a form gives for a missing Acta PREP: "no_entregado",
// "sin_bolsa" or "no_instalada" (RULES.md §2.1 row 3).
func MotivoSinActa(s string) (acta.Flags, bool) {
	switch s {
	case "no_entregado":
		return acta.FlagPaqueteNoEntregado, true
	case "sin_bolsa":
		return acta.FlagPaqueteSinBolsa, true
	case "no_instalada":
		return acta.FlagCasillaNoInstalada, true
	}
	return 0, false
}

// FueraDeCatalogo returns the row of an acopio or an image that matches no acta of the
// catalog: no keys, UBICACION_CASILLA 3 (IEE LEEME item 11), labelled FUERA DE CATALOGO
// with CONTABILIZADA 2 by the classification. id is its stable identity ("FC-" and the
// image hash, or the key typed); ncols is the election's number of vote columns.
func FueraDeCatalogo(id, entidadID, entidad string, ncols int, r Registro) *acta.Acta {
	a := &acta.Acta{ID: id, IDEntidad: entidadID, Entidad: entidad, Ubicacion: "3",
		Votos: make([]acta.Value, ncols)}
	a.Mecanismo = r.Mecanismo
	if a.Mecanismo == "" {
		a.Mecanismo = "-"
	}
	a.CodigoIntegridad = r.CodigoIntegridad
	a.Acopio = stamp(r.Acopio)
	a.Origen, a.Digitalizacion, a.TipoDocumento = r.Origen, r.Digitalizacion, r.TipoDocumento
	return a
}

// VotosCatalogo gives, for each acta of a file loaded as the catalog of the operation, the
// vote columns its form asks for. A registered acta carries them in its row (the columns
// that are not "-"); an acta not registered yet takes those of the registered actas of its
// unit and acta type; failing that, the columns of the candidacies that run in its unit,
// with no registradas and nulos; failing that, every column. The candidaturas file alone
// cannot serve, since in some municipios it lists a contender whose column is "-" on every
// acta (RULES.md §4.5).
func VotosCatalogo(e *catalog.Eleccion, actas []*acta.Acta) [][]int {
	type key struct{ unidad, tipo string }
	seen := map[key]map[int]bool{}
	for _, a := range actas {
		if a.FueraDeCatalogo() || !a.Registrada() {
			continue
		}
		k := key{a.UnidadID, a.TipoActa}
		if seen[k] == nil {
			seen[k] = map[int]bool{}
		}
		for _, v := range VotosDe(a) {
			seen[k][v] = true
		}
	}
	out := make([][]int, len(actas))
	for i, a := range actas {
		switch {
		case a.FueraDeCatalogo():
		case a.Registrada():
			out[i] = VotosDe(a)
		case len(seen[key{a.UnidadID, a.TipoActa}]) > 0:
			out[i] = sortedKeys(seen[key{a.UnidadID, a.TipoActa}])
		default:
			out[i] = votosUnidad(e, a.UnidadID)
		}
	}
	return out
}

// votosUnidad lists the columns of the candidacies running in a unit, and the columns that
// are no candidacy's (no registradas, nulos); every column when no candidacy is known.
func votosUnidad(e *catalog.Eleccion, unidad string) []int {
	cs := e.CandidaturasEn(unidad)
	set := map[int]bool{}
	for _, c := range cs {
		for _, col := range c.Columnas {
			set[col] = true
		}
	}
	for i, c := range e.Contendientes {
		if len(cs) == 0 || c.Tipo == catalog.NoRegistradas || c.Tipo == catalog.Nulos {
			set[i] = true
		}
	}
	return sortedKeys(set)
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
