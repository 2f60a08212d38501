package web

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/publish"
)

// verificarPage is /verificar: how anyone can check the cortes with sufragio verify, the
// fingerprint of the key that signs them and the manifest hash of each corte.
type verificarPage struct {
	pagina
	// Firma is the signature of the latest corte; nil when no corte is published.
	Firma *firmaCorte
	// Publicacion is the address of the cortes folder on this site, for the command line.
	Publicacion string
	Lista       []corteVerificable // every corte, newest first
}

// firmaCorte is what a corte says of who published it.
type firmaCorte struct {
	Numero int
	// Huella is the fingerprint of its public key (publish.Huella); "" when unsigned.
	Huella string
	// Estado says in words whether it is signed, for the reader: "firmado", "sin firma"…
	Estado string
	// Firmado is true when the manifest names a valid key and the signature file is there.
	Firmado bool
}

// corteVerificable is one corte in the list of /verificar.
type corteVerificable struct {
	Numero    int
	Nombre    string // "Corte 0 — puesta en ceros", "Corte 2"
	HoraTexto string
	Href      string
	// Manifiesto is the SHA-256 of its corte.json as index.json states it ("" if absent).
	Manifiesto string
	CorteJSON  string // address of its corte.json under /publicacion/
	Firma      firmaCorte
	// OtraClave marks a corte signed with another key than the latest corte's.
	OtraClave bool
}

// verificar serves /verificar. It reads only the manifests of the cortes, never loads them.
func (s *Server) verificar(w http.ResponseWriter, r *http.Request) error {
	st := s.actual()
	p := verificarPage{pagina: st.pagina(st.ultimo, "Verificar los cortes", "", true),
		Publicacion: direccionPublicacion(r)}
	if st.ultimo != nil {
		p.Firma = &st.ultimo.firma
	}
	for _, e := range p.Cortes {
		v := corteVerificable{Numero: e.Numero, Nombre: nombreCorte(e.Numero),
			HoraTexto: e.HoraTexto, Href: corteHref(e.Numero), Manifiesto: e.Manifiesto,
			CorteJSON: "/publicacion/" + e.Carpeta + "/corte.json"}
		m, err := s.manifiesto(st, e)
		if err != nil {
			s.log.Warn("verificar: manifest not read", "corte", e.Numero, "err", err)
			v.Firma = firmaCorte{Numero: e.Numero, Estado: "su corte.json no se pudo leer"}
		} else {
			v.Firma = firmaDe(s.dir, e, m)
		}
		v.OtraClave = p.Firma != nil && v.Firma.Huella != "" && v.Firma.Huella != p.Firma.Huella
		p.Lista = append(p.Lista, v)
	}
	return s.render(w, http.StatusOK, cacheCorto, "verificar", p)
}

// firmaDe says whether the corte of an entry of the cortes folder dir, of manifest m, is
// signed, and with which key. It checks that the signature is published, not that it is
// right: that is for sufragio verify, on the reader's machine.
func firmaDe(dir string, e publish.EntradaIndice, m *publish.Manifiesto) firmaCorte {
	f := firmaCorte{Numero: e.Numero}
	if m.ClavePublica == "" {
		f.Estado = "sin firma: su corte.json no lleva clave pública"
		return f
	}
	pub, err := publish.ClavePublica(m.ClavePublica)
	if err != nil {
		f.Estado = "la clave pública de su corte.json no es una clave Ed25519 válida"
		return f
	}
	f.Huella = publish.Huella(pub)
	carpeta, err := carpetaCorte(dir, e)
	if err == nil {
		_, err = os.Stat(filepath.Join(carpeta, publish.ArchivoFirma))
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f.Estado = "sin firma: falta su archivo " + publish.ArchivoFirma
	case err != nil:
		f.Estado = "no se pudo comprobar que su firma esté publicada"
	default:
		f.Firmado, f.Estado = true, "firmado"
	}
	return f
}

// direccionPublicacion is the address of /publicacion/ on this site, as the reader reached
// it, for the command to copy. A Host header that is not a plausible host name gives a
// placeholder instead.
func direccionPublicacion(r *http.Request) string {
	host := r.Host
	if host == "" || len(host) > 253 || strings.ContainsFunc(host, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.ContainsRune(".-:[]", c))
	}) {
		host = "DIRECCIÓN-DE-ESTE-SITIO"
	}
	esquema := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		esquema = "https"
	}
	return esquema + "://" + host + "/publicacion/"
}

// nombreCorte names a corte for people: "Corte 2"; corte 0, published before the PREP
// opens with every acta expected and none counted, is "Corte 0 — puesta en ceros".
func nombreCorte(n int) string {
	if n == 0 {
		return "Corte 0 — puesta en ceros"
	}
	return "Corte " + strconv.Itoa(n)
}
