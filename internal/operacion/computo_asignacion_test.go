package operacion

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/computotest"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/store"
)

// importadoDIP is a data folder with the bundled final PREP of Diputaciones Locales
// imported, the secretario and a consejero of the Consejo General, and a consejero of
// distrito 012, prepared once per test binary.
var importadoDIP base

// estadoAsignacion is the page of an assignment as a program reads it.
type estadoAsignacion struct {
	Fase         string
	Eventos      int
	Siglado      int
	Cambios      []string
	Asignaciones []computo.RegistroAsignacion
}

func (c *cliente) asignacion(id string) estadoAsignacion {
	c.f.t.Helper()
	got := c.get("/computos/"+id).want(c.f.t, http.StatusOK, "GET asignación "+id)
	var e estadoAsignacion
	b, _ := json.Marshal(got.r.Datos)
	if err := json.Unmarshal(b, &e); err != nil {
		c.f.t.Fatalf("asignación %s: %v", id, err)
	}
	return e
}

// TestAsignacionCongreso makes the Consejo General's assignment of the RP diputaciones of
// the Congress through the staff application, over the 26 district cómputos of
// Diputaciones Locales and those of the RP actas of the casillas especiales, stored as
// their councils would have held them (the exercise over the real PREP with simple
// recount figures): the roles, the siglado uploaded as a file, the assignment refused
// before every cómputo concludes, its 15 seats, the public record; then a correction in
// distrito 012 that changes its winner makes the assignment stale, and a new one
// replaces it, on the staff page and in public.
func TestAsignacionCongreso(t *testing.T) {
	importadoDIP.once.Do(func() {
		a, err := leerBundled("DIP_LOC")
		if err != nil {
			importadoDIP.err = err
			return
		}
		data, err := demodata.ReadFile(a.Nombre)
		if err != nil {
			importadoDIP.err = err
			return
		}
		importadoDIP.files, importadoDIP.db, importadoDIP.err = prepararImportado(a, data, []integrante{
			{"consgral", auth.Consejero, ""}, {"secgral", auth.Secretario, ""},
			{"cons012", auth.Consejero, "D-012"}, {"sec012", auth.Secretario, "D-012"}})
	})
	f := fixtureDe(t, &importadoDIP)
	gral, sec, cons := f.sesion("consgral"), f.sesion("secgral"), f.sesion("cons012")
	const id = "DIP_LOC-RP"
	cons.post("/computos", url.Values{"computo": {id}}).want(t, http.StatusForbidden,
		"a district consejero opens the Congress's assignment")
	gral.post("/computos", url.Values{"computo": {id}}).want(t, http.StatusOK, "open")

	e, err := f.ops.eleccion(f.ctx, "DIP_LOC")
	if err != nil {
		t.Fatal(err)
	}
	resto := sesionesDIP(t, f, e)
	if len(resto) < 27 {
		t.Fatalf("%d cómputos stored, want the 26 districts and their casillas especiales",
			len(resto))
	}
	gral.post("/computos/"+id+"/acuerdo/asignar", url.Values{"acuerdo": {"CG/AC-0070/2024"}}).
		want(t, http.StatusConflict, "assignment before every cómputo concluded")
	concluirSesiones(t, f, resto)

	gral.post("/computos/"+id+"/acuerdo/asignar", url.Values{"acuerdo": {"CG/AC-0070/2024"}}).
		want(t, http.StatusUnprocessableEntity, "assignment without the siglado")
	siglado, err := os.ReadFile("../computo/testdata/siglado_dip_loc_2024_supuesto.csv")
	if err != nil {
		t.Fatal(err)
	}
	gral.do(gral.request(http.MethodPost, "/computos/"+id+"/registro/siglado",
		bytes.NewReader(siglado), "text/csv")).want(t, http.StatusForbidden,
		"a consejero records the siglado")
	body, ct := archivoForm("archivo", "siglado.csv", []byte("ID_DISTRITO,CANDIDATURA,PARTIDO\n"+
		"001,PAN-PRI,PAN\n"), url.Values{"causa": {"acuerdo de registro"}})
	if r := sec.do(sec.request(http.MethodPost, "/computos/"+id+"/registro/siglado",
		bytes.NewReader(body), ct)); r.code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.r.Mensaje, `línea 2, campo CANDIDATURA: "PAN-PRI" no es una `+
			`candidatura`) {
		t.Fatalf("a wrong siglado: %d %q", r.code, r.r.Mensaje)
	}
	body, ct = archivoForm("archivo", "siglado.csv", siglado,
		url.Values{"causa": {"acuerdo de registro de las coaliciones (supuesto)"}})
	sec.do(sec.request(http.MethodPost, "/computos/"+id+"/registro/siglado",
		bytes.NewReader(body), ct)).want(t, http.StatusOK, "the siglado")
	gral.acto(id, "acuerdo/asignar", url.Values{"acuerdo": {"CG/AC-0070/2024"}})
	a := gral.asignacion(id)
	if len(a.Asignaciones) != 1 || a.Siglado == 0 || len(a.Cambios) != 0 {
		t.Fatalf("after the assignment: %+v", a)
	}
	primera := asientos(a.Asignaciones[0].Resultado)
	if n := suma(primera); n != 15 {
		t.Fatalf("%d RP seats assigned (%v), want 15", n, primera)
	}
	pub := f.registroPublico(id)
	if len(pub.Asignaciones) != 1 || !pub.Asignaciones[0].Vigente ||
		pub.Metodo != string(computo.MetodoCongresoPuebla) || len(pub.Siglado) == 0 {
		t.Fatalf("public record: %+v", pub.Asignaciones)
	}
	for _, fila := range pub.Asignaciones[0].Filas {
		if fila.RP != primera[fila.Partido] {
			t.Errorf("public record: %s %d seats, the staff page %d", fila.Partido, fila.RP,
				primera[fila.Partido])
		}
	}
	page := string(f.publico("/computos/" + id))
	if !strings.Contains(page, "CG/AC-0070/2024") || !strings.Contains(page, "Cociente natural") {
		t.Errorf("public page of %s lacks the acuerdo or the explanation", id)
	}
	csv := string(f.publico("/computos/" + id + "/asignacion.csv"))
	if !strings.HasPrefix(csv, "SIMULACRO,PARTIDO,VOTOS,CON_DERECHO,MR,RP,TOTAL\n0,") {
		t.Errorf("asignacion.csv: %.100q", csv)
	}

	// The ruling in distrito 012: its runner-up gains the majority.
	d := f.sesion("cons012")
	voltearHTTP(t, f, d, "DIP_LOC-012", "sentencia TEEP-JDC-012/2024 (prueba)")
	a = gral.asignacion(id)
	if len(a.Cambios) == 0 || !strings.Contains(strings.Join(a.Cambios, "; "),
		"diputaciones de mayoría") {
		t.Fatalf("changes after the ruling: %q", a.Cambios)
	}
	gral.acto(id, "acuerdo/asignar", url.Values{"acuerdo": {"CG/AC-0071/2024"}})
	a = gral.asignacion(id)
	if len(a.Asignaciones) != 2 || !a.Asignaciones[1].Sustituida || len(a.Cambios) != 0 ||
		a.Asignaciones[0].Causa == "" {
		t.Fatalf("after the new assignment: %+v", a)
	}
	pub = f.registroPublico(id)
	if len(pub.Asignaciones) != 2 || pub.Asignaciones[0].Vigente ||
		!pub.Asignaciones[1].Vigente || pub.Asignaciones[1].Causa == "" {
		t.Fatalf("public record after the new assignment: %+v", pub.Asignaciones)
	}
	t.Logf("seats %v, after the ruling %v (%s)", primera,
		asientos(a.Asignaciones[0].Resultado), a.Asignaciones[0].Causa)
}

// archivoForm is a multipart form with the fields v and data as the file of field campo.
func archivoForm(campo, nombre string, data []byte, v url.Values) ([]byte, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, s := range vs {
			mw.WriteField(k, s)
		}
	}
	fw, _ := mw.CreateFormFile(campo, nombre)
	fw.Write(data)
	mw.Close()
	return body.Bytes(), mw.FormDataContentType()
}

// sesionesDIP runs the cómputos of the 26 districts of Diputaciones Locales and of their
// RP actas of casillas especiales with the exercise over the PREP's figures (10 votes for
// the first column where the PREP did not count the acta), as their councils would have
// held them, and stores their aperturas; it returns the rest of each log, by id, to be
// stored later.
func sesionesDIP(t *testing.T, f *fixture, e *catalog.Eleccion) map[string][]computo.Evento {
	t.Helper()
	todas, err := f.ops.unidadesComputo(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	actas, err := f.st.Actas(f.ctx, e.Codigo)
	if err != nil {
		t.Fatal(err)
	}
	ej := computo.Ejercicio{Quien: "presidencia", Grupos: 5, Minutos: 1800,
		Acuerdo: "acuerdo de prueba", Sorteo: computo.SorteoAleatorio(rand.New(
			rand.NewPCG(21, 12))), Recuentos: func(d computo.Definicion,
			c computo.CasillaComputo) (computo.CifrasRecuento, bool, error) {
			if c.PREP != nil && c.PREP.Contabilizada {
				return computo.CifrasRecuento{}, false, nil // the PREP's figures
			}
			v := computo.Votos{}
			for _, col := range d.Columnas {
				v[col] = 0
			}
			v[d.Columnas[0]] = 10
			return computo.CifrasRecuento{Votos: v}, true, nil
		}}
	resto := map[string][]computo.Evento{}
	for _, u := range todas {
		if u.Eleccion != e.Codigo || u.Asignacion {
			continue
		}
		def := computo.DefinicionDe(e, u.Unidad)
		cs := computo.CasillasDe(e, actas, u.Unidad, def, acta.DefaultConfig)
		if u.Especiales {
			def = computo.DefinicionRPDe(e, u.Unidad)
			cs = computo.CasillasRPDe(e, actas, u.Unidad, def, acta.DefaultConfig)
		}
		def.Instituto, def.Proceso, def.Organo = institutoComputo, "Proceso 2023-2024",
			computo.ConsejoDistrital
		def.Consejo, def.UnidadNombre, def.Declara = "Consejo Distrital "+u.Unidad, u.Nombre,
			!u.Especiales
		s, _, err := ej.Computar(def, cs)
		if err != nil {
			t.Fatal(err)
		}
		evs := s.Eventos()
		rec := store.SesionComputo{ID: u.ID, Eleccion: e.Codigo, Unidad: u.Unidad,
			Tipo: store.SesionConsejo, Consejo: u.Consejo}
		if err := f.st.AbrirComputo(f.ctx, store.SystemActor, rec, evs[:1]); err != nil {
			t.Fatal(err)
		}
		resto[u.ID] = evs[1:]
	}
	return resto
}

// concluirSesiones stores the rest of the logs of sesionesDIP.
func concluirSesiones(t *testing.T, f *fixture, resto map[string][]computo.Evento) {
	t.Helper()
	for id, evs := range resto {
		if err := f.st.RegistrarEventos(f.ctx, store.SystemActor, id, evs); err != nil {
			t.Fatal(err)
		}
	}
}

// voltearHTTP gives the runner-up of a concluded session the majority through the staff
// application, moving votes from the winner casilla by casilla (computotest.Voltear).
func voltearHTTP(t *testing.T, f *fixture, c *cliente, id, causa string) {
	t.Helper()
	cs, err := computotest.Voltear(replay(t, f, id))
	if err != nil {
		t.Fatal(err)
	}
	corregirHTTP(t, c, id, causa, cs)
}

// replay reads session id from the store.
func replay(t *testing.T, f *fixture, id string) *computo.Sesion {
	t.Helper()
	_, evs, err := f.st.EventosComputo(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	s, err := computo.Reconstruir(evs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// corregirHTTP posts the corrections cs of session id, each one an act.
func corregirHTTP(t *testing.T, c *cliente, id, causa string, cs []computotest.Correccion) {
	t.Helper()
	for _, k := range cs {
		v := url.Values{"casilla": {k.Casilla}, "causa": {causa}}
		for col, n := range k.Votos {
			v.Set("v_"+col, strconv.FormatInt(n, 10))
		}
		c.acto(id, "acuerdo/correccion", v)
	}
}

// asientos are the RP seats of an assignment by party, those with none left out.
func asientos(a computo.AsignacionRP) map[string]int {
	out := map[string]int{}
	for _, f := range a.Filas {
		if f.RP > 0 {
			out[f.Partido] = f.RP
		}
	}
	return out
}

func suma(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
