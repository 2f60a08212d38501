package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
)

// ErrNotFound is returned when what was asked for is not in the store.
var ErrNotFound = errors.New("not found")

// querier is what reads need of a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// storedEleccion is a row of elections.
type storedEleccion struct {
	def  *catalog.Eleccion
	asOf time.Time
}

// elections reads every election in publication order (see Elecciones).
func (s *Store) elections(ctx context.Context, q querier) ([]storedEleccion, error) {
	rows, err := q.QueryContext(ctx, `SELECT definition, as_of FROM elections ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("read elections: %w", err)
	}
	defer rows.Close()
	var out []storedEleccion
	for rows.Next() {
		var js, asOf string
		if err := rows.Scan(&js, &asOf); err != nil {
			return nil, fmt.Errorf("read elections: %w", err)
		}
		st := storedEleccion{def: &catalog.Eleccion{}}
		if err := json.Unmarshal([]byte(js), st.def); err != nil {
			return nil, fmt.Errorf("decode election definition: %w", err)
		}
		if st.asOf, err = parseTime(asOf); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read elections: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return publicationRank(out[i].def.Codigo) < publicationRank(out[j].def.Codigo)
	})
	return out, nil
}

// publicationRank orders the elections as the PREP publishes them; others go after, by code.
func publicationRank(code string) int {
	switch code {
	case "GUB":
		return 0
	case "DIP_LOC":
		return 1
	case "AYUN":
		return 2
	case "PRES":
		return 3
	case "SEN":
		return 4
	case "DIP_FED":
		return 5
	}
	return 6
}

// Elecciones returns the definition of every stored election: GUB, DIP_LOC and AYUN first,
// then the federal PRES, SEN and DIP_FED, then any other by code.
func (s *Store) Elecciones(ctx context.Context) ([]*catalog.Eleccion, error) {
	stored, err := s.elections(ctx, s.r)
	if err != nil {
		return nil, err
	}
	out := make([]*catalog.Eleccion, len(stored))
	for i, st := range stored {
		out[i] = st.def
	}
	return out, nil
}

// actaRows reads the stored rows of an election's actas in publication order.
func (s *Store) actaRows(ctx context.Context, q querier, codigo string) ([]actaRow, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+actaList+
		" FROM actas WHERE eleccion = ? ORDER BY orden", codigo)
	if err != nil {
		return nil, fmt.Errorf("read actas %s: %w", codigo, err)
	}
	defer rows.Close()
	var out []actaRow
	for rows.Next() {
		var r actaRow
		if err := rows.Scan(r.fields()...); err != nil {
			return nil, fmt.Errorf("read actas %s: %w", codigo, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read actas %s: %w", codigo, err)
	}
	return out, nil
}

// Actas returns the actas of an election in publication order (Acta.Orden), as the last
// import stored them. An election the store does not hold gives ErrNotFound.
func (s *Store) Actas(ctx context.Context, codigo string) ([]*acta.Acta, error) {
	actas, _, _, err := s.ActasCambiadas(ctx, codigo, nil)
	return actas, err
}

// operated reports whether the election is run by sufragio's own PREP line (its catalog
// was loaded), rather than imported from published files.
func (s *Store) operated(ctx context.Context, codigo string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM prep_actas
		WHERE eleccion = ? LIMIT 1) x`, codigo).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read operation of %s: %w", codigo, err)
	}
	return n > 0, nil
}

// Geografia places every sección of the stored actas in its distrito (from the elections
// grouped by distrito) and its municipio (from those grouped by municipio). Where two
// elections place a sección, the first in publication order wins.
func (s *Store) Geografia(ctx context.Context) (corte.Geografia, error) {
	stored, err := s.elections(ctx, s.r)
	if err != nil {
		return nil, err
	}
	geo := corte.Geografia{}
	seen := map[catalog.Unidad]map[string]bool{}
	for _, st := range stored {
		u := st.def.Unidad
		if u != catalog.UnidadDistrito && u != catalog.UnidadMunicipio {
			continue
		}
		if catalog.Nacional(st.def.Codigo) {
			continue // its actas place themselves (corte.Tally); sección numbers repeat
		}
		if seen[u] == nil {
			seen[u] = map[string]bool{}
		}
		if err := s.place(ctx, geo, st.def.Codigo, u, seen[u]); err != nil {
			return nil, err
		}
	}
	return geo, nil
}

// place adds the secciones of one election to geo, skipping those already placed at its
// level; actas without a sección (voto anticipado, extranjero, fuera de catálogo) place none.
func (s *Store) place(ctx context.Context, geo corte.Geografia, codigo string,
	u catalog.Unidad, seen map[string]bool) error {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT seccion, unidad_id, unidad
		FROM actas WHERE eleccion = ? AND seccion <> '' AND seccion <> 'N/A'
		ORDER BY seccion, unidad_id`, codigo)
	if err != nil {
		return fmt.Errorf("read secciones of %s: %w", codigo, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sec, id, name string
		if err := rows.Scan(&sec, &id, &name); err != nil {
			return fmt.Errorf("read secciones of %s: %w", codigo, err)
		}
		if seen[sec] {
			continue
		}
		seen[sec] = true
		p := geo[sec]
		if u == catalog.UnidadDistrito {
			p.DistritoID, p.Distrito = id, name
		} else {
			p.MunicipioID, p.Municipio = id, name
		}
		geo[sec] = p
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read secciones of %s: %w", codigo, err)
	}
	return nil
}

// AsOf returns the newest cut time of the data the store holds, or the zero time when it
// holds none.
func (s *Store) AsOf(ctx context.Context) (time.Time, error) {
	stored, err := s.elections(ctx, s.r)
	if err != nil {
		return time.Time{}, err
	}
	var newest time.Time
	for _, st := range stored {
		if st.asOf.After(newest) {
			newest = st.asOf
		}
	}
	return newest, nil
}

// Imported reports whether a file with this SHA-256 has been imported, for any election.
func (s *Store) Imported(ctx context.Context, sha256 string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM imports WHERE sha256 = ?`,
		sha256).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("find import %s: %w", sha256, err)
	}
	return n > 0, nil
}
