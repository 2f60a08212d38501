package publish_test

import (
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/sintetico"
)

// nacional holds the synthetic national process, generated and read once per test binary.
var nacional struct {
	once   sync.Once
	in     []corte.Entrada
	hora   time.Time
	err    error
	rows   int
	tmpDir string
}

// loadNacional generates the synthetic federal process at full scale (sintetico, seed 1)
// and reads its three files as sufragio import does.
func loadNacional(b *testing.B) ([]corte.Entrada, time.Time) {
	b.Helper()
	nacional.once.Do(func() {
		dir, err := os.MkdirTemp("", "sufragio-nacional-")
		if err != nil {
			nacional.err = err
			return
		}
		defer os.RemoveAll(dir)
		if _, err := sintetico.Generar(dir, sintetico.Opciones{Semilla: 1}); err != nil {
			nacional.err = err
			return
		}
		for _, e := range sintetico.Elecciones {
			f, _, err := sintetico.Leer(dir, e)
			if err != nil {
				nacional.err = err
				return
			}
			nacional.in = append(nacional.in, corte.Entrada{Eleccion: f.Eleccion,
				Actas: f.Actas})
			nacional.hora = f.Corte
			nacional.rows += len(f.Actas)
		}
	})
	if nacional.err != nil {
		b.Fatal(nacional.err)
	}
	return nacional.in, nacional.hora
}

// reportPeakRSS reports the peak resident memory of the benchmark process so far, which
// holds the actas of the country as the corte does.
func reportPeakRSS(b *testing.B) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB") // Maxrss is in KiB on Linux
	}
}

// BenchmarkCorteNacional measures the full corte of the synthetic national process (issue
// 7's target: within 3 s and 1.5 GB): the three federal elections, about 510,000 actas,
// tallied at every level and published (CSV, JSON of every level, ZIP, manifest, change
// list), as sufragio corte does once it has read the actas from the store.
func BenchmarkCorteNacional(b *testing.B) {
	in, hora := loadNacional(b)
	dir := b.TempDir()
	b.ReportMetric(float64(nacional.rows), "actas")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		when := hora.Add(time.Duration(i) * time.Minute)
		res := corte.TallyAll(in, nil, when, false, acta.DefaultConfig)
		if _, err := publish.Build(dir, publish.Input{Numero: i + 1, Hora: when,
			Generado: when, Elecciones: res, Config: acta.DefaultConfig}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportPeakRSS(b)
}

// BenchmarkTallyNacional measures the tally alone of the synthetic national process: the
// classification of every acta and the sums of every level, without writing anything.
func BenchmarkTallyNacional(b *testing.B) {
	in, hora := loadNacional(b)
	runtime.GC() // the garbage of reading the files is not the tally's
	antes := cpu()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		corte.TallyAll(in, nil, hora, false, acta.DefaultConfig)
	}
	b.StopTimer()
	// The processor time, all cores together, tells the work apart from the waiting on a
	// busy machine.
	b.ReportMetric((cpu()-antes).Seconds()/float64(b.N), "cpu-s/op")
}

// cpu is the processor time the process has used so far, user and system.
func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
