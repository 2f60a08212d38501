package sintetico

import (
	"os"
	"path/filepath"

	"github.com/sufragio/sufragio/internal/opendata"
)

// Leer reads the file of the election e that Generar wrote in dir, with its candidaturas,
// as sufragio import does; it also returns the file's bytes (for its SHA-256).
func Leer(dir string, e Eleccion) (*opendata.Archivo, []byte, error) {
	name := e.definicion().ArchivoBase() + ".csv"
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, nil, err
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		return nil, nil, err
	}
	cn := opendata.CandidaturasNombre(f.Eleccion)
	cand, err := os.ReadFile(filepath.Join(dir, cn))
	if err != nil {
		return nil, nil, err
	}
	return f, data, opendata.ReadCandidaturas(cn, cand, f)
}
