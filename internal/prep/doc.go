// Package prep holds the rules of the PREP production line that sufragio runs on election
// night: the stages an acta goes through, the fields a capturista keys for it, how a typed
// field is read, how two blind captures are compared and how the verified figures become the
// acta that the next corte publishes (RULES.md §1). It is pure: the store keeps the state
// and the staff application drives it.
//
// # Stages
//
// An acta of the catalog starts Esperada. Acopio registers the arrival of its Acta PREP
// (Acopiada), or records that it did not arrive (SinActa, final: the acta is registered with
// the reason, RULES.md §2.1 row 3). Digitalización stores its image (Digitalizada); an image
// sent from the casilla through PREP Casilla is at the same time its acopio (LEEME IEE item
// 40). Two capturistas, never the same person and never the one who digitized it, key the
// figures blind; when both captures agree the acta is Verificada at once, otherwise it waits
// PorVerificar until a verificador settles each differing field or sends it back to capture
// (a new round). A Verificada acta enters the next corte.
//
// An image that matches no acta of the catalog, or a key typed at acopio that no acta has,
// is recorded fuera de catálogo: it counts only as registered (IEE LEEME items 4-5), in
// every election of the process, since an unmatched image has none (RULES.md §4.6 item 7).
package prep
