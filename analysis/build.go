package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/corpus"
	"newsclust/report"
	"newsclust/vectorize/sparse"
)

// build turns the clustering into the result: cluster cards, units on the
// map, article similarity and same-story groups, themes, the evaluation
// and the model.
func (r *runner) build(ctx context.Context) (*Result, error) {
	r.prog.Step("labelling clusters and measuring similarity")
	o, ing := r.o, r.ing
	out := &Result{Options: *o}
	if r.themes != nil {
		out.UnitThemes = r.themes.rows
	}
	// The scores against labels and the stability are computed while the
	// report is built; the last note waits for them.
	evalDone := make(chan struct{})
	go func() {
		defer close(evalDone)
		known := make([]string, len(ing.units))
		for i, u := range ing.units {
			known[i] = u.Label
		}
		out.Evaluation = evaluateUnits(ing.X, known, r.res.Labels, rand.NewPCG(o.Seed, 3))
		if r.sel != nil {
			out.Evaluation.Stability, out.Evaluation.StabilityRuns, out.Evaluation.StabilityOf = r.sel.Stability, cluster.DefaultResamples, "resamples"
		} else {
			out.Evaluation.Stability, out.Evaluation.StabilityRuns = restartAgreement(r.res)
			out.Evaluation.StabilityOf = "restarts"
		}
	}()
	// The 2-D map, while the clusters are labelled.
	var coords [][2]float64
	mapped := make(chan struct{})
	go func() {
		defer close(mapped)
		var err error
		if coords, err = layout(ctx, r.embed, ing.X, rand.NewPCG(o.Seed, 2)); err != nil {
			coords = make([][2]float64, len(ing.units))
		}
	}()

	ra := &report.Analysis{Title: cmp.Or(o.Title, DefaultTitle), Unit: o.Unit, Skipped: ing.skipped}
	out.Report = ra
	ra.Settings = r.settings()
	if r.sel != nil {
		for _, s := range r.sel.Scores {
			ra.KScores = append(ra.KScores, report.KScore{K: s.K, Score: s.Score})
		}
		ra.KCriterion = kCriterionText(r.sel)
		ra.Notes = append(ra.Notes, "Number of clusters chosen: "+r.sel.Reason+".")
		if note := topOfRangeNote(r.sel.K, r.sel.Scores, o.KMax); note != "" {
			ra.Notes = append(ra.Notes, note)
		}
	}
	ra.Clusters = r.cards()
	ra.Tree = r.tree(ra.Clusters)

	// Articles: in paragraph mode an article's vector is the normalised sum
	// of its passages.
	arts, group := unitsOf(ing.units)
	A := ing.X
	if o.Unit == "paragraph" {
		A = cluster.GroupRows(ing.X, group, len(arts))
	}
	ra.Counts = report.Counts{Articles: len(arts), Units: len(ing.units), Skipped: len(ing.skipped)}

	<-mapped
	for i, u := range ing.units {
		ra.Docs = append(ra.Docs, report.Doc{
			ID: u.ID, Article: u.Article, Title: u.Title, Date: u.Date, Source: u.Source, Label: u.Label, URL: u.URL,
			Snippet: ing.texts.snippets[i],
			Cluster: r.res.Labels[i], Score: r.res.Sims[i],
			X: coords[i][0], Y: coords[i][1],
		})
	}
	nb := r.similarity(ctx, out, arts, A)
	ra.Heatmap = heatmap(A, arts)
	r.reportThemes(ra, arts, group)

	<-evalDone
	ra.Notes = append(ra.Notes, out.Evaluation.summary())
	ra.Stability = out.Evaluation.Stability
	out.Model = r.newModel(ra, arts, group, A, nb)
	if th := r.themes; th != nil && th.nMissing > 0 {
		unit := "article"
		if o.Unit == "paragraph" {
			unit = "passage"
		}
		ra.Notes = append(ra.Notes, fmt.Sprintf("%s of the themes file used by no %s, so not counted (words not in the vocabulary after stop words, stemming and pruning; phrases, in quotes, found in no text): %s.",
			plural(th.nMissing, "theme word"), unit, strings.Join(th.missing, "; ")))
		out.Warnings = append(out.Warnings, fmt.Sprintf("%s used by no %s (listed in the report notes)", plural(th.nMissing, "theme word"), unit))
	}
	if note := renamedNote(ing.renamed); note != "" {
		ra.Notes = append(ra.Notes, note)
		out.Warnings = append(out.Warnings, fmt.Sprintf("%s made unique (listed in the report notes)", plural(len(ing.renamed), "duplicate id")))
	}
	return out, nil
}

// cards returns the cluster cards: distinctive terms, a label of the first
// three, representative units and keyword-in-context lines.
func (r *runner) cards() []report.Cluster {
	k := len(r.res.Sizes)
	reps := cluster.Representatives(r.res, 3)
	type distinctive struct {
		cols   []int
		scores []float64
	}
	dist := make([]distinctive, k)
	eachParallel(k, func(ci int) {
		dist[ci].cols, dist[ci].scores = cluster.Distinctive(r.centroids, ci, r.o.TopTerms)
	})
	surface := r.ing.vz.Surface
	cards := make([]report.Cluster, 0, k)
	for ci := 0; ci < k; ci++ {
		cols, scores := dist[ci].cols, dist[ci].scores
		cl := report.Cluster{ID: r.clusterID(ci), Size: r.res.Sizes[ci]}
		var words []string
		for j, col := range cols {
			if scores[j] <= 0 {
				break
			}
			cl.Terms = append(cl.Terms, report.Term{Word: surface[col], Weight: scores[j]})
			if len(words) < 3 {
				words = append(words, surface[col])
			}
		}
		cl.Label = strings.Join(words, " · ")
		if cl.Label == "" {
			cl.Label = fmt.Sprintf("cluster %d", cl.ID)
		}
		for _, u := range reps[ci] {
			cl.Reps = append(cl.Reps, r.ing.units[u].ID)
		}
		cards = append(cards, cl)
	}
	addContexts(cards, r.ing.texts.text, r.res.Labels, r.res.Sims)
	return cards
}

// similarity fills the article pairs of out and the report's top pairs and
// same-story groups: every pair when few articles, else each article's
// nearest neighbours. It returns each article's neighbours.
func (r *runner) similarity(ctx context.Context, out *Result, arts []corpus.Document, A *sparse.CSR) [][]cluster.Neighbor {
	var (
		pairs []cluster.Pair
		nb    [][]cluster.Neighbor
	)
	switch {
	case len(arts) <= AllPairsMax:
		pairs = cluster.AllPairs(A)
		nb = nearestFromPairs(len(arts), pairs)
	case r.ahead != nil:
		nb, _ = r.ahead.wait(r.prog.Update) // only cancellation fails; Run checks ctx
		pairs = neighborPairs(nb)
	default:
		// Exact up to cluster.DefaultExactMax articles, approximate above
		// (recall in bench/results/neighbors.txt); cosines are exact.
		nb, _ = cluster.NearestNeighbors(ctx, A, NeighborsK, cluster.NeighborOptions{Progress: r.prog.Update}) // only cancellation fails; Run checks ctx
		pairs = neighborPairs(nb)
	}
	ra := out.Report
	for _, g := range cluster.Components(len(arts), pairs, r.o.DupThreshold) {
		ids := make([]string, len(g))
		for j, a := range g {
			ids[j] = arts[a].Article
		}
		ra.Groups = append(ra.Groups, ids)
	}
	// pairs is in (A, B) order; similarity.csv is written from it directly.
	out.Pairs, out.ArticleIDs = pairs, make([]string, len(arts))
	for a, art := range arts {
		out.ArticleIDs[a] = art.Article
	}
	for _, p := range topPairs(pairs, r.o.TopPairs) {
		ra.Pairs = append(ra.Pairs, report.Pair{A: arts[p.A].Article, B: arts[p.B].Article, Cosine: p.Cosine})
	}
	return nb
}

// heatmap returns the article similarity the report's heatmap samples:
// every article, with cosines computed on demand from A's rows.
func heatmap(A *sparse.CSR, arts []corpus.Document) *report.Heatmap {
	h := &report.Heatmap{
		Labels:   make([]string, len(arts)),
		Articles: make([]string, len(arts)),
		Cosine:   func(i, j int) float64 { return sparse.Dot(A.Row(i), A.Row(j)) },
	}
	for i, a := range arts {
		h.Labels[i] = a.Title
		if a.Title == "" {
			h.Labels[i] = a.Article
		}
		h.Articles[i] = a.Article
	}
	return h
}

// settings returns the settings table of the report. When k was chosen
// the k row gives the range actually tried (kscores), which is narrower
// than KMin:KMax when there are fewer units than its top or more named
// themes than its bottom.
func (r *runner) settings() []report.Setting {
	o := r.o
	kval := strconv.Itoa(len(r.res.Sizes))
	if o.K == 0 {
		if r.sel != nil && len(r.sel.Scores) > 0 {
			kval += fmt.Sprintf(" (auto, tried %d:%d)", r.sel.Scores[0].K, r.sel.Scores[len(r.sel.Scores)-1].K)
		} else {
			kval += " (auto: one cluster, too few distinct units to compare)"
		}
	}
	s := []report.Setting{
		{Name: "unit", Value: o.Unit},
		{Name: "k", Value: kval},
		{Name: "seed", Value: strconv.FormatUint(o.Seed, 10)},
		{Name: "n-init", Value: strconv.Itoa(o.NInit)},
		{Name: "lsa", Value: strconv.Itoa(o.LSA)},
		{Name: "sublinear", Value: strconv.FormatBool(o.Vectorize.Sublinear)},
		{Name: "lang", Value: o.Vectorize.Language},
		{Name: "min-df", Value: strconv.FormatFloat(o.Vectorize.MinDF, 'g', -1, 64)},
		{Name: "max-df", Value: strconv.FormatFloat(o.Vectorize.MaxDF, 'g', -1, 64)},
		{Name: "ngrams", Value: strconv.Itoa(o.Vectorize.NGrams)},
	}
	if o.ThemesName != "" {
		s = append(s, report.Setting{Name: "themes", Value: filepath.Base(o.ThemesName)})
	}
	return s
}

// treeLevels are the numbers of broader groups the report shows, when
// fewer than the clusters.
var treeLevels = []int{2, 3, 4, 5, 6}

// tree returns how the clusters nest: the average-linkage tree of their
// term-space centroids (cluster.Hierarchy) cut at each of treeLevels
// groups below k, each group labelled by the most distinctive words of
// its size-weighted mean centroid against the other groups'.
func (r *runner) tree(cards []report.Cluster) []report.Level {
	k := len(r.res.Sizes)
	if k < 3 {
		return nil
	}
	merges := cluster.Hierarchy(r.centroids)
	_, d := r.centroids.Dims()
	var levels []report.Level
	for _, m := range treeLevels {
		if m >= k {
			break
		}
		group := cluster.CutTree(merges, m)
		G := mat.NewDense(m, d, nil)
		lv := report.Level{Groups: make([]report.BroadGroup, m)}
		for c, g := range group {
			floats.AddScaled(G.RawRowView(g), float64(r.res.Sizes[c]), r.centroids.RawRowView(c))
			bg := &lv.Groups[g]
			bg.Clusters = append(bg.Clusters, cards[c].ID)
			bg.Size += r.res.Sizes[c]
		}
		for g := range m {
			row := G.RawRowView(g)
			if n := floats.Norm(row, 2); n > 0 {
				floats.Scale(1/n, row)
			}
		}
		for g := range m {
			cols, scores := cluster.Distinctive(G, g, 3)
			var words []string
			for j, col := range cols {
				if scores[j] > 0 {
					words = append(words, r.ing.vz.Surface[col])
				}
			}
			lv.Groups[g].Label = strings.Join(words, " · ")
		}
		levels = append(levels, lv)
	}
	return levels
}

// kCriterionText says what the choice-of-k chart shows.
func kCriterionText(sel *cluster.Selection) string {
	switch sel.Criterion {
	case cluster.CriterionStableClusters:
		return "clusters that k-means finds again on random subsamples, less those it does not (higher is better)"
	case cluster.CriterionEigengap:
		return "gap after the k-th eigenvalue of the articles' neighbour graph (no k was stable on resamples; higher is better)"
	}
	return "score of each k by " + sel.Criterion.String() + " (higher is better)"
}

// topOfRangeNote returns a note when k was chosen as the largest k tried,
// where a finer grouping may exist, and "" otherwise. hi is the top of
// the range asked for: when fewer units cut the range short, widening it
// would not help.
func topOfRangeNote(k int, scores []cluster.KSelScore, hi int) string {
	if len(scores) < 2 || scores[len(scores)-1].K != k {
		return ""
	}
	lo := scores[0].K
	if k < hi {
		return fmt.Sprintf("k = %d is the largest k tried (%d:%d), one less than the number of units: there are too few units to try more. Give -k if you know roughly how many themes to expect.",
			k, lo, k)
	}
	return fmt.Sprintf("k = %d is the largest k tried (%d:%d): a finer grouping may hold up too. Widen -k-range, or give -k if you know roughly how many themes to expect.",
		k, lo, k)
}

// renamedNote describes the duplicate ids that were made unique, or is ""
// when there were none. It lists the first 20.
func renamedNote(renamed []corpus.Rename) string {
	if len(renamed) == 0 {
		return ""
	}
	const shown = 20
	var parts []string
	for _, r := range renamed[:min(len(renamed), shown)] {
		parts = append(parts, fmt.Sprintf("%s → %s (%s)", r.From, r.To, r.Input))
	}
	more := ""
	if len(renamed) > shown {
		more = fmt.Sprintf(" and %d more", len(renamed)-shown)
	}
	return fmt.Sprintf("%s made unique: %s%s.", plural(len(renamed), "duplicate id"), strings.Join(parts, "; "), more)
}

// plural is n and word, with an "s" unless n is 1: "1 cluster", "2 clusters".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// eachParallel calls fn(i) for every i in [0, n) on GOMAXPROCS goroutines;
// the calls must write to disjoint memory.
func eachParallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// nearestFromPairs returns each row's single nearest neighbour from a full
// list of pairs (ties to the lower row), as Neighbors(X, 1) would.
func nearestFromPairs(n int, pairs []cluster.Pair) [][]cluster.Neighbor {
	nb := make([][]cluster.Neighbor, n)
	better := func(i int, cand cluster.Neighbor) {
		if cand.Cosine <= 0 {
			return
		}
		if len(nb[i]) == 0 || cand.Cosine > nb[i][0].Cosine || (cand.Cosine == nb[i][0].Cosine && cand.Row < nb[i][0].Row) {
			nb[i] = []cluster.Neighbor{cand}
		}
	}
	for _, p := range pairs {
		better(p.A, cluster.Neighbor{Row: p.B, Cosine: p.Cosine})
		better(p.B, cluster.Neighbor{Row: p.A, Cosine: p.Cosine})
	}
	return nb
}

// neighborPairs turns neighbour lists into unique pairs A < B, in (A, B)
// order. A pair listed from both ends is kept once, without a set of
// pairs: at a million articles that set alone would take gigabytes.
func neighborPairs(nb [][]cluster.Neighbor) []cluster.Pair {
	lists := func(i, j int) bool { // whether j is in i's list
		for _, n := range nb[i] {
			if n.Row == j {
				return true
			}
		}
		return false
	}
	each := func(fn func(cluster.Pair)) {
		for a := range nb {
			for _, n := range nb[a] {
				switch b := n.Row; {
				case b > a:
					fn(cluster.Pair{A: a, B: b, Cosine: n.Cosine})
				case b < a && !lists(b, a): // b did not list a: only a's list has it
					fn(cluster.Pair{A: b, B: a, Cosine: n.Cosine})
				}
			}
		}
	}
	// Bucketed by A (counting), then each bucket sorted by B: the order
	// of one sort by (A, B) without sorting them all.
	start := make([]int, len(nb)+1)
	each(func(p cluster.Pair) { start[p.A+1]++ })
	for a := range nb {
		start[a+1] += start[a]
	}
	pairs := make([]cluster.Pair, start[len(nb)])
	next := slices.Clone(start[:len(nb)])
	each(func(p cluster.Pair) {
		pairs[next[p.A]] = p
		next[p.A]++
	})
	for a := range nb {
		slices.SortFunc(pairs[start[a]:start[a+1]], func(x, y cluster.Pair) int { return x.B - y.B })
	}
	return slices.CompactFunc(pairs, func(x, y cluster.Pair) bool { return x.A == y.A && x.B == y.B })
}

// topPairs returns the n pairs of highest cosine, ties in the order of
// pairs, without copying or sorting all of them.
func topPairs(pairs []cluster.Pair, n int) []cluster.Pair {
	var top []cluster.Pair
	for _, p := range pairs {
		if len(top) == n && (n == 0 || p.Cosine <= top[n-1].Cosine) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return top[i].Cosine < p.Cosine })
		if len(top) < n {
			top = append(top, cluster.Pair{})
		}
		copy(top[i+1:], top[i:len(top)-1])
		top[i] = p
	}
	return top
}
