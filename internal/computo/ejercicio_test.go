package computo_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/corte"
)

// definicionDIP defines the district cómputo of Diputaciones Locales of one district, as a
// consejo distrital that declares validity and opens the casillas especiales last (LGIPE
// art. 311.1.g).
func definicionDIP(n corte.Nodo, e computo.Definicion) computo.Definicion {
	e.Instituto, e.Proceso, e.Simulacro = instituto, procesoPuebla, true
	e.Organo, e.UnidadNombre, e.Declara = computo.ConsejoDistrital, n.Nombre, true
	e.Consejo = "Consejo Distrital " + n.ID + " de " + n.Nombre
	e.Config.EspecialesAlFinal = true
	return e
}

// TestCasillasEspecialesRP checks the two actas of the casillas especiales of Diputaciones
// Locales in the real final PREP: the RP acta (TIPO_ACTA 3ERP) of each of the 77 casillas
// especiales is out of its district's MR cómputo and in its RP cómputo, with the parties'
// columns only; and the PREP-counted figures of both add up, column by column, to the
// PREP's district totals, which sum every counted acta.
func TestCasillasEspecialesRP(t *testing.T) {
	f := cargarCodigo(t, "DIP_LOC")
	e := f.Eleccion
	prep := corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
	var mr, rp, conRP int
	for _, n := range prep.Distritos {
		def := computo.DefinicionDe(e, n.ID)
		defRP := computo.DefinicionRPDe(e, n.ID)
		cs := computo.CasillasDe(e, f.Actas, n.ID, def, acta.DefaultConfig)
		csRP := computo.CasillasRPDe(e, f.Actas, n.ID, defRP, acta.DefaultConfig)
		mr, rp = mr+len(cs), rp+len(csRP)
		if len(csRP) > 0 {
			conRP++
		}
		suma := sumaContabilizada(def, cs)
		for col, v := range sumaContabilizada(defRP, csRP) {
			suma[col] += v
		}
		for i, c := range e.Contendientes {
			if suma[c.Columna] != n.Votos[i] {
				t.Errorf("district %s, %s: MR and RP actas counted %d, the PREP %d", n.ID,
					c.Columna, suma[c.Columna], n.Votos[i])
			}
		}
		for _, c := range csRP {
			if c.Tipo != "S" || !strings.HasSuffix(c.ID, "3ERP") {
				t.Errorf("district %s: %s (%s) among the RP actas", n.ID, c.ID, c.Tipo)
			}
		}
	}
	if mr != 8423-77 || rp != 77 {
		t.Errorf("%d MR actas and %d RP actas, want 8,346 and the 77 of the casillas "+
			"especiales (8,423 expected)", mr, rp)
	}
	d := computo.DefinicionRPDe(e, "002")
	want := "PAN PRI PRD PT PVEM MC PSI MORENA NAP FXMP NO_REGISTRADAS NULOS"
	if got := strings.Join(d.Columnas, " "); got != want || len(d.Candidaturas) != 10 {
		t.Errorf("RP columns %q and %d lists, want %q and 10", got, len(d.Candidaturas), want)
	}
	t.Logf("%d districts with casillas especiales", conRP)
}

// sumaContabilizada adds the PREP-counted figures of the casillas, by column.
func sumaContabilizada(d computo.Definicion, cs []computo.Casilla) computo.Votos {
	v := computo.Votos{}
	for _, c := range cs {
		if c.PREP == nil || !c.PREP.Contabilizada {
			continue
		}
		for _, col := range d.Columnas {
			v[col] += c.PREP.Acta.Votos[col].Votes()
		}
		v[computo.ColumnaNulos] += c.PREP.Acta.Nulos.Votes()
		v[computo.ColumnaNoRegistradas] += c.PREP.Acta.NoRegistradas.Votes()
	}
	return v
}

// TestEjercicioDistritoConEspeciales runs district 002 of Diputaciones Locales, which has
// casillas especiales, through the exercise with the synthetic recounts: the MR session
// declares and issues its constancia, the RP actas are computed apart without one, and
// the district's RP votación is the MR split plus the RP actas (LGIPE art. 311.1.i).
func TestEjercicioDistritoConEspeciales(t *testing.T) {
	f := cargarCodigo(t, "DIP_LOC")
	e := f.Eleccion
	fix := leerRecuentos(t, "testdata/recuentos_dip_loc_2024_sinteticos.csv")
	var n corte.Nodo
	for _, d := range corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig).Distritos {
		if d.ID == "002" {
			n = d
		}
	}
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 2024)))
	def := definicionDIP(n, computo.DefinicionDe(e, n.ID))
	mr, cmr, err := ejercicioSintetico(t, fix, sorteo).Computar(def,
		computo.CasillasDe(e, f.Actas, n.ID, def, acta.DefaultConfig))
	must(t, err)
	defRP := definicionDIP(n, computo.DefinicionRPDe(e, n.ID))
	defRP.Declara = false
	rp, crp, err := ejercicioSintetico(t, fix, sorteo).Computar(defRP,
		computo.CasillasRPDe(e, f.Actas, n.ID, defRP, acta.DefaultConfig))
	must(t, err)

	if cmr.Constancias != 1 || crp.Constancias != 0 || !mr.Concluida() || !rp.Concluida() {
		t.Fatalf("constancias MR %d, RP %d; concluded %v, %v; want 1, 0, both concluded",
			cmr.Constancias, crp.Constancias, mr.Concluida(), rp.Concluida())
	}
	if k := mr.Constancias()[0]; k.Folio != "DIP_LOC-002-1" || len(k.Partidos) == 0 {
		t.Errorf("constancia %s to %v", k.Folio, k.Partidos)
	}
	if len(mr.Casillas()) != cmr.Casillas || len(rp.Casillas()) != crp.Casillas ||
		crp.Casillas == 0 {
		t.Errorf("%d MR and %d RP casillas counted, the sessions have %d and %d",
			cmr.Casillas, crp.Casillas, len(mr.Casillas()), len(rp.Casillas()))
	}
	for _, k := range mr.Casillas() {
		if strings.HasSuffix(k.ID, "3ERP") {
			t.Errorf("RP acta %s in the MR session", k.ID)
		}
	}
	siglado := computo.Siglado{"002": {mr.Constancias()[0].Candidatura: "MORENA"}}
	v, err := computo.VotacionRPDe([]*computo.Sesion{mr, rp}, siglado)
	must(t, err)
	rmr, _ := mr.Resultado()
	rrp, _ := rp.Resultado()
	for _, p := range v.Partidos {
		if want := rmr.Distribucion.Partidos[p.Partido] + rrp.Votos[p.Partido]; p.Votos != want {
			t.Errorf("%s: RP votación %d, want MR split %d + RP actas %d", p.Partido, p.Votos,
				rmr.Distribucion.Partidos[p.Partido], rrp.Votos[p.Partido])
		}
	}
	if !v.Completa || v.Nulos != rmr.Nulos+rrp.Nulos {
		t.Errorf("votación complete %v, nulos %d; want complete, %d", v.Completa, v.Nulos,
			rmr.Nulos+rrp.Nulos)
	}
}

// TestEjercicioSinCifras: a recounted casilla the PREP did not count stops the exercise
// when the source has no figures for it, with a Spanish message naming it; with the source,
// its figures are the source's and a counted casilla keeps the PREP's.
func TestEjercicioSinCifras(t *testing.T) {
	f := cargarCodigo(t, "DIP_LOC")
	e := f.Eleccion
	var n corte.Nodo
	for _, d := range corte.Tally(e, f.Actas, nil, f.Corte, true, acta.DefaultConfig).Distritos {
		if d.ID == "001" {
			n = d
		}
	}
	def := definicionDIP(n, computo.DefinicionDe(e, n.ID))
	cs := computo.CasillasDe(e, f.Actas, n.ID, def, acta.DefaultConfig)
	ej := computo.Ejercicio{Quien: "presidencia", Grupos: gruposTrabajo,
		Minutos: minutosSesion, Acuerdo: "acuerdo de prueba", Reloj: reloj()}
	_, _, err := ej.Computar(def, cs)
	var de *computo.DatosError
	if !errors.As(err, &de) || !strings.Contains(de.Mensaje(), ") se recuenta, el PREP no "+
		"contabilizó su acta y no hay cifras de su recuento") ||
		!strings.HasPrefix(de.Mensaje(), "la casilla 21") {
		t.Fatalf("without recount figures: %v, want a DatosError naming the casilla", err)
	}

	fix := leerRecuentos(t, "testdata/recuentos_dip_loc_2024_sinteticos.csv")
	s, c, err := ejercicioSintetico(t, fix, nil).Computar(def, cs)
	must(t, err)
	var deFuente, delPREP int
	for _, k := range s.Casillas() {
		if k.Recuento == nil {
			continue
		}
		rs, sintetica := fix[k.ID]
		switch {
		case sintetica:
			deFuente++
			if k.Recuento.Votos[computo.ColumnaNulos] != rs.votos[computo.ColumnaNulos] {
				t.Errorf("%s: recount nulos %d, fixture %d", k.ID,
					k.Recuento.Votos[computo.ColumnaNulos], rs.votos[computo.ColumnaNulos])
			}
		case k.PREP != nil && k.PREP.Contabilizada:
			delPREP++
			if k.Recuento.Votos[computo.ColumnaNulos] != k.PREP.Acta.Nulos.Votes() {
				t.Errorf("%s: recount nulos %d, PREP %d", k.ID,
					k.Recuento.Votos[computo.ColumnaNulos], k.PREP.Acta.Nulos.Votes())
			}
		default:
			t.Errorf("%s recounted without figures", k.ID)
		}
	}
	if c.DeFuente != deFuente || c.DelPREP != delPREP || c.Recontadas != deFuente+delPREP ||
		deFuente == 0 {
		t.Errorf("counted %d from the source and %d from the PREP of %d; the casillas say %d "+
			"and %d", c.DeFuente, c.DelPREP, c.Recontadas, deFuente, delPREP)
	}
}
