package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
	"github.com/sufragio/sufragio/internal/computo/documento/excel"
)

// archivo is one document of the exercise: its name relative to the output folder and
// how it is written.
type archivo struct {
	name  string
	write func(io.Writer) error
}

// sufijo is the election's code in file names: gub, dip_loc, ayun.
func (ej *ejercicio) sufijo() string { return strings.ToLower(ej.codigo()) }

// escribir writes the documents of the exercise into dir and returns their names, relative
// to dir: those of the election's results, then each unit's acta de cómputo, constancia
// and event log.
func (ej *ejercicio) escribir(dir string) ([]string, error) {
	files, err := ej.documentos()
	if err != nil {
		return nil, err
	}
	for _, s := range ej.sesiones {
		fs, err := documentosSesion(s)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	for _, s := range ej.especiales {
		s := s
		files = append(files, archivo{"eventos/computo_distrital_rp_especiales_" +
			s.Definicion().Unidad + ".json", func(w io.Writer) error {
			return json.NewEncoder(w).Encode(s.Eventos())
		}})
	}
	var out []string
	for _, f := range files {
		if err := escribirArchivo(dir, f.name, f.write); err != nil {
			return nil, err
		}
		out = append(out, f.name)
	}
	return out, nil
}

// documentos are the documents of the election as a whole: for Gubernatura the state
// acta, its constancia, results, workbook and event log; for the others the winners of
// every unit and, for Diputaciones, the RP seats with their explanation (for Ayuntamientos
// the RP regidurías); always the reconciliation with the PREP.
func (ej *ejercicio) documentos() ([]archivo, error) {
	k := ej.conciliacion()
	sfx := ej.sufijo()
	conciliacion := archivo{"conciliacion_" + sfx + ".csv", func(w io.Writer) error {
		return documento.ConciliacionCSV(w, k)
	}}
	if ej.estatal == nil {
		files := []archivo{{"ganadores_" + sfx + ".csv", ej.ganadoresCSV}, conciliacion}
		if ej.rp != nil {
			files = append(files, archivo{"asignacion_rp_" + sfx + ".csv", ej.rpCSV},
				archivo{"asignacion_rp_" + sfx + ".txt", ej.rpExplicacion})
		}
		return append(files, ej.documentosRegidurias()...), nil
	}
	a, err := ej.estatal.Acta()
	if err != nil {
		return nil, failf(err, "acta de cómputo estatal: %s", razon(err))
	}
	return []archivo{
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
		conciliacion,
		{"eventos/computo_estatal_gub.json", func(w io.Writer) error {
			return json.NewEncoder(w).Encode(ej.estatal.Eventos())
		}},
	}, nil
}

// documentosSesion are the acta de cómputo, the constancias issued and the event log of a
// unit's session, in distritos/ or municipios/, constancias/ and eventos/.
func documentosSesion(s *computo.Sesion) ([]archivo, error) {
	a, err := s.Acta()
	if err != nil {
		return nil, failf(err, "acta de cómputo de %s: %s", nombreUnidad(s.Definicion()),
			razon(err))
	}
	u, carpeta, organo := a.Definicion.Unidad, "distritos", "distrital"
	if a.Definicion.Organo == computo.ConsejoMunicipal {
		carpeta, organo = "municipios", "municipal"
	}
	files := []archivo{
		{carpeta + "/acta_computo_" + organo + "_" + u + ".pdf", func(w io.Writer) error {
			return documento.ActaPDF(w, a)
		}},
		{"eventos/computo_" + organo + "_" + u + ".json", func(w io.Writer) error {
			return json.NewEncoder(w).Encode(s.Eventos())
		}},
	}
	for _, k := range s.Constancias() {
		k := k
		files = append(files, archivo{"constancias/constancia_mayoria_" +
			strings.ToLower(k.Folio) + ".pdf", func(w io.Writer) error {
			return documento.ConstanciaPDF(w, k)
		}})
	}
	return files, nil
}

// conciliacion joins the reconciliations of every session, casilla by casilla, over the
// vote columns of any of them in the election's order.
func (ej *ejercicio) conciliacion() computo.Conciliacion {
	k := computo.Conciliacion{Contienda: ej.f.Eleccion.Nombre()}
	usadas := map[string]bool{}
	for _, s := range append(append([]*computo.Sesion(nil), ej.sesiones...),
		ej.especiales...) {
		d := s.Conciliar()
		k.Simulacro = k.Simulacro || d.Simulacro
		for _, col := range d.Columnas {
			usadas[col] = true
		}
		k.Filas = append(k.Filas, d.Filas...)
	}
	for _, c := range ej.f.Eleccion.Contendientes {
		if usadas[c.Columna] {
			k.Columnas = append(k.Columnas, c.Columna)
		}
	}
	return k
}

// ganadoresCSV writes one row per unit: its figures, its winner and the constancia issued.
func (ej *ejercicio) ganadoresCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"SIMULACRO", "UNIDAD", "NOMBRE", "CASILLAS", "RECONTADAS",
		"RECUENTO_TOTAL", "VOTACION_TOTAL", "GANADORA", "PARTIDOS", "PROPIETARIA",
		"VOTOS_GANADORA", "SEGUNDA", "DIFERENCIA", "CONSTANCIA"})
	for _, s := range ej.sesiones {
		a, err := s.Acta()
		if err != nil {
			return err
		}
		r := a.Resultado
		total := "0"
		if a.RecuentoTotal != nil && a.RecuentoTotal.Procede {
			total = "1"
		}
		fila := []string{"1", a.Definicion.Unidad, a.Definicion.UnidadNombre,
			strconv.Itoa(r.Casillas), strconv.Itoa(r.Recontadas), total,
			strconv.FormatInt(r.Total, 10)}
		g, ok := r.Unico()
		if !ok {
			fila = append(fila, "EMPATE: "+strings.Join(r.Ganador.Candidaturas, " "), "", "",
				strconv.FormatInt(r.Ganador.Votos, 10), "", "0", "")
			cw.Write(fila)
			continue
		}
		c := candidato(s.Definicion(), g)
		folio := ""
		if ks := s.Constancias(); len(ks) > 0 {
			folio = ks[len(ks)-1].Folio
		}
		cw.Write(append(fila, g, strings.Join(c.Partidos, " "), c.Nombre,
			strconv.FormatInt(r.Ganador.Votos, 10), r.Ganador.Segundo,
			strconv.FormatInt(r.Ganador.Diferencia, 10), folio))
	}
	cw.Flush()
	return cw.Error()
}

// candidato is the candidacy id of d.
func candidato(d computo.Definicion, id string) computo.Candidato {
	for _, c := range d.Candidaturas {
		if c.ID == id {
			return c
		}
	}
	return computo.Candidato{ID: id}
}

// rpCSV writes the RP seats per party: votes, MR seats by siglado, RP seats and total.
func (ej *ejercicio) rpCSV(w io.Writer) error { return documento.RPCSV(w, true, *ej.rp) }

// rpExplicacion writes the steps of the RP assignment, headed by what they are made of.
func (ej *ejercicio) rpExplicacion(w io.Writer) error {
	fmt.Fprintf(w, "SIMULACRO. %s; tampoco es la asignación del Consejo General.\n"+
		"Asignación de las diputaciones de representación proporcional del Congreso de "+
		"Puebla (CIPEEP art. 321; RULES.md §7.2), sobre los %d "+
		"cómputos distritales de este ejercicio y las actas de representación proporcional "+
		"de las casillas especiales de %d distritos (LGIPE art. 311.1.i), con las "+
		"diputaciones de mayoría contadas por el siglado dado (CIPEEP art. 321 a)). Los pasos "+
		"marcados [por confirmar] siguen reglas que RULES.md aún no confirma.\n\n",
		ej.proceso(), len(ej.sesiones), len(ej.especiales))
	for _, l := range computo.Lineas(ej.rp.Pasos) {
		fmt.Fprintln(w, l)
	}
	return nil
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
func (ej *ejercicio) resumen(w io.Writer, recuentos, siglado, dir string,
	archivos []string) error {
	estado := "intermedio"
	if ej.m.Final {
		estado = "final"
	}
	fmt.Fprintf(w, "EJERCICIO de cómputo de %s sobre las actas del PREP del corte %d (%s, "+
		"%s), con las cifras de recuento de %s.\nNO es el cómputo oficial: sus documentos "+
		"dicen SIMULACRO.\n\n", ej.f.Eleccion.Nombre(), ej.m.Numero, estado, ej.m.HoraTexto,
		recuentos)
	ej.casillas(w)
	ej.causas(w)
	switch {
	case ej.estatal != nil:
		r, _ := ej.estatal.Resultado()
		ej.candidaturas(w, r)
	default:
		ej.ganadores(w)
	}
	if ej.rp != nil {
		ej.diputacionesRP(w, siglado)
	}
	if ej.regidurias != nil {
		ej.regiduriasResumen(w)
	}
	if p := ej.asignacionesPendientes(); p != "" {
		fmt.Fprintf(w, "\n%s\n", p)
	}
	if sobran := len(ej.rec) - ej.n.DeFuente - ej.nRP.DeFuente; sobran > 0 {
		fmt.Fprintf(w, "\nAviso: %d casillas del archivo de recuentos no se recontaron; sus "+
			"cifras no se usaron.\n", sobran)
	}
	archivosResumen(w, dir, archivos)
	return nil
}

// casillas says how many casillas were computed and recounted, and how: those of the
// units' cómputos, then the RP actas of the casillas especiales.
func (ej *ejercicio) casillas(w io.Writer) {
	n := ej.n
	organo := "distritales"
	if ej.codigo() == "AYUN" {
		organo = "municipales"
	}
	fmt.Fprintf(w, "Casillas: %s en %d cómputos %s (%d no instaladas); recontadas %s: %s "+
		"con cifras del archivo, %s con las del PREP; %d votos reservados; %d recuentos "+
		"totales.\n", documento.Miles(int64(n.Casillas)), len(ej.sesiones), organo,
		n.NoInstaladas, documento.Miles(int64(n.Recontadas)), documento.Miles(int64(n.DeFuente)),
		documento.Miles(int64(n.DelPREP)), n.Reservados, n.RecuentosTotales)
	if len(ej.especiales) == 0 {
		return
	}
	n = ej.nRP
	fmt.Fprintf(w, "Actas de representación proporcional de casillas especiales: %d en %d "+
		"distritos (%d no instaladas), computadas aparte: cuentan para la representación "+
		"proporcional y no para la mayoría (LGIPE art. 311.1.g, i); recontadas %d: %d con "+
		"cifras del archivo, %d con las del PREP; %d votos reservados.\n", n.Casillas,
		len(ej.especiales), n.NoInstaladas, n.Recontadas, n.DeFuente, n.DelPREP, n.Reservados)
}

// causas lists the recounted casillas by cause, most first, those of the RP actas of the
// casillas especiales included.
func (ej *ejercicio) causas(w io.Writer) {
	var todas computo.Conteo
	todas.Sumar(ej.n)
	todas.Sumar(ej.nRP)
	por := todas.PorCausa
	var cs []computo.CodigoCausa
	for c := range por {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if por[cs[i]] != por[cs[j]] {
			return por[cs[i]] > por[cs[j]]
		}
		return cs[i] < cs[j]
	})
	fmt.Fprintln(w, "Casillas recontadas por causa (una casilla puede tener varias):")
	for _, c := range cs {
		fmt.Fprintf(w, "  %-58s %9s\n", c.Texto(), documento.Miles(int64(por[c])))
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

// ganadores counts the constancias and the winners by candidacy (its parties) and, for the
// 26 districts, names each winner.
func (ej *ejercicio) ganadores(w io.Writer) {
	fmt.Fprintf(w, "\nConstancias de mayoría: %d de %d cómputos; sin candidatura ganadora: "+
		"%d.\n", ej.n.Constancias, len(ej.sesiones), ej.n.SinGanador)
	por := map[string]int{}
	for _, s := range ej.sesiones {
		if ks := s.Constancias(); len(ks) > 0 {
			por[ks[len(ks)-1].Candidatura]++
		}
	}
	var ids []string
	for id := range por {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if por[ids[i]] != por[ids[j]] {
			return por[ids[i]] > por[ids[j]]
		}
		return ids[i] < ids[j]
	})
	fmt.Fprintln(w, "Ganadoras por candidatura (sus partidos):")
	for _, id := range ids {
		fmt.Fprintf(w, "  %-32s %4d\n", id, por[id])
	}
	ej.ganadasPorPartido(w)
	if ej.codigo() != "DIP_LOC" {
		return
	}
	fmt.Fprintln(w, "Ganadoras por distrito:")
	for _, s := range ej.sesiones {
		d := s.Definicion()
		r, _ := s.Resultado()
		g, ok := r.Unico()
		if !ok {
			fmt.Fprintf(w, "  %s %s: empate en el primer lugar\n", d.Unidad, d.UnidadNombre)
			continue
		}
		c := candidato(d, g)
		fmt.Fprintf(w, "  %s %s: %s (%s), %s votos; diferencia %s (%s %%)\n", d.Unidad,
			d.UnidadNombre, c.Nombre, strings.Join(c.Partidos, ", "), documento.Miles(
				r.Ganador.Votos), documento.Miles(r.Ganador.Diferencia),
			porcentaje(r.Ganador.Diferencia, r.Total))
	}
}

// ganadasPorPartido counts, for each party, the units won by a candidacy it nominated, on
// its own or with others: a shared candidacy counts for each of its parties, since which of
// them a seat counts for is the siglado, not the cómputo.
func (ej *ejercicio) ganadasPorPartido(w io.Writer) {
	por := map[string]int{}
	for _, s := range ej.sesiones {
		ks := s.Constancias()
		if len(ks) == 0 {
			continue
		}
		for _, p := range ks[len(ks)-1].Partidos {
			por[p]++
		}
	}
	unidad := "distrito"
	if ej.codigo() == "AYUN" {
		unidad = "municipio"
	}
	fmt.Fprintf(w, "Ganados por partido (en candidatura propia o con otros; una candidatura "+
		"de varios partidos cuenta para cada uno):\n")
	for _, c := range ej.f.Eleccion.Contendientes {
		n := por[c.Columna]
		switch {
		case n == 1:
			fmt.Fprintf(w, "  %-12s %4d %s\n", c.Columna, n, unidad)
		case n > 1:
			fmt.Fprintf(w, "  %-12s %4d %ss\n", c.Columna, n, unidad)
		}
	}
}

// diputacionesRP lists the RP seats per party.
func (ej *ejercicio) diputacionesRP(w io.Writer, siglado string) {
	fmt.Fprintf(w, "\nDiputaciones de representación proporcional del Congreso de Puebla "+
		"(CIPEEP art. 321; RULES.md §7.2, pasos por confirmar marcados en la explicación), "+
		"con las de mayoría contadas por el siglado de %s:\n", siglado)
	fmt.Fprintf(w, "  %-8s %11s %4s %4s %6s\n", "Partido", "Votos", "MR", "RP", "Total")
	var mr, rp int
	for _, f := range ej.rp.Filas {
		fmt.Fprintf(w, "  %-8s %11s %4d %4d %6d\n", f.Partido, documento.Miles(f.Votos), f.MR,
			f.RP, f.Total)
		mr, rp = mr+f.MR, rp+f.RP
	}
	fmt.Fprintf(w, "  %-8s %11s %4d %4d %6d\n", "Total", "", mr, rp, mr+rp)
}

// archivosResumen lists the files written: those at the top of dir by name, those in a
// folder by count.
func archivosResumen(w io.Writer, dir string, archivos []string) {
	fmt.Fprintf(w, "\nArchivos en %s (%d):\n", dir, len(archivos))
	carpetas := map[string]int{}
	var orden []string
	for _, a := range archivos {
		c, _, ok := strings.Cut(a, "/")
		if !ok {
			fmt.Fprintf(w, "  %s\n", a)
			continue
		}
		if carpetas[c] == 0 {
			orden = append(orden, c)
		}
		carpetas[c]++
	}
	que := map[string]string{"distritos": "actas de cómputo distrital (PDF)",
		"municipios":  "actas de cómputo municipal (PDF)",
		"constancias": "constancias de mayoría (PDF)", "eventos": "bitácoras de eventos (JSON)"}
	sort.Strings(orden)
	for _, c := range orden {
		fmt.Fprintf(w, "  %s/: %d %s\n", c, carpetas[c], que[c])
	}
}

// porcentaje is n as a percentage of base, truncated to two decimals in integers.
func porcentaje(n, base int64) string {
	if base == 0 {
		return "0.00"
	}
	c := n * 10000 / base
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}
