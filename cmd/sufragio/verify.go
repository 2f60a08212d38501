package main

import (
	"context"
	"fmt"

	"github.com/sufragio/sufragio/internal/verifica"
)

// runVerify checks published cortes, or an open-data CSV, from the files alone and prints
// the report; any discrepancy makes it fail.
func runVerify(ctx context.Context, app *App, args []string) error {
	fs := app.flags("verify", "verify [--huella 'ab12 cd34 …'] [--acta CLAVE] "+
		"CARPETA_DE_CORTES|CARPETA_DE_UN_CORTE|ARCHIVO.csv|https://…/publicacion/")
	huella := fs.String("huella", "", "huella de la clave pública con que deben estar firmados "+
		"los cortes, como la dio a conocer el instituto")
	clave := fs.String("acta", "", "`CLAVE` de acta cuya prueba de inclusión en el último "+
		"corte se imprime")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return failf(nil, "indique una carpeta de cortes, la carpeta de un corte, un archivo "+
			"CSV o la dirección (http o https) donde se publican los cortes")
	}
	path := fs.Arg(0)
	inf, err := verifica.VerificarContexto(ctx, path,
		verifica.Opciones{Huella: *huella, Acta: *clave})
	if err != nil {
		// The verifier's errors are written for people.
		return failf(err, "no se pudo verificar %s: %s", path, err.Error())
	}
	marca := map[verifica.Nivel]string{verifica.Bien: "  bien ", verifica.Aviso: "  AVISO",
		verifica.Falla: "  FALLA"}
	for _, h := range inf.Hallazgos {
		fmt.Fprintf(app.Out, "%s  %s\n", marca[h.Nivel], h.Texto)
	}
	if n := inf.Fallas(); n == 1 {
		return failf(nil, "la verificación encontró una discrepancia en %s", path)
	} else if n > 1 {
		return failf(nil, "la verificación encontró %d discrepancias en %s", n, path)
	}
	switch n := inf.Avisos(); n {
	case 0:
		fmt.Fprintln(app.Out, "Verificación completa: ninguna discrepancia.")
	case 1:
		fmt.Fprintln(app.Out, "Verificación completa: ninguna discrepancia (un aviso, que no "+
			"es una discrepancia).")
	default:
		fmt.Fprintf(app.Out, "Verificación completa: ninguna discrepancia (%d avisos, que no "+
			"son discrepancias).\n", n)
	}
	return nil
}
