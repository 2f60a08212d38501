package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sufragio/sufragio/internal/nist"
	"github.com/sufragio/sufragio/internal/publish"
)

// runNIST writes a published corte as a NIST SP 1500-100 v2 Election Results Reporting
// JSON report, derived from the corte's signed CSVs alone, so anyone holding the corte
// gets the same report.
func runNIST(ctx context.Context, app *App, args []string) error {
	fs := app.flags("nist", "nist [--out ARCHIVO.json] [CARPETA_DE_CORTES|CARPETA_DE_UN_CORTE]")
	out := fs.String("out", "", "`ARCHIVO` donde se escribe el informe (predeterminado: "+
		"nist/<nombre> en la carpeta del corte)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	dir := app.CortesDir()
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		return failf(nil, "indique una sola carpeta de cortes o de un corte")
	}
	if idx, err := publish.ReadIndice(dir); err == nil && len(idx.Cortes) > 0 {
		ultimo := idx.Cortes[0]
		for _, c := range idx.Cortes {
			if c.Numero > ultimo.Numero {
				ultimo = c
			}
		}
		dir = filepath.Join(dir, filepath.FromSlash(ultimo.Carpeta))
	}
	m, res, err := publish.LeerResultados(dir)
	if err != nil {
		return failf(err, "no se pudo leer el corte publicado en %s", dir)
	}
	in := nist.Input{Numero: m.Numero, Hora: m.Hora, Generado: m.Generado, Final: m.Final,
		Simulacro: m.Simulacro, Proceso: m.Proceso, Elecciones: res}
	path := *out
	if path == "" {
		// Beside the corte, not in it: the corte folder is read-only and its manifest
		// lists every file it holds.
		path = filepath.Join(filepath.Dir(dir), "nist", publish.CarpetaCorte(m.Numero),
			nist.FileName(in))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return failf(err, "no se pudo crear la carpeta de %s", path)
	}
	f, err := os.Create(path)
	if err != nil {
		return failf(err, "no se pudo crear %s", path)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = nist.Write(w, in)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return failf(err, "no se pudo escribir %s", path)
	}
	info, _ := os.Stat(path)
	fmt.Fprintf(app.Out, "Informe NIST SP 1500-100 v2 del corte %d (%s, %s) en %s (%s bytes).\n",
		m.Numero, m.HoraTexto, nist.Status(in), path, miles(info.Size()))
	return nil
}
