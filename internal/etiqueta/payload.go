package etiqueta

import (
	"strings"
	"unicode"
)

// prefix opens every payload; ParsePayload accepts it in any case because a scanner set to
// the wrong keyboard mode, or with Caps Lock on, changes the case of what it types.
const prefix = "PREP"

// Payload returns the text the QR code of an acta encodes: "PREP|<eleccion>|<actaID>".
func Payload(eleccion, actaID string) string {
	return prefix + "|" + eleccion + "|" + actaID
}

// ParsePayload reads back the text of a scanned QR code. It tolerates the spaces, tab, CR or
// LF that a scanner or a person pasting adds around it, and the prefix in any case; the
// election code and the acta ID are returned as read. ok is false when s is not a payload:
// a wrong prefix, other than three fields, or an empty field or one holding a space.
func ParsePayload(s string) (eleccion, actaID string, ok bool) {
	parts := strings.SplitN(strings.TrimSpace(s), "|", 4)
	if len(parts) != 3 || !strings.EqualFold(parts[0], prefix) {
		return "", "", false
	}
	if !validField(parts[1]) || !validField(parts[2]) {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// validField reports whether f can be a field of a payload: not empty, and free of spaces
// and control characters, which no election code or acta ID has.
func validField(f string) bool {
	if f == "" {
		return false
	}
	for _, r := range f {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}
