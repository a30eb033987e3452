package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"

	"newsclust/cluster"
	"newsclust/vectorize/sparse"
)

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
