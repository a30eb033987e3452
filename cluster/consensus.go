package cluster

import (
	"context"
	"slices"
)

// Combine names how Consensus turns its restarts into one clustering.
type Combine int

// The ways of combining restarts.
const (
	// CombineVote (the default) aligns every restart with the medoid
	// restart, lets the restarts vote on each row's cluster, and runs
	// Lloyd iterations from the mean directions of the voted clusters.
	CombineVote Combine = iota
	// CombineMedoid keeps the medoid restart: the one with the highest
	// summed ARI with the others (the earliest on ties), refined by
	// Lloyd iterations from its mean directions.
	CombineMedoid
	// CombineBest keeps the restart of the highest objective, as
	// SphericalKMeans does.
	CombineBest
)

// consensusRestarts is the number of restarts Consensus makes for n rows.
func consensusRestarts(opts KMeansOptions, sel SelectOptions, n int) int {
	if sel.Restarts > 0 {
		return sel.Restarts
	}
	nInit := opts.NInit
	if nInit == 0 {
		nInit = defaultNInit
	}
	return max(nInit, min(maxConsensusRestarts, (defaultConsensusWork+n-1)/max(n, 1)))
}

// Consensus clusters the rows of X into opts.K clusters by combining
// several k-means restarts (sel.Restarts, sel.Combine, sel.Sampled; other
// fields are ignored) as the package documentation describes, so that
// different Src give nearly the same grouping. The result's Restarts holds
// the restarts' labels. Deterministic for a given Src whatever GOMAXPROCS.
// It returns SphericalKMeans' errors and panics as it does.
func Consensus(ctx context.Context, X Matrix, opts KMeansOptions, sel SelectOptions) (*KMeansResult, error) {
	nonzero := 0
	for _, v := range kmRowNorms(X) {
		if v > 0 {
			nonzero++
		}
	}
	return consensus(ctx, X, opts, sel, nonzero)
}

func consensus(ctx context.Context, X Matrix, opts KMeansOptions, sel SelectOptions, nonzero int) (*KMeansResult, error) {
	o := opts
	o.NInit = consensusRestarts(opts, sel, nonzero)
	o.KeepRestarts = true
	var (
		res *KMeansResult
		err error
	)
	sampled := sel.Sampled && X.Rows() > DefaultSampledMin
	if sampled {
		res, err = SampledKMeans(ctx, X, o, SampledOptions{})
	} else {
		res, err = SphericalKMeans(ctx, X, o)
	}
	if err != nil {
		return nil, err
	}
	if sel.Combine == CombineBest || len(res.Restarts) < 2 {
		return res, nil
	}
	k := len(res.Sizes)
	runs := res.Restarts
	med := medoid(runs, k)
	labels := runs[med]
	switch sel.Combine {
	case CombineVote:
		labels = vote(runs, med, k)
	}
	cent := MeanDirections(X, labels, k)
	seeds := make([][]float64, k)
	for c := range seeds {
		seeds[c] = cent.RawRowView(c)
		if !(dotSelf(seeds[c]) > 0) {
			// A cluster of zero rows only (or none): start from the
			// medoid restart instead.
			cent = MeanDirections(X, runs[med], k)
			for c := range seeds {
				seeds[c] = cent.RawRowView(c)
			}
			break
		}
	}
	for _, s := range seeds {
		if !(dotSelf(s) > 0) {
			return res, nil
		}
	}
	maxIter := opts.MaxIter
	if sampled {
		maxIter = defaultPasses // as SampledKMeans' passes over all rows
	}
	fin, err := SphericalKMeans(ctx, X, KMeansOptions{K: k, MaxIter: maxIter, Tol: opts.Tol, Seeds: seeds, Src: opts.Src})
	if err != nil {
		return nil, err
	}
	fin.Restarts = runs
	return fin, nil
}

// medoid returns the index of the labeling with the highest summed ARI
// with the others, the earliest on ties.
func medoid(runs [][]int, k int) int {
	sum := make([]float64, len(runs))
	for a := range runs {
		for b := a + 1; b < len(runs); b++ {
			v := fastARI(runs[a], runs[b], k)
			sum[a] += v
			sum[b] += v
		}
	}
	best := 0
	for r, s := range sum {
		if s > sum[best] {
			best = r
		}
	}
	return best
}

// align returns, for the clusters of run, the matching clusters of ref:
// pairs are matched greedily by decreasing overlap (ties: lowest ref, then
// lowest run cluster).
func align(ref, run []int, k int) []int {
	count := make([]int, k*k)
	for i, c := range run {
		count[c*k+ref[i]]++
	}
	type cell struct{ n, a, b int }
	cells := make([]cell, 0, k*k)
	for a := range k {
		for b := range k {
			cells = append(cells, cell{count[a*k+b], a, b})
		}
	}
	slices.SortFunc(cells, func(x, y cell) int {
		if x.n != y.n {
			return y.n - x.n
		}
		if x.b != y.b {
			return x.b - y.b
		}
		return x.a - y.a
	})
	to := make([]int, k)
	for a := range to {
		to[a] = -1
	}
	used := make([]bool, k)
	for _, c := range cells {
		if to[c.a] < 0 && !used[c.b] {
			to[c.a], used[c.b] = c.b, true
		}
	}
	return to
}

// vote aligns every run with runs[med] and gives each row the cluster most
// runs put it in (the medoid's on ties).
func vote(runs [][]int, med, k int) []int {
	n := len(runs[med])
	votes := make([]int32, n*k)
	for _, run := range runs {
		to := align(runs[med], run, k)
		for i, c := range run {
			votes[i*k+to[c]]++
		}
	}
	out := make([]int, n)
	for i := range n {
		v := votes[i*k : (i+1)*k]
		best := runs[med][i]
		for c, x := range v {
			if x > v[best] {
				best = c
			}
		}
		out[i] = best
	}
	return out
}
