package vectorize

import (
	"context"
	"errors"
	"math"
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

func TestThemeVector(t *testing.T) {
	t.Parallel()
	m, _, err := Fit(context.Background(), corpus, Options{NGrams: 2})
	if err != nil {
		t.Fatal(err)
	}
	theme := Theme{Name: "ISIS", Terms: []string{"ISIS", "isil", "Islamic State", "jihadists", "caliphate", "the", "isis"}}
	v, missing := m.ThemeVector(theme)
	// "Islamic State" gives islam, state and the bigram "islam state";
	// "jihadists" stems to "jihadist"; "ISIS" and "isis" give the same
	// column, counted once; "caliphate" is not in corpus, "the" is a stop
	// word.
	wantTerms := []string{"isi", "isil", "islam", "islam state", "jihadist", "state"}
	if !slices.Equal(missing, []string{"caliphate", "the"}) {
		t.Errorf("missing = %q, want [caliphate the]", missing)
	}
	if len(v.Ind) != len(wantTerms) {
		t.Fatalf("vector has columns %v, want %q", v.Ind, wantTerms)
	}
	var ss float64
	for _, term := range wantTerms {
		j, ok := m.Column(term)
		if !ok {
			t.Fatalf("term %q not in vocabulary", term)
		}
		ss += m.IDF[j] * m.IDF[j]
	}
	for k, j := range v.Ind {
		if m.Terms[j] != wantTerms[k] {
			t.Errorf("column %d is %q, want %q", k, m.Terms[j], wantTerms[k])
		}
		// Weight is IDF over the norm of the IDFs; 1e-7 is float32 rounding.
		if want := m.IDF[j] / math.Sqrt(ss); math.Abs(float64(v.Val[k])-want) > 1e-7 {
			t.Errorf("weight of %q = %v, want %v", m.Terms[j], v.Val[k], want)
		}
	}

	// Without bigrams the phrase gives its stems only.
	m1, _, err := Fit(context.Background(), corpus, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := m1.ThemeVector(Theme{Name: "x", Terms: []string{"Islamic State"}})
	if len(v1.Ind) != 2 || m1.Terms[v1.Ind[0]] != "islam" || m1.Terms[v1.Ind[1]] != "state" {
		t.Errorf("unigram theme vector %v", v1)
	}
	// A theme with no known term is empty, every term missing.
	v2, missing2 := m1.ThemeVector(Theme{Name: "y", Terms: []string{"zzyzx", "of"}})
	if len(v2.Ind) != 0 || len(missing2) != 2 {
		t.Errorf("unknown theme gives %v, missing %q", v2, missing2)
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
	for _, th := range themes {
		v, missing := m.ThemeVector(th)
		if len(v.Ind) == 0 {
			t.Errorf("theme %s matches nothing in the seeds", th.Name)
		}
		t.Logf("%s: %d columns, missing %q", th.Name, len(v.Ind), missing)
	}
}
