package opendata

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// tiposCasilla are the TIPO_CASILLA values of the layout (RULES.md §4.4); empty on
// fuera-de-catálogo rows.
var tiposCasilla = map[string]bool{"B": true, "C": true, "E": true, "S": true, "A": true,
	"M": true, "P": true, "": true}

// rows reads every acta line after the column names.
func (r *reader) rows() error {
	n := len(r.cols)
	cells := make([]string, n)
	for {
		line, ok := r.next()
		if !ok {
			break
		}
		if strings.TrimSpace(line) == "" {
			if r.pos >= len(r.text) {
				break
			}
			return r.fail(r.line, "", "", "línea vacía entre las filas de actas",
				"blank line among acta rows")
		}
		if !utf8.ValidString(line) {
			return r.utf8Error(line)
		}
		got := split(line, r.delim, cells)
		if got != n {
			return r.countError(line, got, n)
		}
		if strings.ContainsAny(line, r.unquotable) {
			return r.quoteError(cells)
		}
		a, err := r.acta(cells)
		if err != nil {
			return err
		}
		if k := len(r.out.Actas); k > 0 && !r.soloClaves {
			a.Compartir(r.out.Actas[k-1])
		}
		r.out.Actas = append(r.out.Actas, a)
		r.out.Lineas = append(r.out.Lineas, r.line)
	}
	if len(r.out.Actas) == 0 {
		return r.fail(r.line, "", "", "el archivo no tiene filas de actas", "no acta rows")
	}
	e := r.out.Eleccion
	switch {
	case r.nacional:
		e.EntidadID, e.Entidad = catalog.EntidadNacionalID, catalog.EntidadNacional
		if e.Prefijo == "" {
			e.Prefijo = catalog.PrefijoNacional
		}
	default:
		if e.Prefijo == "" {
			e.Prefijo = catalog.AbreviaturaEntidad(r.entidad)
		}
		e.EntidadID = r.entidad
		for _, a := range r.out.Actas {
			if !a.FueraDeCatalogo() {
				e.Entidad = a.Entidad
				break
			}
		}
	}
	return r.identify()
}

// quoteError names the cell that holds a quote, a carriage return or (in a pipe-separated
// file) a comma: the layout has no quoting, so such a cell could not be published again
// (RULES.md §4.1).
func (r *reader) quoteError(cells []string) error {
	for i, c := range cells {
		if strings.ContainsAny(c, r.unquotable) {
			return r.fail(r.line, r.cols[i], c, "el valor contiene comillas, una coma o un "+
				"retorno de carro, que este formato no admite", "quote, comma or CR in cell")
		}
	}
	return nil
}

func (r *reader) countError(line string, got, want int) error {
	if !utf8.ValidString(line) {
		return r.utf8Error(line)
	}
	if strings.ContainsRune(line, '"') {
		return r.fail(r.line, "", "", "las comillas no están permitidas en este formato: "+
			"ningún valor puede contener comas", "double quotes in row")
	}
	if got < want && !r.lastNL {
		return r.fail(r.line, "", "", fmt.Sprintf("la última fila está cortada: tiene %d de "+
			"%d campos y no termina en salto de línea (¿archivo truncado?)", got, want),
			"file truncated in the middle of a row")
	}
	return r.fail(r.line, "", "", fmt.Sprintf("la fila tiene %d campos y se esperaban %d",
		got, want), fmt.Sprintf("row has %d cells, want %d", got, want))
}

func (r *reader) utf8Error(line string) error {
	cells := strings.Split(line, string(r.delim))
	for i, c := range cells {
		if !utf8.ValidString(c) {
			col := ""
			if i < len(r.cols) {
				col = r.cols[i]
			}
			return r.fail(r.line, col, "", "el texto no es UTF-8 válido (¿el archivo está en "+
				"Latin-1? guárdelo como UTF-8)", "invalid UTF-8")
		}
	}
	return r.fail(r.line, "", "", "el texto no es UTF-8 válido", "invalid UTF-8")
}

// split cuts line at delim into cells without allocating, and returns how many cells the
// line has (which may exceed len(cells)).
func split(line string, delim byte, cells []string) int {
	n := 0
	for {
		i := strings.IndexByte(line, delim)
		if i < 0 {
			if n < len(cells) {
				cells[n] = line
			}
			return n + 1
		}
		if n < len(cells) {
			cells[n] = line[:i]
		}
		n++
		line = line[i+1:]
	}
}

// acta builds one acta from the cells of a row.
func (r *reader) acta(cells []string) (*acta.Acta, error) {
	l := r.lay
	cell := func(ro role) string {
		if i := l.at[ro]; i >= 0 {
			return strings.TrimPrefix(strings.TrimSpace(cells[i]), "'")
		}
		return ""
	}
	if r.soloClaves {
		// What identify and FueraDeCatalogo read, as the full reading below gives it.
		a := &acta.Acta{ClaveActa: cell(roleClaveActa), IDEntidad: cell(roleIDEntidad),
			UnidadID: cell(roleUnidadID), Seccion: cell(roleSeccion),
			IDCasilla: cell(roleIDCasilla), TipoCasilla: strings.ToUpper(cell(roleTipoCasilla)),
			ExtContigua: cell(roleExtContigua), Ubicacion: cell(roleUbicacion),
			TipoActa: cell(roleTipoActa), CodigoIntegridad: normalizeHash(cell(roleCodigo))}
		a.NumCasilla = atoiOr(a.IDCasilla, 0)
		return a, nil
	}
	a := &acta.Acta{
		ClaveCasilla: cell(roleClaveCasilla), ClaveActa: cell(roleClaveActa),
		IDEntidad: cell(roleIDEntidad), Entidad: cell(roleEntidad),
		UnidadID: cell(roleUnidadID), Unidad: cell(roleUnidad), Seccion: cell(roleSeccion),
		IDCasilla: cell(roleIDCasilla), TipoCasilla: strings.ToUpper(cell(roleTipoCasilla)),
		ExtContigua: cell(roleExtContigua), Ubicacion: cell(roleUbicacion),
		TipoActa: cell(roleTipoActa), Mecanismo: cell(roleMecanismo),
		CodigoIntegridad: normalizeHash(cell(roleCodigo)), Origen: cell(roleOrigen),
		Digitalizacion: cell(roleDigitalizacion), TipoDocumento: cell(roleTipoDocumento),
	}
	if err := r.checkKeys(a, cells); err != nil {
		return nil, err
	}
	a.NumCasilla = atoiOr(a.IDCasilla, 0)

	var err error
	value := func(i int) acta.Value {
		if err != nil {
			return acta.Value{}
		}
		v, e := acta.ParseValue(cells[i])
		if e != nil {
			err = r.fail(r.line, r.cols[i], cells[i], acta.Mensaje(e), e.Error())
		}
		return v
	}
	totals := []role{roleBoletasSobrantes, rolePersonasVotaron, roleRepVotaron, roleVotosSacados}
	for k, ro := range totals {
		if i := l.at[ro]; i >= 0 {
			a.Totales[k] = value(i)
		}
	}
	a.Votos = make([]acta.Value, len(l.votes))
	for k, i := range l.votes {
		a.Votos[k] = value(i)
	}
	a.TotalAsentado = value(l.at[roleTotalAsentado])
	a.TotalCalculado = value(l.at[roleTotalCalculado])
	a.ListaNominal = value(l.at[roleListaNominal])
	a.Representantes = value(l.at[roleRepresentantes])
	if err != nil {
		return nil, err
	}
	if err := r.published(a, cells); err != nil {
		return nil, err
	}
	if err := r.stamps(a, cells); err != nil {
		return nil, err
	}
	for _, i := range l.extra {
		a.Extra = append(a.Extra, cells[i])
	}
	return a, nil
}

// checkKeys validates the catalog part of a row: text without control characters, a known
// casilla type, the entidad of the file, a unit and a four-digit sección on catalog rows, and
// a código de integridad that is a SHA-256 or a special value.
func (r *reader) checkKeys(a *acta.Acta, cells []string) error {
	for i, c := range cells {
		if hasControl(c) {
			return r.fail(r.line, r.cols[i], "", "el valor contiene caracteres de control",
				"control character in cell")
		}
	}
	switch {
	case !tiposCasilla[a.TipoCasilla]:
		return r.fail(r.line, r.cols[r.lay.at[roleTipoCasilla]], a.TipoCasilla,
			"tipo de casilla desconocido (se esperaba B, C, E, S, A, M o P)", "bad TIPO_CASILLA")
	case r.entidad != "" && a.IDEntidad != r.entidad && !r.nacional:
		return r.fail(r.line, r.cols[r.lay.at[roleIDEntidad]], a.IDEntidad, "la fila es de "+
			"otra entidad: las filas anteriores son de la entidad "+r.entidad,
			"ID_ENTIDAD differs from earlier rows")
	case a.IDEntidad == "":
		return r.fail(r.line, r.cols[r.lay.at[roleIDEntidad]], "", "falta ID_ENTIDAD",
			"empty ID_ENTIDAD")
	}
	r.entidad = a.IDEntidad
	if a.FueraDeCatalogo() {
		return nil
	}
	switch {
	case r.nacional && !catalog.EntidadValida(a.IDEntidad):
		return r.fail(r.line, r.cols[r.lay.at[roleIDEntidad]], a.IDEntidad, "en una "+
			"elección federal ID_ENTIDAD debe ser una de las 32 entidades (01 a 32)",
			"unknown ID_ENTIDAD in a national election")
	case a.UnidadID == "":
		return r.fail(r.line, r.lay.unidadCol, "", "falta el distrito o municipio del acta",
			"empty unit id")
	case !validSeccion(a):
		return r.fail(r.line, r.cols[r.lay.at[roleSeccion]], a.Seccion, "la sección debe "+
			"tener hasta cuatro cifras (o N/A en voto anticipado y extranjero)", "bad SECCION")
	case !validHash(a.CodigoIntegridad):
		return r.fail(r.line, r.cols[r.lay.at[roleCodigo]], a.CodigoIntegridad, "el código "+
			"de integridad debe ser un SHA-256 (64 cifras hexadecimales), N/A o -",
			"bad CODIGO_INTEGRIDAD")
	}
	return nil
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func validSeccion(a *acta.Acta) bool {
	switch a.TipoCasilla {
	case "A", "M", "P":
		if a.Seccion == "N/A" {
			return true
		}
	}
	return len(a.Seccion) >= 1 && len(a.Seccion) <= 4 && isDigits(a.Seccion)
}

func validHash(h string) bool {
	switch h {
	case "", "-", "N/A", "n/a":
		return true
	}
	return len(h) == 64 && isHex(h) // already in lower case (normalizeHash)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// published reads the CONTABILIZADA and OBSERVACIONES cells into the published classification.
func (r *reader) published(a *acta.Acta, cells []string) error {
	ci, oi := r.lay.at[roleContabilizada], r.lay.at[roleObservaciones]
	estado, err := acta.ParseEstado(cells[ci])
	if err != nil {
		return r.fail(r.line, "CONTABILIZADA", cells[ci], "valor no reconocido (se esperaba "+
			"0, 1, 2 o -)", err.Error())
	}
	flags, err := r.observaciones(cells[oi])
	if err != nil {
		return r.fail(r.line, "OBSERVACIONES", cells[oi], "observación no reconocida",
			err.Error())
	}
	a.Publicada = &acta.Clasificacion{Estado: estado, Flags: flags}
	a.ObservacionesPub = cells[oi]
	return nil
}

// observaciones parses an OBSERVACIONES cell, remembering the few distinct labels of a file.
func (r *reader) observaciones(s string) (acta.Flags, error) {
	if f, ok := r.obs[s]; ok {
		return f, nil
	}
	f, _, err := acta.ParseObservaciones(s)
	if err == nil {
		if r.obs == nil {
			r.obs = map[string]acta.Flags{}
		}
		r.obs[s] = f
	}
	return f, err
}

// stamps reads the three FECHA_HORA_* cells.
func (r *reader) stamps(a *acta.Acta, cells []string) error {
	for _, s := range []struct {
		ro  role
		dst *acta.Stamp
	}{{roleAcopio, &a.Acopio}, {roleCaptura, &a.Captura}, {roleVerificacion, &a.Verificacion}} {
		i := r.lay.at[s.ro]
		if i < 0 {
			continue
		}
		st, err := parseStamp(cells[i], r.zone)
		if err != nil {
			return r.fail(r.line, r.cols[i], cells[i], "fecha y hora no válidas (se esperaba "+
				"dd/mm/aaaa hh:mm:ss o aaaa-mm-ddThh:mm:ss)", err.Error())
		}
		*s.dst = st
	}
	return nil
}

// stampLayouts are the date forms seen in PREP files: the IEE's and ISO 8601 (RULES.md §4.6
// item 11).
var stampLayouts = []string{"02/01/2006 15:04:05", "02/01/2006 15:04", "2006-01-02T15:04:05",
	"2006-01-02 15:04:05", time.RFC3339, "2006-01-02T15:04:05.999999999"}

func parseStamp(s string, zone *time.Location) (acta.Stamp, error) {
	if when, ok := parseIEEStamp(s, zone); ok {
		return acta.Stamp{T: when}, nil
	}
	t := strings.TrimSpace(s)
	if v, err := acta.ParseValue(t); err == nil && v.Kind != acta.Number {
		return acta.Stamp{Special: v}, nil
	}
	for _, layout := range stampLayouts {
		if when, err := time.ParseInLocation(layout, t, zone); err == nil {
			return acta.Stamp{T: when}, nil
		}
	}
	return acta.Stamp{}, fmt.Errorf("bad timestamp %q", s)
}

// identify gives every acta its stable identity (see the acta package documentation). Keys
// repeat in the published files (RULES.md §4.6 items 1-2): contiguas 10-17 are written as
// C01, so a repeated contigua key is renumbered by its occurrence in file order (the second
// C01 after C09 is C10); voto anticipado keys repeat across units, so they carry the unit.
func (r *reader) identify() error {
	seen := map[string]int{}
	ids := map[string]bool{}
	for k, a := range r.out.Actas {
		a.Orden = k
		if a.FueraDeCatalogo() {
			a.ID = IDFueraDeCatalogo(a, k)
		} else {
			key := a.UnidadID + "|" + a.ClaveActa
			seen[key]++
			if n := seen[key]; n > 1 && a.TipoCasilla == "C" && len(a.IDCasilla) == 2 {
				a.NumCasilla = int(a.IDCasilla[1]-'0')*10 + n - 2
			}
			a.ID = inferredKey(a)
		}
		if ids[a.ID] {
			return r.fail(r.out.Lineas[k], "CLAVE_ACTA", a.ClaveActa, "el acta está repetida "+
				"en el archivo", "duplicate acta")
		}
		ids[a.ID] = true
	}
	return nil
}

// IDFueraDeCatalogo is the identity a reader of a file gives the fuera-de-catálogo acta a,
// the k-th data line (from 0): "FC-" and its código de integridad, or its line when it has
// none. The store names such actas otherwise; a publisher uses this to speak of them as
// readers of its files will.
func IDFueraDeCatalogo(a *acta.Acta, k int) string {
	if a.CodigoIntegridad == "" || a.CodigoIntegridad == "-" {
		return fmt.Sprintf("FC-%d", k+1)
	}
	return "FC-" + a.CodigoIntegridad
}

// inferredKey is CLAVE_ACTA with the real casilla number, plus the unit for voto anticipado
// and prisión preventiva actas, whose keys repeat across units.
func inferredKey(a *acta.Acta) string {
	if a.TipoCasilla == "A" || a.TipoCasilla == "P" {
		return a.ClaveActa + "-" + a.UnidadID
	}
	if a.TipoCasilla == "M" || a.Seccion == "N/A" || a.NumCasilla == atoiOr(a.IDCasilla, -1) {
		return a.ClaveActa
	}
	return fmt.Sprintf("%s%s%s%02d%s%s", a.IDEntidad, a.Seccion, a.TipoCasilla, a.NumCasilla,
		a.ExtContigua, a.TipoActa)
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// normalizeHash writes a SHA-256 in lower case, as the 2024 files do; the LEEME example is
// upper case, and both are accepted (RULES.md §1, Digitalización). Special values stay.
func normalizeHash(s string) string {
	if len(s) != 64 {
		return s
	}
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'F' {
			upper = true
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return s
		}
	}
	if upper {
		return strings.ToLower(s)
	}
	return s
}

// parseIEEStamp reads "dd/mm/yyyy hh:mm:ss", the IEE form, without the general parser: the
// files hold three such cells per acta. Anything else is left to parseStamp.
func parseIEEStamp(s string, zone *time.Location) (time.Time, bool) {
	if len(s) != 19 || s[2] != '/' || s[5] != '/' || s[10] != ' ' || s[13] != ':' ||
		s[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for k := i; k < i+n; k++ {
			c := s[k]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	d, mo, y := num(0, 2), num(3, 2), num(6, 4)
	h, mi, se := num(11, 2), num(14, 2), num(17, 2)
	if d < 1 || mo < 1 || mo > 12 || y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
		se < 0 || se > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, zone)
	if t.Day() != d { // 31/02 and the like: let the general parser refuse it
		return time.Time{}, false
	}
	return t, true
}
