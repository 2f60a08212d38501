// Package sintetico generates a synthetic federal electoral process of the size of INE 2024
// in the open-data layout sufragio reads, to try and measure sufragio at the scale of the
// country: the Presidencia (PRES), the Senadurías (SEN) and the Diputaciones Federales
// (DIP_FED) in 32 entidades, 300 distritos federales, about 71,000 secciones and 170,000
// casillas, some 510,000 actas.
//
// # What is real and what is not
//
// The territory's shape is INE's (the 32 entidades and their distritos federales of
// 2024); the parties, coalitions and candidacies to the Presidencia are those of 2024. The
// rest is drawn at random: names below the Presidencia ("PERSONA SINTÉTICA SHH 15-040"),
// distritos ("MEXICO 40"), secciones, casillas and every figure. Every file's title ends with
// "DATOS SINTÉTICOS", so that none passes for real results.
//
// # The model
//
// Every distribution comes from the final cut of the Puebla 2024 Gubernatura (perfil.go,
// votos.go; TestPerfilMedido measures the file again). Each sección has a básica, its
// extraordinarias and contiguas; each distrito its especiales and, sometimes, a voto
// anticipado acta; each entidad an extranjero acta in the elections voted from abroad.
// A casilla's voters lean around their distrito, and the distrito around the country (two
// levels of gamma draws per bloc of columns); the votes of each acta are a multinomial draw
// of its turnout over the columns that run in it. Each casilla draws a class (normal,
// some cells illegible or blank, none legible, exceeding the lista nominal, sin acta for one
// of three reasons, not registered) that its actas of the three elections keep with
// probability persistencia; the class shapes the cells. The published OBSERVACIONES and
// CONTABILIZADA are what sufragio computes from the cells, so an import reports no
// discrepancy.
//
// # Determinism and memory
//
// A seed fixes every draw: each entidad, and the fuera-de-catálogo rows, draw from their
// own source seeded from the seed and their number, so the entidades are generated at once
// and their rows written in order with the same bytes. Rows go to temporary files as each
// entidad is done, and each file is written whole at the end, when its summary is known:
// memory holds a few entidades, not the country.
package sintetico
