package analysis

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
	"newsclust/vectorize/sparse"
)

// ErrUnitParagraph is returned by Update for a model of passages: update
// folds whole articles into a model of whole articles.
var ErrUnitParagraph = errors.New("the model clusters passages (-unit paragraph); update folds articles into a model of whole articles only")

// Update settings. A group of new articles that fit no cluster becomes a
// cluster of its own when it has at least MinNewCluster articles and its
// coherence (the mean cosine of its articles to their centroid) reaches
// the median coherence of the model's clusters times NewClusterCoherence.
// The numbers were measured with bench/update (bench/results/update.txt).
const (
	MinNewCluster       = 3
	NewClusterCoherence = 1.0
)

// Update folds the articles named by inputs into the analysis saved in m
// and returns the complete analysis of the old and new articles, model
// included, so that updates chain.
//
// What is kept: the vocabulary and IDF (so the old vectors stay valid and
// comparable with new ones), every old article with its cluster and each
// cluster's id. What is refitted: each cluster's centroid (the normalised
// sum of its old and new members), its floor, label, size and
// representatives, the novelty calibration and the similarity lists.
//
// A new article whose id or text (model.TextHash) is already in the model,
// or whose text repeats an earlier new article, is listed as skipped; so
// is one with no word in the vocabulary. An article that fits its nearest
// cluster (its cosine × coverage passes the cluster's floor, see
// model.Comparer) joins it. The articles that fit none are clustered among
// themselves (spherical k-means, k by silhouette in o.KMin:o.KMax); each
// group of at least MinNewCluster articles as coherent as the model's
// clusters becomes a new cluster with an id above every id used, and the
// others join their nearest cluster, old or new.
//
// o gives the reading options, the seed, the k-means restarts and the
// report sizes; the unit, vectorizer, themes and same-story threshold are
// the model's. Update returns ErrUnitParagraph for a model of passages and
// corpus.ErrNoDocs (wrapped) when no new article can be added.
func Update(ctx context.Context, m *model.Model, inputs []string, o Options, story model.StoryRule) (*Result, error) {
	if m.Unit != "document" {
		return nil, ErrUnitParagraph
	}
	o.Unit, o.Vectorize, o.Themes, o.DupThreshold = m.Unit, m.Vectorizer.Options, m.Themes, m.DupThreshold
	o.K = 0
	if err := o.Check(); err != nil {
		return nil, err
	}
	prog := o.Progress
	if prog == nil {
		prog = noProgress{}
	}
	prog.Step("reading new articles")
	read := o.Read
	read.Progress = prog.Update
	c, err := corpus.Read(ctx, inputs, read)
	if err != nil {
		return nil, err
	}
	texts, err := newUnitTexts()
	if err != nil {
		return nil, err
	}
	ing := &ingested{texts: texts, vz: m.Vectorizer, renamed: c.Renamed, hashes: map[string]string{}}
	ok := false
	defer func() {
		if !ok {
			texts.close()
		}
	}()
	for _, s := range c.Skipped {
		ing.skipped = append(ing.skipped, report.Skip{Input: s.Input, Reason: s.Reason})
	}

	// The old articles, their texts reduced to the snippets the model keeps.
	d := len(m.Vectorizer.Terms)
	X := sparse.NewBuilder(d)
	byID := make(map[string]bool, len(m.Articles))
	byHash := make(map[string]string, len(m.Articles))
	for i, a := range m.Articles {
		ing.units = append(ing.units, corpus.Document{ID: a.ID, Article: a.ID, Title: a.Title, Date: a.Date, Source: a.Source, URL: a.URL, Label: a.Label})
		if err := texts.add(a.Snippet); err != nil {
			return nil, err
		}
		X.Append(m.Vectors.Row(i))
		ing.hashes[a.ID] = a.Hash
		byID[a.ID] = true
		if a.Hash != "" {
			byHash[a.Hash] = a.ID
		}
	}
	old := len(m.Articles)
	var coverage []float64
	for _, doc := range c.Docs {
		text := doc.TitledText()
		h := model.TextHash(text)
		skip := func(reason string) {
			ing.skipped = append(ing.skipped, report.Skip{Input: doc.Origin + " (" + doc.ID + ")", Reason: reason})
		}
		if byID[doc.ID] {
			skip("already in the model (same id)")
			continue
		}
		if first, dup := byHash[h]; dup {
			skip("already in the model (same text as " + first + ")")
			continue
		}
		v := m.Vectorizer.Transform(text)
		if len(v.Ind) == 0 {
			skip("no word in the model's vocabulary (update keeps the vocabulary)")
			continue
		}
		byHash[h] = doc.ID
		byID[doc.ID] = true
		ing.hashes[doc.ID] = h
		if err := texts.add(doc.Text); err != nil {
			return nil, err
		}
		doc.Text = ""
		doc.Article = doc.ID
		ing.units = append(ing.units, doc)
		X.Append(v)
		coverage = append(coverage, m.Vectorizer.Coverage(text))
	}
	if len(ing.units) == old {
		return nil, fmt.Errorf("%w: no new article to add (%s skipped)", corpus.ErrNoDocs, plural(len(ing.skipped), "input"))
	}
	ing.X = X.CSR()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	prog.Step(fmt.Sprintf("placing %s", plural(len(ing.units)-old, "new article")))
	labels, ids, newFrom, fits, err := placeNew(ctx, m, ing.X, coverage, &o)
	if err != nil {
		return nil, err
	}
	k := len(ids)
	r := &runner{o: &o, prog: prog, ing: ing, ids: ids}
	r.themeVectors()
	r.res = &cluster.KMeansResult{Labels: labels, Sims: make([]float64, len(labels)), Sizes: make([]int, k)}
	r.centroids = termSims(ing.X, r.res)
	for _, l := range labels {
		r.res.Sizes[l]++
	}
	o.K = k
	res, err := r.build(ctx)
	if err != nil {
		return nil, err
	}
	if ing.texts.err != nil {
		return nil, ing.texts.err
	}
	up := &report.Update{Kept: old}
	newStory := storyFirsts(ing.X, ing.units, old, story)
	for j := range len(labels) - old {
		l := labels[old+j]
		up.New = append(up.New, report.NewArticle{Article: ing.units[old+j].ID, Cluster: l, NewTopic: !fits[j], NewStory: newStory[j], NewCluster: l >= newFrom})
	}
	for c := newFrom; c < k; c++ {
		up.NewClusters = append(up.NewClusters, c)
	}
	ra := res.Report
	ra.Update = up
	ra.Title = "News coverage by theme, updated"
	ra.Settings = append(ra.Settings, report.Setting{Name: "update", Value: fmt.Sprintf("%d articles kept, %d added, %d new clusters", old, len(up.New), len(up.NewClusters))})
	ra.Notes = append(ra.Notes, updateNote(ra))
	ok = true
	texts.close()
	return res, nil
}

// placeNew assigns the new rows of X (from len(m.Articles) on, with their
// coverage) to clusters. It returns each row's cluster index, the ids by
// index, the index of the first new cluster and, per new row, whether it
// fitted an existing cluster.
func placeNew(ctx context.Context, m *model.Model, X *sparse.CSR, coverage []float64, o *Options) (labels, ids []int, newFrom int, fits []bool, err error) {
	old, k := len(m.Articles), len(m.Clusters)
	labels = make([]int, X.Rows())
	maxID := 0
	for _, c := range m.Clusters {
		ids = append(ids, c.ID)
		maxID = max(maxID, c.ID)
	}
	cent := make([][]float64, k)
	for ci := range k {
		row := m.Centroid(ci)
		cent[ci] = make([]float64, len(row))
		for j, x := range row {
			cent[ci][j] = float64(x)
		}
	}
	// How coherent the model's clusters are: the median over clusters of
	// the mean cosine of their articles to the centroid.
	coh := make([]float64, k)
	for i, a := range m.Articles {
		labels[i] = a.Cluster
		coh[a.Cluster] += X.DotDense(i, cent[a.Cluster])
	}
	for ci, c := range m.Clusters {
		if c.Size > 0 {
			coh[ci] /= float64(c.Size)
		}
	}
	slices.Sort(coh)
	typical := coh[len(coh)/2]

	var unfit []int
	fits = make([]bool, X.Rows()-old)
	for i := old; i < X.Rows(); i++ {
		best, bs := nearest(X, i, cent)
		labels[i] = best
		cov := coverage[i-old]
		if cov >= model.MinCoverage && bs*cov > m.Clusters[best].Floor {
			fits[i-old] = true
			continue
		}
		unfit = append(unfit, i)
	}
	newFrom = k
	if len(unfit) >= MinNewCluster {
		groups, err := groupUnfit(ctx, X, unfit, o)
		if err != nil {
			return nil, nil, 0, nil, err
		}
		var rest []int
		for _, g := range groups {
			gc := cluster.MeanDirections(X.SelectRows(g), make([]int, len(g)), 1).RawRowView(0)
			c := 0.0
			for _, i := range g {
				c += X.DotDense(i, gc)
			}
			if len(g) >= MinNewCluster && c/float64(len(g)) >= NewClusterCoherence*typical {
				maxID++
				ids = append(ids, maxID)
				cent = append(cent, gc)
				for _, i := range g {
					labels[i] = len(cent) - 1
				}
				continue
			}
			rest = append(rest, g...)
		}
		slices.Sort(rest)
		for _, i := range rest {
			labels[i], _ = nearest(X, i, cent)
		}
	}
	return labels, ids, newFrom, fits, nil
}

// groupUnfit clusters the rows of X listed in rows among themselves and
// returns the groups, each in increasing row order, ordered by their
// first row: k by silhouette in o.KMin:o.KMax (clamped to the rows), one
// group when they are too few or all alike.
func groupUnfit(ctx context.Context, X *sparse.CSR, rows []int, o *Options) ([][]int, error) {
	sub := X.SelectRows(rows)
	n := len(rows)
	var labels []int
	if n < 3 || allRowsEqual(sub) {
		labels = make([]int, n)
	} else {
		kopts := cluster.KMeansOptions{NInit: o.NInit, MaxIter: o.MaxIter, Src: rand.NewPCG(o.Seed, 0x7570646174650000)} // "update"
		lo, hi := o.KMin, min(o.KMax, n-1)
		lo = min(lo, hi)
		_, _, res, err := cluster.ChooseK(ctx, sub, lo, hi, kopts)
		if err != nil {
			return nil, err
		}
		labels = res.Labels
	}
	byLabel := map[int][]int{}
	var order []int
	for j, l := range labels {
		if _, ok := byLabel[l]; !ok {
			order = append(order, l)
		}
		byLabel[l] = append(byLabel[l], rows[j])
	}
	groups := make([][]int, 0, len(order))
	for _, l := range order {
		groups = append(groups, byLabel[l])
	}
	return groups, nil
}

// nearest returns the index of the centroid nearest to row i of X and its
// cosine, ties to the lower index.
func nearest(X *sparse.CSR, i int, cent [][]float64) (int, float64) {
	best, bs := 0, X.DotDense(i, cent[0])
	for c := 1; c < len(cent); c++ {
		if s := X.DotDense(i, cent[c]); s > bs {
			best, bs = c, s
		}
	}
	return best, bs
}

// storyFirsts returns, for each new unit (from old on), whether it is a
// new story by rule: no earlier unit tells the same story. Every old unit
// is earlier; a new unit is earlier than another when its date is earlier,
// or, when the dates are equal or either is missing, when it comes first
// in the input.
func storyFirsts(X *sparse.CSR, units []corpus.Document, old int, rule model.StoryRule) []bool {
	ix := cluster.NewIndex(X)
	dates := make([]string, len(units))
	for i, u := range units {
		dates[i] = u.Date
	}
	earlier := func(j, i int) bool {
		if j < old {
			return true
		}
		a, b := dates[j], dates[i]
		if a != "" && b != "" && a != b && isDate(a) && isDate(b) {
			return a < b
		}
		return j < i
	}
	out := make([]bool, len(units)-old)
	eachParallel(len(out), func(o int) {
		i := old + o
		out[o] = true
		for _, n := range cluster.NeighborsOf(ix, X.Row(i), model.StoryCandidates+1) {
			if n.Row == i || !earlier(n.Row, i) {
				continue
			}
			if rule.SameStory(n.Cosine, dates[i], dates[n.Row]) {
				out[o] = false
				return
			}
		}
	})
	return out
}

// isDate reports whether s is a date as 2006-01-02.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// updateNote is the report's note on what an update added.
func updateNote(a *report.Analysis) string {
	u := a.Update
	fit, stories, opened := 0, 0, map[int]int{}
	for _, n := range u.New {
		if !n.NewTopic {
			fit++
		}
		if n.NewStory {
			stories++
		}
		if n.NewCluster {
			opened[n.Cluster]++
		}
	}
	note := fmt.Sprintf("Updated: %d earlier articles kept with their clusters; %s added, %d of them to a cluster they fit, %d new stories", u.Kept, plural(len(u.New), "new article"), fit, stories)
	if len(u.NewClusters) > 0 {
		var parts []string
		for _, c := range u.NewClusters {
			parts = append(parts, "C"+strconv.Itoa(a.Clusters[c].ID)+" ("+strconv.Itoa(opened[c])+")")
		}
		note += "; new clusters " + strings.Join(parts, ", ")
	}
	return note + "."
}
