package operacion

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/store"
)

// The cómputos in the staff application (RULES.md §6): the councils' sessions, each kept in
// the store as the log of its acts (internal/computo) and replayed into memory. The
// secretario records what the session reads and the consejero the council's decisions
// (auth.RegistrarComputo, auth.AcordarComputo); a user of one council acts only on its
// sessions, a user of the Consejo General on every one (the cómputos supletorios).

// PublicadorComputos receives each session after every act is stored, to publish its public
// record for the results site (internal/computopub).
type PublicadorComputos interface {
	Sesion(id string, s *computo.Sesion, ahora time.Time) error
	Estatal(id string, c *computo.ComputoEstatal, ahora time.Time) error
	Asignacion(id string, a *computo.Asignacion, ahora time.Time) error
}

// Session ids: the election and the unit; the votes from abroad and the Consejo General's
// state cómputo have units of their own.
const (
	unidadExtranjero = "VMRE"
	unidadEstatal    = "ESTATAL"
	institutoComputo = "Instituto Electoral del Estado"
)

// sesionComputo is one session in memory: its record, its replayed state and how many
// events of the store that state holds. Its mutex orders the acts on it.
type sesionComputo struct {
	mu  sync.Mutex
	rec store.SesionComputo
	// Exactly one of ses, est and asig holds the replayed state, by rec.Tipo; none when it
	// must be replayed again.
	ses     *computo.Sesion
	est     *computo.ComputoEstatal
	asig    *computo.Asignacion
	eventos int
}

// log returns the session's log.
func (c *sesionComputo) log() []computo.Evento {
	switch {
	case c.est != nil:
		return c.est.Eventos()
	case c.asig != nil:
		return c.asig.Eventos()
	}
	return c.ses.Eventos()
}

// cargada reports whether the state is in memory.
func (c *sesionComputo) cargada() bool { return c.ses != nil || c.est != nil || c.asig != nil }

// olvidar drops the state in memory, so that the next use replays the stored log.
func (c *sesionComputo) olvidar() { c.ses, c.est, c.asig, c.eventos = nil, nil, nil, 0 }

// reconstruir replays the stored log evs of session rec into c.
func (c *sesionComputo) reconstruir(rec store.SesionComputo, evs []computo.Evento,
	reloj func() time.Time) error {
	c.olvidar()
	c.rec = rec
	var err error
	switch rec.Tipo {
	case store.SesionEstatal:
		c.est, err = computo.ReconstruirEstatal(evs, reloj)
	case store.SesionAsignacion:
		c.asig, err = computo.ReconstruirAsignacion(evs, reloj)
	default:
		c.ses, err = computo.Reconstruir(evs, reloj)
	}
	if err != nil {
		c.olvidar()
		return fmt.Errorf("replay computo %s: %w", rec.ID, err)
	}
	c.eventos = len(evs)
	return nil
}

// computos caches the replayed sessions. A cached state is used only while the store holds
// exactly its events; otherwise it is replayed again.
type computos struct {
	mu sync.Mutex
	m  map[string]*sesionComputo
}

// abrirComputo returns session id locked, its state replayed from the store when the cache
// is behind (another instance of sufragio may have appended to it). The caller unlocks it.
func (s *Server) abrirComputo(ctx context.Context, id string) (*sesionComputo, error) {
	s.computos.mu.Lock()
	c := s.computos.m[id]
	if c == nil {
		c = &sesionComputo{}
		s.computos.m[id] = c
	}
	s.computos.mu.Unlock()
	c.mu.Lock()
	n, err := s.st.NumeroEventos(ctx, id)
	if err != nil {
		c.mu.Unlock()
		return nil, err
	}
	if c.cargada() && c.eventos == n {
		return c, nil
	}
	rec, evs, err := s.st.EventosComputo(ctx, id)
	if err == nil {
		err = c.reconstruir(rec, evs, s.now)
	}
	if err != nil {
		c.mu.Unlock()
		return nil, err
	}
	return c, nil
}

// guardar stores the events the session gained since it was loaded, then publishes it. When
// the store refuses them the cached state is dropped, so that the next request replays the
// stored log: the memory never runs ahead of the record.
func (s *Server) guardar(ctx context.Context, ss *sesion, c *sesionComputo) error {
	evs := c.log()
	nuevos := evs[c.eventos:]
	if err := s.st.RegistrarEventos(ctx, ss.actor, c.rec.ID, nuevos); err != nil {
		c.olvidar()
		return err
	}
	c.eventos = len(evs)
	s.publicarComputo(c)
	return nil
}

// publicarComputo hands the session to the public record; a failure is logged, not
// returned: the act is stored and the next act publishes again.
func (s *Server) publicarComputo(c *sesionComputo) {
	if s.pubComputos == nil {
		return
	}
	if err := s.publicarRegistro(c); err != nil {
		s.log.Error("publish computo", "sesion", c.rec.ID, "err", err)
	}
}

// publicarRegistro hands the session c, locked, to the public record.
func (s *Server) publicarRegistro(c *sesionComputo) error {
	switch {
	case c.est != nil:
		return s.pubComputos.Estatal(c.rec.ID, c.est, s.now())
	case c.asig != nil:
		return s.pubComputos.Asignacion(c.rec.ID, c.asig, s.now())
	}
	return s.pubComputos.Sesion(c.rec.ID, c.ses, s.now())
}

// PublicarComputos publishes every stored session again: at start, so that the public
// record catches up with acts stored while it could not be written (a full disk, a crash
// between the store's commit and the publication), and so that a new cómputos folder is
// filled. Nothing is written for a session whose public record did not change.
func (s *Server) PublicarComputos(ctx context.Context) error {
	if s.pubComputos == nil {
		return nil
	}
	recs, err := s.st.SesionesComputo(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, rec := range recs {
		c, err := s.abrirComputo(ctx, rec.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		err = s.publicarRegistro(c)
		c.mu.Unlock()
		if err != nil {
			errs = append(errs, fmt.Errorf("publish computo %s: %w", rec.ID, err))
		}
	}
	return errors.Join(errs...)
}

// enAmbito refuses a user of one council acting on another council's session.
func enAmbito(ss *sesion, consejo string) error {
	if ss.user.Consejo == "" || ss.user.Consejo == consejo {
		return nil
	}
	return &store.Refusal{Kind: store.ErrForbidden, Msg: fmt.Sprintf("Su cuenta pertenece al "+
		"consejo %s; esta sesión es del %s.", ss.user.Consejo, nombreConsejo(consejo))}
}

// nombreConsejo names a council code for people.
func nombreConsejo(code string) string {
	switch {
	case code == store.ConsejoGeneral:
		return "Consejo General"
	case strings.HasPrefix(code, "D-"):
		return "Consejo Distrital " + code[2:]
	case strings.HasPrefix(code, "M-"):
		return "Consejo Municipal " + code[2:]
	}
	return code
}

// refusalComputo turns the domain's refusals (out of sequence, bad figures) into the staff
// application's, with their Spanish text.
func refusalComputo(err error) error {
	var se *computo.SecuenciaError
	var de *computo.DatosError
	var sp *sorteoPendiente
	switch {
	case errors.As(err, &sp):
		return &store.Refusal{Kind: store.ErrInvalid, Msg: sp.Error()}
	case errors.As(err, &se):
		return &store.Refusal{Kind: store.ErrConflict, Msg: se.Mensaje()}
	case errors.As(err, &de):
		return &store.Refusal{Kind: store.ErrInvalid, Msg: de.Mensaje()}
	}
	return err
}

// unidadesComputo lists the cómputos an election can have opened: one per unit of its
// actas, the votes from abroad with a unit of their own, and, for an election decided in
// the whole entidad, the Consejo General's state cómputo.
type unidadComputo struct {
	ID, Eleccion, Unidad, Nombre, Consejo string
	Estatal                               bool
	Abierta                               bool
	// Especiales marks the cómputo of the RP actas of a district's casillas especiales;
	// Asignacion an RP assignment (computo_asignacion.go).
	Especiales, Asignacion bool
}

// definicionesComputo reads the elections and their actas and lists every cómputo that can
// be opened, in order.
func (s *Server) unidadesComputo(ctx context.Context) ([]unidadComputo, error) {
	es, err := s.st.Elecciones(ctx)
	if err != nil {
		return nil, err
	}
	var out []unidadComputo
	for _, e := range es {
		actas, err := s.st.Actas(ctx, e.Codigo)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, a := range actas {
			if a.FueraDeCatalogo() || seen[a.UnidadID] {
				continue
			}
			seen[a.UnidadID] = true
			out = append(out, unidadDe(e, a.UnidadID, a.Unidad))
		}
		out = append(out, unidadesRP(e, actas)...)
		if catalog.Estatal(e.Codigo) {
			out = append(out, unidadComputo{ID: e.Codigo + "-" + unidadEstatal,
				Eleccion: e.Codigo, Unidad: unidadEstatal, Nombre: e.Entidad,
				Consejo: store.ConsejoGeneral, Estatal: true})
		}
	}
	return out, nil
}

// unidadDe is the cómputo of one unit of an election: its id and the council that holds
// it (RULES.md §6.1: consejos distritales for distritos, municipales for municipios; the
// votes from abroad, the Consejo General).
func unidadDe(e *catalog.Eleccion, unidad, nombre string) unidadComputo {
	u := unidadComputo{ID: e.Codigo + "-" + unidad, Eleccion: e.Codigo, Unidad: unidad,
		Nombre: nombre}
	switch {
	case unidad == "N/A":
		u.ID, u.Nombre = e.Codigo+"-"+unidadExtranjero, "Voto de las y los mexicanos "+
			"residentes en el extranjero"
		u.Consejo = store.ConsejoGeneral
	case e.Unidad == catalog.UnidadMunicipio:
		u.Consejo = "M-" + unidad
	default:
		u.Consejo = "D-" + unidad
	}
	return u
}

// nuevaSesion builds the apertura of the cómputo u over the PREP records the store holds.
func (s *Server) nuevaSesion(ctx context.Context, r *http.Request, ss *sesion,
	u unidadComputo, todas []unidadComputo) ([]computo.Evento, error) {
	es, err := s.st.Elecciones(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(es, func(e *catalog.Eleccion) bool { return e.Codigo == u.Eleccion })
	e := es[i]
	proceso := fmt.Sprintf("Proceso Electoral Local %d-%d", e.Anio-1, e.Anio)
	quien := ss.user.Nombre
	if u.Asignacion {
		def, err := definicionAsignacion(e, u, todas, r)
		if err != nil {
			return nil, err
		}
		def.Simulacro = s.simulacro
		a, err := computo.NuevaAsignacion(def, quien, s.now)
		if err != nil {
			return nil, err
		}
		return a.Eventos(), nil
	}
	if u.Estatal {
		def := computo.DefinicionEstatal{Definicion: computo.DefinicionDe(e, ""),
			Reparto: computo.RepartoDistrital}
		for _, p := range todas {
			if p.Eleccion == u.Eleccion && !p.Estatal {
				def.Partes = append(def.Partes, unidadSesion(p))
			}
		}
		def.Instituto, def.Proceso, def.Simulacro = institutoComputo, proceso, s.simulacro
		def.Consejo = "Consejo General del " + institutoComputo
		def.Organo, def.Unidad, def.UnidadNombre = computo.ConsejoGeneral, e.EntidadID,
			e.Entidad
		def.Declara = true
		c, err := computo.NuevoComputoEstatal(def, quien, s.now)
		if err != nil {
			return nil, err
		}
		return c.Eventos(), nil
	}
	actas, err := s.st.Actas(ctx, e.Codigo)
	if err != nil {
		return nil, err
	}
	unidadActas := u.Unidad
	def := computo.DefinicionDe(e, unidadActas)
	if u.Especiales {
		def = computo.DefinicionRPDe(e, unidadActas)
	}
	def.Instituto, def.Proceso, def.Simulacro = institutoComputo, proceso, s.simulacro
	def.Unidad, def.UnidadNombre = unidadSesion(u), u.Nombre
	switch {
	case u.Consejo == store.ConsejoGeneral:
		def.Organo, def.Consejo = computo.ConsejoGeneral, "Consejo General del "+
			institutoComputo
	case e.Unidad == catalog.UnidadMunicipio:
		def.Organo, def.Consejo = computo.ConsejoMunicipal, "Consejo Municipal "+u.Unidad+
			" de "+u.Nombre
	default:
		def.Organo, def.Consejo = computo.ConsejoDistrital, "Consejo Distrital "+u.Unidad+
			" de "+u.Nombre
	}
	// The district cómputo of an election decided in the whole entidad goes to the Consejo
	// General, which declares its validity and issues the constancia [to confirm, CIPEEP].
	def.Declara = !catalog.Estatal(e.Codigo)
	cs := computo.CasillasDe(e, actas, unidadActas, def, acta.DefaultConfig)
	if u.Especiales {
		// The RP actas of the casillas especiales are computed apart, after the others,
		// and declare nothing: their sum joins the RP assignment (LGIPE art. 311.1.g, i).
		def.Declara = false
		cs = computo.CasillasRPDe(e, actas, unidadActas, def, acta.DefaultConfig)
	}
	ses, err := computo.NuevaSesion(def, cs, quien, s.now)
	if err != nil {
		return nil, err
	}
	return ses.Eventos(), nil
}

// unidadSesion is the unit a session names in its documents and in the state cómputo.
func unidadSesion(u unidadComputo) string {
	if u.Unidad == "N/A" {
		return unidadExtranjero
	}
	return u.Unidad
}

// computosLista lists the sessions, and offers to open those of the user's council.
func (s *Server) computosLista(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	recs, err := s.st.SesionesComputo(ctx)
	if err != nil {
		return err
	}
	todas, err := s.unidadesComputo(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	abiertas := map[string]store.SesionComputo{}
	for _, rec := range recs {
		abiertas[rec.ID] = rec
	}
	pg := &computosPage{pagina: s.pagina(ss, "Cómputos"),
		Abrir: auth.Can(ss.user.Role, auth.AcordarComputo)}
	for _, u := range todas {
		if rec, ok := abiertas[u.ID]; ok {
			fila := filaComputo{unidadComputo: u, Eventos: rec.Eventos, Ultimo: rec.Ultimo}
			if c, err := s.abrirComputo(ctx, u.ID); err == nil {
				fila.Fase, fila.Concluida = faseDe(c), concluida(c)
				c.mu.Unlock()
			}
			pg.Sesiones = append(pg.Sesiones, fila)
			continue
		}
		if pg.Abrir && enAmbito(ss, u.Consejo) == nil {
			pg.PorAbrir = append(pg.PorAbrir, u)
			pg.PideRegidurias = pg.PideRegidurias || (u.Asignacion &&
				u.Consejo != store.ConsejoGeneral)
		}
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Datos: pg.Sesiones})
	}
	return s.render(w, r, http.StatusOK, "computos", pg)
}

type computosPage struct {
	pagina
	Sesiones []filaComputo
	PorAbrir []unidadComputo
	Abrir    bool
	// PideRegidurias: among those to open is a municipio's regidurías, opened with their
	// number.
	PideRegidurias bool
}

type filaComputo struct {
	unidadComputo
	Eventos   int
	Ultimo    time.Time
	Fase      string
	Concluida bool
}

func faseDe(c *sesionComputo) string {
	switch {
	case c.est != nil:
		return c.est.Etapa()
	case c.asig != nil:
		return faseAsignacion(c.asig)
	}
	return c.ses.Fase().String()
}

func concluida(c *sesionComputo) bool {
	switch {
	case c.est != nil:
		return c.est.Fase() == computo.FaseConcluida
	case c.asig != nil:
		return c.asig.Fase() == computo.FaseConcluida
	}
	return c.ses.Concluida()
}

// computoAbrir opens the session of one unit, over the PREP records the store holds: its
// cotejo is pre-filled from the PREP capture (LGIPE art. 311.1.a; RULES.md §6.1).
func (s *Server) computoAbrir(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	ctx := r.Context()
	id := r.PostFormValue("computo")
	todas, err := s.unidadesComputo(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	i := slices.IndexFunc(todas, func(u unidadComputo) bool { return u.ID == id })
	if i < 0 {
		return s.rechazo(r, ss, audit.ComputoApertura, id, &store.Refusal{
			Kind: store.ErrNotFound, Msg: fmt.Sprintf("No hay un cómputo %q que abrir: elija "+
				"uno de la lista.", id)})
	}
	u := todas[i]
	if err := enAmbito(ss, u.Consejo); err != nil {
		return s.rechazo(r, ss, audit.ComputoApertura, id, err)
	}
	evs, err := s.nuevaSesion(ctx, r, ss, u, todas)
	if err != nil {
		return s.rechazo(r, ss, audit.ComputoApertura, id, refusalComputo(err))
	}
	tipo := store.SesionConsejo
	switch {
	case u.Estatal:
		tipo = store.SesionEstatal
	case u.Asignacion:
		tipo = store.SesionAsignacion
	}
	rec := store.SesionComputo{ID: u.ID, Eleccion: u.Eleccion, Unidad: u.Unidad, Tipo: tipo,
		Consejo: u.Consejo}
	if err := s.st.AbrirComputo(ctx, ss.actor, rec, evs); err != nil {
		return s.rechazo(r, ss, audit.ComputoApertura, id, err)
	}
	if c, err := s.abrirComputo(ctx, u.ID); err == nil {
		s.publicarComputo(c)
		c.mu.Unlock()
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Mensaje: "Sesión de cómputo " +
			u.ID + " abierta."})
	}
	http.Redirect(w, r, Prefix+"/computos/"+u.ID, http.StatusSeeOther)
	return nil
}
