package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/destino"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

func runCorte(ctx context.Context, app *App, args []string) error {
	fs := app.flags("corte", "corte [--data DIR] [--out DIR] [--final | --ceros] "+
		"[--hora 'dd/mm/aaaa hh:mm'] [--destino URL]…")
	app.destinoFlag(fs)
	ceros := fs.Bool("ceros", false, "publica la puesta en ceros: el corte 0, antes de abrir el "+
		"PREP, con todas las actas esperadas y ninguna registrada")
	out := fs.String("out", "", "`DIR` donde se publican los cortes (predeterminada: DATA/cortes)")
	final := fs.Bool("final", false, "último corte antes del cierre del PREP (cambia la fórmula "+
		"de participación ciudadana)")
	hora := fs.String("hora", "", "`'dd/mm/aaaa hh:mm'`, hora del corte en la zona del "+
		"centro de México "+
		"(predeterminada: la del corte de los datos importados, o la hora actual)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return failf(nil, "argumentos de más: %v", fs.Args())
	}
	if *out == "" {
		*out = app.CortesDir()
	}
	st, err := app.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	if *ceros {
		if *final {
			return failf(nil, "--ceros y --final no van juntos: la puesta en ceros es el primer "+
				"corte")
		}
		var when time.Time
		if *hora != "" {
			if when, err = corteHora(ctx, st, *hora); err != nil {
				return err
			}
		} else if asOf, err := st.AsOf(ctx); err != nil {
			return err
		} else if !asOf.IsZero() {
			// Imported data carry the time of their cut: a puesta en ceros at the current
			// time would come after it, and no corte of those data could follow.
			return failf(nil, "los datos importados son del corte de las %s y la puesta en "+
				"ceros debe ser anterior: indique su hora con --hora 'dd/mm/aaaa hh:mm' (por "+
				"ejemplo, --hora '%s')", opendata.FormatCorte(asOf),
				asOf.In(opendata.Zona).AddDate(0, 0, -1).Format("02/01/2006 15:04"))
		}
		m, err := publishCeros(ctx, app, st, *out, when)
		if m != nil {
			printCorte(app.Out, m, *out)
			if err == nil {
				app.printCopias()
			}
		}
		return corteError(err)
	}
	when, err := corteHora(ctx, st, *hora)
	if err != nil {
		return err
	}
	m, err := publishCorte(ctx, app, st, *out, when, *final)
	if m != nil {
		printCorte(app.Out, m, *out)
		if err == nil {
			app.printCopias()
		}
	}
	return corteError(err)
}

// printCopias says where else the corte just published was copied (--destino).
func (app *App) printCopias() {
	for _, d := range app.Destinos {
		fmt.Fprintf(app.Out, "  copiado también a %s\n", d)
	}
}

// destinoFlag adds --destino, which may be repeated, to a command that publishes cortes.
func (app *App) destinoFlag(fs *flag.FlagSet) {
	fs.Func("destino", "`URL` adonde se copia cada corte publicado, además de la carpeta: "+
		"otra carpeta o s3://cubeta/prefijo?endpoint=host:puerto&region=r&insecure=true "+
		"(credenciales en AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY); se puede repetir",
		func(s string) error {
			app.Destinos = append(app.Destinos, s)
			return nil
		})
}

// corteError turns the failure to publish a corte, or to copy a published one, into a
// message for people that says why.
func corteError(err error) error {
	var de *publicacion.ErrorDestino
	if errors.As(err, &de) {
		return failf(de.Err, "%s", de.Error())
	}
	var pe *publicacion.Error
	if errors.As(err, &pe) && errors.Unwrap(pe) != nil {
		return failf(err, "%s: %s", pe.Mensaje(), razon(errors.Unwrap(pe)))
	}
	return err
}

// corteHora is the time of the corte: the one given, else the cut time of the imported data,
// else now, truncated to the minute as the files print it.
func corteHora(ctx context.Context, st *store.Store, given string) (time.Time, error) {
	if given != "" {
		t, err := time.ParseInLocation("02/01/2006 15:04", given, opendata.Zona)
		if err != nil {
			return t, failf(err, "hora no válida %q: use dd/mm/aaaa hh:mm", given)
		}
		return t, nil
	}
	asOf, err := st.AsOf(ctx)
	if err != nil {
		return asOf, err
	}
	if asOf.IsZero() {
		asOf = time.Now()
	}
	return asOf.In(opendata.Zona).Truncate(time.Minute), nil
}

// publishCorte publishes a corte of every election in the store under out, on behalf of
// the person at the command line.
func publishCorte(ctx context.Context, app *App, st *store.Store, out string, when time.Time,
	final bool) (*publish.Manifiesto, error) {
	sim, err := st.Simulacro(ctx)
	if err != nil {
		return nil, err
	}
	pub, err := app.publicador(st, out, sim)
	if err != nil {
		return nil, err
	}
	return pub.Publicar(ctx, cliActor(), when, final)
}

// publishCeros publishes the puesta en ceros (corte 0) under out.
func publishCeros(ctx context.Context, app *App, st *store.Store, out string,
	when time.Time) (*publish.Manifiesto, error) {
	sim, err := st.Simulacro(ctx)
	if err != nil {
		return nil, err
	}
	pub, err := app.publicador(st, out, sim)
	if err != nil {
		return nil, err
	}
	return pub.PublicarCeros(ctx, cliActor(), when)
}

// publicador is the Publicador of a data folder into the cortes folder out, which signs
// with its key. The destinations are opened first: one that cannot be used is refused
// before the key is read, or made.
func (app *App) publicador(st *store.Store, out string, sim bool) (*publicacion.Publicador,
	error) {
	ds, err := app.abrirDestinos(out)
	if err != nil {
		return nil, err
	}
	// Before the key is read, or made: a folder without the cortes the database records is
	// not where this database publishes.
	if last, ok, err := st.LastCorte(context.Background()); err != nil {
		return nil, err
	} else if n, err := publish.NextNumero(out); err != nil {
		return nil, failf(err, "no se pudo leer el índice de cortes de %s: %s", out, razon(err))
	} else if ok && n <= last.Numero {
		return nil, failf(nil, "la base registra el corte %d, pero la carpeta de cortes %s no "+
			"lo tiene: use la carpeta --data (o --cortes) donde están los cortes de esta base; "+
			"varias instancias deben compartirla", last.Numero, out)
	}
	key, err := app.clave(out)
	if err != nil {
		return nil, err
	}
	pub := publicacion.New(st, out, sim, app.Log)
	pub.Firmar(key)
	pub.Replicar(ds...)
	return pub, nil
}

// abrirDestinos opens the destinations of --destino for the cortes folder out.
func (app *App) abrirDestinos(out string) ([]destino.Destino, error) {
	var ds []destino.Destino
	for _, u := range app.Destinos {
		// Checked before Abrir, which makes the folder: inside a corte it would change a
		// signed corte.
		if dir, ok := destino.Carpeta(u); ok {
			if err := fueraDeCortes(u, dir, out); err != nil {
				return nil, err
			}
		}
		d, err := destino.Abrir(context.Background(), u)
		if err != nil {
			return nil, failf(err, "%s", razon(err))
		}
		ds = append(ds, d)
	}
	return ds, nil
}

// fueraDeCortes refuses a destination folder that is the cortes folder, lies inside it (a
// corte's folder is signed and never changes) or holds it: the copy would write into the
// cortes themselves.
func fueraDeCortes(u, dir, cortesDir string) error {
	d, err := rutaReal(dir)
	if err != nil {
		return failf(err, "destino %q no válido: %s", u, razon(err))
	}
	c, err := rutaReal(cortesDir)
	if err != nil {
		return failf(err, "carpeta de cortes %q no válida: %s", cortesDir, razon(err))
	}
	motivo := ""
	switch {
	case d == c:
		motivo = "es la carpeta donde se publican los cortes; indique otra"
	case dentroDe(d, c):
		motivo = "está dentro de la carpeta de cortes " + cortesDir + " y escribiría en " +
			"cortes firmados, que no cambian; indique una carpeta fuera de ella"
	case dentroDe(c, d):
		motivo = "contiene la carpeta de cortes " + cortesDir + "; indique una carpeta " +
			"fuera de ella"
	default:
		return nil
	}
	return &destino.Error{URL: u, Motivo: motivo}
}

// rutaReal is p made absolute and clean, with the symbolic links of the part of it that
// exists resolved, so that two names of one folder compare equal.
func rutaReal(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var falta []string // the trailing names that do not exist, last first
	for d := abs; ; d = filepath.Dir(d) {
		if r, err := filepath.EvalSymlinks(d); err == nil {
			slices.Reverse(falta)
			return filepath.Join(append([]string{r}, falta...)...), nil
		}
		if filepath.Dir(d) == d {
			return abs, nil
		}
		falta = append(falta, filepath.Base(d))
	}
}

// dentroDe reports whether the clean absolute path p lies strictly inside the folder dir.
func dentroDe(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." &&
		!strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func printCorte(w io.Writer, m *publish.Manifiesto, out string) {
	kind := "intermedio"
	switch {
	case m.Final:
		kind = "final"
	case m.Numero == 0:
		kind = "puesta en ceros"
	}
	fmt.Fprintf(w, "Corte %d (%s) del %s publicado en %s/%s\n", m.Numero, kind, m.HoraTexto,
		out, publish.CarpetaCorte(m.Numero))
	for _, e := range m.Elecciones {
		r := e.Resumen
		fmt.Fprintf(w, "  %-22s actas contabilizadas %s de %s (%s %%), votos %s, "+
			"participación %s %%\n", e.Nombre, miles(r.ActasContabilizadas),
			miles(r.ActasEsperadas), r.PorcentajeActasContabilizadas, miles(r.TotalVotosCCS),
			r.PorcentajeParticipacion)
	}
	fmt.Fprintf(w, "  Paquete de datos abiertos: %s\n", m.Zip)
}

// miles writes n with es-MX thousands separators: 2,658,993.
func miles(n int64) string {
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
