package cluster

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"newsclust/vectorize/sparse"
)

// themeCorpus returns n rows over 60 columns drawn from three topics with a
// fixed generator: topic 0 uses columns 0-9, topic 1 columns 10-19, topic 2
// (no theme) columns 20-29, and every row also uses 4 of the 30 generic
// columns 30-59. Rows are L2-normalised TF-IDF-like weights.
func themeCorpus(n int) (*sparse.CSR, []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	b := sparse.NewBuilder(60)
	topics := make([]int, n)
	for i := range n {
		tp := i % 3
		topics[i] = tp
		w := map[int32]float64{}
		for range 8 {
			w[int32(10*tp+rng.IntN(10))] += 1
		}
		for range 4 {
			w[int32(30+rng.IntN(30))] += 1
		}
		var v sparse.Vector
		for j := range int32(60) {
			if c, ok := w[j]; ok {
				v.Ind = append(v.Ind, j)
				v.Val = append(v.Val, float32(1+math.Log(c)))
			}
		}
		var ss float64
		for _, x := range v.Val {
			ss += float64(x) * float64(x)
		}
		for k := range v.Val {
			v.Val[k] = float32(float64(v.Val[k]) / math.Sqrt(ss))
		}
		b.Append(v)
	}
	return b.CSR(), topics
}

func TestLearnThemesSynthetic(t *testing.T) {
	t.Parallel()
	X, topics := themeCorpus(600)
	seeds := ThemeSeeds{Words: [][]int32{{0, 1, 2}, {10, 11, 12}}}
	m, res, err := LearnThemes(context.Background(), X, seeds, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var right, themed, none, off int
	for i, row := range res.Rows {
		for _, r := range row.Relevance {
			if !(r >= 0 && r <= 1) {
				t.Fatalf("row %d: relevance %v outside [0, 1]", i, row.Relevance)
			}
		}
		if s := row.Relevance[0] + row.Relevance[1]; s > 1+1e-12 {
			t.Errorf("row %d: relevances sum to %v > 1", i, s)
		}
		if topics[i] < 2 {
			themed++
			if row.Best == topics[i] && row.About[topics[i]] && !row.About[1-topics[i]] {
				right++
			}
		} else {
			off++
			if !slices.Contains(row.About, true) {
				none++
			}
		}
	}
	// The topics share no column but the generic ones, so all but a few
	// rows should be placed; 0.95 leaves room for rows whose 8 draws
	// repeat few distinct columns.
	if acc := float64(right) / float64(themed); acc < 0.95 {
		t.Errorf("%d of %d theme rows about exactly their theme", right, themed)
	}
	if share := float64(none) / float64(off); share < 0.95 {
		t.Errorf("%d of %d rows of the third topic about none", none, off)
	}
	// The learned vocabulary of each theme lies within its topic.
	for tt, cols := range m.Terms {
		if len(cols) < 8 {
			t.Errorf("theme %d learned only columns %v", tt, cols)
		}
		for _, j := range cols[:min(8, len(cols))] {
			if int(j)/10 != tt {
				t.Errorf("theme %d learned column %d of another topic (all: %v)", tt, j, cols)
			}
		}
	}
	// Apply gives each row exactly its result.
	for i := range X.Rows() {
		got := m.Apply(X.Row(i), nil)
		if !slices.Equal(got.Relevance, res.Rows[i].Relevance) || !slices.Equal(got.About, res.Rows[i].About) || got.Best != res.Rows[i].Best {
			t.Fatalf("row %d: Apply %+v, LearnThemes %+v", i, got, res.Rows[i])
		}
	}
}

// TestLearnThemesPhrases gives one theme no seed word but a phrase column:
// the rows with the phrase seed it.
func TestLearnThemesPhrases(t *testing.T) {
	t.Parallel()
	X, topics := themeCorpus(300)
	T := 2
	phrases := make([]float32, X.Rows()*T)
	for i, tp := range topics {
		if tp == 1 && i%2 == 0 {
			phrases[i*T+1] = 0.3 // half of topic 1's rows use the phrase
		}
	}
	seeds := ThemeSeeds{Words: [][]int32{{0, 1, 2}, nil}, Phrases: phrases}
	m, res, err := LearnThemes(context.Background(), X, seeds, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Seeded[1] != X.Rows()/6 {
		t.Errorf("theme 1 seeded %d rows, want the %d with the phrase", res.Seeded[1], X.Rows()/6)
	}
	var right, n1 int
	for i, tp := range topics {
		if tp == 1 {
			n1++
			if res.Rows[i].About[1] {
				right++
			}
		}
		got := m.Apply(X.Row(i), phrases[i*T:(i+1)*T])
		if !slices.Equal(got.Relevance, res.Rows[i].Relevance) {
			t.Fatalf("row %d: Apply %v, LearnThemes %v", i, got.Relevance, res.Rows[i].Relevance)
		}
	}
	// Rows without the phrase are found through the words learned from
	// the rows with it.
	if float64(right)/float64(n1) < 0.95 {
		t.Errorf("%d of %d topic-1 rows about theme 1", right, n1)
	}
}

// TestLearnThemesDeterministic checks that the result does not depend on
// GOMAXPROCS. It changes GOMAXPROCS, so it does not run in parallel.
func TestLearnThemesDeterministic(t *testing.T) {
	X, _ := themeCorpus(3000) // more than one chunk of 256 rows
	seeds := ThemeSeeds{Words: [][]int32{{0, 1, 2}, {10, 11, 12}, {20}}}
	run := func(procs int) (*ThemeModel, *ThemeResult) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, res, err := LearnThemes(context.Background(), X, seeds, ThemeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return m, res
	}
	m1, r1 := run(1)
	m4, r4 := run(4)
	if !slices.Equal(m1.Ratio, m4.Ratio) || !slices.Equal(m1.Prior, m4.Prior) {
		t.Error("models differ between GOMAXPROCS 1 and 4")
	}
	for i := range r1.Rows {
		if !slices.Equal(r1.Rows[i].Relevance, r4.Rows[i].Relevance) {
			t.Fatalf("row %d: %v with GOMAXPROCS 1, %v with 4", i, r1.Rows[i].Relevance, r4.Rows[i].Relevance)
		}
	}
}

func TestLearnThemesErrors(t *testing.T) {
	t.Parallel()
	X, _ := themeCorpus(30)
	if _, _, err := LearnThemes(context.Background(), X, ThemeSeeds{}, ThemeOptions{}); !errors.Is(err, ErrNoThemes) {
		t.Errorf("no themes: error %v, want ErrNoThemes", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LearnThemes(ctx, X, ThemeSeeds{Words: [][]int32{{0}}}, ThemeOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v", err)
	}
	// A theme whose seeds occur nowhere is about no row.
	_, res, err := LearnThemes(context.Background(), X, ThemeSeeds{Words: [][]int32{{0}, {}}}, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range res.Rows {
		if row.About[1] {
			t.Errorf("row %d about the unseeded theme (relevance %v)", i, row.Relevance)
		}
	}
	for name, f := range map[string]func(){
		"seed column": func() { LearnThemes(context.Background(), X, ThemeSeeds{Words: [][]int32{{60}}}, ThemeOptions{}) },
		"phrase weights": func() {
			LearnThemes(context.Background(), X, ThemeSeeds{Words: [][]int32{{0}}, Phrases: make([]float32, 3)}, ThemeOptions{})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestThemeModelApplyEmpty(t *testing.T) {
	t.Parallel()
	X, _ := themeCorpus(60)
	m, _, err := LearnThemes(context.Background(), X, ThemeSeeds{Words: [][]int32{{0, 1}}}, ThemeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := m.Apply(sparse.Vector{}, nil)
	if got.Relevance[0] != 0 || got.About[0] || got.Best != 0 {
		t.Errorf("empty row: %+v, want relevance 0, about none", got)
	}
}

func BenchmarkLearnThemes(b *testing.B) {
	for _, n := range []int{10000} {
		X, _ := themeCorpus(n)
		seeds := ThemeSeeds{Words: [][]int32{{0, 1, 2}, {10, 11, 12}, {20, 21, 22}}}
		b.Run("docs=10000", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := LearnThemes(context.Background(), X, seeds, ThemeOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
