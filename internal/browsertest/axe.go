package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Violation is one rule of axe-core a page breaks: its id, impact (minor, moderate,
// serious, critical), what it asks for, how many elements break it and the first of them.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  int    `json:"nodes"`
	Target string `json:"target"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s — %d elements, first %s", v.ID, v.Impact, v.Help, v.Nodes,
		v.Target)
}

// axeFile is where tools/axe installs axe-core (npm ci --prefix tools/axe, as .ci/run does).
const axeFile = "tools/axe/node_modules/axe-core/axe.min.js"

var axeSource struct {
	once sync.Once
	src  string
	err  error
}

// Axe runs axe-core's accessibility rules on the page as it is now and returns what it
// breaks. Without axe-core installed the test is skipped, or failed when CI is set.
func (p *Page) Axe() []Violation {
	p.t.Helper()
	axeSource.once.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			axeSource.err = err
			return
		}
		data, err := os.ReadFile(filepath.Join(root, axeFile))
		axeSource.src, axeSource.err = string(data), err
	})
	if axeSource.err != nil {
		msg := fmt.Sprintf("axe-core is not installed (%v): run npm ci --prefix tools/axe",
			axeSource.err)
		if os.Getenv("CI") != "" {
			p.t.Fatal(msg)
		}
		p.t.Skip(msg)
	}
	var loaded bool
	p.Eval(`typeof window.axe !== "undefined"`, &loaded)
	if !loaded {
		// Evaluated through the DevTools protocol, the script is not subject to the page's
		// Content-Security-Policy, which allows only the site's own script.
		p.Eval(axeSource.src+";true", nil)
	}
	var out []Violation
	p.Eval(`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v =>
		({id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.length,
		  target: v.nodes.length ? v.nodes[0].target.join(" ") : ""})))`, &out)
	return out
}

// Graves returns the serious and critical violations.
func Graves(vs []Violation) []string {
	var out []string
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v.String())
		}
	}
	return out
}

// moduleRoot is the folder of go.mod above the working directory.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}
