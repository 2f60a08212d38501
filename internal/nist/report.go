package nist

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// Input is what one report describes: one corte of the elections of a process.
type Input struct {
	Numero    int       // the number of the corte; 0 is the puesta en ceros
	Hora      time.Time // the time of the cut
	Generado  time.Time // when the report was built; Hora when zero
	Final     bool      // the last corte before the PREP closes
	Simulacro bool      // a rehearsal: the report is marked as a test everywhere
	// Proceso names the electoral process: "PREP PUE 2024" when empty, as in corte.json.
	Proceso string
	// Jornada is the day of the jornada electoral; when zero, the first Sunday of June of
	// the elections' year, the day of ordinary elections (LGIPE art. 25 numeral 1).
	Jornada time.Time
	// Issuer and IssuerAbbreviation name the authority that publishes the results (the
	// OPL); when empty, "Organismo Público Local Electoral de" the entidad, and the entidad's
	// abbreviation (PUE).
	Issuer, IssuerAbbreviation string
	// Elecciones are the tallies of the corte, in publication order.
	Elecciones []*corte.Resultados
}

// VendorApplicationID names the program that writes the reports.
const VendorApplicationID = "sufragio"

// The ResultsStatus values of a report.
const (
	StatusPreElection = "pre-election"        // the puesta en ceros: nothing captured yet
	StatusPartial     = "unofficial-partial"  // any other corte before the last one
	StatusComplete    = "unofficial-complete" // the final corte
)

// Status is the ResultsStatus of the report of a corte. PREP results are preliminary and
// never official (the cómputos are), so no corte is "certified". Corte 0 before any acta
// is captured, the puesta en ceros, is published before results exist.
func Status(in Input) string {
	switch {
	case in.Final:
		return StatusComplete
	case in.Numero == 0 && !captured(in.Elecciones):
		return StatusPreElection
	}
	return StatusPartial
}

func captured(es []*corte.Resultados) bool {
	for _, r := range es {
		if r != nil && r.Entidad.Resumen.ActasCapturadas > 0 {
			return true
		}
	}
	return false
}

// FileName is the suggested name of the report inside a corte folder, after the names of
// the open-data files: PUE_ERR_2024.json, with _SIMULACRO before the extension in a
// rehearsal.
func FileName(in Input) string {
	prefix, year := "ENT", 0
	if len(in.Elecciones) > 0 && in.Elecciones[0] != nil && in.Elecciones[0].Eleccion != nil {
		e := in.Elecciones[0].Eleccion
		prefix, year = e.Prefijo, e.Anio
	}
	if in.Simulacro {
		return fmt.Sprintf("%s_ERR_%d_SIMULACRO.json", prefix, year)
	}
	return fmt.Sprintf("%s_ERR_%d.json", prefix, year)
}

// Write writes the NIST SP 1500-100 v2 ElectionReport of a corte to w as JSON: one
// Election per election of the corte, with every unit from the entidad down to the casilla
// (see doc.go). The report is streamed: it is never held whole in memory.
func Write(w io.Writer, in Input) error {
	if len(in.Elecciones) == 0 {
		return errors.New("nist report: no elections")
	}
	for i, r := range in.Elecciones {
		if r == nil || r.Eleccion == nil {
			return fmt.Errorf("nist report: election %d has no tally", i)
		}
	}
	rep := newReport(in)
	e := newEncoder(w)
	rep.writeHeader(e)
	rep.writeUnits(e)
	rep.writeParties(e)
	e.raw(`,"Election":[`)
	for i, el := range rep.elections {
		if i > 0 {
			e.raw(",")
		}
		rep.writeElection(e, el)
		if e.err != nil {
			return e.err
		}
	}
	e.raw("]}\n")
	return e.close()
}

// report is a report planned: its units, coalitions and contests, derived before anything
// is written because the units and parties come before the elections.
type report struct {
	in        Input
	units     []*gpUnit
	entidad   string // the GpUnit id of the entidad
	parties   []string
	co        coalitions
	elections []*election
	arena     []int64
}

func newReport(in Input) *report {
	rep := &report{in: in}
	geoFed := false
	for _, r := range in.Elecciones {
		if r.Eleccion.Unidad == catalog.UnidadDistrito {
			geoFed = federal(r.Eleccion.Codigo)
			break
		}
	}
	set := newUnitSet()
	seen := map[string]bool{}
	for _, r := range in.Elecciones {
		el := newElection(r, geoFed)
		set.addElection(el)
		el.plan(set.ent.id, &rep.co)
		rep.elections = append(rep.elections, el)
		for _, c := range r.Eleccion.Contendientes {
			if c.Tipo == catalog.Partido && !seen[c.Columna] {
				seen[c.Columna] = true
				rep.parties = append(rep.parties, c.Columna)
			}
		}
	}
	rep.entidad = set.ent.id
	rep.units = set.sorted()
	return rep
}

func (rep *report) first() *catalog.Eleccion { return rep.in.Elecciones[0].Eleccion }

func (rep *report) proceso() string {
	if rep.in.Proceso != "" {
		return rep.in.Proceso
	}
	e := rep.first()
	return fmt.Sprintf("PREP %s %d", e.Prefijo, rep.in.Hora.In(opendata.Zona).Year())
}

// jornada is the day of the elections, as a date.
func (rep *report) jornada() string {
	if !rep.in.Jornada.IsZero() {
		return rep.in.Jornada.Format(time.DateOnly)
	}
	year := rep.first().Anio
	if year == 0 {
		year = rep.in.Hora.In(opendata.Zona).Year()
	}
	d := time.Date(year, time.June, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

// dateTime renders a time as the standard's DateTimeWithZone, in the PREP's zone.
func dateTime(t time.Time) string {
	return t.In(opendata.Zona).Truncate(time.Second).Format(time.RFC3339)
}

func (rep *report) writeHeader(e *encoder) {
	in := rep.in
	first := rep.first()
	issuer, abbr := in.Issuer, in.IssuerAbbreviation
	if issuer == "" {
		issuer = "Organismo Público Local Electoral de " + first.Entidad
	}
	if abbr == "" {
		abbr = first.Prefijo
	}
	generado := in.Generado
	if generado.IsZero() {
		generado = in.Hora
	}
	e.raw(`{"@type":"ElectionResults.ElectionReport","Format":"precinct-level","GeneratedDate":`)
	e.str(dateTime(generado))
	e.raw(`,"Issuer":`)
	e.str(issuer)
	e.raw(`,"IssuerAbbreviation":`)
	e.str(abbr)
	e.raw(`,"IsTest":`)
	e.bool(in.Simulacro)
	if in.Simulacro {
		e.raw(`,"TestType":"simulacro"`)
	}
	e.raw(`,"Notes":`)
	e.str(rep.notes())
	e.raw(`,"SequenceStart":1,"SequenceEnd":1,"Status":`)
	e.str(Status(in))
	e.raw(`,"VendorApplicationId":"` + VendorApplicationID + `","ExternalIdentifier":[`)
	rep.externalID(e, "proceso", rep.proceso())
	e.raw(",")
	rep.externalID(e, "corte", strconv.Itoa(in.Numero))
	e.raw(",")
	rep.externalID(e, "hora-corte", dateTime(in.Hora))
	e.raw("]")
}

// notes is the report's Notes, for people: what the results are and when they were cut.
func (rep *report) notes() string {
	in := rep.in
	s := fmt.Sprintf("%s, corte %d, %s. Resultados preliminares del PREP: no son oficiales; "+
		"los resultados oficiales son los de los cómputos.", rep.proceso(), in.Numero,
		opendata.FormatCorte(in.Hora))
	if in.Final {
		s += " Corte final."
	}
	if in.Simulacro {
		s = "SIMULACRO: estos datos no son resultados reales. " + s
	}
	return s
}

func (rep *report) externalID(e *encoder, kind, value string) {
	e.raw(`{"@type":"ElectionResults.ExternalIdentifier","OtherType":`)
	e.str(kind)
	e.raw(`,"Type":"other","Value":`)
	e.str(value)
	e.raw("}")
}

func (rep *report) writeUnits(e *encoder) {
	e.raw(`,"GpUnit":[`)
	for i, u := range rep.units {
		if i > 0 {
			e.raw(",")
		}
		e.raw(`{"@id":`)
		e.id(u.id)
		e.raw(`,"@type":"ElectionResults.ReportingUnit","Type":`)
		e.str(u.typ)
		if u.otherType != "" {
			e.raw(`,"OtherType":`)
			e.str(u.otherType)
		}
		e.raw(`,"Name":`)
		e.text(u.name)
		if u.number != "" {
			e.raw(`,"Number":`)
			e.str(u.number)
		}
		if u.hasVoters {
			e.raw(`,"VotersRegistered":`)
			e.int(u.voters)
		}
		if len(u.children) > 0 {
			e.raw(`,"ComposingGpUnitIds":`)
			e.ids(u.children)
		}
		e.raw("}")
		e.flush()
	}
	e.raw("]")
}

func (rep *report) writeParties(e *encoder) {
	e.raw(`,"Party":[`)
	for i, p := range rep.parties {
		if i > 0 {
			e.raw(",")
		}
		e.raw(`{"@id":`)
		e.id(partyID(p))
		e.raw(`,"@type":"ElectionResults.Party","Name":`)
		e.text(p)
		e.raw(`,"Abbreviation":`)
		e.text(p)
		e.raw("}")
	}
	for i, c := range rep.co.list {
		if i > 0 || len(rep.parties) > 0 {
			e.raw(",")
		}
		e.raw(`{"@id":`)
		e.id(c.id)
		e.raw(`,"@type":"ElectionResults.Coalition","Name":`)
		e.text(c.name)
		e.raw(`,"Abbreviation":`)
		e.text(c.name)
		e.raw(`,"PartyIds":`)
		e.ids(c.parties)
		e.raw(`,"ContestIds":`)
		e.ids(c.contests)
		e.raw("}")
		e.flush()
	}
	e.raw("]")
}
