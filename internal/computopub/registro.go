package computopub

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
)

// entradaSesion is the index entry of a council's session.
func entradaSesion(id string, s *computo.Sesion) Entrada {
	d := s.Definicion()
	e := cabecera(id, d)
	e.Fase, e.Concluido = s.Fase().String(), s.Concluida()
	e.Eventos = s.NumeroEventos()
	for _, c := range s.Casillas() {
		e.Avance.CasillasEsperadas++
		switch c.Fuente {
		case computo.FuenteNoInstalada:
			e.Avance.NoInstaladas++
		case computo.FuentePendiente:
			e.Avance.Pendientes++
		default:
			e.Avance.Computadas++
		}
		if c.Cotejo != nil {
			e.Avance.Cotejadas++
		}
		if c.Recuento != nil {
			e.Avance.Recontadas++
		}
	}
	_, e.ValidezDeclarada = s.Validez()
	if r, ok := s.Resultado(); ok {
		res := resumen(d, r, s.Constancias())
		e.Resultados = &res
	}
	return e
}

// entradaEstatal is the index entry of the Consejo General's state cómputo.
func entradaEstatal(id string, c *computo.ComputoEstatal) Entrada {
	def := c.Definicion()
	e := cabecera(id, def.Definicion)
	e.Estatal, e.Eventos = true, c.NumeroEventos()
	e.Fase, e.Concluido = c.Etapa(), c.Fase() == computo.FaseConcluida
	e.Avance.ActasEsperadas = len(def.Partes)
	for _, a := range c.Actas() {
		e.Avance.ActasRecibidas++
		e.Avance.Computadas += a.Casillas
		e.Avance.Recontadas += a.Recontadas
	}
	_, e.ValidezDeclarada = c.Validez()
	if r, ok := c.Resultado(); ok {
		res := resumen(def.Definicion, r, c.Constancias())
		e.Resultados = &res
	}
	return e
}

// cabecera is what an entry says of the council and the contest.
func cabecera(id string, d computo.Definicion) Entrada {
	return Entrada{ID: id, Eleccion: d.Eleccion, EleccionNombre: d.EleccionNombre,
		Organo: string(d.Organo), Consejo: d.Consejo, Unidad: d.Unidad,
		UnidadNombre: d.UnidadNombre, Declara: d.Declara, Simulacro: d.Simulacro}
}

// resumen is the outcome of results r: totals, winner and runner-up or the tie, and the
// constancia in force among ks.
func resumen(d computo.Definicion, r computo.ResultadoComputo, ks []computo.Constancia) Resumen {
	out := Resumen{Total: r.Total, Valida: r.Valida, NoRegistradas: r.NoRegistradas,
		Nulos: r.Nulos}
	g := r.Ganador
	switch {
	case g.Votos == 0:
		// Nobody has votes: no winner and no tie worth the name.
	case g.Empate:
		for _, id := range g.Candidaturas {
			out.Empate = append(out.Empate, lugar(d, id, g.Votos))
		}
	case len(g.Candidaturas) == 1:
		l := lugar(d, g.Candidaturas[0], g.Votos)
		out.Ganador, out.Diferencia = &l, g.Diferencia
		if g.Segundo != "" {
			s := lugar(d, g.Segundo, g.VotosSegundo)
			out.Segundo = &s
		}
	}
	for i := len(ks) - 1; i >= 0; i-- {
		if !ks[i].Revocada {
			out.ConstanciaVigente = ks[i].Folio
			break
		}
	}
	return out
}

// lugar is candidacy id of d with votes.
func lugar(d computo.Definicion, id string, votos int64) Lugar {
	l := Lugar{Candidatura: id, Nombre: id, Votos: votos, Partidos: []string{}}
	for _, c := range d.Candidaturas {
		if c.ID == id {
			if c.Nombre != "" {
				l.Nombre = c.Nombre
			}
			l.Partidos = slices.Clone(c.Partidos)
		}
	}
	return l
}

// registro is the public record of an acta de cómputo and, for a council's session, of its
// reconciliation with the PREP. It leaves Archivos and Actualizado to the caller.
func registro(id string, e Entrada, a computo.ActaComputo, k *computo.Conciliacion) *Computo {
	d := a.Definicion
	r := a.Resultado
	c := &Computo{Version: Version, ID: id, Simulacro: d.Simulacro, Estatal: a.Estatal,
		Instituto: d.Instituto, Proceso: d.Proceso, Consejo: d.Consejo,
		Organo: string(d.Organo), Eleccion: d.Eleccion, EleccionNombre: d.EleccionNombre,
		Unidad: d.Unidad, UnidadNombre: d.UnidadNombre, Declara: d.Declara, Fase: e.Fase,
		Concluido: e.Concluido, FechaResultados: utc(a.Fecha),
		Columnas: slices.Clone(d.Columnas), Votos: porColumna(d.Columnas, r.Votos),
		Resumen: *e.Resultados, Casillas: Casillas{Esperadas: a.CasillasEsperadas,
			NoInstaladas: a.NoInstaladas, Computadas: r.Casillas, Recontadas: r.Recontadas},
		Recuentos: []Recuento{}, PlanesRecuento: []string{}, Grupos: []Grupo{},
		Sorteos: sorteos(a.Sorteos), Correcciones: []Correccion{}, Constancias: []Constancia{},
		Archivos: []Archivo{}}
	if a.Estatal {
		c.Reparto = a.Reparto.String()
	}
	c.Candidaturas = candidaturas(d, r)
	c.Partidos, c.Repartos = partidos(d, r)
	c.Recuentos, c.RecuentoTotal = recuentos(a)
	for _, p := range a.Planes {
		c.PlanesRecuento = append(c.PlanesRecuento, p.Explicacion)
	}
	for _, g := range a.Grupos {
		c.Grupos = append(c.Grupos, Grupo{Grupo: g.Grupo, Casillas: g.Casillas,
			Total: suma(g.Votos)})
	}
	c.Correcciones = correcciones(d, a.Correcciones, k)
	if v := a.Validez; v != nil {
		c.Validez = &Validez{Acuerdo: v.Acuerdo, Ganador: v.Ganador,
			Declarada: utc(v.Declarada), Fundamento: v.Fundamento, PorConfirmar: v.PorConfirmar}
	}
	for _, k := range a.Constancias {
		c.Constancias = append(c.Constancias, constancia(k))
	}
	c.Partes = partes(d, a.Partes)
	if k != nil {
		c.Conciliacion = conciliacion(d.Columnas, *k)
	}
	return c
}

// candidaturas lists the candidacies in the definition's order with their votes.
func candidaturas(d computo.Definicion, r computo.ResultadoComputo) []Candidatura {
	votos := map[string]int64{}
	for _, c := range r.Candidaturas {
		votos[c.Candidatura] = c.Votos
	}
	out := []Candidatura{}
	for _, c := range d.Candidaturas {
		out = append(out, Candidatura{ID: c.ID, Nombre: c.Nombre, Suplente: c.Suplente,
			Partidos: vacio(c.Partidos), Columnas: vacio(c.Columnas),
			Independiente: c.Independiente, Votos: votos[c.ID]})
	}
	return out
}

// partidos lists the parties' votes after the split, in column order, and each split.
func partidos(d computo.Definicion, r computo.ResultadoComputo) ([]Partido, []Reparto) {
	ps := []Partido{}
	for _, col := range d.Columnas {
		total, ok := r.Distribucion.Partidos[col]
		if !ok {
			continue
		}
		propios := r.Votos[col]
		ps = append(ps, Partido{Partido: col, Propios: propios, DeCombinaciones: total - propios,
			Total: total})
	}
	rs := []Reparto{}
	for _, rp := range r.Distribucion.Repartos {
		x := Reparto{Columna: rp.Columna, Votos: rp.Votos, Cociente: rp.Cociente,
			Resto: rp.Resto, Partes: []Parte{}}
		for _, p := range rp.Partes {
			x.Partes = append(x.Partes, Parte{Partido: p.Partido, Votos: p.Votos})
		}
		rs = append(rs, x)
	}
	return ps, rs
}

// recuentos lists the recounted casillas with their causes, and the total recount
// decision.
func recuentos(a computo.ActaComputo) ([]Recuento, *RecuentoTotal) {
	out := []Recuento{}
	for _, r := range a.Recuentos {
		x := Recuento{Casilla: r.Casilla, Clave: r.Clave, Grupo: r.Grupo, Causas: []Causa{},
			Reservados: r.Reservados}
		for _, k := range r.Causas {
			x.Causas = append(x.Causas, Causa{Codigo: string(k.Codigo),
				Descripcion: k.Descripcion, Detalle: k.Detalle, Fundamento: k.Fundamento,
				PorConfirmar: k.PorConfirmar})
		}
		out = append(out, x)
	}
	rt := a.RecuentoTotal
	if rt == nil {
		return out, nil
	}
	d := a.Definicion
	return out, &RecuentoTotal{Procede: rt.Procede, DentroDelMargen: rt.DentroDelMargen,
		PeticionSegundo: rt.PeticionSegundo,
		Primero:         lugar(d, rt.Primero.Candidatura, rt.Primero.Votos),
		Segundo:         lugar(d, rt.Segundo.Candidatura, rt.Segundo.Votos),
		Diferencia:      rt.Diferencia, Base: rt.Base, BaseNombre: rt.BaseNombre,
		Porcentaje: rt.Porcentaje, Fundamento: rt.Fundamento, Explicacion: rt.Explicacion,
		MargenPorConfirmar: rt.MargenPorConfirmar}
}

func sorteos(ss []computo.SorteoRegistro) []Sorteo {
	out := []Sorteo{}
	for _, s := range ss {
		out = append(out, Sorteo{Unidad: s.Unidad, Motivo: s.Motivo,
			Empatados: vacio(s.Empatados), Lugares: s.Lugares, Ganadores: vacio(s.Ganadores)})
	}
	return out
}

// correcciones lists the changes after the results, each column changed in column order;
// k, when given, names each casilla by its clave.
func correcciones(d computo.Definicion, ks []computo.CorreccionActa,
	k *computo.Conciliacion) []Correccion {
	claves := map[string]string{}
	if k != nil {
		for _, f := range k.Filas {
			claves[f.Casilla.ID] = f.Casilla.Clave
		}
	}
	out := []Correccion{}
	for _, c := range ks {
		x := Correccion{Casilla: c.Casilla, Clave: claves[c.Casilla], Cambios: []Cambio{},
			Causa: c.Causa, Cuando: utc(c.Cuando), Revoca: c.Revoca, Nueva: c.Nueva}
		for _, col := range d.Columnas {
			if n, ok := c.Cambios[col]; ok {
				x.Cambios = append(x.Cambios, Cambio{Columna: col, Votos: n})
			}
		}
		out = append(out, x)
	}
	return out
}

// constancia is the public record of a constancia: what its PDF states, without who
// issued it.
func constancia(k computo.Constancia) Constancia {
	return Constancia{Folio: k.Folio, Candidatura: k.Candidatura, Propietaria: k.Propietaria,
		Suplente: k.Suplente, Partidos: vacio(k.Partidos), Votos: k.Votos, Segundo: k.Segundo,
		Diferencia: k.Diferencia, Expedida: utc(k.Expedida), Fundamento: k.Fundamento,
		PorConfirmar: k.PorConfirmar, Revocada: k.Revocada,
		RevocadaCuando: utc(k.RevocadaCuando), RevocadaCausa: k.RevocadaCausa,
		SustituidaPor: k.SustituidaPor, Archivo: nombreConstancia(k.Folio)}
}

// nombreConstancia is the file name of the PDF of the constancia of a folio. A folio is an
// election code, a unit id and a number ("GUB-21-1"); anything else a unit id might hold is
// written as "_", so that the name stays one plain file name.
func nombreConstancia(folio string) string {
	limpio := strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-',
			r == '_':
			return r
		}
		return '_'
	}, folio)
	return "constancia-" + limpio + ".pdf"
}

// partes lists the district actas of a state cómputo.
func partes(d computo.Definicion, as []computo.ActaDistrital) []DistritoActa {
	var out []DistritoActa
	for _, p := range as {
		out = append(out, DistritoActa{Unidad: p.Unidad, UnidadNombre: p.UnidadNombre,
			Consejo: p.Consejo, Casillas: p.Casillas, Recontadas: p.Recontadas,
			Votos: porColumna(d.Columnas, p.Votos), Total: suma(p.Votos),
			Mayoria: vacio(p.Ganador.Candidaturas), Empate: p.Ganador.Empate,
			Version: p.Version})
	}
	return out
}

// conciliacion is the public record of the reconciliation with the PREP.
func conciliacion(cols []string, k computo.Conciliacion) *Conciliacion {
	out := &Conciliacion{PREP: porColumna(cols, k.PREP),
		Computo: porColumna(cols, k.Computo), Diferencia: porColumna(cols, k.Diferencia),
		CasillasPorCausa: map[string]int{}, VotosPorCausa: map[string]int64{},
		Filas: []FilaConciliacion{}}
	for _, c := range slices.Sorted(maps.Keys(k.Casillas)) {
		out.CasillasPorCausa[string(c)] = k.Casillas[c]
		out.VotosPorCausa[string(c)] = k.Votos[c]
	}
	for _, f := range k.Filas {
		x := FilaConciliacion{Casilla: f.Casilla.ID, Clave: f.Casilla.Clave,
			Seccion: f.Casilla.Seccion, Tipo: f.Casilla.Tipo, PREPCapturada: f.PREP != nil,
			PREPContabilizada: f.PREPContabilizada, Fuente: string(f.Fuente),
			Causa: string(f.Causa), Recontada: f.Recontada, Corregida: f.Corregida,
			Computo: porColumna(cols, f.Computo), Diferencia: porColumna(cols, f.Diferencia)}
		if f.PREP != nil {
			x.PREP = porColumna(cols, f.PREP)
		}
		out.Filas = append(out.Filas, x)
	}
	return out
}

// porColumna lists v in the order of cols.
func porColumna(cols []string, v computo.Votos) []int64 {
	out := make([]int64, len(cols))
	for i, c := range cols {
		out[i] = v[c]
	}
	return out
}

func suma(v computo.Votos) int64 {
	var n int64
	for _, x := range v {
		n += x
	}
	return n
}

// vacio returns a copy of xs, empty rather than nil, so that JSON lists it as [].
func vacio(xs []string) []string { return append([]string{}, xs...) }

// utc writes every time of the record in UTC, so that a record built twice from the same
// events is the same bytes whatever zone the caller's clock used; the site shows them in
// Mexico City time.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
