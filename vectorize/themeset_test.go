package vectorize

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// themeTexts is a small corpus for phrase matching: the phrase "islamic
// state" occurs in texts 0 and 1 only; text 2 has "state-controlled" and
// "Islamic" apart; text 3 has neither word.
var themeTexts = []string{
	"Fighters of the Islamic State held Mosul. The anti-Islamic State coalition struck.",
	"Islamic States? The islamic state group lost ground.",
	"A state-controlled coffee firm sold Islamic art and beans.",
	"Hockey playoffs begin tonight.",
}

func TestThemesPhrases(t *testing.T) {
	t.Parallel()
	for _, ngrams := range []int{1, 2} {
		m, _, err := Fit(context.Background(), themeTexts, Options{NGrams: ngrams, Sublinear: true})
		if err != nil {
			t.Fatal(err)
		}
		ts := m.Themes([]Theme{
			{Name: "ISIS", Terms: []string{"Islamic State", "mosul", "the", "2015", "caliphate"}},
			{Name: "Coffee", Terms: []string{"coffee", "\u201ccoffee beans\u201d"}},
		})
		if !slices.Equal(ts.Missing[0], []string{"the", "2015", "caliphate"}) || len(ts.Missing[1]) != 0 {
			t.Errorf("ngrams %d: missing %q, want [the 2015 caliphate] and none", ngrams, ts.Missing)
		}
		if len(ts.Phrases[0]) != 1 || !slices.Equal(ts.Phrases[0][0], []string{"islam", "state"}) || len(ts.Words[0]) != 1 || m.Terms[ts.Words[0][0]] != "mosul" {
			t.Errorf("ngrams %d: ISIS phrases %q, words %v", ngrams, ts.Phrases[0], ts.Words[0])
		}
		// Counts of "islamic state" per text: "Islamic State" and
		// "anti-Islamic State" in text 0; "Islamic States" and "islamic
		// state" in text 1; none in 2 ("state-controlled", "Islamic" alone)
		// and 3.
		wantCounts := []int32{2, 2, 0, 0}
		df := ts.NewPhraseDF()
		for i, text := range themeTexts {
			pm := ts.Match(text)
			pm.AddDF(df)
			if alt := ts.MatchTerms(m.Analyzer().Terms(text)); !reflect.DeepEqual(pm, alt) {
				t.Errorf("ngrams %d, text %d: Match %v, MatchTerms %v", ngrams, i, pm, alt)
			}
			if got := pm.Counts[0][0]; got != wantCounts[i] {
				t.Errorf("ngrams %d, text %d: %d matches of \"islamic state\", want %d", ngrams, i, got, wantCounts[i])
			}
			if (pm.Weights[0] > 0) != (wantCounts[i] > 0) {
				t.Errorf("ngrams %d, text %d: phrase weight %v", ngrams, i, pm.Weights[0])
			}
		}
		// "coffee beans": "coffee firm sold Islamic art and beans" has
		// other words between, so the phrase is never found.
		if um := ts.Unmatched(df); len(um[0]) != 0 || !slices.Equal(um[1], []string{"\u201ccoffee beans\u201d"}) {
			t.Errorf("ngrams %d: unmatched %q", ngrams, um)
		}
	}
}

// TestThemesPhraseWeight checks the weight formula on one text: two
// occurrences, sublinear tf 1 + ln 2, times the phrase's IDF (the larger
// of its stems'), over the norm of the text's TF-IDF row.
func TestThemesPhraseWeight(t *testing.T) {
	t.Parallel()
	m, _, err := Fit(context.Background(), themeTexts, Options{Sublinear: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := m.Themes([]Theme{{Name: "ISIS", Terms: []string{"islamic state"}}})
	islam, _ := m.Column("islam")
	state, _ := m.Column("state")
	idf := max(m.IDF[islam], m.IDF[state])
	if ts.PhraseIDF[0][0] != idf {
		t.Errorf("phrase IDF %v, want %v", ts.PhraseIDF[0][0], idf)
	}
	terms := m.Analyzer().Terms(themeTexts[0])
	want := (1 + math.Log(2)) * idf / m.TransformNorm(terms)
	// 1e-7: the weight is rounded to float32.
	if got := ts.Match(themeTexts[0]).Weights[0]; math.Abs(float64(got)-want) > 1e-7*want {
		t.Errorf("weight %v, want %v", got, want)
	}
	// The norm is the one the row was normalised by.
	v := m.Transform(themeTexts[0])
	j := slices.Index(v.Ind, int32(islam))
	// "islamic" occurs twice in text 0.
	if w := (1 + math.Log(2)) * m.IDF[islam] / m.TransformNorm(terms); math.Abs(float64(v.Val[j])-w) > 1e-7 {
		t.Errorf("row weight of islam %v, from TransformNorm %v", v.Val[j], w)
	}
	if ts.HasPhrases() != true || m.Themes([]Theme{{Name: "x", Terms: []string{"mosul"}}}).HasPhrases() {
		t.Error("HasPhrases wrong")
	}
}

// BenchmarkThemeSetMatch matches the bundled themes (9 phrases) in the
// seed articles.
func BenchmarkThemeSetMatch(b *testing.B) {
	paths, _ := filepath.Glob("../testdata/seeds/*.txt")
	var texts []string
	size := 0
	for _, p := range paths {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		size += len(t)
	}
	if len(texts) == 0 {
		b.Skip("no seed articles")
	}
	f, err := os.Open("../testdata/themes.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	themes, err := ParseThemes(f, "themes.txt")
	if err != nil {
		b.Fatal(err)
	}
	m, _, err := Fit(context.Background(), texts, Options{Sublinear: true})
	if err != nil {
		b.Fatal(err)
	}
	ts := m.Themes(themes)
	b.Run("match", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range texts {
				ts.Match(t)
			}
		}
	})
	// The analysis alone, for comparison.
	b.Run("terms", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range texts {
				m.Analyzer().Terms(t)
			}
		}
	})
}
