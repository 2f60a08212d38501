package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/publish"
)

// TestImagen serves a published acta image by its código de integridad: the bytes as
// written, never changing, answered 304 when the reader has them; and nothing but a
// published image name is opened.
func TestImagen(t *testing.T) {
	data := []byte("\x89PNG\r\n\x1a\nimagen de prueba")
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	dir := filepath.Join(fixture.dir, publish.CarpetaImagenes)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, sha+".png"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	res := get(t, http.MethodGet, "/imagenes/"+sha+".png")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || string(body) != string(data) {
		t.Fatalf("image: status %d, %d bytes; want 200 and its %d bytes", res.StatusCode,
			len(body), len(data))
	}
	for h, want := range map[string]string{"Content-Type": "image/png",
		"Cache-Control": cacheInmutable, "ETag": `"` + sha + `"`,
		"X-Content-Type-Options": "nosniff"} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("image %s = %q, want %q", h, got, want)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/imagenes/"+sha+".png", nil)
	req.Header.Set("If-None-Match", `"`+sha+`"`)
	rec := httptest.NewRecorder()
	fixture.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional request: status %d, want 304", rec.Code)
	}
	for _, name := range []string{strings.ToUpper(sha) + ".png", sha + ".exe", sha,
		sha + ".jpg", strings.Repeat("a", 64) + ".png", "x%2F.png"} {
		res := get(t, http.MethodGet, "/imagenes/"+name)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body),
			"código de integridad") {
			t.Errorf("/imagenes/%s: status %d, want the 404 that explains image names", name,
				res.StatusCode)
		}
	}
	// A path that climbs out is sent to its clean form, outside /imagenes.
	if res := get(t, http.MethodGet, "/imagenes/..%2Findex.json"); res.StatusCode !=
		http.StatusMovedPermanently || res.Header.Get("Location") != "/index.json" {
		t.Errorf("/imagenes/../index.json: status %d to %q, want 301 to /index.json",
			res.StatusCode, res.Header.Get("Location"))
	}
}
