// Package simulacro replays an election night of the PREP from real open-data files, as the
// staff of the CATDs would live it: acopio of each acta in the order of its
// FECHA_HORA_ACOPIO, an image per acta, two blind captures, verification and cortes. It
// drives a running sufragio through its real HTTP endpoints, so what it measures and checks
// is the product itself.
//
// A simulacro's data lives in a database of its own and is marked SIMULACRO everywhere; it
// never enters a live corte.
package simulacro

import (
	"hash/fnv"
	"sort"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/opendata"
)

// Tipo tells how an acta enters the replay.
type Tipo uint8

// The kinds of step.
const (
	Normal          Tipo = iota // acopio, image, two captures
	SinActa                     // acopio recording a missing Acta PREP, nothing else
	FueraDeCatalogo             // acopio of a key that matches no acta of the catalog
)

// Paso is one acta of the replay.
type Paso struct {
	Eleccion *catalog.Eleccion
	Acta     *acta.Acta // the acta as the final file publishes it
	Tipo     Tipo
	// Acopio is the time the acta arrived in the real night; zero for sin-acta actas, which
	// publish no time and are replayed last.
	Acopio time.Time
	// Casilla reports that the acta was digitized at the casilla (PREP Casilla): its image
	// goes through the mobile page, which stands for its acopio.
	Casilla bool
	// Discrepa reports that the second capturista will deliberately key one field wrong.
	Discrepa bool
}

// Plan lists the registered actas of the given final files in the order of their real
// acopio, sin-acta actas last. The fuera-de-catálogo rows, the same in every file of a
// process (RULES.md §4.6 item 7), are replayed once, from the first file. share is the
// fraction (0 to 1) of captured actas whose second capture disagrees; which ones is fixed
// by a hash of the acta's id, so a replay is repeatable.
func Plan(files []*opendata.Archivo, share float64) []Paso {
	var pasos []Paso
	for i, f := range files {
		for _, a := range f.Actas {
			p := Paso{Eleccion: f.Eleccion, Acta: a}
			switch {
			case a.FueraDeCatalogo():
				if i > 0 {
					continue
				}
				p.Tipo = FueraDeCatalogo
			case !a.Registrada():
				continue
			case esSinActa(a):
				p.Tipo = SinActa
			default:
				p.Casilla = a.Origen == "CASILLA"
				p.Discrepa = elegida(f.Eleccion.Codigo+a.ID, share)
			}
			if a.Acopio.IsTime() {
				p.Acopio = a.Acopio.T
			}
			pasos = append(pasos, p)
		}
	}
	sort.SliceStable(pasos, func(i, j int) bool {
		a, b := pasos[i].Acopio, pasos[j].Acopio
		switch {
		case a.IsZero() != b.IsZero():
			return b.IsZero()
		default:
			return a.Before(b)
		}
	})
	return pasos
}

// esSinActa reports whether the published acta says its Acta PREP never arrived.
func esSinActa(a *acta.Acta) bool {
	return a.Publicada != nil && a.Publicada.Flags&acta.SinActaFlags != 0
}

// elegida picks a fraction share of keys, by their hash.
func elegida(key string, share float64) bool {
	if share <= 0 {
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return float64(h.Sum32()%10000) < share*10000
}

// MotivoSinActa is the reason of a sin-acta acta as the acopio form names it.
func MotivoSinActa(a *acta.Acta) string {
	if a.Publicada == nil {
		return ""
	}
	switch f := a.Publicada.Flags; {
	case f&acta.FlagPaqueteNoEntregado != 0:
		return "no_entregado"
	case f&acta.FlagPaqueteSinBolsa != 0:
		return "sin_bolsa"
	case f&acta.FlagCasillaNoInstalada != 0:
		return "no_instalada"
	}
	return "no_entregado"
}

// Texto renders a captured value as a capturista types it: the number, "ilegible" or
// "sin dato".
func Texto(v acta.Value) string {
	switch v.Kind {
	case acta.Ilegible:
		return "ilegible"
	case acta.SinDato:
		return "sin dato"
	}
	return v.String()
}
