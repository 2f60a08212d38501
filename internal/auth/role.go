// Package auth defines who may do what in the PREP operation and the cómputos: the roles of
// the staff and the permissions each one holds. It is pure: users, passwords and sessions are kept by the
// store, and HTTP enforcement lives in the staff web application.
package auth

// Role is the function a staff member performs during the PREP.
type Role string

// The roles of the PREP operation.
const (
	Administrador Role = "administrador" // configures the PREP, manages users, publishes cortes
	Coordinador   Role = "coordinador"   // runs one CATD and sees its progress
	Acopiador     Role = "acopiador"     // registers the arrival of actas
	Digitalizador Role = "digitalizador" // scans or photographs actas
	Capturista    Role = "capturista"    // keys the figures of an acta
	Verificador   Role = "verificador"   // settles differences between captures
	Auditor       Role = "auditor"       // reads everything, changes nothing
	Consulta      Role = "consulta"      // reads progress only
	// The council's cómputo (RULES.md §6): the secretario records what the session reads
	// (packages, actas, recount figures); the consejero holds the council's decisions
	// (recounts, votos reservados, results, corrections, validity, constancia).
	Secretario Role = "secretario"
	Consejero  Role = "consejero"
)

// Roles lists every role, in the order the administration page shows them.
var Roles = []Role{Administrador, Coordinador, Acopiador, Digitalizador, Capturista,
	Verificador, Auditor, Consulta, Secretario, Consejero}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Nombre is the role's name for people.
func (r Role) Nombre() string {
	switch r {
	case Administrador:
		return "Administrador"
	case Coordinador:
		return "Coordinador de CATD"
	case Acopiador:
		return "Acopiador"
	case Digitalizador:
		return "Digitalizador"
	case Capturista:
		return "Capturista"
	case Verificador:
		return "Verificador"
	case Auditor:
		return "Auditor"
	case Consulta:
		return "Consulta"
	case Secretario:
		return "Secretaría del consejo"
	case Consejero:
		return "Consejería del consejo"
	}
	return string(r)
}
