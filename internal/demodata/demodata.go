// Package demodata bundles the real open-data files of the IEE Puebla PREP 2024 (the three
// elections at the 18:00 and final 20:00 cuts, and their candidaturas files) so that the demo
// and the tests run on a fresh machine with nothing but Go. See the SOURCE-*.md files for
// where each file comes from; every file is a byte-for-byte copy.
package demodata

import (
	"embed"
	"io/fs"
)

//go:embed puebla2024/*.csv
var files embed.FS

// Eleccion names the files of one election.
type Eleccion struct {
	Codigo       string // GUB, DIP_LOC, AYUN
	Corte1800    string // the 18:00 cut
	Final        string // the final 20:00 cut
	Candidaturas string
}

// Puebla2024 lists the three elections in publication order.
var Puebla2024 = []Eleccion{
	{"GUB", "PUE_GUB_2024_corte_20240603_1800.csv", "PUE_GUB_2024.csv",
		"PUE_GUB_Candidaturas_2024.csv"},
	{"DIP_LOC", "PUE_DIP_LOC_2024_corte_20240603_1800.csv", "PUE_DIP_LOC_2024.csv",
		"PUE_DIP_LOC_Candidaturas_2024.csv"},
	{"AYUN", "PUE_AYUN_2024_corte_20240603_1800.csv", "PUE_AYUN_2024.csv",
		"PUE_AYUN_Candidaturas_2024.csv"},
}

// ReadFile returns the bytes of a bundled file, by base name.
func ReadFile(name string) ([]byte, error) { return fs.ReadFile(files, "puebla2024/"+name) }
