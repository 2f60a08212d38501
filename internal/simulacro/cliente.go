package simulacro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// Respuesta is the JSON answer of a staff endpoint asked with Accept: application/json.
type Respuesta struct {
	OK            bool     `json:"ok"`
	Mensaje       string   `json:"mensaje"`
	Eleccion      string   `json:"eleccion"`
	Acta          string   `json:"acta"`
	Estado        string   `json:"estado"`
	Duplicada     bool     `json:"duplicada"`
	FueraCatalogo bool     `json:"fuera_catalogo"`
	SHA256        string   `json:"sha256"`
	Campos        []Campo  `json:"campos"`
	Diferencias   []string `json:"diferencias"`
	Numero        int      `json:"numero"`
	// Siguiente is, after a capture, the next acta the server handed to the capturista.
	Siguiente *Respuesta `json:"siguiente"`
}

// Campo is one field of a capture form as the server lists it.
type Campo struct {
	Columna  string `json:"columna"`
	Etiqueta string `json:"etiqueta"`
}

// ErrNada is returned when the server has no acta for the asked stage right now.
var ErrNada = errors.New("nothing to do")

// cliente is one member of the staff, logged in with his own session.
type cliente struct {
	base    string
	usuario string
	http    *http.Client
}

// nuevoCliente logs in usuario; when the server demands a new password on first login, it
// sets nueva.
func nuevoCliente(ctx context.Context, base, usuario, password, nueva string) (*cliente, error) {
	jar, _ := cookiejar.New(nil)
	// Each member of the staff works at his own device, with connections of his own: one
	// transport shared by all would keep two idle connections and dial again for the rest.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	c := &cliente{base: strings.TrimSuffix(base, "/"), usuario: usuario,
		http: &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: tr}}
	r, err := c.form(ctx, "/operacion/login", url.Values{"usuario": {usuario},
		"password": {password}})
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", usuario, err)
	}
	if r.Estado == "cambiar_password" {
		_, err = c.form(ctx, "/operacion/password", url.Values{"actual": {password},
			"nueva": {nueva}, "confirmacion": {nueva}})
		if err != nil {
			return nil, fmt.Errorf("change password %s: %w", usuario, err)
		}
	}
	return c, nil
}

// form posts a form and decodes the JSON answer.
func (c *cliente) form(ctx context.Context, path string, v url.Values) (*Respuesta, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path,
		strings.NewReader(v.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// get asks for a JSON answer.
func (c *cliente) get(ctx context.Context, path string) (*Respuesta, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	return c.do(req)
}

// upload posts a multipart form with one file field "imagen".
func (c *cliente) upload(ctx context.Context, path string, v url.Values, name string,
	data []byte) (*Respuesta, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, s := range vs {
			mw.WriteField(k, s)
		}
	}
	fw, err := mw.CreateFormFile("imagen", name)
	if err != nil {
		return nil, err
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path,
		bytes.NewReader(body.Bytes()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// do sends the request asking for JSON. A 404 with ok false is ErrNada; any other refusal
// is an error carrying the server's Spanish message.
func (c *cliente) do(req *http.Request) (*Respuesta, error) {
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	var r Respuesta
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("%s %s: status %d, not JSON: %.200s", req.Method,
			req.URL.Path, resp.StatusCode, body)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound && !r.OK:
		return &r, ErrNada
	case resp.StatusCode >= 300 || !r.OK:
		return &r, fmt.Errorf("%s %s: status %d: %s", req.Method, req.URL.Path,
			resp.StatusCode, r.Mensaje)
	}
	return &r, nil
}
