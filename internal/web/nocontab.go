package web

import (
	"sort"

	"github.com/sufragio/sufragio/internal/publish"
)

// noContabilizadas are the actas of a node that were not counted, in the same view as the
// counted ones (never in a separate archive): how many, why, and which.
type noContabilizadas struct {
	Total   int64
	Motivos []motivo
	Lista   []filaActa // empty on the election's page, where the units list them
}

// motivo is one reason, as published in OBSERVACIONES, and how many actas give it.
type motivo struct {
	Texto string
	Actas int64
}

// noContabilizadasDe gathers the actas not counted among ids; lista says whether to list
// them one by one.
func (e *eleccionData) noContabilizadasDe(ids []string, lista bool) *noContabilizadas {
	nc := &noContabilizadas{}
	por := map[string]int64{}
	for _, id := range ids {
		k, ok := e.actas[id]
		if !ok || e.Actas[k].Contabilizada != "0" {
			continue
		}
		a := &e.Actas[k]
		nc.Total++
		m := a.Observaciones
		if m == "" {
			m = "Sin observación publicada"
		}
		por[m]++
		if lista {
			nc.Lista = append(nc.Lista, e.filaActa(a))
		}
	}
	if nc.Total == 0 {
		return nil
	}
	for t, n := range por {
		nc.Motivos = append(nc.Motivos, motivo{Texto: t, Actas: n})
	}
	sort.Slice(nc.Motivos, func(i, j int) bool {
		if nc.Motivos[i].Actas != nc.Motivos[j].Actas {
			return nc.Motivos[i].Actas > nc.Motivos[j].Actas
		}
		return nc.Motivos[i].Texto < nc.Motivos[j].Texto
	})
	return nc
}

// actasDeSecciones returns the actas of the secciones keep accepts (every one when nil).
func (e *eleccionData) actasDeSecciones(keep func(*publish.NodoJSON) bool) []string {
	var ids []string
	for i := range e.Secciones {
		if keep == nil || keep(&e.Secciones[i]) {
			ids = append(ids, e.Secciones[i].Actas...)
		}
	}
	return ids
}
