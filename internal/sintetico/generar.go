package sintetico

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/opendata"
)

// Opciones are the choices of a generation.
type Opciones struct {
	// Semilla fixes every random draw: a seed gives the same files, byte for byte.
	Semilla uint64
	// Fraccion, between 0 and 1, generates that fraction of the country's secciones (at
	// least one per distrito), for tests; 0 means the whole country.
	Fraccion float64
	// Hora is the cut of the files; zero means the close of the PREP 2024, 03/06/2024 20:00.
	Hora time.Time
	// Tabla also writes ArchivoTabla, the actas as a plain table for SQL baselines.
	Tabla bool
	// Trabajadores is how many entidades are generated at once; 0 means one per core.
	Trabajadores int
	// Avance, if set, is told after each entidad is written how many secciones are written
	// so far and how many the process has (for a progress bar).
	Avance func(hechas, total int)
}

// ArchivoTabla is the file of the plain table of actas that Opciones.Tabla asks for.
const ArchivoTabla = "actas_tabla.csv"

// Resultado tells what a generation wrote.
type Resultado struct {
	// Archivos are the paths written: per election its CSV and candidaturas file, and the
	// table when asked for.
	Archivos []string
	// Entidades, Distritos, Secciones and Casillas count the territory generated; Casillas
	// counts the casillas of the secciones (B, C, E and S).
	Entidades, Distritos, Secciones, Casillas int
	// Actas counts the rows of each election's file, fuera de catálogo included, in the
	// order of Elecciones; FueraDeCatalogo those rows that are fuera de catálogo.
	Actas           [3]int
	FueraDeCatalogo int
	// Resumenes are the 13-figure summaries the files print, per election.
	Resumenes [3]corte.Resumen
}

// cierre is the close of the PREP 2024: its last cut.
var cierre = time.Date(2024, 6, 3, 20, 0, 0, 0, opendata.Zona)

// config are the classification rules the generated files follow: those of the IEE Puebla
// 2024 files, which sufragio applies by default.
var config = acta.DefaultConfig

// Generar writes the synthetic federal process into dir: for each of the three elections
// its open-data CSV, in the layout of the IEE Puebla 2024 files with the federal unit
// (ID_DISTRITO_FEDERAL), and its candidaturas file, named as sufragio import expects them
// (NAL_PRES_2024.csv, NAL_PRES_Candidaturas_2024.csv). The entidades are generated at once
// and their rows written in order as they are done, so memory holds a few entidades, not
// the country.
func Generar(dir string, op Opciones) (*Resultado, error) {
	if op.Fraccion <= 0 || op.Fraccion > 1 {
		op.Fraccion = 1
	}
	if op.Hora.IsZero() {
		op.Hora = cierre
	}
	if op.Trabajadores <= 0 {
		op.Trabajadores = runtime.GOMAXPROCS(0)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate in %s: %w", dir, err)
	}
	s, err := nuevaSalida(dir, op)
	if err != nil {
		return nil, err
	}
	defer s.descartar()
	res := &Resultado{Entidades: len(Entidades)}
	plan := planSecciones(nuevoAzar(op.Semilla, 0), op.Fraccion)
	if err := generarEntidades(op, plan, s, res); err != nil {
		return nil, err
	}
	fc := nuevoGenerador(op, len(Entidades)+1)
	t := fc.fueraDeCatalogo(int(math.Round(float64(res.Casillas) * fueraDeCatalogo)))
	if err := s.agregar(t, res); err != nil {
		return nil, err
	}
	res.FueraDeCatalogo = t.actas[0]
	if err := s.cerrar(res); err != nil {
		return nil, err
	}
	return res, nil
}

// generarEntidades generates the entidades with op.Trabajadores goroutines and hands their
// rows to s in entidad order. At most one entidad per worker waits to be written.
func generarEntidades(op Opciones, plan [][]distritoPlan, s *salida, res *Resultado) error {
	hechos := make([]chan *trozo, len(Entidades))
	for i := range hechos {
		hechos[i] = make(chan *trozo, 1)
	}
	turno := make(chan struct{}, op.Trabajadores)
	siguiente := make(chan int)
	go func() {
		for i := range Entidades {
			turno <- struct{}{}
			siguiente <- i
		}
		close(siguiente)
	}()
	var wg sync.WaitGroup
	for range op.Trabajadores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range siguiente {
				g := nuevoGenerador(op, i+1)
				hechos[i] <- g.entidad(Entidades[i], plan[i])
			}
		}()
	}
	total := 0
	for _, ds := range plan {
		for _, d := range ds {
			total += d.secciones
		}
	}
	var err error
	for i := range Entidades {
		t := <-hechos[i]
		if err == nil {
			err = s.agregar(t, res)
		}
		if err == nil && op.Avance != nil {
			op.Avance(res.Secciones, total)
		}
		<-turno
	}
	wg.Wait()
	return err
}

// trozo is what one entidad (or the fuera-de-catálogo rows) adds to the files.
type trozo struct {
	filas        [3]bytes.Buffer
	tabla        bytes.Buffer
	resumen      [3]corte.Resumen
	actas        [3]int
	candidaturas [3][][]string
	distritos    int
	secciones    int
	casillas     int
	err          error
}

// generador generates the rows of one entidad with its own random source.
type generador struct {
	op      Opciones
	z       *azar
	hora    time.Time // the cut
	jornada time.Time // 18:00 of election day, when acopio starts
	defs    [3]*catalog.Eleccion
	votos   []int64
	actas   [3]acta.Acta
	fila    []byte
}

func nuevoGenerador(op Opciones, parte int) *generador {
	g := &generador{op: op, z: nuevoAzar(op.Semilla, uint64(parte)), hora: op.Hora,
		votos: make([]int64, len(columnasVoto))}
	y, m, d := op.Hora.In(opendata.Zona).Date()
	g.jornada = time.Date(y, m, d-1, 18, 0, 0, 0, opendata.Zona)
	for k, e := range Elecciones {
		g.defs[k] = e.definicion()
	}
	return g
}

// salida assembles the files: each election's rows go to a temporary file while the
// entidades are generated, and the file is written at the end, when its summary is known.
type salida struct {
	dir   string
	op    Opciones
	tmp   [3]*os.File
	bufs  [3]*bufio.Writer
	tabla *os.File
	tbuf  *bufio.Writer
	cand  [3][][]string
}

func nuevaSalida(dir string, op Opciones) (*salida, error) {
	s := &salida{dir: dir, op: op}
	// The Presidencia has one set of candidacies, for the whole country.
	s.cand[0] = candidaturasFilas(Elecciones[0], "", "", todasCorren())
	for k, e := range Elecciones {
		f, err := os.CreateTemp(dir, ".filas-"+e.Codigo+"-")
		if err != nil {
			s.descartar()
			return nil, fmt.Errorf("generate in %s: %w", dir, err)
		}
		s.tmp[k], s.bufs[k] = f, bufio.NewWriterSize(f, 1<<20)
	}
	if op.Tabla {
		f, err := os.Create(filepath.Join(dir, ArchivoTabla))
		if err != nil {
			s.descartar()
			return nil, fmt.Errorf("generate in %s: %w", dir, err)
		}
		s.tabla, s.tbuf = f, bufio.NewWriterSize(f, 1<<20)
		s.tbuf.WriteString(tablaColumnas())
	}
	return s, nil
}

// agregar writes the rows of one trozo and adds up its counts.
func (s *salida) agregar(t *trozo, res *Resultado) error {
	if t.err != nil {
		return t.err
	}
	for k := range Elecciones {
		if _, err := s.bufs[k].Write(t.filas[k].Bytes()); err != nil {
			return fmt.Errorf("generate in %s: %w", s.dir, err)
		}
		res.Resumenes[k].Merge(t.resumen[k])
		res.Actas[k] += t.actas[k]
		s.cand[k] = append(s.cand[k], t.candidaturas[k]...)
	}
	if s.tbuf != nil {
		if _, err := s.tbuf.Write(t.tabla.Bytes()); err != nil {
			return fmt.Errorf("generate in %s: %w", s.dir, err)
		}
	}
	res.Distritos += t.distritos
	res.Secciones += t.secciones
	res.Casillas += t.casillas
	return nil
}

// cerrar writes every file: header and rows of each election, its candidaturas, the table.
func (s *salida) cerrar(res *Resultado) error {
	for k, e := range Elecciones {
		def := e.definicion()
		path := filepath.Join(s.dir, def.ArchivoBase()+".csv")
		if err := s.escribir(k, path, def, res.Resumenes[k]); err != nil {
			return fmt.Errorf("generate %s: %w", path, err)
		}
		cpath := filepath.Join(s.dir, opendata.CandidaturasNombre(def))
		def.CandidaturasColumnas, def.CandidaturasFilas = candidaturasColumnas(e), s.cand[k]
		if err := escribirArchivo(cpath, func(w io.Writer) error {
			return opendata.WriteCandidaturas(w, def)
		}); err != nil {
			return fmt.Errorf("generate %s: %w", cpath, err)
		}
		res.Archivos = append(res.Archivos, path, cpath)
	}
	if s.tabla != nil {
		err := s.tbuf.Flush()
		if cerr := s.tabla.Close(); err == nil {
			err = cerr
		}
		s.tabla = nil
		if err != nil {
			return fmt.Errorf("generate %s: %w", ArchivoTabla, err)
		}
		res.Archivos = append(res.Archivos, filepath.Join(s.dir, ArchivoTabla))
	}
	return nil
}

// escribir writes the file of election k: its header, then its rows from the temporary file.
func (s *salida) escribir(k int, path string, def *catalog.Eleccion, r corte.Resumen) error {
	if err := s.bufs[k].Flush(); err != nil {
		return err
	}
	if _, err := s.tmp[k].Seek(0, io.SeekStart); err != nil {
		return err
	}
	return escribirArchivo(path, func(w io.Writer) error {
		if err := opendata.WriteEncabezado(w, def, s.op.Hora, true, r); err != nil {
			return err
		}
		_, err := io.Copy(w, s.tmp[k])
		return err
	})
}

// escribirArchivo writes a file through fill, or leaves none.
func escribirArchivo(path string, fill func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// descartar removes the temporary files, and the table when it was not finished.
func (s *salida) descartar() {
	for _, f := range s.tmp {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}
	if s.tabla != nil {
		s.tabla.Close()
		os.Remove(s.tabla.Name())
	}
}
