package verifica

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestVerificaPorURL checks the published cortes as a static web server (or an object
// store) serves them: the same findings as on disk, and a file altered on the server is
// caught.
func TestVerificaPorURL(t *testing.T) {
	dir := copia(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Dir(dir))))
	defer srv.Close()

	local := verificar(t, dir, Opciones{})
	remoto := verificar(t, srv.URL+"/cortes/", Opciones{})
	if f := fallas(remoto); len(f) > 0 {
		t.Fatalf("discrepancies over HTTP: %q", f)
	}
	if !strings.HasPrefix(remoto.Hallazgos[0].Texto, "Descargados de "+srv.URL) {
		t.Errorf("first finding %q, want the download", remoto.Hallazgos[0].Texto)
	}
	if len(remoto.Hallazgos)-1 != len(local.Hallazgos) {
		t.Errorf("%d findings over HTTP, %d on disk", len(remoto.Hallazgos)-1,
			len(local.Hallazgos))
	}
	// Without the trailing slash too, and one corte's folder on its own.
	if f := fallas(verificar(t, srv.URL+"/cortes", Opciones{})); len(f) > 0 {
		t.Errorf("without the slash: %q", f)
	}
	uno := verificar(t, srv.URL+"/cortes/0002/", Opciones{})
	if f := fallas(uno); len(f) > 0 {
		t.Errorf("one corte over HTTP: %q", f)
	}

	// A CSV altered on the server.
	m, err := publish.ReadManifiesto(filepath.Join(dir, "0002"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "0002", filepath.FromSlash(m.Elecciones[0].CSV))
	data, _ := os.ReadFile(p)
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, cambiarVoto(t, data), 0o644); err != nil {
		t.Fatal(err)
	}
	f := strings.Join(fallas(verificar(t, srv.URL+"/cortes/", Opciones{})), "\n")
	if !strings.Contains(f, "PUE_GUB_2024.csv no es el archivo publicado") {
		t.Errorf("altered CSV over HTTP not caught: %s", f)
	}
	// The CSV alone, by its address.
	m1, err := publish.ReadManifiesto(filepath.Join(dir, "0001"))
	if err != nil {
		t.Fatal(err)
	}
	csv := verificar(t, srv.URL+"/cortes/0001/"+m1.Elecciones[0].CSV, Opciones{})
	if f := fallas(csv); len(f) > 0 || !bytes.Contains([]byte(csv.Hallazgos[1].Texto),
		[]byte("PUE_GUB_2024.csv")) {
		t.Errorf("CSV over HTTP: %q", f)
	}

	// An address that publishes nothing.
	if _, err := Verificar(srv.URL+"/nada/", Opciones{}); err == nil ||
		!strings.Contains(err.Error(), "no publica index.json ni corte.json") {
		t.Errorf("empty address: %v", err)
	}
}

// TestVerificaImagenesPorURL publishes a corte whose actas have images and checks it over
// HTTP: the verifier learns from imagenes.json which images to fetch, checks each against
// its código de integridad, and catches an image replaced on the server.
func TestVerificaImagenesPorURL(t *testing.T) {
	if _, err := cortes(); err != nil { // makes the key
		t.Fatal(err)
	}
	e := demodata.Puebla2024[0]
	data, err := demodata.ReadFile(e.Final)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read(e.Final, data)
	if err != nil {
		t.Fatal(err)
	}
	cand, _ := demodata.ReadFile(e.Candidaturas)
	if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
		t.Fatal(err)
	}
	imagenes := map[string][]byte{}
	for i, img := range [][]byte{[]byte("\xff\xd8acta uno\xff\xd9"), []byte("\x89PNGacta dos")} {
		sum := sha256.Sum256(img)
		sha := hex.EncodeToString(sum[:])
		imagenes[sha] = img
		f.Actas[10+i].CodigoIntegridad = sha
	}
	cortes := filepath.Join(t.TempDir(), "cortes")
	n, err := publish.PublicarImagenes(cortes, slices.Collect(maps.Keys(imagenes)),
		func(sha string) (io.Reader, string, error) {
			tipo := "image/jpeg"
			if bytes.HasPrefix(imagenes[sha], []byte("\x89PNG")) {
				tipo = "image/png"
			}
			return bytes.NewReader(imagenes[sha]), tipo, nil
		})
	if err != nil || n != 2 {
		t.Fatalf("published %d images: %v", n, err)
	}
	r := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, true, acta.DefaultConfig)
	if _, err := publish.Build(cortes, publish.Input{Numero: 0, Hora: f.Corte, Final: true,
		Generado: f.Corte, Elecciones: []*corte.Resultados{r}, Config: acta.DefaultConfig,
		Firma: claveCortes}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Dir(cortes))))
	defer srv.Close()
	inf := verificar(t, srv.URL+"/cortes/", Opciones{})
	if f := fallas(inf); len(f) > 0 {
		t.Fatalf("discrepancies: %q", f)
	}
	var todo string
	for _, h := range inf.Hallazgos {
		todo += h.Texto + "\n"
	}
	for _, want := range []string{"Corte 0, Gubernatura: 2 imágenes de actas coinciden",
		"Corte 0: 2 imágenes de actas listadas en imagenes.json."} {
		if !strings.Contains(todo, want) {
			t.Errorf("report lacks %q:\n%s", want, todo)
		}
	}
	for sha := range imagenes {
		p := filepath.Join(cortes, publish.CarpetaImagenes, sha+".jpg")
		if _, err := os.Stat(p); err == nil {
			os.Chmod(p, 0o644)
			os.WriteFile(p, []byte("\xff\xd8otra\xff\xd9"), 0o644)
		}
	}
	f2 := strings.Join(fallas(verificar(t, srv.URL+"/cortes/", Opciones{})), "\n")
	if !strings.Contains(f2, "no es la capturada") {
		t.Errorf("replaced image not caught over HTTP: %s", f2)
	}
}

// TestVerificaZIP checks the corte's ZIP bundle as a person who downloaded it would: each
// open-data CSV inside, with its candidaturas, and no discrepancy.
func TestVerificaZIP(t *testing.T) {
	dir := copia(t)
	m, err := publish.ReadManifiesto(filepath.Join(dir, "0002"))
	if err != nil {
		t.Fatal(err)
	}
	inf := verificar(t, filepath.Join(dir, "0002", m.Zip), Opciones{})
	if f := fallas(inf); len(f) > 0 {
		t.Fatalf("discrepancies in the ZIP: %q", f)
	}
	if !strings.Contains(inf.Hallazgos[0].Texto, "3 archivos CSV de datos abiertos") {
		t.Errorf("first finding %q", inf.Hallazgos[0].Texto)
	}
}
