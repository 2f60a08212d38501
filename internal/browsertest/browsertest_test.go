package browsertest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const formulario = `<!DOCTYPE html>
<html lang="es-MX"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Prueba</title></head>
<body><h1>Captura</h1>
<ul><li>uno</li><li>dos</li></ul>
<form method="post" action="/enviar" enctype="multipart/form-data">
<input id="nombre" name="nombre"> <input id="clave" name="clave">
<input id="archivo" name="archivo" type="file">
<button id="enviar" type="submit">Enviar</button>
</form>
<p id="oculto" hidden>no se ve</p>
<button id="mostrar" type="button" onclick="document.getElementById('oculto').hidden = false">
Mostrar</button>
</body></html>`

// site serves a form that takes a name, a key and a file, and echoes what it received.
func site(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, formulario)
	})
	mux.HandleFunc("POST /enviar", func(w http.ResponseWriter, r *http.Request) {
		f, h, err := r.FormFile("archivo")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		data, _ := io.ReadAll(f)
		fmt.Fprintf(w, `<p id="eco">%s|%s|%s|%s</p><script>nope()</script>`,
			r.FormValue("nombre"), r.FormValue("clave"), h.Filename, data)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

// TestPage drives every method of a Page against a small site of its own.
func TestPage(t *testing.T) {
	ts := site(t)
	shots := t.TempDir()
	t.Setenv("SUFRAGIO_SCREENSHOTS", shots)
	archivo := filepath.Join(t.TempDir(), "acta.txt")
	if err := os.WriteFile(archivo, []byte("contenido del acta"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := New(t).Page(t, Desktop.W, Desktop.H)

	p.Go(ts.URL + "/no-existe")
	if p.Status() != http.StatusNotFound {
		t.Errorf("status of /no-existe = %d, want 404", p.Status())
	}
	p.Go(ts.URL)
	if got := p.Text("h1"); got != "Captura" || p.Status() != 200 {
		t.Errorf("h1 = %q, status %d; want Captura, 200", got, p.Status())
	}
	if got := p.Texts("li"); !slices.Equal(got, []string{"uno", "dos"}) {
		t.Errorf("li = %q, want [uno dos]", got)
	}
	if got := p.Texts("table"); len(got) != 0 {
		t.Errorf("table = %q, want none", got)
	}
	p.Click("#mostrar")
	p.WaitVisible("#oculto")

	p.Type("#nombre", "Ana")
	p.SetValue("#clave", "PUE-01")
	p.Upload("#archivo", archivo)
	if got := p.Screenshot("formulario"); got != filepath.Join(shots, "formulario-1366x768.png") {
		t.Errorf("screenshot saved at %s", got)
	}
	p.Follow("#enviar")
	if got, want := p.Text("#eco"), "Ana|PUE-01|acta.txt|contenido del acta"; got != want {
		t.Errorf("echo = %q, want %q", got, want)
	}
	if !strings.HasSuffix(p.URL(), "/enviar") {
		t.Errorf("URL after submit = %s", p.URL())
	}
	errs := p.ConsoleErrors()
	if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "nope") }) {
		t.Errorf("console errors = %q, want the failed call of nope", errs)
	}

	png, err := os.ReadFile(filepath.Join(shots, "formulario-1366x768.png"))
	if err != nil || !strings.HasPrefix(string(png), "\x89PNG") {
		t.Errorf("screenshot is not a PNG (%v)", err)
	}
}

// TestPhone checks that a narrow tab is a touch phone, as the site's CSS sees it.
func TestPhone(t *testing.T) {
	ts := site(t)
	b := New(t)
	for _, s := range []Size{Phone, Desktop} {
		p := b.Page(t, s.W, s.H)
		p.Go(ts.URL)
		var got struct {
			W, H  int
			Touch bool
		}
		p.Eval(`({W: innerWidth, H: innerHeight,
			Touch: matchMedia("(pointer: coarse)").matches})`, &got)
		if want := (s == Phone); got.W != s.W || got.H != s.H || got.Touch != want {
			t.Errorf("%dx%d: viewport %dx%d, touch %v; want touch %v", s.W, s.H, got.W, got.H,
				got.Touch, want)
		}
	}
}
