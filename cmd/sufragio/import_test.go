package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/sufragio/sufragio/internal/barra"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// runCmd runs sufragio with args and returns its exit code, output and error output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	for i, a := range args {
		if a == "--data" && i+1 < len(args) {
			storetest.Env(t, args[i+1]) // the data folder's own database on PostgreSQL
		}
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// openTestStore opens the store of data folder dir on the engine of the run.
func openTestStore(t testing.TB, dir string) (*store.Store, error) {
	t.Helper()
	return store.OpenConfig(context.Background(),
		store.Config{Dir: dir, DB: storetest.DB(t, dir)}, slog.New(slog.DiscardHandler))
}

// bundled copies bundled files into dir and returns the path of the first.
func bundled(t *testing.T, dir string, names ...string) string {
	t.Helper()
	for _, n := range names {
		data, err := demodata.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, n), data)
	}
	return filepath.Join(dir, names[0])
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// storeDigest returns the digest of the data in the store of dir.
func storeDigest(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	st, err := openTestStore(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// trailLength returns the number of entries of the audit trail in the store of dir.
func trailLength(t *testing.T, dir string) int64 {
	t.Helper()
	st, err := openTestStore(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Count
}

// wantAll fails unless s holds every piece of want.
func wantAll(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

// TestImportCommand imports real files as an operator would and checks what it prints.
func TestImportCommand(t *testing.T) {
	data, src := t.TempDir(), t.TempDir()
	gub := bundled(t, src, "PUE_GUB_2024.csv", "PUE_GUB_Candidaturas_2024.csv")
	ayun := bundled(t, src, "PUE_AYUN_2024.csv")

	code, out, errs := runCmd(t, "import", "--data", data, gub, ayun)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	wantAll(t, "output", out,
		"PUE_GUB_2024.csv: Gubernatura (GUB), corte 03/06/2024 20:00 (UTC-6)\n"+
			"  candidaturas: PUE_GUB_Candidaturas_2024.csv\n"+
			"  actas: 8,346 nuevas, 0 cambiadas, 0 sin cambio, 0 retiradas\n"+
			"  0 discrepancias entre lo publicado y lo recalculado\n",
		"PUE_AYUN_2024.csv: Ayuntamientos (AYUN), corte 03/06/2024 20:00 (UTC-6)\n"+
			"  candidaturas: no se encontró PUE_AYUN_Candidaturas_2024.csv; se importa sin "+
			"candidaturas\n"+
			"  actas: 8,364 nuevas, 0 cambiadas, 0 sin cambio, 0 retiradas\n",
		"  línea 641, acta 210273B01004, OBSERVACIONES: publicado \"ALGUN CAMPO ILEGIBLE O "+
			"SIN DATO\", calculado \" - \"\n",
		"  21 discrepancias entre lo publicado y lo recalculado\n")

	// The candidaturas file can be named when it lives elsewhere; a file imported before
	// is reported and changes nothing.
	cand := bundled(t, t.TempDir(), "PUE_AYUN_Candidaturas_2024.csv")
	before := storeDigest(t, data)
	code, out, errs = runCmd(t, "import", "--data", data, "--candidaturas", cand, ayun)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	wantAll(t, "output", out, "este archivo ya se había importado (importación 2); no se "+
		"cambió nada")
	if storeDigest(t, data) != before {
		t.Error("importing a file again changed the store")
	}
}

// TestImportAudit imports a file, imports it again and tries a file of another election,
// then verifies and exports the audit trail as an auditor would: the chain is intact and
// holds the two imports, by the operating-system user, and the refusal of the third with
// its reason.
func TestImportAudit(t *testing.T) {
	data, src := t.TempDir(), t.TempDir()
	gub := bundled(t, src, "PUE_GUB_2024.csv", "PUE_GUB_Candidaturas_2024.csv")
	for i, c := range []struct {
		args []string
		exit int
	}{{[]string{gub}, 0}, {[]string{gub}, 0}, {[]string{"--eleccion", "AYUN", gub}, 1}} {
		code, _, errs := runCmd(t, append([]string{"import", "--data", data}, c.args...)...)
		if code != c.exit {
			t.Fatalf("import %d: exit %d, want %d: %s", i+1, code, c.exit, errs)
		}
	}
	code, out, errs := runCmd(t, "audit", "verify", "--data", data)
	want := "La bitácora de auditoría está íntegra: 3 registros encadenados sin " +
		"alteraciones, inserciones ni eliminaciones.\n"
	if code != 0 || out != want {
		t.Fatalf("audit verify: exit %d, output %q, want 0 and %q (%s)", code, out, want, errs)
	}

	path := filepath.Join(t.TempDir(), "bitacora.csv")
	if code, _, errs := runCmd(t, "audit", "export", "--data", data, "--out", path); code != 0 {
		t.Fatalf("audit export: exit %d: %s", code, errs)
	}
	rows := importRows(t, path)
	if len(rows) != 3 {
		t.Fatalf("got %d import rows in the export, want 3: %q", len(rows), rows)
	}
	if r := rows[2]; r["resultado"] != "rechazo" || r["objetivo"] != "PUE_GUB_2024.csv" ||
		!strings.Contains(r["detalle"], "es de la elección GUB (Gubernatura) y se pidió AYUN") {
		t.Errorf("refused import recorded as %s on %s: %q", r["resultado"], r["objetivo"],
			r["detalle"])
	}
	file, err := os.ReadFile(gub)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(file)
	actor := "cli"
	if u, err := user.Current(); err == nil {
		actor = "cli:" + u.Username
	}
	for i, again := range []bool{false, true} {
		r := rows[i]
		if r["actor"] != actor || r["rol"] != "administrador" || r["objetivo"] != "GUB" ||
			r["resultado"] != "exito" {
			t.Errorf("row %d: %s/%s on %s, %s; want %s/administrador on GUB, exito", i+1,
				r["actor"], r["rol"], r["objetivo"], r["resultado"], actor)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(r["despues"]), &got); err != nil {
			t.Fatalf("row %d: despues %q: %v", i+1, r["despues"], err)
		}
		want := map[string]any{"archivo": "PUE_GUB_2024.csv",
			"sha256": hex.EncodeToString(sum[:]), "eleccion": "GUB",
			"corte": "2024-06-03T20:00:00-06:00", "importacion": 1.0, "ya_importado": again,
			"actas_archivo": 8346.0, "nuevas": 8346.0, "cambiadas": 0.0, "sin_cambio": 0.0,
			"retiradas": 0.0, "discrepancias": 0.0}
		if again {
			want["nuevas"] = 0.0
			delete(want, "discrepancias")
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("row %d despues:\n got %v\nwant %v", i+1, got, want)
		}
	}
}

// importRows reads an exported audit trail and returns its import rows, each as a map from
// column name to value.
func importRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("read %s: %v (%d records)", path, err, len(recs))
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		r := map[string]string{}
		for i, col := range recs[0] {
			r[col] = rec[i]
		}
		if r["accion"] == "importacion" {
			rows = append(rows, r)
		}
	}
	return rows
}

// lines splits a file after its BOM into lines without their line ending.
func lines(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// unlines joins lines back into a file with BOM and trailing newline.
func unlines(ls []string) []byte {
	return []byte("\uFEFF" + strings.Join(ls, "\n") + "\n")
}

// setCell returns the file with cell col of line n (1-based) replaced.
func setCell(data []byte, n, col int, v string) []byte {
	ls := lines(data)
	cells := strings.Split(ls[n-1], ",")
	cells[col] = v
	ls[n-1] = strings.Join(cells, ",")
	return unlines(ls)
}

// editLine returns the file with line n (1-based) passed through edit.
func editLine(data []byte, n int, edit func(string) string) []byte {
	ls := lines(data)
	ls[n-1] = edit(ls[n-1])
	return unlines(ls)
}

// cutInRow cuts the file 40 bytes into line n, in the middle of a row.
func cutInRow(data []byte, n int) []byte {
	off := 0
	for i := 1; i < n; i++ {
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return data[:off+40]
}

func latin1(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := charmap.ISO8859_1.NewEncoder().Bytes(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportBadInput imports damaged copies of the real files. Each must be refused with a
// Spanish message naming file, line and (where it applies) column, and leave the store as
// it was.
func TestImportBadInput(t *testing.T) {
	gub, err := demodata.ReadFile("PUE_GUB_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	dip, err := demodata.ReadFile("PUE_DIP_LOC_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	const pan = 16 // column index of PAN; line 9 is the first voto anticipado acta
	long := strings.Repeat("X", 300)
	cases := []struct {
		name string
		file string // the damaged file's name
		data []byte
		args []string
		want []string
	}{
		{"empty file", "PUE_GUB_2024.csv", nil, nil,
			[]string{"PUE_GUB_2024.csv, línea 1: el archivo está vacío"}},
		{"cut in a row", "PUE_GUB_2024.csv", cutInRow(gub, 4000), nil,
			[]string{"PUE_GUB_2024.csv, línea 4000: la última fila está cortada"}},
		{"header block missing", "PUE_GUB_2024.csv", unlines(lines(gub)[6:]), nil,
			[]string{"línea 1: el bloque de encabezado está incompleto o desordenado"}},
		{"header block reordered", "PUE_GUB_2024.csv",
			unlines(append(lines(gub)[3:5:5], append(lines(gub)[0:3], lines(gub)[5:]...)...)),
			nil, []string{"línea 1: el bloque de encabezado está desordenado"}},
		{"letters in a vote", "PUE_GUB_2024.csv", setCell(gub, 9, pan, "12a"), nil,
			[]string{`línea 9, columna PAN (valor "12a"): valor no reconocido`}},
		{"negative vote", "PUE_GUB_2024.csv", setCell(gub, 9, pan, "-5"), nil,
			[]string{`línea 9, columna PAN (valor "-5"): el valor no puede ser negativo`}},
		{"exponent in a vote", "PUE_GUB_2024.csv", setCell(gub, 9, pan, "1e9"), nil,
			[]string{`línea 9, columna PAN (valor "1e9"): se esperaba un número entero`}},
		{"300 characters in a vote", "PUE_GUB_2024.csv", setCell(gub, 9, pan, long), nil,
			[]string{`línea 9, columna PAN (valor "` + long[:40] + `…"): valor no reconocido`}},
		{"too few cells", "PUE_GUB_2024.csv", editLine(gub, 20, func(l string) string {
			return l[:strings.LastIndexByte(l, ',')]
		}), nil, []string{"línea 20: la fila tiene 78 campos y se esperaban 79"}},
		{"too many cells", "PUE_GUB_2024.csv", editLine(gub, 20, func(l string) string {
			return l + ",X"
		}), nil, []string{"línea 20: la fila tiene 80 campos y se esperaban 79"}},
		{"latin-1", "PUE_DIP_LOC_2024.csv", latin1(t, dip), nil,
			[]string{"PUE_DIP_LOC_2024.csv, línea 1: el texto no es UTF-8 válido"}},
		{"other election asked", "PUE_DIP_LOC_2024.csv", dip, []string{"--eleccion", "GUB"},
			[]string{"PUE_DIP_LOC_2024.csv, línea 1 (valor \"DIPUTACIONES LOCALES (INCLUYE " +
				"RESULTADOS…\"): el archivo es de la elección DIP_LOC (Diputaciones Locales) " +
				"y se pidió GUB"}},
		{"other entidad", "TLX_GUB_2024.csv", otherEntidad(gub), nil,
			[]string{`TLX_GUB_2024.csv, línea 8, columna ID_ENTIDAD (valor "29"): el archivo ` +
				"es de la entidad 29 (TLAXCALA) y el almacén de la entidad 21 (PUEBLA)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := seeded(t)
			file := filepath.Join(t.TempDir(), c.file)
			writeFile(t, file, c.data)
			before := storeDigest(t, data)

			args := append(append([]string{"import", "--data", data}, c.args...), file)
			code, out, errs := runCmd(t, args...)
			if code == 0 {
				t.Fatalf("exit 0, want a failure; output:\n%s", out)
			}
			wantAll(t, "error output", errs, append(c.want, "(no se guardó nada de este "+
				"archivo)")...)
			if storeDigest(t, data) != before {
				t.Error("the refused file changed the store")
			}
			if n := trailLength(t, data); n != 2 {
				t.Errorf("audit trail of %d entries after the refusal, want 2: the "+
					"seeding import's and the refusal", n)
			}
		})
	}
}

// seeded returns a data folder whose store holds the Puebla Gubernatura sample (district
// 001), so that "unchanged" means more than "still empty".
func seeded(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	sample := filepath.Join("..", "..", "testdata", "muestra", "PUE_GUB_2024_muestra_DL001.csv")
	if code, _, errs := runCmd(t, "import", "--data", data, sample); code != 0 {
		t.Fatalf("import sample: %s", errs)
	}
	return data
}

// otherEntidad returns the file with every acta moved to entidad 29, TLAXCALA.
func otherEntidad(data []byte) []byte {
	ls := lines(data)
	for i := 7; i < len(ls); i++ {
		cells := strings.Split(ls[i], ",")
		cells[2], cells[3] = "'29", "TLAXCALA"
		ls[i] = strings.Join(cells, ",")
	}
	return unlines(ls)
}

// TestImportProgressBar runs the same imports with the error output on a buffer, on a file
// and on a terminal. Off a terminal the output is the report alone, as it always was; on a
// terminal the error output gets one finished bar per file, and the report is the same.
func TestImportProgressBar(t *testing.T) {
	src := t.TempDir()
	gub := bundled(t, src, "PUE_GUB_2024.csv", "PUE_GUB_Candidaturas_2024.csv")
	ayun := bundled(t, src, "PUE_AYUN_2024.csv")
	imports := func(stdout, stderr io.Writer) (int, int) {
		data := t.TempDir()
		storetest.Env(t, data)
		ok := run(context.Background(), []string{"import", "--data", data, gub, ayun},
			stdout, stderr)
		wrong := run(context.Background(), []string{"import", "--data", data, "--eleccion",
			"AYUN", gub}, stdout, stderr)
		return ok, wrong
	}

	var out, errs bytes.Buffer
	if ok, wrong := imports(&out, &errs); ok != 0 || wrong != 1 {
		t.Fatalf("exit %d and %d, want 0 and 1: %s", ok, wrong, errs.String())
	}
	wantErrs := "sufragio import: PUE_GUB_2024.csv, línea 1 (valor \"GUBERNATURA\"): el " +
		"archivo es de la elección GUB (Gubernatura) y se pidió AYUN (no se guardó nada de " +
		"este archivo)\n"
	if errs.String() != wantErrs {
		t.Errorf("error output on a buffer:\n%s\nwant:\n%s", errs.String(), wantErrs)
	}

	dir := t.TempDir()
	fout, ferr := createFile(t, dir, "out"), createFile(t, dir, "err")
	imports(fout, ferr)
	if got := readFile(t, fout); got != out.String() {
		t.Errorf("output on a file differs from that on a buffer:\n%s\nwant:\n%s", got,
			out.String())
	}
	if got := readFile(t, ferr); got != wantErrs {
		t.Errorf("error output on a file:\n%q\nwant:\n%q", got, wantErrs)
	}

	var tout, terrs bytes.Buffer
	imports(&tout, barra.Terminal{Writer: &terrs})
	if tout.String() != out.String() {
		t.Errorf("output with a bar differs:\n%s\nwant:\n%s", tout.String(), out.String())
	}
	got := strings.Split(terrs.String(), "\n")
	if len(got) != 4 || got[2]+"\n" != wantErrs {
		t.Fatalf("error output on a terminal: want two bars and the error, got:\n%q",
			terrs.String())
	}
	for i, want := range []string{"importando PUE_GUB_2024.csv 100% |",
		"importando PUE_AYUN_2024.csv 100% |"} {
		end := got[i][strings.LastIndex(got[i], "\r")+1:]
		if !strings.HasPrefix(end, want) || !strings.Contains(end, " filas/s) [") {
			t.Errorf("bar %d ends with %q, want %q… filas/s) [", i+1, end, want)
		}
	}
	wantAll(t, "bars", terrs.String(), "(8346/8346, ", "(8364/8364, ")
}

func createFile(t *testing.T, dir, name string) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readFile(t *testing.T, f *os.File) string {
	t.Helper()
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
