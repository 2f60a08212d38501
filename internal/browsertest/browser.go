// Package browsertest drives a headless Chromium from tests, so a test can open the pages
// people use, click through them as a reader would and check what the browser shows.
//
// A test starts one browser with New and opens a tab with Browser.Page for each viewport it
// checks. Every method of a Page fails the test when its step fails or takes longer than
// Timeout, so a hung browser never hangs the suite. Without Chromium the tests that need it
// are skipped, except when the environment variable CI is set: there they fail, so a CI
// machine that lost its browser cannot pass the suite silently.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout is the longest one step of a Page may take: a navigation, a click, a query, a
// screenshot. Starting the browser may take twice as long.
const Timeout = 15 * time.Second

// Size is a viewport, in CSS pixels.
type Size struct {
	W, H int
}

// Desktop and Phone are the two viewports the site is checked at: a common laptop screen,
// and a current phone held upright. Page emulates a touch phone for a width below 768.
var (
	Desktop = Size{W: 1366, H: 768}
	Phone   = Size{W: 390, H: 844}
)

// Browser is one headless Chromium for one test. Its tabs are made with Page.
type Browser struct {
	ctx context.Context // the browser's first tab; its children are new tabs
}

// New starts a headless Chromium for the test and closes it when the test ends. The
// browser is the program named by SUFRAGIO_CHROMIUM, or "chromium" found in PATH (Debian's
// /usr/bin/chromium). If there is none, New skips the test, or fails it when CI is set.
func New(t testing.TB) *Browser {
	t.Helper()
	path := lookChromium(t)

	var out syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(&out),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root, where the sandbox cannot start
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		// The machines that run the tests may have no network: nothing but the page
		// under test may be fetched.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		// A browser closed gracefully removes its lock files in /tmp; a killed one, as
		// after a timeout here, leaves them.
		cctx, stop := context.WithTimeout(ctx, 5*time.Second)
		defer stop()
		chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
	})

	// The first run starts the browser and binds it to its context, which therefore has no
	// deadline; the wait for it has one.
	if err := within(2*Timeout, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("start %s: %v\nbrowser output:\n%s", path, err, out.tail(2000))
	}
	return &Browser{ctx: ctx}
}

// lookChromium returns the path of the browser, or skips or fails the test without one.
func lookChromium(t testing.TB) string {
	t.Helper()
	name := os.Getenv("SUFRAGIO_CHROMIUM")
	if name == "" {
		name = "chromium"
	}
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := "browser test needs Chromium (" + name + " not found; on Debian: " +
		"apt-get install chromium, or set SUFRAGIO_CHROMIUM to its path)"
	if required() {
		t.Fatalf("%s; CI is set, so the test may not be skipped", msg)
	}
	t.Skip(msg)
	return ""
}

// required reports whether a missing browser is a failure: it is wherever CI is set, as
// CI services set it.
func required() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// within runs f and returns its error, or a timeout error if it takes longer than d. On a
// timeout f goes on running; the caller fails the test, whose cleanup ends the browser.
func within(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return context.DeadlineExceeded
	}
}

// syncBuffer collects the browser's output, written from another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// tail returns the last n bytes written.
func (b *syncBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	return s[max(0, len(s)-n):]
}
