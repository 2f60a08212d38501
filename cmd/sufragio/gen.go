package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/barra"
	"github.com/sufragio/sufragio/internal/sintetico"
)

// runGen writes a synthetic federal process of national size in the open-data layout, for
// trying and measuring sufragio at the scale of the country.
func runGen(ctx context.Context, app *App, args []string) error {
	fs := app.flags("gen", "gen --escala nacional --out DIR [--semilla N] [--fraccion F] "+
		"[--tabla]")
	escala := fs.String("escala", "", "`ESCALA` del proceso: nacional (32 entidades, 300 "+
		"distritos federales, unas 71,000 secciones y 170,000 casillas; Presidencia, "+
		"Senadurías y Diputaciones Federales)")
	out := fs.String("out", "", "`DIR` donde se escriben los archivos")
	semilla := fs.Uint64("semilla", 1, "`N`, semilla de los datos: la misma semilla da los "+
		"mismos archivos")
	fraccion := fs.Float64("fraccion", 1, "`F` entre 0 y 1: genera solo esa fracción de "+
		"las secciones (al menos una por distrito), para pruebas")
	tabla := fs.Bool("tabla", false, "escribe además "+sintetico.ArchivoTabla+", las actas "+
		"como tabla simple para cargarlas en sqlite3 o PostgreSQL y comparar")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return failf(nil, "argumentos de más: %v", fs.Args())
	case *escala != "nacional":
		return failf(nil, "indique --escala nacional (la única escala disponible)")
	case *out == "":
		return failf(nil, "indique la carpeta de salida con --out DIR")
	case *fraccion <= 0 || *fraccion > 1:
		return failf(nil, "--fraccion debe estar entre 0 (sin incluir) y 1")
	}
	inicio := time.Now()
	// A bar on a terminal only (barra): secciones written, with rate and time left.
	var bar *barra.Barra
	hechas := 0
	avance := func(n, total int) {
		if bar == nil {
			bar = barra.Nueva(app.Err, int64(total), "generando secciones")
		}
		bar.Add(n - hechas)
		hechas = n
	}
	res, err := sintetico.Generar(*out, sintetico.Opciones{Semilla: *semilla,
		Fraccion: *fraccion, Tabla: *tabla, Avance: avance})
	if bar != nil {
		if err != nil {
			bar.Abandonar()
		} else {
			bar.Terminar()
		}
	}
	if err != nil {
		return failf(err, "no se pudieron generar los archivos en %s: %s", *out, razon(err))
	}
	app.Log.Info("synthetic process generated", "out", *out, "semilla", *semilla,
		"duration", time.Since(inicio))
	printGen(app, res, *out, *semilla, time.Since(inicio))
	return nil
}

// printGen tells people what was generated and how to import it.
func printGen(app *App, res *sintetico.Resultado, out string, semilla uint64,
	d time.Duration) {
	w := app.Out
	fmt.Fprintf(w, "Proceso federal sintético (semilla %d) generado en %s en %.1f s: "+
		"%d entidades, %s distritos, %s secciones, %s casillas\n", semilla, out,
		d.Seconds(), res.Entidades, miles(int64(res.Distritos)), miles(int64(res.Secciones)),
		miles(int64(res.Casillas)))
	var csv []string
	for k, e := range sintetico.Elecciones {
		r := res.Resumenes[k]
		fmt.Fprintf(w, "  %-8s %s actas (%s fuera de catálogo), %s contabilizadas, "+
			"votos %s\n", e.Codigo, miles(int64(res.Actas[k])),
			miles(int64(res.FueraDeCatalogo)), miles(r.ActasContabilizadas),
			miles(r.TotalVotosCCS))
	}
	for _, a := range res.Archivos {
		fmt.Fprintf(w, "  %s\n", a)
		if strings.HasSuffix(a, "_2024.csv") && !strings.Contains(a, "Candidaturas") {
			csv = append(csv, a)
		}
	}
	fmt.Fprintf(w, "Los datos son sintéticos (su título lo dice). Para importarlos:\n"+
		"  sufragio import --data CARPETA %s\n", strings.Join(relativos(csv), " "))
}

// relativos shortens paths under the working folder, for a command people can copy.
func relativos(paths []string) []string {
	wd, err := os.Getwd()
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if err != nil {
			continue
		}
		if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
			out[i] = r
		}
	}
	return out
}
