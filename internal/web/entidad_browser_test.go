package web

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sufragio/sufragio/internal/browsertest"
)

// TestBrowserEntidades walks a national corte (corteNacional) in Chromium as a reader does,
// at a desktop and at a phone size: from the Presidencia's page, by its link, to an
// entidad, which lists its 40 distritos; to the first of them, and back to the entidad by
// the breadcrumbs. axe-core finds no serious or critical rule broken on the election's or
// the entidad's page (the test is skipped there without axe-core). It saves a screenshot of
// the entidad's page.
func TestBrowserEntidades(t *testing.T) {
	b := browsertest.New(t)
	_, h := corteNacional(t)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	for _, s := range []browsertest.Size{browsertest.Desktop, browsertest.Phone} {
		p := b.Page(t, s.W, s.H)
		p.Go(ts.URL + "/cortes/1/PRES")
		p.Follow(`table.nodos a[href="/cortes/1/PRES/entidades/15"]`)
		if got := p.Text("h1"); !strings.HasPrefix(got, "Entidad 15 · MEXICO") {
			t.Errorf("%dx%d: the entidad's heading is %q", s.W, s.H, got)
		}
		distritos := p.Texts(`table.nodos tr td:first-child a[href*="/distritos/"]`)
		if len(distritos) != 40 || distritos[0] != "15-001" || distritos[39] != "15-040" {
			t.Errorf("%dx%d: the entidad lists the distritos %q, want 15-001 to 15-040", s.W,
				s.H, distritos)
		}
		p.Screenshot("entidad")

		p.Follow(`table.nodos a[href="/cortes/1/PRES/distritos/15-001"]`)
		want := []string{"NACIONAL", "Entidad 15 · MEXICO", "Distrito 15-001 · MEXICO 01"}
		if got := p.Texts(".migas li"); !slices.Equal(got, want) {
			t.Errorf("%dx%d: the distrito's breadcrumbs are %q, want %q", s.W, s.H, got, want)
		}
		p.Follow(`.migas a[href="/cortes/1/PRES/entidades/15"]`)
		if got := p.URL(); got != ts.URL+"/cortes/1/PRES/entidades/15" {
			t.Errorf("%dx%d: the breadcrumb of the entidad led to %s", s.W, s.H, got)
		}
		if errs := p.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("the browser reported errors: %q", errs)
		}
		// Last, as without axe-core the test stops here.
		for _, path := range []string{"/cortes/1/PRES", "/cortes/1/PRES/entidades/15"} {
			p.Go(ts.URL + path)
			accesible(t, p, path)
		}
	}
}

// accesible fails the test if axe-core finds a serious or critical rule broken on the page
// shown, and logs the others.
func accesible(t *testing.T, p *browsertest.Page, name string) {
	t.Helper()
	vs := p.Axe()
	if graves := browsertest.Graves(vs); len(graves) > 0 {
		t.Errorf("%s: %s", name, strings.Join(graves, "; "))
	} else if len(vs) > 0 {
		t.Logf("%s, minor or moderate: %v", name, vs)
	}
}
