package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sufragio/sufragio/internal/publish"
)

// runKeys creates the key that signs the cortes (init), or prints its public half and
// fingerprint (show), for notaries and party representatives to record.
func runKeys(ctx context.Context, app *App, args []string) error {
	if len(args) == 0 || (args[0] != "init" && args[0] != "show") {
		return failf(nil, "use «sufragio keys init» (crea la clave de firma de los cortes) o "+
			"«sufragio keys show» (imprime su clave pública y su huella)")
	}
	action, args := args[0], args[1:]
	flags := app.flags("keys "+action, "keys "+action+" [--data DIR]")
	if err := app.parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return failf(nil, "argumentos de más: %v", flags.Args())
	}
	if action == "init" {
		return keysInit(app)
	}
	path := app.ClavePath()
	key, err := app.leerClave(path)
	if errors.Is(err, fs.ErrNotExist) {
		return failf(err, "no hay clave de firma en %s: créela con «sufragio keys init»", path)
	}
	if err != nil {
		return failf(err, "no se pudo leer la clave de firma %s: %s", path, razon(err))
	}
	printClave(app, key.Public().(ed25519.PublicKey))
	return nil
}

// keysInit creates the signing key, warning when the cortes already published were signed
// with another one.
func keysInit(app *App) error {
	path := app.ClavePath()
	if err := os.MkdirAll(app.DataDir, 0o755); err != nil {
		return failf(err, "no se pudo crear la carpeta %s: %s", app.DataDir, razon(err))
	}
	if _, err := os.Stat(path); err == nil {
		return failf(nil, "ya existe la clave de firma %s; no se reemplaza (los cortes ya "+
			"firmados con ella dejarían de coincidir con la clave publicada)", path)
	}
	key, err := publish.CrearClave(path)
	if err != nil {
		return failf(err, "no se pudo crear la clave de firma %s: %s", path, razon(err))
	}
	fmt.Fprintf(app.Out, "Clave de firma creada en %s (guárdela: solo quien la tiene "+
		"puede firmar cortes).\n", path)
	pub := key.Public().(ed25519.PublicKey)
	printClave(app, pub)
	app.avisoOtraClave(publish.Huella(pub))
	return nil
}

// avisoOtraClave warns, after a key is created, when the default cortes folder already
// holds cortes signed with another key: verify will report the change of key, and those who
// recorded the old fingerprint must be told the new one.
func (app *App) avisoOtraClave(huella string) {
	cortes := app.CortesDir()
	fp, err := leerFirmaPublicada(cortes)
	switch {
	case err != nil:
		fmt.Fprintf(app.Err, "Aviso: no se pudo leer la carpeta de cortes %s para saber con qué "+
			"clave se firmaron los cortes ya publicados: %s.\n", cortes, razon(err))
	case fp == nil || fp.huella == huella:
	case fp.huella == "":
		fmt.Fprintf(app.Err, "Aviso: los cortes ya publicados en %s (el último, el %d) no "+
			"están firmados; los siguientes se firmarán con esta clave.\n", cortes, fp.numero)
	default:
		fmt.Fprintf(app.Err, "Aviso: la clave nueva no es la de los cortes ya publicados en %s "+
			"(el último, el %d, se firmó con la de huella %s): «sufragio verify» dirá que los "+
			"cortes siguientes se firmaron con otra clave, y quienes registraron la huella "+
			"anterior deben registrar la nueva. Si conserva la clave anterior, borre esta y "+
			"restaure aquella en %s.\n", cortes, fp.numero, fp.huella, app.ClavePath())
	}
}

func printClave(app *App, pub ed25519.PublicKey) {
	fmt.Fprintf(app.Out, "Clave pública (Ed25519, base64): %s\n",
		base64.StdEncoding.EncodeToString(pub))
	fmt.Fprintf(app.Out, "Huella (SHA-256 de la clave pública): %s\n", publish.Huella(pub))
	fmt.Fprintln(app.Out, "Cada corte publica esta clave en su corte.json; «sufragio verify "+
		"--huella '…'» comprueba que los cortes se firmaron con ella.")
}

// ClavePath is the signing key's file in the data folder.
func (app *App) ClavePath() string { return filepath.Join(app.DataDir, publish.ArchivoClave) }

// clave returns the key that signs the cortes published from this data folder into the
// folder cortesDir. It creates the key, and says so with its fingerprint, only for the
// first corte: once cortes are published, a missing key is refused, since a new one would
// sign the next cortes with a fingerprint nobody recorded, and a final corte never changes.
func (app *App) clave(cortesDir string) (ed25519.PrivateKey, error) {
	path := app.ClavePath()
	key, err := app.leerClave(path)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, failf(err, "no se pudo leer la clave de firma %s: %s", path, razon(err))
	}
	fp, err := leerFirmaPublicada(cortesDir)
	if err != nil {
		return nil, failf(err, "falta la clave de firma %s y no se pudo leer la carpeta de "+
			"cortes %s para saber si hay cortes firmados, y con qué clave: %s",
			path, cortesDir, razon(err))
	}
	if fp != nil {
		return nil, faltaClave(path, cortesDir, fp)
	}
	if key, err = publish.CrearClave(path); err != nil {
		return nil, failf(err, "no se pudo crear la clave de firma %s: %s", path, razon(err))
	}
	fmt.Fprintf(app.Out, "Se creó la clave de firma de los cortes en %s; huella %s "+
		"(«sufragio keys show» la imprime).\n", path,
		publish.Huella(key.Public().(ed25519.PublicKey)))
	return key, nil
}

// faltaClave is the refusal to publish without the key of the cortes already published.
func faltaClave(path, cortesDir string, fp *firmaPublicada) error {
	if fp.huella == "" {
		return failf(nil, "falta la clave de firma %s y los cortes ya publicados en %s (el "+
			"último, el %d) no están firmados: para firmar los siguientes, cree la clave con "+
			"«sufragio keys init»", path, cortesDir, fp.numero)
	}
	return failf(nil, "falta la clave de firma %s: los cortes ya publicados en %s se firmaron "+
		"con la clave de huella %s (la del último, el %d). Restáurela en %s desde su respaldo "+
		"para seguir publicando. Solo si se perdió, cree otra con «sufragio keys init»: los "+
		"cortes siguientes tendrán otra huella, que habrá que comunicar a quienes registraron "+
		"la anterior", path, cortesDir, fp.huella, fp.numero, path)
}

// firmaPublicada is how the latest corte of a cortes folder is signed.
type firmaPublicada struct {
	numero int    // the latest corte
	huella string // fingerprint of the key that signed it; "" when it is not signed
}

// leerFirmaPublicada reads the key that signed the latest corte of cortesDir from its
// corte.json; nil when the folder has no corte yet.
func leerFirmaPublicada(cortesDir string) (*firmaPublicada, error) {
	idx, err := publish.ReadIndice(cortesDir)
	if err != nil || len(idx.Cortes) == 0 {
		return nil, err
	}
	e := ultimoCorte(idx)
	dir, err := dirCorte(cortesDir, e)
	if err != nil {
		return nil, err
	}
	m, err := publish.ReadManifiesto(dir)
	if err != nil {
		return nil, err
	}
	fp := &firmaPublicada{numero: e.Numero}
	if m.ClavePublica == "" {
		return fp, nil
	}
	pub, err := publish.ClavePublica(m.ClavePublica)
	if err != nil {
		return nil, fmt.Errorf("corte %d: clave_publica: %w", e.Numero, err)
	}
	fp.huella = publish.Huella(pub)
	return fp, nil
}

// leerClave reads the signing key, warning when its file is open to more than its owner:
// whoever reads it can sign cortes.
func (app *App) leerClave(path string) (ed25519.PrivateKey, error) {
	key, err := publish.LeerClave(path)
	var pe *fs.PathError
	if err != nil && !errors.As(err, &pe) {
		// The file was read and holds no key.
		return nil, fmt.Errorf("%w: %w", errClaveNoValida, err)
	}
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&^0o600 != 0 {
		fmt.Fprintf(app.Err, "Aviso: la clave de firma %s tiene permisos %04o, más abiertos "+
			"que 0600: quien pueda leerla puede firmar cortes; déjela solo para su dueño con "+
			"«chmod 600 %s».\n", path, fi.Mode().Perm(), path)
	}
	return key, nil
}
