package publish_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/acta"
	"github.com/sufragio/sufragio/internal/publish"
)

// TestCambiosFeed publishes the 18:00 cut and then the final cut of the three elections and
// checks each corte's change list: the first lists every acta as added; the second names
// exactly the actas whose published record changed between the IEE's two files, and
// index.json carries the same counts.
func TestCambiosFeed(t *testing.T) {
	dir := t.TempDir()
	tarde, rawTarde := loadAll(t, false)
	hora := time.Date(2024, 6, 3, 18, 0, 0, 0, horaFinal.Location())
	if _, err := publish.Build(dir, publish.Input{Numero: 1, Hora: hora, Generado: time.Now(),
		Elecciones: tarde, Config: acta.DefaultConfig}); err != nil {
		t.Fatal(err)
	}
	final, rawFinal := loadAll(t, true)
	if _, err := publish.Build(dir, publish.Input{Numero: 2, Hora: horaFinal, Final: true,
		Generado: time.Now(), Elecciones: final, Config: acta.DefaultConfig}); err != nil {
		t.Fatal(err)
	}
	leer := func(n string) publish.CambiosJSON {
		var c publish.CambiosJSON
		data, err := os.ReadFile(filepath.Join(dir, n, publish.ArchivoCambios))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	primero := leer("0001")
	if primero.Anterior != -1 || len(primero.Elecciones) != 3 {
		t.Fatalf("first corte: anterior %d, %d elections", primero.Anterior,
			len(primero.Elecciones))
	}
	for i, e := range primero.Elecciones {
		if len(e.Agregadas) != len(tarde[i].Actas) || len(e.Cambiadas) != 0 {
			t.Errorf("first corte, %s: %d added, %d changed; want %d added", e.Eleccion,
				len(e.Agregadas), len(e.Cambiadas), len(tarde[i].Actas))
		}
	}

	segundo := leer("0002")
	if segundo.Anterior != 1 {
		t.Errorf("second corte compares with %d", segundo.Anterior)
	}
	idx, err := publish.ReadIndice(dir)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i, e := range segundo.Elecciones {
		codigo := final[i].Eleccion.Codigo
		antes, err := publish.LeerRegistros("tarde", rawTarde[codigo])
		if err != nil {
			t.Fatal(err)
		}
		despues, err := publish.LeerRegistros("final", rawFinal[codigo])
		if err != nil {
			t.Fatal(err)
		}
		linea := map[string]string{}
		for k, id := range antes.IDs {
			linea[id] = string(antes.Lineas[k])
		}
		var agregadas, cambiadas []string
		for k, id := range despues.IDs {
			l, ok := linea[id]
			if !ok {
				agregadas = append(agregadas, id)
			} else if l != string(despues.Lineas[k]) {
				cambiadas = append(cambiadas, id)
			}
		}
		if !slices.Equal(e.Agregadas, agregadas) {
			t.Errorf("%s: added %v, want %v", codigo, e.Agregadas, agregadas)
		}
		if !slices.Equal(e.Cambiadas, cambiadas) {
			t.Errorf("%s: %d changed, want %d", codigo, len(e.Cambiadas), len(cambiadas))
		}
		// Between 18:00 and the close, hundreds of actas were captured or verified.
		if len(e.Cambiadas) < 100 {
			t.Errorf("%s: only %d actas changed between 18:00 and the close", codigo,
				len(e.Cambiadas))
		}
		total += len(e.Agregadas) + len(e.Cambiadas)
	}
	c := idx.Cortes[len(idx.Cortes)-1].Cambios
	if c == nil || c.Agregadas+c.Cambiadas != total || c.Archivo != "0002/cambios.json" {
		t.Errorf("index.json change counts %+v, want %d added or changed", c, total)
	}
}
