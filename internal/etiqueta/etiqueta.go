package etiqueta

// Etiqueta is the label of one acta: what its QR code encodes and what a person reads on it.
type Etiqueta struct {
	Eleccion       string // election code: GUB, DIP_LOC, AYUN …
	EleccionNombre string // e.g. "Gubernatura"
	ActaID         string // the acta's stable id, e.g. "210000A01002-004" or "210001B01002"
	ClaveActa      string // e.g. "210001B01002"
	Seccion        string // "0001" or "N/A"
	Casilla        string // human name of the casilla, e.g. "Básica", "Contigua 3"
	Unidad         string // distrito or municipio name, e.g. "XICOTEPEC DE JUAREZ"
	UnidadID       string // e.g. "001"
}

// payload returns the text of the label's QR code.
func (e Etiqueta) payload() string { return Payload(e.Eleccion, e.ActaID) }
