package computo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Sorteo settles a tie: it receives what is drawn and returns the Lugares winners, chosen
// among the Empatados. The council draws them; the function brings its result in (or, in a
// simulation, draws them itself).
type Sorteo func(SorteoSolicitud) ([]string, error)

// SorteoSolicitud is one tie to be settled by sorteo.
type SorteoSolicitud struct {
	// Unidad is the distrito or municipio where the tie happens.
	Unidad string
	// Motivo says in Spanish what is being drawn.
	Motivo string
	// Empatados are the tied parties, in alphabetical order.
	Empatados []string
	// Lugares is how many of them win.
	Lugares int
}

// SorteoRegistro records one sorteo: what was drawn, between whom, and the result. The caller
// stores it with the cómputo.
type SorteoRegistro struct {
	Unidad    string
	Motivo    string
	Empatados []string
	Lugares   int
	Ganadores []string
}

// sortear asks s to settle req and checks that the answer is a valid draw.
func sortear(s Sorteo, req SorteoSolicitud) (SorteoRegistro, error) {
	if s == nil {
		return SorteoRegistro{}, datosErrorf("%s: empate entre %s que debe resolverse por "+
			"sorteo, y no se indicó cómo sortear", req.Motivo, strings.Join(req.Empatados, ", "))
	}
	got, err := s(req)
	if err != nil {
		return SorteoRegistro{}, fmt.Errorf("sorteo %q: %w", req.Motivo, err)
	}
	seen := map[string]bool{}
	for _, g := range got {
		if !slices.Contains(req.Empatados, g) || seen[g] {
			return SorteoRegistro{}, fmt.Errorf("sorteo %q: %q is not one of the tied %v",
				req.Motivo, g, req.Empatados)
		}
		seen[g] = true
	}
	if len(got) != req.Lugares {
		return SorteoRegistro{}, fmt.Errorf("sorteo %q: %d winners, want %d",
			req.Motivo, len(got), req.Lugares)
	}
	return SorteoRegistro{Unidad: req.Unidad, Motivo: req.Motivo,
		Empatados: slices.Clone(req.Empatados), Lugares: req.Lugares,
		Ganadores: slices.Clone(got)}, nil
}

// SorteoAleatorio draws lots with rng, for simulations and what-if runs; a real cómputo
// brings in the council's draw instead. A nil rng uses a randomly seeded generator.
func SorteoAleatorio(rng *rand.Rand) Sorteo {
	if rng == nil {
		rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return func(req SorteoSolicitud) ([]string, error) {
		c := slices.Clone(req.Empatados)
		rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		return c[:req.Lugares], nil
	}
}
