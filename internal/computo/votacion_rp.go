package computo

// Siglado says, per unit and per winning coalition candidacy, the party the MR seat counts
// for: unidad → candidacy ID → party (CIPEEP art. 321 a); RULES.md §5). A candidacy of one
// party needs no entry.
type Siglado map[string]map[string]string

// VotacionRPDe builds the input of an RP assignment (AsignarPuebla, AsignarFederal) from
// the MR cómputos of an election: the parties' votes after each unit's split, the
// independents', no registradas and nulos, and the MR seats by siglado from the constancia
// in force of each unit. It is complete only when every session has concluded. Called
// again after a correction, it carries the new winner to the seats.
func VotacionRPDe(sesiones []*Sesion, siglado Siglado) (VotacionRP, error) {
	return votacionDe(sesiones, siglado, true)
}

// votacionDe is VotacionRPDe; without contar it counts no majority seats (the regidurías, whose
// formula leaves the winning planilla out instead).
func votacionDe(sesiones []*Sesion, siglado Siglado, contar bool) (VotacionRP, error) {
	v := VotacionRP{Completa: len(sesiones) > 0}
	partidos, independientes := Votos{}, Votos{}
	mr := map[string]int{}
	var orden, ordenInd []string
	for _, s := range sesiones {
		r, ok := s.Resultado()
		if !ok || !s.Concluida() {
			v.Completa = false
			continue
		}
		for _, col := range s.def.Columnas {
			if n, ok := r.Distribucion.Partidos[col]; ok {
				if _, seen := partidos[col]; !seen {
					orden = append(orden, col)
				}
				partidos[col] += n
			}
		}
		for _, c := range s.def.Candidaturas {
			if c.Independiente {
				if _, seen := independientes[c.ID]; !seen {
					ordenInd = append(ordenInd, c.ID)
				}
				independientes[c.ID] += r.Votos[c.ID]
			}
		}
		v.NoRegistradas += r.NoRegistradas
		v.Nulos += r.Nulos
		if !contar {
			continue
		}
		if err := contarMR(s, siglado, mr); err != nil {
			return v, err
		}
	}
	for _, p := range orden {
		v.Partidos = append(v.Partidos, PartidoRP{Partido: p, Votos: partidos[p], MR: mr[p]})
	}
	for _, p := range ordenInd {
		v.Independientes = append(v.Independientes, PartidoRP{Partido: p,
			Votos: independientes[p], MR: mr[p]})
	}
	return v, nil
}

// contarMR adds the MR seat of a concluded session to the party its siglado names.
func contarMR(s *Sesion, siglado Siglado, mr map[string]int) error {
	k := s.vigente()
	if k == nil {
		return nil // a tie: no constancia in force, no seat
	}
	if len(k.Partidos) == 1 {
		mr[k.Partidos[0]]++
		return nil
	}
	p, ok := siglado[s.def.Unidad][k.Candidatura]
	if !ok {
		return datosErrorf("falta el siglado de la candidatura %s en %s: a qué partido se "+
			"cuenta su diputación de mayoría (CIPEEP art. 321 a))", k.Candidatura,
			s.def.contienda())
	}
	mr[p]++
	return nil
}
