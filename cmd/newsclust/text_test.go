package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain/path.txt: no articles", "plain/path.txt: no articles"},
		{"ünïcode ok – “quotes”", "ünïcode ok – “quotes”"},
		{"evil\x1b[31mred.txt", `evil\x1b[31mred.txt`},
		{"bell\a and tab\t", `bell\x07 and tab\x09`},
		{"zero\u200bwidth and bidi\u202e", `zero\u200bwidth and bidi\u202e`},
		{"c1 \u009b csi", `c1 \u009b csi`},
		{"bad \xff utf8", `bad \xff utf8`},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestErrorNamesFileSafely runs analyze on a file whose name carries a
// terminal escape: the error names the file, with the escape written out.
func TestErrorNamesFileSafely(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "bad\x1b]0;owned\x07.jsonl")
	if err := os.WriteFile(name, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := exitCode(run(context.Background(), []string{"analyze", "-quiet", "-out", filepath.Join(dir, "out"), name}, strings.NewReader(""), &stdout, &stderr), &stderr)
	if code == 0 {
		t.Fatalf("analyze of a malformed file succeeded; stderr %q", stderr.String())
	}
	msg := stderr.String()
	if strings.ContainsAny(msg, "\x1b\x07") {
		t.Errorf("control characters reached stderr: %q", msg)
	}
	if !strings.Contains(msg, `bad\x1b]0;owned\x07.jsonl`) {
		t.Errorf("error does not name the file with its escapes written out: %q", msg)
	}
}
