package analysis

import (
	"math"
	"strings"
	"testing"
)

func TestScoreThemes(t *testing.T) {
	t.Parallel()
	csv := `document,theme,relevance,about
a1,war,0.9000,1
a1,money,0.1000,0
a2,war,0.5000,1
a2,money,0.6000,1
a3,war,0.1000,0
a3,money,0.7000,1
a4,war,0.0000,0
a4,money,0.3000,1
a5,war,0.0000,0
a5,money,0.0500,0
a6,war,1.0000,1
a6,money,0.0000,0
`
	// a2's label names a theme in another case; sport names none; a6 has
	// no label.
	known := map[string]string{"a1": "war", "a2": "Money", "a3": "war", "a4": "sport", "a5": "sport"}
	s, err := ScoreThemes(strings.NewReader(csv), "themes.csv", known)
	if err != nil {
		t.Fatal(err)
	}
	// Most relevant: a1 war (right), a2 money (right), a3 money (wrong).
	if s.Articles != 5 || s.Unlabelled != 1 || s.Themed != 3 || s.Correct != 2 || math.Abs(s.Accuracy-2.0/3) > 1e-12 ||
		s.Unthemed != 2 || s.AboutNone != 1 {
		t.Errorf("counts %+v", s)
	}
	// war: labelled a1, a3; about a1, a2. money: labelled a2; about a2,
	// a3, a4. Pooled: 3 labelled, 5 about, 2 both.
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	for _, c := range []struct {
		got                   ThemeFit
		labelled, about, both int
		precision, recall, f1 float64
	}{
		{s.PerTheme[0], 2, 2, 1, 0.5, 0.5, 0.5},
		{s.PerTheme[1], 1, 3, 1, 1.0 / 3, 1, 0.5},
		{s.Overall, 3, 5, 2, 0.4, 2.0 / 3, 0.5},
	} {
		g := c.got
		if g.Labelled != c.labelled || g.About != c.about || g.Both != c.both || !near(g.Precision, c.precision) || !near(g.Recall, c.recall) || !near(g.F1, c.f1) {
			t.Errorf("%s: %+v, want %d labelled, %d about, %d both, P %.3f R %.3f F1 %.3f", g.Theme, g, c.labelled, c.about, c.both, c.precision, c.recall, c.f1)
		}
	}
	if s.PerTheme[0].Theme != "war" || !near(s.MacroF1, 0.5) {
		t.Errorf("themes %v, macro F1 %v", s.PerTheme, s.MacroF1)
	}
}

func TestScoreThemesRefuses(t *testing.T) {
	t.Parallel()
	known := map[string]string{"a": "war"}
	for name, c := range map[string]struct{ csv, want string }{
		"no about column": {"document,theme,relevance\na,war,0.5\n", `themes.csv:1: no "about" column`},
		"relevance":       {"document,theme,relevance,about\na,war,x,1\n", `themes.csv:2: relevance "x"`},
		"relevance range": {"document,theme,relevance,about\na,war,0.5,1\na,money,NaN,0\n", `themes.csv:3: relevance "NaN"`},
		"about":           {"document,theme,relevance,about\na,war,0.5,yes\n", `themes.csv:2: about "yes"`},
		"duplicate":       {"document,theme,relevance,about\na,war,0.5,1\na,war,0.5,1\n", `themes.csv:3: a second row`},
		"no rows":         {"document,theme,relevance,about\n", `themes.csv: no rows`},
		"no label":        {"document,theme,relevance,about\nb,war,0.5,1\n", `no article has a known label`},
	} {
		if _, err := ScoreThemes(strings.NewReader(c.csv), "themes.csv", known); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", name, err, c.want)
		}
	}
}
