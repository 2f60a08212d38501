package prep

import (
	"reflect"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// TestLeerCampo reads what capturistas type (RULES.md §1.2: a number, ILEGIBLE or SIN DATO)
// and refuses everything else with a Spanish reason.
func TestLeerCampo(t *testing.T) {
	num, il, sd := acta.Num, acta.Value{Kind: acta.Ilegible}, acta.Value{Kind: acta.SinDato}
	ok := []struct {
		in   string
		want acta.Value
	}{
		{"0", num(0)}, {"123", num(123)}, {" 0042 ", num(42)}, {"000", num(0)},
		{"999999", num(999999)}, {"Ilegible", il}, {"ILEGIBLE", il}, {"i", il},
		{"Sin dato", sd}, {"sin  dato", sd}, {"S", sd}, {"sindato", sd},
	}
	for _, c := range ok {
		got, msg := LeerCampo(c.in)
		if msg != "" || got != c.want {
			t.Errorf("LeerCampo(%q) = %v, %q; want %v", c.in, got, msg, c.want)
		}
	}
	for _, in := range []string{"", "  ", "-5", "12a", "1e3", "1.000", "1,000", "1000000",
		"ilegibles", "N/A", "SIN ACTA", "٣"} {
		if got, msg := LeerCampo(in); msg == "" {
			t.Errorf("LeerCampo(%q) = %v, want a refusal", in, got)
		}
	}
}

// eleccion is a small election: two parties, their combination, no registradas, nulos.
var eleccion = &catalog.Eleccion{Codigo: "GUB", Contendientes: []catalog.Contendiente{
	{Columna: "PAN", Tipo: catalog.Partido}, {Columna: "PRI", Tipo: catalog.Partido},
	{Columna: "C_PAN_PRI", Tipo: catalog.Combinacion, Partidos: []string{"PAN", "PRI"}},
	{Columna: "NO_REGISTRADAS", Tipo: catalog.NoRegistradas},
	{Columna: "NULOS", Tipo: catalog.Nulos}}}

func catalogo(tipo string) *acta.Acta {
	g, na := acta.Value{Kind: acta.Guion}, acta.Value{Kind: acta.NA}
	a := &acta.Acta{ID: "210001B01002", TipoCasilla: tipo, Ubicacion: "1",
		ListaNominal: acta.Num(500), Representantes: acta.Num(10), TotalAsentado: g,
		Votos: []acta.Value{g, g, g, g, g}}
	for i := range a.Totales {
		a.Totales[i] = g
	}
	if tipo == "A" {
		// Voto anticipado has no boletas sobrantes nor representatives (RULES.md §4.4).
		a.Totales[acta.BoletasSobrantes], a.Totales[acta.RepresentantesVotaron] = na, na
	}
	return a
}

func columnas(cs []Campo) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Columna
	}
	return out
}

// TestCampos lists the fields of the form: the TOTAL_* the acta has, the contenders that run
// there, the total written.
func TestCampos(t *testing.T) {
	got := columnas(Campos(eleccion, catalogo("B"), []int{0, 1, 2, 3, 4}))
	want := []string{ColBoletasSobrantes, ColPersonasVotaron, ColRepVotaron, ColVotosSacados,
		"PAN", "PRI", "C_PAN_PRI", "NO_REGISTRADAS", "NULOS", ColTotalAsentado}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("B acta: got %v, want %v", got, want)
	}
	// An Ayuntamientos acta asks only for the contenders of its municipio.
	got = columnas(Campos(eleccion, catalogo("A"), []int{0, 3, 4}))
	want = []string{ColPersonasVotaron, ColVotosSacados, "PAN", "NO_REGISTRADAS", "NULOS",
		ColTotalAsentado}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("A acta with PAN only: got %v, want %v", got, want)
	}
}

// TestAplicar turns verified figures into the acta the corte publishes, classified by the
// decision table of RULES.md §2.1 (synthetic cases O-ACT-1, O-ACT-2, O-ACT-3, O-ACT-5).
func TestAplicar(t *testing.T) {
	a := catalogo("B")
	campos := Campos(eleccion, a, []int{0, 1, 3, 4}) // C_PAN_PRI does not run here
	at := time.Date(2024, 6, 2, 21, 0, 0, 0, time.UTC)
	r := Registro{Acopio: at, Captura: at, Verificacion: at, CodigoIntegridad: "ab",
		Origen: "CATD", Digitalizacion: "ESCANER", TipoDocumento: "ACTA PREP"}
	n := func(vs ...int64) Captura {
		out := Captura{}
		for _, v := range vs {
			out = append(out, acta.Num(v))
		}
		return out
	}
	il := acta.Value{Kind: acta.Ilegible}
	cases := []struct {
		name   string
		votos  Captura // PAN, PRI, NO_REGISTRADAS, NULOS
		estado acta.Estado
		obs    string
		calc   int64
	}{
		{"O-ACT-1", n(200, 200, 5, 15), acta.Contabilizada, acta.ObsNinguna, 420},
		{"O-ACT-2 510", n(300, 200, 0, 10), acta.Contabilizada, acta.ObsNinguna, 510},
		{"O-ACT-2 511", n(300, 200, 1, 10), acta.NoContabilizada, acta.ObsExcede, 511},
		{"O-ACT-3", Captura{il, acta.Num(100), acta.Num(0), acta.Num(3)}, acta.Contabilizada,
			acta.ObsAlgun, 103},
		{"O-ACT-5", Captura{il, il, {Kind: acta.SinDato}, il}, acta.NoContabilizada,
			acta.ObsTodos, 0},
	}
	for _, c := range cases {
		cap := append(n(10, 420, 0, 420), c.votos...)
		cap = append(cap, acta.Num(420))
		got := Aplicar(a, campos, cap, r)
		cl := got.Calculada(acta.DefaultConfig)
		if cl.Estado != c.estado || cl.Observaciones() != c.obs ||
			got.Calculado() != acta.Num(c.calc) {
			t.Errorf("%s: got %v %q calc %v; want %v %q %d", c.name, cl.Estado,
				cl.Observaciones(), got.Calculado(), c.estado, c.obs, c.calc)
		}
		if got.Votos[2].Kind != acta.Guion {
			t.Errorf("%s: C_PAN_PRI, off the form, is %v; want -", c.name, got.Votos[2])
		}
		if !got.Verificacion.IsTime() || got.CodigoIntegridad != "ab" {
			t.Errorf("%s: record not applied: %+v", c.name, got.Verificacion)
		}
	}
	if a.Votos[0].Kind != acta.Guion {
		t.Error("Aplicar changed the acta of the catalog")
	}
}

// TestAplicarSinActa registers an acta without its Acta PREP: not counted, with the reason
// recorded at acopio (RULES.md §2.1 row 3).
func TestAplicarSinActa(t *testing.T) {
	for _, c := range []struct {
		motivo string
		want   string
	}{
		{"no_entregado", acta.ObsPaqueteNoEntregado},
		{"sin_bolsa", acta.ObsPaqueteSinBolsa},
		{"no_instalada", acta.ObsCasillaNoInstalada},
	} {
		f, ok := MotivoSinActa(c.motivo)
		if !ok {
			t.Fatalf("motivo %s unknown", c.motivo)
		}
		got := AplicarSinActa(catalogo("A"), []int{0, 3, 4}, f)
		cl := got.Calculada(acta.DefaultConfig)
		if cl.Estado != acta.NoContabilizada || cl.Observaciones() != c.want {
			t.Errorf("%s: got %v %q, want 0 %q", c.motivo, cl.Estado, cl.Observaciones(),
				c.want)
		}
		if got.Votos[1].Kind != acta.Guion || got.Votos[0].Kind != acta.SinActa ||
			got.Totales[acta.BoletasSobrantes].Kind != acta.NA ||
			got.Totales[acta.PersonasVotaron].Kind != acta.SinActa {
			t.Errorf("%s: cells %v %v", c.motivo, got.Votos, got.Totales)
		}
	}
	if _, ok := MotivoSinActa("otro"); ok {
		t.Error("MotivoSinActa accepted an unknown reason")
	}
}

// TestDiferencias compares two blind captures field by field.
func TestDiferencias(t *testing.T) {
	a := Captura{acta.Num(1), acta.Num(2), {Kind: acta.Ilegible}}
	b := Captura{acta.Num(1), acta.Num(3), {Kind: acta.SinDato}}
	if got := Diferencias(a, b); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Errorf("Diferencias = %v, want [1 2]", got)
	}
	if got := Diferencias(a, a); got != nil {
		t.Errorf("equal captures differ at %v", got)
	}
	back, err := ParseCaptura(a.Format(), 3)
	if err != nil || !reflect.DeepEqual(back, a) {
		t.Errorf("ParseCaptura(Format) = %v, %v", back, err)
	}
}

// TestVotosCatalogo derives the vote columns of each acta of a catalog file: its own when
// registered, else those of its unit and acta type, else the candidacies of its unit.
func TestVotosCatalogo(t *testing.T) {
	e := *eleccion
	e.Candidaturas = []catalog.Candidatura{{Unidad: "009", Columnas: []int{1}}}
	reg := catalogo("B")
	reg.UnidadID, reg.TipoActa = "001", "2"
	reg.Votos = []acta.Value{acta.Num(3), {Kind: acta.Guion}, {Kind: acta.Guion}, acta.Num(0),
		acta.Num(1)}
	same := catalogo("B")
	same.UnidadID, same.TipoActa = "001", "2"
	lone := catalogo("B")
	lone.UnidadID = "009"
	fc := &acta.Acta{Ubicacion: "3", Votos: reg.Votos}
	got := VotosCatalogo(&e, []*acta.Acta{reg, same, lone, fc})
	want := [][]int{{0, 3, 4}, {0, 3, 4}, {1, 3, 4}, nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("VotosCatalogo = %v, want %v", got, want)
	}
	if v, err := ParseVotos(FormatVotos([]int{0, 3, 4})); err != nil ||
		!reflect.DeepEqual(v, []int{0, 3, 4}) {
		t.Errorf("ParseVotos(FormatVotos) = %v, %v", v, err)
	}
}
