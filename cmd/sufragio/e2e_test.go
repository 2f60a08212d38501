package main

import (
	"bufio"
	"context"
	"encoding/json"
	"github.com/sufragio/sufragio/internal/store/storetest"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary compiles the real program once for the end-to-end tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sufragio")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	return bin
}

var listening = regexp.MustCompile(`Sitio de resultados en (http://\S+/)`)

// startDemo runs `sufragio demo` on a random port and returns the site's base URL and the
// whole output printed until then.
func startDemo(t *testing.T, bin, data string) (*exec.Cmd, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, bin, "demo", "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = storetest.Environ(t, data)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var seen strings.Builder
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		seen.WriteString(sc.Text() + "\n")
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, out)
			return cmd, m[1], seen.String()
		}
	}
	cmd.Wait()
	t.Fatalf("demo ended without serving; output:\n%s", seen.String())
	return nil, "", ""
}

func stop(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("demo did not stop cleanly: %v", err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestDemoEndToEnd runs the real program as a new user would: the demo builds the database
// from the bundled files, publishes three cortes (the puesta en ceros, 18:00 and the close)
// and serves them; the Gubernatura page shows the official total of 2,658,993 votes, and the
// verifier passes on the cortes. A second run reuses what the first prepared.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the whole program")
	}
	bin := buildBinary(t)
	data := t.TempDir()

	cmd, base, out := startDemo(t, bin, data)
	for _, want := range []string{"Corte 1 (intermedio) del 03/06/2024 18:00 (UTC-6)",
		"Corte 2 (final) del 03/06/2024 20:00 (UTC-6)", "votos 2,658,993"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	code, body := get(t, base+"GUB")
	if code != http.StatusOK || !strings.Contains(body, "2,658,993") {
		t.Errorf("GET /GUB: status %d, total 2,658,993 shown: %v", code,
			strings.Contains(body, "2,658,993"))
	}
	// The councils' cómputos are served beside the PREP from DATA/computos, which the staff
	// application fills as the sessions go; the demo holds none.
	if code, body := get(t, base+"computos"); code != http.StatusOK ||
		!strings.Contains(body, "Aún no se ha publicado ningún cómputo") {
		t.Errorf("GET /computos: status %d, %.200q", code, body)
	}
	if _, err := os.Stat(filepath.Join(data, "computos")); err != nil {
		t.Errorf("the cómputos folder: %v", err)
	}
	// What those who run the server watch.
	if code, body := get(t, base+"healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz: %d %q", code, body)
	}
	if code, body := get(t, base+"readyz"); code != http.StatusOK ||
		!strings.Contains(body, `"listo":true`) || !strings.Contains(body, `"almacen"`) {
		t.Errorf("GET /readyz: %d %q", code, body)
	}
	if code, body := get(t, base+"metrics"); code != http.StatusOK || !strings.Contains(body,
		`sufragio_http_peticiones_total{codigo="200",ruta="GET (página prerenderizada)"} 1`) ||
		!strings.Contains(body, "sufragio_corte_segundos_count") ||
		!strings.Contains(body, "process_resident_memory_bytes") {
		var ls []string
		for l := range strings.SplitSeq(body, "\n") {
			if strings.HasPrefix(l, "sufragio_") {
				ls = append(ls, l)
			}
		}
		t.Errorf("GET /metrics: %d, the requests of /GUB or the process not counted:\n%s",
			code, strings.Join(ls, "\n"))
	}
	if code, _ := get(t, base+"cortes/2/archivos/20240603_2000_PREP_PUE.zip"); code != 200 {
		t.Errorf("download of corte 2's ZIP: status %d", code)
	}
	// Every corte the demo published passes the verifier, from the folder and from the
	// site, with the fingerprint the demo printed.
	huella := regexp.MustCompile(`huella ((?:[0-9a-f]{4} ){15}[0-9a-f]{4})`).FindStringSubmatch(out)
	if huella == nil {
		t.Fatalf("the demo did not print the key's fingerprint:\n%s", out)
	}
	for _, path := range []string{filepath.Join(data, "cortes"), base + "publicacion/"} {
		v, err := exec.Command(bin, "verify", "--huella", huella[1], path).CombinedOutput()
		if err != nil {
			t.Errorf("verify %s: %v\n%s", path, err, v)
			continue
		}
		for _, want := range []string{"Cadena: el corte 1 enlaza con el 0.",
			"Cadena: el corte 2 enlaza con el 1.", "la esperada.", "Verificación completa"} {
			if !strings.Contains(string(v), want) {
				t.Errorf("verify %s: the report lacks %q:\n%s", path, want, v)
			}
		}
	}
	// The NIST report of the final corte, derived from its files.
	nistOut := filepath.Join(t.TempDir(), "err.json")
	nist := exec.Command(bin, "nist", "--data", data, "--out", nistOut)
	nist.Env = storetest.Environ(t, data)
	v, err := nist.CombinedOutput()
	if err != nil || !strings.Contains(string(v),
		"del corte 2 (03/06/2024 20:00 (UTC-6), unofficial-complete)") {
		t.Errorf("nist: %v\n%s", err, v)
	}
	var report struct {
		Type     string `json:"@type"`
		Status   string
		Election []struct {
			Name struct{ Text []struct{ Content string } }
		}
	}
	if raw, err := os.ReadFile(nistOut); err != nil || json.Unmarshal(raw, &report) != nil ||
		report.Type != "ElectionResults.ElectionReport" || len(report.Election) != 3 {
		t.Errorf("NIST report: %v, %+v", err, report.Type)
	}
	stop(t, cmd)

	cmd, base, out = startDemo(t, bin, data)
	if !strings.Contains(out, "ya está preparada") {
		t.Errorf("second run did not reuse the prepared data:\n%s", out)
	}
	if code, body := get(t, base+"GUB"); code != 200 || !strings.Contains(body, "2,658,993") {
		t.Errorf("second run: GET /GUB status %d", code)
	}
	stop(t, cmd)
}
