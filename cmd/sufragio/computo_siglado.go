package main

import (
	"os"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
)

// leerSiglado reads the siglado file of an election (computo.LeerSiglado): to which party
// the MR seat of each coalition candidacy counts for the RP limits.
func leerSiglado(path string, e *catalog.Eleccion) (computo.Siglado, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, failf(err, "no se pudo leer el archivo de siglado %s: %s", path, razon(err))
	}
	s, err := computo.LeerSiglado(data, e)
	if err != nil {
		return nil, failf(err, "%s: %s", path, razon(err))
	}
	return s, nil
}
