package operacion

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/store"
)

// The RP assignments in the staff application (RULES.md §7.2-7.3): the Consejo General's
// assignment of the RP diputaciones of the Congress, over the district cómputos and those
// of the RP actas of the casillas especiales, and each consejo municipal's assignment of
// its RP regidurías over its cómputo [to confirm: CIPEEP, who assigns the regidurías].
// Each is a session of its own (computo.Asignacion): the secretario records the siglado,
// the consejero agrees the assignment once every cómputo it takes has concluded, and
// again when a correction changed their figures.

// Ids of the sessions of the RP actas of the casillas especiales (DIP_LOC_RP-005), of the
// Congress's assignment (DIP_LOC-RP) and of a municipio's regidurías (AYUN_RP-114).
const (
	sufijoRP           = "_RP"
	unidadAsignacion   = "RP"
	nombreDiputaciones = "Diputaciones de representación proporcional"
	nombreRegidurias   = "Regidurías de representación proporcional"
	maxSiglado         = 1 << 20
)

// unidadesRP lists the RP cómputos and assignments of election e, given the ids of the
// units of its actas: for a legislature elected by district, the cómputo of the RP actas of
// the casillas especiales of each district that has them and the Consejo General's
// assignment; for ayuntamientos, the regidurías of each municipio.
func unidadesRP(e *catalog.Eleccion, actas []*acta.Acta) []unidadComputo {
	var out []unidadComputo
	switch {
	case catalog.Estatal(e.Codigo):
		return nil
	case e.Unidad == catalog.UnidadMunicipio:
		seen := map[string]bool{}
		for _, a := range actas {
			if a.FueraDeCatalogo() || seen[a.UnidadID] || a.UnidadID == "N/A" {
				continue
			}
			seen[a.UnidadID] = true
			out = append(out, unidadComputo{ID: e.Codigo + sufijoRP + "-" + a.UnidadID,
				Eleccion: e.Codigo, Unidad: a.UnidadID, Nombre: a.Unidad,
				Consejo: "M-" + a.UnidadID, Asignacion: true})
		}
		return out
	}
	seen := map[string]bool{}
	for _, a := range actas {
		if a.FueraDeCatalogo() || seen[a.UnidadID] || !computo.EsActaRP(a) {
			continue
		}
		seen[a.UnidadID] = true
		out = append(out, unidadComputo{ID: e.Codigo + sufijoRP + "-" + a.UnidadID,
			Eleccion: e.Codigo, Unidad: a.UnidadID, Nombre: a.Unidad,
			Consejo: "D-" + a.UnidadID, Especiales: true})
	}
	return append(out, unidadComputo{ID: e.Codigo + "-" + unidadAsignacion,
		Eleccion: e.Codigo, Unidad: unidadAsignacion, Nombre: nombreDiputaciones,
		Consejo: store.ConsejoGeneral, Asignacion: true})
}

// definicionAsignacion defines the assignment of unit u over the cómputos listed in todas.
func definicionAsignacion(e *catalog.Eleccion, u unidadComputo, todas []unidadComputo,
	r *http.Request) (computo.DefinicionAsignacion, error) {
	d := computo.DefinicionAsignacion{Instituto: institutoComputo, Eleccion: e.Codigo,
		Proceso: fmt.Sprintf("Proceso Electoral Local %d-%d", e.Anio-1, e.Anio)}
	if u.Consejo == store.ConsejoGeneral {
		d.Organo, d.Consejo = computo.ConsejoGeneral, "Consejo General del "+institutoComputo
		d.EleccionNombre, d.Unidad, d.UnidadNombre = nombreDiputaciones, e.EntidadID,
			e.Entidad
		d.Metodo, d.Puebla = computo.MetodoCongresoPuebla, computo.ConfigPueblaCIPEEP()
		for _, p := range todas {
			if p.Eleccion == e.Codigo && !p.Asignacion && p.Consejo != store.ConsejoGeneral {
				d.Partes = append(d.Partes, p.ID)
			}
		}
		slices.Sort(d.Partes)
		return d, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("regidurias")))
	if err != nil {
		return d, &store.Refusal{Kind: store.ErrInvalid, Msg: "Indique en «Regidurías de " +
			"representación proporcional» cuántas tiene el municipio, con un número entero " +
			"(depende de su población: RULES.md §7.3)."}
	}
	d.Organo, d.Consejo = computo.ConsejoMunicipal, "Consejo Municipal "+u.Unidad+" de "+
		u.Nombre
	d.EleccionNombre, d.Unidad, d.UnidadNombre = nombreRegidurias, u.Unidad, u.Nombre
	d.Metodo, d.Regidurias = computo.MetodoRegidurias, computo.ConfigRegiduriasPuebla(n)
	d.Partes = []string{e.Codigo + "-" + u.Unidad}
	return d, nil
}

// faseAsignacion names the step of an assignment.
func faseAsignacion(a *computo.Asignacion) string {
	if v, ok := a.Vigente(); ok {
		return fmt.Sprintf("asignación %d aprobada", v.Numero)
	}
	return "por asignar"
}

// partesDe opens, locked, the cómputos assignment a takes that are open, by id, and returns
// the function that unlocks them. The assignment's session is locked by the caller: the
// lock order is always the assignment's first, then its parts'.
func (s *Server) partesDe(ctx context.Context, a *computo.Asignacion) (
	map[string]*computo.Sesion, func(), error) {
	out := map[string]*computo.Sesion{}
	var abiertas []*sesionComputo
	soltar := func() {
		for _, c := range abiertas {
			c.mu.Unlock()
		}
	}
	for _, id := range a.Definicion().Partes {
		c, err := s.abrirComputo(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // not opened yet
		}
		if err != nil {
			soltar()
			return nil, nil, err
		}
		abiertas = append(abiertas, c)
		if c.ses != nil {
			out[id] = c.ses
		}
	}
	return out, soltar, nil
}

// parteAsignacion is one cómputo an assignment takes, as its page shows it.
type parteAsignacion struct {
	ID        string
	Abierta   bool
	Fase      string
	Concluida bool
	// Version is the cómputo's number of acts; Usada the number the assignment in force
	// took, 0 when none.
	Version, Usada int
}

// vistaAsignacion gathers what the page of an assignment shows.
func (s *Server) vistaAsignacion(ctx context.Context, pg *computoPage, c *sesionComputo) {
	a := c.asig
	d := a.Definicion()
	pg.Asignacion = true
	pg.Def = computo.Definicion{Consejo: d.Consejo, Eleccion: d.Eleccion,
		EleccionNombre: d.EleccionNombre, Unidad: d.Unidad, UnidadNombre: d.UnidadNombre}
	pg.FaseTexto = faseAsignacion(a)
	pg.DefAsignacion = &d
	pg.Siglado = filasSiglado(a.Siglado())
	pg.Asignaciones = a.Asignaciones()
	slices.Reverse(pg.Asignaciones) // the one in force first
	vig, hay := a.Vigente()
	partes, soltar, err := s.partesDe(ctx, a)
	if err != nil {
		s.log.Error("read the cómputos of an assignment", "sesion", c.rec.ID, "err", err)
		pg.Error = "No se pudieron leer los cómputos que toma la asignación."
		return
	}
	defer soltar()
	for _, id := range slices.Sorted(slices.Values(d.Partes)) {
		p := parteAsignacion{ID: id, Usada: vig.Versiones[id]}
		if ses, ok := partes[id]; ok {
			p.Abierta, p.Fase, p.Concluida = true, ses.Fase().String(), ses.Concluida()
			p.Version = ses.NumeroEventos()
		}
		if !p.Concluida {
			pg.Faltan++
		}
		pg.PartesAsignacion = append(pg.PartesAsignacion, p)
	}
	if hay {
		pg.Cambios = a.Cambios(partes)
	}
}

// filaSiglado is one row of a siglado: the district, the candidacy and the party.
type filaSiglado struct{ Unidad, Candidatura, Partido string }

func filasSiglado(s computo.Siglado) []filaSiglado {
	var out []filaSiglado
	for _, u := range slices.Sorted(maps.Keys(s)) {
		for _, c := range slices.Sorted(maps.Keys(s[u])) {
			out = append(out, filaSiglado{u, c, s[u][c]})
		}
	}
	return out
}

// actoAsignacion runs one act of an assignment: the secretario records the siglado, the
// consejero agrees the assignment.
func (s *Server) actoAsignacion(r *http.Request, ss *sesion, c *sesionComputo,
	acto string) error {
	a := c.asig
	quien := ss.user.Nombre
	registro := strings.Contains(r.URL.Path, "/registro/")
	switch {
	case registro && acto == "siglado":
		data, err := leerSiglado(r)
		if err != nil {
			return err
		}
		e, err := s.eleccion(r.Context(), a.Definicion().Eleccion)
		if err != nil {
			return err
		}
		sig, err := computo.LeerSiglado(data, e)
		if err != nil {
			return err
		}
		return a.RegistrarSiglado(quien, sig, strings.TrimSpace(r.PostFormValue("causa")))
	case !registro && acto == "asignar":
		partes, soltar, err := s.partesDe(r.Context(), a)
		if err != nil {
			return err
		}
		defer soltar()
		_, err = a.Asignar(quien, r.PostFormValue("acuerdo"), partes, sorteoDelConsejo(r))
		return err
	}
	return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("El acto %q no existe en "+
		"una asignación de representación proporcional, o no corresponde a su función.",
		acto)}
}

// leerSiglado reads the siglado of the form: the file «archivo», or else the text
// «siglado».
func leerSiglado(r *http.Request) ([]byte, error) {
	if f, _, err := r.FormFile("archivo"); err == nil {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxSiglado+1))
		if err != nil {
			return nil, err
		}
		if len(data) > maxSiglado {
			return nil, &store.Refusal{Kind: store.ErrInvalid, Msg: "El archivo del siglado " +
				"pasa de 1 MB; un siglado tiene una línea por candidatura de coalición."}
		}
		if len(data) > 0 {
			return data, nil
		}
	}
	txt := r.PostFormValue("siglado")
	if strings.TrimSpace(txt) == "" {
		return nil, &store.Refusal{Kind: store.ErrInvalid, Msg: "Adjunte el archivo del " +
			"siglado (CSV con ID_DISTRITO,CANDIDATURA,PARTIDO) o escríbalo en el recuadro."}
	}
	return []byte(txt), nil
}

// eleccion returns the definition of the election with code codigo.
func (s *Server) eleccion(ctx context.Context, codigo string) (*catalog.Eleccion, error) {
	es, err := s.st.Elecciones(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e.Codigo == codigo {
			return e, nil
		}
	}
	return nil, &store.Refusal{Kind: store.ErrNotFound, Msg: "No hay una elección " + codigo +
		"."}
}
