package operacion

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/etiqueta"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/store"
)

// formPage is the data of the acopio and digitalización forms.
type formPage struct {
	pagina
	Elecciones []*catalog.Eleccion
	Eleccion   string
	Clave      string
	Mecanismo  string     // the mecanismo de traslado chosen last, kept for the next acta
	Etiquetas  bool       // the user may print the QR labels
	Ultimo     *respuesta // what the last submission recorded
}

func (s *Server) formPage(r *http.Request, ss *sesion, titulo string) (*formPage, error) {
	els, err := s.st.Elecciones(r.Context())
	if err != nil {
		return nil, err
	}
	pg := &formPage{pagina: s.pagina(ss, titulo), Elecciones: els,
		Eleccion:  r.FormValue("eleccion"),
		Etiquetas: auth.Can(ss.user.Role, auth.ImprimirEtiquetas)}
	if pg.Eleccion == "" && len(els) > 0 {
		pg.Eleccion = els[0].Codigo
	}
	return pg, nil
}

func (s *Server) acopioForm(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	pg, err := s.formPage(r, ss, "Acopio de actas")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "acopio", pg)
}

// claveDe reads the election and key of a form: a scanned QR payload names both and
// prevails over the election chosen; keys are upper-cased, since a scanner with Caps Lock
// on types them in lower case.
func claveDe(r *http.Request, campo string) (eleccion, clave string) {
	eleccion = strings.ToUpper(strings.TrimSpace(r.FormValue("eleccion")))
	clave = strings.TrimSpace(r.FormValue(campo))
	if e, id, ok := etiqueta.ParsePayload(clave); ok {
		eleccion, clave = strings.ToUpper(e), id
	}
	return eleccion, strings.ToUpper(clave)
}

// acopio registers the arrival of an acta.
func (s *Server) acopio(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	eleccion, clave := claveDe(r, "clave")
	in := store.AcopioInput{Eleccion: eleccion, Clave: clave,
		Mecanismo:     strings.ToUpper(strings.TrimSpace(r.FormValue("mecanismo"))),
		FueraCatalogo: r.FormValue("fuera_catalogo") == "1"}
	if m := r.FormValue("sin_acta"); m != "" {
		f, ok := prep.MotivoSinActa(m)
		if !ok {
			return s.rechazo(r, ss, audit.Acopio, eleccion+"/"+clave, &store.Refusal{
				Kind: store.ErrInvalid, Msg: "motivo de «sin acta» desconocido: " + m})
		}
		in.SinActa = f
	}
	res, err := s.st.RegistrarAcopio(r.Context(), ss.actor, in)
	if err != nil {
		return s.rechazo(r, ss, audit.Acopio, eleccion+"/"+clave, err)
	}
	out := respuesta{OK: true, Eleccion: res.Eleccion, Acta: res.ActaID,
		Estado: string(res.Etapa), Duplicada: res.Duplicada, FueraCatalogo: res.FueraCatalogo}
	switch {
	case res.FueraCatalogo:
		out.Mensaje = fmt.Sprintf("La clave %s no corresponde a ninguna acta del catálogo: "+
			"se registró FUERA DE CATÁLOGO.", clave)
	case res.Duplicada:
		out.Mensaje = fmt.Sprintf("El acta %s ya había llegado (etapa: %s): se registró "+
			"como acopio duplicado y no se contará dos veces.", res.ActaID, res.Etapa.Nombre())
	case res.Etapa == prep.SinActa:
		out.Mensaje = fmt.Sprintf("Acta %s registrada sin Acta PREP.", res.ActaID)
	default:
		out.Mensaje = fmt.Sprintf("Acopio del acta %s registrado.", res.ActaID)
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, out)
	}
	pg, err := s.formPage(r, ss, "Acopio de actas")
	if err != nil {
		return err
	}
	pg.Eleccion, pg.Ultimo, pg.Mecanismo = res.Eleccion, &out, in.Mecanismo
	return s.render(w, r, http.StatusOK, "acopio", pg)
}

// rechazo records a refused action in the audit trail and returns the refusal for the
// error page. Internal errors are returned as they are.
func (s *Server) rechazo(r *http.Request, ss *sesion, action, target string, err error) error {
	msg := mensaje(err)
	if msg == "" {
		return err
	}
	if aerr := s.st.AuditRefusal(r.Context(), ss.actor, action, target, msg); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

func (s *Server) digitalizacionForm(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	pg, err := s.formPage(r, ss, "Digitalización en el CATD")
	if err != nil {
		return err
	}
	pg.Clave = r.FormValue("clave")
	return s.render(w, r, http.StatusOK, "digitalizacion", pg)
}

func (s *Server) casillaForm(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	pg, err := s.formPage(r, ss, "PREP Casilla")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "casilla", pg)
}

// digitalizacion stores the image scanned at the CATD.
func (s *Server) digitalizacion(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	return s.recibirImagen(w, r, ss, store.CanalCATD, "acta", "digitalizacion",
		"Digitalización en el CATD")
}

// casilla stores the photograph sent from the casilla by PREP Casilla. Sending the same
// photograph again (a retry on a slow connection) records nothing new.
func (s *Server) casilla(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	return s.recibirImagen(w, r, ss, store.CanalCasilla, "clave", "casilla", "PREP Casilla")
}

var errTamano = errors.New("upload too large")

// recibirImagen reads the uploaded image, checks that it is one, stores it
// content-addressed and records it for its acta.
func (s *Server) recibirImagen(w http.ResponseWriter, r *http.Request, ss *sesion,
	canal, campo, pagina, titulo string) error {
	// A turn first: each upload holds up to MaxImagen in memory until it is stored.
	select {
	case s.subidas <- struct{}{}:
		defer func() { <-s.subidas }()
	case <-r.Context().Done():
		return r.Context().Err()
	}
	r.Body = http.MaxBytesReader(w, r.Body, store.MaxImagen+1<<20)
	data, ct, err := leerImagen(r)
	eleccion, clave := claveDe(r, campo)
	target := eleccion + "/" + clave
	if err != nil {
		return s.rechazo(r, ss, audit.Digitalizacion, target, err)
	}
	tipo, ok := tipoDocumento(r.FormValue("tipo"))
	if !ok {
		return s.rechazo(r, ss, audit.Digitalizacion, target, &store.Refusal{
			Kind: store.ErrInvalid, Msg: "documento digitalizado desconocido: " +
				r.FormValue("tipo") + "; use ACTA PREP, RPP, CC, PPC, ACTA VA o ACTA VMRE"})
	}
	img, err := s.st.GuardarImagen(r.Context(), data)
	if err != nil {
		return err
	}
	sha := img.SHA256
	res, err := s.st.RegistrarImagen(r.Context(), ss.actor, store.ImagenInput{
		Eleccion: eleccion, Clave: clave, Imagen: img, ContentType: ct, Canal: canal,
		TipoDocumento: tipo, FueraCatalogo: r.FormValue("fuera_catalogo") == "1"})
	if err != nil {
		return s.rechazo(r, ss, audit.Digitalizacion, target, err)
	}
	out := respuesta{OK: true, Eleccion: res.Eleccion, Acta: res.ActaID, SHA256: sha,
		Estado: string(res.Etapa), Duplicada: res.Repetida, FueraCatalogo: res.FueraCatalogo}
	switch {
	case res.FueraCatalogo:
		out.Mensaje = "La clave " + clave + " no corresponde a ninguna acta: la imagen se " +
			"registró FUERA DE CATÁLOGO."
	case res.Repetida:
		out.Mensaje = "Esta imagen ya se había recibido para el acta " + res.ActaID +
			"; no se registró de nuevo."
	case !res.Usada:
		out.Mensaje = "Imagen recibida y conservada; el acta " + res.ActaID + " ya tenía " +
			"otra imagen, que es la que se captura."
	default:
		out.Mensaje = "Imagen del acta " + res.ActaID + " recibida; pasa a captura."
	}
	if wantsJSON(r) {
		return writeJSON(w, http.StatusOK, out)
	}
	pg, err := s.formPage(r, ss, titulo)
	if err != nil {
		return err
	}
	pg.Eleccion, pg.Ultimo = res.Eleccion, &out
	return s.render(w, r, http.StatusOK, pagina, pg)
}

// tipoDocumento reads the kind of paper imaged (IEE LEEME item 45); empty is ACTA PREP.
func tipoDocumento(s string) (string, bool) {
	t := strings.ToUpper(strings.TrimSpace(s))
	switch t {
	case "":
		return "ACTA PREP", true
	case "ACTA PREP", "RPP", "CC", "PPC", "ACTA VA", "ACTA VPPP", "ACTA VMRE":
		return t, true
	}
	return "", false
}

// leerImagen reads the "imagen" file of a multipart form and checks by its first bytes
// that it is a JPEG, PNG or PDF: what a scanner or a phone produces.
func leerImagen(r *http.Request) ([]byte, string, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", &store.Refusal{Kind: errTamano, Msg: fmt.Sprintf("la imagen "+
				"pesa más de %d MB, el máximo admitido", store.MaxImagen>>20)}
		}
		return nil, "", &store.Refusal{Kind: store.ErrInvalid, Msg: "el envío llegó " +
			"incompleto o no es un formulario con archivo; vuelva a enviarlo"}
	}
	if campo, ok := valoresValidos(r.MultipartForm.Value); !ok {
		return nil, "", errCampo(campo)
	}
	f, _, err := r.FormFile("imagen")
	if err != nil {
		return nil, "", &store.Refusal{Kind: store.ErrInvalid,
			Msg: "falta el archivo de la imagen del acta"}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, store.MaxImagen+1))
	if err != nil {
		return nil, "", &store.Refusal{Kind: store.ErrInvalid,
			Msg: "no se pudo leer la imagen enviada; vuelva a enviarla"}
	}
	if len(data) > store.MaxImagen {
		return nil, "", &store.Refusal{Kind: errTamano, Msg: fmt.Sprintf("la imagen "+
			"pesa más de %d MB, el máximo admitido", store.MaxImagen>>20)}
	}
	ct, msg := tipoImagen(data)
	if msg != "" {
		return nil, "", &store.Refusal{Kind: store.ErrInvalid, Msg: msg}
	}
	return data, ct, nil
}

// tipoImagen tells the content type of image bytes, or why they are not an acceptable
// image. A truncated JPEG or PNG, which lacks its end marker, is refused too.
func tipoImagen(b []byte) (string, string) {
	switch {
	case len(b) == 0:
		return "", "el archivo de la imagen está vacío"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		if !bytes.HasSuffix(bytes.TrimRight(b, "\x00"), []byte("\xff\xd9")) {
			return "", "la imagen JPEG está incompleta (se cortó el envío); vuelva a enviarla"
		}
		return "image/jpeg", ""
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		if !bytes.HasSuffix(b, []byte("IEND\xaeB`\x82")) {
			return "", "la imagen PNG está incompleta (se cortó el envío); vuelva a enviarla"
		}
		return "image/png", ""
	case bytes.HasPrefix(b, []byte("%PDF-")):
		if !bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")) {
			return "", "el PDF está incompleto (se cortó el envío); vuelva a enviarlo"
		}
		return "application/pdf", ""
	}
	return "", "el archivo no es una imagen JPEG, PNG ni un PDF"
}

// imagen serves a stored acta image by its SHA-256. The name is the content, so it never
// changes; the staff may keep it in their browser for the night.
func (s *Server) imagen(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	sha := r.PathValue("sha")
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return &store.Refusal{Kind: store.ErrNotFound, Msg: "No existe esa imagen."}
	}
	img, err := s.st.LeerImagen(r.Context(), sha)
	if errors.Is(err, store.ErrNotFound) {
		return &store.Refusal{Kind: store.ErrNotFound, Msg: "No existe esa imagen."}
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", img.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=86400, immutable")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("ETag", `"`+sha+`"`)
	http.ServeContent(w, r, "", time.Time{}, img)
	return nil
}
