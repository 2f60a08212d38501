package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// MinPassword is the shortest password accepted. Staff type it at the start of a long
// night, so length rather than symbol rules is what is asked for.
const MinPassword = 10

// bcryptCost is the work factor of the stored hashes: about 50 ms per check on the CATD
// servers, slow enough against a stolen database, fast enough for a shift change.
const bcryptCost = 10

// HashPassword returns the bcrypt hash of a password, after checking it with
// CheckPasswordRules.
func HashPassword(p string) (string, error) {
	if msg := CheckPasswordRules(p); msg != "" {
		return "", errors.New(msg)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(p), bcryptCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// CheckPasswordRules returns, in Spanish, why a password is not acceptable, or "".
func CheckPasswordRules(p string) string {
	switch {
	case utf8.RuneCountInString(p) < MinPassword:
		return "la contraseña debe tener al menos 10 caracteres"
	case len(p) > 72:
		return "la contraseña no puede tener más de 72 bytes"
	case strings.TrimSpace(p) != p:
		return "la contraseña no puede empezar ni terminar con espacios"
	}
	return ""
}

// PasswordMatches reports whether p is the password of the hash.
func PasswordMatches(hash, p string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(p)) == nil
}

// dummyHash is compared against when a user does not exist, so that a login takes as long
// for an unknown user as for a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("sufragio-sin-usuario"), bcryptCost)

// WasteCheck spends the time of one password check, for unknown users.
func WasteCheck(p string) { bcrypt.CompareHashAndPassword(dummyHash, []byte(p)) }

// NewToken returns a fresh session token (256 random bits, URL-safe) and the hash under
// which the store keeps it: a copy of the database opens no session.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // crypto/rand.Read never fails
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash is the hex SHA-256 of a session token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// GeneratePassword returns a random temporary password of 16 characters, for new users and
// resets; the user must change it at first login.
func GeneratePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
