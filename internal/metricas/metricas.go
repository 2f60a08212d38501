// Package metricas exposes what an operator watches while sufragio runs, in the Prometheus
// text format at /metrics, and answers the health checks of a load balancer or an
// orchestrator at /healthz and /readyz.
//
// Metrics (every name prefixed sufragio_):
//
//	http_peticiones_total{ruta,codigo}   requests by route pattern and status
//	http_duracion_segundos{ruta}         their duration
//	actas{eleccion,etapa}                actas at each stage of the PREP line, read from the
//	                                     store when scraped
//	captura_segundos                     time to record one capture of an acta
//	corte_segundos                       time to build and publish one corte
//
// plus the Go runtime's and the process's (memory, goroutines, CPU, open files).
package metricas

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metricas holds the metrics of one server. Its methods are safe for concurrent use.
type Metricas struct {
	reg        *prometheus.Registry
	peticiones *prometheus.CounterVec
	duracion   *prometheus.HistogramVec
	captura    prometheus.Histogram
	corte      prometheus.Histogram
}

// Actas counts the actas at each stage, by election and stage, as the store reads them.
type Actas func(ctx context.Context) (map[string]map[string]int, error)

// Nueva returns the metrics of a server; actas, when not nil, is read at each scrape.
func Nueva(actas Actas) *Metricas {
	m := &Metricas{reg: prometheus.NewRegistry()}
	m.peticiones = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sufragio_http_peticiones_total",
		Help: "Peticiones HTTP atendidas, por ruta y código de estado.",
	}, []string{"ruta", "codigo"})
	m.duracion = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "sufragio_http_duracion_segundos",
		Help:    "Duración de las peticiones HTTP, por ruta.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
	}, []string{"ruta"})
	m.captura = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "sufragio_captura_segundos",
		Help:    "Tiempo para registrar una captura de un acta, de la petición al disco.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
	})
	m.corte = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "sufragio_corte_segundos",
		Help:    "Tiempo para construir y publicar un corte.",
		Buckets: prometheus.ExponentialBuckets(0.01, 2, 12),
	})
	m.reg.MustRegister(m.peticiones, m.duracion, m.captura, m.corte,
		collectors.NewGoCollector(), collectors.NewProcessCollector(
			collectors.ProcessCollectorOpts{}))
	if actas != nil {
		m.reg.MustRegister(&colectorActas{leer: actas})
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metricas) Handler() http.Handler {
	// A collector that fails (the database down) loses its own metrics, not the others:
	// those of the process matter most then.
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError})
}

// Captura records the time one capture took.
func (m *Metricas) Captura(d time.Duration) { m.captura.Observe(d.Seconds()) }

// Corte records the time one corte took to build and publish.
func (m *Metricas) Corte(d time.Duration) { m.corte.Observe(d.Seconds()) }

// Medir counts and times every request next serves, by the pattern of the route that
// served it (the net/http pattern, "GET /computos/{id}"), "sin-ruta" when none matched.
func (m *Metricas) Medir(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inicio := time.Now()
		sw := &estado{ResponseWriter: w, codigo: http.StatusOK}
		next.ServeHTTP(sw, r)
		ruta := r.Pattern
		if ruta == "" {
			ruta = "sin-ruta"
		}
		m.peticiones.WithLabelValues(ruta, strconv.Itoa(sw.codigo)).Inc()
		m.duracion.WithLabelValues(ruta).Observe(time.Since(inicio).Seconds())
	})
}

// estado remembers the status a handler wrote.
type estado struct {
	http.ResponseWriter
	codigo  int
	escrito bool
}

func (e *estado) WriteHeader(c int) {
	if !e.escrito {
		e.codigo, e.escrito = c, true
	}
	e.ResponseWriter.WriteHeader(c)
}

func (e *estado) Write(b []byte) (int, error) {
	e.escrito = true
	return e.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushing, deadlines).
func (e *estado) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// colectorActas reads the actas per stage at each scrape, so that the figures are the
// store's, not a copy kept in memory.
type colectorActas struct{ leer Actas }

var descActas = prometheus.NewDesc("sufragio_actas",
	"Actas en cada etapa de la línea del PREP, por elección.", []string{"eleccion", "etapa"},
	nil)

func (c *colectorActas) Describe(ch chan<- *prometheus.Desc) { ch <- descActas }

func (c *colectorActas) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	por, err := c.leer(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descActas, err)
		return
	}
	for e, etapas := range por {
		for et, n := range etapas {
			ch <- prometheus.MustNewConstMetric(descActas, prometheus.GaugeValue, float64(n),
				e, et)
		}
	}
}

// Comprobacion is one check of /readyz: its name and whether it passes, with the reason
// when it does not.
type Comprobacion struct {
	Nombre string
	Probar func(ctx context.Context) error
}

// Salud answers /healthz: the process is up and serving.
func Salud(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// Listo answers /readyz with every check's outcome as JSON: 200 when all pass, 503 when
// one does not, so that a load balancer sends no traffic to an instance that cannot serve
// it (its database unreachable, no corte loaded).
func Listo(checks ...Comprobacion) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		type resultado struct {
			Nombre string `json:"nombre"`
			Bien   bool   `json:"bien"`
			Motivo string `json:"motivo,omitempty"`
		}
		out := struct {
			Listo          bool        `json:"listo"`
			Comprobaciones []resultado `json:"comprobaciones"`
		}{Listo: true, Comprobaciones: []resultado{}}
		for _, c := range checks {
			x := resultado{Nombre: c.Nombre, Bien: true}
			if err := c.Probar(ctx); err != nil {
				x.Bien, x.Motivo, out.Listo = false, err.Error(), false
			}
			out.Comprobaciones = append(out.Comprobaciones, x)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !out.Listo {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(out)
	})
}
