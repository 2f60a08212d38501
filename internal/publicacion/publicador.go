// Package publicacion publishes cortes from the store: it tallies every election, writes
// the corte with internal/publish, and records it. A Publicador publishes one corte at a
// time, whether asked by the command line, by the administrador's page or by the schedule
// of the PREP (Programa), and keeps cortes moving forward: each one later than the last and
// none after the final one (RULES.md §1.1).
package publicacion

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"sync"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/destino"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

// Error is a refusal to publish, with a Spanish message for people.
type Error struct {
	msg   string
	cause error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return e.msg + ": " + e.cause.Error()
	}
	return e.msg
}

// Mensaje returns the Spanish message.
func (e *Error) Mensaje() string { return e.msg }

func (e *Error) Unwrap() error { return e.cause }

func refuse(cause error, format string, args ...any) error {
	return &Error{msg: fmt.Sprintf(format, args...), cause: cause}
}

// Publicador publishes the cortes of one store into one folder. It is safe for concurrent
// use: publications are serialized.
type Publicador struct {
	st        *store.Store
	dir       string
	log       *slog.Logger
	simulacro bool
	config    acta.Config
	now       func() time.Time
	firma     ed25519.PrivateKey // signs every corte; nil publishes them unsigned
	destinos  []destino.Destino  // where every corte is copied once published
	// medir, when set, receives the time each corte took to build and publish.
	medir func(time.Duration)
	// conocidas are the actas the last corte read, by election, so that the next reads
	// from the store only those written since (see store.ActasCambiadas).
	conocidas map[string]*store.Leidas

	mu sync.Mutex
}

// Firmar makes the Publicador sign every corte it publishes with key (see publish.Input).
func (p *Publicador) Firmar(key ed25519.PrivateKey) { p.firma = key }

// New returns a Publicador writing cortes under dir. simulacro marks every corte it writes
// as a SIMULACRO.
func New(st *store.Store, dir string, simulacro bool, log *slog.Logger) *Publicador {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Publicador{st: st, dir: dir, log: log, simulacro: simulacro,
		config: acta.DefaultConfig, now: time.Now}
}

// Replicar makes the Publicador copy every corte it publishes, once it is in place in the
// local folder, to each destination (object storage behind a CDN, another folder): the
// corte's files first and index.json last, so that "latest" moves only when the whole
// corte is there. A destination that missed a corte catches up with the next one.
func (p *Publicador) Replicar(ds ...destino.Destino) { p.destinos = append(p.destinos, ds...) }

// ErrorDestino is returned, with the manifest, when a corte was published in the local
// folder but could not be copied to one of its destinations.
type ErrorDestino struct {
	Numero  int
	Destino string
	Err     error
}

// Error returns the Spanish message for the operator: what happened and why in a few
// words; the cause in full, in English, is in the log.
func (e *ErrorDestino) Error() string {
	msg := fmt.Sprintf("el corte %d se publicó en la carpeta de cortes, pero no se pudo "+
		"copiar a %s: %s", e.Numero, e.Destino, destino.Motivo(e.Err))
	if errors.Is(e.Err, destino.ErrConflict) {
		// Retrying does not help: a published corte never changes.
		return msg + "; no se le copiarán cortes mientras no se revise"
	}
	return msg + "; se copiará, con los que falten, al publicar el siguiente corte"
}

// Unwrap returns the cause.
func (e *ErrorDestino) Unwrap() error { return e.Err }

// Huella is the fingerprint of the key that signs the cortes, "" when they are not signed.
func (p *Publicador) Huella() string {
	if p.firma == nil {
		return ""
	}
	return publish.Huella(p.firma.Public().(ed25519.PublicKey))
}

// Medir makes the Publicador report the time each corte takes to build and publish.
func (p *Publicador) Medir(f func(time.Duration)) { p.medir = f }

// Dir is the folder the cortes are published to.
func (p *Publicador) Dir() string { return p.dir }

// Publicar tallies every election in the store and publishes a corte with time when, on
// behalf of actor. final marks the last corte before the PREP closes. A zero when stands
// for the moment the actas were read, to the second, so that every acta the corte holds
// was verified before its time (RULES.md §1.1).
func (p *Publicador) Publicar(ctx context.Context, actor store.Actor, when time.Time,
	final bool) (*publish.Manifiesto, error) {
	return p.publicar(ctx, actor, when, final, false)
}

// PublicarCeros publishes the puesta en ceros: corte 0, before the PREP opens, with every
// acta of the catalog expected and none registered, so that anyone can see that the
// publication starts from zero and follow the chain of cortes from it. It is refused once
// any corte is published. A zero when stands for now.
func (p *Publicador) PublicarCeros(ctx context.Context, actor store.Actor,
	when time.Time) (*publish.Manifiesto, error) {
	return p.publicar(ctx, actor, when, false, true)
}

func (p *Publicador) publicar(ctx context.Context, actor store.Actor, when time.Time,
	final, ceros bool) (*publish.Manifiesto, error) {
	return p.exclusivo(ctx, func() (*publish.Manifiesto, error) {
		return p.construir(ctx, actor, when, final, ceros)
	})
}

// exclusivo runs fn, which publishes a corte or not, while no other publication runs: in
// this process, nor in another instance sharing the database and the cortes folder
// (store.Exclusivo), so that two instances never take the same number or publish the same
// slot of the schedule twice.
func (p *Publicador) exclusivo(ctx context.Context,
	fn func() (*publish.Manifiesto, error)) (*publish.Manifiesto, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var m *publish.Manifiesto
	err := p.st.Exclusivo(ctx, "cortes", func() error {
		var err error
		m, err = fn()
		return err
	})
	return m, err
}

// construir tallies and publishes a corte; under exclusivo.
func (p *Publicador) construir(ctx context.Context, actor store.Actor, when time.Time,
	final, ceros bool) (*publish.Manifiesto, error) {
	inicio := time.Now()
	elecciones, err := p.st.Elecciones(ctx)
	if err != nil {
		return nil, err
	}
	if len(elecciones) == 0 {
		return nil, refuse(nil, "no hay datos que publicar: importe primero los archivos del "+
			"PREP con «sufragio import» o cargue el catálogo de actas")
	}
	if err := p.checkModo(); err != nil {
		return nil, err
	}
	if ceros {
		if err := p.checkCeros(ctx); err != nil {
			return nil, err
		}
		if when.IsZero() {
			when = p.now().Truncate(time.Second)
		}
		if when.After(p.now().Add(time.Minute)) {
			return nil, refuse(nil, "la hora de la puesta en ceros (%s) está en el futuro",
				opendata.FormatCorte(when))
		}
	} else if !when.IsZero() {
		if err := p.checkHora(ctx, when); err != nil {
			return nil, err
		}
	}
	geo, err := p.st.Geografia(ctx)
	if err != nil {
		return nil, err
	}
	in := publish.Input{Hora: when, Final: final, Generado: p.now(), Config: p.config,
		Simulacro: p.simulacro, Firma: p.firma}
	entradas := make([]corte.Entrada, len(elecciones))
	publicadas := map[string][]*acta.Acta{}
	leidas, err := p.leerActas(ctx, elecciones)
	if err != nil {
		return nil, err
	}
	for i, e := range elecciones {
		actas := leidas[i]
		if ceros {
			// The catalog's actas, nothing registered; fuera-de-catálogo ones are not in
			// the catalog.
			var espera []*acta.Acta
			for _, a := range actas {
				if !a.FueraDeCatalogo() {
					espera = append(espera, prep.Esperar(a))
				}
			}
			actas = espera
		}
		entradas[i] = corte.Entrada{Eleccion: e, Actas: actas}
		publicadas[e.Codigo] = actas
	}
	if when.IsZero() {
		// The next whole second: every acta read was verified before the corte's time. A
		// corte asked for within the second of the last one takes the second after it, so
		// that a corte on demand right after a scheduled one is not refused.
		when = p.now().Truncate(time.Second).Add(time.Second)
		if last, ok, err := p.st.LastCorte(ctx); err != nil {
			return nil, err
		} else if ok && !last.Final && !when.After(last.Hora) {
			when = last.Hora.Truncate(time.Second).Add(time.Second)
		}
		if err := p.checkHora(ctx, when); err != nil {
			return nil, err
		}
	}
	// The corte's time is the PREP's local time, as the CSV prints it.
	when = when.In(opendata.Zona)
	in.Hora = when
	in.Elecciones = corte.TallyAll(entradas, geo, when, final, in.Config)
	if !ceros {
		if in.Numero, err = p.nextNumero(ctx); err != nil {
			return nil, err
		}
	}
	if err := p.publicarImagenes(ctx, publicadas); err != nil {
		return nil, refuse(err, "no se pudieron publicar las imágenes de las actas en %s", p.dir)
	}
	m, err := publish.Build(p.dir, in)
	if err != nil {
		return nil, refuse(err, "no se pudo publicar el corte %d en %s", in.Numero, p.dir)
	}
	rec := store.CorteRecord{Numero: m.Numero, Hora: m.Hora, Final: m.Final,
		Generado: m.Generado, Carpeta: publish.CarpetaCorte(m.Numero), Zip: m.Zip,
		Actas: publicadas}
	for _, a := range m.Archivos {
		if a.Ruta == m.Zip {
			rec.ZipSHA256 = a.SHA256
		}
	}
	if err := p.st.RecordCorte(ctx, actor, rec); err != nil {
		return nil, err
	}
	if p.medir != nil {
		p.medir(time.Since(inicio))
	}
	p.log.Info("corte published", "corte", m.Numero, "hora", m.HoraTexto, "final", m.Final,
		"user", actor.Username)
	for _, d := range p.destinos {
		if err := d.Publicar(ctx, p.dir, m.Numero); err != nil {
			p.log.Error("corte not copied to its destination", "corte", m.Numero,
				"destino", d.String(), "err", err)
			return m, &ErrorDestino{Numero: m.Numero, Destino: d.String(), Err: err}
		}
		p.log.Info("corte copied", "corte", m.Numero, "destino", d.String())
	}
	return m, nil
}

// leerActas reads the actas of every election from the store: in full the first time, then
// only those that changed since the last corte, keeping the others. The elections are read
// at once, each on its own connection: for the country, decoding half a million rows is
// most of the work, and it spreads over the cores.
func (p *Publicador) leerActas(ctx context.Context, elecciones []*catalog.Eleccion) (
	[][]*acta.Acta, error) {
	out := make([][]*acta.Acta, len(elecciones))
	nuevas := make([]*store.Leidas, len(elecciones))
	errs := make([]error, len(elecciones))
	var wg sync.WaitGroup
	for i, e := range elecciones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var leidas int
			out[i], nuevas[i], leidas, errs[i] = p.st.ActasCambiadas(ctx, e.Codigo,
				p.conocidas[e.Codigo])
			if errs[i] == nil {
				p.log.Debug("actas read", "eleccion", e.Codigo, "actas", len(out[i]),
					"leidas", leidas)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p.conocidas = make(map[string]*store.Leidas, len(elecciones))
	for i, e := range elecciones {
		p.conocidas[e.Codigo] = nuevas[i]
	}
	return out, nil
}

// publicarImagenes writes the images of the actas a corte publishes that are not published
// yet, before the corte itself, so that every código de integridad of a published corte
// names an image anyone can download and check.
func (p *Publicador) publicarImagenes(ctx context.Context, actas map[string][]*acta.Acta) error {
	codigos, err := p.sinPublicar(ctx, actas)
	if err != nil {
		return err
	}
	n, err := publish.PublicarImagenes(p.dir, codigos, func(sha string) (io.Reader, string, error) {
		img, err := p.st.LeerImagen(ctx, sha)
		if errors.Is(err, store.ErrNotFound) {
			return nil, "", fs.ErrNotExist
		}
		if err != nil {
			return nil, "", err
		}
		return img, img.ContentType, nil
	})
	if n > 0 {
		p.log.Info("acta images published", "imagenes", n)
	}
	return err
}

// porLista is how many images a corte may have to look up one by one; beyond it, the list
// of stored images is read once instead (a national corte of imported files has some
// 420,000 códigos de integridad and no image).
const porLista = 2000

// sinPublicar lists the códigos de integridad of the actas whose image is not published
// yet, leaving out, when there are many, those of which the store holds no image.
func (p *Publicador) sinPublicar(ctx context.Context, actas map[string][]*acta.Acta) (
	[]string, error) {
	hay, err := publish.ImagenesPublicadas(p.dir)
	if err != nil {
		return nil, err
	}
	var codigos []string
	for _, as := range actas {
		for _, a := range as {
			if publish.EsSHA256(a.CodigoIntegridad) && hay[a.CodigoIntegridad] == "" {
				codigos = append(codigos, a.CodigoIntegridad)
			}
		}
	}
	if len(codigos) <= porLista {
		return codigos, nil
	}
	guardadas, err := p.st.Imagenes(ctx)
	if err != nil {
		return nil, err
	}
	en := make(map[string]bool, len(guardadas))
	for _, sha := range guardadas {
		en[sha] = true
	}
	out := codigos[:0]
	for _, c := range codigos {
		if en[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

// checkCeros refuses a puesta en ceros once any corte is published, in the store or the
// folder.
func (p *Publicador) checkCeros(ctx context.Context) error {
	idx, err := publish.ReadIndice(p.dir)
	if err != nil {
		return refuse(err, "no se pudo leer el índice de cortes de %s", p.dir)
	}
	_, ok, err := p.st.LastCorte(ctx)
	if err != nil {
		return err
	}
	if ok || len(idx.Cortes) > 0 {
		return refuse(nil, "la puesta en ceros es el primer corte y ya se publicaron cortes "+
			"en %s", p.dir)
	}
	return nil
}

// nextNumero is the number of the next corte: one past the last one published in the
// folder, which must hold the last one the store recorded, so that neither can repeat.
func (p *Publicador) nextNumero(ctx context.Context) (int, error) {
	n, err := publish.NextNumero(p.dir)
	if err != nil {
		return 0, refuse(err, "no se pudo leer la carpeta de cortes %s", p.dir)
	}
	last, ok, err := p.st.LastCorte(ctx)
	if err != nil {
		return 0, err
	}
	if ok && last.Numero >= n {
		// The corte the store recorded is not in this folder: another instance published it
		// elsewhere. Publishing here would break the chain of both folders.
		return 0, refuse(nil, "la base registra el corte %d, pero la carpeta de cortes %s no "+
			"lo tiene: publique en la carpeta donde están los cortes de esta base (varias "+
			"instancias deben compartirla)", last.Numero, p.dir)
	}
	return n, nil
}

// checkModo keeps simulacro and live cortes apart: a folder that holds cortes of one kind
// never receives one of the other, so simulacro data can never enter a live publication.
func (p *Publicador) checkModo() error {
	idx, err := publish.ReadIndice(p.dir)
	if err != nil {
		return refuse(err, "no se pudo leer el índice de cortes de %s", p.dir)
	}
	for _, e := range idx.Cortes {
		if e.Simulacro == p.simulacro {
			continue
		}
		if p.simulacro {
			return refuse(nil, "la carpeta %s tiene cortes reales (el %d, entre otros): un "+
				"simulacro no publica en ella", p.dir, e.Numero)
		}
		return refuse(nil, "la carpeta %s tiene cortes de SIMULACRO (el %d, entre otros): "+
			"los cortes reales se publican en otra carpeta", p.dir, e.Numero)
	}
	return nil
}

// checkHora keeps cortes moving forward: each one later than the last, none after the
// final corte, which closes the PREP (RULES.md §1.1), and none in the future.
func (p *Publicador) checkHora(ctx context.Context, when time.Time) error {
	if when.After(p.now().Add(time.Minute)) {
		return refuse(nil, "la hora del corte (%s) está en el futuro", opendata.FormatCorte(when))
	}
	asOf, err := p.st.AsOf(ctx)
	if err != nil {
		return err
	}
	if when.Before(asOf.Truncate(time.Minute)) {
		return refuse(nil, "la hora del corte (%s) es anterior a la de los datos importados "+
			"(%s): el corte publicaría datos posteriores a su hora", opendata.FormatCorte(when),
			opendata.FormatCorte(asOf))
	}
	last, ok, err := p.st.LastCorte(ctx)
	if err != nil || !ok {
		return err
	}
	switch {
	case last.Final:
		return refuse(nil, "el PREP ya se cerró con el corte final %d (%s); no se publican "+
			"más cortes", last.Numero, opendata.FormatCorte(last.Hora))
	case !when.After(last.Hora):
		return refuse(nil, "ya se publicó el corte %d con hora %s; un corte nuevo debe tener "+
			"una hora posterior (importe datos de un corte más reciente o indique --hora)",
			last.Numero, opendata.FormatCorte(last.Hora))
	}
	return nil
}
