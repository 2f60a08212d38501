package nist

import "strconv"

// writeElection writes one Election: its candidates, its contests with their counts, and
// the ballots of every unit.
func (rep *report) writeElection(e *encoder, el *election) {
	ec := el.r.Eleccion
	name := ec.Nombre()
	if ec.Anio > 0 {
		name += " " + strconv.Itoa(ec.Anio)
	}
	if rep.in.Simulacro {
		name += " - SIMULACRO"
	}
	e.raw(`{"@type":"ElectionResults.Election","Name":`)
	e.text(name)
	// The election is the day of the jornada; ballots cast before it (voto anticipado, the
	// extranjero) are counted with those of the day.
	day := rep.jornada()
	e.raw(`,"Type":"general","StartDate":"` + day + `","EndDate":"` + day +
		`","ElectionScopeId":`)
	e.id(rep.entidad)
	e.raw(`,"ExternalIdentifier":[`)
	rep.externalID(e, "codigo-eleccion", ec.Codigo)
	e.raw(`],"Candidate":[`)
	n := 0
	for _, c := range el.contests {
		for _, cd := range c.cands {
			if n > 0 {
				e.raw(",")
			}
			n++
			writeCandidate(e, cd)
		}
		e.flush()
	}
	e.raw(`],"Contest":[`)
	var all []row
	for i, c := range el.contests {
		if i > 0 {
			e.raw(",")
		}
		rows := el.rows(c, &rep.arena)
		if c.unit == "" {
			all = rows
		}
		rep.writeContest(e, c, rows)
		if e.err != nil {
			return
		}
	}
	if all == nil {
		all = el.rows(nil, &rep.arena)
	}
	e.raw(`],"BallotCounts":[`)
	writeBallotCounts(e, all, el.nulos)
	e.raw("]}")
}

func writeCandidate(e *encoder, c candidate) {
	e.raw(`{"@id":`)
	e.id(c.id)
	e.raw(`,"@type":"ElectionResults.Candidate","BallotName":`)
	e.text(c.name)
	if c.party != "" {
		e.raw(`,"PartyId":`)
		e.id(c.party)
	}
	e.raw("}")
}

// writeContest writes a CandidateContest. Its sub-units are its actas: TotalSubUnits are the
// actas esperadas and SubUnitsReported the actas contabilizadas, the PREP's measure of
// progress.
func (rep *report) writeContest(e *encoder, c *contest, rows []row) {
	res := c.node.Resumen
	e.raw(`{"@id":`)
	e.id(c.id)
	e.raw(`,"@type":"ElectionResults.CandidateContest","Name":`)
	e.str(c.name)
	e.raw(`,"ElectionDistrictId":`)
	e.id(c.district)
	e.raw(`,"VotesAllowed":1,"NumberElected":1,"VoteVariation":"plurality","TotalSubUnits":`)
	e.int(res.ActasEsperadas)
	e.raw(`,"SubUnitsReported":`)
	e.int(res.ActasContabilizadas)
	e.raw(`,"CountStatus":[{"@type":"ElectionResults.CountStatus","Status":"`)
	e.raw(rep.countStatus(c))
	e.raw(`","Type":"total"}],"ContestSelection":[`)
	for i, s := range c.sels {
		if i > 0 {
			e.raw(",")
		}
		writeSelection(e, s, rows)
	}
	e.raw("]}")
}

// countStatus is the CountItemStatus of a contest's count: completed at the final corte,
// not processed while no acta of it is counted, in process otherwise.
func (rep *report) countStatus(c *contest) string {
	switch {
	case rep.in.Final:
		return "completed"
	case c.node.Resumen.ActasContabilizadas == 0:
		return "not-processed"
	}
	return "in-process"
}

func writeSelection(e *encoder, s selection, rows []row) {
	e.raw(`{"@id":`)
	e.id(s.id)
	e.raw(`,"@type":"ElectionResults.CandidateSelection"`)
	if s.candidate != "" {
		e.raw(`,"CandidateIds":["`)
		e.raw(s.candidate)
		e.raw(`"]`)
	}
	if len(s.parties) > 0 {
		e.raw(`,"EndorsementPartyIds":`)
		e.ids(s.parties)
	}
	if s.writeIn {
		e.raw(`,"IsWriteIn":true`)
	}
	e.raw(`,"SequenceOrder":`)
	e.int(int64(s.order))
	e.raw(`,"VoteCounts":[`)
	for i, r := range rows {
		if i > 0 {
			e.raw(",")
		}
		e.raw(`{"@type":"ElectionResults.VoteCounts","Count":`)
		e.int(r.votes[s.col])
		e.raw(`,"GpUnitId":"`)
		e.raw(r.id)
		e.raw(`","Type":"total"}`)
		e.flush()
	}
	e.raw("]}")
}

// writeBallotCounts writes, for every unit, the ballots counted in it (the sum of every
// vote column, TOTAL_VOTOS_CALCULADO) and, as a count of type "other", its votos nulos.
func writeBallotCounts(e *encoder, rows []row, nulos int) {
	for i, r := range rows {
		if i > 0 {
			e.raw(",")
		}
		var total int64
		for _, v := range r.votes {
			total += v
		}
		e.raw(`{"@type":"ElectionResults.BallotCounts","BallotsCast":`)
		e.int(total)
		e.raw(`,"GpUnitId":"`)
		e.raw(r.id)
		e.raw(`","Type":"total"}`)
		if nulos >= 0 {
			e.raw(`,{"@type":"ElectionResults.BallotCounts","BallotsCast":`)
			e.int(r.votes[nulos])
			e.raw(`,"GpUnitId":"`)
			e.raw(r.id)
			e.raw(`","OtherType":"` + OtherTypeNulos + `","Type":"other"}`)
		}
		e.flush()
	}
}

// OtherTypeNulos is the OtherType of the BallotCounts that carry the votos nulos.
const OtherTypeNulos = "votos-nulos"
