package acta

import "time"

// Totales indexes the non-vote TOTAL_* fields of an acta in their printed order.
const (
	BoletasSobrantes = iota
	PersonasVotaron
	RepresentantesVotaron
	VotosSacados
	numTotales
)

// Stamp is a FECHA_HORA_* cell: a local time, or a special value ("N/A", "-", empty).
type Stamp struct {
	T       time.Time // zero unless the cell holds a time
	Special Value     // the special value when T is zero
}

// IsTime reports whether the stamp holds a time.
func (s Stamp) IsTime() bool { return !s.T.IsZero() }

// Acta is one acta de escrutinio y cómputo as the PREP knows it: where it comes from (the
// catalog part) and what was captured from it. Cells are kept as Values so that every
// special value survives a round trip; Publicada holds the label an imported acta was
// published with, which is the record of the operation that published it.
type Acta struct {
	// ID is the stable identity of the acta within its election (see doc.go).
	ID string
	// Orden is the position of the acta in the election's publication order.
	Orden int
	// Version counts the changes of the acta in the store, from 1; 0 on an acta read from
	// a file.
	Version int

	ClaveCasilla string // as published, without the apostrophe guard
	ClaveActa    string
	IDEntidad    string
	Entidad      string
	UnidadID     string // distrito or municipio id, "N/A" on the extranjero acta
	Unidad       string // its name as published
	Seccion      string // four digits, or "N/A" for A and M actas
	IDCasilla    string // as published: contiguas 10-17 appear as "01"
	NumCasilla   int    // the real casilla number, C10-C17 recovered
	TipoCasilla  string
	ExtContigua  string
	Ubicacion    string
	TipoActa     string

	Totales        [numTotales]Value
	Votos          []Value // in the election's vote-column order
	TotalAsentado  Value
	TotalCalculado Value // as published; recomputed by TotalCalculado
	ListaNominal   Value
	Representantes Value

	// Publicada is the classification published in the imported file; nil for actas
	// captured by sufragio, whose classification is computed.
	Publicada *Clasificacion
	// ObservacionesPub is the published OBSERVACIONES cell verbatim.
	ObservacionesPub string
	// MotivoSinActa is, on an acta captured by sufragio whose Acta PREP did not arrive,
	// the reason recorded at acopio (one of SinActaFlags); imported actas keep theirs in
	// Publicada.
	MotivoSinActa Flags

	Mecanismo        string
	CodigoIntegridad string
	Acopio           Stamp
	Captura          Stamp
	Verificacion     Stamp
	Origen           string
	Digitalizacion   string
	TipoDocumento    string

	// Extra holds the cells of columns this layout does not model (e.g. INE's COTEJADA),
	// in the order of the election's extra columns, so they are written back unchanged.
	Extra []string
}

// FueraDeCatalogo reports whether the acta matched no acta of the catalog. Such rows carry no
// keys and UBICACION_CASILLA 3 (IEE LEEME item 11).
func (a *Acta) FueraDeCatalogo() bool {
	return a.TipoCasilla == "" || a.Ubicacion == "3"
}

// Registrada reports whether the capture part of the acta has been registered: an acta not
// registered at a corte has every vote cell "-" (RULES.md §4.5, first meaning of "-").
func (a *Acta) Registrada() bool {
	for _, v := range a.Votos {
		if v.Kind != Guion {
			return true
		}
	}
	return false
}

// sinActa reports whether the capture cells say SIN ACTA.
func (a *Acta) sinActa() bool {
	for _, v := range a.Votos {
		if v.Kind == SinActa {
			return true
		}
	}
	return false
}

// Input gathers what Classify needs. The reason of a missing acta is acopio data that the
// open-data row keeps only in its label, so it is taken from the published label.
func (a *Acta) Input() Input {
	in := Input{
		Registrada:      a.Registrada(),
		FueraDeCatalogo: a.FueraDeCatalogo(),
		TipoCasilla:     a.TipoCasilla,
		ListaNominal:    a.ListaNominal.Votes(),
		Representantes:  a.Representantes,
		Votes:           a.Votos,
	}
	if a.sinActa() {
		in.SinActa = FlagSinActa
		switch {
		case a.Publicada != nil && a.Publicada.Flags&SinActaFlags != 0:
			in.SinActa = a.Publicada.Flags & SinActaFlags
		case a.Publicada == nil && a.MotivoSinActa&SinActaFlags != 0:
			in.SinActa = a.MotivoSinActa & SinActaFlags
		}
	}
	return in
}

// Calculada classifies the acta from its captured figures.
func (a *Acta) Calculada(cfg Config) Clasificacion { return Classify(a.Input(), cfg) }

// Efectiva is the classification that enters tallies and summaries: the published one for
// an imported acta (RULES.md §2.3: the IEE header counts the published label), the computed
// one otherwise.
func (a *Acta) Efectiva(cfg Config) Clasificacion {
	if a.Publicada != nil {
		return *a.Publicada
	}
	return a.Calculada(cfg)
}

// Observaciones is the OBSERVACIONES cell to publish: the published label verbatim for an
// imported acta, the computed label otherwise.
func (a *Acta) Observaciones(cfg Config) string {
	if a.Publicada != nil {
		return a.ObservacionesPub
	}
	return a.Calculada(cfg).Observaciones()
}

// Calculado returns TOTAL_VOTOS_CALCULADO as it must be published: the sum of the numeric
// vote fields, 0 on sin-acta and unregistered rows, empty on fuera-de-catálogo rows
// (RULES.md §2.1, §4.4).
func (a *Acta) Calculado() Value {
	if a.FueraDeCatalogo() {
		return Value{}
	}
	return Num(TotalCalculado(a.Votos))
}

// Compartir makes the place and type texts of a that equal those of prev (the acta read
// before it) the same strings as prev's. The actas of a file come grouped by unit and
// sección, so most of these texts repeat the previous acta's: shared, they take no memory
// of their own, and comparing them, as a tally does for every acta, stops at their equal
// pointers instead of reading their bytes.
func (a *Acta) Compartir(prev *Acta) {
	if prev == nil {
		return
	}
	compartir(&a.IDEntidad, prev.IDEntidad)
	compartir(&a.Entidad, prev.Entidad)
	compartir(&a.UnidadID, prev.UnidadID)
	compartir(&a.Unidad, prev.Unidad)
	compartir(&a.Seccion, prev.Seccion)
	compartir(&a.TipoCasilla, prev.TipoCasilla)
	compartir(&a.ExtContigua, prev.ExtContigua)
	compartir(&a.Ubicacion, prev.Ubicacion)
	compartir(&a.TipoActa, prev.TipoActa)
	compartir(&a.Mecanismo, prev.Mecanismo)
	compartir(&a.Origen, prev.Origen)
	compartir(&a.Digitalizacion, prev.Digitalizacion)
	compartir(&a.TipoDocumento, prev.TipoDocumento)
}

func compartir(s *string, prev string) {
	if *s == prev {
		*s = prev
	}
}
