package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

func runCorte(ctx context.Context, app *App, args []string) error {
	fs := app.flags("corte", "corte [--data DIR] [--out DIR] [--final] [--hora 'dd/mm/aaaa hh:mm']")
	out := fs.String("out", "", "`DIR` donde se publican los cortes (predeterminada: DATA/cortes)")
	final := fs.Bool("final", false, "último corte antes del cierre del PREP (cambia la fórmula "+
		"de participación ciudadana)")
	hora := fs.String("hora", "", "`'dd/mm/aaaa hh:mm'`, hora del corte en la zona del centro de México "+
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
	st, err := store.Open(ctx, app.DataDir, app.Log)
	if err != nil {
		return failf(err, "no se pudo abrir el almacén en %s", app.DataDir)
	}
	defer st.Close()

	when, err := corteHora(ctx, st, *hora)
	if err != nil {
		return err
	}
	m, err := publishCorte(ctx, app, st, *out, when, *final)
	if err != nil {
		return err
	}
	printCorte(app.Out, m, *out)
	return nil
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

// publishCorte tallies every election in the store and publishes the corte under out.
func publishCorte(ctx context.Context, app *App, st *store.Store, out string, when time.Time,
	final bool) (*publish.Manifiesto, error) {
	elecciones, err := st.Elecciones(ctx)
	if err != nil {
		return nil, err
	}
	if len(elecciones) == 0 {
		return nil, failf(nil, "no hay datos que publicar: importe primero los archivos del PREP "+
			"con «sufragio import»")
	}
	if err := checkHora(ctx, st, when); err != nil {
		return nil, err
	}
	if when.After(time.Now().Add(time.Minute)) {
		return nil, failf(nil, "la hora del corte (%s) está en el futuro",
			opendata.FormatCorte(when))
	}
	geo, err := st.Geografia(ctx)
	if err != nil {
		return nil, err
	}
	in := publish.Input{Hora: when, Final: final, Generado: time.Now(), Config: acta.DefaultConfig}
	entradas := make([]corte.Entrada, len(elecciones))
	for i, e := range elecciones {
		actas, err := st.Actas(ctx, e.Codigo)
		if err != nil {
			return nil, err
		}
		entradas[i] = corte.Entrada{Eleccion: e, Actas: actas}
	}
	in.Elecciones = corte.TallyAll(entradas, geo, when, final, in.Config)
	if in.Numero, err = nextNumero(ctx, st, out); err != nil {
		return nil, err
	}
	m, err := publish.Build(out, in)
	if err != nil {
		return nil, failf(err, "no se pudo publicar el corte %d en %s", in.Numero, out)
	}
	rec := store.CorteRecord{Numero: m.Numero, Hora: m.Hora, Final: m.Final,
		Generado: m.Generado, Carpeta: publish.CarpetaCorte(m.Numero), Zip: m.Zip}
	for _, a := range m.Archivos {
		if a.Ruta == m.Zip {
			rec.ZipSHA256 = a.SHA256
		}
	}
	if err := st.RecordCorte(ctx, rec); err != nil {
		return nil, err
	}
	app.Log.Info("corte published", "corte", m.Numero, "hora", m.HoraTexto, "final", m.Final)
	return m, nil
}

// nextNumero is the number of the next corte: one past the last one the store recorded and
// the last one published in the folder, so that neither can repeat.
func nextNumero(ctx context.Context, st *store.Store, out string) (int, error) {
	n, err := publish.NextNumero(out)
	if err != nil {
		return 0, failf(err, "no se pudo leer la carpeta de cortes %s", out)
	}
	last, ok, err := st.LastCorte(ctx)
	if err != nil {
		return 0, err
	}
	if ok && last.Numero >= n {
		n = last.Numero + 1
	}
	return n, nil
}

// checkHora keeps cortes moving forward: each one later than the last, and none after the
// final corte, which closes the PREP (RULES.md §1.1).
func checkHora(ctx context.Context, st *store.Store, when time.Time) error {
	asOf, err := st.AsOf(ctx)
	if err != nil {
		return err
	}
	if when.Before(asOf.Truncate(time.Minute)) {
		return failf(nil, "la hora del corte (%s) es anterior a la de los datos importados "+
			"(%s): el corte publicaría datos posteriores a su hora", opendata.FormatCorte(when),
			opendata.FormatCorte(asOf))
	}
	last, ok, err := st.LastCorte(ctx)
	if err != nil || !ok {
		return err
	}
	switch {
	case last.Final:
		return failf(nil, "el PREP ya se cerró con el corte final %d (%s); no se publican "+
			"más cortes", last.Numero, opendata.FormatCorte(last.Hora))
	case !when.After(last.Hora):
		return failf(nil, "ya se publicó el corte %d con hora %s; un corte nuevo debe tener "+
			"una hora posterior (importe datos de un corte más reciente o indique --hora)",
			last.Numero, opendata.FormatCorte(last.Hora))
	}
	return nil
}

func printCorte(w io.Writer, m *publish.Manifiesto, out string) {
	kind := "intermedio"
	if m.Final {
		kind = "final"
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
