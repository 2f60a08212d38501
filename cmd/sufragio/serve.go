package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sufragio/sufragio/internal/computopub"
	"github.com/sufragio/sufragio/internal/metricas"
	"github.com/sufragio/sufragio/internal/operacion"
	"github.com/sufragio/sufragio/internal/publicacion"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/web"
)

// escrituraMaxima is how long the writer may run one batch before /readyz reports the
// instance not ready.
const escrituraMaxima = 30 * time.Second

func runServe(ctx context.Context, app *App, args []string) error {
	fs := app.flags("serve", "serve [--data DIR] [--addr :8080] [--cortes DIR] [--computos DIR] "+
		"[--sin-operacion] [--destino URL]… [--db URL] [--lectores N]")
	app.destinoFlag(fs)
	addr := fs.String("addr", ":8080", "`DIRECCIÓN:PUERTO` donde escuchar")
	cortes := fs.String("cortes", "", "`DIR` de los cortes publicados (predeterminada: DATA/cortes)")
	computos := fs.String("computos", "", "`DIR` donde se publican los cómputos de los consejos "+
		"(predeterminada: DATA/computos)")
	noOps := fs.Bool("sin-operacion", false, "sirve solo el sitio público de resultados, sin "+
		"la aplicación del personal (/operacion/)")
	secure := fs.Bool("cookies-seguras", false, "marca la cookie de sesión como Secure "+
		"(cuando se llega al servidor por HTTPS)")
	fs.IntVar(&app.Lectores, "lectores", store.DefaultReaders, "`N` conexiones de lectura a "+
		"la base de datos (las escrituras van por una sola conexión por instancia)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if app.Lectores < 1 || app.Lectores > 200 {
		return failf(nil, "--lectores debe estar entre 1 y 200")
	}
	if *noOps && len(app.Destinos) > 0 {
		// Cortes are copied as they are published, and without the operation nothing is.
		return failf(nil, "--destino no va con --sin-operacion: los cortes se copian a sus "+
			"destinos al publicarlos, y sin la operación este servidor no publica ninguno")
	}
	if *cortes == "" {
		*cortes = app.CortesDir()
	}
	return serve(ctx, app, serveOptions{addr: *addr, cortesDir: *cortes, computosDir: *computos,
		operacion: !*noOps, secure: *secure})
}

// runSitio writes the prerendered pages of the latest corte as static files.
func runSitio(ctx context.Context, app *App, args []string) error {
	fs := app.flags("sitio", "sitio --out DIR [--data DIR] [--cortes DIR]")
	out := fs.String("out", "", "`DIR` donde escribir las páginas")
	cortes := fs.String("cortes", "", "`DIR` de los cortes publicados (predeterminada: DATA/cortes)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return failf(nil, "falta --out: la carpeta donde escribir las páginas")
	}
	if *cortes == "" {
		*cortes = app.CortesDir()
	}
	site, err := web.New(*cortes, app.Log)
	if err != nil {
		return failf(err, "no se pudieron cargar los cortes de %s", *cortes)
	}
	n, err := site.ExportarSitio(*out)
	if err != nil {
		return failf(err, "no se pudieron escribir las páginas en %s", *out)
	}
	fmt.Fprintf(app.Out, "Escritas %d páginas y documentos JSON del último corte en %s, cada "+
		"una con sus versiones .gz y .br.\n", n, *out)
	return nil
}

// tuneGC sets the collector for a server: requests allocate and free a lot while the
// loaded cortes, millions of small objects, stay live, and each collection marks them all.
// A heap target of nine times the live data (GOGC 800) collects a quarter as often as
// GOGC 200, which measured 15 % more requests per second on the results site and a p99 a
// third lower; a soft limit of half the machine's memory bounds the cost (hundreds of
// megabytes for a state). GOGC and GOMEMLIMIT, when set, are obeyed instead.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := memoriaTotal(); total > 0 {
			debug.SetMemoryLimit(total / 2)
		}
	}
}

// memoriaTotal returns the machine's memory in bytes from /proc/meminfo, or 0.
func memoriaTotal() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// serveOptions configure serve.
type serveOptions struct {
	addr, cortesDir string
	// computosDir is the public record of the cómputos (internal/computopub), which the
	// staff application writes and the site serves; DATA/computos when empty.
	computosDir string
	operacion   bool // also serve the staff application and run the schedule
	secure      bool
	// ready, when set, receives the base URL once the server listens.
	ready chan<- string
	// store, when set, receives the store of the staff application once it is open.
	store chan<- *store.Store
}

// reloadEvery is how often the server looks for newly published cortes; scheduleEvery how
// often it checks whether the PREP schedule asks for a corte.
const (
	reloadEvery   = 5 * time.Second
	scheduleEvery = time.Second
)

// serve runs the results site, and the staff application with the publication schedule,
// until ctx ends. It prints the address it listens on, which matters when the port is
// chosen by the system (":0").
func serve(ctx context.Context, app *App, o serveOptions) error {
	tuneGC()
	if _, err := os.Stat(o.cortesDir); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(app.Out, "Aviso: la carpeta de cortes %s no existe todavía; el sitio dirá "+
			"que no hay cortes hasta que se publique uno.\n", o.cortesDir)
	}
	if o.computosDir == "" {
		o.computosDir = app.ComputosDir()
	}
	site, err := web.New(o.cortesDir, app.Log, web.ConComputos(o.computosDir))
	if err != nil {
		return failf(err, "no se pudieron cargar los cortes de %s", o.cortesDir)
	}
	var handler http.Handler = site.Handler()
	var pub *publicacion.Publicador
	var actas metricas.Actas
	listo := []metricas.Comprobacion{{Nombre: "cortes", Probar: func(context.Context) error {
		return carpetaLegible(o.cortesDir)
	}}}
	med := metricas.Nueva(func(ctx context.Context) (map[string]map[string]int, error) {
		if actas == nil {
			return nil, nil
		}
		return actas(ctx)
	})
	if o.operacion {
		st, err := app.openExisting(ctx)
		if err != nil {
			return failf(err, "%s; para servir solo los cortes publicados use "+
				"--sin-operacion", err.(userError).Mensaje())
		}
		defer st.Close()
		if o.store != nil {
			o.store <- st
		}
		sim, err := st.Simulacro(ctx)
		if err != nil {
			return err
		}
		if pub, err = app.publicador(st, o.cortesDir, sim); err != nil {
			return err
		}
		computos, err := computopub.Nuevo(o.computosDir)
		if err != nil {
			return failf(err, "no se pudo abrir la carpeta de los cómputos %s", o.computosDir)
		}
		pub.Medir(med.Corte)
		actas = st.ActasPorEtapa
		listo = append(listo, metricas.Comprobacion{Nombre: "almacen",
			Probar: func(ctx context.Context) error {
				// The cause names the database's host and user: for the log, not the answer.
				if err := st.Ping(ctx); err != nil {
					app.Log.Warn("store not ready", "err", err)
					return errors.New("la base de datos no responde")
				}
				return nil
			}}, metricas.Comprobacion{Nombre: "escritura",
			Probar: func(context.Context) error {
				// Writes blocked this long (the write lock held by a hung instance, a long
				// import): captures sent here would wait, so send them elsewhere.
				if d := st.EscrituraOcupada(); d > escrituraMaxima {
					return fmt.Errorf("las escrituras llevan %d s detenidas", int(d.Seconds()))
				}
				return nil
			}})
		ops, err := operacion.New(st, pub, app.Log, operacion.Options{Simulacro: sim,
			SecureCookies: o.secure, Computos: computos, AlCapturar: med.Captura})
		if err != nil {
			return err
		}
		if err := ops.PublicarComputos(ctx); err != nil {
			// The acts are stored; the next act of each session publishes it again.
			app.Log.Error("publish computos at start", "err", err)
		}
		handler = operacion.Montar(site.Handler(), ops.Handler())
		go pub.Programar(ctx, scheduleEvery, func(ctx context.Context) (publicacion.Programa,
			error) {
			return publicacion.LeerPrograma(ctx, st)
		})
	}
	handler = conOperacion(handler, med, listo)
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return failf(err, "no se pudo escuchar en %s: %s", o.addr, listenMensaje(err))
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Images come from phones on slow connections: a 10 MB photograph may take minutes.
		ReadTimeout:    5 * time.Minute,
		WriteTimeout:   2 * time.Minute,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
	}
	base := "http://" + displayAddr(ln.Addr()) + "/"
	fmt.Fprintf(app.Out, "Sitio de resultados en %s (Ctrl+C para terminar)\n", base)
	if o.operacion {
		fmt.Fprintf(app.Out, "Aplicación del personal (PREP y cómputos) en %soperacion/; "+
			"cómputos publicados en %scomputos\n", base, base)
	}
	app.Log.Info("listening", "addr", ln.Addr().String(), "cortes", o.cortesDir)
	if o.ready != nil {
		o.ready <- base
	}

	go reload(ctx, app, site)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return failf(err, "el servidor se detuvo")
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	app.Log.Info("stopped")
	return nil
}

// conOperacion adds to handler what those who run the server use: /healthz, /readyz with
// the checks listo, and /metrics (internal/metricas), and counts every request.
func conOperacion(handler http.Handler, med *metricas.Metricas,
	listo []metricas.Comprobacion) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", metricas.Salud)
	mux.Handle("GET /readyz", metricas.Listo(listo...))
	mux.Handle("GET /metrics", med.Handler())
	mux.Handle("/", handler)
	return med.Medir(mux)
}

// carpetaLegible checks that the cortes folder can be read, or does not exist yet (no
// corte published: the site says so).
func carpetaLegible(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return nil
	}
	return err
}

// listenMensaje says in Spanish why an address could not be listened on.
func listenMensaje(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return "el puerto ya está en uso por otro programa"
	case errors.Is(err, syscall.EACCES):
		return "no hay permiso para ese puerto (los menores de 1024 requieren privilegios)"
	case strings.Contains(msg, "missing port"):
		return "falta el puerto: escriba la dirección como :8080 o 127.0.0.1:8080"
	case strings.Contains(msg, "invalid port"), strings.Contains(msg, "unknown port"):
		return "el puerto no es válido: use un número de 1 a 65535, como :8080"
	case strings.Contains(msg, "no such host"), strings.Contains(msg, "cannot assign"):
		return "esa dirección no es de esta máquina"
	}
	return "dirección no válida; use :8080 o 127.0.0.1:8080"
}

// reload picks up cortes published while the server runs.
func reload(ctx context.Context, app *App, site *web.Server) {
	t := time.NewTicker(reloadEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := site.Reload(); err != nil {
				app.Log.Warn("reload cortes", "err", err)
			}
		}
	}
}

// displayAddr turns a listening address into one a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return fmt.Sprintf("localhost:%d", tcp.Port)
}
