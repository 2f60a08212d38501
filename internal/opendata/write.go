package opendata

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone database, for machines without one

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
)

// Zona is the time zone of the IEE Puebla PREP (UTC-6 without daylight saving since 2022).
var Zona = mustZone("America/Mexico_City")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in, so this cannot happen
	}
	return z
}

// Publicacion is what Write needs to render one election's open-data file.
type Publicacion struct {
	Eleccion *catalog.Eleccion
	Actas    []*acta.Acta
	Hora     time.Time
	Final    bool
	Resumen  corte.Resumen
	Config   acta.Config
}

// FormatCorte renders a cut time as the second line of the file: "03/06/2024 20:00 (UTC-6)".
func FormatCorte(t time.Time) string {
	t = t.In(Zona)
	_, off := t.Zone()
	label := fmt.Sprintf("UTC%+d", off/3600)
	if m := (off % 3600) / 60; m != 0 {
		label += fmt.Sprintf(":%02d", abs(m))
	}
	return t.Format("02/01/2006 15:04") + " (" + label + ")"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Write renders the election's open-data CSV in the IEE Puebla 2024 layout (RULES.md §4):
// UTF-8 with BOM, LF, comma, the seven-line header block with the summary recomputed, the
// apostrophe guard on key columns, and the rows in the order of the actas given. A cell that
// would hold a comma, quote or line break is refused, since the layout has no quoting.
func Write(w io.Writer, p Publicacion) error {
	e := p.Eleccion
	bw := bufio.NewWriterSize(w, 1<<16)
	x, err := NuevoEscritor(bw, e, p.Config)
	if err != nil {
		return err
	}
	if err := WriteEncabezado(bw, e, p.Hora, p.Final, p.Resumen); err != nil {
		return err
	}
	for _, a := range p.Actas {
		if err := x.Fila(a); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteEncabezado writes the header block of an election's open-data CSV, up to and
// including the column names: the byte order mark, the title, the cut time, the 13 summary
// names and values (the participation rule of final applied) and the columns.
func WriteEncabezado(w io.Writer, e *catalog.Eleccion, hora time.Time, final bool,
	r corte.Resumen) error {
	bw := bufio.NewWriter(w)
	bw.Write(bom)
	fmt.Fprintf(bw, "%s\n%s\n\n", e.Titulo, FormatCorte(hora))
	bw.WriteString(strings.Join(corte.Campos[:], ","))
	bw.WriteByte('\n')
	vals := r.Valores(final)
	bw.WriteString(strings.Join(vals[:], ","))
	bw.WriteString("\n\n")
	bw.WriteString(strings.Join(e.Columnas, ","))
	bw.WriteByte('\n')
	return bw.Flush()
}

// Escritor writes the acta rows of an election's open-data CSV one at a time, as Write
// does, for a writer that does not hold every acta at once: WriteEncabezado first, then Fila
// for each acta in order. It does not buffer: give it a buffered writer.
type Escritor struct {
	e   *catalog.Eleccion
	lay *layout
	cfg acta.Config
	w   io.Writer
	buf []byte
}

// NuevoEscritor returns an Escritor of the rows of election e onto w, with the
// classification rules cfg (which give OBSERVACIONES and CONTABILIZADA of an acta without a
// published label).
func NuevoEscritor(w io.Writer, e *catalog.Eleccion, cfg acta.Config) (*Escritor, error) {
	lay, problem, _ := newLayout(e.Columnas)
	if lay == nil {
		return nil, fmt.Errorf("write %s: layout lacks column %s", e.Codigo, problem)
	}
	return &Escritor{e: e, lay: lay, cfg: cfg, w: w}, nil
}

// Fila writes the row of one acta, whose Votos and Extra follow the election's columns.
func (x *Escritor) Fila(a *acta.Acta) error {
	var err error
	x.buf, err = appendRow(x.buf[:0], x.lay, a, x.cfg)
	if err != nil {
		return fmt.Errorf("write %s acta %s: %w", x.e.Codigo, a.ID, err)
	}
	_, err = x.w.Write(x.buf)
	return err
}

// Ultima returns the last row written, without its line ending: the acta's record as a
// Merkle tree of the file takes it. It is valid until the next call to Fila.
func (x *Escritor) Ultima() []byte {
	if len(x.buf) == 0 {
		return nil
	}
	return x.buf[:len(x.buf)-1]
}

func appendRow(b []byte, lay *layout, a *acta.Acta, cfg acta.Config) ([]byte, error) {
	start := len(b)
	fc := a.FueraDeCatalogo()
	vote, extra := 0, 0
	for i, ro := range lay.roles {
		if i > 0 {
			b = append(b, ',')
		}
		var s string
		switch ro {
		case roleVote:
			b = appendValue(b, a.Votos[vote])
			vote++
			continue
		case roleExtra:
			s = a.Extra[extra]
			extra++
		default:
			if v, ok := valueOf(ro, a); ok {
				b = appendValue(b, v)
				continue
			}
			if st, ok := stampOf(ro, a); ok {
				b = AppendStamp(b, st)
				continue
			}
			s = cellOf(ro, a, cfg)
		}
		if guarded[ro] && !fc && s != "" {
			b = append(b, '\'')
		}
		b = append(b, s...)
	}
	// One scan of the finished row instead of one per cell: a cell holding a delimiter,
	// quote or line break would show as a wrong count of commas or a stray byte.
	row := b[start:]
	if bytes.Count(row, comma) != len(lay.roles)-1 || bytes.ContainsAny(row, "\"\n\r") {
		return nil, fmt.Errorf("a cell holds a comma, quote or line break: %q", row)
	}
	return append(b, '\n'), nil
}

var comma = []byte{','}

func appendValue(b []byte, v acta.Value) []byte {
	if v.Kind == acta.Number {
		return strconv.AppendInt(b, v.N, 10)
	}
	return append(b, v.String()...)
}

// valueOf returns the cell of a role that holds a Value, so that numbers are appended without
// building strings.
func valueOf(ro role, a *acta.Acta) (acta.Value, bool) {
	switch ro {
	case roleBoletasSobrantes:
		return a.Totales[acta.BoletasSobrantes], true
	case rolePersonasVotaron:
		return a.Totales[acta.PersonasVotaron], true
	case roleRepVotaron:
		return a.Totales[acta.RepresentantesVotaron], true
	case roleVotosSacados:
		return a.Totales[acta.VotosSacados], true
	case roleTotalAsentado:
		return a.TotalAsentado, true
	case roleTotalCalculado:
		return a.Calculado(), true
	case roleListaNominal:
		return a.ListaNominal, true
	case roleRepresentantes:
		return a.Representantes, true
	}
	return acta.Value{}, false
}

// stampOf returns the FECHA_HORA_* cell of a role.
func stampOf(ro role, a *acta.Acta) (acta.Stamp, bool) {
	switch ro {
	case roleAcopio:
		return a.Acopio, true
	case roleCaptura:
		return a.Captura, true
	case roleVerificacion:
		return a.Verificacion, true
	}
	return acta.Stamp{}, false
}

func cellOf(ro role, a *acta.Acta, cfg acta.Config) string {
	switch ro {
	case roleClaveCasilla:
		return a.ClaveCasilla
	case roleClaveActa:
		return a.ClaveActa
	case roleIDEntidad:
		return a.IDEntidad
	case roleEntidad:
		return a.Entidad
	case roleUnidadID:
		return a.UnidadID
	case roleUnidad:
		return a.Unidad
	case roleSeccion:
		return a.Seccion
	case roleIDCasilla:
		return a.IDCasilla
	case roleTipoCasilla:
		return a.TipoCasilla
	case roleExtContigua:
		return a.ExtContigua
	case roleUbicacion:
		return a.Ubicacion
	case roleTipoActa:
		return a.TipoActa
	case roleObservaciones:
		return a.Observaciones(cfg)
	case roleContabilizada:
		return a.Efectiva(cfg).Estado.String()
	case roleMecanismo:
		return a.Mecanismo
	case roleCodigo:
		return a.CodigoIntegridad
	case roleOrigen:
		return a.Origen
	case roleDigitalizacion:
		return a.Digitalizacion
	case roleTipoDocumento:
		return a.TipoDocumento
	}
	return ""
}

// FormatStamp renders a FECHA_HORA_* cell as "dd/mm/yyyy hh:mm:ss" in local time.
func FormatStamp(s acta.Stamp) string {
	if !s.IsTime() {
		return s.Special.String()
	}
	var b [19]byte
	return string(AppendStamp(b[:0], s))
}

// AppendStamp appends the cell of FormatStamp to b. A corte formats three stamps per acta,
// so the digits are written directly rather than through time.Format.
func AppendStamp(b []byte, s acta.Stamp) []byte {
	if !s.IsTime() {
		return append(b, s.Special.String()...)
	}
	t := s.T.In(Zona)
	y, mo, d := t.Date()
	h, mi, se := t.Clock()
	b = append2(b, d, '/')
	b = append2(b, int(mo), '/')
	b = append2(b, y/100, 0)
	b = append2(b, y%100, ' ')
	b = append2(b, h, ':')
	b = append2(b, mi, ':')
	return append2(b, se, 0)
}

// append2 appends n as two digits, then sep unless it is zero.
func append2(b []byte, n int, sep byte) []byte {
	b = append(b, byte('0'+n/10), byte('0'+n%10))
	if sep != 0 {
		b = append(b, sep)
	}
	return b
}
