package corpus

import (
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"a\r\nb\rc\n", "a\nb\nc"},
		{"\n\n  \nfirst  \n\n\n\nsecond\t\n \n", "first\n\nsecond"},
		{"no\u00a0break\u2009thin", "no break thin"},
		{"zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"},
		{"bell\x07 esc\x1b[0m tab\tkept", "bell esc[0m tab\tkept"},
		{"  indented\n    code", "  indented\n    code"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := cleanText(tc.want); got != tc.want {
			t.Errorf("cleanText not idempotent on %q: %q", tc.want, got)
		}
	}
}

func TestNormSpace(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"a b":                     "a b",
		"  a \t b\u00a0\u00a0c  ": "a b c",
		"":                        "",
		" ":                       "",
		"é  x":                    "é x",
	} {
		if got := normSpace(in); got != want {
			t.Errorf("normSpace(%q) = %q, want %q", in, got, want)
		}
		if n, w := normWords(normSpace(in)), wordCount(in); n != w {
			t.Errorf("%q: normWords %d, wordCount %d", in, n, w)
		}
	}
}

func TestLooksBinary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"plain text\n", false},
		{"nul\x00byte", true},
		// 3 control bytes in 10 is 30%: not more than 30%.
		{"\x01\x02\x03abcdefg", false},
		{"\x01\x02\x03\x04abcdef", true},
		// Only the first 8 KiB count.
		{strings.Repeat("a", 8<<10) + "\x00", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := looksBinary([]byte(tc.in)); got != tc.want {
			t.Errorf("looksBinary(%.20q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"caf\xc3\xa9", "café"},           // valid UTF-8
		{"\xef\xbb\xbfbom", "bom"},        // byte order mark dropped
		{"caf\xe9", "café"},               // Latin-1
		{"\x93q\x94 \x80", "“q” €"},       // Windows-1252 punctuation
		{"\xc3\xa9 and \xe9", "Ã© and é"}, // one bad byte: every byte is Latin-1
	}
	for _, tc := range tests {
		if got := decode([]byte(tc.in)); got != tc.want {
			t.Errorf("decode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
