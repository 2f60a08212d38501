package publicacion

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

// DefaultCadencia is how often the PREP publishes when the schedule does not say. Anexo 13
// of the Reglamento de Elecciones asks for at least three updates per hour (RULES.md §1.1,
// [to confirm]); the IEE fixes the cadence by acuerdo, so it is configurable.
const DefaultCadencia = 5 * time.Minute

// Programa is the publication schedule of the PREP fixed by the Consejo General: the first
// corte at Apertura, then one every Cadencia, and the final corte at Cierre (RULES.md §1.1).
// A zero Apertura means no schedule: cortes are published on demand only.
type Programa struct {
	Apertura time.Time
	Cierre   time.Time
	Cadencia time.Duration
}

// Activo reports whether the schedule is set.
func (p Programa) Activo() bool { return !p.Apertura.IsZero() && !p.Cierre.IsZero() }

// CadenciaEfectiva is the cadence in force: Cadencia, or DefaultCadencia when unset.
func (p Programa) CadenciaEfectiva() time.Duration {
	if p.Cadencia <= 0 {
		return DefaultCadencia
	}
	return p.Cadencia
}

// LeerPrograma reads the schedule the administrador set in the store's settings; a store
// without one has no schedule.
func LeerPrograma(ctx context.Context, st *store.Store) (Programa, error) {
	kv, err := st.Settings(ctx)
	if err != nil {
		return Programa{}, err
	}
	var p Programa
	if v := kv[store.SettingApertura]; v != "" {
		if p.Apertura, err = time.Parse(time.RFC3339, v); err != nil {
			return Programa{}, fmt.Errorf("setting %s %q: %w", store.SettingApertura, v, err)
		}
	}
	if v := kv[store.SettingCierre]; v != "" {
		if p.Cierre, err = time.Parse(time.RFC3339, v); err != nil {
			return Programa{}, fmt.Errorf("setting %s %q: %w", store.SettingCierre, v, err)
		}
	}
	if v := kv[store.SettingCadencia]; v != "" {
		if p.Cadencia, err = time.ParseDuration(v); err != nil {
			return Programa{}, fmt.Errorf("setting %s %q: %w", store.SettingCadencia, v, err)
		}
	}
	return p, nil
}

// Toca says whether a corte is due at now, given the time of the last corte published
// (zero if none) and whether it was the final one; final reports that the due corte is the
// final one. Cortes fall due on the slots Apertura + k·Cadencia: one is due when a slot has
// passed since the last corte, so a corte published on demand between two slots does not
// shift the schedule, and a server that was down publishes once, not once per missed slot.
func (p Programa) Toca(now, last time.Time, lastFinal bool) (due, final bool) {
	if !p.Activo() || lastFinal || now.Before(p.Apertura) {
		return false, false
	}
	if !now.Before(p.Cierre) {
		return true, true
	}
	cad := p.CadenciaEfectiva()
	slot := p.Apertura.Add(now.Sub(p.Apertura) / cad * cad)
	return last.Before(slot), false
}

// Programar publishes the cortes the schedule asks for until ctx ends. It reads the
// schedule with load before each check, so a change by the administrador takes effect
// without a restart, and checks every tick.
func (p *Publicador) Programar(ctx context.Context, tick time.Duration,
	load func(context.Context) (Programa, error)) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := p.programado(ctx, load); err != nil && ctx.Err() == nil {
			p.log.Error("scheduled corte", "err", err)
		}
	}
}

// programado publishes a corte if one is due now.
func (p *Publicador) programado(ctx context.Context,
	load func(context.Context) (Programa, error)) error {
	prog, err := load(ctx)
	if err != nil || !prog.Activo() {
		return err
	}
	// Whether a corte is due is decided under the lock of the publications: another
	// instance sharing the database may have published this slot's corte meanwhile.
	_, err = p.exclusivo(ctx, func() (*publish.Manifiesto, error) {
		last, ok, err := p.st.LastCorte(ctx)
		if err != nil {
			return nil, err
		}
		var lastHora time.Time
		if ok {
			lastHora = last.Hora
		}
		due, final := prog.Toca(p.now(), lastHora, ok && last.Final)
		if !due {
			return nil, nil
		}
		return p.construir(ctx, store.SystemActor, time.Time{}, final, false)
	})
	var refused *Error
	if errors.As(err, &refused) {
		p.log.Warn("scheduled corte refused", "err", err)
		return nil
	}
	return err
}
