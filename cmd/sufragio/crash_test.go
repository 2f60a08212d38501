package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/prep"
	"github.com/sufragio/sufragio/internal/simulacro"
	"github.com/sufragio/sufragio/internal/store"
	"github.com/sufragio/sufragio/internal/store/storetest"
)

// startServe runs `sufragio serve` on a random port over the data folder and returns its
// base URL.
func startServe(t *testing.T, bin, data string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = storetest.Environ(t, data)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, out)
			return cmd, m[1]
		}
	}
	cmd.Wait()
	t.Fatal("serve ended without listening")
	return nil, ""
}

// acuses records the steps the server acknowledged.
type acuses struct {
	mu    sync.Mutex
	pasos []acuse
	n     map[string]int
}

type acuse struct{ etapa, eleccion, acta, sha string }

func (a *acuses) add(etapa, eleccion, acta, sha string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pasos = append(a.pasos, acuse{etapa, eleccion, acta, sha})
	a.n[etapa]++
}

func (a *acuses) count(etapa string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n[etapa]
}

// TestCrashSafety kills the real server with SIGKILL in the middle of a busy simulacro,
// starts it again, and checks that every step it had acknowledged is still there — each
// acopio, image, capture and verification, with its audit entry — and that the audit
// chain verifies.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the whole program")
	}
	ctx := context.Background()
	bin := buildBinary(t)
	data := t.TempDir()
	app := &App{DataDir: data, DB: storetest.DB(t, data), Out: io.Discard, Err: io.Discard,
		Log: slog.New(slog.DiscardHandler)}
	files, err := simulacroFiles("GUB")
	if err != nil {
		t.Fatal(err)
	}
	st, eq, err := prepararSimulacro(ctx, app, files, 6)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	srv, base := startServe(t, bin, data)

	pasos := simulacro.Plan(files, 0.1)[:2000]
	acks := &acuses{n: map[string]int{}}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := simulacro.Run(runCtx, simulacro.Opciones{URL: base, Equipo: eq,
			Imagen: simulacro.Imagen, Acuse: acks.add, Estancado: 20 * time.Second}, pasos)
		done <- err
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for acks.count("verificada") < 150 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if acks.count("verificada") < 150 {
		t.Fatalf("the simulacro did not get busy: %v", acks.n)
	}
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()
	err = <-done
	if err == nil {
		t.Fatal("the simulacro finished although its server was killed")
	}
	t.Logf("killed during %v; the replay stopped with: %v", acks.n, err)

	srv, base = startServe(t, bin, data)
	if code, body := get(t, base+"operacion/login"); code != http.StatusOK ||
		!strings.Contains(body, "SIMULACRO") {
		t.Errorf("restarted server: login page status %d, SIMULACRO shown %v", code,
			strings.Contains(body, "SIMULACRO"))
	}
	stop(t, srv)

	st, err = openTestStore(t, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkAcuses(t, st, acks.pasos)
	c, err := st.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK() {
		t.Errorf("audit chain after the crash: %v", c.Problems)
	}
}

// checkAcuses checks each acknowledged step against the store and the audit trail.
func checkAcuses(t *testing.T, st *store.Store, acks []acuse) {
	t.Helper()
	ctx := context.Background()
	audited := map[string]bool{}
	err := st.Audit(ctx, store.AuditFilter{Outcome: "exito"}, func(e audit.Entry) error {
		audited[e.Action+" "+e.Target] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	action := map[string]string{"acopio": "acopio", "imagen": "digitalizacion",
		"captura": "captura", "verificada": "verificacion"}
	lost := 0
	for _, a := range acks {
		if !audited[action[a.etapa]+" "+a.eleccion+"/"+a.acta] {
			lost++
			t.Errorf("acknowledged %s of %s/%s has no audit entry", a.etapa, a.eleccion, a.acta)
		}
		if strings.HasPrefix(a.acta, "FC-") {
			continue
		}
		op, err := st.ActaDeOperacion(ctx, a.eleccion, a.acta)
		if err != nil {
			t.Errorf("acknowledged %s of %s/%s: %v", a.etapa, a.eleccion, a.acta, err)
			continue
		}
		switch a.etapa {
		case "acopio", "captura":
			if op.Etapa == prep.Esperada {
				t.Errorf("acknowledged %s of %s is lost: the acta is esperada", a.etapa, a.acta)
			}
		case "imagen":
			checkImagen(t, st, a)
		case "verificada":
			if op.Etapa != prep.Verificada || !op.Acta.Verificacion.IsTime() {
				t.Errorf("acknowledged verification of %s is lost: etapa %s", a.acta, op.Etapa)
			}
		}
		if lost > 10 {
			t.Fatal("too many lost steps")
		}
	}
	t.Logf("checked %d acknowledged steps", len(acks))
}

// checkImagen checks that an acknowledged image is stored whole.
func checkImagen(t *testing.T, st *store.Store, a acuse) {
	t.Helper()
	img, err := st.LeerImagen(context.Background(), a.sha)
	var data []byte
	if err == nil {
		data, err = io.ReadAll(img)
	}
	if err != nil {
		t.Errorf("acknowledged image of %s: %v", a.acta, err)
		return
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != a.sha {
		t.Errorf("acknowledged image of %s is not whole: its bytes hash to %x", a.acta, sum)
	}
}
