// Package publish writes cortes: numbered, timestamped, immutable publications of the PREP.
// A corte is a folder holding, for each election, the open-data CSV in the official layout
// and its candidaturas file, the JSON tallies of every level, and the whole CSV set as a ZIP
// named like the official bundles. The folder is written under a temporary name and renamed
// into place, so no reader ever sees half a corte; then index.json is replaced the same way.
package publish

import (
	"bufio"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// Input is what a corte publishes.
type Input struct {
	Numero     int
	Hora       time.Time // the time of the cut
	Final      bool      // the last corte before the PREP closes (RULES.md §3.3)
	Generado   time.Time // when it was built
	Elecciones []*corte.Resultados
	Config     acta.Config
	// Simulacro marks a rehearsal: the manifest and every level file say so, every CSV
	// title ends with "SIMULACRO", and so do the names of the ZIP and of the folder of each
	// election's CSV files, so no file can pass for live results.
	Simulacro bool
	// Firma signs corte.json (corte.json.sig); nil publishes an unsigned corte, which a
	// verifier reports as such.
	Firma ed25519.PrivateKey
	// Proceso names the electoral process: "PREP PUE 2024" when empty.
	Proceso string
}

// ArchivoFirma is the file of a corte folder holding the Ed25519 signature of corte.json,
// base64 on one line.
const ArchivoFirma = "corte.json.sig"

// ErrExists is returned when a corte with the same number was already published.
var ErrExists = errors.New("corte already published")

// CarpetaCorte is the folder name of corte n inside the cortes folder.
func CarpetaCorte(n int) string { return fmt.Sprintf("%04d", n) }

// Build publishes a corte under cortesDir and returns its manifest.
func Build(cortesDir string, in Input) (*Manifiesto, error) {
	final := filepath.Join(cortesDir, CarpetaCorte(in.Numero))
	if _, err := os.Stat(final); err == nil {
		return nil, fmt.Errorf("publish corte %d: %w", in.Numero, ErrExists)
	}
	if err := os.MkdirAll(cortesDir, 0o755); err != nil {
		return nil, fmt.Errorf("publish corte %d: %w", in.Numero, err)
	}
	removeStale(cortesDir)
	prev, hayPrev, err := corteAnterior(cortesDir, in.Numero)
	if err != nil {
		return nil, fmt.Errorf("publish corte %d: %w", in.Numero, err)
	}
	prevDir, prevNum, anterior := "", -1, ""
	if hayPrev {
		prevDir, prevNum = filepath.Join(cortesDir, filepath.FromSlash(prev.Carpeta)), prev.Numero
		data, err := os.ReadFile(filepath.Join(prevDir, "corte.json"))
		if err != nil {
			return nil, fmt.Errorf("publish corte %d: the previous corte, %d, to chain to: %w",
				in.Numero, prev.Numero, err)
		}
		sum := sha256.Sum256(data)
		anterior = hex.EncodeToString(sum[:])
	}
	imagenes, err := imagenesDelCorte(cortesDir, in)
	if err != nil {
		return nil, fmt.Errorf("publish corte %d: images: %w", in.Numero, err)
	}
	tmp, err := os.MkdirTemp(cortesDir, ".tmp-corte-")
	if err != nil {
		return nil, fmt.Errorf("publish corte %d: %w", in.Numero, err)
	}
	m, conteo, err := render(tmp, in, previo{prevDir, prevNum, anterior, cortesDir}, imagenes)
	if err == nil {
		err = commit(tmp, final)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("publish corte %d: %w", in.Numero, err)
	}
	if err := updateIndex(cortesDir, m, conteo); err != nil {
		return nil, fmt.Errorf("publish corte %d: index: %w", in.Numero, err)
	}
	return m, nil
}

// staleAfter is how old a temporary corte folder must be to count as left by a crash.
const staleAfter = time.Hour

// removeStale deletes temporary corte folders left behind by a build that crashed. A folder
// younger than staleAfter may belong to a build still running, so it stays.
func removeStale(cortesDir string) {
	matches, _ := filepath.Glob(filepath.Join(cortesDir, ".tmp-corte-*"))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && time.Since(fi.ModTime()) > staleAfter {
			os.Chmod(m, 0o755)
			os.RemoveAll(m)
		}
	}
}

// stamp is the date-time prefix of the official names: 20240603_2000.
func stamp(t time.Time) string { return t.In(opendata.Zona).Format("20060102_1504") }

// previo is the corte published before the one being built: its folder ("" when there is
// none) and number.
type previo struct {
	dir    string
	numero int
	hash   string // SHA-256 of its corte.json, "" when there is none
	// cortesDir is the cortes folder, whose last corte's records may be kept in memory.
	cortesDir string
}

// render writes every file of the corte into dir and returns its manifest and the counts
// of its change list.
func render(dir string, in Input, prev previo, imagenes []byte) (*Manifiesto, ConteoCambios,
	error) {
	m := &Manifiesto{Version: VersionManifiesto, Proceso: in.Proceso, Numero: in.Numero,
		Hora: in.Hora, HoraTexto: opendata.FormatCorte(in.Hora), Final: in.Final,
		Simulacro: in.Simulacro, Generado: in.Generado, Anterior: prev.hash}
	files := newFileSet(dir)
	// The previous corte's records are read while this one renders.
	type leidos struct {
		regs map[string]huellasCSV
		err  error
	}
	anteriores := make(chan leidos, 1)
	go func() {
		if prev.dir == "" {
			anteriores <- leidos{}
			return
		}
		regs, err := registrosDe(prev.cortesDir, prev.dir, prev.hash)
		anteriores <- leidos{regs, err}
	}()
	outs := make([]electionFiles, len(in.Elecciones))
	errs := make([]error, len(in.Elecciones))
	var wg sync.WaitGroup
	for i, r := range in.Elecciones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = renderElection(files, r, in)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		<-anteriores
		return nil, ConteoCambios{}, err
	}
	prefix := ""
	for _, o := range outs {
		m.Elecciones = append(m.Elecciones, o.desc)
		prefix = o.prefix
	}
	m.Zip = fmt.Sprintf("%s_PREP_%s.zip", stamp(in.Hora), prefix)
	if in.Simulacro {
		m.Zip = fmt.Sprintf("%s_PREP_%s_SIMULACRO.zip", stamp(in.Hora), prefix)
	}
	if m.Proceso == "" {
		m.Proceso = fmt.Sprintf("PREP %s %d", prefix, in.Hora.In(opendata.Zona).Year())
	}
	if err := writeZip(files, m.Zip, outs); err != nil {
		<-anteriores
		return nil, ConteoCambios{}, err
	}
	prevRegs := <-anteriores
	if prevRegs.err != nil {
		return nil, ConteoCambios{}, fmt.Errorf("the previous corte, %d: %w", prev.numero,
			prevRegs.err)
	}
	cambios := CambiosJSON{Corte: in.Numero, Anterior: prev.numero}
	estos := map[string]huellasCSV{}
	for i, e := range m.Elecciones {
		hojas := outs[i].hojas
		raiz := raizDeHojas(hojas)
		m.Merkle = append(m.Merkle, RaizMerkle{Eleccion: e.Codigo, Archivo: e.CSV,
			Hojas: len(hojas), Raiz: hex.EncodeToString(raiz[:])})
		actas := in.Elecciones[i].Actas
		if len(actas) != len(hojas) {
			return nil, ConteoCambios{}, fmt.Errorf("%s: %d data lines for %d actas", e.CSV,
				len(hojas), len(actas))
		}
		actual := huellasCSV{ids: make([]string, len(actas)), hojas: hojas}
		for k, a := range actas {
			actual.ids[k] = IDPublicado(a, k)
		}
		cambios.Elecciones = append(cambios.Elecciones,
			compararHuellas(e.Codigo, prevRegs.regs[e.Codigo], actual))
		estos[e.Codigo] = actual
	}
	data, err := json.MarshalIndent(cambios, "", "  ")
	if err == nil {
		err = files.add(ArchivoCambios, data)
	}
	if err == nil {
		err = files.add(ArchivoImagenes, imagenes)
	}
	if err != nil {
		return nil, ConteoCambios{}, err
	}
	conteo := cambios.Conteo()
	conteo.Archivo = path.Join(CarpetaCorte(in.Numero), ArchivoCambios)
	m.Archivos = files.list()
	if in.Firma != nil {
		m.ClavePublica = base64.StdEncoding.EncodeToString(in.Firma.Public().(ed25519.PublicKey))
	}
	data, err = json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, ConteoCambios{}, err
	}
	if err := writeFile(filepath.Join(dir, "corte.json"), data); err != nil {
		return nil, ConteoCambios{}, err
	}
	if in.Firma != nil {
		sig := base64.StdEncoding.EncodeToString(ed25519.Sign(in.Firma, data)) + "\n"
		if err := writeFile(filepath.Join(dir, ArchivoFirma), []byte(sig)); err != nil {
			return nil, ConteoCambios{}, err
		}
	}
	sum := sha256.Sum256(data)
	recordar(prev.cortesDir, hex.EncodeToString(sum[:]), estos)
	return m, conteo, nil
}

// electionFiles is what one election contributes to the corte.
type electionFiles struct {
	desc   EleccionCorte
	prefix string
	zip    []compressed // the election's CSV files, deflated for the ZIP
	hojas  [][32]byte   // the Merkle leaf hash of each record of its CSV
}

func renderElection(files *fileSet, r *corte.Resultados, in Input) (electionFiles, error) {
	e := r.Eleccion
	if in.Simulacro {
		// The title keeps its start, which names the election to readers of the layout.
		sim := *e
		sim.Titulo = e.Titulo + " - SIMULACRO"
		e = &sim
	}
	folder := fmt.Sprintf("%s_PREP_%s_%s", stamp(in.Hora), e.Codigo, e.Prefijo)
	if in.Simulacro {
		// The candidaturas file has no title line: its folder, here and in the ZIP, says it.
		folder += "_SIMULACRO"
	}
	out := electionFiles{prefix: e.Prefijo, zip: make([]compressed, 2)}
	d := EleccionCorte{Codigo: e.Codigo, Nombre: e.Nombre(), Titulo: e.Titulo,
		Unidad: string(e.Unidad), Resumen: resumenJSON(r.Entidad.Resumen, in.Final),
		CSV:          path.Join(folder, e.ArchivoBase()+".csv"),
		Candidaturas: path.Join(folder, opendata.CandidaturasNombre(e)),
		JSON:         map[string]string{}}
	for _, lvl := range NivelesEleccion(e.Codigo) {
		d.JSON[lvl] = path.Join("json", e.Codigo, lvl+".json")
	}
	out.desc = d

	// Each file is its own task, so that the work of the three elections spreads evenly
	// over the cores.
	docs := levelDocs(r, in)
	tasks := []func() error{
		func() error {
			return files.stream(d.CSV, &out.zip[0], in.Hora, func(w io.Writer) error {
				var err error
				out.hojas, err = writeCSV(w, e, r, in)
				return err
			})
		},
		func() error {
			return files.stream(d.Candidaturas, &out.zip[1], in.Hora, func(w io.Writer) error {
				return opendata.WriteCandidaturas(w, e)
			})
		},
	}
	for _, lvl := range NivelesEleccion(e.Codigo) {
		tasks = append(tasks, func() error {
			return files.stream(d.JSON[lvl], nil, in.Hora, func(w io.Writer) error {
				return encodeNivel(w, in, e.Codigo, lvl, docs[lvl])
			})
		})
	}
	return out, runAll(tasks)
}

// writeCSV writes the election's open-data CSV as opendata.Write does, and returns the
// Merkle leaf hash of each of its records, hashed as they are written.
func writeCSV(w io.Writer, e *catalog.Eleccion, r *corte.Resultados, in Input) ([][32]byte,
	error) {
	x, err := opendata.NuevoEscritor(w, e, in.Config)
	if err != nil {
		return nil, err
	}
	if err := opendata.WriteEncabezado(w, e, in.Hora, in.Final, r.Entidad.Resumen); err != nil {
		return nil, err
	}
	z := nuevoHojero()
	hojas := make([][32]byte, len(r.Actas))
	for i, a := range r.Actas {
		if err := x.Fila(a); err != nil {
			return nil, err
		}
		hojas[i] = z.hoja(x.Ultima())
	}
	return hojas, nil
}

// runAll runs the tasks concurrently and returns their errors joined.
func runAll(tasks []func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = t()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// encodeNivel writes a level file: the envelope of NivelJSON around the level's data.
func encodeNivel(w io.Writer, in Input, eleccion, nivel string, doc any) error {
	head, err := json.Marshal(NivelJSON{Corte: in.Numero, Hora: in.Hora,
		Simulacro: in.Simulacro, Final: in.Final, Eleccion: eleccion, Nivel: nivel})
	if err != nil {
		return err
	}
	// The envelope's fields, then its data, written by encode.
	if _, err := w.Write(head[:len(head)-1]); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `,"datos":`); err != nil {
		return err
	}
	if err := encode(w, doc); err != nil {
		return err
	}
	_, err = io.WriteString(w, "}\n")
	return err
}

// encode writes a level document, through the hand-written encoders for the large ones.
func encode(w io.Writer, doc any) error {
	switch d := doc.(type) {
	case actasDoc:
		return writeActas(w, d)
	case []NodoJSON:
		return writeNodos(w, d)
	case nodosDoc:
		return writeNodosDe(w, d)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// fileSet writes the files of a corte and remembers their sizes and hashes.
type fileSet struct {
	dir   string
	mu    sync.Mutex
	files []Archivo
}

func newFileSet(dir string) *fileSet { return &fileSet{dir: dir} }

func (s *fileSet) add(name string, data []byte) error {
	return s.stream(name, nil, time.Time{}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// stream writes one file of the corte through fill, hashing it on the way and, when zipped
// is not nil, deflating it for the ZIP bundle too. Nothing of the file is held in memory
// but the compressed copy.
func (s *fileSet) stream(name string, zipped *compressed, when time.Time,
	fill func(io.Writer) error) error {
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		return err
	}
	h := sha256.New()
	cw := &countWriter{}
	sinks := []io.Writer{f, h, cw}
	var z *zipWriter
	if zipped != nil {
		z = newZipWriter(name, when)
		sinks = append(sinks, z)
	}
	bw := bufio.NewWriterSize(io.MultiWriter(sinks...), 1<<16)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if z != nil {
		if *zipped, err = z.finish(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.files = append(s.files, Archivo{Ruta: name, Bytes: cw.n,
		SHA256: hex.EncodeToString(h.Sum(nil))})
	s.mu.Unlock()
	return nil
}

// countWriter counts the bytes written through it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// list returns the files sorted by path, so the manifest does not depend on timing.
func (s *fileSet) list() []Archivo {
	out := append([]Archivo(nil), s.files...)
	sortArchivos(out)
	return out
}

// writeFile writes data read-only: a corte never changes. The data reach the disk when the
// whole corte is flushed, before it is renamed into place (commit).
func writeFile(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// commit flushes the finished folder to disk, renames it into place and flushes the parent
// directory, so that after a crash the corte is either whole or absent.
func commit(tmp, final string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := flushTree(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	return syncDir(filepath.Dir(final))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// updateIndex adds the corte to index.json, replacing the file atomically.
func updateIndex(cortesDir string, m *Manifiesto, conteo ConteoCambios) error {
	idx, err := ReadIndice(cortesDir)
	if err != nil {
		return err
	}
	entries := idx.Cortes[:0]
	for _, c := range idx.Cortes {
		if c.Numero != m.Numero {
			entries = append(entries, c)
		}
	}
	data, err := os.ReadFile(filepath.Join(cortesDir, CarpetaCorte(m.Numero), "corte.json"))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	idx.Cortes = append(entries, EntradaIndice{Numero: m.Numero, Hora: m.Hora,
		Simulacro: m.Simulacro,
		HoraTexto: m.HoraTexto, Final: m.Final, Carpeta: CarpetaCorte(m.Numero),
		Zip:        path.Join(CarpetaCorte(m.Numero), m.Zip),
		Manifiesto: hex.EncodeToString(sum[:]), Cambios: &conteo})
	sortIndice(idx.Cortes)
	data, err = json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(cortesDir, ".tmp-index-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	tmp.Close()
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(cortesDir, "index.json")); err != nil {
		return err
	}
	return syncDir(cortesDir)
}

// NextNumero returns the number the next corte in cortesDir should take: one past the
// highest published, counting folders too, so a crash between the rename and the index
// update cannot make a number repeat.
func NextNumero(cortesDir string) (int, error) {
	idx, err := ReadIndice(cortesDir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range idx.Cortes {
		n = max(n, c.Numero)
	}
	entries, err := os.ReadDir(cortesDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	for _, e := range entries {
		var k int
		if _, err := fmt.Sscanf(e.Name(), "%04d", &k); err == nil && e.IsDir() &&
			e.Name() == CarpetaCorte(k) {
			n = max(n, k)
		}
	}
	return n + 1, nil
}
