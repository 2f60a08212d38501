package web

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestArchivoErrores asks for files with a range outside them (416) and an If-Match that
// fails (412): ServeContent's answers, in Spanish, without the file's immutable
// Cache-Control or its ETag, so that no cache keeps the error for a year; the ranges and
// conditions that hold still work.
func TestArchivoErrores(t *testing.T) {
	const zip = "/cortes/2/archivos/20240603_2000_PREP_PUE.zip"
	for _, p := range []string{zip, "/publicacion/0002/corte.json", "/publicacion/index.json"} {
		for _, c := range []struct {
			header, value string
			status        int
			dice          string
		}{
			{"Range", "bytes=999999999-", http.StatusRequestedRangeNotSatisfiable,
				"no está dentro del archivo"},
			{"If-Match", `"otro"`, http.StatusPreconditionFailed, "No se cumple la condición"},
		} {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				res := pedir(t, method, p, c.header, c.value)
				body, _ := io.ReadAll(res.Body)
				if res.StatusCode != c.status {
					t.Errorf("%s %s with %s: status %d, want %d", method, p, c.header,
						res.StatusCode, c.status)
				}
				if method == http.MethodGet && !strings.Contains(string(body), c.dice) {
					t.Errorf("%s with %s: body %q, want it to say %q", p, c.header, body, c.dice)
				}
				if method == http.MethodHead && len(body) != 0 {
					t.Errorf("HEAD %s with %s: %d bytes of body", p, c.header, len(body))
				}
				if cc, etag := res.Header.Get("Cache-Control"),
					res.Header.Get("ETag"); cc != cacheError || etag != "" {
					t.Errorf("%s with %s: Cache-Control %q, ETag %q; want no-cache and none",
						p, c.header, cc, etag)
				}
				if d := res.Header.Get("Content-Disposition"); d != "" {
					t.Errorf("%s with %s: Content-Disposition %q", p, c.header, d)
				}
			}
		}
	}
	// What ServeContent answers well is untouched: a range inside, an If-Match that holds.
	res := pedir(t, http.MethodGet, zip, "Range", "bytes=0-3")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent || string(body) != "PK\x03\x04" ||
		res.Header.Get("Cache-Control") != cacheInmutable {
		t.Errorf("first 4 bytes of the ZIP: status %d, %q, Cache-Control %q", res.StatusCode,
			body, res.Header.Get("Cache-Control"))
	}
	etag := pedir(t, http.MethodGet, zip).Header.Get("ETag")
	if res := pedir(t, http.MethodGet, zip, "If-Match", etag); res.StatusCode != 200 {
		t.Errorf("If-Match with the ZIP's ETag: status %d, want 200", res.StatusCode)
	}
}
