package operacion

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/computotest"
	"github.com/sufragio/sufragio/internal/computopub"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
	"github.com/sufragio/sufragio/internal/web"
)

// integrante is a member of a council's staff: his user name, role and council.
type integrante struct {
	name    string
	role    auth.Role
	consejo string
}

// consejoAlbino is the staff of the cómputos in the tests: the secretaria and a consejera
// of the consejo municipal of Albino Zertuche (M-011), a secretario of another council, and
// a consejero of the Consejo General.
var consejoAlbino = []integrante{{"sec011", auth.Secretario, "M-011"},
	{"cons011", auth.Consejero, "M-011"}, {"sec009", auth.Secretario, "M-009"},
	{"consgral", auth.Consejero, ""}}

// importadoAyun is a data folder with the bundled final PREP of Ayuntamientos imported and
// the staff of consejoAlbino, prepared once per test binary.
var importadoAyun base

// newFixtureComputo serves the staff application over a copy of importadoAyun.
func newFixtureComputo(t *testing.T) *fixture {
	t.Helper()
	importadoAyun.once.Do(func() {
		a, err := leerBundled("AYUN")
		if err != nil {
			importadoAyun.err = err
			return
		}
		data, err := demodata.ReadFile(a.Nombre)
		if err != nil {
			importadoAyun.err = err
			return
		}
		importadoAyun.files, importadoAyun.db, importadoAyun.err = prepararImportado(a, data,
			consejoAlbino)
	})
	return fixtureDe(t, &importadoAyun)
}

// fixtureDe serves the staff application over a copy of a prepared data folder.
func fixtureDe(t *testing.T, b *base) *fixture {
	t.Helper()
	if b.err != nil {
		t.Fatalf("prepare data folder: %v", b.err)
	}
	ctx := context.Background()
	f := &fixture{t: t, ctx: ctx, dir: t.TempDir(), cortes: t.TempDir()}
	for name, data := range b.files {
		if err := os.WriteFile(filepath.Join(f.dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.OpenConfig(ctx,
		store.Config{Dir: f.dir, DB: storetest.DBFrom(t, f.dir, b.db)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	f.computos = t.TempDir()
	pub, err := computopub.Nuevo(f.computos)
	if err != nil {
		t.Fatal(err)
	}
	f.ops, err = New(st, publicacion.New(st, f.cortes, false, nil), nil,
		Options{Computos: pub})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.ops.Handler())
	t.Cleanup(f.srv.Close)
	site, err := web.New(f.cortes, nil, web.ConComputos(f.computos))
	if err != nil {
		t.Fatal(err)
	}
	f.site = httptest.NewServer(site.Handler())
	t.Cleanup(f.site.Close)
	return f
}

// publico reads a page or file of the public site, which serves the cómputos from the
// folder the staff application published them to, and requires status 200.
func (f *fixture) publico(ruta string) []byte {
	f.t.Helper()
	res, err := http.Get(f.site.URL + ruta)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		f.t.Fatalf("GET %s on the public site: %d, want 200: %.300s", ruta, res.StatusCode,
			body)
	}
	return body
}

// registroPublico reads the public record of cómputo id from the public site.
func (f *fixture) registroPublico(id string) *computopub.Computo {
	f.t.Helper()
	var c computopub.Computo
	if err := json.Unmarshal(f.publico("/computos/"+id+"/computo.json"), &c); err != nil {
		f.t.Fatalf("%s/computo.json: %v", id, err)
	}
	return &c
}

// prepararImportado imports a PREP file (a, read from data), as «sufragio import» does,
// creates the staff and returns the files of the folder.
func prepararImportado(a *opendata.Archivo, data []byte,
	staff []integrante) (map[string][]byte, string, error) {
	dir, db, err := carpetaBase(nil)
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := store.OpenConfig(ctx, store.Config{Dir: dir, DB: db}, nil)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	_, err = st.Import(ctx, store.SystemActor, store.ImportInput{Archivo: a, Fuente: a.Nombre,
		SHA256: hex.EncodeToString(sum[:])})
	for _, m := range staff {
		if err != nil {
			break
		}
		var u *store.User
		u, err = st.AddUser(ctx, store.SystemActor, store.NewUser{Username: m.name,
			Nombre: "Prueba " + m.name, Role: m.role, Consejo: m.consejo,
			Password: claveTemporal})
		if err == nil {
			err = st.ChangePassword(ctx, u.Actor("127.0.0.1"), claveDefinitiva, "")
		}
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, "", err
	}
	files, err := readDir(dir)
	return files, db, err
}

// estadoComputo is the session page as a program reads it.
type estadoComputo struct {
	ID          string
	Fase        string
	Eventos     int
	Columnas    []string
	Siguiente   string
	PorRecontar []string `json:"por_recontar"`
	Reservados  []struct {
		Casilla    string
		Pendientes int64
	}
	Resultado   *computo.ResultadoComputo
	Constancias []computo.Constancia
}

func (c *cliente) computo(id string) estadoComputo {
	c.f.t.Helper()
	got := c.get("/computos/"+id).want(c.f.t, http.StatusOK, "GET computo "+id)
	var e estadoComputo
	b, _ := json.Marshal(got.r.Datos)
	if err := json.Unmarshal(b, &e); err != nil {
		c.f.t.Fatalf("computo %s: %v", id, err)
	}
	return e
}

// acto posts an act and requires it recorded.
func (c *cliente) acto(id, ruta string, v url.Values) {
	c.f.t.Helper()
	c.post("/computos/"+id+"/"+ruta, v).want(c.f.t, http.StatusOK, c.user+" "+ruta)
}

// TestComputoConsejoMunicipal holds the cómputo of the Ayuntamiento of Albino Zertuche
// (municipio 011, two casillas) through the staff application: the PREP could not count
// the acta of its casilla básica (every figure illegible or blank), so the council
// recounts it; the contigua is confirmed from the PREP. It checks the roles and councils,
// the sum against the PREP and the recount, the constancia and its PDF, the audit trail,
// an act over a stale state from a second instance, and a correction that changes the
// winner and makes the constancia follow.
func TestComputoConsejoMunicipal(t *testing.T) {
	f := newFixtureComputo(t)
	const id = "AYUN-011"
	sec, cons := f.sesion("sec011"), f.sesion("cons011")
	otro, gral := f.sesion("sec009"), f.sesion("consgral")

	// Only a consejero opens, and only on his council (or the Consejo General).
	sec.post("/computos", url.Values{"computo": {id}}).want(t, http.StatusForbidden,
		"secretario opens")
	cons.post("/computos", url.Values{"computo": {"AYUN-009"}}).want(t, http.StatusForbidden,
		"consejero of 011 opens 009")
	cons.post("/computos", url.Values{"computo": {"AYUN-999"}}).want(t, http.StatusNotFound,
		"unknown cómputo")
	cons.post("/computos", url.Values{"computo": {id}}).want(t, http.StatusOK, "open")
	cons.post("/computos", url.Values{"computo": {id}}).want(t, http.StatusConflict,
		"open twice")

	// The secretario records, the consejero decides, each on his council only.
	otro.post("/computos/"+id+"/registro/paquetes-prep", nil).want(t, http.StatusForbidden,
		"secretario of another council")
	cons.post("/computos/"+id+"/registro/paquetes-prep", nil).want(t, http.StatusForbidden,
		"consejero records")
	if e := f.ultima(audit.ComputoActo); e.Outcome != audit.Rechazo {
		t.Errorf("refused act not audited: %+v", e)
	}
	sec.acto(id, "registro/paquetes-prep", nil)
	e := sec.computo(id)
	if e.Fase != computo.FaseCotejo.String() || e.Eventos != 3 {
		t.Fatalf("after the packages: %+v, want the cotejo after 3 events", e)
	}

	// The PREP's records of the two casillas.
	actas, err := f.st.Actas(f.ctx, "AYUN")
	if err != nil {
		t.Fatal(err)
	}
	var basica, contigua *acta.Acta
	for _, a := range actas {
		if a.UnidadID == "011" {
			if a.TipoCasilla == "B" {
				basica = a
			} else {
				contigua = a
			}
		}
	}
	if basica == nil || contigua == nil {
		t.Fatal("the bundled file lacks the casillas of Albino Zertuche")
	}
	if e.Siguiente != basica.ID {
		t.Fatalf("first cotejo: %s, want the básica %s", e.Siguiente, basica.ID)
	}
	sec.acto(id, "registro/cotejo", url.Values{"casilla": {basica.ID}, "cifras": {"prep"},
		"coinciden": {"1"}})
	e = sec.computo(id)
	sec.acto(id, "registro/cotejo", url.Values{"casilla": {e.Siguiente}, "cifras": {"prep"},
		"coinciden": {"1"}})
	e = sec.computo(id)
	if e.Fase != computo.FaseRecuento.String() || len(e.PorRecontar) == 0 || e.PorRecontar[0] != basica.ID {
		t.Fatalf("after the cotejo: %+v, want the básica %s to recount", e, basica.ID)
	}
	cons.acto(id, "acuerdo/plan", url.Values{"grupos": {"5"}, "minutos": {"1800"}})

	// The recount of the básica: 100 votes for the first column, 40 for the second, 3
	// nulos, the rest 0, and 2 votos reservados that the council counts as nulos. Any other
	// casilla sent to recount finds the PREP's figures.
	es, err := f.st.Elecciones(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	figuras := map[string]map[string]int64{}
	var total int64
	for _, cid := range e.PorRecontar {
		figuras[cid] = map[string]int64{}
		rec := url.Values{"casilla": {cid}}
		for i, col := range e.Columnas {
			var n int64
			switch {
			case cid != basica.ID:
				n = contigua.Votos[es[0].Columna(col)].Votes()
			case i == 0:
				n = 100
			case i == 1:
				n = 40
			case col == computo.ColumnaNulos:
				n = 3
			}
			figuras[cid][col] = n
			total += n
			rec.Set("v_"+col, strconv.FormatInt(n, 10))
		}
		if cid == basica.ID {
			rec.Set("reservados", "2")
			total += 2
		}
		sec.acto(id, "registro/recuento", rec)
	}
	cons.acto(id, "acuerdo/reservados", url.Values{"casilla": {basica.ID},
		"columna": {computo.ColumnaNulos}, "votos": {"2"},
		"motivo": {"marcas fuera de un recuadro sin intención clara"}})
	cons.acto(id, "acuerdo/recuento-total", url.Values{})
	e = cons.computo(id)
	if e.Fase != computo.FaseSuma.String() {
		t.Fatalf("after the recounts: %q, want the sum", e.Fase)
	}
	cons.acto(id, "acuerdo/computar", url.Values{})
	e = cons.computo(id)
	if len(e.PorRecontar) == 1 {
		for _, v := range contigua.Votos {
			total += v.Votes()
		}
	}
	if e.Resultado == nil || e.Resultado.Total != total {
		t.Fatalf("result: %+v, want a total of %d (the recounts and the PREP)", e.Resultado,
			total)
	}
	for _, bad := range []struct{ acuerdo, want string }{
		{strings.Repeat("x", 2001), "El campo «acuerdo» pasa de 2000 caracteres"},
		{"CM-011\x00", "El campo «acuerdo» tiene caracteres no válidos"},
		{"CM-011\u202e", "El campo «acuerdo» tiene caracteres no válidos"}} {
		r := cons.post("/computos/"+id+"/acuerdo/validez", url.Values{"acuerdo": {bad.acuerdo}})
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.r.Mensaje, bad.want) {
			t.Errorf("acuerdo %.20q: %d %q, want 422 and %q", bad.acuerdo, r.code, r.r.Mensaje,
				bad.want)
		}
	}
	cons.acto(id, "acuerdo/validez", url.Values{"acuerdo": {"CM-011/AC-01/2024"}})
	cons.acto(id, "acuerdo/constancia", url.Values{})
	e = cons.computo(id)
	if len(e.Constancias) != 1 || e.Constancias[0].Revocada {
		t.Fatalf("constancias: %+v, want one in force", e.Constancias)
	}
	ganador := e.Constancias[0].Candidatura
	pdf := gral.get("/computos/"+id+"/documentos/constancia-"+e.Constancias[0].Folio+
		".pdf").want(t, http.StatusOK, "constancia PDF")
	if pdf.h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.body,
		[]byte("%PDF-")) {
		t.Fatalf("constancia: %s, %.10q", pdf.h.Get("Content-Type"), pdf.body)
	}
	gral.get("/computos/"+id+"/documentos/constancia-X.pdf").want(t, http.StatusNotFound,
		"unknown constancia")
	gral.get("/computos/"+id+"/documentos/acta.pdf").want(t, http.StatusOK, "acta PDF")

	// The public site shows what the council concluded, from the published folder.
	pub := f.registroPublico(id)
	if pub.Resumen.Total != total || pub.Resumen.ConstanciaVigente != e.Constancias[0].Folio ||
		!pub.Concluido || len(pub.Recuentos) == 0 || pub.Recuentos[0].Casilla != basica.ID ||
		pub.Recuentos[0].Reservados != 2 {
		t.Fatalf("public record: total %d, constancia %q, concluded %v, recuentos %+v; want "+
			"%d, %s, concluded, the básica with 2 reservados", pub.Resumen.Total,
			pub.Resumen.ConstanciaVigente, pub.Concluido, pub.Recuentos, total,
			e.Constancias[0].Folio)
	}
	if page := string(f.publico("/computos/" + id)); !strings.Contains(page,
		e.Constancias[0].Propietaria) || !strings.Contains(page, miles(total)) {
		t.Errorf("public page of %s lacks the winner %q or the total %s", id,
			e.Constancias[0].Propietaria, miles(total))
	}

	// A second instance of sufragio over the same database records an act; the first,
	// whose session in memory is now behind, replays the stored log before acting, so that
	// no act is lost or applied over a state it did not see.
	pub2, err := computopub.Nuevo(f.computos)
	if err != nil {
		t.Fatal(err)
	}
	ops2, err := New(f.st, publicacion.New(f.st, f.cortes, false, nil), nil,
		Options{Computos: pub2})
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(ops2.Handler())
	defer srv2.Close()
	cons2 := *cons
	f2 := *f
	f2.srv = srv2
	cons2.f = &f2
	// The correction (a ruling, say) gives the runner-up's party in the básica enough
	// votes to win: the constancia is revoked and a new one issued to the new winner.
	g := e.Resultado.Ganador
	partido, _, _ := strings.Cut(g.Segundo, "-")
	corr := url.Values{"casilla": {basica.ID}, "causa": {"resolución del tribunal electoral"}}
	corr.Set("v_"+partido, strconv.FormatInt(figuras[basica.ID][partido]+g.Diferencia+10, 10))
	cons2.acto(id, "acuerdo/correccion", corr)
	antes := e.Eventos
	e = cons.computo(id)
	if e.Eventos != antes+1 {
		t.Fatalf("first instance: %d events, want %d (the second's correction)", e.Eventos,
			antes+1)
	}
	if w, ok := e.Resultado.Unico(); !ok || w != g.Segundo {
		t.Fatalf("after the correction the winner is %q, want %s", w, g.Segundo)
	}
	if len(e.Constancias) != 2 || !e.Constancias[0].Revocada ||
		e.Constancias[0].SustituidaPor != e.Constancias[1].Folio ||
		e.Constancias[1].Candidatura != g.Segundo || e.Constancias[1].Revocada {
		t.Fatalf("constancias after the correction: %+v", e.Constancias)
	}
	if ganador == g.Segundo {
		t.Fatal("the test made no change of winner")
	}
	// The second instance published the correction; the public record follows it.
	pub = f.registroPublico(id)
	if len(pub.Constancias) != 2 || !pub.Constancias[0].Revocada ||
		pub.Resumen.ConstanciaVigente != e.Constancias[1].Folio ||
		pub.Resumen.Ganador == nil || pub.Resumen.Ganador.Candidatura != g.Segundo ||
		len(pub.Correcciones) != 1 || pub.Correcciones[0].Revoca != e.Constancias[0].Folio {
		t.Fatalf("public record after the correction: constancias %+v, resumen %+v, "+
			"correcciones %+v; want %s in force for %s", pub.Constancias, pub.Resumen,
			pub.Correcciones, e.Constancias[1].Folio, g.Segundo)
	}
	f.publico("/computos/" + id + "/" + pub.Constancias[1].Archivo)

	// The council assigns its RP regidurías over the concluded cómputo; the winning
	// planilla takes none.
	const rid = "AYUN_RP-011"
	cons.post("/computos", url.Values{"computo": {rid}}).want(t,
		http.StatusUnprocessableEntity, "regidurías without their number")
	for _, n := range []string{"0", "31", "dos", "-1"} {
		r := cons.post("/computos", url.Values{"computo": {rid}, "regidurias": {n}})
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.r.Mensaje,
			"egidurías de representación proporcional") {
			t.Errorf("regidurías %q: %d %q, want 422 and the reason", n, r.code, r.r.Mensaje)
		}
	}
	cons.post("/computos", url.Values{"computo": {rid}, "regidurias": {"2"}}).want(t,
		http.StatusOK, "open the regidurías")
	cons.acto(rid, "acuerdo/asignar", url.Values{"acuerdo": {"CM-011/AC-02/2024"}})
	reg := cons.asignacion(rid)
	if len(reg.Asignaciones) != 1 || suma(asientos(reg.Asignaciones[0].Resultado)) != 2 {
		t.Fatalf("regidurías: %+v, want 2 assigned", reg.Asignaciones)
	}
	vig := e.Constancias[1]
	for p, n := range asientos(reg.Asignaciones[0].Resultado) {
		if slices.Contains(vig.Partidos, p) {
			t.Errorf("%s, of the winning planilla %v, takes %d regidurías", p, vig.Partidos, n)
		}
	}
	if x := f.registroPublico(rid); len(x.Asignaciones) != 1 || !x.Asignaciones[0].Vigente {
		t.Errorf("public record of %s: %+v", rid, x.Asignaciones)
	}

	// A lost public folder is written again, whole, when the server starts.
	if err := os.RemoveAll(f.computos); err != nil {
		t.Fatal(err)
	}
	pub3, err := computopub.Nuevo(f.computos)
	if err != nil {
		t.Fatal(err)
	}
	ops3, err := New(f.st, publicacion.New(f.st, f.cortes, false, nil), nil,
		Options{Computos: pub3})
	if err != nil {
		t.Fatal(err)
	}
	if err := ops3.PublicarComputos(f.ctx); err != nil {
		t.Fatal(err)
	}
	if again := f.registroPublico(id); !reflect.DeepEqual(again.Resumen, pub.Resumen) ||
		len(again.Constancias) != 2 {
		t.Errorf("republished record: %+v, want %+v", again.Resumen, pub.Resumen)
	}
	n := 0
	err = f.st.Audit(f.ctx, store.AuditFilter{}, func(a audit.Entry) error {
		if a.Action == audit.ComputoActo && a.Outcome == audit.Exito {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != e.Eventos+reg.Eventos {
		t.Errorf("audit: %d acts, want %d (every event of both sessions, the aperturas "+
			"included)", n, e.Eventos+reg.Eventos)
	}
}

// muestraGUB is a data folder with the real Gubernatura actas of distrito 001
// (testdata/muestra) imported, and its council's staff and a consejero of the Consejo
// General.
var muestraGUB base

// TestComputoEstatal holds the district cómputo of Gubernatura of distrito 001 through the
// staff application, then the Consejo General's state cómputo over its acta: validity and
// constancia. A correction in the district that changes its winner reaches the state
// cómputo as a new version of the district acta, which revokes the constancia and issues
// another to the new winner.
func TestComputoEstatal(t *testing.T) {
	muestraGUB.once.Do(func() {
		const name = "PUE_GUB_2024_muestra_DL001.csv"
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "muestra", name))
		if err != nil {
			muestraGUB.err = err
			return
		}
		a, err := opendata.Read(name, data)
		if err == nil {
			var cd []byte
			if cd, err = demodata.ReadFile("PUE_GUB_Candidaturas_2024.csv"); err == nil {
				err = opendata.ReadCandidaturas("PUE_GUB_Candidaturas_2024.csv", cd, a)
			}
		}
		if err != nil {
			muestraGUB.err = err
			return
		}
		muestraGUB.files, muestraGUB.db, muestraGUB.err = prepararImportado(a, data, []integrante{
			{"sec001", auth.Secretario, "D-001"}, {"cons001", auth.Consejero, "D-001"},
			{"consgral", auth.Consejero, ""}, {"secgral", auth.Secretario, ""}})
	})
	f := fixtureDe(t, &muestraGUB)
	sec, cons, gral := f.sesion("sec001"), f.sesion("cons001"), f.sesion("consgral")
	const id, estatal = "GUB-001", "GUB-ESTATAL"
	cons.post("/computos", url.Values{"computo": {estatal}}).want(t, http.StatusForbidden,
		"a district consejero opens the state cómputo")
	cons.post("/computos", url.Values{"computo": {id}}).want(t, http.StatusOK, "open")
	gral.post("/computos", url.Values{"computo": {estatal}}).want(t, http.StatusOK,
		"open the state cómputo")
	gral.post("/computos", url.Values{"computo": {"GUB-VMRE"}}).want(t, http.StatusOK,
		"open the cómputo of the votes from abroad")
	actas, err := f.st.Actas(f.ctx, "GUB")
	if err != nil {
		t.Fatal(err)
	}
	es, err := f.st.Elecciones(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	porID := map[string]*acta.Acta{}
	for _, a := range actas {
		porID[a.ID] = a
	}
	e := conducir(t, sec, cons, id, porID, es[0])
	if len(e.PorRecontar) < 100 {
		t.Fatalf("%d casillas recounted, want the 120 the PREP did not count at least",
			len(e.PorRecontar))
	}
	vmre := conducir(t, f.sesion("secgral"), gral, "GUB-VMRE", porID, es[0])
	cons.post("/computos/"+id+"/acuerdo/validez", url.Values{"acuerdo": {"x"}}).want(t,
		http.StatusConflict, "a district council declaring the Gubernatura")

	gral.acto(estatal, "acuerdo/recibir", nil)
	gral.acto(estatal, "acuerdo/computar", nil)
	gral.acto(estatal, "acuerdo/validez", url.Values{"acuerdo": {"CG/AC-001/2024"}})
	gral.acto(estatal, "acuerdo/constancia", nil)
	s := gral.computo(estatal)
	if want := e.Resultado.Total + vmre.Resultado.Total; s.Resultado == nil ||
		s.Resultado.Total != want || len(s.Constancias) != 1 {
		t.Fatalf("state: %+v, want the total %d of distrito 001 and the votes from abroad, "+
			"and one constancia", s, want)
	}
	primero := s.Constancias[0].Candidatura
	gral.post("/computos/"+estatal+"/acuerdo/recibir", nil).want(t, http.StatusConflict,
		"nothing new to receive")

	// The correction in the district: votes move from the state winner to the state
	// runner-up, casilla by casilla, enough to change the state's majority.
	g := s.Resultado.Ganador
	ses := replay(t, f, id)
	cs, err := computotest.Mover(ses, g.Candidaturas[0], g.Segundo, g.Diferencia/2+1)
	if err != nil {
		t.Fatal(err)
	}
	corregirHTTP(t, cons, id, "resolución del tribunal", cs)
	gral.acto(estatal, "acuerdo/recibir", nil)
	s = gral.computo(estatal)
	if w, ok := s.Resultado.Unico(); !ok || w == primero {
		t.Fatalf("state winner after the district correction: %q, want a change from %s",
			w, primero)
	}
	if len(s.Constancias) != 2 || !s.Constancias[0].Revocada || s.Constancias[1].Revocada {
		t.Fatalf("state constancias after the correction: %+v", s.Constancias)
	}
}

// conducir holds a district cómputo of Gubernatura through the staff application up to its
// results, and returns its state with the casillas it recounted as PorRecontar. Every acta
// is compared: confirmed from the PREP when it captured it, or found without an acta; every
// casilla sent to recount is recounted with the PREP's figures when it counted the acta, or
// 10 votes for MORENA otherwise.
func conducir(t *testing.T, sec, cons *cliente, id string, porID map[string]*acta.Acta,
	eleccion *catalog.Eleccion) estadoComputo {
	t.Helper()
	sec.acto(id, "registro/paquetes-prep", nil)
	for {
		e := sec.computo(id)
		if e.Siguiente == "" {
			break
		}
		v := url.Values{"casilla": {e.Siguiente}, "coinciden": {"1"}}
		a := porID[e.Siguiente]
		if a.Efectiva(acta.DefaultConfig).Flags&acta.SinActaFlags == 0 {
			v.Set("cifras", "prep")
		}
		sec.acto(id, "registro/cotejo", v)
	}
	cons.acto(id, "acuerdo/plan", url.Values{"grupos": {"5"}, "minutos": {"1800"}})
	e := sec.computo(id)
	for i, cid := range e.PorRecontar {
		a := porID[cid]
		contada := a.Efectiva(acta.DefaultConfig).Estado == acta.Contabilizada
		v := url.Values{"casilla": {cid}}
		if len(e.PorRecontar) > 20 {
			v.Set("grupo", strconv.Itoa(i%5+1))
		}
		for _, col := range e.Columnas {
			n := int64(0)
			switch {
			case contada:
				n = a.Votos[eleccion.Columna(col)].Votes()
			case col == "MORENA":
				n = 10
			}
			v.Set("v_"+col, strconv.FormatInt(n, 10))
		}
		sec.acto(id, "registro/recuento", v)
	}
	recontadas := e.PorRecontar
	cons.acto(id, "acuerdo/recuento-total", url.Values{})
	cons.acto(id, "acuerdo/computar", url.Values{})
	e = cons.computo(id)
	if e.Resultado == nil || e.Fase != computo.FaseResultados.String() {
		t.Fatalf("%s: %+v, want results", id, e)
	}
	e.PorRecontar = recontadas
	return e
}
