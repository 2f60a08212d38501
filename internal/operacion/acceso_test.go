package operacion

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/store"
)

// comunes are the routes every signed-in user may use, whatever his role.
var comunes = []string{"GET /{$}", "POST /logout", "GET /password", "POST /password"}

// permitidas lists, beyond comunes, the routes each role may use: written out by hand from
// the duties of each role, so that a change to the route table or to the grants that
// opens or closes a route shows here.
var permitidas = map[auth.Role][]string{
	auth.Administrador: {"GET /imagenes/{sha}", "GET /actas/{eleccion}/{acta}", "GET /cortes",
		"POST /cortes", "POST /configuracion", "GET /progreso", "GET /usuarios",
		"POST /usuarios", "POST /usuarios/{usuario}", "GET /catds", "POST /catds",
		"GET /auditoria", "GET /etiquetas", "GET /computos", "GET /computos/{id}",
		"GET /computos/{id}/documentos/{archivo}"},
	auth.Coordinador: {"GET /acopio", "POST /acopio", "GET /digitalizacion",
		"POST /digitalizacion", "GET /casilla", "POST /casilla", "GET /imagenes/{sha}",
		"GET /actas/{eleccion}/{acta}", "GET /progreso", "GET /etiquetas"},
	auth.Acopiador: {"GET /acopio", "POST /acopio"},
	auth.Digitalizador: {"GET /digitalizacion", "POST /digitalizacion", "GET /casilla",
		"POST /casilla", "GET /imagenes/{sha}"},
	auth.Capturista: {"GET /captura/siguiente", "GET /captura/{eleccion}/{acta}",
		"POST /captura/{eleccion}/{acta}", "GET /imagenes/{sha}"},
	auth.Verificador: {"GET /verificacion/siguiente", "GET /verificacion/{eleccion}/{acta}",
		"POST /verificacion/{eleccion}/{acta}", "GET /imagenes/{sha}"},
	auth.Auditor: {"GET /imagenes/{sha}", "GET /actas/{eleccion}/{acta}", "GET /cortes",
		"GET /progreso", "GET /usuarios", "GET /catds", "GET /auditoria", "GET /etiquetas",
		"GET /computos", "GET /computos/{id}", "GET /computos/{id}/documentos/{archivo}"},
	auth.Consulta: {"GET /progreso"},
	auth.Secretario: {"GET /computos", "GET /computos/{id}",
		"GET /computos/{id}/documentos/{archivo}", "POST /computos/{id}/registro/{acto}"},
	auth.Consejero: {"GET /computos", "POST /computos", "GET /computos/{id}",
		"GET /computos/{id}/documentos/{archivo}", "POST /computos/{id}/acuerdo/{acto}"},
}

func nombreRuta(rt route) string { return rt.method + " " + rt.pattern }

// rutaDe is a path that the route serves.
func rutaDe(rt route) string {
	return strings.NewReplacer("{$}", "", "{eleccion}", "GUB", "{acta}", actaB,
		"{sha}", strings.Repeat("0", 64), "{usuario}", "nadie", "{id}", "AYUN-011",
		"{acto}", "paquete", "{archivo}", "acta.pdf").Replace(rt.pattern)
}

// rutasConSesion returns the routes that need a session, POST /logout last since it ends
// the session.
func rutasConSesion(s *Server) []route {
	var out []route
	var logout route
	for _, rt := range s.routes() {
		switch {
		case rt.public:
		case nombreRuta(rt) == "POST /logout":
			logout = rt
		default:
			out = append(out, rt)
		}
	}
	if logout.h == nil {
		panic("no POST /logout in the route table")
	}
	return append(out, logout)
}

// TestRolesRutas walks every route of the table with a user of every role: a route the
// role may not use answers 403 and leaves an acceso_denegado entry in the trail; one it
// may use answers something else (its own refusal of an empty form, a page, a corte).
func TestRolesRutas(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rutas := rutasConSesion(f.ops)
	for _, role := range auth.Roles {
		if _, ok := permitidas[role]; !ok {
			t.Fatalf("role %s has no row in permitidas", role)
		}
	}
	var ms []miembro
	for _, role := range auth.Roles {
		ms = append(ms, deRol(t, role))
	}
	cs := f.equipo(ms...)
	for i, role := range auth.Roles {
		t.Run(string(role), func(t *testing.T) {
			c := cs[i]
			var denegadas []string
			for _, rt := range rutas {
				name := nombreRuta(rt)
				path := rutaDe(rt)
				allowed := slices.Contains(comunes, name) ||
					slices.Contains(permitidas[role], name)
				if got := permitted(role, rt.perm); got != allowed {
					t.Errorf("%s: route table lets %s use it: %v, want %v", name, role, got,
						allowed)
				}
				got := c.do(c.request(rt.method, path, strings.NewReader(""),
					"application/x-www-form-urlencoded"))
				switch {
				case !allowed && got.code != http.StatusForbidden:
					t.Errorf("%s %s: got %d, want 403", rt.method, path, got.code)
				case !allowed && !strings.Contains(got.r.Mensaje, "no permite esta operación"):
					t.Errorf("%s %s: message %q, want the role's refusal", rt.method, path,
						got.r.Mensaje)
				case allowed && (got.code == http.StatusForbidden ||
					got.code == http.StatusUnauthorized || got.code >= 500):
					t.Errorf("%s %s: got %d (%q), want the route to run", rt.method, path,
						got.code, got.r.Mensaje)
				}
				if !allowed {
					denegadas = append(denegadas, rt.method+" "+Prefix+path)
				}
			}
			var auditadas []string
			for _, e := range f.bitacora(store.AuditFilter{Actor: c.user,
				Action: "acceso_denegado"}) {
				if e.Outcome != "rechazo" || e.Role != string(role) {
					t.Errorf("acceso_denegado entry %d: outcome %q role %q, want rechazo %s",
						e.Seq, e.Outcome, e.Role, role)
				}
				auditadas = append(auditadas, e.Target)
			}
			if !slices.Equal(auditadas, denegadas) {
				t.Errorf("acceso_denegado targets:\n got %q\nwant %q", auditadas, denegadas)
			}
		})
	}
	if c, err := f.st.VerifyAudit(f.ctx); err != nil || !c.OK() {
		t.Errorf("audit chain after the walk: %v %v", err, c.Problems)
	}
}

// TestAuditorNoCambiaNada checks that every POST that needs a permission is refused to
// the auditor and to consulta, who only read; the two they may post, POST /password and
// POST /logout, concern their own session.
func TestAuditorNoCambiaNada(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cs := f.equipo(deRol(t, auth.Auditor), deRol(t, auth.Consulta))
	for i, role := range []auth.Role{auth.Auditor, auth.Consulta} {
		c := cs[i]
		n := 0
		for _, rt := range rutasConSesion(f.ops) {
			if rt.method != http.MethodPost {
				continue
			}
			if rt.perm == nil {
				if !rt.anyState {
					t.Errorf("%s needs no permission but is not a session route", nombreRuta(rt))
				}
				continue
			}
			n++
			got := c.post(rutaDe(rt), url.Values{})
			if got.code != http.StatusForbidden {
				t.Errorf("%s POST %s: got %d, want 403", role, rt.pattern, got.code)
			}
		}
		if n < 10 {
			t.Errorf("only %d POST routes with a permission: the route table lost some", n)
		}
	}
}

// TestSinSesion checks every route without a session: 401 for a program, the login page
// for a person's GET (with the page to come back to), 401 for a person's POST.
func TestSinSesion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonimo()
	for _, rt := range rutasConSesion(f.ops) {
		path := rutaDe(rt)
		got := c.do(c.request(rt.method, path, nil, ""))
		if got.code != http.StatusUnauthorized || !strings.Contains(got.r.Mensaje,
			"inicie sesión") {
			t.Errorf("JSON %s %s: got %d %q, want 401 asking to sign in", rt.method, path,
				got.code, got.r.Mensaje)
		}
		req := c.request(rt.method, path, nil, "")
		req.Header.Set("Accept", "text/html")
		got = c.do(req)
		switch rt.method {
		case http.MethodGet:
			want := Prefix + "/login?volver=" + url.QueryEscape(Prefix+path)
			if got.code != http.StatusSeeOther || got.h.Get("Location") != want {
				t.Errorf("HTML GET %s: got %d to %q, want 303 to %q", path, got.code,
					got.h.Get("Location"), want)
			}
		default:
			if got.code != http.StatusUnauthorized {
				t.Errorf("HTML POST %s: got %d, want 401", path, got.code)
			}
		}
	}
	if got := c.get("/login"); got.code != http.StatusOK {
		t.Errorf("GET /login without session: got %d, want 200", got.code)
	}
}

// TestCookieDesconocida checks that a session token the store does not know opens nothing
// and is cleared from the browser.
func TestCookieDesconocida(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonimo()
	req := c.request(http.MethodGet, "/progreso", nil, "")
	req.AddCookie(&http.Cookie{Name: cookieName, Value: "token-inventado"})
	got := c.do(req).want(t, http.StatusUnauthorized, "unknown token")
	var cleared bool
	for _, ck := range (&http.Response{Header: got.h}).Cookies() {
		cleared = cleared || ck.Name == cookieName && ck.MaxAge < 0
	}
	if !cleared {
		t.Errorf("unknown token: Set-Cookie %q, want the cookie cleared", got.h["Set-Cookie"])
	}
}

// TestPasswordTemporal checks that a user with a temporary password can do nothing but
// change it or leave, and that once changed the same session works.
func TestPasswordTemporal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.temporal("nuevo-admin", auth.Administrador)
	for _, rt := range rutasConSesion(f.ops) {
		if rt.anyState {
			continue
		}
		got := c.do(c.request(rt.method, rutaDe(rt), nil, ""))
		if got.code != http.StatusForbidden || got.r.Estado != "cambiar_password" {
			t.Errorf("%s: got %d estado %q, want 403 cambiar_password", nombreRuta(rt),
				got.code, got.r.Estado)
		}
	}
	req := c.request(http.MethodGet, "/progreso", nil, "")
	req.Header.Set("Accept", "text/html")
	if got := c.do(req); got.code != http.StatusSeeOther ||
		got.h.Get("Location") != Prefix+"/password" {
		t.Errorf("HTML page with a temporary password: got %d to %q, want 303 to the "+
			"password form", got.code, got.h.Get("Location"))
	}
	req = c.request(http.MethodGet, "/password", nil, "")
	req.Header.Set("Accept", "text/html")
	c.do(req).want(t, http.StatusOK, "password form with a temporary password")

	got := c.post("/password", url.Values{"actual": {claveTemporal},
		"nueva": {"otra-clave-1"}, "confirmacion": {"otra-clave-2"}})
	if got.code != http.StatusUnprocessableEntity || !strings.Contains(got.r.Mensaje,
		"no coinciden") {
		t.Errorf("mismatched confirmation: got %d %q, want 422 «no coinciden»", got.code,
			got.r.Mensaje)
	}
	c.post("/password", url.Values{"actual": {claveTemporal}, "nueva": {claveDefinitiva},
		"confirmacion": {claveDefinitiva}}).want(t, http.StatusOK, "change password")
	c.get("/progreso").want(t, http.StatusOK, "progress after changing the password")
	if e := f.ultima("password_cambio"); e.Actor != "nuevo-admin" || e.Outcome != "exito" ||
		!strings.Contains(e.After, `"debe_cambiar":false`) {
		t.Errorf("password change entry: %+v", e)
	}
	c.post("/logout", nil).want(t, http.StatusOK, "logout")
	c.get("/progreso").want(t, http.StatusUnauthorized, "progress after logout")
}

// TestPaginasHTML asks for every page a person can reach, with every role, as a browser
// does: each renders (no template error, which would be a 500), and so do the refusal
// pages and the login page after a failed login.
func TestPaginasHTML(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	html := func(c *cliente, method, path string, body string) respuestaHTTP {
		req := c.request(method, path, strings.NewReader(body),
			"application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html")
		return c.do(req)
	}
	var ms []miembro
	for _, role := range auth.Roles {
		ms = append(ms, deRol(t, role))
	}
	for i, c := range f.equipo(ms...) {
		for _, rt := range rutasConSesion(f.ops) {
			if rt.method != http.MethodGet {
				continue
			}
			got := html(c, rt.method, rutaDe(rt), "")
			if got.code >= 500 || !strings.HasPrefix(got.h.Get("Content-Type"), "text/html") &&
				got.code != http.StatusSeeOther {
				t.Errorf("%s GET %s: got %d %s", ms[i].role, rutaDe(rt), got.code,
					got.h.Get("Content-Type"))
			}
		}
	}
	anon := f.anonimo()
	got := html(anon, http.MethodPost, "/login", "usuario=admin&password=equivocada-123")
	if got.code != http.StatusUnauthorized || !strings.Contains(string(got.body),
		"Usuario o contraseña incorrectos") || !strings.Contains(string(got.body), `"admin"`) {
		t.Errorf("failed login in the form: got %d, want 401 with the message and the user "+
			"name typed kept", got.code)
	}
	if got := html(anon, http.MethodGet, "/no-existe", ""); got.code != http.StatusNotFound {
		t.Errorf("unknown page: got %d, want 404", got.code)
	}
}

// TestEleccionesEnOrden checks that the staff pages list the elections in publication order,
// Gubernatura, Diputaciones, Ayuntamientos, and offer the QR labels of each one.
func TestEleccionesEnOrden(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GUB", "DIP_LOC", "AYUN")
	admin := f.sesion(deRol(t, auth.Administrador).name)
	html := func(path string) string {
		req := admin.request(http.MethodGet, path, nil, "")
		req.Header.Set("Accept", "text/html")
		return string(admin.do(req).want(t, http.StatusOK, path).body)
	}
	orden := func(body string, keys ...string) bool {
		last := -1
		for _, k := range keys {
			i := strings.Index(body, k)
			if i <= last {
				return false
			}
			last = i
		}
		return true
	}
	if b := html("/progreso"); !orden(b, `<th scope="row">GUB</th>`,
		`<th scope="row">DIP_LOC</th>`, `<th scope="row">AYUN</th>`) {
		t.Errorf("progress page: elections not in order GUB, DIP_LOC, AYUN")
	}
	if b := html("/"); !orden(b, "etiquetas?eleccion=GUB", "etiquetas?eleccion=DIP_LOC",
		"etiquetas?eleccion=AYUN") {
		t.Errorf("home page: no QR labels link for each election, in order")
	}
}
