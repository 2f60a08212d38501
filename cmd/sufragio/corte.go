package main

import "context"

func runCorte(ctx context.Context, app *App, args []string) error {
	return failf(nil, "el subcomando corte aún no está disponible") // placeholder while being built
}
