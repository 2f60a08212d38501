package main

import "context"

func runServe(ctx context.Context, app *App, args []string) error {
	return failf(nil, "el subcomando serve aún no está disponible") // placeholder while being built
}
