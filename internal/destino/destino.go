package destino

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Destino is where published cortes are copied for the public to read.
type Destino interface {
	// Publicar copies corte numero of the cortes folder cortesDir to the destination,
	// with the images it needs and then index.json, in the order the package describes.
	// When it fails, index.json at the destination is left as it was.
	Publicar(ctx context.Context, cortesDir string, numero int) error
	// String describes the destination for logs, without credentials.
	String() string
}

// ErrConflict is returned when the destination already holds a corte that differs from
// the local one with its number, or one the local cortes folder does not have.
var ErrConflict = errors.New("destination holds a different corte")

// Error is a destination URL that cannot be used. Its text, in Spanish, is written for the
// operator who gave the URL: it says what is wrong with it.
type Error struct {
	URL    string // the URL as given, without credentials
	Motivo string // what is wrong, in Spanish
	Err    error  // the cause, if any
}

// Error returns the Spanish text for the operator.
func (e *Error) Error() string {
	return fmt.Sprintf("destino %q no válido: %s", e.URL, e.Motivo)
}

// Mensaje returns the same Spanish text: an *Error is a message for people, whoever
// shows it.
func (e *Error) Mensaje() string { return e.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Parámetros de un URL s3://.
const (
	paramEndpoint = "endpoint"
	paramRegion   = "region"
	paramInsecure = "insecure"
)

// endpointAWS is the S3 service used when the URL names none.
const endpointAWS = "s3.amazonaws.com"

// Abrir opens the destination named by dest: a folder (a path, or file:///path) or an S3
// bucket (s3://bucket/prefix?endpoint=host:port&region=r&insecure=true); see the package
// documentation. It makes a folder and checks that it can write in it; for a bucket it
// checks that the bucket exists. A URL that cannot be used gives an *Error.
func Abrir(ctx context.Context, dest string) (Destino, error) {
	n, err := leerURL(dest)
	if err != nil {
		return nil, err
	}
	if n.s3 != nil {
		return abrirS3(ctx, n.shown, *n.s3)
	}
	return abrirCarpeta(n.shown, n.carpeta)
}

// nombre is what a destination URL names: a folder or a bucket.
type nombre struct {
	shown   string // the URL as given, without credentials
	carpeta string
	s3      *configS3
}

// Carpeta is the local folder a destination URL names, as Abrir would open it, and false
// for a bucket or a URL that does not read. It opens nothing, so that a caller can check
// the folder (that it is not the cortes folder, nor inside it) before Abrir makes it.
func Carpeta(dest string) (string, bool) {
	n, err := leerURL(dest)
	if err != nil || n.s3 != nil {
		return "", false
	}
	return n.carpeta, true
}

// esquema matches the scheme of a URL, "file:" or "s3:", at the start of a destination.
var esquema = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// leerURL reads a destination URL; its errors are *Error.
func leerURL(dest string) (nombre, error) {
	if strings.TrimSpace(dest) == "" {
		return nombre{}, &Error{URL: dest,
			Motivo: "está vacío: indique una carpeta o un URL s3://"}
	}
	// "file:/srv/x" or "s3:/bucket" would otherwise be the folder ./file:/srv/x: a URL
	// missing its slashes must not quietly become a relative folder.
	if s := esquema.FindString(dest); s != "" && !strings.HasPrefix(dest[len(s):], "//") {
		return nombre{}, &Error{URL: sinCredenciales(dest), Motivo: fmt.Sprintf("empieza "+
			"por %q sin «//» detrás: escriba file:///ruta/absoluta, s3://bucket/prefijo o "+
			"una ruta de carpeta (./nombre, si el nombre de la carpeta lleva «:»)", s)}
	}
	if !strings.Contains(dest, "://") {
		return nombre{shown: dest, carpeta: filepath.Clean(dest)}, nil
	}
	shown := sinCredenciales(dest)
	u, err := url.Parse(dest)
	if err != nil {
		// The parser's message quotes the URL, credentials and all: it is left out.
		return nombre{}, &Error{URL: shown, Motivo: "no es un URL bien formado"}
	}
	if u.User != nil {
		return nombre{}, &Error{URL: shown, Motivo: "lleva credenciales: quítelas del URL " +
			"y póngalas en AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY"}
	}
	if u.Fragment != "" {
		return nombre{}, &Error{URL: shown,
			Motivo: "lleva un fragmento (#…), que no significa nada aquí"}
	}
	switch u.Scheme {
	case "file":
		dir, err := rutaFile(u)
		if err != nil {
			return nombre{}, &Error{URL: shown, Motivo: err.Error()}
		}
		return nombre{shown: shown, carpeta: dir}, nil
	case "s3":
		cfg, err := parseS3(u)
		if err != nil {
			return nombre{}, &Error{URL: shown, Motivo: err.Error()}
		}
		return nombre{shown: shown, s3: &cfg}, nil
	}
	return nombre{}, &Error{URL: shown, Motivo: fmt.Sprintf("el esquema %q no está "+
		"soportado: use una ruta, file:///ruta o s3://bucket/prefijo", u.Scheme)}
}

// sinCredenciales is the URL with any user and password removed, to show it or log it.
func sinCredenciales(dest string) string {
	scheme, rest, ok := strings.Cut(dest, "://")
	if !ok {
		return dest
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		rest = rest[at+1:]
	}
	return scheme + "://" + rest
}

// rutaFile is the folder of a file:// URL. Its messages are for the operator, in Spanish.
func rutaFile(u *url.URL) (string, error) {
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("nombra la máquina %q: un URL file:// solo puede nombrar una "+
			"carpeta local (file:///ruta/absoluta)", u.Host)
	}
	if u.RawQuery != "" {
		return "", errors.New("un URL file:// no admite parámetros (?…)")
	}
	if !path.IsAbs(u.Path) || u.Path == "/" {
		return "", errors.New("falta la ruta absoluta de la carpeta (file:///ruta/absoluta)")
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), nil
}

// configS3 is what an s3:// URL says.
type configS3 struct {
	bucket   string
	prefijo  string // "" or a key prefix without leading or trailing slash
	endpoint string
	region   string
	insecure bool
}

// String is the canonical URL of the configuration.
func (c configS3) String() string {
	s := "s3://" + c.bucket
	if c.prefijo != "" {
		s += "/" + c.prefijo
	}
	// The values hold no character to escape (see set): they are written as typed.
	s += "?" + paramEndpoint + "=" + c.endpoint
	if c.region != "" {
		s += "&" + paramRegion + "=" + c.region
	}
	if c.insecure {
		s += "&" + paramInsecure + "=true"
	}
	return s
}

// parseS3 reads an s3:// URL. Its messages are for the operator, in Spanish.
func parseS3(u *url.URL) (configS3, error) {
	cfg := configS3{bucket: u.Host, endpoint: endpointAWS}
	if err := validarBucket(cfg.bucket); err != nil {
		return cfg, err
	}
	p, err := validarPrefijo(u.Path)
	if err != nil {
		return cfg, err
	}
	cfg.prefijo = p
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, fmt.Errorf("los parámetros (?…) están mal escritos: %v", err)
	}
	for k, v := range q {
		if len(v) != 1 {
			return cfg, fmt.Errorf("el parámetro %q aparece %d veces", k, len(v))
		}
		if err := cfg.set(k, v[0]); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// noValidos are the characters an endpoint or a region never holds.
const noValidos = "/?#@&=%+ \t\\"

// set applies one query parameter.
func (c *configS3) set(k, v string) error {
	switch k {
	case paramEndpoint:
		if v == "" || strings.ContainsAny(v, noValidos) {
			return fmt.Errorf("endpoint=%q debe ser máquina[:puerto], sin http:// ni ruta", v)
		}
		c.endpoint = v
	case paramRegion:
		if v == "" || strings.ContainsAny(v, noValidos+":") {
			return fmt.Errorf("region=%q no es una región (como us-east-1)", v)
		}
		c.region = v
	case paramInsecure:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("insecure=%q debe ser true o false", v)
		}
		c.insecure = b
	default:
		return fmt.Errorf("el parámetro %q no existe: se admiten %s, %s e %s", k,
			paramEndpoint, paramRegion, paramInsecure)
	}
	return nil
}

// validarBucket checks the rules S3 sets for bucket names (length 3 to 63, lower-case
// letters, digits, dots and hyphens, a letter or digit at each end).
func validarBucket(b string) error {
	if b == "" {
		return errors.New("falta el nombre del bucket (s3://bucket/prefijo)")
	}
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("el nombre del bucket %q debe tener de 3 a 63 caracteres", b)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !ok && (i == 0 || i == len(b)-1 || c != '.' && c != '-') {
			return fmt.Errorf("el nombre del bucket %q solo admite minúsculas, dígitos, "+
				"puntos y guiones, y empieza y acaba en letra o dígito", b)
		}
	}
	if strings.Contains(b, "..") {
		return fmt.Errorf("el nombre del bucket %q tiene dos puntos seguidos", b)
	}
	return nil
}

// validarPrefijo is the key prefix of a URL path: "/a/b/" gives "a/b".
func validarPrefijo(p string) (string, error) {
	p = strings.Trim(p, "/")
	if p == "" {
		return "", nil
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", fmt.Errorf("el prefijo %q tiene un tramo vacío, «.» o «..»", p)
		}
	}
	return p, nil
}

// abrirCarpeta opens a folder destination. It makes the folder and writes and removes a
// file in it, so that a folder that cannot receive cortes is refused before any is
// published rather than after.
func abrirCarpeta(shown, dir string) (Destino, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, &Error{URL: shown, Motivo: "existe y no es una carpeta"}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		m := Motivo(err)
		if errors.Is(err, fs.ErrNotExist) {
			// mkdir says "no such file" where no folder can be made (/proc).
			m = "ese lugar no admite carpetas nuevas"
		}
		return nil, &Error{URL: shown, Motivo: "no se pudo crear la carpeta: " + m, Err: err}
	}
	f, err := os.CreateTemp(dir, ".tmp-prueba-*")
	if err != nil {
		return nil, &Error{URL: shown, Motivo: "no se puede escribir en la carpeta: " +
			Motivo(err), Err: err}
	}
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return nil, &Error{URL: shown, Motivo: "no se puede borrar en la carpeta: " +
			Motivo(err), Err: err}
	}
	return &destino{alm: &carpeta{dir: dir}, nombre: dir, paralelo: paraleloCarpeta}, nil
}
