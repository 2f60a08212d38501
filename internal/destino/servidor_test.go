package destino

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// The tests of the S3 destination run against a real SeaweedFS server (weed server -s3),
// started once by the first test that needs it and stopped by TestMain. The binary is
// $SUFRAGIO_WEED, or weed on the PATH; .ci/run builds it when there is none. Without it the
// tests are skipped, or failed when CI is set.

// Credentials of the test server's writer. Anonymous requests may only read and list, as
// on a bucket published to the world.
const (
	claveTest   = "sufragio-test"
	secretoTest = "sufragio-test-secret-0123456789"
	bucketTest  = "prep"
)

const configS3Test = `{"identities": [
  {"name": "anonymous", "actions": ["Read", "List"]},
  {"name": "publicador", "credentials": [{"accessKey": "` + claveTest + `",
    "secretKey": "` + secretoTest + `"}], "actions": ["Admin", "Read", "List", "Write"]}
]}`

var servidor struct {
	once     sync.Once
	endpoint string // host:port of the S3 API
	ausente  string // why there is no weed binary
	err      error
	cmd      *exec.Cmd
	salio    chan struct{} // closed when weed exits
	dir      string
	sockets  []string // gRPC sockets weed makes in /tmp, whatever TMPDIR says
}

func TestMain(m *testing.M) {
	code := m.Run()
	pararServidor()
	os.Exit(code)
}

// servidorS3 returns the host:port of the test S3 server, where bucketTest exists.
func servidorS3(t *testing.T) string {
	t.Helper()
	servidor.once.Do(func() {
		t0 := time.Now()
		arrancarServidor()
		if servidor.err == nil && servidor.ausente == "" {
			t.Logf("SeaweedFS ready at %s in %v", servidor.endpoint, time.Since(t0).Round(
				time.Millisecond))
		}
	})
	if servidor.ausente != "" {
		msg := servidor.ausente + ": set SUFRAGIO_WEED or put weed on the PATH (.ci/run builds it)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if servidor.err != nil {
		t.Fatal(servidor.err)
	}
	return servidor.endpoint
}

func binarioWeed() (string, error) {
	if p := os.Getenv("SUFRAGIO_WEED"); p != "" {
		return p, nil
	}
	return exec.LookPath("weed")
}

func arrancarServidor() {
	bin, err := binarioWeed()
	if err != nil {
		servidor.ausente = fmt.Sprintf("no SeaweedFS binary (%v)", err)
		return
	}
	// A port picked free may be taken before weed binds it: try again with others.
	for intento := 0; intento < 3; intento++ {
		servidor.err = arrancar(bin)
		if servidor.err == nil {
			return
		}
		pararServidor()
	}
}

// arrancar starts weed with every port on loopback and waits until a write succeeds.
func arrancar(bin string) error {
	dir, err := os.MkdirTemp("", "destino-weed-")
	if err != nil {
		return err
	}
	servidor.dir = dir
	cfg := filepath.Join(dir, "s3.json")
	if err := os.WriteFile(cfg, []byte(configS3Test), 0o600); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(dir, "datos"), 0o755); err != nil {
		return err
	}
	p, err := puertosLibres(8)
	if err != nil {
		return err
	}
	args := []string{"server", "-s3", "-ip=127.0.0.1", "-dir=" + filepath.Join(dir, "datos"),
		"-master.port=" + p[0], "-master.port.grpc=" + p[1],
		"-volume.port=" + p[2], "-volume.port.grpc=" + p[3],
		"-filer.port=" + p[4], "-filer.port.grpc=" + p[5],
		"-s3.port=" + p[6], "-s3.port.grpc=" + p[7],
		"-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.config=" + cfg,
		"-master.volumeSizeLimitMB=64", "-volume.max=0",
		"-s3.localSocket=" + filepath.Join(dir, "s3.sock"),
		"-filer.localSocket=" + filepath.Join(dir, "filer.sock")}
	log, err := os.Create(filepath.Join(dir, "weed.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = grupoProceso()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bin, err)
	}
	servidor.cmd = cmd
	salio := make(chan struct{})
	servidor.salio = salio
	go func() { cmd.Wait(); close(salio) }()
	servidor.endpoint = "127.0.0.1:" + p[6]
	for i, svc := range []string{"master", "volume", "filer", "s3"} {
		servidor.sockets = append(servidor.sockets,
			fmt.Sprintf("/tmp/seaweedfs-%s-grpc-%s.sock", svc, p[2*i+1]))
	}
	if err := esperarServidor(servidor.endpoint, 90*time.Second); err != nil {
		tail, _ := os.ReadFile(log.Name())
		if len(tail) > 3000 {
			tail = tail[len(tail)-3000:]
		}
		return fmt.Errorf("SeaweedFS did not start: %w\n%s", err, tail)
	}
	return nil
}

// puertosLibres returns n TCP ports of loopback free right now.
func puertosLibres(n int) ([]string, error) {
	var out []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		out = append(out, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	}
	return out, nil
}

// esperarServidor waits until the server creates the test bucket and stores an object in
// it: the S3 port answers before the volume server has registered.
func esperarServidor(endpoint string, limite time.Duration) error {
	cli, err := minio.New(endpoint, &minio.Options{Region: "us-east-1", MaxRetries: 1,
		Creds: credentials.NewStaticV4(claveTest, secretoTest, "")})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), limite)
	defer cancel()
	for {
		err = crearBucket(ctx, cli)
		if err == nil {
			_, err = cli.PutObject(ctx, bucketTest, "listo", strings.NewReader("listo"), 5,
				minio.PutObjectOptions{})
		}
		if err == nil {
			return nil
		}
		select {
		case <-servidor.salio:
			return errors.New("weed exited")
		case <-ctx.Done():
			return err
		case <-time.After(300 * time.Millisecond):
		}
	}
}

func crearBucket(ctx context.Context, cli *minio.Client) error {
	err := cli.MakeBucket(ctx, bucketTest, minio.MakeBucketOptions{})
	if c := minio.ToErrorResponse(err).Code; c == "BucketAlreadyOwnedByYou" ||
		c == "BucketAlreadyExists" {
		return nil
	}
	return err
}

// pararServidor stops weed and its children and removes its files. weed shuts down slowly
// on SIGTERM; after a short wait it is killed.
func pararServidor() {
	if c := servidor.cmd; c != nil && c.Process != nil {
		terminar(c, false)
		select {
		case <-servidor.salio:
		case <-time.After(3 * time.Second):
			terminar(c, true)
			<-servidor.salio
		}
	}
	servidor.cmd = nil
	for _, s := range servidor.sockets {
		os.Remove(s)
	}
	servidor.sockets = nil
	if servidor.dir != "" {
		os.RemoveAll(servidor.dir)
		servidor.dir = ""
	}
}
