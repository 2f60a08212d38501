package nist

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// The report is encoded by hand: a corte's report holds about a million VoteCounts objects,
// and encoding/json would spend most of the corte's time reflecting over them. The encoder
// gathers bytes in a buffer and hands them to the writer a chunk at a time, so that the
// report is never held whole in memory.

// chunk is how much encoded JSON is gathered before it is written out.
const chunk = 64 << 10

// language is the language of every text of the report (GLOSSARY.md: es-MX).
const language = "es-MX"

// encoder appends JSON to a buffer and flushes it to w. The first write error is kept and
// every later write is dropped, so that callers check it once, at the end.
type encoder struct {
	w   io.Writer
	b   []byte
	err error
}

func newEncoder(w io.Writer) *encoder {
	return &encoder{w: w, b: make([]byte, 0, chunk+4096)}
}

// flush writes the buffer out once it holds a chunk.
func (e *encoder) flush() {
	if len(e.b) < chunk {
		return
	}
	if e.err == nil {
		_, e.err = e.w.Write(e.b)
	}
	e.b = e.b[:0]
}

// close writes what is left and returns the first write error.
func (e *encoder) close() error {
	if e.err == nil && len(e.b) > 0 {
		_, e.err = e.w.Write(e.b)
	}
	e.b = e.b[:0]
	return e.err
}

// raw appends s as it is: JSON punctuation and keys.
func (e *encoder) raw(s string) { e.b = append(e.b, s...) }

// id appends an object id, quoted. Ids are built by safeID and need no escaping.
func (e *encoder) id(s string) {
	e.b = append(e.b, '"')
	e.b = append(e.b, s...)
	e.b = append(e.b, '"')
}

// str appends s as a JSON string.
func (e *encoder) str(s string) { e.b = appendString(e.b, s) }

// int appends n.
func (e *encoder) int(n int64) { e.b = strconv.AppendInt(e.b, n, 10) }

// bool appends v.
func (e *encoder) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

// ids appends a list of ids.
func (e *encoder) ids(list []string) {
	e.b = append(e.b, '[')
	for i, s := range list {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.id(s)
	}
	e.b = append(e.b, ']')
}

// text appends an InternationalizedText holding s in the report's language.
func (e *encoder) text(s string) {
	e.raw(`{"@type":"ElectionResults.InternationalizedText","Text":[` +
		`{"@type":"ElectionResults.LanguageString","Content":`)
	e.str(s)
	e.raw(`,"Language":"` + language + `"}]}`)
}

// appendString quotes s as a JSON string. Valid UTF-8 is kept as it is; control characters,
// quote and backslash are escaped, and so are U+2028 and U+2029, which JavaScript does not
// accept in a string literal; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hex = "0123456789abcdef"

// safeID turns a key of the published files into part of an object id: letters, digits,
// "-", "_" and "." are kept, anything else becomes "_", so that every id is a valid XML
// NCName fragment, as the XML form of the standard needs, and never needs escaping in JSON.
func safeID(s string) string {
	for i := 0; i < len(s); i++ {
		if !idByte(s[i]) {
			return replaceID(s)
		}
	}
	return s
}

func replaceID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !idByte(c) {
			b[i] = '_'
		}
	}
	return string(b)
}

func idByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.'
}
