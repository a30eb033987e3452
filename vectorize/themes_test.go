package vectorize

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParseThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		want  []Theme
		err   string // error text; "" for none
	}{
		{
			name:  "one theme",
			input: "ISIS: isis isil \"islamic state\"\n",
			want:  []Theme{{"ISIS", []string{"isis", "isil", "islamic state"}}},
		},
		{
			name:  "comments and blank lines",
			input: "# header\n\n  # indented comment\nUkraine: ukraine kyiv # trailing comment\n\n",
			want:  []Theme{{"Ukraine", []string{"ukraine", "kyiv"}}},
		},
		{
			name:  "name with spaces and phrase spacing",
			input: "Defence spending :  budget   \"  two  per\tcent \"gdp",
			want:  []Theme{{"Defence spending", []string{"budget", "two per cent", "gdp"}}},
		},
		{
			name:  "curly quotes and hash in phrase",
			input: "Tags: “hash # sign” x\"c#\"",
			want:  []Theme{{"Tags", []string{"hash # sign", "x", "c#"}}},
		},
		{
			name:  "colon in phrase",
			input: "A: \"b: c\" d\nB: e",
			want:  []Theme{{"A", []string{"b: c", "d"}}, {"B", []string{"e"}}},
		},
		{name: "empty input", input: "", want: nil},
		{name: "no colon", input: "# c\nISIS isis isil\n", err: "themes.txt:2: theme syntax: no ':' after the theme name"},
		{name: "empty name", input: " : isis\n", err: "themes.txt:1: theme syntax: empty theme name"},
		{name: "no terms", input: "A: x\nISIS:   # nothing\n", err: `themes.txt:2: theme syntax: theme "ISIS" has no terms`},
		{name: "unterminated quote", input: "ISIS: \"islamic state\n", err: `themes.txt:1: theme syntax: theme "ISIS": unterminated quote`},
		{name: "empty phrase", input: "ISIS: isis \"  \"\n", err: `themes.txt:1: theme syntax: theme "ISIS": empty phrase`},
		{name: "duplicate name", input: "ISIS: isis\nUkraine: kyiv\nisis: daesh\n", err: `themes.txt:3: theme syntax: duplicate theme "isis" (first on line 1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseThemes(strings.NewReader(tt.input), "themes.txt")
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || !errors.Is(err, ErrThemeSyntax) {
					t.Fatalf("error %v, want %q wrapping ErrThemeSyntax", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, func(a, b Theme) bool { return a.Name == b.Name && slices.Equal(a.Terms, b.Terms) }) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseThemesReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	_, err := ParseThemes(iotest.ErrReader(boom), "themes.txt")
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "themes.txt: ") {
		t.Errorf("error %v, want boom prefixed with the name", err)
	}
}

// TestThemesFileOnSeeds parses the shipped themes file and checks that each
// theme has columns in a model fitted on the seed articles.
func TestThemesFileOnSeeds(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../testdata/themes.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	themes, err := ParseThemes(f, "themes.txt")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, th := range themes {
		names = append(names, th.Name)
	}
	if !slices.Equal(names, []string{"ISIS", "Ukraine", "Defence spending"}) {
		t.Fatalf("themes %q", names)
	}
	paths, _ := filepath.Glob("../testdata/seeds/*.txt")
	if len(paths) == 0 {
		t.Skip("no seed articles")
	}
	var texts []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	m, _, err := Fit(context.Background(), texts, Options{NGrams: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts := m.Themes(themes)
	for t2, th := range themes {
		if len(ts.Words[t2]) == 0 {
			t.Errorf("theme %s has no seed word in the seeds", th.Name)
		}
		t.Logf("%s: %d seed columns, %d phrases, missing %q", th.Name, len(ts.Words[t2]), len(ts.Phrases[t2]), ts.Missing[t2])
	}
}
