package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Page is one browser tab with a fixed viewport. Its methods take CSS selectors, wait up to
// Timeout for what they need, and fail the test, naming the page's URL, when a step fails.
// A Page is not safe for concurrent use; open one Page per goroutine.
type Page struct {
	t      testing.TB
	ctx    context.Context
	size   Size
	url    string // the document last loaded, for failure messages
	status int    // its HTTP status

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions, under mu
}

// Page opens a new tab of w×h CSS pixels, closed when the test t ends; its methods fail t.
// A width below 768 is a phone: the tab then emulates a mobile device with a touch screen,
// held upright.
func (b *Browser) Page(t testing.TB, w, h int) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	p := &Page{t: t, ctx: ctx, size: Size{W: w, H: h}, url: "about:blank"}

	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if w < 768 {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile,
			chromedp.EmulateTouch)
	}
	// The first run opens the tab and binds it to its context, like the browser in New.
	err := within(Timeout, func() error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h), opts...))
	})
	if err != nil {
		t.Fatalf("open a %dx%d tab: %v", w, h, err)
	}
	go p.watchConsole(chromedp.Console(ctx))
	return p
}

// watchConsole keeps the errors the page reports until the tab closes.
func (p *Page) watchConsole(msgs iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range msgs {
		if err != nil {
			return
		}
		if m.Type != chromedp.ConsoleError && !m.IsException() {
			continue
		}
		p.mu.Lock()
		p.problems = append(p.problems, fmt.Sprintf("%s (%s)", m, m.URL))
		p.mu.Unlock()
	}
}

// Go loads url and waits for the page to load. A page served with an error status is
// still a page: Status tells which.
func (p *Page) Go(url string) {
	p.t.Helper()
	p.load("load "+url, func(ctx context.Context) (*network.Response, error) {
		return chromedp.Run(ctx, chromedp.NavigateResponse(url))
	})
}

// Follow clicks the element selected, a link or a button, and waits for the page it loads.
// It fails the test if no page is loaded within Timeout.
func (p *Page) Follow(selector string) {
	p.t.Helper()
	p.load("follow "+selector, func(ctx context.Context) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	})
}

// Submit submits the form of the element selected and waits for the page it loads. It
// submits as the form's submit method does: without validation or submit event. To act
// as a person, Follow the form's button.
func (p *Page) Submit(selector string) {
	p.t.Helper()
	p.load("submit "+selector, func(ctx context.Context) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(selector)))
	})
}

// load runs a step that loads a document and records the document's URL and status.
func (p *Page) load(what string, step func(context.Context) (*network.Response, error)) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	res, err := step(ctx)
	if err != nil {
		p.fatalf("%s: %v", what, timedOut(err, "no page loaded (no element matched, or "+
			"the element loads no page)"))
	}
	p.url, p.status = res.URL, int(res.Status)
}

// Status returns the HTTP status of the document last loaded by Go, Follow or Submit.
func (p *Page) Status() int {
	return p.status
}

// URL returns the address of the document shown now.
func (p *Page) URL() string {
	p.t.Helper()
	return value(p, "read the location", chromedp.Location())
}

// Click clicks the first visible element selected, without waiting for any page to load;
// use Follow for a link.
func (p *Page) Click(selector string) {
	p.t.Helper()
	value(p, "click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// WaitVisible waits until an element selected is visible.
func (p *Page) WaitVisible(selector string) {
	p.t.Helper()
	value(p, "wait for "+selector, chromedp.WaitVisible(chromedp.CSS(selector)))
}

// Text returns the text shown of the first element selected, as innerText renders it.
func (p *Page) Text(selector string) string {
	p.t.Helper()
	return value(p, "read "+selector, chromedp.Text(chromedp.CSS(selector)))
}

// Texts returns the text shown of every element selected, in document order; none is an
// empty slice, not a failure.
func (p *Page) Texts(selector string) []string {
	p.t.Helper()
	sel, _ := json.Marshal(selector)
	var out []string
	p.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.innerText)`, sel),
		&out)
	return out
}

// SetValue sets the value of the form field selected, as a script would.
func (p *Page) SetValue(selector, v string) {
	p.t.Helper()
	value(p, "set "+selector, chromedp.SetValue(chromedp.CSS(selector), v))
}

// Type focuses the field selected and types text into it, key by key.
func (p *Page) Type(selector, text string) {
	p.t.Helper()
	value(p, "type into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
}

// Upload chooses the file at path in the <input type=file> selected.
func (p *Page) Upload(selector, path string) {
	p.t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		p.fatalf("upload %s: %v", path, err)
	}
	value(p, "upload "+abs, chromedp.SetUploadFiles(chromedp.CSS(selector), []string{abs}))
}

// Eval evaluates the JavaScript expression js in the page, awaiting it if it is a promise,
// and decodes its JSON value into out; a nil out ignores the value. The page's Content
// Security Policy still applies: a page that forbids connections forbids fetch here too.
func (p *Page) Eval(js string, out any) {
	p.t.Helper()
	raw := value(p, "evaluate "+js, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if out == nil {
		return
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p.fatalf("evaluate %s: decode %s: %v", js, raw, err)
	}
}

// ConsoleErrors returns the errors the page wrote to the browser console and the
// exceptions nothing caught, since the tab opened: a blocked resource, a policy violation,
// a script error. A page that works has none.
func (p *Page) ConsoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Screenshot saves a PNG of the whole page, not only the viewport, as
// <name>-<w>x<h>.png in the folder named by SUFRAGIO_SCREENSHOTS, or else in the
// repository's testdata/screenshots, and returns the file's path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	if name == "" || strings.ContainsAny(name, `/\`) {
		p.fatalf("screenshot name %q: want a file name without folders", name)
	}
	png := value(p, "take screenshot "+name, chromedp.FullScreenshot(100))
	dir, err := screenshotDir()
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%dx%d.png", name, p.size.W, p.size.H))
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		p.fatalf("save screenshot %s: %v", name, err)
	}
	return path
}

// screenshotDir is SUFRAGIO_SCREENSHOTS, or testdata/screenshots in the folder of go.mod
// above the working directory (a test runs in its package's folder).
func screenshotDir() (string, error) {
	if d := os.Getenv("SUFRAGIO_SCREENSHOTS"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "testdata", "screenshots"), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s; set SUFRAGIO_SCREENSHOTS", wd)
		}
	}
}

// value runs one step with the per-step timeout and returns its value.
func value[T any](p *Page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.fatalf("%s: %v", what, timedOut(err, "no element matched, or it never became "+
			"ready"))
	}
	return v
}

// timedOut says what most likely happened when a step ran out of time, and returns any
// other error as it is.
func timedOut(err error, likely string) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("nothing within %v: %s", Timeout, likely)
}

// fatalf fails the test, naming the page and the viewport.
func (p *Page) fatalf(format string, args ...any) {
	p.t.Helper()
	p.t.Fatalf("%s [%s, %dx%d]", fmt.Sprintf(format, args...), p.url, p.size.W, p.size.H)
}
