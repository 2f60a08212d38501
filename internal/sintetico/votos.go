package sintetico

// The vote columns of the three federal elections of 2024, in the order of the INE ballot:
// the seven national parties, then the combinations of the two coalitions (Fuerza y Corazón
// por México: PAN, PRI, PRD; Sigamos Haciendo Historia: PVEM, PT, MORENA), by size and then
// in party order (RULES.md §4.2), then candidaturas no registradas and nulos.
var columnasVoto = []string{
	"PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA",
	"C_PAN_PRI_PRD", "C_PAN_PRI", "C_PAN_PRD", "C_PRI_PRD",
	"C_PVEM_PT_MORENA", "C_PVEM_PT", "C_PVEM_MORENA", "C_PT_MORENA",
	"NO_REGISTRADAS", "NULOS",
}

// partidos are the party columns, which have representatives at every casilla.
var partidos = columnasVoto[:7]

// bloque is a group of vote columns whose voters choose one candidacy: a coalition (its
// parties and their combinations), a party on its own, the null votes, the votes for
// candidacies not registered.
type bloque struct {
	nombre string
	// cuota is the bloc's share of the counted votes.
	cuota float64
	// alfaDistrito and alfaCasilla are the concentrations of the bloc's share around its
	// mean: in a distrito, around the country's; at a casilla, around its distrito's (see
	// preferencias).
	alfaDistrito, alfaCasilla float64
	// columnas are the indexes in columnasVoto of the bloc's columns; pesos their shares
	// of the bloc's votes.
	columnas []int
	pesos    []float64
}

// The blocs, measured on the 6,848 counted actas of PUE_GUB_2024.csv (2,658,993 votes). The
// Puebla coalitions had local parties too (PSI with PAN, PRI and PRD; NAP and FXMP with PT,
// PVEM and MORENA): a bloc's share counts all of its votes, and the shares of its columns
// come from the Puebla columns with the local parties taken out (C_PAN_PRI_PSI counts as
// C_PAN_PRI, C_PAN_PSI as PAN; the local parties' own votes are left out). Shares: Sigamos
// Haciendo Historia 1,578,749 votes, Fuerza y Corazón 879,460, MC 115,824, nulos 83,874,
// no registradas 1,086. Concentrations: from the spread of each bloc's share over the
// casillas with 50 votes or more, between the means of the 26 distritos and within them
// (less the spread a multinomial draw of the casilla's votes adds): share m and variance v
// give m(1−m)/v − 1.
var bloques = []bloque{
	{nombre: "SHH", cuota: 1578749.0 / 2658993, alfaDistrito: 53.6, alfaCasilla: 16.2,
		columnas: []int{3, 4, 6, 11, 12, 13, 14},
		pesos:    []float64{0.1271, 0.10868, 0.68303, 0.04871, 0.0086, 0.01163, 0.01225}},
	{nombre: "FXM", cuota: 879460.0 / 2658993, alfaDistrito: 39.9, alfaCasilla: 14.8,
		columnas: []int{0, 1, 2, 7, 8, 9, 10},
		pesos:    []float64{0.66612, 0.20659, 0.04204, 0.06139, 0.01678, 0.00548, 0.0016}},
	{nombre: "MC", cuota: 115824.0 / 2658993, alfaDistrito: 141.6, alfaCasilla: 31.9,
		columnas: []int{5}, pesos: []float64{1}},
	{nombre: "NULOS", cuota: 83874.0 / 2658993, alfaDistrito: 340.2, alfaCasilla: 83.4,
		columnas: []int{16}, pesos: []float64{1}},
	{nombre: "NO_REGISTRADAS", cuota: 1086.0 / 2658993, alfaDistrito: 14083, alfaCasilla: 84.9,
		columnas: []int{15}, pesos: []float64{1}},
}

// esCombinacion reports whether the vote column i is a combination of a coalition.
func esCombinacion(i int) bool { return i >= 7 && i <= 14 }

// preferencias draws the bloc shares of a distrito around the country's, or of a casilla
// around its distrito's (mean): each share from a gamma of shape alfa·mean and scale 1/alfa,
// whose mean is the bloc's and variance mean/alfa, all normalized to add up to 1 (a
// Dirichlet draw when every bloc has the same alfa).
func preferencias(z *azar, media []float64, alfa func(b *bloque) float64, out []float64) {
	var suma float64
	for i := range bloques {
		a := alfa(&bloques[i])
		out[i] = z.gamma(a*media[i]) / a
		suma += out[i]
	}
	if suma <= 0 {
		copy(out, media)
		return
	}
	for i := range out {
		out[i] /= suma
	}
}

// mediaNacional are the blocs' shares of the country.
func mediaNacional() []float64 {
	out := make([]float64, len(bloques))
	for i, b := range bloques {
		out[i] = b.cuota
	}
	return out
}

// repartir spreads the total votes of an acta over the vote columns that run in it (corren;
// the others get nothing): first among the blocs by the casilla's preferences, then within
// each bloc by its columns' shares.
func repartir(z *azar, total int64, pref []float64, corren []bool, votos []int64) {
	var porBloque [8]int64
	z.multinomial(total, pref, porBloque[:len(bloques)])
	var pesos [8]float64
	var cuenta [8]int64
	for i := range votos {
		votos[i] = 0
	}
	for k := range bloques {
		b := &bloques[k]
		w := pesos[:len(b.columnas)]
		for j, c := range b.columnas {
			w[j] = 0
			if corren[c] {
				w[j] = b.pesos[j]
			}
		}
		n := cuenta[:len(b.columnas)]
		z.multinomial(porBloque[k], w, n)
		for j, c := range b.columnas {
			votos[c] += n[j]
		}
	}
}
