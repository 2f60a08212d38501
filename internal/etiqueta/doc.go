// Package etiqueta produces the printable labels that travel with each Acta PREP, so that the
// acopiador at the CATD can register the arrival of an acta by reading its QR code instead of
// typing its key.
//
// # Payload
//
// The QR code of a label encodes "PREP|<eleccion>|<actaID>", for example
// "PREP|GUB|210001B01002". The prefix tells a label apart from any other code a scanner may
// read (the barcode of a credential, the QR of an INE acta); the election code comes first
// because the same casilla has one acta per election. A USB scanner types the payload into
// the focused field as keyboard input, often followed by CR or LF, so ParsePayload trims
// surrounding space and accepts the prefix in any case. Neither field of a payload is ever
// empty or holds a space or a "|": PDF refuses labels that would break that, so that every
// printed code reads back to the acta it was printed for.
//
// # Sheets
//
// PDF lays the labels out on letter paper, 3 columns by 8 rows, each with its QR code at error
// correction level M (up to 15 % of the symbol may be lost), the election, the acta's ID in
// large monospaced type, the sección, the casilla and the distrito or municipio. A sheet of a
// simulacro carries a large SIMULACRO mark across every page and on every label, so that no
// label cut from it can pass for one of the election.
package etiqueta
