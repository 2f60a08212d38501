package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/barra"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/store"
)

// runImport imports PREP open-data files into the store, one transaction per file, and
// reports for each what changed and where the file disagrees with its own figures.
func runImport(ctx context.Context, app *App, args []string) error {
	flags := app.flags("import", "import [--data DIR] [--eleccion GUB|DIP_LOC|AYUN] "+
		"[--candidaturas ARCHIVO] ARCHIVO…")
	eleccion := flags.String("eleccion", "",
		"`CÓDIGO` de la elección a la que deben pertenecer los archivos (GUB, DIP_LOC, AYUN)")
	cand := flags.String("candidaturas", "", "`ARCHIVO` de candidaturas (con un solo archivo "+
		"del PREP); por omisión, el de la misma carpeta llamado como "+
		"PUE_GUB_Candidaturas_2024.csv")
	if err := app.parse(flags, args); err != nil {
		return err
	}
	files := flags.Args()
	switch {
	case len(files) == 0:
		flags.Usage()
		return failf(nil, "indique al menos un archivo CSV del PREP")
	case *cand != "" && len(files) > 1:
		return failf(nil, "--candidaturas solo puede usarse con un único archivo del PREP")
	case *eleccion != "" && !catalog.CodigoValido(*eleccion):
		return failf(nil, "--eleccion %q no es un código de elección; use %s", *eleccion,
			strings.Join(catalog.Codigos, ", "))
	}

	st, err := app.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, path := range files {
		if err := importFile(ctx, app, st, path, *eleccion, *cand); err != nil {
			return stopped(err, files[:i], files[i+1:])
		}
	}
	return nil
}

// stopped completes the error of one file of several with what became of the others: each
// file is its own transaction, so those before it are stored and those after it were not
// tried.
func stopped(err error, done, rest []string) error {
	if len(done) == 0 && len(rest) == 0 {
		return err
	}
	var ue userError
	msg := "no se pudo importar"
	if errors.As(err, &ue) {
		msg = ue.Mensaje()
	}
	if len(done) > 0 {
		msg += "\n  ya importados: " + strings.Join(done, ", ")
	}
	if len(rest) > 0 {
		msg += "\n  no se intentaron: " + strings.Join(rest, ", ")
	}
	return failf(err, "%s", msg)
}

// importFile reads, checks and stores one PREP file. Any error names the file and leaves
// nothing of it in the store.
func importFile(ctx context.Context, app *App, st *store.Store, path, eleccion,
	cand string) error {
	in, candName, err := readInput(path, cand)
	if err != nil {
		return rechazada(ctx, app, st, filepath.Base(path), err)
	}
	in.Eleccion = eleccion
	f, name := in.Archivo, in.Fuente
	// The bar counts the actas as the store writes them, the bulk of the time; it draws
	// only when the error output is a terminal.
	bar := barra.Nueva(app.Err, int64(len(f.Actas)), "importando "+name)
	in.Progress = bar.Add
	res, err := st.Import(ctx, cliActor(), in)
	if err != nil {
		bar.Abandonar()
		return rechazada(ctx, app, st, name, notStored(err, name))
	}
	bar.Terminar()
	report(app.Out, f, res, candName)
	return nil
}

// rechazada records in the audit trail that the import of the file was refused, and why,
// and returns err: an auditor sees every file someone tried to import, not only those that
// landed. A trail that cannot be written (the database is down, say) is logged and leaves
// err as it is.
func rechazada(ctx context.Context, app *App, st *store.Store, name string, err error) error {
	motivo := err.Error()
	var ue userError
	if errors.As(err, &ue) {
		motivo = ue.Mensaje()
	}
	if aerr := st.AuditRefusal(ctx, cliActor(), audit.Import, name, motivo); aerr != nil {
		app.Log.Error("refused import not recorded in the audit trail", "file", name,
			"err", aerr)
	}
	return err
}

// readInput reads a PREP file and its candidaturas file for the store: either a
// Spanish error naming the file, or the input with its SHA-256 and the candidaturas file
// read.
func readInput(path, cand string) (store.ImportInput, string, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return store.ImportInput{}, "", failf(err, "el archivo %s no existe", path)
	}
	if err != nil {
		return store.ImportInput{}, "", failf(err, "no se pudo leer el archivo %s", path)
	}
	f, err := opendata.Read(name, data)
	if err != nil {
		return store.ImportInput{}, "", notStored(err, name)
	}
	candName, err := readCandidaturas(f, path, cand)
	if err != nil {
		return store.ImportInput{}, "", notStored(err, name)
	}
	sum := sha256.Sum256(data)
	return store.ImportInput{Archivo: f, Fuente: name, SHA256: hex.EncodeToString(sum[:])},
		candName, nil
}

// notStored adds to an error the reassurance that nothing of the file was stored.
func notStored(err error, name string) error {
	var ue userError
	if errors.As(err, &ue) {
		return failf(err, "%s (no se guardó nada de este archivo)", ue.Mensaje())
	}
	return failf(err, "%s: no se pudo guardar en el almacén; no se guardó nada de este "+
		"archivo", name)
}

// readCandidaturas reads into f the candidaturas file given, or else the one beside the PREP
// file named after its election (PUE_GUB_Candidaturas_2024.csv). It returns the name read,
// or "" when there is none to read.
func readCandidaturas(f *opendata.Archivo, path, given string) (string, error) {
	name := given
	if name == "" {
		if f.Eleccion.Prefijo == "" {
			return "", nil
		}
		name = filepath.Join(filepath.Dir(path), opendata.CandidaturasNombre(f.Eleccion))
		if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return "", failf(err, "no se pudo leer el archivo de candidaturas %s", name)
	}
	if err := opendata.ReadCandidaturas(name, data, f); err != nil {
		return "", err
	}
	return filepath.Base(name), nil
}

// report tells people, in Spanish, what the import of one file did.
func report(w io.Writer, f *opendata.Archivo, res *store.ImportResult, candName string) {
	e := f.Eleccion
	fmt.Fprintf(w, "%s: %s (%s), corte %s\n", f.Nombre, e.Nombre(), e.Codigo,
		opendata.FormatCorte(f.Corte))
	if res.YaImportado {
		fmt.Fprintf(w, "  este archivo ya se había importado (importación %d); no se cambió "+
			"nada\n", res.ImportID)
		return
	}
	if candName != "" {
		fmt.Fprintf(w, "  candidaturas: %s\n", candName)
	} else {
		fmt.Fprintf(w, "  candidaturas: no se encontró %s; se importa sin candidaturas\n",
			opendata.CandidaturasNombre(e))
	}
	fmt.Fprintf(w, "  actas: %s nuevas, %s cambiadas, %s sin cambio, %s retiradas\n",
		miles(int64(res.Nuevas)), miles(int64(res.Cambiadas)), miles(int64(res.SinCambio)),
		miles(int64(res.Retiradas)))
	for _, d := range res.Discrepancias {
		where := "resumen"
		if d.ActaID != "" {
			where = "acta " + d.ActaID
		}
		fmt.Fprintf(w, "  línea %d, %s, %s: publicado %q, calculado %q\n", d.Linea, where,
			d.Campo, d.Publicado, d.Calculado)
	}
	fmt.Fprintf(w, "  %s discrepancias entre lo publicado y lo recalculado\n",
		miles(int64(len(res.Discrepancias))))
}
