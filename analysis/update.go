package analysis

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// ErrUnitParagraph is returned by Update for a model of passages: update
// folds whole articles into a model of whole articles.
var ErrUnitParagraph = errors.New("the model clusters passages (-unit paragraph); update folds articles into a model of whole articles only")

// Update settings. A group of new articles that fit no cluster becomes a
// cluster of its own when it has at least MinNewCluster articles and
// NewClusterShare of the new ones, its coherence (groupCoherence: the
// mean cosine of each article with the centroid of the others) reaches
// NewClusterCoherence times the median coherence of the model's
// clusters, and its centroid, in the model's own words, has a cosine
// below NewClusterDistinct with every old centroid (a group nearer than
// that is a part of an old cluster, not a new theme). The numbers were
// measured with bench/update (bench/results/update.txt): without the
// distinctness test Reuters R8 opened a cluster of 39 earnings reports at
// cosine 0.94 to the earnings cluster; without the share, or with
// coherence measured with each article in its own centroid, small groups
// of old themes opened up to 12 clusters (new-topic F1 0.71 to 0.83 on 20
// Newsgroups, 0.90 to 0.98 with them).
const (
	MinNewCluster       = 3
	NewClusterShare     = 0.05
	NewClusterCoherence = 0.8
	NewClusterDistinct  = 0.5
	refineRounds        = 5

	// A word the model does not know enters the vocabulary when at least
	// NewTermShare of the new articles (and two) use it and at most
	// NewTermMaxDF of them (as analyze's automatic -max-df): the words
	// of a new theme, not a name in two articles nor a word the model
	// dropped as too common. Measured with bench/update: admitting every
	// word of two articles opened clusters of old themes held together by
	// rare new words (new-topic F1 0.62 on 20 Newsgroups), and admitting
	// the words of most articles tied every new article to the first new
	// cluster.
	NewTermShare = 0.01
	NewTermMaxDF = AutoMaxDF
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
// clusters and distinct from them becomes a new cluster with an id above
// every id used. Then every new article goes to its nearest centroid, old
// or new, the new centroids following their members for a few rounds
// while the old ones stay.
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
	nw := unseenArticles(m, c.Docs, ing)
	vz, remap, err := extendVocabulary(ctx, m.Vectorizer, nw.texts)
	if err != nil {
		return nil, err
	}
	ing.vz = vz
	fits, err := vectorizeUpdate(m, nw, remap, ing)
	if err != nil {
		return nil, err
	}
	old := len(m.Articles)
	if len(ing.units) == old {
		return nil, fmt.Errorf("%w: no new article to add (%s skipped)", corpus.ErrNoDocs, plural(len(ing.skipped), "input"))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	prog.Step(fmt.Sprintf("placing %s", plural(len(ing.units)-old, "new article")))
	d := len(vz.Terms)
	labels, ids, newFrom, err := placeNew(ctx, m, ing.X, oldCentroids(m, remap, d), addedColumns(remap, d), fits, &o)
	if err != nil {
		return nil, err
	}
	res, err := analyzePlaced(ctx, &o, prog, ing, labels, ids)
	if err != nil {
		return nil, err
	}
	addUpdateReport(res.Report, ing, old, labels, fits, newFrom, len(ids), story)
	ok = true
	texts.close()
	return res, nil
}

// analyzePlaced completes the analysis of the units in ing once they are
// placed: labels gives each unit's cluster index and ids each cluster's
// id. It detects the themes, builds the clustering result from the labels
// and the rest of the analysis with o.K set to the number of clusters.
func analyzePlaced(ctx context.Context, o *Options, prog Progress, ing *ingested, labels, ids []int) (*Result, error) {
	k := len(ids)
	r := &runner{o: o, prog: prog, ing: ing, ids: ids}
	if err := r.detectThemes(ctx); err != nil {
		return nil, err
	}
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
	return res, nil
}

// newArticles are the articles of an update that are not yet in the
// model, in input order, with the model.TextHash and the titled text of
// each.
type newArticles struct {
	docs   []corpus.Document
	hashes []string
	texts  []string
}

// unseenArticles returns the docs not yet in the model m: one whose id or
// text is in the model, or whose text repeats an earlier doc, is listed in
// ing.skipped instead.
func unseenArticles(m *model.Model, docs []corpus.Document, ing *ingested) newArticles {
	byID := make(map[string]bool, len(m.Articles))
	byHash := make(map[string]string, len(m.Articles))
	for _, a := range m.Articles {
		byID[a.ID] = true
		if a.Hash != "" {
			byHash[a.Hash] = a.ID
		}
	}
	byHashOld := maps.Clone(byHash)
	var nw newArticles
	for _, doc := range docs {
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
			if _, inModel := byHashOld[h]; inModel {
				skip("already in the model (same text as " + first + ")")
			} else {
				skip("same text as the new article " + first)
			}
			continue
		}
		byHash[h], byID[doc.ID] = doc.ID, true
		nw.docs, nw.hashes, nw.texts = append(nw.docs, doc), append(nw.hashes, h), append(nw.texts, text)
	}
	return nw
}

// vectorizeUpdate fills ing with the units, texts, hashes and rows of the
// old articles (their texts reduced to the snippets the model keeps, their
// vectors moved to the extended vocabulary by remap) and then of the new
// ones in nw (with ing.vz, the extended vectorizer); a new article with no
// word in the vocabulary is listed in ing.skipped. It returns, per new
// article added, whether it fits an old cluster.
func vectorizeUpdate(m *model.Model, nw newArticles, remap []int32, ing *ingested) (fits []bool, err error) {
	X := sparse.NewBuilder(len(ing.vz.Terms))
	for i, a := range m.Articles {
		ing.units = append(ing.units, corpus.Document{ID: a.ID, Article: a.ID, Title: a.Title, Date: a.Date, Source: a.Source, URL: a.URL, Label: a.Label})
		if err := ing.texts.add(a.Snippet); err != nil {
			return nil, err
		}
		X.Append(remapVector(m.Vectors.Row(i), remap))
		ing.hashes[a.ID] = a.Hash
	}
	fitter := newFitTest(m)
	for j, doc := range nw.docs {
		v := ing.vz.Transform(nw.texts[j])
		if len(v.Ind) == 0 {
			ing.skipped = append(ing.skipped, report.Skip{Input: doc.Origin + " (" + doc.ID + ")", Reason: "no usable words after stop words and pruning"})
			continue
		}
		ing.hashes[doc.ID] = nw.hashes[j]
		if err := ing.texts.add(doc.Text); err != nil {
			return nil, err
		}
		doc.Text = ""
		doc.Article = doc.ID
		ing.units = append(ing.units, doc)
		X.Append(v)
		fits = append(fits, fitter.fits(nw.texts[j]))
	}
	ing.X = X.CSR()
	return fits, nil
}

// oldCentroids returns the model's centroids as dense vectors in the d
// columns of the extended vocabulary (old column j is column remap[j]).
func oldCentroids(m *model.Model, remap []int32, d int) [][]float64 {
	cent := make([][]float64, len(m.Clusters))
	for ci := range cent {
		cent[ci] = make([]float64, d)
		for j, x := range m.Centroid(ci) {
			cent[ci][remap[j]] = float64(x)
		}
	}
	return cent
}

// addedColumns reports, for each of the d columns of the extended
// vocabulary, whether the update added it (no old column maps to it).
func addedColumns(remap []int32, d int) []bool {
	newCol := make([]bool, d)
	for j := range newCol {
		newCol[j] = true
	}
	for _, j := range remap {
		newCol[j] = false
	}
	return newCol
}

// addUpdateReport adds to ra what the update did: the old articles kept
// (the first old units), each new article's cluster and novelty, the new
// clusters (from newFrom to k), a title, a setting and a note.
func addUpdateReport(ra *report.Analysis, ing *ingested, old int, labels []int, fits []bool, newFrom, k int, story model.StoryRule) {
	up := &report.Update{Kept: old}
	newStory := storyFirsts(ing.X, ing.units, old, story)
	for j := range len(labels) - old {
		l := labels[old+j]
		up.New = append(up.New, report.NewArticle{Article: ing.units[old+j].ID, Cluster: l, NewTopic: !fits[j], NewStory: newStory[j], NewCluster: l >= newFrom})
	}
	for c := newFrom; c < k; c++ {
		up.NewClusters = append(up.NewClusters, c)
	}
	ra.Update = up
	ra.Title = "News coverage by theme, updated"
	ra.Settings = append(ra.Settings, report.Setting{Name: "update", Value: fmt.Sprintf("%d articles kept, %d added, %d new clusters", old, len(up.New), len(up.NewClusters))})
	ra.Notes = append(ra.Notes, updateNote(ra))
}

// placeNew assigns the new rows of X (from len(m.Articles) on; fits says
// per new row whether it fits an old cluster) to clusters; cent are the
// old centroids in X's columns. It returns each row's cluster index, the
// ids by index and the index of the first new cluster.
func placeNew(ctx context.Context, m *model.Model, X *sparse.CSR, cent [][]float64, newCol []bool, fits []bool, o *Options) (labels, ids []int, newFrom int, err error) {
	old, k := len(m.Articles), len(m.Clusters)
	labels = make([]int, X.Rows())
	maxID := 0
	for _, c := range m.Clusters {
		ids = append(ids, c.ID)
		maxID = max(maxID, c.ID)
	}
	members := make([][]int, k)
	for i, a := range m.Articles {
		labels[i] = a.Cluster
		members[a.Cluster] = append(members[a.Cluster], i)
	}
	typical := medianCoherence(X, members)

	var unfit []int
	for i := old; i < X.Rows(); i++ {
		labels[i], _ = nearest(X, i, cent)
		if !fits[i-old] {
			unfit = append(unfit, i)
		}
	}
	newFrom = k
	if len(unfit) >= MinNewCluster {
		groups, err := groupUnfit(ctx, X, unfit, o)
		if err != nil {
			return nil, nil, 0, err
		}
		minSize := max(MinNewCluster, int(math.Ceil(NewClusterShare*float64(X.Rows()-old))))
		for _, g := range groups {
			gc, coh := groupCoherence(X, g)
			near := nearestOld(gc, cent[:k], newCol)
			if len(g) >= minSize && coh >= NewClusterCoherence*typical && near < NewClusterDistinct {
				maxID++
				ids = append(ids, maxID)
				cent = append(cent, gc)
				for _, i := range g {
					labels[i] = len(cent) - 1
				}
			}
		}
		cent, ids = refineNew(X, old, k, cent, ids, labels)
		for i := old; i < X.Rows(); i++ {
			labels[i], _ = nearest(X, i, cent)
		}
	}
	return labels, ids, newFrom, nil
}

// medianCoherence returns how coherent the model's clusters are: the
// median over the clusters of more than one member of their coherence
// (groupCoherence), 0 when there is none.
func medianCoherence(X *sparse.CSR, members [][]int) float64 {
	var coh []float64
	for _, g := range members {
		if len(g) > 1 {
			_, c := groupCoherence(X, g)
			coh = append(coh, c)
		}
	}
	if len(coh) == 0 {
		return 0
	}
	slices.Sort(coh)
	return coh[len(coh)/2]
}

// nearestOld returns the cosine of a group's centroid gc, in the model's
// own words (zero on the columns newCol marks), to the nearest old
// centroid, 1 when gc has no weight on the old words: new words alone
// must not make a part of an old theme look apart.
func nearestOld(gc []float64, old [][]float64, newCol []bool) float64 {
	oldNorm := 0.0
	for j, x := range gc {
		if !newCol[j] {
			oldNorm += x * x
		}
	}
	near := 1.0
	if oldNorm > 0 {
		near = -1
		for _, c := range old {
			d := 0.0
			for j, x := range gc {
				d += x * c[j]
			}
			near = max(near, d/math.Sqrt(oldNorm))
		}
	}
	return near
}

// refineNew runs a few rounds of k-means over the new rows of X (from old
// on) with the first k centroids, the old ones, held still: every new
// article goes to its nearest centroid, old or new (one that fitted an
// old cluster may be nearer a new one), and the new centroids follow
// their members. A new cluster left with fewer than MinNewCluster
// articles is dissolved. It returns the centroids and ids kept; labels is
// used as scratch.
func refineNew(X *sparse.CSR, old, k int, cent [][]float64, ids, labels []int) ([][]float64, []int) {
	for range refineRounds {
		for i := old; i < X.Rows(); i++ {
			labels[i], _ = nearest(X, i, cent)
		}
		members := make([][]int, len(cent))
		for i := old; i < X.Rows(); i++ {
			members[labels[i]] = append(members[labels[i]], i)
		}
		keep := slices.Clone(cent[:k])
		keepIDs := slices.Clone(ids[:k])
		for c := k; c < len(cent); c++ {
			if len(members[c]) < MinNewCluster {
				continue
			}
			keep = append(keep, cluster.MeanDirections(X.SelectRows(members[c]), make([]int, len(members[c])), 1).RawRowView(0))
			keepIDs = append(keepIDs, ids[c])
		}
		cent, ids = keep, keepIDs
	}
	return cent, ids
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

// fitTest tells whether a text fits one of a model's clusters, as
// model.Comparer's FitsCluster does: in the model's own vocabulary, its
// cosine to the nearest centroid times its coverage passes that
// cluster's floor, with at least model.MinCoverage of its weight in known
// words.
type fitTest struct {
	m    *model.Model
	cent [][]float64
}

func newFitTest(m *model.Model) *fitTest {
	f := &fitTest{m: m}
	for ci := range m.Clusters {
		row := m.Centroid(ci)
		c := make([]float64, len(row))
		for j, x := range row {
			c[j] = float64(x)
		}
		f.cent = append(f.cent, c)
	}
	return f
}

func (f *fitTest) fits(text string) bool {
	v := f.m.Vectorizer.Transform(text)
	if len(v.Ind) == 0 {
		return false
	}
	best, bs := -1, 0.0
	for ci, c := range f.cent {
		s := 0.0
		for k, j := range v.Ind {
			s += float64(v.Val[k]) * c[j]
		}
		if best < 0 || s > bs {
			best, bs = ci, s
		}
	}
	cov := f.m.Vectorizer.Coverage(text)
	return cov >= model.MinCoverage && bs*cov > f.m.Clusters[best].Floor
}

// extendVocabulary returns vz with the terms vz lacks that texts use in
// at least max(2, NewTermShare·n) and at most NewTermMaxDF·n of them, and the column of each of vz's terms in it (the terms
// stay sorted, so the old columns keep their order). Old terms keep their
// document frequency and IDF, so the old vectors stay as they are; a new
// term gets idf = ln((1 + N) / (1 + df)) + 1 with N = vz.NDocs + len(texts)
// and df its count among texts (0 before them).
func extendVocabulary(ctx context.Context, vz *vectorize.Model, texts []string) (*vectorize.Model, []int32, error) {
	same := make([]int32, len(vz.Terms))
	for j := range same {
		same[j] = int32(j)
	}
	if len(texts) < 2 {
		return vz, same, nil
	}
	vo := vz.Options
	vo.MaxFeatures = 0
	fit, err := vectorize.NewFitter(vo)
	if err != nil {
		return nil, nil, err
	}
	if err := fit.Add(ctx, texts); err != nil {
		return nil, nil, err
	}
	minDF := max(2, math.Ceil(NewTermShare*float64(len(texts))))
	maxDF := NewTermMaxDF
	if maxDF*float64(len(texts)) < minDF { // too few articles to tell common words: keep all
		maxDF = 1
	}
	if err := fit.SetDF(minDF, maxDF); err != nil {
		return nil, nil, err
	}
	bm, _, err := fit.Finish(ctx)
	if errors.Is(err, vectorize.ErrNoTerms) {
		return vz, same, nil
	}
	if err != nil {
		return nil, nil, err
	}
	n := vz.NDocs + len(texts)
	out := &vectorize.Model{Options: vz.Options, NDocs: n}
	remap := make([]int32, len(vz.Terms))
	i, j := 0, 0
	for i < len(vz.Terms) || j < len(bm.Terms) {
		switch {
		case j == len(bm.Terms) || (i < len(vz.Terms) && vz.Terms[i] <= bm.Terms[j]):
			if j < len(bm.Terms) && vz.Terms[i] == bm.Terms[j] {
				j++
			}
			remap[i] = int32(len(out.Terms))
			out.Terms = append(out.Terms, vz.Terms[i])
			out.Surface = append(out.Surface, vz.Surface[i])
			out.DF = append(out.DF, vz.DF[i])
			out.IDF = append(out.IDF, vz.IDF[i])
			i++
		default:
			out.Terms = append(out.Terms, bm.Terms[j])
			out.Surface = append(out.Surface, bm.Surface[j])
			out.DF = append(out.DF, bm.DF[j])
			out.IDF = append(out.IDF, math.Log(float64(1+n)/float64(1+bm.DF[j]))+1)
			j++
		}
	}
	if err := out.Prepare(); err != nil {
		return nil, nil, err
	}
	return out, remap, nil
}

// remapVector returns v with its columns moved by remap, which keeps
// their order.
func remapVector(v sparse.Vector, remap []int32) sparse.Vector {
	ind := make([]int32, len(v.Ind))
	for k, j := range v.Ind {
		ind[k] = remap[j]
	}
	return sparse.Vector{Ind: ind, Val: v.Val}
}

// groupCoherence returns the centroid of the rows g of X (the normalised
// sum) and the group's coherence: the mean over its rows of the cosine
// of each with the centroid of the others. Leaving the row out keeps a
// small group from looking coherent by its members' likeness to
// themselves. A group of one has coherence 0.
func groupCoherence(X *sparse.CSR, g []int) ([]float64, float64) {
	sum := make([]float64, X.Dims())
	for _, i := range g {
		X.AddTo(i, 1, sum)
	}
	norm2 := 0.0
	for _, x := range sum {
		norm2 += x * x
	}
	c := 0.0
	for _, i := range g {
		// |S − x|² = |S|² − 2 S·x + |x|², with |x| = 1.
		sx := X.DotDense(i, sum)
		rest := norm2 - 2*sx + 1
		if rest > 1e-12 {
			c += (sx - 1) / math.Sqrt(rest)
		}
	}
	if n := math.Sqrt(norm2); n > 0 {
		for j := range sum {
			sum[j] /= n
		}
	}
	if len(g) < 2 {
		return sum, 0
	}
	return sum, c / float64(len(g))
}
