package opendata

import "fmt"

// Error is a fault in one line (and, where it applies, one column) of an input file. Msg is
// Spanish text written for the people who prepared the file; Error gives the same facts in
// English for logs.
type Error struct {
	File   string
	Line   int
	Column string // column name, empty when the fault is the whole line
	Value  string
	Msg    string // Spanish
	Reason string // English
}

// Error describes the fault for logs.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s: line %d", e.File, e.Line)
	if e.Column != "" {
		s += ", column " + e.Column
	}
	if e.Value != "" {
		s += fmt.Sprintf(", value %q", clip(e.Value))
	}
	return s + ": " + e.Reason
}

// Mensaje describes the fault in Spanish, naming file, line and column.
func (e *Error) Mensaje() string {
	s := fmt.Sprintf("%s, línea %d", e.File, e.Line)
	if e.Column != "" {
		s += ", columna " + e.Column
	}
	if e.Value != "" {
		s += fmt.Sprintf(" (valor %q)", clip(e.Value))
	}
	return s + ": " + e.Msg
}

// clip shortens long values so that a 300-character cell does not flood a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
