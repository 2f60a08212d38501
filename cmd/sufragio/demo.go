package main

import "context"

func runDemo(ctx context.Context, app *App, args []string) error {
	return failf(nil, "el subcomando demo aún no está disponible") // placeholder while being built
}
