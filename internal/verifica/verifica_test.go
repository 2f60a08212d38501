package verifica

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/catalog"
	"github.com/sufragio/sufragio/internal/corte"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
)

// cortes publishes, once per test binary, the 18:00 and the final cut of the three Puebla
// elections as cortes 1 and 2, signed, as the PREP publishes them.
var cortes = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "sufragio-verifica-")
	if err != nil {
		return "", err
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	claveCortes = key
	for _, n := range []int{1, 2} {
		final := n == 2
		var defs []*catalog.Eleccion
		var actas [][]*acta.Acta
		var hora time.Time
		for _, e := range demodata.Puebla2024 {
			name := e.Corte1800
			if final {
				name = e.Final
			}
			data, err := demodata.ReadFile(name)
			if err != nil {
				return "", err
			}
			f, err := opendata.Read(name, data)
			if err != nil {
				return "", err
			}
			cand, err := demodata.ReadFile(e.Candidaturas)
			if err != nil {
				return "", err
			}
			if err := opendata.ReadCandidaturas(e.Candidaturas, cand, f); err != nil {
				return "", err
			}
			defs, actas, hora = append(defs, f.Eleccion), append(actas, f.Actas), f.Corte
		}
		geo := corte.GeografiaDe(defs, actas)
		var res []*corte.Resultados
		for i := range defs {
			res = append(res, corte.Tally(defs[i], actas[i], geo, hora, final,
				acta.DefaultConfig))
		}
		if _, err := publish.Build(dir, publish.Input{Numero: n, Hora: hora, Final: final,
			Generado: hora.Add(time.Minute), Elecciones: res, Config: acta.DefaultConfig,
			Firma: key}); err != nil {
			return "", err
		}
	}
	return dir, nil
})

// claveCortes is the key that signed the test cortes.
var claveCortes ed25519.PrivateKey

// TestMain removes the published cortes after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := cortes(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// copia returns a copy of the published cortes to tamper with.
func copia(t *testing.T) string {
	t.Helper()
	src, err := cortes()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "cortes")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func verificar(t *testing.T, path string, op Opciones) *Informe {
	t.Helper()
	inf, err := Verificar(path, op)
	if err != nil {
		t.Fatal(err)
	}
	return inf
}

// fallas returns the texts of the discrepancies of a report.
func fallas(inf *Informe) []string {
	var out []string
	for _, h := range inf.Hallazgos {
		if h.Nivel == Falla {
			out = append(out, h.Texto)
		}
	}
	return out
}

// TestVerificaCortesPublicados passes on the cortes as published: every check of both
// cortes and their chain.
func TestVerificaCortesPublicados(t *testing.T) {
	dir, err := cortes()
	if err != nil {
		t.Fatal(err)
	}
	inf := verificar(t, dir, Opciones{})
	if f := fallas(inf); len(f) > 0 {
		t.Fatalf("discrepancies on untouched cortes: %q", f)
	}
	var todo string
	for _, h := range inf.Hallazgos {
		todo += h.Texto + "\n"
	}
	for _, want := range []string{"Corte 2: firma Ed25519 válida.",
		"Cadena: el corte 2 enlaza con el 1.",
		"Corte 2, Gubernatura: las 13 cifras del encabezado coinciden con las actas; " +
			"participación 64.4492 %, con casillas especiales (corte final).",
		"Corte 1, Gubernatura: las 13 cifras del encabezado coinciden con las actas; " +
			"participación 63.8737 %, sin casillas especiales (corte intermedio).",
		"Corte 2: los archivos JSON de cada nivel (entidad, distritos, municipios, " +
			"secciones, actas y la definición de cada elección) son, byte por byte, los que " +
			"dan las actas de sus CSV.",
		"Corte 2: el ZIP trae exactamente los CSV del corte.",
		"Corte 2, Ayuntamientos: 21 actas publican una OBSERVACIONES distinta",
		"La cadena empieza en el corte 1, no en la puesta en ceros",
		"Corte 2: la lista de actas agregadas (0) y cambiadas (",
		"Corte 1: la lista de actas agregadas (25,145) y cambiadas (0)"} {
		if !strings.Contains(todo, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The right fingerprint passes; another one is a discrepancy.
	if f := fallas(verificar(t, dir, Opciones{Huella: inf.Huella})); len(f) > 0 {
		t.Errorf("with the cortes' own fingerprint: %q", f)
	}
	otra := strings.Repeat("ab12 ", 16)
	if f := fallas(verificar(t, dir, Opciones{Huella: otra})); len(f) != 1 ||
		!strings.Contains(f[0], "no la esperada") {
		t.Errorf("with another fingerprint: %q, want one discrepancy naming it", f)
	}
}

// TestVerificaOficiales passes on the three official final files as the IEE published them.
func TestVerificaOficiales(t *testing.T) {
	dir := t.TempDir()
	for _, e := range demodata.Puebla2024 {
		data, err := demodata.ReadFile(e.Final)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, e.Final)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		inf := verificar(t, p, Opciones{})
		if f := fallas(inf); len(f) > 0 {
			t.Errorf("%s: %q", e.Final, f)
		}
		// A vote changed in one counted row no longer adds up to the header.
		if err := os.WriteFile(p, cambiarVoto(t, data), 0o644); err != nil {
			t.Fatal(err)
		}
		if f := fallas(verificar(t, p, Opciones{})); len(f) == 0 ||
			!strings.Contains(strings.Join(f, " "), "no es el que dan sus actas") {
			t.Errorf("%s with a vote changed: %q, want the header to disagree", e.Final, f)
		}
	}
}

// cambiarVoto adds one vote to the first vote cell of the first counted acta of a CSV
// (the first row whose CONTABILIZADA is 1 and whose first vote cell is a number).
func cambiarVoto(t *testing.T, data []byte) []byte {
	t.Helper()
	f, err := opendata.Read("x.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(data, []byte("\n"))
	for i, a := range f.Actas {
		if a.Publicada == nil || a.Publicada.Estado != acta.Contabilizada ||
			a.Votos[0].Kind != acta.Number {
			continue
		}
		row := string(lines[f.Lineas[i]-1])
		old := "," + strconv.FormatInt(a.Votos[0].N, 10) + ","
		k := nthComma(row, 16)
		if !strings.HasPrefix(row[k:], old) {
			continue
		}
		row = row[:k] + "," + strconv.FormatInt(a.Votos[0].N+1, 10) + "," + row[k+len(old):]
		lines[f.Lineas[i]-1] = []byte(row)
		return bytes.Join(lines, []byte("\n"))
	}
	t.Fatal("no counted acta to change")
	return nil
}

// nthComma is the position of the n-th comma of s (from 1).
func nthComma(s string, n int) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			if n--; n == 0 {
				return i
			}
		}
	}
	return len(s)
}

// TestVerificaDetectaAlteraciones tampers with published cortes, one way at a time, and
// checks that the verifier catches each and names what is wrong.
func TestVerificaDetectaAlteraciones(t *testing.T) {
	var m publish.Manifiesto
	leerManifiesto := func(dir string) {
		data, err := os.ReadFile(filepath.Join(dir, "0002", "corte.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
	}
	csvDe := func(dir string) string {
		leerManifiesto(dir)
		return filepath.Join(dir, "0002", filepath.FromSlash(m.Elecciones[0].CSV))
	}
	cases := []struct {
		name  string
		hacer func(t *testing.T, dir string)
		want  []string // each must appear in some discrepancy
	}{
		{"un voto cambiado en un acta del CSV", func(t *testing.T, dir string) {
			p := csvDe(dir)
			data, _ := os.ReadFile(p)
			os.WriteFile(p, cambiarVoto(t, data), 0o644)
		}, []string{"PUE_GUB_2024.csv no es el archivo publicado", "raíz",
			"el encabezado del CSV"}},
		{"una fila borrada", func(t *testing.T, dir string) {
			p := csvDe(dir)
			data, _ := os.ReadFile(p)
			lines := bytes.Split(data, []byte("\n"))
			lines = append(lines[:20], lines[21:]...)
			os.WriteFile(p, bytes.Join(lines, []byte("\n")), 0o644)
		}, []string{"bytes; el manifiesto dice", "raíz", "el encabezado del CSV"}},
		{"dos cortes intercambiados", func(t *testing.T, dir string) {
			a, b := filepath.Join(dir, "0001"), filepath.Join(dir, "0002")
			os.Rename(a, a+"x")
			os.Rename(b, a)
			os.Rename(a+"x", b)
		}, []string{"su corte.json dice que es el corte 2", "index.json da otra huella"}},
		{"un manifiesto alterado", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "0002", "corte.json")
			data, _ := os.ReadFile(p)
			data = bytes.Replace(data, []byte(`"actas_contabilizadas": 6848`),
				[]byte(`"actas_contabilizadas": 6849`), 1)
			os.WriteFile(p, data, 0o644)
		}, []string{"la firma no corresponde a corte.json", "index.json da otra huella",
			"el resumen de corte.json no es el que dan las actas"}},
		{"un archivo truncado", func(t *testing.T, dir string) {
			leerManifiesto(dir)
			p := filepath.Join(dir, "0002", filepath.FromSlash(m.Elecciones[1].JSON["secciones"]))
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)/2], 0o644)
		}, []string{"secciones.json tiene", "(¿truncado?)"}},
		{"una imagen reemplazada", func(t *testing.T, dir string) {
			// The image of an acta, published under its código de integridad, replaced
			// by other bytes.
			data, _ := os.ReadFile(csvDe(dir))
			f, _ := opendata.Read("x.csv", data)
			var sha string
			for _, a := range f.Actas {
				if publish.EsSHA256(a.CodigoIntegridad) {
					sha = a.CodigoIntegridad
					break
				}
			}
			os.MkdirAll(filepath.Join(dir, publish.CarpetaImagenes), 0o755)
			os.WriteFile(filepath.Join(dir, publish.CarpetaImagenes, sha+".jpg"),
				[]byte("\xff\xd8otra imagen\xff\xd9"), 0o644)
		}, []string{"no es la capturada"}},
		{"una lista de cambios falsa, firmada con la clave del instituto",
			func(t *testing.T, dir string) {
				// A publisher holding the key leaves an acta out of the change list: the
				// files agree with the manifest and the signature, not with the CSVs.
				p := filepath.Join(dir, "0002", publish.ArchivoCambios)
				data, _ := os.ReadFile(p)
				var c publish.CambiosJSON
				json.Unmarshal(data, &c)
				c.Elecciones[0].Cambiadas = c.Elecciones[0].Cambiadas[1:]
				data, _ = json.Marshal(c)
				os.Chmod(p, 0o644)
				os.WriteFile(p, data, 0o644)
				refirmar(t, dir, publish.ArchivoCambios, data)
			}, []string{"Gubernatura: la lista de cambios no es la que dan los CSV",
				"index.json cuenta otros cambios"}},
		{"un corte borrado de la cadena", func(t *testing.T, dir string) {
			os.RemoveAll(filepath.Join(dir, "0001"))
		}, []string{"Corte 1: no se pudo leer"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copia(t)
			c.hacer(t, dir)
			f := strings.Join(fallas(verificar(t, dir, Opciones{})), "\n")
			if f == "" {
				t.Fatal("no discrepancy found")
			}
			for _, w := range c.want {
				if !strings.Contains(f, w) {
					t.Errorf("no discrepancy says %q; found:\n%s", w, f)
				}
			}
		})
	}
}

// refirmar records the new bytes of a file of corte 2 in its manifest, signs the manifest
// again with the cortes' key and updates index.json, as a publisher holding the key would.
func refirmar(t *testing.T, dir, ruta string, data []byte) {
	t.Helper()
	refirmarCon(t, dir, func(m *publish.Manifiesto) {
		sum := sha256.Sum256(data)
		for i := range m.Archivos {
			if m.Archivos[i].Ruta == ruta {
				m.Archivos[i].Bytes = int64(len(data))
				m.Archivos[i].SHA256 = hex.EncodeToString(sum[:])
			}
		}
	})
}

// reescribir replaces a file of corte 2 and records it in the re-signed manifest.
func reescribir(t *testing.T, dir, ruta string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, "0002", filepath.FromSlash(ruta))
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	refirmar(t, dir, ruta, data)
}

// refirmarCon changes corte 2's manifest with cambiar, signs it again with the cortes' key
// and updates its hash in index.json.
func refirmarCon(t *testing.T, dir string, cambiar func(m *publish.Manifiesto)) {
	t.Helper()
	p := filepath.Join(dir, "0002", "corte.json")
	raw, _ := os.ReadFile(p)
	var m publish.Manifiesto
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	cambiar(&m)
	raw, _ = json.MarshalIndent(m, "", "  ")
	os.Chmod(p, 0o644)
	os.WriteFile(p, raw, 0o644)
	sig := filepath.Join(dir, "0002", publish.ArchivoFirma)
	os.Chmod(sig, 0o644)
	os.WriteFile(sig, []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(claveCortes,
		raw))+"\n"), 0o644)
	idx, err := publish.ReadIndice(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	idx.Cortes[len(idx.Cortes)-1].Manifiesto = hex.EncodeToString(sum[:])
	out, _ := json.Marshal(idx)
	os.WriteFile(filepath.Join(dir, "index.json"), out, 0o644)
}

// editarIndice changes index.json, as anyone who can write to the folder could.
func editarIndice(t *testing.T, dir string, cambiar func(idx *publish.Indice)) {
	t.Helper()
	idx, err := publish.ReadIndice(dir)
	if err != nil {
		t.Fatal(err)
	}
	cambiar(idx)
	out, _ := json.Marshal(idx)
	if err := os.WriteFile(filepath.Join(dir, "index.json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerificaPublicadorMalicioso catches what a publisher holding the key could sign, and
// what anyone could do to a cortes folder without it: every file of a corte must be what
// its CSVs give, and index.json what its manifests say.
func TestVerificaPublicadorMalicioso(t *testing.T) {
	leerM := func(dir string) publish.Manifiesto {
		m, err := publish.ReadManifiesto(filepath.Join(dir, "0002"))
		if err != nil {
			t.Fatal(err)
		}
		return *m
	}
	cases := []struct {
		name  string
		hacer func(t *testing.T, dir string)
		want  []string
	}{
		{"un voto cambiado en actas.json, firmado", func(t *testing.T, dir string) {
			m := leerM(dir)
			ruta := m.Elecciones[0].JSON["actas"]
			data, _ := os.ReadFile(filepath.Join(dir, "0002", ruta))
			i := bytes.Index(data, []byte(`"2611"`))
			if i < 0 {
				t.Fatal("no 2611 in actas.json")
			}
			data = append(append(append([]byte{}, data[:i]...), `"9611"`...), data[i+6:]...)
			reescribir(t, dir, ruta, data)
		}, []string{"actas.json no es el que dan las actas del CSV"}},
		{"un nombre de candidatura cambiado, firmado", func(t *testing.T, dir string) {
			m := leerM(dir)
			ruta := m.Elecciones[0].JSON["eleccion"]
			data, _ := os.ReadFile(filepath.Join(dir, "0002", ruta))
			data = bytes.Replace(data, []byte(`"nombre":"`), []byte(`"nombre":"FALSO `), 2)
			reescribir(t, dir, ruta, data)
		}, []string{"eleccion.json no es el que dan las actas del CSV"}},
		{"una clave repetida en entidad.json, firmado", func(t *testing.T, dir string) {
			m := leerM(dir)
			ruta := m.Elecciones[0].JSON["entidad"]
			data, _ := os.ReadFile(filepath.Join(dir, "0002", ruta))
			data = bytes.Replace(data, []byte(`"votos":[`), []byte(`"VOTOS":[1],"votos":[`), 1)
			reescribir(t, dir, ruta, data)
		}, []string{"entidad.json no es el que dan las actas del CSV"}},
		{"un CSV distinto dentro del ZIP, firmado", func(t *testing.T, dir string) {
			m := leerM(dir)
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			for _, e := range m.Elecciones {
				for _, r := range []string{e.CSV, e.Candidaturas} {
					data, _ := os.ReadFile(filepath.Join(dir, "0002", r))
					if r == m.Elecciones[0].CSV {
						data = cambiarVoto(t, data)
					}
					w, _ := zw.Create(r)
					w.Write(data)
				}
			}
			zw.Close()
			reescribir(t, dir, m.Zip, b.Bytes())
		}, []string{"dentro del ZIP no es el archivo del corte"}},
		{"el CSV fuera del manifiesto y alterado, firmado", func(t *testing.T, dir string) {
			m := leerM(dir)
			p := filepath.Join(dir, "0002", m.Elecciones[0].CSV)
			data, _ := os.ReadFile(p)
			os.Chmod(p, 0o644)
			os.WriteFile(p, cambiarVoto(t, data), 0o644)
			refirmarCon(t, dir, func(m *publish.Manifiesto) {
				var keep []publish.Archivo
				for _, a := range m.Archivos {
					if a.Ruta != m.Elecciones[0].CSV {
						keep = append(keep, a)
					}
				}
				m.Archivos = keep
			})
		}, []string{"el manifiesto no lista el CSV de Gubernatura"}},
		{"la hora del manifiesto cambiada, firmado", func(t *testing.T, dir string) {
			refirmarCon(t, dir, func(m *publish.Manifiesto) {
				m.Hora = m.Hora.Add(38 * time.Hour)
				m.HoraTexto = opendata.FormatCorte(m.Hora)
			})
		}, []string{"el CSV es del corte de las 03/06/2024 20:00 (UTC-6) y corte.json dice " +
			"05/06/2024 10:00 (UTC-6)", "index.json da la hora"}},
		{"la lista de cambios contra un corte inexistente, firmado",
			func(t *testing.T, dir string) {
				p := filepath.Join(dir, "0002", publish.ArchivoCambios)
				data, _ := os.ReadFile(p)
				var c publish.CambiosJSON
				json.Unmarshal(data, &c)
				c.Anterior = 7
				data, _ = json.Marshal(c)
				reescribir(t, dir, publish.ArchivoCambios, data)
			}, []string{"su lista de cambios se compara con el corte 7, no con el 1"}},
		{"index.json con otros datos del corte, sin clave", func(t *testing.T, dir string) {
			editarIndice(t, dir, func(idx *publish.Indice) {
				e := &idx.Cortes[len(idx.Cortes)-1]
				e.Final, e.Simulacro, e.Hora = false, true, e.Hora.Add(13*time.Hour)
				e.Zip, e.Manifiesto, e.Cambios = "0001/otro.zip", "", nil
			})
		}, []string{"index.json dice final no", "index.json dice simulacro sí",
			"index.json da la hora", "index.json da el ZIP", "index.json da otra huella",
			"index.json cuenta otros cambios"}},
		{"el corte 1 quitado de la carpeta y del índice, sin clave",
			func(t *testing.T, dir string) {
				os.RemoveAll(filepath.Join(dir, "0001"))
				editarIndice(t, dir, func(idx *publish.Indice) { idx.Cortes = idx.Cortes[1:] })
			}, []string{"Corte 2: enlaza con un corte anterior"}},
		{"un corte fuera del índice, sin clave", func(t *testing.T, dir string) {
			editarIndice(t, dir, func(idx *publish.Indice) {
				idx.Cortes = idx.Cortes[:len(idx.Cortes)-1]
			})
		}, []string{"La carpeta 0002 (corte 2) no está en index.json"}},
		{"un corte repetido en el índice, sin clave", func(t *testing.T, dir string) {
			editarIndice(t, dir, func(idx *publish.Indice) {
				idx.Cortes = append(idx.Cortes, idx.Cortes[0])
			})
		}, []string{"index.json lista el corte 1 más de una vez"}},
		{"la firma cambiada por un enlace, sin clave", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "0002", publish.ArchivoFirma)
			os.Remove(p)
			os.Symlink("/dev/zero", p)
		}, []string{"no se pudo leer su firma: no es un archivo normal"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copia(t)
			c.hacer(t, dir)
			f := strings.Join(fallas(verificar(t, dir, Opciones{})), "\n")
			if f == "" {
				t.Fatal("no discrepancy found")
			}
			for _, w := range c.want {
				if !strings.Contains(f, w) {
					t.Errorf("no discrepancy says %q; found:\n%s", w, f)
				}
			}
		})
	}
	// A trailing slash or "." names the same corte: its images are still checked.
	dir := copia(t)
	sha := strings.Repeat("ab", 32)
	m := leerM(dir)
	p := filepath.Join(dir, "0002", m.Elecciones[0].CSV)
	data, _ := os.ReadFile(p)
	f, _ := opendata.Read("x.csv", data)
	for _, a := range f.Actas {
		if publish.EsSHA256(a.CodigoIntegridad) {
			sha = a.CodigoIntegridad
			break
		}
	}
	os.MkdirAll(filepath.Join(dir, publish.CarpetaImagenes), 0o755)
	os.WriteFile(filepath.Join(dir, publish.CarpetaImagenes, sha+".jpg"), []byte("x"), 0o644)
	for _, ruta := range []string{filepath.Join(dir, "0002"), filepath.Join(dir, "0002") + "/",
		filepath.Join(dir, "0002", ".")} {
		if f := strings.Join(fallas(verificar(t, ruta, Opciones{})), "\n"); !strings.Contains(f,
			"no es la capturada") {
			t.Errorf("%s: the replaced image is not caught: %s", ruta, f)
		}
	}
}

// TestPruebaDeInclusion prints the proof that an acta is in the latest corte, and refuses
// an acta key the corte does not have.
func TestPruebaDeInclusion(t *testing.T) {
	dir, err := cortes()
	if err != nil {
		t.Fatal(err)
	}
	inf := verificar(t, dir, Opciones{Acta: "210423B01002"})
	var prueba string
	for _, h := range inf.Hallazgos {
		if strings.HasPrefix(h.Texto, "Prueba de inclusión") {
			prueba = h.Texto
			if h.Nivel != Bien {
				t.Errorf("proof: %s", h.Texto)
			}
		}
	}
	if !strings.Contains(prueba, "del acta 210423B01002 en el corte 2 (GUB") ||
		!strings.Contains(prueba, "la prueba reconstruye la raíz firmada") {
		t.Errorf("proof: %q", prueba)
	}
	if f := fallas(verificar(t, dir, Opciones{Acta: "999999X9999"})); len(f) != 1 ||
		!strings.Contains(f[0], "ninguna acta con la clave 999999X9999") {
		t.Errorf("unknown acta: %q", f)
	}
}

// BenchmarkVerificarCorte checks one corte of the three Puebla elections (the final one)
// from its folder: signature, hashes, Merkle roots, classifications, every tally and the
// cross-election geography. Target: under one second.
func BenchmarkVerificarCorte(b *testing.B) {
	dir, err := cortes()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		inf, err := Verificar(filepath.Join(dir, "0002"), Opciones{})
		if err != nil {
			b.Fatal(err)
		}
		if inf.Fallas() > 0 {
			b.Fatalf("discrepancies: %q", fallas(inf))
		}
	}
}
