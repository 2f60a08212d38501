// Package acta models the acta de escrutinio y cómputo as the PREP handles it: its cells,
// its arithmetic and its classification.
//
// # Cells
//
// Every captured field is a Value: a non-negative number, or one of the special values of the
// open-data layout (RULES.md §4.5). ILEGIBLE and SIN DATO count 0 in sums; "-" in a vote
// field means the contender does not run on that acta, and "-" in every vote field means the
// acta is not registered yet; SIN ACTA marks an acta that never arrived; N/A a field the acta
// does not have.
//
// # States
//
// An acta moves from not registered (CONTABILIZADA "-") to registered, where it is either
// counted ("1") or not counted ("0"); an image that matches no acta of the catalog is fuera de
// catálogo ("2") and only counts as registered. Classify gives the state and the findings
// (Flags) from the figures, following the decision table of RULES.md §2.1; the IEE renders the
// findings as one OBSERVACIONES label by precedence, INE joins them.
//
// # Published versus computed
//
// An imported acta keeps the classification it was published with (Acta.Publicada), because
// that label is the record of the operation that published it and the official summary counts
// it (RULES.md §2.3). Calculada recomputes it from the figures so that importers can report
// every disagreement; Efectiva is what tallies use.
//
// # Identity
//
// Published keys are not unique (RULES.md §4.6 items 1-2). An acta's ID is its CLAVE_ACTA
// with the real casilla number (contiguas 10-17, published as C01, are recovered by their
// order in the section), followed by "-" and the unit id for voto anticipado and prisión
// preventiva actas, whose keys repeat across units; a fuera-de-catálogo acta is "FC-" and its
// código de integridad. The ID is stable across the cuts of one election.
package acta
