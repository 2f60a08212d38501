package sintetico

import (
	"strings"

	"github.com/sufragio/sufragio/internal/catalog"
)

// Eleccion is one of the three federal elections the generator writes.
type Eleccion struct {
	Codigo string // PRES, SEN, DIP_FED
	Titulo string // the first line of its file
	// TipoActa is the TIPO_ACTA of its acta at a casilla; TipoActaEspecial those of a
	// casilla especial, which gives two actas (mayoría relativa and representación
	// proporcional) in the elections of a legislature, as the Puebla Diputaciones Locales
	// file does (3EMR and 3ERP).
	TipoActa         string
	TipoActaEspecial []string
	// Extranjero reports whether the election has an acta of the vote from abroad in each
	// entidad (LGIPE art. 329: Presidencia and Senadurías).
	Extranjero bool
}

// sufijoTitulo marks every generated file as synthetic, so that none passes for real
// results.
const sufijoTitulo = " - DATOS SINTÉTICOS"

// Elecciones are the three federal elections, in publication order.
var Elecciones = []Eleccion{
	{Codigo: "PRES", Titulo: "PRESIDENCIA DE LA REPÚBLICA" + sufijoTitulo, TipoActa: "1",
		TipoActaEspecial: []string{"1E"}, Extranjero: true},
	{Codigo: "SEN", Titulo: "SENADURÍAS (INCLUYE RESULTADOS DE MAYORÍA RELATIVA Y " +
		"REPRESENTACIÓN PROPORCIONAL)" + sufijoTitulo, TipoActa: "2",
		TipoActaEspecial: []string{"2EMR", "2ERP"}, Extranjero: true},
	{Codigo: "DIP_FED", Titulo: "DIPUTACIONES FEDERALES (INCLUYE RESULTADOS DE MAYORÍA " +
		"RELATIVA Y REPRESENTACIÓN PROPORCIONAL)" + sufijoTitulo, TipoActa: "3",
		TipoActaEspecial: []string{"3EMR", "3ERP"}},
}

// Anio is the year of the generated process.
const Anio = 2024

// columnas are the columns of the generated files: those of the Puebla files, with the
// unit of the federal elections.
func columnas() []string {
	head := []string{"CLAVE_CASILLA", "CLAVE_ACTA", "ID_ENTIDAD", "ENTIDAD",
		"ID_DISTRITO_FEDERAL", "DISTRITO_FEDERAL", "SECCION", "ID_CASILLA", "TIPO_CASILLA",
		"EXT_CONTIGUA", "UBICACION_CASILLA", "TIPO_ACTA", "TOTAL_BOLETAS_SOBRANTES",
		"TOTAL_PERSONAS_VOTARON", "TOTAL_REP_PARTIDO_CI_VOTARON", "TOTAL_VOTOS_SACADOS"}
	tail := []string{"TOTAL_VOTOS_ASENTADO", "TOTAL_VOTOS_CALCULADO", "LISTA_NOMINAL",
		"REPRESENTANTES_PP_CI", "OBSERVACIONES", "CONTABILIZADA", "MECANISMOS_TRASLADO",
		"CODIGO_INTEGRIDAD", "FECHA_HORA_ACOPIO", "FECHA_HORA_CAPTURA",
		"FECHA_HORA_VERIFICACION", "ORIGEN", "DIGITALIZACION", "TIPO_DOCUMENTO"}
	out := append(append(head, columnasVoto...), tail...)
	return out
}

// definicion is the catalog definition of election e as its file gives it.
func (e Eleccion) definicion() *catalog.Eleccion {
	cs, err := catalog.Contendientes(columnasVoto)
	if err != nil {
		panic(err) // the columns are constants of this package
	}
	return &catalog.Eleccion{Codigo: e.Codigo, Titulo: e.Titulo,
		EntidadID: catalog.EntidadNacionalID, Entidad: catalog.EntidadNacional,
		Prefijo: catalog.PrefijoNacional, Anio: Anio, Unidad: catalog.UnidadDistrito,
		Columnas: columnas(), Contendientes: cs}
}

// presidencia names the candidacies to the Presidencia of 2024, a public fact: the
// coalitions' and MC's.
var presidencia = map[string]string{
	"SHH": "CLAUDIA SHEINBAUM PARDO", "FXM": "BERTHA XOCHITL GALVEZ RUIZ",
	"MC": "JORGE ALVAREZ MAYNEZ",
}

// candidaturasColumnas is the header of the candidaturas file of election e: like Puebla's,
// with the entidad and the distrito where the candidacies are registered.
func candidaturasColumnas(e Eleccion) []string {
	switch e.Codigo {
	case "PRES":
		return []string{"PARTIDO_CI", "CANDIDATURA"}
	case "SEN":
		return []string{"ID_ENTIDAD", "PARTIDO_CI", "CANDIDATURA_PROPIETARIA",
			"CANDIDATURA_SUPLENTE"}
	}
	return []string{"ID_ENTIDAD", "ID_DISTRITO_FEDERAL", "PARTIDO_CI",
		"CANDIDATURA_PROPIETARIA", "CANDIDATURA_SUPLENTE"}
}

// candidaturasFilas are the rows of one unit of a candidaturas file: every party and
// combination that runs in it (corren), with the name of its bloc's candidacy. A party
// that runs apart from its coalition (corren says its combinations do not) has its own.
// Names below the Presidencia are synthetic: "PERSONA SINTÉTICA SHH 15-040".
func candidaturasFilas(e Eleccion, ent, distrito string, corren []bool) [][]string {
	var out [][]string
	unidad := catalog.UnidadNacional(ent, distrito)
	for i, col := range columnasVoto {
		if !corren[i] || i >= 15 {
			continue
		}
		b := bloqueDe(i).nombre
		if !esCombinacion(i) && solo(i, corren) {
			b = col
		}
		switch e.Codigo {
		case "PRES":
			out = append(out, []string{col, presidencia[b]})
		case "SEN":
			out = append(out, []string{ent, col, "PERSONA SINTÉTICA " + b + " " + unidad,
				"SUPLENTE SINTÉTICA " + b + " " + unidad})
		default:
			out = append(out, []string{ent, distrito, col, "PERSONA SINTÉTICA " + b +
				" " + unidad, "SUPLENTE SINTÉTICA " + b + " " + unidad})
		}
	}
	return out
}

// bloqueDe is the bloc of vote column i.
func bloqueDe(i int) *bloque {
	for k := range bloques {
		for _, c := range bloques[k].columnas {
			if c == i {
				return &bloques[k]
			}
		}
	}
	panic("sintetico: a vote column outside every bloc") // the blocs are constants
}

// solo reports whether party column i of a coalition runs apart from it: no combination
// with it runs.
func solo(i int, corren []bool) bool {
	if len(bloqueDe(i).columnas) == 1 {
		return false
	}
	for k := range columnasVoto {
		if esCombinacion(k) && corren[k] && incluye(k, i) {
			return false
		}
	}
	return true
}

// incluye reports whether the combination column k includes the party column i.
func incluye(k, i int) bool {
	for _, p := range strings.Split(strings.TrimPrefix(columnasVoto[k], "C_"), "_") {
		if p == columnasVoto[i] {
			return true
		}
	}
	return false
}
