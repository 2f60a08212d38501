package web

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/verifica"
)

// sha256Hex is the SHA-256 of data in hexadecimal.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// leerFixture reads a file of the fixture's cortes folder.
func leerFixture(t *testing.T, ruta string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixture.dir, filepath.FromSlash(ruta)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPublicacionIndice serves index.json of the cortes folder at /publicacion/index.json and
// /cortes/index.json: its bytes, revalidated on every use, under the SHA-256 of its bytes.
func TestPublicacionIndice(t *testing.T) {
	want := leerFixture(t, "index.json")
	etag := `"` + sha256Hex(want) + `"`
	// The feed's own address sends to where its relative paths resolve.
	if res := pedir(t, http.MethodGet, "/cortes/index.json"); res.StatusCode != http.StatusFound ||
		res.Header.Get("Location") != "/publicacion/index.json" {
		t.Errorf("/cortes/index.json: status %d, Location %q", res.StatusCode,
			res.Header.Get("Location"))
	}
	for _, p := range []string{"/publicacion/index.json"} {
		res := pedir(t, http.MethodGet, p)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || !bytes.Equal(body, want) {
			t.Fatalf("%s: status %d, %d bytes; want 200 and index.json's %d", p,
				res.StatusCode, len(body), len(want))
		}
		for h, w := range map[string]string{"Cache-Control": "no-cache", "ETag": etag,
			"Content-Type": tipoJSON} {
			if got := res.Header.Get(h); got != w {
				t.Errorf("%s: %s %q, want %q", p, h, got, w)
			}
		}
		if res := pedir(t, http.MethodGet, p, "If-None-Match", etag); res.StatusCode != 304 {
			t.Errorf("%s with If-None-Match its ETag: status %d, want 304", p, res.StatusCode)
		}
		head := pedir(t, http.MethodHead, p)
		if b, _ := io.ReadAll(head.Body); head.StatusCode != 200 || len(b) != 0 ||
			head.Header.Get("ETag") != etag {
			t.Errorf("HEAD %s: status %d, %d bytes, ETag %q", p, head.StatusCode, len(b),
				head.Header.Get("ETag"))
		}
	}
}

// TestPublicacionCorte serves each corte's folder as published: corte.json under the SHA-256
// index.json gives it, its signature and the files it lists, each immutable.
func TestPublicacionCorte(t *testing.T) {
	var idx publish.Indice
	if err := json.Unmarshal(leerFixture(t, "index.json"), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Cortes) != 3 {
		t.Fatalf("index.json lists %d cortes, want 3", len(idx.Cortes))
	}
	for _, e := range idx.Cortes {
		carpeta := publish.CarpetaCorte(e.Numero)
		manifiesto := leerFixture(t, carpeta+"/corte.json")
		var m publish.Manifiesto
		if err := json.Unmarshal(manifiesto, &m); err != nil {
			t.Fatal(err)
		}
		rutas := map[string]string{"corte.json": `"` + e.Manifiesto + `"`,
			publish.ArchivoFirma: `"` + sha256Hex(leerFixture(t, carpeta+"/"+
				publish.ArchivoFirma)) + `"`}
		for _, a := range m.Archivos {
			rutas[a.Ruta] = `"` + a.SHA256 + `"`
		}
		for ruta, etag := range rutas {
			p := "/publicacion/" + carpeta + "/" + ruta
			res := pedir(t, http.MethodGet, p)
			body, _ := io.ReadAll(res.Body)
			if want := leerFixture(t, carpeta+"/"+ruta); res.StatusCode != 200 ||
				!bytes.Equal(body, want) {
				t.Errorf("%s: status %d, %d bytes; want 200 and the file's %d", p,
					res.StatusCode, len(body), len(want))
				continue
			}
			if got := res.Header.Get("ETag"); got != etag || etag == `""` {
				t.Errorf("%s: ETag %s, want %s", p, got, etag)
			}
			if got := res.Header.Get("Cache-Control"); got != cacheInmutable {
				t.Errorf("%s: Cache-Control %q", p, got)
			}
			if res := pedir(t, http.MethodGet, p, "If-None-Match", etag); res.StatusCode != 304 {
				t.Errorf("%s with If-None-Match: status %d, want 304", p, res.StatusCode)
			}
		}
		if sha256Hex(manifiesto) != e.Manifiesto {
			t.Errorf("corte %d: corte.json's SHA-256 is not index.json's", e.Numero)
		}
	}
}

// TestPublicacionCerrada tries what must not be reachable under /publicacion/, through a
// real server so that each path travels as a client sends it.
func TestPublicacionCerrada(t *testing.T) {
	ts := httptest.NewServer(fixture.h)
	defer ts.Close()
	for _, p := range []string{
		"/publicacion/0002", "/publicacion/0002/",
		"/publicacion/0002/index.json", "/publicacion/0002/corte.json.bak",
		"/publicacion/0002%2Fcorte.json", "/publicacion/0002/json%2FGUB%2Fentidad.json",
		"/publicacion/..%2Findex.json", "/publicacion/%2E%2E/index.json",
		"/publicacion/0002/../../etc/passwd", "/publicacion/0002/..%2F..%2Fetc%2Fpasswd",
		"/publicacion/../0002/corte.json", "/publicacion/0003/corte.json",
		"/publicacion/2/corte.json", "/publicacion/0002/json", "/publicacion/imagenes/",
		"/publicacion/imagenes/x.png", "/publicacion/imagenes/index.json",
		"/publicacion/imagenes/" + strings.Repeat("a", 64) + ".png",
	} {
		res, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
		if strings.Contains(string(body), "root:") || strings.Contains(string(body), `"cortes"`) ||
			strings.Contains(string(body), `"archivos"`) {
			t.Errorf("%s: served a file it must not", p)
		}
	}
}

// cortesPropios publishes corte 0 and corte 1 of the Gubernatura into a folder of the test's
// own, signed with key (unsigned when nil), and returns the folder.
func cortesPropios(t *testing.T, key ed25519.PrivateKey) string {
	t.Helper()
	dir := t.TempDir()
	for n := range 2 {
		if _, err := publish.Build(dir, publish.Input{Numero: n, Hora: horas[n],
			Generado: horas[n].Add(time.Minute), Elecciones: fixture.tallas[n][:1],
			Config: acta.DefaultConfig, Firma: key}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPublicacionEnlaces checks that a symbolic link or a directory is never served, even
// where a published file or image is expected, and that a published image is.
func TestPublicacionEnlaces(t *testing.T) {
	dir := cortesPropios(t, fixture.clave)
	fuera := filepath.Join(t.TempDir(), "secreto.txt")
	if err := os.WriteFile(fuera, []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	var m publish.Manifiesto
	data, err := os.ReadFile(filepath.Join(dir, "0001", "corte.json"))
	if err != nil || json.Unmarshal(data, &m) != nil {
		t.Fatal("corte.json of corte 1 not read", err)
	}
	// The CSV, which the site reads only for its columns: the corte still loads.
	csv := m.Elecciones[0].CSV
	listado := filepath.Join(dir, "0001", filepath.FromSlash(csv))
	if err := os.Remove(listado); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fuera, listado); err != nil {
		t.Fatal(err)
	}
	imgs := filepath.Join(dir, publish.CarpetaImagenes)
	png := []byte("\x89PNG\r\n\x1a\nimagen")
	real := sha256Hex(png) + ".png"
	enlace, carpeta := strings.Repeat("b", 64)+".png", strings.Repeat("c", 64)+".png"
	for _, err := range []error{os.MkdirAll(filepath.Join(imgs, carpeta), 0o755),
		os.WriteFile(filepath.Join(imgs, real), png, 0o644),
		os.Symlink(fuera, filepath.Join(imgs, enlace)),
		os.Symlink(fuera, filepath.Join(dir, "0001", "enlace.json"))} {
		if err != nil {
			t.Fatal(err)
		}
	}
	srv, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	for p, status := range map[string]int{
		"/publicacion/0001/" + csv:                               404,
		"/cortes/1/archivos/" + csv:                              404,
		"/publicacion/0001/enlace.json":                          404,
		"/publicacion/imagenes/" + enlace:                        404,
		"/imagenes/" + enlace:                                    404,
		"/publicacion/imagenes/" + carpeta:                       404,
		"/imagenes/" + carpeta:                                   404,
		"/publicacion/imagenes/" + real:                          200,
		"/imagenes/" + real:                                      200,
		"/publicacion/0001/" + m.Elecciones[0].JSON["distritos"]: 200,
		"/publicacion/0000/corte.json":                           200,
		"/publicacion/0000/" + publish.ArchivoFirma:              200,
		"/publicacion/imagenes/index.json":                       404,
		"/publicacion/0001/" + csv + "x":                         404,
	} {
		res := do(t, h, http.MethodGet, p)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != status || strings.Contains(string(body), "root:") {
			t.Errorf("%s: status %d, want %d (%.60q)", p, res.StatusCode, status, body)
		}
	}
	// The images' index, when the folder has one, changes as images are added.
	indice := []byte(`{"imagenes":["` + real + `"]}`)
	if err := os.WriteFile(filepath.Join(imgs, "index.json"), indice, 0o644); err != nil {
		t.Fatal(err)
	}
	res := do(t, h, http.MethodGet, "/publicacion/imagenes/index.json")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !bytes.Equal(body, indice) ||
		res.Header.Get("Cache-Control") != "no-cache" ||
		res.Header.Get("ETag") != `"`+sha256Hex(indice)+`"` {
		t.Errorf("imagenes/index.json: status %d, Cache-Control %q, ETag %q, body %q",
			res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("ETag"), body)
	}
}

// TestVerificarPorHTTP runs sufragio verify against the site's /publicacion/, as anyone can:
// it reads the cortes over HTTP as from the folder, and finds nothing wrong.
func TestVerificarPorHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("verifies three cortes of three elections")
	}
	ts := httptest.NewServer(fixture.h)
	defer ts.Close()
	huella := publish.Huella(fixture.clave.Public().(ed25519.PublicKey))
	inf, err := verifica.Verificar(ts.URL+"/publicacion/", verifica.Opciones{Huella: huella})
	if err != nil {
		t.Fatal(err)
	}
	// The site's own address, and the feed's, lead the verifier to the same place.
	for _, otra := range []string{ts.URL + "/", ts.URL + "/cortes/"} {
		inf2, err := verifica.Verificar(otra, verifica.Opciones{Huella: huella})
		if err != nil || inf2.Fallas() > 0 {
			t.Errorf("verify %s: %v, %d discrepancies", otra, err, inf2.Fallas())
		}
	}
	if n := inf.Fallas(); n > 0 || inf.Huella != huella {
		var fallas []string
		for _, h := range inf.Hallazgos {
			if h.Nivel == verifica.Falla {
				fallas = append(fallas, h.Texto)
			}
		}
		t.Errorf("verify over HTTP: %d discrepancies, key %q (want %q):\n%s", n, inf.Huella,
			huella, strings.Join(fallas, "\n"))
	}
}
