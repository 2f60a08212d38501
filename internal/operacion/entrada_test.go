package operacion

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/store"
)

// TestImagenNoValida sends uploads that are no acta image: each is refused with a Spanish
// message, recorded as a refusal, and leaves the acta as it was, with no image kept.
func TestImagenNoValida(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.acopio.acopiar(actaB)
	whole := imagenPNG(1)
	grande := append(append([]byte{}, whole[:8]...), make([]byte, store.MaxImagen+1-8)...)
	body, ct := multipartBody(url.Values{"eleccion": {"GUB"}, "acta": {actaB}}, whole)
	for _, tc := range []struct {
		name string
		req  *http.Request
		code int
		msg  string
		// target is the acta the refusal names; a form cut mid-way loses its fields too,
		// so its refusal cannot name the acta.
		target string
	}{
		{"over the size limit", l.digital.uploadReq(grande), http.StatusRequestEntityTooLarge,
			"pesa más de 10 MB", ""},
		{"text", l.digital.uploadReq([]byte("esto no es una imagen\n")),
			http.StatusUnprocessableEntity, "no es una imagen JPEG, PNG ni un PDF", ""},
		{"empty", l.digital.uploadReq(nil), http.StatusUnprocessableEntity, "está vacío", ""},
		{"PNG cut in half", l.digital.uploadReq(whole[:len(whole)/2]),
			http.StatusUnprocessableEntity, "la imagen PNG está incompleta", ""},
		{"form cut mid-way", l.digital.request(http.MethodPost, "/digitalizacion",
			bytes.NewReader(body[:len(body)-len(whole)/2]), ct),
			http.StatusUnprocessableEntity, "el envío llegó incompleto", "/"},
		{"no file", l.digital.request(http.MethodPost, "/digitalizacion",
			strings.NewReader("eleccion=GUB&acta="+actaB), "application/x-www-form-urlencoded"),
			http.StatusUnprocessableEntity, "no es un formulario con archivo", ""},
	} {
		if tc.target == "" {
			tc.target = "GUB/" + actaB
		}
		t.Run(tc.name, func(t *testing.T) {
			before := len(l.bitacora(store.AuditFilter{}))
			got := l.digital.do(tc.req)
			if got.code != tc.code || !strings.Contains(got.r.Mensaje, tc.msg) {
				t.Errorf("got %d %q, want %d %q", got.code, got.r.Mensaje, tc.code, tc.msg)
			}
			es := l.bitacora(store.AuditFilter{})[before:]
			if len(es) != 1 || es[0].Action != "digitalizacion" || es[0].Outcome != "rechazo" ||
				es[0].Actor != "digital" || !strings.Contains(es[0].Detail, tc.msg) ||
				es[0].Target != tc.target {
				t.Errorf("audit: %+v, want one digitalizacion rechazo by digital on %s", es,
					tc.target)
			}
			o := l.operacion("GUB", actaB)
			if o.Etapa != prep.Acopiada || len(o.Imagenes) != 0 || o.Imagen != "" {
				t.Errorf("acta after the refusal: etapa %s, %d images", o.Etapa,
					len(o.Imagenes))
			}
			if files := l.imagenes(); len(files) != 0 {
				t.Errorf("image files kept: %v", files)
			}
		})
	}
	l.digital.escanear(actaB, whole) // and the whole image still goes through
}

// uploadReq is the request of a scan of actaB with data as its image.
func (c *cliente) uploadReq(data []byte) *http.Request {
	body, ct := multipartBody(url.Values{"eleccion": {"GUB"}, "acta": {actaB}}, data)
	return c.request(http.MethodPost, "/digitalizacion", bytes.NewReader(body), ct)
}

// TestCapturaNoValida sends captures with fields that cannot be read: each is refused with
// 422 and one error per bad field, recorded, and records no capture.
func TestCapturaNoValida(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	cs := l.cap1.campos(actaB)
	col := columna(t, cs, "NULOS")
	for _, tc := range []struct{ typed, msg string }{
		{"-5", "la cifra no puede ser negativa"},
		{"abc", "solo se admiten cifras, «Ilegible» o «Sin dato»"},
		{"1e3", "solo se admiten cifras"},
		{"", "el campo está vacío"},
		{"  ", "el campo está vacío"},
		{"1.000", "sin puntos, comas ni decimales"},
		{"1000000", "la cifra es mayor que 999999"},
	} {
		got := l.cap1.capturar(actaB, formCaptura(cs, func(c string) string {
			return map[bool]string{true: tc.typed, false: "10"}[c == col]
		}))
		if got.code != http.StatusUnprocessableEntity || len(got.r.Errores) != 1 ||
			got.r.Errores[0].Columna != col ||
			!strings.Contains(got.r.Errores[0].Mensaje, tc.msg) {
			t.Errorf("%s = %q: got %d %+v, want 422 with %q on %s", col, tc.typed, got.code,
				got.r.Errores, tc.msg, col)
		}
	}
	bad := map[string]string{cs[0].Columna: "-1", cs[1].Columna: "doce", cs[2].Columna: "1e3",
		col: ""}
	got := l.cap1.capturar(actaB, formCaptura(cs, func(c string) string {
		if v, ok := bad[c]; ok {
			return v
		}
		return "10"
	}))
	if got.code != http.StatusUnprocessableEntity || len(got.r.Errores) != len(bad) {
		t.Errorf("four bad fields: got %d with %d errors, want 422 with 4", got.code,
			len(got.r.Errores))
	}
	for _, e := range got.r.Errores {
		if _, ok := bad[e.Columna]; !ok {
			t.Errorf("error on %s, which was typed well", e.Columna)
		}
	}
	req := l.cap1.request(http.MethodPost, "/captura/GUB/"+actaB,
		strings.NewReader(formCaptura(cs, func(string) string { return "x" }).Encode()),
		"application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	if got := l.cap1.do(req); got.code != http.StatusUnprocessableEntity ||
		!strings.Contains(string(got.body), "Revise los campos marcados") {
		t.Errorf("HTML form with bad fields: got %d, want 422 with the fields marked",
			got.code)
	}

	if n := len(l.bitacora(store.AuditFilter{Actor: "cap1", Action: "captura",
		Outcome: "rechazo"})); n != 9 {
		t.Errorf("captura refusals in the trail: %d, want 9", n)
	}
	if n := len(l.bitacora(store.AuditFilter{Action: "captura", Outcome: "exito"})); n != 0 {
		t.Errorf("captures recorded: %d, want none", n)
	}
	got = l.cap1.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "good capture")
	if got.r.Estado != "capturada" {
		t.Errorf("capture after the refusals: estado %q, want capturada (first of two)",
			got.r.Estado)
	}
}

// TestClaveNoValida checks keys that name no acta of the election chosen: a key of
// another election is refused, a key of no election is recorded fuera de catálogo.
func TestClaveNoValida(t *testing.T) {
	t.Parallel()
	l := newLinea(t, "GUB", "DIP_LOC")
	for _, tc := range []struct {
		name string
		send func() respuestaHTTP
	}{
		{"acopio", func() respuestaHTTP {
			return l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {actaDip}})
		}},
		{"digitalizacion", func() respuestaHTTP {
			return l.digital.upload("/digitalizacion", url.Values{"eleccion": {"GUB"},
				"acta": {actaDip}}, imagenPNG(1))
		}},
		{"casilla", func() respuestaHTTP {
			return l.digital.upload("/casilla", url.Values{"eleccion": {"GUB"},
				"clave": {actaDip}}, imagenPNG(1))
		}},
	} {
		got := tc.send()
		if got.code != http.StatusUnprocessableEntity || !strings.Contains(got.r.Mensaje,
			"es de un acta de la elección DIP_LOC, no de GUB") {
			t.Errorf("%s of a DIP_LOC key as GUB: got %d %q", tc.name, got.code, got.r.Mensaje)
		}
		if e := l.ultima(map[bool]string{true: "acopio", false: "digitalizacion"}[tc.name ==
			"acopio"]); e.Outcome != "rechazo" || e.Target != "GUB/"+actaDip {
			t.Errorf("%s: last entry %+v, want a rechazo on GUB/%s", tc.name, e, actaDip)
		}
	}
	if o := l.operacion("DIP_LOC", actaDip); o.Etapa != prep.Esperada {
		t.Errorf("%s after the refusals: etapa %s, want esperada", actaDip, o.Etapa)
	}
	got := l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {"21/04"}})
	if got.code != http.StatusUnprocessableEntity || !strings.Contains(got.r.Mensaje,
		"clave de acta no válida") {
		t.Errorf("key with a slash: got %d %q, want 422", got.code, got.r.Mensaje)
	}
	got = l.acopio.post("/acopio", url.Values{"eleccion": {"AYUN"}, "clave": {actaB}})
	if got.code != http.StatusNotFound || !strings.Contains(got.r.Mensaje, "no está en "+
		"operación") {
		t.Errorf("election not loaded: got %d %q, want 404", got.code, got.r.Mensaje)
	}

	got = l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {"ZZ9999"},
		"fuera_catalogo": {"1"}}).
		want(t, http.StatusOK, "unknown key")
	if !got.r.FueraCatalogo || got.r.Acta != "FC-ZZ9999" ||
		!strings.Contains(got.r.Mensaje, "FUERA DE CATÁLOGO") {
		t.Errorf("unknown key: %+v, want fuera_catalogo", got.r)
	}
	if e := l.ultima("acopio"); e.Outcome != "exito" || e.Target != "GUB/FC-ZZ9999" ||
		e.Detail != "clave fuera de catálogo: ZZ9999" {
		t.Errorf("unknown key entry: %+v", e)
	}
	p, err := l.st.Progreso(l.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.FueraCatalogo != 1 || p.Total[prep.Acopiada] != 0 {
		t.Errorf("progress: %d fuera de catálogo, %d acopiadas; want 1, 0", p.FueraCatalogo,
			p.Total[prep.Acopiada])
	}
}

// TestUsuarioDeshabilitado checks that disabling a user closes his open session at once.
func TestUsuarioDeshabilitado(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.cap1.get("/captura/siguiente").want(t, http.StatusNotFound, "before")
	got := l.admin.post("/usuarios/cap1", url.Values{"accion": {"deshabilitar"}}).
		want(t, http.StatusOK, "disable")
	if e := l.ultima("usuario_baja"); e.Actor != "admin" || e.Target != "cap1" ||
		e.Outcome != "exito" || !strings.Contains(e.After, `"deshabilitado":true`) {
		t.Errorf("disable entry: %+v", e)
	}
	for _, path := range []string{"/captura/siguiente", "/password"} {
		got = l.cap1.get(path)
		if got.code != http.StatusUnauthorized || !strings.Contains(got.r.Mensaje,
			"inicie sesión de nuevo") {
			t.Errorf("old cookie of a disabled user on %s: got %d %q, want 401", path,
				got.code, got.r.Mensaje)
		}
	}
	if got := l.cap1.post("/logout", nil); got.code != http.StatusUnauthorized {
		t.Errorf("logout with the old cookie: got %d, want 401", got.code)
	}
	got = l.anonimo().login("cap1", claveDefinitiva)
	if got.code != http.StatusUnauthorized {
		t.Errorf("login of a disabled user: got %d, want 401", got.code)
	}
	if e := l.ultima("login"); e.Outcome != "rechazo" || e.Detail != "usuario deshabilitado"+
		" (desde 127.0.0.1)" {
		t.Errorf("refused login entry: %+v", e)
	}
	got = l.admin.post("/usuarios/admin", url.Values{"accion": {"deshabilitar"}})
	if got.code != http.StatusForbidden || !strings.Contains(got.r.Mensaje, "su propia cuenta") {
		t.Errorf("admin disabling himself: got %d %q, want 403", got.code, got.r.Mensaje)
	}
}

// TestLimiteIntentos checks that the sixth failed login of an account within the window is
// refused, even with the right password, with 429 and a Spanish message.
func TestLimiteIntentos(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	c := l.anonimo()
	for i := range maxFallosCuenta {
		if got := c.login("cap1", "equivocada-"+string(rune('a'+i))); got.code !=
			http.StatusUnauthorized || !strings.Contains(got.r.Mensaje, "incorrectos") {
			t.Fatalf("failed login %d: got %d %q, want 401", i+1, got.code, got.r.Mensaje)
		}
	}
	got := c.login("cap1", claveDefinitiva)
	if got.code != http.StatusTooManyRequests || !strings.Contains(got.r.Mensaje,
		"Espere 15 minutos") {
		t.Errorf("sixth login: got %d %q, want 429 asking to wait 15 minutes", got.code,
			got.r.Mensaje)
	}
	es := l.bitacora(store.AuditFilter{Actor: "cap1", Action: "login", Outcome: "rechazo"})
	if len(es) != 6 || !strings.HasPrefix(es[5].Detail, "bloqueado por intentos") {
		t.Errorf("refused logins in the trail: %d, last %+v; want 6, the last blocked", len(es),
			es[len(es)-1])
	}
	// The limit is the account's: another account from the same address still signs in.
	if got := l.anonimo().login("cap2", claveDefinitiva); got.code != http.StatusOK {
		t.Errorf("login of another account: got %d, want 200", got.code)
	}
	// A session opened before the attack keeps working.
	l.cap1.get("/captura/siguiente").want(t, http.StatusNotFound, "open session of cap1")

	// The administrador's reset gives a new password and lifts the account's lockout.
	got = l.admin.post("/usuarios/cap1", url.Values{"accion": {"restablecer"}})
	temp, _ := got.r.Extra["temporal"].(string)
	if got.code != http.StatusOK || temp == "" {
		t.Fatalf("reset of cap1: got %d %+v", got.code, got.r)
	}
	if got := l.anonimo().login("cap1", temp); got.code != http.StatusOK {
		t.Errorf("login after the reset: got %d %q, want 200", got.code, got.r.Mensaje)
	}
}

// TestOtroSitio checks that a POST made from another site is refused, recorded, and
// changes nothing; the same POST from the application itself goes through.
func TestOtroSitio(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	form := url.Values{"eleccion": {"GUB"}, "clave": {actaB}}.Encode()
	for _, h := range []struct{ key, value string }{
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "http://otro-sitio.example"},
	} {
		req := l.acopio.request(http.MethodPost, "/acopio", strings.NewReader(form),
			"application/x-www-form-urlencoded")
		req.Header.Set(h.key, h.value)
		got := l.acopio.do(req)
		if got.code != http.StatusForbidden || !strings.Contains(got.r.Mensaje,
			"proviene de otro sitio") {
			t.Errorf("%s: %s: got %d %q, want 403", h.key, h.value, got.code, got.r.Mensaje)
		}
		e := l.ultima("acceso_denegado")
		if e.Outcome != "rechazo" || e.Target != "POST "+Prefix+"/acopio" ||
			e.Actor != "acopio" || !strings.Contains(e.Detail, "otro sitio") {
			t.Errorf("%s: audit entry %+v, want acceso_denegado rechazo by acopio", h.key, e)
		}
	}
	if o := l.operacion("GUB", actaB); o.Etapa != prep.Esperada {
		t.Errorf("after the cross-site POSTs: etapa %s, want esperada", o.Etapa)
	}
	req := l.acopio.request(http.MethodPost, "/acopio", strings.NewReader(form),
		"application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", l.srv.URL)
	l.acopio.do(req).want(t, http.StatusOK, "same-origin POST")
	anon := l.anonimo()
	req = anon.request(http.MethodPost, "/login", strings.NewReader("usuario=acopio&"+
		"password="+claveDefinitiva), "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if got := anon.do(req); got.code != http.StatusForbidden {
		t.Errorf("cross-site login: got %d, want 403", got.code)
	}
}

// TestClaveSinConfirmar refuses an unknown key until the acopiador confirms it is fuera de
// catálogo: a typo would otherwise count as an acta in every election's summary.
func TestClaveSinConfirmar(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	got := l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {"ZZ8888"}}).
		want(t, http.StatusUnprocessableEntity, "unconfirmed unknown key")
	if got.r.FueraCatalogo || !strings.Contains(got.r.Mensaje, "FUERA DE CATÁLOGO") {
		t.Errorf("unconfirmed unknown key: %+v", got.r)
	}
	if e := l.ultima("acopio"); e.Outcome != "rechazo" || e.Target != "GUB/ZZ8888" {
		t.Errorf("refusal entry: %+v", e)
	}
	p, err := l.st.Progreso(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if p.FueraCatalogo != 0 {
		t.Errorf("progress after a refused key: %d fuera de catálogo, want 0", p.FueraCatalogo)
	}
}

// TestTextoNoValido sends a NUL byte or bytes that are not UTF-8 in the path, the query, a
// form field and a multipart field: each request is refused with 422 and a Spanish message
// before anything is looked up or stored, and the attempt is recorded, escaped, in the
// trail. (On PostgreSQL such bytes used to fail in the database with a 500.)
func TestTextoNoValido(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	body, ct := multipartBody(url.Values{"eleccion": {"G\x00UB"}, "acta": {actaB}},
		imagenPNG(7))
	form := "application/x-www-form-urlencoded"
	anon := l.anonimo()
	for _, tc := range []struct {
		name string
		c    *cliente
		req  *http.Request
	}{
		{"path", l.verif, l.verif.request(http.MethodGet, "/verificacion/GUB/%00", nil, "")},
		{"path not UTF-8", l.admin, l.admin.request(http.MethodGet, "/actas/GUB/%FF", nil,
			"")},
		{"query", l.admin, l.admin.request(http.MethodGet, "/auditoria?actor=a%00b", nil, "")},
		{"form", l.verif, l.verif.request(http.MethodPost, "/verificacion/GUB/"+actaB,
			strings.NewReader("accion=devolver&motivo=mal%00capturada"), form)},
		{"login", anon, anon.request(http.MethodPost, "/login",
			strings.NewReader("usuario=ad%FFmin&password=x"), form)},
		{"multipart", l.digital, l.digital.request(http.MethodPost, "/digitalizacion",
			bytes.NewReader(body), ct)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(l.bitacora(store.AuditFilter{}))
			got := tc.c.do(tc.req)
			if got.code != http.StatusUnprocessableEntity ||
				!strings.Contains(got.r.Mensaje, "tiene caracteres no válidos") {
				t.Errorf("got %d %q, want 422 and a Spanish refusal", got.code, got.r.Mensaje)
			}
			es := l.bitacora(store.AuditFilter{})[before:]
			if len(es) != 1 || es[0].Outcome != "rechazo" {
				t.Fatalf("audit: %+v, want one refusal", es)
			}
			if !store.TextoValido(es[0].Target) || !store.TextoValido(es[0].Detail) {
				t.Errorf("audit entry holds invalid text: %q", es[0].Target)
			}
		})
	}
	if files := l.imagenes(); len(files) != 0 {
		t.Errorf("image kept from a refused upload: %v", files)
	}
}

// TestSubidasSimultaneas checks the bound on uploads read at once: with every turn taken,
// an upload waits (its client gives up here) and nothing of it is stored; once a turn is
// free, the same upload goes through.
func TestSubidasSimultaneas(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.acopio.acopiar(actaB)
	for range SubidasSimultaneas {
		l.ops.subidas <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req := l.digital.uploadReq(imagenPNG(9)).WithContext(ctx)
	if res, err := l.digital.hc.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("upload with every turn taken answered %d, want it to wait", res.StatusCode)
	}
	if files := l.imagenes(); len(files) != 0 {
		t.Errorf("an upload that waited stored %v", files)
	}
	for range SubidasSimultaneas {
		<-l.ops.subidas
	}
	l.digital.escanear(actaB, imagenPNG(9))
}
