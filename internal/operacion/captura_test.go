package operacion

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/store"
)

// linea is the staff of a small CATD (catdBase), signed in.
type linea struct {
	*fixture
	acopio, digital, cap1, cap2, cap3, verif, admin *cliente
}

// newLinea serves the catalogs of the elections (GUB when none is given) to the staff of
// a small CATD.
func newLinea(t *testing.T, elecciones ...string) *linea {
	f := newFixture(t, elecciones...)
	cs := f.equipo(catdBase()...)
	return &linea{fixture: f, acopio: cs[0], digital: cs[1], cap1: cs[2], cap2: cs[3],
		cap3: cs[4], verif: cs[5], admin: cs[6]}
}

// actor is the store actor of a signed-in user, with another role: what a user holding
// two roles would be, which the staff application cannot create.
func (l *linea) actor(c *cliente, role auth.Role) store.Actor {
	l.t.Helper()
	u, err := l.st.UserByName(l.ctx, c.user)
	if err != nil {
		l.t.Fatal(err)
	}
	a := u.Actor("test")
	a.Role = string(role)
	return a
}

// refusedWith checks that err is a refusal of the kind whose message says want.
func refusedWith(t *testing.T, err, kind error, want string) {
	t.Helper()
	var rf *store.Refusal
	if !errors.As(err, &rf) || !errors.Is(err, kind) || !strings.Contains(rf.Msg, want) {
		t.Errorf("got %v, want a %v refusal saying %q", err, kind, want)
	}
}

// columna returns the column of the form named name, failing the test if it has none.
func columna(t *testing.T, cs []campoJSON, name string) string {
	t.Helper()
	if !slices.ContainsFunc(cs, func(c campoJSON) bool { return c.Columna == name }) {
		t.Fatalf("the capture form has no %s: %v", name, cs)
	}
	return name
}

// TestCapturaDosVeces checks that a capturista cannot key the same acta twice: the second
// capture of the round must be someone else's.
func TestCapturaDosVeces(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	v := formCaptura(l.cap1.campos(actaB), diez)
	got := l.cap1.capturar(actaB, v).want(t, http.StatusOK, "first capture")
	if got.r.Estado != "capturada" {
		t.Errorf("first capture: estado %q, want capturada", got.r.Estado)
	}
	for _, got := range []respuestaHTTP{l.cap1.capturar(actaB, v),
		l.cap1.get("/captura/GUB/" + actaB)} {
		if got.code != http.StatusForbidden || !strings.Contains(got.r.Mensaje,
			"usted ya capturó el acta "+actaB) {
			t.Errorf("same capturista again: got %d %q, want 403 «usted ya capturó»",
				got.code, got.r.Mensaje)
		}
	}
	if got := l.cap1.get("/captura/siguiente"); got.code != http.StatusNotFound {
		t.Errorf("next capture for the one who keyed the only acta: got %d %q, want 404",
			got.code, got.r.Acta)
	}
	rechazos := l.bitacora(store.AuditFilter{Actor: "cap1", Action: "captura",
		Outcome: "rechazo"})
	if len(rechazos) != 2 || rechazos[0].Target != "GUB/"+actaB {
		t.Errorf("refusals of cap1 in the trail: %+v, want 2 on GUB/%s", rechazos, actaB)
	}
	if o := l.operacion("GUB", actaB); o.Etapa != prep.Digitalizada {
		t.Errorf("after the refused capture: etapa %s, want digitalizada", o.Etapa)
	}
	got = l.cap2.capturar(actaB, v).want(t, http.StatusOK, "second capture, by another")
	if got.r.Estado != "verificada" {
		t.Errorf("second capture: estado %q, want verificada", got.r.Estado)
	}
}

// TestDigitalizadorNoCaptura checks, at the store, that the one who digitized an acta
// cannot capture it. Roles are single, so no user of the staff application holds both
// Digitalizar and Capturar (auth grants); the store refuses it anyway, by user name.
func TestDigitalizadorNoCaptura(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	for _, role := range auth.Roles {
		if auth.Can(role, auth.Digitalizar) && auth.Can(role, auth.Capturar) {
			t.Errorf("role %s may both digitize and capture", role)
		}
		if auth.Can(role, auth.Capturar) && auth.Can(role, auth.Verificar) {
			t.Errorf("role %s may both capture and verify", role)
		}
	}
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	a := l.actor(l.digital, auth.Capturista)
	_, err := l.st.AsignarCaptura(l.ctx, a, "GUB", actaB)
	refusedWith(t, err, store.ErrForbidden, "usted digitalizó el acta "+actaB)
	_, err = l.st.Capturar(l.ctx, a, "GUB", actaB, make(prep.Captura, 1), false)
	refusedWith(t, err, store.ErrForbidden, "usted digitalizó el acta "+actaB)
	if _, err := l.st.SiguienteCaptura(l.ctx, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("next capture for the digitalizador: got %v, want ErrNotFound", err)
	}
	if o := l.operacion("GUB", actaB); o.Etapa != prep.Digitalizada {
		t.Errorf("etapa %s, want digitalizada", o.Etapa)
	}
}

// TestCapturistaNoVerifica checks, at the store, that a verificador who captured an acta
// cannot settle it, nor get it from the queue: store.checkVerificacion counts his
// captures of every round.
func TestCapturistaNoVerifica(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	cs := l.cap1.campos(actaB)
	l.cap1.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "capture 1")
	col := columna(t, cs, "NULOS")
	got := l.cap2.capturar(actaB, formCaptura(cs, func(c string) string {
		return map[bool]string{true: "11", false: "10"}[c == col]
	})).want(t, http.StatusOK, "capture 2")
	if got.r.Estado != "por_verificar" {
		t.Fatalf("differing captures: estado %q, want por_verificar", got.r.Estado)
	}
	a := l.actor(l.cap1, auth.Verificador)
	if _, err := l.st.SiguienteVerificacion(l.ctx, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("next verification for one who captured: got %v, want ErrNotFound", err)
	}
	_, err := l.st.AsignarVerificacion(l.ctx, a, "GUB", actaB)
	refusedWith(t, err, store.ErrForbidden, "usted capturó el acta "+actaB)
	_, err = l.st.Verificar(l.ctx, a, "GUB", actaB, store.Decision{
		Valores: map[string]acta.Value{col: acta.Num(10)}})
	refusedWith(t, err, store.ErrForbidden, "usted capturó el acta "+actaB)
	_, err = l.st.Verificar(l.ctx, a, "GUB", actaB, store.Decision{Devolver: true})
	refusedWith(t, err, store.ErrForbidden, "usted capturó el acta "+actaB)
	if o := l.operacion("GUB", actaB); o.Etapa != prep.PorVerificar || o.Ronda != 1 {
		t.Errorf("after the refusals: etapa %s ronda %d, want por_verificar 1", o.Etapa,
			o.Ronda)
	}
}

// TestCapturaCoincide checks two agreeing captures: the acta is verified by the system
// and st.Actas holds the captured figures, classified from them.
func TestCapturaCoincide(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	img := l.digitalizada(l.acopio, l.digital, actaB, 1)
	cs := l.cap1.campos(actaB)
	// One vote field blank on the acta: counted, with ALGUN CAMPO ILEGIBLE O SIN DATO.
	blank := columna(t, cs, "NO_REGISTRADAS")
	typed := func(c string) string {
		if c == blank {
			return "sin dato"
		}
		return "10"
	}
	l.cap1.capturar(actaB, formCaptura(cs, typed)).want(t, http.StatusOK, "capture 1")
	if a := l.acta("GUB", actaB); a.Registrada() {
		t.Errorf("after one capture the acta is published: %v", a.Votos)
	}
	got := l.cap2.capturar(actaB, formCaptura(cs, typed)).want(t, http.StatusOK, "capture 2")
	if got.r.Estado != "verificada" || len(got.r.Diferencias) != 0 {
		t.Fatalf("agreeing captures: estado %q diferencias %v, want verificada, none",
			got.r.Estado, got.r.Diferencias)
	}

	a := l.acta("GUB", actaB)
	o := l.operacion("GUB", actaB)
	var votos, sinDato int64
	for _, c := range o.Campos {
		if c.Voto < 0 {
			continue
		}
		switch v := a.Votos[c.Voto]; {
		case c.Columna == blank && v.Kind != acta.SinDato:
			t.Errorf("%s: got %v, want SIN DATO", c.Columna, v)
		case c.Columna == blank:
			sinDato++
		case v != acta.Num(10):
			t.Errorf("%s: got %v, want 10", c.Columna, v)
		default:
			votos++
		}
	}
	if sinDato != 1 || votos == 0 {
		t.Fatalf("vote fields: %d numbers, %d SIN DATO; want some numbers and 1 SIN DATO",
			votos, sinDato)
	}
	if got := a.Totales[acta.PersonasVotaron]; got != acta.Num(10) {
		t.Errorf("TOTAL_PERSONAS_VOTARON: got %v, want 10", got)
	}
	if a.TotalAsentado != acta.Num(10) || a.TotalCalculado != acta.Num(10*votos) {
		t.Errorf("totals: asentado %v calculado %v, want 10 and %d", a.TotalAsentado,
			a.TotalCalculado, 10*votos)
	}
	cl := a.Calculada(acta.DefaultConfig)
	if cl.Estado != acta.Contabilizada || cl.Observaciones() != acta.ObsAlgun {
		t.Errorf("classification: %v %q, want contabilizada %q", cl.Estado,
			cl.Observaciones(), acta.ObsAlgun)
	}
	if a.CodigoIntegridad != img.SHA256 || a.Origen != "CATD" ||
		a.Digitalizacion != "ESCANER" || a.Mecanismo != "F" || !a.Verificacion.IsTime() {
		t.Errorf("record: hash %s origen %s %s mecanismo %s verificación %v", a.CodigoIntegridad,
			a.Origen, a.Digitalizacion, a.Mecanismo, a.Verificacion)
	}
	if e := l.ultima("verificacion"); e.Actor != "sistema" || e.Detail != "automatica" ||
		e.Target != "GUB/"+actaB {
		t.Errorf("verification entry: actor %s detail %q target %s, want sistema automatica",
			e.Actor, e.Detail, e.Target)
	}
}

// TestCapturaDifiere checks two differing captures: the acta waits for a verificador,
// who sees both and settles the differing field; st.Actas holds what he decided.
func TestCapturaDifiere(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	cs := l.cap1.campos(actaB)
	col := columna(t, cs, "NULOS")
	l.cap1.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "capture 1")
	got := l.cap2.capturar(actaB, formCaptura(cs, func(c string) string {
		return map[bool]string{true: "17", false: "10"}[c == col]
	})).want(t, http.StatusOK, "capture 2")
	if got.r.Estado != "por_verificar" || !slices.Equal(got.r.Diferencias, []string{col}) {
		t.Fatalf("differing captures: estado %q diferencias %v, want por_verificar [%s]",
			got.r.Estado, got.r.Diferencias, col)
	}
	if a := l.acta("GUB", actaB); a.Registrada() {
		t.Errorf("an acta waiting verification is published: %v", a.Votos)
	}

	got = l.verif.get("/verificacion/siguiente").want(t, http.StatusOK, "next verification")
	i := slices.IndexFunc(cs, func(c campoJSON) bool { return c.Columna == col })
	if got.r.Acta != actaB || !slices.Equal(got.r.Diferencias, []string{col}) ||
		len(got.r.Capturas) != 2 || got.r.Capturas[0][i] != "10" || got.r.Capturas[1][i] != "17" {
		t.Fatalf("verification: acta %s diferencias %v capturas %v", got.r.Acta,
			got.r.Diferencias, got.r.Capturas)
	}
	bad := l.verif.post("/verificacion/GUB/"+actaB, url.Values{"accion": {"resolver"},
		col: {"diez"}})
	if bad.code != http.StatusUnprocessableEntity || len(bad.r.Errores) != 1 ||
		bad.r.Errores[0].Columna != col {
		t.Errorf("decision with letters: got %d %+v, want 422 naming %s", bad.code,
			bad.r.Errores, col)
	}
	got = l.verif.post("/verificacion/GUB/"+actaB, url.Values{"accion": {"resolver"},
		col: {"14"}}).want(t, http.StatusOK, "resolve")
	if got.r.Estado != "verificada" {
		t.Errorf("resolved: estado %q, want verificada", got.r.Estado)
	}
	a := l.acta("GUB", actaB)
	var nulos acta.Value
	for _, c := range l.operacion("GUB", actaB).Campos {
		if c.Columna == col {
			nulos = a.Votos[c.Voto]
		}
	}
	if nulos != acta.Num(14) {
		t.Errorf("%s after verification: got %v, want 14 (the verificador's)", col, nulos)
	}
	if cl := a.Calculada(acta.DefaultConfig); cl.Estado != acta.Contabilizada || cl.Flags != 0 {
		t.Errorf("classification: %+v, want contabilizada without observation", cl)
	}
	e := l.ultima("verificacion")
	if e.Actor != "verif" || e.Role != "verificador" || e.Detail != "resuelta: "+col {
		t.Errorf("verification entry: %s %s %q, want verif verificador «resuelta: %s»",
			e.Actor, e.Role, e.Detail, col)
	}
	if got := l.verif.post("/verificacion/GUB/"+actaB, url.Values{"accion": {"resolver"},
		col: {"15"}}); got.code != http.StatusConflict {
		t.Errorf("settling a verified acta again: got %d, want 409", got.code)
	}
}

// TestDevolver checks that an acta sent back to capture starts a second round, waits for
// two new captures and is published only when they agree. The capturistas of the first
// round may key it again: the rule is per round (store.slotOf, SiguienteCaptura).
func TestDevolver(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	cs := l.cap1.campos(actaB)
	col := columna(t, cs, prep.ColBoletasSobrantes)
	l.cap1.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "capture 1")
	l.cap2.capturar(actaB, formCaptura(cs, func(c string) string {
		return map[bool]string{true: "99", false: "10"}[c == col]
	})).want(t, http.StatusOK, "capture 2")

	got := l.verif.post("/verificacion/GUB/"+actaB, url.Values{"accion": {"devolver"},
		"motivo": {"imagen borrosa"}}).want(t, http.StatusOK, "send back")
	if got.r.Estado != "devuelta" {
		t.Errorf("sent back: estado %q, want devuelta", got.r.Estado)
	}
	o := l.operacion("GUB", actaB)
	if o.Etapa != prep.Digitalizada || o.Ronda != 2 {
		t.Fatalf("sent back: etapa %s ronda %d, want digitalizada 2", o.Etapa, o.Ronda)
	}
	if e := l.ultima("verificacion"); e.Actor != "verif" ||
		e.Detail != "devuelta a captura: imagen borrosa" {
		t.Errorf("send-back entry: %s %q", e.Actor, e.Detail)
	}
	if a := l.acta("GUB", actaB); a.Registrada() {
		t.Errorf("an acta sent back is published: %v", a.Votos)
	}

	next := l.cap1.get("/captura/siguiente").want(t, http.StatusOK, "round 2 for cap1")
	if next.r.Acta != actaB {
		t.Errorf("round 2: cap1 got acta %q, want %s again", next.r.Acta, actaB)
	}
	got = l.cap1.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "round 2, 1")
	if got.r.Estado != "capturada" {
		t.Errorf("round 2 first capture: estado %q, want capturada", got.r.Estado)
	}
	if got := l.cap1.capturar(actaB, formCaptura(cs, diez)); got.code != http.StatusForbidden {
		t.Errorf("round 2, cap1 again: got %d, want 403", got.code)
	}
	got = l.cap3.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "round 2, 2")
	if got.r.Estado != "verificada" {
		t.Errorf("round 2 agreeing: estado %q, want verificada", got.r.Estado)
	}
	if v := l.acta("GUB", actaB).Totales; v[acta.BoletasSobrantes] != acta.Num(10) {
		t.Errorf("%s after round 2: got %v, want 10", col, v[acta.BoletasSobrantes])
	}
	_, err := l.st.SiguienteVerificacion(l.ctx, l.actor(l.verif, auth.Verificador))
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("verification queue after round 2: %v, want empty", err)
	}
}

// TestCapturaEntregaSiguiente checks that the answer to a capture hands the capturista his
// next acta, held for him as /captura/siguiente would: the same acta, not a second one.
func TestCapturaEntregaSiguiente(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.digitalizada(l.acopio, l.digital, actaB, 1)
	l.digitalizada(l.acopio, l.digital, actaC1, 2)
	first := l.cap1.get("/captura/siguiente").want(t, http.StatusOK, "first acta")
	otra := actaC1
	if first.r.Acta == actaC1 {
		otra = actaB
	}
	v := formCaptura(l.cap1.campos(first.r.Acta), diez)
	got := l.cap1.capturar(first.r.Acta, v).want(t, http.StatusOK, "capture")
	sig := got.r.Siguiente
	if sig == nil || sig.Acta != otra || len(sig.Campos) == 0 {
		t.Fatalf("capture of %s: siguiente %+v, want acta %s with its form", first.r.Acta,
			sig, otra)
	}
	again := l.cap1.get("/captura/siguiente").want(t, http.StatusOK, "next after capture")
	if again.r.Acta != otra {
		t.Errorf("/captura/siguiente after the capture: acta %s, want the one handed, %s",
			again.r.Acta, otra)
	}
	// The acta handed is held by cap1: of its two slots one is left, which cap2 takes.
	l.cap2.get("/captura/GUB/"+otra).want(t, http.StatusOK, "cap2 takes the other slot")
	if got := l.cap3.get("/captura/" + "GUB/" + otra); got.code != http.StatusConflict {
		t.Errorf("a third capturista on %s, whose two slots are held: got %d %q, want 409",
			otra, got.code, got.r.Mensaje)
	}
}
