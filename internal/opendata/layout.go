package opendata

import "strings"

// role is what a column of the PREP layout holds.
type role uint8

// Column roles. roleVote and roleExtra cover many columns each.
const (
	roleExtra role = iota
	roleClaveCasilla
	roleClaveActa
	roleIDEntidad
	roleEntidad
	roleUnidadID
	roleUnidad
	roleSeccion
	roleIDCasilla
	roleTipoCasilla
	roleExtContigua
	roleUbicacion
	roleTipoActa
	roleBoletasSobrantes
	rolePersonasVotaron
	roleRepVotaron
	roleVotosSacados
	roleVote
	roleTotalAsentado
	roleTotalCalculado
	roleListaNominal
	roleRepresentantes
	roleObservaciones
	roleContabilizada
	roleMecanismo
	roleCodigo
	roleAcopio
	roleCaptura
	roleVerificacion
	roleOrigen
	roleDigitalizacion
	roleTipoDocumento
	numRoles
)

// columnRoles maps the IEE Puebla 2024 names and the INE spellings (RULES.md §4.2) to roles.
var columnRoles = map[string]role{
	"CLAVE_CASILLA":                roleClaveCasilla,
	"CLAVE_ACTA":                   roleClaveActa,
	"ID_ENTIDAD":                   roleIDEntidad,
	"ID_ESTADO":                    roleIDEntidad,
	"ENTIDAD":                      roleEntidad,
	"ESTADO":                       roleEntidad,
	"SECCION":                      roleSeccion,
	"ID_CASILLA":                   roleIDCasilla,
	"TIPO_CASILLA":                 roleTipoCasilla,
	"EXT_CONTIGUA":                 roleExtContigua,
	"UBICACION_CASILLA":            roleUbicacion,
	"TIPO_ACTA":                    roleTipoActa,
	"TOTAL_BOLETAS_SOBRANTES":      roleBoletasSobrantes,
	"TOTAL_PERSONAS_VOTARON":       rolePersonasVotaron,
	"TOTAL_REP_PARTIDO_CI_VOTARON": roleRepVotaron,
	"TOTAL_VOTOS_SACADOS":          roleVotosSacados,
	"TOTAL_VOTOS_ASENTADO":         roleTotalAsentado,
	"TOTAL_VOTOS_CALCULADO":        roleTotalCalculado,
	"LISTA_NOMINAL":                roleListaNominal,
	"REPRESENTANTES_PP_CI":         roleRepresentantes,
	"OBSERVACIONES":                roleObservaciones,
	"CONTABILIZADA":                roleContabilizada,
	"MECANISMOS_TRASLADO":          roleMecanismo,
	"CODIGO_INTEGRIDAD":            roleCodigo,
	"SHA":                          roleCodigo,
	"FECHA_HORA_ACOPIO":            roleAcopio,
	"FECHA_HORA_CAPTURA":           roleCaptura,
	"FECHA_HORA_VERIFICACION":      roleVerificacion,
	"ORIGEN":                       roleOrigen,
	"DIGITALIZACION":               roleDigitalizacion,
	"TIPO_DOCUMENTO":               roleTipoDocumento,
}

// unitColumns are the id columns of the territorial unit, paired with the kind of unit.
var unitColumns = map[string]string{
	"ID_DISTRITO":         "distrito",
	"ID_DISTRITO_LOCAL":   "distrito",
	"ID_DISTRITO_FEDERAL": "distrito",
	"ID_MUNICIPIO":        "municipio",
	"ID_MUNICIPIO_LOCAL":  "municipio",
}

// required are the roles a file must have for sufragio to classify and tally its actas.
var required = []role{
	roleClaveCasilla, roleClaveActa, roleIDEntidad, roleEntidad, roleUnidadID, roleUnidad,
	roleSeccion, roleIDCasilla, roleTipoCasilla, roleExtContigua, roleUbicacion, roleTipoActa,
	roleVotosSacados, roleTotalAsentado, roleTotalCalculado, roleListaNominal,
	roleRepresentantes, roleObservaciones, roleContabilizada,
}

// roleNames names each required role for error messages.
var roleNames = map[role]string{
	roleClaveCasilla: "CLAVE_CASILLA", roleClaveActa: "CLAVE_ACTA", roleIDEntidad: "ID_ENTIDAD",
	roleEntidad: "ENTIDAD", roleUnidadID: "ID_DISTRITO o ID_MUNICIPIO",
	roleUnidad: "DISTRITO o MUNICIPIO", roleSeccion: "SECCION", roleIDCasilla: "ID_CASILLA",
	roleTipoCasilla: "TIPO_CASILLA", roleExtContigua: "EXT_CONTIGUA",
	roleUbicacion: "UBICACION_CASILLA", roleTipoActa: "TIPO_ACTA",
	roleVotosSacados: "TOTAL_VOTOS_SACADOS", roleTotalAsentado: "TOTAL_VOTOS_ASENTADO",
	roleTotalCalculado: "TOTAL_VOTOS_CALCULADO", roleListaNominal: "LISTA_NOMINAL",
	roleRepresentantes: "REPRESENTANTES_PP_CI", roleObservaciones: "OBSERVACIONES",
	roleContabilizada: "CONTABILIZADA",
}

// guarded are the roles whose cells carry the spreadsheet apostrophe guard on IEE output
// (RULES.md §4.3).
var guarded = map[role]bool{
	roleClaveCasilla: true, roleClaveActa: true, roleIDEntidad: true, roleUnidadID: true,
	roleSeccion: true, roleIDCasilla: true, roleExtContigua: true,
}

// layout assigns a role to every column of a file.
type layout struct {
	roles     []role
	index     map[role]int
	at        [numRoles]int // column of each role, -1 when absent (the fast form of index)
	votes     []int         // column indexes of the vote columns
	extra     []int         // column indexes of unmodelled columns
	unidad    string
	unidadCol string
}

// newLayout assigns roles to the columns. The vote columns are those strictly between
// TOTAL_VOTOS_SACADOS and TOTAL_VOTOS_ASENTADO (RULES.md §4.2). It returns the name of a
// missing required column, or of a duplicated one, as problem.
func newLayout(cols []string) (l *layout, problem string, dup bool) {
	l = &layout{roles: make([]role, len(cols)), index: map[role]int{}}
	seen := map[string]bool{}
	for i, c := range cols {
		if seen[c] {
			return nil, c, true
		}
		seen[c] = true
		r, ok := columnRoles[c]
		if u, isUnit := unitColumns[c]; isUnit && l.unidad == "" {
			r, ok, l.unidad, l.unidadCol = roleUnidadID, true, u, c
		}
		if ok {
			l.roles[i] = r
			l.index[r] = i
		}
	}
	if i, ok := l.index[roleUnidadID]; ok && i+1 < len(cols) &&
		l.roles[i+1] == roleExtra && !strings.HasPrefix(cols[i+1], "ID_") {
		l.roles[i+1] = roleUnidad
		l.index[roleUnidad] = i + 1
	}
	for _, r := range required {
		if _, ok := l.index[r]; !ok {
			return nil, roleNames[r], false
		}
	}
	from, to := l.index[roleVotosSacados], l.index[roleTotalAsentado]
	for i := from + 1; i < to; i++ {
		l.roles[i] = roleVote
		l.votes = append(l.votes, i)
	}
	for i, r := range l.roles {
		if r == roleExtra {
			l.extra = append(l.extra, i)
		}
	}
	for r := range l.at {
		l.at[r] = -1
		if i, ok := l.index[role(r)]; ok {
			l.at[r] = i
		}
	}
	return l, "", false
}
