package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CarpetaImagenes is the folder, beside the corte folders, that holds the published acta
// images. An image is named by its SHA-256, the acta's CODIGO_INTEGRIDAD, and an extension
// for its type ("<sha256>.jpg"). It never changes once written, so it is written once and
// shared by every corte that publishes its acta.
const CarpetaImagenes = "imagenes"

// extensiones are the published image types and their extensions.
var extensiones = map[string]string{"image/jpeg": ".jpg", "image/png": ".png",
	"application/pdf": ".pdf"}

// TipoImagen is the content type of a published image file, by its extension, or "".
func TipoImagen(nombre string) string {
	ext := filepath.Ext(nombre)
	for t, e := range extensiones {
		if e == ext {
			return t
		}
	}
	return ""
}

// tiposArchivo are the Content-Types of the other files a publication holds: a cortes
// folder, and the cómputos folder with its PDF actas and constancias (internal/computopub).
var tiposArchivo = map[string]string{".csv": "text/csv; charset=utf-8", ".zip": "application/zip",
	".json": "application/json", ".sig": "text/plain; charset=utf-8", ".pdf": "application/pdf",
	".txt": "text/plain; charset=utf-8"}

// TipoArchivo is the content type of a published file by its extension (a corte's CSV,
// JSON, ZIP and signature, the images, a cómputo's PDF), or "" for another.
func TipoArchivo(nombre string) string {
	ext := strings.ToLower(filepath.Ext(nombre))
	if t, ok := tiposArchivo[ext]; ok {
		return t
	}
	if ext == ".jpeg" {
		ext = ".jpg"
	}
	return TipoImagen(ext)
}

// ImagenFuente opens the bytes of the image with a SHA-256 and gives its content type. It
// returns an error wrapping fs.ErrNotExist when there is no such image.
type ImagenFuente func(sha string) (io.Reader, string, error)

// PublicarImagenes writes into cortesDir/imagenes every image of codigos (SHA-256 codes)
// that is not there yet, reading it from abrir, and makes them durable. Codes with no image
// (an imported acta, a "-" cell) are skipped. It returns how many images it wrote. A corte
// is built after its images, so that no published acta points to a missing one.
func PublicarImagenes(cortesDir string, codigos []string, abrir ImagenFuente) (int, error) {
	dir := filepath.Join(cortesDir, CarpetaImagenes)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	hay, err := ImagenesPublicadas(cortesDir)
	if err != nil {
		return 0, err
	}
	escritas := 0
	for _, sha := range codigos {
		if !EsSHA256(sha) || hay[sha] != "" {
			continue
		}
		r, tipo, err := abrir(sha)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return escritas, fmt.Errorf("image %s: %w", sha, err)
		}
		ext, ok := extensiones[tipo]
		if !ok {
			return escritas, fmt.Errorf("image %s: unknown content type %q", sha, tipo)
		}
		if err := escribirImagen(dir, sha+ext, r); err != nil {
			return escritas, fmt.Errorf("image %s: %w", sha, err)
		}
		hay[sha] = sha + ext
		escritas++
	}
	if escritas > 0 {
		if err := syncPath(dir); err != nil {
			return escritas, err
		}
	}
	return escritas, nil
}

// escribirImagen writes one image under a temporary name, flushes it and renames it into
// place, so that a published name always holds the whole image.
func escribirImagen(dir, nombre string, r io.Reader) error {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, nombre))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// ImagenesPublicadas lists the images published under cortesDir: file name by SHA-256.
// A folder not made yet holds none.
func ImagenesPublicadas(cortesDir string) (map[string]string, error) {
	entries, err := os.ReadDir(filepath.Join(cortesDir, CarpetaImagenes))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		name := e.Name()
		sha, ext, ok := strings.Cut(name, ".")
		if ok && EsSHA256(sha) && TipoImagen("."+ext) != "" && e.Type().IsRegular() {
			out[sha] = name
		}
	}
	return out, nil
}

// EsSHA256 reports whether s is a SHA-256 in lower-case hexadecimal, as codes are published.
func EsSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
