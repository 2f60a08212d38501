package operacion_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/browsertest"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/operacion"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
	"github.com/sufragio/sufragio/internal/web"
)

// consejoMunicipal is a staff application over the bundled final PREP of Ayuntamientos,
// with the secretaria and the consejera of the consejo municipal of Albino Zertuche.
type consejoMunicipal struct {
	url    string
	st     *store.Store
	e      *catalog.Eleccion
	actas  []*acta.Acta // the two casillas of municipio 011, básica first
	claves map[string]string
}

func prepararConsejo(t *testing.T) *consejoMunicipal {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.OpenConfig(ctx, store.Config{Dir: dir, DB: storetest.DB(t, dir)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var f *opendata.Archivo
	for _, e := range demodata.Puebla2024 {
		if e.Codigo != "AYUN" {
			continue
		}
		data, err := demodata.ReadFile(e.Final)
		if err != nil {
			t.Fatal(err)
		}
		if f, err = opendata.Read(e.Final, data); err != nil {
			t.Fatal(err)
		}
		cd, err := demodata.ReadFile(e.Candidaturas)
		if err != nil {
			t.Fatal(err)
		}
		if err := opendata.ReadCandidaturas(e.Candidaturas, cd, f); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if _, err := st.Import(ctx, store.SystemActor, store.ImportInput{Archivo: f,
			Fuente: e.Final, SHA256: hex.EncodeToString(sum[:])}); err != nil {
			t.Fatal(err)
		}
	}
	c := &consejoMunicipal{st: st, e: f.Eleccion, claves: map[string]string{}}
	for _, a := range f.Actas {
		if a.UnidadID == "011" && !a.FueraDeCatalogo() {
			c.actas = append(c.actas, a)
		}
	}
	if len(c.actas) != 2 || c.actas[0].TipoCasilla != "B" {
		t.Fatalf("municipio 011 has %d casillas, want its básica and contigua", len(c.actas))
	}
	for _, u := range []struct {
		name, nombre string
		role         auth.Role
	}{{"secretaria", "Sara Secretaria", auth.Secretario},
		{"consejera", "Concepción Consejera", auth.Consejero}} {
		clave := auth.GeneratePassword()
		nu, err := st.AddUser(ctx, store.SystemActor, store.NewUser{Username: u.name,
			Nombre: u.nombre, Role: u.role, Consejo: "M-011", Password: clave})
		if err != nil {
			t.Fatal(err)
		}
		c.claves[u.name] = auth.GeneratePassword()
		if err := st.ChangePassword(ctx, nu.Actor("127.0.0.1"), c.claves[u.name],
			""); err != nil {
			t.Fatal(err)
		}
	}
	cortes := t.TempDir()
	ops, err := operacion.New(st, publicacion.New(st, cortes, false, nil), nil,
		operacion.Options{})
	if err != nil {
		t.Fatal(err)
	}
	site, err := web.New(cortes, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(operacion.Montar(site.Handler(), ops.Handler()))
	t.Cleanup(ts.Close)
	c.url = ts.URL
	return c
}

// TestBrowserComputo holds in Chromium the cómputo of the Ayuntamiento of Albino Zertuche
// (municipio 011), as its council does: the consejera opens the session; the secretaria
// registers the packages and compares the actas, pre-filled from the PREP, at her own
// browser; the casillas sent to recount are recounted, the pleno decides the votos
// reservados and the total recount; the consejera computes, declares the validity and
// issues the constancia; the acta de cómputo and the constancia are read as PDF. Figures
// are checked on the pages and in the PDF's text.
func TestBrowserComputo(t *testing.T) {
	b := browsertest.New(t) // first: without Chromium the test is skipped at once
	c := prepararConsejo(t)
	const id = "AYUN-011"
	sesion := c.url + "/operacion/computos/" + id

	cons := b.Page(t, browsertest.Desktop.W, browsertest.Desktop.H)
	otro := browsertest.New(t)
	sec := otro.Page(t, browsertest.Desktop.W, browsertest.Desktop.H)
	entrar(t, cons, c.url, "consejera", c.claves["consejera"])
	entrar(t, sec, c.url, "secretaria", c.claves["secretaria"])

	// The consejera opens the session from the list of her council's cómputos.
	cons.Follow(`header nav a[href="/operacion/computos"]`)
	if got := cons.Texts(`#computo option`); len(got) != 3 ||
		!strings.HasPrefix(got[1], id+" · ") || !strings.HasPrefix(got[2], "AYUN_RP-011 · ") {
		t.Fatalf("the consejera of M-011 may open %q, want only %s and its regidurías "+
			"AYUN_RP-011", got, id)
	}
	cons.SetValue("#computo", id)
	cons.Follow(`form[action="/operacion/computos"] button`)
	if u := cons.URL(); u != sesion {
		t.Fatalf("opening led to %s, want %s", u, sesion)
	}
	if got := cons.Text("#fase"); got != computo.FaseRegistro.String() {
		t.Fatalf("a new session is at %q, want %q", got, computo.FaseRegistro)
	}

	// The secretaria registers the two packages as the PREP received them.
	sec.Go(sesion)
	sec.Eval(`window.confirm = () => true`, nil)
	sec.Follow(`form[action$="/registro/paquetes-prep"] button`)
	if got := sec.Text("#fase"); got != computo.FaseCotejo.String() {
		t.Fatalf("after the packages: %q, want the cotejo", got)
	}
	// The cotejo of the básica, pre-filled with what the PREP captured.
	basica := c.actas[0]
	if got := sec.Text("#form-cotejo h2"); got != "Cotejo de la casilla "+basica.ID {
		t.Fatalf("first cotejo: %q, want the básica %s", got, basica.ID)
	}
	var pre string
	sec.Eval(`document.getElementById("cot-PAN").value`, &pre)
	if want := basica.Votos[c.e.Columna("PAN")].String(); pre != want {
		t.Errorf("PAN pre-filled with %q, want the PREP's %q", pre, want)
	}
	sec.Follow(`#form-cotejo button[type="submit"]`)
	if got := sec.Text("main p.ok"); !strings.HasPrefix(got, "Acto 4 registrado (cotejo).") {
		t.Errorf("after the cotejo: %q", got)
	}
	sec.Follow(`#form-cotejo button[type="submit"]`) // the contigua, confirmed from the PREP
	if got := sec.Text("#fase"); got != computo.FaseRecuento.String() {
		t.Fatalf("after the cotejos: %q, want the recount", got)
	}
	causa := sec.Text("#c-" + basica.ID + " td:nth-child(5)")
	if !strings.HasPrefix(causa, "sí: ") {
		t.Errorf("the básica's recount decision reads %q, want a recount with its causes", causa)
	}

	// The pleno decides how to recount; the secretaria records the figures of each casilla
	// sent to recount: for the básica, 100 for PAN, 40 for MORENA, 3 nulos and 2 votos
	// reservados; for any other, its PREP figures.
	cons.Go(sesion)
	cons.Follow(`#form-plan button`)
	sec.Go(sesion)
	// Both casillas go to recount: the básica's acta reached the PREP with every figure
	// illegible or blank; the contigua's has blank rubros and more nulos than the margin
	// between its first two places (LGIPE art. 311.1.d).
	if got := sec.Texts("#rec-casilla option"); len(got) != 2 {
		t.Fatalf("casillas to recount: %q, want both", got)
	}
	var total int64
	for _, a := range c.actas {
		sec.SetValue("#rec-casilla", a.ID)
		for _, col := range columnasDe(sec) {
			var n int64
			switch {
			case a != basica:
				n = a.Votos[c.e.Columna(col)].Votes()
			case col == "PAN":
				n = 100
			case col == "MORENA":
				n = 40
			case col == computo.ColumnaNulos:
				n = 3
			}
			total += n
			sec.SetValue("#rec-"+col, strconv.FormatInt(n, 10))
		}
		reservados := "0"
		if a == basica {
			reservados = "2"
			total += 2
		}
		sec.SetValue("#rec-reservados", reservados)
		sec.Follow(`#form-recuento button`)
	}

	// The pleno counts the reserved votes as nulos, orders no total recount, computes.
	cons.Go(sesion)
	cons.SetValue(`.form-reservados select`, computo.ColumnaNulos)
	cons.SetValue(`.form-reservados input[name="motivo"]`, "marca fuera del recuadro")
	cons.Follow(`.form-reservados button`)
	cons.Follow(`#form-total button`)
	cons.Follow(`#form-computar button`)
	if got := cons.Text("#total"); got != documento.Miles(total) {
		t.Errorf("total votes %s, want %s", got, documento.Miles(total))
	}
	ganador := cons.Text("#ganador")
	if !strings.HasPrefix(ganador, "Gana ") {
		t.Fatalf("result: %q, want a winner", ganador)
	}
	cons.SetValue("#val-acuerdo", "CM-011/AC-003/2024")
	cons.Follow(`#form-validez button`)
	cons.Follow(`#form-constancia button`)
	if got := cons.Text("#fase"); got != computo.FaseConcluida.String() {
		t.Fatalf("after the constancia: %q, want the session concluded", got)
	}
	folio := cons.Text("#constancias tbody td:first-child")
	cons.Screenshot("operacion-computo")

	// The acta de cómputo and the constancia, read as PDF with the consejera's session.
	acta := textoPDF(t, descargar(t, cons, "/operacion/computos/"+id+"/documentos/acta.pdf"))
	for _, want := range []string{"ACTA DE CÓMPUTO MUNICIPAL DE LA ELECCIÓN DE " +
		"AYUNTAMIENTOS", "Municipio 011 ALBINO ZERTUCHE", "CM-011/AC-003/2024",
		documento.Cifra(total)} {
		if !strings.Contains(acta, want) {
			t.Errorf("the acta de cómputo lacks %q:\n%s", want, acta)
		}
	}
	constancia := textoPDF(t, descargar(t, cons, "/operacion/computos/"+id+
		"/documentos/constancia-"+folio+".pdf"))
	if !strings.Contains(constancia, "CONSTANCIA DE MAYORÍA") ||
		!strings.Contains(constancia, folio) {
		t.Errorf("the constancia lacks its title or folio %s:\n%s", folio, constancia)
	}
	for _, p := range []*browsertest.Page{cons, sec} {
		if errs := p.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("the browser reported errors: %q", errs)
		}
	}
}

// columnasDe lists the vote columns of the recount form.
func columnasDe(p *browsertest.Page) []string {
	var out []string
	p.Eval(`Array.from(document.querySelectorAll('#form-recuento input[name^="v_"]'),
		e => e.name.slice(2))`, &out)
	return out
}

// descargar fetches a document with the page's session and returns its bytes.
func descargar(t *testing.T, p *browsertest.Page, path string) []byte {
	t.Helper()
	var b64 string
	p.Eval(`fetch(`+strconv.Quote(path)+`).then(r => r.arrayBuffer()).then(b => {
		let s = ""; const u = new Uint8Array(b);
		for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
		return btoa(s); })`, &b64)
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %.40q", path, data)
	}
	return data
}

var (
	pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	pdfTexto  = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\) ?Tj`)
)

// textoPDF extracts the text runs of a PDF whose page streams are deflated, as fpdf writes
// them: every run, unescaped, decoded from cp1252 and joined by spaces.
func textoPDF(t *testing.T, pdf []byte) string {
	t.Helper()
	var all bytes.Buffer
	for _, m := range pdfStream.FindAllSubmatch(pdf, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not deflated: fonts, images
		}
		io.Copy(&all, zr)
		zr.Close()
	}
	unescape := strings.NewReplacer(`\\`, `\`, `\(`, `(`, `\)`, `)`, `\r`, "\r")
	var b strings.Builder
	for _, m := range pdfTexto.FindAllSubmatch(all.Bytes(), -1) {
		s, err := charmap.Windows1252.NewDecoder().String(unescape.Replace(string(m[1])))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(s)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
