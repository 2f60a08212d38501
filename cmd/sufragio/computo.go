package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
	"github.com/sufragio/sufragio/internal/computo/documento/excel"
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
	// The PREP label of an acta over its lista nominal, which the council recounts.
	obsExcedeLN = "EXCEDE LISTA NOMINAL"
)

// runComputo runs, as an exercise, the cómputo of the Gubernatura over the PREP actas of a
// published corte: the 26 district cómputos and that of the votes from abroad, then the
// Consejo General's state cómputo, validity and constancia. No session record is
// published, so the exercise makes the same choices as internal/computo's Gubernatura test:
// every package arrives, those the PREP received without their bag show signs of
// alteration; an acta the PREP captured is confirmed in the cotejo, and the council adds a
// cause when the PREP found it over the lista nominal; a recounted casilla takes the
// figures of the recount file, or else, when the PREP counted its acta, the PREP's; the
// runner-up asks for the total recount, which proceeds within the margin. Every document
// is marked SIMULACRO.
func runComputo(ctx context.Context, app *App, args []string) error {
	flags := app.flags("computo", "computo --recuentos ARCHIVO.csv --out CARPETA "+
		"[--eleccion GUB] [CARPETA_DE_CORTES|CARPETA_DE_UN_CORTE]")
	eleccion := flags.String("eleccion", "GUB", "`CÓDIGO` de la elección (por ahora solo GUB)")
	recuentos := flags.String("recuentos", "", "`ARCHIVO.csv` con las cifras de recuento de "+
		"las casillas por recontar")
	out := flags.String("out", "", "`CARPETA` donde se escriben las actas, la constancia, "+
		"los resultados, la conciliación y las bitácoras")
	if err := app.parse(flags, args); err != nil {
		return err
	}
	if err := comprobarOpciones(*eleccion, *recuentos, *out, flags.NArg()); err != nil {
		return err
	}
	dir := app.CortesDir()
	if flags.NArg() == 1 {
		dir = flags.Arg(0)
	}
	dir, err := corteNIST(dir)
	if err != nil {
		return err
	}
	m, f, err := leerCorteGUB(dir)
	if err != nil {
		return err
	}
	rec, err := leerRecuentos(*recuentos, f, m.Numero)
	if err != nil {
		return err
	}
	ej := &ejercicio{f: f, m: m, rec: rec, quien: cliActor().Username,
		usadas: map[string]bool{}, porCausa: map[string]int{}}
	if err := ej.correr(); err != nil {
		return err
	}
	archivos, err := ej.escribir(*out)
	if err != nil {
		return err
	}
	return ej.resumen(app.Out, *recuentos, *out, archivos)
}

// comprobarOpciones refuses what the command cannot do before reading anything.
func comprobarOpciones(eleccion, recuentos, out string, args int) error {
	switch {
	case !strings.EqualFold(eleccion, "GUB"):
		return failf(nil, "el cómputo de la elección %q aún no está disponible: por ahora "+
			"solo el de Gubernatura (--eleccion GUB)", eleccion)
	case recuentos == "":
		return failf(nil, "falta --recuentos ARCHIVO.csv, con las cifras de recuento de las "+
			"casillas por recontar")
	case out == "":
		return failf(nil, "falta --out CARPETA, donde se escriben los documentos del cómputo")
	case args > 1:
		return failf(nil, "indique una sola carpeta de cortes o de un corte")
	}
	return nil
}

// leerCorteGUB verifies the corte in dir and reads the actas of its Gubernatura, with its
// candidaturas.
func leerCorteGUB(dir string) (*publish.Manifiesto, *opendata.Archivo, error) {
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
	for _, e := range m.Elecciones {
		if e.Codigo != "GUB" {
			continue
		}
		f, err := leerEleccionCorte(dir, e)
		if err != nil {
			return nil, nil, failf(err, "no se pudieron leer las actas de Gubernatura del "+
				"corte %d en %s: %s", m.Numero, dir, razon(err))
		}
		return m, f, nil
	}
	return nil, nil, failf(nil, "el corte %d publicado en %s no trae la elección de "+
		"Gubernatura", m.Numero, dir)
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

// recuento is one casilla's recount figures from the recount file.
type recuento struct {
	linea      int
	votos      computo.Votos // every vote column of the election
	reservados int64
	destino    string // the column the council gives the votos reservados
}

// columnasDescriptivas open every row of a recount file, before the vote columns; the
// first five and LISTA_NOMINAL must agree with the acta of the corte.
var columnasDescriptivas = []string{"ID_ACTA", "CLAVE_CASILLA", "ID_DISTRITO", "SECCION",
	"TIPO_CASILLA", "LISTA_NOMINAL", "OBSERVACIONES_PREP", "ORIGEN"}

// leerRecuentos reads and validates a recount file against the actas of the corte: the
// layout of internal/computo/testdata/recuentos_gub_2024_sinteticos.csv, lines starting
// with # being comments.
func leerRecuentos(path string, f *opendata.Archivo, numero int) (map[string]recuento, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, failf(err, "no se pudo leer el archivo de recuentos %s: %s", path,
			razon(err))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comment = '#'
	cabecera, err := r.Read()
	if err != nil {
		return nil, errorCSV(path, r, cabecera, err)
	}
	if err := comprobarCabecera(path, cabecera, f); err != nil {
		return nil, err
	}
	actas := map[string]*acta.Acta{}
	for _, a := range f.Actas {
		if !a.FueraDeCatalogo() {
			actas[a.ID] = a
		}
	}
	out := map[string]recuento{}
	for {
		fila, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errorCSV(path, r, fila, err)
		}
		linea, _ := r.FieldPos(0)
		rc, err := filaRecuento(cabecera, fila, linea, actas, out, numero)
		if err != nil {
			return nil, failf(err, "%s, %s", path, razon(err))
		}
		out[fila[0]] = rc
	}
	if len(out) == 0 {
		return nil, failf(nil, "%s no trae cifras de recuento de ninguna casilla", path)
	}
	return out, nil
}

// errorCSV explains in Spanish a line of the recount file that is not CSV of its layout.
func errorCSV(path string, r *csv.Reader, fila []string, err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return failf(err, "%s está vacío: le falta la cabecera", path)
	case errors.Is(err, csv.ErrFieldCount) && errors.As(err, &pe):
		return failf(err, "%s, línea %d: %d campos, y la cabecera tiene %d", path, pe.Line,
			len(fila), r.FieldsPerRecord)
	case errors.As(err, &pe):
		return failf(err, "%s, línea %d, columna %d: comillas mal puestas", path, pe.Line,
			pe.Column)
	}
	return failf(err, "no se pudo leer %s: %s", path, razon(err))
}

// comprobarCabecera requires the header of the layout: the descriptive columns, every vote
// column of the election in acta order, RESERVADOS and RESERVADOS_A.
func comprobarCabecera(path string, cabecera []string, f *opendata.Archivo) error {
	want := append([]string(nil), columnasDescriptivas...)
	for _, c := range f.Eleccion.Contendientes {
		want = append(want, c.Columna)
	}
	want = append(want, "RESERVADOS", "RESERVADOS_A")
	for i, w := range want {
		if i >= len(cabecera) {
			return failf(nil, "%s, línea de cabecera: falta la columna %s (número %d)", path,
				w, i+1)
		}
		if strings.TrimSpace(cabecera[i]) != w {
			return failf(nil, "%s, línea de cabecera: la columna %d es %q y debe ser %s", path,
				i+1, cabecera[i], w)
		}
	}
	if len(cabecera) > len(want) {
		return failf(nil, "%s, línea de cabecera: sobra la columna %q (número %d)", path,
			cabecera[len(want)], len(want)+1)
	}
	return nil
}

// filaRecuento validates one row of the recount file against its acta in the corte.
func filaRecuento(cabecera, fila []string, linea int, actas map[string]*acta.Acta,
	vistas map[string]recuento, numero int) (recuento, error) {
	id := fila[0]
	a, ok := actas[id]
	if !ok {
		return recuento{}, failf(nil, "línea %d, campo ID_ACTA: %q no es un acta de "+
			"Gubernatura del corte %d", linea, id, numero)
	}
	if prev, dup := vistas[id]; dup {
		return recuento{}, failf(nil, "línea %d, campo ID_ACTA: el acta %s ya tiene cifras en "+
			"la línea %d", linea, id, prev.linea)
	}
	del := []string{id, a.ClaveCasilla, a.UnidadID, a.Seccion, a.TipoCasilla,
		strconv.FormatInt(a.ListaNominal.Votes(), 10)}
	for i, v := range del {
		if fila[i] != v {
			return recuento{}, failf(nil, "línea %d, campo %s: %q, y el acta %s del corte "+
				"dice %q", linea, cabecera[i], fila[i], id, v)
		}
	}
	rc := recuento{linea: linea, votos: computo.Votos{}}
	n := len(fila)
	for i := len(columnasDescriptivas); i < n-1; i++ {
		v, err := strconv.ParseUint(fila[i], 10, 31)
		if err != nil {
			return recuento{}, failf(err, "línea %d, campo %s: %q no es un número de votos "+
				"(un entero sin signo)", linea, cabecera[i], fila[i])
		}
		rc.votos[cabecera[i]] = int64(v)
	}
	rc.reservados = rc.votos["RESERVADOS"]
	delete(rc.votos, "RESERVADOS")
	rc.destino = strings.TrimSpace(fila[n-1])
	if err := comprobarDestino(rc, linea); err != nil {
		return recuento{}, err
	}
	return rc, nil
}

// comprobarDestino requires RESERVADOS_A to name a vote column exactly when there are
// votos reservados.
func comprobarDestino(rc recuento, linea int) error {
	_, columna := rc.votos[rc.destino]
	switch {
	case rc.reservados == 0 && rc.destino != "":
		return failf(nil, "línea %d, campo RESERVADOS_A: %q, sin votos reservados que asignar "+
			"(debe ir vacío)", linea, rc.destino)
	case rc.reservados > 0 && !columna:
		return failf(nil, "línea %d, campo RESERVADOS_A: %q no es una columna de votos de la "+
			"elección, y hay %d votos reservados que asignar", linea, rc.destino, rc.reservados)
	}
	return nil
}

// ejercicio is one run of the cómputo over a corte, and what it counted for the summary.
type ejercicio struct {
	f     *opendata.Archivo
	m     *publish.Manifiesto
	rec   map[string]recuento
	quien string

	sesiones []*computo.Sesion
	estatal  *computo.ComputoEstatal
	// usadas are the casillas whose figures came from the recount file.
	usadas                 map[string]bool
	casillas, noInstaladas int
	recontadas, delPREP    int
	reservados, totales    int
	porCausa               map[string]int
}

// correr runs every district cómputo, then the state one.
func (ej *ejercicio) correr() error {
	prep := corte.Tally(ej.f.Eleccion, ej.f.Actas, nil, ej.m.Hora, ej.m.Final,
		acta.DefaultConfig)
	// Fixed seeds: the same corte and file give the same sorteos, should any be needed.
	sorteo := computo.SorteoAleatorio(rand.New(rand.NewPCG(21, 2024)))
	var partes []string
	for _, d := range prep.Distritos {
		def := ej.definicionDistrito(d)
		s, err := ej.distrito(d.ID, def, sorteo)
		if err != nil {
			return err
		}
		ej.sesiones = append(ej.sesiones, s)
		partes = append(partes, def.Unidad)
	}
	return ej.computoEstatal(partes)
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

// definicionDistrito defines the district cómputo of Gubernatura of one PREP district.
func (ej *ejercicio) definicionDistrito(n corte.Nodo) computo.Definicion {
	d := computo.DefinicionDe(ej.f.Eleccion, "")
	d.Instituto, d.Proceso, d.Simulacro = institutoComputo, ej.proceso(), true
	d.Organo, d.Unidad, d.UnidadNombre = computo.ConsejoDistrital, n.ID, n.Nombre
	d.Consejo = fmt.Sprintf("Consejo Distrital %s de %s", n.ID, n.Nombre)
	if n.ID == corte.SinUnidad {
		d.Organo, d.Unidad = computo.ConsejoGeneral, extranjero
		d.Consejo = "Consejo General (voto desde el extranjero)"
		d.UnidadNombre = "VOTO DE LAS Y LOS MEXICANOS RESIDENTES EN EL EXTRANJERO"
	}
	return d
}

// distrito runs the cómputo of the casillas of one PREP unit.
func (ej *ejercicio) distrito(unidad string, def computo.Definicion,
	sorteo computo.Sorteo) (*computo.Sesion, error) {
	cs := computo.CasillasDe(ej.f.Eleccion, ej.f.Actas, unidad, def, acta.DefaultConfig)
	s, err := computo.NuevaSesion(def, cs, ej.quien, time.Now)
	if err == nil {
		err = ej.registrar(s, cs)
	}
	if err == nil {
		err = ej.cotejar(s)
	}
	if err == nil {
		err = ej.recontar(s, false)
	}
	var rt computo.RecuentoTotal
	if err == nil {
		rt, err = s.DecidirRecuentoTotal(ej.quien, true)
	}
	if err == nil && rt.Procede {
		ej.totales++
		err = ej.recontar(s, true)
	}
	if err == nil {
		_, err = s.Computar(ej.quien, sorteo)
	}
	if err != nil {
		return nil, failf(err, "cómputo del distrito %s: %s", def.Unidad, razon(err))
	}
	return s, nil
}

// registrar receives every package: those the PREP received without their bag show signs
// of alteration.
func (ej *ejercicio) registrar(s *computo.Sesion, cs []computo.Casilla) error {
	for _, c := range cs {
		p := computo.PaqueteDePREP(c)
		if p.NoInstalada {
			ej.noInstaladas++
		}
		ej.casillas++
		if err := s.RegistrarPaquete(ej.quien, c.ID, p); err != nil {
			return err
		}
	}
	return nil
}

// cotejar confirms every acta the PREP captured; the council adds a cause to one the PREP
// found over the lista nominal.
func (ej *ejercicio) cotejar(s *computo.Sesion) error {
	for {
		id, ok := s.Siguiente()
		if !ok {
			return nil
		}
		c, _ := s.Casilla(id)
		k := computo.Cotejo{}
		if c.PREP != nil && c.PREP.Capturada {
			k = computo.Cotejo{Confirma: true, Coinciden: true}
		}
		d, err := s.Cotejar(ej.quien, id, k)
		if err != nil {
			return err
		}
		if d.Recontar || c.PREP == nil || c.PREP.Observaciones != obsExcedeLN {
			continue
		}
		_, err = s.AgregarCausa(ej.quien, id, computo.CausaConsejo{
			Texto:      "el total de votos del acta excede la lista nominal de la casilla",
			Fundamento: "LGIPE art. 311.1.d.I", Acuerdo: acuerdoEjercicio})
		if err != nil {
			return err
		}
	}
}

// recontar plans the recounts and records each with the figures of the recount file or,
// for an acta the PREP counted and the file does not give, the PREP's.
func (ej *ejercicio) recontar(s *computo.Sesion, total bool) error {
	p, err := s.PlanearRecuento(ej.quien, gruposTrabajo, minutosSesion)
	if err != nil {
		return err
	}
	for i, id := range s.PorRecontar() {
		c, _ := s.Casilla(id)
		r, rc, err := ej.cifras(s.Definicion(), c)
		if err != nil {
			return err
		}
		if p.GruposDeTrabajo {
			r.Grupo = i%p.Grupos + 1
		}
		if err := s.CapturarRecuento(ej.quien, id, r); err != nil {
			return err
		}
		if r.Reservados > 0 {
			err := s.ResolverReservados(ej.quien, id, computo.DecisionReservados{
				Columna: rc.destino, Votos: r.Reservados,
				Motivo: fmt.Sprintf("asignados a %s por el archivo de recuentos, línea %d",
					rc.destino, rc.linea)})
			if err != nil {
				return err
			}
			ej.reservados += int(r.Reservados)
		}
		ej.contarCausas(c, total)
	}
	return nil
}

// cifras are the recount figures of casilla c and, when they come from the file, its row.
func (ej *ejercicio) cifras(def computo.Definicion, c computo.CasillaComputo) (
	computo.Recuento, recuento, error) {
	rc, ok := ej.rec[c.ID]
	if !ok && c.PREP != nil && c.PREP.Contabilizada {
		ej.delPREP++
		return computo.Recuento{Votos: cifrasPREP(def, c.PREP.Acta)}, rc, nil
	}
	if !ok {
		return computo.Recuento{}, rc, failf(nil, "la casilla %s (%s) se recuenta y el PREP "+
			"no contabilizó su acta: el archivo de recuentos no trae sus cifras", c.ID, c.Clave)
	}
	r := computo.Recuento{Votos: computo.Votos{}, Reservados: rc.reservados}
	for _, col := range def.Columnas {
		r.Votos[col] = rc.votos[col]
	}
	for col, v := range rc.votos {
		if _, ok := r.Votos[col]; !ok && v > 0 {
			return r, rc, failf(nil, "línea %d del archivo de recuentos: %d votos en %s, "+
				"que no corre en %s", rc.linea, v, col, def.Unidad)
		}
	}
	ej.usadas[c.ID] = true
	return r, rc, nil
}

// cifrasPREP are the votes of a PREP capture, special values counting 0.
func cifrasPREP(d computo.Definicion, a computo.ActaCasilla) computo.Votos {
	v := computo.Votos{}
	for _, col := range d.Columnas {
		v[col] = a.Votos[col].Votes()
	}
	v[computo.ColumnaNulos], v["NO_REGISTRADAS"] = a.Nulos.Votes(), a.NoRegistradas.Votes()
	return v
}

// contarCausas counts a recounted casilla under each of its causes; the total recount is
// a cause of its own.
func (ej *ejercicio) contarCausas(c computo.CasillaComputo, total bool) {
	ej.recontadas++
	if total {
		ej.porCausa["recuento-total"]++
		return
	}
	if c.Dictamen == nil {
		return
	}
	for _, k := range c.Dictamen.Causas {
		ej.porCausa[string(k.Codigo)]++
	}
}

// computoEstatal runs the Consejo General's cómputo over the district actas, declares the
// validity and issues the constancia.
func (ej *ejercicio) computoEstatal(partes []string) error {
	e := ej.f.Eleccion
	def := computo.DefinicionEstatal{Definicion: computo.DefinicionDe(e, ""), Partes: partes,
		Reparto: computo.RepartoDistrital}
	def.Instituto, def.Proceso, def.Simulacro = institutoComputo, ej.proceso(), true
	def.Consejo = "Consejo General del " + institutoComputo
	def.Organo, def.Unidad, def.UnidadNombre, def.Declara = computo.ConsejoGeneral,
		e.EntidadID, e.Entidad, true
	cg, err := computo.NuevoComputoEstatal(def, ej.quien, time.Now)
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

// escribir writes the documents of the exercise into dir and returns their names, relative
// to dir.
func (ej *ejercicio) escribir(dir string) ([]string, error) {
	a, err := ej.estatal.Acta()
	if err != nil {
		return nil, failf(err, "acta de cómputo estatal: %s", razon(err))
	}
	k := ej.conciliacion()
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"acta_computo_estatal_gub.pdf", func(w io.Writer) error {
			return documento.ActaPDF(w, a)
		}},
		{"constancia_mayoria_gub.pdf", func(w io.Writer) error {
			return documento.ConstanciaPDF(w, ej.estatal.Constancias()[0])
		}},
		{"resultados_gub.csv", func(w io.Writer) error { return documento.ResultadosCSV(w, a) }},
		{"distritos_gub.csv", func(w io.Writer) error { return documento.DistritosCSV(w, a) }},
		{"computo_gub.xlsx", func(w io.Writer) error {
			return excel.Libro(w, documento.Tablas(a, nil, nil))
		}},
		{"conciliacion_gub.csv", func(w io.Writer) error {
			return documento.ConciliacionCSV(w, k)
		}},
		{"eventos/computo_estatal_gub.json", func(w io.Writer) error {
			return json.NewEncoder(w).Encode(ej.estatal.Eventos())
		}},
	}
	var out []string
	for _, f := range files {
		if err := escribirArchivo(dir, f.name, f.write); err != nil {
			return nil, err
		}
		out = append(out, f.name)
	}
	for _, s := range ej.sesiones {
		names, err := escribirDistrito(dir, s)
		if err != nil {
			return nil, err
		}
		out = append(out, names...)
	}
	return out, nil
}

// escribirDistrito writes the acta de cómputo and the event log of a district session.
func escribirDistrito(dir string, s *computo.Sesion) ([]string, error) {
	a, err := s.Acta()
	if err != nil {
		return nil, failf(err, "acta de cómputo del distrito %s: %s", s.Definicion().Unidad,
			razon(err))
	}
	u := a.Definicion.Unidad
	acta := "distritos/acta_computo_distrital_" + u + ".pdf"
	eventos := "eventos/computo_distrital_" + u + ".json"
	if err := escribirArchivo(dir, acta, func(w io.Writer) error {
		return documento.ActaPDF(w, a)
	}); err != nil {
		return nil, err
	}
	if err := escribirArchivo(dir, eventos, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(s.Eventos())
	}); err != nil {
		return nil, err
	}
	return []string{acta, eventos}, nil
}

// conciliacion joins the reconciliations of every district, casilla by casilla.
func (ej *ejercicio) conciliacion() computo.Conciliacion {
	var k computo.Conciliacion
	for i, s := range ej.sesiones {
		d := s.Conciliar()
		if i == 0 {
			k = computo.Conciliacion{Contienda: ej.f.Eleccion.Nombre(), Simulacro: d.Simulacro,
				Columnas: d.Columnas}
		}
		k.Filas = append(k.Filas, d.Filas...)
	}
	return k
}

// escribirArchivo writes name under dir; a file not written whole is removed.
func escribirArchivo(dir, name string, write func(io.Writer) error) error {
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return failf(err, "no se pudo crear la carpeta de %s: %s", path, razon(err))
	}
	f, err := os.Create(path)
	if err != nil {
		return failf(err, "no se pudo crear %s: %s", path, razon(err))
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return failf(err, "no se pudo escribir %s: %s", path, razon(err))
	}
	return nil
}

// resumen tells people what the exercise computed and wrote.
func (ej *ejercicio) resumen(w io.Writer, recuentos, dir string, archivos []string) error {
	r, _ := ej.estatal.Resultado()
	estado := "intermedio"
	if ej.m.Final {
		estado = "final"
	}
	fmt.Fprintf(w, "EJERCICIO de cómputo de Gubernatura sobre las actas del PREP del corte %d "+
		"(%s, %s), con las cifras de recuento de %s.\nNO es el cómputo oficial: sus documentos "+
		"dicen SIMULACRO.\n\n", ej.m.Numero, estado, ej.m.HoraTexto, recuentos)
	fmt.Fprintf(w, "Casillas: %s en %d cómputos distritales (%d no instaladas); recontadas "+
		"%s: %s con cifras del archivo, %s con las del PREP; %d votos reservados; %d "+
		"recuentos totales.\n", documento.Miles(int64(ej.casillas)), len(ej.sesiones),
		ej.noInstaladas, documento.Miles(int64(ej.recontadas)),
		documento.Miles(int64(len(ej.usadas))), documento.Miles(int64(ej.delPREP)),
		ej.reservados, ej.totales)
	ej.causas(w)
	ej.candidaturas(w, r)
	if sobran := len(ej.rec) - len(ej.usadas); sobran > 0 {
		fmt.Fprintf(w, "\nAviso: %d casillas del archivo de recuentos no se recontaron; sus "+
			"cifras no se usaron.\n", sobran)
	}
	fmt.Fprintf(w, "\nArchivos en %s (%d):\n", dir, len(archivos))
	for _, a := range archivos {
		if !strings.HasPrefix(a, "distritos/") && !strings.HasPrefix(a, "eventos/") {
			fmt.Fprintf(w, "  %s\n", a)
		}
	}
	fmt.Fprintf(w, "  distritos/: %d actas de cómputo distrital (PDF)\n", len(ej.sesiones))
	fmt.Fprintf(w, "  eventos/: %d bitácoras de eventos (JSON)\n", len(ej.sesiones)+1)
	return nil
}

// causas lists the recounted casillas by cause, most first.
func (ej *ejercicio) causas(w io.Writer) {
	var cs []string
	for c := range ej.porCausa {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if ej.porCausa[cs[i]] != ej.porCausa[cs[j]] {
			return ej.porCausa[cs[i]] > ej.porCausa[cs[j]]
		}
		return cs[i] < cs[j]
	})
	fmt.Fprintln(w, "Casillas recontadas por causa (una casilla puede tener varias):")
	for _, c := range cs {
		fmt.Fprintf(w, "  %-24s %9s\n", c, documento.Miles(int64(ej.porCausa[c])))
	}
}

// candidaturas lists the state result and its winner.
func (ej *ejercicio) candidaturas(w io.Writer, r computo.ResultadoComputo) {
	nombres := map[string]string{}
	for _, c := range ej.estatal.Definicion().Candidaturas {
		nombres[c.ID] = c.Nombre + " (" + strings.Join(c.Partidos, ", ") + ")"
	}
	fmt.Fprintln(w, "\nResultado estatal:")
	for _, c := range r.Candidaturas {
		fmt.Fprintf(w, "  %-52s %11s\n", nombres[c.Candidatura], documento.Miles(c.Votos))
	}
	fmt.Fprintf(w, "  %-52s %11s\n", "Candidaturas no registradas",
		documento.Miles(r.NoRegistradas))
	fmt.Fprintf(w, "  %-52s %11s\n", "Votos nulos", documento.Miles(r.Nulos))
	fmt.Fprintf(w, "  %-52s %11s\n", "Votación total emitida", documento.Miles(r.Total))
	g := r.Ganador
	if g.Empate || len(g.Candidaturas) != 1 {
		fmt.Fprintf(w, "Empate en el primer lugar: %s\n", strings.Join(g.Candidaturas, ", "))
		return
	}
	fmt.Fprintf(w, "Gana %s con %s votos; diferencia con el segundo lugar: %s votos (%s %% de "+
		"la votación total emitida).\n", nombres[g.Candidaturas[0]], documento.Miles(g.Votos),
		documento.Miles(g.Diferencia), porcentaje(g.Diferencia, r.Total))
}

// porcentaje is n as a percentage of base, truncated to two decimals in integers.
func porcentaje(n, base int64) string {
	if base == 0 {
		return "0.00"
	}
	c := n * 10000 / base
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}
