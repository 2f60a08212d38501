package main

import "context"

func runImport(ctx context.Context, app *App, args []string) error {
	return failf(nil, "el subcomando import aún no está disponible") // placeholder while being built
}
