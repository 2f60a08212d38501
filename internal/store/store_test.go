package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// openDir opens the store of data folder dir on the engine of the run (see storetest).
func openDir(t *testing.T, dir string) (*Store, error) {
	t.Helper()
	return OpenConfig(context.Background(), Config{Dir: dir, DB: storetest.DB(t, dir)}, quiet)
}

// openTemp opens a store in a fresh temporary folder.
func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := openDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

// load reads a bundled PREP file, with the candidaturas file of its election, as Import
// receives it.
func load(t testing.TB, name string) ImportInput {
	t.Helper()
	data, err := demodata.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return loadData(t, name, data)
}

// loadData reads the bytes of a PREP file named like a bundled one.
func loadData(t testing.TB, name string, data []byte) ImportInput {
	t.Helper()
	f, err := opendata.Read(name, data)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	cand := opendata.CandidaturasNombre(f.Eleccion)
	cd, err := demodata.ReadFile(cand)
	if err != nil {
		t.Fatal(err)
	}
	if err := opendata.ReadCandidaturas(cand, cd, f); err != nil {
		t.Fatalf("read %s: %v", cand, err)
	}
	sum := sha256.Sum256(data)
	return ImportInput{Archivo: f, Fuente: name, SHA256: hex.EncodeToString(sum[:])}
}

func mustImport(t *testing.T, s *Store, in ImportInput) *ImportResult {
	t.Helper()
	res, err := s.Import(context.Background(), SystemActor, in)
	if err != nil {
		t.Fatalf("import %s: %v", in.Fuente, err)
	}
	return res
}

func digest(t *testing.T, s *Store) string {
	t.Helper()
	d, err := s.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestOpenTwice opens a store twice: the migrations apply once, the second Open changes
// nothing, and the connection runs with WAL and foreign keys.
func TestOpenTwice(t *testing.T) {
	s, dir := openTemp(t)
	steps, err := migrations(s.eng)
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM schema_migrations`); got != len(steps) {
		t.Errorf("schema_migrations has %d rows, want %d", got, len(steps))
	}
	if s.Engine() == "sqlite" {
		var mode string
		var fk int
		s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
		if mode != "wal" || fk != 1 {
			t.Errorf("journal_mode %q, foreign_keys %d; want wal, 1", mode, fk)
		}
	}
	before := digest(t, s)
	s.Close()

	s2, err := openDir(t, dir)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer s2.Close()
	if got := count(t, s2, `SELECT COUNT(*) FROM schema_migrations`); got != len(steps) {
		t.Errorf("after second open schema_migrations has %d rows, want %d", got, len(steps))
	}
	if after := digest(t, s2); after != before {
		t.Errorf("second open changed the data")
	}
}

// TestMigrationNames checks the embedded migrations are numbered 1, 2, … without gaps.
func TestMigrationNames(t *testing.T) {
	steps, err := migrations(sqlite)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range steps {
		if m.version != i+1 {
			t.Errorf("migration %s has number %d, want %d", m.name, m.version, i+1)
		}
	}
}

// sameActas compares actas field by field; stamps compare with time.Time.Equal, since a
// time read back carries an equal offset but not the same *time.Location.
func sameActas(t *testing.T, got, want []*acta.Acta) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d actas, want %d", len(got), len(want))
	}
	bad := 0
	for i := range want {
		g, w := *got[i], *want[i]
		g.Version, w.Version = 0, 0 // the store counts versions; a file has none
		for _, p := range [][2]*acta.Stamp{{&g.Acopio, &w.Acopio}, {&g.Captura, &w.Captura},
			{&g.Verificacion, &w.Verificacion}} {
			if !p[0].T.Equal(p[1].T) {
				t.Errorf("acta %s: stamp %v, want %v", w.ID, p[0].T, p[1].T)
			}
			p[0].T, p[1].T = time.Time{}, time.Time{}
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("acta %d %s:\n got %+v\nwant %+v", i, w.ID, g, w)
			if bad++; bad == 5 {
				t.Fatal("too many differences")
			}
		}
	}
}

// TestRoundTrip imports the three final Puebla files and reads every acta back equal to the
// file's, and the election definitions with their candidacies.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	wantActas := map[string]int{"GUB": 8346, "DIP_LOC": 8435, "AYUN": 8364}
	for _, e := range []string{"PUE_AYUN_2024.csv", "PUE_GUB_2024.csv", "PUE_DIP_LOC_2024.csv"} {
		in := load(t, e)
		res := mustImport(t, s, in)
		code := in.Archivo.Eleccion.Codigo
		if res.Nuevas != wantActas[code] || res.Cambiadas+res.SinCambio+res.Retiradas != 0 {
			t.Errorf("%s: got %+v, want %d new actas", e, res, wantActas[code])
		}
		got, err := s.Actas(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		sameActas(t, got, in.Archivo.Actas)
	}
	els, err := s.Elecciones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, e := range els {
		codes = append(codes, e.Codigo)
		if e.EntidadID != "21" || e.Entidad != "PUEBLA" {
			t.Errorf("%s: entidad %q %q, want 21 PUEBLA", e.Codigo, e.EntidadID, e.Entidad)
		}
	}
	if want := []string{"GUB", "DIP_LOC", "AYUN"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("elections %v, want %v", codes, want)
	}
	gub := load(t, "PUE_GUB_2024.csv").Archivo.Eleccion
	gub.EntidadID, gub.Entidad = "21", "PUEBLA"
	if !reflect.DeepEqual(els[0], gub) {
		t.Errorf("GUB definition read back differs:\n got %+v\nwant %+v", els[0], gub)
	}
}

// TestNextCut imports the 18:00 and then the 20:00 Gubernatura files: the 501 actas
// registered in between get a second version and their first goes to acta_history.
func TestNextCut(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	first := mustImport(t, s, load(t, "PUE_GUB_2024_corte_20240603_1800.csv"))
	if first.Nuevas != 8346 {
		t.Fatalf("18:00: %d new actas, want 8346", first.Nuevas)
	}
	in := load(t, "PUE_GUB_2024.csv")
	res := mustImport(t, s, in)
	want := ImportResult{ImportID: 2, Eleccion: "GUB", Corte: in.Archivo.Corte, Cambiadas: 501,
		SinCambio: 7845}
	res.Discrepancias = nil
	if !reflect.DeepEqual(*res, want) {
		t.Errorf("20:00 import\n got %+v\nwant %+v", *res, want)
	}
	checks := []struct {
		query string
		want  int
	}{
		{`SELECT COUNT(*) FROM acta_history WHERE reason = 'changed' AND version = 1
			AND import_id = 2`, 501},
		{`SELECT COUNT(*) FROM acta_history`, 501},
		{`SELECT COUNT(*) FROM actas WHERE version = 2`, 501},
		// Every changed acta was not registered at 18:00 ("-") and is registered at 20:00.
		{`SELECT COUNT(*) FROM acta_history h JOIN actas a ON a.eleccion = h.eleccion
			AND a.id = h.id WHERE h.observaciones_pub = '-' AND a.observaciones_pub <> '-'`,
			501},
		{`SELECT COUNT(*) FROM imports`, 2},
	}
	for _, c := range checks {
		if got := count(t, s, c.query); got != c.want {
			t.Errorf("%s: got %d, want %d", c.query, got, c.want)
		}
	}
	got, err := s.Actas(ctx, "GUB")
	if err != nil {
		t.Fatal(err)
	}
	sameActas(t, got, in.Archivo.Actas)
	asOf, err := s.AsOf(ctx)
	if err != nil || !asOf.Equal(in.Archivo.Corte) {
		t.Errorf("AsOf = %v, %v; want %v", asOf, err, in.Archivo.Corte)
	}
}

// TestImportSameFileTwice: the second import of one file is reported and changes nothing.
func TestImportSameFileTwice(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	in := load(t, "PUE_GUB_2024.csv")
	first := mustImport(t, s, in)
	before := digest(t, s)
	again := mustImport(t, s, in)
	if !again.YaImportado || again.ImportID != first.ImportID || again.Nuevas != 0 {
		t.Errorf("second import: got %+v, want YaImportado of import %d", again, first.ImportID)
	}
	if digest(t, s) != before {
		t.Error("second import changed the store")
	}
	ok, err := s.Imported(ctx, in.SHA256)
	if err != nil || !ok {
		t.Errorf("Imported(%s) = %v, %v; want true", in.SHA256, ok, err)
	}
	if ok, _ := s.Imported(ctx, "0000"); ok {
		t.Error("Imported of an unknown hash is true")
	}
}

// refused imports a file that must be refused with an *opendata.Error at line (and column)
// and checks that neither the store nor its audit trail changed.
func refused(t *testing.T, s *Store, in ImportInput, line int, col string) *opendata.Error {
	t.Helper()
	before, trail := digest(t, s), trailHead(t, s)
	_, err := s.Import(context.Background(), SystemActor, in)
	var fe *opendata.Error
	if !errors.As(err, &fe) {
		t.Fatalf("import %s: got error %v, want an *opendata.Error", in.Fuente, err)
	}
	if fe.Line != line || fe.Column != col {
		t.Errorf("error at line %d column %q, want line %d column %q: %s", fe.Line, fe.Column,
			line, col, fe.Mensaje())
	}
	if digest(t, s) != before {
		t.Error("a refused import changed the store")
	}
	if got := trailHead(t, s); got != trail {
		t.Errorf("a refused import changed the audit trail: %s, want %s", got, trail)
	}
	return fe
}

// TestImportRefused covers the files Import must refuse whole.
func TestImportRefused(t *testing.T) {
	s, _ := openTemp(t)
	mustImport(t, s, load(t, "PUE_GUB_2024.csv"))

	t.Run("older cut", func(t *testing.T) {
		fe := refused(t, s, load(t, "PUE_GUB_2024_corte_20240603_1800.csv"), 2, "")
		want := "el corte del archivo es anterior al que el almacén ya tiene para GUB " +
			"(03/06/2024 20:00 (UTC-6)); un corte anterior no puede reemplazar uno posterior"
		if fe.Msg != want {
			t.Errorf("message %q, want %q", fe.Msg, want)
		}
	})
	t.Run("other election asked", func(t *testing.T) {
		in := load(t, "PUE_DIP_LOC_2024.csv")
		in.Eleccion = "gub"
		fe := refused(t, s, in, 1, "")
		want := "el archivo es de la elección DIP_LOC (Diputaciones Locales) y se pidió GUB"
		if fe.Msg != want {
			t.Errorf("message %q, want %q", fe.Msg, want)
		}
	})
	t.Run("other entidad", func(t *testing.T) {
		in := load(t, "PUE_DIP_LOC_2024.csv")
		for _, a := range in.Archivo.Actas {
			a.IDEntidad, a.Entidad = "29", "TLAXCALA"
		}
		fe := refused(t, s, in, 8, "ID_ENTIDAD")
		want := "el archivo es de la entidad 29 (TLAXCALA) y el almacén de la entidad 21 (PUEBLA)"
		if fe.Msg != want {
			t.Errorf("message %q, want %q", fe.Msg, want)
		}
	})
	t.Run("other columns", func(t *testing.T) {
		in := load(t, "PUE_GUB_2024.csv")
		cols := append([]string(nil), in.Archivo.Eleccion.Columnas...)
		cols[16], cols[17] = cols[17], cols[16]
		in.Archivo.Eleccion.Columnas = cols
		in.SHA256 = "other"
		fe := refused(t, s, in, 7, "PRI")
		want := "la columna 17 es PRI y en la elección GUB ya importada es PAN; un archivo " +
			"posterior debe tener las mismas columnas"
		if fe.Msg != want {
			t.Errorf("message %q, want %q", fe.Msg, want)
		}
	})
}

// TestImportRemoved: actas a later file no longer lists leave the election and go to
// acta_history; the others stay as they were, only their place in the order moving up.
func TestImportRemoved(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	first := load(t, "PUE_GUB_2024.csv")
	mustImport(t, s, first)
	data, err := demodata.ReadFile("PUE_GUB_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Lines 108-110 hold the actas of Orden 100-102.
	lines := bytes.SplitAfter(data, []byte("\n"))
	data = bytes.Join(append(lines[:107:107], lines[110:]...), nil)
	in := loadData(t, "PUE_GUB_2024.csv", data)
	res := mustImport(t, s, in)
	if res.Retiradas != 3 || res.SinCambio != 8343 || res.Cambiadas != 0 || res.Nuevas != 0 {
		t.Errorf("got %+v, want 3 removed and 8343 unchanged", res)
	}
	for _, a := range first.Archivo.Actas[100:103] {
		n := count(t, s, `SELECT COUNT(*) FROM acta_history WHERE id = ? AND version = 1
			AND reason = 'removed'`, a.ID)
		if n != 1 {
			t.Errorf("acta %s: %d history rows, want 1", a.ID, n)
		}
	}
	if n := count(t, s, `SELECT COUNT(*) FROM actas WHERE version <> 1`); n != 0 {
		t.Errorf("%d actas got a new version, want 0", n)
	}
	got, err := s.Actas(ctx, "GUB")
	if err != nil {
		t.Fatal(err)
	}
	sameActas(t, got, in.Archivo.Actas)
}

// TestGeografia places secciones from the stored DIP_LOC and AYUN actas.
func TestGeografia(t *testing.T) {
	s, _ := openTemp(t)
	for _, name := range []string{"PUE_DIP_LOC_2024.csv", "PUE_AYUN_2024.csv"} {
		mustImport(t, s, load(t, name))
	}
	geo, err := s.Geografia(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(geo) != 2847 {
		t.Errorf("%d secciones, want 2847", len(geo))
	}
	for sec, want := range map[string]corte.Lugar{
		"1415": {DistritoID: "011", Distrito: "HEROICA PUEBLA DE ZARAGOZA",
			MunicipioID: "115", Municipio: "PUEBLA"},
		"0001": {DistritoID: "012", Distrito: "AMOZOC DE MOTA",
			MunicipioID: "001", Municipio: "ACAJETE"},
	} {
		if got := geo[sec]; got != want {
			t.Errorf("sección %s: got %+v, want %+v", sec, got, want)
		}
	}
}

// TestCortes records cortes and reads them back; a number is recorded once.
func TestCortes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if _, ok, err := s.LastCorte(ctx); ok || err != nil {
		t.Errorf("LastCorte of an empty store: %v, %v", ok, err)
	}
	zone := time.FixedZone("UTC-6", -6*3600)
	cs := []CorteRecord{
		{1, time.Date(2024, 6, 3, 18, 0, 0, 0, zone), false,
			time.Date(2024, 6, 3, 18, 1, 2, 5, time.UTC), "cortes/0001", "corte-0001.zip", "ab", nil},
		{2, time.Date(2024, 6, 3, 20, 0, 0, 0, zone), true,
			time.Date(2024, 6, 3, 20, 1, 0, 0, time.UTC), "cortes/0002", "corte-0002.zip", "cd", nil},
	}
	for _, c := range cs {
		if err := s.RecordCorte(ctx, SystemActor, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordCorte(ctx, SystemActor, cs[0]); !errors.Is(err, ErrConflict) {
		t.Errorf("recording corte 1 again: %v, want ErrConflict", err)
	}
	got, err := s.Cortes(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("Cortes: %v, %v", got, err)
	}
	for i := range cs {
		g, w := got[i], cs[i]
		if !g.Hora.Equal(w.Hora) || !g.Generado.Equal(w.Generado) {
			t.Errorf("corte %d times %v %v, want %v %v", w.Numero, g.Hora, g.Generado,
				w.Hora, w.Generado)
		}
		g.Hora, g.Generado = w.Hora, w.Generado
		if !reflect.DeepEqual(g, w) {
			t.Errorf("corte %d: got %+v, want %+v", w.Numero, g, w)
		}
	}
	last, ok, err := s.LastCorte(ctx)
	if err != nil || !ok || last.Numero != 2 || !last.Final {
		t.Errorf("LastCorte = %+v, %v, %v; want corte 2, final", last, ok, err)
	}
}

// TestImportRefusesFutureCut: a cut in the future would lock the store against every real
// file, so it is refused and nothing is stored.
func TestImportRefusesFutureCut(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	in := load(t, "PUE_GUB_2024.csv")
	in.Archivo.Corte = time.Now().Add(48 * time.Hour)
	_, err := s.Import(ctx, SystemActor, in)
	var oe *opendata.Error
	if !errors.As(err, &oe) || !strings.Contains(oe.Mensaje(), "futuro") || oe.Line != 2 {
		t.Fatalf("got %v, want a refusal naming line 2", err)
	}
	if asOf, err := s.AsOf(ctx); err != nil || !asOf.IsZero() {
		t.Errorf("as_of %v after a refused import, want none", asOf)
	}
}

// TestImportProgress counts what Import tells a progress bar: every acta of the file once,
// whether it is new, changed, unchanged or moved, and nothing for a file already imported.
func TestImportProgress(t *testing.T) {
	s, _ := openTemp(t)
	data, err := demodata.ReadFile("PUE_GUB_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Dropping lines 108-110 moves every acta after them.
	lines := bytes.SplitAfter(data, []byte("\n"))
	dropped := bytes.Join(append(lines[:107:107], lines[110:]...), nil)
	steps := []struct {
		in   ImportInput
		want string // the counts of the result
	}{
		{load(t, "PUE_GUB_2024_corte_20240603_1800.csv"), ""},
		{load(t, "PUE_GUB_2024.csv"), ""},
		{loadData(t, "PUE_GUB_2024.csv", dropped), "0 0 8343 3"},
		{loadData(t, "PUE_GUB_2024.csv", dropped), "0 0 0 0"},
	}
	for i, step := range steps {
		var calls, sum int
		step.in.Progress = func(n int) { calls, sum = calls+1, sum+n }
		res := mustImport(t, s, step.in)
		counts := fmt.Sprint(res.Nuevas, res.Cambiadas, res.SinCambio, res.Retiradas)
		if step.want != "" && counts != step.want {
			t.Fatalf("import %d: new, changed, unchanged, removed %s; want %s", i, counts,
				step.want)
		}
		want := len(step.in.Archivo.Actas)
		if res.YaImportado {
			want = 0
		}
		if sum != want {
			t.Errorf("import %d (%s): progress told of %d actas in %d calls, want %d", i,
				counts, sum, calls, want)
		}
	}
}

// TestVersionesPublicadas records cortes from two stores on one database, as two instances
// publishing in turn: each corte keeps only the actas added or changed since the corte
// before it, whichever instance published that one (the cache of published versions is
// read again when another instance's corte came between).
func TestVersionesPublicadas(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	otro, err := openDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer otro.Close()
	version := func(id string, v int) *acta.Acta { return &acta.Acta{ID: id, Version: v} }
	hora := time.Date(2024, 6, 3, 18, 0, 0, 0, time.UTC)
	registrar := func(st *Store, n int, as ...*acta.Acta) {
		t.Helper()
		err := st.RecordCorte(ctx, SystemActor, CorteRecord{Numero: n,
			Hora: hora.Add(time.Duration(n) * time.Minute), Generado: hora,
			Carpeta: fmt.Sprintf("%04d", n), Actas: map[string][]*acta.Acta{"GUB": as}})
		if err != nil {
			t.Fatal(err)
		}
	}
	registrar(s, 1, version("a", 1), version("b", 1), version("c", 1))
	registrar(s, 2, version("a", 2), version("b", 1), version("c", 1))    // a changed
	registrar(otro, 3, version("a", 2), version("b", 2), version("c", 1)) // b, by the other
	registrar(s, 4, version("a", 2), version("b", 2), version("c", 2))    // c only
	want := map[int]int{1: 3, 2: 1, 3: 1, 4: 1}
	for n, k := range want {
		if got := count(t, s, `SELECT COUNT(*) FROM corte_actas WHERE corte = ?`, n); got != k {
			t.Errorf("corte %d recorded %d actas, want %d", n, got, k)
		}
	}
}
