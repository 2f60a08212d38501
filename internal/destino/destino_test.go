package destino

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/minio/minio-go/v7"
)

func TestParseS3(t *testing.T) {
	for _, c := range []struct {
		in   string
		want configS3
		str  string
	}{
		{"s3://prep", configS3{bucket: "prep", endpoint: endpointAWS},
			"s3://prep?endpoint=s3.amazonaws.com"},
		{"s3://prep/", configS3{bucket: "prep", endpoint: endpointAWS},
			"s3://prep?endpoint=s3.amazonaws.com"},
		{"s3://prep.pue-2024/a/b/?region=mx-central-1",
			configS3{bucket: "prep.pue-2024", prefijo: "a/b", endpoint: endpointAWS,
				region: "mx-central-1"},
			"s3://prep.pue-2024/a/b?endpoint=s3.amazonaws.com&region=mx-central-1"},
		{"s3://prep/cortes?endpoint=127.0.0.1:8333&region=us-east-1&insecure=true",
			configS3{bucket: "prep", prefijo: "cortes", endpoint: "127.0.0.1:8333",
				region: "us-east-1", insecure: true},
			"s3://prep/cortes?endpoint=127.0.0.1:8333&region=us-east-1&insecure=true"},
		{"s3://prep?insecure=false&endpoint=[::1]:9000",
			configS3{bucket: "prep", endpoint: "[::1]:9000"},
			"s3://prep?endpoint=[::1]:9000"},
	} {
		u, err := url.Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseS3(u)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.in, got, c.want)
		}
		if got.String() != c.str {
			t.Errorf("%s: String() = %q, want %q", c.in, got.String(), c.str)
		}
	}
}

// TestAbrirMal gives URLs that cannot be used: each gets an *Error whose Spanish text says
// what is wrong, and none repeats the credentials it was given.
func TestAbrirMal(t *testing.T) {
	archivo := filepath.Join(t.TempDir(), "archivo")
	if err := os.WriteFile(archivo, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, motivo string }{
		{"", "está vacío"},
		{"  ", "está vacío"},
		{archivo, "existe y no es una carpeta"},
		{filepath.Join(archivo, "sub"), "no se pudo crear la carpeta: una parte de la ruta " +
			"no es una carpeta"},
		{"/proc/espejo", "no se pudo crear la carpeta: ese lugar no admite carpetas nuevas"},
		{"file:/tmp/espejo", `empieza por "file:" sin «//» detrás`},
		{"s3:/bucket/p", `empieza por "s3:" sin «//» detrás`},
		{"s3:bucket", `empieza por "s3:" sin «//» detrás`},
		{"espejo:2024", `empieza por "espejo:" sin «//» detrás`},
		{"file:/x://y", `empieza por "file:" sin «//» detrás`},
		{"ftp://host/cortes", `el esquema "ftp" no está soportado`},
		{"https://example.com/cortes", `el esquema "https" no está soportado`},
		{"file://servidor/cortes", `nombra la máquina "servidor"`},
		{"file:///", "falta la ruta absoluta"},
		{"file:///srv/cortes?x=1", "no admite parámetros"},
		{"s3:///cortes", "falta el nombre del bucket"},
		{"s3://ab", "de 3 a 63 caracteres"},
		{"s3://Prep", "solo admite minúsculas"},
		{"s3://prep_2024", "solo admite minúsculas"},
		{"s3://-prep", "solo admite minúsculas"},
		{"s3://pr..ep", "dos puntos seguidos"},
		{"s3://prep/a//b", "tramo vacío"},
		{"s3://prep/a/../b", "tramo vacío"},
		{"s3://prep?endpont=127.0.0.1:8333", `el parámetro "endpont" no existe`},
		{"s3://prep?endpoint=http://127.0.0.1:8333", "sin http://"},
		{"s3://prep?endpoint=", "sin http://"},
		{"s3://prep?region=us:east", "no es una región"},
		{"s3://prep?insecure=si", "debe ser true o false"},
		{"s3://prep?region=a&region=b", `"region" aparece 2 veces`},
		{"s3://prep?a=%zz", "mal escritos"},
		{"s3://prep#x", "fragmento"},
		{"s3://AKIAEJEMPLO:secreto123@prep/cortes", "lleva credenciales"},
		{"s3://AKIAEJEMPLO@prep/cortes", "lleva credenciales"},
	} {
		_, err := Abrir(context.Background(), c.in)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Abrir(%q): %v, want an *Error", c.in, err)
			continue
		}
		if !strings.Contains(e.Error(), c.motivo) {
			t.Errorf("Abrir(%q): %q, want it to say %q", c.in, e.Error(), c.motivo)
		}
		if strings.Contains(e.Error(), "secreto123") || strings.Contains(e.Error(), "AKIA") {
			t.Errorf("Abrir(%q): the error shows the credentials: %q", c.in, e.Error())
		}
	}
}

// TestAbrirCarpeta opens folders named in each way, existing or not yet: Abrir makes
// them, leaves nothing in them, and Carpeta names the same folder without opening it.
func TestAbrirCarpeta(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct{ in, want string }{
		{dir, dir},
		{dir + "/nueva/", filepath.Join(dir, "nueva")},
		{"file://" + dir, dir},
		{"file://localhost" + dir + "/x", filepath.Join(dir, "x")},
		{"relativa/cortes", filepath.Join("relativa", "cortes")},
		{"./espejo:2024", "espejo:2024"},
	} {
		if got, ok := Carpeta(c.in); !ok || got != c.want {
			t.Errorf("Carpeta(%q) = %q, %v; want %q, true", c.in, got, ok, c.want)
		}
		d, err := Abrir(context.Background(), c.in)
		if err != nil {
			t.Errorf("Abrir(%q): %v", c.in, err)
			continue
		}
		if d.String() != c.want {
			t.Errorf("Abrir(%q): String() = %q, want %q", c.in, d.String(), c.want)
		}
		if entries, err := os.ReadDir(c.want); err != nil || len(entries) > 0 && c.want != dir {
			t.Errorf("Abrir(%q): the folder is %v, %v; want it made and empty", c.in,
				entries, err)
		}
	}
	for _, in := range []string{"s3://prep/cortes", "file:/tmp/x", ""} {
		if got, ok := Carpeta(in); ok {
			t.Errorf("Carpeta(%q) = %q, true; want false", in, got)
		}
	}
}

// TestAbrirSinEscritura refuses a folder where a file cannot be written, before any corte
// is published into it. Root writes anywhere: the test needs another user.
func TestAbrirSinEscritura(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write in a read-only folder")
	}
	dir := filepath.Join(t.TempDir(), "solo-lectura")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	_, err := Abrir(context.Background(), dir)
	want := "no se puede escribir en la carpeta: sin permiso"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Abrir(read-only folder): %v, want %q", err, want)
	}
}

// TestMotivo describes the causes of a failed copy in Spanish.
func TestMotivo(t *testing.T) {
	_, notDir := os.ReadFile(filepath.Join(os.Args[0], "x"))
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("corte 1: %w", ErrConflict), "el destino tiene un corte que la carpeta"},
		{notDir, "una parte de la ruta no es una carpeta"},
		{fmt.Errorf("x: %w", fs.ErrNotExist), "falta un archivo o una carpeta"},
		{&fs.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, "sin permiso"},
		{fmt.Errorf("upload: %w", context.Canceled), "se interrumpió"},
		{fmt.Errorf("put: %w", minio.ErrorResponse{Code: "AccessDenied"}),
			"el servicio negó el acceso"},
		{minio.ErrorResponse{Code: "SlowDown"}, "el servicio respondió SlowDown"},
		{errors.New("wrote 3 bytes"), "error de lectura o escritura (detalle en el registro)"},
	} {
		if got := Motivo(c.err); !strings.Contains(got, c.want) {
			t.Errorf("Motivo(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

func TestTipo(t *testing.T) {
	for _, c := range []struct{ nombre, want string }{
		{"0001/PUE_GUB_2024.csv", "text/csv; charset=utf-8"},
		{"index.json", "application/json"},
		{"0001/20240603_2000_PREP_PUE.zip", "application/zip"},
		{"imagenes/ab.jpg", "image/jpeg"},
		{"imagenes/ab.JPG", "image/jpeg"},
		{"imagenes/ab.png", "image/png"},
		{"imagenes/ab.pdf", "application/pdf"},
		{"0001/corte.json.sig", "text/plain; charset=utf-8"},
		{"LEAME", "application/octet-stream"},
	} {
		if got := tipo(c.nombre); got != c.want {
			t.Errorf("tipo(%q) = %q, want %q", c.nombre, got, c.want)
		}
	}
}

// FuzzLeerURL feeds the URL reader arbitrary destinations: it never panics, its errors
// are *Error, and none shows the password of a URL that has one.
func FuzzLeerURL(f *testing.F) {
	for _, s := range []string{"s3://prep/a?endpoint=h:1&region=r&insecure=true",
		"file:///srv/x", "s3://u:clave@b", "relativa", "s3://b?%", "s3://u:p@b%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := leerURL(s)
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("leerURL(%q): %v is not an *Error", s, err)
		}
		u, perr := url.Parse(s)
		if perr != nil || u.User == nil {
			return
		}
		pass, ok := u.User.Password()
		if ok && len(pass) >= 4 && strings.Contains(err.Error(), pass) &&
			!strings.Contains(sinCredenciales(s), pass) {
			t.Errorf("leerURL(%q) shows the password: %v", s, err)
		}
	})
}
