package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

func runDemo(ctx context.Context, app *App, args []string) error {
	fs := app.flags("demo", "demo [--data DIR] [--addr :8080] [--sin-servidor]")
	addr := fs.String("addr", ":8080", "`DIRECCIÓN:PUERTO` donde servir los resultados")
	noServe := fs.Bool("sin-servidor", false, "prepara los cortes y termina, sin servir el sitio")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if err := prepareDemo(ctx, app); err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	return serve(ctx, app, serveOptions{addr: *addr, cortesDir: app.CortesDir(),
		operacion: true})
}

// prepareDemo builds the database from the bundled IEE Puebla 2024 files and publishes the
// puesta en ceros as corte 0, the 18:00 cut as corte 1 and the final 20:00 cut as corte 2. A
// data folder where the demo was already prepared is reused as it is, so running the demo
// twice works.
func prepareDemo(ctx context.Context, app *App) error {
	st, err := app.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	ready, err := demoReady(ctx, st)
	if err != nil {
		return err
	}
	if ready {
		// The database alone is not the demo: its cortes must be in this data folder.
		if n, err := publish.NextNumero(app.CortesDir()); err != nil || n < 3 {
			return failf(err, "%s ya tiene la demostración, pero sus cortes no están en %s: "+
				"use la carpeta --data con la que se preparó, u otra base con --db",
				app.dondeDatosFrase(), app.CortesDir())
		}
		fmt.Fprintf(app.Out, "La demostración ya está preparada en %s.\n", app.dondeDatos())
		return nil
	}
	if empty, err := st.Vacia(ctx); err != nil || !empty {
		if err != nil {
			return err
		}
		if app.DB != "" {
			return failf(nil, "la base %s ya tiene otros datos o una demostración "+
				"incompleta; use otra base vacía con --db", app.dondeDatos())
		}
		return failf(nil, "la carpeta %s ya tiene otros datos o una demostración incompleta; "+
			"bórrela o use otra con --data", app.DataDir)
	}
	fmt.Fprintf(app.Out, "Preparando la demostración con los archivos reales del PREP de "+
		"Puebla 2024 en %s\n", app.DataDir)
	for i, final := range []bool{false, true} {
		var hora string
		for _, e := range demodata.Puebla2024 {
			name := e.Corte1800
			if final {
				name = e.Final
			}
			f, res, err := importBundled(ctx, st, name, e.Candidaturas)
			if err != nil {
				return err
			}
			hora = opendata.FormatCorte(f.Corte)
			fmt.Fprintf(app.Out, "  importado %s (%s, %s actas", name, hora,
				miles(int64(len(f.Actas))))
			if n := len(res.Discrepancias); n > 0 {
				fmt.Fprintf(app.Out, "; %s etiquetas publicadas difieren de las recalculadas, "+
					"«sufragio import» las detalla", miles(int64(n)))
			}
			fmt.Fprintln(app.Out, ")")
		}
		when, err := corteHora(ctx, st, "")
		if err != nil {
			return err
		}
		if i == 0 {
			// The puesta en ceros, at the opening of the PREP: 20:00 of election day, the
			// day before the 18:00 cut (RULES.md §1.1).
			d := when.AddDate(0, 0, -1)
			apertura := time.Date(d.Year(), d.Month(), d.Day(), 20, 0, 0, 0, opendata.Zona)
			m, err := publishCeros(ctx, app, st, app.CortesDir(), apertura)
			if err != nil {
				return err
			}
			printCorte(app.Out, m, app.CortesDir())
		}
		m, err := publishCorte(ctx, app, st, app.CortesDir(), when, final)
		if err != nil {
			return err
		}
		if m.Numero != i+1 {
			return failf(nil, "se esperaba publicar el corte %d y se publicó el %d", i+1, m.Numero)
		}
		printCorte(app.Out, m, app.CortesDir())
	}
	return nil
}

// demoReady reports whether the six bundled files are imported and the three cortes
// published.
func demoReady(ctx context.Context, st *store.Store) (bool, error) {
	cortes, err := st.Cortes(ctx)
	if err != nil || len(cortes) < 3 {
		return false, err
	}
	for _, e := range demodata.Puebla2024 {
		for _, name := range []string{e.Corte1800, e.Final} {
			data, err := demodata.ReadFile(name)
			if err != nil {
				return false, err
			}
			sum := sha256.Sum256(data)
			ok, err := st.Imported(ctx, hex.EncodeToString(sum[:]))
			if err != nil || !ok {
				return false, err
			}
		}
	}
	return true, nil
}

// importBundled imports one bundled PREP file with its candidaturas file.
func importBundled(ctx context.Context, st *store.Store, name, cand string) (*opendata.Archivo,
	*store.ImportResult, error) {
	f, sum, err := readBundled(name, cand)
	if err != nil {
		return nil, nil, err
	}
	res, err := st.Import(ctx, cliActor(), store.ImportInput{Archivo: f, Fuente: name,
		SHA256: sum})
	return f, res, err
}

// readBundled reads one bundled PREP file with its candidaturas file, and returns the hex
// SHA-256 of the PREP file.
func readBundled(name, cand string) (*opendata.Archivo, string, error) {
	data, err := demodata.ReadFile(name)
	if err != nil {
		return nil, "", err
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		return nil, "", err
	}
	cd, err := demodata.ReadFile(cand)
	if err != nil {
		return nil, "", err
	}
	if err := opendata.ReadCandidaturas(cand, cd, f); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return f, hex.EncodeToString(sum[:]), nil
}
