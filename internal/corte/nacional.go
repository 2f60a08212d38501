package corte

import (
	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// The tallies of a national election (catalog.Nacional): one file holds the actas of the 32
// entidades, and distrito and sección numbers repeat in every entidad, so that every node
// below the country is named by its entidad (catalog.UnidadNacional): distrito "15-040",
// sección "15-0001", voto anticipado "VA-15-040", extranjero "VMRE-15". The levels are the
// country (Resultados.Entidad), its entidades, its distritos federales and its secciones;
// federal files name no municipio, so there are no municipio nodes. Each acta names its own
// distrito, so no Geografia is needed.

// tallyNacional fills res, whose election is national, from its actas.
func tallyNacional(res *Resultados, cfg acta.Config) {
	e, actas := res.Eleccion, res.Actas
	n := len(e.Contendientes)
	res.Entidad = Nodo{Nivel: NivelEntidad, ID: catalog.EntidadNacionalID,
		Nombre: catalog.EntidadNacional, Votos: make([]int64, n)}
	ent := newLevel(NivelEntidad, n, 33)
	dist := newLevel(NivelDistrito, n, 301)
	// A sección has some two and a half casillas: 72,600 nodes for the 170,000 actas of
	// each federal election.
	sec := sinIndice(NivelSeccion, n, len(actas)*45/100, len(actas))
	var k claves
	// Consecutive actas of one sección, distrito and entidad form a run: they are summed
	// into run, which is added to its sección when the run ends; consecutive runs of one
	// distrito and entidad form a group, summed into grupo, which is added to the distrito,
	// the entidad and the country when the group ends. The sums are those of adding each
	// acta to each of its nodes, with a fraction of the work.
	run, grupo := Nodo{Votos: make([]int64, n)}, Nodo{Votos: make([]int64, n)}
	var ce, cd, cs *Nodo // the nodes of the current run; cs is nil before the first
	var ge, gd *Nodo     // those of the current group; gd is nil before the first
	var entID, distID, secID string
	terminar := func() {
		if cs != nil {
			sec.cerrar()
			cs.agregar(&run)
			grupo.agregar(&run)
			run.vaciar()
		}
	}
	volcar := func() {
		if gd != nil {
			for _, t := range [...]*Nodo{&res.Entidad, ge, gd} {
				t.agregar(&grupo)
			}
			grupo.vaciar()
		}
	}
	for i, a := range actas {
		c := a.Efectiva(cfg)
		res.Clases[i] = c
		if c.Estado == acta.FueraDeCatalogo {
			res.Entidad.sumar(a, c, votosContados(a, c))
			continue
		}
		p := k.lugar(a)
		sid, sname := k.seccion(a)
		// The ids repeat the previous acta's strings within a run (claves), so these
		// comparisons are mostly of equal pointers.
		if cs == nil || a.IDEntidad != entID || p.DistritoID != distID || sid != secID {
			terminar()
			entID, distID, secID = a.IDEntidad, p.DistritoID, sid
			ce = ent.node(a.IDEntidad, a.Entidad, Lugar{}, e)
			cd = dist.node(p.DistritoID, p.Distrito, p, e)
			if ce != ge || cd != gd {
				volcar()
				ge, gd = ce, cd
			}
			cs = sec.node(sid, sname, p, e)
		}
		run.sumarActa(a, c)
		cs.Actas = append(cs.Actas, i)
	}
	terminar()
	volcar()
	res.Entidades, res.Distritos, res.Secciones = ent.sorted(), dist.sorted(), sec.sorted()
	res.Municipios = []Nodo{}
	for i := range res.Entidades {
		// An entidad holds the candidacies registered in it (the senadurías).
		res.Entidades[i].Unidad = res.Entidades[i].ID
	}
}

// claves composes the national ids of the actas' units, remembering the last ones: the
// actas of a file come grouped by distrito and sección, so most ids repeat the previous
// acta's.
type claves struct {
	ent, unidad, distrito string
	secEnt, sec, secID    string
	secNombre             string
}

// lugar places the acta in its distrito, named by its entidad; actas without a distrito (the
// extranjero ones) go to the SinUnidad node.
func (k *claves) lugar(a *acta.Acta) Lugar {
	if a.UnidadID == "" || a.UnidadID == SinUnidad {
		return Lugar{DistritoID: SinUnidad, Distrito: "Voto desde el extranjero"}
	}
	if a.IDEntidad != k.ent || a.UnidadID != k.unidad {
		k.ent, k.unidad = a.IDEntidad, a.UnidadID
		k.distrito = catalog.UnidadNacional(a.IDEntidad, a.UnidadID)
	}
	return Lugar{DistritoID: k.distrito, Distrito: a.Unidad}
}

// seccion returns the id and name of the acta's sección node.
func (k *claves) seccion(a *acta.Acta) (string, string) {
	if a.Seccion == "" || a.Seccion == SinUnidad {
		switch a.TipoCasilla {
		case "A":
			return "VA-" + catalog.UnidadNacional(a.IDEntidad, a.UnidadID), "Voto anticipado"
		case "P":
			return "VPPP-" + catalog.UnidadNacional(a.IDEntidad, a.UnidadID),
				"Voto en prisión preventiva"
		case "M":
			return "VMRE-" + a.IDEntidad, "Voto desde el extranjero"
		}
		return SinUnidad, "Sin sección"
	}
	if a.IDEntidad != k.secEnt || a.Seccion != k.sec {
		k.secEnt, k.sec = a.IDEntidad, a.Seccion
		k.secID = catalog.UnidadNacional(a.IDEntidad, a.Seccion)
		k.secNombre = "Sección " + a.Seccion
	}
	return k.secID, k.secNombre
}
