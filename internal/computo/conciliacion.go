package computo

// CausaDiferencia says why a casilla's cómputo figures differ from what the PREP counted.
type CausaDiferencia string

// The causes of a difference, in the order they are assigned: the first that holds.
const (
	// DiferenciaPendiente: the casilla has no cómputo figures yet.
	DiferenciaPendiente CausaDiferencia = "pendiente"
	// DiferenciaNinguna: the cómputo figures equal the PREP's, column by column.
	DiferenciaNinguna CausaDiferencia = "sin-cambio"
	// DiferenciaAusentePREP: the PREP counted nothing for the casilla: it has no PREP acta,
	// or its acta was not counted (SIN ACTA, illegible, over the lista nominal).
	DiferenciaAusentePREP CausaDiferencia = "ausente-prep"
	// DiferenciaCorreccion: the figures were corrected after the results.
	DiferenciaCorreccion CausaDiferencia = "correccion"
	// DiferenciaRecuento: the casilla was recounted.
	DiferenciaRecuento CausaDiferencia = "recuento"
	// DiferenciaCotejo: the council read in the cotejo other figures than the PREP
	// captured.
	DiferenciaCotejo CausaDiferencia = "cotejo"
)

// FilaConciliacion sets one casilla's PREP figures beside its cómputo figures.
type FilaConciliacion struct {
	Casilla Casilla
	// PREP are the figures as the PREP published them (special values count 0), nil when
	// it captured none; PREPContabilizada tells whether they entered the PREP totals.
	PREP              Votos
	PREPContabilizada bool
	// Computo are the figures that enter the cómputo; Fuente says where they come from.
	Computo Votos
	Fuente  Fuente
	// Diferencia is Computo minus what the PREP counted (its figures if counted, else 0),
	// per column.
	Diferencia Votos
	Causa      CausaDiferencia
	Recontada  bool
	Corregida  bool
}

// Conciliacion reconciles the PREP with the cómputo of a unit, casilla by casilla.
type Conciliacion struct {
	Contienda string
	// Simulacro marks a cómputo over test data.
	Simulacro bool
	Columnas  []string
	Filas     []FilaConciliacion
	// PREP is the sum of what the PREP counted; Computo the sum of the cómputo figures;
	// Diferencia their difference, per column.
	PREP       Votos
	Computo    Votos
	Diferencia Votos
	// Casillas counts the casillas by cause; Votos sums, by cause, the difference of
	// every column.
	Casillas map[CausaDiferencia]int
	Votos    map[CausaDiferencia]int64
}

// Conciliar sets, for every casilla of the unit, the figures of the PREP beside those of
// the cómputo, with their difference and its cause.
func (s *Sesion) Conciliar() Conciliacion {
	k := Conciliacion{Contienda: s.def.contienda(), Simulacro: s.def.Simulacro,
		Columnas: append([]string(nil), s.def.Columnas...), PREP: Votos{}, Computo: Votos{},
		Diferencia: Votos{}, Casillas: map[CausaDiferencia]int{},
		Votos: map[CausaDiferencia]int64{}}
	for _, c := range s.casillas {
		f := s.fila(c)
		k.Filas = append(k.Filas, f)
		k.Casillas[f.Causa]++
		for _, col := range s.def.Columnas {
			if f.PREPContabilizada {
				k.PREP[col] += f.PREP[col]
			}
			k.Computo[col] += f.Computo[col]
			k.Diferencia[col] += f.Diferencia[col]
			k.Votos[f.Causa] += f.Diferencia[col]
		}
	}
	return k
}

// fila reconciles one casilla.
func (s *Sesion) fila(c *casillaEstado) FilaConciliacion {
	v, fuente := s.figuras(c)
	f := FilaConciliacion{Casilla: c.Casilla, Computo: v, Fuente: fuente,
		Diferencia: Votos{}, Recontada: c.recuento != nil, Corregida: len(c.correcciones) > 0}
	if c.PREP != nil && c.PREP.Capturada {
		f.PREP = s.votosActa(c.PREP.Acta)
		f.PREPContabilizada = c.PREP.Contabilizada
	}
	cambia := false
	for _, col := range s.def.Columnas {
		d := v[col]
		if f.PREPContabilizada {
			d -= f.PREP[col]
		}
		f.Diferencia[col] = d
		cambia = cambia || d != 0
	}
	switch {
	case fuente == FuentePendiente:
		f.Causa = DiferenciaPendiente
	case !cambia:
		f.Causa = DiferenciaNinguna
	case !f.PREPContabilizada:
		f.Causa = DiferenciaAusentePREP
	case f.Corregida:
		f.Causa = DiferenciaCorreccion
	case f.Recontada:
		f.Causa = DiferenciaRecuento
	default:
		f.Causa = DiferenciaCotejo
	}
	return f
}

// votosActa reads an acta's figures as votes per column, special values counting 0.
func (s *Sesion) votosActa(a ActaCasilla) Votos {
	v := Votos{}
	for _, col := range s.def.Columnas {
		v[col] = num(a.Votos[col])
	}
	v[ColumnaNulos] = num(a.Nulos)
	if col := s.def.columnaNoRegistradas(); col != "" {
		v[col] = num(a.NoRegistradas)
	}
	return v
}
