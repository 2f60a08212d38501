package nist_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/nist"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/prep"
)

// cut is one cut of the three bundled Puebla 2024 elections: the files as read, with their
// candidaturas, their raw bytes and their tallies.
type cut struct {
	files []*opendata.Archivo
	raw   [][]byte
	res   []*corte.Resultados
}

// load reads the bundled files of one cut and tallies them with the geography the store
// would derive from them, so that every sección has its distrito and its municipio.
func load(t testing.TB, final bool) *cut {
	t.Helper()
	c := &cut{}
	var defs []*catalog.Eleccion
	var actas [][]*acta.Acta
	for _, e := range demodata.Puebla2024 {
		name := e.Corte1800
		if final {
			name = e.Final
		}
		data, err := demodata.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := opendata.Read(name, data)
		if err != nil {
			t.Fatal(err)
		}
		cand, err := demodata.ReadFile(e.Candidaturas)
		if err != nil {
			t.Fatal(err)
		}
		if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
			t.Fatal(err)
		}
		c.files, c.raw = append(c.files, f), append(c.raw, data)
		defs, actas = append(defs, f.Eleccion), append(actas, f.Actas)
	}
	geo := corte.GeografiaDe(defs, actas)
	for i, e := range defs {
		c.res = append(c.res, corte.Tally(e, actas[i], geo, c.files[i].Corte, final,
			acta.DefaultConfig))
	}
	return c
}

// ceros tallies the catalog of the final cut with nothing registered, as the puesta en
// ceros publishes it.
func ceros(t testing.TB) []*corte.Resultados {
	c := load(t, true)
	var out []*corte.Resultados
	for i, f := range c.files {
		var espera []*acta.Acta
		for _, a := range f.Actas {
			if !a.FueraDeCatalogo() {
				espera = append(espera, prep.Esperar(a))
			}
		}
		out = append(out, corte.Tally(c.res[i].Eleccion, espera, nil, f.Corte, false,
			acta.DefaultConfig))
	}
	return out
}

var horaFinal = time.Date(2024, 6, 3, 20, 0, 0, 0, opendata.Zona)

func write(t testing.TB, in nist.Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := nist.Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, data []byte) map[string]any {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the report is not JSON: %v", err)
	}
	return doc.(map[string]any)
}

var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	return c.Compile("testdata/NIST_V2_election_results_reporting.json")
})

// validate checks a parsed report against the NIST schema.
func validate(t testing.TB, doc any) error {
	t.Helper()
	sch, err := schema()
	if err != nil {
		t.Fatalf("compile the NIST schema: %v", err)
	}
	return sch.Validate(doc)
}

func mustValidate(t testing.TB, doc any) {
	t.Helper()
	if err := validate(t, doc); err != nil {
		msg := err.Error()
		if len(msg) > 3000 {
			msg = msg[:3000] + "…"
		}
		t.Fatalf("the report violates the NIST schema:\n%s", msg)
	}
}

// sample is a deep copy of a parsed report whose lists of counts keep only their first n
// entries. Every count is written by the same few lines, so a sample of each list checks
// their form, while the schema's oneOf branches, tried for every selection, make checking
// a million of them take half a minute; TestSchemaComplete checks them all.
func sample(v any, n int) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if l, ok := e.([]any); ok && (k == "VoteCounts" || k == "BallotCounts") &&
				len(l) > n {
				e = l[:n]
			}
			out[k] = sample(e, n)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = sample(e, n)
		}
		return out
	}
	return v
}

var finalReport struct {
	sync.Once
	c   *cut
	doc map[string]any
}

// final returns the report of the final cut of the three elections, written and parsed
// once for every test that reads it.
func final(t *testing.T) (*cut, map[string]any) {
	t.Helper()
	finalReport.Do(func() {
		c := load(t, true)
		data := write(t, nist.Input{Numero: 42, Hora: horaFinal, Generado: horaFinal,
			Final: true, Elecciones: c.res})
		finalReport.c, finalReport.doc = c, parse(t, data)
	})
	if finalReport.doc == nil {
		t.Fatal("the final report could not be built")
	}
	return finalReport.c, finalReport.doc
}

// TestSchema checks the report of the final cut of the three real elections, and that of a
// puesta en ceros of a simulacro, against the NIST SP 1500-100 v2 schema.
func TestSchema(t *testing.T) {
	_, doc := final(t)
	mustValidate(t, sample(doc, 20))

	zero := parse(t, write(t, nist.Input{Numero: 0, Hora: horaFinal, Simulacro: true,
		Elecciones: ceros(t)}))
	mustValidate(t, sample(zero, 20))
	if got := zero["Status"]; got != nist.StatusPreElection {
		t.Errorf("puesta en ceros: Status %v, want %s", got, nist.StatusPreElection)
	}
	for _, el := range list(zero, "Election") {
		for _, c := range list(el, "Contest") {
			for _, s := range list(c, "ContestSelection") {
				for _, v := range list(s, "VoteCounts") {
					if n := count(v, "Count"); n != 0 {
						t.Fatalf("puesta en ceros: %s has %d votes at %s", s["@id"], n,
							v["GpUnitId"])
					}
					if strings.HasPrefix(v["GpUnitId"].(string), "gpu-cas-") {
						t.Fatalf("puesta en ceros: %s counts casilla %s, which has no "+
							"counted acta", s["@id"], v["GpUnitId"])
					}
				}
			}
		}
	}
}

// TestSchemaComplete checks every object of the final report against the schema.
func TestSchemaComplete(t *testing.T) {
	if testing.Short() {
		t.Skip("checking a million counts against the schema takes half a minute")
	}
	_, doc := final(t)
	mustValidate(t, doc)
}

// TestSchemaRejects proves that the validator runs: a report that lacks a required field,
// deep or at the top, or has a value outside an enumeration, is refused.
func TestSchemaRejects(t *testing.T) {
	small := smallInput(t)
	doc := parse(t, write(t, small))
	mustValidate(t, doc)
	cases := []struct {
		name   string
		change func(doc map[string]any)
	}{
		{"no Issuer", func(d map[string]any) { delete(d, "Issuer") }},
		{"VoteCounts without GpUnitId", func(d map[string]any) {
			s := list(list(list(d, "Election")[0], "Contest")[0], "ContestSelection")[0]
			delete(list(s, "VoteCounts")[0], "GpUnitId")
		}},
		{"unknown ResultsStatus", func(d map[string]any) { d["Status"] = "final" }},
		{"GpUnit without Type", func(d map[string]any) { delete(list(d, "GpUnit")[0], "Type") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := parse(t, write(t, small))
			c.change(d)
			err := validate(t, d)
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("a report with %s passed the schema (err %v)", c.name, err)
			}
		})
	}
}

// smallInput is a corte of the Gubernatura with its first 300 actas.
func smallInput(t testing.TB) nist.Input {
	data, err := demodata.ReadFile("PUE_GUB_2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	f, err := opendata.Read("PUE_GUB_2024.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	r := corte.Tally(f.Eleccion, f.Actas[:300], nil, f.Corte, false, acta.DefaultConfig)
	return nist.Input{Numero: 3, Hora: f.Corte, Elecciones: []*corte.Resultados{r}}
}

// TestReferences checks what the schema cannot: every @id is unique, every reference names
// an object of the right type, and every unit is reached from the entidad.
func TestReferences(t *testing.T) {
	_, doc := final(t)
	ids := map[string]string{}
	var dup []string
	walk(doc, func(o map[string]any) {
		id, ok := o["@id"].(string)
		if !ok {
			return
		}
		if _, seen := ids[id]; seen {
			dup = append(dup, id)
		}
		ids[id] = o["@type"].(string)
	})
	if len(dup) > 0 {
		t.Fatalf("%d ids repeat, e.g. %v", len(dup), dup[:min(5, len(dup))])
	}
	unit := []string{"ElectionResults.ReportingUnit"}
	party := []string{"ElectionResults.Party", "ElectionResults.Coalition"}
	refs := map[string][]string{"ComposingGpUnitIds": unit, "GpUnitId": unit,
		"ElectionDistrictId": unit, "ElectionScopeId": unit, "PartyIds": party,
		"EndorsementPartyIds": party, "PartyId": party,
		"CandidateIds": {"ElectionResults.Candidate"},
		"ContestIds":   {"ElectionResults.CandidateContest"}}
	bad := 0
	walk(doc, func(o map[string]any) {
		for key, want := range refs {
			for _, ref := range idList(o[key]) {
				if got := ids[ref]; !contains(want, got) {
					if bad++; bad <= 5 {
						t.Errorf("%s %q of %v names a %q, want %v", key, ref, o["@id"], got,
							want)
					}
				}
			}
		}
	})

	reached := map[string]bool{}
	byID := map[string]map[string]any{}
	for _, u := range list(doc, "GpUnit") {
		byID[u["@id"].(string)] = u
	}
	var visit func(id string)
	visit = func(id string) {
		if reached[id] {
			return
		}
		reached[id] = true
		for _, c := range idList(byID[id]["ComposingGpUnitIds"]) {
			visit(c)
		}
	}
	visit("gpu-ent-21")
	if len(reached) != len(byID) {
		t.Errorf("%d of %d units are reached from the entidad", len(reached), len(byID))
	}
}

// TestTotals adds up the exported counts and compares them with the corte's tallies and
// with the official files: per vote column, the counts of every contest at its own unit add
// up to the entidad's, the casillas of a contest add up to the contest, and the sums equal
// those computed straight from the CSV's counted rows.
func TestTotals(t *testing.T) {
	c, doc := final(t)
	elections := list(doc, "Election")
	if len(elections) != 3 {
		t.Fatalf("%d elections, want 3", len(elections))
	}
	for i, el := range elections {
		r := c.res[i]
		t.Run(r.Eleccion.Codigo, func(t *testing.T) {
			got := exportedTotals(t, el, r)
			want := csvTotals(t, c.raw[i], r.Eleccion)
			for k, col := range r.Eleccion.Contendientes {
				if got[k] != r.Entidad.Votos[k] || got[k] != want[k] {
					t.Errorf("%s: exported %d, corte %d, CSV %d", col.Columna, got[k],
						r.Entidad.Votos[k], want[k])
				}
			}
			cast := ballots(el, "gpu-ent-21", "total")
			header, err := corte.ParseCampo("TOTAL_VOTOS_C_CS", c.files[i].Resumen[10])
			if err != nil {
				t.Fatal(err)
			}
			if cast != header || cast != r.Entidad.Resumen.TotalVotosCCS {
				t.Errorf("BallotsCast %d, CSV header TOTAL_VOTOS_C_CS %d, corte %d", cast,
					header, r.Entidad.Resumen.TotalVotosCCS)
			}
		})
	}
}

// exportedTotals checks the counts of each contest of an election and returns, per vote
// column, their sum over the contests; nulos come from the BallotCounts.
func exportedTotals(t *testing.T, el map[string]any, r *corte.Resultados) []int64 {
	t.Helper()
	e := r.Eleccion
	nodes := map[string][]int64{"gpu-ent-21": r.Entidad.Votos}
	for _, n := range r.Distritos {
		nodes["gpu-dist-"+n.ID] = n.Votos
	}
	for _, n := range r.Municipios {
		nodes["gpu-mun-"+n.ID] = n.Votos
	}
	sum := make([]int64, len(e.Contendientes))
	for _, c := range list(el, "Contest") {
		district := c["ElectionDistrictId"].(string)
		for _, s := range list(c, "ContestSelection") {
			k := int(count(s, "SequenceOrder")) - 1
			var at, casillas int64
			for _, v := range list(s, "VoteCounts") {
				switch id := v["GpUnitId"].(string); {
				case id == district:
					at = count(v, "Count")
				case strings.HasPrefix(id, "gpu-cas-"):
					casillas += count(v, "Count")
				}
			}
			if at != nodes[district][k] || casillas != at {
				t.Errorf("%s: %d at %s, %d in its casillas, corte %d", s["@id"], at, district,
					casillas, nodes[district][k])
			}
			sum[k] += at
		}
	}
	for k, col := range e.Contendientes {
		if col.Tipo == catalog.Nulos {
			sum[k] = ballots(el, "gpu-ent-21", nist.OtherTypeNulos)
		}
	}
	return sum
}

// ballots is the BallotsCast of an election at a unit, of the type given ("total") or of
// type other with that OtherType.
func ballots(el map[string]any, unit, kind string) int64 {
	for _, b := range list(el, "BallotCounts") {
		if b["GpUnitId"] != unit {
			continue
		}
		if b["Type"] == kind || b["Type"] == "other" && b["OtherType"] == kind {
			return count(b, "BallotsCast")
		}
	}
	return -1
}

// csvTotals adds up each vote column over the rows of an open-data file whose CONTABILIZADA
// is 1, reading the CSV text itself.
func csvTotals(t *testing.T, data []byte, e *catalog.Eleccion) []int64 {
	t.Helper()
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	var head []string
	sum := make([]int64, len(e.Contendientes))
	for _, line := range lines {
		cells := strings.Split(strings.TrimRight(line, "\r"), ",")
		if head == nil {
			if cells[0] == "CLAVE_CASILLA" {
				head = cells
			}
			continue
		}
		if len(cells) != len(head) {
			continue
		}
		if cells[indexOf(head, "CONTABILIZADA")] != "1" {
			continue
		}
		for k, col := range e.Contendientes {
			if n, err := strconv.ParseInt(cells[indexOf(head, col.Columna)], 10, 64); err == nil {
				sum[k] += n
			}
		}
	}
	return sum
}

// TestOfficialGubernatura compares the candidacies' votes in the final report with the
// final PREP figures reported by the press (demodata SOURCE-gubernatura.md).
func TestOfficialGubernatura(t *testing.T) {
	_, doc := final(t)
	gub := list(doc, "Election")[0]
	names := map[string]string{}
	for _, c := range list(gub, "Candidate") {
		names[c["@id"].(string)] = text(c["BallotName"])
	}
	got := map[string]int64{}
	for _, s := range list(list(gub, "Contest")[0], "ContestSelection") {
		for _, id := range idList(s["CandidateIds"]) {
			for _, v := range list(s, "VoteCounts") {
				if v["GpUnitId"] == "gpu-ent-21" {
					got[names[id]] += count(v, "Count")
				}
			}
		}
	}
	want := map[string]int64{"ALEJANDRO ARMENTA MIER": 1_578_749,
		"EDUARDO RIVERA PEREZ": 879_460, "FERNANDO MORALES MARTINEZ": 115_824}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s: %d votes, want %d", name, got[name], n)
		}
	}
	if got := ballots(gub, "gpu-ent-21", "total"); got != 2_658_993 {
		t.Errorf("Gubernatura ballots %d, want 2,658,993", got)
	}
}

// TestStatus checks the ResultsStatus of a corte and the marks of a simulacro.
func TestStatus(t *testing.T) {
	partial := load(t, false).res
	zero := ceros(t)
	cases := []struct {
		name string
		in   nist.Input
		want string
	}{
		{"puesta en ceros", nist.Input{Numero: 0, Elecciones: zero}, nist.StatusPreElection},
		{"corte 18:00", nist.Input{Numero: 90, Elecciones: partial}, nist.StatusPartial},
		{"corte 0 with actas", nist.Input{Numero: 0, Elecciones: partial}, nist.StatusPartial},
		{"a later corte with nothing", nist.Input{Numero: 1, Elecciones: zero},
			nist.StatusPartial},
		{"final corte", nist.Input{Numero: 97, Final: true, Elecciones: partial},
			nist.StatusComplete},
	}
	for _, c := range cases {
		if got := nist.Status(c.in); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}

	in := smallInput(t)
	doc := parse(t, write(t, in))
	if doc["Status"] != nist.StatusPartial || doc["IsTest"] != false {
		t.Errorf("live partial corte: Status %v, IsTest %v", doc["Status"], doc["IsTest"])
	}
	in.Simulacro, in.Final = true, true
	doc = parse(t, write(t, in))
	name := text(list(doc, "Election")[0]["Name"])
	if doc["Status"] != nist.StatusComplete || doc["IsTest"] != true ||
		doc["TestType"] != "simulacro" || !strings.Contains(name, "SIMULACRO") ||
		!strings.HasPrefix(doc["Notes"].(string), "SIMULACRO") {
		t.Errorf("final simulacro: Status %v, IsTest %v, TestType %v, election %q, notes %q",
			doc["Status"], doc["IsTest"], doc["TestType"], name, doc["Notes"])
	}
}

// TestHeader checks the report's dates and names.
func TestHeader(t *testing.T) {
	in := smallInput(t)
	in.Generado = time.Date(2024, 6, 3, 2, 0, 0, 500, time.UTC)
	doc := parse(t, write(t, in))
	el := list(doc, "Election")[0]
	for _, c := range []struct{ field, got, want string }{
		{"GeneratedDate", doc["GeneratedDate"].(string), "2024-06-02T20:00:00-06:00"},
		{"StartDate", el["StartDate"].(string), "2024-06-02"},
		{"EndDate", el["EndDate"].(string), "2024-06-02"},
		{"Issuer", doc["Issuer"].(string), "Organismo Público Local Electoral de PUEBLA"},
		{"IssuerAbbreviation", doc["IssuerAbbreviation"].(string), "PUE"},
		{"Election name", text(el["Name"]), "Gubernatura 2024"},
		{"file name", nist.FileName(in), "PUE_ERR_2024.json"},
	} {
		if c.got != c.want {
			t.Errorf("%s %q, want %q", c.field, c.got, c.want)
		}
	}
}

// TestWriteIsStable checks that a corte gives the same bytes every time, and that a failing
// writer's error is returned.
func TestWriteIsStable(t *testing.T) {
	in := smallInput(t)
	if a, b := write(t, in), write(t, in); !bytes.Equal(a, b) {
		t.Error("two reports of the same corte differ")
	}
	want := errors.New("disk full")
	if err := nist.Write(failingWriter{want}, in); !errors.Is(err, want) {
		t.Errorf("Write to a failing writer: %v, want %v", err, want)
	}
	if err := nist.Write(io.Discard, nist.Input{}); err == nil {
		t.Error("a report without elections was written")
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// BenchmarkWrite writes the report of the final cut of the three real elections.
func BenchmarkWrite(b *testing.B) {
	c := load(b, true)
	in := nist.Input{Numero: 42, Hora: horaFinal, Final: true, Elecciones: c.res}
	var n countingWriter
	if err := nist.Write(&n, in); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := nist.Write(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "report_bytes")
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// FuzzAppendString checks, through a candidate's name, that any valid UTF-8 text comes back
// from the report unchanged.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "MARÍA JOSÉ NÚÑEZ", `a"b\c`, "tab\there\n", "\u2028x\u2029",
		"<script>&", "\x00\x1f"} {
		f.Add(s)
	}
	base := smallInput(f)
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || !utf8.ValidString(s) {
			return
		}
		in := base
		in.Issuer = s
		var buf bytes.Buffer
		if err := nist.Write(&buf, in); err != nil {
			t.Fatal(err)
		}
		var doc struct{ Issuer string }
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("issuer %q: %v", s, err)
		}
		if doc.Issuer != s {
			t.Fatalf("issuer %q came back as %q", s, doc.Issuer)
		}
	})
}

// The helpers below read a parsed report.

func list(o map[string]any, key string) []map[string]any {
	l, _ := o[key].([]any)
	out := make([]map[string]any, len(l))
	for i, e := range l {
		out[i] = e.(map[string]any)
	}
	return out
}

func count(o map[string]any, key string) int64 {
	n, err := o[key].(json.Number).Int64()
	if err != nil {
		panic(fmt.Sprintf("%s of %v: %v", key, o["@id"], err))
	}
	return n
}

func text(v any) string {
	return v.(map[string]any)["Text"].([]any)[0].(map[string]any)["Content"].(string)
}

// idList reads a reference or a list of references.
func idList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = e.(string)
		}
		return out
	}
	return nil
}

func walk(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(x)
		for _, e := range x {
			walk(e, f)
		}
	case []any:
		for _, e := range x {
			walk(e, f)
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}
