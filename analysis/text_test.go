package analysis

import (
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
