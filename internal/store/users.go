package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/catalog"
)

// User is a member of the staff.
type User struct {
	ID       int64
	Username string
	Nombre   string
	Role     auth.Role
	CATD     string // "" for every CATD
	// Consejo is the council the user acts for in the cómputos (D-001, M-114); "" for the
	// Consejo General, which acts on every cómputo.
	Consejo    string
	MustChange bool // the password is temporary and must be changed at the next login
	Disabled   bool
	Created    time.Time
	// PasswordHash is the bcrypt hash of the password.
	PasswordHash string
}

// Actor returns the user as the actor of an action from address.
func (u *User) Actor(address string) Actor {
	return Actor{UserID: u.ID, Username: u.Username, Role: string(u.Role), CATD: u.CATD,
		Consejo: u.Consejo, Address: address}
}

// userView is what the trail records of a user: never the password hash.
func (u *User) view() map[string]any {
	return map[string]any{"usuario": u.Username, "nombre": u.Nombre, "rol": u.Role,
		"catd": u.CATD, "consejo": u.Consejo, "debe_cambiar": u.MustChange, "deshabilitado": u.Disabled}
}

// Refusal is an action refused for a reason people can read (Msg, in Spanish); the staff
// application shows it and records it in the audit trail.
type Refusal struct {
	Msg string
	// Kind tells the staff application which status to answer: ErrNotFound, ErrConflict,
	// ErrForbidden or ErrInvalid.
	Kind error
}

func (r *Refusal) Error() string { return r.Kind.Error() + ": " + r.Msg }

// Mensaje returns the Spanish message for people.
func (r *Refusal) Mensaje() string { return r.Msg }

// Unwrap lets errors.Is see the kind.
func (r *Refusal) Unwrap() error { return r.Kind }

// More kinds of refusal.
var (
	ErrForbidden = errors.New("forbidden")
	ErrInvalid   = errors.New("invalid")
)

func refusal(kind error, format string, args ...any) *Refusal {
	return &Refusal{Msg: fmt.Sprintf(format, args...), Kind: kind}
}

// NewUser is what creating a user needs.
type NewUser struct {
	Username, Nombre string
	Role             auth.Role
	CATD             string
	Consejo          string // the council, D-001 or M-114; "" for the Consejo General
	Password         string // temporary: the user must change it at first login
}

// validUsername accepts lower-case letters, digits, ".", "-" and "_", 3 to 40 of them.
func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// AddUser creates a user on behalf of actor; the creation is audited in the same
// transaction.
func (s *Store) AddUser(ctx context.Context, actor Actor, nu NewUser) (*User, error) {
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	nu.Nombre = strings.TrimSpace(nu.Nombre)
	switch {
	case !validUsername(nu.Username):
		return nil, refusal(ErrInvalid, "nombre de usuario no válido %q: use de 3 a 40 letras "+
			"minúsculas sin acentos, cifras, punto, guion o guion bajo", nu.Username)
	case nu.Nombre == "":
		return nil, refusal(ErrInvalid, "falta el nombre de la persona")
	case utf8.RuneCountInString(nu.Nombre) > maxNombre || !imprimible(nu.Nombre):
		return nil, refusal(ErrInvalid, "el nombre de la persona debe tener a lo más %d "+
			"caracteres, sin saltos de línea ni caracteres de control", maxNombre)
	case !nu.Role.Valid():
		return nil, refusal(ErrInvalid, "rol desconocido %q", nu.Role)
	case nu.Consejo != "" && !ValidConsejo(nu.Consejo):
		return nil, refusal(ErrInvalid, "consejo no válido %q: escriba D-001 para un consejo "+
			"distrital, M-114 para uno municipal, o nada para el Consejo General", nu.Consejo)
	case nu.Consejo != "" && nu.Role != auth.Secretario && nu.Role != auth.Consejero:
		return nil, refusal(ErrInvalid, "el consejo solo se indica para una secretaría o "+
			"consejería de los cómputos, no para el rol %s", nu.Role)
	}
	if nu.Consejo != "" {
		if err := s.consejoConocido(ctx, nu.Consejo); err != nil {
			return nil, err
		}
	}
	hash, err := auth.HashPassword(nu.Password)
	if err != nil {
		return nil, refusal(ErrInvalid, "%s", err.Error())
	}
	now := s.now()
	u := &User{Username: nu.Username, Nombre: nu.Nombre, Role: nu.Role, CATD: nu.CATD,
		Consejo: nu.Consejo, MustChange: true, Created: now, PasswordHash: hash}
	err = s.withTx(ctx, func(tx *txn) error {
		if u.CATD != "" {
			if err := catdExists(ctx, tx, u.CATD); err != nil {
				return err
			}
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`,
			u.Username).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return refusal(ErrConflict, "ya existe el usuario %q", u.Username)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO users (username, nombre, role, catd,
			consejo, password_hash, must_change, disabled, created_at, password_changed_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?, ?) RETURNING id`, u.Username, u.Nombre,
			string(u.Role), nullString(u.CATD), nullString(u.Consejo), hash, formatTime(now),
			formatTime(now)).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		e := actor.entry(audit.UserAdd, u.Username)
		e.After = jsonText(u.view())
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return nil, fmt.Errorf("add user %s: %w", nu.Username, err)
	}
	return u, nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// catdExists refuses an unknown CATD code.
func catdExists(ctx context.Context, tx *txn, code string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM catds WHERE code = ?`, code).
		Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return refusal(ErrNotFound, "no existe el CATD %q", code)
	}
	return nil
}

const userColumns = `id, username, nombre, role, catd, consejo, password_hash, must_change,
	disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role, created string
	var catd, consejo sql.NullString
	err := row.Scan(&u.ID, &u.Username, &u.Nombre, &role, &catd, &consejo, &u.PasswordHash,
		&u.MustChange, &u.Disabled, &created)
	if err != nil {
		return nil, err
	}
	u.Role, u.CATD, u.Consejo = auth.Role(role), catd.String, consejo.String
	if u.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	return &u, nil
}

// UserByName returns a user, or ErrNotFound.
func (s *Store) UserByName(ctx context.Context, username string) (*User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+
		` FROM users WHERE username = ?`, strings.ToLower(strings.TrimSpace(username))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %s: %w", username, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read user %s: %w", username, err)
	}
	return u, nil
}

// Users returns every user by name.
func (s *Store) Users(ctx context.Context) ([]*User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("read users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// changeUser runs fn on the stored user inside a transaction and records the action with
// the user before and after.
func (s *Store) changeUser(ctx context.Context, actor Actor, action, username string,
	fn func(tx *txn, u *User) error) error {
	err := s.withTx(ctx, func(tx *txn) error {
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+
			` FROM users WHERE username = ?`, username))
		if errors.Is(err, sql.ErrNoRows) {
			return refusal(ErrNotFound, "no existe el usuario %q", username)
		}
		if err != nil {
			return err
		}
		e := actor.entry(action, username)
		e.Before = jsonText(u.view())
		if err := fn(tx, u); err != nil {
			return err
		}
		e.After = jsonText(u.view())
		return s.appendAudit(ctx, tx, e)
	})
	s.sesiones.olvidar()
	if err != nil {
		return fmt.Errorf("%s %s: %w", action, username, err)
	}
	return nil
}

// DisableUser disables a user and closes every session of his, so that a cookie he still
// holds opens nothing.
func (s *Store) DisableUser(ctx context.Context, actor Actor, username string) error {
	return s.changeUser(ctx, actor, audit.UserDisable, username, func(tx *txn,
		u *User) error {
		if u.Username == actor.Username {
			return refusal(ErrForbidden, "no puede deshabilitar su propia cuenta")
		}
		u.Disabled = true
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = 1 WHERE id = ?`,
			u.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID)
		return err
	})
}

// EnableUser enables a disabled user again.
func (s *Store) EnableUser(ctx context.Context, actor Actor, username string) error {
	return s.changeUser(ctx, actor, audit.UserChange, username, func(tx *txn,
		u *User) error {
		u.Disabled = false
		_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = 0 WHERE id = ?`, u.ID)
		return err
	})
}

// ResetPassword gives a user a new temporary password, which he must change at his next
// login, and closes his sessions.
func (s *Store) ResetPassword(ctx context.Context, actor Actor, username, temp string) error {
	hash, err := auth.HashPassword(temp)
	if err != nil {
		return refusal(ErrInvalid, "%s", err.Error())
	}
	return s.changeUser(ctx, actor, audit.UserReset, username, func(tx *txn,
		u *User) error {
		u.MustChange = true
		_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change = 1,
			password_changed_at = ? WHERE id = ?`, hash, formatTime(s.now()), u.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID)
		return err
	})
}

// ChangePassword sets the password a user chose. The caller has checked his current one.
// Other sessions of the user are closed; keep, when not empty, is the hash of the session
// token that stays open.
func (s *Store) ChangePassword(ctx context.Context, actor Actor, nueva, keep string) error {
	// The slow password checks run before the transaction, which must not hold the
	// writer while they do.
	old, err := s.UserByName(ctx, actor.Username)
	if err != nil {
		return err
	}
	if auth.PasswordMatches(old.PasswordHash, nueva) {
		return refusal(ErrInvalid, "la contraseña nueva debe ser distinta de la anterior")
	}
	hash, err := auth.HashPassword(nueva)
	if err != nil {
		return refusal(ErrInvalid, "%s", err.Error())
	}
	return s.changeUser(ctx, actor, audit.PasswordChange, actor.Username, func(tx *txn,
		u *User) error {
		if u.PasswordHash != old.PasswordHash {
			return refusal(ErrConflict, "la contraseña cambió mientras se atendía la "+
				"solicitud; vuelva a intentarlo")
		}
		u.MustChange = false
		_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change = 0,
			password_changed_at = ? WHERE id = ?`, hash, formatTime(s.now()), u.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND
			token_hash <> ?`, u.ID, keep)
		return err
	})
}

// Session is an open session of a user.
type Session struct {
	User    *User
	Expires time.Time
	Hash    string // SHA-256 of its token
}

// OpenSession records a session of the user, whose token has the given hash, until
// expires, and audits the login.
func (s *Store) OpenSession(ctx context.Context, u *User, tokenHash string, expires time.Time,
	address string) error {
	return s.withTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at,
			expires_at, address) VALUES (?, ?, ?, ?, ?)`, tokenHash, u.ID,
			opTime(s.now()), opTime(expires), address)
		if err != nil {
			return fmt.Errorf("open session: %w", err)
		}
		e := u.Actor(address).entry(audit.Login, u.Username)
		e.Detail = "desde " + address
		return s.appendAudit(ctx, tx, e)
	})
}

// SessionByHash returns the open session with that token hash and its user, or
// ErrNotFound when it does not exist, has expired, or its user is disabled.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string) (*Session, error) {
	ses, gen := s.sesiones.leer(tokenHash, s.now())
	if ses == nil {
		var err error
		if ses, err = s.sessionByHash(ctx, tokenHash); err != nil {
			return nil, err
		}
		s.sesiones.guardar(ses, gen, s.now())
	}
	if ses.User.Disabled || !s.now().Before(ses.Expires) {
		return nil, ErrNotFound
	}
	return ses, nil
}

// sesionFresca is how long a session read from the database is trusted without reading it
// again: every request of the staff needs its session, and reading it is most of what a
// small request costs. Changes made by this process (logout, a user disabled, a password
// reset) take effect at once; those of another process (the user command) within this time.
const sesionFresca = time.Second

// sessionCache keeps the sessions read in the last sesionFresca.
type sessionCache struct {
	mu  sync.Mutex
	gen uint64 // moved by olvidar
	m   map[string]cachedSession
}

type cachedSession struct {
	ses  *Session
	read time.Time
}

// leer returns the fresh cached session with that hash, or nil, and the generation a
// session read now from the database is to be cached with.
func (c *sessionCache) leer(hash string, now time.Time) (*Session, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[hash]; ok && now.Sub(e.read) < sesionFresca {
		return e.ses, c.gen
	}
	return nil, c.gen
}

// guardar caches a session read from the database, unless the users or sessions changed
// since the read began (generation gen).
func (c *sessionCache) guardar(ses *Session, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]cachedSession{}
	}
	c.m[ses.Hash] = cachedSession{ses: ses, read: now}
}

// olvidar empties the cache, after a change of users or sessions.
func (c *sessionCache) olvidar() {
	c.mu.Lock()
	c.gen++
	c.m = nil
	c.mu.Unlock()
}

// sessionByHash reads the session with that token hash and its user from the database.
func (s *Store) sessionByHash(ctx context.Context, tokenHash string) (*Session, error) {
	row := s.r.QueryRowContext(ctx, `SELECT s.expires_at, u.id, u.username, u.nombre,
		u.role, u.catd, u.consejo, u.password_hash, u.must_change, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash)
	var exp string
	u, err := scanUser(scanFirst{row, &exp})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	t, err := parseTime(exp)
	if err != nil {
		return nil, err
	}
	return &Session{User: u, Expires: t, Hash: tokenHash}, nil
}

// scanFirst scans one leading column into first, then the rest as asked.
type scanFirst struct {
	row   *sql.Row
	first *string
}

func (f scanFirst) Scan(dest ...any) error {
	return f.row.Scan(append([]any{f.first}, dest...)...)
}

// CloseSession ends a session (logout) and audits it.
func (s *Store) CloseSession(ctx context.Context, actor Actor, tokenHash string) error {
	err := s.withTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		if err != nil {
			return fmt.Errorf("close session: %w", err)
		}
		return s.appendAudit(ctx, tx, actor.entry(audit.Logout, actor.Username))
	})
	s.sesiones.olvidar()
	return err
}

// PurgeSessions deletes the expired sessions.
func (s *Store) PurgeSessions(ctx context.Context) error {
	err := s.withTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`,
			opTime(s.now()))
		return err
	})
	s.sesiones.olvidar()
	return err
}

// consejoConocido refuses a council whose distrito or municipio is in none of the elections
// loaded; with none loaded yet, any well-formed code is accepted.
func (s *Store) consejoConocido(ctx context.Context, code string) error {
	es, err := s.Elecciones(ctx)
	if err != nil || len(es) == 0 {
		return err
	}
	kind, unidad := catalog.UnidadDistrito, code[2:]
	if code[0] == 'M' {
		kind = catalog.UnidadMunicipio
	}
	for _, e := range es {
		if e.Unidad != kind {
			continue
		}
		var n int
		err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM actas WHERE eleccion = ? AND
			unidad_id = ?`, e.Codigo, unidad).Scan(&n)
		if err != nil {
			return fmt.Errorf("check council %s: %w", code, err)
		}
		if n > 0 {
			return nil
		}
	}
	return refusal(ErrInvalid, "no hay un consejo %s: ninguna elección cargada tiene el %s %s",
		code, kind, unidad)
}

// maxNombre bounds a person's name: it goes into every act he performs.
const maxNombre = 120

// imprimible reports whether s is valid UTF-8 without control, format, separator or
// private-use characters (no line breaks, no bidirectional overrides, no invisible marks).
func imprimible(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co)
	})
}
