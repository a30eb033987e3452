package analysis

import (
	"context"
	"fmt"
	"math"
	"strings"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/report"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// themeState is what theme detection found: the themes placed in the
// vocabulary, the fitted detector and every unit's detection.
type themeState struct {
	set   *vectorize.ThemeSet
	model *cluster.ThemeModel
	rows  []cluster.ThemeRow // one per unit
	// missing lists, per theme with any, "Theme: word, word": seed words
	// the vocabulary lacks and phrases no unit uses.
	missing  []string
	nMissing int
}

// matchChunk is the number of units one task of phrase matching reads.
const matchChunk = 256

// detectThemes places the named themes in the vocabulary
// (vectorize.Model.Themes), matches their phrases in every unit's text
// when they have any, and learns which units are about which theme
// (cluster.LearnThemes). With ThemeSeeds it also sets the themes' seed
// centroids for k-means.
func (r *runner) detectThemes(ctx context.Context) error {
	o, ing := r.o, r.ing
	if len(o.Themes) == 0 {
		return nil
	}
	r.prog.Step(fmt.Sprintf("detecting %s", plural(len(o.Themes), "theme")))
	ts := ing.vz.Themes(o.Themes)
	th := &themeState{set: ts}
	n, T := len(ing.units), len(o.Themes)
	var phrases []float32
	unmatched := make([][]string, T)
	if ts.HasPhrases() {
		phrases = make([]float32, n*T)
		df, err := r.matchPhrases(ctx, ts, phrases)
		if err != nil {
			return err
		}
		unmatched = ts.Unmatched(df)
	}
	for t, name := range ts.Names {
		words := append(append([]string(nil), ts.Missing[t]...), quoted(unmatched[t])...)
		if len(words) > 0 {
			th.missing = append(th.missing, name+": "+strings.Join(words, ", "))
			th.nMissing += len(words)
		}
	}
	fm, res, err := cluster.LearnThemes(ctx, ing.X, cluster.ThemeSeeds{Words: ts.Words, Phrases: phrases}, cluster.ThemeOptions{})
	if err != nil {
		return err
	}
	th.model, th.rows = fm, res.Rows
	r.themes = th
	if o.ThemeSeeds {
		r.themeVecs = themeCentroids(ing.X, res.Rows, T)
	}
	return nil
}

func quoted(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = `"` + p + `"`
	}
	return out
}

// matchPhrases sets phrases[i*T+t] to theme t's phrase weight in unit i's
// text (vectorize.ThemeSet.Match), reading the texts back from their
// temporary file in parallel, and returns the phrases' document
// frequencies. The weights are on the scale of the final TF-IDF row, so
// they need the fitted vocabulary and cannot be computed as the texts
// first stream by.
func (r *runner) matchPhrases(ctx context.Context, ts *vectorize.ThemeSet, phrases []float32) ([][]int, error) {
	ing, T := r.ing, len(ts.Names)
	if err := ing.texts.flush(); err != nil {
		return nil, err
	}
	n := len(ing.units)
	chunks := (n + matchChunk - 1) / matchChunk
	dfs := make([][][]int, chunks)
	errs := make([]error, chunks)
	eachParallel(chunks, func(c int) {
		if errs[c] = ctx.Err(); errs[c] != nil {
			return
		}
		df := ts.NewPhraseDF()
		for i := c * matchChunk; i < min(n, (c+1)*matchChunk); i++ {
			body, err := ing.texts.textAt(i)
			if err != nil {
				errs[c] = err
				return
			}
			d := ing.units[i]
			d.Text = body
			pm := ts.Match(unitText(d, r.o.Unit))
			copy(phrases[i*T:(i+1)*T], pm.Weights)
			pm.AddDF(df)
		}
		dfs[c] = df
	})
	df := ts.NewPhraseDF()
	for c := range chunks {
		if errs[c] != nil {
			return nil, errs[c]
		}
		for t := range df {
			for k := range df[t] {
				df[t][k] += dfs[c][t][k]
			}
		}
	}
	return df, nil
}

// themeCentroids returns each theme's centroid in term space, the
// relevance-weighted mean direction of the rows of X: Σ_i rel_it·x_i,
// normalised. A theme no row is relevant to gives an empty vector.
func themeCentroids(X *sparse.CSR, rows []cluster.ThemeRow, T int) []sparse.Vector {
	out := make([]sparse.Vector, T)
	eachParallel(T, func(t int) {
		sum := make([]float64, X.Dims())
		for i, tr := range rows {
			w := tr.Relevance[t]
			if w == 0 {
				continue
			}
			row := X.Row(i)
			for k, j := range row.Ind {
				sum[j] += w * float64(row.Val[k])
			}
		}
		var ss float64
		for _, x := range sum {
			ss += x * x
		}
		if !(ss > 0) {
			return
		}
		inv := 1 / math.Sqrt(ss)
		var v sparse.Vector
		for j, x := range sum {
			if x != 0 {
				v.Ind = append(v.Ind, int32(j))
				v.Val = append(v.Val, float32(x*inv))
			}
		}
		out[t] = v
	})
	return out
}

// articleThemes returns each article's theme detection from its units'
// (group[i] is unit i's article): its relevance to theme t is the largest
// of its units', and it is about t when any of its units is. In document
// mode an article is its one unit.
func articleThemes(rows []cluster.ThemeRow, group []int, nArts, T int) (rel [][]float64, about [][]bool) {
	rel = make([][]float64, nArts)
	about = make([][]bool, nArts)
	for a := range rel {
		rel[a] = make([]float64, T)
		about[a] = make([]bool, T)
	}
	for i, tr := range rows {
		a := group[i]
		for t := range T {
			rel[a][t] = max(rel[a][t], tr.Relevance[t])
			about[a][t] = about[a][t] || tr.About[t]
		}
	}
	return rel, about
}

// reportThemes fills the report's themes: names, the learned words of
// each (surface forms), the about threshold and every article's
// relevance and about flags.
func (r *runner) reportThemes(ra *report.Analysis, arts []corpus.Document, group []int) {
	th := r.themes
	if th == nil {
		return
	}
	T := len(th.set.Names)
	ra.Themes = append([]string(nil), th.set.Names...)
	ra.ThemeThreshold = float64(th.model.Threshold)
	for _, cols := range th.model.Terms {
		words := []string{}
		for _, j := range cols {
			words = append(words, r.ing.vz.Surface[j])
		}
		ra.ThemeTerms = append(ra.ThemeTerms, words)
	}
	rel, about := articleThemes(th.rows, group, len(arts), T)
	for a, art := range arts {
		ra.Articles = append(ra.Articles, report.ArticleTheme{Article: art.Article, Title: art.Title, Relevance: rel[a], About: about[a]})
	}
}
