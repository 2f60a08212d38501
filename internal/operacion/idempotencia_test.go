package operacion

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
)

// sha256Hex is the código de integridad of the bytes.
func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestImagenRepetida checks that the same image delivered twice — a scan sent again, a
// photograph retried on a slow connection — is kept once and recorded once.
func TestImagenRepetida(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	img := imagenPNG(7)
	l.acopio.acopiar(actaB)
	first := l.digital.escanear(actaB, img)
	again := l.digital.escanear(actaB, img)
	if first.Duplicada || first.SHA256 != sha256Hex(img) || first.Estado != "digitalizada" {
		t.Errorf("first scan: %+v", first)
	}
	if !again.Duplicada || again.SHA256 != sha256Hex(img) ||
		!strings.Contains(again.Mensaje, "ya se había recibido") {
		t.Errorf("same scan again: duplicada %v sha %s %q, want duplicada", again.Duplicada,
			again.SHA256, again.Mensaje)
	}
	foto := imagenPNG(8)
	for i := range 2 {
		got := l.digital.upload("/casilla", url.Values{"eleccion": {"GUB"},
			"clave": {actaC1}}, foto).want(t, http.StatusOK, "PREP Casilla")
		if got.r.Duplicada != (i == 1) {
			t.Errorf("PREP Casilla photograph %d: duplicada %v", i+1, got.r.Duplicada)
		}
	}

	var names []string
	names = append(names, l.imagenes()...)
	want := []string{sha256Hex(img), sha256Hex(foto)}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("images stored: %v, want one per image, found by its SHA-256 %v", names, want)
	}
	for _, id := range []string{actaB, actaC1} {
		o := l.operacion("GUB", id)
		if len(o.Imagenes) != 1 || o.Etapa != prep.Digitalizada {
			t.Errorf("%s: %d images, etapa %s; want 1, digitalizada", id, len(o.Imagenes),
				o.Etapa)
		}
	}
	es := l.bitacora(store.AuditFilter{Action: "digitalizacion", Target: "GUB/" + actaB})
	if len(es) != 2 || es[0].After == "" || es[1].After != "" ||
		!strings.Contains(es[1].Detail, "imagen repetida") {
		t.Errorf("digitalizacion entries of %s: %+v, want the change then the repeat", actaB,
			es)
	}
}

// TestContadaUnaVez sends one acta by both channels (PREP Casilla, then acopio and scan at
// the CATD), registers another twice without its Acta PREP, another twice as it arrives,
// and an unknown key twice; the corte counts each once.
func TestContadaUnaVez(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	foto, scan := imagenPNG(1), imagenPNG(2)
	got := l.digital.upload("/casilla", url.Values{"eleccion": {"GUB"}, "clave": {actaB}},
		foto).want(t, http.StatusOK, "PREP Casilla")
	if got.r.Estado != "digitalizada" || got.r.Duplicada {
		t.Fatalf("PREP Casilla: %+v", got.r)
	}
	r := l.acopio.acopiar(actaB)
	if !r.Duplicada || r.Estado != "digitalizada" ||
		!strings.Contains(r.Mensaje, "no se contará dos veces") {
		t.Errorf("CATD acopio after PREP Casilla: %+v, want duplicada", r)
	}
	r = l.digital.escanear(actaB, scan)
	if r.Duplicada || !strings.Contains(r.Mensaje, "ya tenía otra imagen") {
		t.Errorf("CATD scan after PREP Casilla: %+v, want kept but not used", r)
	}
	if o := l.operacion("GUB", actaB); o.Imagen != sha256Hex(foto) || len(o.Imagenes) != 2 {
		t.Errorf("images of %s: used %s of %d, want the photograph of 2", actaB, o.Imagen,
			len(o.Imagenes))
	}
	cs := l.cap1.campos(actaB)
	l.cap1.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "capture 1")
	l.cap2.capturar(actaB, formCaptura(cs, diez)).want(t, http.StatusOK, "capture 2")

	for i := range 2 {
		r := l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {actaC1},
			"sin_acta": {"no_entregado"}}).want(t, http.StatusOK, "acopio sin acta").r
		if r.Duplicada != (i == 1) || i == 0 && r.Estado != "sin_acta" {
			t.Errorf("acopio sin acta %d: %+v", i+1, r)
		}
		if r := l.acopio.acopiar(actaC2); r.Duplicada != (i == 1) || r.Estado != "acopiada" {
			t.Errorf("acopio %d of %s: %+v", i+1, actaC2, r)
		}
		r = l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {"ZZ9999"},
			"fuera_catalogo": {"1"}}).
			want(t, http.StatusOK, "acopio of an unknown key").r
		if !r.FueraCatalogo || r.Acta != "FC-ZZ9999" || r.Duplicada != (i == 1) {
			t.Errorf("unknown key %d: %+v", i+1, r)
		}
	}

	c := l.admin.post("/cortes", nil).want(t, http.StatusOK, "publish")
	if c.r.Numero != 1 {
		t.Fatalf("corte number %d, want 1", c.r.Numero)
	}
	snap, err := publish.Open(filepath.Join(l.cortes, "0001"))
	if err != nil {
		t.Fatal(err)
	}
	e := snap.Eleccion("GUB")
	veces := map[string]int{}
	for _, a := range e.Actas {
		veces[a.ID]++
		if a.ID == actaB && (a.Origen != "CASILLA" || a.Digitalizacion != "MOVIL" ||
			a.CodigoIntegridad != sha256Hex(foto)) {
			t.Errorf("%s published from %s %s %s, want the PREP Casilla photograph", a.ID,
				a.Origen, a.Digitalizacion, a.CodigoIntegridad)
		}
	}
	// The photograph is published beside the corte, under its código de integridad.
	if b, err := os.ReadFile(filepath.Join(l.cortes, publish.CarpetaImagenes,
		sha256Hex(foto)+".png")); err != nil || !bytes.Equal(b, foto) {
		t.Errorf("published image of %s: %d bytes, %v; want the photograph's %d", actaB,
			len(b), err, len(foto))
	}
	for _, id := range []string{actaB, actaC1, actaC2} {
		if veces[id] != 1 {
			t.Errorf("acta %s appears %d times in the corte, want 1", id, veces[id])
		}
	}
	// The fuera-de-catálogo acta is published as readers of the CSV name it: by its line,
	// since it has no image (its key is not a column of such a row).
	fc := 0
	for id, n := range veces {
		if strings.HasPrefix(id, "FC-") {
			fc += n
		}
	}
	if fc != 1 {
		t.Errorf("%d fuera-de-catálogo actas in the corte, want 1 (FC-ZZ9999)", fc)
	}
	res := snap.Manifiesto.Elecciones[0].Resumen
	want := publish.ResumenJSON{ActasEsperadas: muestra, ActasRegistradas: 3,
		ActasFueraCatalogo: 1, ActasCapturadas: 2, ActasContabilizadas: 1,
		ActasNoContabilizadas: 1}
	if res.ActasEsperadas != want.ActasEsperadas || res.ActasRegistradas != want.ActasRegistradas ||
		res.ActasFueraCatalogo != want.ActasFueraCatalogo ||
		res.ActasCapturadas != want.ActasCapturadas ||
		res.ActasContabilizadas != want.ActasContabilizadas ||
		res.ActasNoContabilizadas != want.ActasNoContabilizadas {
		t.Errorf("summary: got %+v\nwant counts %+v", res, want)
	}
	if n := lineasCon(t, filepath.Join(snap.Dir, snap.Manifiesto.Elecciones[0].CSV),
		actaB); n != 1 {
		t.Errorf("CSV rows naming %s: %d, want 1", actaB, n)
	}
	if e := l.ultima("corte"); e.Actor != "admin" || e.Role != "administrador" ||
		e.Target != "1" {
		t.Errorf("corte entry: %s %s %s", e.Actor, e.Role, e.Target)
	}
}

// TestFueraCatalogoUnaVez registers an acta whose key is in no catalog at the CATD, then
// scans it: one acta, which the corte must count once as fuera de catálogo.
func TestFueraCatalogoUnaVez(t *testing.T) {
	t.Parallel()
	l := newLinea(t)
	l.acopio.post("/acopio", url.Values{"eleccion": {"GUB"}, "clave": {"ZZ9999"},
		"fuera_catalogo": {"1"}}).
		want(t, http.StatusOK, "acopio of an unknown key")
	r := l.digital.upload("/digitalizacion", url.Values{"eleccion": {"GUB"},
		"acta": {"ZZ9999"}}, imagenPNG(3)).want(t, http.StatusOK, "scan of an unknown key").r
	if !r.FueraCatalogo {
		t.Errorf("scan of an unknown key: %+v, want fuera_catalogo", r)
	}
	l.admin.post("/cortes", nil).want(t, http.StatusOK, "publish")
	snap, err := publish.Open(filepath.Join(l.cortes, "0001"))
	if err != nil {
		t.Fatal(err)
	}
	res := snap.Manifiesto.Elecciones[0].Resumen
	if res.ActasRegistradas != 1 || res.ActasFueraCatalogo != 1 {
		t.Errorf("one unknown acta, received and scanned: %d registradas, %d fuera de "+
			"catálogo; want 1 and 1", res.ActasRegistradas, res.ActasFueraCatalogo)
	}
}

// lineasCon counts the lines of a file that contain s.
func lineasCon(t *testing.T, path, s string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if strings.Contains(sc.Text(), s) {
			n++
		}
	}
	return n
}
