package computopub

import "time"

// Version is the version of the layout of index.json and computo.json.
const Version = 1

// Indice is index.json: every cómputo published, by election and unit.
type Indice struct {
	Version int `json:"version"`
	// Actualizado is the time of the last change to any entry.
	Actualizado time.Time `json:"actualizado"`
	Computos    []Entrada `json:"computos"`
}

// Buscar returns the entry of cómputo id, if it is listed.
func (x *Indice) Buscar(id string) (Entrada, bool) {
	for _, e := range x.Computos {
		if e.ID == id {
			return e, true
		}
	}
	return Entrada{}, false
}

// Entrada is one cómputo in index.json: who computes what, how far it has gone and, once it
// has results, its outcome.
type Entrada struct {
	ID             string `json:"id"`
	Eleccion       string `json:"eleccion"`
	EleccionNombre string `json:"eleccion_nombre"`
	// Organo is the kind of council: distrital, municipal or general.
	Organo       string `json:"organo"`
	Consejo      string `json:"consejo"`
	Unidad       string `json:"unidad"`
	UnidadNombre string `json:"unidad_nombre"`
	// Estatal marks the Consejo General's state cómputo, which sums district actas.
	Estatal bool `json:"estatal"`
	// Declara tells whether this council declares the validity and issues the constancia.
	Declara bool `json:"declara"`
	// Fase is the step reached, in Spanish ("cotejo de actas", "concluida").
	Fase      string `json:"fase"`
	Concluido bool   `json:"concluido"`
	// Simulacro marks a cómputo over test data.
	Simulacro bool   `json:"simulacro"`
	Avance    Avance `json:"avance"`
	// Resultados is the outcome, once the unit is summed; nil before.
	Resultados *Resumen `json:"resultados,omitempty"`
	// ValidezDeclarada tells whether the council declared the validity of the election.
	ValidezDeclarada bool `json:"validez_declarada"`
	// Registro is the cómputo's computo.json, once it has results.
	Registro *Archivo `json:"computo_json,omitempty"`
	// Asignacion marks an RP assignment (computo.Asignacion); Escanos are the seats of the
	// one in force, by party, once one is made.
	Asignacion bool     `json:"asignacion"`
	Escanos    []Escano `json:"escanos,omitempty"`
	// Eventos is the number of acts in the session's log when this entry was written: the
	// version of the cómputo, which only grows. A publisher holding an earlier version
	// leaves a later one in place.
	Eventos int `json:"eventos"`
	// Actualizado is when this entry last changed.
	Actualizado time.Time `json:"actualizado"`
}

// Avance is the progress of a cómputo. For a council's session it counts casillas; for the
// state cómputo, the district actas received and the casillas they computed.
type Avance struct {
	// CasillasEsperadas are the casillas of the unit; NoInstaladas those not installed.
	CasillasEsperadas int `json:"casillas_esperadas"`
	NoInstaladas      int `json:"no_instaladas"`
	// Cotejadas had their acta compared; Recontadas were recounted; Computadas have the
	// figures that enter the sum; Pendientes have none yet.
	Cotejadas  int `json:"cotejadas"`
	Recontadas int `json:"recontadas"`
	Computadas int `json:"computadas"`
	Pendientes int `json:"pendientes"`
	// ActasEsperadas and ActasRecibidas count the district actas of a state cómputo.
	ActasEsperadas int `json:"actas_esperadas,omitempty"`
	ActasRecibidas int `json:"actas_recibidas,omitempty"`
}

// Resumen is the outcome of a cómputo: its totals, and its winner or the candidacies tied
// for first place.
type Resumen struct {
	// Total is the votación total emitida; Valida the votes of the candidacies.
	Total         int64 `json:"total"`
	Valida        int64 `json:"valida"`
	NoRegistradas int64 `json:"no_registradas"`
	Nulos         int64 `json:"nulos"`
	// Ganador and Segundo are the first and second places; Diferencia their margin. Both
	// are nil on a tie for first place, listed in Empate, and when nobody has votes.
	Ganador    *Lugar  `json:"ganador,omitempty"`
	Segundo    *Lugar  `json:"segundo,omitempty"`
	Diferencia int64   `json:"diferencia"`
	Empate     []Lugar `json:"empate,omitempty"`
	// ConstanciaVigente is the folio of the constancia de mayoría in force, if any.
	ConstanciaVigente string `json:"constancia_vigente,omitempty"`
}

// Lugar is a candidacy with its votes.
type Lugar struct {
	Candidatura string   `json:"candidatura"`
	Nombre      string   `json:"nombre"`
	Partidos    []string `json:"partidos"`
	Votos       int64    `json:"votos"`
}

// Archivo is a published file: its name inside the cómputo's folder, what it holds, its
// content type, SHA-256 and size, so that a reader can check a download.
type Archivo struct {
	Nombre      string `json:"nombre"`
	Descripcion string `json:"descripcion"`
	Tipo        string `json:"tipo"`
	SHA256      string `json:"sha256"`
	Bytes       int64  `json:"bytes"`
}

// Computo is computo.json: the public record of one cómputo with results. Vote figures are
// lists in the order of Columnas, as the acta lists its columns.
type Computo struct {
	Version        int    `json:"version"`
	ID             string `json:"id"`
	Simulacro      bool   `json:"simulacro"`
	Estatal        bool   `json:"estatal"`
	Instituto      string `json:"instituto"`
	Proceso        string `json:"proceso"`
	Consejo        string `json:"consejo"`
	Organo         string `json:"organo"`
	Eleccion       string `json:"eleccion"`
	EleccionNombre string `json:"eleccion_nombre"`
	Unidad         string `json:"unidad"`
	UnidadNombre   string `json:"unidad_nombre"`
	// Declara tells whether this council declares the validity and issues the constancia;
	// a district cómputo of Gubernatura sends its acta to the Consejo General instead.
	Declara   bool   `json:"declara"`
	Fase      string `json:"fase"`
	Concluido bool   `json:"concluido"`
	// FechaResultados is when the unit was first summed; Actualizado when the record last
	// changed.
	FechaResultados time.Time `json:"fecha_resultados"`
	Actualizado     time.Time `json:"actualizado"`
	// Reparto is the level at which a state cómputo splits the combinations.
	Reparto string `json:"reparto,omitempty"`

	Columnas []string `json:"columnas"`
	// Votos are the unit's votes per column, before the split of combinations.
	Votos        []int64       `json:"votos"`
	Candidaturas []Candidatura `json:"candidaturas"`
	Partidos     []Partido     `json:"partidos"`
	Repartos     []Reparto     `json:"repartos"`
	Resumen      Resumen       `json:"resumen"`
	Casillas     Casillas      `json:"casillas"`

	Recuentos     []Recuento     `json:"recuentos"`
	RecuentoTotal *RecuentoTotal `json:"recuento_total,omitempty"`
	// PlanesRecuento explain how the recounts were organised (pleno or grupos de trabajo).
	PlanesRecuento []string       `json:"planes_recuento"`
	Grupos         []Grupo        `json:"grupos"`
	Sorteos        []Sorteo       `json:"sorteos"`
	Correcciones   []Correccion   `json:"correcciones"`
	Validez        *Validez       `json:"validez,omitempty"`
	Constancias    []Constancia   `json:"constancias"`
	Partes         []DistritoActa `json:"partes,omitempty"`
	Conciliacion   *Conciliacion  `json:"conciliacion,omitempty"`
	// Metodo, Toma, Siglado and Asignaciones are the record of an RP assignment: its
	// formula, the cómputos it takes, the siglado recorded and every assignment made, the
	// one in force last.
	Metodo       string       `json:"metodo,omitempty"`
	Toma         []string     `json:"toma,omitempty"`
	Siglado      []Siglado    `json:"siglado,omitempty"`
	Asignaciones []Asignacion `json:"asignaciones,omitempty"`
	Archivos     []Archivo    `json:"archivos"`

	// Leido is the computo.json this record was read from (LeerComputo sets it; it is not
	// written).
	Leido *Archivo `json:"-"`
}

// Archivo returns the file of the record named nombre, if it lists one.
func (c *Computo) Archivo(nombre string) (Archivo, bool) {
	for _, a := range c.Archivos {
		if a.Nombre == nombre {
			return a, true
		}
	}
	return Archivo{}, false
}

// Candidatura is one candidacy of the cómputo with its votes: those of its columns, which
// equal those of its parties after the split.
type Candidatura struct {
	ID            string   `json:"id"`
	Nombre        string   `json:"nombre"`
	Suplente      string   `json:"suplente,omitempty"`
	Partidos      []string `json:"partidos"`
	Columnas      []string `json:"columnas"`
	Independiente bool     `json:"independiente"`
	Votos         int64    `json:"votos"`
}

// Partido is a party's votes: its own, those it received from combinations, and their sum.
type Partido struct {
	Partido         string `json:"partido"`
	Propios         int64  `json:"propios"`
	DeCombinaciones int64  `json:"de_combinaciones"`
	Total           int64  `json:"total"`
}

// Reparto is the split of one combination column among its parties (RULES.md §5).
type Reparto struct {
	Columna  string  `json:"columna"`
	Votos    int64   `json:"votos"`
	Cociente int64   `json:"cociente"`
	Resto    int64   `json:"resto"`
	Partes   []Parte `json:"partes"`
}

// Parte is what one party received from a combination.
type Parte struct {
	Partido string `json:"partido"`
	Votos   int64  `json:"votos"`
}

// Casillas counts the casillas of the acta de cómputo: of the unit, not installed, computed
// and recounted (for a state cómputo, those of the district actas).
type Casillas struct {
	Esperadas    int `json:"esperadas"`
	NoInstaladas int `json:"no_instaladas"`
	Computadas   int `json:"computadas"`
	Recontadas   int `json:"recontadas"`
}

// Recuento is a recounted casilla: where it was recounted (0 the pleno, n the grupo de
// trabajo), why, and how many votes were reserved.
type Recuento struct {
	Casilla    string  `json:"casilla"`
	Clave      string  `json:"clave"`
	Grupo      int     `json:"grupo"`
	Causas     []Causa `json:"causas"`
	Reservados int64   `json:"reservados"`
}

// Causa is a cause for recounting a casilla, with its legal basis.
type Causa struct {
	Codigo       string `json:"codigo"`
	Descripcion  string `json:"descripcion"`
	Detalle      string `json:"detalle,omitempty"`
	Fundamento   string `json:"fundamento"`
	PorConfirmar bool   `json:"por_confirmar"`
}

// RecuentoTotal is the decision on the total recount of the unit (LGIPE art. 311.2-3).
type RecuentoTotal struct {
	Procede            bool   `json:"procede"`
	DentroDelMargen    bool   `json:"dentro_del_margen"`
	PeticionSegundo    bool   `json:"peticion_segundo"`
	Primero            Lugar  `json:"primero"`
	Segundo            Lugar  `json:"segundo"`
	Diferencia         int64  `json:"diferencia"`
	Base               int64  `json:"base"`
	BaseNombre         string `json:"base_nombre"`
	Porcentaje         string `json:"porcentaje"`
	Fundamento         string `json:"fundamento"`
	Explicacion        string `json:"explicacion"`
	MargenPorConfirmar bool   `json:"margen_por_confirmar"`
}

// Grupo is what one grupo de trabajo (0, the pleno) recounted.
type Grupo struct {
	Grupo    int   `json:"grupo"`
	Casillas int   `json:"casillas"`
	Total    int64 `json:"total"`
}

// Sorteo is a tie settled by sorteo: what was drawn, among whom, and who won.
type Sorteo struct {
	Unidad    string   `json:"unidad"`
	Motivo    string   `json:"motivo"`
	Empatados []string `json:"empatados"`
	Lugares   int      `json:"lugares"`
	Ganadores []string `json:"ganadores"`
}

// Correccion is a change after the results: of a casilla's figures or, in a state cómputo,
// of a district's acta. Revoca and Nueva are the folios of the constancia revoked and of
// the one issued, when the winner changed.
type Correccion struct {
	Casilla string    `json:"casilla"`
	Clave   string    `json:"clave,omitempty"`
	Cambios []Cambio  `json:"cambios"`
	Causa   string    `json:"causa"`
	Cuando  time.Time `json:"cuando"`
	Revoca  string    `json:"revoca,omitempty"`
	Nueva   string    `json:"nueva,omitempty"`
}

// Cambio is the new figure of one column.
type Cambio struct {
	Columna string `json:"columna"`
	Votos   int64  `json:"votos"`
}

// Validez is the declaration of validity of the election and of the eligibility of its
// winner.
type Validez struct {
	Acuerdo      string    `json:"acuerdo"`
	Ganador      string    `json:"ganador"`
	Declarada    time.Time `json:"declarada"`
	Fundamento   string    `json:"fundamento"`
	PorConfirmar bool      `json:"por_confirmar"`
}

// Constancia is a constancia de mayoría, in force or revoked, with the name of its PDF.
type Constancia struct {
	Folio          string    `json:"folio"`
	Candidatura    string    `json:"candidatura"`
	Propietaria    string    `json:"propietaria"`
	Suplente       string    `json:"suplente,omitempty"`
	Partidos       []string  `json:"partidos"`
	Votos          int64     `json:"votos"`
	Segundo        string    `json:"segundo,omitempty"`
	Diferencia     int64     `json:"diferencia"`
	Expedida       time.Time `json:"expedida"`
	Fundamento     string    `json:"fundamento"`
	PorConfirmar   bool      `json:"por_confirmar"`
	Revocada       bool      `json:"revocada"`
	RevocadaCuando time.Time `json:"revocada_cuando,omitzero"`
	RevocadaCausa  string    `json:"revocada_causa,omitempty"`
	SustituidaPor  string    `json:"sustituida_por,omitempty"`
	Archivo        string    `json:"archivo"`
}

// DistritoActa is a district's acta de cómputo as the Consejo General received it and
// summed it: its figures per column, its majority (or tie) and the version received.
type DistritoActa struct {
	Unidad       string   `json:"unidad"`
	UnidadNombre string   `json:"unidad_nombre"`
	Consejo      string   `json:"consejo"`
	Casillas     int      `json:"casillas"`
	Recontadas   int      `json:"recontadas"`
	Votos        []int64  `json:"votos"`
	Total        int64    `json:"total"`
	Mayoria      []string `json:"mayoria"`
	Empate       bool     `json:"empate"`
	Version      int      `json:"version"`
}

// Conciliacion sets the PREP beside the cómputo, casilla by casilla: what the PREP counted,
// what the cómputo counts and their difference per column, and its cause.
type Conciliacion struct {
	PREP       []int64 `json:"prep"`
	Computo    []int64 `json:"computo"`
	Diferencia []int64 `json:"diferencia"`
	// CasillasPorCausa and VotosPorCausa count the casillas and sum the difference by
	// cause (pendiente, sin-cambio, ausente-prep, correccion, recuento, cotejo).
	CasillasPorCausa map[string]int     `json:"casillas_por_causa"`
	VotosPorCausa    map[string]int64   `json:"votos_por_causa"`
	Filas            []FilaConciliacion `json:"filas"`
}

// FilaConciliacion is one casilla of the reconciliation. PREP is nil when the PREP captured
// no figures; Diferencia is the cómputo minus what the PREP counted (0 when not counted).
type FilaConciliacion struct {
	Casilla           string  `json:"casilla"`
	Clave             string  `json:"clave"`
	Seccion           string  `json:"seccion"`
	Tipo              string  `json:"tipo"`
	PREPCapturada     bool    `json:"prep_capturada"`
	PREPContabilizada bool    `json:"prep_contabilizada"`
	Fuente            string  `json:"fuente"`
	Causa             string  `json:"causa"`
	Recontada         bool    `json:"recontada"`
	Corregida         bool    `json:"corregida"`
	PREP              []int64 `json:"prep"`
	Computo           []int64 `json:"computo"`
	Diferencia        []int64 `json:"diferencia"`
}

// Escano is the RP seats of one party in an assignment.
type Escano struct {
	Partido string `json:"partido"`
	RP      int    `json:"rp"`
}

// Siglado is one row of the siglado of an assignment: the party the MR seat of a coalition
// candidacy of a district counts for.
type Siglado struct {
	Unidad      string `json:"unidad"`
	Candidatura string `json:"candidatura"`
	Partido     string `json:"partido"`
}

// Asignacion is one RP assignment agreed by the council: the figures it took, the seats
// and its explanation step by step; Vigente unless a later one replaced it.
type Asignacion struct {
	Numero        int            `json:"numero"`
	Acuerdo       string         `json:"acuerdo"`
	Cuando        time.Time      `json:"cuando"`
	Vigente       bool           `json:"vigente"`
	SustituidaPor int            `json:"sustituida_por,omitempty"`
	Causa         string         `json:"causa,omitempty"`
	Versiones     map[string]int `json:"versiones"`
	// Ganadora lists, for regidurías, the parties of the winning planilla.
	Ganadora      []string `json:"ganadora,omitempty"`
	NoRegistradas int64    `json:"no_registradas"`
	Nulos         int64    `json:"nulos"`
	Filas         []FilaRP `json:"filas"`
	Pasos         []Paso   `json:"pasos"`
	Sorteos       []Sorteo `json:"sorteos"`
}

// FilaRP is one contender of an assignment: its votes, whether it takes part, its majority
// seats counted for the limits, its RP seats and its total.
type FilaRP struct {
	Partido       string `json:"partido"`
	Votos         int64  `json:"votos"`
	ConDerecho    bool   `json:"con_derecho"`
	Independiente bool   `json:"independiente"`
	MR            int    `json:"mr"`
	RP            int    `json:"rp"`
	Total         int    `json:"total"`
}

// Paso is one step of the explanation of an assignment, with its legal basis; PorConfirmar
// marks a rule not yet confirmed against the official text.
type Paso struct {
	Texto        string `json:"texto"`
	Fundamento   string `json:"fundamento,omitempty"`
	PorConfirmar bool   `json:"por_confirmar"`
}
