package model

import (
	"math"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// CompareOptions set what a Comparer reports.
type CompareOptions struct {
	Top   int // nearest corpus articles listed (at least 1)
	Terms int // terms listed behind each neighbour's score
	// DupThreshold is the cosine at and above which a neighbour is the
	// same story; 0 means the model's own (Model.DupThreshold).
	DupThreshold float64
	// Story decides whether an article is a new story: no corpus article
	// within its window tells the same story (see StoryRule).
	Story StoryRule
}

// DefaultCompareOptions returns the options compare runs with by default.
func DefaultCompareOptions() CompareOptions {
	return CompareOptions{Top: 5, Terms: 5}
}

// Comparison is the answer for one article; it is also compare's JSON form.
// Scores are rounded to four decimals.
type Comparison struct {
	ID     string `json:"id"`
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	// Cluster is the nearest cluster (-1 when no word is known) and
	// ClusterCosine the article's cosine with its centroid.
	Cluster       int     `json:"cluster"`
	ClusterLabel  string  `json:"cluster_label"`
	ClusterCosine float64 `json:"cluster_cosine"`
	// FitsCluster is false when the article, its words outside the
	// vocabulary counted, is no nearer to the nearest centroid than that
	// cluster's floor (Cluster.Floor), what articles about other clusters
	// reach: it belongs to none of the clusters, and Cluster only says
	// which is least far.
	FitsCluster bool    `json:"fits_cluster"`
	Margin      float64 `json:"margin"` // cosine to own centroid minus to the runner-up
	// Themes are the article's relevance to each theme and whether it is
	// about it, in the themes' order, as analyze finds them for a corpus
	// article (themes.csv); only when the model has themes.
	Themes  []ThemeFit `json:"themes,omitempty"`
	Novelty float64    `json:"novelty"`
	// NewTopic is true when the article fits no cluster (FitsCluster
	// false, or no known word): far from every theme of the corpus.
	NewTopic bool `json:"new_topic"`
	// NewStory is true when no corpus article tells the same story
	// within the window of the article's date (CompareOptions.Story):
	// first-story detection, which a new report on an old theme passes.
	NewStory   bool    `json:"new_story"`
	KnownTerms int     `json:"known_terms"`
	Note       string  `json:"note,omitempty"`
	Neighbors  []Match `json:"neighbors"`
}

// ThemeFit is an article's detection of one theme: its relevance in
// [0, 1] (rounded to four decimals) and whether it is about the theme. In
// paragraph mode the relevance is the largest of its passages' and it is
// about the theme when one of its passages is.
type ThemeFit struct {
	Theme     string  `json:"theme"`
	Relevance float64 `json:"relevance"`
	About     bool    `json:"about"`
}

// Match is one corpus article close to the compared one.
type Match struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Date      string   `json:"date,omitempty"`
	Source    string   `json:"source,omitempty"`
	URL       string   `json:"url,omitempty"`
	Score     float64  `json:"score"`
	SameStory bool     `json:"same_story"`
	Terms     []string `json:"terms"` // the terms that contribute most to Score
}

// Comparer applies a model to new articles. It is safe for concurrent use
// once built.
type Comparer struct {
	m         *Model
	opts      CompareOptions
	index     *cluster.Index
	dates     []string // the corpus articles' dates, by row
	centroids [][]float64
	themes    *vectorize.ThemeSet // nil without themes
}

// NewComparer returns a Comparer of m with opts. It indexes the corpus
// vectors once; each Compare then costs about one sparse dot product per
// corpus article sharing a term with the new one.
func (m *Model) NewComparer(opts CompareOptions) *Comparer {
	if opts.DupThreshold == 0 {
		opts.DupThreshold = m.DupThreshold
	}
	c := &Comparer{m: m, opts: opts, index: cluster.NewIndex(m.Vectors)}
	for _, a := range m.Articles {
		c.dates = append(c.dates, a.Date)
	}
	for ci := range m.Clusters {
		row := m.Centroid(ci)
		v := make([]float64, len(row))
		for j, x := range row {
			v[j] = float64(x)
		}
		c.centroids = append(c.centroids, v)
	}
	if m.ThemeModel != nil {
		c.themes = m.Vectorizer.Themes(m.Themes)
	}
	return c
}

// Compare returns how d relates to the model's corpus: its cluster and the
// margin to the runner-up, its relevance to each theme, novelty (calibrated on the corpus's
// own nearest-neighbour cosines), whether it is a new topic (it fits no
// cluster) and a new story (CompareOptions.Story), and the nearest corpus
// articles with the terms behind each score.
func (c *Comparer) Compare(d corpus.Document) Comparison {
	terms := c.m.Vectorizer.Analyzer().Terms(d.TitledText()) // analysed once for the vector and the coverage
	v := c.m.Vectorizer.TransformTerms(terms)
	r := Comparison{ID: d.ID, Title: d.Title, Date: d.Date, Source: d.Source, URL: d.URL, Cluster: -1, Neighbors: []Match{}, KnownTerms: len(v.Ind)}
	if len(v.Ind) == 0 {
		r.Novelty, r.NewStory, r.NewTopic = 1, true, true
		r.Note = "no word of the article is in the corpus vocabulary"
		return r
	}
	c.nearestCluster(v, c.m.Vectorizer.CoverageTerms(terms), &r)
	r.Themes = c.detectThemes(d)

	nb := cluster.NeighborsOf(c.index, v, c.opts.Top)
	top := 0.0
	if len(nb) > 0 {
		top = nb[0].Cosine
	}
	cal := cluster.Calibration{NN: c.m.NN}
	r.Novelty = round4(cal.Novelty(top))
	r.NewTopic = !r.FitsCluster
	r.NewStory = c.opts.Story.NewStory(c.index, c.dates, v, d.Date)
	for _, n := range nb {
		a := c.m.Articles[n.Row]
		mt := Match{ID: a.ID, Title: a.Title, Date: a.Date, Source: a.Source, URL: a.URL, Score: round4(n.Cosine), SameStory: n.Cosine >= c.opts.DupThreshold, Terms: []string{}}
		for _, ct := range cluster.Contributions(v, c.m.Vectors.Row(n.Row), c.opts.Terms) {
			mt.Terms = append(mt.Terms, c.m.Vectorizer.Surface[ct.Col])
		}
		r.Neighbors = append(r.Neighbors, mt)
	}
	return r
}

// MinCoverage is the least share of an article's weight in words the
// corpus knows (vectorize.Model.Coverage) for it to fit a cluster: an
// article mostly in words the corpus never used is about something else,
// whatever the few shared words say.
const MinCoverage = 0.5

// nearestCluster sets r's cluster, its label, cosine and margin, and
// whether it fits the cluster: its cosine with the words outside the
// vocabulary counted (cosine × coverage, see vectorize.Model.Coverage)
// must pass the cluster's floor, and at least MinCoverage of its weight
// must be in known words, so an article that shares a few words with the
// corpus does not fit a cluster by them alone.
func (c *Comparer) nearestCluster(v sparse.Vector, coverage float64, r *Comparison) {
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
	if best < 0 {
		return
	}
	r.Cluster, r.ClusterLabel = best, c.m.Clusters[best].Label
	r.ClusterCosine = round4(sims[best])
	r.FitsCluster = coverage >= MinCoverage && sims[best]*coverage > c.m.Clusters[best].Floor
	r.Margin = round4(sims[best])
	if second >= 0 {
		r.Margin = round4(sims[best] - sims[second])
	}
}

// detectThemes returns d's relevance to each theme and whether it is
// about it, nil when the model has no themes. Each unit of d as analyze
// cut it (the whole article, or its passages in paragraph mode) is folded
// in with its TF-IDF vector and phrase weights, exactly as analyze
// detected its own units; units without a known word are left out, as
// analyze leaves them out. The article takes the largest relevance of its
// units and is about a theme when one of them is.
func (c *Comparer) detectThemes(d corpus.Document) []ThemeFit {
	if c.themes == nil {
		return nil
	}
	tm := c.m.ThemeModel
	texts := []string{d.TitledText()}
	if c.m.Unit == "paragraph" {
		texts = texts[:0]
		for _, p := range corpus.Paragraphs([]corpus.Document{d}, c.m.MinWords) {
			texts = append(texts, p.Text)
		}
	}
	out := make([]ThemeFit, len(c.m.Themes))
	for t, th := range c.m.Themes {
		out[t].Theme = th.Name
	}
	for _, text := range texts {
		x := c.m.Vectorizer.Transform(text)
		if len(x.Ind) == 0 {
			continue
		}
		var phrases []float32
		if c.themes.HasPhrases() {
			phrases = c.themes.Match(text).Weights
		}
		tr := tm.Apply(x, phrases)
		for t := range out {
			out[t].Relevance = max(out[t].Relevance, tr.Relevance[t])
			out[t].About = out[t].About || tr.About[t]
		}
	}
	for t := range out {
		out[t].Relevance = round4(out[t].Relevance)
	}
	return out
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
