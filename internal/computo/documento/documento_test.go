package documento

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/computo"
)

var columnas = []string{"PAN", "PRI", "C_PAN_PRI", "MORENA", "NO_REGISTRADAS", "NULOS"}

// casilla is a casilla counted in the PREP with these votes in columnas order.
func casilla(id string, n ...int64) computo.Casilla {
	a := computo.ActaCasilla{Votos: map[string]acta.Value{}}
	var total int64
	for i, col := range columnas {
		total += n[i]
		switch col {
		case "NULOS":
			a.Nulos = acta.Num(n[i])
		case "NO_REGISTRADAS":
			a.NoRegistradas = acta.Num(n[i])
		default:
			a.Votos[col] = acta.Num(n[i])
		}
	}
	a.PersonasVotaron, a.RepresentantesVotaron = acta.Num(total), acta.Num(0)
	a.VotosSacados, a.TotalAsentado = acta.Num(total), acta.Num(total)
	return computo.Casilla{ID: id, Clave: id, Seccion: id[2:6], Tipo: "B", ListaNominal: 1500,
		PREP: &computo.ActaPREP{Contabilizada: true, Capturada: true, Acta: a}}
}

// sesion runs a municipal cómputo of Ayuntamientos to its constancia, then corrects a
// casilla so that the winner changes.
func sesion(t *testing.T) *computo.Sesion {
	t.Helper()
	reloj := time.Date(2024, 6, 5, 14, 0, 0, 0, Zona)
	def := computo.Definicion{Instituto: "Instituto Electoral del Estado",
		Proceso: "Proceso Electoral Estatal Ordinario Concurrente 2023-2024",
		Consejo: "Consejo Municipal de Cañada Morelos", Organo: computo.ConsejoMunicipal,
		Eleccion: "AYUN", EleccionNombre: "Ayuntamientos", Unidad: "027",
		UnidadNombre: "CAÑADA MORELOS", Columnas: columnas, Declara: true,
		Config: computo.ConfigSesionINE(), Simulacro: true,
		Candidaturas: []computo.Candidato{
			{ID: "PAN-PRI", Nombre: "MARÍA IBÁÑEZ", Partidos: []string{"PAN", "PRI"},
				Columnas: []string{"PAN", "PRI", "C_PAN_PRI"}},
			{ID: "MORENA", Nombre: "JOSÉ NÚÑEZ", Partidos: []string{"MORENA"},
				Columnas: []string{"MORENA"}}}}
	s, err := computo.NuevaSesion(def, []computo.Casilla{
		casilla("210101B0100", 600, 121, 21, 700, 0, 5),
		casilla("210101C0100", 150, 20, 1, 150, 1, 3)}, "presidencia",
		func() time.Time { reloj = reloj.Add(time.Minute); return reloj })
	check(t, err)
	for _, c := range s.Casillas() {
		check(t, s.RegistrarPaquete("bodega", c.ID, computo.Paquete{ActaEnPaquete: true,
			CopiaPresidente: true}))
	}
	for {
		id, ok := s.Siguiente()
		if !ok {
			break
		}
		_, err := s.Cotejar("consejo", id, computo.Cotejo{Confirma: true, Coinciden: true})
		check(t, err)
	}
	_, err = s.DecidirRecuentoTotal("presidencia", false)
	check(t, err)
	_, err = s.Computar("presidencia", nil)
	check(t, err)
	check(t, s.DeclararValidez("presidencia", "CM027/AC-003/2024"))
	_, err = s.ExpedirConstancia("presidencia")
	check(t, err)
	// María 913, José 850; the ruling moves MORENA of the second casilla to 250.
	_, err = s.Corregir("tribunal", "210101C0100", computo.Votos{"MORENA": 250},
		"sentencia TEEP-AG-027/2024", nil)
	check(t, err)
	return s
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var textRun = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\) ?Tj`)

// textoPDF extracts the text of an uncompressed PDF: every text run, unescaped, decoded
// from cp1252 and joined by spaces, so that a paragraph broken into lines reads whole.
func textoPDF(t *testing.T, pdf []byte) string {
	t.Helper()
	var b strings.Builder
	unescape := strings.NewReplacer(`\\`, `\`, `\(`, `(`, `\)`, `)`, `\r`, "\r")
	for _, m := range textRun.FindAllSubmatch(pdf, -1) {
		s, err := charmap.Windows1252.NewDecoder().String(unescape.Replace(string(m[1])))
		check(t, err)
		b.WriteString(s)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestActaPDF(t *testing.T) {
	s := sesion(t)
	a, err := s.Acta()
	check(t, err)
	var b bytes.Buffer
	check(t, actaPDF(&b, a, false))
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	text := textoPDF(t, b.Bytes())
	for _, want := range []string{
		"ACTA DE CÓMPUTO MUNICIPAL DE LA ELECCIÓN DE AYUNTAMIENTOS",
		"Municipio 027 CAÑADA MORELOS",
		"SIMULACRO: DATOS DE PRUEBA",
		// PAN 750 + PRI 141 + C_PAN_PRI 22 = 913; MORENA 950 after the correction.
		"La candidatura de JOSÉ NÚÑEZ, postulada por MORENA, obtuvo la mayoría de votos: " +
			"950 (novecientos cincuenta).",
		"El segundo lugar, MARÍA IBÁÑEZ, obtuvo 913 (novecientos trece).",
		"Diferencia: 37 (treinta y siete) votos",
		"C_PAN_PRI 22 veintidós",
		// The split of 22: 11 each; PAN 761, PRI 152.
		"PAN 750 11 761 setecientos sesenta y uno",
		"PRI 141 11 152 ciento cincuenta y dos",
		"Votación total emitida: 1,872 (mil ochocientos setenta y dos) votos.",
		"sentencia TEEP-AG-027/2024",
		"se revoca la constancia AYUN-027-1 y se expide la constancia AYUN-027-2",
		"REVOCADA",
		"Página 1 de 2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("acta has no %q\n%s", want, text)
		}
	}
}

func TestConstanciaPDF(t *testing.T) {
	s := sesion(t)
	ks := s.Constancias()
	if len(ks) != 2 {
		t.Fatalf("%d constancias, want 2", len(ks))
	}
	var b bytes.Buffer
	check(t, constanciaPDF(&b, ks[1], false))
	text := textoPDF(t, b.Bytes())
	for _, want := range []string{"CONSTANCIA DE MAYORÍA Y VALIDEZ", "ELECCIÓN DE AYUNTAMIENTOS",
		"a favor de la candidatura de JOSÉ NÚÑEZ, postulada por MORENA",
		"950 (novecientos cincuenta) votos", "Folio AYUN-027-2",
		"Consejo Municipal de Cañada Morelos", "5 de junio de 2024"} {
		if !strings.Contains(text, want) {
			t.Errorf("constancia has no %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "REVOCADA") {
		t.Errorf("the constancia in force says REVOCADA")
	}
	b.Reset()
	check(t, constanciaPDF(&b, ks[0], false))
	text = textoPDF(t, b.Bytes())
	for _, want := range []string{"REVOCADA", "MARÍA IBÁÑEZ", "913 (novecientos trece)",
		"La sustituye la constancia AYUN-027-2.", "sentencia TEEP-AG-027/2024"} {
		if !strings.Contains(text, want) {
			t.Errorf("revoked constancia has no %q\n%s", want, text)
		}
	}
	b.Reset()
	check(t, ConstanciaPDF(&b, ks[1])) // compressed: the text is not readable as is
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || bytes.Contains(b.Bytes(),
		[]byte("Folio AYUN")) {
		t.Errorf("compressed constancia is not a compressed PDF")
	}
}

func TestCSV(t *testing.T) {
	s := sesion(t)
	a, err := s.Acta()
	check(t, err)
	var b bytes.Buffer
	check(t, ResultadosCSV(&b, a))
	rows, err := csv.NewReader(&b).ReadAll()
	check(t, err)
	found := map[string]string{}
	for _, r := range rows[1:] {
		found[r[2]+" "+r[3]] = r[5]
		if r[0] != "1" {
			t.Errorf("row %v not marked SIMULACRO", r)
		}
	}
	for k, v := range map[string]string{"candidatura MORENA": "950", "candidatura PAN-PRI": "913",
		"partido PAN": "761", "columna C_PAN_PRI": "22", "total ": "1872"} {
		if found[k] != v {
			t.Errorf("%s = %q, want %s", k, found[k], v)
		}
	}
	b.Reset()
	check(t, ConciliacionCSV(&b, s.Conciliar()))
	rows, err = csv.NewReader(&b).ReadAll()
	check(t, err)
	head := strings.Join(rows[0], ",")
	if !strings.Contains(head, "PREP_MORENA,COMPUTO_MORENA,DIF_MORENA") || len(rows) != 3 {
		t.Fatalf("reconciliation header %s, %d rows", head, len(rows))
	}
	last := rows[2]
	if last[7] != "correccion" || last[len(last)-1] != "100" {
		t.Errorf("second casilla: cause %s, total difference %s; want correccion, 100",
			last[7], last[len(last)-1])
	}
}

func TestTablas(t *testing.T) {
	s := sesion(t)
	a, err := s.Acta()
	check(t, err)
	k := s.Conciliar()
	var hojas []string
	for _, tb := range Tablas(a, s.Casillas(), &k) {
		hojas = append(hojas, tb.Hoja)
		for _, f := range tb.Filas {
			if len(f) != len(tb.Cabecera) {
				t.Errorf("%s: row of %d cells under %d columns", tb.Hoja, len(f),
					len(tb.Cabecera))
			}
		}
	}
	if strings.Join(hojas, ",") != "Resultados,Casillas,Conciliacion" {
		t.Errorf("tables %v", hojas)
	}
}

func TestFecha(t *testing.T) {
	got := Fecha(time.Date(2024, 6, 10, 2, 5, 0, 0, time.UTC))
	if want := "9 de junio de 2024, 20:05 horas (UTC-6)"; got != want {
		t.Errorf("Fecha = %q, want %q", got, want)
	}
}

// TestPDFReproducible: the same acta and constancia make the same bytes whenever they are
// made, so that a published document keeps its SHA-256 when it is made again.
func TestPDFReproducible(t *testing.T) {
	a, err := sesion(t).Acta()
	check(t, err)
	var x, y bytes.Buffer
	if err := ActaPDF(&x, a); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // past the second a date in the file would show
	if err := ActaPDF(&y, a); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("the acta made twice differs")
	}
	x.Reset()
	y.Reset()
	k := a.Constancias[0]
	if err := ConstanciaPDF(&x, k); err != nil {
		t.Fatal(err)
	}
	if err := ConstanciaPDF(&y, k); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("the constancia made twice differs")
	}
}
