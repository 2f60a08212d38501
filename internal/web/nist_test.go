package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestNISTDescarga serves the NIST report of the final corte, made from its CSVs when asked
// for, compressed for a reader that accepts gzip: a report of the three elections, marked
// unofficial-complete, with the corte's manifest hash as its ETag; the same tag gets 304.
func TestNISTDescarga(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 128 MB report")
	}
	p := "/cortes/2/archivos/nist.json"
	res := pedir(t, http.MethodGet, p, "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" ||
		res.Header.Get("Content-Type") != "application/json" ||
		res.Header.Get("Cache-Control") != cacheInmutable ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "_ERR_2024_corte_2.json") {
		t.Fatalf("GET %s: status %d, headers %v", p, res.StatusCode, res.Header)
	}
	var report struct {
		Type     string `json:"@type"`
		Status   string
		Election []struct {
			Contest []json.RawMessage
		}
	}
	if err := json.Unmarshal(cuerpo(t, res), &report); err != nil {
		t.Fatal(err)
	}
	if report.Type != "ElectionResults.ElectionReport" || report.Status != "unofficial-complete" ||
		len(report.Election) != 3 || len(report.Election[0].Contest) != 1 {
		t.Errorf("report %s, status %s, %d elections", report.Type, report.Status,
			len(report.Election))
	}
	etag := res.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"nist-`) {
		t.Errorf("ETag %q", etag)
	}
	if res := pedir(t, http.MethodGet, p, "If-None-Match", etag); res.StatusCode != 304 {
		t.Errorf("with its ETag: status %d, want 304", res.StatusCode)
	}
	// The corte's page offers it.
	res = pedir(t, http.MethodGet, "/cortes/2")
	if body := string(cuerpo(t, res)); !strings.Contains(body, `href="`+p+`"`) {
		t.Errorf("corte 2's page does not link %s", p)
	}
}
