package web

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// formatoPage describes, in Spanish, the open-data CSV of an election in a corte: its
// header block and each column of its actas, the vote columns named from the election's
// definition, and the special values its cells may hold.
type formatoPage struct {
	pagina
	Eleccion string
	Archivo  string // file name
	Href     string // its download
	Columnas []columnaFormato
}

// columnaFormato is one column of the actas.
type columnaFormato struct {
	Nombre, Descripcion string
}

// descripciones are the columns every PREP file of this layout has (RULES.md §4).
var descripciones = map[string]string{
	"CLAVE_CASILLA":     "Clave de la casilla: entidad, sección, tipo y número de casilla.",
	"CLAVE_ACTA":        "Clave del acta: la de la casilla más el tipo de acta.",
	"ID_ENTIDAD":        "Número de la entidad federativa.",
	"ENTIDAD":           "Nombre de la entidad federativa.",
	"ID_DISTRITO":       "Número del distrito electoral local.",
	"DISTRITO":          "Nombre de la cabecera del distrito.",
	"ID_DISTRITO_LOCAL": "Número del distrito electoral local.",
	"DISTRITO_LOCAL":    "Nombre de la cabecera del distrito local.",
	"ID_MUNICIPIO":      "Número del municipio.",
	"MUNICIPIO":         "Nombre del municipio.",
	"SECCION":           "Número de la sección electoral.",
	"ID_CASILLA": "Número de la casilla dentro de la sección (las contiguas 10 a 17 se " +
		"publican como 01).",
	"EXT_CONTIGUA":            "Número de la casilla extraordinaria contigua; 00 si no lo es.",
	"TOTAL_BOLETAS_SOBRANTES": "Boletas sobrantes, según el acta.",
	"TOTAL_PERSONAS_VOTARON":  "Personas que votaron, según el acta.",
	"TOTAL_REP_PARTIDO_CI_VOTARON": "Representantes de partidos y candidaturas independientes " +
		"que votaron en la casilla sin estar en la lista nominal.",
	"TOTAL_VOTOS_SACADOS":  "Votos sacados de la urna, según el acta.",
	"TOTAL_VOTOS_ASENTADO": "Total de votos asentado en el acta.",
	"TOTAL_VOTOS_CALCULADO": "Suma de los votos capturados del acta (partidos, combinaciones, " +
		"candidaturas independientes, no registradas y nulos).",
	"LISTA_NOMINAL": "Personas en la lista nominal de la casilla.",
	"REPRESENTANTES_PP_CI": "Representantes de partidos y candidaturas independientes " +
		"acreditados en la casilla.",
	"OBSERVACIONES": "Por qué el acta se contabilizó con observaciones o no se contabilizó.",
	"CODIGO_INTEGRIDAD": "SHA-256 de la imagen del acta: cualquiera puede calcularlo sobre la " +
		"imagen publicada y compararlo.",
	"FECHA_HORA_ACOPIO": "Fecha y hora de llegada del acta al centro de acopio (hora del centro " +
		"del país).",
	"FECHA_HORA_CAPTURA":      "Fecha y hora de la captura de las cifras.",
	"FECHA_HORA_VERIFICACION": "Fecha y hora de la verificación de la captura.",
	"ORIGEN":                  "Dónde se digitalizó el acta: CASILLA o CATD.",
	"DIGITALIZACION":          "Con qué: MOVIL (PREP Casilla) o ESCANER.",
	"TIPO_DOCUMENTO":          "Documento del que se capturó: acta PREP, copia, etc.",
}

// formato serves /cortes/{n}/{eleccion}/formato.
func (s *Server) formato(st estado, c *corteData, e *eleccionData) (formatoPage, error) {
	var ruta string
	for _, ec := range c.snap.Manifiesto.Elecciones {
		if ec.Codigo == e.Def.Codigo {
			ruta = ec.CSV
		}
	}
	cols, err := columnasCSV(filepath.Join(c.snap.Dir, filepath.FromSlash(ruta)))
	if err != nil {
		return formatoPage{}, err
	}
	titulo := "Formato de los datos abiertos"
	p := formatoPage{pagina: st.pagina(c, e.Def.Nombre+" · "+titulo, e.Def.Codigo+"/formato",
		false), Eleccion: e.Def.Nombre, Archivo: filepath.Base(ruta),
		Href: archivoHref(c.entrada.Numero, ruta)}
	e.encabezado(&p.pagina, titulo)
	p.Migas = []miga{{Texto: e.entidad(), Href: e.href()}, {Texto: titulo}}
	tipos := map[string]string{}
	for _, k := range e.Def.Contendientes {
		switch k.Tipo {
		case "partido":
			tipos[k.Columna] = "Votos del partido " + k.Columna + "."
		case "combinacion":
			tipos[k.Columna] = "Votos marcados a la vez por varios partidos de una coalición " +
				"o candidatura común (" + strings.Join(k.Partidos, ", ") + "), que cuentan para " +
				"su candidatura."
		case "independiente":
			tipos[k.Columna] = "Votos de la candidatura independiente " + k.Columna + "."
		case "no_registradas":
			tipos[k.Columna] = "Votos por candidaturas no registradas."
		case "nulos":
			tipos[k.Columna] = "Votos nulos."
		}
	}
	codigos := codigosFormato(e)
	for _, col := range cols {
		d := descripciones[col]
		if t, ok := codigos[col]; ok {
			d = t
		}
		if t, ok := tipos[col]; ok {
			d = t
		}
		if d == "" {
			d = "Columna que este formato no describe."
		}
		p.Columnas = append(p.Columnas, columnaFormato{Nombre: col, Descripcion: d})
	}
	return p, nil
}

// codigosFormato describes the columns whose values are codes, from the maps the acta's
// page reads too (see ubicaciones), so that both pages explain a code alike. The types of
// acta listed are those the election's actas carry.
func codigosFormato(e *eleccionData) map[string]string {
	tipos := map[string]string{}
	for _, a := range e.Actas {
		if name, ok := tiposActa[a.TipoActa]; ok {
			tipos[a.TipoActa] = name
		}
	}
	var contab []string
	for _, v := range []string{"1", "0", "2", "-"} {
		contab = append(contab, v+" "+strings.ToLower(contabilizada(v))+" ("+
			contabilizadaDetalle(v)+")")
	}
	casillas := map[string]string{}
	for k, v := range tiposCasilla {
		casillas[k] = strings.ToLower(v)
	}
	return map[string]string{
		"TIPO_CASILLA":      "Tipo de casilla: " + significados(casillas, ordenCasillas) + ".",
		"UBICACION_CASILLA": "Ubicación de la casilla: " + significados(ubicaciones, nil) + ".",
		"TIPO_ACTA": "Tipo de acta de escrutinio y cómputo: " + significados(tipos, nil) +
			".",
		"CONTABILIZADA": "Si los votos del acta se suman: " + strings.Join(contab, "; ") + ".",
		"MECANISMOS_TRASLADO": "Cómo llegó el paquete de la casilla al centro de acopio: " +
			significados(mecanismos, nil) + "; N/A si no hubo acta, - si aún no se registra.",
	}
}

// columnasCSV reads the names of the actas' columns of a published CSV: the first line
// that starts with CLAVE_CASILLA.
func columnasCSV(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for i := 0; sc.Scan() && i < 20; i++ {
		line := strings.TrimPrefix(strings.TrimSpace(sc.Text()), "\ufeff")
		if strings.HasPrefix(line, "CLAVE_CASILLA,") {
			return strings.Split(line, ","), nil
		}
	}
	return nil, fmt.Errorf("read the columns of %s: no header line of the actas", path)
}
