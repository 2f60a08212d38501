package computopub

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
)

// faseAsignacion is the step of an assignment before its first one is made.
const faseAsignacion = "por asignar"

// Asignacion publishes the state of an RP assignment as cómputo id: its entry in
// index.json and, once an assignment is made, its record (every assignment, the one in
// force last), its CSV and its explanation.
func (p *Publicador) Asignacion(id string, a *computo.Asignacion, ahora time.Time) error {
	if err := ValidarID(id); err != nil {
		return err
	}
	if a == nil {
		return fmt.Errorf("publish cómputo %s: no assignment", id)
	}
	e := entradaAsignacion(id, a)
	var f *fuente
	if _, ok := a.Vigente(); ok {
		f = &fuente{asignacion: a}
	}
	return p.publicar(e, f, ahora)
}

// entradaAsignacion is the index entry of an assignment.
func entradaAsignacion(id string, a *computo.Asignacion) Entrada {
	d := a.Definicion()
	e := Entrada{ID: id, Eleccion: d.Eleccion, EleccionNombre: d.EleccionNombre,
		Organo: string(d.Organo), Consejo: d.Consejo, Unidad: d.Unidad,
		UnidadNombre: d.UnidadNombre, Simulacro: d.Simulacro, Asignacion: true,
		Fase: faseAsignacion, Eventos: a.NumeroEventos()}
	e.Avance.ActasEsperadas = len(d.Partes)
	if v, ok := a.Vigente(); ok {
		e.Fase = fmt.Sprintf("asignación %d aprobada", v.Numero)
		e.Concluido = true
		e.Escanos = []Escano{}
		for _, f := range v.Resultado.Filas {
			if f.RP > 0 {
				e.Escanos = append(e.Escanos, Escano{Partido: f.Partido, RP: f.RP})
			}
		}
	}
	return e
}

// registroAsignacion is the public record of an assignment. It leaves Archivos and
// Actualizado to the caller.
func registroAsignacion(e Entrada, a *computo.Asignacion) *Computo {
	d := a.Definicion()
	c := &Computo{Version: Version, ID: e.ID, Simulacro: d.Simulacro, Instituto: d.Instituto,
		Proceso: d.Proceso, Consejo: d.Consejo, Organo: string(d.Organo), Eleccion: d.Eleccion,
		EleccionNombre: d.EleccionNombre, Unidad: d.Unidad, UnidadNombre: d.UnidadNombre,
		Fase: e.Fase, Concluido: e.Concluido, Metodo: string(d.Metodo),
		Toma: slices.Clone(d.Partes), Columnas: []string{}, Votos: []int64{},
		Candidaturas: []Candidatura{}, Partidos: []Partido{}, Repartos: []Reparto{},
		Recuentos: []Recuento{}, PlanesRecuento: []string{}, Grupos: []Grupo{},
		Sorteos: []Sorteo{}, Correcciones: []Correccion{}, Constancias: []Constancia{},
		Archivos: []Archivo{}}
	s := a.Siglado()
	for _, u := range slices.Sorted(maps.Keys(s)) {
		for _, k := range slices.Sorted(maps.Keys(s[u])) {
			c.Siglado = append(c.Siglado, Siglado{Unidad: u, Candidatura: k, Partido: s[u][k]})
		}
	}
	for _, r := range a.Asignaciones() {
		if c.FechaResultados.IsZero() {
			c.FechaResultados = utc(r.Cuando)
		}
		c.Asignaciones = append(c.Asignaciones, asignacion(r))
	}
	return c
}

// asignacion is the public record of one assignment.
func asignacion(r computo.RegistroAsignacion) Asignacion {
	x := Asignacion{Numero: r.Numero, Acuerdo: r.Acuerdo, Cuando: utc(r.Cuando),
		Vigente: !r.Sustituida, SustituidaPor: r.SustituidaPor, Causa: r.Causa,
		Versiones: maps.Clone(r.Versiones), Ganadora: slices.Clone(r.Ganadora),
		NoRegistradas: r.Votacion.NoRegistradas, Nulos: r.Votacion.Nulos, Filas: []FilaRP{},
		Pasos: []Paso{}, Sorteos: sorteos(r.Resultado.Sorteos)}
	for _, f := range r.Resultado.Filas {
		x.Filas = append(x.Filas, FilaRP{Partido: f.Partido, Votos: f.Votos,
			ConDerecho: f.ConDerecho, Independiente: f.Independiente, MR: f.MR, RP: f.RP,
			Total: f.Total})
	}
	for _, p := range r.Resultado.Pasos {
		x.Pasos = append(x.Pasos, Paso{Texto: p.Texto, Fundamento: p.Fundamento,
			PorConfirmar: p.PorConfirmar})
	}
	return x
}

// documentosAsignacion lists the files of an assignment: the seats of the one in force as
// CSV and its explanation as text.
func documentosAsignacion(a *computo.Asignacion) []documentoPub {
	d := a.Definicion()
	v, _ := a.Vigente()
	return []documentoPub{{nombre: "asignacion.csv",
		descripcion: "Asignación vigente: votos, diputaciones o regidurías por partido (CSV)",
		generar: func(w io.Writer) error {
			return documento.RPCSV(w, d.Simulacro, v.Resultado)
		}}, {nombre: "explicacion.txt",
		descripcion: "Explicación paso a paso de la asignación vigente, con su fundamento (texto)",
		generar:     func(w io.Writer) error { return documento.ExplicacionRP(w, d, v) }}}
}
