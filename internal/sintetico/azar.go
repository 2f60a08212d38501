package sintetico

import (
	"math"
	"math/rand/v2"
)

// azar is the random source of one part of the generation. Every part (an entidad, the
// fuera-de-catálogo rows) has its own, seeded from the generation's seed and the part's
// number, so that parts can be generated in any order, or at once, and give the same rows.
type azar struct{ r *rand.Rand }

func nuevoAzar(semilla, parte uint64) *azar {
	return &azar{rand.New(rand.NewPCG(semilla, parte*0x9e3779b97f4a7c15+1))}
}

// float returns a number in [0, 1).
func (z *azar) float() float64 { return z.r.Float64() }

// intn returns a number in [0, n).
func (z *azar) intn(n int) int { return z.r.IntN(n) }

// prob reports true with probability p.
func (z *azar) prob(p float64) bool { return z.r.Float64() < p }

// uint64 returns 64 random bits.
func (z *azar) uint64() uint64 { return z.r.Uint64() }

// gamma draws from the gamma distribution of the shape and scale 1 (Marsaglia and Tsang,
// "A simple method for generating gamma variables", 2000; shapes below 1 by their boost
// U^(1/shape)).
func (z *azar) gamma(shape float64) float64 {
	if shape <= 0 {
		return 0
	}
	if shape < 1 {
		return z.gamma(shape+1) * math.Pow(z.float()+1e-300, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := z.r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := z.float()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// binomial draws the number of successes of n trials of probability p: by counting for a
// small mean, by the normal approximation, rounded and kept in [0, n], for a large one.
func (z *azar) binomial(n int64, p float64) int64 {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	}
	mean := float64(n) * p
	if mean < 20 || float64(n)*(1-p) < 20 {
		if p > 0.5 {
			return n - z.binomial(n, 1-p)
		}
		return z.inversion(n, p)
	}
	k := int64(math.Round(mean + z.r.NormFloat64()*math.Sqrt(mean*(1-p))))
	return min(max(k, 0), n)
}

// inversion draws a binomial of small mean by walking its cumulative distribution.
func (z *azar) inversion(n int64, p float64) int64 {
	q := 1 - p
	f := math.Pow(q, float64(n)) // P(X = 0)
	u := z.float()
	var k int64
	for u > f && k < n {
		u -= f
		f *= float64(n-k) / float64(k+1) * p / q
		k++
	}
	return k
}

// multinomial spreads n among the weights w (which need not add up to 1) into out; an entry
// of weight 0 gets nothing.
func (z *azar) multinomial(n int64, w []float64, out []int64) {
	var rest float64
	last := -1
	for i, x := range w {
		out[i] = 0
		if x > 0 {
			rest += x
			last = i
		}
	}
	for i := 0; i < last && n > 0; i++ {
		if w[i] <= 0 {
			continue
		}
		k := z.binomial(n, min(w[i]/rest, 1))
		out[i] = k
		n -= k
		rest -= w[i]
	}
	if last >= 0 {
		out[last] = n
	}
}

// Tabla is an empirical distribution given by its quantiles: Valores[i] is the value below
// which a fraction Probs[i] of the measured figures lie. Drawing from it interpolates
// linearly between the quantiles.
type Tabla struct {
	Probs   []float64
	Valores []float64
}

// cuantiles are the probabilities at which the distributions of the profile are measured.
var cuantiles = []float64{0, .01, .05, .1, .2, .3, .4, .5, .6, .7, .8, .9, .95, .99, 1}

// tabla is a Tabla measured at cuantiles.
func tabla(valores ...float64) Tabla {
	if len(valores) != len(cuantiles) {
		panic("sintetico: a table needs one value per quantile") // a constant of this package
	}
	return Tabla{Probs: cuantiles, Valores: valores}
}

// sacar draws a value from the table.
func (t Tabla) sacar(z *azar) float64 { return t.en(z.float()) }

// en is the value at probability u of the table, interpolated.
func (t Tabla) en(u float64) float64 {
	p, v := t.Probs, t.Valores
	for i := 1; i < len(p); i++ {
		if u <= p[i] {
			if p[i] == p[i-1] {
				return v[i]
			}
			f := (u - p[i-1]) / (p[i] - p[i-1])
			return v[i-1] + f*(v[i]-v[i-1])
		}
	}
	return v[len(v)-1]
}

// cuantil is the quantile of the measured figures xs at probability p as the tables of
// this package are measured: the value at position ⌊p·n⌋ of the sorted figures (the last
// for p = 1). xs must be sorted.
func cuantil(xs []float64, p float64) float64 {
	return xs[min(len(xs)-1, int(p*float64(len(xs))))]
}
