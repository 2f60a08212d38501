package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sufragio/sufragio/internal/prep"
)

// Progreso is where the PREP line stands, for one CATD or the whole PREP.
type Progreso struct {
	CATD string // "" for the whole PREP
	// Etapas counts the actas at each stage, by election code; Total adds the elections.
	Etapas map[string]map[prep.Etapa]int
	Total  map[prep.Etapa]int
	// Esperando is, for each stage where actas wait (acopiada, digitalizada,
	// por_verificar), the time since when the oldest one waits.
	Esperando map[prep.Etapa]time.Time
	// PorHora counts, per hour (local time), the arrivals and the verified actas.
	PorHora []Hora
	// Capturistas are the discrepancy rates of each capturista.
	Capturistas []Capturista
	// FueraCatalogo counts the keys and images that matched no acta.
	FueraCatalogo int
}

// Hora is one hour of the night.
type Hora struct {
	Inicio               time.Time
	Acopios, Verificadas int
}

// Capturista is how one capturista's captures fared: a capture is discrepant when the
// verificador settled a figure differently or sent the acta back.
type Capturista struct {
	Usuario                string
	Capturas, Discrepantes int
}

// Progreso reads the state of the line for the CATD catd ("" for all).
func (s *Store) Progreso(ctx context.Context, catd string) (*Progreso, error) {
	p := &Progreso{CATD: catd, Etapas: map[string]map[prep.Etapa]int{},
		Total: map[prep.Etapa]int{}, Esperando: map[prep.Etapa]time.Time{}}
	filter, args := "", []any{}
	if catd != "" {
		filter = ` AND EXISTS (SELECT 1 FROM catd_unidades u WHERE u.eleccion = p.eleccion
			AND u.unidad_id = p.unidad_id AND u.catd = ?)`
		args = append(args, catd)
	}
	if err := s.progresoEtapas(ctx, p, filter, args); err != nil {
		return nil, err
	}
	if err := s.progresoHoras(ctx, p, filter, args); err != nil {
		return nil, err
	}
	if err := s.progresoCapturistas(ctx, p, filter, args); err != nil {
		return nil, err
	}
	if catd == "" {
		err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM fuera_catalogo`).
			Scan(&p.FueraCatalogo)
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *Store) progresoEtapas(ctx context.Context, p *Progreso, filter string,
	args []any) error {
	rows, err := s.r.QueryContext(ctx, `SELECT eleccion, etapa, COUNT(*),
		MIN(CASE etapa WHEN 'acopiada' THEN acopio_at WHEN 'digitalizada' THEN digitalizada_at
		WHEN 'por_verificar' THEN updated_at ELSE '' END)
		FROM prep_actas p WHERE 1 = 1`+filter+` GROUP BY eleccion, etapa`, args...)
	if err != nil {
		return fmt.Errorf("read progress: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e, etapa, oldest string
		var n int
		if err := rows.Scan(&e, &etapa, &n, &oldest); err != nil {
			return err
		}
		if p.Etapas[e] == nil {
			p.Etapas[e] = map[prep.Etapa]int{}
		}
		et := prep.Etapa(etapa)
		p.Etapas[e][et] += n
		p.Total[et] += n
		if t, err := parseTime(oldest); err == nil && oldest != "" {
			if cur, ok := p.Esperando[et]; !ok || t.Before(cur) {
				p.Esperando[et] = t
			}
		}
	}
	return rows.Err()
}

func (s *Store) progresoHoras(ctx context.Context, p *Progreso, filter string,
	args []any) error {
	byHour := map[string]*Hora{}
	for _, q := range []struct {
		col string
		add func(h *Hora, n int)
	}{
		{"acopio_at", func(h *Hora, n int) { h.Acopios += n }},
		{"verificada_at", func(h *Hora, n int) { h.Verificadas += n }},
	} {
		rows, err := s.r.QueryContext(ctx, `SELECT substr(`+q.col+`, 1, 13), COUNT(*)
			FROM prep_actas p WHERE `+q.col+` <> ''`+filter+` GROUP BY 1`, args...)
		if err != nil {
			return fmt.Errorf("read progress per hour: %w", err)
		}
		for rows.Next() {
			var h string
			var n int
			if err := rows.Scan(&h, &n); err != nil {
				rows.Close()
				return err
			}
			if byHour[h] == nil {
				t, err := time.Parse("2006-01-02T15", h)
				if err != nil {
					rows.Close()
					return err
				}
				byHour[h] = &Hora{Inicio: t.In(zona)}
			}
			q.add(byHour[h], n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, h := range byHour {
		p.PorHora = append(p.PorHora, *h)
	}
	sort.Slice(p.PorHora, func(i, j int) bool {
		return p.PorHora[i].Inicio.Before(p.PorHora[j].Inicio)
	})
	return nil
}

func (s *Store) progresoCapturistas(ctx context.Context, p *Progreso, filter string,
	args []any) error {
	rows, err := s.r.QueryContext(ctx, `SELECT c.usuario, c.valores,
		COALESCE(v.accion, ''), COALESCE(v.valores, '')
		FROM capturas c JOIN prep_actas p ON p.eleccion = c.eleccion AND p.id = c.acta_id
		LEFT JOIN verificaciones v ON v.eleccion = c.eleccion AND v.acta_id = c.acta_id
		AND v.ronda = c.ronda
		WHERE c.capturada_at <> ''`+filter, args...)
	if err != nil {
		return fmt.Errorf("read capture quality: %w", err)
	}
	defer rows.Close()
	by := map[string]*Capturista{}
	for rows.Next() {
		var u, vals, accion, final string
		if err := rows.Scan(&u, &vals, &accion, &final); err != nil {
			return err
		}
		c := by[u]
		if c == nil {
			c = &Capturista{Usuario: u}
			by[u] = c
		}
		c.Capturas++
		if accion == "devuelta" || accion == "resuelta" && vals != final {
			c.Discrepantes++
		}
	}
	for _, c := range by {
		p.Capturistas = append(p.Capturistas, *c)
	}
	sort.Slice(p.Capturistas, func(i, j int) bool {
		return p.Capturistas[i].Usuario < p.Capturistas[j].Usuario
	})
	return rows.Err()
}

// ActasPorEtapa counts the actas of the PREP line at each stage, by election: what the
// metrics of a running server show.
func (s *Store) ActasPorEtapa(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT eleccion, etapa, COUNT(*) FROM prep_actas
		GROUP BY eleccion, etapa`)
	if err != nil {
		return nil, fmt.Errorf("count actas by stage: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var e, etapa string
		var n int
		if err := rows.Scan(&e, &etapa, &n); err != nil {
			return nil, err
		}
		if out[e] == nil {
			out[e] = map[string]int{}
		}
		out[e][etapa] = n
	}
	return out, rows.Err()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&n); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}
