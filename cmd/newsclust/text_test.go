package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snippetByFields is the definition snippet must agree with.
func snippetByFields(text string, n int) string {
	f := strings.Fields(text)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	texts := []string{
		"", "   ", "one", " one ", "one two three", "a\tb\nc\u00a0d\u2003e  f",
		"exactly four words here", "exactly four words here ", "five words are in here",
		"ünïcödé wörds\u3000and \x85 more\r\nlines", strings.Repeat("word ", 100),
		"\xff\xfe bad utf8 \xc3", "trailing space after three words   ",
	}
	for _, text := range texts {
		for _, n := range []int{0, 1, 3, 4, 40} {
			if got, want := snippet(text, n), snippetByFields(text, n); got != want {
				t.Errorf("snippet(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("a b  c\td", 2)
	f.Add("\u00a0x\u2028y", 1)
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = n & 63
		if got, want := snippet(text, n), snippetByFields(text, n); got != want {
			t.Fatalf("snippet(%q, %d) = %q, want %q", text, n, got, want)
		}
	})
}

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
