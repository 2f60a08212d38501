package operacion

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/store"
)

//go:embed templates/*.html static/*
var assets embed.FS

// paginas are the page templates; each is parsed with layout.html.
var paginas = []string{"login", "password", "inicio", "acopio", "digitalizacion", "casilla",
	"captura", "espera", "verificacion", "cortes", "progreso", "usuarios", "catds",
	"auditoria", "acta", "error", "computos", "computo"}

var funcs = template.FuncMap{
	"miles": miles,
	"hora": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(opendata.Zona).Format("02/01/2006 15:04:05")
	},
	// horaZona is hora with the UTC offset, for records read outside the night (the trail).
	"horaZona": func(t time.Time) string {
		return t.In(opendata.Zona).Format("02/01/2006 15:04:05 (UTC-07:00)")
	},
	// resultado names an audit outcome for people.
	"resultado": func(o string) string {
		switch o {
		case audit.Exito:
			return "éxito"
		case audit.Rechazo:
			return "rechazo"
		}
		return o
	},
	"rol":  func(r auth.Role) string { return r.Nombre() },
	"join": func(xs []string) string { return strings.Join(xs, ", ") },
	// suma adds a casilla's votes over its columns.
	"suma": func(v map[string]int64) int64 {
		var n int64
		for _, x := range v {
			n += x
		}
		return n
	},
	"pct64": func(n, d int64) string {
		if d == 0 {
			return "0.0000"
		}
		v := n * 1000000 / d // truncated, never rounded (RULES.md §3.2)
		return fmt.Sprintf("%d.%04d", v/10000, v%10000)
	},
	"pct": func(n, d int) string {
		if d == 0 {
			return "0.0000"
		}
		// Truncated, never rounded (RULES.md §3.2).
		v := int64(n) * 1000000 / int64(d)
		return fmt.Sprintf("%d.%04d", v/10000, v%10000)
	},
}

func parseTemplates() (map[string]*template.Template, error) {
	out := make(map[string]*template.Template, len(paginas))
	for _, p := range paginas {
		t, err := template.New(p).Funcs(funcs).ParseFS(assets, "templates/layout.html",
			"templates/bloques.html",
			"templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", p, err)
		}
		out[p] = t
	}
	return out, nil
}

// pagina is what every staff page shows around its content.
type pagina struct {
	Titulo    string
	Simulacro bool
	Usuario   *store.User
	Menu      []enlace
	Error     string // a refusal to show above the content
	Aviso     string // a confirmation to show above the content
}

type enlace struct{ Href, Texto string }

// pagina builds the frame of a page for the session's user.
func (s *Server) pagina(ss *sesion, titulo string) pagina {
	pg := pagina{Titulo: titulo, Simulacro: s.simulacro}
	if ss == nil || ss.user.MustChange {
		if ss != nil {
			pg.Usuario = ss.user
		}
		return pg
	}
	pg.Usuario = ss.user
	role := ss.user.Role
	for _, m := range []struct {
		perm  auth.Permission
		href  string
		texto string
	}{
		{auth.RegistrarAcopio, "/acopio", "Acopio"},
		{auth.Digitalizar, "/digitalizacion", "Digitalización"},
		{auth.Digitalizar, "/casilla", "PREP Casilla"},
		{auth.Capturar, "/captura/siguiente", "Captura"},
		{auth.Verificar, "/verificacion/siguiente", "Verificación"},
		{auth.VerProgreso, "/progreso", "Avance"},
		{auth.VerConfiguracion, "/cortes", "Cortes y horario"},
		{auth.VerUsuarios, "/usuarios", "Usuarios"},
		{auth.VerUsuarios, "/catds", "CATD"},
		{auth.VerAuditoria, "/auditoria", "Bitácora"},
		{auth.VerComputo, "/computos", "Cómputos"},
	} {
		if auth.Can(role, m.perm) {
			pg.Menu = append(pg.Menu, enlace{Prefix + m.href, m.texto})
		}
	}
	return pg
}

// render executes a page into a buffer first, so a template error is a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string,
	data any) error {
	t := s.tmpl[name]
	if t == nil {
		return fmt.Errorf("render: no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// respuesta is the JSON answer of every endpoint.
type respuesta struct {
	OK            bool           `json:"ok"`
	Mensaje       string         `json:"mensaje,omitempty"`
	Eleccion      string         `json:"eleccion,omitempty"`
	Acta          string         `json:"acta,omitempty"`
	Estado        string         `json:"estado,omitempty"`
	Duplicada     bool           `json:"duplicada,omitempty"`
	FueraCatalogo bool           `json:"fuera_catalogo,omitempty"`
	SHA256        string         `json:"sha256,omitempty"`
	Campos        []campoJSON    `json:"campos,omitempty"`
	Diferencias   []string       `json:"diferencias,omitempty"`
	Errores       []errorCampo   `json:"errores,omitempty"`
	Numero        int            `json:"numero,omitempty"`
	Solicitud     string         `json:"solicitud,omitempty"`
	Datos         any            `json:"datos,omitempty"`
	Capturas      [][]string     `json:"capturas,omitempty"`
	Imagen        string         `json:"imagen,omitempty"`
	Extra         map[string]any `json:"extra,omitempty"`
	// Siguiente is, after a capture, the next acta handed to the same capturista, which
	// saves a program a request per acta.
	Siguiente *respuesta `json:"siguiente,omitempty"`
}

type campoJSON struct {
	Columna  string `json:"columna"`
	Etiqueta string `json:"etiqueta"`
}

type errorCampo struct {
	Columna string `json:"columna"`
	Mensaje string `json:"mensaje"`
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
	return nil
}

// mensaje returns the Spanish text of a refusal, or "" for an internal error.
func mensaje(err error) string {
	var rf *store.Refusal
	var le *limitError
	var ce *camposError
	switch {
	case errors.As(err, &rf):
		return rf.Mensaje()
	case errors.As(err, &le):
		return le.msg
	case errors.As(err, &ce):
		return ce.Error()
	}
	return ""
}

// writeError renders a handler's failure: the refusal's Spanish message with its status,
// or, for an internal error, a generic message and a request id, the detail in the log.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, ss *sesion, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client left
	}
	code := status(err)
	msg := mensaje(err)
	var id string
	if msg == "" {
		id = requestID()
		code = http.StatusInternalServerError
		msg = "Ocurrió un error interno. Si se repite, informe al administrador la " +
			"solicitud " + id + "."
		s.log.Error("staff request", "request_id", id, "method", r.Method,
			"path", r.URL.Path, "err", err)
	} else {
		s.log.Info("staff request refused", "method", r.Method, "path", r.URL.Path,
			"status", code, "err", err)
	}
	if wantsJSON(r) {
		res := respuesta{Mensaje: msg, Solicitud: id}
		var ce *camposError
		if errors.As(err, &ce) {
			res.Errores = ce.campos
		}
		writeJSON(w, code, res)
		return
	}
	pg := &errorPage{pagina: s.pagina(ss, "No se pudo completar"), Mensaje: msg,
		Volver: volverDe(r)}
	if rerr := s.render(w, r, code, "error", pg); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, msg, code)
	}
}

type errorPage struct {
	pagina
	Mensaje, Volver string
}

// volverDe is where the error page sends the user back to: the form he came from, or for
// an act of a cómputo session (which has no page of its own), the session's page.
func volverDe(r *http.Request) string {
	if r.Method != http.MethodPost {
		return Prefix + "/"
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, Prefix+"/computos/"); ok {
		id, _, _ := strings.Cut(rest, "/")
		return Prefix + "/computos/" + id
	}
	return r.URL.Path
}

func requestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// estatico serves the embedded style sheet and scripts.
func estatico(w http.ResponseWriter, r *http.Request) {
	name := path.Base(r.PathValue("archivo"))
	data, err := fs.ReadFile(assets, "static/"+name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}

// miles writes n with es-MX thousands separators: 2,658,993.
func miles(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	default:
		return fmt.Sprint(n)
	}
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
