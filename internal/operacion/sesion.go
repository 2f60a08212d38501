package operacion

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/store"
)

// cookieName is the session cookie; its value is the token, whose hash the store keeps.
const cookieName = "sufragio_sesion"

// sesion is the signed-in user of a request.
type sesion struct {
	user  *store.User
	actor store.Actor
	hash  string
}

var errSinSesion = errors.New("no session")

// sesion reads the session of the request's cookie. A session of a disabled user, an
// expired one or an unknown token is no session.
func (s *Server) sesion(r *http.Request) (*sesion, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil, errSinSesion
	}
	h := auth.TokenHash(c.Value)
	ses, err := s.st.SessionByHash(r.Context(), h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errSinSesion
	}
	if err != nil {
		return nil, err
	}
	return &sesion{user: ses.User, actor: ses.User.Actor(address(r)), hash: h}, nil
}

// address is the remote address of the request, without its port.
func address(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// sinSesion answers a request without a valid session: the login page for a page, 401
// for a program.
func (s *Server) sinSesion(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, errSinSesion) {
		s.writeError(w, r, nil, err)
		return
	}
	if _, e := r.Cookie(cookieName); e == nil {
		// A cookie that opens nothing: an expired session, or one of a disabled user.
		s.clearCookie(w)
	}
	if wantsJSON(r) || r.Method != http.MethodGet {
		s.writeError(w, r, nil, &store.Refusal{Kind: errSinSesion, Msg: "Su sesión no " +
			"es válida o expiró: inicie sesión de nuevo."})
		return
	}
	http.Redirect(w, r, Prefix+"/login?volver="+url.QueryEscape(r.URL.RequestURI()),
		http.StatusSeeOther)
}

// cambiarPrimero sends a user with a temporary password to change it.
func (s *Server) cambiarPrimero(w http.ResponseWriter, r *http.Request) {
	if wantsJSON(r) {
		writeJSON(w, http.StatusForbidden, respuesta{Mensaje: "Debe cambiar su contraseña " +
			"temporal antes de continuar.", Estado: "cambiar_password"})
		return
	}
	http.Redirect(w, r, Prefix+"/password", http.StatusSeeOther)
}

func (s *Server) setCookie(w http.ResponseWriter, token string, exp time.Time) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: Prefix + "/",
		Expires: exp, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode})
}

func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix + "/",
		MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode})
}

type loginPage struct {
	pagina
	// Cuenta is the user name typed, shown again after a failed login. It must not be
	// called Usuario: that would hide pagina.Usuario, which the layout reads as a user.
	Cuenta, Volver string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, _ *sesion) error {
	return s.render(w, r, http.StatusOK, "login", &loginPage{pagina: s.pagina(nil,
		"Iniciar sesión"), Volver: safeVolver(r.URL.Query().Get("volver"))})
}

// safeVolver keeps a return address only when it is a page of this application.
func safeVolver(v string) string {
	if strings.HasPrefix(v, Prefix+"/") && !strings.HasPrefix(v, "//") &&
		!strings.Contains(v, "\\") {
		return v
	}
	return ""
}

// login checks the password and opens a session. Failures are rate-limited per account
// and per address, and every attempt is audited.
func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *sesion) error {
	ctx := r.Context()
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("usuario")))
	password := r.PostFormValue("password")
	addr := address(r)
	actor := store.Actor{Username: username, Role: "", Address: addr}
	if wait := s.limiter.blocked(username, addr, s.now()); wait > 0 {
		msg := fmt.Sprintf("Demasiados intentos fallidos desde esta cuenta o este equipo. "+
			"Espere %d minutos e intente de nuevo; si olvidó la contraseña, el administrador "+
			"puede restablecerla desde la página Usuarios, lo que levanta el bloqueo de la "+
			"cuenta.", int(wait.Minutes())+1)
		s.st.AuditRefusal(ctx, actor, audit.Login, username, "bloqueado por intentos: "+msg)
		return &limitError{msg: msg}
	}
	u, err := s.st.UserByName(ctx, username)
	ok := false
	switch {
	case errors.Is(err, store.ErrNotFound):
		auth.WasteCheck(password)
	case err != nil:
		return err
	default:
		ok = auth.PasswordMatches(u.PasswordHash, password) && !u.Disabled
		actor.Role = string(u.Role)
	}
	if !ok {
		s.limiter.fail(username, addr, s.now())
		reason := "usuario o contraseña incorrectos"
		if u != nil && u.Disabled {
			reason = "usuario deshabilitado"
		}
		if err := s.st.AuditRefusal(ctx, actor, audit.Login, username, reason); err != nil {
			return err
		}
		return s.loginFallido(w, r, username)
	}
	s.limiter.success(username)
	token, hash := auth.NewToken()
	exp := s.now().Add(s.sessionTTL)
	if err := s.st.OpenSession(ctx, u, hash, exp, addr); err != nil {
		return err
	}
	s.setCookie(w, token, exp)
	estado := "ok"
	if u.MustChange {
		estado = "cambiar_password"
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Estado: estado,
			Mensaje: "Sesión iniciada."})
	}
	dest := safeVolver(r.PostFormValue("volver"))
	if u.MustChange {
		dest = Prefix + "/password"
	}
	if dest == "" {
		dest = Prefix + "/"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

// loginFallido answers a failed login without saying which of the two was wrong.
func (s *Server) loginFallido(w http.ResponseWriter, r *http.Request, username string) error {
	msg := "Usuario o contraseña incorrectos, o la cuenta está deshabilitada."
	if wantsJSON(r) {
		return writeJSON(w, http.StatusUnauthorized, respuesta{Mensaje: msg})
	}
	pg := &loginPage{pagina: s.pagina(nil, "Iniciar sesión"), Cuenta: username,
		Volver: safeVolver(r.PostFormValue("volver"))}
	pg.Error = msg
	return s.render(w, r, http.StatusUnauthorized, "login", pg)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	if err := s.st.CloseSession(r.Context(), ss.actor, ss.hash); err != nil {
		return err
	}
	s.clearCookie(w)
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Mensaje: "Sesión cerrada."})
	}
	http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
	return nil
}

type passwordPage struct {
	pagina
	Obligatorio bool
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	return s.render(w, r, http.StatusOK, "password", &passwordPage{
		pagina: s.pagina(ss, "Cambiar contraseña"), Obligatorio: ss.user.MustChange})
}

// password changes the user's password after checking his current one.
func (s *Server) password(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	actual, nueva := r.PostFormValue("actual"), r.PostFormValue("nueva")
	var msg string
	switch {
	case !auth.PasswordMatches(ss.user.PasswordHash, actual):
		msg = "La contraseña actual no es correcta."
	case nueva != r.PostFormValue("confirmacion"):
		msg = "La contraseña nueva y su confirmación no coinciden."
	default:
		msg = auth.CheckPasswordRules(nueva)
		if msg != "" {
			msg = "La " + strings.TrimPrefix(msg, "la ") + "."
		}
	}
	if msg != "" {
		return &store.Refusal{Kind: store.ErrInvalid, Msg: msg}
	}
	if err := s.st.ChangePassword(r.Context(), ss.actor, nueva, ss.hash); err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, respuesta{OK: true, Estado: "ok",
			Mensaje: "Contraseña cambiada."})
	}
	http.Redirect(w, r, Prefix+"/?aviso=password", http.StatusSeeOther)
	return nil
}

// limiter counts failed logins per account and per address in a sliding window; past the
// limit, logins from there are refused until the window passes. It lives in memory: a
// restart forgets it, which only helps someone who can restart the server.
type limiter struct {
	mu       sync.Mutex
	fails    map[string][]time.Time
	max      int
	maxAddr  int
	window   time.Duration
	lastTrim time.Time
}

// Login limits: 5 failures per account, 20 per address, in 15 minutes.
const (
	maxFallosCuenta    = 5
	maxFallosDireccion = 20
	ventanaFallos      = 15 * time.Minute
)

func newLimiter() *limiter {
	return &limiter{fails: map[string][]time.Time{}, max: maxFallosCuenta,
		maxAddr: maxFallosDireccion, window: ventanaFallos}
}

// limitError is a login refused by the limiter.
type limitError struct{ msg string }

func (e *limitError) Error() string { return "login rate limited" }

// blocked returns how long the account or the address must still wait, or 0.
func (l *limiter) blocked(user, addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	wait := l.wait("u:"+user, l.max, now)
	if w := l.wait("a:"+addr, l.maxAddr, now); w > wait {
		wait = w
	}
	return wait
}

func (l *limiter) wait(key string, max int, now time.Time) time.Duration {
	ts := l.recent(key, now)
	if len(ts) < max {
		return 0
	}
	return ts[len(ts)-max].Add(l.window).Sub(now)
}

// recent keeps only the failures within the window.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	ts := l.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = ts
	}
	return ts
}

func (l *limiter) fail(user, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails["u:"+user] = append(l.recent("u:"+user, now), now)
	l.fails["a:"+addr] = append(l.recent("a:"+addr, now), now)
	if now.Sub(l.lastTrim) > l.window {
		for k := range l.fails {
			l.recent(k, now)
		}
		l.lastTrim = now
	}
}

// success forgets the account's failures; the address keeps its own.
func (l *limiter) success(user string) {
	l.mu.Lock()
	delete(l.fails, "u:"+user)
	l.mu.Unlock()
}
