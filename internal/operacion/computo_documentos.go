package operacion

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/sufragio/sufragio/internal/computo"
	"github.com/sufragio/sufragio/internal/computo/documento"
	"github.com/sufragio/sufragio/internal/computo/documento/excel"
	"github.com/sufragio/sufragio/internal/store"
)

// computoDocumento sends a document of a session, made from its log at the time of the
// request: the acta de cómputo (acta.pdf), a constancia de mayoría
// (constancia-FOLIO.pdf), the results, casillas and reconciliation as CSV, or all of them as
// a workbook (computo.xlsx).
func (s *Server) computoDocumento(w http.ResponseWriter, r *http.Request, ss *sesion) error {
	c, err := s.abrirComputo(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	defer c.mu.Unlock()
	archivo := r.PathValue("archivo")
	if c.asig != nil {
		return documentoAsignacion(w, c, archivo)
	}
	var a computo.ActaComputo
	if c.est != nil {
		a, err = c.est.Acta()
	} else {
		a, err = c.ses.Acta()
	}
	if err != nil {
		return refusalComputo(err)
	}
	var buf bytes.Buffer
	tipo := "text/csv; charset=utf-8"
	switch {
	case archivo == "acta.pdf":
		tipo, err = "application/pdf", documento.ActaPDF(&buf, a)
	case strings.HasPrefix(archivo, "constancia-") && strings.HasSuffix(archivo, ".pdf"):
		folio := strings.TrimSuffix(strings.TrimPrefix(archivo, "constancia-"), ".pdf")
		k, ok := constanciaDe(a.Constancias, folio)
		if !ok {
			return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("El cómputo %s "+
				"no ha expedido la constancia %q.", c.rec.ID, folio)}
		}
		tipo, err = "application/pdf", documento.ConstanciaPDF(&buf, k)
	case archivo == "resultados.csv":
		err = documento.ResultadosCSV(&buf, a)
	case archivo == "casillas.csv" && c.ses != nil:
		err = documento.CasillasCSV(&buf, a.Definicion, c.ses.Casillas())
	case archivo == "conciliacion.csv" && c.ses != nil:
		err = documento.ConciliacionCSV(&buf, c.ses.Conciliar())
	case archivo == "distritos.csv" && c.est != nil:
		err = documento.DistritosCSV(&buf, a)
	case archivo == "computo.xlsx":
		var cs []computo.CasillaComputo
		var k *computo.Conciliacion
		if c.ses != nil {
			cs = c.ses.Casillas()
			kk := c.ses.Conciliar()
			k = &kk
		}
		tipo = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = excel.Libro(&buf, documento.Tablas(a, cs, k))
	default:
		return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("El cómputo %s no "+
			"tiene el documento %q.", c.rec.ID, archivo)}
	}
	if err != nil {
		return err
	}
	enviarDocumento(w, c.rec.ID, archivo, tipo, buf.Bytes())
	return nil
}

// enviarDocumento sends document archivo of session id.
func enviarDocumento(w http.ResponseWriter, id, archivo, tipo string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", tipo)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	disp := "attachment"
	if strings.HasSuffix(archivo, ".pdf") || strings.HasSuffix(archivo, ".txt") {
		disp = "inline" // read in the browser, printed from there
	}
	h.Set("Content-Disposition", disp+`; filename="`+id+"-"+archivo+`"`)
	w.Write(data)
}

// documentoAsignacion sends a document of an RP assignment: the seats of the one in force
// (asignacion.csv) or its explanation (explicacion.txt).
func documentoAsignacion(w http.ResponseWriter, c *sesionComputo, archivo string) error {
	v, ok := c.asig.Vigente()
	if !ok {
		return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("%s aún no tiene "+
			"una asignación aprobada.", c.rec.ID)}
	}
	d := c.asig.Definicion()
	var buf bytes.Buffer
	var err error
	tipo := "text/csv; charset=utf-8"
	switch archivo {
	case "asignacion.csv":
		err = documento.RPCSV(&buf, d.Simulacro, v.Resultado)
	case "explicacion.txt":
		tipo, err = "text/plain; charset=utf-8", documento.ExplicacionRP(&buf, d, v)
	default:
		return &store.Refusal{Kind: store.ErrNotFound, Msg: fmt.Sprintf("La asignación %s "+
			"no tiene el documento %q.", c.rec.ID, archivo)}
	}
	if err != nil {
		return err
	}
	enviarDocumento(w, c.rec.ID, archivo, tipo, buf.Bytes())
	return nil
}

// constanciaDe finds a constancia by its folio.
func constanciaDe(ks []computo.Constancia, folio string) (computo.Constancia, bool) {
	for _, k := range ks {
		if k.Folio == folio {
			return k, true
		}
	}
	return computo.Constancia{}, false
}
