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
	path := app.ClavePath()
	if action == "init" {
		if err := os.MkdirAll(app.DataDir, 0o755); err != nil {
			return failf(err, "no se pudo crear la carpeta %s", app.DataDir)
		}
		if _, err := os.Stat(path); err == nil {
			return failf(nil, "ya existe la clave de firma %s; no se reemplaza (los cortes ya "+
				"firmados con ella dejarían de coincidir con la clave publicada)", path)
		}
		key, err := publish.CrearClave(path)
		if err != nil {
			return failf(err, "no se pudo crear la clave de firma %s", path)
		}
		fmt.Fprintf(app.Out, "Clave de firma creada en %s (guárdela: solo quien la tiene "+
			"puede firmar cortes).\n", path)
		printClave(app, key.Public().(ed25519.PublicKey))
		return nil
	}
	key, err := publish.LeerClave(path)
	if errors.Is(err, fs.ErrNotExist) {
		return failf(err, "no hay clave de firma en %s: créela con «sufragio keys init»", path)
	}
	if err != nil {
		return failf(err, "no se pudo leer la clave de firma %s", path)
	}
	printClave(app, key.Public().(ed25519.PublicKey))
	return nil
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

// clave returns the key that signs the cortes published from this data folder, creating
// it, and saying so with its fingerprint, the first time a corte is published.
func (app *App) clave() (ed25519.PrivateKey, error) {
	path := app.ClavePath()
	key, err := publish.LeerClave(path)
	if errors.Is(err, fs.ErrNotExist) {
		if key, err = publish.CrearClave(path); err != nil {
			return nil, failf(err, "no se pudo crear la clave de firma %s", path)
		}
		fmt.Fprintf(app.Out, "Se creó la clave de firma de los cortes en %s; huella %s "+
			"(«sufragio keys show» la imprime).\n", path,
			publish.Huella(key.Public().(ed25519.PublicKey)))
		return key, nil
	}
	if err != nil {
		return nil, failf(err, "no se pudo leer la clave de firma %s", path)
	}
	return key, nil
}
