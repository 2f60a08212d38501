package operacion_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/browsertest"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/operacion"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
	"github.com/sufragio/sufragio/internal/web"
)

// TestBrowserNoche works one acta of the Gubernatura through the PREP night in Chromium,
// as the staff do it at a CATD: the administrador's first login and the staff he creates;
// the acopio of the acta by its key and of a second one by its QR payload; the scanned
// image; two blind captures by two capturistas at two browsers at once, the second with a
// transposed figure; the verificador settling it; a corte published; and the acta on the
// public site with the verified figures and the image's SHA-256. Along the way it checks
// the progress, users, CATD, acta and audit pages, a refusal, and PREP Casilla on a phone,
// and saves a screenshot of every kind of staff page at the desktop and phone sizes (see
// browsertest.Page.Screenshot for where).
func TestBrowserNoche(t *testing.T) {
	b := browsertest.New(t) // first: without Chromium the test is skipped at once
	n := prepararNoche(t)
	// The two tabs of one browser share its cookies: the phone shows the page of whoever
	// signed in at the desk, as the same person's second screen.
	w := &puesto{t: t, n: n, pc: b.Page(t, browsertest.Desktop.W, browsertest.Desktop.H),
		pm: b.Page(t, browsertest.Phone.W, browsertest.Phone.H)}

	w.inicioAdministrador()
	temporales := w.altaPersonal()
	w.salir()

	w.primerIngreso("coordinador", temporales["coordinador"], "Acopio")
	w.acopio()
	w.salir()

	w.primerIngreso("digitalizador", temporales["digitalizador"], "Digitalización")
	sha := w.digitalizacion()
	w.salir()

	// The second capturista works at another browser, with its own cookies, at the same
	// time as the first.
	otro := browsertest.New(t)
	w2 := &puesto{t: t, n: n, pc: otro.Page(t, browsertest.Desktop.W, browsertest.Desktop.H)}
	w.primerIngreso("capturista1", temporales["capturista1"], "Captura")
	w2.primerIngreso("capturista2", temporales["capturista2"], "Captura")
	cols := w.abrirCaptura(1, sha)
	w2.abrirCaptura(2, sha)
	correctos := valores(cols)
	tecleados := conCambio(correctos, "PAN", "132") // 123 typed as 132
	w.capturar(correctos)
	w2.capturar(tecleados)
	w.rechazoCapturista()
	w.salir()
	w2.salir()

	w.primerIngreso("verificador", temporales["verificador"], "Verificación")
	w.verificar(correctos, tecleados)
	w.salir()

	if u := w.entrar("admin", w.claves["admin"]); !strings.HasSuffix(u, "/operacion/") {
		t.Fatalf("the administrador's login with his own password led to %s", u)
	}
	w.publicarCorte()
	n.recargar(t)
	w.progreso()
	w.usuarios()
	w.catds()
	w.actaOperacion(sha)
	w.auditoria()
	w.salir()

	w.actaPublica(correctos, sha)
	w.casillaEnTelefono()

	for _, p := range []*browsertest.Page{w.pc, w.pm, w2.pc} {
		if errs := sinRechazoEsperado(p.ConsoleErrors()); len(errs) > 0 {
			t.Errorf("the browser reported errors: %q", errs)
		}
	}
}

// noche is a PREP night ready for the browser: a store in simulacro mode with the
// Gubernatura's catalog and one administrador with a temporary password, and the staff
// application and the results site on one test server.
type noche struct {
	st        *store.Store
	site      *web.Server
	url       string
	adminTemp string
	total     int           // actas in the catalog
	actas     [2]*acta.Acta // a básica casilla's acta followed through, and the next one
}

// prepararNoche prepares the night as `sufragio simulacro` does, with one user.
func prepararNoche(t *testing.T) *noche {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.OpenConfig(ctx, store.Config{Dir: dir, DB: storetest.DB(t, dir)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	actor := store.Actor{Username: "cli:prueba", Role: string(auth.Administrador)}
	err = st.SetSettings(ctx, actor, map[string]string{store.SettingModo: store.ModoSimulacro})
	if err != nil {
		t.Fatal(err)
	}
	f := archivoGUB(t)
	if _, err := st.LoadCatalog(ctx, actor, store.ImportInput{Archivo: f,
		Fuente: f.Nombre}); err != nil {
		t.Fatal(err)
	}
	n := &noche{st: st, adminTemp: auth.GeneratePassword()}
	if _, err := st.AddUser(ctx, actor, store.NewUser{Username: "admin",
		Nombre: "Ana Administradora", Role: auth.Administrador,
		Password: n.adminTemp}); err != nil {
		t.Fatal(err)
	}
	n.elegirActas(t)

	cortes := filepath.Join(dir, "cortes")
	pub := publicacion.New(st, cortes, true, nil)
	ops, err := operacion.New(st, pub, nil, operacion.Options{Simulacro: true})
	if err != nil {
		t.Fatal(err)
	}
	if n.site, err = web.New(cortes, nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(operacion.Montar(n.site.Handler(), ops.Handler()))
	t.Cleanup(ts.Close)
	n.url = ts.URL
	return n
}

// archivoGUB reads the bundled final file of the Gubernatura with its candidaturas, as
// readBundled in cmd/sufragio does.
func archivoGUB(t *testing.T) *opendata.Archivo {
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
	cd, err := demodata.ReadFile(e.Candidaturas)
	if err != nil {
		t.Fatal(err)
	}
	if err := opendata.ReadCandidaturas(e.Candidaturas, cd, f); err != nil {
		t.Fatal(err)
	}
	return f
}

// elegirActas picks the first two actas of básica casillas whose ID is their key.
func (n *noche) elegirActas(t *testing.T) {
	t.Helper()
	as, err := n.st.Actas(context.Background(), "GUB")
	if err != nil {
		t.Fatal(err)
	}
	n.total = len(as)
	k := 0
	for _, a := range as {
		if a.TipoCasilla == "B" && a.ID == a.ClaveActa && k < len(n.actas) {
			n.actas[k] = a
			k++
		}
	}
	if k < len(n.actas) {
		t.Fatalf("the GUB catalog has %d actas of básica casillas, want 2", k)
	}
}

// recargar makes the results site see the cortes published, as serve does every few
// seconds.
func (n *noche) recargar(t *testing.T) {
	t.Helper()
	if err := n.site.Reload(); err != nil {
		t.Fatalf("reload the results site: %v", err)
	}
}

// puesto is a workstation of the CATD: a browser tab at the desk and, in the same browser,
// a phone-sized one (nil at the second capturista's station).
type puesto struct {
	t      *testing.T
	n      *noche
	pc, pm *browsertest.Page
	claves map[string]string // each user's own password, once chosen
}

// ir loads a page of the application at the desk and checks its status.
func (w *puesto) ir(path string, status int) {
	w.t.Helper()
	w.pc.Go(w.n.url + path)
	if w.pc.Status() != status {
		w.t.Errorf("GET %s: status %d, want %d", path, w.pc.Status(), status)
	}
}

// ver saves the screenshot of the page shown at the desk, loads the same page on the phone
// and saves its screenshot too. Only pages that a GET shows again are seen so.
func (w *puesto) ver(name string) {
	w.t.Helper()
	w.pc.Screenshot(name)
	ancho(w.t, w.pc, name, browsertest.Desktop)
	if w.pm == nil {
		return
	}
	u := w.pc.URL()
	w.pm.Go(u)
	if w.pm.Status() != w.pc.Status() {
		w.t.Errorf("%s on the phone: status %d, at the desk %d", u, w.pm.Status(),
			w.pc.Status())
	}
	w.pm.Screenshot(name)
	ancho(w.t, w.pm, name, browsertest.Phone)
}

// ancho reports a page wider than the screen it is shown on, of s.W pixels. Not a
// failure yet: the wide tables of the staff pages do not fit a phone (see the report of
// this test).
func ancho(t *testing.T, p *browsertest.Page, name string, s browsertest.Size) {
	t.Helper()
	var w int
	p.Eval(`document.documentElement.scrollWidth`, &w)
	if w > s.W {
		t.Logf("%s: the page is %d px wide on a screen %d px wide", name, w, s.W)
	}
}

// entrar signs in at p with the login form, and returns the address it leads to.
func entrar(t *testing.T, p *browsertest.Page, base, usuario, password string) string {
	t.Helper()
	p.Go(base + "/operacion/login")
	p.Type("#usuario", usuario)
	p.Type("#password", password)
	p.Follow(`form[action="/operacion/login"] button[type="submit"]`)
	return p.URL()
}

// entrar signs in at the desk.
func (w *puesto) entrar(usuario, password string) string {
	w.t.Helper()
	return entrar(w.t, w.pc, w.n.url, usuario, password)
}

// ingresoTemporal signs in with a temporary password, which must lead to the forced change
// of password and keep every other page away until it is done.
func (w *puesto) ingresoTemporal(usuario, temporal string) {
	w.t.Helper()
	if u := w.entrar(usuario, temporal); !strings.HasSuffix(u, "/operacion/password") {
		w.t.Fatalf("%s's first login led to %s, want the change of password", usuario, u)
	}
	w.ir("/operacion/progreso", http.StatusOK)
	if u := w.pc.URL(); !strings.HasSuffix(u, "/operacion/password") {
		w.t.Errorf("%s with a temporary password reached %s", usuario, u)
	}
	if got := w.pc.Text("main .aviso"); !strings.Contains(got, "contraseña es temporal") {
		w.t.Errorf("%s: the change of password says %q, want it marked temporary", usuario,
			got)
	}
	if n := len(w.pc.Texts("header nav a")); n != 0 {
		w.t.Errorf("%s with a temporary password sees a menu of %d links", usuario, n)
	}
}

// cambiarClave fills the forced change of password and checks the home page it leads to:
// the confirmation, and the menu, whose first item must be primero.
func (w *puesto) cambiarClave(usuario, temporal, primero string) {
	w.t.Helper()
	nueva := "propia-de-" + usuario + "-2024"
	w.pc.Type("#actual", temporal)
	w.pc.Type("#nueva", nueva)
	w.pc.Type("#confirmacion", nueva)
	w.pc.Follow(`form[action="/operacion/password"] button[type="submit"]`)
	if w.claves == nil {
		w.claves = map[string]string{}
	}
	w.claves[usuario] = nueva
	if got := w.pc.Text("main .ok"); got != "Su contraseña se cambió." {
		w.t.Errorf("%s: after the change the home page says %q", usuario, got)
	}
	if menu := w.pc.Texts("header nav a"); len(menu) == 0 || menu[0] != primero {
		w.t.Errorf("%s's menu is %q, want it to start with %q", usuario, menu, primero)
	}
}

// primerIngreso is a user's first login: the temporary password, then his own.
func (w *puesto) primerIngreso(usuario, temporal, primero string) {
	w.t.Helper()
	w.ingresoTemporal(usuario, temporal)
	w.cambiarClave(usuario, temporal, primero)
}

// salir signs out with the button of the page's header.
func (w *puesto) salir() {
	w.t.Helper()
	w.pc.Follow(`form[action="/operacion/logout"] button`)
	if u := w.pc.URL(); !strings.HasSuffix(u, "/operacion/login") {
		w.t.Errorf("sign out led to %s, want the login page", u)
	}
	w.ir("/operacion/", http.StatusOK)
	if u := w.pc.URL(); !strings.Contains(u, "/operacion/login?volver=") {
		w.t.Errorf("after sign out /operacion/ showed %s, want the login page", u)
	}
}

// inicioAdministrador is the administrador's first login, with the login and password
// pages seen at both sizes, and his menu.
func (w *puesto) inicioAdministrador() {
	w.t.Helper()
	w.ir("/operacion", http.StatusOK) // redirected to the login page
	if got := w.pc.Text("h1"); got != "Iniciar sesión" {
		w.t.Fatalf("/operacion shows %q at %s, want the login page", got, w.pc.URL())
	}
	w.ver("operacion-login")

	u := w.entrar("admin", "no-es-la-clave")
	if !strings.HasSuffix(u, "/operacion/login") || w.pc.Status() != http.StatusUnauthorized {
		w.t.Errorf("a wrong password led to %s, status %d; want the login page, 401", u,
			w.pc.Status())
	}
	if got := w.pc.Text(`main [role="alert"]`); !strings.HasPrefix(got,
		"Usuario o contraseña incorrectos") {
		w.t.Errorf("a wrong password shows %q", got)
	}
	var escrito string
	w.pc.Eval(`document.getElementById("usuario").value`, &escrito)
	if escrito != "admin" {
		w.t.Errorf("after a wrong password the form shows user %q, want admin", escrito)
	}

	w.ingresoTemporal("admin", w.n.adminTemp)
	w.ver("operacion-password")
	w.cambiarClave("admin", w.n.adminTemp, "Avance")
	want := []string{"Avance", "Cortes y horario", "Usuarios", "CATD", "Bitácora", "Cómputos"}
	if got := w.pc.Texts("header nav a"); !slices.Equal(got, want) {
		w.t.Errorf("administrador's menu = %q, want %q", got, want)
	}
	if got := w.pc.Texts("main ul.tareas a"); !slices.Equal(got, want) {
		w.t.Errorf("administrador's tasks = %q, want %q", got, want)
	}
	if got := w.pc.Text(".banda-simulacro"); !strings.HasPrefix(got, "SIMULACRO") {
		w.t.Errorf("a simulacro's page is marked %q, want SIMULACRO", got)
	}
	w.ver("operacion-inicio")
}

// personal is the staff the administrador creates.
var personal = []struct {
	usuario, nombre string
	rol             auth.Role
}{
	{"coordinador", "Carmen Coordinadora", auth.Coordinador},
	{"digitalizador", "Diego Digitalizador", auth.Digitalizador},
	{"capturista1", "Camila Capturista", auth.Capturista},
	{"capturista2", "Carlos Capturista", auth.Capturista},
	{"verificador", "Valeria Verificadora", auth.Verificador},
}

// altaPersonal creates the staff with the users page and returns the temporary password
// shown once for each.
func (w *puesto) altaPersonal() map[string]string {
	w.t.Helper()
	w.pc.Follow(`header nav a[href="/operacion/usuarios"]`)
	// The browser itself refuses a user name the store would.
	w.pc.Type("#usuario", "Con Espacio")
	var mal bool
	w.pc.Eval(`document.getElementById("usuario").validity.patternMismatch`, &mal)
	if !mal {
		w.t.Errorf("the new-user form accepts the user name %q", "Con Espacio")
	}
	w.pc.Eval(`document.getElementById("usuario").value = ""`, nil)
	out := map[string]string{}
	for _, u := range personal {
		w.pc.Type("#usuario", u.usuario)
		w.pc.Type("#nombre", u.nombre)
		w.pc.SetValue("#rol", string(u.rol))
		w.pc.Follow(`form[action="/operacion/usuarios"] button[type="submit"]`)
		if w.pc.Status() != http.StatusOK {
			w.t.Fatalf("create %s: status %d: %s", u.usuario, w.pc.Status(), w.pc.Text("main"))
		}
		if got := w.pc.Text("main .aviso strong"); got != u.usuario {
			w.t.Errorf("after creating %s the page gives the password of %q", u.usuario, got)
		}
		temp := w.pc.Text("main .aviso code")
		if auth.CheckPasswordRules(temp) != "" {
			w.t.Fatalf("temporary password of %s shown as %q", u.usuario, temp)
		}
		out[u.usuario] = temp
	}
	return out
}

// acopio registers the arrival of the first acta by its key typed, and of the second by
// the payload its QR label gives the scanner; the first typed again is a duplicate.
func (w *puesto) acopio() {
	w.t.Helper()
	a, b := w.n.actas[0], w.n.actas[1]
	w.pc.Follow(`header nav a[href="/operacion/acopio"]`)
	for _, c := range []struct{ tecleo, clase, want string }{
		{a.ClaveActa, "ok", "Acopio del acta " + a.ID + " registrado."},
		{"PREP|GUB|" + b.ID, "ok", "Acopio del acta " + b.ID + " registrado."},
		{strings.ToLower(a.ClaveActa), "aviso", "El acta " + a.ID + " ya había llegado " +
			"(etapa: En acopio): se registró como acopio duplicado y no se contará dos veces."},
	} {
		w.pc.Type("#clave", c.tecleo)
		w.pc.SetValue("#mecanismo", "F")
		w.pc.Follow(`#form-acopio button[type="submit"]`)
		if got := w.pc.Text(`main p[role="status"]`); got != c.want {
			w.t.Errorf("acopio of %q says %q, want %q", c.tecleo, got, c.want)
		}
		if got := w.pc.Text(`main p[role="status"]`); !slices.Contains(
			w.pc.Texts("main p."+c.clase), got) {
			w.t.Errorf("acopio of %q: its message is not marked %s", c.tecleo, c.clase)
		}
	}
	w.ver("operacion-acopio")
}

// digitalizacion uploads the scanner's image of the first acta and returns its SHA-256,
// which the page must show.
func (w *puesto) digitalizacion() string {
	w.t.Helper()
	a := w.n.actas[0]
	path, sha := imagenActa(w.t, "escaner.png", 40)
	w.pc.Follow(`header nav a[href="/operacion/digitalizacion"]`)
	w.pc.Type("#acta", a.ClaveActa)
	w.pc.Upload("#imagen", path)
	w.pc.Follow(`form[action="/operacion/digitalizacion"] button[type="submit"]`)
	want := "Imagen del acta " + a.ID + " recibida; pasa a captura."
	if got := w.pc.Text(`main p[role="status"]`); !strings.HasPrefix(got, want) {
		w.t.Errorf("digitalización says %q, want %q", got, want)
	}
	if got := w.pc.Text(`main p[role="status"] code.hash`); got != sha {
		w.t.Errorf("digitalización shows SHA-256 %q, want %s", got, sha)
	}
	w.ver("operacion-digitalizacion")
	return sha
}

// imagenActa writes a small PNG standing for a photographed acta, a table of lines under
// a band of shade tono, and returns its path and hex SHA-256.
func imagenActa(t *testing.T, name string, tono uint8) (string, string) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 240, 320))
	for y := range 320 {
		for x := range 240 {
			c := uint8(250)
			switch {
			case y < 40:
				c = tono
			case y%24 == 0 || x%80 == 0:
				c = 30
			}
			img.SetGray(x, y, color.Gray{Y: c})
		}
	}
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return path, hex.EncodeToString(sum[:])
}

// abrirCaptura asks for the next acta to capture, which must be the first acta in the
// given turn with its image, and returns the columns of its form in order.
func (w *puesto) abrirCaptura(turno int, sha string) []string {
	w.t.Helper()
	a := w.n.actas[0]
	w.pc.Follow(`header nav a[href="/operacion/captura/siguiente"]`)
	if u := w.pc.URL(); !strings.HasSuffix(u, "/operacion/captura/GUB/"+url.PathEscape(a.ID)) {
		w.t.Fatalf("the next capture is %s, want the acta %s", u, a.ID)
	}
	cual := map[int]string{1: "primera captura", 2: "segunda captura"}[turno]
	if got := w.pc.Text(".datos-acta"); !strings.Contains(got, cual) ||
		!strings.Contains(got, "sección "+a.Seccion) {
		w.t.Errorf("capture of %s described as %q, want sección %s, %s", a.ID, got,
			a.Seccion, cual)
	}
	visor(w.t, w.pc, sha)

	var cols []string
	w.pc.Eval(`Array.from(document.querySelectorAll("#form-captura input[data-campo]"),
		i => document.querySelector("label[for='" + i.id + "']") ? i.name : "")`, &cols)
	if len(cols) < 10 || slices.Contains(cols, "") || !slices.Contains(cols, "PAN") {
		w.t.Fatalf("the capture form has fields %q, want them all labelled, PAN among them",
			cols)
	}
	if turno == 1 {
		w.ver("operacion-captura")
	}
	return cols
}

// visor checks the viewer of the acta image: the image shown, its controls enabled by the
// script, and its SHA-256.
func visor(t *testing.T, p *browsertest.Page, sha string) {
	t.Helper()
	var v struct {
		Ancho     int  `json:"ancho"`
		Controles bool `json:"controles"`
	}
	p.Eval(`new Promise(ok => {
		const img = document.querySelector(".visor img");
		const fin = () => ok({ancho: img.naturalWidth,
			controles: !document.querySelector(".visor .controles").hidden});
		if (img.complete) fin(); else { img.onload = fin; img.onerror = fin; }
	})`, &v)
	if v.Ancho != 240 || !v.Controles {
		t.Errorf("acta viewer: image %d px wide (want 240), controls shown %v", v.Ancho,
			v.Controles)
	}
	if got := p.Text(".visor figcaption code.hash"); got != sha {
		t.Errorf("acta viewer names SHA-256 %q, want %s", got, sha)
	}
}

// capturar types every field of the form, the first followed by Enter, which must move to
// the second, and sends it.
func (w *puesto) capturar(vals map[string]string) {
	w.t.Helper()
	var cols []string
	w.pc.Eval(`Array.from(document.querySelectorAll("#form-captura input[data-campo]"),
		i => i.name)`, &cols)
	for i, c := range cols {
		v := vals[c]
		if i == 0 {
			v += "\r"
		}
		w.pc.Type("#c-"+c, v)
		if i == 0 {
			var foco string
			w.pc.Eval(`document.activeElement.name`, &foco)
			if foco != cols[1] {
				w.t.Errorf("Enter in the first field moved to %q, want %q", foco, cols[1])
			}
		}
	}
	w.pc.Follow(`#form-captura button[type="submit"]`)
	id := w.n.actas[0].ID
	if got := w.pc.Text(`main p[role="status"]`); got != "Acta "+id+" enviada." {
		w.t.Errorf("after the capture the page says %q at %s", got, w.pc.URL())
	}
	if got := w.pc.Text("main"); !strings.Contains(got, "No hay actas por capturar") {
		w.t.Errorf("after the only capture the page says %q", got)
	}
}

// valores are figures for the fields cols of a básica casilla that add up: the votes, and
// the totals that follow from them; PAN is 123.
func valores(cols []string) map[string]string {
	out := map[string]string{}
	total := 0
	for i, c := range cols {
		if strings.HasPrefix(c, "TOTAL_") {
			continue
		}
		v := (i*7 + 3) % 17
		if c == "PAN" {
			v = 123
		}
		out[c] = strconv.Itoa(v)
		total += v
	}
	totales := map[string]int{"TOTAL_BOLETAS_SOBRANTES": 150, "TOTAL_PERSONAS_VOTARON": total,
		"TOTAL_REP_PARTIDO_CI_VOTARON": 2, "TOTAL_VOTOS_SACADOS": total,
		"TOTAL_VOTOS_ASENTADO": total}
	for _, c := range cols {
		if v, ok := totales[c]; ok {
			out[c] = strconv.Itoa(v)
		}
	}
	return out
}

// conCambio returns a copy of m with the value of col changed to v.
func conCambio(m map[string]string, col, v string) map[string]string {
	out := make(map[string]string, len(m))
	for k, x := range m {
		out[k] = x
	}
	out[col] = v
	return out
}

// rechazoCapturista opens the users page as a capturista, which his role does not allow.
func (w *puesto) rechazoCapturista() {
	w.t.Helper()
	w.ir("/operacion/usuarios", http.StatusForbidden)
	want := "Su rol (" + auth.Capturista.Nombre() + ") no permite esta operación."
	if got := w.pc.Text(`main [role="alert"]`); got != want {
		w.t.Errorf("a capturista at the users page is told %q, want %q", got, want)
	}
	if got := w.pc.Text("h1"); got != "No se pudo completar" {
		w.t.Errorf("the refusal is titled %q", got)
	}
	w.ver("operacion-error")
}

// verificar opens the acta whose captures differ, checks the two side by side with the
// differing field marked, types the right value and settles it.
func (w *puesto) verificar(correctos, tecleados map[string]string) {
	w.t.Helper()
	a := w.n.actas[0]
	w.pc.Follow(`header nav a[href="/operacion/verificacion/siguiente"]`)
	if u := w.pc.URL(); !strings.HasSuffix(u, "/operacion/verificacion/GUB/"+
		url.PathEscape(a.ID)) {
		w.t.Fatalf("the next verification is %s, want the acta %s", u, a.ID)
	}
	cab := w.pc.Texts("main thead th")
	if len(cab) != 4 || cab[1] != "Captura 1 (capturista1)" ||
		cab[2] != "Captura 2 (capturista2)" {
		w.t.Errorf("verification headers %q, want the two capturistas", cab)
	}
	marcadas := filas(w.pc, "main tbody tr.difiere")
	want := [][]string{{"PAN\n(difieren)", correctos["PAN"], tecleados["PAN"], ""}}
	if !slices.EqualFunc(marcadas, want, slices.Equal) {
		w.t.Errorf("rows marked as differing: %q, want %q", marcadas, want)
	}
	iguales := w.pc.Texts("main tbody tr:not(.difiere) .igual")
	if len(iguales) != len(correctos)-1 {
		w.t.Errorf("%d rows shown as equal, want %d", len(iguales), len(correctos)-1)
	}
	w.ver("operacion-verificacion")

	w.pc.Type("#v-PAN", correctos["PAN"])
	w.pc.Follow(`button[name="accion"][value="resolver"]`)
	if got := w.pc.Text(`main p[role="status"]`); got != "Acta "+a.ID+" enviada." {
		w.t.Errorf("after the verification the page says %q at %s", got, w.pc.URL())
	}
}

// filas returns the cells, header and data, of each row selected.
func filas(p *browsertest.Page, sel string) [][]string {
	var out [][]string
	p.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), tr =>
		Array.from(tr.querySelectorAll("th, td"), c => c.innerText.trim()))`, jsString(sel)),
		&out)
	return out
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// publicarCorte publishes a corte from the cortes page, which then lists it.
func (w *puesto) publicarCorte() {
	w.t.Helper()
	w.pc.Follow(`header nav a[href="/operacion/cortes"]`)
	if got := w.pc.Text("main .vacio"); got != "Aún no se publica ningún corte." {
		w.t.Errorf("before the first corte the page says %q", got)
	}
	// Before any corte, the page offers the puesta en ceros, corte 0.
	w.pc.Follow(`form[action="/operacion/cortes"]:has(input[name="ceros"]) button`)
	rows := filas(w.pc, "main table tbody tr")
	if len(rows) != 1 || len(rows) > 0 && rows[0][0] != "0" {
		w.t.Errorf("after the puesta en ceros, the cortes listed are %q, want corte 0", rows)
	}
	if n := len(w.pc.Texts(`form:has(input[name="ceros"]) h2`)); n != 0 {
		w.t.Error("the puesta en ceros is still offered after corte 0")
	}
	w.pc.Follow(`form[action="/operacion/cortes"] button[type="submit"]`)
	rows = filas(w.pc, "main table tbody tr")
	if len(rows) != 2 || len(rows[0]) != 5 || rows[0][0] != "1" || rows[0][2] != "no" ||
		len(rows[0][4]) != 64 {
		w.t.Errorf("after publishing, the cortes listed are %q, want corte 1, not final", rows)
	}
	w.ver("operacion-cortes")
}

// progreso checks the counts of actas by stage and the capturistas' discrepancies.
func (w *puesto) progreso() {
	w.t.Helper()
	w.pc.Follow(`header nav a[href="/operacion/progreso"]`)
	etapas := []string{"Elección", "Esperada", "En acopio", "En captura", "Por verificar",
		"Verificada", "Sin acta", "Total"}
	if got := w.pc.Texts("main table:first-of-type thead th"); !slices.Equal(got, etapas) {
		w.t.Errorf("progress headers %q, want %q", got, etapas)
	}
	t := w.n.total
	want := []string{"GUB", miles(t - 2), "1", "0", "0", "1", "0", miles(t)}
	if got := filas(w.pc, "main table:first-of-type tbody tr"); len(got) != 1 ||
		!slices.Equal(got[0], want) {
		w.t.Errorf("progress by stage %q, want %q", got, want)
	}
	capt := filas(w.pc, "main table:last-of-type tbody tr")
	// The capture that verification overruled is the one with a discrepancy.
	wantCapt := [][]string{{"capturista1", "1", "0", "0.0000"},
		{"capturista2", "1", "1", "100.0000"}}
	slices.SortFunc(capt, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	if !slices.EqualFunc(capt, wantCapt, slices.Equal) {
		w.t.Errorf("discrepancies by capturista %q, want %q", capt, wantCapt)
	}
	w.ver("operacion-progreso")
}

// miles writes n with thousands separators, as the pages do.
func miles(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// usuarios checks the list of users: everyone, with his role, active.
func (w *puesto) usuarios() {
	w.t.Helper()
	w.pc.Follow(`header nav a[href="/operacion/usuarios"]`)
	got := map[string][]string{}
	for _, r := range filas(w.pc, "main table tbody tr") {
		got[r[0]] = r[1:6]
	}
	want := map[string][]string{"admin": {"Ana Administradora",
		auth.Administrador.Nombre(), "todos", "—", "activo"}}
	for _, u := range personal {
		want[u.usuario] = []string{u.nombre, u.rol.Nombre(), "todos", "—", "activo"}
	}
	for u, cells := range want {
		if !slices.Equal(got[u], cells) {
			w.t.Errorf("users page, %s: %q, want %q", u, got[u], cells)
		}
	}
	if len(got) != len(want) {
		w.t.Errorf("users page lists %d users, want %d", len(got), len(want))
	}
	w.ver("operacion-usuarios")
}

// catds checks the CATD page of a PREP without CATDs.
func (w *puesto) catds() {
	w.t.Helper()
	w.pc.Follow(`header nav a[href="/operacion/catds"]`)
	if got := w.pc.Text("main .vacio"); !strings.HasPrefix(got, "No hay CATD") {
		w.t.Errorf("CATD page says %q, want no CATD", got)
	}
	w.ver("operacion-catds")
}

// actaOperacion checks the staff's page of the acta: verified, with its image.
func (w *puesto) actaOperacion(sha string) {
	w.t.Helper()
	a := w.n.actas[0]
	w.ir("/operacion/actas/GUB/"+url.PathEscape(a.ID), http.StatusOK)
	datos := w.pc.Texts("main dl.datos dd")
	if len(datos) != 5 || datos[3] != "Verificada" || datos[2] != a.Seccion {
		w.t.Errorf("acta %s: data %q, want sección %s, Verificada", a.ID, datos, a.Seccion)
	}
	imgs := filas(w.pc, "main table tbody tr")
	if len(imgs) != 1 || imgs[0][0] != sha+" (usada)" || imgs[0][3] != "digitalizador" {
		w.t.Errorf("acta %s: images %q, want %s used, by digitalizador", a.ID, imgs, sha)
	}
	visor(w.t, w.pc, sha)
	w.ver("operacion-acta")
}

// auditoria checks that the audit trail shows every kind of action of the night, the
// refusal marked, and that its chain verifies.
func (w *puesto) auditoria() {
	w.t.Helper()
	w.pc.Follow(`header nav a[href="/operacion/auditoria"]`)
	rows := filas(w.pc, "main table.bitacora tbody tr")
	seen := map[string]bool{}
	for _, r := range rows {
		if len(r) == 8 {
			seen[r[4]+" "+r[6]] = true
		}
	}
	for _, want := range []string{"login éxito", "login rechazo", "password_cambio éxito",
		"usuario_alta éxito", "acopio éxito", "digitalizacion éxito", "captura éxito",
		"verificacion éxito", "corte éxito", "acceso_denegado rechazo"} {
		if !seen[want] {
			w.t.Errorf("audit trail lacks an entry %q; it has %v", want, seen)
		}
	}
	// Refused: the wrong password, and the capturista at the users page, at the desk and
	// on the phone.
	if r := filas(w.pc, "main table.bitacora tr.rechazo"); len(r) != 3 {
		w.t.Errorf("audit rows marked as refused: %q; want 3", r)
	}
	w.pc.Follow(`button[name="verificar"]`)
	if got := w.pc.Text(`main p.ok[role="status"]`); !strings.HasSuffix(got, "está íntegra.") {
		w.t.Errorf("chain verification says %q", got)
	}
	w.ver("operacion-auditoria")
}

// actaPublica finds the acta on the results site and checks the figures it publishes
// against those verified, and its integrity code against the image.
func (w *puesto) actaPublica(correctos map[string]string, sha string) {
	w.t.Helper()
	a := w.n.actas[0]
	w.ir("/cortes/1/GUB/actas/"+url.PathEscape(a.ID), http.StatusOK)
	if h1 := w.pc.Text("h1"); !strings.Contains(h1, a.ClaveCasilla) {
		w.t.Errorf("public acta page titled %q, want casilla %s", h1, a.ClaveCasilla)
	}
	publicado := map[string]string{}
	for _, r := range filas(w.pc, "table.campos tbody tr") {
		if len(r) == 3 {
			publicado[r[1]] = r[2]
		}
	}
	for c, v := range correctos {
		if publicado[c] != v {
			w.t.Errorf("public acta %s, %s = %q, want %s as verified", a.ID, c, publicado[c], v)
		}
	}
	if got := w.pc.Text("dl.estado code.hash"); got != sha {
		w.t.Errorf("public acta %s: integrity code %q, want the image's %s", a.ID, got, sha)
	}
	// The image is published with the corte: the reader's browser downloads it and finds
	// its SHA-256 equal to the código de integridad, as the page explains.
	var got string
	w.pc.Eval(`(async () => {
		const img = document.querySelector("section.imagen-acta img");
		if (!img) return "no image";
		const r = await fetch(img.getAttribute("src"));
		const d = await crypto.subtle.digest("SHA-256", await r.arrayBuffer());
		return Array.from(new Uint8Array(d), x => x.toString(16).padStart(2, "0")).join("");
	})()`, &got)
	if got != sha {
		w.t.Errorf("public acta %s: the image shown hashes to %q, want %s", a.ID, got, sha)
	}
	w.pc.Screenshot("operacion-sitio-acta")
}

// casillaEnTelefono sends the photograph of the second acta from a phone with PREP
// Casilla, as the coordinador, twice: the retry is recognised. Then the progress shows it
// in capture.
func (w *puesto) casillaEnTelefono() {
	w.t.Helper()
	b := w.n.actas[1]
	p := w.pm
	entrar(w.t, p, w.n.url, "coordinador", w.claves["coordinador"])
	p.Go(w.n.url + "/operacion/casilla")
	path, _ := imagenActa(w.t, "foto.png", 120)
	for _, want := range []string{"Imagen del acta " + b.ID + " recibida; pasa a captura.",
		"Esta imagen ya se había recibido para el acta " + b.ID + "; no se registró de nuevo."} {
		p.Type("#clave", b.ClaveActa)
		p.Upload("#imagen", path)
		p.Click(`#form-casilla button[type="submit"]`)
		var got string
		p.Eval(`new Promise(ok => {
			const e = document.getElementById("estado-envio");
			const mira = () => e.textContent && !e.textContent.startsWith("Enviando") ?
				ok(e.textContent) : setTimeout(mira, 50);
			mira();
		})`, &got)
		if got != want {
			w.t.Errorf("PREP Casilla says %q, want %q", got, want)
		}
	}
	p.Screenshot("operacion-casilla")
	ancho(w.t, p, "operacion-casilla", browsertest.Phone)
	w.ir("/operacion/casilla", http.StatusOK)
	w.pc.Screenshot("operacion-casilla")

	p.Go(w.n.url + "/operacion/progreso")
	t := w.n.total
	want := []string{"GUB", miles(t - 2), "0", "1", "0", "1", "0", miles(t)}
	if got := filas(p, "main table:first-of-type tbody tr"); len(got) != 1 ||
		!slices.Equal(got[0], want) {
		w.t.Errorf("progress after PREP Casilla %q, want %q", got, want)
	}
	p.Follow(`form[action="/operacion/logout"] button`)
}

// sinRechazoEsperado drops from the console errors the two refusals the test provokes,
// which the browser reports as failed loads.
func sinRechazoEsperado(errs []string) []string {
	return slices.DeleteFunc(errs, func(e string) bool {
		return strings.Contains(e, "status of 401") && strings.Contains(e, "/operacion/login") ||
			strings.Contains(e, "status of 403") && strings.Contains(e, "/operacion/usuarios")
	})
}
