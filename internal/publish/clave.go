package publish

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ArchivoClave is the name of the signing key's file in a data folder: the Ed25519 private
// key as PKCS #8 in PEM, readable by its owner only.
const ArchivoClave = "clave-firma.pem"

// CrearClave makes a new Ed25519 signing key and writes it to path, which must not exist.
func CrearClave(path string) (ed25519.PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	err = pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return priv, nil
}

// LeerClave reads the signing key written by CrearClave.
func LeerClave(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("%s: not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an Ed25519 key", path)
	}
	return priv, nil
}

// ClavePublica decodes the public key of a manifest (base64).
func ClavePublica(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("not an Ed25519 public key in base64")
	}
	return ed25519.PublicKey(b), nil
}

// Huella is the fingerprint of a public key, to read aloud or print for notaries and party
// representatives: the SHA-256 of its 32 bytes, in groups of four hexadecimal digits.
func Huella(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:])
	var grupos []string
	for i := 0; i < len(h); i += 4 {
		grupos = append(grupos, h[i:i+4])
	}
	return strings.Join(grupos, " ")
}

// VerificarFirma checks sig (corte.json.sig: base64, a line ending allowed) over the exact
// bytes of a corte.json with the key.
func VerificarFirma(pub ed25519.PublicKey, manifiesto, sig []byte) error {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sig)))
	if err != nil {
		return fmt.Errorf("the signature is not base64: %w", err)
	}
	if !ed25519.Verify(pub, manifiesto, raw) {
		return errors.New("the signature does not match corte.json and its key")
	}
	return nil
}
