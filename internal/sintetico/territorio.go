package sintetico

import (
	"fmt"
	"math"
)

// Entidad is one of the 32 entidades of the country as the generator lays it out.
type Entidad struct {
	ID, Nombre string
	// Distritos is its number of distritos federales (INE 2024 distritación, INE/CG59/2023).
	Distritos int
}

// Entidades are the 32 entidades by their INEGI id, with their distritos federales of 2024:
// 300 in all.
var Entidades = []Entidad{
	{"01", "AGUASCALIENTES", 3}, {"02", "BAJA CALIFORNIA", 9},
	{"03", "BAJA CALIFORNIA SUR", 2}, {"04", "CAMPECHE", 2}, {"05", "COAHUILA", 8},
	{"06", "COLIMA", 2}, {"07", "CHIAPAS", 13}, {"08", "CHIHUAHUA", 9},
	{"09", "CIUDAD DE MEXICO", 22}, {"10", "DURANGO", 4}, {"11", "GUANAJUATO", 15},
	{"12", "GUERRERO", 8}, {"13", "HIDALGO", 7}, {"14", "JALISCO", 20}, {"15", "MEXICO", 40},
	{"16", "MICHOACAN", 11}, {"17", "MORELOS", 5}, {"18", "NAYARIT", 3},
	{"19", "NUEVO LEON", 14}, {"20", "OAXACA", 10}, {"21", "PUEBLA", 16},
	{"22", "QUERETARO", 6}, {"23", "QUINTANA ROO", 4}, {"24", "SAN LUIS POTOSI", 7},
	{"25", "SINALOA", 7}, {"26", "SONORA", 7}, {"27", "TABASCO", 6}, {"28", "TAMAULIPAS", 8},
	{"29", "TLAXCALA", 3}, {"30", "VERACRUZ", 19}, {"31", "YUCATAN", 6}, {"32", "ZACATECAS", 4},
}

// SeccionesNacional is the number of secciones of the country at full scale: about 71,000
// (INE 2024).
const SeccionesNacional = 71_000

// contiguaNacional is the chance that a contigua of the Puebla distribution is kept, so that
// the country has about 170,000 casillas (INE 2024) over its 71,000 secciones: 2.39 casillas
// per sección against Puebla's 2.92 (1 básica, 0.219 extraordinarias, 0.027 especiales and
// the contiguas), hence (2.39 − 1.246) / 1.676 of Puebla's contiguas.
const contiguaNacional = (170_000.0/SeccionesNacional - 1 - 624.0/2847 - 77.0/2847) /
	(4771.0 / 2847)

// distritoPlan is what is fixed of a distrito before its entidad is generated.
type distritoPlan struct {
	numero    int
	secciones int
}

// planSecciones spreads the secciones of the country (the full scale times fraccion, at least
// one per distrito) over the 300 distritos: each distrito weighs between 0.85 and 1.15 of
// the average, and the secciones go by largest remainder so that they add up exactly. An
// entidad keeps at most maxSecciones, as many as the four digits of SECCION number.
func planSecciones(z *azar, fraccion float64) [][]distritoPlan {
	total := int(math.Round(SeccionesNacional * fraccion))
	var pesos []float64
	var suma float64
	for _, e := range Entidades {
		for range e.Distritos {
			w := 0.85 + 0.3*z.float()
			pesos = append(pesos, w)
			suma += w
		}
	}
	cuantas := make([]int, len(pesos))
	restos := make([]float64, len(pesos))
	asignadas := 0
	for i, w := range pesos {
		x := float64(total) * w / suma
		cuantas[i] = int(x)
		restos[i] = x - float64(cuantas[i])
		asignadas += cuantas[i]
	}
	for ; asignadas < total; asignadas++ {
		best := 0
		for i := range restos {
			if restos[i] > restos[best] {
				best = i
			}
		}
		cuantas[best]++
		restos[best] = -1
	}
	out := make([][]distritoPlan, len(Entidades))
	k := 0
	for i, e := range Entidades {
		suya := 0
		for _, n := range cuantas[k : k+e.Distritos] {
			suya += n
		}
		for d := 1; d <= e.Distritos; d++ {
			n := cuantas[k]
			if suya > maxSecciones {
				n = n * maxSecciones / suya
			}
			out[i] = append(out[i], distritoPlan{numero: d, secciones: max(n, 1)})
			k++
		}
	}
	return out
}

// maxSecciones is the most secciones an entidad can number with four digits.
const maxSecciones = 9999

// casillasDeSeccion draws the extraordinarias and contiguas of one sección (see perfil.go).
func casillasDeSeccion(z *azar) (extraordinarias, contiguas int) {
	extraordinarias = sacarConteo(z, extraordinariasPorSeccion)
	for range sacarConteo(z, contiguasPorSeccion) {
		if z.prob(contiguaNacional) {
			contiguas++
		}
	}
	return extraordinarias, contiguas
}

// sacarConteo draws a count from a measured frequency table.
func sacarConteo(z *azar, t []struct {
	n     int
	veces float64
}) int {
	var total float64
	for _, f := range t {
		total += f.veces
	}
	u := z.float() * total
	for _, f := range t {
		if u < f.veces {
			return f.n
		}
		u -= f.veces
	}
	return t[len(t)-1].n
}

// nombreDistrito names a distrito federal for people: its entidad and number. The real
// names are those of the cabeceras; these are synthetic.
func nombreDistrito(e Entidad, numero int) string {
	return fmt.Sprintf("%s %02d", e.Nombre, numero)
}
