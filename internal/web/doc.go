// Package web serves the public results site of the PREP: server-rendered pages in Spanish
// that work without JavaScript, built only from published cortes (the folders written by
// publish.Build under a cortes folder), never from the capture database, so that readers on
// election night cannot slow capture down and see exactly what was published.
//
// A Server reads index.json of the cortes folder and loads only the latest corte, which
// takes seconds and tens of megabytes; Reload picks up a newer one. Any other corte is
// loaded when a reader first asks for it, once however many ask at the same time, and the
// few most recently asked for stay in memory (KeepCortes). The list of cortes reads only
// their corte.json.
//
// A corte's files under /cortes/{n}/archivos/ never change and are served as immutable,
// and only when its manifest lists them. Its pages never change either (their selector
// lists the cortes up to it), so they are immutable too; the pages of the latest corte
// (/ and /{eleccion}) change with every corte and are cached briefly. Each page has one
// address: another spelling (/gub, a trailing slash, an escaped slash between segments) is
// sent to it with a 301.
//
// The cortes folder itself is served as published, read-only, under /publicacion/
// (index.json, each corte's corte.json, its signature and the files it lists, the acta
// images), so that anyone can check the cortes over HTTP with sufragio verify, as /verificar
// explains with the fingerprint of the key that signs them (see publicacion.go). Corte 0 is
// the puesta en ceros, published before the PREP opens: every acta expected, none counted.
//
// Pages are rendered once per corte and kept compressed with gzip and brotli: the home
// page, elections, entidades of a national election, distritos and municipios of a corte
// (and the addresses of the latest) when the corte is loaded, before it is served;
// secciones and actas at their first request. Serving a page is then writing bytes, with an
// ETag (304 for a reader that has it). The JSON API under /api/v1 mirrors the pages (see
// api.go), but for the entidades of a national election, which it does not have yet.
package web
