package computo_test

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
	"github.com/sufragio/sufragio/internal/computo/documento/excel"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

var documentos = flag.String("documentos", "", "write the documents of the Gubernatura "+
	"cómputo to this directory")

// oficial is the IEE Consejo General's cómputo final of 9 June 2024, as transcribed from
// the press in ../shared/data/real/oraculos-puebla-2024/computo_final_gubernatura_2024.csv
// (RULES.md §6.4; the IEE publishes no machine-readable cómputo per casilla).
var oficial = map[string]int64{"PT-PVEM-MORENA-NAP-FXMP": 1908954,
	"PAN-PRI-PRD-PSI": 1052216, "MC": 140077, "NO_REGISTRADAS": 1778, "NULOS": 103788}

const (
	armenta        = "PT-PVEM-MORENA-NAP-FXMP"
	extranjero     = "VMRE"
	gruposTrabajo  = 5
	minutosSesion  = 1800 // 30 hours for the recounts of one district
	instituto      = "Instituto Electoral del Estado"
	procesoPuebla  = "Proceso Electoral Estatal Ordinario Concurrente 2023-2024"
	acuerdoValidez = "CG/AC-0069/2024 (prueba)"
)

// reloj is a fake clock from the day of the district cómputos, one second per action.
func reloj() func() time.Time {
	return relojDesde(time.Date(2024, 6, 5, 8, 0, 0, 0,
		documento.Zona))
}

// relojDesde is a fake clock from t, one second per action.
func relojDesde(t time.Time) func() time.Time {
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// ejercicioSintetico is the exercise of the tests over the real PREP casillas. Its choices
// (Ejercicio) stand for the session records, which are not published: every package
// arrives, those the PREP received "sin bolsa" with signs of alteration; an acta the PREP
// captured is confirmed in the cotejo and, when recounted, its recount finds the figures
// of the fixture when it has them, the PREP's when the PREP counted it; the council adds
// a cause when an acta's total exceeds the lista nominal. fix holds SYNTHETIC figures for
// every acta the PREP did not count (see the fixtures' headers).
func ejercicioSintetico(t *testing.T, fix map[string]recuentoSintetico,
	sorteo computo.Sorteo) computo.Ejercicio {
	return computo.Ejercicio{Quien: "presidencia del consejo", Grupos: gruposTrabajo,
		Minutos: minutosSesion, Acuerdo: "punto 4 del orden del día", Sorteo: sorteo,
		Reloj: reloj(), Recuentos: fuenteSintetica(t, fix)}
}

// fuenteSintetica gives the fixture's figures of a recounted casilla, restricted to the
// columns that run in its unit (the fixture has every column of the election).
func fuenteSintetica(t *testing.T, fix map[string]recuentoSintetico) computo.FuenteRecuentos {
	return func(def computo.Definicion, c computo.CasillaComputo) (computo.CifrasRecuento,
		bool, error) {
		rs, ok := fix[c.ID]
		if !ok {
			return computo.CifrasRecuento{}, false, nil
		}
		r := computo.CifrasRecuento{Votos: computo.Votos{}, Reservados: rs.reservados,
			Columna: rs.destino}
		if rs.reservados > 0 {
			r.Motivo = "el pleno califica los votos reservados (LGIPE art. 291)"
		}
		var fuera int64
		for _, v := range rs.votos {
			fuera += v
		}
		for _, col := range def.Columnas {
			r.Votos[col] = rs.votos[col]
			fuera -= rs.votos[col]
		}
		if fuera != 0 {
			t.Errorf("casilla %s: %d synthetic votes in columns that do not run in %s", c.ID,
				fuera, def.Unidad)
		}
		return r, true, nil
	}
}

// margen is the first-second margin of a session's total recount decision.
func margen(t *testing.T, s *computo.Sesion) string {
	t.Helper()
	a, err := s.Acta()
	must(t, err)
	if a.RecuentoTotal == nil {
		return "?"
	}
	return a.RecuentoTotal.Porcentaje
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// definicionDistrito defines the district cómputo of Gubernatura of one unit.
func definicionDistrito(f *opendata.Archivo, unidad, nombre string) computo.Definicion {
	d := computo.DefinicionDe(f.Eleccion, "")
	d.Instituto, d.Proceso, d.Simulacro = instituto, procesoPuebla, true
	d.Organo, d.Unidad, d.UnidadNombre = computo.ConsejoDistrital, unidad, nombre
	d.Consejo = fmt.Sprintf("Consejo Distrital %s de %s", unidad, nombre)
	if unidad == extranjero {
		d.Organo, d.Consejo = computo.ConsejoGeneral, "Consejo General (voto desde el extranjero)"
		d.UnidadNombre = "VOTO DE LAS Y LOS MEXICANOS RESIDENTES EN EL EXTRANJERO"
	}
	return d
}

// TestGubernaturaPuebla2024 runs the cómputo of the Gubernatura of Puebla 2024 end to end
// over the real final PREP file: 26 district sessions and the cómputo of the votes from
// abroad, then the Consejo General's state cómputo, validity and constancia. The actas the
// PREP did not count are recounted with SYNTHETIC figures (testdata, see its header): the
// totals cannot equal the official cómputo, and the test does not pretend they do.
func TestGubernaturaPuebla2024(t *testing.T) {
	f := cargar(t)
	fix := leerRecuentos(t, fixtureRecuentos)
	prep := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 2024)))
	var n computo.Conteo
	var margenes []string

	var sesiones []*computo.Sesion
	var partes []string
	for _, d := range prep.Distritos {
		unidad, nombre := d.ID, d.Nombre
		if d.ID == corte.SinUnidad {
			unidad, nombre = extranjero, ""
		}
		def := definicionDistrito(f, unidad, nombre)
		cs := computo.CasillasDe(f.Eleccion, f.Actas, d.ID, def, acta.DefaultConfig)
		s, c, err := ejercicioSintetico(t, fix, sorteo).Computar(def, cs)
		must(t, err)
		n.Sumar(c)
		margenes = append(margenes, def.Unidad+": "+margen(t, s))
		comprobarDistrito(t, s, d, f)
		sesiones = append(sesiones, s)
		partes = append(partes, unidad)
	}
	if len(sesiones) != 27 || n.Casillas != 8334 {
		t.Fatalf("%d sessions over %d casillas, want 26 districts and the votes from abroad "+
			"over 8,334", len(sesiones), n.Casillas)
	}
	if n.DeFuente != len(fix) {
		t.Errorf("%d synthetic recounts used of %d in the fixture", n.DeFuente, len(fix))
	}

	cg := computoEstatal(t, f, sesiones, partes, computo.RepartoDistrital)
	r, _ := cg.Resultado()
	comprobarEstatal(t, r, sesiones)
	comprobarPREP(t, sesiones, fix)
	re, _ := computoEstatal(t, f, sesiones, partes, computo.RepartoEstatal).Resultado()
	if !reflect.DeepEqual(r.Candidaturas, re.Candidaturas) {
		t.Errorf("candidacies differ by split level:\n%v\n%v", r.Candidaturas, re.Candidaturas)
	}
	ks := cg.Constancias()
	if len(ks) != 1 || ks[0].Propietaria != "ALEJANDRO ARMENTA MIER" || ks[0].Folio != "GUB-21-1" {
		t.Fatalf("constancias %+v, want GUB-21-1 to ALEJANDRO ARMENTA MIER", ks)
	}
	comprobarDocumentos(t, cg, sesiones[0])
	comprobarReplay(t, cg, sesiones)
	informe(t, r, re, sesiones, n, margenes)
}

// comprobarDistrito checks a district's invariants: the sum of its casillas is its total,
// and the casillas the PREP counted keep the PREP's figures, which equal the PREP tally.
func comprobarDistrito(t *testing.T, s *computo.Sesion, d corte.Nodo, f *opendata.Archivo) {
	t.Helper()
	r, ok := s.Resultado()
	if !ok {
		t.Fatalf("district %s without results", d.ID)
	}
	suma := computo.Votos{}
	for _, c := range s.Casillas() {
		for col, v := range c.Votos {
			suma[col] += v
		}
	}
	if !reflect.DeepEqual(suma, r.Votos) {
		t.Errorf("district %s: the casillas add up to %v, the result says %v", d.ID, suma,
			r.Votos)
	}
	k := s.Conciliar()
	for i, c := range f.Eleccion.Contendientes {
		if k.PREP[c.Columna] != d.Votos[i] {
			t.Errorf("district %s, %s: PREP counted %d in the reconciliation, %d in the tally",
				d.ID, c.Columna, k.PREP[c.Columna], d.Votos[i])
		}
	}
	for _, fila := range k.Filas {
		if fila.PREPContabilizada && fila.Causa != computo.DiferenciaNinguna {
			t.Errorf("casilla %s counted in the PREP changed: %s", fila.Casilla.ID, fila.Causa)
		}
	}
	comprobarReparto(t, d.ID, r)
}

// comprobarReparto checks the invariants of a split (RULES.md §5): each combination's
// parts add up to its votes, the parties' totals are their own votes plus every
// combination, and each candidacy has the same votes by columns and by parties.
func comprobarReparto(t *testing.T, unidad string, r computo.ResultadoComputo) {
	t.Helper()
	var combinaciones, repartido int64
	for col, v := range r.Votos {
		if computo.PartidosDeCombinacion(col) != nil {
			combinaciones += v
		}
	}
	for _, rp := range r.Distribucion.Repartos {
		var partes int64
		for _, p := range rp.Partes {
			partes += p.Votos
		}
		if partes != rp.Votos || rp.Votos != r.Votos[rp.Columna] {
			t.Errorf("%s, %s: parts %d, combination %d, column %d", unidad, rp.Columna, partes,
				rp.Votos, r.Votos[rp.Columna])
		}
		repartido += partes
	}
	var propios, despues int64
	for p, v := range r.Distribucion.Partidos {
		propios += r.Votos[p]
		despues += v
	}
	if repartido != combinaciones || despues != propios+combinaciones {
		t.Errorf("%s: %d combination votes, %d split; parties %d own, %d after", unidad,
			combinaciones, repartido, propios, despues)
	}
}

// computoEstatal runs the Consejo General's cómputo over the district actas.
func computoEstatal(t *testing.T, f *opendata.Archivo, sesiones []*computo.Sesion,
	partes []string, nivel computo.NivelReparto) *computo.ComputoEstatal {
	t.Helper()
	def := computo.DefinicionEstatal{Definicion: computo.DefinicionDe(f.Eleccion, ""),
		Partes: partes, Reparto: nivel}
	def.Instituto, def.Proceso, def.Simulacro = instituto, procesoPuebla, true
	def.Consejo = "Consejo General del Instituto Electoral del Estado"
	def.Organo, def.Unidad, def.UnidadNombre, def.Declara = computo.ConsejoGeneral, "21",
		"PUEBLA", true
	// The Consejo General held the state cómputo on 9 June 2024 (RULES.md §6.1).
	clock := relojDesde(time.Date(2024, 6, 9, 10, 0, 0, 0, documento.Zona))
	cg, err := computo.NuevoComputoEstatal(def, "presidencia del Consejo General", clock)
	must(t, err)
	for _, s := range sesiones {
		a, err := s.ActaDistrital()
		must(t, err)
		must(t, cg.Recibir("secretaría ejecutiva", a, "", nil))
	}
	r, err := cg.Computar("presidencia del Consejo General",
		computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 9))))
	must(t, err)
	if g, ok := r.Unico(); !ok || g != armenta {
		t.Fatalf("state winner %v, want %s", r.Ganador.Candidaturas, armenta)
	}
	must(t, cg.DeclararValidez("presidencia del Consejo General", acuerdoValidez))
	_, err = cg.ExpedirConstancia("presidencia del Consejo General")
	must(t, err)
	return cg
}

// comprobarEstatal checks that the state result is the sum of its parts and that the
// split keeps the candidacies' votes.
func comprobarEstatal(t *testing.T, r computo.ResultadoComputo, sesiones []*computo.Sesion) {
	t.Helper()
	suma, partidos := computo.Votos{}, computo.Votos{}
	for _, s := range sesiones {
		d, _ := s.Resultado()
		for col, v := range d.Votos {
			suma[col] += v
		}
		for p, v := range d.Distribucion.Partidos {
			partidos[p] += v
		}
	}
	if !reflect.DeepEqual(suma, r.Votos) || !reflect.DeepEqual(partidos,
		r.Distribucion.Partidos) {
		t.Errorf("the state result is not the sum of its districts")
	}
	var total int64
	for _, v := range suma {
		total += v
	}
	if total != r.Total || r.Total != r.Valida+r.Nulos+r.NoRegistradas {
		t.Errorf("total %d, válida %d + nulos %d + no registradas %d; sum of columns %d",
			r.Total, r.Valida, r.Nulos, r.NoRegistradas, total)
	}
}

// comprobarPREP checks the PREP part of the reconciliation against the published PREP
// totals (RULES.md §3.4) and that the whole difference comes from the synthetic recounts.
func comprobarPREP(t *testing.T, sesiones []*computo.Sesion, fix map[string]recuentoSintetico) {
	t.Helper()
	var prep, dif, sinteticos int64
	cand := map[string]int64{}
	for _, s := range sesiones {
		k := s.Conciliar()
		for _, c := range s.Definicion().Candidaturas {
			for _, col := range c.Columnas {
				cand[c.ID] += k.PREP[col]
			}
		}
		for _, v := range k.PREP {
			prep += v
		}
		for _, v := range k.Diferencia {
			dif += v
		}
		if k.Votos[computo.DiferenciaAusentePREP] != sumaDiferencias(k) {
			t.Errorf("%s: differences outside the casillas absent from the PREP", k.Contienda)
		}
	}
	for _, rs := range fix {
		sinteticos += rs.reservados
		for _, v := range rs.votos {
			sinteticos += v
		}
	}
	want := map[string]int64{armenta: 1578749, "PAN-PRI-PRD-PSI": 879460, "MC": 115824}
	for id, v := range want {
		if cand[id] != v {
			t.Errorf("PREP counted for %s: %d, want %d", id, cand[id], v)
		}
	}
	if prep != 2658993 || dif != sinteticos {
		t.Errorf("PREP counted %d (want 2,658,993); difference %d, synthetic votes %d", prep,
			dif, sinteticos)
	}
}

func sumaDiferencias(k computo.Conciliacion) int64 {
	var n int64
	for _, v := range k.Votos {
		n += v
	}
	return n
}

// comprobarDocumentos writes the state acta, the constancia, a district acta, the CSVs and
// the workbook, and reads the text of the compressed PDFs back.
func comprobarDocumentos(t *testing.T, cg *computo.ComputoEstatal, d *computo.Sesion) {
	t.Helper()
	a, err := cg.Acta()
	must(t, err)
	r := a.Resultado
	var acta, constancia bytes.Buffer
	must(t, documento.ActaPDF(&acta, a))
	must(t, documento.ConstanciaPDF(&constancia, cg.Constancias()[0]))
	g := r.Ganador
	for _, c := range []struct {
		nombre string
		pdf    []byte
		want   []string
	}{
		{"acta estatal", acta.Bytes(), []string{"ACTA DE CÓMPUTO ESTATAL DE LA ELECCIÓN DE " +
			"GUBERNATURA", "La candidatura de ALEJANDRO ARMENTA MIER, postulada por PT, PVEM, " +
			"MORENA, NAP y FXMP, obtuvo la mayoría de votos: " + documento.Cifra(g.Votos),
			"Votación total emitida: " + documento.Cifra(r.Total), "SIMULACRO"}},
		{"constancia", constancia.Bytes(), []string{"CONSTANCIA DE MAYORÍA Y VALIDEZ",
			"a favor de la candidatura de ALEJANDRO ARMENTA MIER", documento.Cifra(g.Votos) +
				" votos", "Folio GUB-21-1"}},
	} {
		text := textoPDF(t, c.pdf)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s has no %q", c.nombre, w)
			}
		}
	}
	if *documentos == "" {
		return
	}
	dir := *documentos
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "acta_computo_estatal_gub.pdf"), acta.Bytes(), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "constancia_gub.pdf"), constancia.Bytes(), 0o644))
	ad, err := d.Acta()
	must(t, err)
	k := d.Conciliar()
	escribir(t, filepath.Join(dir, "acta_computo_distrital_"+ad.Definicion.Unidad+".pdf"),
		func(w io.Writer) error { return documento.ActaPDF(w, ad) })
	escribir(t, filepath.Join(dir, "resultados_gub.csv"),
		func(w io.Writer) error { return documento.ResultadosCSV(w, a) })
	escribir(t, filepath.Join(dir, "distritos_gub.csv"),
		func(w io.Writer) error { return documento.DistritosCSV(w, a) })
	escribir(t, filepath.Join(dir, "conciliacion_"+ad.Definicion.Unidad+".csv"),
		func(w io.Writer) error { return documento.ConciliacionCSV(w, k) })
	escribir(t, filepath.Join(dir, "computo_gub.xlsx"),
		func(w io.Writer) error { return excel.Libro(w, documento.Tablas(a, nil, nil)) })
	escribir(t, filepath.Join(dir, "computo_distrital_"+ad.Definicion.Unidad+".xlsx"),
		func(w io.Writer) error {
			return excel.Libro(w, documento.Tablas(ad, d.Casillas(), &k))
		})
}

func escribir(t *testing.T, name string, write func(io.Writer) error) {
	t.Helper()
	f, err := os.Create(name)
	must(t, err)
	bw := bufio.NewWriter(f)
	must(t, write(bw))
	must(t, bw.Flush())
	must(t, f.Close())
}

var (
	streamPDF = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	textRun   = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\) ?Tj`)
)

// textoPDF extracts the text of a PDF written by fpdf: it inflates every Flate stream,
// takes each text run, unescapes it and decodes it from cp1252, and joins the runs with
// spaces, so that a paragraph broken into lines reads whole.
func textoPDF(t *testing.T, pdf []byte) string {
	t.Helper()
	unescape := strings.NewReplacer(`\\`, `\`, `\(`, `(`, `\)`, `)`, `\r`, "\r")
	var b strings.Builder
	for _, m := range streamPDF.FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not a Flate stream (a font, an image)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			continue
		}
		for _, run := range textRun.FindAllSubmatch(plain, -1) {
			s, err := charmap.Windows1252.NewDecoder().String(unescape.Replace(string(run[1])))
			must(t, err)
			b.WriteString(s + " ")
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// comprobarReplay stores every log as JSON and rebuilds every session and the state
// cómputo from it.
func comprobarReplay(t *testing.T, cg *computo.ComputoEstatal, sesiones []*computo.Sesion) {
	t.Helper()
	var bytesLog, eventos int
	for _, s := range sesiones {
		data, err := json.Marshal(s.Eventos())
		must(t, err)
		var evs []computo.Evento
		must(t, json.Unmarshal(data, &evs))
		r, err := computo.Reconstruir(evs, nil)
		must(t, err)
		got, _ := r.Resultado()
		want, _ := s.Resultado()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: replayed results differ", s.Definicion().Unidad)
		}
		bytesLog += len(data)
		eventos += len(evs)
	}
	data, err := json.Marshal(cg.Eventos())
	must(t, err)
	var evs []computo.Evento
	must(t, json.Unmarshal(data, &evs))
	r, err := computo.ReconstruirEstatal(evs, nil)
	must(t, err)
	got, _ := r.Resultado()
	want, _ := cg.Resultado()
	if !reflect.DeepEqual(got, want) || len(r.Constancias()) != 1 {
		t.Errorf("replayed state cómputo differs")
	}
	t.Logf("replay: %d events of 27 sessions (%s bytes of JSON) and %d of the state cómputo",
		eventos, documento.Miles(int64(bytesLog)), len(evs))
}

// informe logs the figures of the run beside the PREP and the official cómputo.
func informe(t *testing.T, r, re computo.ResultadoComputo, sesiones []*computo.Sesion,
	n computo.Conteo, margenes []string) {
	t.Helper()
	prep := map[string]int64{}
	for _, s := range sesiones {
		k := s.Conciliar()
		for _, c := range s.Definicion().Candidaturas {
			for _, col := range c.Columnas {
				prep[c.ID] += k.PREP[col]
			}
		}
		prep["NULOS"] += k.PREP["NULOS"]
		prep["NO_REGISTRADAS"] += k.PREP["NO_REGISTRADAS"]
	}
	cifras := map[string]int64{"NULOS": r.Nulos, "NO_REGISTRADAS": r.NoRegistradas}
	for _, c := range r.Candidaturas {
		cifras[c.Candidatura] = c.Votos
	}
	t.Logf("%-24s %12s %12s %12s %12s %12s", "", "PREP contab.", "sintético",
		"cómputo", "oficial", "cómp.-ofic.")
	var tp, tc, to int64
	for _, id := range []string{armenta, "PAN-PRI-PRD-PSI", "MC", "NO_REGISTRADAS", "NULOS"} {
		t.Logf("%-24s %12s %12s %12s %12s %12s", id, documento.Miles(prep[id]),
			documento.Miles(cifras[id]-prep[id]), documento.Miles(cifras[id]),
			documento.Miles(oficial[id]), documento.Miles(cifras[id]-oficial[id]))
		tp, tc, to = tp+prep[id], tc+cifras[id], to+oficial[id]
	}
	t.Logf("%-24s %12s %12s %12s %12s %12s", "TOTAL", documento.Miles(tp),
		documento.Miles(tc-tp), documento.Miles(tc), documento.Miles(to),
		documento.Miles(tc-to))
	g := r.Ganador
	t.Logf("winner %s by %s votes (%s in words); official difference 856,738", g.Candidaturas[0],
		documento.Miles(g.Diferencia), documento.EnLetras(g.Diferencia))
	t.Logf("casillas %d: %d not installed, %d packages with signs of alteration, %d recounted "+
		"(%d with synthetic figures, %d votos reservados), %d council causes, %d recount "+
		"plans in grupos de trabajo, %d sorteos", n.Casillas, n.NoInstaladas, n.Alterados,
		n.Recontadas, n.DeFuente, n.Reservados, n.CausasConsejo, n.PlanesEnGrupos, n.Sorteos)
	var causas []string
	for c, k := range n.PorCausa {
		causas = append(causas, fmt.Sprintf("%s %d", c, k))
	}
	sort.Strings(causas)
	t.Logf("recount causes (a casilla may have several): %s", strings.Join(causas, ", "))
	t.Logf("first-second margin per district (%% of votación total): %s",
		strings.Join(margenes, ", "))
	var ps []string
	for _, p := range []string{"PAN", "PRI", "PRD", "PSI", "PT", "PVEM", "MORENA", "NAP", "FXMP",
		"MC"} {
		ps = append(ps, p+" "+documento.Miles(r.Distribucion.Partidos[p])+"/"+
			documento.Miles(re.Distribucion.Partidos[p]))
	}
	t.Logf("parties after the split, by district / by state: %s", strings.Join(ps, ", "))
}
