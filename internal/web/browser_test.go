package web

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/browsertest"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestBrowserRecorrido walks the site in Chromium as a reader does, at a desktop and at a
// phone size: from the home page, clicking links, to the Gubernatura, a distrito, the
// first of its secciones, its first casilla and that casilla's acta, checking on each page the
// figures shown against the official totals and the published files. Then it goes back by
// the breadcrumbs and changes corte with the selector. It saves a screenshot of each kind
// of page (see browsertest.Page.Screenshot for where).
func TestBrowserRecorrido(t *testing.T) {
	b := browsertest.New(t)
	ts := httptest.NewServer(fixture.h)
	t.Cleanup(ts.Close)
	for _, s := range []browsertest.Size{browsertest.Desktop, browsertest.Phone} {
		t.Run(fmt.Sprintf("%dx%d", s.W, s.H), func(t *testing.T) {
			p := b.Page(t, s.W, s.H)
			p.Go(ts.URL + "/")
			visto(t, p, "inicio", s)
			inicioEnNavegador(t, p)
			gubernaturaEnNavegador(t, p)
			visto(t, p, "eleccion", s)
			distritoEnNavegador(t, p, "005")
			visto(t, p, "distrito", s)
			sec := seccionEnNavegador(t, p)
			visto(t, p, "seccion", s)
			casillaEnNavegador(t, p, sec)
			visto(t, p, "casilla", s)
			actaEnNavegador(t, p, sec)
			visto(t, p, "acta", s)
			selectorEnNavegador(t, p)
			verificarEnNavegador(t, p)
			visto(t, p, "verificar", s)
			if errs := p.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("the browser reported errors: %q", errs)
			}

			p.Go(ts.URL + "/cortes/2/GUB/actas/XYZ")
			if want := "Gubernatura no tiene el acta «XYZ»"; p.Status() != http.StatusNotFound ||
				!strings.Contains(p.Text("main"), want) {
				t.Errorf("unknown acta: status %d, want 404 and %q", p.Status(), want)
			}
			p.Screenshot("no-encontrado")
		})
	}
}

// inicioEnNavegador checks the home page's card of the Gubernatura.
func inicioEnNavegador(t *testing.T, p *browsertest.Page) {
	t.Helper()
	for dt, want := range map[string]string{
		"Total de votos": "2,658,993",
		"Lista nominal de las actas contabilizadas":  "4,125,717",
		"Lista nominal de todas las actas esperadas": "4,990,849",
		"Participación ciudadana":                    "64.4492 %",
		"Actas contabilizadas":                       "6,848 (82.1694 %)",
	} {
		if got := cifraInicio(p, "Gubernatura", dt); got != want {
			t.Errorf("home, Gubernatura, %s = %q, want %q", dt, got, want)
		}
	}
	if got := p.Text(".corte"); !strings.Contains(got, "Corte final") {
		t.Errorf("home: corte shown as %q, want the final one", got)
	}
}

// gubernaturaEnNavegador follows the home page's link to the Gubernatura and checks its
// official final figures (RULES.md §3.4).
func gubernaturaEnNavegador(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.Follow(`section.eleccion h2 a[href="/GUB"]`)
	if !strings.HasSuffix(p.URL(), "/GUB") || !strings.HasPrefix(p.Text("h1"), "Gubernatura") {
		t.Fatalf("the link led to %s, titled %q", p.URL(), p.Text("h1"))
	}
	for label, want := range map[string][]string{
		"Total de votos (con casillas especiales)": {"2,658,993"},
		"Participación ciudadana":                  {"64.4492 %"},
		"ALEJANDRO ARMENTA MIER": {"PT PVEM MORENA NAP FXMP", "1,578,749",
			"59.3739 %"},
		"EDUARDO RIVERA PEREZ": {"PAN PRI PRD PSI", "879,460", "33.0749 %"},
		"Total de votos":       {"", "2,658,993", "100.0000 %"},
	} {
		if got := celdas(p, label); !slices.Equal(got, want) {
			t.Errorf("Gubernatura, row %q = %q, want %q", label, got, want)
		}
	}
}

// distritoEnNavegador follows the election page's link to distrito id and checks that
// the page shows what its row in the election page and distritos.json say.
func distritoEnNavegador(t *testing.T, p *browsertest.Page, id string) {
	t.Helper()
	var ds []publish.NodoJSON
	readJSON(t, 2, "json/GUB/distritos.json", &ds)
	i := slices.IndexFunc(ds, func(d publish.NodoJSON) bool { return d.ID == id })
	if i < 0 {
		t.Fatalf("no distrito %s in distritos.json", id)
	}
	d := ds[i]
	href := nodoHref(2, "GUB", "distritos", id)
	row := filaConEnlace(p, href)
	total, part := miles(d.Resumen.TotalVotosCCS), d.Resumen.PorcentajeParticipacion+" %"
	if len(row) < 5 || row[1] != d.Nombre || row[3] != total || row[4] != part {
		t.Errorf("Gubernatura, row of distrito %s = %q, want %s, %s, %s", id, row, d.Nombre,
			total, part)
	}

	p.Follow(`table.nodos a[href="` + href + `"]`)
	if h1 := p.Text("h1"); !strings.Contains(h1, d.Nombre) || !strings.Contains(h1, id) {
		t.Errorf("distrito page titled %q, want %s and %s", h1, id, d.Nombre)
	}
	lider := d.Candidaturas[0]
	for label, want := range map[string]string{
		"Total de votos (con casillas especiales)": total,
		"Participación ciudadana":                  part,
		lider.Nombre:                               miles(lider.Votos),
	} {
		if got := celdas(p, label); !slices.Contains(got, want) {
			t.Errorf("distrito %s, row %q = %q, want it to hold %q", id, label, got, want)
		}
	}
}

// seccionEnNavegador follows the first sección listed on a distrito page and checks it
// against its row there and secciones.json. It returns the sección.
func seccionEnNavegador(t *testing.T, p *browsertest.Page) publish.NodoJSON {
	t.Helper()
	distrito := p.Text(`nav.migas [aria-current="page"]`)
	const enlace = `table.nodos tbody tr:first-child td:first-child a`
	row := p.Texts(`table.nodos tbody tr:first-child td`)
	var secs []publish.NodoJSON
	readJSON(t, 2, "json/GUB/secciones.json", &secs)
	id := p.Text(enlace)
	i := slices.IndexFunc(secs, func(s publish.NodoJSON) bool { return s.ID == id })
	if i < 0 || len(row) < 4 {
		t.Fatalf("first sección listed, %q, is not in secciones.json", row)
	}
	s := secs[i]

	p.Follow(enlace)
	if h1 := p.Text("h1"); !strings.HasPrefix(h1, row[1]) {
		t.Errorf("sección page titled %q, want %q", h1, row[1])
	}
	total := celdas(p, "Total de votos (con casillas especiales)")
	if want := miles(s.Resumen.TotalVotosCCS); !slices.Equal(total, []string{want}) ||
		row[3] != want {
		t.Errorf("sección %s: total %q on its page, %q in the distrito's list, want %s",
			s.ID, total, row[3], want)
	}
	if migas := p.Texts("nav.migas li"); !slices.Contains(migas, distrito) {
		t.Errorf("sección %s: breadcrumbs %q lack its distrito %q", s.ID, migas, distrito)
	}
	if n := len(p.Texts("table.actas tbody tr")); n != len(s.Actas) {
		t.Errorf("sección %s lists %d actas, want %d", s.ID, n, len(s.Actas))
	}
	return s
}

// primeraActa returns the first acta of sección s in actas.json.
func primeraActa(t *testing.T, s publish.NodoJSON) publish.ActaJSON {
	t.Helper()
	var tabla publish.ActasTabla
	readJSON(t, 2, "json/GUB/actas.json", &tabla)
	i := slices.IndexFunc(tabla.Actas, func(a publish.ActaJSON) bool { return a.ID == s.Actas[0] })
	if i < 0 {
		t.Fatalf("sección %s: first acta %s is not in actas.json", s.ID, s.Actas[0])
	}
	return tabla.Actas[i]
}

// casillaEnNavegador follows the casilla of the first acta listed on the page of sección s
// and checks the casilla page against that row, the acta in actas.json and the casilla's
// API document.
func casillaEnNavegador(t *testing.T, p *browsertest.Page, s publish.NodoJSON) {
	t.Helper()
	a := primeraActa(t, s)
	row := p.Texts(`table.actas tbody tr:first-child td`)
	if len(row) < 7 || row[0] != a.ClaveCasilla || row[1] != a.ID ||
		row[6] != a.ListaNominal {
		t.Fatalf("acta %s: row %q, want casilla %s, acta %s, lista nominal %s", a.ID, row,
			a.ClaveCasilla, a.ID, a.ListaNominal)
	}
	p.Follow(`table.actas tbody tr:first-child td:first-child a`)
	if h1 := p.Text("h1"); !strings.HasPrefix(h1, "Casilla "+a.ClaveCasilla) {
		t.Errorf("casilla of acta %s: page titled %q", a.ID, h1)
	}
	// The casilla's figures are its acta's: counted, its total; not counted, none.
	total := "0"
	if a.Contabilizada == "1" {
		total = miles(mustAtoi(t, a.TotalCalculado))
	}
	if got := celdas(p, "Total de votos (con casillas especiales)"); !slices.Equal(got,
		[]string{total}) {
		t.Errorf("casilla %s: total %q, want %s", a.ClaveCasilla, got, total)
	}
	var doc apiCasillaDoc
	apiJSON(t, p, "/api/v1/cortes/2/GUB/casillas/"+a.ClaveCasilla, &doc)
	if len(doc.Actas) != 1 || doc.Actas[0].ID != a.ID ||
		miles(doc.Nodo.Resumen.TotalVotosCCS) != total ||
		doc.Nodo.ListaNominal != int64(mustAtoi(t, a.ListaNominal)) {
		t.Errorf("casilla %s API: actas %v, total %d, lista nominal %d; want acta %s, %s, %s",
			a.ClaveCasilla, doc.Actas, doc.Nodo.Resumen.TotalVotosCCS, doc.Nodo.ListaNominal,
			a.ID, total, a.ListaNominal)
	}
	if migas := p.Texts("nav.migas li"); len(migas) < 4 || migas[len(migas)-2] != s.Nombre {
		t.Errorf("casilla %s: breadcrumbs %q, want its sección %q before it", a.ClaveCasilla,
			migas, s.Nombre)
	}
	otras := p.Texts(`#otras-titulo + ul a`)
	if !slices.Equal(otras, []string{"Diputaciones Locales", "Ayuntamientos"}) {
		t.Errorf("casilla %s: links to the other elections %q", a.ClaveCasilla, otras)
	}
}

// actaEnNavegador follows the acta listed on the page of the first casilla of sección s
// and checks the acta page against its row there and actas.json.
func actaEnNavegador(t *testing.T, p *browsertest.Page, s publish.NodoJSON) {
	t.Helper()
	a := primeraActa(t, s)
	p.Follow(`table.actas tbody tr:first-child td:nth-child(2) a`)
	if h1 := p.Text("h1"); !strings.HasPrefix(h1, "Acta "+a.ID) {
		t.Errorf("acta %s: page titled %q", a.ID, h1)
	}
	if got := p.Text("code.hash"); got != a.CodigoIntegridad {
		t.Errorf("acta %s: integrity code %q, want %q", a.ID, got, a.CodigoIntegridad)
	}
	for label, want := range map[string]string{
		"Clave de acta":                      a.ClaveActa,
		"Total de votos asentado en el acta": a.TotalAsentado,
		"Lista nominal":                      a.ListaNominal,
	} {
		if got := celdas(p, label); len(got) != 2 || got[1] != want {
			t.Errorf("acta %s, row %q = %q, want %q", a.ID, label, got, want)
		}
	}
	if migas := p.Texts("nav.migas li"); len(migas) < 5 ||
		migas[len(migas)-2] != "Casilla "+a.ClaveCasilla {
		t.Errorf("acta %s: breadcrumbs %q, want its casilla before it", a.ID, migas)
	}
	if sig := p.Text(`nav.vecinas a[rel="next"]`); len(s.Actas) > 1 &&
		!strings.Contains(sig, "Acta ") {
		t.Errorf("acta %s, first of its sección: link to the next acta %q", a.ID, sig)
	}
	// The real files carry no images: the page says so, and how to check one.
	if txt := p.Text("section.imagen-acta"); !strings.Contains(txt, "no incluye la imagen") ||
		!strings.Contains(txt, "sha256sum") {
		t.Errorf("acta %s: image section says %q", a.ID, txt)
	}
}

// apiJSON fetches an API document through the page's own origin and decodes it.
func apiJSON(t *testing.T, p *browsertest.Page, path string, v any) {
	t.Helper()
	var body string
	p.Eval(fmt.Sprintf(`fetch(%s).then(r => r.text())`, jsString(path)), &body)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v (%.200s)", path, err, body)
	}
}

// mustAtoi reads a published numeric cell.
func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	v, err := acta.ParseValue(s)
	if err != nil || v.Kind != acta.Number {
		t.Fatalf("cell %q is not a number", s)
	}
	return v.N
}

// selectorEnNavegador goes back to the election by the breadcrumbs and picks corte 1 in the
// selector of cortes, which leads to the same page in that corte.
func selectorEnNavegador(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.Follow(`nav.migas a[href="/cortes/2/GUB"]`)
	p.SetValue("#selector-corte", "1")
	p.Follow(`form.selector button[type="submit"]`)
	if !strings.HasSuffix(p.URL(), "/cortes/1/GUB") || p.Status() != http.StatusOK {
		t.Fatalf("selector led to %s, status %d; want /cortes/1/GUB", p.URL(), p.Status())
	}
	got := celdas(p, "Total de votos (con casillas especiales)")
	if want := "2,619,742"; !slices.Equal(got, []string{want}) {
		t.Errorf("corte 1, total = %q, want %s", got, want)
	}
	if c := p.Text(".corte"); !strings.Contains(c, "no es el corte final") {
		t.Errorf("corte 1 shown as %q, want it marked as not final", c)
	}
}

// verificarEnNavegador follows the footer's link to /verificar and checks that it shows the
// fingerprint of the key that signs the cortes.
func verificarEnNavegador(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.Follow(`footer a[href="/verificar"]`)
	huella := publish.Huella(fixture.clave.Public().(ed25519.PublicKey))
	if got := p.Text("code.huella"); got != huella || !strings.HasSuffix(p.URL(),
		"/verificar") {
		t.Errorf("%s: fingerprint %q, want %q", p.URL(), got, huella)
	}
}

// visto checks what every page shown must be, and saves its screenshot as name.
func visto(t *testing.T, p *browsertest.Page, name string, s browsertest.Size) {
	t.Helper()
	if p.Status() != http.StatusOK {
		t.Errorf("%s: status %d at %s", name, p.Status(), p.URL())
	}
	p.Screenshot(name)
	var ancho int
	p.Eval(`document.documentElement.scrollWidth`, &ancho)
	if ancho > s.W {
		t.Errorf("%s: the page is %d px wide on a screen %d px wide", name, ancho, s.W)
	}
}

// cifraInicio returns a figure of an election's card on the home page, or "".
func cifraInicio(p *browsertest.Page, eleccion, dt string) string {
	var got string
	p.Eval(fmt.Sprintf(`((eleccion, dt) => {
		for (const s of document.querySelectorAll("section.eleccion")) {
			if (s.querySelector("h2").innerText.trim() !== eleccion) continue;
			for (const d of s.querySelectorAll("dl.cifras div"))
				if (d.querySelector("dt").innerText.trim() === dt)
					return d.querySelector("dd").innerText.trim();
		}
		return "";
	})(%s, %s)`, jsString(eleccion), jsString(dt)), &got)
	return got
}

// celdas returns the data cells of the first table row whose header reads label, or nil.
func celdas(p *browsertest.Page, label string) []string {
	var got []string
	p.Eval(fmt.Sprintf(`(label => {
		for (const tr of document.querySelectorAll("tr")) {
			const th = tr.querySelector("th");
			if (th && th.innerText.trim() === label)
				return Array.from(tr.querySelectorAll("td"), td => td.innerText.trim());
		}
		return null;
	})(%s)`, jsString(label)), &got)
	return got
}

// filaConEnlace returns the cells of the first table row with a link to href, or nil.
func filaConEnlace(p *browsertest.Page, href string) []string {
	var got []string
	p.Eval(fmt.Sprintf(`(href => {
		const a = Array.from(document.querySelectorAll("tr a"))
			.find(a => a.getAttribute("href") === href);
		if (!a) return null;
		return Array.from(a.closest("tr").querySelectorAll("td"), td => td.innerText.trim());
	})(%s)`, jsString(href)), &got)
	return got
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserCorteNuevo publishes cortes while a reader has the site open: the latest
// corte's page loads each new one by itself, from the puesta en ceros on, and a page of an
// older corte says so with a link.
func TestBrowserCorteNuevo(t *testing.T) {
	b := browsertest.New(t)
	dir := t.TempDir()
	publicar := func(n int) {
		t.Helper()
		hora := horas[n]
		if _, err := publish.Build(dir, publish.Input{Numero: n, Hora: hora, Final: n == 2,
			Generado: hora.Add(time.Minute), Elecciones: fixture.tallas[n],
			Config: acta.DefaultConfig}); err != nil {
			t.Fatal(err)
		}
	}
	publicar(0)
	srv, err := New(dir, nil, SondeoCortes(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	ultimo := b.Page(t, browsertest.Desktop.W, browsertest.Desktop.H)
	ultimo.Go(ts.URL + "/GUB")
	var n string
	ultimo.Eval(`document.body.dataset.corte`, &n)
	if n != "0" {
		t.Fatalf("before the first corte the page shows corte %q, want 0", n)
	}
	publicar(1)
	if err := srv.Reload(); err != nil {
		t.Fatal(err)
	}
	// The puesta en ceros follows new cortes as any other.
	ultimo.WaitVisible(`body[data-corte="1"]`)
	viejo := b.Page(t, browsertest.Desktop.W, browsertest.Desktop.H)
	viejo.Go(ts.URL + "/cortes/1/GUB/distritos/005")

	publicar(2)
	if err := srv.Reload(); err != nil {
		t.Fatal(err)
	}
	ultimo.WaitVisible(`body[data-corte="2"]`)
	if got := ultimo.Text(".corte"); !strings.Contains(got, "Corte final") {
		t.Errorf("after reloading itself the page shows %q, want the final corte", got)
	}
	viejo.WaitVisible(`#corte-nuevo a`)
	var href string
	viejo.Eval(`document.querySelector("#corte-nuevo a").getAttribute("href")`, &href)
	if href != "/cortes/2/GUB/distritos/005" {
		t.Errorf("the notice links to %q, want the same page in corte 2", href)
	}
	viejo.Screenshot("corte-nuevo")
	for _, p := range []*browsertest.Page{ultimo, viejo} {
		if errs := p.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("the browser reported errors: %q", errs)
		}
	}
}

// TestBrowserAccesible runs axe-core on every kind of page of the site, at desktop and phone
// sizes: none may break a serious or critical rule, and the pages checked break none of
// the others either (the report names any that appears).
func TestBrowserAccesible(t *testing.T) {
	b := browsertest.New(t)
	ts := httptest.NewServer(fixture.h)
	t.Cleanup(ts.Close)
	paginas := map[string]string{
		"inicio": "/", "eleccion": "/GUB", "eleccion-corte": "/cortes/1/AYUN",
		"distrito": "/cortes/2/GUB/distritos/005", "municipio": "/cortes/2/AYUN/municipios/001",
		"seccion": "/cortes/2/GUB/secciones/0001", "acta": "/cortes/2/GUB/actas/211411C10002",
		"casilla": "/cortes/2/GUB/casillas/211411C1000",
		"cortes":  "/cortes", "buscar": "/buscar?q=tehuacan", "formato": "/cortes/2/GUB/formato",
		"no-encontrado": "/cortes/2/GUB/distritos/999",
		"verificar":     "/verificar", "puesta-en-ceros": "/cortes/0/GUB",
		"claves":   "/cortes/2/GUB/casillas/210000A0100",
		"computos": "/computos", "computo": "/computos/DIP_LOC-12",
		"computo-sin-resultados": "/computos/AYUN-031", "asignacion": "/computos/AYUN_RP-114",
	}
	for _, s := range []browsertest.Size{browsertest.Desktop, browsertest.Phone} {
		p := b.Page(t, s.W, s.H)
		for name, path := range paginas {
			p.Go(ts.URL + path)
			vs := p.Axe()
			if graves := browsertest.Graves(vs); len(graves) > 0 {
				t.Errorf("%s (%s) at %dx%d: %s", name, path, s.W, s.H,
					strings.Join(graves, "; "))
			} else if len(vs) > 0 {
				t.Logf("%s (%s) at %dx%d, minor or moderate: %v", name, path, s.W, s.H, vs)
			}
		}
	}
}
