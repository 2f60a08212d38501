package publicacion

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/demodata"
	"github.com/sufragio/sufragio/internal/opendata"
	"github.com/sufragio/sufragio/internal/publish"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// archivoDemo reads a Puebla file with its candidaturas, its actas passed through fn.
func archivoDemo(t *testing.T, e demodata.Eleccion, name string,
	fn func([]*acta.Acta) []*acta.Acta) store.ImportInput {
	t.Helper()
	data, _ := demodata.ReadFile(name)
	f, err := opendata.Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	if fn != nil {
		var buf bytes.Buffer
		if err := opendata.Write(&buf, opendata.Publicacion{Eleccion: f.Eleccion,
			Actas: fn(f.Actas), Hora: f.Corte, Final: true,
			Config: acta.DefaultConfig}); err != nil {
			t.Fatal(err)
		}
		data = buf.Bytes()
		if f, err = opendata.Read(name, data); err != nil {
			t.Fatal(err)
		}
	}
	cd, _ := demodata.ReadFile(e.Candidaturas)
	if err := opendata.ReadCandidaturas(e.Candidaturas, cd, f); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return store.ImportInput{Archivo: f, Fuente: name, SHA256: hex.EncodeToString(sum[:])}
}

// datosNiveles returns the datos of every level file of every election of a corte.
func datosNiveles(t *testing.T, dir string, m *publish.Manifiesto) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, ec := range m.Elecciones {
		for lvl, f := range ec.JSON {
			var datos json.RawMessage
			if err := publish.LeerNivel(filepath.Join(dir, f), &datos); err != nil {
				t.Fatal(err)
			}
			out[ec.Codigo+"/"+lvl] = string(datos)
		}
	}
	return out
}

// TestPublicadorComoNuevo publishes, after each of a sequence of imports, a corte with one
// long-lived Publicador and then one with a new Publicador, which reads every acta, and
// wants the same figures in both.
func TestPublicadorComoNuevo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.OpenConfig(ctx, store.Config{Dir: dir, DB: storetest.DB(t, dir)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	gub, dip := demodata.Puebla2024[0], demodata.Puebla2024[1]
	cambiar := func(desde, n int) func([]*acta.Acta) []*acta.Acta {
		return func(as []*acta.Acta) []*acta.Acta {
			for _, a := range as[desde : desde+n] {
				if v := &a.Votos[0]; v.Kind == acta.Number {
					v.N += 7
				}
				a.TotalAsentado = acta.Num(a.TotalAsentado.N + 7)
			}
			return as
		}
	}
	pasos := []struct {
		nombre   string
		in       store.ImportInput
		sinCorte bool // the next import comes before any corte
	}{
		{"GUB 18:00", archivoDemo(t, gub, gub.Corte1800, nil), false},
		{"DIP 18:00", archivoDemo(t, dip, dip.Corte1800, nil), false},
		{"GUB final", archivoDemo(t, gub, gub.Final, nil), false},
		{"GUB 20 actas cambiadas", archivoDemo(t, gub, gub.Final, cambiar(100, 20)), false},
		{"GUB las mismas 20 otra vez", archivoDemo(t, gub, gub.Final,
			func(as []*acta.Acta) []*acta.Acta { return cambiar(100, 20)(cambiar(100, 20)(as)) }), false},
		{"GUB una retirada", archivoDemo(t, gub, gub.Final,
			func(as []*acta.Acta) []*acta.Acta { return append(as[:5:5], as[6:]...) }), false},
		{"GUB reordenada", archivoDemo(t, gub, gub.Final,
			func(as []*acta.Acta) []*acta.Acta { as[1], as[2] = as[2], as[1]; return as }), false},
		{"GUB final otra vez", archivoDemo(t, gub, gub.Final, nil), false},
		{"GUB 18:00 otra vez (un corte anterior)", archivoDemo(t, gub, gub.Corte1800, nil), false},
		{"GUB 18:00 cambiado (un corte anterior)", archivoDemo(t, gub, gub.Corte1800,
			cambiar(0, 3)), false},
		{"DIP final", archivoDemo(t, dip, dip.Final, nil), false},
		{"DIP sus últimas 10 cambiadas", archivoDemo(t, dip, dip.Final,
			func(as []*acta.Acta) []*acta.Acta { return cambiar(len(as)-10, 10)(as) }), false},
		{"DIP sin sus últimas 10", archivoDemo(t, dip, dip.Final,
			func(as []*acta.Acta) []*acta.Acta { return as[:len(as)-10] }), true},
		// As stored: the final file reordered (the same file again was "ya importado").
		{"GUB 5 cambiadas", archivoDemo(t, gub, gub.Final, func(as []*acta.Acta) []*acta.Acta {
			as[1], as[2] = as[2], as[1]
			return cambiar(300, 5)(as)
		}), false},
	}
	largo := New(st, filepath.Join(dir, "largo"), false, nil)
	hora := time.Date(2024, 6, 4, 3, 0, 0, 0, time.UTC)
	for _, paso := range pasos {
		res, err := st.Import(ctx, store.SystemActor, paso.in)
		if err != nil {
			t.Logf("%s: import: %v", paso.nombre, err)
		} else {
			t.Logf("%s: %d nuevas, %d cambiadas, %d retiradas, ya importado %v", paso.nombre,
				res.Nuevas, res.Cambiadas, res.Retiradas, res.YaImportado)
		}
		if paso.sinCorte {
			continue
		}
		hora = hora.Add(time.Minute)
		m, err := largo.Publicar(ctx, store.SystemActor, hora, false)
		if err != nil {
			t.Fatalf("%s: %v", paso.nombre, err)
		}
		// A new Publicador over the same folder, with nothing imported since: a corte with
		// the same figures, read from scratch.
		hora = hora.Add(time.Minute)
		n, err := New(st, largo.Dir(), false, nil).Publicar(ctx, store.SystemActor, hora, false)
		if err != nil {
			t.Fatalf("%s: %v", paso.nombre, err)
		}
		got := datosNiveles(t, filepath.Join(largo.Dir(), carpeta(m)), m)
		want := datosNiveles(t, filepath.Join(largo.Dir(), carpeta(n)), n)
		for k, w := range want {
			if got[k] != w {
				t.Errorf("after %q: %s of corte %d differs from a new publicador's", paso.nombre,
					k, m.Numero)
			}
		}
	}
}

func carpeta(m *publish.Manifiesto) string { return publish.CarpetaCorte(m.Numero) }
