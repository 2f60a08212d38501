// Command sufragio runs the election-management platform of a state electoral institute:
// import of PREP open-data files, cortes (publications) and the results site.
//
// Usage:
//
//	sufragio <subcomando> [opciones]
//
// Every subcommand takes --data DIR, the folder with the database and the published cortes
// (default ./sufragio-data).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-isatty"

	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/store"
)

// command is one subcommand.
type command struct {
	name    string
	summary string // Spanish, for the help text
	run     func(ctx context.Context, app *App, args []string) error
}

var commands = []command{
	{"demo", "construye la base con los archivos reales de Puebla 2024, publica tres cortes y los sirve", runDemo},
	{"import", "importa archivos de datos abiertos del PREP (CSV) al almacén", runImport},
	{"corte", "publica un corte: CSV oficiales, JSON por nivel y ZIP", runCorte},
	{"serve", "sirve el sitio de resultados y la operación del PREP", runServe},
	{"nist", "escribe un corte publicado como informe NIST SP 1500-100 v2 (JSON)", runNIST},
	{"sitio", "escribe las páginas del último corte como archivos estáticos (para un CDN)", runSitio},
	{"catalogo", "carga el catálogo de actas esperadas para operar el PREP", runCatalogo},
	{"user", "administra los usuarios del personal: add, list, disable, enable, reset", runUser},
	{"audit", "verifica o exporta la bitácora de auditoría: verify, export", runAudit},
	{"keys", "crea la clave que firma los cortes o imprime su huella: init, show", runKeys},
	{"verify", "verifica cortes publicados o un CSV oficial a partir de los archivos solos",
		runVerify},
	{"simulacro", "reproduce la noche del PREP 2024 de Puebla contra el servidor real", runSimulacro},
	{"rp", "asigna diputaciones de representación proporcional desde un CSV de votos", runRP},
	{"computo", "ejercicio de cómputo (GUB, DIP_LOC o AYUN) sobre un corte del PREP",
		runComputo},
	{"gen", "genera un proceso federal sintético de tamaño nacional (para pruebas y medidas)",
		runGen},
}

// App holds what every subcommand shares: where the data lives, how to log and where to
// write for people.
type App struct {
	DataDir string
	// DB is the database: "" for SQLite inside DataDir, or a PostgreSQL URL (--db or
	// SUFRAGIO_DB).
	DB string
	// Lectores is the size of the store's pool of reading connections (0: the default).
	Lectores int
	Log      *slog.Logger
	Out      io.Writer // messages for people, in Spanish
	Err      io.Writer
	// Destinos are the URLs every published corte is copied to (--destino).
	Destinos []string
}

// userError is an error whose Mensaje is Spanish text written for people.
type userError interface {
	error
	Mensaje() string
}

// exitError carries a Spanish message for people and a reason for logs.
type exitError struct {
	msg    string
	reason error
}

func (e *exitError) Error() string {
	if e.reason != nil {
		return e.reason.Error()
	}
	return e.msg
}

// Mensaje returns the Spanish message.
func (e *exitError) Mensaje() string { return e.msg }

func (e *exitError) Unwrap() error { return e.reason }

// failf builds an error with a Spanish message for people and the cause for the log.
func failf(reason error, format string, args ...any) error {
	return &exitError{msg: fmt.Sprintf(format, args...), reason: reason}
}

// errClaveNoValida marks a signing key file that exists and does not hold an Ed25519 key.
var errClaveNoValida = errors.New("not an Ed25519 private key in PEM")

// razon says in Spanish, in a few words, why err happened, to follow the summary of a
// failf: failf(err, "no se pudo leer %s: %s", path, razon(err)). The error in full, in
// English, still goes to the log.
func razon(err error) string {
	var ue userError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ue):
		return ue.Mensaje()
	case errors.As(err, &syn):
		return fmt.Sprintf("no es JSON válido (byte %d)", syn.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("el campo %s no tiene el tipo esperado", typ.Field)
	case errors.As(err, &typ):
		return "el contenido no tiene el tipo esperado"
	case errors.Is(err, errClaveNoValida):
		return "no es una clave Ed25519 en formato PEM"
	case errors.Is(err, syscall.ENOTDIR):
		return "una parte de la ruta no es una carpeta"
	case errors.Is(err, syscall.EISDIR):
		return "es una carpeta"
	case errors.Is(err, syscall.ENOSPC):
		return "no queda espacio en el disco"
	case errors.Is(err, syscall.EROFS):
		return "el disco solo admite lectura"
	case errors.Is(err, fs.ErrPermission):
		return "sin permiso"
	case errors.Is(err, fs.ErrNotExist):
		return "no existe"
	}
	return "error de lectura o escritura (detalle en el registro)"
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// SUFRAGIO_CPUPROFILE names a file for a CPU profile of the whole run, for measuring.
	if path := os.Getenv("SUFRAGIO_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer f.Close()
		}
	}
	switch v := strings.ToUpper(os.Getenv("SUFRAGIO_SQLITE_SYNC")); v {
	case "FULL", "NORMAL":
		store.Synchronous = v
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
}

// run executes one subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	var cmd *command
	for i := range commands {
		if commands[i].name == args[0] {
			cmd = &commands[i]
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "sufragio: subcomando desconocido %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	app := &App{Out: stdout, Err: stderr, Log: newLogger(stderr, cmd.name == "serve")}
	if err := cmd.run(ctx, app, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue userError
		if errors.As(err, &ue) {
			// The Spanish message is the report; the log keeps the cause for collectors.
			fmt.Fprintf(stderr, "sufragio %s: %s\n", cmd.name, ue.Mensaje())
			app.Log.Info("command refused", "command", cmd.name, "err", err)
			return 1
		}
		fmt.Fprintf(stderr, "sufragio %s: error interno; detalle en el registro\n", cmd.name)
		app.Log.Error("command failed", "command", cmd.name, "err", err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Uso: sufragio <subcomando> [opciones]\n\nSubcomandos:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nCada subcomando acepta --data DIR (carpeta con la base de datos y los cortes; "+
		"predeterminada ./sufragio-data) y -h para su ayuda.")
}

// newLogger logs as text on a terminal and as JSON otherwise (for log collectors). The level
// comes from SUFRAGIO_LOG (debug, info, warn, error); by default a server logs its lifecycle
// (info) and the one-shot commands, which tell people in Spanish what they did, only
// warnings.
func newLogger(w io.Writer, server bool) *slog.Logger {
	level := slog.LevelWarn
	if server {
		level = slog.LevelInfo
	}
	if env := os.Getenv("SUFRAGIO_LOG"); env != "" {
		if err := level.UnmarshalText([]byte(env)); err != nil {
			level = slog.LevelInfo
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// flags creates the flag set of a subcommand with the shared --data option.
func (app *App) flags(name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(app.Err)
	fs.StringVar(&app.DataDir, "data", "sufragio-data",
		"`DIR` con la base de datos y los cortes publicados")
	fs.StringVar(&app.DB, "db", "", "`URL` de la base de datos PostgreSQL (postgres://…); sin "+
		"ella se usa SUFRAGIO_DB y, si tampoco está, SQLite dentro de --data")
	fs.Usage = func() {
		fmt.Fprintf(app.Err, "Uso: sufragio %s\n\nOpciones:\n", usageLine)
		printOptions(app.Err, fs)
	}
	return fs
}

// printOptions lists the options of a subcommand in Spanish, as --name VALUE.
func printOptions(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		if spanish, ok := map[string]string{"string": "VALOR", "int": "NÚMERO",
			"duration": "DURACIÓN"}[arg]; ok {
			arg = spanish
		}
		if arg != "" {
			arg = " " + arg
		}
		fmt.Fprintf(w, "  --%s%s\n      %s", f.Name, arg, usage)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(w, " (predeterminado: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parse parses the flags; a bad flag becomes a user error.
func (app *App) parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard) // the flag package's own messages are English
	err := fs.Parse(args)
	fs.SetOutput(app.Err)
	if errors.Is(err, flag.ErrHelp) {
		return err // Parse has shown the usage
	}
	if err != nil {
		return failf(err, "%s; vea «sufragio %s -h»", flagMensaje(err), fs.Name())
	}
	if err := checkPositional(fs); err != nil {
		return err
	}
	abs, err := filepath.Abs(app.DataDir)
	if err != nil {
		return failf(err, "carpeta de datos no válida %q", app.DataDir)
	}
	app.DataDir = abs
	if app.DB == "" {
		app.DB = os.Getenv("SUFRAGIO_DB")
	}
	if app.DB != "" && !store.IsPostgres(app.DB) {
		return failf(nil, "la base de datos debe ser un URL postgres://… o postgresql://… "+
			"(--db o SUFRAGIO_DB); sin ella se usa SQLite dentro de --data")
	}
	return nil
}

// storeConfig says where the store of the command lives.
func (app *App) storeConfig() store.Config {
	return store.Config{Dir: app.DataDir, DB: app.DB, Readers: app.Lectores}
}

// dondeDatos names the store for people: the data folder, or the PostgreSQL database.
func (app *App) dondeDatos() string {
	if app.DB == "" {
		return app.DataDir
	}
	return store.Redact(app.DB)
}

// dondeDatosFrase names the store for people at the start of a sentence: «la carpeta …» or
// «la base …».
func (app *App) dondeDatosFrase() string {
	if app.DB == "" {
		return "la carpeta " + app.DataDir
	}
	return "la base " + app.dondeDatos()
}

// openStore opens (creating it if needed) the store of the command.
func (app *App) openStore(ctx context.Context) (*store.Store, error) {
	return app.openStoreCon(ctx, false)
}

// openStoreCon opens the store of the command; existente refuses a PostgreSQL database
// without sufragio's schema instead of creating it.
func (app *App) openStoreCon(ctx context.Context, existente bool) (*store.Store, error) {
	if app.DB != "" {
		// A SQLite database left in the folder is not what the command works on: say so.
		if _, err := os.Stat(filepath.Join(app.DataDir, store.FileName)); err == nil {
			fmt.Fprintf(app.Err, "Aviso: se usa la base PostgreSQL %s; la base SQLite de %s "+
				"no se usa.\n", app.dondeDatos(), app.DataDir)
		}
	}
	cfg := app.storeConfig()
	cfg.Existente = existente
	st, err := store.OpenConfig(ctx, cfg, app.Log)
	var rf *store.Refusal
	if errors.As(err, &rf) {
		return nil, failf(err, "%s: %s", app.dondeDatosFrase(), rf.Msg)
	}
	if err != nil {
		if app.DB != "" {
			return nil, failf(err, "no se pudo abrir la base de datos %s: %s",
				app.dondeDatos(), razonDB(err))
		}
		return nil, failf(err, "no se pudo abrir el almacén en %s", app.DataDir)
	}
	return st, nil
}

// razonDB says in Spanish why a PostgreSQL database could not be opened.
func razonDB(err error) string {
	var pg *pgconn.PgError
	msg := err.Error()
	switch {
	case errors.As(err, &pg) && pg.Code == "3D000":
		return "la base no existe en el servidor (créela con createdb o CREATE DATABASE)"
	case errors.As(err, &pg) && (pg.Code == "28P01" || pg.Code == "28000"):
		return "el servidor rechazó el usuario o la contraseña"
	case errors.As(err, &pg) && pg.Code == "42501":
		return "el usuario no tiene permiso para crear o usar las tablas de sufragio"
	case errors.As(err, &pg):
		return "el servidor respondió con un error (detalle en el registro)"
	case strings.Contains(msg, "server refused TLS connection"),
		strings.Contains(msg, "server does not support SSL"):
		return "el servidor no acepta conexiones cifradas (TLS); revise sslmode en el URL"
	case strings.Contains(msg, "connection refused"):
		return "nadie escucha en esa dirección y puerto; revise el URL y que el servidor " +
			"PostgreSQL esté en marcha"
	case strings.Contains(msg, "no such host"):
		return "no se encontró el servidor con ese nombre"
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(msg, "timeout"):
		return "el servidor no respondió a tiempo"
	case strings.Contains(msg, "cannot parse"), strings.Contains(msg, "invalid"):
		return "el URL no es válido"
	}
	return "revise el URL, que el servidor PostgreSQL esté en marcha y que la base exista " +
		"(detalle en el registro)"
}

// hasStore reports whether the command's store already exists: the database file in the
// data folder, or, on PostgreSQL, a database that holds anything (store.Vacia).
func (app *App) hasStore(ctx context.Context) (bool, error) {
	if app.DB == "" {
		_, err := os.Stat(filepath.Join(app.DataDir, store.FileName))
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return err == nil, err
	}
	st, err := app.openStore(ctx)
	if err != nil {
		return false, err
	}
	defer st.Close()
	empty, err := st.Vacia(ctx)
	return !empty, err
}

// flagMensaje translates the errors of the flag package.
func flagMensaje(err error) string {
	msg := err.Error()
	if m := invalidFlag.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("valor no válido «%s» para la opción --%s", m[1], m[2])
	}
	for _, t := range []struct{ prefix, es string }{
		{"flag provided but not defined: -", "opción desconocida --"},
		{"flag needs an argument: -", "falta el valor de la opción --"},
	} {
		if rest, ok := strings.CutPrefix(msg, t.prefix); ok {
			return t.es + rest
		}
	}
	return "opciones no válidas: " + msg
}

// invalidFlag matches the flag package's error for a value that does not parse.
var invalidFlag = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([\w-]+)`)

// checkPositional refuses an option written after the arguments, which the flag package
// would take for one more argument and silently not apply.
func checkPositional(fs *flag.FlagSet) error {
	for _, a := range fs.Args() {
		if strings.HasPrefix(a, "-") && a != "-" {
			return failf(nil, "la opción %s va antes de los argumentos: sufragio %s "+
				"[opciones] argumentos…", a, fs.Name())
		}
	}
	return nil
}

// openExisting opens the store of the data folder, refusing a folder without one: a
// mistyped --data must not quietly start an empty database. (A PostgreSQL database must
// exist already: a mistyped URL fails to connect.)
func (app *App) openExisting(ctx context.Context) (*store.Store, error) {
	if app.DB == "" {
		if _, err := os.Stat(filepath.Join(app.DataDir, store.FileName)); err != nil {
			return nil, failf(err, "la carpeta %s no tiene una base de datos de sufragio; "+
				"revise --data (o, si la base está en PostgreSQL, indíquela con --db o "+
				"SUFRAGIO_DB), o créela con «sufragio catalogo», «sufragio import» o "+
				"«sufragio demo»", app.DataDir)
		}
	}
	return app.openStoreCon(ctx, true)
}

// CortesDir is where cortes are published by default.
func (app *App) CortesDir() string { return filepath.Join(app.DataDir, "cortes") }

// ComputosDir is where the public record of the cómputos is written by default.
func (app *App) ComputosDir() string { return filepath.Join(app.DataDir, "computos") }

// cliActor is the actor of actions taken from the command line: the operating-system user
// who ran the command, acting as administrador.
func cliActor() store.Actor {
	name := "cli"
	if u, err := user.Current(); err == nil {
		name = "cli:" + u.Username
	}
	return store.Actor{Username: name, Role: string(auth.Administrador)}
}
