package computopub

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/computo"
)

// hora is the time of the last event of s: when the caller publishes it.
func hora(s *computo.Sesion) time.Time {
	es := s.Eventos()
	return es[len(es)-1].Cuando
}

// publicar publishes s as cómputo id.
func publicar(t *testing.T, p *Publicador, id string, s *computo.Sesion) {
	t.Helper()
	must(t, p.Sesion(id, s, hora(s)))
}

// leerEntrada reads index.json of dir and returns the entry of id.
func leerEntrada(t *testing.T, dir, id string) Entrada {
	t.Helper()
	x, err := Leer(dir)
	must(t, err)
	e, ok := x.Buscar(id)
	if !ok {
		t.Fatalf("index.json does not list %s", id)
	}
	return e
}

// leerRegistro reads the record of id and checks that it is the one index.json states.
func leerRegistro(t *testing.T, dir, id string) *Computo {
	t.Helper()
	e := leerEntrada(t, dir, id)
	c, err := LeerComputo(dir, id)
	must(t, err)
	if e.Registro == nil || *e.Registro != *c.Leido {
		t.Fatalf("%s: index.json states computo.json %+v, the file is %+v", id, e.Registro,
			c.Leido)
	}
	return c
}

// shaDe is the SHA-256 of a file of the folder of cómputo id.
func shaDe(t *testing.T, dir, id, nombre string) (string, int64) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, id, nombre))
	must(t, err)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), int64(len(data))
}

// comprobarArchivos checks that every file a record lists is on disk with the SHA-256 and
// size it states, and returns their names.
func comprobarArchivos(t *testing.T, dir string, c *Computo) []string {
	t.Helper()
	var nombres []string
	for _, a := range c.Archivos {
		sha, n := shaDe(t, dir, c.ID, a.Nombre)
		if sha != a.SHA256 || n != a.Bytes {
			t.Errorf("%s/%s: SHA-256 %s, %d bytes on disk; the record states %s, %d",
				c.ID, a.Nombre, sha, n, a.SHA256, a.Bytes)
		}
		nombres = append(nombres, a.Nombre)
	}
	return nombres
}

// contador counts the files a Publicador writes.
func contador(p *Publicador) *[]string {
	var escritos []string
	p.escribir = func(dir, nombre string, data []byte) error {
		escritos = append(escritos, nombre)
		return escribirAtomico(dir, nombre, data)
	}
	return &escritos
}

// TestSesionPublicada runs the cómputo of Diputaciones Locales in district 012 over the
// real PREP casillas, publishing it after every step: before the results only its progress,
// then its record and files, whose figures must be the session's.
func TestSesionPublicada(t *testing.T) {
	f := prepFinal(t, "DIP_LOC")
	dir := t.TempDir()
	p, err := Nuevo(dir)
	must(t, err)
	s := abrir(t, f, distrito, distritoNombre)
	publicar(t, p, idDistrito, s)
	for _, paso := range pasosHastaSuma {
		paso(t, s)
		publicar(t, p, idDistrito, s)
		comprobarAvance(t, leerEntrada(t, dir, idDistrito), s)
	}
	if _, err := os.Stat(filepath.Join(dir, idDistrito)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder of %s exists before its results (%v)", idDistrito, err)
	}
	computar(t, s)
	publicar(t, p, idDistrito, s)
	concluir(t, s)
	publicar(t, p, idDistrito, s)

	e := leerEntrada(t, dir, idDistrito)
	comprobarAvance(t, e, s)
	comprobarResumen(t, e, s)
	if e.Fase != "concluida" || !e.Concluido || !e.ValidezDeclarada || !e.Simulacro ||
		e.Eleccion != "DIP_LOC" || e.Unidad != distrito || e.Organo != "distrital" {
		t.Errorf("entry %+v, want DIP_LOC %s, distrital, concluded with validity, simulacro",
			e, distrito)
	}
	c := leerRegistro(t, dir, idDistrito)
	nombres := comprobarArchivos(t, dir, c)
	want := []string{"acta.pdf", "constancia-DIP_LOC-012-1.pdf", "resultados.csv",
		"casillas.csv", "conciliacion.csv"}
	if !slices.Equal(nombres, want) {
		t.Errorf("files %v, want %v", nombres, want)
	}
	for _, a := range c.Archivos {
		if w := map[bool]string{true: "application/pdf",
			false: "text/csv; charset=utf-8"}[strings.HasSuffix(a.Nombre, ".pdf")]; a.Tipo != w {
			t.Errorf("%s: type %q, want %q", a.Nombre, a.Tipo, w)
		}
	}
	comprobarCifras(t, c, s)
	comprobarConciliacion(t, c, s)

	escritos := contador(p)
	publicar(t, p, idDistrito, s)
	must(t, p.Sesion(idDistrito, s, hora(s).Add(time.Hour)))
	if len(*escritos) > 0 {
		t.Errorf("publishing an unchanged session wrote %v", *escritos)
	}
}

// comprobarAvance checks an entry's progress against the session's casillas.
func comprobarAvance(t *testing.T, e Entrada, s *computo.Sesion) {
	t.Helper()
	var want Avance
	for _, c := range s.Casillas() {
		want.CasillasEsperadas++
		switch c.Fuente {
		case computo.FuenteNoInstalada:
			want.NoInstaladas++
		case computo.FuentePendiente:
			want.Pendientes++
		default:
			want.Computadas++
		}
		if c.Cotejo != nil {
			want.Cotejadas++
		}
		if c.Recuento != nil {
			want.Recontadas++
		}
	}
	if e.Avance != want || e.Fase != s.Fase().String() {
		t.Errorf("%s at %s: progress %+v, want %+v", e.ID, e.Fase, e.Avance, want)
	}
}

// comprobarResumen checks the outcome an entry states against the session's result.
func comprobarResumen(t *testing.T, e Entrada, s *computo.Sesion) {
	t.Helper()
	r, _ := s.Resultado()
	g := r.Ganador
	x := e.Resultados
	if x == nil || x.Ganador == nil || x.Segundo == nil {
		t.Fatalf("%s: outcome %+v, want a winner and a runner-up", e.ID, x)
	}
	ks := s.Constancias()
	vigente := ks[len(ks)-1]
	if x.Total != r.Total || x.Valida != r.Valida || x.Nulos != r.Nulos ||
		x.NoRegistradas != r.NoRegistradas || x.Ganador.Candidatura != g.Candidaturas[0] ||
		x.Ganador.Votos != g.Votos || x.Segundo.Candidatura != g.Segundo ||
		x.Segundo.Votos != g.VotosSegundo || x.Diferencia != g.Diferencia ||
		x.ConstanciaVigente != vigente.Folio || x.Ganador.Nombre != vigente.Propietaria {
		t.Errorf("%s: outcome %+v, winner %+v; want total %d, %s (%s) %d over %s %d, "+
			"constancia %s", e.ID, x, *x.Ganador, r.Total, g.Candidaturas[0],
			vigente.Propietaria, g.Votos, g.Segundo, g.VotosSegundo, vigente.Folio)
	}
}

// comprobarCifras checks the record's figures against the session's result.
func comprobarCifras(t *testing.T, c *Computo, s *computo.Sesion) {
	t.Helper()
	r, _ := s.Resultado()
	for i, col := range c.Columnas {
		if c.Votos[i] != r.Votos[col] {
			t.Errorf("%s: %d votes, the session has %d", col, c.Votos[i], r.Votos[col])
		}
	}
	for i, k := range r.Candidaturas {
		if got := c.Candidaturas[i]; got.ID != k.Candidatura || got.Votos != k.Votos {
			t.Errorf("candidacy %d: %s %d, want %s %d", i, got.ID, got.Votos, k.Candidatura,
				k.Votos)
		}
	}
	for _, p := range c.Partidos {
		if p.Total != r.Distribucion.Partidos[p.Partido] || p.Propios != r.Votos[p.Partido] {
			t.Errorf("party %+v, want %d own, %d after the split", p, r.Votos[p.Partido],
				r.Distribucion.Partidos[p.Partido])
		}
	}
	if c.Casillas.Computadas != r.Casillas || c.Casillas.Recontadas != r.Recontadas ||
		len(c.Recuentos) != r.Recontadas {
		t.Errorf("casillas %+v with %d recounts; want %d computed, %d recounted", c.Casillas,
			len(c.Recuentos), r.Casillas, r.Recontadas)
	}
	for _, rc := range c.Recuentos {
		if len(rc.Causas) == 0 || rc.Causas[0].Descripcion == "" {
			t.Errorf("recount of %s without its causes: %+v", rc.Clave, rc)
		}
	}
}

// comprobarConciliacion checks the reconciliation: a row per casilla, and the PREP's side
// equal to what the published PREP file counted for those casillas' actas.
func comprobarConciliacion(t *testing.T, c *Computo, s *computo.Sesion) {
	t.Helper()
	k := c.Conciliacion
	if k == nil || len(k.Filas) != len(s.Casillas()) {
		t.Fatalf("reconciliation %v, want a row for each of %d casillas", k, len(s.Casillas()))
	}
	contadas := prepContado(t, prepFinal(t, c.Eleccion), s)
	for i, col := range c.Columnas {
		if k.PREP[i] != contadas[col] {
			t.Errorf("PREP %s: %d in the reconciliation, %d in the PREP file", col, k.PREP[i],
				contadas[col])
		}
		if k.Diferencia[i] != k.Computo[i]-k.PREP[i] || k.Computo[i] != c.Votos[i] {
			t.Errorf("%s: cómputo %d (acta %d), PREP %d, difference %d", col, k.Computo[i],
				c.Votos[i], k.PREP[i], k.Diferencia[i])
		}
	}
	if k.CasillasPorCausa["ausente-prep"] == 0 || k.VotosPorCausa["ausente-prep"] == 0 {
		t.Errorf("no casilla absent from the PREP in the reconciliation: %v, %v",
			k.CasillasPorCausa, k.VotosPorCausa)
	}
}

// concluida returns a concluded session of district 012, published in a new folder.
func concluida(t *testing.T) (*Publicador, string, *computo.Sesion) {
	t.Helper()
	dir := t.TempDir()
	p, err := Nuevo(dir)
	must(t, err)
	s := abrir(t, prepFinal(t, "DIP_LOC"), distrito, distritoNombre)
	for _, paso := range pasosHastaSuma {
		paso(t, s)
	}
	computar(t, s)
	concluir(t, s)
	publicar(t, p, idDistrito, s)
	return p, dir, s
}

// TestCorreccionCambiaGanador corrects the published session twice: a casilla's nulos,
// which leaves the constancia and its PDF as they were, then a casilla that gives the
// runner-up the majority, which publishes the revoked constancia and the new one.
func TestCorreccionCambiaGanador(t *testing.T) {
	p, dir, s := concluida(t)
	antes := leerRegistro(t, dir, idDistrito)
	primera, _ := antes.Archivo("constancia-DIP_LOC-012-1.pdf")
	acta, _ := antes.Archivo("acta.pdf")

	id := casillaConCifras(t, s)
	c, _ := s.Casilla(id)
	_, err := s.Corregir("consejo", id, computo.Votos{computo.ColumnaNulos: c.Votos[computo.ColumnaNulos] + 1},
		"error aritmético en la suma de votos nulos", nil)
	must(t, err)
	publicar(t, p, idDistrito, s)
	medio := leerRegistro(t, dir, idDistrito)
	if a, _ := medio.Archivo(primera.Nombre); a != primera {
		t.Errorf("a correction that keeps the winner rewrote the constancia: %+v, was %+v", a,
			primera)
	}
	if a, _ := medio.Archivo("acta.pdf"); a.SHA256 == acta.SHA256 {
		t.Errorf("the correction did not reach the acta (SHA-256 %s both times)", a.SHA256)
	}

	r0, _ := s.Resultado()
	voltear(t, s, "sentencia TEEP-JDC-012/2024 (prueba)")
	publicar(t, p, idDistrito, s)
	r, _ := s.Resultado()
	if r.Ganador.Candidaturas[0] != r0.Ganador.Segundo {
		t.Fatalf("the correction left %v the winner, want %s", r.Ganador.Candidaturas,
			r0.Ganador.Segundo)
	}
	e := leerEntrada(t, dir, idDistrito)
	comprobarResumen(t, e, s)
	if e.Resultados.ConstanciaVigente != "DIP_LOC-012-2" {
		t.Errorf("constancia in force %q, want DIP_LOC-012-2", e.Resultados.ConstanciaVigente)
	}
	despues := leerRegistro(t, dir, idDistrito)
	nombres := comprobarArchivos(t, dir, despues)
	if !slices.Contains(nombres, "constancia-DIP_LOC-012-1.pdf") ||
		!slices.Contains(nombres, "constancia-DIP_LOC-012-2.pdf") {
		t.Fatalf("files %v, want both constancias", nombres)
	}
	ks := despues.Constancias
	if len(ks) != 2 || !ks[0].Revocada || ks[0].SustituidaPor != ks[1].Folio || ks[1].Revocada ||
		ks[0].Candidatura != r0.Ganador.Candidaturas[0] ||
		ks[1].Candidatura != r.Ganador.Candidaturas[0] ||
		ks[0].RevocadaCausa != "sentencia TEEP-JDC-012/2024 (prueba)" {
		t.Errorf("constancias %+v, want the first revoked and replaced by the second", ks)
	}
	if a, _ := despues.Archivo(primera.Nombre); a.SHA256 == primera.SHA256 ||
		!strings.Contains(a.Descripcion, "revocada") {
		t.Errorf("the revoked constancia's file %+v is the one issued before (%s)", a,
			primera.SHA256)
	}
	ks2 := despues.Correcciones
	ultima := ks2[len(ks2)-1]
	if len(ks2) < 2 || ultima.Revoca != ks[0].Folio || ultima.Nueva != ks[1].Folio ||
		ks2[0].Revoca != "" || ultima.Clave == "" || len(ultima.Cambios) < 2 {
		t.Errorf("last correction %+v of %d, want it to revoke %s and issue %s", ultima, len(ks2),
			ks[0].Folio, ks[1].Folio)
	}
}

// TestIDInvalido checks that only ids of the form [A-Z_]+-[A-Z0-9]+ name a cómputo: any
// other becomes no path at all.
func TestIDInvalido(t *testing.T) {
	for _, id := range []string{"GUB-01", "DIP_LOC-05", "AYUN-114", "GUB-VMRE",
		"GUB-ESTATAL"} {
		if err := ValidarID(id); err != nil {
			t.Errorf("ValidarID(%q) = %v, want nil", id, err)
		}
	}
	dir := t.TempDir()
	p, err := Nuevo(dir)
	must(t, err)
	s := abrir(t, prepFinal(t, "DIP_LOC"), distrito, distritoNombre)
	for _, id := range []string{"", "gub-01", "GUB", "GUB-", "-01", "GUB_01", "GUB-01 ",
		"../GUB-01", "GUB-01/../AYUN-1", "GUB-0.1", "GUB-01\x00", "GUB-ÑU", "index.json",
		"GUB-" + strings.Repeat("1", 70)} {
		if err := p.Sesion(id, s, time.Now()); !errors.Is(err, ErrID) {
			t.Errorf("Sesion(%q) = %v, want ErrID", id, err)
		}
		if err := p.Estatal(id, nil, time.Now()); !errors.Is(err, ErrID) {
			t.Errorf("Estatal(%q) = %v, want ErrID", id, err)
		}
		if _, err := LeerComputo(dir, id); !errors.Is(err, ErrID) {
			t.Errorf("LeerComputo(%q) = %v, want ErrID", id, err)
		}
	}
	hay, _ := os.ReadDir(dir)
	hay = slices.DeleteFunc(hay, func(e os.DirEntry) bool { return e.Name() == archivoBloqueo })
	if len(hay) != 0 {
		t.Errorf("refused ids wrote %v", hay)
	}
}

// errCaida stands for the machine stopping while a file is written.
var errCaida = errors.New("simulated crash")

// caerAl makes p stop before renaming file nombre into place, leaving half of it in a
// temporary file as a crash would.
func caerAl(p *Publicador, nombre string) {
	p.escribir = func(dir, n string, data []byte) error {
		if n == nombre {
			tmp := filepath.Join(dir, prefijoTemporal+n+"-caida")
			if err := os.WriteFile(tmp, data[:len(data)/2], 0o644); err != nil {
				return err
			}
			return errCaida
		}
		return escribirAtomico(dir, n, data)
	}
}

// TestCaida stops the publication of a correction that changes the winner, first between
// the files and computo.json, then between computo.json and index.json: each time
// index.json stays the previous one, whole, with the record it states; and the next
// Publicador, as after a restart, brings the folder to the session's state, writing only
// what is missing.
func TestCaida(t *testing.T) {
	p, dir, s := concluida(t)
	indice, err := os.ReadFile(filepath.Join(dir, ArchivoIndice))
	must(t, err)
	antes := leerEntrada(t, dir, idDistrito)

	voltear(t, s, "sentencia TEEP-JDC-012/2024 (prueba)")
	caerAl(p, ArchivoComputo)
	if err := p.Sesion(idDistrito, s, hora(s)); !errors.Is(err, errCaida) {
		t.Fatalf("Sesion = %v, want the crash", err)
	}
	ahora, err := os.ReadFile(filepath.Join(dir, ArchivoIndice))
	must(t, err)
	if !bytes.Equal(ahora, indice) {
		t.Errorf("index.json changed although its computo.json was not written")
	}
	e := leerEntrada(t, dir, idDistrito)
	c := leerRegistro(t, dir, idDistrito)
	if e.Resultados.Ganador.Candidatura != antes.Resultados.Ganador.Candidatura ||
		c.Resumen.Ganador.Candidatura != antes.Resultados.Ganador.Candidatura {
		t.Errorf("after the crash the index names %s and its record %s, want %s as before",
			e.Resultados.Ganador.Candidatura, c.Resumen.Ganador.Candidatura,
			antes.Resultados.Ganador.Candidatura)
	}
	if a, _ := c.Archivo("acta.pdf"); comprobarArchivo(dir, idDistrito, a) {
		t.Errorf("acta.pdf was not written before the crash: the test stops too early")
	}

	p2, err := Nuevo(dir)
	must(t, err)
	publicar(t, p2, idDistrito, s)
	restos, _ := filepath.Glob(filepath.Join(dir, idDistrito, prefijoTemporal+"*"))
	if len(restos) > 0 {
		t.Errorf("temporary files left after the restart: %v", restos)
	}
	comprobarResumen(t, leerEntrada(t, dir, idDistrito), s)
	comprobarArchivos(t, dir, leerRegistro(t, dir, idDistrito))

	id := casillaConCifras(t, s)
	k, _ := s.Casilla(id)
	_, err = s.Corregir("consejo", id, computo.Votos{computo.ColumnaNulos: k.Votos[computo.ColumnaNulos] + 2},
		"error aritmético (prueba)", nil)
	must(t, err)
	caerAl(p2, ArchivoIndice)
	if err := p2.Sesion(idDistrito, s, hora(s)); !errors.Is(err, errCaida) {
		t.Fatalf("Sesion = %v, want the crash", err)
	}
	viejo := leerEntrada(t, dir, idDistrito)
	nuevo, err := LeerComputo(dir, idDistrito)
	must(t, err)
	if *viejo.Registro == *nuevo.Leido {
		t.Errorf("index.json states the computo.json written after it")
	}

	p3, err := Nuevo(dir)
	must(t, err)
	escritos := contador(p3)
	publicar(t, p3, idDistrito, s)
	if !slices.Equal(*escritos, []string{ArchivoIndice}) {
		t.Errorf("after the restart the publication wrote %v, want only index.json", *escritos)
	}
	comprobarResumen(t, leerEntrada(t, dir, idDistrito), s)
	comprobarArchivos(t, dir, leerRegistro(t, dir, idDistrito))
}

// TestEstatal publishes the Gubernatura's district cómputos of districts 012 and 013 and a
// state cómputo that sums them (a reduced state, for the test): the districts, whose
// councils declare nothing, conclude with their results; the state cómputo shows the actas
// received, then its results, district actas and constancia.
func TestEstatal(t *testing.T) {
	f := prepFinal(t, "GUB")
	dir := t.TempDir()
	p, err := Nuevo(dir)
	must(t, err)
	def := computo.DefinicionEstatal{Definicion: computo.DefinicionDe(f.Eleccion, ""),
		Partes: []string{"012", "013"}}
	def.Instituto, def.Simulacro, def.Declara = "Instituto Electoral del Estado", true, true
	def.Consejo, def.Organo = "Consejo General", computo.ConsejoGeneral
	def.Unidad, def.UnidadNombre = "21", "PUEBLA"
	cg, err := computo.NuevoComputoEstatal(def, "presidencia", reloj())
	must(t, err)
	must(t, p.Estatal("GUB-ESTATAL", cg, time.Now()))
	if e := leerEntrada(t, dir, "GUB-ESTATAL"); e.Fase != "recepción de actas de cómputo distrital" ||
		e.Avance.ActasEsperadas != 2 || e.Avance.ActasRecibidas != 0 || e.Resultados != nil {
		t.Errorf("state cómputo opened: %+v", e)
	}

	var total int64
	for _, u := range []struct{ id, nombre string }{{"012", "AMOZOC DE MOTA"},
		{"013", "TEPEACA"}} {
		s := abrir(t, f, u.id, u.nombre)
		for _, paso := range pasosHastaSuma {
			paso(t, s)
		}
		computar(t, s)
		publicar(t, p, "GUB-"+u.id, s)
		c := leerRegistro(t, dir, "GUB-"+u.id)
		if !c.Concluido || c.Declara || len(c.Constancias) != 0 ||
			slices.ContainsFunc(c.Archivos, func(a Archivo) bool {
				return strings.HasPrefix(a.Nombre, "constancia")
			}) {
			t.Errorf("district %s of Gubernatura: %+v", u.id, c)
		}
		a, err := s.ActaDistrital()
		must(t, err)
		must(t, cg.Recibir("secretaría ejecutiva", a, "", nil))
		must(t, p.Estatal("GUB-ESTATAL", cg, time.Now()))
		r, _ := s.Resultado()
		total += r.Total
	}
	_, err = cg.Computar("presidencia", nil)
	must(t, err)
	must(t, cg.DeclararValidez("presidencia", "CG/AC-0069/2024 (prueba)"))
	_, err = cg.ExpedirConstancia("presidencia")
	must(t, err)
	must(t, p.Estatal("GUB-ESTATAL", cg, time.Now()))

	e := leerEntrada(t, dir, "GUB-ESTATAL")
	c := leerRegistro(t, dir, "GUB-ESTATAL")
	r, _ := cg.Resultado()
	nombres := comprobarArchivos(t, dir, c)
	if want := []string{"acta.pdf", "constancia-GUB-21-1.pdf", "resultados.csv",
		"distritos.csv"}; !slices.Equal(nombres, want) {
		t.Errorf("state files %v, want %v", nombres, want)
	}
	if e.Resultados.Total != total || r.Total != total || len(c.Partes) != 2 ||
		c.Partes[0].Total+c.Partes[1].Total != total || c.Conciliacion != nil ||
		!c.Estatal || c.Reparto != "distrital" || e.Avance.ActasRecibidas != 2 ||
		e.Resultados.ConstanciaVigente != "GUB-21-1" || e.Fase != "concluida" {
		t.Errorf("state cómputo: entry %+v, record total %d, %d parts; want total %d",
			e, c.Resumen.Total, len(c.Partes), total)
	}
	x, err := Leer(dir)
	must(t, err)
	var ids []string
	for _, e := range x.Computos {
		ids = append(ids, e.ID)
	}
	if want := []string{"GUB-ESTATAL", "GUB-012", "GUB-013"}; !slices.Equal(ids, want) {
		t.Errorf("index lists %v, want %v", ids, want)
	}
}

// TestDosInstancias publishes into one folder from two publishers, as two instances of
// sufragio behind a load balancer do: neither drops the cómputo the other published, and
// the one whose copy of a session is behind leaves the later state in place.
func TestDosInstancias(t *testing.T) {
	dir := t.TempDir()
	a, err := Nuevo(dir)
	must(t, err)
	b, err := Nuevo(dir)
	must(t, err)
	f := prepFinal(t, "DIP_LOC")
	s := abrir(t, f, distrito, distritoNombre)
	otra := abrir(t, f, "005", "PUEBLA")
	publicar(t, a, idDistrito, s)
	publicar(t, b, "DIP_LOC-005", otra)
	x, err := Leer(dir)
	must(t, err)
	if _, ok := x.Buscar(idDistrito); !ok || len(x.Computos) != 2 {
		t.Fatalf("index after two publishers: %+v, want %s and DIP_LOC-005", x.Computos,
			idDistrito)
	}

	// a is behind: b publishes the session after its packages, then a the earlier state.
	atras := abrir(t, f, distrito, distritoNombre)
	registrarPaquetes(t, s)
	publicar(t, b, idDistrito, s)
	publicar(t, a, idDistrito, atras)
	e := leerEntrada(t, dir, idDistrito)
	if e.Eventos != s.NumeroEventos() || e.Avance.CasillasEsperadas == 0 {
		t.Fatalf("after a publisher that is behind: %d events, want %d", e.Eventos,
			s.NumeroEventos())
	}
	// Then a catches up and is published again.
	registrarPaquetes(t, atras)
	cotejarActas(t, atras)
	publicar(t, a, idDistrito, atras)
	if e := leerEntrada(t, dir, idDistrito); e.Eventos != atras.NumeroEventos() ||
		e.Avance.Cotejadas == 0 {
		t.Errorf("after a caught up: %d events, %d cotejadas; want %d events",
			e.Eventos, e.Avance.Cotejadas, atras.NumeroEventos())
	}
	if x, err := Leer(dir); err != nil || len(x.Computos) != 2 {
		t.Errorf("index at the end: %v, %v; want two cómputos", x, err)
	}
}
