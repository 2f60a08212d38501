package web

// The tests of this file check that the figures the site prints equal the official ones.
// Every expected figure is computed here from the IEE Puebla 2024 PREP files, read with
// encoding/csv and added up by this file's own code: nothing of the site, of corte or of
// opendata takes part in it, so a mistake there cannot hide itself. The pages are fetched
// through the site's handler (the fixture of fixture_test.go, which published the same files)
// and read with a small matcher for the tables the templates write.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// archivosOficiales are the official files of each election, as the fixture publishes them:
// corte 1 is the 18:00 cut, corte 2 the final one at 20:00.
var archivosOficiales = []struct {
	codigo, unidad, nombre string         // site code; columns of the unit's id and name
	nivel                  string         // the unit's level in the site's addresses
	cortes                 map[int]string // file of each corte
}{
	{"GUB", "ID_DISTRITO", "DISTRITO", "distritos",
		map[int]string{1: "PUE_GUB_2024_corte_20240603_1800.csv", 2: "PUE_GUB_2024.csv"}},
	{"DIP_LOC", "ID_DISTRITO_LOCAL", "DISTRITO_LOCAL", "distritos",
		map[int]string{1: "PUE_DIP_LOC_2024_corte_20240603_1800.csv", 2: "PUE_DIP_LOC_2024.csv"}},
	{"AYUN", "ID_MUNICIPIO", "MUNICIPIO", "municipios",
		map[int]string{1: "PUE_AYUN_2024_corte_20240603_1800.csv", 2: "PUE_AYUN_2024.csv"}},
}

// horasOficiales are the cut times the files state on their second line.
var horasOficiales = map[int]string{1: "03/06/2024 18:00 (UTC-6)", 2: "03/06/2024 20:00 (UTC-6)"}

// camposEncabezado are the 13 summary fields of a file's header and the labels of the
// page's «Resumen» table that show them.
var camposEncabezado = []struct{ columna, etiqueta string }{
	{"ACTAS_ESPERADAS", "Actas esperadas"},
	{"ACTAS_REGISTRADAS", "Actas registradas"},
	{"ACTAS_FUERA_CATALOGO", "Actas fuera de catálogo"},
	{"ACTAS_CAPTURADAS", "Actas capturadas"},
	{"PORCENTAJE_ACTAS_CAPTURADAS", "Porcentaje de actas capturadas"},
	{"ACTAS_CONTABILIZADAS", "Actas contabilizadas"},
	{"PORCENTAJE_ACTAS_CONTABILIZADAS", "Porcentaje de actas contabilizadas"},
	{"PORCENTAJE_ACTAS_INCONSISTENCIAS", "Porcentaje de actas con inconsistencias"},
	{"ACTAS_NO_CONTABILIZADAS", "Actas no contabilizadas"},
	{"LISTA_NOMINAL_ACTAS_CONTABILIZADAS", "Lista nominal de las actas contabilizadas"},
	{"TOTAL_VOTOS_C_CS", "Total de votos (con casillas especiales)"},
	{"TOTAL_VOTOS_S_CS", "Total de votos (sin casillas especiales)"},
	{"PORCENTAJE_PARTICIPACION_CIUDADANA", "Participación ciudadana"},
}

// columnasClave carry the spreadsheet's text guard, a leading apostrophe (RULES.md §4.3).
var columnasClave = []string{"CLAVE_CASILLA", "CLAVE_ACTA", "ID_ENTIDAD", "SECCION",
	"ID_CASILLA", "EXT_CONTIGUA"}

// oficial is one official PREP file, read on its own.
type oficial struct {
	codigo, unidad, nombre, nivel string
	hora                          string            // the cut, as the file's second line says
	encabezado                    map[string]string // the 13 summary fields, as printed
	columnas                      []string
	col                           map[string]int
	votos                         []string   // TOTAL_VOTOS_SACADOS < column < TOTAL_VOTOS_ASENTADO
	filas                         [][]string // data rows, keys without their apostrophe
}

var oficiales struct {
	once sync.Once
	err  error
	por  map[int]map[string]*oficial // by corte, then election code
}

// oficialDe returns the official file of an election at corte n (1 or 2).
func oficialDe(t *testing.T, n int, codigo string) *oficial {
	t.Helper()
	oficiales.once.Do(func() {
		oficiales.por = map[int]map[string]*oficial{}
		for n := range horasOficiales {
			oficiales.por[n] = map[string]*oficial{}
			for _, a := range archivosOficiales {
				o, err := leerOficial(a.cortes[n], a.codigo, a.unidad, a.nombre)
				if err != nil {
					oficiales.err = err
					return
				}
				o.nivel = a.nivel
				oficiales.por[n][a.codigo] = o
			}
		}
	})
	if oficiales.err != nil {
		t.Fatal(oficiales.err)
	}
	o := oficiales.por[n][codigo]
	if o.hora != horasOficiales[n] {
		t.Fatalf("%s: the file of corte %d is the cut %q, want %q", codigo, n, o.hora,
			horasOficiales[n])
	}
	return o
}

// leerOficial reads a file of internal/demodata/puebla2024: a header block of four lines
// (election, cut, the 13 summary names, their values; csv skips the blank lines around
// them), the column names, and one row per acta.
func leerOficial(name, codigo, unidad, nombre string) (*oficial, error) {
	data, err := os.ReadFile(filepath.Join("..", "demodata", "puebla2024", name))
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	var head [][]string
	for len(head) < 5 {
		rec, err := r.Read()
		if err != nil {
			return nil, fmt.Errorf("read header of %s: %w", name, err)
		}
		head = append(head, rec)
	}
	if len(head[2]) != 13 || len(head[3]) != 13 || head[4][0] != "CLAVE_CASILLA" {
		return nil, fmt.Errorf("%s: unexpected header block %q", name, head)
	}
	o := &oficial{codigo: codigo, unidad: unidad, nombre: nombre, hora: head[1][0],
		encabezado: map[string]string{}, columnas: head[4], col: map[string]int{}}
	for i, c := range head[2] {
		o.encabezado[c] = head[3][i]
	}
	for i, c := range o.columnas {
		o.col[c] = i
	}
	o.votos = o.columnas[o.col["TOTAL_VOTOS_SACADOS"]+1 : o.col["TOTAL_VOTOS_ASENTADO"]]
	r.FieldsPerRecord = len(o.columnas)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		o.filas = append(o.filas, rec)
	}
	return o, o.quitarApostrofos(name)
}

// quitarApostrofos strips the text guard of the key cells; a guard anywhere else would mean
// the test misreads the file.
func (o *oficial) quitarApostrofos(name string) error {
	claves := map[int]bool{o.col[o.unidad]: true}
	for _, c := range columnasClave {
		claves[o.col[c]] = true
	}
	for k, f := range o.filas {
		for i, v := range f {
			if !strings.HasPrefix(v, "'") {
				continue
			}
			if !claves[i] {
				return fmt.Errorf("%s row %d: %s %q has an apostrophe", name, k+1,
					o.columnas[i], v)
			}
			f[i] = v[1:]
		}
	}
	return nil
}

func (o *oficial) celda(f []string, columna string) string { return f[o.col[columna]] }

// seccionDe is the sección node that holds an acta on the site: its SECCION, or, for the
// actas without one, the pseudo-sección the site gathers them in (a unit's voto anticipado
// actas in VA-<unit>, the extranjero acta in VMRE).
func (o *oficial) seccionDe(f []string) string {
	s := o.celda(f, "SECCION")
	if s != "N/A" {
		return s
	}
	if o.celda(f, "TIPO_CASILLA") == "M" {
		return "VMRE"
	}
	return "VA-" + o.celda(f, o.unidad)
}

// cifras are the figures of a set of actas, added up from their official rows.
type cifras struct {
	esperadas, fueraCatalogo, capturadas int64
	contabilizadas, noContabilizadas     int64
	inconsistentes                       int64
	lnEsperadas, lnContabilizadas        int64
	votosCCS, votosSCS                   int64
	votos                                []int64    // per vote column, counted actas only
	filas                                [][]string // the rows added
}

// numeroCelda is a cell's number; ILEGIBLE, SIN DATO, SIN ACTA, - and N/A count 0.
func numeroCelda(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// sumar adds one row by the rules of RULES.md §3.1: only CONTABILIZADA 1 adds votes.
func (o *oficial) sumar(c *cifras, f []string) {
	if c.votos == nil {
		c.votos = make([]int64, len(o.votos))
	}
	c.filas = append(c.filas, f)
	estado := o.celda(f, "CONTABILIZADA")
	if estado == "2" {
		c.fueraCatalogo++
		return
	}
	c.esperadas++
	c.lnEsperadas += numeroCelda(o.celda(f, "LISTA_NOMINAL"))
	switch o.celda(f, "OBSERVACIONES") {
	case "ALGUN CAMPO ILEGIBLE O SIN DATO", "TODOS ILEGIBLES O SIN DATO", "EXCEDE LISTA NOMINAL":
		c.inconsistentes++
	}
	switch estado {
	case "0":
		c.capturadas++
		c.noContabilizadas++
	case "1":
		c.capturadas++
		c.contabilizadas++
		c.lnContabilizadas += numeroCelda(o.celda(f, "LISTA_NOMINAL"))
		calc := numeroCelda(o.celda(f, "TOTAL_VOTOS_CALCULADO"))
		c.votosCCS += calc
		if o.celda(f, "TIPO_CASILLA") != "S" {
			c.votosSCS += calc
		}
		for i, v := range o.votos {
			c.votos[i] += numeroCelda(o.celda(f, v))
		}
	}
}

// agrupar adds up the rows of the file by the key each row gets; rows with key "" are left
// out.
func (o *oficial) agrupar(clave func(f []string) string) map[string]*cifras {
	out := map[string]*cifras{}
	for _, f := range o.filas {
		k := clave(f)
		if k == "" {
			continue
		}
		if out[k] == nil {
			out[k] = &cifras{}
		}
		o.sumar(out[k], f)
	}
	return out
}

// total is the sum of every vote column.
func (c *cifras) total() int64 {
	var t int64
	for _, v := range c.votos {
		t += v
	}
	return t
}

// resumen is the summary of the figures as the page's «Resumen» prints it, by header
// column. Participation divides the votes with casillas especiales at the final cut and
// without them before (RULES.md §3.3); it is left out when no lista nominal was counted.
func (c *cifras) resumen(final bool) map[string]string {
	m := map[string]string{
		"ACTAS_ESPERADAS":                    conMiles(c.esperadas),
		"ACTAS_REGISTRADAS":                  conMiles(c.capturadas + c.fueraCatalogo),
		"ACTAS_FUERA_CATALOGO":               conMiles(c.fueraCatalogo),
		"ACTAS_CAPTURADAS":                   conMiles(c.capturadas),
		"PORCENTAJE_ACTAS_CAPTURADAS":        trunc4(c.capturadas, c.esperadas) + " %",
		"ACTAS_CONTABILIZADAS":               conMiles(c.contabilizadas),
		"PORCENTAJE_ACTAS_CONTABILIZADAS":    trunc4(c.contabilizadas, c.esperadas) + " %",
		"PORCENTAJE_ACTAS_INCONSISTENCIAS":   trunc4(c.inconsistentes, c.esperadas) + " %",
		"ACTAS_NO_CONTABILIZADAS":            conMiles(c.noContabilizadas),
		"LISTA_NOMINAL_ACTAS_CONTABILIZADAS": conMiles(c.lnContabilizadas),
		"TOTAL_VOTOS_C_CS":                   conMiles(c.votosCCS),
		"TOTAL_VOTOS_S_CS":                   conMiles(c.votosSCS),
	}
	votos := c.votosSCS
	if final {
		votos = c.votosCCS
	}
	if c.lnContabilizadas > 0 {
		m["PORCENTAJE_PARTICIPACION_CIUDADANA"] = trunc4(votos, c.lnContabilizadas) + " %"
	}
	return m
}

// resumenEncabezado is the file's own header as the page's «Resumen» prints it.
func (o *oficial) resumenEncabezado() map[string]string {
	m := map[string]string{}
	for col, v := range o.encabezado {
		if strings.HasPrefix(col, "PORCENTAJE_") {
			m[col] = v + " %"
			continue
		}
		// TOTAL_VOTOS_C_CS and TOTAL_VOTOS_S_CS are printed as 2658993.0.
		n, err := strconv.ParseInt(strings.TrimSuffix(v, ".0"), 10, 64)
		if err != nil {
			m[col] = "unreadable " + v
			continue
		}
		m[col] = conMiles(n)
	}
	return m
}

// conMiles writes n as the pages do, with es-MX thousands separators: 1,578,749.
func conMiles(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// trunc4 is 100 × num / den truncated to four decimals (RULES.md §3.2).
func trunc4(num, den int64) string {
	if den == 0 {
		return "(no denominator)"
	}
	q := num * 1_000_000 / den
	return fmt.Sprintf("%d.%04d", q/10_000, q%10_000)
}

// miembrosColumna are the parties of a vote column: those of a combination C_PT_PVEM, or the
// column itself.
func miembrosColumna(columna string) []string {
	if rest, ok := strings.CutPrefix(columna, "C_"); ok {
		return strings.Split(rest, "_")
	}
	return []string{columna}
}

// votosDe adds the votes of a candidacy of the given parties: their own columns and every
// combination made only of them (RULES.md §5, §3.4).
func (o *oficial) votosDe(c *cifras, partidos []string) int64 {
	var sum int64
	for i, col := range o.votos {
		if col == "NO_REGISTRADAS" || col == "NULOS" {
			continue
		}
		todos := true
		for _, m := range miembrosColumna(col) {
			todos = todos && slices.Contains(partidos, m)
		}
		if todos {
			sum += c.votos[i]
		}
	}
	return sum
}

// The matcher: the templates write plain tables, one cell per <td> or <th>, with no nested
// tables, so rows and cells are found by their tags.

// fragmentoHTML returns body from the first occurrence of marker to the end of the section
// that holds it, or "" when marker is not there.
func fragmentoHTML(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

// filasHTML splits the rows of an HTML fragment into their cells' inner HTML.
func filasHTML(frag string) [][]string {
	var out [][]string
	for {
		i := indiceEtiquetaHTML(frag, "<tr")
		if i < 0 {
			return out
		}
		frag = frag[i:]
		j := strings.Index(frag, "</tr>")
		if j < 0 {
			return out
		}
		out = append(out, celdasHTML(frag[:j]))
		frag = frag[j+len("</tr>"):]
	}
}

// celdasHTML splits a table row into its cells' inner HTML.
func celdasHTML(tr string) []string {
	var out []string
	for {
		i := primera(indiceEtiquetaHTML(tr, "<td"), indiceEtiquetaHTML(tr, "<th"))
		if i < 0 {
			return out
		}
		open := strings.IndexByte(tr[i:], '>')
		if open < 0 {
			return out
		}
		tr = tr[i+open+1:]
		end := primera(indiceEtiquetaHTML(tr, "</td"), indiceEtiquetaHTML(tr, "</th"))
		if end < 0 {
			return append(out, tr)
		}
		out = append(out, tr[:end])
		tr = tr[end+len("</td>"):]
	}
}

// indiceEtiquetaHTML returns where the first tag named by prefix ("<td", "</th") starts in
// s, or -1; "<th" does not match "<thead".
func indiceEtiquetaHTML(s, prefix string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], prefix)
		if i < 0 {
			return -1
		}
		k := off + i + len(prefix)
		if k < len(s) && (s[k] == '>' || s[k] == ' ') {
			return off + i
		}
		off = k
	}
}

// primera returns the smaller of two indexes that were found (≥ 0), or -1.
func primera(a, b int) int {
	if a < 0 || b >= 0 && b < a {
		return b
	}
	return a
}

// textoHTML is what a reader sees of some HTML: without tags, unescaped, spaces collapsed.
func textoHTML(h string) string { return strings.Join(strings.Fields(textoHTMLCrudo(h)), " ") }

// textoHTMLCrudo is textoHTML keeping the spaces, for cells such as OBSERVACIONES " - ".
func textoHTMLCrudo(h string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		h = h[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// tablaHTMLPorEncabezado reads the first table of a fragment as one map per body row, keyed by
// the texts of its header row.
func tablaHTMLPorEncabezado(frag string) []map[string]string {
	filas := filasHTML(frag)
	if len(filas) == 0 {
		return nil
	}
	head := filas[0]
	var out []map[string]string
	for _, f := range filas[1:] {
		m := map[string]string{}
		for i, c := range f {
			if i < len(head) {
				m[textoHTML(head[i])] = c
			}
		}
		out = append(out, m)
	}
	return out
}

// filaVotosPagina is one row of a table of votes: name, detail, votes and percentage.
type filaVotosPagina struct{ nombre, detalle, votos, porcentaje string }

// leerTablaVotos reads the body rows and the footer of the table of votes in the section
// whose heading has the id; ok is false when the page has no such section.
func leerTablaVotos(body, id string) (rows []filaVotosPagina, total filaVotosPagina, ok bool) {
	frag := fragmentoHTML(body, `<h2 id="`+id+`"`)
	if frag == "" {
		return nil, total, false
	}
	i := strings.Index(frag, "<tbody>")
	if i < 0 {
		return nil, total, false
	}
	for _, f := range filasHTML(frag[i:]) {
		if len(f) != 4 {
			continue
		}
		r := filaVotosPagina{textoHTML(f[0]), textoHTML(f[1]), textoHTML(f[2]), textoHTML(f[3])}
		if r.nombre == "Total de votos" {
			total = r
			continue
		}
		rows = append(rows, r)
	}
	return rows, total, true
}

// resumenPagina reads the «Resumen» table: value by label.
func resumenPagina(body string) map[string]string {
	m := map[string]string{}
	for _, f := range filasHTML(fragmentoHTML(body, `<h2 id="resumen-titulo"`)) {
		if len(f) == 2 {
			m[textoHTML(f[0])] = textoHTML(f[1])
		}
	}
	return m
}

// rutaPagina is the address of a page of corte n; ids are escaped whole, so N/A is one segment.
func rutaPagina(n int, codigo string, partes ...string) string {
	p := fmt.Sprintf("/cortes/%d/%s", n, codigo)
	for _, s := range partes {
		p += "/" + url.PathEscape(s)
	}
	return p
}

// compararNodo compares the page of a node (entidad, unit or sección) with its figures:
// every cell of its votes by column, the total, the summary and the lista nominal of its
// expected actas. donde names the node in messages.
func compararNodo(t *testing.T, o *oficial, donde, path string, c *cifras, final bool) string {
	t.Helper()
	body := page(t, path, http.StatusOK)
	total := c.total()
	rows, foot, ok := leerTablaVotos(body, "partidos-titulo")
	if !ok {
		t.Errorf("%s (%s): no table «Votos por partido y combinación»", donde, path)
		return body
	}
	got := map[string]filaVotosPagina{}
	for _, r := range rows {
		if _, dup := got[r.nombre]; dup {
			t.Errorf("%s: column %s shown twice", donde, r.nombre)
		}
		got[r.nombre] = r
	}
	if len(rows) != len(o.votos) {
		t.Errorf("%s: %d vote columns on the page, the file has %d", donde, len(rows),
			len(o.votos))
	}
	for i, col := range o.votos {
		r, ok := got[col]
		want := conMiles(c.votos[i])
		switch {
		case !ok:
			t.Errorf("%s: column %s missing from the page", donde, col)
		case r.votos != want:
			t.Errorf("%s, column %s: page shows %s votes, the official CSV adds up to %s",
				donde, col, r.votos, want)
		case total > 0 && r.porcentaje != trunc4(c.votos[i], total)+" %":
			t.Errorf("%s, column %s: page shows %s, want %s %% of %s", donde, col,
				r.porcentaje, trunc4(c.votos[i], total), conMiles(total))
		}
	}
	if foot.votos != conMiles(total) {
		t.Errorf("%s: page's total of votes %q, the official CSV adds up to %s", donde,
			foot.votos, conMiles(total))
	}
	compararResumen(t, donde, resumenPagina(body), c.resumen(final))
	ln := "Lista nominal de todas las actas esperadas: " + conMiles(c.lnEsperadas) + "."
	if !strings.Contains(body, ln) {
		t.Errorf("%s: page lacks %q", donde, ln)
	}
	return body
}

// compararCandidaturas checks each candidacy of a node's page against the votes of its
// parties. Every unit and sección has candidacies; of the entidades, only the Gubernatura's,
// the one election with the same candidacies everywhere.
func compararCandidaturas(t *testing.T, o *oficial, donde, body string, c *cifras) {
	t.Helper()
	rows, _, ok := leerTablaVotos(body, "candidaturas-titulo")
	if !ok || len(rows) == 0 {
		t.Errorf("%s: no table «Votos por candidatura»", donde)
		return
	}
	total := c.total()
	for _, r := range rows {
		want := o.votosDe(c, strings.Fields(r.detalle))
		if r.votos != conMiles(want) {
			t.Errorf("%s, candidatura %s (%s): page shows %s votes, the official CSV gives %s "+
				"(its parties' columns and their combinations)", donde, r.nombre, r.detalle,
				r.votos, conMiles(want))
		}
		if total > 0 && r.porcentaje != trunc4(want, total)+" %" {
			t.Errorf("%s, candidatura %s: page shows %s, want %s %%", donde, r.nombre,
				r.porcentaje, trunc4(want, total))
		}
	}
}

// compararResumen compares the page's «Resumen» with the expected figures, by header field.
func compararResumen(t *testing.T, donde string, got, want map[string]string) {
	t.Helper()
	for _, f := range camposEncabezado {
		w, ok := want[f.columna]
		if !ok {
			continue
		}
		if g := got[f.etiqueta]; g != w {
			t.Errorf("%s, %s (%s): page shows %q, want %q", donde, f.etiqueta, f.columna, g, w)
		}
	}
}

// TestOficialEntidad compares each election's page, at both cortes, with the header of its
// official file (the figures the IEE published) and with the sums of its rows.
func TestOficialEntidad(t *testing.T) {
	for _, n := range []int{1, 2} {
		for _, a := range archivosOficiales {
			o := oficialDe(t, n, a.codigo)
			donde := fmt.Sprintf("%s corte %d, entidad", a.codigo, n)
			var c cifras
			for _, f := range o.filas {
				o.sumar(&c, f)
			}
			// The test's own reading must reproduce the file's header, or its sums below
			// and in the other tests prove nothing.
			for col, v := range o.resumenEncabezado() {
				if s := c.resumen(n == 2)[col]; s != v {
					t.Fatalf("%s: the test's sums give %s %q, the file's header %q", donde, col,
						s, v)
				}
			}
			body := compararNodo(t, o, donde, rutaPagina(n, a.codigo), &c, n == 2)
			if a.codigo == "GUB" {
				compararCandidaturas(t, o, donde, body, &c)
			}
			compararResumen(t, donde+" (file header)", resumenPagina(body),
				o.resumenEncabezado())
		}
	}
}

// TestOficialGubernatura checks the final Gubernatura figures published on 4 June 2024
// (RULES.md §3.4), written out here so that a change in the file itself is noticed too.
func TestOficialGubernatura(t *testing.T) {
	body := page(t, rutaPagina(2, "GUB"), http.StatusOK)
	rows, _, _ := leerTablaVotos(body, "candidaturas-titulo")
	want := map[string]string{"PT PVEM MORENA NAP FXMP": "1,578,749",
		"PAN PRI PRD PSI": "879,460", "MC": "115,824"}
	for _, r := range rows {
		if w, ok := want[r.detalle]; ok && r.votos != w {
			t.Errorf("candidatura %s (%s): page shows %s, published %s", r.nombre, r.detalle,
				r.votos, w)
		}
		delete(want, r.detalle)
	}
	if len(want) > 0 {
		t.Errorf("candidacies missing from the page: %v", want)
	}
	cols, foot, _ := leerTablaVotos(body, "partidos-titulo")
	publicados := map[string]string{"NO_REGISTRADAS": "1,086", "NULOS": "83,874"}
	for _, r := range cols {
		if w, ok := publicados[r.nombre]; ok && r.votos != w {
			t.Errorf("%s: page shows %s, published %s", r.nombre, r.votos, w)
		}
	}
	if foot.votos != "2,658,993" {
		t.Errorf("total of votes: page shows %s, published 2,658,993", foot.votos)
	}
	if !strings.Contains(body, "Lista nominal de todas las actas esperadas: 4,990,849.") {
		t.Errorf("page lacks the published lista nominal 4,990,849")
	}
}

// unidadesOficiales are the units of a level of an election at corte n, added up from the
// official file: the election's own units by their column, and, for the Gubernatura's
// municipios, its secciones placed in the municipio the Ayuntamientos file gives them.
// Actas without sección or unit gather in N/A, as on the site.
func unidadesOficiales(t *testing.T, n int, codigo, nivel string) (*oficial, map[string]*cifras) {
	t.Helper()
	o := oficialDe(t, n, codigo)
	if nivel == o.nivel {
		return o, o.agrupar(func(f []string) string {
			if o.celda(f, "CONTABILIZADA") == "2" {
				return ""
			}
			return o.celda(f, o.unidad)
		})
	}
	ayun := oficialDe(t, n, "AYUN")
	municipio := map[string]string{}
	for _, f := range ayun.filas {
		if s := ayun.celda(f, "SECCION"); s != "N/A" && ayun.celda(f, "CONTABILIZADA") != "2" {
			municipio[s] = ayun.celda(f, "ID_MUNICIPIO")
		}
	}
	return o, o.agrupar(func(f []string) string {
		if o.celda(f, "CONTABILIZADA") == "2" {
			return ""
		}
		if m, ok := municipio[o.celda(f, "SECCION")]; ok {
			return m
		}
		return "N/A"
	})
}

// TestOficialUnidades compares the page of every distrito (Gubernatura, Diputaciones) and
// every municipio (Ayuntamientos, Gubernatura) at both cortes, and their rows in the
// election page's tables, with the sums of their official rows.
func TestOficialUnidades(t *testing.T) {
	niveles := []struct{ codigo, nivel, singular string }{
		{"GUB", "distritos", "distrito"}, {"DIP_LOC", "distritos", "distrito"},
		{"AYUN", "municipios", "municipio"}, {"GUB", "municipios", "municipio"},
	}
	paginas := 0
	for _, n := range []int{1, 2} {
		for _, nv := range niveles {
			o, us := unidadesOficiales(t, n, nv.codigo, nv.nivel)
			if len(us) < 26 {
				t.Errorf("%s %s: only %d units in the file", nv.codigo, nv.nivel, len(us))
			}
			for id, c := range us {
				donde := fmt.Sprintf("%s corte %d, %s %s", nv.codigo, n, nv.singular, id)
				path := rutaPagina(n, nv.codigo, nv.nivel, id)
				body := compararNodo(t, o, donde, path, c, n == 2)
				compararCandidaturas(t, o, donde, body, c)
				paginas++
			}
			compararTablaUnidades(t, n, nv.codigo, nv.nivel, us)
		}
	}
	t.Logf("%d unit pages compared", paginas)
}

// compararTablaUnidades checks the table of a level on the election's page: one row per
// unit of the file, each with its counted and expected actas, votes and participation.
func compararTablaUnidades(t *testing.T, n int, codigo, nivel string, us map[string]*cifras) {
	t.Helper()
	titulo := map[string]string{"distritos": "Distritos", "municipios": "Municipios"}[nivel]
	columna := map[string]string{"distritos": "Distrito", "municipios": "Municipio"}[nivel]
	body := page(t, rutaPagina(n, codigo), http.StatusOK)
	frag := fragmentoHTML(body, "<h2>"+titulo+"</h2>")
	seen := map[string]bool{}
	for _, r := range tablaHTMLPorEncabezado(frag) {
		id := textoHTML(r[columna])
		donde := fmt.Sprintf("%s corte %d, table %s, row %s", codigo, n, titulo, id)
		c, ok := us[id]
		if !ok {
			t.Errorf("%s: not a unit of the official file", donde)
			continue
		}
		seen[id] = true
		want := map[string]string{
			"Actas contabilizadas / esperadas": conMiles(c.contabilizadas) + " / " +
				conMiles(c.esperadas),
			"Total de votos": conMiles(c.total()),
		}
		if c.lnContabilizadas > 0 {
			want["Participación"] = c.resumen(n == 2)["PORCENTAJE_PARTICIPACION_CIUDADANA"]
		}
		for k, w := range want {
			if g := textoHTML(r[k]); g != w {
				t.Errorf("%s, %s: page shows %q, want %q", donde, k, g, w)
			}
		}
	}
	for id := range us {
		if !seen[id] {
			t.Errorf("%s corte %d: %s %s of the official file is not in the table %s", codigo,
				n, nivel, id, titulo)
		}
	}
}

// seccionesElegidas are secciones whose pages are compared, each for what it holds; every
// 40th sección of each file is added to them.
var seccionesElegidas = []struct{ codigo, id, por string }{
	{"GUB", "1411", "contiguas 10 and 11 published as C01, sin acta"},
	{"GUB", "0595", "a casilla especial"},
	{"GUB", "2217", "the acta with NULOS 427, EXCEDE LISTA NOMINAL"},
	{"GUB", "0986", "an acta not registered at the final cut"},
	{"GUB", "VA-011", "voto anticipado: LN 4, 14 votes, counted"},
	{"GUB", "VMRE", "voto desde el extranjero"},
	{"DIP_LOC", "0595", "especial: actas 3EMR and 3ERP"},
	{"DIP_LOC", "2469", "especial: 3EMR counted, 3ERP not registered"},
	{"DIP_LOC", "1677", "distrito 007, partial coalitions"},
	{"DIP_LOC", "VA-017", "three voto anticipado actas"},
	{"AYUN", "0943", "acta with total = LN + representatives, counted"},
	{"AYUN", "2089", "TEPETZINTLA: a stale ALGUN CAMPO label"},
	{"AYUN", "2420", "YEHUALTEPEC: two independent candidacies"},
	{"AYUN", "2344", "especial not registered"},
	{"AYUN", "VA-115", "four voto anticipado actas of PUEBLA"},
}

// TestOficialSecciones compares the page of picked secciones at the final cut with their
// official rows: votes, summary, and the list of their actas.
func TestOficialSecciones(t *testing.T) {
	paginas, actas := 0, 0
	for _, a := range archivosOficiales {
		o := oficialDe(t, 2, a.codigo)
		secs := o.agrupar(func(f []string) string {
			if o.celda(f, "CONTABILIZADA") == "2" {
				return ""
			}
			return o.seccionDe(f)
		})
		ids := make([]string, 0, len(secs))
		for id := range secs {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var elegidas []string
		por := map[string]string{}
		for i := 0; i < len(ids); i += 40 {
			elegidas = append(elegidas, ids[i])
		}
		for _, s := range seccionesElegidas {
			if s.codigo == a.codigo {
				elegidas = append(elegidas, s.id)
				por[s.id] = " (" + s.por + ")"
			}
		}
		for _, id := range elegidas {
			c, ok := secs[id]
			if !ok {
				t.Errorf("%s: sección %s%s is not in the official file", a.codigo, id, por[id])
				continue
			}
			donde := fmt.Sprintf("%s sección %s%s", a.codigo, id, por[id])
			body := compararNodo(t, o, donde, rutaPagina(2, a.codigo, "secciones", id), c, true)
			compararCandidaturas(t, o, donde, body, c)
			compararActasSeccion(t, o, donde, body, c.filas)
			paginas++
			actas += len(c.filas)
		}
	}
	t.Logf("%d sección pages compared, listing %d actas", paginas, actas)
}

// etiquetasContabilizada are the words the pages use for each CONTABILIZADA value.
var etiquetasContabilizada = map[string]string{"1": "Contabilizada", "0": "No contabilizada",
	"-": "Aún no registrada"}

// compararActasSeccion checks the sección's table of actas: as many rows as official rows,
// with the same CONTABILIZADA, OBSERVACIONES, TOTAL_VOTOS_CALCULADO and LISTA_NOMINAL.
// Rows are compared as a multiset, since the order of a sección's actas is not defined.
func compararActasSeccion(t *testing.T, o *oficial, donde, body string, filas [][]string) {
	t.Helper()
	var got, want []string
	for _, r := range tablaHTMLPorEncabezado(fragmentoHTML(body, `<h2 id="actas-titulo"`)) {
		got = append(got, strings.Join([]string{textoHTML(r["Contabilizada"]),
			textoHTMLCrudo(r["Observaciones"]), textoHTML(r["Total calculado"]),
			textoHTML(r["Lista nominal"])}, " | "))
	}
	for _, f := range filas {
		total := o.celda(f, "TOTAL_VOTOS_CALCULADO")
		if strings.HasPrefix(o.celda(f, "OBSERVACIONES"), "SIN ACTA") {
			total = "— (sin acta)"
		}
		want = append(want, strings.Join([]string{
			etiquetasContabilizada[o.celda(f, "CONTABILIZADA")], o.celda(f, "OBSERVACIONES"),
			total, o.celda(f, "LISTA_NOMINAL")}, " | "))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: table of actas (contabilizada | observaciones | total | LN)\n"+
			"page:\n  %s\nofficial CSV:\n  %s", donde, strings.Join(got, "\n  "),
			strings.Join(want, "\n  "))
	}
}

// actasElegidas are the actas whose pages are compared cell by cell with their CSV row.
// The site names an acta by its CLAVE_ACTA, with the real casilla number for contiguas 10
// to 17 (published as C01, RULES.md §4.6 item 1) and with the unit for voto anticipado,
// whose key repeats in every unit; n picks the n-th row with that CLAVE_ACTA in that unit.
var actasElegidas = []struct {
	codigo, id, clave, unidad string
	n                         int
	por                       string
}{
	{"GUB", "211411B01002", "211411B01002", "011", 1, "not counted: TODOS ILEGIBLES O SIN DATO"},
	{"GUB", "211411C01002", "211411C01002", "011", 1, "counted with ALGUN CAMPO ILEGIBLE"},
	{"GUB", "211411C10002", "211411C01002", "011", 2, "contigua 10 published as C01, sin acta"},
	{"GUB", "211411C04002", "211411C04002", "011", 1, "counted, no observation"},
	{"GUB", "210595S01002E", "210595S01002E", "002", 1, "casilla especial, counted"},
	{"GUB", "212344S01002E", "212344S01002E", "001", 1, "casilla especial, sin acta"},
	{"GUB", "212217C01002", "212217C01002", "001", 1, "NULOS 427: EXCEDE LISTA NOMINAL"},
	{"GUB", "210986B01002", "210986B01002", "017", 1, "not registered"},
	{"GUB", "210000A01002-011", "210000A01002", "011", 1, "voto anticipado, 14 votes, LN 4"},
	{"GUB", "210000M00002", "210000M00002", "N/A", 1, "voto desde el extranjero"},
	{"DIP_LOC", "210595S01003EMR", "210595S01003EMR", "002", 1, "especial, mayoría relativa"},
	{"DIP_LOC", "210595S01003ERP", "210595S01003ERP", "002", 1, "especial, RP: no combinations"},
	{"DIP_LOC", "212469S01003ERP", "212469S01003ERP", "002", 1, "especial RP not registered"},
	{"DIP_LOC", "210596C01003", "210596C01003", "002", 1, "EXCEDE LISTA NOMINAL"},
	{"DIP_LOC", "211677C01003", "211677C01003", "007", 1, "distrito with partial coalitions"},
	{"DIP_LOC", "210000A02003-017", "210000A02003", "017", 1, "second voto anticipado acta"},
	{"AYUN", "210943B01004", "210943B01004", "115", 1, "total 687 = LN 667 + 20, counted"},
	{"AYUN", "212089B01004", "212089B01004", "166", 1, "TEPETZINTLA: stale ALGUN CAMPO label"},
	{"AYUN", "212420C02004", "212420C02004", "205", 1, "two independents, ALGUN CAMPO"},
	{"AYUN", "210595S01004E", "210595S01004E", "072", 1, "casilla especial"},
	{"AYUN", "212344S01004E", "212344S01004E", "194", 1, "casilla especial not registered"},
	{"AYUN", "210000A01004-115", "210000A01004", "115", 1, "voto anticipado, 14 votes, LN 4"},
	{"AYUN", "211411C11004", "211411C01004", "115", 3, "contigua 11 published as C01"},
}

// TestOficialActas compares the page of each picked acta at the final cut with its row of
// the official file: every cell the page shows, with its column named on the page.
func TestOficialActas(t *testing.T) {
	for _, a := range actasElegidas {
		o := oficialDe(t, 2, a.codigo)
		f := o.buscar(a.clave, a.unidad, a.n)
		donde := fmt.Sprintf("%s acta %s (%s)", a.codigo, a.id, a.por)
		if f == nil {
			t.Errorf("%s: row %d with CLAVE_ACTA %s in unit %s not in the official file", donde,
				a.n, a.clave, a.unidad)
			continue
		}
		compararActa(t, o, donde, page(t, rutaPagina(2, a.codigo, "actas", a.id), http.StatusOK), f)
	}
	t.Logf("%d acta pages compared", len(actasElegidas))
}

// buscar returns the n-th row with the CLAVE_ACTA in the unit, or nil.
func (o *oficial) buscar(clave, unidad string, n int) []string {
	for _, f := range o.filas {
		if o.celda(f, "CLAVE_ACTA") == clave && o.celda(f, o.unidad) == unidad {
			if n--; n == 0 {
				return f
			}
		}
	}
	return nil
}

// valorPagina is a published value on an acta's page and the note beside it.
type valorPagina struct{ valor, nota string }

// leerCamposActa reads the tables of fields of an acta's page: value by column name.
func leerCamposActa(t *testing.T, donde, body string) map[string]valorPagina {
	t.Helper()
	out := map[string]valorPagina{}
	for _, f := range filasHTML(body) {
		if len(f) != 3 || !strings.HasPrefix(f[1], "<code>") {
			continue
		}
		col := textoHTML(f[1])
		v, nota, _ := strings.Cut(f[2], ` <span class="nota">`)
		pv := valorPagina{valor: textoHTMLCrudo(v), nota: strings.Trim(textoHTML(nota), "()")}
		if strings.Contains(v, `class="vacio"`) {
			pv.valor = ""
		}
		if _, dup := out[col]; dup {
			t.Errorf("%s: column %s shown twice", donde, col)
		}
		out[col] = pv
	}
	return out
}

// enEstado are the columns an acta's page shows in its «Estado del acta» block rather than
// in its tables; ID_ENTIDAD, ENTIDAD and the unit's name are not shown as fields.
var enEstado = map[string]bool{"OBSERVACIONES": true, "CONTABILIZADA": true,
	"CODIGO_INTEGRIDAD": true, "ID_ENTIDAD": true, "ENTIDAD": true}

// compararActa compares an acta's page with its official row.
func compararActa(t *testing.T, o *oficial, donde, body string, f []string) {
	t.Helper()
	campos := leerCamposActa(t, donde, body)
	sinActa := strings.HasPrefix(o.celda(f, "OBSERVACIONES"), "SIN ACTA")
	for _, col := range o.columnas {
		if enEstado[col] || col == o.nombre {
			continue
		}
		want := o.celda(f, col)
		got, ok := campos[col]
		delete(campos, col)
		if col == o.unidad && !ok {
			got, ok = columnaUnidadPagina(t, donde, col, campos)
		}
		switch {
		case !ok:
			t.Errorf("%s: column %s (%q in the CSV) not on the page", donde, col, want)
		case col == o.unidad:
			want += " " + o.celda(f, o.nombre)
			if got.valor != want {
				t.Errorf("%s, %s: page shows %q, want %q", donde, col, got.valor, want)
			}
		case col == "TIPO_CASILLA" || col == "MECANISMOS_TRASLADO" ||
			col == "UBICACION_CASILLA" || col == "TIPO_ACTA":
			// The code is kept and named: "S (Especial)", "1 (urbana)".
			if got.valor != want && !strings.HasPrefix(got.valor, want+" (") {
				t.Errorf("%s, %s: page shows %q, the CSV %q", donde, col, got.valor, want)
			}
		case col == "TOTAL_VOTOS_CALCULADO" && sinActa:
			// An acta without its Acta PREP shows "—" and says what the file publishes.
			if got.valor != "—" || !strings.HasSuffix(got.nota, "publica "+want) {
				t.Errorf("%s, %s of a sin-acta acta: page shows %q (%s), want — and a note "+
					"ending «publica %s»", donde, col, got.valor, got.nota, want)
			}
		case got.valor != want:
			t.Errorf("%s, %s: page shows %q, the official CSV %q", donde, col, got.valor, want)
		}
	}
	for col := range campos {
		t.Errorf("%s: page shows a column %s the CSV does not have", donde, col)
	}
	compararEstado(t, o, donde, body, f)
}

// columnaUnidadPagina finds the unit's row of an acta's page when the page names its
// column otherwise than the file, and reports the name.
func columnaUnidadPagina(t *testing.T, donde, col string,
	campos map[string]valorPagina) (valorPagina, bool) {
	t.Helper()
	for _, otra := range []string{"ID_DISTRITO", "ID_DISTRITO_LOCAL", "ID_MUNICIPIO"} {
		if v, ok := campos[otra]; ok {
			t.Errorf("%s: the page names the unit's column %s, the file calls it %s", donde,
				otra, col)
			delete(campos, otra)
			return v, true
		}
	}
	return valorPagina{}, false
}

// compararEstado checks the «Estado del acta» block: CONTABILIZADA, OBSERVACIONES verbatim
// (" - " keeps its spaces) and CODIGO_INTEGRIDAD.
func compararEstado(t *testing.T, o *oficial, donde, body string, f []string) {
	t.Helper()
	estado := o.celda(f, "CONTABILIZADA")
	dd := textoHTML(definicionHTML(body, "Contabilizada (CONTABILIZADA)"))
	if w := etiquetasContabilizada[estado] + " (" + estado + "):"; !strings.HasPrefix(dd, w) {
		t.Errorf("%s, CONTABILIZADA: page says %q, want it to start %q", donde, dd, w)
	}
	obs := o.celda(f, "OBSERVACIONES")
	if obs == "" {
		obs = "Sin observaciones"
	}
	if got := textoHTMLCrudo(definicionHTML(body, "Observaciones (OBSERVACIONES)")); got != obs {
		t.Errorf("%s, OBSERVACIONES: page shows %q, the official CSV %q", donde, got, obs)
	}
	hash := textoHTML(definicionHTML(body, "Código de integridad (CODIGO_INTEGRIDAD"))
	if want := o.celda(f, "CODIGO_INTEGRIDAD"); hash != want {
		t.Errorf("%s, CODIGO_INTEGRIDAD: page shows %q, the official CSV %q", donde, hash, want)
	}
}

// definicionHTML returns the inner HTML of the <dd> that follows the <dt> starting with dt.
func definicionHTML(body, dt string) string {
	i := strings.Index(body, "<dt>"+dt)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	j := strings.Index(rest, "<dd>")
	k := strings.Index(rest, "</dd>")
	if j < 0 || k < j {
		return ""
	}
	return rest[j+len("<dd>") : k]
}

// porPartido is a third party's file of votes by party per unit (testdata/SOURCE.md).
type porPartido struct {
	emblema map[string]map[string]int64 // VOTOS_EMBLEMA by unit and actor
	actas   map[string]int64            // ACTAS_CONTABILIZADAS by unit
	total   map[string]int64            // VOTACION_TOTAL by unit
}

// leerPorPartido reads a file of testdata; its first column is the unit's id.
func leerPorPartido(t *testing.T, name string) *porPartido {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("read %s: %v", name, err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	p := &porPartido{emblema: map[string]map[string]int64{}, actas: map[string]int64{},
		total: map[string]int64{}}
	for _, r := range recs[1:] {
		id := r[0]
		if p.emblema[id] == nil {
			p.emblema[id] = map[string]int64{}
		}
		p.emblema[id][r[col["ACTOR"]]] = numeroCelda(r[col["VOTOS_EMBLEMA"]])
		p.actas[id] = numeroCelda(r[col["ACTAS_CONTABILIZADAS"]])
		p.total[id] = numeroCelda(r[col["VOTACION_TOTAL"]])
	}
	return p
}

// TestOficialPorPartido compares the distrito pages of the Diputaciones and the municipio
// pages of the Ayuntamientos with a third party's votes by party. Its distrito figures
// leave out the RP-only actas of casillas especiales (3ERP), which the PREP header and the
// site count; their votes, added up from the official file, are added back here.
func TestOficialPorPartido(t *testing.T) {
	for _, c := range []struct{ codigo, nivel, archivo string }{
		{"DIP_LOC", "distritos", "votacion_partido_distrito_local_pue_prep2024.csv"},
		{"AYUN", "municipios", "votacion_partido_municipio_pue_prep2024.csv"},
	} {
		o := oficialDe(t, 2, c.codigo)
		erp := o.agrupar(func(f []string) string {
			if o.celda(f, "TIPO_ACTA") != "3ERP" {
				return ""
			}
			return o.celda(f, o.unidad)
		})
		p := leerPorPartido(t, c.archivo)
		if n := map[string]int{"distritos": 26, "municipios": 217}[c.nivel]; len(p.total) != n {
			t.Errorf("%s: %d units, want %d", c.archivo, len(p.total), n)
		}
		for id, actores := range p.emblema {
			extra := erp[id]
			if extra == nil {
				extra = &cifras{votos: make([]int64, len(o.votos))}
			}
			compararPorPartido(t, o, fmt.Sprintf("%s %s %s", c.codigo, c.nivel, id),
				page(t, rutaPagina(2, c.codigo, c.nivel, id), http.StatusOK), p, id, actores, extra)
		}
	}
}

// compararPorPartido checks one unit's page against the third party's figures plus the
// counted 3ERP actas of the unit (none outside the Diputaciones).
func compararPorPartido(t *testing.T, o *oficial, donde, body string, p *porPartido, id string,
	actores map[string]int64, erp *cifras) {
	t.Helper()
	rows, foot, _ := leerTablaVotos(body, "partidos-titulo")
	got := map[string]string{}
	for _, r := range rows {
		got[r.nombre] = r.votos
	}
	for actor, v := range actores {
		i := slices.Index(o.votos, actor)
		if i < 0 {
			t.Errorf("%s: actor %s is not a vote column of the official file", donde, actor)
			continue
		}
		if want := conMiles(v + erp.votos[i]); got[actor] != want {
			t.Errorf("%s, %s: page shows %s; third party's VOTOS_EMBLEMA %s + %s in counted "+
				"3ERP actas = %s", donde, actor, got[actor], conMiles(v), conMiles(erp.votos[i]),
				want)
		}
	}
	if want := conMiles(p.total[id] + erp.total()); foot.votos != want {
		t.Errorf("%s: page's total %s; third party's VOTACION_TOTAL %s + %s in 3ERP actas = %s",
			donde, foot.votos, conMiles(p.total[id]), conMiles(erp.total()), want)
	}
	want := conMiles(p.actas[id] + erp.contabilizadas)
	if g := resumenPagina(body)["Actas contabilizadas"]; g != want {
		t.Errorf("%s: page shows %s actas contabilizadas; third party's %s + %s 3ERP = %s",
			donde, g, conMiles(p.actas[id]), conMiles(erp.contabilizadas), want)
	}
}
