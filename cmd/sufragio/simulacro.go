package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/simulacro"
	"github.com/sufragio/sufragio/internal/store"
)

func runSimulacro(ctx context.Context, app *App, args []string) error {
	fs := app.flags("simulacro", "simulacro [--data DIR] [--speed N] "+
		"[--eleccion GUB|DIP_LOC|AYUN] [--limit N]")
	fs.Lookup("data").DefValue = "sufragio-simulacro"
	fs.Set("data", "sufragio-simulacro")
	speed := fs.Float64("speed", 0, "segundos de la noche real por segundo de simulacro "+
		"(0: tan rápido como responda el servidor)")
	eleccion := fs.String("eleccion", "", "`GUB|DIP_LOC|AYUN`: reproduce solo esa elección "+
		"(predeterminado: las tres)")
	limit := fs.Int("limit", 0, "reproduce solo las primeras `N` actas en orden de acopio")
	share := fs.Float64("discrepancias", 0.05, "fracción de actas cuya segunda captura "+
		"difiere a propósito")
	cadencia := fs.Duration("cadencia", time.Minute, "cada cuánto se publica un corte "+
		"durante el simulacro")
	equipo := fs.Int("capturistas", 12, "número de capturistas simultáneos")
	reiniciar := fs.Bool("reiniciar", false, "borra primero la carpeta de un simulacro anterior")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if *share < 0 || *share > 1 || *equipo < 2 || *speed < 0 || *limit < 0 {
		return failf(nil, "opciones fuera de rango: --discrepancias va de 0 a 1, "+
			"--capturistas es al menos 2, --speed y --limit no son negativos")
	}
	files, err := simulacroFiles(*eleccion)
	if err != nil {
		return err
	}
	pasos := simulacro.Plan(files, *share)
	if *limit > 0 && *limit < len(pasos) {
		pasos = pasos[:*limit]
	}
	if err := prepararCarpeta(ctx, app, *reiniciar); err != nil {
		return err
	}
	st, eq, err := prepararSimulacro(ctx, app, files, *equipo)
	if err != nil {
		return err
	}
	defer st.Close()
	// The night starts as a real one does: the puesta en ceros, corte 0, published before
	// the PREP opens, then the scheduled cortes from the opening on.
	m, err := publishCeros(ctx, app, st, app.CortesDir(), time.Time{})
	if err != nil {
		return corteError(err)
	}
	fmt.Fprintf(app.Out, "SIMULACRO: puesta en ceros publicada (corte %d, %s).\n", m.Numero,
		m.HoraTexto)
	err = st.SetSettings(ctx, cliActor(), map[string]string{
		store.SettingApertura: time.Now().Add(time.Second).Format(time.RFC3339),
		store.SettingCierre:   time.Now().Add(24 * time.Hour).Format(time.RFC3339),
		store.SettingCadencia: cadencia.String()})
	if err != nil {
		return err
	}
	st.Close()
	return replay(ctx, app, files, pasos, eq, *speed, *limit == 0)
}

// replay starts the server, replays the night through it and prints the final summary.
func replay(ctx context.Context, app *App, files []*opendata.Archivo, pasos []simulacro.Paso,
	eq simulacro.Equipo, speed float64, whole bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan string, 1)
	stc := make(chan *store.Store, 1)
	done := make(chan error, 1)
	quiet := *app
	quiet.Out = &bytes.Buffer{}
	go func() {
		done <- serve(ctx, &quiet, serveOptions{addr: "127.0.0.1:0",
			cortesDir: app.CortesDir(), operacion: true, ready: ready, store: stc})
	}()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		return err
	}
	st := <-stc // sent before ready
	var antes store.EstadoEscritor
	fmt.Fprintf(app.Out, "SIMULACRO: %d actas por reproducir contra %s (operación en "+
		"%soperacion/)\n", len(pasos), base, base)
	inf, err := simulacro.Run(ctx, simulacro.Opciones{URL: base, Equipo: eq, Velocidad: speed,
		Imagen: simulacro.Imagen, Log: app.Log,
		AlEmpezar: func() { antes = st.Escritor() }}, pasos)
	if err != nil {
		return failf(err, "el simulacro se detuvo: %v", err)
	}
	despues := st.Escritor()
	cancel()
	<-done
	printInforme(app, inf)
	printEscritor(app, inf, antes, despues)
	return printResumen(app, files, inf.Corte, whole)
}

func printInforme(app *App, inf *simulacro.Informe) {
	secs := inf.Duracion.Seconds()
	fmt.Fprintf(app.Out, "Reproducidas %d actas en %.1f s (%.0f actas por segundo): %d "+
		"verificadas, %d sin acta, %d fuera de catálogo; %d capturas discrepantes resueltas "+
		"por verificación.\n", inf.Pasos, secs, float64(inf.Pasos)/max(secs, 1e-9),
		inf.Verificadas, inf.SinActa, inf.FueraCatalogo, inf.Discrepancias)
	fmt.Fprintf(app.Out, "Latencia de la captura: p50 %s, p99 %s (%d capturas).\n",
		simulacro.Percentil(inf.Captura, 50).Round(time.Microsecond),
		simulacro.Percentil(inf.Captura, 99).Round(time.Microsecond), len(inf.Captura))
	fmt.Fprintf(app.Out, "Corte final: %d.\n", inf.Corte)
}

// printEscritor tells how busy the database writer was during the night: the figure that
// bounds the throughput of the line.
func printEscritor(app *App, inf *simulacro.Informe, antes, despues store.EstadoEscritor) {
	n := despues.Transacciones - antes.Transacciones
	lotes := despues.Lotes - antes.Lotes
	ocupado := despues.Ocupado - antes.Ocupado
	fmt.Fprintf(app.Out, "Escritor de la base: %d transacciones en %d lotes (%.1f por lote), "+
		"ocupado %.1f s (%.0f %% de la noche).\n", n, lotes, float64(n)/float64(max(lotes, 1)),
		ocupado.Seconds(), 100*ocupado.Seconds()/max(inf.Duracion.Seconds(), 1e-9))
}

// printResumen prints, for each election, the 13-figure summary of the final corte as the
// two header lines of its CSV, and compares them with the official final file's.
func printResumen(app *App, files []*opendata.Archivo, numero int, whole bool) error {
	dir := filepath.Join(app.CortesDir(), publish.CarpetaCorte(numero))
	m, err := publish.ReadManifiesto(dir)
	if err != nil {
		return failf(err, "no se pudo leer el corte final %d", numero)
	}
	differ := 0
	for _, e := range m.Elecciones {
		got, err := headerLines(filepath.Join(dir, e.CSV))
		if err != nil {
			return failf(err, "no se pudo leer %s", e.CSV)
		}
		fmt.Fprintf(app.Out, "\n%s\n%s\n%s\n", e.Titulo, got[0], got[1])
		if !whole {
			continue
		}
		want, err := officialHeader(e.Codigo)
		if err != nil {
			return err
		}
		switch {
		case got == want:
			fmt.Fprintln(app.Out, "Coincide con el encabezado del archivo oficial final.")
		case got[1] == recomputedHeader(files, e.Codigo):
			// The IEE header counts labels it published before a contender correction and
			// never recomputed; sufragio classifies from the figures (RULES.md §2.3).
			fmt.Fprintf(app.Out, "Coincide con el encabezado oficial recalculado: el oficial "+
				"(%s) cuenta etiquetas publicadas que quedaron obsoletas tras corregir "+
				"contendientes (RULES.md §2.3); sufragio clasifica cada acta con sus cifras.\n",
				want[1])
		default:
			differ++
			fmt.Fprintf(app.Out, "DIFIERE del encabezado oficial:\n%s\n%s\n", want[0], want[1])
		}
	}
	if differ > 0 {
		return failf(nil, "%d elecciones no reproducen el encabezado oficial", differ)
	}
	return nil
}

// recomputedHeader is the values line of the official final file's summary with every acta
// classified from its figures instead of by its published label: what a platform that
// recomputes labels publishes (RULES.md §2.3).
func recomputedHeader(files []*opendata.Archivo, codigo string) string {
	for _, f := range files {
		if f.Eleccion.Codigo != codigo {
			continue
		}
		actas := make([]*acta.Acta, len(f.Actas))
		for i, a := range f.Actas {
			c := *a
			if c.Publicada != nil {
				c.MotivoSinActa = c.Publicada.Flags & acta.SinActaFlags
				c.Publicada = nil
			}
			actas[i] = &c
		}
		r := corte.Tally(f.Eleccion, actas, corte.Geografia{}, f.Corte, true, acta.DefaultConfig)
		v := r.Entidad.Resumen.Valores(true)
		return strings.Join(v[:], ",")
	}
	return ""
}

// headerLines returns the names and values lines of the summary of a PREP CSV.
func headerLines(path string) ([2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return [2]string{}, err
	}
	defer f.Close()
	return scanHeader(f)
}

func scanHeader(r interface{ Read([]byte) (int, error) }) ([2]string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "\ufeff")
		if strings.HasPrefix(line, "ACTAS_ESPERADAS,") && sc.Scan() {
			return [2]string{line, sc.Text()}, nil
		}
	}
	return [2]string{}, errors.New("no summary header")
}

// officialHeader returns the summary lines of the bundled official final file.
func officialHeader(codigo string) ([2]string, error) {
	for _, e := range demodata.Puebla2024 {
		if e.Codigo == codigo {
			data, err := demodata.ReadFile(e.Final)
			if err != nil {
				return [2]string{}, err
			}
			return scanHeader(bytes.NewReader(data))
		}
	}
	return [2]string{}, fmt.Errorf("no bundled file for %s", codigo)
}

// prepararCarpeta makes sure the simulacro starts from an empty folder (and, on
// PostgreSQL, an empty database).
func prepararCarpeta(ctx context.Context, app *App, reiniciar bool) error {
	dir := app.DataDir
	if ok, err := app.hasStore(ctx); err != nil || !ok {
		return err
	}
	st, err := app.openStore(ctx)
	if err != nil {
		return err
	}
	sim, err := st.Simulacro(ctx)
	if err == nil && sim && reiniciar && app.DB != "" {
		// The data folder is not the database's: only its simulacro cortes go, and only
		// when every corte in it is one.
		if err = cortesDeSimulacro(app.CortesDir()); err == nil {
			err = st.DropAll(ctx)
		}
	}
	st.Close()
	if err != nil {
		return err
	}
	otra := "elija otra carpeta con --data"
	if app.DB != "" {
		otra = "elija otra base con --db"
	}
	switch {
	case !sim:
		return failf(nil, "%s tiene datos que no son de un simulacro (una demostración o "+
			"una operación real): %s", app.dondeDatosFrase(), otra)
	case !reiniciar:
		return failf(nil, "%s ya tiene un simulacro; %s o indique --reiniciar",
			app.dondeDatosFrase(), otra)
	}
	if app.DB != "" {
		return os.RemoveAll(app.CortesDir())
	}
	return os.RemoveAll(dir)
}

// cortesDeSimulacro refuses a cortes folder that holds a corte that is not of a simulacro.
func cortesDeSimulacro(dir string) error {
	idx, err := publish.ReadIndice(dir)
	if err != nil {
		return failf(err, "no se pudo leer el índice de cortes de %s: %s", dir, razon(err))
	}
	for _, e := range idx.Cortes {
		if !e.Simulacro {
			return failf(nil, "la carpeta %s tiene cortes reales (el %d, entre otros): "+
				"--reiniciar no la borra; use otra carpeta con --data", dir, e.Numero)
		}
	}
	return nil
}

// prepararSimulacro creates the simulacro database: its mode, the catalog of the elections
// replayed and the staff who will work the night.
func prepararSimulacro(ctx context.Context, app *App, files []*opendata.Archivo,
	capturistas int) (*store.Store, simulacro.Equipo, error) {
	st, err := app.openStore(ctx)
	if err != nil {
		return nil, simulacro.Equipo{}, err
	}
	actor := cliActor()
	err = st.SetSettings(ctx, actor, map[string]string{store.SettingModo: store.ModoSimulacro})
	if err == nil {
		err = loadCatalogs(ctx, st, actor, files)
	}
	var eq simulacro.Equipo
	if err == nil {
		eq, err = crearEquipo(ctx, st, actor, capturistas)
	}
	if err != nil {
		st.Close()
		return nil, eq, err
	}
	return st, eq, nil
}

func loadCatalogs(ctx context.Context, st *store.Store, actor store.Actor,
	files []*opendata.Archivo) error {
	for _, f := range files {
		_, err := st.LoadCatalog(ctx, actor, store.ImportInput{Archivo: f, Fuente: f.Nombre})
		if err != nil {
			return err
		}
	}
	return nil
}

// crearEquipo creates the staff of the simulated night, each with a temporary password
// that the replay changes at first login.
func crearEquipo(ctx context.Context, st *store.Store, actor store.Actor, capturistas int) (
	simulacro.Equipo, error) {
	var eq simulacro.Equipo
	add := func(name string, role auth.Role) (simulacro.Credencial, error) {
		c := simulacro.Credencial{Usuario: name, Password: auth.GeneratePassword(),
			Nueva: auth.GeneratePassword()}
		_, err := st.AddUser(ctx, actor, store.NewUser{Username: name, Nombre: "Simulacro " +
			name, Role: role, Password: c.Password})
		return c, err
	}
	var err error
	if eq.Administrador, err = add("sim-admin", auth.Administrador); err != nil {
		return eq, err
	}
	for _, g := range []struct {
		prefix string
		role   auth.Role
		n      int
		to     *[]simulacro.Credencial
	}{
		{"sim-acopio", auth.Acopiador, 4, &eq.Acopiadores},
		{"sim-digital", auth.Digitalizador, 6, &eq.Digitalizadores},
		{"sim-captura", auth.Capturista, capturistas, &eq.Capturistas},
		{"sim-verifica", auth.Verificador, 2, &eq.Verificadores},
	} {
		for i := 1; i <= g.n; i++ {
			c, err := add(fmt.Sprintf("%s-%02d", g.prefix, i), g.role)
			if err != nil {
				return eq, err
			}
			*g.to = append(*g.to, c)
		}
	}
	return eq, nil
}

// simulacroFiles reads the bundled final files of the elections to replay.
func simulacroFiles(codigo string) ([]*opendata.Archivo, error) {
	var out []*opendata.Archivo
	codigo = strings.ToUpper(codigo)
	for _, e := range demodata.Puebla2024 {
		if codigo != "" && e.Codigo != codigo {
			continue
		}
		f, _, err := readBundled(e.Final, e.Candidaturas)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, failf(nil, "elección desconocida %q: use GUB, DIP_LOC o AYUN", codigo)
	}
	return out, nil
}
