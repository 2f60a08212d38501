package web

import (
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computopub"
)

// vistaConciliacion is the reconciliation of the PREP with a cómputo as its page shows it:
// the totals, the casillas and votes by cause of difference, and a row per casilla.
type vistaConciliacion struct {
	PREP, Computo, Diferencia int64
	Causas                    []filaCausa
	Filas                     []filaConciliacion
}

// filaCausa is one cause of difference: its casillas and the votes it changes.
type filaCausa struct {
	Causa    string
	Casillas int
	Votos    string
}

// filaConciliacion is one casilla: the total the PREP counted, the cómputo's, their
// difference and its cause.
type filaConciliacion struct {
	Clave, Seccion, Tipo string
	PREP                 string
	Computo              int64
	Diferencia           string
	Cambia               bool
	Fuente, Causa        string
}

// causasDiferencia name the causes of a difference between the PREP and the cómputo
// (computo.CausaDiferencia), in the order the page lists them.
var causasDiferencia = []struct {
	codigo computo.CausaDiferencia
	texto  string
}{
	{computo.DiferenciaNinguna, "Sin diferencia"},
	{computo.DiferenciaCotejo, "El consejo leyó en el cotejo otras cifras que las del PREP"},
	{computo.DiferenciaRecuento, "Casilla recontada"},
	{computo.DiferenciaCorreccion, "Cifras corregidas después de los resultados"},
	{computo.DiferenciaAusentePREP, "El PREP no contabilizó su acta"},
	{computo.DiferenciaPendiente, "Aún sin cifras del cómputo"},
}

// fuentes name where a casilla's figures come from (computo.Fuente).
var fuentes = map[string]string{
	string(computo.FuentePendiente):   "pendiente",
	string(computo.FuenteNoInstalada): "casilla no instalada",
	string(computo.FuenteCotejo):      "cotejo del acta",
	string(computo.FuenteRecuento):    "recuento",
	string(computo.FuenteCorreccion):  "corrección",
}

// textoCausa names a cause of difference; an unknown code is shown as published.
func textoCausa(codigo string) string {
	for _, c := range causasDiferencia {
		if string(c.codigo) == codigo {
			return c.texto
		}
	}
	return codigo
}

// conciliacionVista is the reconciliation of c, or nil when it has none (a state cómputo).
func conciliacionVista(c *computopub.Computo) *vistaConciliacion {
	k := c.Conciliacion
	if k == nil {
		return nil
	}
	v := &vistaConciliacion{PREP: suma(k.PREP), Computo: suma(k.Computo),
		Diferencia: suma(k.Diferencia)}
	for _, causa := range causasDiferencia {
		n := k.CasillasPorCausa[string(causa.codigo)]
		if n == 0 {
			continue
		}
		v.Causas = append(v.Causas, filaCausa{Causa: causa.texto, Casillas: n,
			Votos: conSigno(k.VotosPorCausa[string(causa.codigo)])})
	}
	for _, f := range k.Filas {
		x := filaConciliacion{Clave: f.Clave, Seccion: f.Seccion, Tipo: tipoCasilla(f.Tipo),
			PREP: "sin acta", Computo: suma(f.Computo),
			Diferencia: conSigno(suma(f.Diferencia)), Fuente: cmpOr(fuentes[f.Fuente],
				f.Fuente), Causa: textoCausa(f.Causa)}
		switch {
		case f.PREPContabilizada:
			x.PREP = miles(suma(f.PREP))
		case f.PREPCapturada:
			x.PREP = "no contabilizada"
		}
		x.Cambia = f.Causa != string(computo.DiferenciaNinguna) &&
			f.Causa != string(computo.DiferenciaPendiente)
		v.Filas = append(v.Filas, x)
	}
	return v
}

// conSigno writes a difference with its sign: "+12", "-3", "0".
func conSigno(n int64) string {
	if n > 0 {
		return "+" + miles(n)
	}
	return miles(n)
}
