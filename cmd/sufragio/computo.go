package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/verifica"
)

// The choices of the exercise, which no published record gives (see runComputo).
const (
	// extranjero is the unit of the cómputo of the votes from abroad, whose actas have no
	// district in the PREP file.
	extranjero = "VMRE"
	// gruposTrabajo and minutosSesion are what each council has for its recounts: five
	// grupos de trabajo and 30 hours.
	gruposTrabajo    = 5
	minutosSesion    = 1800
	institutoComputo = "Instituto Electoral del Estado"
	acuerdoEjercicio = "ejercicio sobre el PREP, sin acuerdo del consejo"
)

// eleccionesComputo are the elections the exercise computes, by code.
var eleccionesComputo = []string{"GUB", "DIP_LOC", "AYUN"}

// runComputo runs, as an exercise, the cómputo of one election over the PREP actas of a
// published corte, every session through computo.Ejercicio, whose choices stand for the
// session records no council has published (every package arrives, an acta the PREP
// captured is confirmed, a recounted casilla takes the figures of the recount file or the
// PREP's, the runner-up asks for the total recount):
//
//   - GUB: the 26 district cómputos and that of the votes from abroad, then the Consejo
//     General's state cómputo, validity and constancia;
//   - DIP_LOC: the 26 district cómputos, each declaring validity and issuing its
//     constancia, with the RP actas of the casillas especiales computed apart; then, on
//     the complete results and the siglado file, the RP seats of the Congress of Puebla;
//   - AYUN: the 217 municipal cómputos, each declaring validity and issuing its
//     constancia; then, with the file of each municipio's number of RP regidurías, which
//     the data lack, the regidurías of the municipios it lists.
//
// Every document is marked SIMULACRO.
func runComputo(ctx context.Context, app *App, args []string) error {
	flags := app.flags("computo", "computo --recuentos ARCHIVO.csv --out CARPETA "+
		"[--eleccion GUB|DIP_LOC|AYUN] [--siglado ARCHIVO.csv] [--regidurias ARCHIVO.csv] "+
		"[CARPETA_DE_CORTES|CARPETA_DE_UN_CORTE]")
	eleccion := flags.String("eleccion", "GUB", "`CÓDIGO` de la elección: GUB (Gubernatura), "+
		"DIP_LOC (Diputaciones Locales) o AYUN (Ayuntamientos)")
	recuentos := flags.String("recuentos", "", "`ARCHIVO.csv` con las cifras de recuento de "+
		"las casillas por recontar")
	siglado := flags.String("siglado", "", "`ARCHIVO.csv` con el partido al que cuenta cada "+
		"diputación de mayoría de una coalición (solo DIP_LOC; sin él no se asignan las "+
		"diputaciones de representación proporcional)")
	regidurias := flags.String("regidurias", "", "`ARCHIVO.csv` con el número de regidurías "+
		"de representación proporcional de cada municipio (ID_MUNICIPIO,REGIDURIAS_RP; solo "+
		"AYUN; sin él no se asignan)")
	out := flags.String("out", "", "`CARPETA` donde se escriben las actas, las constancias, "+
		"los resultados, la conciliación y las bitácoras")
	if err := app.parse(flags, args); err != nil {
		return err
	}
	codigo, err := comprobarOpciones(*eleccion, *recuentos, *out, *siglado, *regidurias,
		flags.NArg())
	if err != nil {
		return err
	}
	dir := app.CortesDir()
	if flags.NArg() == 1 {
		dir = flags.Arg(0)
	}
	dir, err = corteNIST(dir)
	if err != nil {
		return err
	}
	if err := salidaAparte(*out, filepath.Dir(dir), app.DataDir); err != nil {
		return err
	}
	ej, err := prepararEjercicio(dir, codigo, *recuentos, *siglado, *regidurias)
	if err != nil {
		return err
	}
	if err := ej.correr(); err != nil {
		return err
	}
	archivos, err := ej.escribir(*out)
	if err != nil {
		return err
	}
	return ej.resumen(app.Out, *recuentos, *siglado, *out, archivos)
}

// comprobarOpciones refuses what the command cannot do before reading anything, and
// returns the election's code.
func comprobarOpciones(eleccion, recuentos, out, siglado, regidurias string,
	args int) (string, error) {
	codigo := strings.ToUpper(strings.TrimSpace(eleccion))
	switch {
	case !slices.Contains(eleccionesComputo, codigo):
		return "", failf(nil, "la elección %q no se puede computar en este ejercicio: use "+
			"--eleccion GUB (Gubernatura), DIP_LOC (Diputaciones Locales) o AYUN "+
			"(Ayuntamientos)", eleccion)
	case siglado != "" && codigo != "DIP_LOC":
		return "", failf(nil, "--siglado solo se usa con --eleccion DIP_LOC: el siglado dice "+
			"a qué partido cuenta cada diputación de mayoría de una coalición")
	case regidurias != "" && codigo != "AYUN":
		return "", failf(nil, "--regidurias solo se usa con --eleccion AYUN: el archivo dice "+
			"cuántas regidurías de representación proporcional tiene cada municipio")
	case recuentos == "":
		return "", failf(nil, "falta --recuentos ARCHIVO.csv, con las cifras de recuento de "+
			"las casillas por recontar")
	case out == "":
		return "", failf(nil, "falta --out CARPETA, donde se escriben los documentos del "+
			"cómputo")
	case args > 1:
		return "", failf(nil, "indique una sola carpeta de cortes o de un corte")
	}
	return codigo, nil
}

// salidaAparte refuses an output folder that is, holds or lies inside one of carpetas (the
// published cortes, the data folder): the exercise's SIMULACRO documents would mix with
// signed cortes or with the public record of the cómputos.
func salidaAparte(out string, carpetas ...string) error {
	o, err := rutaReal(out)
	if err != nil {
		return failf(err, "--out %q no es una carpeta válida: %s", out, razon(err))
	}
	for _, c := range carpetas {
		r, err := rutaReal(c)
		if err != nil {
			continue
		}
		if o == r || dentroDe(o, r) || dentroDe(r, o) {
			return failf(nil, "--out %s se cruza con %s, donde están los cortes publicados o "+
				"los datos; los documentos del ejercicio van en una carpeta aparte", out, c)
		}
	}
	return nil
}

// prepararEjercicio reads everything the exercise needs: the verified corte, its actas of
// the election, the recount file and, if given, the siglado and the number of regidurías.
func prepararEjercicio(dir, codigo, recuentos, siglado, regidurias string) (*ejercicio,
	error) {
	m, f, err := leerCorte(dir, codigo)
	if err != nil {
		return nil, err
	}
	rec, err := leerRecuentos(recuentos, f, m.Numero)
	if err != nil {
		return nil, err
	}
	ej := &ejercicio{f: f, m: m, rec: rec, quien: cliActor().Username}
	if siglado != "" {
		if ej.siglado, err = leerSiglado(siglado, f.Eleccion); err != nil {
			return nil, err
		}
	}
	if regidurias != "" {
		if ej.regidurias, err = leerRegidurias(regidurias, f.Eleccion); err != nil {
			return nil, err
		}
		ej.archivoRegidurias = regidurias
	}
	return ej, nil
}

// leerCorte verifies the corte in dir and reads the actas of its election codigo, with its
// candidaturas.
func leerCorte(dir, codigo string) (*publish.Manifiesto, *opendata.Archivo, error) {
	inf, err := verifica.Verificar(dir, verifica.Opciones{})
	if err != nil {
		return nil, nil, failf(err, "no se pudo verificar el corte publicado en %s: %s", dir,
			razon(err))
	}
	m, err := publish.ReadManifiesto(dir)
	if err != nil {
		return nil, nil, failf(err, "no se pudo leer el corte publicado en %s: %s", dir,
			razon(err))
	}
	if n := inf.Fallas(); n > 0 {
		return nil, nil, failf(nil, "el corte %d publicado en %s no pasa la verificación (%d "+
			"discrepancias): no se computa; «sufragio verify %s» dice qué no coincide",
			m.Numero, dir, n, dir)
	}
	nombre := (&catalog.Eleccion{Codigo: codigo}).Nombre()
	for _, e := range m.Elecciones {
		if e.Codigo != codigo {
			continue
		}
		f, err := leerEleccionCorte(dir, e)
		if err != nil {
			return nil, nil, failf(err, "no se pudieron leer las actas de %s del corte %d en "+
				"%s: %s", nombre, m.Numero, dir, razon(err))
		}
		return m, f, nil
	}
	return nil, nil, failf(nil, "el corte %d publicado en %s no trae la elección de %s",
		m.Numero, dir, nombre)
}

// leerEleccionCorte reads the open-data CSV of one election of a verified corte and its
// candidaturas, which name the candidacies of the constancia.
func leerEleccionCorte(dir string, e publish.EleccionCorte) (*opendata.Archivo, error) {
	if !fs.ValidPath(e.CSV) || !fs.ValidPath(e.Candidaturas) {
		return nil, fmt.Errorf("bad path %q or %q", e.CSV, e.Candidaturas)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.CSV)))
	if err != nil {
		return nil, err
	}
	f, err := opendata.Read(e.CSV, data)
	if err != nil {
		return nil, err
	}
	cand, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Candidaturas)))
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(cand, []byte("\uFEFF")))) == 0 {
		return nil, failf(nil, "el corte publica vacío el archivo de candidaturas %s: sin él "+
			"no se sabe a qué candidatura cuenta cada columna", e.Candidaturas)
	}
	if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
		return nil, err
	}
	return f, nil
}

// ejercicio is one run of the cómputo of an election over a corte, and what it counted
// for the summary.
type ejercicio struct {
	f       *opendata.Archivo
	m       *publish.Manifiesto
	rec     map[string]recuento
	siglado computo.Siglado // nil when no siglado file was given
	quien   string

	// sesiones are the cómputos of the units (districts or municipios), in PREP order;
	// especiales those of the RP actas of the casillas especiales (DIP_LOC).
	sesiones   []*computo.Sesion
	especiales []*computo.Sesion
	estatal    *computo.ComputoEstatal // GUB
	// rp is the assignment of the RP seats (DIP_LOC), or sinRP says why there is none.
	rp    *computo.AsignacionRP
	sinRP string
	// n counts the units' sessions, nRP those of the RP actas of the casillas especiales.
	n, nRP computo.Conteo

	// regidurias is the number of RP regidurías by municipio (AYUN), read from
	// archivoRegidurias; nil without it. asignadas are the municipios assigned, noAsignadas
	// those of the file that could not be, sinNumero counts the cómputos the file omits.
	regidurias        map[string]int
	archivoRegidurias string
	asignadas         []regiduriasMunicipio
	noAsignadas       []sinRegidurias
	sinNumero         int
}

// codigo is the election's code.
func (ej *ejercicio) codigo() string { return ej.f.Eleccion.Codigo }

// correr runs every unit's cómputo, then what the election's results lead to: the state
// cómputo of Gubernatura, the RP seats of Diputaciones, the RP regidurías of Ayuntamientos.
func (ej *ejercicio) correr() error {
	e := ej.f.Eleccion
	prep := corte.Tally(e, ej.f.Actas, nil, ej.m.Hora, ej.m.Final, acta.DefaultConfig)
	nodos := prep.Distritos
	if e.Unidad == catalog.UnidadMunicipio {
		nodos = prep.Municipios
	}
	// Fixed seeds: the same corte and file give the same sorteos, should any be needed.
	driver := computo.Ejercicio{Quien: ej.quien, Recuentos: ej.cifras, Grupos: gruposTrabajo,
		Minutos: minutosSesion, Acuerdo: acuerdoEjercicio,
		Sorteo: computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 2024)))}
	for _, n := range nodos {
		def := ej.definicion(n)
		cs := computo.CasillasDe(e, ej.f.Actas, n.ID, def, acta.DefaultConfig)
		s, err := ej.computar(driver, def, cs, "", &ej.n)
		if err != nil {
			return err
		}
		ej.sesiones = append(ej.sesiones, s)
		if e.Codigo != "DIP_LOC" {
			continue
		}
		def = ej.definicionRP(n)
		if cs = computo.CasillasRPDe(e, ej.f.Actas, n.ID, def,
			acta.DefaultConfig); len(cs) == 0 {
			continue
		}
		if s, err = ej.computar(driver, def, cs, "las actas de representación proporcional "+
			"de las casillas especiales de ", &ej.nRP); err != nil {
			return err
		}
		ej.especiales = append(ej.especiales, s)
	}
	switch e.Codigo {
	case "GUB":
		return ej.computoEstatal()
	case "DIP_LOC":
		return ej.asignarRP()
	case "AYUN":
		return ej.asignarRegidurias()
	}
	return nil
}

// computar runs one session through the driver of the exercise and adds what it counted
// to total; que names, in an error, what was computed before its unit.
func (ej *ejercicio) computar(driver computo.Ejercicio, def computo.Definicion,
	cs []computo.Casilla, que string, total *computo.Conteo) (*computo.Sesion, error) {
	s, n, err := driver.Computar(def, cs)
	if err != nil {
		return nil, failf(err, "cómputo de %s%s: %s", que, nombreUnidad(def), razon(err))
	}
	total.Sumar(n)
	return s, nil
}

// nombreUnidad names the unit of a cómputo in messages: "el distrito 001", "el municipio
// 001".
func nombreUnidad(d computo.Definicion) string {
	if d.Organo == computo.ConsejoMunicipal {
		return "el municipio " + d.Unidad
	}
	if d.Unidad == extranjero {
		return "el voto desde el extranjero"
	}
	return "el distrito " + d.Unidad
}

// proceso heads every document: what the cómputo was made of, so that no page passes for
// the official cómputo.
func (ej *ejercicio) proceso() string {
	p := ej.m.Proceso
	if p == "" {
		p = "PREP"
	}
	return fmt.Sprintf("Ejercicio sobre las actas del %s, corte %d; no es el cómputo oficial",
		p, ej.m.Numero)
}

// definicion defines the cómputo of one PREP unit. The consejos distritales compute the
// district part of Gubernatura, which goes to the Consejo General, and the Diputaciones,
// whose validity they declare; the consejos municipales the Ayuntamientos, whose validity
// they declare (RULES.md §6.1 [to confirm, CIPEEP]).
func (ej *ejercicio) definicion(n corte.Nodo) computo.Definicion {
	e := ej.f.Eleccion
	var d computo.Definicion
	switch e.Codigo {
	case "GUB":
		d = computo.DefinicionDe(e, "")
	default:
		d = computo.DefinicionDe(e, n.ID)
		d.Declara = true
	}
	d.Instituto, d.Proceso, d.Simulacro = institutoComputo, ej.proceso(), true
	d.Organo, d.Unidad, d.UnidadNombre = computo.ConsejoDistrital, n.ID, n.Nombre
	d.Consejo = fmt.Sprintf("Consejo Distrital %s de %s", n.ID, n.Nombre)
	switch {
	case e.Codigo == "AYUN":
		d.Organo, d.Consejo = computo.ConsejoMunicipal, "Consejo Municipal de "+n.Nombre
	case e.Codigo == "DIP_LOC":
		// The packages of the casillas especiales are opened last in the deputies' cómputo
		// (LGIPE art. 311.1.g).
		d.Config.EspecialesAlFinal = true
	case n.ID == corte.SinUnidad:
		d.Organo, d.Unidad = computo.ConsejoGeneral, extranjero
		d.Consejo = "Consejo General (voto desde el extranjero)"
		d.UnidadNombre = "VOTO DE LAS Y LOS MEXICANOS RESIDENTES EN EL EXTRANJERO"
	}
	return d
}

// definicionRP defines the cómputo of the RP actas of the casillas especiales of one
// district, by its consejo distrital, which declares nothing on it: its sum goes to the RP
// cómputo (LGIPE art. 311.1.g, i).
func (ej *ejercicio) definicionRP(n corte.Nodo) computo.Definicion {
	d := computo.DefinicionRPDe(ej.f.Eleccion, n.ID)
	d.Instituto, d.Proceso, d.Simulacro = institutoComputo, ej.proceso(), true
	d.Organo, d.UnidadNombre = computo.ConsejoDistrital, n.Nombre
	d.Consejo = fmt.Sprintf("Consejo Distrital %s de %s", n.ID, n.Nombre)
	return d
}

// computoEstatal runs the Consejo General's cómputo of Gubernatura over the district actas,
// declares the validity and issues the constancia.
func (ej *ejercicio) computoEstatal() error {
	e := ej.f.Eleccion
	var partes []string
	for _, s := range ej.sesiones {
		partes = append(partes, s.Definicion().Unidad)
	}
	def := computo.DefinicionEstatal{Definicion: computo.DefinicionDe(e, ""), Partes: partes,
		Reparto: computo.RepartoDistrital}
	def.Instituto, def.Proceso, def.Simulacro = institutoComputo, ej.proceso(), true
	def.Consejo = "Consejo General del " + institutoComputo
	def.Organo, def.Unidad, def.UnidadNombre, def.Declara = computo.ConsejoGeneral,
		e.EntidadID, e.Entidad, true
	cg, err := computo.NuevoComputoEstatal(def, ej.quien, nil)
	for _, s := range ej.sesiones {
		var a computo.ActaDistrital
		if err == nil {
			a, err = s.ActaDistrital()
		}
		if err == nil {
			err = cg.Recibir(ej.quien, a, "", nil)
		}
	}
	if err == nil {
		_, err = cg.Computar(ej.quien, computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 9))))
	}
	if err == nil {
		err = cg.DeclararValidez(ej.quien, acuerdoEjercicio)
	}
	if err == nil {
		_, err = cg.ExpedirConstancia(ej.quien)
	}
	if err != nil {
		return failf(err, "cómputo estatal: %s", razon(err))
	}
	ej.estatal = cg
	return nil
}

// asignarRP assigns the RP seats of the Congress of Puebla from the concluded district
// cómputos and the RP actas of the casillas especiales (computo.AsignarPuebla, RULES.md
// §7.2), with the MR seats counted by siglado. Seats are assigned on complete data only:
// without a winner in every district, or without the siglado of a winning coalition, sinRP
// says why there are none.
func (ej *ejercicio) asignarRP() error {
	v, err := computo.VotacionRPDe(append(slices.Clone(ej.sesiones), ej.especiales...),
		ej.siglado)
	switch {
	case err != nil && ej.siglado == nil:
		ej.sinRP = razon(err) + "; indique el siglado con --siglado ARCHIVO.csv"
		return nil
	case err != nil:
		return failf(err, "diputaciones de representación proporcional: %s", razon(err))
	case !v.Completa:
		ej.sinRP = fmt.Sprintf("%d cómputos distritales no tienen una candidatura ganadora: "+
			"las diputaciones se asignan cuando todos concluyen", ej.n.SinGanador)
		return nil
	}
	cfg := computo.ConfigPueblaCIPEEP()
	cfg.Sorteo = computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 10)))
	a, err := computo.AsignarPuebla(v, cfg)
	if err != nil {
		return failf(err, "asignación de las diputaciones de representación proporcional: %s",
			razon(err))
	}
	ej.rp = &a
	return nil
}

// asignacionesPendientes says what the exercise leaves unassigned for an election, and why.
func (ej *ejercicio) asignacionesPendientes() string {
	switch ej.codigo() {
	case "DIP_LOC":
		if ej.rp == nil {
			return "Diputaciones de representación proporcional: no se asignan: " + ej.sinRP +
				"."
		}
	case "AYUN":
		// The number of each municipio's RP regidurías, set by its population, is not in
		// the data (RULES.md §7.3, Q-11): --regidurias gives it, and the summary then
		// lists what was assigned (regiduriasResumen).
		if ej.regidurias == nil {
			return "Regidurías de representación proporcional: no se asignan: el número de " +
				"regidurías de representación proporcional de cada municipio depende de su " +
				"población (RULES.md §7.3, pregunta Q-11) y no está en los datos; " +
				"--regidurias ARCHIVO.csv (ID_MUNICIPIO,REGIDURIAS_RP) da el de cada " +
				"municipio y las asigna."
		}
	}
	return ""
}
