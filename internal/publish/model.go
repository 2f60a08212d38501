package publish

import "time"

// The published JSON of a corte. These types are the public, documented format of the
// files under json/ in every corte folder; the results site and any mirror read them.

// Manifiesto is corte.json: what a corte is and which files it holds. With corte.json.sig,
// the Ed25519 signature of its exact bytes, it is what anyone checks a corte against: the
// hash of every file, the root of the Merkle tree of each election's acta records, and the
// hash of the previous corte's corte.json, a chain back to the first corte (corte 0, the
// puesta en ceros, when the PREP was operated with sufragio).
type Manifiesto struct {
	// Version is the format of the manifest: 2 since it carries the chain, the Merkle
	// roots and the key; cortes without them are version 0.
	Version   int       `json:"version,omitempty"`
	Proceso   string    `json:"proceso,omitempty"` // "PREP PUE 2024"
	Numero    int       `json:"numero"`
	Hora      time.Time `json:"hora"`       // time of the cut
	HoraTexto string    `json:"hora_texto"` // as printed in the CSV: "03/06/2024 20:00 (UTC-6)"
	Final     bool      `json:"final"`
	Simulacro bool      `json:"simulacro"`
	Generado  time.Time `json:"generado"` // when sufragio built it
	Zip       string    `json:"zip"`      // name of the ZIP bundle in the folder
	// Elecciones are the elections of the corte, in publication order.
	Elecciones []EleccionCorte `json:"elecciones"`
	// Archivos are every file of the corte but corte.json, with size and SHA-256.
	Archivos []Archivo `json:"archivos"`
	// Merkle gives, per election, the root of the tree of its acta records (see HojasCSV).
	Merkle []RaizMerkle `json:"merkle,omitempty"`
	// Anterior is the SHA-256 of the previous corte's corte.json; "" on the first corte.
	Anterior string `json:"anterior"`
	// ClavePublica is the Ed25519 public key, base64, that signed corte.json.sig; "" when the
	// corte is not signed.
	ClavePublica string `json:"clave_publica,omitempty"`
}

// VersionManifiesto is the format of the manifests written now.
const VersionManifiesto = 2

// RaizMerkle is the root of the Merkle tree of one election's acta records in a corte.
type RaizMerkle struct {
	Eleccion string `json:"eleccion"`
	Archivo  string `json:"archivo"` // the CSV whose data lines are the leaves
	Hojas    int    `json:"hojas"`
	Raiz     string `json:"raiz"` // hexadecimal
}

// EleccionCorte describes one election inside a corte.
type EleccionCorte struct {
	Codigo       string            `json:"codigo"` // GUB, DIP_LOC, AYUN
	Nombre       string            `json:"nombre"` // "Gubernatura"
	Titulo       string            `json:"titulo"` // first line of the CSV
	Unidad       string            `json:"unidad"` // "distrito" or "municipio"
	CSV          string            `json:"csv"`    // path of the open-data CSV in the folder
	Candidaturas string            `json:"candidaturas"`
	Resumen      ResumenJSON       `json:"resumen"`
	JSON         map[string]string `json:"json"` // level → path of its JSON file
}

// Archivo is one file of a corte.
type Archivo struct {
	Ruta   string `json:"ruta"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ResumenJSON is the 13-figure summary with its percentages as printed (truncated, four
// decimals) and the participation rule of the corte applied.
type ResumenJSON struct {
	ActasEsperadas                  int64  `json:"actas_esperadas"`
	ActasRegistradas                int64  `json:"actas_registradas"`
	ActasFueraCatalogo              int64  `json:"actas_fuera_catalogo"`
	ActasCapturadas                 int64  `json:"actas_capturadas"`
	PorcentajeActasCapturadas       string `json:"porcentaje_actas_capturadas"`
	ActasContabilizadas             int64  `json:"actas_contabilizadas"`
	PorcentajeActasContabilizadas   string `json:"porcentaje_actas_contabilizadas"`
	PorcentajeActasInconsistencias  string `json:"porcentaje_actas_inconsistencias"`
	ActasNoContabilizadas           int64  `json:"actas_no_contabilizadas"`
	ActasInconsistentes             int64  `json:"actas_inconsistentes"`
	ListaNominalActasContabilizadas int64  `json:"lista_nominal_actas_contabilizadas"`
	TotalVotosCCS                   int64  `json:"total_votos_c_cs"`
	TotalVotosSCS                   int64  `json:"total_votos_s_cs"`
	PorcentajeParticipacion         string `json:"porcentaje_participacion_ciudadana"`
}

// EleccionJSON is json/<codigo>/eleccion.json: the definition of the election.
type EleccionJSON struct {
	Codigo        string             `json:"codigo"`
	Nombre        string             `json:"nombre"`
	Titulo        string             `json:"titulo"`
	Entidad       string             `json:"entidad"`
	EntidadID     string             `json:"entidad_id"`
	Unidad        string             `json:"unidad"`
	Contendientes []ContendienteJSON `json:"contendientes"` // the order of every "votos" array
	Candidaturas  []CandidaturaJSON  `json:"candidaturas"`
}

// ContendienteJSON is one vote column.
type ContendienteJSON struct {
	Columna  string   `json:"columna"`
	Tipo     string   `json:"tipo"` // partido, combinacion, independiente, no_registradas, nulos
	Partidos []string `json:"partidos,omitempty"`
}

// CandidaturaJSON is one candidacy: its unit ("" for the whole entidad), names, parties and
// the vote columns whose votes are its votes.
type CandidaturaJSON struct {
	Unidad        string   `json:"unidad"`
	Nombre        string   `json:"nombre"`
	Suplente      string   `json:"suplente,omitempty"`
	Partidos      []string `json:"partidos"`
	Columnas      []string `json:"columnas"`
	Independiente bool     `json:"independiente,omitempty"`
}

// NodoJSON is the tally of one territorial unit. json/<codigo>/entidad.json holds one;
// distritos.json, municipios.json and secciones.json hold a list each.
type NodoJSON struct {
	Nivel     string `json:"nivel"` // entidad, distrito, municipio, seccion
	ID        string `json:"id"`    // "N/A" gathers actas with no unit at that level
	Nombre    string `json:"nombre"`
	Distrito  string `json:"distrito,omitempty"`
	Municipio string `json:"municipio,omitempty"`
	// Unidad is the election unit holding the whole node ("" when it spans several).
	Unidad       string            `json:"unidad,omitempty"`
	Resumen      ResumenJSON       `json:"resumen"`
	ListaNominal int64             `json:"lista_nominal"` // of every expected acta
	Votos        []int64           `json:"votos"`         // per contendiente, counted actas
	Candidaturas []VotoCandidatura `json:"candidaturas,omitempty"`
	Actas        []string          `json:"actas,omitempty"` // acta ids, sección nodes only
}

// VotoCandidatura is a candidacy's votes in a node.
type VotoCandidatura struct {
	Nombre   string   `json:"nombre"`
	Partidos []string `json:"partidos"`
	Votos    int64    `json:"votos"`
}

// ActaJSON is one acta as published in json/<codigo>/actas.json, a table whose columns are
// these JSON names (see ActasTabla). Cells keep their published form ("123", "ILEGIBLE",
// "SIN DATO", "SIN ACTA", "-", "N/A", "").
type ActaJSON struct {
	ID               string   `json:"id"`
	ClaveCasilla     string   `json:"clave_casilla"`
	ClaveActa        string   `json:"clave_acta"`
	UnidadID         string   `json:"unidad_id"`
	Unidad           string   `json:"unidad"`
	Distrito         string   `json:"distrito,omitempty"`
	Municipio        string   `json:"municipio,omitempty"`
	Seccion          string   `json:"seccion"`
	TipoCasilla      string   `json:"tipo_casilla"`
	IDCasilla        string   `json:"id_casilla"`  // as published: contiguas 10-17 say "01"
	NumCasilla       int      `json:"num_casilla"` // the real casilla number
	ExtContigua      string   `json:"ext_contigua"`
	Ubicacion        string   `json:"ubicacion"`
	TipoActa         string   `json:"tipo_acta"`
	BoletasSobrantes string   `json:"total_boletas_sobrantes"`
	PersonasVotaron  string   `json:"total_personas_votaron"`
	RepVotaron       string   `json:"total_rep_partido_ci_votaron"`
	VotosSacados     string   `json:"total_votos_sacados"`
	Votos            []string `json:"votos"` // per contendiente
	TotalAsentado    string   `json:"total_votos_asentado"`
	TotalCalculado   string   `json:"total_votos_calculado"`
	ListaNominal     string   `json:"lista_nominal"`
	Representantes   string   `json:"representantes_pp_ci"`
	Observaciones    string   `json:"observaciones"`
	Contabilizada    string   `json:"contabilizada"` // "1", "0", "2", "-"
	Inconsistente    bool     `json:"inconsistente"`
	Mecanismo        string   `json:"mecanismos_traslado"`
	CodigoIntegridad string   `json:"codigo_integridad"`
	Acopio           string   `json:"fecha_hora_acopio"`
	Captura          string   `json:"fecha_hora_captura"`
	Verificacion     string   `json:"fecha_hora_verificacion"`
	Origen           string   `json:"origen"`
	Digitalizacion   string   `json:"digitalizacion"`
	TipoDocumento    string   `json:"tipo_documento"`
}

// NivelJSON is the envelope of every level file of a corte (json/GUB/distritos.json and
// the rest): which corte, cut time and election it belongs to, whether it is a SIMULACRO,
// and the level's data, so that a file read on its own says what it is.
type NivelJSON struct {
	Corte     int       `json:"corte"`
	Hora      time.Time `json:"hora"`
	Simulacro bool      `json:"simulacro"`
	Final     bool      `json:"final"`
	Eleccion  string    `json:"eleccion"`
	Nivel     string    `json:"nivel"`
	// Datos is, by level: eleccion an EleccionJSON, entidad a NodoJSON, distritos,
	// municipios and secciones a list of NodoJSON, actas an ActasTabla.
	Datos any `json:"datos,omitempty"`
}

// Indice is index.json in the cortes folder: every published corte, oldest first.
type Indice struct {
	Cortes []EntradaIndice `json:"cortes"`
}

// EntradaIndice is one corte in the index.
type EntradaIndice struct {
	Numero    int       `json:"numero"`
	Hora      time.Time `json:"hora"`
	HoraTexto string    `json:"hora_texto"`
	Final     bool      `json:"final"`
	Simulacro bool      `json:"simulacro"`
	Carpeta   string    `json:"carpeta"` // folder name relative to the cortes folder: "0001"
	Zip       string    `json:"zip"`     // path relative to the cortes folder
	// Manifiesto is the SHA-256 of the corte's corte.json: a mirror that holds it knows the
	// corte it copied is the one published.
	Manifiesto string `json:"manifiesto_sha256,omitempty"`
	// Cambios counts the actas the corte added, changed or withdrew since the corte before
	// it, and names its cambios.json; absent on cortes published without the list.
	Cambios *ConteoCambios `json:"cambios,omitempty"`
}
