package destino

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// bucket is a destination in a bucket of an S3-compatible object store.
type bucket struct {
	cli     *minio.Client
	bucket  string
	prefijo string // "" or "a/b/"
}

// abrirS3 connects to the bucket of cfg and checks that it exists. Its errors are for the
// operator, in Spanish.
func abrirS3(ctx context.Context, shown string, cfg configS3) (Destino, error) {
	// TrailingHeaders only lets minio-go send the x-amz-checksum-sha256 header of poner;
	// that header goes before the body, so the service needs no trailer support.
	cli, err := minio.New(cfg.endpoint, &minio.Options{Creds: credencialesEntorno(),
		Secure: !cfg.insecure, Region: cfg.region, TrailingHeaders: true})
	if err != nil {
		return nil, &Error{URL: shown, Motivo: fmt.Sprintf("no se puede usar el endpoint %q",
			cfg.endpoint), Err: err}
	}
	ok, err := cli.BucketExists(ctx, cfg.bucket)
	if err != nil {
		return nil, &Error{URL: shown, Motivo: fmt.Sprintf("no se pudo consultar el bucket "+
			"%q en %s: %v", cfg.bucket, cfg.endpoint, err), Err: err}
	}
	if !ok {
		return nil, &Error{URL: shown, Motivo: fmt.Sprintf("el bucket %q no existe en %s",
			cfg.bucket, cfg.endpoint)}
	}
	b := &bucket{cli: cli, bucket: cfg.bucket}
	if cfg.prefijo != "" {
		b.prefijo = cfg.prefijo + "/"
	}
	return &destino{alm: b, nombre: cfg.String(), paralelo: paraleloS3}, nil
}

// credencialesEntorno are the AWS credentials of the environment, or anonymous access when
// it has none.
func credencialesEntorno() *credentials.Credentials {
	id, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return credentials.NewStatic("", "", "", credentials.SignatureAnonymous)
	}
	return credentials.NewStaticV4(id, secret, os.Getenv("AWS_SESSION_TOKEN"))
}

func (b *bucket) clave(ruta string) string { return b.prefijo + ruta }

func (b *bucket) leer(ctx context.Context, ruta string) ([]byte, error) {
	obj, err := b.cli.GetObject(ctx, b.bucket, b.clave(ruta), minio.GetObjectOptions{})
	if err != nil {
		return nil, noExiste(err)
	}
	defer obj.Close()
	data, err := io.ReadAll(obj)
	return data, noExiste(err)
}

// noExiste makes S3's "no such key" an fs.ErrNotExist.
func noExiste(err error) error {
	if err != nil && minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return fmt.Errorf("%w: %v", fs.ErrNotExist, err)
	}
	return err
}

func (b *bucket) listar(ctx context.Context, dir string) (map[string]int64, error) {
	pre := b.clave(dir) + "/"
	out := map[string]int64{}
	for o := range b.cli.ListObjects(ctx, b.bucket, minio.ListObjectsOptions{Prefix: pre,
		Recursive: true}) {
		if o.Err != nil {
			return nil, o.Err
		}
		out[strings.TrimPrefix(o.Key, pre)] = o.Size
	}
	return out, nil
}

// poner uploads o in one PUT carrying its SHA-256, which a service that supports checksums
// checks before storing the object, and then checks the stored object.
func (b *bucket) poner(ctx context.Context, o objeto, r io.Reader) error {
	raw, err := hex.DecodeString(o.sha256)
	if err != nil {
		return err
	}
	sum := base64.StdEncoding.EncodeToString(raw)
	_, err = b.cli.PutObject(ctx, b.bucket, b.clave(o.ruta), r, o.bytes,
		minio.PutObjectOptions{ContentType: o.tipo, CacheControl: o.cache,
			DisableMultipart: true,
			UserMetadata:     map[string]string{"x-amz-checksum-sha256": sum}})
	if err != nil {
		return err
	}
	return b.comprobar(ctx, o, sum)
}

// comprobar checks the stored object's size and SHA-256: the checksum the service reports
// when it keeps one, or else the hash of the object read back.
func (b *bucket) comprobar(ctx context.Context, o objeto, sum string) error {
	key := b.clave(o.ruta)
	info, err := b.cli.StatObject(ctx, b.bucket, key, minio.StatObjectOptions{Checksum: true})
	if err != nil {
		return fmt.Errorf("check the stored object: %w", err)
	}
	if info.Size != o.bytes {
		return fmt.Errorf("stored object has %d bytes, want %d", info.Size, o.bytes)
	}
	if info.ChecksumSHA256 != "" {
		if info.ChecksumSHA256 != sum {
			return fmt.Errorf("stored object has SHA-256 %s (base64), want %s",
				info.ChecksumSHA256, sum)
		}
		return nil
	}
	obj, err := b.cli.GetObject(ctx, b.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return fmt.Errorf("read back the stored object: %w", err)
	}
	defer obj.Close()
	h := sha256.New()
	if _, err := io.Copy(h, obj); err != nil {
		return fmt.Errorf("read back the stored object: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != o.sha256 {
		return fmt.Errorf("stored object has SHA-256 %s, want %s", got, o.sha256)
	}
	return nil
}

// asentar has nothing to do: an object is durable once its PUT succeeds.
func (b *bucket) asentar(context.Context) error { return nil }
