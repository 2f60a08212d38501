// Package web serves the public results site of the PREP: server-rendered pages in Spanish
// that work without JavaScript, built only from published cortes (the folders written by
// publish.Build under a cortes folder), never from the capture database, so that readers on
// election night cannot slow capture down and see exactly what was published.
//
// A Server reads index.json of the cortes folder and loads each listed corte once, keeping
// it in memory; Reload picks up cortes published since. Pages under /cortes/{n}/ show one
// corte and never change, so they are served as immutable; the pages of the latest corte (/
// and /{eleccion}) change with every corte and are cached briefly. Files of a corte are
// served only when its manifest lists them.
package web
