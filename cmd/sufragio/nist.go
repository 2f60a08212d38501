package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sufragio/sufragio/internal/nist"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/verifica"
)

// runNIST writes a published corte as a NIST SP 1500-100 v2 Election Results Reporting
// JSON report, derived from the corte's signed CSVs alone, so anyone holding the corte
// gets the same report. A corte that does not pass verification gets none: the report
// would present as published what is not.
func runNIST(ctx context.Context, app *App, args []string) error {
	flags := app.flags("nist", "nist [--out ARCHIVO.json] [CARPETA_DE_CORTES|CARPETA_DE_UN_CORTE]")
	out := flags.String("out", "", "`ARCHIVO` donde se escribe el informe (predeterminado: "+
		"nist/NNNN/<nombre> en la carpeta de cortes, junto a la del corte, que no cambia)")
	if err := app.parse(flags, args); err != nil {
		return err
	}
	dir := app.CortesDir()
	switch flags.NArg() {
	case 0:
	case 1:
		dir = flags.Arg(0)
	default:
		return failf(nil, "indique una sola carpeta de cortes o de un corte")
	}
	dir, err := corteNIST(dir)
	if err != nil {
		return err
	}
	m, res, err := publish.LeerResultados(dir)
	if err != nil {
		return failf(err, "no se pudo leer el corte publicado en %s: %s", dir, razon(err))
	}
	if err := verificarCorte(dir, m.Numero); err != nil {
		return err
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
	size, err := escribirNIST(path, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Out, "Informe NIST SP 1500-100 v2 del corte %d (%s, %s) en %s (%s bytes).\n",
		m.Numero, m.HoraTexto, nist.Status(in), path, miles(size))
	return nil
}

// corteNIST is the corte folder the report is made of: dir itself, or the latest corte
// when dir is a cortes folder.
func corteNIST(dir string) (string, error) {
	idx, err := publish.ReadIndice(dir)
	if err != nil {
		return "", failf(err, "no se pudo leer el índice de cortes %s: %s",
			filepath.Join(dir, "index.json"), razon(err))
	}
	if len(idx.Cortes) == 0 {
		return dir, nil
	}
	return dirCorte(dir, ultimoCorte(idx))
}

// verificarCorte runs on the corte folder dir the checks of «sufragio verify», refusing a
// corte whose files are not what its manifest and signature say.
func verificarCorte(dir string, numero int) error {
	inf, err := verifica.Verificar(dir, verifica.Opciones{})
	if err != nil {
		return failf(err, "no se pudo verificar el corte publicado en %s: %s", dir, razon(err))
	}
	if n := inf.Fallas(); n > 0 {
		cuantas := "1 discrepancia"
		if n > 1 {
			cuantas = fmt.Sprintf("%d discrepancias", n)
		}
		return failf(nil, "el corte %d publicado en %s no pasa la verificación (%s): no se "+
			"escribe su informe NIST; «sufragio verify %s» dice qué no coincide", numero, dir,
			cuantas, dir)
	}
	return nil
}

// escribirNIST writes the report to path and returns its size; a report not written whole
// is removed.
func escribirNIST(path string, in nist.Input) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, failf(err, "no se pudo crear la carpeta de %s: %s", path, razon(err))
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, failf(err, "no se pudo crear %s: %s", path, razon(err))
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = nist.Write(w, in)
	if err == nil {
		err = w.Flush()
	}
	var size int64
	if err == nil {
		size, err = f.Seek(0, io.SeekCurrent)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, failf(err, "no se pudo escribir %s: %s", path, razon(err))
	}
	return size, nil
}

// ultimoCorte is the corte of the index with the highest number.
func ultimoCorte(idx *publish.Indice) publish.EntradaIndice {
	ultimo := idx.Cortes[0]
	for _, c := range idx.Cortes {
		if c.Numero > ultimo.Numero {
			ultimo = c
		}
	}
	return ultimo
}

// dirCorte is the folder, under cortesDir, of a corte its index.json lists. index.json
// comes from wherever the cortes were copied from: a carpeta other than the one publish
// names ("../../otra/0000") would read, and write beside, a folder outside the cortes.
func dirCorte(cortesDir string, e publish.EntradaIndice) (string, error) {
	c := e.Carpeta
	if !fs.ValidPath(c) || strings.ContainsAny(c, `/\`) || c != publish.CarpetaCorte(e.Numero) {
		return "", failf(nil, "el índice de cortes de %s da al corte %d la carpeta %q, que no "+
			"es la suya (%s): revise index.json", cortesDir, e.Numero, c,
			publish.CarpetaCorte(e.Numero))
	}
	return filepath.Join(cortesDir, c), nil
}
