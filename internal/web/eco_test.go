package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEco(t *testing.T) {
	largo := strings.Repeat("á", 100)
	for in, want := range map[string]string{
		"XYZ":                                "XYZ",
		strings.Repeat("x", 60):              strings.Repeat("x", 60),
		strings.Repeat("x", 61):              strings.Repeat("x", 60) + "…",
		largo:                                strings.Repeat("á", 60) + "…",
		"a\xffb":                             "a\uFFFDb",
		strings.Repeat("é", 59) + "\xe2\x82": strings.Repeat("é", 59) + "\uFFFD",
	} {
		if got := eco(in); got != want {
			t.Errorf("eco(%.20q…) = %q, want %q", in, got, want)
		}
	}
}

// TestEcoMensajes checks that every message that repeats what a reader sent repeats at most
// 60 characters of it, cut between characters: the 404 pages, the API's errors, the image
// and file 404s, the selector's corte, the search and the body of a 301.
func TestEcoMensajes(t *testing.T) {
	largo := strings.Repeat("á", 100)
	esc := url.PathEscape(largo)
	for _, p := range []string{
		"/" + strings.Repeat("x", 50) + esc, "/cortes/2/GUB/actas/" + esc,
		"/cortes/2/GUB/casillas/" + esc, "/cortes/2/GUB/secciones/" + esc,
		"/cortes/2/GUB/distritos/" + esc, "/cortes/2/" + strings.Repeat("X", 80),
		"/cortes/" + esc, "/cortes/2/archivos/" + esc, "/imagenes/" + esc + ".png",
		"/cortes/ir?n=" + esc, "/api/v1/cortes/2/GUB/actas/" + esc,
		"/api/v1/cortes/2/GUB/otra/" + esc, "/publicacion/0002/" + esc,
	} {
		res := get(t, http.MethodGet, p)
		body, _ := io.ReadAll(res.Body)
		msg := string(body)
		if strings.HasPrefix(p, "/api/") {
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			msg = e.Error
		}
		if res.StatusCode != http.StatusNotFound || !utf8.ValidString(msg) {
			t.Errorf("%.50s: status %d, valid UTF-8 %v", p, res.StatusCode, utf8.ValidString(msg))
		}
		if strings.Contains(msg, strings.Repeat("á", 61)) ||
			strings.Contains(msg, strings.Repeat("X", 61)) {
			t.Errorf("%.50s: the message repeats more than 60 characters: %.300s", p, msg)
		}
		if strings.Contains(p, esc) && !strings.Contains(msg, "á…") {
			t.Errorf("%.50s: the message does not mark what it cut: %.300s", p, msg)
		}
	}
	if b := page(t, "/buscar?q="+url.QueryEscape(strings.Repeat("ñ", 90)),
		http.StatusOK); !strings.Contains(b, "No encontramos «"+strings.Repeat("ñ", 60)+"…»") {
		t.Error("the search does not repeat its query through eco")
	}
	res := get(t, http.MethodGet, "/cortes/2/GUB/actas/"+esc+"/")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusMovedPermanently || !utf8.Valid(body) ||
		len(body) > 200 {
		t.Errorf("301 of a long path: status %d, %d bytes, valid UTF-8 %v", res.StatusCode,
			len(body), utf8.Valid(body))
	}
}
