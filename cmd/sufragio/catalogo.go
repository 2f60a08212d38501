package main

import (
	"context"
	"fmt"

	"github.com/sufragio/sufragio/internal/store"
)

// runCatalogo loads the catalog of expected actas from PREP files of the open-data layout,
// for an election that sufragio's own PREP line will run.
func runCatalogo(ctx context.Context, app *App, args []string) error {
	fs := app.flags("catalogo", "catalogo [--data DIR] [--simulacro] [--candidaturas "+
		"ARCHIVO] ARCHIVO…")
	cand := fs.String("candidaturas", "", "`ARCHIVO` de candidaturas (predeterminado: el "+
		"hermano del archivo del PREP)")
	sim := fs.Bool("simulacro", false, "marca la base como de simulacro: nada de lo que "+
		"registre entra a un corte real")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return failf(nil, "indique al menos un archivo del PREP con el catálogo de actas")
	}
	st, err := app.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	modo := store.ModoProduccion
	if *sim {
		modo = store.ModoSimulacro
	}
	if err := st.SetSettings(ctx, cliActor(), map[string]string{store.SettingModo: modo}); err != nil {
		return err
	}
	for _, path := range fs.Args() {
		if err := loadCatalogFile(ctx, app, st, path, *cand); err != nil {
			return err
		}
	}
	return nil
}

func loadCatalogFile(ctx context.Context, app *App, st *store.Store, path, cand string) error {
	in, _, err := readInput(path, cand)
	if err != nil {
		return err
	}
	f, name := in.Archivo, in.Fuente
	res, err := st.LoadCatalog(ctx, cliActor(), in)
	if err != nil {
		return notStored(err, name)
	}
	fmt.Fprintf(app.Out, "%s: catálogo de %s cargado, %s actas esperadas (%d filas fuera de "+
		"catálogo omitidas).\n", name, f.Eleccion.Nombre(), miles(int64(res.Actas)),
		res.Omitidas)
	return nil
}
