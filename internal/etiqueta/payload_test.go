package etiqueta

import "testing"

func TestPayload(t *testing.T) {
	if got, want := Payload("GUB", "210001B01002"), "PREP|GUB|210001B01002"; got != want {
		t.Errorf("Payload = %q, want %q", got, want)
	}
}

func TestParsePayload(t *testing.T) {
	tests := []struct {
		in               string
		eleccion, actaID string
		ok               bool
	}{
		{"PREP|GUB|210001B01002", "GUB", "210001B01002", true},
		{"  prep|GUB|210001B01002\r\n", "GUB", "210001B01002", true},
		{"Prep|DIP_LOC|210000A01002-004\n", "DIP_LOC", "210000A01002-004", true},
		{"\tPREP|AYUN|210001B01002\r", "AYUN", "210001B01002", true},
		{"PREP|gub|210001b01002", "gub", "210001b01002", true},
		{"GUB|x", "", "", false},
		{"", "", "", false},
		{"   \r\n", "", "", false},
		{"PREP||x", "", "", false},
		{"PREP|GUB|", "", "", false},
		{"PREP|GUB", "", "", false},
		{"PREPA|GUB|x", "", "", false},
		{"PREP|GUB|x|y", "", "", false},
		{"PREP|GUB|2100 01", "", "", false},
		{"PREP| GUB|x", "", "", false},
		{"PREP|GUB|x\x00", "", "", false},
		{"https://example.org/acta", "", "", false},
	}
	for _, tt := range tests {
		e, a, ok := ParsePayload(tt.in)
		if e != tt.eleccion || a != tt.actaID || ok != tt.ok {
			t.Errorf("ParsePayload(%q) = %q, %q, %v, want %q, %q, %v",
				tt.in, e, a, ok, tt.eleccion, tt.actaID, tt.ok)
		}
	}
}

// FuzzParsePayload checks that whatever ParsePayload accepts has non-empty fields and is
// written back by Payload into a text that parses to the same fields.
func FuzzParsePayload(f *testing.F) {
	for _, s := range []string{"PREP|GUB|210001B01002", "  prep|GUB|x\r\n", "PREP||x", "|||"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, a, ok := ParsePayload(s)
		if !ok {
			if e != "" || a != "" {
				t.Fatalf("ParsePayload(%q) rejected it but returned %q, %q", s, e, a)
			}
			return
		}
		if e == "" || a == "" {
			t.Fatalf("ParsePayload(%q) = %q, %q: an empty field", s, e, a)
		}
		e2, a2, ok2 := ParsePayload(Payload(e, a))
		if e2 != e || a2 != a || !ok2 {
			t.Fatalf("ParsePayload(Payload(%q, %q)) = %q, %q, %v", e, a, e2, a2, ok2)
		}
	})
}
