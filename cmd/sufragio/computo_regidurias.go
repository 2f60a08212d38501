package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
)

// nombreRegidurias names the seats a municipio's RP assignment gives.
const nombreRegidurias = "Regidurías de representación proporcional"

// regiduriasNombradas is how many municipios without regidurías the summary names; the rest
// it counts.
const regiduriasNombradas = 5

// regiduriasMunicipio is the assignment of one municipio's RP regidurías.
type regiduriasMunicipio struct {
	def computo.DefinicionAsignacion
	reg computo.RegistroAsignacion
}

// sinRegidurias is a municipio of the regidurías file whose regidurías were not assigned,
// and why, in Spanish.
type sinRegidurias struct {
	unidad, nombre, razon string
}

// leerRegidurias reads the file with the number of RP regidurías of each municipio of an
// election (computo.LeerRegidurias).
func leerRegidurias(path string, e *catalog.Eleccion) (map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, failf(err, "no se pudo leer el archivo de regidurías %s: %s", path,
			razon(err))
	}
	n, err := computo.LeerRegidurias(data, e)
	if err != nil {
		return nil, failf(err, "%s: %s", path, razon(err))
	}
	return n, nil
}

// asignarRegidurias assigns, for each municipio the regidurías file lists, its RP
// regidurías over its concluded cómputo (computo.MetodoRegidurias, RULES.md §7.3), as its
// consejo municipal would in session. A municipio whose regidurías cannot be assigned (no
// constancia de mayoría in force, no party besides the winning planilla over the
// threshold) is recorded with its reason; the municipios the file does not list are
// counted.
func (ej *ejercicio) asignarRegidurias() error {
	if ej.regidurias == nil {
		return nil
	}
	vistos := map[string]bool{}
	for _, s := range ej.sesiones {
		d := s.Definicion()
		n, ok := ej.regidurias[d.Unidad]
		if !ok {
			ej.sinNumero++
			continue
		}
		vistos[d.Unidad] = true
		r, motivo, err := ej.regiduriasDe(s, n)
		switch {
		case err != nil:
			return failf(err, "regidurías de representación proporcional de %s: %s",
				nombreUnidad(d), razon(err))
		case motivo != "":
			ej.noAsignadas = append(ej.noAsignadas, sinRegidurias{d.Unidad, d.UnidadNombre,
				motivo})
		default:
			ej.asignadas = append(ej.asignadas, r)
		}
	}
	var faltan []string
	for id := range ej.regidurias {
		if !vistos[id] {
			faltan = append(faltan, id)
		}
	}
	slices.Sort(faltan)
	for _, id := range faltan {
		ej.noAsignadas = append(ej.noAsignadas, sinRegidurias{unidad: id,
			razon: "el corte no trae su cómputo municipal"})
	}
	return nil
}

// regiduriasDe assigns the n RP regidurías of the municipio of session s. The assignment's
// refusals, in Spanish, are its motivo; err is anything else.
func (ej *ejercicio) regiduriasDe(s *computo.Sesion, n int) (regiduriasMunicipio,
	string, error) {
	d := s.Definicion()
	parte := ej.codigo() + "-" + d.Unidad
	def := computo.DefinicionAsignacion{Instituto: d.Instituto, Proceso: d.Proceso,
		Consejo: d.Consejo, Organo: computo.ConsejoMunicipal, Eleccion: ej.codigo(),
		EleccionNombre: nombreRegidurias, Unidad: d.Unidad, UnidadNombre: d.UnidadNombre,
		Simulacro: true, Metodo: computo.MetodoRegidurias, Partes: []string{parte},
		Regidurias: computo.ConfigRegiduriasPuebla(n)}
	a, err := computo.NuevaAsignacion(def, ej.quien, nil)
	if err != nil {
		return regiduriasMunicipio{}, "", err
	}
	// A fixed seed per municipio: the same corte and files give the same sorteos, and a
	// municipio's do not depend on which others the file lists.
	id, _ := strconv.Atoi(d.Unidad)
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 11_000+uint64(id))))
	r, err := a.Asignar(ej.quien, acuerdoEjercicio, map[string]*computo.Sesion{parte: s},
		sorteo)
	var de *computo.DatosError
	var se *computo.SecuenciaError
	if errors.As(err, &de) || errors.As(err, &se) {
		// The name is already on the municipio's line.
		return regiduriasMunicipio{}, strings.TrimPrefix(razon(err),
			"municipio "+d.UnidadNombre+": "), nil
	}
	return regiduriasMunicipio{def, r}, "", err
}

// regiduriasCSV writes one row per contender of each municipio assigned: its votes after
// the split of the combinations, whether it takes part and its RP regidurías.
func (ej *ejercicio) regiduriasCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"SIMULACRO", "ID_MUNICIPIO", "MUNICIPIO", "PARTIDO", "VOTOS",
		"CON_DERECHO", "RP"})
	for _, m := range ej.asignadas {
		for _, f := range m.reg.Resultado.Filas {
			derecho := "0"
			if f.ConDerecho {
				derecho = "1"
			}
			cw.Write([]string{"1", m.def.Unidad, m.def.UnidadNombre, f.Partido,
				strconv.FormatInt(f.Votos, 10), derecho, strconv.Itoa(f.RP)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// regiduriasExplicacion writes, per municipio assigned, the steps of its assignment, then
// the municipios of the file not assigned with their reasons.
func (ej *ejercicio) regiduriasExplicacion(w io.Writer) error {
	fmt.Fprintf(w, "SIMULACRO. %s; tampoco es la asignación de los consejos municipales.\n"+
		"Asignación de las regidurías de representación proporcional de cada municipio "+
		"(computo.AsignarRegidurias: RULES.md §7.3) sobre su cómputo municipal de este "+
		"ejercicio, con el número de regidurías que da %s (el número real depende de la "+
		"población del municipio: RULES.md §7.3, pregunta Q-11). Los pasos marcados [por "+
		"confirmar] siguen reglas que RULES.md aún no confirma.\n", ej.proceso(),
		ej.archivoRegidurias)
	for _, m := range ej.asignadas {
		fmt.Fprintf(w, "\nMunicipio %s %s. Regidurías de representación proporcional: %d; "+
			"partidos de la planilla ganadora, que no toman ninguna: %s.\n", m.def.Unidad,
			m.def.UnidadNombre, m.def.Regidurias.Regidurias, strings.Join(m.reg.Ganadora, ", "))
		for _, l := range computo.Lineas(m.reg.Resultado.Pasos) {
			fmt.Fprintln(w, l)
		}
	}
	if len(ej.noAsignadas) > 0 {
		fmt.Fprintln(w, "\nMunicipios del archivo cuyas regidurías no se asignan:")
	}
	for _, m := range ej.noAsignadas {
		fmt.Fprintf(w, "  %s: %s.\n", strings.TrimSpace(m.unidad+" "+m.nombre), m.razon)
	}
	_, err := fmt.Fprintf(w, "\nMunicipios del cómputo que el archivo no lista, sin "+
		"regidurías asignadas: %d.\n", ej.sinNumero)
	return err
}

// regiduriasResumen tells how many municipios got their regidurías, the regidurías by
// party, and the municipios of the file not assigned, the first few named with their
// reasons.
func (ej *ejercicio) regiduriasResumen(w io.Writer) {
	por, total := map[string]int{}, 0
	for _, m := range ej.asignadas {
		for _, f := range m.reg.Resultado.Filas {
			por[f.Partido] += f.RP
			total += f.RP
		}
	}
	fmt.Fprintf(w, "\nRegidurías de representación proporcional (RULES.md §7.3, pasos por "+
		"confirmar marcados en la explicación), con el número de cada municipio de %s: "+
		"asignadas en %d de los %d municipios del archivo; regidurías asignadas: %s.\n",
		ej.archivoRegidurias, len(ej.asignadas), len(ej.regidurias),
		documento.Miles(int64(total)))
	var partidos []string
	for p, n := range por {
		if n > 0 {
			partidos = append(partidos, p)
		}
	}
	sort.Slice(partidos, func(i, j int) bool {
		if por[partidos[i]] != por[partidos[j]] {
			return por[partidos[i]] > por[partidos[j]]
		}
		return partidos[i] < partidos[j]
	})
	if len(partidos) > 0 {
		fmt.Fprintln(w, "Regidurías por partido:")
	}
	for _, p := range partidos {
		fmt.Fprintf(w, "  %-12s %4d\n", p, por[p])
	}
	if n := len(ej.noAsignadas); n > 0 {
		fmt.Fprintf(w, "Municipios del archivo sin regidurías asignadas (%d):\n", n)
	}
	for i, m := range ej.noAsignadas {
		if i == regiduriasNombradas {
			fmt.Fprintf(w, "  y %d más (véase asignacion_regidurias_%s.txt).\n",
				len(ej.noAsignadas)-i, ej.sufijo())
			break
		}
		fmt.Fprintf(w, "  %s: %s.\n", strings.TrimSpace(m.unidad+" "+m.nombre), m.razon)
	}
	fmt.Fprintf(w, "Municipios del cómputo que el archivo no lista, sin regidurías "+
		"asignadas: %d.\n", ej.sinNumero)
}

// documentosRegidurias are the files of the RP regidurías, when the file of their numbers
// was given.
func (ej *ejercicio) documentosRegidurias() []archivo {
	if ej.regidurias == nil {
		return nil
	}
	base := "asignacion_regidurias_" + ej.sufijo()
	return []archivo{{base + ".csv", ej.regiduriasCSV},
		{base + ".txt", ej.regiduriasExplicacion}}
}
