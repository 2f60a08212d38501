package simulacro

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
)

// Credencial is the login of one member of the simulated staff. Nueva is the password set
// when the server demands a change at first login.
type Credencial struct {
	Usuario, Password, Nueva string
}

// Equipo is the staff of the simulated night. Each member works in his own goroutine with
// his own session.
type Equipo struct {
	Administrador   Credencial
	Acopiadores     []Credencial
	Digitalizadores []Credencial
	Capturistas     []Credencial
	Verificadores   []Credencial
}

// Opciones configure a replay.
type Opciones struct {
	URL    string // base URL of the running sufragio, e.g. http://127.0.0.1:8080
	Equipo Equipo
	// Velocidad is how many seconds of the real night pass in one second of the replay; 0
	// replays as fast as the server goes.
	Velocidad float64
	// Imagen makes the image of an acta.
	Imagen func(*acta.Acta, *catalog.Eleccion) ([]byte, error)
	// Estancado is how long the replay waits without progress before it gives up.
	Estancado time.Duration
	// Acuse, when set, is told of every step the server acknowledged: the stage
	// ("acopio", "imagen", "captura", "verificada"), the election and the acta id (the key
	// typed, for one fuera de catálogo), and for an image its SHA-256. A test of crash
	// safety checks afterwards that every acknowledged step is still there.
	Acuse func(etapa, eleccion, acta, sha string)
	// AlEmpezar, when set, is called when the night starts: the staff is logged in and the
	// images are made.
	AlEmpezar func()
	Log       *slog.Logger
}

// Informe tells what a replay did.
type Informe struct {
	Pasos, Verificadas, SinActa, FueraCatalogo, Discrepancias int
	Duracion                                                  time.Duration
	// Captura holds the latency of every capture request, sorted.
	Captura []time.Duration
	// Corte is the number of the final corte the administrador published.
	Corte int
}

// Percentil returns the p-th percentile (0-100) of the sorted durations.
func Percentil(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(float64(len(d)-1) * p / 100)
	return d[i]
}

// replay is the state of one run.
type replay struct {
	o       Opciones
	pasos   map[string]*Paso // by eleccion + "/" + acta id
	hechas  atomic.Int64     // actas done: verified, sin acta or fuera de catálogo
	total   int64
	avance  atomic.Int64 // unix nanoseconds of the last progress
	mu      sync.Mutex
	inf     Informe
	fin     chan struct{}
	finOnce sync.Once
	// imagenes are the images of the actas, made before the night starts.
	imagenes map[*Paso][]byte
}

// Run replays the steps against the server and publishes the final corte. It returns when
// every acta is verified (or recorded sin acta or fuera de catálogo), or at the first error.
func Run(ctx context.Context, o Opciones, pasos []Paso) (*Informe, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Estancado == 0 {
		o.Estancado = time.Minute
	}
	r := &replay{o: o, pasos: map[string]*Paso{}, total: int64(len(pasos)),
		fin: make(chan struct{})}
	for i := range pasos {
		r.pasos[clave(pasos[i].Eleccion.Codigo, pasos[i].Acta.ID)] = &pasos[i]
	}
	r.inf.Pasos = len(pasos)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// Everyone logs in first (a login costs a deliberately slow password check); the night,
	// and its clock, start when the whole staff is at work.
	type puesto struct {
		cred Credencial
		fn   func(context.Context, *cliente) error
	}
	acopio := make(chan *Paso, 64)
	digital := make(chan *Paso, 256)
	var puestos []puesto
	for _, cr := range o.Equipo.Acopiadores {
		puestos = append(puestos, puesto{cr, func(ctx context.Context, c *cliente) error {
			return r.acopiar(ctx, c, acopio, digital)
		}})
	}
	for _, cr := range o.Equipo.Digitalizadores {
		puestos = append(puestos, puesto{cr, func(ctx context.Context, c *cliente) error {
			return r.digitalizar(ctx, c, digital)
		}})
	}
	for _, cr := range o.Equipo.Capturistas {
		puestos = append(puestos, puesto{cr, r.capturar})
	}
	for _, cr := range o.Equipo.Verificadores {
		puestos = append(puestos, puesto{cr, r.verificar})
	}
	clientes := make([]*cliente, len(puestos))
	var logins sync.WaitGroup
	var loginErr atomic.Pointer[error]
	for i, p := range puestos {
		logins.Add(1)
		go func() {
			defer logins.Done()
			c, err := nuevoCliente(ctx, o.URL, p.cred.Usuario, p.cred.Password, p.cred.Nueva)
			if err != nil {
				loginErr.Store(&err)
			}
			clientes[i] = c
		}()
	}
	logins.Wait()
	if err := loginErr.Load(); err != nil {
		return nil, *err
	}

	if err := r.fotografiar(ctx, pasos); err != nil {
		return nil, err
	}
	if o.AlEmpezar != nil {
		o.AlEmpezar()
	}
	start := time.Now()
	r.avance.Store(start.UnixNano())
	var wg sync.WaitGroup
	for i, p := range puestos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.fn(ctx, clientes[i]); err != nil && ctx.Err() == nil {
				cancel(err)
			}
		}()
	}
	go r.despachar(ctx, pasos, acopio, digital)
	go r.vigilar(ctx, cancel)

	select {
	case <-r.fin:
	case <-ctx.Done():
	}
	done := ctx.Err() == nil
	cancel(nil)
	wg.Wait()
	if !done {
		if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, ctx.Err()
	}
	r.inf.Duracion = time.Since(start)
	slices.Sort(r.inf.Captura)
	if err := r.publicarFinal(context.WithoutCancel(ctx)); err != nil {
		return nil, err
	}
	return &r.inf, nil
}

func clave(eleccion, id string) string { return eleccion + "/" + id }

// fotografiar makes the image of every acta before the night starts, on every core: the
// cameras and scanners of the CATDs are not part of the server under test, and making the
// images during the replay would take their time from it.
func (r *replay) fotografiar(ctx context.Context, pasos []Paso) error {
	r.imagenes = make(map[*Paso][]byte, len(pasos))
	var mu sync.Mutex
	work := make(chan *Paso)
	errc := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				img, err := r.o.Imagen(p.Acta, p.Eleccion)
				if err != nil {
					select {
					case errc <- fmt.Errorf("image of %s: %w", p.Acta.ID, err):
					default:
					}
					continue
				}
				mu.Lock()
				r.imagenes[p] = img
				mu.Unlock()
			}
		}()
	}
	for i := range pasos {
		if pasos[i].Tipo == Normal && ctx.Err() == nil {
			work <- &pasos[i]
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errc:
		return err
	default:
		return ctx.Err()
	}
}

// despachar hands the steps out in the order of the night, at the chosen speed. Actas
// photographed at the casilla skip the CATD acopio: their image is their acopio.
func (r *replay) despachar(ctx context.Context, pasos []Paso, acopio, digital chan<- *Paso) {
	defer close(acopio)
	start := time.Now()
	var t0 time.Time
	for i := range pasos {
		p := &pasos[i]
		if r.o.Velocidad > 0 && !p.Acopio.IsZero() {
			if t0.IsZero() {
				t0 = p.Acopio
			}
			at := start.Add(time.Duration(float64(p.Acopio.Sub(t0)) / r.o.Velocidad))
			select {
			case <-time.After(time.Until(at)):
			case <-ctx.Done():
				return
			}
		}
		ch := acopio
		if p.Tipo == Normal && p.Casilla {
			ch = digital
		}
		select {
		case ch <- p:
		case <-ctx.Done():
			return
		}
	}
}

// acopiar registers arrivals; captured actas go on to digitalization.
func (r *replay) acopiar(ctx context.Context, c *cliente, in <-chan *Paso,
	out chan<- *Paso) error {
	for p := range in {
		v := url.Values{"eleccion": {p.Eleccion.Codigo}, "clave": {p.Acta.ID},
			"mecanismo": {mecanismo(p.Acta)}}
		switch p.Tipo {
		case SinActa:
			v.Set("sin_acta", MotivoSinActa(p.Acta))
		case FueraDeCatalogo:
			v.Set("clave", "FC"+p.Acta.CodigoIntegridad[:10])
			v.Set("fuera_catalogo", "1")
		}
		res, err := c.form(ctx, "/operacion/acopio", v)
		if err != nil {
			return fmt.Errorf("acopio %s: %w", p.Acta.ID, err)
		}
		r.acuse("acopio", res.Eleccion, res.Acta, "")
		switch p.Tipo {
		case SinActa:
			r.hecha(func(i *Informe) { i.SinActa++ })
		case FueraDeCatalogo:
			if !res.FueraCatalogo {
				return fmt.Errorf("acopio %s: the server did not record it fuera de catálogo",
					v.Get("clave"))
			}
			r.hecha(func(i *Informe) { i.FueraCatalogo++ })
		default:
			select {
			case out <- p:
			case <-ctx.Done():
				return nil
			}
		}
	}
	return nil
}

// mecanismo is the MECANISMOS_TRASLADO to register: the published one when it is a code.
func mecanismo(a *acta.Acta) string {
	switch a.Mecanismo {
	case "D", "F", "I":
		return a.Mecanismo
	}
	return ""
}

// digitalizar uploads the image of each acta, at the CATD or, for PREP Casilla actas, from
// the mobile page.
func (r *replay) digitalizar(ctx context.Context, c *cliente, in <-chan *Paso) error {
	for {
		var p *Paso
		select {
		case p = <-in:
		case <-ctx.Done():
			return nil
		}
		img := r.imagenes[p]
		path, v := "/operacion/digitalizacion", url.Values{"eleccion": {p.Eleccion.Codigo},
			"acta": {p.Acta.ID}}
		if p.Casilla {
			path, v = "/operacion/casilla", url.Values{"eleccion": {p.Eleccion.Codigo},
				"clave": {p.Acta.ID}}
		}
		res, err := c.upload(ctx, path, v, p.Acta.ID+".png", img)
		if err != nil {
			return fmt.Errorf("image %s: %w", p.Acta.ID, err)
		}
		r.acuse("imagen", res.Eleccion, res.Acta, res.SHA256)
		r.progreso()
	}
}

// capturar keys the actas the server hands out, from the figures of the real file. On a
// second capture of an acta chosen to disagree, one field is keyed wrong.
func (r *replay) capturar(ctx context.Context, c *cliente) error {
	var next *Respuesta
	vacias := 0
	for ctx.Err() == nil {
		res := next
		if res == nil {
			var err error
			res, err = c.get(ctx, "/operacion/captura/siguiente")
			if errors.Is(err, ErrNada) {
				pausa(ctx, &vacias)
				continue
			}
			if err != nil {
				return err
			}
		}
		vacias = 0
		p := r.pasos[clave(res.Eleccion, res.Acta)]
		if p == nil {
			return fmt.Errorf("server handed out acta %s/%s, which the replay does not have",
				res.Eleccion, res.Acta)
		}
		v, err := valores(p, res.Campos)
		if err != nil {
			return err
		}
		if p.Discrepa && res.Estado == "segunda" {
			equivocar(v, res.Campos)
		}
		t := time.Now()
		out, err := c.form(ctx, "/operacion/captura/"+res.Eleccion+"/"+url.PathEscape(res.Acta), v)
		lat := time.Since(t)
		if err != nil {
			return fmt.Errorf("capture %s by %s: %w", res.Acta, c.usuario, err)
		}
		next = out.Siguiente
		r.acuse("captura", res.Eleccion, res.Acta, "")
		if out.Estado == "verificada" {
			r.acuse("verificada", res.Eleccion, res.Acta, "")
		}
		r.mu.Lock()
		r.inf.Captura = append(r.inf.Captura, lat)
		if out.Estado == "por_verificar" {
			r.inf.Discrepancias++
		}
		r.mu.Unlock()
		if out.Estado == "verificada" {
			r.hecha(func(i *Informe) { i.Verificadas++ })
		} else {
			r.progreso()
		}
	}
	return nil
}

// verificar settles the actas whose captures differ, with the figures of the real file.
func (r *replay) verificar(ctx context.Context, c *cliente) error {
	vacias := 0
	for ctx.Err() == nil {
		res, err := c.get(ctx, "/operacion/verificacion/siguiente")
		if errors.Is(err, ErrNada) {
			pausa(ctx, &vacias)
			continue
		}
		vacias = 0
		if err != nil {
			return err
		}
		p := r.pasos[clave(res.Eleccion, res.Acta)]
		if p == nil {
			return fmt.Errorf("server handed out acta %s/%s for verification, which the "+
				"replay does not have", res.Eleccion, res.Acta)
		}
		campos := make([]Campo, len(res.Diferencias))
		for i, d := range res.Diferencias {
			campos[i] = Campo{Columna: d}
		}
		v, err := valores(p, campos)
		if err != nil {
			return err
		}
		v.Set("accion", "resolver")
		out, err := c.form(ctx, "/operacion/verificacion/"+res.Eleccion+"/"+
			url.PathEscape(res.Acta), v)
		if err != nil {
			return fmt.Errorf("verify %s by %s: %w", res.Acta, c.usuario, err)
		}
		if out.Estado != "verificada" {
			return fmt.Errorf("verify %s: state %q after settling, want verificada", res.Acta,
				out.Estado)
		}
		r.acuse("verificada", res.Eleccion, res.Acta, "")
		r.hecha(func(i *Informe) { i.Verificadas++ })
	}
	return nil
}

// valores gives the figures of the real acta for the fields of a form.
func valores(p *Paso, campos []Campo) (url.Values, error) {
	v := url.Values{}
	for _, c := range campos {
		val, ok := Celda(p.Eleccion, p.Acta, c.Columna)
		if !ok {
			return nil, fmt.Errorf("acta %s: the form asks for %s, which the file does not have",
				p.Acta.ID, c.Columna)
		}
		v.Set(c.Columna, Texto(val))
	}
	return v, nil
}

// equivocar keys the first vote field wrong: one vote more, or 1 where it was not a
// number.
func equivocar(v url.Values, campos []Campo) {
	for _, c := range campos {
		if c.Columna == "NULOS" {
			var n int64
			fmt.Sscan(v.Get(c.Columna), &n)
			v.Set(c.Columna, fmt.Sprint(n+1))
			return
		}
	}
}

// Celda returns the cell of column col of the acta: a TOTAL_* field or a vote column.
func Celda(e *catalog.Eleccion, a *acta.Acta, col string) (acta.Value, bool) {
	switch col {
	case "TOTAL_BOLETAS_SOBRANTES":
		return a.Totales[acta.BoletasSobrantes], true
	case "TOTAL_PERSONAS_VOTARON":
		return a.Totales[acta.PersonasVotaron], true
	case "TOTAL_REP_PARTIDO_CI_VOTARON":
		return a.Totales[acta.RepresentantesVotaron], true
	case "TOTAL_VOTOS_SACADOS":
		return a.Totales[acta.VotosSacados], true
	case "TOTAL_VOTOS_ASENTADO":
		return a.TotalAsentado, true
	}
	if i := e.Columna(col); i >= 0 && i < len(a.Votos) {
		return a.Votos[i], true
	}
	return acta.Value{}, false
}

// pausa waits before asking again for work, longer each time nothing came (from 5 ms up
// to 160 ms), as people at a quiet desk look up less often; *n counts the empty answers
// in a row and is reset by the caller when work comes.
func pausa(ctx context.Context, n *int) {
	d := 5 * time.Millisecond << min(*n, 5)
	*n++
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// acuse reports an acknowledged step to the hook, when there is one.
func (r *replay) acuse(etapa, eleccion, acta, sha string) {
	if r.o.Acuse != nil {
		r.o.Acuse(etapa, eleccion, acta, sha)
	}
}

// progreso records that the night moved on.
func (r *replay) progreso() { r.avance.Store(time.Now().UnixNano()) }

// hecha records an acta done and ends the replay when it was the last.
func (r *replay) hecha(f func(*Informe)) {
	r.mu.Lock()
	f(&r.inf)
	r.mu.Unlock()
	r.progreso()
	if r.hechas.Add(1) == r.total {
		r.finOnce.Do(func() { close(r.fin) })
	}
}

// vigilar gives up when nothing moves for too long, saying where the night stands.
func (r *replay) vigilar(ctx context.Context, cancel context.CancelCauseFunc) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.fin:
			return
		case <-t.C:
			if time.Since(time.Unix(0, r.avance.Load())) > r.o.Estancado {
				cancel(fmt.Errorf("no progress for %s: %d of %d actas done", r.o.Estancado,
					r.hechas.Load(), r.total))
				return
			}
		}
	}
}

// publicarFinal has the administrador publish the final corte.
func (r *replay) publicarFinal(ctx context.Context) error {
	a := r.o.Equipo.Administrador
	c, err := nuevoCliente(ctx, r.o.URL, a.Usuario, a.Password, a.Nueva)
	if err != nil {
		return err
	}
	res, err := c.form(ctx, "/operacion/cortes", url.Values{"final": {"1"}})
	if err != nil {
		return fmt.Errorf("publish final corte: %w", err)
	}
	r.inf.Corte = res.Numero
	return nil
}
