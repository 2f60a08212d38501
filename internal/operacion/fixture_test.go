package operacion

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// muestra is how many actas of each bundled final file the tests load as the catalog:
// the whole Gubernatura file takes about 0.35 s to load and its first 200 actas 7 ms, and
// no test needs more than a handful.
const muestra = 200

// Real actas among the first 200 of PUE_GUB_2024.csv — casillas básica and contiguas of
// distrito 002, lista nominal 743 and 742 — and one of PUE_DIP_LOC_2024.csv, whose id the
// Gubernatura file does not have.
const (
	actaB   = "210423B01002"
	actaC1  = "210423C01002"
	actaC2  = "210423C02002"
	actaDip = "210000A01003-001"
)

// The passwords of the test users: the temporary one given at creation, and the one each
// user sets.
const (
	claveTemporal   = "temporal-0123"
	claveDefinitiva = "definitiva-4567"
)

// leido is one bundled file, parsed once for the whole test binary.
type leido struct {
	once sync.Once
	f    *opendata.Archivo
	err  error
}

var leidos sync.Map // election code → *leido

// catalogo returns the first muestra actas of the bundled final file of an election,
// with its candidaturas, as LoadCatalog takes them. The actas are shared between tests
// and must not be changed.
func catalogo(codigo string) (*opendata.Archivo, error) {
	v, _ := leidos.LoadOrStore(codigo, &leido{})
	l := v.(*leido)
	l.once.Do(func() { l.f, l.err = leerBundled(codigo) })
	if l.err != nil {
		return nil, fmt.Errorf("read bundled %s: %w", codigo, l.err)
	}
	f := *l.f
	n := min(muestra, len(f.Actas))
	f.Actas, f.Lineas = f.Actas[:n:n], f.Lineas[:n:n]
	return &f, nil
}

func leerBundled(codigo string) (*opendata.Archivo, error) {
	for _, e := range demodata.Puebla2024 {
		if e.Codigo != codigo {
			continue
		}
		data, err := demodata.ReadFile(e.Final)
		if err != nil {
			return nil, err
		}
		f, err := opendata.Read(e.Final, data)
		if err != nil {
			return nil, err
		}
		cd, err := demodata.ReadFile(e.Candidaturas)
		if err != nil {
			return nil, err
		}
		return f, opendata.ReadCandidaturas(e.Candidaturas, cd, f)
	}
	return nil, fmt.Errorf("no bundled file for %s", codigo)
}

// miembro is a member of the staff: his user name and role.
type miembro struct {
	name string
	role auth.Role
}

// catdBase are the members of a small CATD.
func catdBase() []miembro {
	return []miembro{{"acopio", auth.Acopiador}, {"digital", auth.Digitalizador},
		{"cap1", auth.Capturista}, {"cap2", auth.Capturista}, {"cap3", auth.Capturista},
		{"verif", auth.Verificador}, {"admin", auth.Administrador}}
}

// staffBase is the staff every prepared data folder has, each member with his temporary
// password already changed to claveDefinitiva: the members of catdBase, and a user of
// each role they lack.
func staffBase() []miembro {
	return append(catdBase(), miembro{"coord", auth.Coordinador},
		miembro{"auditor", auth.Auditor}, miembro{"consulta", auth.Consulta},
		miembro{"secretaria", auth.Secretario}, miembro{"consejera", auth.Consejero})
}

// deRol returns the first member of staffBase with the role.
func deRol(t *testing.T, role auth.Role) miembro {
	t.Helper()
	for _, m := range staffBase() {
		if m.role == role {
			return m
		}
	}
	t.Fatalf("no member of staffBase is %s", role)
	return miembro{}
}

// base is a data folder prepared once per test binary, which each fixture copies. A user
// costs three bcrypt rounds of about 70 ms before he can work; paid in every test, they
// would be most of its time.
type base struct {
	once  sync.Once
	files map[string][]byte // by file name
	db    string            // on PostgreSQL, the template database the fixtures copy
	err   error
}

var bases sync.Map // the elections, joined by ",", → *base

// baseDe returns the files of the data folder prepared for the elections.
func baseDe(t *testing.T, elecciones []string) *base {
	t.Helper()
	b := baseFiles(elecciones)
	if b.err != nil {
		t.Fatalf("prepare data folder of %v: %v", elecciones, b.err)
	}
	return b
}

func baseFiles(elecciones []string) *base {
	v, _ := bases.LoadOrStore(strings.Join(elecciones, ","), &base{})
	b := v.(*base)
	b.once.Do(func() {
		if len(elecciones) > 1 {
			// The staff of the first election's folder, without paying for it again.
			from := baseFiles(elecciones[:1])
			if b.err = from.err; b.err != nil {
				return
			}
			b.files, b.db, b.err = prepararBase(from, elecciones[1:])
			return
		}
		b.files, b.db, b.err = prepararBase(nil, elecciones)
	})
	return b
}

// carpetaBase creates the data folder a base is prepared in, with the files of base from
// (when not nil), and on PostgreSQL its template database, a copy of from's.
func carpetaBase(from *base) (dir, db string, err error) {
	dir, err = os.MkdirTemp("", "sufragio-operacion-test-")
	if err != nil {
		return "", "", err
	}
	if from != nil {
		for name, data := range from.files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				os.RemoveAll(dir)
				return "", "", err
			}
		}
	}
	if storetest.Postgres() {
		var tpl string
		if from != nil {
			tpl = from.db
		}
		if db, err = storetest.Template(tpl); err != nil {
			os.RemoveAll(dir)
			return "", "", err
		}
	}
	return dir, db, nil
}

// TestMain drops the template databases of the bases after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := storetest.DropTemplates(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

// prepararBase prepares a store as «sufragio simulacro» does — simulacro mode, the catalog
// of each election, the staff of staffBase — and returns the files of its folder. Given
// the files of a folder already prepared, it only adds the catalogs of the elections.
func prepararBase(from *base, elecciones []string) (map[string][]byte, string, error) {
	dir, db, err := carpetaBase(from)
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := store.OpenConfig(ctx, store.Config{Dir: dir, DB: db}, nil)
	if err != nil {
		return nil, "", err
	}
	if from == nil {
		err = st.SetSettings(ctx, store.SystemActor, map[string]string{
			store.SettingModo: store.ModoSimulacro})
	}
	for _, e := range elecciones {
		if err != nil {
			break
		}
		var a *opendata.Archivo
		if a, err = catalogo(e); err == nil {
			_, err = st.LoadCatalog(ctx, store.SystemActor, store.ImportInput{Archivo: a,
				Fuente: a.Nombre})
		}
	}
	if err == nil && from == nil {
		err = crearEquipo(ctx, st, staffBase())
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

// readDir returns the regular files of a folder by name.
func readDir(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if files[e.Name()], err = os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

// crearEquipo creates the users side by side, each with his password changed.
func crearEquipo(ctx context.Context, st *store.Store, ms []miembro) error {
	errs := make([]error, len(ms))
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Go(func() {
			u, err := st.AddUser(ctx, store.SystemActor, store.NewUser{Username: m.name,
				Nombre: "Prueba " + m.name, Role: m.role, Password: claveTemporal})
			if err == nil {
				err = st.ChangePassword(ctx, u.Actor("127.0.0.1"), claveDefinitiva, "")
			}
			errs[i] = err
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// fixture is a staff application over a fresh simulacro store, served over HTTP.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	st     *store.Store
	dir    string // the data folder of the store
	cortes string // the cortes folder
	// computos is the public record of the cómputos, written by the staff application and
	// served by site (set by fixtureDe).
	computos string
	site     *httptest.Server
	ops      *Server
	srv      *httptest.Server
}

// newFixture serves the staff application over a copy of the data folder prepared for
// the elections (GUB when none is given).
func newFixture(t *testing.T, elecciones ...string) *fixture {
	t.Helper()
	if len(elecciones) == 0 {
		elecciones = []string{"GUB"}
	}
	ctx := context.Background()
	f := &fixture{t: t, ctx: ctx, dir: t.TempDir(), cortes: t.TempDir()}
	b := baseDe(t, elecciones)
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
	f.ops, err = New(st, publicacion.New(st, f.cortes, true, nil), nil,
		Options{Simulacro: true})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.ops.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// cliente is a browser or program of one member of the staff: its own cookies, no
// redirects followed, JSON asked unless said otherwise.
type cliente struct {
	f    *fixture
	user string
	hc   *http.Client
}

// anonimo is a client without a session.
func (f *fixture) anonimo() *cliente {
	jar, _ := cookiejar.New(nil)
	return &cliente{f: f, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}}
}

// equipo returns a signed-in client for each member, creating those the prepared folder
// lacks. Sessions are opened in the store, as a login does, to spare its bcrypt round;
// the login form is tested on its own (entrar).
func (f *fixture) equipo(ms ...miembro) []*cliente {
	f.t.Helper()
	var nuevos []miembro
	for _, m := range ms {
		if !slices.Contains(staffBase(), m) {
			nuevos = append(nuevos, m)
		}
	}
	if err := crearEquipo(f.ctx, f.st, nuevos); err != nil {
		f.t.Fatal(err)
	}
	out := make([]*cliente, len(ms))
	for i, m := range ms {
		out[i] = f.sesion(m.name)
	}
	return out
}

// sesion opens a session of the user in the store and hands its cookie to a client.
func (f *fixture) sesion(name string) *cliente {
	f.t.Helper()
	u, err := f.st.UserByName(f.ctx, name)
	if err != nil {
		f.t.Fatal(err)
	}
	token, hash := auth.NewToken()
	if err := f.st.OpenSession(f.ctx, u, hash, time.Now().Add(time.Hour),
		"127.0.0.1"); err != nil {
		f.t.Fatal(err)
	}
	c := f.anonimo()
	c.user = name
	site, _ := url.Parse(f.srv.URL + Prefix + "/")
	c.hc.Jar.SetCookies(site, []*http.Cookie{{Name: cookieName, Value: token,
		Path: Prefix + "/"}})
	return c
}

// entrar signs a user in through the login form.
func (f *fixture) entrar(name, password string) *cliente {
	f.t.Helper()
	c := f.anonimo()
	got := c.login(name, password)
	if got.code != http.StatusOK || got.r.Estado != "ok" {
		f.t.Fatalf("login %s: got %d %q %q, want 200 ok", name, got.code, got.r.Estado,
			got.r.Mensaje)
	}
	c.user = name
	return c
}

// temporal creates a user of the role and signs him in with his temporary password.
func (f *fixture) temporal(name string, role auth.Role) *cliente {
	f.t.Helper()
	_, err := f.st.AddUser(f.ctx, store.SystemActor, store.NewUser{Username: name,
		Nombre: "Prueba " + name, Role: role, Password: claveTemporal})
	if err != nil {
		f.t.Fatalf("add user %s: %v", name, err)
	}
	c := f.anonimo()
	got := c.login(name, claveTemporal)
	if got.code != http.StatusOK || got.r.Estado != "cambiar_password" {
		f.t.Fatalf("login %s: got %d %q, want 200 cambiar_password", name, got.code,
			got.r.Estado)
	}
	c.user = name
	return c
}

// respuestaHTTP is what the server answered.
type respuestaHTTP struct {
	code int
	h    http.Header
	body []byte
	r    respuesta // decoded when the answer is JSON
}

func (c *cliente) login(user, password string) respuestaHTTP {
	return c.post("/login", url.Values{"usuario": {user}, "password": {password}})
}

// request builds a request to a path of the staff application, asking for JSON.
func (c *cliente) request(method, path string, body io.Reader, ct string) *http.Request {
	c.f.t.Helper()
	req, err := http.NewRequestWithContext(c.f.ctx, method, c.f.srv.URL+Prefix+path, body)
	if err != nil {
		c.f.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	req.Header.Set("Accept", "application/json")
	return req
}

func (c *cliente) do(req *http.Request) respuestaHTTP {
	c.f.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.f.t.Fatalf("%s %s: read answer: %v", req.Method, req.URL.Path, err)
	}
	out := respuestaHTTP{code: resp.StatusCode, h: resp.Header, body: body}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(body, &out.r); err != nil {
			c.f.t.Fatalf("%s %s: answer not JSON: %v: %.200s", req.Method, req.URL.Path,
				err, body)
		}
	}
	return out
}

func (c *cliente) get(path string) respuestaHTTP {
	c.f.t.Helper()
	return c.do(c.request(http.MethodGet, path, nil, ""))
}

func (c *cliente) post(path string, v url.Values) respuestaHTTP {
	c.f.t.Helper()
	return c.do(c.request(http.MethodPost, path, strings.NewReader(v.Encode()),
		"application/x-www-form-urlencoded"))
}

// multipartBody is a form with the fields v and the file data as "imagen".
func multipartBody(v url.Values, data []byte) ([]byte, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, s := range vs {
			mw.WriteField(k, s)
		}
	}
	fw, _ := mw.CreateFormFile("imagen", "acta.png")
	fw.Write(data)
	mw.Close()
	return body.Bytes(), mw.FormDataContentType()
}

func (c *cliente) upload(path string, v url.Values, data []byte) respuestaHTTP {
	c.f.t.Helper()
	body, ct := multipartBody(v, data)
	return c.do(c.request(http.MethodPost, path, bytes.NewReader(body), ct))
}

// want fails the test unless the answer has the status.
func (r respuestaHTTP) want(t *testing.T, code int, what string) respuestaHTTP {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: got status %d (%q), want %d", what, r.code, r.r.Mensaje, code)
	}
	return r
}

// imagenPNG returns a small, whole PNG; each seed gives other bytes, so another SHA-256.
func imagenPNG(seed int) []byte {
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	img.Pix[0], img.Pix[1], img.Pix[2] = byte(seed), byte(seed>>8), byte(seed>>16)
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// acopiar registers the arrival of an acta of the Gubernatura at the CATD.
func (c *cliente) acopiar(clave string) respuesta {
	c.f.t.Helper()
	return c.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {clave},
		"mecanismo": {"F"}}).want(c.f.t, http.StatusOK, "acopio "+clave).r
}

// escanear uploads the scan of an acta of the Gubernatura at the CATD.
func (c *cliente) escanear(clave string, img []byte) respuesta {
	c.f.t.Helper()
	return c.upload("/digitalizacion", url.Values{"eleccion": {"GUB"}, "acta": {clave}},
		img).want(c.f.t, http.StatusOK, "digitalizacion "+clave).r
}

// digitalizada brings an acta of the Gubernatura to capture: acopio, then its scan.
func (f *fixture) digitalizada(acopiador, digitalizador *cliente, clave string,
	seed int) respuesta {
	f.t.Helper()
	acopiador.acopiar(clave)
	r := digitalizador.escanear(clave, imagenPNG(seed))
	if r.Estado != string("digitalizada") {
		f.t.Fatalf("scan of %s: got estado %q, want digitalizada", clave, r.Estado)
	}
	return r
}

// campos asks for the capture form of an acta, which assigns it to the capturista.
func (c *cliente) campos(clave string) []campoJSON {
	c.f.t.Helper()
	r := c.get("/captura/GUB/"+clave).want(c.f.t, http.StatusOK, "capture form "+clave)
	if len(r.r.Campos) == 0 {
		c.f.t.Fatalf("capture form of %s has no fields", clave)
	}
	return r.r.Campos
}

// formCaptura fills a capture form: value gives what is typed in each column.
func formCaptura(cs []campoJSON, value func(columna string) string) url.Values {
	v := url.Values{}
	for _, c := range cs {
		v.Set(c.Columna, value(c.Columna))
	}
	return v
}

// diez types 10 in every field.
func diez(string) string { return "10" }

func (c *cliente) capturar(clave string, v url.Values) respuestaHTTP {
	c.f.t.Helper()
	return c.post("/captura/GUB/"+clave, v)
}

// bitacora returns the entries of the audit trail that match the filter.
func (f *fixture) bitacora(flt store.AuditFilter) []audit.Entry {
	f.t.Helper()
	var out []audit.Entry
	if err := f.st.Audit(f.ctx, flt, func(e audit.Entry) error {
		out = append(out, e)
		return nil
	}); err != nil {
		f.t.Fatal(err)
	}
	return out
}

// ultima returns the last entry of the trail for the action, failing if there is none.
func (f *fixture) ultima(action string) audit.Entry {
	f.t.Helper()
	es := f.bitacora(store.AuditFilter{Action: action})
	if len(es) == 0 {
		f.t.Fatalf("no %s entry in the audit trail", action)
	}
	return es[len(es)-1]
}

// acta returns an acta as the next corte would publish it (st.Actas).
func (f *fixture) acta(eleccion, id string) *acta.Acta {
	f.t.Helper()
	as, err := f.st.Actas(f.ctx, eleccion)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, a := range as {
		if a.ID == id {
			return a
		}
	}
	f.t.Fatalf("acta %s/%s not in st.Actas", eleccion, id)
	return nil
}

// operacion returns the stage of an acta in the line.
func (f *fixture) operacion(eleccion, id string) *store.ActaOperacion {
	f.t.Helper()
	o, err := f.st.ActaDeOperacion(f.ctx, eleccion, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

// imagenes lists the SHA-256 of the images the store keeps.
func (f *fixture) imagenes() []string {
	f.t.Helper()
	out, err := f.st.Imagenes(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}
