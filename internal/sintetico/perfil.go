package sintetico

// The profile of the synthetic actas: every proportion and distribution below was measured
// on the final cut of the Gubernatura of the IEE Puebla PREP 2024 (PUE_GUB_2024.csv in
// internal/demodata, 8,346 rows: 8,334 expected actas and 12 fuera de catálogo), the one
// contest of the Puebla files decided in the whole entidad, like the Presidencia. The
// figures quoted are those of that file; TestPerfilMedido measures them again and fails if
// a constant here drifts from the file. Where a figure is a rate, its denominator is said.

// Classes of acta: what the PREP had of each expected acta at the final cut. Their shares
// of the 8,334 expected actas (OBSERVACIONES of PUE_GUB_2024.csv): 5,796 without
// observations, 1,052 ALGUN CAMPO ILEGIBLE O SIN DATO, 431 TODOS ILEGIBLES O SIN DATO, 37
// EXCEDE LISTA NOMINAL, 693 SIN ACTA POR PAQUETE NO ENTREGADO, 236 SIN ACTA POR PAQUETE
// ENTREGADO SIN BOLSA, 14 SIN ACTA POR CASILLA NO INSTALADA, 75 not registered ("-").
type clase uint8

const (
	claseNormal clase = iota
	claseAlgun
	claseTodos
	claseExcede
	claseNoEntregado
	claseSinBolsa
	claseNoInstalada
	claseNoRegistrada
	numClases
)

// cuotaClase is the share of each class among the expected actas (see clase).
var cuotaClase = [numClases]float64{
	claseNormal:       5796.0 / 8334,
	claseAlgun:        1052.0 / 8334,
	claseTodos:        431.0 / 8334,
	claseExcede:       37.0 / 8334,
	claseNoEntregado:  693.0 / 8334,
	claseSinBolsa:     236.0 / 8334,
	claseNoInstalada:  14.0 / 8334,
	claseNoRegistrada: 75.0 / 8334,
}

// persistencia is the chance that an acta keeps the class drawn for its casilla rather than
// drawing its own: the actas of one casilla share their fate. In Puebla, of the casillas
// whose Gubernatura acta was sin acta, 74 % had their Diputaciones Locales acta sin acta
// too (689 of 934 matched by CLAVE_CASILLA); ALGUN 61 % (644 of 1,052), TODOS 41 % (176 of
// 431). With 0.8 a class repeats in a second election with probability 0.8² plus its share:
// about 0.68 to 0.70 for those three classes, and the share of every class is kept.
const persistencia = 0.8

// fueraDeCatalogo is the share of fuera-de-catálogo rows per expected acta: 12 per 8,334.
// The same rows (images that match no acta) appear in the three files, as in Puebla.
const fueraDeCatalogo = 12.0 / 8334

// Casillas per sección, over the 2,847 secciones with a básica: every one has one básica;
// extraordinarias per sección 0: 2,498, 1: 196, 2: 116, 3: 19, 4: 6, 5: 1, 6: 1, 8: 2,
// 9: 2, 10: 2, 11: 2, 14: 2 (624 in all, 0.219 per sección), contiguas 4,771 (1.676 per
// sección). The national figures of INE 2024 (about 71,000 secciones and 170,000 casillas,
// 2.39 per sección) leave room for fewer contiguas than Puebla has: each contigua of the
// Puebla distribution is kept with probability contiguaNacional (see territorio.go).
var extraordinariasPorSeccion = []struct {
	n     int
	veces float64
}{{0, 2498}, {1, 196}, {2, 116}, {3, 19}, {4, 6}, {5, 1}, {6, 1}, {8, 2}, {9, 2},
	{10, 2}, {11, 2}, {14, 2}}

// contiguasPorSeccion is the Puebla count of secciones with each number of contiguas (C01,
// C02, …): 0: 566, 1: 1,017, 2: 653, 3: 350, 4: 135, 5: 54, 6: 27, 7: 11, 8: 10, 9: 8,
// 10: 3, 11: 4, 12: 4, 13 to 17: 1 each.
var contiguasPorSeccion = []struct {
	n     int
	veces float64
}{{0, 566}, {1, 1017}, {2, 653}, {3, 350}, {4, 135}, {5, 54}, {6, 27}, {7, 11}, {8, 10},
	{9, 8}, {10, 3}, {11, 4}, {12, 4}, {13, 1}, {14, 1}, {15, 1}, {16, 1}, {17, 1}}

// especialesPorDistrito is the number of casillas especiales per distrito federal: Puebla's
// 77 over its 16 distritos federales.
const especialesPorDistrito = 77.0 / 16

// anticipadoPorDistrito is the chance that a distrito has a voto anticipado acta: 14 of the
// 26 distritos of the Puebla Gubernatura file have one.
const anticipadoPorDistrito = 14.0 / 26

// urbana is the share of urban casillas (UBICACION_CASILLA 1) by type: B 1,636 of 2,847,
// C 3,267 of 4,771, E 101 of 624, S 72 of 77; voto anticipado and extranjero are urban.
var urbana = map[string]float64{"B": 1636.0 / 2847, "C": 3267.0 / 4771, "E": 101.0 / 624,
	"S": 72.0 / 77}

// Lista nominal per casilla, by type (LISTA_NOMINAL of the 2,847 B, 4,771 C, 624 E and 14
// A actas); especiales have 0. The extranjero acta has 12,113 for Puebla's 16 distritos
// federales: listaExtranjero per distrito of its entidad.
var (
	listaB = tabla(95, 175, 334, 409, 487, 533, 571, 602, 632, 659, 690, 718, 732, 747, 795)
	listaC = tabla(375, 398, 465, 515, 564, 593, 622, 647, 669, 691, 707, 728, 739, 747, 750)
	listaE = tabla(86, 123, 204, 279, 384, 427, 464, 516, 571, 630, 687, 707, 714, 743, 750)
	listaA = tabla(1, 1, 1, 1, 3, 3, 4, 5, 6, 8, 13, 15, 16, 16, 16)
)

const listaExtranjero = 12113.0 / 16

// participacion is the turnout of a counted B, C or E acta, TOTAL_VOTOS_CALCULADO over
// LISTA_NOMINAL (6,774 actas).
var participacion = tabla(0.026, 0.3739, 0.4816, 0.5229, 0.5697, 0.6006, 0.6257, 0.6504,
	0.6709, 0.6943, 0.7215, 0.7584, 0.7881, 0.8449, 1.0206)

// votosEspecial are the votes of a counted casilla especial (65 actas).
var votosEspecial = tabla(127, 127, 164, 194, 225, 254, 271, 287, 319, 335, 397, 418, 448,
	549, 549)

// participacionExtranjero is the turnout of the extranjero acta: 9,967 of 12,113.
const participacionExtranjero = 9967.0 / 12113

// excede is, on an EXCEDE LISTA NOMINAL acta, its votes over its lista nominal plus its
// 20 representatives (37 actas).
var excede = tabla(1.0128, 1.0128, 1.0207, 1.0543, 1.0925, 1.1307, 1.2083, 1.3593, 1.4322,
	1.5411, 2.131, 2.9607, 7.7375, 7.8805, 7.8805)

// representantesPorPartido: every B, C and E acta of Puebla has REPRESENTANTES_PP_CI 20,
// two for each of its 10 parties; especiales have 1,000 (RULES.md §4.4).
const (
	representantesPorPartido = 2
	representantesEspecial   = 1000
)

// The TOTAL_* cells of an acta with figures (neither sin acta nor all illegible; 6,876
// actas of types B, C, E and S). SIN DATO in: TOTAL_BOLETAS_SOBRANTES 193,
// TOTAL_PERSONAS_VOTARON 218, TOTAL_REP_PARTIDO_CI_VOTARON 1,004, TOTAL_VOTOS_SACADOS 371,
// TOTAL_VOTOS_ASENTADO 872. Of the 431 TODOS ILEGIBLES O SIN DATO actas, 418 to 423 have
// each of them SIN DATO too (97 %).
var (
	sinDatoSobrantes  = 193.0 / 6876
	sinDatoPersonas   = 218.0 / 6876
	sinDatoRepVotaron = 1004.0 / 6876
	sinDatoSacados    = 371.0 / 6876
	sinDatoAsentado   = 872.0 / 6876
	sinDatoTodos      = 0.97
)

// Differences from TOTAL_VOTOS_CALCULADO on actas with figures: TOTAL_PERSONAS_VOTARON
// differs on 91.92 % of those with a number, TOTAL_VOTOS_SACADOS on 61.61 %,
// TOTAL_VOTOS_ASENTADO on 45.82 %; the tables are the nonzero differences.
var (
	difierePersonas = 0.9192
	difiereSacados  = 0.6161
	difiereAsentado = 0.4582
	difPersonas     = tabla(-4446, -161, -17, -12, -9, -7, -6, -5, -3, -2, 1, 8, 29, 160, 502)
	difSacados      = tabla(-4437, -384, -23, -8, -2, -1, 1, 2, 3, 6, 11, 46, 162, 316, 577)
	difAsentado     = tabla(-4437, -441, -100, -14, -4, -1, 1, 1, 2, 5, 9, 29, 95, 215, 17822)
)

// repVotaron is TOTAL_REP_PARTIDO_CI_VOTARON where it is a number.
var repVotaron = tabla(1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 8, 10, 11, 299, 907)

// sobrantes is TOTAL_BOLETAS_SOBRANTES plus the votes minus the lista nominal, on B, C and E
// actas: the ballots received beyond the lista nominal (for representatives), give or take
// capture errors.
var sobrantes = tabla(-433, -138, 0, 22, 30, 32, 33, 34, 34, 34, 35, 37, 46, 225, 260016)

// Vote cells of ALGUN CAMPO ILEGIBLE O SIN DATO actas: 292 of the 1,052 have one bad cell,
// 230 of those 292 in a combination or NO_REGISTRADAS column; on the others, 67.29 % of
// the combination and NO_REGISTRADAS cells are bad, and 6.03 % of the others. Of the
// 20,230 bad cells, 444 are ILEGIBLE and the rest SIN DATO. On TODOS ILEGIBLES O SIN DATO
// actas every vote cell is ILEGIBLE (311 actas) or every one SIN DATO (120).
var (
	algunUnaCelda       = 292.0 / 1052
	algunUnaCombinacion = 230.0 / 292
	algunCombinaciones  = 0.6729
	algunOtras          = 0.0603
	algunIlegible       = 444.0 / 20230
	todosIlegible       = 311.0 / 431
)

// Times: FECHA_HORA_ACOPIO in seconds after 18:00 of election day, then the seconds from
// acopio to captura and from captura to verificación, of the 7,316 registered actas with
// an image.
var (
	acopio = tabla(7312, 14292, 18529, 21478, 27339, 30017, 33294, 37813, 43288, 53872,
		63349, 71373, 78546, 86277, 92289)
	captura = tabla(9, 48, 81, 105, 169, 334, 735, 1694, 2755, 4260, 4597, 4763, 4835, 4974,
		5455)
	verificacion = tabla(6, 16, 59, 78, 108, 148, 191, 245, 326, 511, 1189, 2111, 3166, 5063,
		6765)
)

// desdeCasilla is the share of registered actas digitized at the casilla (ORIGEN CASILLA,
// DIGITALIZACION MOVIL) rather than at a CATD: 2,425 of 7,316.
const desdeCasilla = 2425.0 / 7316
