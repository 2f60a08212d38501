package destino

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/verifica"
)

// urlS3 is the URL of a destination under prefijo in the test bucket.
func urlS3(endpoint, prefijo string) string {
	return "s3://" + bucketTest + "/" + prefijo + "?endpoint=" + endpoint +
		"&region=us-east-1&insecure=true"
}

// escritor gives the test the writer's credentials.
func escritor(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", claveTest)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secretoTest)
	t.Setenv("AWS_SESSION_TOKEN", "")
}

// TestS3Publicar publishes two cortes to a real S3 server and reads every object back as
// the public does, with anonymous GETs: the bytes, the SHA-256 and the headers of each, and
// index.json listing both cortes.
func TestS3Publicar(t *testing.T) {
	endpoint := servidorS3(t)
	escritor(t)
	ctx := context.Background()
	dir := t.TempDir()
	construir(t, dir, 1)

	dest := urlS3(endpoint, "puebla/2024")
	d, err := Abrir(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.String(); got != dest {
		t.Errorf("String() = %q, want %q", got, dest)
	}
	if err := d.Publicar(ctx, dir, 1); err != nil {
		t.Fatal(err)
	}
	comprobarBucket(t, endpoint, "puebla/2024", dir)

	construir(t, dir, 2)
	if err := d.Publicar(ctx, dir, 2); err != nil {
		t.Fatal(err)
	}
	comprobarBucket(t, endpoint, "puebla/2024", dir)
	_, index := getAnonimo(t, endpoint, "puebla/2024/index.json")
	if got := numerosIndice(t, index); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("index.json lists cortes %v, want [1 2]", got)
	}

	// Again, through another Abrir: nothing changes.
	d, err = Abrir(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Publicar(ctx, dir, 2); err != nil {
		t.Fatalf("publish corte 2 again: %v", err)
	}
	comprobarBucket(t, endpoint, "puebla/2024", dir)

	// The verifier, reading the bucket over plain HTTP as the public does, finds the
	// cortes whole: signatures, chain, hashes, Merkle roots, tallies.
	inf, err := verifica.Verificar("http://"+endpoint+"/"+bucketTest+"/puebla/2024/",
		verifica.Opciones{Huella: publish.Huella(clave().Public().(ed25519.PublicKey))})
	if err != nil {
		t.Fatal(err)
	}
	var todo strings.Builder
	for _, h := range inf.Hallazgos {
		todo.WriteString(h.Texto + "\n")
	}
	if n := inf.Fallas(); n > 0 || !strings.Contains(todo.String(),
		"Cadena: el corte 2 enlaza con el 1.") || !strings.Contains(todo.String(), "la esperada") {
		t.Errorf("verify over HTTP from the bucket: %d discrepancies:\n%s", n, todo.String())
	}
}

// Headers the public must get, by extension.
var cabeceras = map[string]string{
	".csv":  "text/csv; charset=utf-8",
	".json": "application/json",
	".zip":  "application/zip",
	".jpg":  "image/jpeg",
	".png":  "image/png",
	".pdf":  "application/pdf",
	".sig":  "text/plain; charset=utf-8",
}

// comprobarBucket checks that the objects under prefijo are exactly the files of the
// cortes folder, as anonymous readers get them.
func comprobarBucket(t *testing.T, endpoint, prefijo, dir string) {
	t.Helper()
	local := archivosLocales(t, dir)
	remotos := listarAnonimo(t, endpoint, prefijo)
	for ruta := range remotos {
		if _, ok := local[ruta]; !ok {
			t.Errorf("%s is in the bucket and not in the cortes folder", ruta)
		}
	}
	for ruta, data := range local {
		if _, ok := remotos[ruta]; !ok {
			t.Errorf("%s is not in the bucket", ruta)
			continue
		}
		h, got := getAnonimo(t, endpoint, prefijo+"/"+ruta)
		if sha256.Sum256(got) != sha256.Sum256(data) || !bytes.Equal(got, data) {
			t.Errorf("%s: the bucket has %d bytes that differ from the %d of the local file",
				ruta, len(got), len(data))
		}
		if want := cabeceras[path.Ext(ruta)]; h.Get("Content-Type") != want {
			t.Errorf("%s: Content-Type %q, want %q", ruta, h.Get("Content-Type"), want)
		}
		cache := "public, max-age=31536000, immutable"
		if ruta == "index.json" || ruta == "imagenes/index.json" {
			cache = "no-cache"
		}
		if got := h.Get("Cache-Control"); got != cache {
			t.Errorf("%s: Cache-Control %q, want %q", ruta, got, cache)
		}
	}
}

// getAnonimo GETs an object of the test bucket without credentials.
func getAnonimo(t *testing.T, endpoint, clave string) (http.Header, []byte) {
	t.Helper()
	res, err := http.Get("http://" + endpoint + "/" + bucketTest + "/" + clave)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", clave, res.Status, data)
	}
	return res.Header, data
}

// listarAnonimo lists the keys under prefijo with ListObjectsV2, without credentials.
func listarAnonimo(t *testing.T, endpoint, prefijo string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	token := ""
	for {
		q := url.Values{"list-type": {"2"}, "prefix": {prefijo + "/"}}
		if token != "" {
			q.Set("continuation-token", token)
		}
		res, err := http.Get("http://" + endpoint + "/" + bucketTest + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		var lista struct {
			Contents []struct {
				Key  string
				Size int64
			}
			IsTruncated           bool
			NextContinuationToken string
		}
		err = xml.NewDecoder(res.Body).Decode(&lista)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("list %s: %s %v", prefijo, res.Status, err)
		}
		for _, c := range lista.Contents {
			out[strings.TrimPrefix(c.Key, prefijo+"/")] = c.Size
		}
		if !lista.IsTruncated {
			return out
		}
		token = lista.NextContinuationToken
	}
}

// TestS3SinPermiso publishes without credentials to a bucket the world may only read: the
// first upload is refused, the error names it, and no index.json appears.
func TestS3SinPermiso(t *testing.T) {
	endpoint := servidorS3(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	ctx := context.Background()
	dir := t.TempDir()
	construir(t, dir, 1)
	d, err := Abrir(ctx, urlS3(endpoint, "anonimo"))
	if err != nil {
		t.Fatal(err)
	}
	err = d.Publicar(ctx, dir, 1)
	if err == nil || !strings.Contains(err.Error(), "upload imagenes/") {
		t.Fatalf("Publicar: %v, want an error naming an image", err)
	}
	if got := listarAnonimo(t, endpoint, "anonimo"); len(got) != 0 {
		t.Errorf("the bucket holds %v", got)
	}
}

// TestS3BucketAusente opens a bucket that does not exist.
func TestS3BucketAusente(t *testing.T) {
	endpoint := servidorS3(t)
	escritor(t)
	_, err := Abrir(context.Background(), "s3://no-existe?endpoint="+endpoint+
		"&region=us-east-1&insecure=true")
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Motivo, `el bucket "no-existe" no existe`) {
		t.Fatalf("Abrir: %v, want an *Error saying the bucket does not exist", err)
	}
}

// TestS3SumaIncorrecta sends an object whose bytes do not match the SHA-256 it carries:
// the service refuses it and stores nothing.
func TestS3SumaIncorrecta(t *testing.T) {
	endpoint := servidorS3(t)
	escritor(t)
	ctx := context.Background()
	d, err := Abrir(ctx, urlS3(endpoint, "suma"))
	if err != nil {
		t.Fatal(err)
	}
	otro := sha256.Sum256([]byte("adiós\n"))
	o := objeto{ruta: "a.csv", bytes: 5, sha256: hex.EncodeToString(otro[:]),
		tipo: "text/csv; charset=utf-8", cache: cacheInmutable}
	if err := d.(*destino).alm.poner(ctx, o, strings.NewReader("hola\n")); err == nil {
		t.Error("poner stored bytes that do not match their SHA-256")
	}
	if got := listarAnonimo(t, endpoint, "suma"); len(got) != 0 {
		t.Errorf("the bucket holds %v", got)
	}
}
