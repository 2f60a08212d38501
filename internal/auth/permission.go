package auth

// Permission is one thing a staff member may do. Every staff route requires exactly one.
type Permission string

// The permissions of the PREP operation.
const (
	VerProgreso       Permission = "ver_progreso"       // progress of a CATD or of the whole PREP
	RegistrarAcopio   Permission = "registrar_acopio"   // register the arrival of an acta
	Digitalizar       Permission = "digitalizar"        // upload the image of an acta
	Capturar          Permission = "capturar"           // capture the figures of an acta
	Verificar         Permission = "verificar"          // settle differing captures
	PublicarCorte     Permission = "publicar_corte"     // publish a corte on demand
	Configurar        Permission = "configurar"         // PREP schedule, CATDs, catalog
	AdministrarUsers  Permission = "administrar_users"  // add, disable, reset users
	VerAuditoria      Permission = "ver_auditoria"      // browse and export the audit trail
	VerActas          Permission = "ver_actas"          // read any acta's record and images
	ImprimirEtiquetas Permission = "imprimir_etiquetas" // printable QR labels of the actas
	VerUsuarios       Permission = "ver_usuarios"       // the list of users and CATDs
	VerConfiguracion  Permission = "ver_configuracion"  // the PREP schedule and settings
	VerComputo        Permission = "ver_computo"        // the cómputo sessions and documents
	// RegistrarComputo records what a cómputo session reads: packages, cotejo figures,
	// recount figures; AcordarComputo takes the council's decisions.
	RegistrarComputo Permission = "registrar_computo"
	AcordarComputo   Permission = "acordar_computo"
)

// grants says which role holds which permission. The auditor reads everything and changes
// nothing; capture and verification are separate roles so that no one settles an acta he
// keyed (separation of duties, RULES.md §1).
var grants = map[Role][]Permission{
	Administrador: {VerProgreso, PublicarCorte, Configurar, AdministrarUsers, VerAuditoria,
		VerActas, ImprimirEtiquetas, VerUsuarios, VerConfiguracion, VerComputo},
	Coordinador:   {VerProgreso, RegistrarAcopio, Digitalizar, VerActas, ImprimirEtiquetas},
	Acopiador:     {RegistrarAcopio},
	Digitalizador: {Digitalizar},
	Capturista:    {Capturar},
	Verificador:   {Verificar},
	Auditor: {VerProgreso, VerAuditoria, VerActas, ImprimirEtiquetas, VerUsuarios,
		VerConfiguracion, VerComputo},
	Consulta:   {VerProgreso},
	Secretario: {VerComputo, RegistrarComputo},
	Consejero:  {VerComputo, AcordarComputo},
}

// Can reports whether role r holds permission p.
func Can(r Role, p Permission) bool {
	for _, g := range grants[r] {
		if g == p {
			return true
		}
	}
	return false
}

// ReadOnly reports whether a permission only reads. The auditor and consulta roles hold
// only such permissions, and a test checks it.
func (p Permission) ReadOnly() bool {
	switch p {
	case VerProgreso, VerAuditoria, VerActas, ImprimirEtiquetas, VerUsuarios, VerConfiguracion,
		VerComputo:
		return true
	}
	return false
}
