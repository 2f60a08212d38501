package sintetico

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
)

// pueblaGUB reads the final cut of the Puebla 2024 Gubernatura, the file the profile was
// measured on.
func pueblaGUB(t *testing.T) *opendata.Archivo {
	t.Helper()
	e := demodata.Puebla2024[0]
	data, err := demodata.ReadFile(e.Final)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read(e.Final, data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// cerca reports whether got is within tol of want, relatively (absolutely near zero).
func cerca(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1)
}

// checkTabla measures a table as perfil.go does and compares it with the constant.
func checkTabla(t *testing.T, name string, xs []float64, want Tabla) {
	t.Helper()
	slices.Sort(xs)
	for i, p := range want.Probs {
		if got := cuantil(xs, p); !cerca(got, want.Valores[i], 1e-3) {
			t.Errorf("%s at %.2f: measured %g, perfil.go says %g", name, p, got, want.Valores[i])
		}
	}
}

// TestPerfilMedido measures PUE_GUB_2024.csv again and holds every figure of perfil.go and
// of the blocs to it: the profile of the synthetic actas is the real file's.
func TestPerfilMedido(t *testing.T) {
	f := pueblaGUB(t)
	var esperadas, fc int
	clases := map[string]int{}
	porTipo := map[string][]*acta.Acta{}
	for _, a := range f.Actas {
		if a.FueraDeCatalogo() {
			fc++
			continue
		}
		esperadas++
		clases[strings.TrimSpace(a.ObservacionesPub)]++
		porTipo[a.TipoCasilla] = append(porTipo[a.TipoCasilla], a)
	}
	if esperadas != 8334 || fc != 12 {
		t.Fatalf("%d expected actas and %d fuera de catálogo, want 8334 and 12", esperadas, fc)
	}
	want := map[string]int{"-": 5796 + 75, acta.ObsAlgun: 1052, acta.ObsTodos: 431,
		acta.ObsExcede: 37, acta.ObsPaqueteNoEntregado: 693, acta.ObsPaqueteSinBolsa: 236,
		acta.ObsCasillaNoInstalada: 14}
	for k, n := range want {
		if clases[k] != n {
			t.Errorf("OBSERVACIONES %q on %d actas, want %d", k, clases[k], n)
		}
	}
	for k, label := range map[clase]string{claseAlgun: acta.ObsAlgun, claseTodos: acta.ObsTodos,
		claseExcede: acta.ObsExcede, claseNoEntregado: acta.ObsPaqueteNoEntregado,
		claseSinBolsa: acta.ObsPaqueteSinBolsa, claseNoInstalada: acta.ObsCasillaNoInstalada} {
		if got := float64(clases[label]) / 8334; !cerca(got, cuotaClase[k], 1e-9) {
			t.Errorf("share of %s %g, perfil.go says %g", label, got, cuotaClase[k])
		}
	}
	medirCasillas(t, f, porTipo)
	medirCifras(t, f)
	medirCeldas(t, f)
	medirBloques(t, f)
}

// medirCasillas checks the casillas per sección, their urban share and lista nominal.
func medirCasillas(t *testing.T, f *opendata.Archivo, porTipo map[string][]*acta.Acta) {
	t.Helper()
	seccion := map[string]map[string]int{}
	for _, a := range f.Actas {
		switch a.TipoCasilla {
		case "B", "C", "E":
			if seccion[a.Seccion] == nil {
				seccion[a.Seccion] = map[string]int{}
			}
			seccion[a.Seccion][a.TipoCasilla]++
		}
	}
	for _, c := range []struct {
		tipo  string
		tabla []struct {
			n     int
			veces float64
		}
	}{{"E", extraordinariasPorSeccion}, {"C", contiguasPorSeccion}} {
		got := map[int]float64{}
		for _, s := range seccion {
			got[s[c.tipo]]++
		}
		for _, f := range c.tabla {
			if got[f.n] != f.veces {
				t.Errorf("secciones with %d casillas %s: %g, perfil.go says %g", f.n, c.tipo,
					got[f.n], f.veces)
			}
		}
	}
	if len(porTipo["S"]) != 77 || len(porTipo["A"]) != 14 {
		t.Errorf("%d especiales and %d voto anticipado actas, want 77 and 14",
			len(porTipo["S"]), len(porTipo["A"]))
	}
	for tipo, share := range urbana {
		n := 0
		for _, a := range porTipo[tipo] {
			if a.Ubicacion == "1" {
				n++
			}
		}
		if got := float64(n) / float64(len(porTipo[tipo])); !cerca(got, share, 1e-9) {
			t.Errorf("urban share of %s %g, perfil.go says %g", tipo, got, share)
		}
	}
	for tipo, tab := range map[string]Tabla{"B": listaB, "C": listaC, "E": listaE, "A": listaA} {
		var xs []float64
		for _, a := range porTipo[tipo] {
			xs = append(xs, float64(a.ListaNominal.N))
		}
		checkTabla(t, "LISTA_NOMINAL "+tipo, xs, tab)
	}
	for _, a := range porTipo["B"] {
		if a.Representantes.N != representantesPorPartido*10 {
			t.Fatalf("%s: %d representatives, want 20 (two for each of 10 parties)", a.ID,
				a.Representantes.N)
		}
	}
}

// contada reports whether the acta was published as counted.
func contada(a *acta.Acta) bool { return a.Publicada.Estado == acta.Contabilizada }

// conCifras reports whether the acta was registered with figures: neither sin acta nor
// without a legible vote.
func conCifras(a *acta.Acta) bool {
	e := a.Publicada.Estado
	return (e == acta.Contabilizada || e == acta.NoContabilizada) &&
		!strings.HasPrefix(a.ObservacionesPub, "SIN ACTA") && a.ObservacionesPub != acta.ObsTodos
}

// medirCifras checks turnout, the votes of especiales, EXCEDE and the TOTAL_* cells.
func medirCifras(t *testing.T, f *opendata.Archivo) {
	t.Helper()
	var part, esp, exc, rep, sob []float64
	dif := map[int][]float64{}
	numeros := map[int]int{}
	sinDatoN := map[int]int{}
	con := 0
	for _, a := range f.Actas {
		calc := float64(a.TotalCalculado.N)
		ln := float64(a.ListaNominal.N)
		switch {
		case a.FueraDeCatalogo():
			continue
		case contada(a) && strings.Contains("BCE", a.TipoCasilla) && ln > 0:
			part = append(part, calc/ln)
		case contada(a) && a.TipoCasilla == "S":
			esp = append(esp, calc)
		case a.TipoCasilla == "M":
			if got := calc / ln; !cerca(got, participacionExtranjero, 1e-9) {
				t.Errorf("extranjero turnout %g, perfil.go says %g", got,
					participacionExtranjero)
			}
		}
		if a.ObservacionesPub == acta.ObsExcede {
			exc = append(exc, calc/(ln+20))
		}
		if !conCifras(a) || a.TipoCasilla == "A" || a.TipoCasilla == "M" {
			continue
		}
		con++
		cells := []acta.Value{a.Totales[acta.BoletasSobrantes], a.Totales[acta.PersonasVotaron],
			a.Totales[acta.RepresentantesVotaron], a.Totales[acta.VotosSacados], a.TotalAsentado}
		for k, v := range cells {
			switch {
			case v.Kind == acta.SinDato:
				sinDatoN[k]++
			case v.Kind != acta.Number:
			case k == 0 && a.TipoCasilla != "S":
				sob = append(sob, float64(v.N)+calc-ln)
			case k == 2:
				rep = append(rep, float64(v.N))
			case k != 0:
				numeros[k]++
				if d := float64(v.N) - calc; d != 0 {
					dif[k] = append(dif[k], d)
				}
			}
		}
	}
	checkTabla(t, "participación", part, participacion)
	checkTabla(t, "votos de especiales", esp, votosEspecial)
	checkTabla(t, "EXCEDE", exc, excede)
	checkTabla(t, "TOTAL_REP_PARTIDO_CI_VOTARON", rep, repVotaron)
	checkTabla(t, "sobrantes", sob, sobrantes)
	if con != 6876 {
		t.Errorf("%d actas with figures, perfil.go says 6876", con)
	}
	for k, want := range []float64{sinDatoSobrantes, sinDatoPersonas, sinDatoRepVotaron,
		sinDatoSacados, sinDatoAsentado} {
		if got := float64(sinDatoN[k]) / float64(con); !cerca(got, want, 1e-9) {
			t.Errorf("SIN DATO in TOTAL_* cell %d: %g, perfil.go says %g", k, got, want)
		}
	}
	for k, c := range map[int]struct {
		rate float64
		tab  Tabla
	}{1: {difierePersonas, difPersonas}, 3: {difiereSacados, difSacados},
		4: {difiereAsentado, difAsentado}} {
		if got := float64(len(dif[k])) / float64(numeros[k]); !cerca(got, c.rate, 1e-3) {
			t.Errorf("TOTAL_* cell %d differs on %g, perfil.go says %g", k, got, c.rate)
		}
		checkTabla(t, "differences", dif[k], c.tab)
	}
}

// medirCeldas checks the bad cells of ALGUN and TODOS actas, the times and the origin.
func medirCeldas(t *testing.T, f *opendata.Archivo) {
	t.Helper()
	e := f.Eleccion
	combo := func(i int) bool {
		c := e.Contendientes[i].Columna
		return strings.HasPrefix(c, "C_") || c == "NO_REGISTRADAS"
	}
	var unas, unaCombo, algun, todosIleg int
	var mc, mcN, mo, moN, ileg, malos int
	var acop, capt, verif []float64
	casilla, registradas := 0, 0
	jornada := time.Date(2024, 6, 2, 18, 0, 0, 0, opendata.Zona)
	for _, a := range f.Actas {
		if a.Acopio.IsTime() && a.Publicada.Estado != acta.FueraDeCatalogo {
			registradas++
			if a.Origen == "CASILLA" {
				casilla++
			}
			acop = append(acop, a.Acopio.T.Sub(jornada).Seconds())
			capt = append(capt, a.Captura.T.Sub(a.Acopio.T).Seconds())
			verif = append(verif, a.Verificacion.T.Sub(a.Captura.T).Seconds())
		}
		switch a.ObservacionesPub {
		case acta.ObsTodos:
			if a.Votos[0].Kind == acta.Ilegible {
				todosIleg++
			}
		case acta.ObsAlgun:
			algun++
			var bad []int
			for i, v := range a.Votos {
				if v.Kind == acta.Ilegible || v.Kind == acta.SinDato {
					bad = append(bad, i)
					malos++
					if v.Kind == acta.Ilegible {
						ileg++
					}
				}
			}
			if len(bad) == 1 {
				unas++
				if combo(bad[0]) {
					unaCombo++
				}
				continue
			}
			for i, v := range a.Votos {
				m := v.Kind == acta.Ilegible || v.Kind == acta.SinDato
				if combo(i) {
					mcN++
					if m {
						mc++
					}
				} else {
					moN++
					if m {
						mo++
					}
				}
			}
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"single bad cell", float64(unas) / float64(algun), algunUnaCelda},
		{"single bad combination", float64(unaCombo) / float64(unas), algunUnaCombinacion},
		{"bad combinations", float64(mc) / float64(mcN), algunCombinaciones},
		{"bad other cells", float64(mo) / float64(moN), algunOtras},
		{"ILEGIBLE among bad cells", float64(ileg) / float64(malos), algunIlegible},
		{"TODOS ILEGIBLE", float64(todosIleg) / 431, todosIlegible},
		{"digitized at the casilla", float64(casilla) / float64(registradas), desdeCasilla},
	} {
		if !cerca(c.got, c.want, 1e-3) {
			t.Errorf("%s: measured %g, perfil.go says %g", c.name, c.got, c.want)
		}
	}
	checkTabla(t, "acopio", acop, acopio)
	checkTabla(t, "captura", capt, captura)
	checkTabla(t, "verificación", verif, verificacion)
}

// federales are the parties of each coalition in the federal columns, in ballot order; the
// Puebla coalitions had local parties besides.
var federales = map[string][]string{"FXM": {"PAN", "PRI", "PRD"},
	"SHH": {"PVEM", "PT", "MORENA"}}

// blocPuebla is the bloc of a Puebla vote column, and its federal column ("" for a column of
// local parties only).
func blocPuebla(col string) (string, string) {
	locales := map[string]string{"PAN": "FXM", "PRI": "FXM", "PRD": "FXM", "PSI": "FXM",
		"PT": "SHH", "PVEM": "SHH", "MORENA": "SHH", "NAP": "SHH", "FXMP": "SHH"}
	parts := strings.Split(strings.TrimPrefix(col, "C_"), "_")
	b, ok := locales[parts[0]]
	if !ok {
		return col, col
	}
	var fed []string
	for _, p := range federales[b] {
		if slices.Contains(parts, p) {
			fed = append(fed, p)
		}
	}
	switch len(fed) {
	case 0:
		return b, ""
	case 1:
		return b, fed[0]
	}
	return b, "C_" + strings.Join(fed, "_")
}

// medirBloques checks the blocs' shares, the shares of their columns and their
// concentrations.
func medirBloques(t *testing.T, f *opendata.Archivo) {
	t.Helper()
	e := f.Eleccion
	porBloque, porColumna := map[string]float64{}, map[string]float64{}
	var total float64
	distritos := map[string][]muestra{}
	for _, a := range f.Actas {
		if a.Publicada.Estado != acta.Contabilizada {
			continue
		}
		m := muestra{share: map[string]float64{}}
		for i, v := range a.Votos {
			if v.Kind != acta.Number {
				continue
			}
			b, fed := blocPuebla(e.Contendientes[i].Columna)
			porBloque[b] += float64(v.N)
			total += float64(v.N)
			m.share[b] += float64(v.N)
			m.n += float64(v.N)
			if fed != "" {
				porColumna[fed] += float64(v.N)
			}
		}
		if strings.Contains("BCE", a.TipoCasilla) && m.n >= 50 {
			distritos[a.UnidadID] = append(distritos[a.UnidadID], m)
		}
	}
	for _, b := range bloques {
		if got := porBloque[b.nombre] / total; !cerca(got, b.cuota, 1e-9) {
			t.Errorf("bloc %s: share %g, votos.go says %g", b.nombre, got, b.cuota)
		}
		var suma float64
		for _, c := range b.columnas {
			suma += porColumna[columnasVoto[c]]
		}
		for j, c := range b.columnas {
			if got := porColumna[columnasVoto[c]] / suma; !cerca(got, b.pesos[j], 1e-3) {
				t.Errorf("column %s: %g of its bloc, votos.go says %g", columnasVoto[c], got,
					b.pesos[j])
			}
		}
		ad, ac := concentraciones(distritos, b.nombre)
		if !cerca(ad, b.alfaDistrito, 0.01) || !cerca(ac, b.alfaCasilla, 0.01) {
			t.Errorf("bloc %s: concentrations %.1f and %.1f, votos.go says %g and %g",
				b.nombre, ad, ac, b.alfaDistrito, b.alfaCasilla)
		}
	}
}

// muestra is the votes of one casilla by bloc.
type muestra struct {
	share map[string]float64
	n     float64
}

// concentraciones measures the concentration of a bloc's share among the distritos and,
// within them, among the casillas less the spread of a multinomial draw of their votes.
func concentraciones(distritos map[string][]muestra, bloc string) (float64, float64) {
	mean := func(xs []float64) float64 {
		var s float64
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	pvar := func(xs []float64) float64 {
		m := mean(xs)
		var s float64
		for _, x := range xs {
			s += (x - m) * (x - m)
		}
		return s / float64(len(xs))
	}
	var todas, medias, varianzas, ruido []float64
	for _, ms := range distritos {
		var xs, r []float64
		for _, m := range ms {
			xs = append(xs, m.share[bloc]/m.n)
		}
		md := mean(xs)
		for _, m := range ms {
			r = append(r, md*(1-md)/m.n)
		}
		todas = append(todas, xs...)
		medias = append(medias, md)
		varianzas = append(varianzas, pvar(xs))
		ruido = append(ruido, mean(r))
	}
	m := mean(todas)
	return m*(1-m)/pvar(medias) - 1, m*(1-m)/(mean(varianzas)-mean(ruido)) - 1
}
