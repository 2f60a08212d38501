// Command minimo is the baseline of bench/sitio.sh: the least a Go net/http server can do
// to answer with the same precompressed bytes as sufragio — a map lookup and a write, with
// no routing, no corte and no site. It serves the gzip files that `sufragio sitio` wrote
// under a folder, at the addresses they stand for.
//
// Usage: minimo DIR ADDR
package main

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

type doc struct {
	body               []byte
	tipo, largo, encod []string
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "uso: minimo CARPETA DIRECCIÓN")
		os.Exit(2)
	}
	dir := os.Args[1]
	docs := map[string]*doc{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".gz") {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(p))
		ruta := "/" + filepath.ToSlash(rel)
		if rel == "." {
			ruta = "/"
		}
		tipo := "text/html; charset=utf-8"
		if strings.HasSuffix(p, ".json.gz") {
			tipo = "application/json"
		}
		docs[ruta] = &doc{body: body, tipo: []string{tipo},
			largo: []string{strconv.Itoa(len(body))}, encod: []string{"gzip"}}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = http.ListenAndServe(os.Args[2], http.HandlerFunc(func(w http.ResponseWriter,
		r *http.Request) {
		d := docs[r.URL.Path]
		if d == nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h["Content-Type"], h["Content-Length"], h["Content-Encoding"] = d.tipo, d.largo, d.encod
		w.Write(d.body)
	}))
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
