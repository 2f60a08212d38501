package internal_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainIsPure enforces the house rule of ARCHITECTURE.md: the domain packages import
// neither database/sql nor net/http, directly or through another package, and never the
// store or the web packages.
func TestDomainIsPure(t *testing.T) {
	domain := []string{"acta", "audit", "auth", "catalog", "computo", "computo/documento",
		"computopub", "corte", "etiqueta", "nist", "opendata", "prep", "sintetico"}
	forbidden := []string{"database/sql", "net/http", "github.com/sufragio/sufragio/internal/store",
		"github.com/sufragio/sufragio/internal/web"}
	for _, pkg := range domain {
		out, err := exec.Command("go", "list", "-deps", "./"+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			for _, f := range forbidden {
				if d == f {
					t.Errorf("internal/%s depends on %s", pkg, f)
				}
			}
		}
	}
}
