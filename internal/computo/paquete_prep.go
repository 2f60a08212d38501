package computo

// The PREP's label of an acta that never reached it tells how its package arrives at the
// council (RULES.md §2.4): a casilla not installed has no package; a package delivered
// without its bag shows signs of alteration (LGIPE art. 311.1.e orders those last).
const (
	ObsNoInstalada = "SIN ACTA POR CASILLA NO INSTALADA"
	ObsSinBolsa    = "SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA"
)

// ObsExcedeLN is the PREP's label of an acta whose votes exceed its lista nominal (IEE
// LEEME, OBSERVACIONES): the PREP does not count it, and in an exercise the council
// recounts it for an evident inconsistency among the elements of the acta (LGIPE art.
// 311.1.d.I; see Ejercicio).
const ObsExcedeLN = "EXCEDE LISTA NOMINAL"

// PaqueteDePREP is the package record of casilla c as the PREP leaves it known: with the
// acta and the president's copy when the PREP captured its acta; none for a casilla not
// installed; altered when the PREP received it without its bag. An exercise over the PREP
// data (no council has recorded the packages) registers this.
func PaqueteDePREP(c Casilla) Paquete {
	switch {
	case c.PREP != nil && c.PREP.Observaciones == ObsNoInstalada:
		return Paquete{NoInstalada: true}
	case c.PREP == nil || !c.PREP.Capturada:
		return Paquete{Alterado: c.PREP != nil && c.PREP.Observaciones == ObsSinBolsa}
	}
	return Paquete{ActaEnPaquete: true, CopiaPresidente: true}
}
