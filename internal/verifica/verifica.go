// Package verifica checks published cortes from their files alone, without the database:
// what `sufragio verify` runs for a party representative, a journalist or an auditor on
// their own machine. From each election's open-data CSV it recomputes every acta's
// classification, every tally at every level, the 13-figure summary and the participation
// rule, and compares them with what the corte publishes (the CSV's header, corte.json and
// the JSON of every level); it checks every file's SHA-256 against the manifest, the Merkle
// root of each election's acta records, the Ed25519 signature, the chain of manifests back
// to the puesta en ceros, and the acta images against their código de integridad. A single
// official CSV, which has no manifest, gets the checks that it allows.
package verifica

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// Nivel is how serious a finding is.
type Nivel int

// The levels of a finding.
const (
	Bien  Nivel = iota // a check that passed
	Aviso              // worth knowing, not a discrepancy
	Falla              // a discrepancy: the published files are not what they claim
)

// Hallazgo is one line of the report, in Spanish.
type Hallazgo struct {
	Nivel Nivel
	Texto string
}

// Informe is the report of a verification.
type Informe struct {
	Hallazgos []Hallazgo
	// Huella is the fingerprint of the key that signed the cortes checked, "" if none.
	Huella string
}

// Fallas counts the discrepancies found.
func (inf *Informe) Fallas() int { return inf.contar(Falla) }

// Avisos counts the warnings.
func (inf *Informe) Avisos() int { return inf.contar(Aviso) }

func (inf *Informe) contar(n Nivel) int {
	k := 0
	for _, h := range inf.Hallazgos {
		if h.Nivel == n {
			k++
		}
	}
	return k
}

func (inf *Informe) add(n Nivel, format string, args ...any) {
	inf.Hallazgos = append(inf.Hallazgos, Hallazgo{n, fmt.Sprintf(format, args...)})
}

// Opciones say what to check beyond the files.
type Opciones struct {
	// Huella is the fingerprint of the key the cortes must be signed with, as notaries and
	// party representatives recorded it ("ab12 cd34 …", spaces optional); "" checks only that
	// every corte carries a valid signature of one same key.
	Huella string
	// Acta, when set, asks for the proof that the acta with that key (CLAVE_ACTA or id) is
	// in the corte (the latest one of a cortes folder).
	Acta string
}

// Verificar checks what path holds: a cortes folder (with index.json), one corte's folder
// (with corte.json), or an open-data CSV, on disk or at an http(s) address that serves the
// same layout (see remoto.go). err is for a path that cannot be read at all; a discrepancy
// is a Falla in the report.
func Verificar(path string, op Opciones) (*Informe, error) {
	return VerificarContexto(context.Background(), path, op)
}

// VerificarContexto is Verificar stopping the downloads of an address when ctx ends.
func VerificarContexto(ctx context.Context, path string, op Opciones) (*Informe, error) {
	if op.Huella != "" && !huellaValida(op.Huella) {
		return nil, fmt.Errorf("la huella %q no es válida: son 64 cifras hexadecimales (en "+
			"grupos de 4, como la imprime «sufragio keys show»)", recortar(op.Huella))
	}
	if EsURL(path) {
		return verificarURL(ctx, path, op)
	}
	return verificarLocal(&Informe{}, filepath.Clean(path), op)
}

// huellaValida reports whether s is a fingerprint: 64 hexadecimal digits, spaces aside.
func huellaValida(s string) bool {
	h := normHuella(s)
	return len(h) == 64 && publish.EsSHA256(h)
}

// verificarURL downloads what the address serves into a temporary folder and checks it.
func verificarURL(ctx context.Context, addr string, op Opciones) (*Informe, error) {
	tmp, err := os.MkdirTemp("", "sufragio-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	local, r, err := descargar(ctx, tmp, addr, op.Huella)
	if err != nil {
		return nil, err
	}
	inf := &Informe{}
	inf.add(Bien, "Descargados de %s %d archivos (%s bytes); se verifican sin tomar nada "+
		"más del servidor.", recortar(addr), r.archivos, miles(r.bytes))
	return verificarLocal(inf, local, op)
}

// miles writes n with thousands separators, as the report prints figures.
func miles(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// verificarLocal checks a path on disk into inf.
func verificarLocal(inf *Informe, path string, op Opciones) (*Informe, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s no existe", path)
	}
	if err != nil {
		return nil, fmt.Errorf("no se puede leer %s: %s", path, motivo(err))
	}
	switch {
	case !fi.IsDir() && (op.Acta != "" || op.Huella != ""):
		return nil, fmt.Errorf("--acta y --huella no se aplican a un CSV suelto, que no trae " +
			"manifiesto ni firma: verifique la carpeta de cortes")
	case !fi.IsDir() && strings.EqualFold(filepath.Ext(path), ".zip"):
		return inf, verificarZIP(inf, path)
	case !fi.IsDir():
		return inf, verificarCSV(inf, path)
	case existe(filepath.Join(path, "index.json")):
		return inf, verificarCarpeta(inf, path, op)
	case existe(filepath.Join(path, "corte.json")):
		v := &verificador{inf: inf, op: op, numPrevio: -1}
		m, err := v.corte(path, filepath.Dir(path))
		if err == nil {
			inf.add(Aviso, "Cadena: con un solo corte no se comprueba el enlace con el "+
				"anterior; verifique la carpeta de todos los cortes.")
			v.huella()
			if op.Acta != "" {
				v.inclusion(&m.Manifiesto, path)
			}
		}
		return inf, err
	}
	return nil, fmt.Errorf("%s no es una carpeta de cortes (con index.json), la de un corte "+
		"(con corte.json) ni un archivo CSV", path)
}

func existe(p string) bool { _, err := os.Stat(p); return err == nil }

// verificador carries what the checks of several cortes share.
type verificador struct {
	inf   *Informe
	op    Opciones
	clave ed25519.PublicKey // of the first signed corte
	// regs are the acta records of the corte being checked, by election; previos, those of
	// the corte checked before it, number numPrevio (-1 when none), to recompute the change
	// list of the corte.
	regs, previos map[string]publish.RegistrosCSV
	numPrevio     int
	// conImagen are the published images the actas of the corte being checked point to.
	conImagen map[string]bool
	// leidos are the CSVs of the corte being checked, read (with their candidaturas) once.
	leidos map[string]*opendata.Archivo
}

// verificarCarpeta checks every corte index.json lists, and the chain that links them.
func verificarCarpeta(inf *Informe, dir string, op Opciones) error {
	var idx publish.Indice
	data, err := leer(filepath.Join(dir, "index.json"))
	if err == nil {
		err = json.Unmarshal(data, &idx)
	}
	if err != nil {
		return fmt.Errorf("index.json no se puede leer: %s", motivo(err))
	}
	cortes := append([]publish.EntradaIndice(nil), idx.Cortes...)
	sort.SliceStable(cortes, func(i, j int) bool { return cortes[i].Numero < cortes[j].Numero })
	if len(cortes) == 0 {
		inf.add(Falla, "index.json no lista ningún corte.")
		return nil
	}
	// A corte listed twice is checked once.
	unicos := cortes[:0]
	for i, e := range cortes {
		if i > 0 && e.Numero == cortes[i-1].Numero {
			inf.add(Falla, "index.json lista el corte %d más de una vez.", e.Numero)
			continue
		}
		unicos = append(unicos, e)
	}
	cortes = unicos
	v := &verificador{inf: inf, op: op, numPrevio: -1}
	v.carpetasSinListar(dir, cortes)
	anterior, ultimaCarpeta := "", ""
	var ultimo *publish.Manifiesto
	for i, e := range cortes {
		if i > 0 && e.Numero != cortes[i-1].Numero+1 {
			inf.add(Falla, "Falta el corte %d: index.json salta del %d al %d.",
				cortes[i-1].Numero+1, cortes[i-1].Numero, e.Numero)
		}
		if !rutaValida(e.Carpeta) || e.Carpeta != publish.CarpetaCorte(e.Numero) {
			inf.add(Falla, "Corte %d: index.json da la carpeta %q, no %s.", e.Numero,
				recortar(e.Carpeta), publish.CarpetaCorte(e.Numero))
			anterior, v.regs, v.numPrevio = "", nil, -1
			continue
		}
		m, err := v.corte(filepath.Join(dir, e.Carpeta), dir)
		if err != nil {
			inf.add(Falla, "Corte %d: no se pudo leer: %s", e.Numero, motivo(err))
			anterior, v.regs, v.numPrevio = "", nil, -1
			continue
		}
		v.entrada(e, &m)
		if i == 0 && m.Numero != 0 && m.Anterior == "" {
			// A corte that names no previous one started its chain: the PREP published no
			// puesta en ceros. One that names one whose folder is gone is a Falla below.
			inf.add(Aviso, "La cadena empieza en el corte %d, no en la puesta en ceros "+
				"(corte 0).", e.Numero)
		}
		switch {
		case i == 0 && m.Anterior != "":
			inf.add(Falla, "Corte %d: enlaza con un corte anterior (%s…) que esta carpeta no "+
				"tiene.", e.Numero, corto(m.Anterior))
		case i == 0 && m.Numero == 0 && m.Anterior == "":
		case i > 0 && anterior != "" && m.Anterior != anterior:
			inf.add(Falla, "Cadena rota en el corte %d: dice que el anterior tiene huella %s…, "+
				"pero el corte.json del corte %d tiene %s….", e.Numero, corto(m.Anterior),
				cortes[i-1].Numero, corto(anterior))
		case i > 0 && anterior != "":
			inf.add(Bien, "Cadena: el corte %d enlaza con el %d.", e.Numero, cortes[i-1].Numero)
		}
		if ultimo != nil {
			v.continuidad(ultimo, &m.Manifiesto)
		}
		v.previos, v.numPrevio = v.regs, m.Numero
		anterior, ultimo = m.hash, &m.Manifiesto
		ultimaCarpeta = filepath.Join(dir, e.Carpeta)
	}
	v.huella()
	if op.Acta != "" && ultimo != nil {
		v.inclusion(ultimo, ultimaCarpeta)
	}
	return nil
}

// carpetasSinListar reports the corte folders of dir that index.json does not list: a
// corte withdrawn from the index is a corte someone tried to hide.
func (v *verificador) carpetasSinListar(dir string, cortes []publish.EntradaIndice) {
	listadas := map[string]bool{}
	for _, e := range cortes {
		listadas[e.Carpeta] = true
	}
	entries, _ := os.ReadDir(dir)
	for _, d := range entries {
		var k int
		if _, err := fmt.Sscanf(d.Name(), "%04d", &k); err == nil &&
			d.Name() == publish.CarpetaCorte(k) && !listadas[d.Name()] {
			v.inf.add(Falla, "La carpeta %s (corte %d) no está en index.json.", d.Name(), k)
		}
	}
}

// entrada compares a corte's line of index.json with its manifest.
func (v *verificador) entrada(e publish.EntradaIndice, m *manifiesto) {
	inf, n := v.inf, e.Numero
	var malos []string
	if m.Numero != e.Numero {
		malos = append(malos, fmt.Sprintf("su corte.json dice que es el corte %d", m.Numero))
	}
	if e.Manifiesto != m.hash {
		if e.Manifiesto == "" && m.Version < publish.VersionManifiesto {
			// Cortes older than the chain do not record it.
		} else {
			malos = append(malos, fmt.Sprintf("index.json da otra huella de su corte.json "+
				"(%s…, el archivo tiene %s…)", corto(e.Manifiesto), corto(m.hash)))
		}
	}
	if !e.Hora.Equal(m.Hora) || e.HoraTexto != m.HoraTexto {
		malos = append(malos, fmt.Sprintf("index.json da la hora %s, corte.json %s",
			recortar(e.HoraTexto), m.HoraTexto))
	}
	if e.Final != m.Final {
		malos = append(malos, fmt.Sprintf("index.json dice final %s, corte.json %s",
			siNo(e.Final), siNo(m.Final)))
	}
	if e.Simulacro != m.Simulacro {
		malos = append(malos, fmt.Sprintf("index.json dice simulacro %s, corte.json %s",
			siNo(e.Simulacro), siNo(m.Simulacro)))
	}
	if e.Zip != path.Join(e.Carpeta, m.Zip) {
		malos = append(malos, fmt.Sprintf("index.json da el ZIP %q, corte.json %q",
			recortar(e.Zip), recortar(m.Zip)))
	}
	if m.conteo != nil && (e.Cambios == nil || e.Cambios.Agregadas != m.conteo.Agregadas ||
		e.Cambios.Cambiadas != m.conteo.Cambiadas || e.Cambios.Retiradas != m.conteo.Retiradas ||
		e.Cambios.Archivo != path.Join(e.Carpeta, publish.ArchivoCambios)) {
		malos = append(malos, fmt.Sprintf("index.json cuenta otros cambios que su %s (%d "+
			"agregadas, %d cambiadas, %d retiradas)", publish.ArchivoCambios,
			m.conteo.Agregadas, m.conteo.Cambiadas, m.conteo.Retiradas))
	}
	for _, d := range malos {
		inf.add(Falla, "Corte %d: %s.", n, d)
	}
}

// continuidad checks what must not change from one corte to the next of a chain.
func (v *verificador) continuidad(prev, m *publish.Manifiesto) {
	inf, n := v.inf, m.Numero
	if m.Proceso != prev.Proceso {
		inf.add(Falla, "Corte %d: es del proceso %q y el corte %d del %q.", n,
			recortar(m.Proceso), prev.Numero, recortar(prev.Proceso))
	}
	if m.Simulacro != prev.Simulacro {
		inf.add(Falla, "Corte %d: %s es SIMULACRO y el corte %d %s: un simulacro y una "+
			"operación real no comparten cadena.", n, siNo(m.Simulacro), prev.Numero,
			siNo(prev.Simulacro))
	}
	if !m.Hora.After(prev.Hora) {
		inf.add(Falla, "Corte %d: su hora (%s) no es posterior a la del corte %d (%s).", n,
			opendata.FormatCorte(m.Hora), prev.Numero, opendata.FormatCorte(prev.Hora))
	}
	if prev.Final {
		inf.add(Falla, "Corte %d: se publicó después del corte final %d.", n, prev.Numero)
	}
}

// siNo writes a flag as the report reads it.
func siNo(b bool) string {
	if b {
		return "sí"
	}
	return "no"
}

// rutaValida reports whether p names a file inside a folder, in the published form:
// slash-separated, no empty, dot or dot-dot element, no backslash or drive letter.
func rutaValida(p string) bool {
	return fs.ValidPath(p) && p != "." && !strings.ContainsAny(p, "\\:")
}

// manifiesto is a read corte.json with the SHA-256 of its bytes and the counts of the
// corte's change list (nil when it has none).
type manifiesto struct {
	publish.Manifiesto
	hash   string
	conteo *publish.ConteoCambios
}

// huella compares the key that signed the cortes with the fingerprint expected.
func (v *verificador) huella() {
	if v.clave == nil {
		return
	}
	h := publish.Huella(v.clave)
	v.inf.Huella = h
	if v.op.Huella == "" {
		v.inf.add(Aviso, "Firma: los cortes se firmaron con la clave de huella %s; compárela "+
			"con la que dio a conocer el instituto (opción --huella).", h)
		return
	}
	if normHuella(v.op.Huella) != normHuella(h) {
		v.inf.add(Falla, "Firma: la clave de los cortes tiene huella %s, no la esperada %s.", h,
			v.op.Huella)
		return
	}
	v.inf.add(Bien, "Firma: la clave de los cortes es la de huella %s, la esperada.", h)
}

// corte checks one corte folder; cortesDir holds the published images.
func (v *verificador) corte(dir, cortesDir string) (manifiesto, error) {
	inf := v.inf
	raw, err := leer(filepath.Join(dir, "corte.json"))
	if err != nil {
		return manifiesto{}, err
	}
	var m manifiesto
	if err := json.Unmarshal(raw, &m.Manifiesto); err != nil {
		return manifiesto{}, fmt.Errorf("corte.json: %w", err)
	}
	sum := sha256.Sum256(raw)
	m.hash = hex.EncodeToString(sum[:])
	n := m.Numero
	tipo := "datos reales"
	if m.Simulacro {
		tipo = "SIMULACRO"
	}
	inf.add(Bien, "Corte %d (%s, %s), %s; corte.json con huella %s.", n, m.HoraTexto,
		m.Proceso, tipo, m.hash)
	v.firma(&m, raw, dir)
	archivos := v.archivos(&m, dir)
	imgs, err := publish.ImagenesPublicadas(cortesDir)
	if err != nil {
		return m, err
	}
	v.regs, v.conImagen = map[string]publish.RegistrosCSV{}, map[string]bool{}
	v.leidos = map[string]*opendata.Archivo{}
	v.estructura(&m, archivos)
	for _, ec := range m.Elecciones {
		v.eleccion(&m, ec, dir, archivos, imgs)
	}
	v.geografia(&m, archivos)
	v.cambios(&m, archivos)
	v.listaImagenes(&m, archivos, imgs)
	return m, nil
}

// cambios checks the corte's change list (cambios.json) against its CSVs and those of the
// corte before it, when that corte was checked just before.
func (v *verificador) cambios(m *manifiesto, archivos map[string][]byte) {
	inf, n := v.inf, m.Numero
	data, ok := archivos[publish.ArchivoCambios]
	if !ok {
		if m.Version >= publish.VersionManifiesto {
			inf.add(Aviso, "Corte %d: no trae la lista de actas cambiadas (%s).", n,
				publish.ArchivoCambios)
		}
		return
	}
	var c publish.CambiosJSON
	if err := json.Unmarshal(data, &c); err != nil {
		inf.add(Falla, "Corte %d: %s no se puede leer: %s", n, publish.ArchivoCambios,
			motivo(err))
		return
	}
	conteo := c.Conteo()
	m.conteo = &conteo
	var previos map[string]publish.RegistrosCSV
	switch {
	case c.Corte != n:
		inf.add(Falla, "Corte %d: su %s dice ser del corte %d.", n, publish.ArchivoCambios,
			c.Corte)
		return
	case c.Anterior == -1:
		previos = map[string]publish.RegistrosCSV{}
	case c.Anterior == v.numPrevio && v.previos != nil:
		previos = v.previos
	case v.numPrevio >= 0 && c.Anterior != v.numPrevio:
		inf.add(Falla, "Corte %d: su lista de cambios se compara con el corte %d, no con el %d, "+
			"el anterior de la cadena.", n, c.Anterior, v.numPrevio)
		return
	default:
		inf.add(Aviso, "Corte %d: su lista de cambios se compara con el corte %d, que no se "+
			"verificó junto con él; no se comprueba.", n, c.Anterior)
		return
	}
	malas := 0
	dadas := map[string]publish.CambiosEleccion{}
	for _, e := range c.Elecciones {
		dadas[e.Eleccion] = e
	}
	for _, ec := range m.Elecciones {
		actual, ok := v.regs[ec.Codigo]
		if !ok {
			continue // the CSV could not be read: reported already
		}
		want := publish.Comparar(ec.Codigo, previos[ec.Codigo], actual)
		got, ok := dadas[ec.Codigo]
		if !ok || !reflect.DeepEqual(got, want) {
			malas++
			inf.add(Falla, "Corte %d, %s: la lista de cambios no es la que dan los CSV: dice "+
				"%d agregadas y %d cambiadas; son %d y %d.", n, ec.Nombre, len(got.Agregadas),
				len(got.Cambiadas), len(want.Agregadas), len(want.Cambiadas))
		}
	}
	if malas == 0 {
		inf.add(Bien, "Corte %d: la lista de actas agregadas (%s) y cambiadas (%s) desde el "+
			"corte anterior coincide con los CSV.", n, miles(int64(conteo.Agregadas)),
			miles(int64(conteo.Cambiadas)))
	}
}

// listaImagenes checks imagenes.json: every image it names is published, and it names the
// published image of every acta of the corte.
func (v *verificador) listaImagenes(m *manifiesto, archivos map[string][]byte,
	imgs map[string]string) {
	inf, n := v.inf, m.Numero
	data, ok := archivos[publish.ArchivoImagenes]
	if !ok {
		return
	}
	var l publish.ImagenesJSON
	if err := json.Unmarshal(data, &l); err != nil {
		inf.add(Falla, "Corte %d: %s no se puede leer: %s", n, publish.ArchivoImagenes,
			motivo(err))
		return
	}
	publicadas := map[string]bool{}
	for _, name := range imgs {
		publicadas[name] = true
	}
	listadas := map[string]bool{}
	for _, name := range l.Imagenes {
		listadas[name] = true
		if !publicadas[name] {
			inf.add(Falla, "Corte %d: falta la imagen %q que lista %s.", n, recortar(name),
				publish.ArchivoImagenes)
		}
	}
	faltan := 0
	for name := range v.conImagen {
		if !listadas[name] {
			faltan++
		}
	}
	if faltan > 0 {
		inf.add(Aviso, "Corte %d: %d imágenes publicadas de sus actas no están en %s.", n,
			faltan, publish.ArchivoImagenes)
	}
	if len(l.Imagenes) > 0 {
		inf.add(Bien, "Corte %d: %s imágenes de actas listadas en %s.", n,
			miles(int64(len(l.Imagenes))), publish.ArchivoImagenes)
	}
}

// firma checks corte.json.sig and that every corte has the same key.
func (v *verificador) firma(m *manifiesto, raw []byte, dir string) {
	inf, n := v.inf, m.Numero
	sig, err := leer(filepath.Join(dir, publish.ArchivoFirma))
	switch {
	case m.ClavePublica == "" || errors.Is(err, fs.ErrNotExist):
		inf.add(Falla, "Corte %d: no está firmado (falta %s o la clave pública).", n,
			publish.ArchivoFirma)
		return
	case err != nil:
		inf.add(Falla, "Corte %d: no se pudo leer su firma: %s", n, motivo(err))
		return
	}
	pub, err := publish.ClavePublica(m.ClavePublica)
	if err != nil {
		inf.add(Falla, "Corte %d: la clave pública de corte.json no es válida.", n)
		return
	}
	if err := publish.VerificarFirma(pub, raw, sig); err != nil {
		inf.add(Falla, "Corte %d: la firma no corresponde a corte.json: el manifiesto se "+
			"alteró o se firmó con otra clave.", n)
		return
	}
	if v.clave != nil && !bytes.Equal(v.clave, pub) {
		inf.add(Falla, "Corte %d: se firmó con otra clave (huella %s) que los cortes "+
			"anteriores (huella %s).", n, publish.Huella(pub), publish.Huella(v.clave))
		return
	}
	if v.clave == nil {
		v.clave = pub
	}
	inf.add(Bien, "Corte %d: firma Ed25519 válida.", n)
}

// archivos checks the size and SHA-256 of every file the manifest lists, and reads them.
func (v *verificador) archivos(m *manifiesto, dir string) map[string][]byte {
	inf, n := v.inf, m.Numero
	out := map[string][]byte{}
	bien := 0
	listados := map[string]bool{"corte.json": true, publish.ArchivoFirma: true}
	for _, a := range m.Archivos {
		listados[a.Ruta] = true
		if !rutaValida(a.Ruta) {
			inf.add(Falla, "Corte %d: el manifiesto lista %q, fuera de la carpeta.", n,
				recortar(a.Ruta))
			continue
		}
		data, err := leer(filepath.Join(dir, filepath.FromSlash(a.Ruta)))
		if err != nil {
			inf.add(Falla, "Corte %d: falta el archivo %s.", n, a.Ruta)
			continue
		}
		sum := sha256.Sum256(data)
		switch got := hex.EncodeToString(sum[:]); {
		case int64(len(data)) < a.Bytes:
			inf.add(Falla, "Corte %d: %s tiene %d bytes; el manifiesto dice %d (¿truncado?).",
				n, a.Ruta, len(data), a.Bytes)
		case int64(len(data)) > a.Bytes:
			inf.add(Falla, "Corte %d: %s tiene %d bytes; el manifiesto dice %d (le sobran).",
				n, a.Ruta, len(data), a.Bytes)
		case got != a.SHA256:
			inf.add(Falla, "Corte %d: %s no es el archivo publicado: su SHA-256 es %s…, el "+
				"manifiesto dice %s….", n, a.Ruta, corto(got), corto(a.SHA256))
		default:
			bien++
		}
		out[a.Ruta] = data
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if !listados[filepath.ToSlash(rel)] {
			inf.add(Aviso, "Corte %d: %s no está en el manifiesto.", n, filepath.ToSlash(rel))
		}
		return nil
	})
	if bien == len(m.Archivos) {
		inf.add(Bien, "Corte %d: los %d archivos tienen el tamaño y el SHA-256 del manifiesto.",
			n, bien)
	}
	return out
}

// eleccion checks one election of a corte from its CSV: the Merkle root, the acta
// classifications, the summary, the tallies of every level, the images.
func (v *verificador) eleccion(m *manifiesto, ec publish.EleccionCorte, dir string,
	archivos map[string][]byte, imgs map[string]string) {
	inf, n := v.inf, m.Numero
	data, ok := archivos[ec.CSV]
	if !ok {
		return // reported by archivos
	}
	v.merkle(m, ec, data)
	f, err := opendata.Read(ec.CSV, data)
	if err != nil {
		inf.add(Falla, "Corte %d, %s: el CSV no se puede leer: %s", n, ec.Nombre, mensaje(err))
		return
	}
	if hojas, err := publish.HojasCSV(data); err == nil && len(hojas) == len(f.Actas) {
		r := publish.RegistrosCSV{IDs: make([]string, len(f.Actas)), Lineas: hojas}
		for i, a := range f.Actas {
			r.IDs[i] = a.ID
		}
		v.regs[ec.Codigo] = r
	}
	v.leidos[ec.Codigo] = f
	cand, ok := archivos[ec.Candidaturas]
	switch {
	case ok && vacio(cand):
		inf.add(Aviso, "Corte %d, %s: el archivo de candidaturas está vacío: la elección se "+
			"publicó sin candidaturas y sus votos se dan solo por partido.", n, ec.Nombre)
	case ok:
		if err := opendata.ReadCandidaturas(ec.Candidaturas, cand, f); err != nil {
			inf.add(Falla, "Corte %d, %s: el archivo de candidaturas no se puede leer: %s", n,
				ec.Nombre, mensaje(err))
		}
	}
	// The CSV gives the minute of the cut; the manifest the second.
	if !f.Corte.Equal(m.Hora.Truncate(time.Minute)) {
		inf.add(Falla, "Corte %d, %s: el CSV es del corte de las %s y corte.json dice %s.", n,
			ec.Nombre, opendata.FormatCorte(f.Corte), opendata.FormatCorte(m.Hora))
	}
	if f.Eleccion.Codigo != ec.Codigo {
		inf.add(Falla, "Corte %d: el CSV de %s es de la elección %s.", n, ec.Codigo,
			f.Eleccion.Codigo)
	}
	if sim := strings.HasSuffix(f.Eleccion.Titulo, "SIMULACRO"); sim != m.Simulacro {
		inf.add(Falla, "Corte %d, %s: el título del CSV («%s») %s SIMULACRO y corte.json "+
			"%s.", n, ec.Nombre, recortar(f.Eleccion.Titulo), map[bool]string{true: "dice",
			false: "no dice"}[sim], map[bool]string{true: "sí", false: "no"}[m.Simulacro])
	}

	clasificaciones(inf, fmt.Sprintf("Corte %d, %s", n, ec.Nombre), f)
	r := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, m.Final, acta.DefaultConfig)
	resumen(inf, fmt.Sprintf("Corte %d, %s", n, ec.Nombre), f, r, m.Final)
	if got := publish.ResumenDe(r.Entidad.Resumen, m.Final); got != ec.Resumen {
		inf.add(Falla, "Corte %d, %s: el resumen de corte.json no es el que dan las actas.", n,
			ec.Nombre)
	}
	v.imagenes(m, ec, f, imgs, dir)
}

// merkle recomputes the root of the election's acta records.
func (v *verificador) merkle(m *manifiesto, ec publish.EleccionCorte, data []byte) {
	inf, n := v.inf, m.Numero
	var raiz *publish.RaizMerkle
	for i := range m.Merkle {
		if m.Merkle[i].Eleccion == ec.Codigo {
			raiz = &m.Merkle[i]
		}
	}
	if raiz == nil {
		inf.add(Falla, "Corte %d, %s: el manifiesto no da la raíz de Merkle de sus actas.", n,
			ec.Nombre)
		return
	}
	hojas, err := publish.HojasCSV(data)
	if err != nil {
		inf.add(Falla, "Corte %d, %s: el CSV no tiene la fila de nombres de columna "+
			"(CLAVE_CASILLA, …): no se calcula su raíz de Merkle.", n, ec.Nombre)
		return
	}
	t := publish.NuevoArbol(hojas)
	if got := hex.EncodeToString(t.Raiz()); got != raiz.Raiz || t.Tamano() != raiz.Hojas {
		inf.add(Falla, "Corte %d, %s: el árbol de Merkle de las %d actas del CSV tiene raíz "+
			"%s…; el manifiesto dice %d actas y raíz %s….", n, ec.Nombre, t.Tamano(), corto(got),
			raiz.Hojas, corto(raiz.Raiz))
		return
	}
	inf.add(Bien, "Corte %d, %s: raíz de Merkle de las %s actas correcta.", n, ec.Nombre,
		miles(int64(t.Tamano())))
}

// clasificaciones recomputes each acta's CONTABILIZADA and OBSERVACIONES. A different
// CONTABILIZADA is a discrepancy; a different label alone is a warning, since the header
// counts the published label (RULES.md §2.3: the stale labels of the 2024 Ayuntamientos).
func clasificaciones(inf *Informe, donde string, f *opendata.Archivo) {
	var estado, etiqueta []string
	for i, a := range f.Actas {
		if a.Publicada == nil {
			continue
		}
		calc := a.Calculada(acta.DefaultConfig)
		if calc.Estado != a.Publicada.Estado {
			estado = append(estado, fmt.Sprintf("%s (línea %d): CONTABILIZADA publicada %s, "+
				"recalculada %s", a.ID, f.Lineas[i], a.Publicada.Estado, calc.Estado))
		} else if calc.Observaciones() != strings.TrimSpace(a.ObservacionesPub) &&
			calc.Observaciones() != a.ObservacionesPub {
			etiqueta = append(etiqueta, fmt.Sprintf("%s (línea %d): «%s», recalculada «%s»",
				a.ID, f.Lineas[i], a.ObservacionesPub, calc.Observaciones()))
		}
	}
	for _, s := range estado {
		inf.add(Falla, "%s: acta %s.", donde, s)
	}
	if len(etiqueta) > 0 {
		inf.add(Aviso, "%s: %d actas publican una OBSERVACIONES distinta de la recalculada de "+
			"sus cifras (el encabezado cuenta la publicada, RULES.md §2.3): %s%s.", donde,
			len(etiqueta), strings.Join(etiqueta[:min(3, len(etiqueta))], "; "),
			mas(len(etiqueta)-3))
	}
	if len(estado) == 0 {
		inf.add(Bien, "%s: la CONTABILIZADA de las %s actas coincide con sus cifras.", donde,
			miles(int64(len(f.Actas))))
	}
}

// resumen compares the 13 figures recomputed with the CSV's header.
func resumen(inf *Informe, donde string, f *opendata.Archivo, r *corte.Resultados, final bool) {
	got := r.Entidad.Resumen.Valores(final)
	var malos []string
	for i, want := range f.Resumen {
		if got[i] != want {
			malos = append(malos, fmt.Sprintf("%s %s (recalculado %s)", corte.Campos[i], want,
				got[i]))
		}
	}
	if len(malos) > 0 {
		inf.add(Falla, "%s: el encabezado del CSV (línea %d) no es el que dan sus actas: %s.",
			donde, f.ResumenLinea, strings.Join(malos, "; "))
		return
	}
	regla := "sin casillas especiales (corte intermedio)"
	if final {
		regla = "con casillas especiales (corte final)"
	}
	inf.add(Bien, "%s: las 13 cifras del encabezado coinciden con las actas; participación %s "+
		"%%, %s.", donde, got[12], regla)
}

// comparar compares a published level file with the nodes computed; false when they differ.
func (v *verificador) comparar(m *manifiesto, ec publish.EleccionCorte,
	archivos map[string][]byte, nivel string, want any) bool {
	inf, n := v.inf, m.Numero
	ruta := ec.JSON[nivel]
	data, ok := archivos[ruta]
	if !ok {
		inf.add(Falla, "Corte %d, %s: el manifiesto no lista el nivel %s.", n, ec.Nombre, nivel)
		return false
	}
	got := reflect.New(reflect.TypeOf(want))
	env := publish.NivelJSON{Datos: got.Interface()}
	if err := json.Unmarshal(data, &env); err != nil {
		inf.add(Falla, "Corte %d, %s: %s no se puede leer: %s", n, ec.Nombre, ruta,
			motivo(err))
		return false
	}
	if env.Corte != n || env.Eleccion != ec.Codigo || env.Simulacro != m.Simulacro {
		inf.add(Falla, "Corte %d, %s: %s dice ser del corte %d, elección %s, simulacro %v.", n,
			ec.Nombre, ruta, env.Corte, env.Eleccion, env.Simulacro)
		return false
	}
	if d := diferencia(got.Elem().Interface(), want); d != "" {
		inf.add(Falla, "Corte %d, %s: %s no coincide con las actas: %s.", n, ec.Nombre, ruta, d)
		return false
	}
	return true
}

// diferencia describes the first difference between published and computed nodes.
func diferencia(got, want any) string {
	switch w := want.(type) {
	case publish.NodoJSON:
		return difNodo(got.(publish.NodoJSON), w)
	case []publish.NodoJSON:
		g := got.([]publish.NodoJSON)
		if len(g) != len(w) {
			return fmt.Sprintf("publica %d unidades, las actas dan %d", len(g), len(w))
		}
		for i := range w {
			if d := difNodo(g[i], w[i]); d != "" {
				return d
			}
		}
	}
	return ""
}

func difNodo(g, w publish.NodoJSON) string {
	g.Actas, w.Actas = nil, nil
	switch {
	case g.ID != w.ID:
		return fmt.Sprintf("la unidad %s no es la %s que dan las actas", g.ID, w.ID)
	case g.Resumen != w.Resumen:
		return fmt.Sprintf("%s %s: el resumen publicado no es el de sus actas", g.Nivel, g.ID)
	case !reflect.DeepEqual(g.Votos, w.Votos):
		return fmt.Sprintf("%s %s: los votos publicados %v no son los de sus actas %v", g.Nivel,
			g.ID, g.Votos, w.Votos)
	case g.ListaNominal != w.ListaNominal:
		return fmt.Sprintf("%s %s: lista nominal %d publicada, %d de sus actas", g.Nivel, g.ID,
			g.ListaNominal, w.ListaNominal)
	case !reflect.DeepEqual(g.Candidaturas, w.Candidaturas):
		return fmt.Sprintf("%s %s: los votos por candidatura no son los de sus actas", g.Nivel,
			g.ID)
	}
	return ""
}

// geografia tallies every election again with the secciones placed by all of them, and
// compares the secciones and the other territorial level (the municipios of the
// Gubernatura) with the published JSON; then every level file, byte for byte, with the one
// the corte's CSVs give, so that nothing in them (names, actas, a repeated key) can say
// other than the actas. It reads only the files the manifest lists, as verified.
func (v *verificador) geografia(m *manifiesto, archivos map[string][]byte) {
	inf, n := v.inf, m.Numero
	var defs []*catalog.Eleccion
	var actas [][]*acta.Acta
	var files []*opendata.Archivo
	for _, ec := range m.Elecciones {
		f, ok := v.leidos[ec.Codigo] // read by eleccion, with its candidaturas
		if !ok {
			return // reported by estructura or eleccion
		}
		defs, actas, files = append(defs, f.Eleccion), append(actas, f.Actas), append(files, f)
	}
	geo := corte.GeografiaDe(defs, actas)
	malos := 0
	in := publish.Input{Numero: n, Hora: m.Hora, Final: m.Final, Simulacro: m.Simulacro,
		Config: acta.DefaultConfig}
	for i, ec := range m.Elecciones {
		r := corte.Tally(files[i].Eleccion, files[i].Actas, geo, files[i].Corte, m.Final,
			acta.DefaultConfig)
		if sim := files[i].Eleccion; m.Simulacro {
			// The level files name the election without the CSV title's mark.
			copia := *sim
			copia.Titulo = strings.TrimSuffix(sim.Titulo, " - SIMULACRO")
			r.Eleccion = &copia
		}
		want, err := publish.NivelesDe(r, in)
		if err != nil {
			inf.add(Falla, "Corte %d, %s: no se pudieron calcular sus archivos JSON.", n,
				ec.Nombre)
			continue
		}
		var nodos map[string]any
		for _, nivel := range publish.NivelesEleccion(ec.Codigo) {
			ruta := ec.JSON[nivel]
			got, ok := archivos[ruta]
			if !ok || bytes.Equal(got, want[nivel]) {
				continue // missing ones are reported by estructura
			}
			malos++
			// Say what differs: the figures of a unit when they do, else where the bytes
			// part.
			if nodos == nil {
				entidad, distritos, municipios, secciones := publish.NodosJSON(r, m.Final)
				nodos = map[string]any{"entidad": entidad, "distritos": distritos,
					"municipios": municipios, "secciones": secciones}
			}
			if doc, ok := nodos[nivel]; ok && !v.comparar(m, ec, archivos, nivel, doc) {
				continue
			}
			k := 0
			for k < len(got) && k < len(want[nivel]) && got[k] == want[nivel][k] {
				k++
			}
			inf.add(Falla, "Corte %d, %s: %s no es el que dan las actas del CSV: difiere desde "+
				"el byte %d (publicado «%s», calculado «%s»).", n, ec.Nombre, ruta, k,
				fragmento(got, k), fragmento(want[nivel], k))
		}
	}
	if malos == 0 {
		inf.add(Bien, "Corte %d: los archivos JSON de cada nivel (entidad, distritos, "+
			"municipios, secciones, actas y la definición de cada elección) son, byte por "+
			"byte, los que dan las actas de sus CSV.", n)
	}
}

// fragmento is a few characters of data from byte k, for the report.
func fragmento(data []byte, k int) string {
	if k >= len(data) {
		return "fin del archivo"
	}
	return recortar(strings.ToValidUTF8(string(data[k:min(len(data), k+40)]), "�"))
}

// estructura checks that the manifest lists every file it names (each election's CSV,
// candidaturas and level files, the ZIP, the change list and the list of images), each
// once, and that the ZIP holds exactly the CSV files of the corte, as listed.
func (v *verificador) estructura(m *manifiesto, archivos map[string][]byte) {
	inf, n := v.inf, m.Numero
	listados := map[string]int{}
	for _, a := range m.Archivos {
		listados[a.Ruta]++
	}
	for ruta, k := range listados {
		if k > 1 {
			inf.add(Falla, "Corte %d: el manifiesto lista %s %d veces.", n, recortar(ruta), k)
		}
	}
	falta := func(ruta, que string) {
		if listados[ruta] == 0 {
			inf.add(Falla, "Corte %d: el manifiesto no lista %s (%s): sin él no se comprueba "+
				"lo que depende de ese archivo.", n, que, recortar(ruta))
		}
	}
	enZip := map[string]bool{}
	for _, ec := range m.Elecciones {
		falta(ec.CSV, "el CSV de "+ec.Nombre)
		falta(ec.Candidaturas, "las candidaturas de "+ec.Nombre)
		enZip[ec.CSV], enZip[ec.Candidaturas] = true, true
		for _, nivel := range publish.NivelesEleccion(ec.Codigo) {
			falta(ec.JSON[nivel], "el nivel "+nivel+" de "+ec.Nombre)
		}
		raices := 0
		for _, r := range m.Merkle {
			if r.Eleccion == ec.Codigo {
				raices++
				if r.Archivo != ec.CSV {
					inf.add(Falla, "Corte %d, %s: la raíz de Merkle se da sobre %s, no sobre "+
						"el CSV de la elección.", n, ec.Nombre, recortar(r.Archivo))
				}
			}
		}
		if raices > 1 {
			inf.add(Falla, "Corte %d, %s: el manifiesto da %d raíces de Merkle.", n, ec.Nombre,
				raices)
		}
	}
	falta(m.Zip, "el ZIP de datos abiertos")
	if m.Version >= publish.VersionManifiesto {
		falta(publish.ArchivoCambios, "la lista de cambios")
		falta(publish.ArchivoImagenes, "la lista de imágenes")
	}
	if m.HoraTexto != opendata.FormatCorte(m.Hora) {
		inf.add(Falla, "Corte %d: corte.json da la hora %s y escribe %q.", n,
			opendata.FormatCorte(m.Hora), recortar(m.HoraTexto))
	}
	data, ok := archivos[m.Zip]
	if !ok {
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		inf.add(Falla, "Corte %d: el ZIP %s no se puede abrir.", n, recortar(m.Zip))
		return
	}
	malos := 0
	for _, f := range zr.File {
		want, ok := archivos[f.Name]
		if !enZip[f.Name] || !ok {
			inf.add(Falla, "Corte %d: el ZIP trae %s, que no es un CSV del corte.", n,
				recortar(f.Name))
			malos++
			continue
		}
		delete(enZip, f.Name)
		rc, err := f.Open()
		var got []byte
		if err == nil {
			got, err = io.ReadAll(io.LimitReader(rc, int64(len(want))+1))
			rc.Close()
		}
		if err != nil || !bytes.Equal(got, want) {
			inf.add(Falla, "Corte %d: %s dentro del ZIP no es el archivo del corte.", n,
				recortar(f.Name))
			malos++
		}
	}
	for name := range enZip {
		inf.add(Falla, "Corte %d: al ZIP le falta %s.", n, recortar(name))
		malos++
	}
	if malos == 0 {
		inf.add(Bien, "Corte %d: el ZIP trae exactamente los CSV del corte.", n)
	}
}

// imagenes checks each published image of the election's actas against its código de
// integridad.
func (v *verificador) imagenes(m *manifiesto, ec publish.EleccionCorte, f *opendata.Archivo,
	imgs map[string]string, dir string) {
	inf, n := v.inf, m.Numero
	bien := 0
	for _, a := range f.Actas {
		name, ok := imgs[a.CodigoIntegridad]
		if !ok {
			continue
		}
		v.conImagen[name] = true
		data, err := leer(filepath.Join(filepath.Dir(dir), publish.CarpetaImagenes, name))
		if err != nil {
			inf.add(Falla, "Corte %d, %s: no se pudo leer la imagen del acta %s: %s", n,
				ec.Nombre, a.ID, motivo(err))
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != a.CodigoIntegridad {
			inf.add(Falla, "Corte %d, %s: la imagen del acta %s (%s) no es la capturada: su "+
				"SHA-256 es %s…, el código de integridad %s….", n, ec.Nombre, a.ID, name,
				corto(got), corto(a.CodigoIntegridad))
			continue
		}
		bien++
	}
	if bien > 0 {
		inf.add(Bien, "Corte %d, %s: %s imágenes de actas coinciden con su código de "+
			"integridad.", n, ec.Nombre, miles(int64(bien)))
	}
}

// inclusion prints the proof that the acta op.Acta is a record of the corte in dir: its CSV
// line, its leaf hash, the hashes of its inclusion proof and the root they rebuild, which
// the manifest signs.
func (v *verificador) inclusion(m *publish.Manifiesto, dir string) {
	inf, n := v.inf, m.Numero
	clave := strings.ToUpper(strings.Trim(strings.TrimSpace(v.op.Acta), "'\"“”‘’ "))
	encontrada := false
	listados := map[string]bool{}
	for _, a := range m.Archivos {
		listados[a.Ruta] = true
	}
	for _, r := range m.Merkle {
		if !rutaValida(r.Archivo) || !listados[r.Archivo] {
			continue // reported by estructura
		}
		data, err := leer(filepath.Join(dir, filepath.FromSlash(r.Archivo)))
		if err != nil {
			continue
		}
		f, err := opendata.Read(r.Archivo, data)
		if err != nil {
			continue
		}
		hojas, err := publish.HojasCSV(data)
		if err != nil || len(hojas) != len(f.Actas) {
			continue
		}
		t := publish.NuevoArbol(hojas)
		for i, a := range f.Actas {
			if a.ID != clave && strings.ToUpper(a.ClaveActa) != clave {
				continue
			}
			encontrada = true
			p, err := t.Prueba(i)
			if err != nil {
				inf.add(Falla, "Corte %d: sin prueba de inclusión del acta %s: %v", n, a.ID, err)
				continue
			}
			raiz, _ := hex.DecodeString(r.Raiz)
			var b strings.Builder
			for k, h := range p {
				fmt.Fprintf(&b, "\n      %2d. %x", k+1, h)
			}
			ok := publish.VerificarInclusion(hojas[i], i, len(hojas), p, raiz) == nil
			nivel, dice := Bien, "la prueba reconstruye la raíz firmada"
			if !ok {
				nivel, dice = Falla, "la prueba NO reconstruye la raíz del manifiesto"
			}
			inf.add(nivel, "Prueba de inclusión del acta %s en el corte %d (%s, %s): %s.\n"+
				"    Registro (línea %d del CSV): %s\n    Hoja de índice %d (la %dª de %d), hash de "+
				"hoja (RFC 6962) %x"+
				"\n    Hashes de la prueba:%s\n    Raíz: %s", a.ID, n, r.Eleccion, r.Archivo, dice,
				f.Lineas[i], hojas[i], i, i+1, len(hojas), publish.Hasher.HashLeaf(hojas[i]),
				b.String(), r.Raiz)
		}
	}
	if !encontrada {
		inf.add(Falla, "El corte %d no tiene ninguna acta con la clave %s.", n, v.op.Acta)
	}
}

// verificarCSV checks an open-data CSV alone, such as an official file as the institute
// published it: its classifications and its header. The participation rule of a corte
// that is not known is taken from whichever the header follows, and said.
func verificarCSV(inf *Informe, path string) error {
	data, err := leer(path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	inf.add(Bien, "Archivo %s, SHA-256 %s.", filepath.Base(path), hex.EncodeToString(sum[:]))
	f, err := opendata.Read(path, data)
	if err != nil {
		inf.add(Falla, "%s no se puede leer: %s", filepath.Base(path), mensaje(err))
		return nil
	}
	hermano := filepath.Join(filepath.Dir(path), opendata.CandidaturasNombre(f.Eleccion))
	if cand, err := leer(hermano); err == nil {
		if err := opendata.ReadCandidaturas(hermano, cand, f); err != nil {
			inf.add(Falla, "%s no se puede leer: %s", filepath.Base(hermano), mensaje(err))
		}
	}
	donde := filepath.Base(path)
	clasificaciones(inf, donde, f)
	final := false
	r := corte.Tally(f.Eleccion, f.Actas, nil, f.Corte, false, acta.DefaultConfig)
	if r.Entidad.Resumen.Valores(false)[12] != f.Resumen[12] &&
		r.Entidad.Resumen.Valores(true)[12] == f.Resumen[12] {
		final = true
	}
	resumen(inf, donde, f, r, final)
	inf.add(Aviso, "%s no trae manifiesto: no se comprueban firma, cadena ni raíz de Merkle, "+
		"solo lo que el archivo dice de sí mismo.", donde)
	return nil
}

// mensaje is the Spanish message of a reader's error.
func mensaje(err error) string {
	var e *opendata.Error
	if errors.As(err, &e) {
		return e.Mensaje()
	}
	return err.Error()
}

func corto(h string) string { return h[:min(12, len(h))] }

// recortar shortens text from a file to at most 80 characters for the report.
func recortar(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

func mas(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" y %d más", n)
}

// motivo is the reason of a failure to read, in Spanish, for the report.
func motivo(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, fs.ErrNotExist):
		return "no existe"
	case errors.Is(err, fs.ErrPermission):
		return "sin permiso para leerlo"
	case errors.Is(err, errNoRegular):
		return err.Error()
	case errors.As(err, &syn):
		return fmt.Sprintf("no es JSON válido (byte %d)", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("el campo %q no tiene el tipo esperado (%s en el byte %d)",
			typ.Field, typ.Value, typ.Offset)
	case errors.Is(err, errDemasiado):
		return err.Error()
	}
	if u, ok := err.(interface{ Mensaje() string }); ok {
		return u.Mensaje()
	}
	return "error de lectura"
}

// Reading published files: only regular files are read (a symbolic link could point
// anywhere, a FIFO would block), and none larger than limiteArchivo.
var (
	errNoRegular = errors.New("no es un archivo normal (es un enlace, una carpeta o un " +
		"dispositivo)")
	errDemasiado = errors.New("es más grande que cualquier archivo de un corte")
)

// limiteArchivo is the largest file a verification reads.
const limiteArchivo = 2 << 30

// leer reads a published file.
func leer(p string) ([]byte, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNoRegular
	}
	if fi.Size() > limiteArchivo {
		return nil, errDemasiado
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limiteArchivo+1))
}

// vacio reports whether a published file holds nothing but a byte-order mark and blanks:
// the candidaturas file of an election published without candidaturas.
func vacio(data []byte) bool {
	return len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0
}

// verificarZIP checks the open-data CSVs of a ZIP bundle as published (the corte's ZIP, or
// the IEE's), each as verificarCSV does, with its candidaturas file beside it.
func verificarZIP(inf *Informe, path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s no es un ZIP que se pueda abrir", filepath.Base(path))
	}
	defer zr.Close()
	tmp, err := os.MkdirTemp("", "sufragio-verify-zip-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var datos []string
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		if !rutaValida(f.Name) || f.UncompressedSize64 > limiteArchivo {
			inf.add(Falla, "ZIP %s: trae %q, que no se puede extraer sin salir de su carpeta "+
				"o es demasiado grande.", filepath.Base(path), recortar(f.Name))
			continue
		}
		destino := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(destino), 0o755); err != nil {
			return err
		}
		rc, err := f.Open()
		if err != nil {
			inf.add(Falla, "ZIP %s: %s no se puede extraer.", filepath.Base(path),
				recortar(f.Name))
			continue
		}
		data, err := io.ReadAll(io.LimitReader(rc, limiteArchivo))
		rc.Close()
		if err == nil {
			err = os.WriteFile(destino, data, 0o644)
		}
		if err != nil {
			inf.add(Falla, "ZIP %s: %s no se puede extraer.", filepath.Base(path),
				recortar(f.Name))
			continue
		}
		if strings.EqualFold(filepath.Ext(f.Name), ".csv") &&
			!strings.Contains(filepath.Base(f.Name), "_Candidaturas_") {
			datos = append(datos, destino)
		}
	}
	if len(datos) == 0 {
		inf.add(Falla, "ZIP %s: no trae ningún CSV de datos abiertos.", filepath.Base(path))
		return nil
	}
	inf.add(Bien, "ZIP %s: %d archivos CSV de datos abiertos; se verifica cada uno.",
		filepath.Base(path), len(datos))
	for _, p := range datos {
		if err := verificarCSV(inf, p); err != nil {
			return err
		}
	}
	return nil
}
