package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runRPCmd runs sufragio rp with args and returns the exit code and both outputs.
func runRPCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"rp"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestRPFederal2024 assigns the 2024 Chamber from the figures of RULES.md O-RP-2 and must
// print the seats of INE/CG2129/2024: MORENA 75, PAN 40, PRI 26, PVEM 20, MC 26, PT 13.
// MORENA's mr is 182 by afiliación efectiva; PVEM and PT keep their MR by siglado (RULES.md
// does not split the 21 MORENA members elected under their emblems, and neither is near its
// limit), so the mr column adds up to 321 and the output says so.
func TestRPFederal2024(t *testing.T) {
	code, out, errOut := runRPCmd(t, "--votos", filepath.Join("testdata",
		"rp_federal_2024.csv"), "--metodo", "federal")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	table, explanation, ok := strings.Cut(out, "\n\n")
	if !ok {
		t.Fatalf("no blank line between the seats and the explanation:\n%s", out)
	}
	want := "partido,mr,rp,total\n" +
		"PAN,32,40,72\n" +
		"PRI,9,26,35\n" +
		"PRD,1,0,1\n" +
		"PVEM,57,20,77\n" +
		"PT,38,13,51\n" +
		"MC,1,26,27\n" +
		"MORENA,182,75,257\n" +
		"CAND_IND_1,1,0,1"
	if table != want {
		t.Errorf("seats\n got:\n%s\nwant:\n%s", table, want)
	}
	for _, line := range []string{
		"3. Votación total emitida: 59,466,468 votos depositados en las urnas (LGIPE art. 15.1)",
		"Cociente natural = votación nacional emitida 55,705,598 / 200 escaños = 278,527.99 " +
			"(LGIPE arts. 16.2 y 17.1.a)",
		"Cociente natural = votación nacional efectiva 31,419,281 / 125 escaños = 251,354.248 " +
			"(LGIPE art. 18.1.a.II-III)",
		"MR 182 + RP 87 = 269 lo excede: se le deducen 12 y se le asignan 75",
		"Quedan 4 escaños por resto mayor, en orden decreciente de los votos no utilizados: " +
			"PAN (246,559.328), PT (238,467.024), PVEM (218,257.288), MC (213,547.8)",
		"[por confirmar]",
	} {
		if !strings.Contains(explanation, line) {
			t.Errorf("explanation lacks %q:\n%s", line, explanation)
		}
	}
}

// TestRPPuebla runs the Puebla formula on O-RP-5 of RULES.md §7.2 with --escanos.
func TestRPPuebla(t *testing.T) {
	path := filepath.Join(t.TempDir(), "puebla.csv")
	writeRPFile(t, path, "partido,votos,mr\nA,400000,14\nB,250000,7\nC,150000,4\nD,60000,1\n"+
		"NULOS,0,0\n")
	code, out, errOut := runRPCmd(t, "--metodo", "puebla", "--votos", path, "--escanos", "15")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "partido,mr,rp,total\nA,14,7,21\nB,7,4,11\nC,4,3,7\nD,1,1,2\n\n") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(out, "Diputación 15 por resto mayor: C (resto 35,333.3333…)") {
		t.Errorf("explanation lacks the last remainder seat:\n%s", out)
	}
}

// TestRPBadInput checks that bad files and options are refused with a Spanish message that
// names the line and the field.
func TestRPBadInput(t *testing.T) {
	cases := []struct {
		name, csv string
		args      []string
		want      string
	}{
		{"header", "partido,votos\nPAN,1\n", nil,
			"línea 1: el encabezado debe ser partido,votos,mr y es «partido,votos»"},
		{"header case", "Partido,Votos,MR\nPAN,1,0\n", nil, "línea 1: el encabezado debe ser"},
		{"votes", "partido,votos,mr\nPAN,100,2\nPRI,12a,0\n", nil,
			"línea 3, campo votos: «12a» no es un número entero no negativo"},
		{"negative", "partido,votos,mr\nPAN,-5,0\n", nil, "línea 2, campo votos: «-5»"},
		{"thousands", "partido,votos,mr\nPAN,\"10,049,375\",0\n", nil,
			"línea 2, campo votos: «10,049,375» no es un número entero"},
		{"mr", "partido,votos,mr\nPAN,100,x\n", nil, "línea 2, campo mr: «x»"},
		{"fields", "partido,votos,mr\nPAN,100\n", nil,
			"línea 2: se esperaban 3 campos: partido,votos,mr"},
		{"twice", "partido,votos,mr\nPAN,100,0\nPRI,50,0\nPAN,3,0\n", nil,
			"línea 4, campo partido: PAN ya aparece en la línea 2"},
		{"nulos mr", "partido,votos,mr\nPAN,100,0\nNULOS,5,1\n", nil,
			"línea 3, campo mr: NULOS no tiene diputaciones de mayoría: debe ser 0"},
		{"independent", "partido,votos,mr\nPAN,100,0\nCAND_IND,5,0\n", nil,
			"línea 3, campo partido: «CAND_IND» no es un renglón válido"},
		{"blank name", "partido,votos,mr\n PAN,100,0\n", nil,
			"línea 2, campo partido: nombre de partido vacío, con espacios al inicio"},
		{"empty", "partido,votos,mr\n", nil, "el archivo está vacío"},
		{"nulos in lower case", "partido,votos,mr\nPAN,100,0\nnulos,5,1\n", nil,
			"línea 3, campo mr: NULOS no tiene diputaciones de mayoría: debe ser 0"},
		{"nulos twice", "partido,votos,mr\nPAN,100,0\nNULOS,5,0\nNulos,5,0\n", nil,
			"línea 4, campo partido: NULOS ya aparece en la línea 3"},
		{"control", "partido,votos,mr\n\"PA\nN\",100,0\n", nil,
			"línea 2, campo partido: nombre de partido vacío, con espacios al inicio o al " +
				"final o con caracteres de control: «PA?N»"},
		{"mr over any chamber", "partido,votos,mr\nPAN,100,301\n", nil,
			"línea 2, campo mr: 301 diputaciones de mayoría son más que los distritos"},
		{"seats", "partido,votos,mr\nPAN,100,0\n", []string{"--metodo", "puebla",
			"--escanos", "2147483648"}, "--escanos debe ser un número de 1 a 1000"},
		{"no party", "partido,votos,mr\nNULOS,5,0\n", nil, "ningún renglón de partido"},
		{"method", "partido,votos,mr\nPAN,100,0\n", []string{"--metodo", "dhondt"},
			"fórmula \"dhondt\" desconocida"},
		{"no method", "partido,votos,mr\nPAN,100,0\n", []string{"--metodo", ""},
			"indique la fórmula con --metodo federal o --metodo puebla"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "votos.csv")
			writeRPFile(t, path, c.csv)
			args := append([]string{"--votos", path}, c.args...)
			if c.args == nil {
				args = append(args, "--metodo", "federal")
			}
			code, out, errOut := runRPCmd(t, args...)
			if code != 1 || out != "" || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, output %q, error %q; want exit 1 and %q", code, out, errOut,
					c.want)
			}
		})
	}
	if code, _, errOut := runRPCmd(t, "--metodo", "federal"); code != 1 ||
		!strings.Contains(errOut, "indique el archivo de votos con --votos") {
		t.Errorf("without --votos: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runRPCmd(t, "--votos", filepath.Join(t.TempDir(), "no.csv"),
		"--metodo", "federal"); code != 1 || !strings.Contains(errOut, "no se pudo leer") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

func writeRPFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzRPVotos checks that the votes CSV parser never panics and that what it accepts is
// well formed.
func FuzzRPVotos(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "rp_federal_2024.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("partido,votos,mr\nPAN,1,0\nNULOS,\"2\",0\n"))
	f.Add([]byte("\ufeffpartido,votos,mr\r\nA,0,0\r\nCAND_IND_12,3,1\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseVotosRP(data)
		if err != nil {
			if mensajeDe(err) == "" || strings.HasPrefix(mensajeDe(err), "error interno") {
				t.Errorf("error without a Spanish message: %v", err)
			}
			return
		}
		if len(v.Partidos) == 0 || v.Nulos < 0 || v.NoRegistradas < 0 {
			t.Errorf("accepted %+v", v)
		}
		for _, p := range v.Partidos {
			if p.Partido == "" || p.Votos < 0 || p.MR < 0 {
				t.Errorf("accepted party %+v", p)
			}
		}
	})
}
