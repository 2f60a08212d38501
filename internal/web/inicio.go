package web

import (
	"net/http"
	"path"

	"github.com/sufragio/sufragio/internal/publish"
)

// inicioPage is the home page and the page of one corte: its elections and its downloads.
type inicioPage struct {
	pagina
	Elecciones []resumenEleccion
	Descargas  []descarga
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
	dest := corteHref(e.Numero)
	if ruta := r.FormValue("ruta"); ruta != "" {
		dest += path.Clean("/" + ruta)
	}
	w.Header().Set("Cache-Control", cacheNinguno)
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}
