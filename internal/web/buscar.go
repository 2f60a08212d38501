package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// buscarPage is the page of a search: what was asked and what it found.
type buscarPage struct {
	pagina
	Consulta   string
	Resultados []resultado
	Aviso      string // why nothing was searched, when it was not
}

// resultado is one thing a search found.
type resultado struct {
	Tipo     string // "Sección", "Municipio", "Distrito", "Casilla", "Acta"
	Texto    string
	Eleccion string
	Href     string
}

// maxConsulta bounds what a search reads of its query.
const maxConsulta = 100

// buscar finds, in the latest corte or in the corte the form names, a sección by number, a
// municipio by name (accents and case optional), a distrito by number ("distrito 5"), a
// casilla or an acta by its key. One result opens it; several are listed.
func (s *Server) buscar(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	c := st.ultimo
	if n := r.URL.Query().Get("corte"); n != "" {
		var err error
		if c, err = st.buscarCorte(r.Context(), n); err != nil {
			return err
		}
	}
	vals, qerr := url.ParseQuery(r.URL.RawQuery)
	q := strings.TrimSpace(vals.Get("q"))
	p := buscarPage{pagina: st.pagina(c, "Buscar", "", c == st.ultimo), Consulta: q}
	switch {
	case c == nil:
		p.Aviso = "Aún no se ha publicado ningún corte."
	case qerr != nil:
		p.Consulta = ""
		p.Aviso = "La dirección de la búsqueda está mal codificada (un «%» que no forma un " +
			"carácter). Escriba la búsqueda de nuevo en la caja."
	case q == "":
		p.Aviso = "Escriba un número de sección, el nombre de un municipio o la clave de una " +
			"casilla o de un acta."
	case utf8.RuneCountInString(q) > maxConsulta:
		p.Consulta = ""
		p.Aviso = "La búsqueda es demasiado larga: escriba a lo más " +
			strconv.Itoa(maxConsulta) + " caracteres."
	default:
		p.Resultados = buscarEn(c, q)
		if len(p.Resultados) == 1 {
			redirigir(w, r, p.Resultados[0].Href, http.StatusSeeOther, cacheCorto)
			return nil
		}
		if len(p.Resultados) == 0 {
			p.Aviso = "No encontramos «" + eco(q) + "». Pruebe con el número de la sección (como " +
				"aparece en la credencial para votar), el nombre del municipio o la clave del " +
				"acta (por ejemplo 210423B01002)."
		}
	}
	return s.render(w, http.StatusOK, cacheCorto, "buscar", p)
}

// buscarEn searches corte c.
func buscarEn(c *corteData, q string) []resultado {
	var out []resultado
	n := c.entrada.Numero
	clave := strings.ToUpper(strings.Trim(strings.ReplaceAll(q, " ", ""), "'"))
	numero, esNumero := numeroDe(q)
	dist, esDistrito := numeroDe(strings.TrimPrefix(normalizar(q), "distrito"))
	esDistrito = esDistrito && strings.HasPrefix(normalizar(q), "distrito")
	nombre := normalizar(q)
	for _, es := range c.snap.Elecciones {
		e := c.eleccion(es.Def.Codigo)
		out = append(out, buscarClave(e, clave)...)
		if esNumero {
			for _, sec := range e.Secciones {
				if v, ok := numeroDe(sec.ID); ok && v == numero {
					out = append(out, resultado{Tipo: "Sección", Texto: sec.Nombre,
						Eleccion: e.Def.Nombre,
						Href:     nodoHref(n, e.Def.Codigo, "secciones", sec.ID)})
				}
			}
		}
		if esDistrito {
			for _, d := range e.Distritos {
				if v, ok := numeroDe(d.ID); ok && v == dist {
					out = append(out, resultado{Tipo: "Distrito", Texto: d.ID + " · " + d.Nombre,
						Eleccion: e.Def.Nombre, Href: nodoHref(n, e.Def.Codigo, "distritos", d.ID)})
				}
			}
		}
		if len([]rune(nombre)) >= 3 && !esNumero {
			for _, m := range e.Municipios {
				if strings.Contains(normalizar(m.Nombre), nombre) {
					out = append(out, resultado{Tipo: "Municipio",
						Texto: m.ID + " · " + m.Nombre, Eleccion: e.Def.Nombre,
						Href: nodoHref(n, e.Def.Codigo, "municipios", m.ID)})
				}
			}
		}
	}
	return out
}

// buscarClave finds an acta or a casilla of an election by its key: an acta by its id (a
// fuera-de-catálogo one with its hexadecimal part in any case) or by CLAVE_ACTA as
// published, which lists every acta with that key (the voto anticipado's repeats in each
// unit); a casilla by its address (210000A0100-VA-005), its key or its key as published,
// which lists one casilla per sección when it repeats.
func buscarClave(e *eleccionData, clave string) []resultado {
	if i, ok := e.buscarActa(clave); ok {
		return []resultado{e.resultadoActa(&e.Actas[i])}
	}
	var out []resultado
	if ks := e.porClaveActa[clave]; len(ks) > 0 {
		for _, k := range ks {
			out = append(out, e.resultadoActa(&e.Actas[k]))
		}
		return out
	}
	if ci, ok := e.cas.porID[clave]; ok && ci.ID != ci.Clave {
		return []resultado{e.resultadoCasilla(ci)}
	}
	for _, ci := range e.cas.buscarClave(clave) {
		out = append(out, e.resultadoCasilla(ci))
	}
	return out
}

// numeroDe reads a whole number written with digits only (spaces around allowed).
func numeroDe(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 9 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}

// normalizar folds a name for comparison: lower case, without accents, single spaces.
func normalizar(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}
