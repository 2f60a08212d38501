package web

import (
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// inicioPage is the home page and the page of one corte: its elections, its downloads and
// how to check it.
type inicioPage struct {
	pagina
	Elecciones []resumenEleccion
	Descargas  []descarga
	// Ceros marks corte 0, the puesta en ceros: the PREP has not published results yet.
	Ceros bool
	// Verificacion is what identifies the corte for sufragio verify; nil with no corte.
	Verificacion *verificacionCorte
}

// verificacionCorte is what a corte's page says to check it.
type verificacionCorte struct {
	Manifiesto string // SHA-256 of its corte.json, as index.json states it
	CorteJSON  string // address of its corte.json under /publicacion/
	Firma      firmaCorte
}

// resumenEleccion is the summary of one election on the home page.
type resumenEleccion struct {
	Nombre       string
	Href         string
	Resumen      publish.ResumenJSON
	ListaNominal int64 // of every expected acta
}

// descarga is a downloadable file of a corte.
type descarga struct {
	Nombre      string // file name
	Descripcion string
	Href        string
	Tamano      string
}

// inicio is the home page: the latest corte.
func (s *Server) inicio(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	return s.render(w, http.StatusOK, cacheCorto, "inicio", st.inicio(st.ultimo, true))
}

// corteInicio is the home page of one numbered corte.
func (s *Server) corteInicio(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	c, err := st.buscarCorte(r.Context(), r.PathValue("n"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, cacheInmutable, "inicio", st.inicio(c, false))
}

func (st estado) inicio(c *corteData, ultimo bool) inicioPage {
	p := inicioPage{pagina: st.pagina(c, "Resultados preliminares", "", ultimo)}
	if c == nil {
		p.Titulo = "Aún no se ha publicado ningún corte"
		p.Encabezado = p.Titulo
		return p
	}
	n := c.snap.Manifiesto.Numero
	for _, e := range c.snap.Elecciones {
		href := eleccionHref(n, e.Def.Codigo)
		if ultimo {
			href = "/" + e.Def.Codigo
		}
		p.Elecciones = append(p.Elecciones, resumenEleccion{Nombre: e.Def.Nombre, Href: href,
			Resumen: e.Entidad.Resumen, ListaNominal: e.Entidad.ListaNominal})
	}
	p.Descargas = descargas(&c.snap.Manifiesto)
	p.Ceros = n == 0
	p.Verificacion = &verificacionCorte{Manifiesto: c.entrada.Manifiesto, Firma: c.firma,
		CorteJSON: "/publicacion/" + c.entrada.Carpeta + "/corte.json"}
	return p
}

// descargas lists the ZIP of a corte and then the CSV files of each election, those the
// manifest lists.
func descargas(m *publish.Manifiesto) []descarga {
	listados := archivosListados(m)
	var out []descarga
	add := func(ruta, desc string) {
		if a, ok := listados[ruta]; ok {
			out = append(out, descarga{Nombre: path.Base(ruta), Descripcion: desc,
				Href: archivoHref(m.Numero, ruta), Tamano: tamano(a.Bytes)})
		}
	}
	add(m.Zip, "Todos los archivos CSV del corte (ZIP)")
	for _, e := range m.Elecciones {
		add(e.CSV, "Datos abiertos de "+e.Nombre+" (CSV)")
		add(e.Candidaturas, "Candidaturas de "+e.Nombre+" (CSV)")
	}
	if len(m.Elecciones) > 0 {
		out = append(out, descarga{Nombre: ArchivoNIST, Href: archivoHref(m.Numero, ArchivoNIST),
			Descripcion: "Informe NIST SP 1500-100 v2 (Election Results Reporting) de todas " +
				"las elecciones, de la entidad a la casilla, derivado de los CSV del corte " +
				"(JSON; se prepara al pedirlo)",
			Tamano: "decenas de MB sin comprimir, según lo capturado"})
	}
	return out
}

// listaPage is the list of every corte.
type listaPage struct {
	pagina
	Filas []filaCorte
}

// filaCorte is one corte in the list of cortes.
type filaCorte struct {
	Numero    int
	HoraTexto string
	Final     bool
	Simulacro bool
	Href      string
	Descargas []descarga
}

// listaCortes lists every corte, newest first, with its downloads. It reads only the
// manifests of the cortes, never loads them.
func (s *Server) listaCortes(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	p := listaPage{pagina: st.pagina(st.ultimo, "Cortes publicados", "", true)}
	for _, e := range p.Cortes {
		f := filaCorte{Numero: e.Numero, HoraTexto: e.HoraTexto, Final: e.Final,
			Href: corteHref(e.Numero)}
		m, err := s.manifiesto(st, e)
		if err != nil {
			// The row still links to the corte, whose page says what is wrong.
			s.log.Warn("list cortes: manifest not read", "corte", e.Numero, "err", err)
		} else {
			f.Simulacro, f.Descargas = m.Simulacro, descargas(m)
		}
		p.Filas = append(p.Filas, f)
	}
	return s.render(w, http.StatusOK, cacheCorto, "cortes", p)
}

// irACorte answers the corte selector, a plain form: it sends the reader to the same page
// in the chosen corte. The address is always built under /cortes/, so it cannot lead
// elsewhere.
func (s *Server) irACorte(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	e, err := st.buscarEntrada(r.FormValue("n"))
	if err != nil {
		return err
	}
	dest := corteHref(e.Numero) + rutaSelector(r.FormValue("ruta"))
	redirigir(w, r, dest, http.StatusSeeOther, cacheNinguno)
	return nil
}

// rutaSelector is the page the selector asks for below /cortes/{n}, as an escaped path
// starting with "/" ("" for the corte's home page): cleaned of dot segments, each segment
// escaped once, as the pages write it (GUB/municipios/N%2FA). A segment that is not a
// valid escape, or an escaped dot segment (%2E%2E), is dropped with the rest, so that the
// address stays under /cortes/{n}.
func rutaSelector(ruta string) string {
	limpia := strings.TrimPrefix(path.Clean("/"+ruta), "/")
	if limpia == "" {
		return ""
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(limpia, "/") {
		u, err := url.PathUnescape(seg)
		if err != nil || u == "." || u == ".." {
			break
		}
		b.WriteString("/" + url.PathEscape(u))
	}
	return b.String()
}
