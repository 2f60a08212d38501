// Package computotest helps the tests of the packages that hold cómputo sessions build the
// cases they need over the real PREP data, as httptest helps those of net/http.
package computotest

import (
	"fmt"

	"github.com/sufragio/sufragio/internal/computo"
)

// Correccion is the new figures of one casilla's columns.
type Correccion struct {
	Casilla string
	Votos   computo.Votos
}

// Mover returns the corrections that move votos votes from candidacy de to candidacy a of
// session s, from the columns of one (its parties and combinations, in order) to the first
// column of the other, casilla by casilla in the session's order. Each casilla keeps its
// total, so that no correction gives a casilla more votes than it can hold
// (computo.Definicion.Limite), as a real correction could not.
func Mover(s *computo.Sesion, de, a string, votos int64) ([]Correccion, error) {
	colsDe, colsA := columnas(s, de), columnas(s, a)
	if len(colsDe) == 0 || len(colsA) == 0 {
		return nil, fmt.Errorf("move votes: no candidacy %q or %q", de, a)
	}
	var out []Correccion
	for _, k := range s.Casillas() {
		if votos <= 0 {
			break
		}
		if k.Votos == nil {
			continue
		}
		v := computo.Votos{}
		var movidos int64
		for _, col := range colsDe {
			m := min(k.Votos[col], votos-movidos)
			if m > 0 {
				v[col] = k.Votos[col] - m
				movidos += m
			}
		}
		if movidos == 0 {
			continue
		}
		v[colsA[0]] = k.Votos[colsA[0]] + movidos
		out = append(out, Correccion{Casilla: k.ID, Votos: v})
		votos -= movidos
	}
	if votos > 0 {
		return nil, fmt.Errorf("move votes: %s has %d votes too few", de, votos)
	}
	return out, nil
}

// Voltear returns the corrections that give the runner-up of session s the majority by
// one vote or two, moving votes from the winner (Mover).
func Voltear(s *computo.Sesion) ([]Correccion, error) {
	r, ok := s.Resultado()
	if !ok || len(r.Ganador.Candidaturas) != 1 || r.Ganador.Segundo == "" {
		return nil, fmt.Errorf("voltear %s: no single winner and runner-up",
			s.Definicion().Unidad)
	}
	return Mover(s, r.Ganador.Candidaturas[0], r.Ganador.Segundo, r.Ganador.Diferencia/2+1)
}

// Aplicar records the corrections cs in s, by quien, for causa.
func Aplicar(s *computo.Sesion, quien, causa string, cs []Correccion) error {
	for _, c := range cs {
		if _, err := s.Corregir(quien, c.Casilla, c.Votos, causa, nil); err != nil {
			return err
		}
	}
	return nil
}

// columnas are the vote columns of candidacy id of s.
func columnas(s *computo.Sesion, id string) []string {
	for _, c := range s.Definicion().Candidaturas {
		if c.ID == id {
			return c.Columnas
		}
	}
	return nil
}

// RegistrarPaquetes registers every package of s as the PREP left it known
// (computo.PaqueteDePREP).
func RegistrarPaquetes(s *computo.Sesion) error {
	for _, c := range s.Casillas() {
		if err := s.RegistrarPaquete("bodega", c.ID, computo.PaqueteDePREP(c.Casilla)); err != nil {
			return err
		}
	}
	return nil
}

// Cotejar compares every acta of s in legal order: the PREP's capture confirmed where there
// is one, the acta found missing otherwise.
func Cotejar(s *computo.Sesion) error {
	for id, ok := s.Siguiente(); ok; id, ok = s.Siguiente() {
		k := computo.Cotejo{}
		if _, captada := s.Precarga(id); captada {
			k = computo.Cotejo{Confirma: true, Coinciden: true}
		}
		if _, err := s.Cotejar("consejo", id, k); err != nil {
			return err
		}
	}
	return nil
}

// Recontar plans the recounts of s in 5 grupos de trabajo (when the law asks for groups)
// and recounts every casilla sent to recount: with the PREP's figures when it counted the
// acta, and SYNTHETIC ones otherwise (10 votes for the first column), since an acta the
// PREP did not count may hold figures no casilla can (EXCEDE LISTA NOMINAL).
func Recontar(s *computo.Sesion) error {
	p, err := s.PlanearRecuento("presidencia", 5, 1800)
	if err != nil {
		return err
	}
	d := s.Definicion()
	for i, id := range s.PorRecontar() {
		r := computo.Recuento{Votos: computo.Votos{}}
		if p.GruposDeTrabajo {
			r.Grupo = i%p.Grupos + 1
		}
		a, captada := s.Precarga(id)
		if k, _ := s.Casilla(id); k.PREP == nil || !k.PREP.Contabilizada {
			captada = false
		}
		for j, col := range d.Columnas {
			switch {
			case captada && col == computo.ColumnaNulos:
				r.Votos[col] = a.Nulos.Votes()
			case captada && col == computo.ColumnaNoRegistradas:
				r.Votos[col] = a.NoRegistradas.Votes()
			case captada:
				r.Votos[col] = a.Votos[col].Votes()
			case j == 0:
				r.Votos[col] = 10
			default:
				r.Votos[col] = 0
			}
		}
		if err := s.CapturarRecuento("grupo", id, r); err != nil {
			return err
		}
	}
	return nil
}
