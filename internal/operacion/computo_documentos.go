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
	h := w.Header()
	h.Set("Content-Type", tipo)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	disp := "attachment"
	if strings.HasSuffix(archivo, ".pdf") {
		disp = "inline" // read in the browser, printed from there
	}
	h.Set("Content-Disposition", disp+`; filename="`+c.rec.ID+"-"+archivo+`"`)
	w.Write(buf.Bytes())
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
