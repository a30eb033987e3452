package main

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/vectorize"
	"newsclust/vectorize/sparse"
)

// The space analyze clusters in, and the pruning defaults, were chosen by
// measurement on the 20 Newsgroups 4-category subset, full 20 Newsgroups
// and Reuters R8 (NMI, 5 seeds, 10 restarts): sublinear tf scored 0.01 to
// 0.04 higher than raw counts; k-means in a 100-dimensional LSA space
// scored as high as or higher than on the sparse TF-IDF rows, with less
// spread across seeds, at a fraction of the time; max-df 0.5 scored 0.01
// to 0.02 higher on 20 Newsgroups and the same on R8; min-df 2 scored the
// same as 1 with 40-60% of the vocabulary. bench/quality.sh compares the
// result with scikit-learn (bench/results/quality.txt).
const (
	// defaultMemLimit is the default -mem-limit in MiB. Go's collector lets
	// the heap grow to twice the live data by default; at a million
	// articles the live data is about 4-5 GB, so without a limit the peak
	// passes 8 GB (8.7 GB measured). The limit is soft: the collector runs
	// more often near it and never fails an allocation because of it.
	defaultMemLimit = 6144

	// defaultLSA is the default -lsa: the dimension scikit-learn's
	// document-clustering example uses. Rank 50 scored lower on 20
	// Newsgroups; 150 scored the same at twice the SVD cost.
	defaultLSA = 100

	// From autoDFUnits units up, -min-df 0 means autoMinDF and -max-df 0
	// means autoMaxDF. A term in one document links no two documents, so
	// it cannot help grouping; a term in more than half of them separates
	// no theme from the rest and is in practice boilerplate (a source's
	// name, a newsgroup's "writes"). Below autoDFUnits units a proportion
	// is too coarse and every shared word is evidence, so nothing is
	// pruned.
	autoDFUnits = 100
	autoMinDF   = 2.0
	autoMaxDF   = 0.5
)

// autoPrune fills a zero MinDF or MaxDF of opts for a corpus of n units.
func autoPrune(opts *vectorize.Options, n int) {
	if opts.MinDF == 0 {
		opts.MinDF = 1
		if n >= autoDFUnits {
			opts.MinDF = autoMinDF
		}
	}
	if opts.MaxDF == 0 {
		opts.MaxDF = 1
		if n >= autoDFUnits {
			opts.MaxDF = autoMaxDF
		}
	}
}

// lsaSpace returns the rank-r LSA embedding of the rows of X and the named
// themes' seed centroids in it: each non-empty theme vector projected onto
// the embedding's axes and normalised. A theme whose projection is zero
// gives no seed, so k-means++ picks that centre instead.
func lsaSpace(ctx context.Context, X *sparse.CSR, r int, themes []sparse.Vector, src rand.Source, progress func(done, total int)) (*cluster.Dense, [][]float64, error) {
	E, svd, err := cluster.LSAWith(ctx, X, r, src, cluster.LSAOptions{Progress: progress})
	if err != nil {
		return nil, nil, err
	}
	var seeds [][]float64
	for _, v := range themes {
		if len(v.Ind) == 0 {
			continue
		}
		p := svd.Project(v)
		var ss float64
		for _, x := range p {
			ss += x * x
		}
		if !(ss > 0) {
			continue
		}
		inv := 1 / math.Sqrt(ss)
		for c := range p {
			p[c] *= inv
		}
		seeds = append(seeds, p)
	}
	return E, seeds, nil
}

// termSims replaces res.Sims, computed in the space that was clustered, by
// each row's cosine with its cluster's mean direction in term space: the
// centroids analyze saves in the model, against which compare scores new
// articles. It returns those mean directions.
func termSims(X *sparse.CSR, res *cluster.KMeansResult) *mat.Dense {
	cent := cluster.MeanDirections(X, res.Labels, len(res.Sizes))
	n := len(res.Labels)
	chunk := max(1, (n+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { // each row's cosine alone: the split does not matter
			for i := lo; i < min(lo+chunk, n); i++ {
				res.Sims[i] = X.DotDense(i, cent.RawRowView(res.Labels[i]))
			}
		})
	}
	wg.Wait()
	return cent
}

// restartAgreement returns the mean adjusted Rand index between the
// restarts' labelings (the stability across seeds, measured without extra
// runs) and their number; 0, 0 with fewer than two restarts.
func restartAgreement(res *cluster.KMeansResult) (float64, int) {
	if len(res.Restarts) < 2 {
		return 0, 0
	}
	return cluster.MeanPairwiseARI(res.Restarts), len(res.Restarts)
}

// layout returns the 2-D map: from the clustering embedding when there is
// one, else from Map2D's own LSA of X.
func layout(ctx context.Context, embed *cluster.Dense, X *sparse.CSR, src rand.Source) ([][2]float64, error) {
	if embed != nil {
		return cluster.Map2DFrom(embed)
	}
	return cluster.Map2D(ctx, X, src)
}
