package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/model"
	"newsclust/report"
	"newsclust/vectorize/sparse"
)

// Result is what Run computed.
type Result struct {
	// Report is everything the report shows: clusters with their labels,
	// terms and representatives, units with their cluster and map
	// position, themes, similar pairs, same-story groups, skipped inputs
	// and notes. report.Write* render it.
	Report *report.Analysis
	// Model is what compare and update apply to new articles; model.Write
	// saves it.
	Model *model.Model
	// Evaluation scores the clusters against known labels, when the
	// articles have them, and gives the silhouette and stability.
	Evaluation Evaluation
	// Pairs are article pairs with their cosine, in (A, B) order with
	// A < B: every pair up to AllPairsMax articles, else each article's
	// NeighborsK nearest. A and B index ArticleIDs.
	Pairs      []cluster.Pair
	ArticleIDs []string
	// UnitThemes holds, with themes, each unit's relevance to each theme
	// and whether it is about it (the rows of units, in Report.Docs
	// order); articles take the largest over their passages.
	UnitThemes []cluster.ThemeRow
	// Options are the options as run, with the vectorizer's automatic
	// MinDF and MaxDF filled in.
	Options Options
	// Warnings are remarks a user should see even when progress is quiet
	// (the report's notes hold them too).
	Warnings []string
}

// SimilarityPair returns Pairs[i] with article ids, as similarity.csv
// lists it.
func (r *Result) SimilarityPair(i int) report.Pair {
	p := r.Pairs[i]
	return report.Pair{A: r.ArticleIDs[p.A], B: r.ArticleIDs[p.B], Cosine: p.Cosine}
}

// Article similarity: every pair up to AllPairsMax articles, else each
// article's NeighborsK nearest.
const (
	AllPairsMax = 2000
	NeighborsK  = 20
)

// Run reads the articles named by inputs (files, folders, "-" for
// o.Read.Stdin), clusters them by theme and returns the result. It
// returns an *OptionError for options out of range, corpus.ErrNoDocs
// (wrapped) when no article has usable words, ctx.Err() when cancelled,
// and the readers' errors otherwise (they name the file and line).
func Run(ctx context.Context, inputs []string, o Options) (*Result, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	prog := o.Progress
	if prog == nil {
		prog = noProgress{}
	}
	ing, err := ingest(ctx, &o, inputs, prog)
	if err != nil {
		return nil, err
	}
	defer ing.texts.close()
	n := len(ing.units)
	if n == 0 {
		return nil, fmt.Errorf("%w: no article has usable words (%d skipped; see the reasons with -skip-bad or in the inputs)", corpus.ErrNoDocs, len(ing.skipped))
	}
	if o.K > n {
		return nil, &OptionError{Field: "K", Reason: fmt.Sprintf("%d is more than the %d %ss with usable words", o.K, n, o.Unit)}
	}
	r := &runner{o: &o, prog: prog, ing: ing}

	// Article neighbours, in the background while themes, LSA and k-means run.
	if o.Unit == "document" && n > AllPairsMax && n <= aheadMaxArticles {
		r.ahead = startNeighbors(ctx, ing.X, NeighborsK)
		defer r.ahead.stop()
	}
	if err := r.detectThemes(ctx); err != nil {
		return nil, err
	}
	if err := r.cluster(ctx); err != nil {
		return nil, err
	}
	var changes []report.ClusterChange
	if o.AlignTo != nil {
		changes = r.alignIDs(o.AlignTo)
	}
	res, err := r.build(ctx)
	if err != nil {
		return nil, err
	}
	if o.AlignTo != nil {
		res.Report.Changes = changes
		res.Report.Notes = append(res.Report.Notes, changesNote(changes))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ing.texts.err != nil {
		return nil, ing.texts.err
	}
	return res, nil
}

// runner holds the state of one run between its steps.
type runner struct {
	o     *Options
	prog  Progress
	ing   *ingested
	ahead *neighborsAhead // the article neighbour search started early, or nil

	themes    *themeState     // theme detection; nil without themes
	themeVecs []sparse.Vector // with ThemeSeeds, the themes' centroids in term space, seeding k-means

	embed     *cluster.Dense // the LSA embedding clustered; nil with LSA 0
	res       *cluster.KMeansResult
	sel       *cluster.Selection // the choice of k, when K is 0 and there was one
	centroids *mat.Dense         // term-space cluster centroids, unit rows
	// ids are the stable cluster ids by cluster index (model.Cluster.ID);
	// nil numbers the clusters by index.
	ids []int
	// floors, when not nil, are the clusters' floors by index, set by
	// update; nil measures them (clusterFloors).
	floors []float64
}

// clusterID returns the stable id of cluster index ci.
func (r *runner) clusterID(ci int) int {
	if r.ids == nil {
		return ci
	}
	return r.ids[ci]
}

// seeds returns the named themes' seed centroids in the space clustered.
func (r *runner) seeds() [][]float64 {
	var seeds [][]float64
	for _, v := range r.themeVecs {
		if len(v.Ind) > 0 {
			d := make([]float64, r.ing.X.Dims())
			for k, j := range v.Ind {
				d[j] = float64(v.Val[k])
			}
			seeds = append(seeds, d)
		}
	}
	return seeds
}

// cluster runs LSA (unless LSA is 0) and k-means, choosing k when K is 0,
// and computes the term-space centroids.
func (r *runner) cluster(ctx context.Context) error {
	o, X, n := r.o, r.ing.X, len(r.ing.units)
	var M cluster.Matrix = X
	seeds := r.seeds()
	if o.LSA > 0 {
		step := fmt.Sprintf("reducing %d %ss to %d LSA dimensions", n, o.Unit, min(o.LSA, n, X.Dims()))
		if r.ahead != nil {
			step += " (similar articles searched alongside)"
		}
		r.prog.Step(step)
		var err error
		r.embed, seeds, err = lsaSpace(ctx, X, o.LSA, r.themeVecs, rand.NewPCG(o.Seed, 1), r.prog.Update)
		if err != nil {
			return err
		}
		M = r.embed
	}

	// The final clustering keeps the best objective of more restarts on
	// small inputs (cluster.Consensus: max(NInit, ⌈100000/n⌉) up to
	// 200): on 20 Newsgroups-4, 5×200 articles of 20 Newsgroups, a
	// 70-article pair and R8 it scored as high as or higher than voting
	// or the medoid restart, with the least spread across seeds
	// (bench/results/choosek.txt).
	src := rand.NewPCG(o.Seed, 0x6e657773636c7573) // "newsclus"
	kopts := cluster.KMeansOptions{NInit: o.NInit, MaxIter: o.MaxIter, Src: src, KeepRestarts: true, Progress: r.prog.Update}
	unitWord := o.Unit + "s"
	var err error
	switch {
	case o.K > 0:
		kopts.K = o.K
		kopts.Seeds = firstSeeds(seeds, kopts.K)
		r.prog.Step(fmt.Sprintf("clustering %d %s into %d clusters", n, unitWord, kopts.K))
		r.res, err = cluster.Consensus(ctx, M, kopts, cluster.SelectOptions{Sampled: o.sampled(n), Progress: r.prog.Update, Combine: cluster.CombineBest})
	case n < 3 || allRowsEqual(X):
		// Silhouette needs 2 <= k <= n-1 and units that differ: with one or
		// two units, or only copies of one text, one cluster.
		kopts.K = 1
		r.prog.Step(fmt.Sprintf("clustering %d %s into 1 cluster", n, unitWord))
		r.res, err = cluster.SphericalKMeans(ctx, M, kopts)
	default:
		lo, hi := o.KMin, min(o.KMax, n-1)
		if lo > hi {
			lo = hi
		}
		if len(seeds) > lo && len(seeds) <= hi {
			lo = len(seeds) // every k tried starts from all the named themes
		}
		kopts.Seeds = firstSeeds(seeds, lo)
		r.prog.Step(fmt.Sprintf("choosing k in %d:%d for %d %s", lo, hi, n, unitWord))
		r.sel, err = cluster.SelectK(ctx, M, lo, hi, kopts, cluster.SelectOptions{Sampled: o.sampled(n), Progress: r.prog.Update, Combine: cluster.CombineBest})
		if err == nil {
			r.res = r.sel.Result
		}
	}
	if err != nil {
		return err
	}
	// Labels come from term-space centroids, whatever space was clustered.
	if r.embed != nil {
		r.centroids = termSims(X, r.res) // scores and representatives in term space, as compare sees them
	} else {
		r.centroids = cluster.MeanDirections(X, r.res.Labels, len(r.res.Sizes))
	}
	return nil
}

func firstSeeds(seeds [][]float64, k int) [][]float64 {
	if len(seeds) > k {
		return seeds[:k]
	}
	return seeds
}

// allRowsEqual reports whether every row of X is the same vector.
func allRowsEqual(X *sparse.CSR) bool {
	first := X.Row(0)
	for i := 1; i < X.Rows(); i++ {
		r := X.Row(i)
		if !slices.Equal(r.Ind, first.Ind) || !slices.Equal(r.Val, first.Val) {
			return false
		}
	}
	return true
}

// unitsOf returns the articles of the units (the first unit of each, in
// order) and each unit's article.
func unitsOf(units []corpus.Document) (arts []corpus.Document, group []int) {
	index := map[string]int{}
	group = make([]int, len(units))
	for i, u := range units {
		a, ok := index[u.Article]
		if !ok {
			a = len(arts)
			index[u.Article] = a
			arts = append(arts, u)
		}
		group[i] = a
	}
	return arts, group
}

// newModel returns the model compare applies: the vectorizer, the themes,
// the term-space centroids, the article vectors A and their clusters, and
// the novelty calibration from the article neighbours nb.
func (r *runner) newModel(ra *report.Analysis, arts []corpus.Document, group []int, A *sparse.CSR, nb [][]cluster.Neighbor) *model.Model {
	k := len(r.res.Sizes)
	m := &model.Model{
		Unit:         r.o.Unit,
		Vectorizer:   r.ing.vz,
		MinWords:     r.o.MinWords,
		Centroids:    make([]float32, 0, k*A.Dims()),
		Vectors:      A,
		NN:           cluster.NewCalibration(nb).NN,
		DupThreshold: r.o.DupThreshold,
	}
	if th := r.themes; th != nil {
		m.Themes, m.ThemeModel = r.o.Themes, th.model
	}
	for ci := 0; ci < k; ci++ {
		for _, v := range r.centroids.RawRowView(ci) {
			m.Centroids = append(m.Centroids, float32(v))
		}
	}
	artCluster := majority(group, r.res.Labels, len(arts), k)
	floors := r.floors
	if floors == nil {
		floors = clusterFloors(r.ing.X, r.res.Labels, r.centroids, k)
	}
	for ci, c := range ra.Clusters {
		m.Clusters = append(m.Clusters, model.Cluster{ID: c.ID, Label: c.Label, Size: c.Size, Floor: floors[ci]})
	}
	first := make([]int, len(arts)) // each article's first unit
	for i := len(group) - 1; i >= 0; i-- {
		first[group[i]] = i
	}
	for a, art := range arts {
		m.Articles = append(m.Articles, model.Article{
			ID: art.Article, Title: art.Title, Date: art.Date, Source: art.Source, URL: art.URL, Cluster: artCluster[a],
			Snippet: ra.Docs[first[a]].Snippet, Label: art.Label, Hash: r.ing.hashes[art.Article],
		})
	}
	return m
}

// floorSample is the most units clusterFloors looks at.
const floorSample = 2000

// clusterFloors returns, per cluster c, the cosine with c's term-space
// centroid that a share model.FloorShare of the units of other clusters
// stay at or below: what a unit not about c typically reaches. A new
// article nearer to no centroid than this fits no cluster. The units are
// an even spread of at most floorSample; a cluster that no unit of
// another cluster was measured against (k = 1) gets floor 0.
func clusterFloors(X *sparse.CSR, labels []int, centroids *mat.Dense, k int) []float64 {
	n := len(labels)
	m := min(n, floorSample)
	cos := make([][]float64, k)
	for j := range m {
		i := j * n / m
		for c := range k {
			if c != labels[i] {
				cos[c] = append(cos[c], X.DotDense(i, centroids.RawRowView(c)))
			}
		}
	}
	floors := make([]float64, k)
	for c, xs := range cos {
		if len(xs) == 0 {
			continue
		}
		slices.Sort(xs)
		floors[c] = max(min(xs[int(model.FloorShare*float64(len(xs)-1))], 1), -1)
	}
	return floors
}

// majority returns each group's most frequent label, ties to the lowest.
func majority(group, labels []int, ng, k int) []int {
	counts := make([][]int, ng)
	for i, g := range group {
		if counts[g] == nil {
			counts[g] = make([]int, k)
		}
		counts[g][labels[i]]++
	}
	out := make([]int, ng)
	for g, c := range counts {
		for l := range c {
			if c[l] > c[out[g]] {
				out[g] = l
			}
		}
	}
	return out
}
