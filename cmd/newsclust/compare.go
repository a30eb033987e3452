package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"newsclust/cluster"
	"newsclust/cmd/newsclust/internal/model"
	"newsclust/corpus"
	"newsclust/vectorize/sparse"
)

type compareConfig struct {
	model          string
	top            int
	terms          int
	json           bool
	dupThreshold   float64
	novelThreshold float64
	read           corpus.Options
}

func compareFlags(cfg *compareConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.StringVar(&cfg.model, "model", "", "`folder` written by analyze (or its model file)")
	fs.IntVar(&cfg.top, "top", 5, "nearest corpus articles listed per article")
	fs.IntVar(&cfg.terms, "terms", 5, "terms listed behind each score")
	fs.BoolVar(&cfg.json, "json", false, "write one JSON object per article instead of a table")
	fs.Float64Var(&cfg.dupThreshold, "dup-threshold", 0, "cosine at and above which a match is the same story (0: the model's, 0.8 by default)")
	fs.Float64Var(&cfg.novelThreshold, "novel-threshold", 0.9, "novelty at and above which an article is a new story")
	inputFlags(fs, &cfg.read, "report malformed JSONL/CSV records as skipped instead of stopping")
	return fs
}

func compareUsage(fs *flag.FlagSet) func(io.Writer) {
	return func(w io.Writer) {
		fmt.Fprintln(w, "Usage: newsclust compare -model DIR [flags] INPUT...")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Compares new articles with a saved analysis: nearest corpus articles and the terms")
		fmt.Fprintln(w, "behind each score, cluster, theme shares, novelty and same-story matches.")
		fmt.Fprintln(w, "The corpus vocabulary and IDF are used as they are, never refitted.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		printDefaults(w, fs)
	}
}

// Comparison is compare's answer for one article; it is also its JSON form.
type Comparison struct {
	ID           string             `json:"id"`
	Title        string             `json:"title,omitempty"`
	Cluster      int                `json:"cluster"` // -1 when no known word
	ClusterLabel string             `json:"cluster_label"`
	Margin       float64            `json:"margin"` // cosine to own centroid minus to the runner-up
	Themes       map[string]float64 `json:"themes,omitempty"`
	ThemeWeight  *float64           `json:"theme_weight,omitempty"` // with themes: fraction of the article's weight on theme terms
	Novelty      float64            `json:"novelty"`
	NewStory     bool               `json:"new_story"`
	KnownTerms   int                `json:"known_terms"`
	Note         string             `json:"note,omitempty"`
	Neighbors    []Match            `json:"neighbors"`
}

// Match is one corpus article close to the compared one.
type Match struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Date      string   `json:"date,omitempty"`
	Score     float64  `json:"score"`
	SameStory bool     `json:"same_story"`
	Terms     []string `json:"terms"`
}

func runCompare(ctx context.Context, e *env, args []string) error {
	var cfg compareConfig
	fs := compareFlags(&cfg)
	inputs, err := parseFlags(fs, args, e.stdout, compareUsage(fs))
	if err != nil {
		return err
	}
	switch {
	case cfg.model == "":
		return usagef("compare: -model is required (the folder analyze wrote)")
	case len(inputs) == 0:
		return usagef("compare: no INPUT given (files, folders, or - for JSONL on stdin)")
	case cfg.top < 1:
		return usagef("-top must be at least 1")
	case cfg.terms < 0:
		return usagef("-terms must not be negative")
	case cfg.dupThreshold < 0 || cfg.dupThreshold > 1:
		return usagef("-dup-threshold must be in [0, 1]")
	case cfg.novelThreshold < 0 || cfg.novelThreshold > 1:
		return usagef("-novel-threshold must be in [0, 1]")
	case cfg.read.MaxDocBytes < 1:
		return usagef("-max-doc-bytes must be positive")
	case cfg.read.MaxInputBytes < 1:
		return usagef("-max-input-bytes must be positive")
	}
	cfg.read.Stdin = e.stdin

	path := cfg.model
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, model.FileName)
		cfg.read.ExcludeDirs = []string{cfg.model} // analyze's outputs are not articles
	} else if err != nil {
		return fmt.Errorf("-model: %w", err)
	}
	m, err := model.Load(path)
	if err != nil {
		return fmt.Errorf("-model: %w", err)
	}
	if cfg.dupThreshold == 0 {
		cfg.dupThreshold = m.DupThreshold
	}
	c, err := corpus.Read(ctx, inputs, cfg.read)
	if err != nil {
		return inputHint(err)
	}
	for _, s := range c.Skipped {
		if s.Reason == corpus.ReasonExcluded {
			s.Reason = "the -model folder: its outputs are not read as articles"
		}
		fmt.Fprintf(e.stderr, "newsclust: skipped %s: %s\n", s.Input, s.Reason)
	}
	cmp := newComparer(m, cfg)
	enc := json.NewEncoder(e.stdout)
	for i, d := range c.Docs {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := cmp.compare(d)
		if cfg.json {
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		printComparison(e.stdout, r)
	}
	return nil
}

// comparer applies a model to new articles.
type comparer struct {
	m         *model.Model
	cfg       compareConfig
	index     *cluster.Index
	centroids [][]float64
	themes    []sparse.Vector
}

func newComparer(m *model.Model, cfg compareConfig) *comparer {
	c := &comparer{m: m, cfg: cfg, index: cluster.NewIndex(m.Vectors)}
	for ci := range m.Clusters {
		row := m.Centroid(ci)
		v := make([]float64, len(row))
		for j, x := range row {
			v[j] = float64(x)
		}
		c.centroids = append(c.centroids, v)
	}
	for _, t := range m.Themes {
		v, _ := m.Vectorizer.ThemeVector(t)
		c.themes = append(c.themes, v)
	}
	return c
}

func (c *comparer) compare(d corpus.Document) Comparison {
	text := d.Text
	if d.Title != "" && !strings.HasPrefix(text, d.Title) {
		text = d.Title + "\n\n" + text
	}
	v := c.m.Vectorizer.Transform(text)
	r := Comparison{ID: d.ID, Title: d.Title, Cluster: -1, Neighbors: []Match{}, KnownTerms: len(v.Ind)}
	if len(v.Ind) == 0 {
		r.Novelty, r.NewStory = 1, true
		r.Note = "no word of the article is in the corpus vocabulary"
		return r
	}

	best, second := -1, -1
	sims := make([]float64, len(c.centroids))
	for ci, cen := range c.centroids {
		var s float64
		for k, j := range v.Ind {
			s += float64(v.Val[k]) * cen[j]
		}
		sims[ci] = s
		switch {
		case best < 0 || s > sims[best]:
			best, second = ci, best
		case second < 0 || s > sims[second]:
			second = ci
		}
	}
	r.Cluster, r.ClusterLabel = best, c.m.Clusters[best].Label
	r.Margin = round4(sims[best])
	if second >= 0 {
		r.Margin = round4(sims[best] - sims[second])
	}

	if len(c.themes) > 0 {
		X := sparse.NewBuilder(len(c.m.Vectorizer.Terms))
		X.Append(v)
		shares, weight := cluster.ThemeShares(X.CSR(), c.themes)
		r.Themes = map[string]float64{}
		for t, th := range c.m.Themes {
			r.Themes[th.Name] = round4(shares[0][t])
		}
		w := round4(weight[0])
		r.ThemeWeight = &w
	}

	nb := cluster.NeighborsOf(c.index, v, c.cfg.top)
	top := 0.0
	if len(nb) > 0 {
		top = nb[0].Cosine
	}
	r.Novelty = round4(c.calibration().Novelty(top))
	r.NewStory = r.Novelty >= c.cfg.novelThreshold
	for _, n := range nb {
		a := c.m.Articles[n.Row]
		mt := Match{ID: a.ID, Title: a.Title, Date: a.Date, Score: round4(n.Cosine), SameStory: n.Cosine >= c.cfg.dupThreshold, Terms: []string{}}
		for _, ct := range cluster.Contributions(v, c.m.Vectors.Row(n.Row), c.cfg.terms) {
			mt.Terms = append(mt.Terms, c.m.Vectorizer.Surface[ct.Col])
		}
		if mt.SameStory {
			r.NewStory = false
		}
		r.Neighbors = append(r.Neighbors, mt)
	}
	return r
}

func (c *comparer) calibration() *cluster.Calibration { return &cluster.Calibration{NN: c.m.NN} }

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func printComparison(w io.Writer, r Comparison) {
	title := r.Title
	if title == "" {
		title = "(no title)"
	}
	fmt.Fprintf(w, "%s  %s\n", r.ID, truncate(title, 80))
	if r.Cluster < 0 {
		fmt.Fprintf(w, "  novelty 1.00, new story: %s\n\n", r.Note)
		return
	}
	story := "no"
	if r.NewStory {
		story = "yes"
	}
	fmt.Fprintf(w, "  cluster %d  %s  (margin %.3f)\n", r.Cluster, r.ClusterLabel, r.Margin)
	fmt.Fprintf(w, "  novelty %.2f  new story: %s\n", r.Novelty, story)
	if len(r.Themes) > 0 {
		names := sortedKeys(r.Themes)
		sort.SliceStable(names, func(a, b int) bool { return r.Themes[names[a]] > r.Themes[names[b]] })
		var parts []string
		for _, t := range names {
			parts = append(parts, fmt.Sprintf("%s %.2f", t, r.Themes[t]))
		}
		weight := ""
		if r.ThemeWeight != nil {
			weight = fmt.Sprintf(" (theme words: %.1f%% of its weight)", 100**r.ThemeWeight)
		}
		fmt.Fprintf(w, "  themes: %s%s\n", strings.Join(parts, ", "), weight)
	}
	for _, n := range r.Neighbors {
		same := ""
		if n.SameStory {
			same = "  SAME STORY"
		}
		fmt.Fprintf(w, "  %.3f  %-24s %s%s\n", n.Score, truncate(n.ID, 24), truncate(n.Title, 50), same)
		if len(n.Terms) > 0 {
			fmt.Fprintf(w, "         because of: %s\n", strings.Join(n.Terms, ", "))
		}
	}
	fmt.Fprintln(w)
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
