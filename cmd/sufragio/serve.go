package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/sufragio/sufragio/internal/web"
)

func runServe(ctx context.Context, app *App, args []string) error {
	fs := app.flags("serve", "serve [--data DIR] [--addr :8080] [--cortes DIR]")
	addr := fs.String("addr", ":8080", "`DIRECCIÓN:PUERTO` donde escuchar")
	cortes := fs.String("cortes", "", "`DIR` de los cortes publicados (predeterminada: DATA/cortes)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if *cortes == "" {
		*cortes = app.CortesDir()
	}
	return serve(ctx, app, *addr, *cortes)
}

// reloadEvery is how often the server looks for newly published cortes.
const reloadEvery = 5 * time.Second

// serve runs the results site until ctx ends. It prints the address it listens on, which
// matters when the port is chosen by the system (":0").
func serve(ctx context.Context, app *App, addr, cortesDir string) error {
	if _, err := os.Stat(cortesDir); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(app.Out, "Aviso: la carpeta de cortes %s no existe todavía; el sitio dirá "+
			"que no hay cortes hasta que se publique uno con «sufragio corte».\n", cortesDir)
	}
	site, err := web.New(cortesDir, app.Log)
	if err != nil {
		return failf(err, "no se pudieron cargar los cortes de %s", cortesDir)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return failf(err, "no se pudo escuchar en %s", addr)
	}
	srv := &http.Server{
		Handler:           site.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(app.Out, "Sitio de resultados en http://%s/ (Ctrl+C para terminar)\n",
		displayAddr(ln.Addr()))
	app.Log.Info("listening", "addr", ln.Addr().String(), "cortes", cortesDir)

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
