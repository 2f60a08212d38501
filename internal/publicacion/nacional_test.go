package publicacion

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"syscall"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/sintetico"
	"github.com/sufragio/sufragio/internal/store"
)

// nacionalStore opens a store holding the synthetic national process (sintetico, seed 1,
// the whole country), imported as sufragio import does, and returns the files as read.
func nacionalStore(b *testing.B) (*store.Store, []*opendata.Archivo) {
	b.Helper()
	ctx := context.Background()
	gen := b.TempDir()
	if _, err := sintetico.Generar(gen, sintetico.Opciones{Semilla: 1}); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var files []*opendata.Archivo
	for _, e := range sintetico.Elecciones {
		f, data, err := sintetico.Leer(gen, e)
		if err != nil {
			b.Fatal(err)
		}
		importar(b, st, f, data)
		files = append(files, f)
	}
	return st, files
}

// importar stores a file as sufragio import does.
func importar(b *testing.B, st *store.Store, f *opendata.Archivo, data []byte) {
	b.Helper()
	sum := sha256.Sum256(data)
	in := store.ImportInput{Archivo: f, Fuente: f.Nombre, SHA256: hex.EncodeToString(sum[:])}
	if _, err := st.Import(context.Background(), store.SystemActor, in); err != nil {
		b.Fatal(err)
	}
}

// reportPeakRSS reports the peak resident memory of the benchmark process so far.
func reportPeakRSS(b *testing.B) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB") // KiB on Linux
	}
}

// BenchmarkPublicarNacional measures a full corte of the synthetic national process (about
// 510,000 actas) as sufragio corte publishes it: the actas read from the store, tallied,
// written and recorded (issue 7's target: within 3 s and 1.5 GB).
func BenchmarkPublicarNacional(b *testing.B) {
	ctx := context.Background()
	st, files := nacionalStore(b)
	hora := files[0].Corte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A new Publicador each time: the command line starts from nothing.
		p := New(st, b.TempDir(), false, nil)
		if _, err := p.Publicar(ctx, store.SystemActor, hora.Add(time.Duration(i+1)*time.Minute),
			false); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportPeakRSS(b)
}

// cambiosPorCorte is how many actas change between the cortes of
// BenchmarkPublicarIncremental.
const cambiosPorCorte = 1000

// BenchmarkPublicarIncremental measures a corte of the synthetic national process after
// cambiosPorCorte actas changed since the corte before, spread over the three elections, as
// the PREP publishes every few minutes (issue 7's target: within 200 ms). Between cortes,
// untimed, new files with those actas changed are imported.
func BenchmarkPublicarIncremental(b *testing.B) {
	ctx := context.Background()
	st, files := nacionalStore(b)
	p := New(st, b.TempDir(), false, nil)
	hora := files[0].Corte
	if _, err := p.Publicar(ctx, store.SystemActor, hora.Add(time.Minute), false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for k, f := range files {
			cambiar(b, st, f, i, cambiosPorCorte/len(files)+min(k, cambiosPorCorte%len(files)))
		}
		b.StartTimer()
		if _, err := p.Publicar(ctx, store.SystemActor, hora.Add(time.Duration(i+2)*time.Minute),
			false); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportPeakRSS(b)
}

// cambiar changes n registered actas of the file, spread over it, for the i-th time (their
// null votes become i+1 more than published), and imports the file so changed.
func cambiar(b *testing.B, st *store.Store, f *opendata.Archivo, i, n int) {
	b.Helper()
	nulos := len(f.Eleccion.Contendientes) - 1
	paso := len(f.Actas) / n
	hechas := 0
	for k := 0; hechas < n && k < len(f.Actas); k += paso {
		a := f.Actas[k]
		if a.Votos[nulos].Kind != acta.Number {
			continue
		}
		copia := *a
		copia.Votos = append([]acta.Value(nil), a.Votos...)
		copia.Votos[nulos] = acta.Num(copia.Votos[nulos].N + int64(i) + 1)
		f.Actas[k] = &copia
		hechas++
	}
	var buf bytes.Buffer
	var r = f.Eleccion
	if err := opendata.Write(&buf, opendata.Publicacion{Eleccion: r, Actas: f.Actas,
		Hora: f.Corte, Final: true, Config: acta.DefaultConfig}); err != nil {
		b.Fatal(err)
	}
	importar(b, st, f, buf.Bytes())
}
